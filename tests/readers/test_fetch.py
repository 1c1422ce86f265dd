"""Fetching URLs: a local HTTP server and httpx.MockTransport, never the internet."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from sourcetrace.errors import FetchError
from sourcetrace.readers import FetchedDocument, HttpxFetcher, read_source
from tests.conftest import FIXTURES

pytestmark = pytest.mark.unit

PAGE = (FIXTURES / "readers" / "page.html").read_bytes()
PLAIN = b"Storm Closes Harbour\n\nThe harbour master said all boats must stay in port.\n"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        routes = {
            "/page": (200, PAGE, "text/html; charset=utf-8"),
            "/plain": (200, PLAIN, "text/plain"),
            "/data": (200, b'{"title": "From JSON", "text": "Served as JSON."}', "application/json"),
            "/missing": (404, b"not here", "text/plain"),
        }
        if self.path in routes:
            self._send(*routes[self.path])
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/plain")
            self.end_headers()
        elif self.path == "/big-declared":
            self._send(200, b"x " * 5000, "text/plain")
        elif self.path == "/big-streamed":
            self._send(200, b"x " * 5000, "text/plain", length=False)
        elif self.path == "/slow":
            time.sleep(1.0)
            self._send(200, PLAIN, "text/plain")
        else:
            self._send(500, b"boom", "text/plain")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that time out close the socket while /slow still writes


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_html_page_is_fetched_and_read(server: str) -> None:
    article = read_source(f"{server}/page")[0]
    assert article.meta.format == "html"
    assert article.meta.source == f"{server}/page"
    assert article.meta.title == "Ferry Operator Suspends Night Crossings"


def test_content_type_picks_text_and_json(server: str) -> None:
    plain = read_source(f"{server}/plain")[0]
    assert plain.meta.format == "text"
    assert plain.meta.title == "Storm Closes Harbour"
    assert plain.meta.url == f"{server}/plain"
    data = read_source(f"{server}/data")[0]
    assert data.meta.format == "json"
    assert data.meta.title == "From JSON"


def test_redirect_is_followed_and_final_url_kept(server: str) -> None:
    doc = HttpxFetcher().fetch(f"{server}/moved")
    assert doc.final_url == f"{server}/plain"
    assert doc.content == PLAIN
    assert doc.content_type == "text/plain"


def test_http_404_is_a_fetch_error(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404 Not Found") as info:
        read_source(f"{server}/missing")
    assert info.value.source == f"{server}/missing"


def test_redirect_loop_is_capped(server: str) -> None:
    with pytest.raises(FetchError, match="more than 5 redirects"):
        HttpxFetcher().fetch(f"{server}/loop")


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed"])
def test_too_large_response_is_aborted(server: str, path: str) -> None:
    with pytest.raises(FetchError, match="over the 1000-byte cap"):
        read_source(f"{server}{path}", max_bytes=1000)


def test_timeout_is_a_fetch_error(server: str) -> None:
    with pytest.raises(FetchError, match=r"timed out after 0\.2 s"):
        HttpxFetcher(timeout=0.2).fetch(f"{server}/slow")


def test_unreachable_host_is_a_fetch_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect to host"):
        HttpxFetcher(timeout=2).fetch(f"http://127.0.0.1:{port}/")


def test_mock_transport_sends_our_user_agent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"Body text.", headers={"Content-Type": "text/plain"})

    doc = HttpxFetcher(transport=httpx.MockTransport(handler)).fetch("https://news.example.org/a")
    assert doc == FetchedDocument(b"Body text.", "text/plain", "https://news.example.org/a")
    assert seen[0].headers["User-Agent"].startswith("sourcetrace/")


def test_mock_transport_errors_become_fetch_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset", request=request)

    with pytest.raises(FetchError, match="request failed: ReadError"):
        HttpxFetcher(transport=httpx.MockTransport(handler)).fetch("https://news.example.org/a")


class _MemoryFetcher:
    """An in-memory Fetcher, as API users may plug in."""

    def __init__(self, documents: dict[str, FetchedDocument]) -> None:
        self.documents = documents

    def fetch(self, url: str) -> FetchedDocument:
        try:
            return self.documents[url]
        except KeyError:
            raise FetchError("HTTP 404 Not Found", url) from None


def test_read_source_uses_a_given_fetcher() -> None:
    fetcher = _MemoryFetcher(
        {"https://a.example/x": FetchedDocument(PLAIN, None, "https://a.example/final")},
    )
    article = read_source("https://a.example/x", fetcher=fetcher)[0]
    assert article.meta.url == "https://a.example/final"
    assert article.meta.format == "text"
    with pytest.raises(FetchError, match="404"):
        read_source("https://a.example/missing", fetcher=fetcher)

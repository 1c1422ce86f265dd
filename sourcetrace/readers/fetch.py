"""Fetching a URL the user asked for, behind a small ``Fetcher`` protocol.

``HttpxFetcher`` streams the response and stops past the size cap, follows at
most a few redirects and turns every failure into a one-line ``FetchError``.
Tests give it an ``httpx.MockTransport`` or point it at a local server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import httpx

from sourcetrace.errors import FetchError

__all__ = ["DEFAULT_TIMEOUT", "FetchedDocument", "Fetcher", "HttpxFetcher", "is_url"]

#: Seconds to wait for connecting and for each read.
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_REDIRECTS = 5
_USER_AGENT = "sourcetrace/0.1 (+https://github.com/sourcetrace; news forensics)"


def is_url(source: str) -> bool:
    """True when ``source`` is an http(s) URL rather than a path."""
    return source.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class FetchedDocument:
    """The body of a fetched URL, its ``Content-Type`` and the URL after redirects."""

    content: bytes
    content_type: str | None
    final_url: str


class Fetcher(Protocol):
    """Fetches one URL; raises ``FetchError`` when it cannot."""

    def fetch(self, url: str) -> FetchedDocument:
        """Return the document at ``url``."""


class HttpxFetcher:
    """Fetches URLs with httpx: timeout, size cap and redirect cap."""

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = 5 * 1024 * 1024,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.transport = transport

    def _client(self) -> httpx.Client:
        return httpx.Client(
            timeout=self.timeout,
            follow_redirects=True,
            max_redirects=self.max_redirects,
            transport=self.transport,
            headers={"User-Agent": _USER_AGENT, "Accept": "text/html, application/json, text/plain;q=0.9, */*;q=0.5"},
        )

    def fetch(self, url: str) -> FetchedDocument:
        """Return the body of ``url``; raise ``FetchError`` naming the problem."""
        try:
            with self._client() as client, client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip(), url)
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"response is {declared} bytes, over the {self.max_bytes}-byte cap", url)
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"response is over the {self.max_bytes}-byte cap; download aborted", url)
                    chunks.append(chunk)
                return FetchedDocument(b"".join(chunks), response.headers.get("Content-Type"), str(response.url))
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {self.max_redirects} redirects", url) from None
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.timeout:g} s", url) from None
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect to host: {exc}", url) from None
        except httpx.UnsupportedProtocol:
            raise FetchError("only http:// and https:// URLs can be fetched", url) from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL: {exc}", url) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"request failed: {type(exc).__name__}: {exc}", url) from None

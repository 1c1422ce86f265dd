"""Format detection and reading strings and bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcetrace.article import Article
from sourcetrace.errors import InputError
from sourcetrace.readers import FORMATS, detect_format, read_bytes, read_string, read_text
from sourcetrace.readers.base import format_for_content_type, get_reader

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        ("plain words", "a.html", "html"),
        ("plain words", "a.HTM", "html"),
        ("plain words", "a.json", "json"),
        ("plain words", "a.jsonl", "jsonl"),
        ("plain words", "/corpus/article42.txt", "ptc"),
        ("<!doctype html><html><body><p>x</p>", "a.txt", "html"),
        ('{"text": "x"}', "-", "json"),
        ('[{"text": "x"}]', "<string>", "json"),
        ("[Update] Talks resume", "a.txt", "text"),
        ("Officials said <nothing>.", "a.txt", "text"),
        ("plain words", "https://example.org/page?id=3", "text"),
        ("plain words", "https://example.org/feed.json?id=3", "json"),
    ],
)
def test_detect_format(text: str, source: str, expected: str) -> None:
    assert detect_format(text, source) == expected


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("text/html; charset=utf-8", "html"),
        ("application/json", "json"),
        ("application/ld+json", "json"),
        ("application/x-ndjson", "jsonl"),
        ("text/plain", "text"),
        ("application/octet-stream", None),
        (None, None),
    ],
)
def test_format_for_content_type(content_type: str | None, expected: str | None) -> None:
    assert format_for_content_type(content_type) == expected


def test_read_string_detects_json_and_strips_a_bom() -> None:
    assert read_string('{"text": "A record."}').meta.format == "json"
    article = read_string("\ufeffHello there.")
    assert article.text == "Hello there."
    assert article.meta.source == "<string>"


def test_read_string_honours_an_explicit_format() -> None:
    article = read_string('{"text": "not parsed"}', format="text")
    assert article.meta.format == "text"
    assert article.text == '{"text": "not parsed"}'


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="unknown format 'pdf'; use one of text, html"):
        get_reader("pdf")
    assert set(FORMATS) == {"text", "html", "json", "jsonl", "ptc"}


def test_content_type_picks_format_and_charset() -> None:
    data = "<html><body><p>Москва заявила, что переговоры продолжатся на следующей неделе.</p></body></html>"
    article = read_bytes(data.encode("cp1251"), "https://example.org/x", content_type="text/html; charset=windows-1251")
    assert article[0].meta.format == "html"
    assert "Москва заявила" in article[0].text
    assert article[0].meta.warnings == []


def test_html_meta_charset_is_used_for_non_utf8_pages() -> None:
    page = (
        '<html><head><meta charset="windows-1251"></head>'
        "<body><p>Киев ответил, что все документы подлинные.</p></body></html>"
    )
    article = read_bytes(page.encode("cp1251"), "page.html")[0]
    assert "Киев ответил" in article.text


def _valid(article: Article) -> bool:
    ends = [0]
    for p in article.paragraphs:
        chunk = article.text[p.start : p.end]
        if not (ends[-1] <= p.start < p.end <= len(article.text) and chunk == chunk.strip() != ""):
            return False
        ends.append(p.end)
    return bool(article.paragraphs)


_PREFIXES = st.sampled_from(["", "{", "[", '{"text": ', "<html><body><p>", "\ufeff", "Title\n\n"])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["x.txt", "x.json", "x.jsonl", "x.html", "article1.txt", "-"]))
def test_any_bytes_give_valid_articles_or_an_input_error(data: bytes, source: str) -> None:
    try:
        articles = read_bytes(data, source)
    except InputError as exc:
        assert exc.source == source
        assert "\n" not in exc.message
    else:
        assert articles and all(_valid(a) for a in articles)


@settings(max_examples=200, deadline=None)
@given(_PREFIXES, st.text(max_size=200))
def test_any_text_gives_valid_articles_or_an_input_error(prefix: str, text: str) -> None:
    try:
        articles = read_text(prefix + text, "<string>")
    except InputError:
        return
    assert articles and all(_valid(a) for a in articles)


def test_docs_list_every_input_format() -> None:
    cli_doc = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    row = next(line for line in cli_doc.splitlines() if line.startswith("| `--input-format`"))
    assert all(name in row for name in FORMATS)

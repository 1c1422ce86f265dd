"""Format detection and reading strings and bytes."""

from __future__ import annotations

import pytest

from sourcetrace.errors import InputError
from sourcetrace.readers import FORMATS, detect_format, read_bytes, read_string
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

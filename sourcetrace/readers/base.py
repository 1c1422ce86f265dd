"""The reader protocol, format detection, and reading decoded text or raw bytes."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar, Protocol

from sourcetrace.article import Article
from sourcetrace.errors import InputError
from sourcetrace.readers._decode import decode_bytes, sniff_html_charset
from sourcetrace.readers.html import HtmlReader
from sourcetrace.readers.json_records import JsonLinesReader, JsonReader
from sourcetrace.readers.ptc import PtcReader
from sourcetrace.readers.text import TextReader

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "READERS",
    "Reader",
    "detect_format",
    "format_for_content_type",
    "get_reader",
    "read_bytes",
    "read_string",
    "read_text",
]

#: Default cap on the size of one input (5 MB).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class Reader(Protocol):
    """Builds articles from decoded input of one format."""

    name: ClassVar[str]

    def sniff(self, text: str, source: str) -> bool:
        """Return True when ``text`` (from ``source``) looks like this reader's format."""

    def read(self, text: str, source: str) -> list[Article]:
        """Return the articles in ``text``; ``source`` names the input in errors."""


#: Every reader by format name.
READERS: dict[str, Reader] = {
    r.name: r for r in (TextReader(), HtmlReader(), JsonReader(), JsonLinesReader(), PtcReader())
}

#: Format names ``format=`` accepts.
FORMATS: tuple[str, ...] = tuple(READERS)

_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/json": "json",
    "text/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/jsonlines": "jsonl",
    "text/plain": "text",
}
#: Content sniffing order; text accepts anything and comes last.
_SNIFF_ORDER = ("ptc", "html", "json")


def get_reader(format: str, source: str = "<input>") -> Reader:
    """Return the reader for ``format``, or raise ``InputError`` listing the known formats."""
    try:
        return READERS[format]
    except KeyError:
        raise InputError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}", source) from None


def format_for_content_type(content_type: str | None) -> str | None:
    """Return the format a MIME type implies (``text/html; charset=...`` -> ``html``), or None."""
    if not content_type:
        return None
    mime = content_type.split(";")[0].strip().lower()
    if mime in _CONTENT_TYPES:
        return _CONTENT_TYPES[mime]
    return "json" if mime.endswith("+json") else None


def detect_format(text: str, source: str) -> str:
    """Pick a format: by file extension, then by file name (PTC), then by content, else text."""
    suffix = PurePath(source.split("?")[0]).suffix.lower() if source not in ("-", "<string>") else ""
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    return next((name for name in _SNIFF_ORDER if READERS[name].sniff(text, source)), "text")


def read_string(text: str, source: str = "<string>", format: str | None = None) -> Article:
    """Build the first article of ``text`` (auto-detected format unless ``format`` is given)."""
    return read_text(text, source, format)[0]


def read_text(text: str, source: str, format: str | None = None) -> list[Article]:
    """Build every article of already-decoded ``text``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = get_reader(format or detect_format(text, source), source)
    return reader.read(text, source)


def read_bytes(
    data: bytes,
    source: str,
    *,
    format: str | None = None,
    content_type: str | None = None,
) -> list[Article]:
    """Decode raw input and build its articles; decoding warnings go to ``meta.warnings``.

    ``content_type`` (an HTTP header value) picks the format and charset when
    ``format`` is not given. Raises ``BinaryInputError``, ``EmptyInputError``,
    ``EncodingError`` or ``FormatError`` naming ``source``.
    """
    charset = None
    if content_type and "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip()
    format = format or format_for_content_type(content_type)
    if charset is None and (format == "html" or (format is None and b"<" in data[:1024])):
        charset = sniff_html_charset(data)
    decoded = decode_bytes(data, source, charset)
    articles = read_text(decoded.text, source, format)
    for article in articles:
        article.meta.warnings.extend(decoded.warnings)
    return articles

"""Readers turn raw input (files, URLs, stdin, strings) into ``Article`` objects.

Each format has one module exposing a ``Reader`` (``name``, ``sniff(text,
source)`` and ``read(text, source) -> list[Article]``): ``text`` (plain text
with an optional scraped-news header), ``html`` (trafilatura), ``json`` and
``jsonl`` (records), ``ptc`` (one sentence per line). ``read_source`` picks
the source (file, URL, stdin), decodes the bytes and picks the reader.
"""

from __future__ import annotations

from sourcetrace.readers.base import (
    DEFAULT_MAX_BYTES,
    FORMATS,
    READERS,
    Reader,
    detect_format,
    read_bytes,
    read_string,
    read_text,
)
from sourcetrace.readers.fetch import FetchedDocument, Fetcher, HttpxFetcher
from sourcetrace.readers.html import HtmlReader
from sourcetrace.readers.json_records import JsonLinesReader, JsonReader
from sourcetrace.readers.ptc import PtcReader
from sourcetrace.readers.sources import STDIN, expand_inputs, read_path, read_source
from sourcetrace.readers.text import TextReader

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "READERS",
    "STDIN",
    "FetchedDocument",
    "Fetcher",
    "HtmlReader",
    "HttpxFetcher",
    "JsonLinesReader",
    "JsonReader",
    "PtcReader",
    "Reader",
    "TextReader",
    "detect_format",
    "expand_inputs",
    "read_bytes",
    "read_path",
    "read_source",
    "read_string",
    "read_text",
]

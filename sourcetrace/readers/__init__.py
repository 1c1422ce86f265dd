"""Readers turn raw input (files, URLs, stdin, strings) into ``Article`` objects.

Each format has one module exposing a ``Reader``: ``name``, ``sniff(data)``
and ``read(data, source) -> list[Article]``.
"""

from __future__ import annotations

from sourcetrace.readers.base import Reader, read_path, read_string
from sourcetrace.readers.text import TextReader

__all__ = ["Reader", "TextReader", "read_path", "read_string"]

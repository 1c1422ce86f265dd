"""The reader protocol and the entry points that pick a reader."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Protocol

from sourcetrace.article import Article
from sourcetrace.errors import EmptyInputError, InputTooLargeError

__all__ = ["DEFAULT_MAX_BYTES", "Reader", "read_path", "read_string"]

#: Default cap on the size of one input (5 MB of text).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class Reader(Protocol):
    """Builds articles from decoded input of one format."""

    name: ClassVar[str]

    def read(self, text: str, source: str) -> list[Article]:
        """Return the articles in ``text``; ``source`` names the input in errors."""


def read_string(text: str, source: str = "<string>") -> Article:
    """Build an article from a plain-text string (offsets index ``text``)."""
    from sourcetrace.readers.text import TextReader

    return TextReader().read(text, source)[0]


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """Read a plain-text file."""
    p = Path(path)
    size = p.stat().st_size
    if size > max_bytes:
        raise InputTooLargeError(f"file is {size} bytes, over the {max_bytes}-byte cap", str(p))
    data = p.read_bytes()
    if not data.strip():
        raise EmptyInputError("file is empty", str(p))
    from sourcetrace.readers.text import TextReader

    return TextReader().read(data.decode("utf-8"), str(p))

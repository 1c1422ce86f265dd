"""Plain text: paragraphs split on blank lines, offsets index the input exactly."""

from __future__ import annotations

import re
from typing import ClassVar

from sourcetrace.article import Article, ArticleMeta, Paragraph
from sourcetrace.errors import EmptyInputError

__all__ = ["TextReader", "split_paragraphs"]

_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def split_paragraphs(text: str) -> list[Paragraph]:
    """Return the blank-line separated blocks of ``text``, whitespace trimmed."""
    paragraphs = []
    for m in _BLOCK.finditer(text):
        block = m.group()
        lead = len(block) - len(block.lstrip())
        trail = len(block) - len(block.rstrip())
        if block.strip():
            paragraphs.append(Paragraph(start=m.start() + lead, end=m.end() - trail))
    return paragraphs


class TextReader:
    """Reads plain text with no header."""

    name: ClassVar[str] = "text"

    def read(self, text: str, source: str) -> list[Article]:
        if not text.strip():
            raise EmptyInputError("no text", source)
        return [Article(text=text, meta=ArticleMeta(source=source, format=self.name), paragraphs=split_paragraphs(text))]

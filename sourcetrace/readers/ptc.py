"""PTC layout (SemEval-2020 Task 11 ``article<ID>.txt``): title, blank line, one sentence per line.

Offsets index the file exactly, so PTC span labels apply to ``Article.text``
unchanged. Every non-empty line is a paragraph; the first one is the title.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import ClassVar

from sourcetrace.article import Article, ArticleMeta, Paragraph
from sourcetrace.errors import EmptyInputError
from sourcetrace.readers._lines import split_lines
from sourcetrace.readers.text import assign_roles

__all__ = ["PTC_FILENAME", "PtcReader"]

#: File names PTC articles have; the ID goes to ``meta.extra["article_id"]``.
PTC_FILENAME = re.compile(r"article(?P<id>\d+)\.txt")


class PtcReader:
    """Reads a Propaganda Techniques Corpus article: each non-empty line is a paragraph."""

    name: ClassVar[str] = "ptc"

    def sniff(self, text: str, source: str) -> bool:
        """PTC is recognised by its file name only; its content looks like any text."""
        return PTC_FILENAME.fullmatch(PurePath(source).name) is not None

    def read(self, text: str, source: str) -> list[Article]:
        """Return one article with a paragraph per non-empty line."""
        lines = [line for line in split_lines(text) if not line.blank]
        if not lines:
            raise EmptyInputError("contains no text", source)
        meta = ArticleMeta(source=source, format=self.name, title=lines[0].text)
        match = PTC_FILENAME.fullmatch(PurePath(source).name)
        if match:
            meta.extra["article_id"] = match.group("id")
        paragraphs = [Paragraph(start=line.start, end=line.end) for line in lines]
        return [Article(text=text, meta=meta, paragraphs=assign_roles(paragraphs, has_title=True))]

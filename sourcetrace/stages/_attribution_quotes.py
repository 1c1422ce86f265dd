"""Quoted stretches of an article, paired across sentences and paragraphs."""

from __future__ import annotations

import re
from bisect import bisect_right

from sourcetrace.article import Offsets, Paragraph

__all__ = ["OPENING", "QUOTE_CHARS", "QuoteIndex", "find_quotes"]

#: Characters that can open or close a quotation (``''`` and two backquotes count as one mark).
QUOTE_CHARS = frozenset("\"“”'`\u2033\u2036")
#: Characters that only open a quotation.
OPENING = frozenset("“`\u2018\u2036")
_CLOSING = frozenset("”\u2019\u2033")  # a double prime closes quotations in some wire feeds
_MARK = re.compile(r"[“”\"\u2033\u2036]|''|``")
_SINGLE_OPENER = re.compile(r"(?:^|(?<=[\s(\[\u2014\u2013-]))\u2018(?=\w)")
_SINGLE_MARK = re.compile(r"\u2018|\u2019(?!\w)")


def _is_opening(text: str, i: int) -> bool:
    ch = text[i]
    if ch in OPENING:
        return True
    if ch in _CLOSING:
        return False
    before = text[i - 1] if i > 0 else " "
    return before.isspace() or before in "([{\u2014\u2013-/"


def _single_style(text: str) -> bool:
    """British style: quotations in single curly marks and no double marks in the article at all."""
    return _MARK.search(text) is None and _SINGLE_OPENER.search(text) is not None


def find_quotes(text: str, paragraphs: list[Paragraph]) -> list[Offsets]:
    """Return quoted stretches ``[open, close]`` (marks included), in text order.

    A quote left open at the end of a paragraph continues when the next paragraph
    opens a quote again (the newspaper convention for multi-paragraph quotes);
    otherwise it is closed at the paragraph end. An article that quotes with single
    curly marks only (British style) has them read as quotation marks; a right single
    mark followed by a letter is an apostrophe ("Labour\u2019s").
    """
    pattern = _SINGLE_MARK if _single_style(text) else _MARK
    quotes: list[Offsets] = []
    start: int | None = None
    for index, para in enumerate(paragraphs):
        marks = list(pattern.finditer(text, para.start, para.end))
        if start is not None and not (marks and marks[0].start() == para.start):
            quotes.append((start, paragraphs[index - 1].end))
            start = None
        for m in marks:
            i = m.start()
            if start is None:
                if _is_opening(text, i):
                    start = i
            elif i == para.start and _is_opening(text, i):
                continue
            else:
                quotes.append((start, m.end()))
                start = None
        if start is not None and index == len(paragraphs) - 1:
            quotes.append((start, para.end))
    return quotes


class QuoteIndex:
    """Answers which quoted stretch, if any, covers a character offset."""

    def __init__(self, quotes: list[Offsets]) -> None:
        self.quotes = quotes
        self._starts = [q[0] for q in quotes]

    def covering(self, offset: int) -> Offsets | None:
        """Return the quote containing ``offset``, or None."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.quotes[i][0] <= offset < self.quotes[i][1]:
            return self.quotes[i]
        return None

    def expand(self, span: Offsets) -> Offsets:
        """Grow ``span`` so that it does not cut through a quote it partly covers."""
        start, end = span
        first = self.covering(start)
        if first is not None:
            start = min(start, first[0])
        last = self.covering(end - 1)
        if last is not None:
            end = max(end, last[1])
        return start, end

    def starting_at(self, offset: int) -> Offsets | None:
        """Return the quote opening exactly at ``offset``, or None."""
        quote = self.covering(offset)
        return quote if quote is not None and quote[0] == offset else None

    def inside(self, span: Offsets) -> bool:
        """Return whether ``span`` lies wholly within one quote."""
        quote = self.covering(span[0])
        return quote is not None and span[1] <= quote[1]

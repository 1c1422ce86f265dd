"""Splits an article into sentence spans without a parser, so training and prediction see the same units.

Lines are split first (news text puts paragraphs and titles on their own lines), then
at sentence-final punctuation (also the Devanagari danda) followed by a space and a
capital (Latin or Cyrillic), a digit, a Devanagari letter (the script has no case) or a quote.
Spans are ``(start, end)`` offsets into the text with surrounding whitespace trimmed.
"""

from __future__ import annotations

import re

__all__ = ["MAX_CHARS", "sentence_spans"]

#: Longer sentences are cut at a space near this many characters (the encoder reads ~256 tokens).
MAX_CHARS = 600

_LINE = re.compile(r"[^\n]+")
_BOUNDARY = re.compile(
    r"[.!?\u0964\u0965][\"'\u201d\u2019\u00bb)\]]*(?P<gap>\s+)"
    r"(?=[\"'\u201c\u2018\u201e\u00ab(\[]?[A-Z0-9\u00c0-\u00d6\u00d8-\u00de\u0400-\u042f\u0900-\u097f])"
)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    while end - start > MAX_CHARS:
        cut = text.rfind(" ", start + MAX_CHARS // 2, start + MAX_CHARS)
        cut = cut if cut > start else start + MAX_CHARS
        span = _trimmed(text, start, cut)
        if span:
            out.append(span)
        start = cut
    span = _trimmed(text, start, end)
    if span:
        out.append(span)
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return the sentence spans of ``text`` in order; every span has some non-space character."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for boundary in _BOUNDARY.finditer(text, line.start(), line.end()):
            spans.extend(_cut(text, start, boundary.start("gap")))
            start = boundary.end("gap")
        spans.extend(_cut(text, start, line.end()))
    return spans

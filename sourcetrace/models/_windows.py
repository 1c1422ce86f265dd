"""Cut a tokenised text into model windows aligned to sentence starts, and decode BIO tags to spans."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Window", "bio_spans", "decode_tags", "make_windows", "snap_span"]

Span = tuple[int, int]
_ENDERS = frozenset({".", "!", "?", ":", ";", '"', "\u201d", "'"})


@dataclass(frozen=True)
class Window:
    """A slice of the token sequence fed to the model in one row.

    ``first``..``last`` (exclusive) are the token indices (into the whole text's tokens)
    in the row; ``own`` is the first token whose prediction this window keeps (tokens
    before it are left context already predicted by the previous window).
    """

    first: int
    own: int
    last: int


def _break_points(text: str, offsets: Sequence[Span]) -> list[int]:
    """Token indices that start a paragraph or (roughly) a sentence."""
    points = [0]
    for i in range(1, len(offsets)):
        gap = text[offsets[i - 1][1] : offsets[i][0]]
        prev = text[offsets[i - 1][0] : offsets[i - 1][1]]
        if "\n" in gap or (gap and prev in _ENDERS and text[offsets[i][0] : offsets[i][0] + 1].isupper()):
            points.append(i)
    return points


def make_windows(text: str, offsets: Sequence[Span], size: int, context: int) -> list[Window]:
    """Pack tokens into windows of at most ``size`` tokens that start at sentence starts when possible.

    Each window after the first repeats up to ``context`` tokens of left context, starting
    at a sentence start too, so a span crossing the cut is seen with its beginning.
    """
    n = len(offsets)
    if n == 0:
        return []
    points = _break_points(text, offsets)
    windows: list[Window] = []
    own = 0
    while own < n:
        ctx = own
        if own > 0 and context > 0:
            ctx = next((p for p in points if own - context <= p <= own), own)
        limit = ctx + size
        if limit >= n:
            end = n
        else:
            end = max((p for p in points if own < p <= limit), default=limit)
        windows.append(Window(first=ctx, own=own, last=end))
        own = end
    return windows


def decode_tags(probs: npt.NDArray[np.float32], merge_b_below: float = 0.0) -> npt.NDArray[np.int64]:
    """Tags (0=O, 1=B, 2=I) from per-token O/B/I probabilities ``(tokens, 3)``.

    A B right after a tagged token whose B probability is under ``merge_b_below`` continues
    the span (I) instead of opening a new one: the model splits long spans more often
    than it sees two spans of one role touching.
    """
    tags: npt.NDArray[np.int64] = probs.argmax(axis=-1).astype(np.int64)
    if merge_b_below > 0:
        for i in range(1, len(tags)):
            if tags[i] == 1 and tags[i - 1] != 0 and probs[i, 1] < merge_b_below:
                tags[i] = 2
    return tags


def bio_spans(tags: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """Token spans (start, end exclusive) from tags 0=O, 1=B, 2=I; an I after O opens a span."""
    spans: list[tuple[int, int]] = []
    start = -1
    for i, tag in enumerate(tags.tolist()):
        if tag == 1 or (tag == 2 and start < 0):
            if start >= 0:
                spans.append((start, i))
            start = i
        elif tag == 0 and start >= 0:
            spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(tags)))
    return spans


def _run(text: str, i: int, step: int) -> int:
    """Length of the run of letters and digits from ``i`` going ``step`` (+1 right, -1 left)."""
    n = 0
    while 0 <= i < len(text) and text[i].isalnum():
        n += 1
        i += step
    return n


def _inside_word(text: str, i: int) -> bool:
    """Whether the boundary before ``text[i]`` falls inside one word: between two letters or digits, or at a
    dot between the short parts of an abbreviation ("U.S.", "D.C.", but not "aliens.Kritarch", two sentences
    run together)."""
    if i <= 0 or i >= len(text):
        return False
    before, after = text[i - 1], text[i]
    if before.isalnum() and after.isalnum():
        return True
    if after == "." and before.isalnum():
        return 0 < _run(text, i + 1, 1) <= 2 and _run(text, i - 1, -1) <= 2
    if before == "." and after.isalnum():
        return 0 < _run(text, i - 2, -1) <= 2 and _run(text, i, 1) <= 2
    return False


def snap_span(text: str, start: int, end: int) -> Span | None:
    """Widen a character span to whole words and strip surrounding spaces; None if nothing is left."""
    while _inside_word(text, start):
        start -= 1
    while end > 0 and _inside_word(text, end):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None

"""Lines and blank-line separated blocks of a text, as trimmed offsets into it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Line", "blocks", "one_paragraph_per_line", "split_lines"]

#: A block whose lines are this long was not hard-wrapped: each line is a paragraph.
_UNWRAPPED_LINE = 100
_ENDS_SENTENCE = re.compile("[.!?\u2026][\"'\u201d\u2019\u00bb)\\]]*$")

#: The line breaks ``str.splitlines`` knows, CRLF first so it counts as one break.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class Line:
    """One line of a text: ``[start, end)`` is the line with outer whitespace trimmed."""

    index: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        """True when the line holds only whitespace."""
        return not self.text


def split_lines(text: str) -> list[Line]:
    """Return every line of ``text`` (blank ones too), trimmed like ``str.strip``."""
    lines: list[Line] = []
    pos = 0
    for index, brk in enumerate([*_LINE_BREAK.finditer(text), None]):
        end = len(text) if brk is None else brk.start()
        raw = text[pos:end]
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(Line(index, pos + lead, pos + lead + len(stripped), stripped))
        else:
            lines.append(Line(index, pos, pos, ""))
        if brk is None:
            break
        pos = brk.end()
    return lines


def blocks(lines: Iterable[Line]) -> list[list[Line]]:
    """Group runs of non-blank lines; a blank line ends a block."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                groups.append(current)
            current = []
        else:
            current.append(line)
    if current:
        groups.append(current)
    return groups


def one_paragraph_per_line(block: list[Line]) -> bool:
    """True when a block's lines are paragraphs or sentences, not one hard-wrapped paragraph."""
    if len(block) < 2:
        return False
    if max(len(line.text) for line in block) > _UNWRAPPED_LINE:
        return True
    return sum(1 for line in block if _ENDS_SENTENCE.search(line.text)) >= 0.6 * len(block)

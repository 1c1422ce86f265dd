"""Plain text: paragraphs split on blank lines, offsets index the input exactly.

``Article.text`` is the decoded input unchanged (no whitespace or newline
normalisation). A scraped-news header (title, outlet, image URL; see
``_header``) fills ``meta``; the outlet, byline, date and URL lines stay in the
text but are not paragraphs. The title is a paragraph with role ``title``, the
first paragraph after the header has role ``lede``. With no outlet line, a wire
dateline opening the lede ("KHARKIV, Ukraine (AP) — ...") names the outlet.
"""

from __future__ import annotations

import re
from typing import ClassVar

from sourcetrace.article import Article, ArticleMeta, Paragraph
from sourcetrace.errors import EmptyInputError
from sourcetrace.readers._header import dateline_end, dateline_outlet, detect_header
from sourcetrace.readers._lines import Line, blocks, one_paragraph_per_line, split_lines

_HEADING = re.compile(r"#{1,6}[ \t]+")

__all__ = ["TextReader", "assign_roles", "body_paragraphs", "is_navigation", "skip_dateline", "split_paragraphs"]


def split_paragraphs(text: str) -> list[Paragraph]:
    """Return the blank-line separated blocks of ``text``, whitespace trimmed."""
    return [Paragraph(start=b[0].start, end=b[-1].end) for b in blocks(split_lines(text))]


#: A line that points the reader elsewhere ("Read more: ...", "Most read in The Sun", "Follow us on
#: Telegram", "WATCH: ..."): site navigation, not the story.
_NAVIGATION = re.compile(
    r"(?:(?:read|see|watch)\s+(?:more|also|next)\b|(?:also|further)\s+read\b|most\s+read\b"
    r"|related(?:\s+(?:content|stories|articles|coverage|reading))?\s*:"
    r"|recommended(?:\s+(?:videos|stories|reading|for\s+you))?\s*:?\s*$"
    r"|(?:click|tap)\s+here\b|follow\s+us\b|subscribe\b|sign\s+up\b|continue\s+reading\b|watch\s*:"
    r"|join\b.*\b(?:channel|newsletter)\b|share\s+(?:this|the\s+best)\b)",
    re.IGNORECASE,
)

#: Longest line (in words) that may be navigation.
_NAVIGATION_WORDS = 30


def is_navigation(line: str) -> bool:
    """Whether one line of text is site navigation rather than part of the story."""
    return _NAVIGATION.match(line.strip()) is not None and len(line.split()) <= _NAVIGATION_WORDS


def _paragraph_blocks(lines: list[Line], skipped: set[int]) -> list[list[Line]]:
    """Blocks of lines that make paragraphs; header lines (``skipped``) and navigation lines are left out."""
    kept = [
        Line(line.index, line.start, line.start, "") if line.index in skipped or is_navigation(line.text) else line
        for line in lines
    ]
    result: list[list[Line]] = []
    for block in blocks(kept):
        result.extend([[line] for line in block] if one_paragraph_per_line(block) else [block])
    return result


def body_paragraphs(text: str, offset: int = 0) -> list[Paragraph]:
    """Return the paragraphs of a header-less ``text``, shifted by ``offset``."""
    return [
        Paragraph(start=offset + b[0].start, end=offset + b[-1].end)
        for b in _paragraph_blocks(split_lines(text), skipped=set())
    ]


def skip_dateline(text: str, paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Start the lede after a dateline ('VIENNA (Reuters) - '): where the story was filed is no prose.

    The dateline keeps its offsets in the text but lies outside every paragraph, so no
    sentence, actor, attribution or claim is read from it.
    """
    for para in paragraphs:
        if para.role == "lede":
            start = dateline_end(text, para.start)
            if para.start < start < para.end:
                para.start = start
    return paragraphs


def _same(text: str, para: Paragraph, title: str) -> bool:
    return " ".join(text[para.start : para.end].split()) == " ".join(title.split())


def assign_roles(paragraphs: list[Paragraph], has_title: bool) -> list[Paragraph]:
    """Mark the first paragraph ``title`` (if ``has_title``) and the next one ``lede``."""
    for index, para in enumerate(paragraphs):
        if index == 0 and has_title:
            para.role = "title"
        elif index == (1 if has_title else 0):
            para.role = "lede"
        else:
            para.role = "body"
    return paragraphs


class TextReader:
    """Reads plain text, recognising a scraped-news header when there is one."""

    name: ClassVar[str] = "text"

    def sniff(self, text: str, source: str) -> bool:
        """Plain text is the fallback: it accepts anything."""
        return True

    def read(self, text: str, source: str) -> list[Article]:
        """Return one article whose offsets index ``text`` exactly."""
        if not text.strip():
            raise EmptyInputError("contains no text", source)
        lines = split_lines(text)
        header = detect_header(lines)
        meta = ArticleMeta(source=source, format=self.name)
        title = header.title
        if title is not None:
            # A Markdown heading marker ("# Title") is not part of the title.
            marker = _HEADING.match(title.text)
            heading = title.text[marker.end() :] if marker else title.text
            if heading and heading != title.text:
                title = Line(title.index, title.end - len(heading), title.end, heading)
            meta.title = title.text
        meta.outlet = header.outlet.text if header.outlet else header.outlet_name
        meta.author = header.author
        meta.date = header.date.text if header.date else header.date_text
        meta.image = header.image.text if header.image else None
        meta.url = header.url.text if header.url else None
        title_block = [[title]] if title is not None else []
        rest = [line for line in lines if title is None or line.index > title.index]
        paragraphs = [
            Paragraph(start=b[0].start, end=b[-1].end) for b in title_block + _paragraph_blocks(rest, header.skipped)
        ]
        if title is not None and len(paragraphs) > 2 and _same(text, paragraphs[1], title.text):
            del paragraphs[1]  # the title repeated as the first paragraph (a common scraping artefact)
        paragraphs = assign_roles(paragraphs, title is not None)
        lede = next((p for p in paragraphs if p.role == "lede"), None)
        if meta.outlet is None and lede is not None:
            meta.outlet = dateline_outlet(text[lede.start : lede.end])
        return [Article(text=text, meta=meta, paragraphs=skip_dateline(text, paragraphs))]

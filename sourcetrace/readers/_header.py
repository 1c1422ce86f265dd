"""The header of scraped news text: title, then optional outlet, byline, date and URL lines.

The layout looked for is::

    Grain Ship Held at Port            <- title (a paragraph, role "title")

    The Harbour Ledger                 <- outlet        \\
    https://example.org/ship.jpg       <- image or URL   } kept in the text,
                                                          } never paragraphs
    A cargo ship carrying wheat ...    <- lede

Every header line must end its block or be followed by another header line (unless the
block holds one paragraph per line, as in a text with no blank lines),
so the first line of a real paragraph is never taken for an outlet or URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sourcetrace.readers._lines import Line, blocks, one_paragraph_per_line

__all__ = ["Header", "dateline_end", "dateline_outlet", "detect_header"]

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_IMAGE = re.compile(r"\.(?:jpe?g|png|webp|gif|avif|svg)(?:[?#]\S*)?", re.IGNORECASE)
_BYLINE = re.compile(r"(?:by|written by)\s+(?P<name>[^\s.,:;!?].{0,80})", re.IGNORECASE)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = re.compile(
    r"(?:(?:published|updated|posted)(?: on)?:?\s+)?"
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?"
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}(?:[T ][\d:.]+Z?)?|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_CONNECTORS = frozenset({"of", "the", "and", "for", "de", "la", "le", "el", "on", "in", "at", "&", "-", "|", "du"})
_NOT_OUTLET_END = frozenset(".!?,;:\"')]\u2026\u201d\u2019")
_MAX_TITLE_WORDS = 25
_MAX_TITLE_CHARS = 200
_MAX_HEADER_LINES = 4
#: Separators between the author, outlet and date of one byline line.
_BYLINE_SEPARATOR = re.compile(r"\s+[|\u2022\u00b7/\u2014\u2013]\s+|\s+-\s+")


@dataclass
class Header:
    """Header lines found at the top of a text; ``skipped`` lines are not paragraphs."""

    title: Line | None = None
    outlet: Line | None = None
    author: str | None = None
    date: Line | None = None
    image: Line | None = None
    url: Line | None = None
    outlet_name: str | None = None
    date_text: str | None = None
    skipped: set[int] = field(default_factory=set)


#: Words that make a name line an outlet's rather than a person's ("Caucasus Herald", "Baltic Wire").
_NEWS_WORD = re.compile(
    r"\b(?:news|times|herald|post|journal|tribune|daily|gazette|telegraph|guardian|observer|review|wire|press|"
    r"radio|tv|television|media|courier|chronicle|ledger|express|star|mirror|mail|sun|monitor|record|"
    r"standard|independent|insider|report|today|weekly|magazine|agency|bulletin|dispatch|inquirer|register|"
    r"examiner|sentinel|globe|voice|world|online|network)\b|\.(?:com|org|net|co\.uk)\b",
    re.IGNORECASE,
)
#: A person's name alone on a line: two to four capitalised words ("Giorgi Beridze").
_PERSON_LIKE = re.compile(r"[A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019.-]*){1,3}")


def _is_outlet(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 60 or not text[0].isalnum() or text[-1] in _NOT_OUTLET_END:
        return False
    if _DOMAIN.fullmatch(text):
        return True
    alpha = [w for w in words if any(c.isalpha() for c in w)]
    return bool(alpha) and alpha[0][0].isupper() and all(w[0].isupper() or w in _CONNECTORS for w in alpha)


def _kind(line: Line) -> str | None:
    """Return what header line ``line`` is (url, byline, date, outlet), or None."""
    text = line.text
    if _URL.fullmatch(text):
        return "url"
    if _DATE.fullmatch(text):
        return "date"
    byline = _BYLINE.fullmatch(text)
    if byline and len(text.split()) <= 12 and text[-1] not in ".!?":
        return "byline"
    if _is_outlet(text):
        return "outlet"
    if _outlet_and_date(text) is not None:
        return "outlet"
    return None


def _outlet_and_date(text: str) -> tuple[str, str] | None:
    """The outlet and the date of a line naming both ("Valley Courier live desk \u00b7 14 April 2026"), else None.

    A desk's lower-case words after the outlet's name stay out of it ("live desk", "newsroom").
    """
    parts = [p.strip() for p in _BYLINE_SEPARATOR.split(text) if p.strip()]
    if len(parts) != 2 or not _DATE.fullmatch(parts[1]):
        return None
    outlet = re.sub(r"(?:\s+[a-z]+){1,2}$", "", parts[0])
    return (outlet, parts[1]) if _is_outlet(outlet) else None


def _is_title(line: Line) -> bool:
    text = line.text
    return (
        len(text.split()) <= _MAX_TITLE_WORDS
        and len(text) <= _MAX_TITLE_CHARS
        and text[-1] not in ",;:"
        and _URL.fullmatch(text) is None
    )


def _header_lines(lines: list[Line]) -> list[tuple[Line, str]]:
    """Return the candidate header lines, title first, until the first body line."""
    nonblank = [line for line in lines if not line.blank]
    if len(nonblank) < 2 or not _is_title(nonblank[0]):
        return []
    found: list[tuple[Line, str]] = [(nonblank[0], "title")]
    seen: set[str] = set()
    for line in nonblank[1 : 1 + _MAX_HEADER_LINES]:
        kind = None if line.text == nonblank[0].text else _kind(line)
        if kind == "outlet" and "outlet" in seen and "byline" not in seen:
            # two name lines: the one with a news word is the outlet, the other a byline without "By"
            first = next(i for i, (_, k) in enumerate(found) if k == "outlet")
            if _NEWS_WORD.search(line.text) and not _NEWS_WORD.search(found[first][0].text):
                if _PERSON_LIKE.fullmatch(found[first][0].text):
                    found[first] = (found[first][0], "byline")
                    seen = (seen - {"outlet"}) | {"byline"}
            elif _PERSON_LIKE.fullmatch(line.text) and not _NEWS_WORD.search(line.text):
                kind = "byline"
        if kind is None or kind in seen or (kind == "url" and {"image", "url"} & seen):
            break
        if kind == "url":
            kind = "image" if _IMAGE.search(line.text) else "url"
        seen.add(kind)
        found.append((line, kind))
    return found


#: Job titles after a byline's name ("Health Correspondent", "Staff Writer", "Senior Editor").
_ROLE = re.compile(
    r"\b(?:correspondent|reporter|writer|editor|columnist|contributor|journalist|analyst|producer|"
    r"bureau chief|staff|intern|photographer|critic)s?\b",
    re.IGNORECASE,
)


def _set_byline(header: Header, line: Line) -> None:
    """Fill the author from 'By Name', and the outlet and date from 'By Name, Outlet' or 'By Name | Outlet | Date'."""
    match = _BYLINE.fullmatch(line.text)
    name = (match.group("name") if match else line.text).strip().rstrip(":").strip()
    parts = [p.strip() for p in _BYLINE_SEPARATOR.split(name) if p.strip()]
    if len(parts) == 1:
        author, comma, outlet = name.partition(", ")
        parts = [author, outlet] if comma else [author]
    header.author = parts[0]
    for part in parts[1:]:
        if header.date is None and header.date_text is None and _DATE.fullmatch(part):
            header.date_text = part
        elif _ROLE.search(part):
            continue  # "By Priya Raman, Health Correspondent": the author's job, not the outlet
        elif header.outlet is None and header.outlet_name is None and _is_outlet(part):
            header.outlet_name = part


def detect_header(lines: list[Line]) -> Header:
    """Find the title and the outlet/byline/date/URL lines at the top of ``lines``."""
    found = _header_lines(lines)
    if not found:
        return Header()
    # A header line sharing its block with the first body line is the start of that paragraph,
    # unless the block holds one paragraph per line (a text with no blank lines at all).
    indices = {line.index for line, _ in found}
    for block in blocks(lines):
        if any(line.index not in indices for line in block):
            if not one_paragraph_per_line(block):
                found = [(line, kind) for line, kind in found if line.index < block[0].index]
            break
    else:  # nothing but header lines: keep the first line as the text
        found = []
    if not found or found[0][1] != "title":
        return Header()
    header = Header(title=found[0][0])
    for line, kind in found[1:]:
        header.skipped.add(line.index)
        if kind == "byline":
            _set_byline(header, line)
        elif kind == "outlet" and (both := _outlet_and_date(line.text)) is not None:
            header.outlet_name, header.date_text = both  # "Eastern Tribune \u00b7 11 March 2026"
        else:
            setattr(header, kind, line)
    return header


#: Wire services named in a dateline, by their abbreviation.
_WIRES = {
    "AP": "Associated Press",
    "Reuters": "Reuters",
    "AFP": "Agence France-Presse",
    "UPI": "United Press International",
    "dpa": "dpa",
    "DPA": "dpa",
    "ANSA": "ANSA",
    "EFE": "EFE",
    "Xinhua": "Xinhua",
    "TASS": "TASS",
    "PTI": "Press Trust of India",
    "Bloomberg": "Bloomberg",
}
_DATELINE = re.compile(
    r"[A-Z][A-Z.'\- ]{1,40}(?:,[A-Za-z0-9.'\- ]{2,40})?\s+\((?P<wire>[^()\n]{2,30})\)\s*[\u2014\u2013-]"
)


#: Any dateline opening a lede: 'WASHINGTON —', 'KHARKIV, Ukraine (AP) —', 'MOSCOW, June 4 (Reuters) -'.
_ANY_DATELINE = re.compile(
    r"[A-Z][A-Z.'\- ]{1,40}(?:,[A-Za-z0-9.'\- ]{2,40})?(?:\s+\([^()\n]{1,30}\))?\s*[\u2014\u2013-]+\s+"
)

#: A name in a dateline's parentheses that is a news service's: capitalised words, no digits.
_SERVICE_NAME = re.compile(r"[A-Z][\w&.'\-]*(?: [A-Z][\w&.'\-]*){0,3}")


def dateline_end(text: str, start: int = 0) -> int:
    """Offset just after a dateline opening ``text`` at ``start``, or ``start`` when there is none."""
    match = _ANY_DATELINE.match(text, start)
    return match.end() if match and text[match.end() : match.end() + 1].isupper() else start


def dateline_outlet(lede: str) -> str | None:
    """The news service of a dateline opening the lede ('KHARKIV, Ukraine (AP) — ...'), else None.

    Known wires are named in full ('AP' -> 'Associated Press'); another capitalised name in
    the parentheses ('MOSCOW, June 4 (Baltic Wire) -') is taken as written.
    """
    match = _DATELINE.match(lede)
    if match is None:
        return None
    name = match.group("wire").strip()
    if name in _WIRES:
        return _WIRES[name]
    return name if _SERVICE_NAME.fullmatch(name) else None

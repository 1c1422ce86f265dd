"""Reads and writes CheckThat! check-worthiness TSV files and labels them with a scorer.

Input rows are ``id<TAB>text`` or ``id<TAB>text<TAB>Yes|No`` (CheckThat! 2024 Task 1),
an optional header row first; fields may be quoted CSV-style (``"a ""b"" c"``).
Output rows are ``id<TAB>Yes|No<TAB>score``. ``label_file`` writes its output only when
every row was read and scored, so a failed run leaves no file behind.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sourcetrace.errors import EncodingError, FormatError

__all__ = ["CheckworthyRow", "Scorer", "format_predictions", "label_file", "parse_tsv", "read_tsv", "write_atomically"]

_HEADER_IDS = {"sentence_id", "sentence id", "id", "tweet_id"}
LABELS = ("Yes", "No")


class Scorer(Protocol):
    """Anything giving a check-worthiness probability per text (see ``CheckworthinessModel``)."""

    threshold: float

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return one probability in [0, 1] per text, in order."""
        ...


@dataclass(frozen=True)
class CheckworthyRow:
    """One sentence of a CheckThat! file: its id, text, gold label if given, and its 1-based line."""

    id: str
    text: str
    label: str | None
    line: int


def _is_header(row: list[str]) -> bool:
    return bool(row) and (row[0].strip().lower() in _HEADER_IDS or (len(row) > 1 and row[1].strip().lower() == "text"))


def parse_tsv(content: str, source: str = "<input>") -> list[CheckworthyRow]:
    """Parse TSV text into rows; raise FormatError naming ``source:line`` on the first malformed row."""
    reader = csv.reader(io.StringIO(content, newline=""), delimiter="\t", quotechar='"', strict=True)
    rows: list[CheckworthyRow] = []
    seen: set[str] = set()
    width: int | None = None
    try:
        for fields in reader:
            line = reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            if not rows and width is None and _is_header(fields):
                width = len(fields) if len(fields) in (2, 3) else None
                continue
            if len(fields) not in (2, 3):
                raise FormatError(f"expected 2 or 3 tab-separated columns (id, text[, label]), found {len(fields)}",
                                  f"{source}:{line}")
            if width is not None and len(fields) != width:
                where = f"{source}:{line}"
                raise FormatError(f"expected {width} columns like the first row, found {len(fields)}", where)
            width = len(fields)
            sid, text = fields[0].strip(), fields[1].strip()
            if not sid:
                raise FormatError("empty sentence id", f"{source}:{line}")
            if not text:
                raise FormatError(f"empty text for sentence {sid}", f"{source}:{line}")
            if sid in seen:
                raise FormatError(f"duplicate sentence id {sid}", f"{source}:{line}")
            label = fields[2].strip() if len(fields) == 3 else None
            if label is not None and label not in LABELS:
                raise FormatError(f"label must be Yes or No, found {label!r}", f"{source}:{line}")
            seen.add(sid)
            rows.append(CheckworthyRow(sid, text, label, line))
    except csv.Error as exc:
        raise FormatError(f"unreadable TSV ({exc})", f"{source}:{reader.line_num}") from exc
    if not rows:
        raise FormatError("no sentences (expected rows id<TAB>text[<TAB>label])", source)
    return rows


def read_tsv(path: Path) -> list[CheckworthyRow]:
    """Read a CheckThat! check-worthiness TSV file (UTF-8, optional BOM)."""
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"not UTF-8 ({exc.reason} at byte {exc.start})", str(path)) from exc
    return parse_tsv(content, str(path))


def format_predictions(rows: Sequence[CheckworthyRow], scores: Sequence[float], threshold: float) -> str:
    """Render ``id<TAB>Yes|No<TAB>score`` lines (score with 4 decimals), Yes when score >= threshold."""
    return "".join(
        f"{row.id}\t{'Yes' if score >= threshold else 'No'}\t{score:.4f}\n"
        for row, score in zip(rows, scores, strict=True)
    )


def write_atomically(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same directory, then rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def label_file(path: Path, scorer: Scorer) -> str:
    """Read ``path``, score every sentence and return the prediction lines (nothing is written)."""
    rows = read_tsv(path)
    scores = scorer.score([r.text for r in rows])
    return format_predictions(rows, scores, scorer.threshold)

"""The SemEval-2025 Task 10 two-level narrative taxonomy: domains, narratives, sub-narratives.

Labels are written as the task writes them: a narrative is ``"<DOMAIN>: <narrative>"``
(``"URW: Discrediting Ukraine"``), a sub-narrative ``"<DOMAIN>: <narrative>: <sub>"``
(``"URW: Discrediting Ukraine: Ukraine is a puppet of the West"``), and ``"Other"`` is a
label at both levels (no narrative of the taxonomy). Every narrative also has the
sub-narrative ``"<narrative>: Other"`` (the narrative without one of its listed sub-narratives).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sourcetrace.errors import FormatError, InputError

__all__ = [
    "DOMAINS",
    "OTHER",
    "Taxonomy",
    "domain_of",
    "parent_of",
    "read_combinations",
]

#: The label meaning "none of the taxonomy's narratives", at both levels.
OTHER = "Other"
#: Domain codes and what they cover: the Ukraine-Russia war and climate change.
DOMAINS: dict[str, str] = {"URW": "Ukraine-Russia war", "CC": "climate change"}


def _split(label: str) -> list[str]:
    return [part.strip() for part in label.split(": ")]


def domain_of(label: str) -> str | None:
    """Return the domain code of a narrative or sub-narrative label, None for ``Other``."""
    parts = _split(label)
    return parts[0] if len(parts) >= 2 and parts[0] in DOMAINS else None


def parent_of(subnarrative: str) -> str:
    """Return the narrative a sub-narrative label belongs to (``Other`` for ``Other``)."""
    parts = _split(subnarrative)
    if len(parts) < 3:
        return OTHER
    return f"{parts[0]}: {parts[1]}"


@dataclass
class Taxonomy:
    """The narratives and sub-narratives a model knows, each sub-narrative under its narrative."""

    narratives: list[str] = field(default_factory=list)
    subnarratives: list[str] = field(default_factory=list)

    @classmethod
    def from_labels(cls, labels: Iterable[str]) -> Taxonomy:
        """Build from task labels of either level; a sub-narrative adds its narrative; ``Other`` is skipped."""
        narratives: set[str] = set()
        subs: set[str] = set()
        for raw in labels:
            label = raw.strip()
            if not label or label == OTHER:
                continue
            parts = _split(label)
            if parts[0] not in DOMAINS or len(parts) not in (2, 3) or not all(parts):
                raise FormatError(
                    f"label {label!r} is not 'DOMAIN: narrative' or 'DOMAIN: narrative: sub-narrative' "
                    f"with DOMAIN one of {', '.join(DOMAINS)}"
                )
            narratives.add(f"{parts[0]}: {parts[1]}")
            if len(parts) == 3:
                subs.add(label)
        return cls(sorted(narratives), sorted(subs))

    def domain(self, label: str) -> str | None:
        """Domain code of ``label`` (None for ``Other``)."""
        return domain_of(label)

    def children(self, narrative: str) -> list[str]:
        """Sub-narratives of ``narrative``, in taxonomy order."""
        return [s for s in self.subnarratives if parent_of(s) == narrative]

    def check(self, labels: Sequence[str]) -> list[str]:
        """Return the labels the taxonomy does not know (``Other`` is always known)."""
        known = {OTHER, *self.narratives, *self.subnarratives}
        return [label for label in labels if label not in known]


def read_combinations(path: Path) -> list[tuple[str, str]]:
    """Read the task's ``narrative-combinations.csv``: ``(narrative, sub-narrative)`` name pairs, no domain.

    The file has a ``Combination`` header and one ``Narrative__Sub`` per row with
    underscores for spaces (``Discrediting_Ukraine__Other``). Raises ``InputError``
    when the file cannot be read and ``FormatError`` naming the line of a bad row.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read the taxonomy file ({exc.strerror or exc})", str(path)) from exc
    pairs: list[tuple[str, str]] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), 1):
        if not row or not "".join(row).strip() or (number == 1 and row[0].strip().lower() == "combination"):
            continue
        cell = ",".join(row).strip()
        narrative, sep, sub = cell.partition("__")
        if not sep or not narrative.strip("_ ") or not sub.strip("_ "):
            raise FormatError(f"line {number}: {cell!r} is not 'Narrative__Sub-narrative'", str(path))
        pairs.append((narrative.replace("_", " ").strip(), sub.replace("_", " ").strip()))
    if not pairs:
        raise FormatError("no narrative combinations in the file", str(path))
    return pairs

"""What importers yield: a ``KnownClaim`` or a ``Rejected`` row, plus the field clean-up they share."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeAlias

from pydantic import ValidationError

from sourcetrace.store.base import KnownClaim, claim_id

__all__ = [
    "Reader",
    "Rejected",
    "Row",
    "build",
    "clean_extra",
    "iso_date",
    "json_lines",
    "keywords_of",
    "object_at",
    "text_of",
]


@dataclass(frozen=True)
class Rejected:
    """A malformed input row, skipped: ``where`` is ``file:line`` (or ``file:item``), ``reason`` says why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


Row: TypeAlias = KnownClaim | Rejected
#: An importer: reads one file (with an optional column mapping) and yields its rows in order.
Reader: TypeAlias = Callable[[Path, Mapping[str, str]], Iterator[Row]]

_MONTHS = {name: i for i, name in enumerate(
    "january february march april may june july august september october november december".split(), 1
)}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_DOTTED = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_WRITTEN = re.compile(r"\b([A-Za-z]+)\.? (\d{1,2}),? (\d{4})\b")


def text_of(value: Any) -> str | None:
    """A clean one-string value: strings stripped, numbers as text, ``{"name": ...}`` objects by name, else None."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        names = [text_of(item) for item in value]
        value = "; ".join(name for name in names if name)
    if isinstance(value, bool) or value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from ISO, ``DD.MM.YYYY`` or ``Month D, YYYY`` (also inside a sentence); else the text."""
    text = text_of(value)
    if text is None:
        return None
    try:
        if match := _ISO.match(text):
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        if match := _DOTTED.match(text):
            return date(int(match[3]), int(match[2]), int(match[1])).isoformat()
        if (match := _WRITTEN.search(text)) and match[1].lower() in _MONTHS:
            return date(int(match[3]), _MONTHS[match[1].lower()], int(match[2])).isoformat()
        if (match := _WRITTEN.search(text)) and match[1][:3].lower() in {m[:3] for m in _MONTHS}:
            parsed = datetime.strptime(f"{match[1][:3]} {match[2]} {match[3]}", "%b %d %Y")
            return parsed.date().isoformat()
    except ValueError:
        pass
    return text


def build(where: str, source: str, native_id: Any = None, **fields: Any) -> Row:
    """A ``KnownClaim`` from cleaned fields (id from ``native_id`` or hashed), or ``Rejected`` saying what is wrong."""
    claim = text_of(fields.get("claim"))
    if claim is None:
        return Rejected(where, "no claim text")
    fields["claim"] = claim
    ident = text_of(native_id) or claim_id(source, text_of(fields.get("url")), claim)
    try:
        return KnownClaim(id=ident, source=source, **fields)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        return Rejected(where, problems)


def object_at(record: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``record[key]`` when it is an object, else an empty one."""
    value = record.get(key)
    return value if isinstance(value, dict) else {}


def keywords_of(value: Any) -> tuple[str, ...]:
    """Keywords from a list or a comma/semicolon-separated string."""
    if isinstance(value, list):
        items = [text_of(item) for item in value]
    elif isinstance(value, str):
        items = [text_of(item) for item in re.split(r"[;,]", value)]
    else:
        return ()
    return tuple(item for item in items if item)


def clean_extra(record: Mapping[str, Any], used: set[str]) -> dict[str, Any]:
    """Every field of ``record`` not in ``used`` and not empty."""
    return {key: value for key, value in record.items() if key not in used and value not in (None, "", [], {})}


def json_lines(path: Path) -> Iterator[tuple[str, dict[str, Any]] | Rejected]:
    """Yield ``(where, object)`` per non-blank line, or ``Rejected`` for a line that is not a JSON object."""
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Rejected(where, f"invalid JSON: {exc.msg}")
                continue
            if not isinstance(record, dict):
                yield Rejected(where, f"expected an object, found {type(record).__name__}")
                continue
            yield where, record

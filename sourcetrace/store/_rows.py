"""Known claims to and from SQL rows: the column list both SQL backends share."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sourcetrace.store.base import KnownClaim

__all__ = ["COLUMNS", "from_row", "to_row"]

#: Columns of the ``claims`` table after ``id`` and ``digest``, in order; ``keywords`` and ``extra`` hold JSON.
COLUMNS = (
    "source", "claim", "title", "summary", "verdict", "disproof", "speaker", "publisher", "date", "url",
    "keywords", "language", "extra",
)


def to_row(record: KnownClaim, digest: str) -> tuple[Any, ...]:
    """``(id, digest, *COLUMNS)`` values for one record."""
    values: list[Any] = [record.id, digest]
    for name in COLUMNS:
        value = getattr(record, name)
        if name == "keywords":
            value = json.dumps(list(value), ensure_ascii=False)
        elif name == "extra":
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        values.append(value)
    return tuple(values)


def from_row(row: Sequence[Any]) -> KnownClaim:
    """Rebuild a record from ``(id, *COLUMNS)`` values."""
    fields: dict[str, Any] = {"id": row[0]}
    for name, value in zip(COLUMNS, row[1:], strict=True):
        if name in ("keywords", "extra") and isinstance(value, str):
            value = json.loads(value)
        fields[name] = value
    fields["keywords"] = tuple(fields["keywords"] or ())
    fields["extra"] = fields["extra"] or {}
    return KnownClaim(**fields)

"""Generic CSV, JSON and JSON Lines with a column mapping (``--map claim=text,url=link``).

Each record field takes the column the mapping names, else a column with the
field's own name (``claim`` also from ``text`` or ``statement``). ``id`` is
used when present, else hashed from source, url and claim; ``source`` defaults
to ``generic``. Unmapped columns go to ``extra``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sourcetrace.errors import FormatError, InputError
from sourcetrace.store.base import KnownClaim
from sourcetrace.store.importers._records import (
    Rejected,
    Row,
    build,
    clean_extra,
    iso_date,
    json_lines,
    keywords_of,
    text_of,
)

__all__ = ["DEFAULT_SOURCE", "parse_mapping", "read_csv", "read_json", "read_jsonl", "record_to_row"]

DEFAULT_SOURCE = "generic"
_FIELDS = tuple(name for name in KnownClaim.model_fields if name != "extra")
_ALIASES: dict[str, tuple[str, ...]] = {"claim": ("claim", "text", "statement")}


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``"claim=text,url=link"`` as ``{"claim": "text", "url": "link"}``; unknown fields raise ``InputError``."""
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        field, sep, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not column:
            raise InputError(f"bad mapping {part.strip()!r}: write FIELD=COLUMN", "--map")
        if field not in _FIELDS:
            raise InputError(f"unknown field {field!r} in mapping; fields: {', '.join(_FIELDS)}", "--map")
        mapping[field] = column
    return mapping


def record_to_row(record: Mapping[str, Any], where: str, mapping: Mapping[str, str]) -> Row:
    """One generic record as a known claim, through the mapping."""
    values: dict[str, Any] = {}
    used: set[str] = set()
    for field in _FIELDS:
        keys = (mapping[field],) if field in mapping else _ALIASES.get(field, (field,))
        key = next((key for key in keys if key in record), None)
        if key is not None:
            used.add(key)
            values[field] = record[key]
    source = text_of(values.pop("source", None)) or DEFAULT_SOURCE
    native_id = values.pop("id", None)
    fields: dict[str, Any] = {name: text_of(value) for name, value in values.items()}
    fields["claim"] = values.get("claim")
    fields["keywords"] = keywords_of(values.get("keywords"))
    if "date" in values:
        fields["date"] = iso_date(values["date"])
    return build(where, source, native_id=native_id, extra=clean_extra(record, used), **fields)


def _sniff(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in ",;\t|"}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(path: Path, mapping: Mapping[str, str]) -> Iterator[Row]:
    """Rows of a CSV file with a header (delimiter ``,`` ``;`` tab or ``|``, guessed from the header)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        delimiter = _sniff(handle.readline())
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        header = [name.strip() for name in next(reader, [])]
        if not header:
            raise FormatError("empty file: expected a header row", str(path))
        line = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Rejected(f"{path}:{line}", f"unreadable CSV ({exc}); the rest of the file is skipped")
                return
            where, line = f"{path}:{line}", reader.line_num + 1
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                yield Rejected(where, f"expected {len(header)} fields, found {len(values)}")
                continue
            yield record_to_row(dict(zip(header, values, strict=True)), where, mapping)


def read_jsonl(path: Path, mapping: Mapping[str, str]) -> Iterator[Row]:
    """One object per line; a line that is not a JSON object is rejected."""
    for item in json_lines(path):
        yield item if isinstance(item, Rejected) else record_to_row(item[1], item[0], mapping)


def read_json(path: Path, mapping: Mapping[str, str]) -> Iterator[Row]:
    """An array of objects (or one object); an item that is not an object is rejected."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(f"not valid JSON ({exc})", str(path)) from exc
    for n, record in enumerate(data if isinstance(data, list) else [data], 1):
        where = f"{path}:item {n}"
        if not isinstance(record, dict):
            yield Rejected(where, f"expected an object, found {type(record).__name__}")
            continue
        yield record_to_row(record, where, mapping)

"""Importers of known claims, one module per format, and the import loop over a store.

``import_file(store, path)`` detects the format (or takes ``format=``), streams
the rows into the store in batches, reports rejected rows through a callback
and returns the counts. Re-importing a file updates changed records and never
duplicates, because every record has a stable id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path

from sourcetrace.errors import InputError
from sourcetrace.store.base import ClaimStore, ImportStats, KnownClaim
from sourcetrace.store.importers._records import Reader, Rejected, Row
from sourcetrace.store.importers.checkthat import read_checkthat
from sourcetrace.store.importers.claimreview import read_claimreview
from sourcetrace.store.importers.euvsdisinfo import REQUIRED as EUVSDISINFO_COLUMNS
from sourcetrace.store.importers.euvsdisinfo import read_euvsdisinfo
from sourcetrace.store.importers.factcheck_api import read_factcheck_api
from sourcetrace.store.importers.generic import parse_mapping, read_csv, read_json, read_jsonl

__all__ = ["CHUNK", "FORMATS", "Rejected", "Row", "detect_format", "import_file", "parse_mapping", "read_rows"]

#: Every importable format and its reader.
FORMATS: dict[str, Reader] = {
    "claimreview": read_claimreview,
    "factcheck-api": read_factcheck_api,
    "euvsdisinfo": read_euvsdisinfo,
    "checkthat": read_checkthat,
    "csv": read_csv,
    "json": read_json,
    "jsonl": read_jsonl,
}
#: Records handed to the store per call (and progress reports between calls).
CHUNK = 5000
_HEAD = 65536


def detect_format(path: Path) -> str:
    """The format of ``path`` from its extension and first bytes."""
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(_HEAD).decode("utf-8-sig", errors="replace")
    start = head.lstrip()
    if suffix in (".html", ".htm", ".xhtml") or start.startswith("<"):
        return "claimreview"
    if suffix in (".jsonl", ".ndjson") or (start.startswith("{") and _first_line_is_object(start)):
        first = start.split("\n", 1)[0]
        return "checkthat" if '"vclaim_id"' in first and '"vclaim"' in first else "jsonl"
    if suffix == ".json" or start.startswith(("{", "[")):
        if '"claims"' in head and '"claimReview"' in head:
            return "factcheck-api"
        return "claimreview" if "ClaimReview" in head else "json"
    header = {name.strip().strip('"').lower() for name in start.split("\n", 1)[0].split(";")}
    return "euvsdisinfo" if EUVSDISINFO_COLUMNS <= header else "csv"


def _first_line_is_object(text: str) -> bool:
    line, newline, _rest = text.partition("\n")
    if not newline:
        return False
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def read_rows(path: str | Path, format: str | None = None, mapping: Mapping[str, str] | None = None) -> Iterator[Row]:
    """The rows of one file: known claims and rejected rows, in file order."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", str(path))
    if not path.is_file():
        raise InputError("not a file", str(path))
    if format is not None and format not in FORMATS:
        raise InputError(f"unknown format {format!r}; one of {', '.join(FORMATS)}", str(path))
    reader = FORMATS[format or detect_format(path)]
    return reader(path, mapping or {})


def import_file(
    store: ClaimStore,
    path: str | Path,
    *,
    format: str | None = None,
    mapping: Mapping[str, str] | None = None,
    on_rejected: Callable[[Rejected], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportStats:
    """Import one file into ``store``; malformed rows are counted, passed to ``on_rejected`` and skipped."""
    stats = ImportStats()
    done = 0

    def claims(rows: Iterable[Row]) -> Iterator[KnownClaim]:
        for row in rows:
            if isinstance(row, Rejected):
                stats.rejected += 1
                if on_rejected is not None:
                    on_rejected(row)
            else:
                yield row

    records = claims(read_rows(path, format, mapping))
    while chunk := list(islice(records, CHUNK)):
        stats += store.upsert(chunk)
        done += len(chunk)
        if on_progress is not None:
            on_progress(done)
    return stats

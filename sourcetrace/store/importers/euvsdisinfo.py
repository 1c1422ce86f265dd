"""EUvsDisinfo-style case CSV: ``;``-delimited, quoted, one header row.

Columns (by header name, any order): ``title`` (the claim), ``summary``,
``disproof``, ``date`` (``DD.MM.YYYY``), ``outlet`` (speaker), ``language``,
``keywords`` (comma-separated), ``source`` (link to the catalogued piece);
the rest (``issue``, ``origin``, ``reported by``, ...) goes to ``extra``.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from sourcetrace.errors import FormatError
from sourcetrace.store.importers._records import Rejected, Row, build, clean_extra, iso_date, keywords_of, text_of

__all__ = ["REQUIRED", "SOURCE", "read_euvsdisinfo"]

SOURCE = "euvsdisinfo"
#: Header names a file must have to be read as EUvsDisinfo cases.
REQUIRED = frozenset({"title", "summary", "disproof"})
_USED = {"title", "summary", "disproof", "date", "outlet", "language", "keywords", "source"}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_euvsdisinfo(path: Path, mapping: Mapping[str, str]) -> Iterator[Row]:
    """One record per case row; a row with the wrong number of fields or no title is rejected."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=";", quotechar='"')
        try:
            header = [name.strip().lower() for name in next(reader)]
        except StopIteration:
            raise FormatError("empty file: expected a ';'-delimited header row", str(path)) from None
        if not REQUIRED <= set(header):
            missing = ", ".join(sorted(REQUIRED - set(header)))
            raise FormatError(f"not an EUvsDisinfo case file: header lacks {missing}", str(path))
        line = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Rejected(f"{path}:{line}", f"unreadable CSV ({exc}); the rest of the file is skipped")
                return
            where = f"{path}:{line}"
            line = reader.line_num + 1
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                yield Rejected(where, f"expected {len(header)} fields, found {len(values)}")
                continue
            row = dict(zip(header, values, strict=True))
            extra = clean_extra(row, _USED)
            yield build(
                where, SOURCE,
                claim=row.get("title"),
                summary=text_of(row.get("summary")),
                disproof=text_of(row.get("disproof")),
                date=iso_date(row.get("date")),
                speaker=text_of(row.get("outlet")),
                language=text_of(row.get("language")),
                keywords=keywords_of(row.get("keywords")),
                url=text_of(row.get("source")),
                verdict="disinformation",
                publisher="EUvsDisinfo",
                extra={key.replace(" ", "_"): value for key, value in extra.items()},
            )

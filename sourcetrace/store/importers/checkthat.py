"""CheckThat! 2021 Task 2B verified claims (JSON Lines): PolitiFact fact-checks.

Read: ``vclaim_id`` (kept as the id, so TREC runs name the task's documents),
``vclaim`` (claim), ``title``, ``speaker``, ``date`` (``stated on Month D, YYYY
in ...``; parsed, the full text kept in ``extra.stated``), ``truth_label``
(verdict), ``url`` (site-relative PolitiFact links made absolute).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from sourcetrace.store.importers._records import Rejected, Row, build, clean_extra, iso_date, json_lines, text_of

__all__ = ["POLITIFACT", "read_checkthat"]

POLITIFACT = "https://www.politifact.com"
_USED = {"vclaim_id", "vclaim", "title", "speaker", "date", "truth_label", "url"}


def read_checkthat(path: Path, mapping: Mapping[str, str]) -> Iterator[Row]:
    """One record per line; a line that is not a JSON object with ``vclaim_id`` and ``vclaim`` is rejected."""
    for item in json_lines(path):
        if isinstance(item, Rejected):
            yield item
            continue
        where, record = item
        if not text_of(record.get("vclaim_id")):
            yield Rejected(where, "no vclaim_id")
            continue
        url = text_of(record.get("url"))
        if url and url.startswith("/"):
            url = POLITIFACT + url
        is_politifact = url is None or url.startswith(POLITIFACT)
        extra = clean_extra(record, _USED)
        if record.get("date"):
            extra["stated"] = text_of(record["date"])
        yield build(
            where, "politifact" if is_politifact else "checkthat", native_id=record.get("vclaim_id"),
            claim=record.get("vclaim"),
            title=text_of(record.get("title")),
            speaker=text_of(record.get("speaker")),
            date=iso_date(record.get("date")),
            verdict=text_of(record.get("truth_label")),
            url=url,
            publisher="PolitiFact" if is_politifact else None,
            language="en",
            extra=extra,
        )

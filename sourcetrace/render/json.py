"""JSON renderers: one indented document, or one report per line (JSONL)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sourcetrace.report import Report

__all__ = ["render_json", "render_jsonl"]


def render_json(reports: Report | Sequence[Report]) -> str:
    """Render one report as an indented JSON object, several as a JSON array of them."""
    if isinstance(reports, Report):
        return reports.model_dump_json(indent=2) + "\n"
    if len(reports) == 1:
        return reports[0].model_dump_json(indent=2) + "\n"
    items = [json.loads(report.model_dump_json()) for report in reports]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def render_jsonl(reports: Sequence[Report]) -> str:
    """Render reports as JSON Lines: one compact report per line."""
    return "".join(report.model_dump_json() + "\n" for report in reports)

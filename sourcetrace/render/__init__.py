"""Renderers: text for terminals, JSON/JSONL for programs, one self-contained HTML file for people.

All of them read ``Report`` objects (see ``sourcetrace.report``), never an
``Article``, so every format shows the same findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from sourcetrace.render.html import render_html
from sourcetrace.render.json import render_json, render_jsonl
from sourcetrace.render.text import render_text
from sourcetrace.report import Report

__all__ = ["FORMATS", "OutputFormat", "render", "render_html", "render_json", "render_jsonl", "render_text"]

#: Output formats ``sourcetrace analyze --format`` accepts.
OutputFormat = Literal["text", "json", "jsonl", "html"]
FORMATS: tuple[str, ...] = ("text", "json", "jsonl", "html")


def render(reports: Sequence[Report], format: str = "text", *, width: int = 80) -> str:
    """Render ``reports`` in ``format`` (one of ``FORMATS``) as a single string."""
    if format == "text":
        return "".join(render_text(report, width=width) for report in reports)
    if format == "json":
        return render_json(reports)
    if format == "jsonl":
        return render_jsonl(reports)
    if format == "html":
        return render_html(reports)
    raise ValueError(f"unknown output format {format!r}; choose one of {', '.join(FORMATS)}")

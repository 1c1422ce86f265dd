"""JSON and JSONL output."""

from __future__ import annotations

import json

import pytest
from render._sample import sample_article

from sourcetrace.render import render
from sourcetrace.render.json import render_json, render_jsonl
from sourcetrace.report import Report, build_report


@pytest.mark.unit
def test_json_is_one_indented_report() -> None:
    report = build_report(sample_article())
    out = render_json(report)
    assert out.startswith("{\n  ")
    assert Report.model_validate_json(out) == report
    assert render_json([report]) == out


@pytest.mark.unit
def test_json_of_several_reports_is_an_array() -> None:
    reports = [build_report(sample_article()), build_report(sample_article())]
    data = json.loads(render(reports, "json"))
    assert isinstance(data, list) and len(data) == 2
    assert Report.model_validate(data[1]) == reports[1]


@pytest.mark.unit
def test_jsonl_is_one_report_per_line() -> None:
    reports = [build_report(sample_article()), build_report(sample_article())]
    lines = render_jsonl(reports).splitlines()
    assert len(lines) == 2
    assert [Report.model_validate_json(line) for line in lines] == reports


@pytest.mark.unit
def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        render([], "yaml")

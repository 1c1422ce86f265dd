"""The report model: JSON round trip, offsets as [start, end], committed schema in sync."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from render._sample import TEXT, sample_article

from sourcetrace import __version__
from sourcetrace.report import SCHEMA_VERSION, Report, build_report, schema_json

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "report.schema.json"


@pytest.mark.unit
def test_build_report_copies_every_layer_and_the_text() -> None:
    article = sample_article()
    report = build_report(article)
    assert report.text == TEXT
    assert report.schema_version == SCHEMA_VERSION == "1.4"
    assert report.stages == article.stages
    assert report.sourcetrace_version == __version__
    assert report.source == "dam.txt"
    assert report.meta.title == "Dam Talks Stall as Rivals Trade Blame"
    for layer in ("paragraphs", "sentences", "entities", "actors", "attributions", "hedges", "claims"):
        assert getattr(report, layer) == getattr(article, layer), layer
    assert report.profile == article.profile
    assert "parses" not in report.model_dump()


@pytest.mark.unit
def test_report_round_trips_through_json() -> None:
    report = build_report(sample_article())
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report


@pytest.mark.unit
def test_attribution_spans_serialise_as_pairs_or_null() -> None:
    article = sample_article()
    article.attributions[0].content = None
    data = json.loads(build_report(article).model_dump_json())
    first = data["attributions"][0]
    assert first["source"] == list(article.attributions[0].source or ())
    assert first["cue"] == [TEXT.index("said"), TEXT.index("said") + 4]
    assert first["content"] is None
    assert TEXT[slice(*data["attributions"][1]["content"])].startswith("the leaked")


@pytest.mark.unit
def test_every_finding_has_offsets_and_a_reason() -> None:
    data = json.loads(build_report(sample_article()).model_dump_json())
    for layer in ("attributions", "hedges", "claims", "actors"):
        for item in data[layer]:
            assert item["reason"], (layer, item)
    for item in data["hedges"] + data["claims"]:
        assert 0 <= item["start"] < item["end"] <= len(data["text"])


@pytest.mark.unit
def test_report_rejects_unknown_fields() -> None:
    data = json.loads(build_report(sample_article()).model_dump_json())
    data["surprise"] = 1
    with pytest.raises(ValueError, match="surprise"):
        Report.model_validate(data)


@pytest.mark.unit
def test_committed_schema_matches_the_model() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), (
        "docs/report.schema.json is stale; run `python -m sourcetrace.report --schema > docs/report.schema.json`"
    )


@pytest.mark.unit
def test_schema_describes_offsets_as_two_integers() -> None:
    schema = json.loads(schema_json())
    cue = schema["$defs"]["Attribution"]["properties"]["cue"]
    assert cue["type"] == "array" and cue["minItems"] == cue["maxItems"] == 2
    assert set(schema["required"]) >= {"text", "meta", "source", "sourcetrace_version"}


@pytest.mark.unit
def test_schema_command_line_prints_the_schema() -> None:
    done = subprocess.run([sys.executable, "-m", "sourcetrace.report", "--schema"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout == schema_json()
    bad = subprocess.run([sys.executable, "-m", "sourcetrace.report"], capture_output=True, text=True)
    assert bad.returncode == 2 and "usage" in bad.stderr


@pytest.mark.unit
def test_cited_actors_are_those_behind_an_attribution_or_claim() -> None:
    article = sample_article()
    article.attributions[2].actor = None
    article.claims[2].actor = None
    report = build_report(article)
    assert [a.id for a in report.cited_actors()] == ["a1", "a2"]
    assert report.attribution("t2") == article.attributions[1]
    assert report.attribution("nope") is None

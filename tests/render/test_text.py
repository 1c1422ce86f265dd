"""The terminal renderer: readable, complete and never wider than the console."""

from __future__ import annotations

import pytest
from render._sample import sample_article

from sourcetrace.article import Actor, ArticleMeta
from sourcetrace.render.text import render_text
from sourcetrace.report import Report, build_report


@pytest.mark.unit
@pytest.mark.parametrize("width", [80, 60])
def test_every_line_fits_the_width(width: int) -> None:
    article = sample_article()
    article.claims[1].text = "a very long claim " * 20
    article.meta.title = "An extremely long headline " * 6
    out = render_text(build_report(article), width=width)
    lines = out.splitlines()
    assert len(lines) > 20
    assert max(len(line) for line in lines) <= width


@pytest.mark.unit
def test_shows_header_sources_attributions_hedges_claims_and_profile() -> None:
    out = render_text(build_report(sample_article()))
    for expected in (
        "Dam Talks Stall as Rivals Trade Blame",
        "The Invented Courier",
        "Sources",
        "Arno Petrik, ministry spokesman",
        "spokesperson",
        "Valdora",
        "Attributions",
        "→ said →",
        "Hedges",
        "probably",
        "scare_quotes",
        "Claims",
        "attributed",
        "Sourcing profile",
        "67%",
        "party_sources_only: Every source is a party to the dispute.",
    ):
        assert expected in out, expected


@pytest.mark.unit
def test_no_colour_codes_unless_asked() -> None:
    report = build_report(sample_article())
    assert "\x1b[" not in render_text(report)
    assert "\x1b[" in render_text(report, color=True)


@pytest.mark.unit
def test_empty_layers_say_so() -> None:
    meta = ArticleMeta(source="x.txt", format="text")
    report = Report(sourcetrace_version="0", source="x.txt", meta=meta, text="Hi.")
    out = render_text(report)
    assert "Sources: none identified" in out
    assert "Attributions: none found" in out
    assert "Sourcing profile: not computed" in out
    assert "x.txt" in out


@pytest.mark.unit
def test_stages_left_out_are_named_and_a_run_stage_with_nothing_says_so() -> None:
    meta = ArticleMeta(source="x.txt", format="text")
    ran = ["linguistics", "attribution", "actors", "hedging", "claims", "encoding", "narratives", "profile"]
    out = render_text(Report(sourcetrace_version="0", source="x.txt", meta=meta, text="Hi.", stages=ran))
    assert "not analysed (stages left out): techniques" in out
    assert "Narratives: none recognised" in out
    assert "stages left out" not in render_text(Report(sourcetrace_version="0", source="x", meta=meta, text="Hi."))


@pytest.mark.unit
def test_sources_table_lists_only_cited_actors() -> None:
    article = sample_article()
    article.actors.append(Actor(id="a9", name="Lake Morrow", type="unknown", reason="place name"))
    out = render_text(build_report(article))
    assert "Lake Morrow" not in out
    assert "1 other actor(s) mentioned but not cited as a source" in out

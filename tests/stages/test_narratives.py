"""The narratives stage fills Article.narratives; reports and renderers carry the labels and their evidence."""

from __future__ import annotations

import pytest
from conftest import make_article
from narratives._mini import ALARM, ALARM_N, mini_model

from sourcetrace.errors import PipelineError
from sourcetrace.models.encoding import FakeTokenEncoder
from sourcetrace.narratives.predict import NarrativeClassifier
from sourcetrace.pipeline import DEFAULT_STAGES, Pipeline
from sourcetrace.render import render_html
from sourcetrace.render.spans import findings
from sourcetrace.render.text import render_text
from sourcetrace.report import build_report
from sourcetrace.stages.encoding import Encoding
from sourcetrace.stages.narratives import Narratives

TEXT = "Activists again.\n\nThe alarmist activists shout about doom. Their hysterical slogans go on."


def stage(encoder: FakeTokenEncoder | None = None) -> Narratives:
    return Narratives(NarrativeClassifier(mini_model(), encoder or FakeTokenEncoder(dim=32)))


def pipeline(own: FakeTokenEncoder | None = None) -> Pipeline:
    return Pipeline([Encoding(FakeTokenEncoder(dim=32)), stage(own)])


@pytest.mark.unit
def test_stage_fills_the_layer_and_report() -> None:
    article = pipeline()(make_article(TEXT))
    assert [n.label for n in article.narratives] == [ALARM_N, ALARM]
    report = build_report(article)
    assert report.narratives == article.narratives
    for n in report.narratives:
        for ev in n.evidence:
            assert report.text[ev.start : ev.end] in TEXT
    narrative_findings = [f for f in findings(report) if f.layer == "narrative"]
    assert narrative_findings and all(f.details["label"] in (ALARM_N, ALARM) for f in narrative_findings)
    assert "Narratives" in render_text(report, width=100)
    html = render_html(report)
    assert "m-narrative" in html and "<h3>Narratives</h3>" in html


@pytest.mark.unit
def test_stage_pools_the_encoding_layer_instead_of_encoding_again() -> None:
    own = FakeTokenEncoder(dim=32)
    shared = pipeline(own)(make_article(TEXT))
    assert own.calls == 0
    alone = stage()(make_article(TEXT))  # no encoding layer: the classifier encodes the text itself
    assert shared.narratives == alone.narratives


@pytest.mark.unit
def test_stage_needs_the_encoding_stage_before_it() -> None:
    with pytest.raises(PipelineError, match=r"'narratives' requires encoding.*add 'encoding' before it"):
        Pipeline([stage()])


@pytest.mark.unit
def test_blank_article_gets_no_labels() -> None:
    article = stage()(make_article("   \n"))
    assert article.narratives == []


@pytest.mark.unit
def test_without_the_stage_reports_have_no_narrative_section() -> None:
    report = build_report(make_article(TEXT))
    assert report.narratives == [] and "Narratives" not in render_text(report)


@pytest.mark.unit
def test_stage_runs_by_default() -> None:
    assert "narratives" in DEFAULT_STAGES

"""Submissions from any TechniquePredictor: order, de-duplication, validation of what the predictor returns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from sourcetrace.errors import FormatError, ModelError
from sourcetrace.ptc.corpus import TECHNIQUES, PtcSpan, read_articles, read_tc_template
from sourcetrace.ptc.predict import TechniquePredictor, load_predictor, predict, predict_flc, predict_si, predict_tc

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ptc"
CUES = {"shameless": "Loaded_Language", "fool": "Name_Calling,Labeling", "final": "Repetition"}


class CuePredictor:
    """A fake predictor for tests: flags cue words, classifies a span by the first cue inside it."""

    def __init__(self) -> None:
        self.classify_calls: list[list[tuple[int, int]]] = []

    def predict_spans(self, article_text: str) -> list[tuple[int, int, str, float]]:
        found = [(m.start(), m.end(), CUES[m.group()], 0.9) for m in re.finditer("|".join(CUES), article_text)]
        return found + found[:1]  # a duplicate, which submissions drop

    def classify(self, article_text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        self.classify_calls.append(list(spans))
        labels = []
        for start, end in spans:
            cue = next((c for c in CUES if c in article_text[start:end]), None)
            labels.append(CUES[cue] if cue else "Doubt")
        return labels


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    return read_articles(FIXTURES / "articles")


@pytest.mark.unit
def test_fake_satisfies_the_protocol() -> None:
    assert isinstance(CuePredictor(), TechniquePredictor)


@pytest.mark.unit
def test_flc_and_si_rows(articles: dict[str, str]) -> None:
    flc = predict_flc(articles, CuePredictor())
    assert flc == [
        PtcSpan("900000001", 121, 130, "Loaded_Language"),
        PtcSpan("900000001", 192, 197, "Repetition"),
        PtcSpan("900000001", 199, 204, "Repetition"),
        PtcSpan("900000001", 206, 211, "Repetition"),
        PtcSpan("900000002", 92, 96, "Name_Calling,Labeling"),
    ]
    assert predict_si(articles, CuePredictor()) == [PtcSpan(s.article_id, s.start, s.end) for s in flc]
    assert predict("flc", articles, CuePredictor()) == flc


@pytest.mark.unit
def test_tc_answers_every_template_row_in_its_order_one_call_per_article(articles: dict[str, str]) -> None:
    template = read_tc_template(FIXTURES / "template.tc", articles)
    fake = CuePredictor()
    rows = predict_tc(articles, template, fake)
    assert [(r.article_id, r.start, r.end) for r in rows] == [(s.article_id, s.start, s.end) for s in template]
    assert [r.technique for r in rows] == [
        "Name_Calling,Labeling", "Loaded_Language", "Repetition", "Loaded_Language", "Name_Calling,Labeling"]
    assert fake.classify_calls == [[(90, 96), (85, 124)], [(121, 139), (192, 211), (121, 139)]]


@pytest.mark.unit
def test_tc_needs_spans_and_known_articles(articles: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="needs the spans"):
        predict("tc", articles, CuePredictor())
    with pytest.raises(FormatError, match="span 1 names article 5, which is not among the articles"):
        predict_tc(articles, [PtcSpan("5", 0, 3)], CuePredictor())


class Broken(CuePredictor):
    def __init__(self, spans: list[tuple[int, int, str, float]], labels: list[str]) -> None:
        super().__init__()
        self.spans, self.labels = spans, labels

    def predict_spans(self, article_text: str) -> list[tuple[int, int, str, float]]:
        return self.spans

    def classify(self, article_text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        return self.labels


@pytest.mark.unit
@pytest.mark.parametrize(
    ("predictor", "problem"),
    [
        (Broken([(5, 5, "Doubt", 1.0)], []), r"span \[5, 5\) outside article 900000001"),
        (Broken([(0, 10_000, "Doubt", 1.0)], []), r"span \[0, 10000\) outside"),
        (Broken([(0, 4, "Sarcasm", 1.0)], []), "unknown technique 'Sarcasm'"),
    ],
)
def test_bad_predicted_spans_are_model_errors(articles: dict[str, str], predictor: Broken, problem: str) -> None:
    with pytest.raises(ModelError, match=problem):
        predict_flc(articles, predictor)


@pytest.mark.unit
def test_bad_classifications_are_model_errors(articles: dict[str, str]) -> None:
    template = [PtcSpan("900000001", 0, 4), PtcSpan("900000001", 5, 9)]
    with pytest.raises(ModelError, match="returned 1 techniques for 2 spans of article 900000001"):
        predict_tc(articles, template, Broken([], ["Doubt"]))
    with pytest.raises(ModelError, match="unknown technique 'doubt'"):
        predict_tc(articles, template, Broken([], ["Doubt", "doubt"]))


@pytest.mark.unit
def test_a_missing_technique_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="technique model not found"):
        load_predictor(tmp_path)


@pytest.mark.integration
def test_the_installed_model_writes_valid_deterministic_submissions() -> None:
    articles = read_articles(Path(__file__).resolve().parent.parent / "fixtures" / "ptc" / "articles")
    predictor = load_predictor()
    flc = predict_flc(articles, predictor)
    assert flc == predict_flc(articles, load_predictor())
    assert predict_si(articles, predictor) == sorted({PtcSpan(s.article_id, s.start, s.end) for s in flc})
    for span in flc:
        assert 0 <= span.start < span.end <= len(articles[span.article_id])
        assert span.technique in TECHNIQUES
    template = [PtcSpan(a, 0, 10) for a in articles] * 2
    labels = [s.technique for s in predict_tc(articles, template, predictor)]
    assert all(t in TECHNIQUES for t in labels)
    half = len(articles)
    assert all(x != y for x, y in zip(labels[:half], labels[half:], strict=True))  # repeated spans: next best

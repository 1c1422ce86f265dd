"""The CV harness in ``benchmarks/techniques.py``: trains on the other folds, scores held-out folds, pluggable."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from sourcetrace.ptc.corpus import PtcSpan, read_articles, read_si_labels, read_tc_labels
from sourcetrace.ptc.scoring import score_tc

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "ptc"


@pytest.fixture(scope="module")
def harness():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    try:
        return importlib.import_module("benchmarks.techniques")
    finally:
        sys.path.remove(str(ROOT))


class Recorder:
    """Records which articles it was trained on; calls every span Repetition."""

    def __init__(self, spans: Sequence[PtcSpan], seen: list[set[str]]) -> None:
        self.spans = spans
        seen.append({s.article_id for s in spans})

    def predict_spans(self, article_text: str) -> list[tuple[int, int, str, float]]:
        return []

    def classify(self, article_text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        return ["Repetition"] * len(spans)


@pytest.mark.unit
def test_each_fold_trains_only_on_the_other_articles(harness, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    articles = read_articles(FIXTURES / "articles")
    si = read_si_labels(FIXTURES / "gold.si.labels", articles)
    tc = read_tc_labels(FIXTURES / "gold.tc.labels", articles)
    seen: list[set[str]] = []

    def factory(train: Mapping[str, str], spans: Sequence[PtcSpan]) -> Recorder:
        assert {s.article_id for s in spans} <= set(train)
        return Recorder(spans, seen)

    runs = harness.evaluate(articles, si, tc, {"recorder": factory, "lexicon": harness.BASELINES["lexicon"]}, 2, 7)
    assert sorted(map(sorted, seen)) == [["900000001"], ["900000002"]]
    recorder = runs["recorder"]
    # every gold TC row gets one prediction, and 'Repetition' is right for 1 of the 5
    assert len(recorder.tc) == 5
    assert score_tc(recorder.tc, tc).overall.f1 == pytest.approx(0.2)
    assert [f["si"].f1 for f in recorder.folds] == [0.0, 0.0]
    assert "fold 2/2" in capsys.readouterr().out


@pytest.mark.unit
def test_predictor_specs_resolve_dotted_factories(harness) -> None:  # type: ignore[no-untyped-def]
    name, factory = harness.load_factory("lex=sourcetrace.ptc.baseline:LexiconBaseline.fit")
    assert name == "lex"
    assert factory.__qualname__ == "LexiconBaseline.fit"
    with pytest.raises(SystemExit, match="expected NAME=module:factory"):
        harness.load_factory("sourcetrace.ptc.baseline")


@pytest.mark.unit
def test_missing_data_is_said_clearly(harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert harness.main(["--data", str(tmp_path)]) == 2
    assert "train-articles is missing" in capsys.readouterr().err

"""Samples-F1 as the task defines it, and the calibration error."""

from __future__ import annotations

import pytest

from sourcetrace.narratives.corpus import Annotation
from sourcetrace.narratives.scoring import reliability, samples_f1, score

pytestmark = pytest.mark.unit


def test_samples_f1_by_hand() -> None:
    gold = [{"A", "B"}, {"Other"}, {"C"}]
    pred = [{"A"}, {"Other"}, {"D"}]
    # article 1: P=1, R=1/2 -> 2/3; article 2: 1; article 3: 0
    assert samples_f1(gold, pred) == pytest.approx((2 / 3 + 1 + 0) / 3)


def test_score_counts_missing_predictions_as_zero() -> None:
    gold = {"a": Annotation("a", ("Other",), ("Other",)), "b": Annotation("b", ("N",), ("N: S",))}
    pred = {"a": Annotation("a", ("Other",), ("Other",))}
    result = score(gold, pred)
    assert result.narratives == pytest.approx(0.5) and result.subnarratives == pytest.approx(0.5)
    assert result.articles == 2


def test_reliability() -> None:
    perfect = reliability([0.0, 1.0, 1.0], [False, True, True])
    assert perfect.ece == pytest.approx(0.0)
    off = reliability([0.9, 0.9], [False, False])
    assert off.ece == pytest.approx(0.9)
    assert off.bins == [(2, pytest.approx(0.9), 0.0)]

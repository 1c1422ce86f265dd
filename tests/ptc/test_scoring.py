"""The official SemEval-2020 Task 11 metrics on hand-made gold/pred pairs whose values are computed by hand."""

from __future__ import annotations

import pytest

from sourcetrace.ptc.corpus import PtcSpan
from sourcetrace.ptc.scoring import Score, merge_overlapping, score_flc, score_si, score_tc


def si(*spans: tuple[str, int, int]) -> list[PtcSpan]:
    return [PtcSpan(a, s, e) for a, s, e in spans]


def tc(*spans: tuple[str, str, int, int]) -> list[PtcSpan]:
    return [PtcSpan(a, s, e, t) for a, t, s, e in spans]


def prf(score: Score) -> tuple[float, float, float]:
    return score.precision, score.recall, score.f1


@pytest.mark.unit
def test_merge_joins_overlaps_but_not_touching_spans() -> None:
    assert merge_overlapping([(5, 9), (0, 6), (9, 12), (20, 30), (21, 22)]) == [(0, 9), (9, 12), (20, 30)]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        # exact match
        (si(("1", 0, 10)), si(("1", 0, 10)), (1.0, 1.0, 1.0)),
        # half of each span shared: 5/10 both ways
        (si(("1", 5, 15)), si(("1", 0, 10)), (0.5, 0.5, 0.5)),
        # prediction inside gold: P = 4/4, R = 4/10, F1 = 2*0.4/1.4
        (si(("1", 0, 4)), si(("1", 0, 10)), (1.0, 0.4, 0.8 / 1.4)),
        # no overlap; touching is not overlapping
        (si(("1", 10, 20)), si(("1", 0, 10)), (0.0, 0.0, 0.0)),
        # same offsets in another article score nothing
        (si(("2", 0, 10)), si(("1", 0, 10)), (0.0, 0.0, 0.0)),
        # two touching predictions cover one gold: P = (5/5 + 5/5)/2, R = (5/10 + 5/10)/1
        (si(("1", 0, 5), ("1", 5, 10)), si(("1", 0, 10)), (1.0, 1.0, 1.0)),
        # overlapping predictions merge into [0, 10): without merging R would be 6/10 + 6/10 = 1.2
        (si(("1", 0, 6), ("1", 4, 10)), si(("1", 0, 10)), (1.0, 1.0, 1.0)),
        # overlapping gold spans merge too: gold [0, 20), pred [0, 10): P = 1, R = 10/20
        (si(("1", 0, 10)), si(("1", 0, 10), ("1", 5, 20)), (1.0, 0.5, 2 / 3)),
        # micro over articles: article 2 has gold but no prediction: P = 1/1, R = 1/2
        (si(("1", 0, 10)), si(("1", 0, 10), ("2", 0, 10)), (1.0, 0.5, 2 / 3)),
        # one pred [0, 10) against gold [0, 4) and [6, 10): P = 4/10 + 4/10, R = (4/4 + 4/4)/2
        (si(("1", 0, 10)), si(("1", 0, 4), ("1", 6, 10)), (0.8, 1.0, 1.6 / 1.8)),
        # empty prediction
        ([], si(("1", 0, 10)), (0.0, 0.0, 0.0)),
        # empty gold
        (si(("1", 0, 10)), [], (0.0, 0.0, 0.0)),
        # both empty: the official code says F1 = 1
        ([], [], (0.0, 0.0, 1.0)),
    ],
)
def test_si_partial_overlap(
    pred: list[PtcSpan], gold: list[PtcSpan], expected: tuple[float, float, float]
) -> None:
    assert prf(score_si(pred, gold).overall) == pytest.approx(expected)


@pytest.mark.unit
def test_si_ignores_techniques_and_counts_merged_spans() -> None:
    result = score_si(tc(("1", "Doubt", 0, 6), ("1", "Slogans", 3, 9)), si(("1", 0, 9)))
    assert (result.predicted, result.gold) == (1, 1)
    assert prf(result.overall) == (1.0, 1.0, 1.0)


GOLD_TC = tc(
    ("A", "Loaded_Language", 0, 5),
    ("A", "Name_Calling,Labeling", 0, 5),
    ("A", "Doubt", 10, 20),
    ("B", "Slogans", 0, 3),
)


@pytest.mark.unit
def test_tc_exact_predictions_score_one() -> None:
    result = score_tc(list(reversed(GOLD_TC)), GOLD_TC)
    assert prf(result.overall) == (1.0, 1.0, 1.0)
    assert result.per_technique["Doubt"].f1 == 1.0


@pytest.mark.unit
def test_tc_duplicate_span_consumes_each_gold_label_once() -> None:
    pred = tc(
        ("A", "Loaded_Language", 0, 5),
        ("A", "Loaded_Language", 0, 5),  # the only Loaded_Language label of this span is used up: wrong
        ("A", "Doubt", 10, 20),
        ("B", "Flag-Waving", 0, 3),
    )
    result = score_tc(pred, GOLD_TC)
    assert prf(result.overall) == (0.5, 0.5, 0.5)  # 2 correct of 4 predicted, of 4 gold
    per = result.per_technique
    assert prf(per["Loaded_Language"]) == pytest.approx((0.5, 1.0, 2 / 3))
    assert prf(per["Doubt"]) == (1.0, 1.0, 1.0)
    assert prf(per["Slogans"]) == (0.0, 0.0, 0.0)
    assert prf(per["Flag-Waving"]) == (0.0, 0.0, 0.0)
    assert prf(per["Name_Calling,Labeling"]) == (0.0, 0.0, 0.0)


@pytest.mark.unit
def test_tc_either_label_of_a_doubly_annotated_span_is_correct() -> None:
    pred = tc(("A", "Name_Calling,Labeling", 0, 5), ("A", "Slogans", 0, 5))
    result = score_tc(pred, GOLD_TC)
    # one correct of 2 predicted, of 4 gold: P = 1/2, R = 1/4, F1 = 1/3
    assert prf(result.overall) == pytest.approx((0.5, 0.25, 1 / 3))


@pytest.mark.unit
def test_tc_prediction_on_a_span_absent_from_gold_is_wrong() -> None:
    result = score_tc(tc(("A", "Doubt", 10, 19)), GOLD_TC)
    assert prf(result.overall) == (0.0, 0.0, 0.0)
    assert (result.predicted, result.gold) == (1, 4)


@pytest.mark.unit
def test_tc_empty_prediction() -> None:
    assert prf(score_tc([], GOLD_TC).overall) == (0.0, 0.0, 0.0)


@pytest.mark.unit
def test_flc_credits_overlap_only_between_same_techniques() -> None:
    gold = tc(("1", "Loaded_Language", 0, 10), ("1", "Doubt", 5, 15))
    result = score_flc(tc(("1", "Doubt", 0, 10)), gold)
    # the Doubt pair shares 5 characters: P = (5/10)/1, R = (5/10)/2, F1 = 2*0.5*0.25/0.75
    assert prf(result.overall) == pytest.approx((0.5, 0.25, 1 / 3))
    assert prf(result.per_technique["Doubt"]) == pytest.approx((0.5, 0.5, 0.5))
    assert prf(result.per_technique["Loaded_Language"]) == (0.0, 0.0, 0.0)


@pytest.mark.unit
def test_flc_merges_same_technique_overlaps_only() -> None:
    gold = tc(("1", "Loaded_Language", 0, 10))
    merged = score_flc(tc(("1", "Loaded_Language", 0, 6), ("1", "Loaded_Language", 4, 10)), gold)
    assert prf(merged.overall) == (1.0, 1.0, 1.0)
    assert merged.predicted == 1
    # a second technique on the same span stays a separate (wrong) prediction: P = 1/2, R = 1/1
    two = score_flc(tc(("1", "Loaded_Language", 0, 10), ("1", "Doubt", 0, 10)), gold)
    assert prf(two.overall) == pytest.approx((0.5, 1.0, 2 / 3))


@pytest.mark.unit
def test_flc_exact_and_empty() -> None:
    assert prf(score_flc(GOLD_TC, GOLD_TC).overall) == (1.0, 1.0, 1.0)
    assert prf(score_flc([], GOLD_TC).overall) == (0.0, 0.0, 0.0)
    assert prf(score_flc(tc(("Z", "Doubt", 0, 4)), GOLD_TC).overall) == (0.0, 0.0, 0.0)


@pytest.mark.unit
def test_per_technique_lists_every_known_class_then_extras() -> None:
    result = score_tc(tc(("A", "Invented", 0, 5)), GOLD_TC, techniques=["Doubt"])
    assert list(result.per_technique) == ["Doubt", "Invented", "Loaded_Language", "Name_Calling,Labeling", "Slogans"]

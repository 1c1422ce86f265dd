"""The cross-encoder trainer's torch-free parts: the fold split, the pair text, the second-stage fit."""

from __future__ import annotations

import random

import numpy as np
import pytest

from sourcetrace.store._rerank import RERANK_FEATURES
from sourcetrace.train.crossencoder import FORMS, STAGE2_FEATURES, Cands, _fit, fit_second_stage, held_out, pair_text


@pytest.mark.unit
def test_held_out_folds_partition_the_queries_deterministically() -> None:
    qids = [f"q{n}" for n in range(23)]
    folds = [held_out(qids, 5, fold) for fold in range(5)]
    assert set().union(*folds) == set(qids) and sum(len(f) for f in folds) == len(qids)
    assert held_out(list(reversed(qids)), 5, 2) == folds[2]  # independent of the input order


@pytest.mark.unit
def test_pair_text_is_the_embedded_text() -> None:
    assert pair_text("Taxes doubled.", "Did taxes double?") == "Taxes doubled. Did taxes double?"
    assert pair_text("Taxes doubled.", " taxes doubled. ") == "Taxes doubled."
    assert pair_text("Taxes doubled.", None) == "Taxes doubled."


def _collection(seed: int = 3, queries: int = 60, per_query: int = 20) -> tuple[Cands, dict[str, list[float]]]:
    """First-stage candidates whose features say little, and pair scores that find the gold claim."""
    rng = random.Random(seed)
    cands: Cands = {}
    scores: dict[str, list[float]] = {}
    for q in range(queries):
        gold = rng.randrange(per_query)
        found = []
        for i in range(per_query):
            features = tuple(rng.gauss(0, 1) for _ in RERANK_FEATURES)
            found.append((f"c{q}-{i}", f"claim {i}", None, features, -float(i)))
        cands[f"q{q}"] = (f"query {q}", {f"c{q}-{gold}"}, found)
        scores[f"q{q}"] = [rng.gauss(3.0 if i == gold else 0.0, 1.0) for i in range(per_query)]
    return cands, scores


@pytest.mark.unit
def test_second_stage_learns_to_trust_a_pair_score_that_finds_the_gold_claim() -> None:
    cands, scores = _collection()
    stage = fit_second_stage(cands, scores, [1.0] * len(RERANK_FEATURES))
    assert len(stage["rank_coef"]) == len(stage["coef"]) == len(STAGE2_FEATURES)
    assert stage["rank_coef"][-1] > 0.5 and stage["coef"][-1] > 0.5
    metrics = stage["metrics"]
    # The first stage's order is arbitrary here (gold at a random rank); the pair score is informative.
    assert metrics["held_out_queries"] == 60 and metrics["first_stage_map5"] < 0.35
    assert metrics["second_stage_cv_map5"] > metrics["first_stage_map5"] + 0.3
    assert 0.2 <= stage["threshold"] <= 0.9 and 0.0 <= metrics["oof_top10_ece"] < 0.2
    assert set(metrics["tried_cv_map5"]) == {f"{form} L2 {l2:g}" for form in FORMS for l2 in (1e-4, 1e-3, 1e-2, 1e-1)}


@pytest.mark.unit
def test_blend_form_is_the_first_stage_score_plus_the_pair_score() -> None:
    cands, scores = _collection(queries=40)
    first = np.asarray([0.5, -1.0, 0.0, 2.0, 0.0, 1.0, -0.5])
    rank_coef, coef, _ = _fit(cands, scores, sorted(scores), 1e-2, "blend", first)
    assert len(rank_coef) == len(coef) == len(STAGE2_FEATURES)
    a, b = rank_coef[0] / first[0], rank_coef[-1]
    assert np.allclose(rank_coef[:-1], a * first) and b > 0.5  # the pair score carries the signal here


@pytest.mark.unit
def test_all_queries_needs_the_folds_held_out_scores(tmp_path, capsys) -> None:
    from sourcetrace.train.crossencoder import main

    data = tmp_path / "data"
    data.mkdir()
    (data / "train.tsv").write_text("", encoding="utf-8")
    assert main(["--data", str(data), "--out", str(tmp_path / "out"), "--all-queries"]) == 2
    assert "--all-queries needs --pool-from" in capsys.readouterr().err
    fold = tmp_path / "fold1"
    fold.mkdir()  # a run folder without heldout_scores.json
    assert main(["--data", str(data), "--out", str(tmp_path / "out"), "--all-queries", "--pool-from", str(fold)]) == 2
    assert f"no heldout_scores.json in {fold}" in capsys.readouterr().err

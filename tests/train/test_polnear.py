"""Tests for the PolNeAR splits the attribution models are trained and cross-fitted on."""

from __future__ import annotations

from pathlib import Path

from sourcetrace.train.polnear import PolnearDoc, fold_names, holdout_names


def _docs(n: int) -> list[PolnearDoc]:
    return [PolnearDoc(f"article-{i:03d}", Path(f"article-{i:03d}.txt"), ()) for i in range(n)]


def test_cross_fitting_parts_split_the_articles_outside_the_held_out_slice() -> None:
    docs = _docs(50)
    held = holdout_names(docs)
    parts = [fold_names(docs, k, 3) for k in range(3)]
    assert len(held) == 5
    assert set().union(*parts) == {d.name for d in docs} - held  # every other article, once
    assert sum(len(p) for p in parts) == 45 and all(len(p) == 15 for p in parts)
    assert all(not (a & b) for i, a in enumerate(parts) for b in parts[i + 1:])


def test_cross_fitting_parts_do_not_depend_on_the_order_of_the_articles() -> None:
    docs = _docs(40)
    assert fold_names(docs, 1, 2) == fold_names(list(reversed(docs)), 1, 2)
    assert fold_names(docs, 1, 2) != fold_names(docs, 1, 2, seed=14)

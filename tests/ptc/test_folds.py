"""Folds by article: disjoint, complete, balanced, reproducible for a seed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.ptc.folds import article_folds


@pytest.mark.unit
@given(st.sets(st.integers(0, 10**9).map(str), min_size=5, max_size=60), st.integers(2, 5), st.integers(0, 99))
def test_folds_partition_the_articles_evenly(ids: set[str], k: int, seed: int) -> None:
    folds = article_folds(ids, k, seed)
    assert len(folds) == k
    assert sorted(i for fold in folds for i in fold) == sorted(ids)
    assert max(map(len, folds)) - min(map(len, folds)) <= 1
    assert article_folds(list(reversed(sorted(ids))), k, seed) == folds


@pytest.mark.unit
def test_the_seed_changes_the_split() -> None:
    ids = [str(i) for i in range(40)]
    assert article_folds(ids, 5, 1) != article_folds(ids, 5, 2)
    assert article_folds(ids, 5) == article_folds(ids, 5)


@pytest.mark.unit
@pytest.mark.parametrize("k", [1, 4])
def test_impossible_fold_counts_are_refused(k: int) -> None:
    with pytest.raises(ValueError, match=f"cannot make {k} folds of 3 articles"):
        article_folds(["a", "b", "c"], k)

"""Cross-validation folds by article: every span of an article lands in the same fold."""

from __future__ import annotations

import random
from collections.abc import Iterable

__all__ = ["DEFAULT_SEED", "article_folds"]

#: The seed the benchmarks use, so every run and every model sees the same folds.
DEFAULT_SEED = 2020


def article_folds(article_ids: Iterable[str], folds: int = 5, seed: int = DEFAULT_SEED) -> list[list[str]]:
    """Split article ids into ``folds`` disjoint, near-equal, sorted lists, shuffled with a fixed ``seed``.

    The result depends only on the set of ids, the fold count and the seed.
    """
    ids = sorted(set(article_ids))
    if folds < 2 or folds > len(ids):
        raise ValueError(f"cannot make {folds} folds of {len(ids)} articles")
    random.Random(seed).shuffle(ids)
    return [sorted(ids[k::folds]) for k in range(folds)]

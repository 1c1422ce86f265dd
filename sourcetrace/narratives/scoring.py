"""Scores narrative predictions the SemEval-2025 Task 10 subtask-2 way, and measures calibration.

The task's measure is the samples-averaged F1: for each article, the F1 of its
predicted label set against its gold set, averaged over articles (labels compared as
whole strings, so sub-narratives are scored as ``"DOMAIN: Narrative: Sub"``; ``Other``
is a label like any other; an empty prediction scores 0). It is computed separately
for narratives (coarse) and sub-narratives (fine).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sourcetrace.narratives.corpus import Annotation

__all__ = ["Reliability", "TaskScore", "reliability", "samples_f1", "score"]


def samples_f1(gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]]) -> float:
    """Mean over articles of the F1 between the predicted and gold label sets."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold rows but {len(predicted)} predicted rows")
    if not gold:
        return 0.0
    total = 0.0
    for g_labels, p_labels in zip(gold, predicted, strict=True):
        g, p = set(g_labels), set(p_labels)
        total += 2 * len(g & p) / (len(g) + len(p)) if g or p else 1.0
    return total / len(gold)


@dataclass(frozen=True)
class TaskScore:
    """Samples-F1 at both levels and the per-article standard deviation, as the task's scorer prints."""

    narratives: float
    subnarratives: float
    narratives_std: float
    subnarratives_std: float
    articles: int


def score(gold: Mapping[str, Annotation], predicted: Mapping[str, Annotation]) -> TaskScore:
    """Score predictions for every gold article (a missing prediction scores 0)."""
    files = sorted(gold)
    empty = Annotation("", (), ())
    per_n = [samples_f1([gold[f].narratives], [predicted.get(f, empty).narratives]) for f in files]
    per_s = [samples_f1([gold[f].subnarratives], [predicted.get(f, empty).subnarratives]) for f in files]
    return TaskScore(
        float(np.mean(per_n)) if files else 0.0, float(np.mean(per_s)) if files else 0.0,
        float(np.std(per_n)) if files else 0.0, float(np.std(per_s)) if files else 0.0, len(files),
    )


@dataclass(frozen=True)
class Reliability:
    """Expected calibration error and its bins: ``(count, mean probability, observed frequency)``."""

    ece: float
    bins: list[tuple[int, float, float]]


def reliability(probabilities: Sequence[float], outcomes: Sequence[bool], bins: int = 10) -> Reliability:
    """ECE over equal-width probability bins, weighted by bin size."""
    p = np.asarray(probabilities, dtype=np.float64)
    y = np.asarray(outcomes, dtype=np.float64)
    if len(p) == 0:
        return Reliability(0.0, [])
    which = np.minimum((p * bins).astype(int), bins - 1)
    table = []
    ece = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            table.append((int(mask.sum()), float(p[mask].mean()), float(y[mask].mean())))
            ece += mask.mean() * abs(p[mask].mean() - y[mask].mean())
    return Reliability(float(ece), table)

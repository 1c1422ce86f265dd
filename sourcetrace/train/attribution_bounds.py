"""Fit the content-boundary choice (rule span or tagger span) on PolNeAR train articles no tagger saw.

``python -m sourcetrace.train.attribution_bounds --data ../shared/data/polnear [--install]
[--cross-fit DIR0 DIR1]``

The attribution stage runs without the choice on every article of the slice the committed tagger
never trained on (``holdout_names``) and, with ``--cross-fit``, on each half of the other train
articles with the tagger trained without that half (``python -m sourcetrace.train.attribution
--fold K --folds 2``): a choice learnt only where the committed tagger is unseen would have 84
articles, with the cross-fitting halves it has 840. Each rule content that an overlapping tagger
content draws otherwise becomes a row, labelled 1 when the tagger's span is the gold content of
the attribution with the same cue, 0 when the rule's is (rows where neither is are left out). A
logistic regression over standardised features is fitted on all rows; its threshold is the one
of 0.5-0.9 with the best out-of-fold net gain (right switches minus wrong ones; 5 folds by
article): below 0.5 the rule's span is the likelier one. No torch: numpy only, a few minutes
(the parse and the taggers over the articles, one process per tagger).
"""

from __future__ import annotations

import argparse
import json
import os
import random
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from sourcetrace.models.tagger import SpanTagger
from sourcetrace.pipeline import Pipeline
from sourcetrace.readers import read_path
from sourcetrace.stages._attribution_bounds import BOUNDS_FILE, candidate_rows
from sourcetrace.stages.attribution import AttributionStage
from sourcetrace.store._calibration import fit_standardised
from sourcetrace.train.polnear import PolnearDoc, fold_names, holdout_names, load_split

__all__ = ["collect_rows", "main"]

THRESHOLDS = tuple(round(0.5 + 0.05 * i, 2) for i in range(9))


def collect_rows(
    docs: list[PolnearDoc], tagger: Path | None = None
) -> tuple[list[list[float]], list[int], list[int]]:
    """Features, labels and the article index of every labelled choice in ``docs``.

    ``tagger`` is the folder of the tagger that reads them (default: the committed one).
    """
    linguistics = Pipeline(["linguistics"])
    stage = AttributionStage(content_bounds=False, tagger=None if tagger is None else SpanTagger(tagger))
    x: list[list[float]] = []
    y: list[int] = []
    groups: list[int] = []
    for d, doc in enumerate(docs):
        article = stage(linguistics(read_path(doc.text_path)[0]))
        scored, tokens = stage.tag_tokens(article.prose())
        assert tokens is not None
        found = article.attributions
        sentences = [(s.start, s.end) for s in article.sentences]
        for i, tagged, row in candidate_rows(article.text, found, scored, tokens, sentences):
            cue = found[i].cue
            gold = next((g for g in doc.attributions if g.cue and g.cue[0] < cue[1] and cue[0] < g.cue[1]), None)
            if gold is None or gold.content is None or gold.content not in (tagged, found[i].content):
                continue
            x.append(row)
            y.append(int(gold.content == tagged))
            groups.append(d)
    return x, y, groups


def _net(p: np.ndarray, y: np.ndarray, threshold: float) -> int:
    switched = p >= threshold
    return int(((y == 1) & switched).sum() - ((y == 0) & switched).sum())


def main(argv: list[str] | None = None) -> int:
    """Fit, print the out-of-fold sweep, write ``bounds.json``."""
    parser = argparse.ArgumentParser(
        prog="python -m sourcetrace.train.attribution_bounds", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/st-attr-bounds.json"))
    parser.add_argument("--l2", type=float, default=0.003, help="L2 penalty per row on standardised features")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--install", action="store_true", help=f"write {BOUNDS_FILE} instead of --out")
    parser.add_argument(
        "--cross-fit", type=Path, nargs="*", default=[], metavar="DIR",
        help="tagger folders trained with 'sourcetrace.train.attribution --fold K', K = 0, 1, ...: their left-out "
        "parts of train become rows too",
    )
    args = parser.parse_args(argv)
    train = load_split(args.data, "train")
    held = holdout_names(train)
    parts: list[tuple[list[PolnearDoc], Path | None]] = [([d for d in train if d.name in held], None)]
    for k, folder in enumerate(args.cross_fit):
        left_out = fold_names(train, k, len(args.cross_fit))
        parts.append(([d for d in train if d.name in left_out], folder))
    with ProcessPoolExecutor(max_workers=min(len(parts), os.cpu_count() or 1)) as pool:
        collected = list(pool.map(collect_rows, *zip(*parts, strict=True)))
    docs: list[PolnearDoc] = []
    rows: list[list[float]] = []
    labels: list[int] = []
    groups: list[int] = []
    for (part_docs, _), (r, lab, grp) in zip(parts, collected, strict=True):
        rows += r
        labels += lab
        groups += [len(docs) + g for g in grp]
        docs += part_docs
    x, y, g = np.asarray(rows, dtype=np.float64), np.asarray(labels, dtype=np.float64), np.asarray(groups)
    print(f"{len(docs)} articles the tagger did not train on, {len(y)} labelled choices ({int(y.sum())} for the "
          "tagger's span)", flush=True)
    order = list(range(len(docs)))
    random.Random(args.seed).shuffle(order)
    fold_of = {d: k % args.folds for k, d in enumerate(order)}
    folds = np.asarray([fold_of[d] for d in g])
    oof = np.zeros(len(y))
    for k in range(args.folds):
        coef, intercept = fit_standardised(x[folds != k], y[folds != k], args.l2)
        oof[folds == k] = 1.0 / (1.0 + np.exp(-(x[folds == k] @ coef + intercept)))
    sweep = [(_net(oof, y, t), int((oof >= t).sum()), t) for t in THRESHOLDS]
    print("out-of-fold net gain (switches) per threshold: "
          + ", ".join(f"{t}: {net:+d} ({n})" for net, n, t in sweep), flush=True)
    best_net, switched, threshold = max(sweep, key=lambda s: (s[0], s[2]))
    if args.cross_fit:
        slice_rows = g < len(held)
        print("  of which on the committed tagger's held-out slice: " + ", ".join(
            f"{t}: {_net(oof[slice_rows], y[slice_rows], t):+d}" for t in THRESHOLDS), flush=True)
    coef, intercept = fit_standardised(x, y, args.l2)
    out = BOUNDS_FILE if args.install else args.out
    out.write_text(json.dumps({
        "name": "attribution-content-bounds",
        "data": "PolNeAR train, the tagger's held-out slice (holdout_names, seed 13)" + (
            f" and the other train articles, each read by one of {len(args.cross_fit)} cross-fitted taggers"
            if args.cross_fit else ""),
        "articles": len(docs), "rows": len(y), "tagger_right": int(y.sum()), "l2": args.l2,
        "threshold": threshold, "out_of_fold_net": best_net, "out_of_fold_switched": switched,
        "intercept": intercept, "coef": [round(float(c), 6) for c in coef],
    }, indent=1) + "\n", encoding="utf-8")
    print(f"threshold {threshold} (out-of-fold net {best_net:+d} over {switched} switches) -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

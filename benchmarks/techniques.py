"""Cross-validate technique predictors on the PTC training data with the official SemEval-2020 Task 11 metrics.

    python -m benchmarks.techniques --data ../shared/data/ptc --folds 5 [--seed 2020]
        [--predictor NAME=module:factory ...] [--models DIR [--write-calibration CONFIG]]

Folds are by article (``sourcetrace.ptc.folds.article_folds``, fixed seed).
For each fold, every predictor factory is called with the articles and TC
labels of the *other* folds and must return a ``TechniquePredictor``; it is
then scored on the held-out fold: SI (its spans against the SI labels), TC
(techniques for the gold TC spans, given) and FLC (its spans with techniques
against the TC labels). Figures are printed per fold, as the mean over folds,
and pooled (all held-out predictions scored at once).

Two baselines always run: ``majority`` (no spans; the most frequent training
technique for every span) and ``lexicon`` (``sourcetrace.ptc.baseline``: cue
n-grams for spans, span-text / last-word / shape majority for techniques).
A trained model plugs in with ``--predictor tagger=package.module:factory``;
``--models DIR`` evaluates the project's fold models (``sourcetrace train techniques
--fold K --out DIR/foldK``, each trained without fold K) and measures calibration
of span, sentence, article and technique scores (``benchmarks._techniques_calibration``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks._techniques_calibration import collect, fit_all, report
from sourcetrace.errors import SourcetraceError
from sourcetrace.ptc.baseline import LexiconBaseline, MajorityBaseline
from sourcetrace.ptc.corpus import PtcSpan, read_articles, read_si_labels, read_tc_labels
from sourcetrace.ptc.folds import DEFAULT_SEED, article_folds
from sourcetrace.ptc.predict import TechniquePredictor, predict_flc, predict_si, predict_tc
from sourcetrace.ptc.scoring import Score, score_flc, score_si, score_tc

#: ``factory(training articles, training TC spans) -> predictor``.
Factory = Callable[[Mapping[str, str], Sequence[PtcSpan]], TechniquePredictor]
BASELINES: dict[str, Factory] = {"majority": MajorityBaseline.fit, "lexicon": LexiconBaseline.fit}
TASKS = ("si", "tc", "flc")


@dataclass
class Run:
    """Held-out predictions and per-fold scores of one predictor."""

    folds: list[dict[str, Score]] = field(default_factory=list)
    si: list[PtcSpan] = field(default_factory=list)
    tc: list[PtcSpan] = field(default_factory=list)
    flc: list[PtcSpan] = field(default_factory=list)
    seconds: float = 0.0


def load_factory(spec: str) -> tuple[str, Factory]:
    """Resolve ``NAME=module:attr.path`` (or ``module:attr``) to a named predictor factory."""
    name, _, target = spec.rpartition("=")
    module_name, _, attr = target.partition(":")
    if not attr:
        raise SystemExit(f"--predictor {spec!r}: expected NAME=module:factory")
    obj: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return name or attr, obj


def _fmt(score: Score) -> str:
    return f"{score.precision:.3f}/{score.recall:.3f}/{score.f1:.3f}"


def evaluate(
    articles: Mapping[str, str],
    si_gold: Sequence[PtcSpan],
    tc_gold: Sequence[PtcSpan],
    factories: Mapping[str, Factory],
    folds: int,
    seed: int,
) -> dict[str, Run]:
    """Run every factory over the folds; print per-fold P/R/F1 and return the runs."""
    splits = article_folds(articles, folds, seed)
    runs = {name: Run() for name in factories}
    for k, held in enumerate(splits):
        held_set = set(held)
        train = {i: t for i, t in articles.items() if i not in held_set}
        train_spans = [s for s in tc_gold if s.article_id not in held_set]
        test = {i: articles[i] for i in held}
        fold_si = [s for s in si_gold if s.article_id in held_set]
        fold_tc = [s for s in tc_gold if s.article_id in held_set]
        template = [PtcSpan(s.article_id, s.start, s.end) for s in fold_tc]
        for name, factory in factories.items():
            started = time.perf_counter()
            predictor = factory(train, train_spans)
            si, flc = predict_si(test, predictor), predict_flc(test, predictor)
            tc = predict_tc(test, template, predictor)
            run = runs[name]
            run.seconds += time.perf_counter() - started
            run.si += si
            run.tc += tc
            run.flc += flc
            scores = {"si": score_si(si, fold_si).overall, "tc": score_tc(tc, fold_tc).overall,
                      "flc": score_flc(flc, fold_tc).overall}
            run.folds.append(scores)
            print(f"fold {k + 1}/{folds} ({len(held)} articles) {name:<10} "
                  + "  ".join(f"{t.upper()} P/R/F1 {_fmt(scores[t])}" for t in TASKS), flush=True)
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run the cross-validation, print the summary table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc"), help="PTC training data directory.")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--predictor", action="append", default=[], metavar="NAME=module:factory",
                        help="Also evaluate this predictor factory (repeatable).")
    parser.add_argument("--no-baselines", action="store_true", help="Skip the majority and lexicon baselines.")
    parser.add_argument("--models", type=Path, default=None,
                        help="Directory of fold models (fold0 ... fold4) from 'sourcetrace train techniques --fold K':"
                             " evaluates them as predictor 'tagger' and measures calibration.")
    parser.add_argument("--write-calibration", type=Path, default=None, metavar="CONFIG",
                        help="With --models: fit calibration on all held-out predictions, write it into CONFIG.")
    args = parser.parse_args(argv)
    data: Path = args.data
    if not (data / "train-articles").is_dir():
        print(f"PTC data not found: {data}/train-articles is missing (pass --data DIR)", file=sys.stderr)
        return 2
    factories: dict[str, Factory] = {} if args.no_baselines else dict(BASELINES)
    factories.update(load_factory(spec) for spec in args.predictor)
    try:
        articles = read_articles(data / "train-articles")
        si_gold = read_si_labels(data / "train-task1-SI.labels", articles)
        tc_gold = read_tc_labels(data / "train-task2-TC.labels", articles)
    except SourcetraceError as exc:
        print(f"cannot read the PTC data: {exc}", file=sys.stderr)
        return 2
    splits = article_folds(articles, args.folds, args.seed)
    started = time.perf_counter()
    runs = evaluate(articles, si_gold, tc_gold, factories, args.folds, args.seed)
    tagger: dict[str, float] | None = None
    if args.models is not None:
        tagger_started = time.perf_counter()
        held = collect(args.models, articles, splits)
        tagger = report(held, si_gold, tc_gold)
        tagger_seconds = time.perf_counter() - tagger_started
        if args.write_calibration is not None:
            fit_all(held, si_gold, tc_gold, args.write_calibration)
    print()
    print(f"PTC train, {len(articles)} articles, {args.folds}-fold CV by article (seed {args.seed}); "
          "official SemEval-2020 Task 11 metrics")
    print(f"{'predictor':<12} {'SI F1 mean':>10} {'SI F1 pooled':>12} {'TC F1 mean':>10} {'TC F1 pooled':>12} "
          f"{'FLC F1 mean':>11} {'FLC F1 pooled':>13} {'seconds':>8}")
    for name, run in runs.items():
        means = {t: sum(f[t].f1 for f in run.folds) / len(run.folds) for t in TASKS}
        pooled = {"si": score_si(run.si, si_gold).overall.f1, "tc": score_tc(run.tc, tc_gold).overall.f1,
                  "flc": score_flc(run.flc, tc_gold).overall.f1}
        print(f"{name:<12} {means['si']:>10.4f} {pooled['si']:>12.4f} {means['tc']:>10.4f} {pooled['tc']:>12.4f} "
              f"{means['flc']:>11.4f} {pooled['flc']:>13.4f} {run.seconds:>8.1f}")
    if tagger is not None:
        print(f"{'tagger':<12} {'':>10} {tagger['si']:>12.4f} {'':>10} {tagger['tc']:>12.4f} "
              f"{'':>11} {tagger['flc']:>13.4f} {tagger_seconds:>8.1f}  (fold models, inference only)")
    print()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"total {time.perf_counter() - started:.1f} s")
    extra = "".join(f" --predictor {spec}" for spec in args.predictor)
    extra += f" --models {args.models}" if args.models is not None else ""
    print(f"reproduce: python -m benchmarks.techniques --data {data} --folds {args.folds} --seed {args.seed}{extra}"
          + (" --no-baselines" if args.no_baselines else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the attribution stage on PolNeAR: exact and overlap P/R/F1 for source, cue and content.

    python -m benchmarks.attribution --data ../shared/data/polnear --split dev [--mode all|rules|tagger|fused]
    sourcetrace analyze ../shared/data/polnear/dev/text --format jsonl > dev.jsonl
    python -m benchmarks.attribution --data ../shared/data/polnear --split dev --report dev.jsonl

``rules`` = the dependency rules alone, ``tagger`` = the learned tagger's raw spans
per role (no pairing), ``fused`` = the stage as shipped. ``--holdout --split train``
scores the train slice the tagger held out (used to tune the fusion policy); ``--split train
--cross-fit DIR0 DIR1`` scores the other train articles, each half read by the tagger trained
without it (``python -m sourcetrace.train.attribution --fold K --folds 2``): nine times the slice.
``--report`` scores the product path instead: the ``attributions`` of a JSONL report
written by ``sourcetrace analyze DIR --format jsonl``, matched to articles by file name.

Exact = identical offsets; overlap = at least one shared character. Spans are
matched one-to-one per role; discontinuous gold spans count as their covering span.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks._polnear import GoldAttribution, fold_names, holdout_names, load_split
from sourcetrace.stages._attribution_fusion import FusionPolicy

ROLES = ("source", "cue", "content")
Span = tuple[int, int]


@dataclass
class Tally:
    """Counts of predicted, gold and matched spans for one role and one matching rule."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0

    def prf(self) -> tuple[float, float, float]:
        """Return precision, recall and F1."""
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Scores:
    """Exact and overlap tallies for every role."""

    exact: dict[str, Tally] = field(default_factory=lambda: {r: Tally() for r in ROLES})
    overlap: dict[str, Tally] = field(default_factory=lambda: {r: Tally() for r in ROLES})


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(predicted: Sequence[Span], gold: Sequence[Span], exact: bool) -> int:
    """Return how many spans match one-to-one (greedy by largest overlap)."""
    if exact:
        remaining: dict[Span, int] = {}
        for g in gold:
            remaining[g] = remaining.get(g, 0) + 1
        hits = 0
        for p in predicted:
            if remaining.get(p, 0) > 0:
                remaining[p] -= 1
                hits += 1
        return hits
    pairs = sorted(
        ((_overlap(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold) if _overlap(p, g) > 0),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p)


def score_document(
    scores: Scores, predicted: Iterable[dict[str, Span | None]], gold: Iterable[GoldAttribution]
) -> None:
    """Add one document's predicted attributions (role -> span) and gold attributions to ``scores``."""
    preds = list(predicted)
    golds = list(gold)
    for role in ROLES:
        p_spans = [s for a in preds if (s := a[role]) is not None]
        g_spans = [s for g in golds if (s := getattr(g, role)) is not None]
        for tallies, exact in ((scores.exact, True), (scores.overlap, False)):
            tally = tallies[role]
            tally.predicted += len(p_spans)
            tally.gold += len(g_spans)
            tally.matched += match(p_spans, g_spans, exact)


def format_scores(scores: Scores) -> str:
    """Render the score table."""
    lines = [f"{'role':<8} {'exact P':>8} {'R':>6} {'F1':>6}   {'overlap P':>9} {'R':>6} {'F1':>6}   {'gold':>6}"]
    for role in ROLES:
        ep, er, ef = scores.exact[role].prf()
        op, orr, of = scores.overlap[role].prf()
        gold = scores.exact[role].gold
        lines.append(f"{role:<8} {ep:8.3f} {er:6.3f} {ef:6.3f}   {op:9.3f} {orr:6.3f} {of:6.3f}   {gold:6d}")
    return "\n".join(lines)


def machine() -> str:
    """Describe the machine the figures were measured on."""
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _policy(pairs: list[str]) -> FusionPolicy:
    values: dict[str, object] = {}
    for pair in pairs:
        key, _, raw = pair.partition("=")
        value: object = raw
        if raw in ("true", "false"):
            value = raw == "true"
        elif raw.isdigit():
            value = int(raw)
        elif raw.replace(".", "", 1).isdigit():
            value = float(raw)
        values[key] = value
    return FusionPolicy(**values)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    """Run the attribution stage (rules, tagger, fused) over a PolNeAR split and print its scores."""
    parser = argparse.ArgumentParser(description="Attribution benchmark on PolNeAR.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--mode", default="all", choices=("all", "rules", "tagger", "fused"))
    parser.add_argument("--model-dir", type=Path, default=None, help="tagger folder (default: the committed one)")
    parser.add_argument("--holdout", action="store_true", help="with --split train: only the tagger's held-out slice")
    parser.add_argument("--report", type=Path, default=None,
                        help="score this `sourcetrace analyze --format jsonl` output instead of running the stage")
    parser.add_argument("--policy", nargs="*", default=[], help="fusion policy overrides, e.g. keep_unmatched=none")
    parser.add_argument(
        "--cross-fit", type=Path, nargs="*", default=[], metavar="DIR",
        help="with --split train: taggers trained with 'sourcetrace.train.attribution --fold K', K = 0, 1, ...; each "
        "scores the part of train it left out (the held-out slice is not scored)",
    )
    args = parser.parse_args(argv)
    if args.cross_fit and (args.split != "train" or args.holdout or args.mode not in ("fused", "all")):
        print("--cross-fit scores the fused stage on --split train only (no --holdout)", file=sys.stderr)
        return 2
    if not (args.data / "metadata.tsv").exists() or not (args.data / args.split).is_dir():
        print(
            f"PolNeAR data not found at {args.data} (need metadata.tsv and {args.split}/); pass --data DIR",
            file=sys.stderr,
        )
        return 2

    if args.report is not None:
        return _score_report(args, argv)

    from sourcetrace.models.tagger import SpanTagger
    from sourcetrace.pipeline import Pipeline
    from sourcetrace.readers import read_path
    from sourcetrace.stages.attribution import AttributionStage, load_tagger

    docs = load_split(args.data, args.split, None if args.holdout else args.limit)
    if args.holdout:
        held = holdout_names(docs)
        docs = [d for d in docs if d.name in held][: args.limit]
    modes = ("rules", "tagger", "fused") if args.mode == "all" else (args.mode,)
    linguistics = Pipeline(["linguistics"])
    linguistics.warm_up()
    tagger = SpanTagger(args.model_dir) if args.model_dir else load_tagger() if modes != ("rules",) else None
    stages = {
        "rules": AttributionStage(use_tagger=False),
        "tagger": AttributionStage(tagger=tagger),
        "fused": AttributionStage(tagger=tagger, policy=_policy(args.policy)),
    }
    for mode in modes:
        stages[mode].warm_up()
    reader: dict[str, dict[str, AttributionStage]] = {}  # --cross-fit: the stages of the tagger that left a doc out
    if args.cross_fit:
        modes = ("fused",)
        for k, folder in enumerate(args.cross_fit):
            fold_tagger = SpanTagger(folder)
            fused = AttributionStage(tagger=fold_tagger, policy=_policy(args.policy))
            reader.update({name: {"fused": fused} for name in fold_names(docs, k, len(args.cross_fit))})
        docs = [d for d in docs if d.name in reader]
    scores = {m: Scores() for m in modes}
    times = dict.fromkeys(("parse", *modes), 0.0)
    for doc in docs:
        article = read_path(doc.text_path)[0]
        t0 = time.perf_counter()
        article = linguistics(article)
        times["parse"] += time.perf_counter() - t0
        for mode in modes:
            t0 = time.perf_counter()
            if mode == "tagger":
                spans = stages[mode].tag(article.text)
                preds = [{r: s if r == role else None for r in ROLES} for role in ROLES for s in spans[role]]
            else:
                article = reader.get(doc.name, stages)[mode](article)
                preds = [{"source": a.source, "cue": a.cue, "content": a.content} for a in article.attributions]
            times[mode] += time.perf_counter() - t0
            score_document(scores[mode], preds, doc.attributions)
    n = max(len(docs), 1)
    some = next(iter(scores.values()))
    label = f"{args.split}{' held-out slice' if args.holdout else ''}{', cross-fitted' if args.cross_fit else ''}"
    print(f"PolNeAR {label}: {len(docs)} articles, {some.exact['cue'].gold} gold attributions")
    for mode in modes:
        print(f"\n[{mode}]" + (" (raw spans, no pairing)" if mode == "tagger" else ""))
        print(format_scores(scores[mode]))
    timing = ", ".join(f"{k} {1000 * v / n:.1f} ms" for k, v in times.items())
    print(f"\ntime per article: {timing} (tagger = model only; fused = rules + tagger + fusion)")
    cmd = "python -m benchmarks.attribution " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"command: {cmd}")
    print(f"machine: {machine()}")
    return 0


def _span(value: object) -> Span | None:
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return (value[0], value[1])
    return None


def _score_report(args: argparse.Namespace, argv: list[str] | None) -> int:
    """Score the attributions of a JSONL report (one article per line) against the split's gold."""
    docs = {d.text_path.name: d for d in load_split(args.data, args.split, args.limit)}
    scores = Scores()
    seen: set[str] = set()
    try:
        lines = args.report.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        print(f"cannot read report {args.report}: {exc.strerror}", file=sys.stderr)
        return 2
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            report = json.loads(line)
            name = Path(str(report["source"])).name
            attributions = report["attributions"]
        except (ValueError, KeyError, TypeError) as exc:
            print(f"{args.report}:{number}: not a sourcetrace report ({exc})", file=sys.stderr)
            return 2
        doc = docs.get(name)
        if doc is None:
            continue
        seen.add(name)
        preds = [{role: _span(a.get(role)) for role in ROLES} for a in attributions]
        score_document(scores, preds, doc.attributions)
    missing = sorted(set(docs) - seen)
    for name in missing:
        score_document(scores, [], docs[name].attributions)
    print(f"PolNeAR {args.split}: {len(docs)} articles, {scores.exact['cue'].gold} gold attributions; "
          f"report {args.report} covers {len(seen)} ({len(missing)} missing, scored as empty)")
    print(f"\n[report]\n{format_scores(scores)}")
    cmd = "python -m benchmarks.attribution " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"command: {cmd}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Speed of the full analysis against a bare spaCy parse of the same texts.

Run: python -m benchmarks.speed --data ../shared/data/ptc/train-articles --limit 200

Prints articles/s and p50/p95 per-article latency for the full pipeline in one
process and in two worker processes, the same for a bare spaCy parse measured
in the same run (the floor), their ratio, and peak memory (RSS).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sourcetrace.nlp import load_spacy
from sourcetrace.pipeline import DEFAULT_STAGES, Pipeline, without
from sourcetrace.readers import read_path

_PIPELINE: Pipeline | None = None


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timed(run: Callable[[str], object], paths: Sequence[str]) -> tuple[float, list[float]]:
    latencies = []
    start = time.perf_counter()
    for path in paths:
        t0 = time.perf_counter()
        run(path)
        latencies.append(time.perf_counter() - t0)
    return time.perf_counter() - start, latencies


def _bare_parse(path: str) -> object:
    return load_spacy()(Path(path).read_text(encoding="utf-8"))


def _full(path: str) -> object:
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline(STAGES)
        _PIPELINE.warm_up()
    return [_PIPELINE(a) for a in read_path(path)]


def _worker_init() -> None:
    load_spacy()


def _worker_run(job: tuple[str, str]) -> float:
    kind, path = job
    t0 = time.perf_counter()
    (_full if kind == "full" else _bare_parse)(path)
    return time.perf_counter() - t0


def _parallel(kind: str, paths: Sequence[str], workers: int) -> tuple[float, list[float]]:
    ctx = mp.get_context("fork")
    with ctx.Pool(workers, initializer=_worker_init) as pool:
        pool.map(_worker_run, [(kind, p) for p in paths[:workers]])  # warm every worker
        start = time.perf_counter()
        latencies = pool.map(_worker_run, [(kind, p) for p in paths], chunksize=4)
        return time.perf_counter() - start, latencies


def _row(label: str, n: int, total: float, lat: list[float]) -> str:
    return (
        f"{label:<28} {n / total:8.2f} art/s   p50 {1000 * statistics.median(lat):7.1f} ms"
        f"   p95 {1000 * _percentile(lat, 0.95):7.1f} ms"
    )


STAGES: tuple[str, ...] = DEFAULT_STAGES


def _per_stage(paths: Sequence[str], args: argparse.Namespace) -> int:
    """Print the mean milliseconds per article of each stage, and of a bare spaCy parse, in one process."""
    pipe = Pipeline(STAGES)
    pipe.warm_up()
    load_spacy()
    costs = dict.fromkeys(pipe.names, 0.0)
    bare = 0.0
    runs = [*paths[:2], *paths]
    for i, p in enumerate(runs):
        warm = i < len(runs) - len(paths)  # the first two runs warm caches and are not counted
        t0 = time.perf_counter()
        _bare_parse(p)
        spent = time.perf_counter() - t0
        bare += 0.0 if warm else spent
        for article in read_path(p):
            for stage in pipe.stages:
                t0 = time.perf_counter()
                article = stage(article)
                costs[stage.name] += 0.0 if warm else time.perf_counter() - t0
    n = len(paths)
    print(f"# {n} articles, one process; ms per article")
    print(f"bare spaCy parse: {1000 * bare / n:.0f}")
    for name, total in costs.items():
        print(f"{name}: {1000 * total / n:.0f}")
    print(f"all stages: {1000 * sum(costs.values()) / n:.0f} ({sum(costs.values()) / bare:.2f}x the bare parse)")
    skip = f" --skip {args.skip}" if args.skip else ""
    print(f"command: python -m benchmarks.speed --data {args.data} --per-stage {n}{skip}")
    return 0


def main(argv: list[str] | None = None) -> int:
    global STAGES
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data/ptc/train-articles", help="directory of .txt articles")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stages", default=",".join(DEFAULT_STAGES), help="comma-separated stage names")
    parser.add_argument("--skip", default="", help="comma-separated stages to leave out (as `analyze --skip`)")
    parser.add_argument("--per-stage", type=int, default=0, metavar="N",
                        help="only time each stage over the first N articles (ms/article, one process)")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not data.is_dir():
        print(f"benchmark data not found: {data} (pass --data DIR)", file=sys.stderr)
        return 2
    STAGES = tuple(without(args.stages.split(","), [n for n in args.skip.split(",") if n]))
    paths = [str(p) for p in sorted(data.glob("*.txt"))[: args.limit]]
    chars = sum(len(Path(p).read_text(encoding="utf-8")) for p in paths)

    if args.per_stage:
        return _per_stage(paths[: args.per_stage], args)
    load_spacy()
    for p in paths[:3]:  # warm caches of both runs
        _bare_parse(p)
        _full(p)
    bare_t, bare_lat = _timed(_bare_parse, paths)
    full_t, full_lat = _timed(_full, paths)
    bare2_t, bare2_lat = _parallel("bare", paths, args.workers)
    full2_t, full2_lat = _parallel("full", paths, args.workers)
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"# {len(paths)} articles, {chars} chars, stages: {','.join(STAGES)}")
    print(_row("bare spaCy parse, 1 proc", len(paths), bare_t, bare_lat))
    print(_row("full analysis, 1 proc", len(paths), full_t, full_lat))
    print(_row(f"bare spaCy parse, {args.workers} workers", len(paths), bare2_t, bare2_lat))
    print(_row(f"full analysis, {args.workers} workers", len(paths), full2_t, full2_lat))
    print(f"ratio full/bare (1 proc): {full_t / bare_t:.2f}x   ({args.workers} workers): {full2_t / bare2_t:.2f}x")
    print(f"peak RSS: main {peak_self:.0f} MB, largest worker {peak_child:.0f} MB")
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    skip = f" --skip {args.skip}" if args.skip else ""
    print(f"command: python -m benchmarks.speed --data {args.data} --limit {args.limit} --workers {args.workers}{skip}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

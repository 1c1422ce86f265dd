"""Claim retrieval on CheckThat! 2021 Task 2B, and the claim store at scale.

Quality (train or dev queries of the split's qrels):

    python -m benchmarks.retrieval --data ../shared/data/claim-retrieval --split dev [--pg URL]

prints MAP@1/3/5 and Recall@5 (CheckThat! 2021 2B definition: AP@k = sum of
precision at the ranks of relevant claims within the top k / number of
relevant claims, averaged over queries) for a plain BM25 baseline over claim +
title, implemented here independently of the store, and for the store's
lexical retrieval (SQLite; PostgreSQL too with ``--pg``).

Scale:

    python -m benchmarks.retrieval --data ../shared/data/claim-retrieval --scale 100000 [--pg URL]

builds a store of N synthetic claims (paraphrase-ish variants of the verified
claims: word swaps, synonym swaps, changed numbers) and prints import
throughput, size on disk, and query latency p50/p99 for one query repeated and
for a 1,000-query batch, SQLite and PostgreSQL side by side.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

from sourcetrace.store import ClaimStore, KnownClaim, Retriever, import_file, open_store

WORD = re.compile(r"\w+")
SYNONYMS = {
    "said": "stated", "says": "claims", "percent": "%", "million": "millions", "people": "residents",
    "government": "administration", "increase": "rise", "more": "additional", "tax": "levy", "jobs": "positions",
    "president": "leader", "country": "nation", "money": "funds", "children": "kids", "state": "province",
}


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class PlainBM25:
    """Okapi BM25 (k1=1.2, b=0.75) over lower-cased word tokens: the baseline, independent of the store."""

    def __init__(self, docs: dict[str, str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.ids = list(docs)
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths = []
        for i, text in enumerate(docs.values()):
            tokens = WORD.findall(text.lower())
            self.lengths.append(len(tokens))
            for term, tf in Counter(tokens).items():
                self.postings[term].append((i, tf))
        self.avgdl = sum(self.lengths) / len(self.lengths)

    def search(self, query: str, k: int) -> list[str]:
        scores: dict[int, float] = defaultdict(float)
        n = len(self.ids)
        for term in set(WORD.findall(query.lower())):
            posting = self.postings.get(term, [])
            idf = math.log(1 + (n - len(posting) + 0.5) / (len(posting) + 0.5))
            for i, tf in posting:
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avgdl)
                scores[i] += idf * tf * (self.k1 + 1) / norm
        best = sorted(scores.items(), key=lambda item: -item[1])[:k]
        return [self.ids[i] for i, _ in best]


def average_precision_at(gold: set[str], ranked: list[str], k: int) -> float:
    """CheckThat! 2021 2B: precision at each relevant rank within the top k, summed, over the number relevant."""
    correct, total = 0, 0.0
    for rank, doc in enumerate(ranked[:k], 1):
        if doc in gold:
            correct += 1
            total += correct / rank
    return total / len(gold) if gold else 0.0


def evaluate(runs: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    """MAP@1/3/5 and Recall@5 of ``runs`` (query id -> ranked doc ids)."""
    out = {f"MAP@{k}": statistics.fmean(average_precision_at(qrels[q], runs.get(q, []), k) for q in qrels)
           for k in (1, 3, 5)}
    out["R@5"] = statistics.fmean(len(qrels[q] & set(runs.get(q, [])[:5])) / len(qrels[q]) for q in qrels)
    return out


def _load(data: Path, split: str) -> tuple[list[dict[str, str]], dict[str, str], dict[str, set[str]]]:
    vclaims = [json.loads(line) for line in (data / "politifact-vclaims.jsonl").open(encoding="utf-8")]
    queries = dict(line.rstrip("\n").split("\t", 1) for line in (data / "iclaims.queries").open(encoding="utf-8"))
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (data / f"{split}.tsv").open(encoding="utf-8"):
        qid, _, doc, rel = line.split()
        if rel != "0":
            qrels[qid].add(doc)
    return vclaims, {q: queries[q] for q in qrels}, dict(qrels)


def _report(name: str, metrics: dict[str, float]) -> None:
    print(f"{name:<28}" + "  ".join(f"{key} {value:.4f}" for key, value in metrics.items()))


def quality(args: argparse.Namespace) -> None:
    vclaims, queries, qrels = _load(args.data, args.split)
    print(f"{len(queries)} {args.split} queries, {len(vclaims)} verified claims")
    bm25 = PlainBM25({v["vclaim_id"]: f"{v['vclaim']} {v.get('title', '')}" for v in vclaims})
    _report("BM25 baseline (claim+title)", evaluate({q: bm25.search(t, 5) for q, t in queries.items()}, qrels))
    backends = [("store sqlite (FTS5 BM25)", str(Path(tempfile.mkdtemp()) / "bench.db"))]
    if args.pg:
        backends.append(("store postgresql", args.pg))
    for name, target in backends:
        store = _open(target)
        import_file(store, args.data / "politifact-vclaims.jsonl")
        retriever = Retriever(store)
        runs = {qid: [hit.claim.id for hit in hits] for qid, hits in retriever.search_many(queries.items(), 5)}
        _report(name, evaluate(runs, qrels))
        _drop(store)


def _open(target: str) -> ClaimStore:
    if target.startswith("postgresql://"):
        from sourcetrace.store.postgres import PostgresStore

        return PostgresStore(target, schema=f"bench_{uuid.uuid4().hex[:8]}")
    return open_store(target)


def _drop(store: ClaimStore) -> None:
    drop = getattr(store, "drop", None)
    (drop or store.close)()


def synthetic(vclaims: list[dict[str, str]], n: int, seed: int = 7) -> Iterator[KnownClaim]:
    """N paraphrase-ish variants of the verified claims: adjacent word swaps, synonym swaps, numbers changed."""
    rng = random.Random(seed)
    for i in range(n):
        base = vclaims[i % len(vclaims)]
        words = base["vclaim"].split()
        for _ in range(2):
            j = rng.randrange(max(1, len(words) - 1))
            if j + 1 < len(words):
                words[j], words[j + 1] = words[j + 1], words[j]
        words = [SYNONYMS.get(w, w) if rng.random() < 0.5 else w for w in words]
        words = [str(rng.randint(2, 999)) if w.isdigit() else w for w in words]
        yield KnownClaim(id=f"syn-{i}", claim=" ".join(words), title=base.get("title"), source="synthetic",
                         verdict=base.get("truth_label"), speaker=base.get("speaker"))


def _size(store: ClaimStore, target: str) -> int:
    if target.startswith("postgresql://"):
        row = store._db.execute(  # type: ignore[attr-defined]
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r'", (store.schema,)  # type: ignore[attr-defined]
        ).fetchone()
        return int(row[0])
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[attr-defined]
    return sum(p.stat().st_size for p in Path(target).parent.glob(Path(target).name + "*"))


def scale(args: argparse.Namespace) -> None:
    vclaims, _, _ = _load(args.data, "dev")
    queries = [line.rstrip("\n").split("\t", 1)[1] for line in (args.data / "iclaims.queries").open(encoding="utf-8")]
    batch = (queries * (1000 // len(queries) + 1))[:1000]
    targets = [("sqlite", str(Path(tempfile.mkdtemp()) / "scale.db"))]
    if args.pg:
        targets.append(("postgresql", args.pg))
    print(f"{args.scale} synthetic claims; one query x{args.repeat}; batch of {len(batch)} queries; k=10")
    for name, target in targets:
        store = _open(target)
        start = time.perf_counter()
        stats = store.upsert(synthetic(vclaims, args.scale))
        elapsed = time.perf_counter() - start
        size = _size(store, target)
        retriever = Retriever(store)
        t0 = time.perf_counter()
        retriever.search(queries[0], 10)  # PostgreSQL refreshes its term statistics on the first query
        first = time.perf_counter() - t0
        single = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            retriever.search(queries[1], 10)
            single.append(time.perf_counter() - t0)
        latencies = []
        t_batch = time.perf_counter()
        for text in batch:
            t0 = time.perf_counter()
            retriever.search(text, 10)
            latencies.append(time.perf_counter() - t0)
        batch_s = time.perf_counter() - t_batch
        print(f"{name:<11} import {stats.inserted / elapsed:>8.0f} claims/s ({elapsed:.1f} s)"
              f"  size {size / 2**20:.0f} MiB"
              f"  first query {first * 1000:.0f} ms"
              f"  one query p50 {_percentile(single, .5) * 1000:.1f} ms p99 {_percentile(single, .99) * 1000:.1f} ms"
              f"  batch {batch_s:.1f} s: p50 {_percentile(latencies, .5) * 1000:.1f} ms"
              f" p99 {_percentile(latencies, .99) * 1000:.1f} ms", flush=True)
        _drop(store)
        if not target.startswith("postgresql://"):
            for path in Path(target).parent.glob("*"):
                path.unlink()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/claim-retrieval"))
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--scale", type=int, default=0, help="Build N synthetic claims and time the stores.")
    parser.add_argument("--repeat", type=int, default=100, help="Repetitions of the single query (scale mode).")
    parser.add_argument("--pg", default=os.environ.get("SOURCETRACE_TEST_PG"), help="PostgreSQL URL to compare.")
    args = parser.parse_args(argv)
    if not (args.data / "politifact-vclaims.jsonl").is_file():
        sys.exit(f"benchmarks.retrieval: no CheckThat! 2B data in {args.data}")
    print(f"# {' '.join(sys.argv)}\n# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    (scale if args.scale else quality)(args)


if __name__ == "__main__":
    main()

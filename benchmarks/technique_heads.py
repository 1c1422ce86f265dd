"""Cross-validate alternative technique heads over the cached frozen encoder states (no encoder pass).

    python -m benchmarks.technique_heads --data ../shared/data/ptc --task tc [--features base,line ...]
    python -m benchmarks.technique_heads --data ../shared/data/ptc --task si [--arch conv|conv3|lstm] [--folds-run 0]

Reads the encoder states cached by ``sourcetrace train techniques`` (``--cache``, default
``/tmp/st-tech-cache-L6.pt``: the frozen MiniLM's last layer for every training window, fp16)
and trains heads only, on the same 5-fold split by article as ``benchmarks.techniques``
(each fold scored by heads that did not train on it; official metrics, pooled).

``--task tc`` trains the span head on features of the gold spans pooled from the article's
stitched token vectors: ``base`` (the shipped features: mean, first, last vector, log length,
log repeats), ``line`` (mean vector of the span's line), ``near`` (mean vectors of the 3 tokens
before and after), ``max`` (max-pool of the span), ``pos`` (span share of its line, quoted,
``!``, ``?``); ``--seeds N`` averages N heads. ``--task si`` trains the O/B/I head
(``conv``: the shipped 2-layer convolution, ``conv3``: one more 5-wide layer, ``lstm``: a
BiLSTM of ``--size`` units per direction) and picks the span threshold of a fold on the
other folds run (0.25 when only one fold runs).

The states are the fp32 torch encoder's (cached as fp16), not the shipped weight-only int8
graph's, so figures are for comparing heads; the shipped recipe scores within 0.003 of its
``benchmarks.techniques`` figures here.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sourcetrace.models._windows import make_windows
from sourcetrace.models.encoding import Encoded, _softmax
from sourcetrace.models.techniques import TECHNIQUES_DIR, TechniqueTagger, pool_span, span_features
from sourcetrace.ptc.corpus import TECHNIQUES, PtcSpan, read_articles, read_si_labels, read_tc_labels
from sourcetrace.ptc.folds import DEFAULT_SEED, article_folds
from sourcetrace.ptc.scoring import score_si, score_tc

THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
HIDDEN = 384



def _step(loss: Any, head: Any, optim: Any, sched: Any) -> None:
    """One optimiser step: clear, backpropagate, clip the gradient norm at 1, step, advance the schedule."""
    from torch import nn

    optim.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(head.parameters(), 1.0)
    optim.step()
    sched.step()

def load_states(data: Path, cache: Path) -> tuple[dict[str, str], list[Any], list[dict[str, Any]], dict[str, Any]]:
    """Articles, the trainer's rows with their cached states and windows, and each article's stitched vectors."""
    import torch
    from tokenizers import Tokenizer

    from sourcetrace.train.techniques import CONTEXT, WINDOW, build_rows

    tokenizer = Tokenizer.from_file(str(TECHNIQUES_DIR / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    texts = read_articles(data / "train-articles")
    si = [s for s in read_si_labels(data / "train-task1-SI.labels") if s.article_id in texts]
    tc = [s for s in read_tc_labels(data / "train-task2-TC.labels") if s.article_id in texts]
    rows = build_rows(tokenizer, texts, si, tc, 101, 102)
    saved = torch.load(cache)
    if saved["key"] != f"{len(rows)}:{sum(len(r.ids) for r in rows)}":
        raise SystemExit(f"{cache} does not match the PTC training windows; rebuild it with the trainer")
    states = saved["states"]
    windows: list[dict[str, Any]] = []
    stitched: dict[str, Any] = {}
    for article_id, text in texts.items():
        enc = tokenizer.encode(text, add_special_tokens=False)
        offsets = [(int(a), int(b)) for a, b in enc.offsets]
        parts = []
        for w in make_windows(text, offsets, WINDOW - 2, CONTEXT):
            i = len(windows)
            windows.append({"article_id": article_id, "window": w, "state": states[i], "tags": rows[i].tags})
            parts.append(states[i][1:-1][w.own - w.first :].float().numpy())
        hidden = np.concatenate(parts) if parts else np.zeros((0, HIDDEN), np.float32)
        stitched[article_id] = Encoded(offsets, np.zeros((len(offsets), 3), np.float32), hidden)
    return texts, rows, windows, stitched


def _schedule(optim: Any, steps: int) -> Any:
    import torch

    warm = max(1, steps // 12)
    return torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )


def span_row(text: str, enc: Encoded, start: int, end: int, features: Sequence[str]) -> np.ndarray | None:
    """The feature vector of one span (None when it covers no token)."""
    tokens = enc.token_range(start, end)
    if tokens is None:
        return None
    a, b = tokens
    h = enc.hidden
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end) if text.find("\n", end) >= 0 else len(text)
    line = enc.token_range(line_start, line_end) or tokens
    zero = np.zeros(h.shape[1], np.float32)
    parts: list[np.ndarray] = []
    if "base" in features:
        parts += [pool_span(h, a, b), span_features(text, start, end, b - a)]
    if "line" in features:
        parts.append(h[line[0] : line[1]].mean(0))
    if "near" in features:
        before, after = h[max(0, a - 3) : a], h[b : b + 3]
        parts += [before.mean(0) if len(before) else zero, after.mean(0) if len(after) else zero]
    if "max" in features:
        parts.append(h[a:b].max(0))
    if "pos" in features:
        quoted = text[max(0, start - 1) : start] in "\"'\u201c\u2018" or text[end : end + 1] in "\"'\u201d\u2019"
        span = text[start:end]
        share = min(1.0, (b - a) / max(1, line[1] - line[0]))
        parts.append(np.array([share, float(quoted), float("!" in span), float("?" in span)], np.float32))
    return np.concatenate(parts).astype(np.float32)


def run_tc(args: argparse.Namespace, texts: dict[str, str], stitched: dict[str, Any]) -> None:
    """Train span heads per fold on gold-span features, classify the held-out fold's gold spans, print TC F1."""
    import torch
    from torch import nn

    tc = read_tc_labels(args.data / "train-task2-TC.labels", texts)
    features = args.features.split(",")
    label = {t: i for i, t in enumerate(TECHNIQUES)}
    found = [span_row(texts[s.article_id], stitched[s.article_id], s.start, s.end, features) for s in tc]
    dim = next(x for x in found if x is not None).shape[0]
    x_all = np.stack([x if x is not None else np.zeros(dim, np.float32) for x in found])
    ok = np.array([x is not None for x in found])
    y_all = np.array([label[str(s.technique)] for s in tc])
    fold_of = {i: k for k, ids in enumerate(article_folds(texts, 5, args.seed)) for i in ids}
    folds = np.array([fold_of[s.article_id] for s in tc])
    probs = np.zeros((len(tc), len(TECHNIQUES)), np.float32)
    for k in range(5):
        train = (folds != k) & ok
        xs, ys = torch.from_numpy(x_all[train]), torch.from_numpy(y_all[train])
        for seed in range(args.seeds):
            torch.manual_seed(13 + seed)
            order_rng = np.random.default_rng(13 + seed)
            head = nn.Sequential(nn.Dropout(0.1), nn.Linear(dim, 256), nn.GELU(), nn.Dropout(0.1),
                                 nn.Linear(256, len(TECHNIQUES)))
            optim = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=0.01)
            steps = int(math.ceil(len(ys) / 46) * args.epochs)
            sched = _schedule(optim, steps)
            loss_fn = nn.CrossEntropyLoss(label_smoothing=args.smooth)
            order: list[int] = []
            for _ in range(steps):
                if not order:
                    order = order_rng.permutation(len(ys)).tolist()
                batch, order = order[:46], order[46:]
                _step(loss_fn(head(xs[batch]), ys[batch]), head, optim, sched)
            head.eval()
            with torch.no_grad():
                probs[folds == k] += torch.softmax(head(torch.from_numpy(x_all[folds == k])), -1).numpy() / args.seeds
    probs[~ok] = 1.0 / len(TECHNIQUES)
    predicted: list[PtcSpan] = []
    seen: dict[tuple[str, int, int], int] = {}
    for span, p in zip(tc, probs, strict=True):
        key = (span.article_id, span.start, span.end)
        rank = seen.get(key, 0)
        seen[key] = rank + 1
        predicted.append(PtcSpan(span.article_id, span.start, span.end,
                                 TECHNIQUES[int(np.argsort(-p)[min(rank, len(p) - 1)])]))
    per_fold = [score_tc([p for p, f in zip(predicted, folds, strict=True) if f == k],
                         [g for g, f in zip(tc, folds, strict=True) if f == k]).overall.f1 for k in range(5)]
    print(f"TC features {args.features} seeds {args.seeds} epochs {args.epochs} smoothing {args.smooth}: "
          f"pooled micro-F1 {score_tc(predicted, tc).overall.f1:.4f}; per fold "
          + " ".join(f"{f:.3f}" for f in per_fold), flush=True)


def _tag_head(arch: str, size: int) -> Any:
    import torch
    from torch import nn

    class TagHead(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.drop = nn.Dropout(0.1)
            if arch == "lstm":
                self.lstm = nn.LSTM(HIDDEN, size, batch_first=True, bidirectional=True)
                self.out = nn.Sequential(nn.Dropout(0.1), nn.Linear(2 * size, 3))
            else:
                middle = [nn.Conv1d(size, size, 5, padding=2), nn.GELU(), nn.Dropout(0.1)] if arch == "conv3" else []
                self.net = nn.Sequential(nn.Conv1d(HIDDEN, size, 5, padding=2), nn.GELU(), nn.Dropout(0.1),
                                         *middle, nn.Conv1d(size, 3, 3, padding=1))

        def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            x = self.drop(x) * mask.unsqueeze(-1)
            if arch != "lstm":
                out: torch.Tensor = self.net(x.transpose(1, 2)).transpose(1, 2)
                return out
            packed = nn.utils.rnn.pack_padded_sequence(x, mask.sum(1).long().cpu(), batch_first=True,
                                                       enforce_sorted=False)
            seq, _ = self.lstm(packed)
            seq, _ = nn.utils.rnn.pad_packed_sequence(seq, batch_first=True, total_length=x.shape[1])
            logits: torch.Tensor = self.out(seq)
            return logits

    return TagHead()


def run_si(args: argparse.Namespace, texts: dict[str, str], windows: list[dict[str, Any]],
           stitched: dict[str, Any]) -> None:
    """Train O/B/I heads per fold on cached window states, decode the held-out fold, print SI F1."""
    import torch
    from torch import nn

    splits = article_folds(texts, 5, args.seed)
    fold_of = {i: k for k, ids in enumerate(splits) for i in ids}
    si = read_si_labels(args.data / "train-task1-SI.labels", texts)
    tagger = TechniqueTagger()
    encoded: dict[str, Encoded] = {}
    run = [int(k) for k in args.folds_run.split(",")]
    for k in run:
        started = time.perf_counter()
        torch.manual_seed(13 + k)
        rng = random.Random(13)
        train = [i for i, w in enumerate(windows) if fold_of[w["article_id"]] != k]
        head = _tag_head(args.arch, args.size)
        optim = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=0.01)
        steps = int((len(train) + 15) // 16 * args.epochs)
        sched = _schedule(optim, steps)
        loss_fn = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 1.0]), ignore_index=-100)
        batches: list[list[int]] = []
        for _ in range(steps):
            if not batches:
                order = sorted(train, key=lambda i: (len(windows[i]["tags"]), rng.random()))
                batches = [order[j : j + 16] for j in range(0, len(order), 16)]
                rng.shuffle(batches)
            batch = batches.pop()
            width = max(len(windows[i]["tags"]) for i in batch)
            x = torch.zeros(len(batch), width, HIDDEN)
            mask = torch.zeros(len(batch), width)
            tags = torch.full((len(batch), width), -100, dtype=torch.long)
            for r, i in enumerate(batch):
                n = len(windows[i]["tags"])
                x[r, :n], mask[r, :n] = windows[i]["state"].float(), 1
                tags[r, :n] = torch.from_numpy(windows[i]["tags"])
            _step(loss_fn(head(x, mask).reshape(-1, 3), tags.reshape(-1)), head, optim, sched)
        head.eval()
        with torch.no_grad():
            for w in windows:
                if fold_of[w["article_id"]] != k:
                    continue
                enc, win = stitched[w["article_id"]], w["window"]
                x = w["state"].float()[None]
                out = head(x, torch.ones(1, x.shape[1]))[0].numpy()
                enc.probs[win.own : win.last] = _softmax(out[1:-1][win.own - win.first :])
                encoded[w["article_id"]] = enc
        print(f"fold {k}: {steps} steps in {(time.perf_counter() - started) / 60:.1f} min", flush=True)
    gold: dict[str, list[PtcSpan]] = {}
    for s in si:
        gold.setdefault(s.article_id, []).append(s)

    def spans(ids: Sequence[str], tau: float) -> list[PtcSpan]:
        return [PtcSpan(i, s[0], s[1]) for i in ids for s, _r, _c in tagger.candidates(texts[i], encoded[i], tau)]

    predicted: list[PtcSpan] = []
    for k in run:
        others = [i for j in run if j != k for i in splits[j]]
        other_gold = [g for i in others for g in gold.get(i, [])]
        tau = max(THRESHOLDS, key=lambda t: score_si(spans(others, t), other_gold).overall.f1) if others else 0.25
        fold = spans(splits[k], tau)
        predicted += fold
        f1 = score_si(fold, [g for i in splits[k] for g in gold.get(i, [])]).overall.f1
        print(f"fold {k}: span threshold {tau}, SI F1 {f1:.4f}", flush=True)
    score = score_si(predicted, [g for k in run for i in splits[k] for g in gold.get(i, [])]).overall
    print(f"SI {args.arch} {args.size} epochs {args.epochs} folds {args.folds_run}: pooled P {score.precision:.4f} "
          f"R {score.recall:.4f} F1 {score.f1:.4f}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, load the cached states, run the chosen task."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/st-tech-cache-L6.pt"))
    parser.add_argument("--task", choices=("si", "tc"), required=True)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="fold split seed")
    parser.add_argument("--epochs", type=float, default=6.0)
    parser.add_argument("--features", default="base", help="tc: comma-separated base,line,near,max,pos")
    parser.add_argument("--seeds", type=int, default=1, help="tc: heads averaged per fold")
    parser.add_argument("--smooth", type=float, default=0.0, help="tc: label smoothing")
    parser.add_argument("--arch", choices=("conv", "conv3", "lstm"), default="conv", help="si: O/B/I head")
    parser.add_argument("--size", type=int, default=256, help="si: channels (conv) or units per direction (lstm)")
    parser.add_argument("--folds-run", default="0,1,2,3,4", help="si: folds to train and score")
    args = parser.parse_args(argv)
    if not (args.data / "train-articles").is_dir() or not args.cache.is_file():
        print(f"need {args.data}/train-articles and the state cache {args.cache}", file=sys.stderr)
        return 2
    import torch

    torch.set_num_threads(1)
    texts, _rows, windows, stitched = load_states(args.data, args.cache)
    if args.task == "tc":
        run_tc(args, texts, stitched)
    else:
        run_si(args, texts, windows, stitched)
    print("reproduce: python -m benchmarks.technique_heads " + " ".join(sys.argv[1:] if argv is None else argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())

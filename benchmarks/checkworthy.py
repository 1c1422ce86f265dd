"""Check-worthiness on CheckThat! 2024 dev-test: quality, calibration and speed of the committed model.

Run: python -m benchmarks.checkworthy --data ../shared/data/checkworthy

Prints, in one run: F1/P/R of the Yes class on dev-test for the model and for a
TF-IDF + logistic-regression baseline (numpy, trained on the same train + dev rows,
threshold tuned on the same held-out slice); ECE and a 10-bin reliability table of
the model's calibrated scores; sentences/s with 1 and 2 threads against the raw
ONNX forward pass over the same token batches (the floor); peak memory (RSS).
``--fp32 FILE`` also scores an fp32 export (e.g. /tmp/st-cw/model.onnx) for comparison.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import platform
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sourcetrace.checkworthy import read_tsv
from sourcetrace.models.checkworthy import CHECKWORTHY_DIR, CheckworthinessModel, onnx_runner
from sourcetrace.train.checkworthy import FILES, best_threshold, load_labelled, split_holdout

DEV_TEST = "CT24_checkworthy_english_dev-test.tsv"
_WORD = re.compile(r"[a-z0-9']+|[$%]")


def prf(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp = float(np.sum(pred & gold))
    p = tp / float(pred.sum()) if pred.sum() else 0.0
    r = tp / float(gold.sum()) if gold.sum() else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def reliability(
    probs: np.ndarray, gold: np.ndarray, bins: int = 10
) -> tuple[float, list[tuple[str, int, float, float]]]:
    """Expected calibration error and rows ``(bin, count, mean score, share of Yes)``."""
    rows, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = (probs >= lo) & ((probs < hi) if b < bins - 1 else (probs <= hi))
        n = int(inside.sum())
        conf = float(probs[inside].mean()) if n else 0.0
        acc = float(gold[inside].mean()) if n else 0.0
        ece += n / len(probs) * abs(conf - acc)
        rows.append((f"{lo:.1f}-{hi:.1f}", n, conf, acc))
    return ece, rows


class TfidfLogReg:
    """Word uni+bigram TF-IDF (df >= 2, sublinear tf, l2) and L2 logistic regression, in numpy."""

    def __init__(self, l2: float = 1e-4, steps: int = 400, lr: float = 0.5) -> None:
        self.l2, self.steps, self.lr = l2, steps, lr
        self.vocab: dict[str, int] = {}
        self.idf = np.zeros(0)
        self.w = np.zeros(0)
        self.b = 0.0

    @staticmethod
    def _terms(text: str) -> list[str]:
        words = _WORD.findall(text.lower())
        return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]

    def _matrix(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        indptr, indices, data = [0], [], []
        for text in texts:
            counts = Counter(t for t in self._terms(text) if t in self.vocab)
            ids = np.array([self.vocab[t] for t in counts], dtype=np.int64)
            vals = (1 + np.log(np.array(list(counts.values()), dtype=np.float64))) * self.idf[ids]
            norm = np.linalg.norm(vals) or 1.0
            indices.extend(ids.tolist())
            data.extend((vals / norm).tolist())
            indptr.append(len(indices))
        return np.array(indptr), np.array(indices, dtype=np.int64), np.array(data)

    def _dot(self, m: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
        indptr, indices, data = m
        row = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
        out: np.ndarray = np.bincount(row, weights=data * self.w[indices], minlength=len(indptr) - 1) + self.b
        return out

    def fit(self, texts: Sequence[str], labels: np.ndarray) -> TfidfLogReg:
        """Fit vocabulary, idf and weights (full-batch Adam on the class-balanced log loss)."""
        df = Counter(t for text in texts for t in set(self._terms(text)))
        self.vocab = {t: i for i, t in enumerate(sorted(t for t, n in df.items() if n >= 2))}
        n = len(texts)
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in self.vocab])
        m = self._matrix(texts)
        indptr, indices, data = m
        row = np.repeat(np.arange(n), np.diff(indptr))
        weight = np.where(labels == 1, 0.5 / labels.mean(), 0.5 / (1 - labels.mean()))
        self.w, self.b = np.zeros(len(self.vocab)), 0.0
        mw, vw, mb, vb = np.zeros_like(self.w), np.zeros_like(self.w), 0.0, 0.0
        for t in range(1, self.steps + 1):
            p = 1 / (1 + np.exp(-self._dot(m)))
            err = weight * (p - labels) / n
            gw = np.bincount(indices, weights=data * err[row], minlength=len(self.w)) + self.l2 * self.w
            gb = float(err.sum())
            mw, vw = 0.9 * mw + 0.1 * gw, 0.999 * vw + 0.001 * gw * gw
            mb, vb = 0.9 * mb + 0.1 * gb, 0.999 * vb + 0.001 * gb * gb
            scale = self.lr * math.sqrt(1 - 0.999**t) / (1 - 0.9**t)
            self.w -= scale * mw / (np.sqrt(vw) + 1e-8)
            self.b -= scale * mb / (math.sqrt(vb) + 1e-8)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probability of Yes per text."""
        probs: np.ndarray = 1 / (1 + np.exp(-self._dot(self._matrix(texts))))
        return probs


def _speed(model: CheckworthinessModel, texts: list[str], repeats: int) -> tuple[float, float]:
    """Sentences/s of ``score`` (tokenise + batches + calibration) and of the raw forward pass alone."""
    model.score(texts[:64])  # warm the session
    rows = model.encode(texts)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    size = model.config.batch_size
    batches = []
    for b in range(0, len(order), size):
        chunk = order[b : b + size]
        width = max(len(rows[i]) for i in chunk)
        ids = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=np.int64)
        for r, i in enumerate(chunk):
            ids[r, : len(rows[i])], mask[r, : len(rows[i])] = rows[i], 1
        batches.append((ids, mask))
    _, runner = model._load()  # the runner the model uses (one row per call for dynamic int8)
    full, raw = math.inf, math.inf
    for _ in range(repeats):  # best of N: the machine is shared
        t0 = time.perf_counter()
        model.score(texts)
        full = min(full, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for ids, mask in batches:
            runner.run(ids, mask)
        raw = min(raw, time.perf_counter() - t0)
    return len(texts) / full, len(texts) / raw


def main(argv: list[str] | None = None) -> int:
    """Print the dev-test figures and the command that reproduces them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/checkworthy"))
    parser.add_argument("--model", type=Path, default=CHECKWORTHY_DIR, help="model folder")
    parser.add_argument("--fp32", type=Path, default=None, help="also score this fp32 ONNX export")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if not (args.data / DEV_TEST).is_file():
        print(f"CheckThat! 2024 data not found in {args.data}; pass --data DIR", file=sys.stderr)
        return 2
    rows = read_tsv(args.data / DEV_TEST)
    texts = [r.text for r in rows]
    gold = np.array([r.label == "Yes" for r in rows])
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, shared by other jobs (timings noisy)")
    print(f"dev-test: {len(rows)} sentences, {int(gold.sum())} Yes")

    model = CheckworthinessModel(args.model, threads=2)
    probs = np.array(model.score(texts))
    p, r, f = prf(probs >= model.threshold, gold)
    print(f"model    (T {model.config.temperature}, threshold {model.threshold}): P {p:.4f} R {r:.4f} F1 {f:.4f}")
    if args.fp32 is not None:
        meta = json.loads((args.model / "config.json").read_text())["train"]["held_out"]["fp32"]
        fp32 = CheckworthinessModel(args.model, runner=onnx_runner(args.fp32, "fp32", 2))
        z = np.array(fp32.logits(texts)) / meta["temperature"]
        p32, r32, f32 = prf(1 / (1 + np.exp(-z)) >= meta["threshold"], gold)
        setting = f"T {meta['temperature']}, threshold {meta['threshold']}"
        print(f"fp32     ({setting}): P {p32:.4f} R {r32:.4f} F1 {f32:.4f}")

    t0 = time.perf_counter()
    data = [row for name in FILES for row in load_labelled(args.data / name)]
    held, train = split_holdout(len(data), 0.1, 13)
    labels = np.array([data[i][2] for i in train], dtype=np.float64)
    base = TfidfLogReg().fit([data[i][1] for i in train], labels)
    thr, _ = best_threshold(base.predict_proba([data[i][1] for i in held]), np.array([data[i][2] for i in held]))
    bp, br, bf = prf(base.predict_proba(texts) >= thr, gold)
    took = time.perf_counter() - t0
    print(f"baseline TF-IDF + LR (threshold {thr}, fitted in {took:.0f} s): P {bp:.4f} R {br:.4f} F1 {bf:.4f}")

    ece, table = reliability(probs, gold.astype(np.float64))
    print(f"calibration on dev-test: ECE {ece:.4f} (10 bins); Brier {float(np.mean((probs - gold) ** 2)):.4f}")
    print("  bin       n   mean score  share Yes")
    for name, n, conf, acc in table:
        print(f"  {name}  {n:4d}   {conf:.3f}       {acc:.3f}" if n else f"  {name}  {n:4d}   -           -")

    speed_texts = texts + [row[1] for row in data[:2000]]
    n_tokens = sum(len(x) for x in model.encode(speed_texts))
    print(f"speed on {len(speed_texts)} sentences ({n_tokens} wordpieces), best of {args.repeats}:")
    for threads in (1, 2):
        timed = CheckworthinessModel(args.model, threads=threads)
        full, raw = _speed(timed, speed_texts, args.repeats)
        print(f"  {threads} thread(s): {full:.0f} sentences/s; raw forward pass {raw:.0f}/s; ratio {raw / full:.2f}x")
    print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    extra = f" --fp32 {args.fp32}" if args.fp32 else ""
    print(f"reproduce: python -m benchmarks.checkworthy --data {args.data}{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

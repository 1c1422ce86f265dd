"""Tune the tagger's decoding (B-merge threshold per head) on the held-out train slice."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sourcetrace.models._windows import bio_spans, decode_tags, snap_span
from sourcetrace.models.tagger import SpanTagger
from sourcetrace.train.polnear import PolnearDoc

__all__ = ["GRID", "tune_decoding"]

GRID = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01)
Span = tuple[int, int]


def _f1(pred: set[tuple[int, Span]], gold: set[tuple[int, Span]]) -> float:
    hit = len(pred & gold)
    return 2 * hit / (len(pred) + len(gold)) if pred or gold else 0.0


def tune_decoding(folder: Path, docs: list[PolnearDoc]) -> dict[str, float]:
    """Pick, per head, the B-merge threshold with the best exact span F1 on ``docs``; print the sweep."""
    tagger = SpanTagger(folder)
    cached = []
    for d, doc in enumerate(docs):
        text = doc.text_path.read_text(encoding="utf-8")
        offsets, probs = tagger.probabilities(text)
        cached.append((d, text, offsets, probs))
    best: dict[str, float] = {}
    for h, head in enumerate(tagger.config.heads):
        gold = {(d, s) for d, doc in enumerate(docs) for g in doc.attributions if (s := getattr(g, head)) is not None}
        scores = []
        for tau in GRID:
            pred: set[tuple[int, Span]] = set()
            for d, text, offsets, probs in cached:
                tags = decode_tags(probs[h].astype(np.float32), tau)
                for a, b in bio_spans(tags):
                    span = snap_span(text, offsets[a][0], offsets[b - 1][1])
                    if span is not None:
                        pred.add((d, span))
            scores.append((_f1(pred, gold), tau))
        print(f"{head}: " + ", ".join(f"{tau}: {f:.3f}" for f, tau in scores), flush=True)
        best[head] = max(scores)[1]
    return best

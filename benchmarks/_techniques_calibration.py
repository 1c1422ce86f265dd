"""Calibration and decision threshold of the technique model, from its cross-validation fold models.

Every figure here is cross-fitted: the calibration map (or threshold) applied to
fold k is fitted on the held-out predictions of the other folds' models, so no
number is measured on data that shaped it. ``fit_all`` then fits the maps on
every fold's held-out predictions, for the shipped model's ``config.json``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from benchmarks.checkworthy import reliability
from sourcetrace.models.techniques import TechniqueTagger
from sourcetrace.ptc.corpus import TECHNIQUES, PtcSpan
from sourcetrace.ptc.scoring import score_flc, score_si
from sourcetrace.train.calibration import apply_platt, fit_platt, fit_softmax_temperature

__all__ = ["OutOfFold", "collect", "fit_all", "report"]

THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.0, 0.91, 0.05))


@dataclass
class OutOfFold:
    """Held-out raw predictions of the fold models, each tagged with its fold."""

    span_fold: list[int] = field(default_factory=list)
    span_raw: list[float] = field(default_factory=list)
    span_gold: list[int] = field(default_factory=list)
    span_rows: list[PtcSpan] = field(default_factory=list)  # candidate span with its predicted technique
    sent_fold: list[int] = field(default_factory=list)
    sent_raw: list[float] = field(default_factory=list)
    sent_gold: list[int] = field(default_factory=list)
    sent_article: list[str] = field(default_factory=list)
    tc_fold: list[int] = field(default_factory=list)
    tc_logp: list[np.ndarray] = field(default_factory=list)
    tc_gold: list[int] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _overlaps(span: tuple[int, int], gold: Sequence[tuple[int, int]]) -> int:
    return int(any(a < span[1] and span[0] < b for a, b in gold))


def collect(
    models: Path, articles: Mapping[str, str], si_gold: Sequence[PtcSpan], tc_gold: Sequence[PtcSpan],
    splits: Sequence[Sequence[str]],
) -> OutOfFold:
    """Run fold k's model (``models/fold<k>``) over fold k's articles and keep its raw outputs."""
    oof = OutOfFold()
    gold_si: dict[str, list[tuple[int, int]]] = {}
    for s in si_gold:
        gold_si.setdefault(s.article_id, []).append(s.offsets)
    gold_tc: dict[str, list[PtcSpan]] = {}
    for s in tc_gold:
        gold_tc.setdefault(s.article_id, []).append(s)
    index = {t: i for i, t in enumerate(TECHNIQUES)}
    for k, held in enumerate(splits):
        tagger = TechniqueTagger(models / f"fold{k}")
        for article_id in held:
            text = articles[article_id]
            encoded = tagger.encode(text)
            gold = gold_si.get(article_id, [])
            cands = tagger.candidates(text, encoded)
            probs = tagger.technique_probs(text, encoded, [c[0] for c in cands])
            for (span, raw, _cue), p in zip(cands, probs, strict=True):
                oof.span_fold.append(k)
                oof.span_raw.append(raw)
                oof.span_gold.append(_overlaps(span, gold))
                oof.span_rows.append(PtcSpan(article_id, span[0], span[1], TECHNIQUES[int(np.argmax(p))]))
            lines = _lines(text)
            for line, raw in zip(lines, tagger.raw_sentence_scores(encoded, lines), strict=True):
                oof.sent_fold.append(k)
                oof.sent_raw.append(raw)
                oof.sent_gold.append(_overlaps(line, gold))
                oof.sent_article.append(article_id)
            spans = gold_tc.get(article_id, [])
            for s, p in zip(spans, tagger.technique_probs(text, encoded, [s.offsets for s in spans]), strict=True):
                oof.tc_fold.append(k)
                oof.tc_logp.append(np.log(np.maximum(p, 1e-12)))
                oof.tc_gold.append(index[str(s.technique)])
    return oof


def _cross_platt(folds: np.ndarray, raw: np.ndarray, gold: np.ndarray) -> np.ndarray:
    out = np.zeros(len(raw))
    for k in np.unique(folds):
        train, test = folds != k, folds == k
        out[test] = apply_platt(raw[test], fit_platt(raw[train], gold[train]))
    return out


def _top1(logp: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray]:
    z = logp / t
    z = np.exp(z - z.max(axis=1, keepdims=True))
    p = z / z.sum(axis=1, keepdims=True)
    return p.max(axis=1), p.argmax(axis=1)


def report(oof: OutOfFold, si_gold: Sequence[PtcSpan], tc_gold: Sequence[PtcSpan]) -> None:
    """Print cross-fitted ECE (raw vs calibrated) for spans, sentences, articles, techniques; and tuned SI/FLC."""
    sf, sr, sg = np.array(oof.span_fold), np.array(oof.span_raw), np.array(oof.span_gold, dtype=np.float64)
    span_cal = _cross_platt(sf, sr, sg)
    qf, qr, qg = np.array(oof.sent_fold), np.array(oof.sent_raw), np.array(oof.sent_gold, dtype=np.float64)
    sent_cal = _cross_platt(qf, qr, qg)
    print("\ncalibration (cross-fitted: each fold's map fitted on the other folds' held-out predictions), ECE 10 bins")
    print(f"  span confidence (P span overlaps a gold span), {len(sr)} spans: raw {reliability(sr, sg)[0]:.4f} "
          f"-> calibrated {reliability(span_cal, sg)[0]:.4f}")
    ece, rows = reliability(sent_cal, qg)
    print(f"  sentence score (P sentence holds a gold span), {len(qr)} sentences: raw {reliability(qr, qg)[0]:.4f} "
          f"-> calibrated {ece:.4f}")
    print("  sentence reliability: bin, sentences, mean score, share with a technique")
    for name, n, conf, acc in rows:
        if n:
            print(f"    {name}  {n:6d}  {conf:.3f}  {acc:.3f}")
    articles = sorted(set(oof.sent_article))
    arts = np.array(oof.sent_article)
    pred = np.array([sent_cal[arts == a].mean() for a in articles])
    true = np.array([qg[arts == a].mean() for a in articles])
    print(f"  article score (expected share of sentences with a technique), {len(articles)} articles: "
          f"mean |predicted - actual| {np.abs(pred - true).mean():.4f}; "
          f"correlation {np.corrcoef(pred, true)[0, 1]:.3f}")
    for lo in np.arange(0.0, 1.0, 0.2):
        inside = (pred >= lo) & (pred < lo + 0.2 if lo < 0.8 else pred <= 1.0)
        if inside.any():
            print(f"    predicted {lo:.1f}-{lo + 0.2:.1f}: {int(inside.sum()):4d} articles, mean predicted "
                  f"{pred[inside].mean():.3f}, actual {true[inside].mean():.3f}")
    tf, tl, tg = np.array(oof.tc_fold), np.stack(oof.tc_logp), np.array(oof.tc_gold)
    conf_raw, guess = _top1(tl, 1.0)
    conf_cal = np.zeros(len(tg))
    for k in np.unique(tf):
        t = fit_softmax_temperature(tl[tf != k], tg[tf != k])
        conf_cal[tf == k] = _top1(tl[tf == k], t)[0]
    correct = (guess == tg).astype(np.float64)
    print(f"  technique probability (top-1 on gold spans), {len(tg)} spans: "
          f"raw {reliability(conf_raw, correct)[0]:.4f} -> calibrated {reliability(conf_cal, correct)[0]:.4f}")
    # SI / FLC with the span threshold chosen on the other folds
    rows_by_fold = {int(k): [i for i in range(len(sf)) if sf[i] == k] for k in np.unique(sf)}
    kept: list[int] = []
    chosen = []
    for k, idx in rows_by_fold.items():
        others = [i for i in range(len(sf)) if sf[i] != k]
        other_ids = {oof.span_rows[i].article_id for i in others}
        gold_other = [s for s in si_gold if s.article_id in other_ids]

        def f1(t: float, others: list[int] = others, gold_other: list[PtcSpan] = gold_other) -> float:
            pred = [oof.span_rows[i] for i in others if span_cal[i] >= t]
            return score_si([PtcSpan(p.article_id, p.start, p.end) for p in pred], gold_other).overall.f1

        best = max(THRESHOLDS, key=f1)
        chosen.append(best)
        kept += [i for i in idx if span_cal[i] >= best]
    si_pred = [PtcSpan(oof.span_rows[i].article_id, oof.span_rows[i].start, oof.span_rows[i].end) for i in kept]
    flc_pred = [oof.span_rows[i] for i in kept]
    si = score_si(si_pred, si_gold).overall
    flc = score_flc(flc_pred, tc_gold).overall
    print(f"\ntagger with the confidence threshold tuned on the other folds (chosen {chosen}), pooled:")
    print(f"  SI P/R/F1 {si.precision:.3f}/{si.recall:.3f}/{si.f1:.3f}   "
          f"FLC P/R/F1 {flc.precision:.3f}/{flc.recall:.3f}/{flc.f1:.3f}")


def fit_all(oof: OutOfFold, si_gold: Sequence[PtcSpan], config: Path) -> None:
    """Fit every calibration map and the SI threshold on all held-out predictions; write them into ``config``."""
    sr, sg = np.array(oof.span_raw), np.array(oof.span_gold, dtype=np.float64)
    span_ab = fit_platt(sr, sg)
    sent_ab = fit_platt(np.array(oof.sent_raw), np.array(oof.sent_gold, dtype=np.float64))
    temperature = fit_softmax_temperature(np.stack(oof.tc_logp), np.array(oof.tc_gold))
    conf = apply_platt(sr, span_ab)

    def f1(t: float) -> float:
        pred = [PtcSpan(r.article_id, r.start, r.end) for r, c in zip(oof.span_rows, conf, strict=True) if c >= t]
        return score_si(pred, si_gold).overall.f1

    threshold = max(THRESHOLDS, key=f1)
    raw = json.loads(config.read_text(encoding="utf-8"))
    raw["calibration"] = {
        "fitted_on": "held-out predictions of the 5 cross-validation fold models on PTC train",
        "span_platt": [round(span_ab[0], 5), round(span_ab[1], 5)],
        "sentence_platt": [round(sent_ab[0], 5), round(sent_ab[1], 5)],
        "temperature": round(temperature, 4),
        "span_threshold": threshold,
    }
    config.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    print(f"wrote calibration into {config}: {raw['calibration']}")

"""Cross-validated quality, decision threshold and calibration of the technique model, from its fold models.

Fold model k (``DIR/fold<k>``, trained without fold k) is run once over fold k's
articles. Every figure is then cross-fitted: the span threshold and the calibration
maps applied to fold k are chosen on the other folds' held-out predictions, so no
number is measured on data that shaped it. The scores use the official SemEval-2020
Task 11 metrics and the same ``TechniqueTagger`` methods ``sourcetrace ptc predict``
uses. ``fit_all`` fits the threshold and maps on every fold's held-out predictions, for
the shipped model's ``config.json``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.checkworthy import reliability
from sourcetrace.models.techniques import Encoded, TechniqueTagger
from sourcetrace.ptc.corpus import TECHNIQUES, PtcSpan, sentence_lines
from sourcetrace.ptc.scoring import Score, score_flc, score_si, score_tc
from sourcetrace.train.calibration import apply_platt, fit_platt, fit_softmax_temperature

__all__ = ["Held", "collect", "fit_all", "report"]

#: Not-O probability thresholds tried: (extend a span over tokens from, keep a span whose peak reaches).
LEVELS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
THRESHOLDS = tuple((lo, hi) for lo in LEVELS[:-2] for hi in LEVELS if hi >= lo)


@dataclass
class Held:
    """One article run through the model that did not train on it."""

    fold: int
    article_id: str
    text: str
    encoded: Encoded
    tagger: TechniqueTagger


def _overlaps(span: tuple[int, int], gold: Sequence[tuple[int, int]]) -> int:
    return int(any(a < span[1] and span[0] < b for a, b in gold))


def collect(models: Path, articles: Mapping[str, str], splits: Sequence[Sequence[str]]) -> list[Held]:
    """Run fold k's model over fold k's articles, keeping token probabilities and vectors."""
    out = []
    for k, held in enumerate(splits):
        tagger = TechniqueTagger(models / f"fold{k}")
        for article_id in held:
            text = articles[article_id]
            out.append(Held(k, article_id, text, tagger.encode(text), tagger))
            tagger._recent.clear()
    return out


def _predict(items: Sequence[Held], tau: tuple[float, float]) -> list[tuple[PtcSpan, float]]:
    """FLC rows (span + most likely technique) at not-O thresholds ``tau``, with their raw span scores."""
    rows = []
    for item in items:
        cands = item.tagger.candidates(item.text, item.encoded, *tau)
        probs = item.tagger.technique_probs(item.text, item.encoded, [c[0] for c in cands])
        for (span, raw, _cue), p in zip(cands, probs, strict=True):
            rows.append((PtcSpan(item.article_id, span[0], span[1], TECHNIQUES[int(np.argmax(p))]), raw))
    return rows


def _si(rows: Sequence[tuple[PtcSpan, float]], gold: Sequence[PtcSpan]) -> Score:
    return score_si([PtcSpan(r.article_id, r.start, r.end) for r, _ in rows], gold).overall


def _best_tau(items: Sequence[Held], si_gold: Sequence[PtcSpan]) -> tuple[float, float]:
    """The (extend, peak) threshold pair with the best SI F1 over ``items`` (spans only: SI needs no techniques)."""
    ids = {i.article_id for i in items}
    gold = [s for s in si_gold if s.article_id in ids]

    def f1(tau: tuple[float, float]) -> float:
        spans = [PtcSpan(i.article_id, *c[0]) for i in items for c in i.tagger.candidates(i.text, i.encoded, *tau)]
        return score_si(spans, gold).overall.f1

    return max(THRESHOLDS, key=f1)


def _fmt(score: Score) -> str:
    return f"{score.precision:.3f}/{score.recall:.3f}/{score.f1:.3f}"


def report(items: Sequence[Held], si_gold: Sequence[PtcSpan], tc_gold: Sequence[PtcSpan]) -> dict[str, float]:
    """Print per-fold and pooled SI/TC/FLC with nested thresholds, then cross-fitted calibration; return pooled F1."""
    folds = sorted({i.fold for i in items})
    by_fold = {k: [i for i in items if i.fold == k] for k in folds}
    si_by = {k: [s for s in si_gold if s.article_id in {i.article_id for i in v}] for k, v in by_fold.items()}
    tc_by = {k: [s for s in tc_gold if s.article_id in {i.article_id for i in v}] for k, v in by_fold.items()}
    rows: dict[int, list[tuple[PtcSpan, float]]] = {}
    tc_pred: dict[int, list[PtcSpan]] = {}
    taus = {}
    for k in folds:
        taus[k] = _best_tau([i for i in items if i.fold != k], si_gold)
        rows[k] = _predict(by_fold[k], taus[k])
        tc_pred[k] = []
        for item in by_fold[k]:
            spans = [s for s in tc_by[k] if s.article_id == item.article_id]
            labels = item.tagger.classify_encoded(item.text, item.encoded, [s.offsets for s in spans])
            tc_pred[k] += [PtcSpan(s.article_id, s.start, s.end, t) for s, t in zip(spans, labels, strict=True)]
        si = _si(rows[k], si_by[k])
        tc = score_tc(tc_pred[k], tc_by[k]).overall
        flc = score_flc([r for r, _ in rows[k]], tc_by[k]).overall
        print(f"fold {k + 1}/{len(folds)} ({len(by_fold[k])} articles) tagger     SI P/R/F1 {_fmt(si)}  "
              f"TC P/R/F1 {_fmt(tc)}  FLC P/R/F1 {_fmt(flc)}  (span thresholds {taus[k]}, chosen on the other folds)",
              flush=True)
    all_rows = [r for k in folds for r in rows[k]]
    pooled = {
        "si": _si(all_rows, si_gold).f1,
        "tc": score_tc([p for k in folds for p in tc_pred[k]], tc_gold).overall.f1,
        "flc": score_flc([r for r, _ in all_rows], tc_gold).overall.f1,
    }
    _calibration(items, all_rows, si_gold, tc_gold, folds)
    return pooled


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


def _calibration_data(
    items: Sequence[Held], rows: Sequence[tuple[PtcSpan, float]], si_gold: Sequence[PtcSpan],
    tc_gold: Sequence[PtcSpan],
) -> dict[str, np.ndarray]:
    fold_of = {i.article_id: i.fold for i in items}
    gold_si: dict[str, list[tuple[int, int]]] = {}
    for s in si_gold:
        gold_si.setdefault(s.article_id, []).append(s.offsets)
    data: dict[str, list[float]] = {k: [] for k in ("sf", "sr", "sg", "qf", "qr", "qg", "tf", "tg")}
    articles, logps = [], []
    for r, raw in rows:
        data["sf"].append(fold_of[r.article_id])
        data["sr"].append(raw)
        data["sg"].append(_overlaps(r.offsets, gold_si.get(r.article_id, [])))
    index = {t: i for i, t in enumerate(TECHNIQUES)}
    for item in items:
        lines = sentence_lines(item.text)
        for line, raw in zip(lines, item.tagger.raw_sentence_scores(item.encoded, lines), strict=True):
            data["qf"].append(item.fold)
            data["qr"].append(raw)
            data["qg"].append(_overlaps(line, gold_si.get(item.article_id, [])))
            articles.append(item.article_id)
        spans = [s for s in tc_gold if s.article_id == item.article_id]
        probs = item.tagger.technique_probs(item.text, item.encoded, [s.offsets for s in spans])
        for s, p in zip(spans, probs, strict=True):
            data["tf"].append(item.fold)
            data["tg"].append(index[str(s.technique)])
            logps.append(np.log(np.maximum(p, 1e-12)))
    out = {k: np.array(v) for k, v in data.items()}
    out["articles"] = np.array(articles)
    out["logp"] = np.stack(logps)
    return out


def _article_reliability(label: str, articles: np.ndarray, scores: np.ndarray, gold: np.ndarray) -> None:
    """Print how well the mean sentence score of an article predicts its share of sentences with a technique."""
    ids = sorted(set(articles.tolist()))
    pred = np.array([scores[articles == a].mean() for a in ids])
    true = np.array([gold[articles == a].mean() for a in ids])
    print(f"  article score from {label} sentence scores (expected share of sentences with a technique), "
          f"{len(ids)} articles: mean |predicted - actual| {np.abs(pred - true).mean():.4f}; "
          f"correlation {np.corrcoef(pred, true)[0, 1]:.3f}")
    for lo in np.arange(0.0, 1.0, 0.2):
        inside = (pred >= lo) & (pred < lo + 0.2 if lo < 0.8 else pred <= 1.0)
        if inside.any():
            print(f"    predicted {lo:.1f}-{lo + 0.2:.1f}: {int(inside.sum()):4d} articles, mean predicted "
                  f"{pred[inside].mean():.3f}, actual {true[inside].mean():.3f}")


def _calibration(
    items: Sequence[Held], rows: Sequence[tuple[PtcSpan, float]], si_gold: Sequence[PtcSpan],
    tc_gold: Sequence[PtcSpan], folds: Sequence[int],
) -> None:
    d = _calibration_data(items, rows, si_gold, tc_gold)
    span_cal = _cross_platt(d["sf"], d["sr"], d["sg"])
    sent_cal = _cross_platt(d["qf"], d["qr"], d["qg"])
    print("\ncalibration (cross-fitted: each fold's map fitted on the other folds' held-out predictions), ECE 10 bins")
    print(f"  span confidence (P span overlaps a gold span), {len(d['sr'])} spans: "
          f"raw {reliability(d['sr'], d['sg'])[0]:.4f} -> calibrated {reliability(span_cal, d['sg'])[0]:.4f}")
    ece, table = reliability(sent_cal, d["qg"])
    print(f"  sentence score (P sentence holds a gold span), {len(d['qr'])} sentences: "
          f"raw {reliability(d['qr'], d['qg'])[0]:.4f} -> calibrated {ece:.4f}")
    print("  sentence reliability: bin, sentences, mean score, share with a technique")
    for name, n, conf, acc in table:
        if n:
            print(f"    {name}  {n:6d}  {conf:.3f}  {acc:.3f}")
    for label, scores in (("raw", d["qr"]), ("Platt", sent_cal)):
        _article_reliability(label, d["articles"], scores, d["qg"])
    conf_raw, guess = _top1(d["logp"], 1.0)
    conf_cal = np.zeros(len(d["tg"]))
    for k in folds:
        t = fit_softmax_temperature(d["logp"][d["tf"] != k], d["tg"][d["tf"] != k].astype(np.int64))
        conf_cal[d["tf"] == k] = _top1(d["logp"][d["tf"] == k], t)[0]
    correct = (guess == d["tg"]).astype(np.float64)
    print(f"  technique probability (top-1 on gold spans), {len(d['tg'])} spans: "
          f"raw {reliability(conf_raw, correct)[0]:.4f} -> calibrated {reliability(conf_cal, correct)[0]:.4f}")


def fit_all(items: Sequence[Held], si_gold: Sequence[PtcSpan], tc_gold: Sequence[PtcSpan], config: Path) -> None:
    """Fit the span threshold and every calibration map on all held-out predictions; write them into ``config``."""
    tau = _best_tau(items, si_gold)
    d = _calibration_data(items, _predict(items, tau), si_gold, tc_gold)
    temperature = fit_softmax_temperature(d["logp"], d["tg"].astype(np.int64))

    def platt_or_raw(folds: np.ndarray, scores: np.ndarray, gold: np.ndarray) -> list[float] | None:
        """Platt map, or None (scores shown raw) when the raw scores are better calibrated out of fold."""
        if reliability(scores, gold)[0] <= reliability(_cross_platt(folds, scores, gold), gold)[0]:
            return None
        a, b = fit_platt(scores, gold)
        return [round(a, 5), round(b, 5)]

    raw = json.loads(config.read_text(encoding="utf-8"))
    raw["calibration"] = {
        "fitted_on": "held-out predictions of the 5 cross-validation fold models on PTC train",
        "inside_threshold": tau[0],
        "peak_threshold": tau[1],
        "span_platt": platt_or_raw(d["sf"], d["sr"], d["sg"]),
        "sentence_platt": platt_or_raw(d["qf"], d["qr"], d["qg"]),
        "temperature": round(temperature, 4),
        "span_threshold": 0.0,
    }
    config.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    print(f"wrote calibration into {config}: {raw['calibration']}")

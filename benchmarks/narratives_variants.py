"""Narratives, English: the variants tried against the committed features and decision rule, in the same nested CV.

Run: python -m benchmarks.narratives_variants --data ../shared/data/narratives [--seeds 2025,2026,2027]
     [--features base,tfidf-2.0,...] [--rules probability,margin,...]

Same protocol as ``benchmarks.narratives``: 5 outer folds by iterative stratification (the
seed), each outer fold's decision parameters tuned on out-of-fold probabilities of an inner
3-fold split of its training part, then applied to the held-out fold. Each feature variant
gives probabilities, each rule is tuned and scored on them (narratives / sub-narratives
samples-F1). The regressions are fitted in their dual form (``w = X^T a`` with the Gram
matrix, 292 articles against 5,384 features): the same iterates as ``fit_logistic``
(probabilities within 1e-5), several times faster. ``Other`` at both levels is counted
like the benchmark does; other seeds than 2025 move the outer split (noise check).
"""

from __future__ import annotations

import argparse
import itertools
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from sourcetrace.narratives._logistic import sigmoid
from sourcetrace.narratives.features import HashedTfidf, article_vector
from sourcetrace.narratives.model import DOMAIN_LABEL, NarrativeModel
from sourcetrace.narratives.scoring import samples_f1
from sourcetrace.narratives.taxonomy import OTHER, Taxonomy
from sourcetrace.train.narratives import DEFAULT_SEED, Corpus, iterative_folds, label_matrix, load_corpus

Array = npt.NDArray[np.float64]
Rows = npt.NDArray[np.int64]
FitPredict = Callable[[Rows, Rows], Array]
Rule = Callable[[Array, tuple[float, ...]], tuple[tuple[str, ...], tuple[str, ...]]]


def fit_dual(x: Array, y: Array, l2: float, iterations: int = 800,
             pos_weight: Array | None = None) -> tuple[Array, Array]:
    """``fit_logistic``'s accelerated gradient descent run on ``a`` with ``w = X^T a`` (identical iterates)."""
    n = x.shape[0]
    weights = np.ones_like(y) if pos_weight is None else np.where(y > 0, pos_weight[None, :], 1.0)
    norm = weights.sum(axis=0, keepdims=True)
    spectral = float(np.linalg.norm(np.hstack([x, np.ones((n, 1))]), ord=2)) ** 2
    step = 1.0 / (spectral * float(weights.max()) / (4.0 * float(norm.min())) + l2)
    gram = x @ x.T
    a = np.zeros((n, y.shape[1]))
    b = np.log((y * weights).sum(axis=0) + 1e-3) - np.log(((1 - y) * weights).sum(axis=0) + 1e-3)
    a_prev, b_prev = a.copy(), b.copy()
    for k in range(1, iterations + 1):
        momentum = (k - 1) / (k + 2)
        va, vb = a + momentum * (a - a_prev), b + momentum * (b - b_prev)
        err = (sigmoid(gram @ va + vb) - y) * weights / norm
        a_prev, b_prev = a, b
        a = va - step * (err + l2 * va)
        b = vb - step * err.sum(axis=0)
    return x.T @ a, b


class Variants:
    """Feature variants (probabilities per split) and decision rules over one corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.taxonomy = Taxonomy.from_labels(lab for g in corpus.gold for lab in (*g.narratives, *g.subnarratives))
        self.y = label_matrix(corpus, self.taxonomy)
        self.mean = np.array([article_vector(v) for v in corpus.vectors])
        self.max = self._pooled(lambda v: v.max(axis=0))
        self.first = self._pooled(lambda v: v[:3].mean(axis=0))
        self._tfidf: dict[tuple[object, ...], tuple[Array, Array]] = {}
        self._chars: list[Counter[int]] | None = None
        self._label_sims: Array | None = None
        empty = HashedTfidf(np.zeros(1, dtype=np.int64), np.ones(1))
        dim = self.mean.shape[1]
        self.model = NarrativeModel(self.taxonomy, np.zeros((dim + 1, self.y.shape[1]), np.float32),
                                    np.zeros(self.y.shape[1], np.float32), empty, dim)
        m = self.model
        self.other, self.domain = m.index[OTHER], m.index[DOMAIN_LABEL]
        self.by_domain = {d: m._by_domain[d] for d in ("URW", "CC")}
        self.children = {m.index[n]: m._children[n] for n in self.taxonomy.narratives}

    def _pooled(self, pool: Callable[[Array], Array]) -> Array:
        rows = [pool(np.asarray(v, dtype=np.float64)) for v in self.corpus.vectors]
        return np.array([r / (np.linalg.norm(r) or 1.0) for r in rows])

    def tfidf(self, tr: Rows, te: Rows, max_features: int = 5000) -> tuple[Array, Array]:
        """Word TF-IDF blocks fitted on ``tr`` (cached per split)."""
        key = (max_features, tuple(tr.tolist()), tuple(te.tolist()))
        if key not in self._tfidf:
            texts = self.corpus.texts
            tf = HashedTfidf.fit([texts[i] for i in tr], 2, max_features)
            self._tfidf[key] = (tf.transform([texts[i] for i in tr]), tf.transform([texts[i] for i in te]))
        return self._tfidf[key]

    def chars(self, tr: Rows, te: Rows, n: int = 4, max_features: int = 5000) -> tuple[Array, Array]:
        """Hashed TF-IDF of character ``n``-grams (across word boundaries), fitted on ``tr``."""
        if self._chars is None:
            joined = [" ".join(re.findall(r"[a-z0-9']+", t.lower())) for t in self.corpus.texts]
            self._chars = [Counter(zlib.crc32(t[i : i + n].encode()) % (1 << 20) for i in range(len(t) - n + 1))
                           for t in joined]
        docs = self._chars
        df: Counter[int] = Counter()
        for i in tr:
            df.update(docs[i].keys())
        kept = sorted((b for b, c in df.items() if c >= 2), key=lambda b: (-df[b], b))[:max_features]
        column = {b: j for j, b in enumerate(kept)}
        idf = np.array([np.log((1 + len(tr)) / (1 + df[b])) + 1 for b in kept])

        def transform(rows: Rows) -> Array:
            out = np.zeros((len(rows), len(kept)))
            for r, i in enumerate(rows):
                for b, c in docs[i].items():
                    if b in column:
                        out[r, column[b]] = 1 + np.log(c)
                out[r] *= idf
                out[r] /= np.linalg.norm(out[r]) or 1.0
            return out

        return transform(tr), transform(te)

    def logistic(self, tfidf_weight: float = 1.5, l2: float = 1e-4, iterations: int = 800,
                 max_features: int = 5000, extra: Callable[[Rows, Rows], tuple[Array, Array]] | None = None,
                 pos_cap: float | None = None) -> FitPredict:
        """The committed model's regressions with changed settings or an extra feature block."""
        def fit_predict(tr: Rows, te: Rows) -> Array:
            ttr, tte = self.tfidf(tr, te, max_features)
            xtr, xte = [self.mean[tr], tfidf_weight * ttr], [self.mean[te], tfidf_weight * tte]
            if extra is not None:
                a, b = extra(tr, te)
                xtr.append(a)
                xte.append(b)
            pos_weight = None
            if pos_cap is not None:
                pos = self.y[tr].sum(axis=0)
                pos_weight = np.clip(np.sqrt(np.maximum(len(tr) - pos, 1) / np.maximum(pos, 1)), 1, pos_cap)
            w, b = fit_dual(np.hstack(xtr), self.y[tr], l2, iterations, pos_weight)
            return sigmoid(np.hstack(xte) @ w + b)
        return fit_predict

    def ridge_blend(self, lam: float) -> FitPredict:
        """Mean of the committed regressions' probabilities and a (kernel) ridge regression's clipped outputs."""
        base = self.logistic()

        def fit_predict(tr: Rows, te: Rows) -> Array:
            ttr, tte = self.tfidf(tr, te)
            xtr, xte = np.hstack([self.mean[tr], 1.5 * ttr]), np.hstack([self.mean[te], 1.5 * tte])
            mu = self.y[tr].mean(axis=0)
            a = np.linalg.solve(xtr @ xtr.T + lam * np.eye(len(tr)), self.y[tr] - mu)
            blend: Array = 0.5 * base(tr, te) + 0.5 * np.clip(xte @ (xtr.T @ a) + mu, 0, 1)
            return blend
        return fit_predict

    def other_tfidf(self, weight: float) -> FitPredict:
        """The committed regressions, but the ``Other`` column refitted with a heavier TF-IDF block."""
        base = self.logistic()

        def fit_predict(tr: Rows, te: Rows) -> Array:
            p = base(tr, te)
            ttr, tte = self.tfidf(tr, te)
            w, b = fit_dual(np.hstack([self.mean[tr], weight * ttr]), self.y[tr][:, [self.other]], 1e-4)
            p[:, self.other] = sigmoid(np.hstack([self.mean[te], weight * tte]) @ w + b)[:, 0]
            return p
        return fit_predict

    def conditional(self, l2: float) -> FitPredict:
        """Sub-narrative columns replaced by P(sub | narrative), fitted on the articles carrying the narrative."""
        base = self.logistic()

        def fit_predict(tr: Rows, te: Rows) -> Array:
            p = base(tr, te)
            ttr, tte = self.tfidf(tr, te)
            xtr, xte = np.hstack([self.mean[tr], 1.5 * ttr]), np.hstack([self.mean[te], 1.5 * tte])
            for narrative, kids in self.children.items():
                rows = np.flatnonzero(self.y[tr, narrative] > 0)
                if len(rows) >= 2 and kids:
                    w, b = fit_dual(xtr[rows], self.y[tr][rows][:, kids], l2)
                    p[:, kids] = sigmoid(xte @ w + b)
            return p
        return fit_predict

    def label_similarity(self, weight: float, top: int = 3) -> FitPredict:
        """The committed regressions plus, per label, its name's similarity to the article's closest sentences.

        Each narrative and sub-narrative name ("Discrediting Ukraine: Ukraine is a puppet of the West") is
        encoded like a sentence; per article and label: the largest cosine to one of its sentences and the
        mean of the ``top`` largest, standardised on the training rows, times ``weight``.
        """
        if self._label_sims is None:
            from sourcetrace.models.encoding import WindowEncoder
            from sourcetrace.narratives.features import sentence_features

            encoder = WindowEncoder()
            labels = self.model.labels
            texts = [": ".join(label.split(": ")[1:]).removesuffix(": Other") or label for label in labels]
            names = np.array([sentence_features(t, encoder.encode(t))[1].mean(axis=0) for t in texts])
            names /= np.linalg.norm(names, axis=1, keepdims=True)
            columns = [j for j, label in enumerate(labels) if ": " in label]
            rows = []
            for v in self.corpus.vectors:
                sims = np.sort(np.asarray(v, dtype=np.float64) @ names[columns].T, axis=0)[::-1]
                rows.append(np.concatenate([sims[0], sims[:top].mean(axis=0)]))
            self._label_sims = np.array(rows)
        sims = self._label_sims

        def extra(tr: Rows, te: Rows) -> tuple[Array, Array]:
            mu, sd = sims[tr].mean(axis=0), sims[tr].std(axis=0) + 1e-6
            scale = weight / (sd * np.sqrt(sims.shape[1]))  # block norm about ``weight``, like the other blocks
            return (sims[tr] - mu) * scale, (sims[te] - mu) * scale
        return self.logistic(extra=extra)

    def features(self) -> dict[str, FitPredict]:
        """Every feature variant by name (``base`` is the committed model)."""
        return {
            "base": self.logistic(),
            "tfidf-2.0": self.logistic(tfidf_weight=2.0),
            "tfidf-2.0+l2-3e-4": self.logistic(tfidf_weight=2.0, l2=3e-4),
            "l2-3e-5+1500-iterations": self.logistic(l2=3e-5, iterations=1500),
            "positive-weight-cap-3": self.logistic(pos_cap=3.0),
            "tfidf-10k-buckets": self.logistic(max_features=10000),
            "+max-pool-0.5": self.logistic(extra=lambda tr, te: (0.5 * self.max[tr], 0.5 * self.max[te])),
            "+first-3-sentences-0.5": self.logistic(extra=lambda tr, te: (0.5 * self.first[tr], 0.5 * self.first[te])),
            "+char-4-grams": self.logistic(extra=self.chars),
            "+ridge-blend-1.0": self.ridge_blend(1.0),
            "other-column-tfidf-3.0": self.other_tfidf(3.0),
            "conditional-subs-1e-3": self.conditional(1e-3),
            **{f"+label-similarity-{w}": self.label_similarity(w) for w in (0.5, 1.0, 2.0)},
        }

    # decision rules: each maps one article's probabilities and parameters to (narratives, sub-narratives)

    def decide(self, p: Array, params: tuple[float, ...], other: str = "probability", subs: str = "threshold",
               top_k: int = 99) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The committed rule with another ``Other`` test, sub-narrative test or a cap on narratives."""
        tn, ts, to = params[:3]
        labels = self.model.labels
        ranked = sorted(self.by_domain["URW" if p[self.domain] >= 0.5 else "CC"], key=lambda j: (-p[j], j))
        best, po = p[ranked[0]], p[self.other]
        is_other = {
            "probability": po >= to, "margin": po - best >= to, "ratio": po / max(best, 1e-9) >= to,
            "logit-margin": np.log(po / (1 - po) + 1e-12) - np.log(best / (1 - best) + 1e-12) >= to,
            "probability-unless-narrative": po >= to and best < params[3] if len(params) > 3 else po >= to,
        }[other]
        if is_other:
            return (OTHER,), (OTHER,)
        narratives = [ranked[0], *(j for j in ranked[1:] if p[j] >= tn)][:top_k]
        chosen: list[int] = []
        for n in narratives:
            kids = sorted(self.children[n], key=lambda j: (-p[j], j))
            scale = p[n] if subs == "ratio" else 1.0
            kept = [j for j in kids if p[j] / max(scale, 1e-9) >= ts]
            if not kept and subs == "backoff-other":
                kept = [j for j in kids if labels[j].endswith(": Other")]
            chosen.extend(kept or kids[:1])
        return tuple(labels[j] for j in narratives), tuple(labels[j] for j in chosen)

    def rules(self) -> dict[str, tuple[Rule, list[tuple[float, ...]]]]:
        """Every decision rule by name with its parameter grid (``margin`` is the committed one)."""
        tn = (0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4)
        ts = (0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3)
        to = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
        margin = (-0.2, -0.1, -0.05, 0.0, 0.05, 0.1, 0.15, 0.2)
        fine = (0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1)
        grid = itertools.product
        return {
            "probability": (lambda p, q: self.decide(p, q), list(grid(tn, ts, to))),
            "probability+fine-sub": (lambda p, q: self.decide(p, q), list(grid(tn, fine, to))),
            "probability+sub-backoff-other": (lambda p, q: self.decide(p, q, subs="backoff-other"),
                                              list(grid(tn, ts, to))),
            "probability+sub-ratio": (lambda p, q: self.decide(p, q, subs="ratio"),
                                      list(grid(tn, (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5), to))),
            "probability-unless-narrative": (
                lambda p, q: self.decide(p, q, "probability-unless-narrative"),
                list(grid((0.03, 0.05, 0.1), (0.01, 0.02), to, (0.3, 0.4, 0.5, 0.6, 0.7, 1.1)))),
            "ratio": (lambda p, q: self.decide(p, q, "ratio"),
                      list(grid(tn, ts, (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)))),
            "logit-margin": (lambda p, q: self.decide(p, q, "logit-margin"),
                             list(grid(tn, ts, (-1.5, -1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0)))),
            "margin": (lambda p, q: self.decide(p, q, "margin"), list(grid(tn, ts, margin))),
            "margin+fine-sub": (lambda p, q: self.decide(p, q, "margin"), list(grid(tn, fine, margin))),
            "margin+top-k": (lambda p, q: self.decide(p, q[:3], "margin", top_k=int(q[3])),
                             list(grid(tn, (0.01, 0.003), margin, (2, 3, 4, 6)))),
            "margin+conditional-sub": (lambda p, q: self.decide(p, q, "margin"),
                                       list(grid(tn, (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5), margin))),
        }


def nested(variants: Variants, fit_predict: FitPredict, seed: int) -> list[tuple[Rows, Array, Rows, Array]]:
    """Per outer fold: training rows, their inner out-of-fold probabilities, test rows, their probabilities."""
    outer = iterative_folds(variants.y, 5, seed)
    out = []
    for k in range(5):
        tr = np.flatnonzero(outer != k)
        inner = iterative_folds(label_matrix(variants.corpus.subset(tr.tolist()), variants.taxonomy), 3, seed + 1 + k)
        oof = np.zeros((len(tr), variants.y.shape[1]))
        for j in range(3):
            oof[inner == j] = fit_predict(tr[inner != j], tr[inner == j])
        te = np.flatnonzero(outer == k)
        out.append((tr, oof, te, fit_predict(tr, te)))
    return out


def score_rule(variants: Variants, folds: Sequence[tuple[Rows, Array, Rows, Array]], rule: Rule,
               grid: Sequence[tuple[float, ...]]) -> tuple[float, float, int]:
    """Tune ``rule`` on each fold's inner probabilities, apply it to the fold; samples-F1 and ``Other`` count."""
    gold = variants.corpus.gold
    decided: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for tr, oof, te, test in folds:
        best: tuple[float, tuple[float, ...]] = (-1.0, grid[0])
        for params in grid:
            rows = [rule(p, params) for p in oof]
            f1 = samples_f1([gold[i].narratives for i in tr], [r[0] for r in rows]) + samples_f1(
                [gold[i].subnarratives for i in tr], [r[1] for r in rows])
            if f1 > best[0] + 1e-9:
                best = (f1, params)
        for i, p in zip(te, test, strict=True):
            decided[int(i)] = rule(p, best[1])
    order = sorted(decided)
    f1_n = samples_f1([gold[i].narratives for i in order], [decided[i][0] for i in order])
    f1_s = samples_f1([gold[i].subnarratives for i in order], [decided[i][1] for i in order])
    return f1_n, f1_s, sum(decided[i][0] == (OTHER,) for i in order)


def main(argv: list[str] | None = None) -> int:
    """Run the requested variants and print one table row per (seed, features, rule)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/narratives"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/st-narratives-cache"))
    parser.add_argument("--seeds", default=str(DEFAULT_SEED))
    parser.add_argument("--features", default="base")
    parser.add_argument("--rules", default="probability,margin")
    args = parser.parse_args(argv)
    if not (args.data / "EN" / "subtask-2-annotations.txt").is_file():
        print(f"error: no EN/subtask-2-annotations.txt under {args.data}; give --data", flush=True)
        return 2
    start = time.perf_counter()
    variants = Variants(load_corpus(args.data, "EN", cache=args.cache))
    features, rules = variants.features(), variants.rules()
    print("| seed | features | decision rule | narratives | sub-narratives | predicted Other |")
    print("|---|---|---|---|---|---|")
    for seed in (int(s) for s in args.seeds.split(",")):
        for name in args.features.split(","):
            folds = nested(variants, features[name], seed)
            for rule_name in args.rules.split(","):
                rule, grid = rules[rule_name]
                f1_n, f1_s, other = score_rule(variants, folds, rule, grid)
                print(f"| {seed} | {name} | {rule_name} | {f1_n:.3f} | {f1_s:.3f} | {other} |", flush=True)
    print(f"time {time.perf_counter() - start:.0f} s; command: python -m benchmarks.narratives_variants "
          f"--data {args.data} --seeds {args.seeds} --features {args.features} --rules {args.rules}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

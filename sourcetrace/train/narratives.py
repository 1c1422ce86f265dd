"""Trains the narrative classifier (SemEval-2025 Task 10 subtask 2) with numpy only; no torch needed.

``python -m sourcetrace.train.narratives --data ../shared/data/narratives --out DIR [--install]``

Steps: run the shared encoder over each article (the ``encoding`` stage's ``WindowEncoder``)
and pool its token vectors per sentence with ``sentence_features``, as prediction does
(cached in ``--cache``); fit one-vs-rest logistic regressions over
``[mean sentence embedding, TF-IDF]`` for every narrative, sub-narrative, ``Other`` and
the domain; tune the decision thresholds on out-of-fold probabilities of a 5-fold
iterative-stratified split; refit on every article and write ``model.npz`` and
``model.json``. The same functions run the benchmark's nested cross-validation.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import re
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from sourcetrace.models.encoding import TokenEncoder, WindowEncoder
from sourcetrace.narratives._logistic import fit_logistic
from sourcetrace.narratives.corpus import Annotation, read_annotations, read_documents
from sourcetrace.narratives.features import HashedTfidf, article_vector, sentence_features
from sourcetrace.narratives.model import LANGUAGES, NARRATIVES_DIR, NarrativeModel, Thresholds, model_dir
from sourcetrace.narratives.scoring import samples_f1
from sourcetrace.narratives.sentences import sentence_spans
from sourcetrace.narratives.taxonomy import OTHER, Taxonomy, domain_of

__all__ = [
    "DEFAULT_SEED",
    "Corpus",
    "TrainConfig",
    "config_for",
    "fit_calibration",
    "fit_model",
    "iterative_folds",
    "load_corpus",
    "main",
    "out_of_fold_probabilities",
    "tune_thresholds",
]

#: Seed of the fold split used by training and the benchmark.
DEFAULT_SEED = 2025

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters, chosen by 5-fold cross-validation on the English training articles."""

    l2: float = 1e-4
    iterations: int = 800
    tfidf_weight: float = 1.5
    max_features: int = 5000
    min_df: int = 2
    #: Read sentence vectors from the shared (English) encoder; without them the model is TF-IDF alone.
    encoder: bool = True
    #: Word pattern of the TF-IDF terms (``WORD_PATTERNS``).
    words: str = "ascii"


def config_for(lang: str) -> TrainConfig:
    """The training settings of a language: English with the encoder, the others TF-IDF over words of any script.

    The shared encoder is English-only (its wordpieces split Cyrillic or Devanagari into
    characters), so for Bulgarian, Hindi, Portuguese and Russian the model reads words alone;
    with no vector block the TF-IDF weight only rescales the L2 penalty, and 1.0 scored within
    0.001 of 2.0 in cross-validation (BENCHMARKS.md).
    """
    if lang.upper() == "EN":
        return TrainConfig()
    return TrainConfig(tfidf_weight=1.0, encoder=False, words="unicode")


@dataclass
class Corpus:
    """Articles with their sentence spans and vectors and gold annotations, in file-name order."""

    names: list[str]
    texts: list[str]
    vectors: list[npt.NDArray[np.float32]]
    gold: list[Annotation]
    domains: list[str]

    def subset(self, rows: Sequence[int]) -> Corpus:
        """The articles at ``rows``."""
        return Corpus(
            [self.names[i] for i in rows], [self.texts[i] for i in rows], [self.vectors[i] for i in rows],
            [self.gold[i] for i in rows], [self.domains[i] for i in rows],
        )


_URW_CODE = re.compile(r"[_-](?:UA|URW)[_-]")
_CC_CODE = re.compile(r"[_-]CC[_-]")


def _domain(name: str, annotation: Annotation) -> str | None:
    """Training-time domain of an article: the file-name code (``EN_UA_``, ``RU-URW-``, ``_CC_``), else its labels'.

    None for an ``Other`` article whose name carries no code (Hindi and Portuguese files).
    """
    if _URW_CODE.search(name):
        return "URW"
    if _CC_CODE.search(name):
        return "CC"
    domains = [d for label in annotation.narratives if (d := domain_of(label))]
    return max(domains, key=domains.count) if domains else None  # ties: the first seen


def load_corpus(data: Path, lang: str = "EN", encoder: TokenEncoder | None = None, cache: Path | None = None,
                log: Callable[[str], None] = print) -> Corpus:
    """Read ``<data>/<lang>/raw-documents`` and the subtask-2 annotations; pool every sentence's vector (cached)."""
    folder = data / lang
    texts = read_documents(folder / "raw-documents")
    annotations = read_annotations(folder / "subtask-2-annotations.txt")
    names = [n for n in sorted(texts) if n in annotations]
    if not names:
        raise SystemExit(f"no annotated articles in {folder}")
    if config_for(lang).encoder:
        vectors = _embed([texts[n] for n in names], encoder, cache, log)
    else:  # no sentence vectors: a zero-width block per sentence
        vectors = [np.zeros((len(sentence_spans(texts[n])), 0), dtype=np.float32) for n in names]
    gold = [annotations[n] for n in names]
    found = [_domain(n, a) for n, a in zip(names, gold, strict=True)]
    known = [d for d in found if d is not None]
    usual = max(("URW", "CC"), key=known.count) if known else "CC"  # an uncoded Other article: the usual topic
    return Corpus(names, [texts[n] for n in names], vectors, gold, [d or usual for d in found])


#: Names the way sentence vectors are computed from the encoder (part of the cache key; "v2": sentences also
#: end before accented capitals and low quotation marks).
POOLING = "in-context token mean of the topic vectors, v2 sentences"


def _embed(texts: list[str], encoder: TokenEncoder | None, cache: Path | None,
           log: Callable[[str], None]) -> list[npt.NDArray[np.float32]]:
    encoder = encoder if encoder is not None else WindowEncoder()
    key = hashlib.sha256("\x00".join([encoder.name, POOLING, *texts]).encode()).hexdigest()[:16]
    path = cache / f"narratives-{key}.pkl" if cache is not None else None
    if path is not None and path.is_file():
        with path.open("rb") as handle:
            cached: list[npt.NDArray[np.float32]] = pickle.load(handle)
        return cached
    start = time.perf_counter()
    out = []
    for text in texts:
        out.append(sentence_features(text, encoder.encode(text))[1])
    seconds = time.perf_counter() - start
    log(f"encoded {len(texts)} articles ({sum(len(v) for v in out)} sentences) in {seconds:.0f} s")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            pickle.dump(out, handle)
    return out


def label_matrix(corpus: Corpus, taxonomy: Taxonomy) -> Array:
    """0/1 targets ``(articles, labels)`` in the model's column order (narratives, subs, Other, domain)."""
    columns = [*taxonomy.narratives, *taxonomy.subnarratives]
    rows = []
    for gold, domain in zip(corpus.gold, corpus.domains, strict=True):
        labels = {*gold.narratives, *gold.subnarratives}
        rows.append([*(c in labels for c in columns), OTHER in gold.narratives, domain == "URW"])
    return np.array(rows, dtype=np.float64)


def iterative_folds(y: Array, folds: int = 5, seed: int = DEFAULT_SEED) -> npt.NDArray[np.int64]:
    """Fold number per row by iterative stratification (Sechidis et al., 2011): rarest labels placed first."""
    rng = np.random.default_rng(seed)
    n = y.shape[0]
    if folds < 2 or folds > n:
        raise ValueError(f"cannot make {folds} folds of {n} articles")
    wanted = np.full(folds, n / folds)
    wanted_label = np.tile(y.sum(axis=0) / folds, (folds, 1))
    fold = np.full(n, -1, dtype=np.int64)
    left = np.ones(n, dtype=bool)
    while left.any():
        rows = np.flatnonzero(left)
        counts = y[rows].sum(axis=0)
        if counts.sum() == 0:
            for i in rng.permutation(rows):
                f = int(rng.choice(np.flatnonzero(wanted == wanted.max())))
                fold[i], left[i] = f, False
                wanted[f] -= 1
            break
        label = int(np.argmin(np.where(counts > 0, counts, np.inf)))
        for i in rng.permutation(rows[y[rows, label] > 0]):
            best = np.flatnonzero(wanted_label[:, label] == wanted_label[:, label].max())
            if len(best) > 1:
                best = best[wanted[best] == wanted[best].max()]
            f = int(rng.choice(best))
            fold[i], left[i] = f, False
            wanted[f] -= 1
            wanted_label[f] -= y[i]
    return fold


def fit_model(corpus: Corpus, taxonomy: Taxonomy, config: TrainConfig = TrainConfig(),
              thresholds: Thresholds | None = None) -> NarrativeModel:
    """Fit every label's logistic regression on ``corpus``."""
    tfidf = HashedTfidf.fit(corpus.texts, config.min_df, config.max_features, config.words)
    x = np.hstack([np.array([article_vector(v) for v in corpus.vectors]),
                   config.tfidf_weight * tfidf.transform(corpus.texts)])
    weights, bias = fit_logistic(x, label_matrix(corpus, taxonomy), config.l2, iterations=config.iterations)
    return NarrativeModel(taxonomy, weights.astype(np.float32), bias.astype(np.float32), tfidf,
                          corpus.vectors[0].shape[1], config.tfidf_weight, thresholds or Thresholds())


def article_probabilities(model: NarrativeModel, corpus: Corpus) -> Array:
    """``P(label)`` for every article of ``corpus`` under ``model``."""
    emb = np.array([article_vector(v) for v in corpus.vectors])
    return model.probabilities(model.features(emb, model.tfidf.transform(corpus.texts)))


def out_of_fold_probabilities(corpus: Corpus, taxonomy: Taxonomy, folds: npt.NDArray[np.int64],
                              config: TrainConfig = TrainConfig()) -> Array:
    """Probabilities of every article from the model fitted on the other folds."""
    out = np.zeros((len(corpus.names), len(taxonomy.narratives) + len(taxonomy.subnarratives) + 2))
    for k in sorted(set(folds.tolist())):
        test = np.flatnonzero(folds == k)
        model = fit_model(corpus.subset(np.flatnonzero(folds != k).tolist()), taxonomy, config)
        out[test] = article_probabilities(model, corpus.subset(test.tolist()))
    return out


#: Threshold grid searched by ``tune_thresholds``.
GRID = {
    "narrative": (0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4),
    "subnarrative": (0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3),
    "other_margin": (-0.2, -0.1, -0.05, 0.0, 0.05, 0.1, 0.15, 0.2),
}


def decide_all(model: NarrativeModel, probabilities: Array) -> list[Annotation]:
    """The model's decision for every row of probabilities (file names left empty)."""
    rows = []
    for p in probabilities:
        d = model.decide(p)
        rows.append(Annotation("", d.narratives, d.subnarratives))
    return rows


def tune_thresholds(model: NarrativeModel, probabilities: Array, gold: Sequence[Annotation]) -> Thresholds:
    """The grid thresholds maximising narrative + sub-narrative samples-F1 on held-out probabilities."""
    best: tuple[float, Thresholds] = (-1.0, model.thresholds)
    for n, s, o in itertools.product(GRID["narrative"], GRID["subnarrative"], GRID["other_margin"]):
        model.thresholds = Thresholds(n, s, o)
        rows = decide_all(model, probabilities)
        f1 = samples_f1([g.narratives for g in gold], [r.narratives for r in rows]) + samples_f1(
            [g.subnarratives for g in gold], [r.subnarratives for r in rows])
        if f1 > best[0] + 1e-9:
            best = (f1, model.thresholds)
    model.thresholds = best[1]
    return best[1]


def chosen_label_outcomes(
    model: NarrativeModel, probabilities: Array, gold: Sequence[Annotation]
) -> dict[str, tuple[list[float], list[bool]]]:
    """Per calibration group, the raw probability of every label the rule chooses and whether it is right."""
    out: dict[str, tuple[list[float], list[bool]]] = {"narrative": ([], []), "subnarrative": ([], []),
                                                       "other": ([], [])}
    for p, decision, g in zip(probabilities, decide_all(model, probabilities), gold, strict=True):
        right = {*g.narratives, *g.subnarratives}
        for level, labels in (("narrative", decision.narratives), ("subnarrative", decision.subnarratives)):
            for label in labels:
                if label == OTHER and level == "subnarrative":
                    continue
                group = "other" if label == OTHER else level
                out[group][0].append(float(p[model.index[label]]))
                out[group][1].append(label in right)
    return out


def fit_calibration(model: NarrativeModel, probabilities: Array, gold: Sequence[Annotation]) -> None:
    """Fit the Platt maps of ``model`` on held-out probabilities of the labels its rule chooses."""
    model.calibration = {}
    for group, (p, right) in chosen_label_outcomes(model, probabilities, gold).items():
        if len(p) < 10 or all(right) or not any(right):
            continue
        clipped = np.clip(np.array(p), 1e-6, 1 - 1e-6)
        logit = np.log(clipped / (1 - clipped))[:, None]
        scale = float(np.abs(logit).max()) or 1.0
        w, b = fit_logistic(logit / scale, np.array(right, dtype=np.float64)[:, None], 1e-4, iterations=3000)
        model.calibration[group] = (float(w[0, 0]) / scale, float(b[0]))


def train(corpus: Corpus, config: TrainConfig = TrainConfig(), folds: int = 5, seed: int = DEFAULT_SEED,
          log: Callable[[str], None] = print) -> NarrativeModel:
    """Tune thresholds on out-of-fold probabilities, then fit the model on every article."""
    taxonomy = Taxonomy.from_labels(label for g in corpus.gold for label in (*g.narratives, *g.subnarratives))
    split = iterative_folds(label_matrix(corpus, taxonomy), folds, seed)
    oof = out_of_fold_probabilities(corpus, taxonomy, split, config)
    model = fit_model(corpus, taxonomy, config)
    thresholds = tune_thresholds(model, oof, corpus.gold)
    fit_calibration(model, oof, corpus.gold)
    rows = decide_all(model, oof)
    f1_n = samples_f1([g.narratives for g in corpus.gold], [r.narratives for r in rows])
    f1_s = samples_f1([g.subnarratives for g in corpus.gold], [r.subnarratives for r in rows])
    log(f"thresholds {thresholds}; out-of-fold samples-F1 with them (tuned on the same folds, optimistic): "
        f"narratives {f1_n:.3f}, sub-narratives {f1_s:.3f}")
    model.info = {
        "trained_on": f"SemEval-2025 Task 10 subtask 2, {len(corpus.names)} articles",
        "encoder": "sourcetrace/models/techniques encoder windows "
        "(all-MiniLM-L6-v2: its pretrained layers 5-6 branch over the shared layers 1-4, dynamic int8)"
        if config.encoder else "none: TF-IDF over words alone (the shared encoder reads English only)",
        "sentence_vectors": POOLING if config.encoder else "none",
        "config": asdict(config),
        "folds": folds,
        "seed": seed,
    }
    return model


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: train, write the model, optionally install it into the package."""
    parser = argparse.ArgumentParser(prog="python -m sourcetrace.train.narratives", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/narratives"))
    parser.add_argument("--lang", default="EN")
    parser.add_argument("--out", type=Path, default=Path("/tmp/st-narratives"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/st-narratives-cache"),
                        help="Folder for cached sentence vectors (outside the repository).")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--install", action="store_true",
                        help=f"Copy the model into {NARRATIVES_DIR} (English) or its language folder.")
    args = parser.parse_args(argv)
    if not (args.data / args.lang / "subtask-2-annotations.txt").is_file():
        print(f"error: {args.data / args.lang} has no subtask-2-annotations.txt (give --data)", file=sys.stderr)
        return 2
    if args.install and args.lang.upper() not in LANGUAGES:
        print(f"error: no model folder for language {args.lang!r} ({', '.join(LANGUAGES)}); drop --install",
              file=sys.stderr)
        return 2
    start = time.perf_counter()
    corpus = load_corpus(args.data, args.lang, cache=args.cache)
    model = train(corpus, config_for(args.lang), seed=args.seed)
    model.info["language"] = args.lang.upper()
    model.save(args.out)
    print(f"wrote {args.out} in {time.perf_counter() - start:.0f} s: {len(model.taxonomy.narratives)} narratives, "
          f"{len(model.taxonomy.subnarratives)} sub-narratives")
    print(json.dumps(asdict(model.thresholds)))
    if args.install:
        folder = model_dir(args.lang)
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("model.npz", "model.json"):
            shutil.copyfile(args.out / name, folder / name)
        print(f"installed into {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

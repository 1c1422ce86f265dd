"""The committed narrative model: one-vs-rest logistic regressions over article features, and its decision rule.

Columns of the weight matrix are the taxonomy's narratives, then its sub-narratives,
then ``Other`` (the article carries no narrative) and ``domain:URW`` (the article is
about the Ukraine-Russia war rather than climate change). The decision rule:

1. the domain is URW when ``P(domain:URW) >= 0.5``, else CC; only its narratives count;
2. the article is ``Other`` when ``P(Other)`` exceeds the probability of the domain's most
   probable narrative by at least ``thresholds.other_margin`` (no narrative stands out);
3. otherwise the most probable narrative is kept, with every other one at or above
   ``thresholds.narrative``;
4. under each kept narrative, its sub-narratives at or above ``thresholds.subnarrative``
   are kept, else its most probable sub-narrative (possibly ``"<narrative>: Other"``).

A kept sub-narrative always has its narrative kept (the hierarchy is consistent by
construction). Weights are float32 numpy arrays in ``model.npz``; the labels, thresholds and
training record in ``model.json``. Loading needs numpy only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from sourcetrace.errors import ModelError
from sourcetrace.models.tagger import MODELS_DIR
from sourcetrace.narratives._logistic import sigmoid
from sourcetrace.narratives.features import WORD_PATTERNS, HashedTfidf
from sourcetrace.narratives.taxonomy import DOMAINS, OTHER, Taxonomy, domain_of, parent_of

__all__ = ["DOMAIN_LABEL", "LANGUAGES", "NARRATIVES_DIR", "Decision", "NarrativeModel", "Thresholds", "model_dir"]

#: The committed English model folder: ``model.npz`` and ``model.json``.
NARRATIVES_DIR = MODELS_DIR / "narratives"
#: Languages with a committed model (the task's codes). English reads the shared encoder's
#: sentence vectors and TF-IDF; the others, whose script the English encoder cannot read, TF-IDF alone.
LANGUAGES = ("EN", "BG", "HI", "PT", "RU")


def model_dir(lang: str = "EN") -> Path:
    """The committed model folder of a language: ``narratives/`` for English, ``narratives/<code>/`` else."""
    code = lang.upper()
    if code not in LANGUAGES:
        raise ModelError(f"no narrative model for language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return NARRATIVES_DIR if code == "EN" else NARRATIVES_DIR / code.lower()
#: Column of the domain classifier (positive = Ukraine-Russia war, negative = climate change).
DOMAIN_LABEL = "domain:URW"

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Thresholds:
    """Probability thresholds of the decision rule, tuned by cross-validation at training time."""

    narrative: float = 0.3
    subnarrative: float = 0.2
    #: ``Other`` when ``P(Other) - P(best narrative of the domain)`` reaches this (may be negative).
    other_margin: float = 0.0


@dataclass(frozen=True)
class Decision:
    """The labels chosen for one article, at both levels, most probable first."""

    domain: str
    narratives: tuple[str, ...]
    subnarratives: tuple[str, ...]

    @property
    def is_other(self) -> bool:
        """True when the article carries no narrative of the taxonomy."""
        return self.narratives == (OTHER,)


@dataclass
class NarrativeModel:
    """Logistic weights over ``[sentence-embedding mean, tfidf_weight * TF-IDF]`` and the decision rule."""

    taxonomy: Taxonomy
    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    tfidf: HashedTfidf
    embedding_dim: int
    tfidf_weight: float = 1.0
    thresholds: Thresholds = field(default_factory=Thresholds)
    info: dict[str, Any] = field(default_factory=dict)
    #: Platt maps ``(a, b)`` per group (``narrative``, ``subnarrative``, ``other``): ``sigmoid(a * logit(p) + b)``.
    calibration: dict[str, tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.labels = [*self.taxonomy.narratives, *self.taxonomy.subnarratives, OTHER, DOMAIN_LABEL]
        self.index = {label: i for i, label in enumerate(self.labels)}
        self._children = {n: [self.index[s] for s in self.taxonomy.children(n)] for n in self.taxonomy.narratives}
        self._by_domain = {d: [self.index[n] for n in self.taxonomy.narratives if domain_of(n) == d] for d in DOMAINS}
        expected = (self.embedding_dim + self.tfidf.dim, len(self.labels))
        if self.weights.shape != expected or self.bias.shape != (len(self.labels),):
            raise ModelError(
                f"narrative model weights have shape {self.weights.shape} / {self.bias.shape}, "
                f"expected {expected} / ({len(self.labels)},); retrain or reinstall sourcetrace"
            )

    def features(self, embedding: npt.NDArray[np.floating], tfidf: Array) -> Array:
        """Stack an embedding block (rows x dim) and a TF-IDF block into model inputs."""
        return np.hstack([np.asarray(embedding, dtype=np.float64), self.tfidf_weight * tfidf])

    def probabilities(self, x: Array) -> Array:
        """``P(label)`` for every row of features and every label column."""
        return sigmoid(x @ self.weights.astype(np.float64) + self.bias.astype(np.float64))

    def calibrated(self, label: str, p: float) -> float:
        """The probability that ``label``, once chosen by the decision rule, is right (Platt map of ``p``)."""
        group = "other" if label == OTHER else "narrative" if label in self.taxonomy.narratives else "subnarrative"
        a, b = self.calibration.get(group, (1.0, 0.0))
        clipped = min(max(p, 1e-6), 1 - 1e-6)
        return float(sigmoid(np.array([a * np.log(clipped / (1 - clipped)) + b]))[0])

    def decide(self, p: Array) -> Decision:
        """Apply the decision rule to one article's label probabilities."""
        t = self.thresholds
        domain = "URW" if p[self.index[DOMAIN_LABEL]] >= 0.5 else "CC"
        candidates = self._by_domain.get(domain, [])
        if not candidates:
            return Decision(domain, (OTHER,), (OTHER,))
        ranked = sorted(candidates, key=lambda j: (-p[j], j))
        if p[self.index[OTHER]] - p[ranked[0]] >= t.other_margin:
            return Decision(domain, (OTHER,), (OTHER,))
        narratives = [ranked[0], *(j for j in ranked[1:] if p[j] >= t.narrative)]
        subs: list[int] = []
        for narrative in narratives:
            children = sorted(self._children[self.labels[narrative]], key=lambda j: (-p[j], j))
            kept = [j for j in children if p[j] >= t.subnarrative]
            subs.extend(kept or children[:1])
        return Decision(domain, tuple(self.labels[j] for j in narratives), tuple(self.labels[j] for j in subs))

    def save(self, folder: Path) -> None:
        """Write ``model.npz`` and ``model.json`` into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            folder / "model.npz", weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
            buckets=self.tfidf.buckets.astype(np.int64), idf=self.tfidf.idf.astype(np.float32),
        )
        config = {
            "narratives": self.taxonomy.narratives,
            "subnarratives": self.taxonomy.subnarratives,
            "embedding_dim": self.embedding_dim,
            "tfidf_weight": self.tfidf_weight,
            "tfidf_words": self.tfidf.words,
            "thresholds": asdict(self.thresholds),
            "calibration": {k: list(v) for k, v in self.calibration.items()},
            "info": self.info,
        }
        (folder / "model.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path = NARRATIVES_DIR) -> NarrativeModel:
        """Read a model folder; raise ``ModelError`` when a file is missing or malformed."""
        try:
            config = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            with np.load(folder / "model.npz") as arrays:
                weights, bias = arrays["weights"], arrays["bias"]
                buckets, idf = arrays["buckets"], arrays["idf"].astype(np.float64)
            taxonomy = Taxonomy(list(config["narratives"]), list(config["subnarratives"]))
            thresholds = Thresholds(**config["thresholds"])
            words = str(config.get("tfidf_words", "ascii"))
            if words not in WORD_PATTERNS:
                raise ValueError(f"unknown word pattern {words!r}")
            return cls(
                taxonomy, weights, bias, HashedTfidf(buckets, idf, words),
                int(config["embedding_dim"]),
                float(config["tfidf_weight"]), thresholds, dict(config.get("info", {})),
                {str(k): (float(v[0]), float(v[1])) for k, v in config.get("calibration", {}).items()},
            )
        except ModelError:
            raise
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(
                f"narrative model in {folder} is missing or corrupt ({exc}); reinstall sourcetrace or retrain "
                "it with 'make train-narratives'"
            ) from exc

    def parent(self, label: str) -> str | None:
        """The narrative of a sub-narrative label; None for a narrative or ``Other``."""
        return None if label in (OTHER, *self.taxonomy.narratives) else parent_of(label)

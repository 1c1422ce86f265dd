"""The fusion weights, the re-ranker and the calibrated match probability, shipped as ``models/minilm/matching.json``.

Two logistic models over a candidate's ``RERANK_FEATURES`` (see ``_rerank.py``),
both fitted on CheckThat! 2021 2B *train* queries by
``python -m benchmarks.retrieval --fit``:

* the re-ranker (``rank_coef``) orders the candidates of a query; fitted on
  every candidate, its L2 penalty picked by cross-validation over the queries;
* the match probability (``coef``, ``intercept``) is fitted on the re-ranked
  top 10 and checked for calibration on dev. It leaves out the two priors
  (``PRIORS``: speaker prolificness, stated in a debate), which hold for
  PolitiFact and debates but would inflate probabilities for other catalogues.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from sourcetrace.errors import ModelError
from sourcetrace.store._rerank import RERANK_FEATURES

__all__ = [
    "FEATURES", "MATCHING_FILE", "PRIORS", "Fusion", "MatchModel", "fit_logistic", "fit_standardised",
    "load_match_model", "threshold_and_ece",
]

#: The shipped fusion weights, logistic coefficients and threshold (fitted for the committed encoder's vectors).
MATCHING_FILE = Path(__file__).resolve().parents[1] / "models" / "minilm" / "matching.json"
#: Names of the logistic models' inputs, in order.
FEATURES = RERANK_FEATURES
#: Features the re-ranker uses but the match probability does not (its coefficients are zero).
PRIORS = ("speaker_claims", "stated_in_debate")


@dataclass(frozen=True)
class Fusion:
    """Fused score = ``dense`` x cosine + ``lexical`` x normalised BM25 + ``rrf`` x reciprocal-rank sum."""

    dense: float = 1.0
    lexical: float = 0.3
    rrf: float = 0.0
    rrf_k: float = 60.0


@dataclass(frozen=True)
class MatchModel:
    """Fusion weights, re-ranking weights and probability coefficients over ``FEATURES``, and the threshold."""

    fusion: Fusion = field(default_factory=Fusion)
    rank_coef: tuple[float, ...] = (5.0, 3.0, 0.4, -11.0, 1.0, 2.0, -0.4)
    coef: tuple[float, ...] = (8.0, 2.0, 0.0, -4.0, 0.0, 1.0, -0.5)
    intercept: float = -7.0
    threshold: float = 0.5

    def rank_score(self, features: tuple[float, ...] | list[float]) -> float:
        """The re-ranker's score (higher first) for a candidate with these ``FEATURES`` values."""
        return sum(c * x for c, x in zip(self.rank_coef, features, strict=True))

    def probability(self, features: tuple[float, ...] | list[float]) -> float:
        """Calibrated probability that a candidate with these ``FEATURES`` values is the claim repeated."""
        z = self.intercept + sum(c * x for c, x in zip(self.coef, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_json(self) -> str:
        """The model as ``matching.json`` text."""
        raw = asdict(self)
        raw["features"] = list(FEATURES)
        return json.dumps(raw, indent=2) + "\n"


_CACHE: dict[str, MatchModel] = {}


def load_match_model(path: Path = MATCHING_FILE) -> MatchModel:
    """Read ``matching.json`` (once per process); defaults when the file is absent."""
    key = str(path)
    if key not in _CACHE:
        if not path.is_file():
            _CACHE[key] = MatchModel()
        else:
            try:
                raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
                if list(raw.get("features", FEATURES)) != list(FEATURES):
                    raise ValueError(f"features {raw.get('features')} differ from {list(FEATURES)}")
                coef = tuple(float(c) for c in raw["coef"])
                rank_coef = tuple(float(c) for c in raw["rank_coef"])
                if not len(coef) == len(rank_coef) == len(FEATURES):
                    raise ValueError(f"{len(rank_coef)} and {len(coef)} coefficients for {len(FEATURES)} features")
                _CACHE[key] = MatchModel(
                    fusion=Fusion(**raw.get("fusion", {})),
                    rank_coef=rank_coef,
                    coef=coef,
                    intercept=float(raw["intercept"]),
                    threshold=float(raw["threshold"]),
                )
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise ModelError(f"match model {path} is invalid ({exc}); reinstall sourcetrace") from exc
    return _CACHE[key]


def fit_logistic(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], l2: float = 1e-3, steps: int = 50
) -> tuple[npt.NDArray[np.float64], float]:
    """L2-regularised logistic regression by Newton steps: ``(coefficients, intercept)``."""
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2 * len(x))
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ w, -60, 60)))
        grad = design.T @ (p - y) + penalty * w
        hess = design.T @ (design * (p * (1 - p))[:, None]) + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def fit_standardised(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], l2: float, keep: npt.NDArray[np.bool_] | None = None
) -> tuple[npt.NDArray[np.float64], float]:
    """Logistic fit on standardised features (only the ``keep`` columns), weights mapped back to the raw features."""
    keep = np.ones(x.shape[1], dtype=bool) if keep is None else keep
    mu, sd = x[:, keep].mean(0), x[:, keep].std(0) + 1e-9
    coef, intercept = fit_logistic((x[:, keep] - mu) / sd, y, l2=l2)
    full = np.zeros(x.shape[1])
    full[keep] = coef / sd
    return full, float(intercept - (mu / sd) @ coef)


def threshold_and_ece(outcomes: list[tuple[float, bool]]) -> tuple[tuple[float, float], float]:
    """For out-of-fold ``(probability, correct)`` pairs: ``((best F1, its threshold), ECE over 10 bins)``.

    The threshold is the one of 0.20, 0.25, ..., 0.90 with the best F1 of "probability >= threshold".
    """
    p = np.asarray([prob for prob, _ in outcomes])
    g = np.asarray([gold for _, gold in outcomes], dtype=np.float64)
    chosen = (0.0, 0.5)
    for threshold in np.arange(0.2, 0.91, 0.05):
        above = p >= threshold
        f1 = 2 * float(g[above].sum()) / (above.sum() + g.sum()) if above.any() else 0.0
        if f1 > chosen[0]:
            chosen = (f1, round(float(threshold), 2))
    bins = [(p >= b / 10) & (p < (b + 1) / 10 if b < 9 else p <= 1) for b in range(10)]
    ece = float(sum(m.sum() / len(p) * abs(p[m].mean() - g[m].mean()) for m in bins if m.any()))
    return chosen, ece

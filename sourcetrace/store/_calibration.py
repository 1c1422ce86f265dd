"""The fusion weights and the calibrated match probability, shipped as ``models/minilm/matching.json``.

The probability that a candidate is the known claim a query repeats is a
logistic function of a few features of the candidate (cosine, normalised BM25,
fused rank), fitted on CheckThat! 2021 2B *train* queries by
``python -m benchmarks.retrieval --fit`` and checked for calibration on dev.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from sourcetrace.errors import ModelError

if TYPE_CHECKING:
    from sourcetrace.store.retrieval import Candidate

__all__ = ["FEATURES", "MATCHING_FILE", "Fusion", "MatchModel", "features", "fit_logistic", "load_match_model"]

#: The shipped fusion weights, logistic coefficients and threshold (fitted for the committed encoder's vectors).
MATCHING_FILE = Path(__file__).resolve().parents[1] / "models" / "minilm" / "matching.json"
#: Names of the logistic model's inputs, in order.
FEATURES = ("cosine", "bm25", "inv_rank", "lexical_top", "dense_top", "in_both")


@dataclass(frozen=True)
class Fusion:
    """Fused score = ``dense`` x cosine + ``lexical`` x normalised BM25 + ``rrf`` x reciprocal-rank sum."""

    dense: float = 1.0
    lexical: float = 0.3
    rrf: float = 0.0
    rrf_k: float = 60.0


@dataclass(frozen=True)
class MatchModel:
    """Fusion weights, logistic coefficients over ``FEATURES``, and the reporting threshold on the probability."""

    fusion: Fusion = field(default_factory=Fusion)
    coef: tuple[float, ...] = (8.0, 2.0, 1.0, 0.0, 0.0, 0.0)
    intercept: float = -7.0
    threshold: float = 0.5

    def probability(self, candidate: Candidate, rank: int) -> float:
        """Calibrated probability that ``candidate``, at fused ``rank`` (from 1), is the claim repeated."""
        z = self.intercept + sum(c * x for c, x in zip(self.coef, features(candidate, rank), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_json(self) -> str:
        """The model as ``matching.json`` text."""
        raw = asdict(self)
        raw["features"] = list(FEATURES)
        return json.dumps(raw, indent=2) + "\n"


def features(candidate: Candidate, rank: int) -> list[float]:
    """The logistic model's inputs for one candidate (see ``FEATURES``)."""
    return [
        candidate.cosine,
        candidate.bm25,
        1.0 / rank,
        1.0 if candidate.lexical_rank == 1 else 0.0,
        1.0 if candidate.dense_rank == 1 else 0.0,
        1.0 if candidate.lexical_rank is not None and candidate.dense_rank is not None else 0.0,
    ]


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
                _CACHE[key] = MatchModel(
                    fusion=Fusion(**raw.get("fusion", {})),
                    coef=tuple(float(c) for c in raw["coef"]),
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

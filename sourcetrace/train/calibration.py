"""Fit calibration maps on held-out predictions: Platt scaling for scores, temperature for class logits.

Numpy only, so benchmarks can fit them on cross-validation predictions without the ``train`` extra.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

__all__ = ["apply_platt", "fit_platt", "fit_softmax_temperature"]

FloatArray = npt.NDArray[np.float64]


def fit_platt(scores: FloatArray, labels: FloatArray, l2: float = 1e-3, steps: int = 50) -> tuple[float, float]:
    """``(a, b)`` such that ``sigmoid(a * score + b)`` is calibrated on these held-out ``labels`` (Newton steps)."""
    x = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    a, b = 1.0, 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(a * x + b)))
        w = p * (1 - p) + 1e-9
        grad = np.array([np.sum((p - y) * x) + l2 * a, np.sum(p - y)])
        hess = np.array([[np.sum(w * x * x) + l2, np.sum(w * x)], [np.sum(w * x), np.sum(w)]])
        step = np.linalg.solve(hess, grad)
        a, b = a - float(step[0]), b - float(step[1])
        if float(np.abs(step).max()) < 1e-8:
            break
    return a, b


def apply_platt(scores: FloatArray, ab: tuple[float, float]) -> FloatArray:
    """Calibrated probabilities ``sigmoid(a * score + b)``."""
    out: FloatArray = 1.0 / (1.0 + np.exp(-(ab[0] * np.asarray(scores, dtype=np.float64) + ab[1])))
    return out


def fit_softmax_temperature(logits: FloatArray, labels: npt.NDArray[np.int64]) -> float:
    """Temperature minimising the log loss of ``softmax(logits / T)`` on held-out ``labels`` (grid, then refined)."""
    z = np.asarray(logits, dtype=np.float64)
    rows = np.arange(len(labels))

    def nll(t: float) -> float:
        s = z / t
        s = s - s.max(axis=1, keepdims=True)
        return float(np.mean(np.log(np.exp(s).sum(axis=1)) - s[rows, labels]))

    grid = np.exp(np.linspace(math.log(0.25), math.log(8.0), 121))
    best = float(min(grid, key=nll))
    return float(min(np.linspace(best * 0.95, best * 1.05, 41), key=nll))

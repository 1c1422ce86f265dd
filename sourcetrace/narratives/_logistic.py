"""One-vs-rest L2-regularised logistic regression in numpy: fitted at training time, applied as ``X @ W + b``.

All labels are fitted at once with accelerated (Nesterov) gradient descent on the mean
log-loss plus ``l2 / 2 * |W|^2``; the result depends only on the data (no random state).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["fit_logistic", "sigmoid"]

Array = npt.NDArray[np.float64]


def sigmoid(z: npt.NDArray[np.floating]) -> Array:
    """The logistic function, computed without overflow."""
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def fit_logistic(
    x: Array, y: Array, l2: float = 1.0, *, iterations: int = 400, pos_weight: Array | None = None
) -> tuple[Array, Array]:
    """Fit one logistic regression per column of ``y`` (0/1, shape ``(n, labels)``); return ``(W, b)``.

    ``pos_weight`` (per label) up-weights positive examples, for rare labels.
    """
    x = np.asarray(x, dtype=np.float32)  # float32 halves the cost of the two products per iteration
    y = np.asarray(y, dtype=np.float32)
    n, d = x.shape
    labels = y.shape[1]
    weights = np.ones_like(y) if pos_weight is None else np.where(y > 0, pos_weight[None, :], 1.0)
    norm = weights.sum(axis=0, keepdims=True)
    # step = 1 / Lipschitz constant of the gradient: the squared spectral norm of [X, 1] (the bias is a column of ones)
    # over 4n, times the largest example weight.
    spectral = float(np.linalg.norm(np.hstack([x, np.ones((n, 1), dtype=np.float32)]), ord=2)) ** 2 if n else 0.0
    step = 1.0 / (spectral * float(weights.max()) / (4.0 * float(norm.min())) + l2)
    w = np.zeros((d, labels), dtype=np.float32)
    b = np.log((y * weights).sum(axis=0) + 1e-3) - np.log(((1 - y) * weights).sum(axis=0) + 1e-3)
    w_prev, b_prev = w.copy(), b.copy()
    for k in range(1, iterations + 1):
        momentum = (k - 1) / (k + 2)
        vw = w + momentum * (w - w_prev)
        vb = b + momentum * (b - b_prev)
        err = ((sigmoid(x @ vw + vb) - y) * weights / norm).astype(np.float32)
        grad_w = x.T @ err + l2 * vw
        grad_b = err.sum(axis=0)
        w_prev, b_prev = w, b
        w = vw - step * grad_w
        b = vb - step * grad_b
    return w.astype(np.float64), b.astype(np.float64)

"""The numpy logistic regression separates separable data and is deterministic."""

from __future__ import annotations

import numpy as np
import pytest

from sourcetrace.narratives._logistic import fit_logistic, sigmoid

pytestmark = pytest.mark.unit


def test_fits_two_labels_at_once() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 5))
    y = np.stack([x[:, 0] > 0, x[:, 1] + x[:, 2] > 0], axis=1).astype(float)
    w, b = fit_logistic(x, y, l2=1e-3, iterations=300)
    accuracy = ((sigmoid(x @ w + b) >= 0.5) == y).mean(axis=0)
    assert accuracy.min() > 0.95
    w2, b2 = fit_logistic(x, y, l2=1e-3, iterations=300)
    assert np.array_equal(w, w2) and np.array_equal(b, b2)


def test_sigmoid_does_not_overflow() -> None:
    out = sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    assert out.tolist() == [0.0, 0.5, 1.0]


def test_recovers_known_coefficients_with_a_large_feature_scale() -> None:
    # The bias has its own curvature: a step sized on the features alone made this diverge.
    rng = np.random.default_rng(0)
    z = rng.normal(0, 3, 2000)
    y = (rng.random(2000) < sigmoid(0.3 * z - 0.5)).astype(float)
    w, b = fit_logistic(z[:, None] / 10, y[:, None], l2=1e-6, iterations=1000)
    assert w[0, 0] / 10 == pytest.approx(0.3, abs=0.05) and b[0] == pytest.approx(-0.5, abs=0.1)

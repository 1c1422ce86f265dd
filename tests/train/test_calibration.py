"""Calibration fitting: Platt scaling and softmax temperature recover known maps from synthetic data."""

from __future__ import annotations

import numpy as np
import pytest

from sourcetrace.train.calibration import apply_platt, fit_platt, fit_softmax_temperature


@pytest.mark.unit
def test_platt_recovers_the_generating_map() -> None:
    rng = np.random.default_rng(0)
    scores = rng.uniform(0, 1, 20000)
    labels = (rng.uniform(0, 1, 20000) < 1 / (1 + np.exp(-(6 * scores - 4)))).astype(float)
    a, b = fit_platt(scores, labels)
    assert a == pytest.approx(6, abs=0.4)
    assert b == pytest.approx(-4, abs=0.3)
    probs = apply_platt(scores, (a, b))
    assert abs(probs.mean() - labels.mean()) < 0.01


@pytest.mark.unit
def test_temperature_undoes_overconfident_logits() -> None:
    rng = np.random.default_rng(1)
    true_logits = rng.normal(0, 1.5, (5000, 4))
    probs = np.exp(true_logits) / np.exp(true_logits).sum(axis=1, keepdims=True)
    labels = np.array([rng.choice(4, p=p) for p in probs])
    t = fit_softmax_temperature(true_logits * 3.0, labels)  # logits three times too sharp
    assert t == pytest.approx(3.0, rel=0.1)

"""The check-worthiness model: calibration arithmetic, batching, offline loading, determinism, claims."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from sourcetrace.errors import ModelError
from sourcetrace.models import checkworthy, runtime, tagger
from sourcetrace.models.checkworthy import CHECKWORTHY_DIR, CheckworthinessModel, CheckworthyConfig
from sourcetrace.models.runtime import FakeRunner, IntArray, OnnxRunner
from sourcetrace.stages.claims import CheckworthinessScorer, Claims

TEXTS = [
    "The city council cut the school budget by 40 percent in 2021.",
    "Thank you, it is great to be here tonight.",
    "Exports to Canada fell by two billion dollars last year, according to the ministry.",
    "Well, I think that is right.",
    "Our unemployment rate is the lowest it has been since 1969.",
]


def _sum_of_ids(ids: IntArray, mask: IntArray) -> np.ndarray:
    """A fake model: logit = (mean token id under the mask - 5000) / 1000, shape (batch, 1)."""
    mean = (ids * mask).sum(axis=1) / mask.sum(axis=1)
    return ((mean - 5000.0) / 1000.0).astype(np.float32)[:, None]


def _folder(tmp_path: Path, **config: float | str) -> Path:
    folder = tmp_path / "cw"
    folder.mkdir()
    shutil.copy(CHECKWORTHY_DIR / "tokenizer.json", folder / "tokenizer.json")
    (folder / "config.json").write_text(json.dumps({"temperature": 2.0, "threshold": 0.4, "max_len": 8, **config}))
    return folder


@pytest.mark.unit
def test_scores_are_temperature_scaled_sigmoids_in_order(tmp_path: Path) -> None:
    model = CheckworthinessModel(_folder(tmp_path), runner=FakeRunner(_sum_of_ids))
    logits = model.logits(TEXTS)
    assert model.score(TEXTS) == pytest.approx([1 / (1 + math.exp(-z / 2.0)) for z in logits])
    rows = model.encode(TEXTS)
    assert all(len(r) <= 8 and r[0] == 101 and r[-1] == 102 for r in rows)
    assert logits[1] == pytest.approx(float(_sum_of_ids(np.array([rows[1]]), np.ones((1, len(rows[1]))))[0, 0]))
    assert model.threshold == 0.4
    assert model.label(TEXTS) == [(p >= 0.4, p) for p in model.score(TEXTS)]
    assert model.score([]) == []


@pytest.mark.unit
def test_batches_are_length_sorted_and_sized_by_config(tmp_path: Path) -> None:
    fake = FakeRunner(_sum_of_ids)
    model = CheckworthinessModel(_folder(tmp_path, batch_size=2, max_len=64), runner=fake)
    model.score(TEXTS)
    assert [b for b, _ in fake.calls] == [2, 2, 1]
    widths = [w for _, w in fake.calls]
    assert widths == sorted(widths)


@pytest.mark.unit
@pytest.mark.parametrize(
    "config",
    [
        '{"threshold": 0.5}',
        '{"temperature": 0, "threshold": 0.5}',
        '{"temperature": 1, "threshold": 2}',
        '{"temperature": 1, "threshold": 0.5, "precision": "int4"}',
        "{",
    ],
)
def test_bad_config_is_a_model_error(tmp_path: Path, config: str) -> None:
    (tmp_path / "config.json").write_text(config)
    with pytest.raises(ModelError):
        CheckworthyConfig.read(tmp_path / "config.json")


@pytest.mark.unit
def test_the_runner_follows_the_precision_in_the_config(tmp_path: Path) -> None:
    path = tmp_path / "model.onnx"
    assert isinstance(checkworthy.onnx_runner(path, "int8"), checkworthy.FoldedOnnxRunner)
    assert isinstance(checkworthy.onnx_runner(path, "int8-dynamic"), OnnxRunner)
    model = CheckworthinessModel(_folder(tmp_path, precision="int8-dynamic", batch_size=1))
    assert isinstance(model._load()[1], OnnxRunner)


@pytest.mark.unit
def test_missing_model_file_is_a_model_error(tmp_path: Path) -> None:
    model = CheckworthinessModel(_folder(tmp_path))
    with pytest.raises(ModelError, match=r"model\.onnx is missing"):
        model.score(["Prices rose."])


@pytest.mark.unit
def test_model_implements_the_claims_scorer_protocol() -> None:
    assert isinstance(CheckworthinessModel(), CheckworthinessScorer)


@pytest.fixture(scope="module")
def model() -> CheckworthinessModel:
    """The committed model, loaded once."""
    found = CheckworthinessModel()
    found.warm_up()
    return found


@pytest.mark.integration
def test_model_files_load_offline(monkeypatch: pytest.MonkeyPatch, no_network: None) -> None:
    monkeypatch.setattr(checkworthy, "_SESSIONS", {})
    monkeypatch.setattr(runtime, "_SESSIONS", {})
    monkeypatch.setattr(tagger, "_TOKENIZERS", {})
    fresh = CheckworthinessModel(threads=1)
    fresh.warm_up()
    assert 0.0 < fresh.threshold < 1.0 and fresh.config.temperature > 0
    assert len(fresh.score(TEXTS[:2])) == 2


@pytest.mark.integration
def test_scores_are_deterministic_probabilities(model: CheckworthinessModel) -> None:
    first = model.score(TEXTS)
    assert model.score(TEXTS) == first
    assert all(0.0 <= p <= 1.0 for p in first)


@pytest.mark.integration
def test_batched_scores_equal_one_by_one(model: CheckworthinessModel) -> None:
    together = model.score(TEXTS)
    alone = [model.score([t])[0] for t in TEXTS]
    np.testing.assert_allclose(together, alone, atol=1e-6)


@pytest.mark.integration
def test_factual_claims_outscore_pleasantries(model: CheckworthinessModel) -> None:
    yes, _no, yes2, no2, yes3 = model.score(TEXTS)
    assert min(yes, yes2, yes3) > max(_no, no2)
    assert [flag for flag, _ in model.label(TEXTS)] == [True, False, True, False, True]


@pytest.mark.integration
def test_claims_in_the_real_pipeline_carry_scores(pipeline) -> None:  # type: ignore[no-untyped-def]
    from sourcetrace.readers import read_string

    text = (
        "Council Raises Water Prices\n\n"
        "The city council raised water prices by 18 percent on Tuesday, the mayor said. "
        "Officials claimed the old pipes cost 3 million dollars a year to repair."
    )
    article = pipeline(read_string(text, source="<cw-test>"))
    assert article.claims
    assert all(c.checkworthiness is not None and 0.0 <= c.checkworthiness <= 1.0 for c in article.claims)
    disabled = Claims(checkworthiness=False)
    article.claims = []
    assert all(c.checkworthiness is None for c in disabled(article).claims)

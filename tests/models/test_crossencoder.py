"""The cross-encoder runtime: config checks, one pair per model call, scores in input order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from sourcetrace.errors import ModelError
from sourcetrace.models.crossencoder import CROSSENCODER_DIR, CrossEncoder
from sourcetrace.models.runtime import FakeRunner, IntArray


def _folder(tmp_path: Path, **config: object) -> Path:
    shutil.copy(CROSSENCODER_DIR / "tokenizer.json", tmp_path / "tokenizer.json")
    base = {"name": "test", "max_tokens": 16, "top": 5, "features": ["a", "crossencoder"],
            "rank_coef": [0.0, 1.0], "coef": [0.0, 2.0], "intercept": -1.0, "threshold": 0.4}
    (tmp_path / "config.json").write_text(json.dumps(base | config), encoding="utf-8")
    return tmp_path


@pytest.mark.unit
def test_pairs_run_one_per_call_truncated_and_in_order(tmp_path: Path) -> None:
    def length(ids: IntArray, mask: IntArray) -> np.ndarray:
        return mask.sum(axis=1, keepdims=True).astype(np.float32)

    runner = FakeRunner(length)
    cross = CrossEncoder(_folder(tmp_path), runner=runner)
    long = " ".join(["word"] * 40)
    scores = cross.score("a short query", ["one", long, "two words"])
    assert runner.calls == [(1, 7), (1, 8), (1, 16)]  # each pair alone, length-sorted; [CLS] q [SEP] t [SEP]
    assert scores.tolist() == [7.0, 16.0, 8.0]  # back in input order; the long pair cut at max_tokens
    assert cross.score("q", []).shape == (0,)
    stage = cross.stage
    assert stage.top == 5 and stage.rank_score([3.0, 2.0]) == 2.0
    assert stage.probability([0.0, 0.5]) == pytest.approx(0.5)


@pytest.mark.unit
def test_bad_configs_are_model_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="missing or invalid"):
        CrossEncoder(tmp_path / "nowhere")
    with pytest.raises(ModelError, match="coefficients do not match"):
        CrossEncoder(_folder(tmp_path, coef=[1.0]))
    with pytest.raises(ModelError, match="is invalid"):
        CrossEncoder(_folder(tmp_path, top="many"))
    (tmp_path / "config.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ModelError, match="not a JSON object"):
        CrossEncoder(tmp_path)

"""The head-variant harness in ``benchmarks/technique_heads.py``: span features and clear input errors."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest

from sourcetrace.models.encoding import Encoded

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def heads():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    try:
        return importlib.import_module("benchmarks.technique_heads")
    finally:
        sys.path.remove(str(ROOT))


def _encoded(text: str, dim: int = 4) -> Encoded:
    offsets, start = [], 0
    for word in text.split():
        start = text.index(word, start)
        offsets.append((start, start + len(word)))
        start += len(word)
    hidden = np.arange(len(offsets) * dim, dtype=np.float32).reshape(len(offsets), dim)
    return Encoded(offsets, np.zeros((len(offsets), 3), np.float32), hidden)


@pytest.mark.unit
def test_span_rows_stack_the_chosen_features(heads) -> None:  # type: ignore[no-untyped-def]
    text = 'They said "total disaster" again!\nA calm second line.'
    enc = _encoded(text)
    start = text.index('"total')
    end = text.index(' again')
    base = heads.span_row(text, enc, start, end, ["base"])
    assert base.shape == (3 * 4 + 2,)
    full = heads.span_row(text, enc, start, end, ["base", "line", "near", "max", "pos"])
    assert full.shape == (3 * 4 + 2 + 4 + 2 * 4 + 4 + 4,)
    # the span is 2 of its line's 5 tokens; its quote mark is inside it, so it is not "quoted"
    assert full[-4:].tolist() == pytest.approx([0.4, 0.0, 0.0, 0.0])
    assert heads.span_row(text, enc, 0, 0, ["base"]) is None


@pytest.mark.unit
def test_missing_inputs_are_said_clearly(heads, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert heads.main(["--data", str(tmp_path), "--task", "tc", "--cache", str(tmp_path / "none.pt")]) == 2
    assert "state cache" in capsys.readouterr().err

"""Tests for the ONNX model runtime: batching, windows and BIO decoding, with an in-memory runner."""

from __future__ import annotations

import numpy as np
import pytest

from sourcetrace.models._windows import bio_spans, decode_tags, make_windows, snap_span
from sourcetrace.models.runtime import FakeRunner, default_threads, run_batched


def _echo(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A fake token classifier: label scores depend on the token id and its position in the row."""
    pos = np.broadcast_to(np.arange(ids.shape[1])[None, :], ids.shape)
    return np.stack([ids * 1.0, pos * 1.0, mask * 1.0], axis=-1).astype(np.float32)


@pytest.mark.unit
def test_batches_are_sorted_padded_and_trimmed_back() -> None:
    runner = FakeRunner(_echo)
    rows = [[5, 6, 7], [1], [9, 9], [4, 4, 4, 4]]
    out = run_batched(runner, rows, batch_size=2)
    assert runner.calls == [(2, 2), (2, 4)]
    for row, result in zip(rows, out, strict=True):
        assert result.shape == (len(row), 3)
        assert result[:, 0].tolist() == row
        assert result[:, 2].tolist() == [1.0] * len(row)


@pytest.mark.unit
def test_batched_equals_one_by_one() -> None:
    rows = [[3, 1, 4, 1, 5], [9, 2], [6, 5, 3, 5], [8]]
    together = run_batched(FakeRunner(_echo), rows, batch_size=3)
    alone = [run_batched(FakeRunner(_echo), [r], batch_size=1)[0] for r in rows]
    for a, b in zip(together, alone, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.unit
def test_pooled_outputs_come_back_per_row() -> None:
    runner = FakeRunner(lambda ids, mask: (ids.sum(axis=1, keepdims=True) * np.ones((1, 4))).astype(np.float32))
    out = run_batched(runner, [[1, 2], [10]], batch_size=8)
    assert [o.tolist() for o in out] == [[3.0] * 4, [10.0] * 4]


@pytest.mark.unit
def test_thread_setting_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCETRACE_MODEL_THREADS", "1")
    assert default_threads() == 1
    monkeypatch.setenv("SOURCETRACE_MODEL_THREADS", "x")
    assert default_threads() >= 1


def _word_offsets(text: str) -> list[tuple[int, int]]:
    import re

    return [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]


@pytest.mark.unit
def test_windows_cover_every_token_once_and_start_at_sentences() -> None:
    text = "Ann spoke first. Then Bob replied at length here.\nA new paragraph starts now. It ends."
    offsets = _word_offsets(text)
    windows = make_windows(text, offsets, size=8, context=4)
    owned = [i for w in windows for i in range(w.own, w.last)]
    assert owned == list(range(len(offsets)))
    assert all(w.last - w.first <= 8 for w in windows)
    starts = {0} | {i for i, (a, _) in enumerate(offsets) if a in (text.index("Then"), text.index("A new"))}
    assert windows[1].own in starts or windows[1].own - windows[0].own == 8
    assert any(w.first < w.own for w in windows[1:])


@pytest.mark.unit
def test_bio_decoding() -> None:
    tags = np.array([0, 1, 2, 2, 0, 2, 2, 1, 1, 0, 1])
    assert bio_spans(tags) == [(1, 4), (5, 7), (7, 8), (8, 9), (10, 11)]


@pytest.mark.unit
def test_snap_widens_to_words_and_strips_spaces() -> None:
    text = "The minister said nothing ."
    assert snap_span(text, 5, 10) == (4, 12)
    assert snap_span(text, 3, 18) == (4, 17)
    assert snap_span(text, 3, 4) is None


@pytest.mark.unit
def test_snap_keeps_abbreviations_whole_but_not_sentences_run_together() -> None:
    text = "Peskov accused the U.S. of fomenting tensions.Critics disagree"
    dot = text.index(".S.")
    assert text[slice(*snap_span(text, dot, text.index(" of")))] == "U.S."  # not ".S."
    assert text[slice(*snap_span(text, dot + 1, dot + 2))] == "U.S"  # 'S' of 'U.S.'
    tensions = text.index("tensions")
    assert text[slice(*snap_span(text, tensions, tensions + 8))] == "tensions"  # not "tensions.Critics"
    critics = text.index("Critics")
    assert text[slice(*snap_span(text, critics, critics + 7))] == "Critics"


@pytest.mark.unit
def test_decode_merges_weak_b_into_the_open_span() -> None:
    probs = np.array([[0.1, 0.8, 0.1], [0.1, 0.5, 0.4], [0.1, 0.95, 0.0], [0.9, 0.05, 0.05]], dtype=np.float32)
    assert decode_tags(probs).tolist() == [1, 1, 1, 0]
    assert decode_tags(probs, merge_b_below=0.9).tolist() == [1, 2, 1, 0]

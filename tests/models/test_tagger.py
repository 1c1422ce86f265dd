"""Tests for the committed attribution tagger model: offline loading, determinism, batching."""

from __future__ import annotations

import numpy as np
import pytest

from sourcetrace.models import runtime, tagger
from sourcetrace.models.runtime import OnnxRunner, run_batched
from sourcetrace.models.tagger import SpanTagger
from sourcetrace.stages.attribution import TAGGER_DIR

TEXT = (
    "The harbour authority said on Monday that the new pier would open in March.\n\n"
    "According to the authority, repairs cost more than expected. \u201cWe had no choice,\u201d "
    "its director told reporters. Critics accused the board of hiding the real figures."
)


@pytest.fixture(scope="module")
def span_tagger() -> SpanTagger:
    """The committed attribution tagger, loaded once."""
    found = SpanTagger(TAGGER_DIR)
    found.warm_up()
    return found


@pytest.mark.integration
def test_model_files_load_offline(monkeypatch: pytest.MonkeyPatch, no_network: None) -> None:
    monkeypatch.setattr(runtime, "_SESSIONS", {})
    monkeypatch.setattr(tagger, "_TOKENIZERS", {})
    fresh = SpanTagger(TAGGER_DIR, threads=1)
    fresh.warm_up()
    assert fresh.config.heads == ("source", "cue", "content")
    assert fresh.tag(TEXT)["cue"]


@pytest.mark.integration
def test_predictions_are_deterministic_and_offset_exact(span_tagger: SpanTagger) -> None:
    first = span_tagger.tag(TEXT)
    assert span_tagger.tag(TEXT) == first
    for spans in first.values():
        for start, end in spans:
            assert TEXT[start:end] == TEXT[start:end].strip()
            assert start == 0 or not (TEXT[start - 1].isalnum() and TEXT[start].isalnum())


@pytest.mark.integration
def test_batched_run_matches_one_by_one(span_tagger: SpanTagger) -> None:
    texts = [TEXT, "She said it was over.", "Nobody answered the phone that day."]
    rows = [[span_tagger.cls_id, *span_tagger.encode(t)[0], span_tagger.sep_id] for t in texts]
    runner = OnnxRunner(TAGGER_DIR / "model.onnx")
    alone = [run_batched(runner, [row], batch_size=1)[0] for row in rows]
    assert span_tagger.config.batch_size == 1  # int8 dynamic quantisation scales activations per batch
    again = run_batched(runner, rows, batch_size=1)
    together = run_batched(runner, rows, batch_size=8)
    for a, b, c in zip(alone, again, together, strict=True):
        np.testing.assert_array_equal(a, b)
        assert c.shape == a.shape
        tags_a = a.reshape(len(a), -1, 3).argmax(-1)
        tags_c = c.reshape(len(c), -1, 3).argmax(-1)
        assert (tags_a == tags_c).mean() > 0.9  # padding moves a few tags: why batch_size stays 1


@pytest.mark.integration
def test_long_text_is_windowed_and_fully_tagged(span_tagger: SpanTagger) -> None:
    text = "\n\n".join(f"Paragraph {i}: the mayor said that the budget item {i} was approved." for i in range(60))
    ids, _, windows = span_tagger.encode(text)
    assert len(windows) > 1 and windows[-1].last == len(ids)
    cues = span_tagger.tag(text)["cue"]
    assert sum(text[a:b] == "said" for a, b in cues) >= 55

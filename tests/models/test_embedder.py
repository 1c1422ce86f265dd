"""The sentence encoder: shape, normalisation, determinism, offline loading, batching."""

from __future__ import annotations

import numpy as np
import pytest

from sourcetrace.models.embedder import MINILM_DIR, Embedder, FakeEmbedder
from sourcetrace.models.runtime import FakeRunner, FloatArray, IntArray


def _mean_of_ids(input_ids: IntArray, attention_mask: IntArray) -> FloatArray:
    """A fake pooled model: 384 copies of the masked mean token id, normalised to length 1."""
    mean = (input_ids * attention_mask).sum(1) / attention_mask.sum(1)
    out = np.repeat(mean[:, None].astype(np.float32), 384, axis=1)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.mark.unit
def test_embedder_batches_sorted_by_length_and_keeps_input_order() -> None:
    runner = FakeRunner(_mean_of_ids)
    embedder = Embedder(runner=runner, batch_size=2)
    texts = ["a much longer sentence about the harbour and its old swing bridge", "short", "mid length text"]
    out = embedder.embed(texts)
    assert out.shape == (3, 384) and out.dtype == np.float32
    assert len(runner.calls) == 2
    widths = [width for _, width in runner.calls]
    assert widths == sorted(widths)  # shortest rows first
    assert embedder.embed([]).shape == (0, 384)


@pytest.mark.unit
def test_embedder_truncates_long_texts_to_the_token_limit() -> None:
    runner = FakeRunner(_mean_of_ids)
    Embedder(runner=runner).embed(["word " * 1000])
    assert runner.calls == [(1, 256)]


@pytest.mark.unit
def test_fake_embedder_maps_synonyms_to_the_same_vector() -> None:
    fake = FakeEmbedder(synonyms={"automobile": "car"})
    a, b, c, empty = fake.embed(["red car", "red automobile", "blue boat", "!!"])
    assert float(a @ b) == pytest.approx(1.0)
    assert float(a @ c) < 0.5
    assert not empty.any()


@pytest.mark.integration
def test_minilm_loads_offline_and_is_deterministic(no_network: None) -> None:
    assert (MINILM_DIR / "model.onnx").stat().st_size < 30 * 2**20
    embedder = Embedder()
    texts = ["The mayor doubled the harbour tax.", "Harbour fees were raised twofold by the town's leader.",
             "Seals live on the northern beaches."]
    first = embedder.embed(texts)
    again = Embedder().embed(list(reversed(texts)))[::-1]
    assert np.allclose(first, again, atol=1e-5)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-4)
    sims = first @ first.T
    assert sims[0, 1] > 0.5 > sims[0, 2]

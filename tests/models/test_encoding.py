"""The shared window encoder: windows stitched into one token sequence, the tagger reads the same output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.errors import ModelError
from sourcetrace.models import checkworthy, tagger
from sourcetrace.models.encoding import ENCODER_DIR, Encoded, FakeTokenEncoder, WindowEncoder
from sourcetrace.models.runtime import FakeRunner, IntArray
from sourcetrace.models.tagger import MODELS_DIR
from sourcetrace.models.techniques import TECHNIQUES_DIR, TechniqueTagger

TEXT = (
    "The port workers went on strike on Monday. The union said talks had failed. "
    "Ships waited outside the harbour for two days.\n\nThe minister promised a new offer. "
    "Nobody expected a quick deal."
)


def _fake() -> FakeRunner:
    """Per token: O/B/I logits (1, 0, 0), then the vector (token id, row width, 1)."""

    def run(ids: IntArray, mask: IntArray) -> np.ndarray:
        out = np.zeros((*ids.shape, 6), dtype=np.float32)
        out[..., 0] = 1.0
        out[..., 3] = ids
        out[..., 4] = ids.shape[1]
        out[..., 5] = 1.0
        return out

    return FakeRunner(run)


def _folder(tmp_path: Path, window: int = 16, context: int = 4, pretrained_dim: int = 0) -> Path:
    folder = tmp_path / "enc"
    folder.mkdir(parents=True)
    shutil.copy(MODELS_DIR / "checkworthy" / "tokenizer.json", folder / "tokenizer.json")
    config = {"techniques": ["a", "b"], "window": window, "context": context}
    if pretrained_dim:
        config["pretrained_dim"] = pretrained_dim
    (folder / "config.json").write_text(json.dumps(config))
    return folder


@pytest.mark.unit
def test_windows_are_stitched_into_one_row_per_token(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    runner = _fake()
    encoded = WindowEncoder(folder, runner=runner).encode(TEXT)
    enc = tagger.load_tokenizer(folder / "tokenizer.json").encode(TEXT, add_special_tokens=False)
    assert encoded.offsets == [tuple(o) for o in enc.offsets]
    assert encoded.hidden[:, 0].tolist() == list(enc.ids)  # every token keeps its own vector
    assert encoded.hidden.shape == (len(enc.ids), 3) and encoded.probs.shape == (len(enc.ids), 3)
    assert np.allclose(encoded.probs.sum(axis=1), 1.0)
    assert len(runner.calls) > 1 and all(width <= 16 for _, width in runner.calls)  # one pass per window


@pytest.mark.unit
def test_pretrained_branch_columns_are_split_off(tmp_path: Path) -> None:
    encoded = WindowEncoder(_folder(tmp_path, pretrained_dim=1), runner=_fake()).encode(TEXT)
    assert encoded.hidden.shape[1] == 2 and encoded.pretrained is not None and encoded.pretrained.shape[1] == 1
    assert encoded.hidden[:, 0].min() > 1  # token ids stay in the tuned vectors
    assert np.all(encoded.pretrained == 1.0) and encoded.topic_vectors is encoded.pretrained


@pytest.mark.unit
def test_without_a_pretrained_branch_topic_vectors_are_the_hidden_ones(tmp_path: Path) -> None:
    encoded = WindowEncoder(_folder(tmp_path), runner=_fake()).encode(TEXT)
    assert encoded.pretrained is None and encoded.topic_vectors is encoded.hidden


@pytest.mark.unit
def test_a_model_narrower_than_its_config_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="values per token"):
        WindowEncoder(_folder(tmp_path, pretrained_dim=3), runner=_fake()).encode(TEXT)


@pytest.mark.unit
def test_empty_text_gives_no_tokens(tmp_path: Path) -> None:
    encoded = WindowEncoder(_folder(tmp_path), runner=_fake()).encode("")
    assert encoded.offsets == [] and len(encoded.hidden) == 0


@pytest.mark.unit
def test_the_technique_tagger_encodes_with_the_same_encoder(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    mine = TechniqueTagger(folder, runner=_fake()).encode(TEXT)
    shared = WindowEncoder(folder, runner=_fake()).encode(TEXT)
    assert mine.offsets == shared.offsets
    assert np.array_equal(mine.hidden, shared.hidden) and np.array_equal(mine.probs, shared.probs)


@pytest.mark.unit
def test_name_follows_the_model_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "model.onnx").write_bytes(b"one")
    first = WindowEncoder(folder).name
    (folder / "model.onnx").write_bytes(b"two")
    assert first.startswith("enc:") and WindowEncoder(folder).name != first


@pytest.mark.unit
def test_bad_config_is_a_model_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "config.json").write_text("[1, 2]")
    with pytest.raises(ModelError, match="missing or invalid"):
        WindowEncoder(folder, runner=_fake()).encode(TEXT)


@pytest.mark.unit
def test_token_range_covers_every_overlapping_token() -> None:
    encoded = Encoded([(0, 3), (4, 9), (9, 10), (11, 15)], np.zeros((4, 3), np.float32), np.zeros((4, 2), np.float32))
    assert encoded.token_range(0, 10) == (0, 3)
    assert encoded.token_range(5, 12) == (1, 4)
    assert encoded.token_range(3, 4) is None  # the space between two tokens


@pytest.mark.unit
@given(st.text(alphabet=st.sampled_from("ab .,!\n\u00e9"), max_size=60))
def test_fake_encoder_tokens_index_the_text(text: str) -> None:
    encoded = FakeTokenEncoder(dim=8).encode(text)
    assert all(text[a:b].strip() == text[a:b] != "" for a, b in encoded.offsets)
    assert encoded.hidden.shape == (len(encoded.offsets), 8)
    assert np.all(encoded.hidden.sum(axis=1) == 1.0) and np.all(encoded.probs[:, 0] == 1.0)


@pytest.mark.integration
@pytest.mark.skipif(not (ENCODER_DIR / "model.onnx").is_file(), reason="technique model not installed")
def test_committed_encoder_is_the_technique_model(monkeypatch: pytest.MonkeyPatch, no_network: None) -> None:
    monkeypatch.setattr(checkworthy, "_SESSIONS", {})
    assert ENCODER_DIR == TECHNIQUES_DIR
    encoded = WindowEncoder(threads=1).encode(TEXT)
    assert encoded.hidden.shape[1] == 384
    assert encoded.pretrained is not None and encoded.pretrained.shape == encoded.hidden.shape
    again = TechniqueTagger(threads=1).encode(TEXT)
    assert np.array_equal(encoded.hidden, again.hidden) and np.array_equal(encoded.probs, again.probs)

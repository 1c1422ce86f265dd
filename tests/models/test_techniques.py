"""The technique model wrapper: span decoding, technique head, calibration, voice-free API; committed model."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from sourcetrace.errors import ModelError
from sourcetrace.models import checkworthy, tagger
from sourcetrace.models.runtime import FakeRunner, IntArray
from sourcetrace.models.tagger import MODELS_DIR
from sourcetrace.models.techniques import (
    TECHNIQUES_DIR,
    SpanHead,
    TechniqueConfig,
    TechniqueTagger,
    pool_span,
    span_features,
)
from sourcetrace.ptc.corpus import TECHNIQUES

TEXT = "The mayor said the plan was a total disaster. Critics called it a total disaster again."
HIDDEN = 4
MARKED = "disaster"  # the fake model tags every word piece of this word as inside a span


def _fake(tok: object, marked: str = MARKED) -> FakeRunner:
    """O/B/I logits: B on the word pieces of ``marked``; hidden = (id % 7, 1, 0, 0)."""
    target = set(tok.encode(marked, add_special_tokens=False).ids)  # type: ignore[attr-defined]

    def run(ids: IntArray, mask: IntArray) -> np.ndarray:
        out = np.zeros((*ids.shape, 3 + HIDDEN), dtype=np.float32)
        for r in range(ids.shape[0]):
            for t in range(ids.shape[1]):
                inside = int(ids[r, t]) in target
                out[r, t, :3] = (-4.0, 4.0, 0.0) if inside else (4.0, -4.0, -4.0)
                out[r, t, 3:] = (ids[r, t] % 7, 1.0, 0.0, 0.0)
        return out

    return FakeRunner(run)


def _folder(tmp_path: Path, calibration: dict[str, object] | None = None) -> Path:
    folder = tmp_path / "tech"
    folder.mkdir(parents=True)
    shutil.copy(MODELS_DIR / "checkworthy" / "tokenizer.json", folder / "tokenizer.json")
    config = {"techniques": list(TECHNIQUES), "window": 16, "context": 4}
    if calibration is not None:
        config["calibration"] = calibration
    (folder / "config.json").write_text(json.dumps(config))
    features = 3 * HIDDEN + 2
    w1 = np.zeros((features, 2), dtype=np.float32)
    w1[features - 1, 0] = 1.0  # hidden unit 0 = log1p(repeats)
    w1[HIDDEN + 1, 1] = 1.0  # hidden unit 1 = second component of the first token vector (always 1)
    w2 = np.zeros((2, len(TECHNIQUES)), dtype=np.float32)
    w2[0, TECHNIQUES.index("Repetition")] = 5.0
    w2[1, TECHNIQUES.index("Loaded_Language")] = 2.0
    w2[1, TECHNIQUES.index("Name_Calling,Labeling")] = 1.0
    np.savez(folder / "span_head.npz", w1=w1, b1=np.zeros(2, np.float32), w2=w2,
             b2=np.zeros(len(TECHNIQUES), np.float32))
    return folder


def _tagger(
    tmp_path: Path, calibration: dict[str, object] | None = None, marked: str = MARKED
) -> TechniqueTagger:
    folder = _folder(tmp_path, calibration)
    tok = tagger.load_tokenizer(folder / "tokenizer.json")
    return TechniqueTagger(folder, runner=_fake(tok, marked))


@pytest.mark.unit
def test_span_features_count_other_occurrences_case_insensitively() -> None:
    start = TEXT.index("a total disaster")
    feats = span_features(TEXT, start, start + len("a total disaster"), 4)
    assert feats[0] == pytest.approx(math.log1p(4))
    assert feats[1] == pytest.approx(math.log1p(1))  # one other occurrence
    once = TEXT.index("Critics")
    assert span_features(TEXT, once, once + 7, 1)[1] == 0.0


@pytest.mark.unit
def test_pool_span_is_mean_first_last() -> None:
    hidden = np.arange(12, dtype=np.float32).reshape(4, 3)
    pooled = pool_span(hidden, 1, 3)
    assert pooled.tolist() == [4.5, 5.5, 6.5, 3, 4, 5, 6, 7, 8]


@pytest.mark.unit
def test_span_head_uses_exact_gelu(tmp_path: Path) -> None:
    path = tmp_path / "h.npz"
    np.savez(path, w1=np.eye(2, dtype=np.float32), b1=np.zeros(2, np.float32), w2=np.eye(2, dtype=np.float32),
             b2=np.zeros(2, np.float32))
    out = SpanHead(path).logits(np.array([[1.0, -1.0]], dtype=np.float32))
    gelu = [x * 0.5 * (1 + math.erf(x / math.sqrt(2))) for x in (1.0, -1.0)]
    assert out[0].tolist() == pytest.approx(gelu, abs=1e-6)


@pytest.mark.unit
def test_find_tags_marked_words_and_names_their_technique(tmp_path: Path) -> None:
    model = _tagger(tmp_path)
    found = model.find(TEXT)
    assert [TEXT[f.start : f.end] for f in found] == ["disaster", "disaster"]
    # both occurrences repeat each other: the head's repeat feature makes them Repetition
    assert {f.technique for f in found} == {"Repetition"}
    assert all(0.5 <= f.confidence <= 1 and f.ranked[0][0] == f.technique for f in found)
    assert "Repetition" in found[0].explanation(TEXT) and "'disaster'" in found[0].explanation(TEXT)


@pytest.mark.unit
def test_spans_of_function_words_only_are_dropped(tmp_path: Path) -> None:
    model = _tagger(tmp_path, marked="the it total")
    assert [TEXT[f.start : f.end] for f in model.find(TEXT)] == ["total", "total"]


@pytest.mark.unit
def test_calibration_and_threshold_come_from_the_config(tmp_path: Path) -> None:
    strict = _tagger(tmp_path, {"span_platt": [1.0, -10.0], "span_threshold": 0.5, "temperature": 4.0})
    assert strict.find(TEXT) == []  # sigmoid(raw - 10) < 0.5 for every raw in [0, 1]
    head = strict.technique_probs(TEXT, strict.encode(TEXT), [(0, 3)])
    plain = _tagger(tmp_path / "b").technique_probs(TEXT, strict.encode(TEXT), [(0, 3)])
    assert head.max() < plain.max()  # a higher temperature flattens the distribution
    assert head.sum() == pytest.approx(1.0)


def _graded(tok: object, inside: dict[str, float]) -> FakeRunner:
    """O/B/I logits giving each word piece of the words in ``inside`` that not-O probability (others 0.02)."""
    level = {i: p for word, p in inside.items() for i in tok.encode(word, add_special_tokens=False).ids}  # type: ignore[attr-defined]

    def run(ids: IntArray, mask: IntArray) -> np.ndarray:
        out = np.zeros((*ids.shape, 3 + HIDDEN), dtype=np.float32)
        for r in range(ids.shape[0]):
            for t in range(ids.shape[1]):
                p = level.get(int(ids[r, t]), 0.02)
                out[r, t, :3] = (math.log(1 - p), math.log(p), -30.0)
                out[r, t, 3:] = (ids[r, t] % 7, 1.0, 0.0, 0.0)
        return out

    return FakeRunner(run)


@pytest.mark.unit
def test_a_confident_core_carries_weaker_neighbours_but_weak_runs_are_dropped(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"inside_threshold": 0.25, "peak_threshold": 0.6})
    tok = tagger.load_tokenizer(folder / "tokenizer.json")
    model = TechniqueTagger(folder, runner=_graded(tok, {"total": 0.3, "disaster": 0.9, "mayor": 0.4}))
    encoded = model.encode(TEXT)
    assert [TEXT[a:b] for (a, b), _, _ in model.candidates(TEXT, encoded)] == ["total disaster", "total disaster"]
    # one threshold for both (the default when only inside_threshold is given): "mayor" becomes a span too
    assert [TEXT[a:b] for (a, b), _, _ in model.candidates(TEXT, encoded, 0.25)] == [
        "mayor", "total disaster", "total disaster"]
    assert [TEXT[a:b] for (a, b), _, _ in model.candidates(TEXT, encoded, 0.5, 0.5)] == ["disaster", "disaster"]


@pytest.mark.unit
def test_classify_gives_repeated_spans_their_next_best_technique(tmp_path: Path) -> None:
    model = _tagger(tmp_path)
    span = (0, 9)  # "The mayor": no repeats, so the head prefers Loaded_Language, then Name_Calling
    assert model.classify(TEXT, [span, span, (20, 24)]) == [
        "Loaded_Language",
        "Name_Calling,Labeling",
        "Loaded_Language",
    ]


@pytest.mark.unit
def test_sentence_scores_are_platt_scaled_max_token_scores(tmp_path: Path) -> None:
    model = _tagger(tmp_path, {"sentence_platt": [2.0, -1.0]})
    encoded = model.encode(TEXT)
    first = (0, TEXT.index(".") + 1)
    raw = model.raw_sentence_scores(encoded, [first, (0, 3)])
    assert raw[0] > 0.99 and raw[1] < 0.01
    assert model.sentence_scores(encoded, [first])[0] == pytest.approx(1 / (1 + math.exp(-(2 * raw[0] - 1))), abs=1e-4)


@pytest.mark.unit
def test_bad_config_is_a_model_error(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"techniques": ["a"]}')
    with pytest.raises(ModelError, match="out-of-range"):
        TechniqueConfig.read(tmp_path / "config.json")
    with pytest.raises(ModelError, match="missing or invalid"):
        TechniqueConfig.read(tmp_path / "absent.json")


@pytest.mark.integration
@pytest.mark.skipif(not (TECHNIQUES_DIR / "model.onnx").is_file(), reason="technique model not installed")
def test_committed_model_loads_offline_and_is_deterministic(monkeypatch: pytest.MonkeyPatch, no_network: None) -> None:
    monkeypatch.setattr(checkworthy, "_SESSIONS", {})
    model = TechniqueTagger(threads=1)
    model.warm_up()
    text = (
        "These corrupt traitors will destroy our great nation unless patriots stand up now. "
        "The minister said the plan would cost 40 million euros."
    )
    first = model.find(text)
    again = TechniqueTagger(threads=1).find(text)
    assert first == again
    assert all(text[f.start : f.end] == text[f.start : f.end].strip() for f in first)
    assert model.config.techniques == TECHNIQUES


@pytest.mark.unit
def test_a_span_never_crosses_a_blank_line(tmp_path: Path) -> None:
    text = "A total disaster\n\ntotal disaster again\ntotal disaster."
    model = _tagger(tmp_path, marked="total disaster again")
    found = [text[a:b] for (a, b), _, _ in model.candidates(text, model.encode(text))]
    # cut at the blank line after the title, not at the single line break (PTC spans cross those)
    assert found == ["total disaster", "total disaster again\ntotal disaster"]

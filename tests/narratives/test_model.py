"""The decision rule keeps the hierarchy consistent; the model saves, loads and refuses corrupt files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from narratives._mini import ALARM_N, WEAK, WEST, mini_model, mini_words_model
from sourcetrace.errors import ModelError
from sourcetrace.narratives.model import LANGUAGES, NARRATIVES_DIR, NarrativeModel, Thresholds, model_dir
from sourcetrace.narratives.taxonomy import OTHER, domain_of, parent_of

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("seed", range(20))
def test_decisions_are_consistent(seed: int) -> None:
    model = mini_model(Thresholds(narrative=0.3, subnarrative=0.3, other_margin=0.3))
    p = np.random.default_rng(seed).random(len(model.labels))
    d = model.decide(p)
    if d.is_other:
        assert d.subnarratives == (OTHER,)
        return
    assert OTHER not in d.narratives and OTHER not in d.subnarratives
    assert all(domain_of(n) == d.domain for n in d.narratives)
    assert {parent_of(s) for s in d.subnarratives} == set(d.narratives)  # every narrative has a sub, and vice versa


def test_decision_rule_by_hand() -> None:
    model = mini_model(Thresholds(narrative=0.3, subnarrative=0.3, other_margin=0.3))
    p = np.zeros(len(model.labels))
    p[model.index["domain:URW"]] = 0.9
    p[model.index[WEST]] = 0.2  # below the threshold but the best URW narrative: kept
    p[model.index[ALARM_N]] = 0.95  # climate narrative in a war article: not allowed
    d = model.decide(p)
    assert d.narratives == (WEST,) and d.subnarratives == (WEAK,)
    p[model.index[OTHER]] = 0.7
    assert model.decide(p).is_other


def test_other_needs_a_margin_over_the_best_narrative() -> None:
    model = mini_model(Thresholds(narrative=0.3, subnarrative=0.3, other_margin=0.05))
    p = np.zeros(len(model.labels))
    p[model.index["domain:URW"]] = 0.9
    p[model.index[OTHER]] = 0.6
    p[model.index[WEST]] = 0.58  # P(Other) high, but a narrative is nearly as likely: not Other
    assert model.decide(p).narratives == (WEST,)
    p[model.index[WEST]] = 0.3
    assert model.decide(p).is_other
    p[model.index[OTHER]] = 0.2  # low P(Other) still wins when no narrative stands out
    p[model.index[WEST]] = 0.1
    assert model.decide(p).is_other


def test_save_load_round_trip(tmp_path: Path) -> None:
    model = mini_model()
    model.save(tmp_path)
    loaded = NarrativeModel.load(tmp_path)
    assert loaded.labels == model.labels and loaded.thresholds == model.thresholds
    x = np.random.default_rng(1).random((2, model.weights.shape[0]))
    assert np.allclose(loaded.probabilities(x), model.probabilities(x), atol=1e-6)


def test_corrupt_or_missing_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="missing or corrupt"):
        NarrativeModel.load(tmp_path)
    mini_model().save(tmp_path)
    (tmp_path / "model.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelError):
        NarrativeModel.load(tmp_path)


def test_committed_model_loads_offline() -> None:
    model = NarrativeModel.load(NARRATIVES_DIR)
    assert len(model.taxonomy.narratives) >= 20 and len(model.taxonomy.subnarratives) >= 70
    assert {domain_of(n) for n in model.taxonomy.narratives} == {"URW", "CC"}
    assert all(parent_of(s) in model.taxonomy.narratives for s in model.taxonomy.subnarratives)


def test_words_model_round_trip_keeps_its_word_pattern(tmp_path: Path) -> None:
    model = mini_words_model()
    assert model.embedding_dim == 0 and model.tfidf.words == "unicode"
    model.save(tmp_path)
    loaded = NarrativeModel.load(tmp_path)
    assert loaded.tfidf.words == "unicode" and loaded.embedding_dim == 0
    x = loaded.features(np.zeros((1, 0)), loaded.tfidf.transform(["Ядерный удар возможен."]))
    assert np.allclose(loaded.probabilities(x), model.probabilities(x))
    config = (tmp_path / "model.json").read_text(encoding="utf-8").replace('"unicode"', '"klingon"')
    (tmp_path / "model.json").write_text(config, encoding="utf-8")
    with pytest.raises(ModelError, match="unknown word pattern"):
        NarrativeModel.load(tmp_path)


def test_model_dir_per_language() -> None:
    assert model_dir("EN") == NARRATIVES_DIR and model_dir("ru") == NARRATIVES_DIR / "ru"
    with pytest.raises(ModelError, match="no narrative model for language 'xx'"):
        model_dir("xx")


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "EN"])
def test_committed_words_models_load_offline(lang: str) -> None:
    model = NarrativeModel.load(model_dir(lang))
    assert model.embedding_dim == 0 and model.tfidf.words == "unicode" and model.info["language"] == lang
    assert model.tfidf.dim > 1000 and len(model.taxonomy.narratives) >= 10
    assert all(parent_of(s) in model.taxonomy.narratives for s in model.taxonomy.subnarratives)

"""Tests for the shared spaCy pipeline."""

from __future__ import annotations

import pytest

from sourcetrace.nlp import load_spacy


@pytest.mark.integration
def test_prefixed_words_stay_whole_and_other_hyphens_split() -> None:
    doc = load_spacy()("Co-founders and the ex-minister met the vice-chair; a well-known firm said so.")
    words = [t.text for t in doc]
    assert {"Co-founders", "ex-minister", "vice-chair"} <= set(words)
    assert words[words.index("well") + 1] == "-"  # other compounds split as the model was trained


@pytest.mark.integration
def test_a_co_founder_is_one_subject() -> None:
    doc = load_spacy()("The court may rule in May, said the co-founder of the blog.")
    subjects = [t.text for t in doc if t.dep_ == "nsubj" and t.head.lemma_ == "say"]
    assert subjects == ["co-founder"]

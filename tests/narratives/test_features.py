"""Sentence vectors pooled from the article's token vectors; the same function at training and prediction time."""

from __future__ import annotations

import numpy as np
import pytest

from sourcetrace.models.encoding import Encoded, FakeTokenEncoder
from sourcetrace.narratives.features import HashedTfidf, article_vector, sentence_features, sentence_vectors, terms
from sourcetrace.narratives.sentences import sentence_spans

pytestmark = pytest.mark.unit


def _encoded() -> Encoded:
    offsets = [(0, 3), (4, 7), (8, 9), (10, 14)]
    hidden = np.array([[3, 0], [1, 0], [0, 4], [0, 1]], dtype=np.float32)
    return Encoded(offsets, np.zeros((4, 3), np.float32), hidden)


def test_a_sentence_is_the_normalised_mean_of_its_tokens() -> None:
    vectors = sentence_vectors(_encoded(), [(0, 7), (8, 14), (2, 9)])
    assert vectors.dtype == np.float32
    assert vectors[0].tolist() == pytest.approx([1.0, 0.0])  # mean (2, 0)
    assert vectors[1].tolist() == pytest.approx([0.0, 1.0])  # mean (0, 2.5)
    assert vectors[2].tolist() == pytest.approx([0.5**0.5, 0.5**0.5])  # a token partly inside counts: mean (4/3, 4/3)


def test_a_span_without_tokens_is_zeros() -> None:
    assert sentence_vectors(_encoded(), [(3, 4), (20, 30)]).tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert sentence_vectors(_encoded(), []).shape == (0, 2)


def test_sentence_features_pool_the_regex_sentences() -> None:
    text = "Ships left the port.\n\nPrices fell. Traders were relieved."
    spans, vectors = sentence_features(text, FakeTokenEncoder(dim=16).encode(text))
    assert spans == sentence_spans(text)
    assert vectors.shape == (3, 16) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    assert np.allclose(np.linalg.norm(article_vector(vectors)), 1.0)


def test_word_patterns() -> None:
    text = "Альянс слаб, NATO said."
    assert [t for t, _, _ in terms(text)] == ["nato", "said", "nato said"]  # the English model's pattern
    found = terms(text, "unicode")
    assert [t for t, _, _ in found] == ["альянс", "слаб", "nato", "said", "альянс слаб", "слаб nato", "nato said"]
    assert all(text[s:e].lower() == t for t, s, e in found if " " not in t)
    assert [t for t, _, _ in terms("सरकार ने कहा", "unicode")][:3] == ["सरकार", "ने", "कहा"]


def test_tfidf_reads_with_its_word_pattern() -> None:
    texts = ["Альянс слаб.", "Альянс силён.", "Порт открыт."]
    tfidf = HashedTfidf.fit(texts, min_df=1, words="unicode")
    assert tfidf.words == "unicode" and tfidf.column("альянс") is not None
    assert np.count_nonzero(tfidf.transform(["альянс"])) == 1
    assert HashedTfidf.fit(texts, min_df=1).dim == 0  # Latin letters only: no term at all

"""Evidence for a narrative label: the article's sentences that score highest under the label's classifier.

Each sentence is featurised like a one-sentence article (its own embedding and TF-IDF)
and scored by the label's logistic regression; the best sentences become evidence,
each with the words whose TF-IDF weights push it most towards the label.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from sourcetrace.article import NarrativeEvidence
from sourcetrace.narratives.features import terms
from sourcetrace.narratives.model import NarrativeModel

__all__ = ["MAX_EVIDENCE", "sentence_scores", "supporting_sentences"]

#: Evidence sentences kept per label.
MAX_EVIDENCE = 3

Array = npt.NDArray[np.float64]


def sentence_scores(model: NarrativeModel, sentence_vectors: npt.NDArray[np.floating], texts: list[str]) -> Array:
    """Every label's classifier applied to every sentence alone: ``(sentences, labels)``."""
    if not texts:
        return np.zeros((0, len(model.labels)))
    return model.probabilities(model.features(sentence_vectors, model.tfidf.transform(texts)))


def _key_words(model: NarrativeModel, column: int, text: str, limit: int = 3) -> list[str]:
    """Words and word pairs of ``text`` whose TF-IDF weights favour the label most."""
    weights = model.weights[model.embedding_dim :, column]
    found: dict[str, float] = {}
    for term, start, end in terms(text, model.tfidf.words):
        if " " not in term and len(term) < 4:  # short single words are mostly function words
            continue
        feature = model.tfidf.column(term)
        if feature is not None and weights[feature] > 0:
            found[text[start:end]] = max(found.get(text[start:end], 0.0), float(weights[feature]))
    ranked = sorted(found, key=lambda w: (-found[w], w))
    chosen: list[str] = []
    for word in ranked:  # a pair hides the single words it contains
        if not any(word in other or other in word for other in chosen):
            chosen.append(word)
        if len(chosen) == limit:
            break
    return chosen


def supporting_sentences(
    model: NarrativeModel,
    label: str,
    scores: Array,
    spans: list[tuple[int, int]],
    text: str,
    limit: int = MAX_EVIDENCE,
) -> list[NarrativeEvidence]:
    """The ``limit`` best-scoring sentences for ``label``, best first (ties: earlier sentence first)."""
    if not spans:
        return []
    column = model.index[label]
    column_scores = scores[:, column]
    order = sorted(range(len(spans)), key=lambda i: (-column_scores[i], i))[:limit]
    out = []
    for i in order:
        start, end = spans[i]
        words = _key_words(model, column, text[start:end])
        rank = f"sentence ranked {order.index(i) + 1} of {len(spans)} by the '{label}' classifier"
        reason = f"{rank}; words weighing for it: {', '.join(words)}" if words else f"{rank} (by meaning)"
        out.append(NarrativeEvidence(start=start, end=end, score=round(float(column_scores[i]), 4), reason=reason))
    return out

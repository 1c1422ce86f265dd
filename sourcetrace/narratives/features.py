"""Article and sentence features for the narrative classifiers: in-context sentence vectors plus hashed TF-IDF.

A sentence vector is the mean of the shared encoder's token vectors inside the
sentence (the article encoded once, in windows, by the ``encoding`` stage; its pretrained
branch, ``Encoded.topic_vectors``), L2-normalised;
``sentence_features`` computes them, the same way at training and prediction time.
An article is the mean of its sentence vectors (re-normalised) next to an
L2-normalised TF-IDF vector of its words and word pairs. Terms are hashed
(CRC-32, ``HASH_BUCKETS`` buckets) so the model stores bucket numbers and their
IDF, not a vocabulary; only the buckets kept at training time are features.
A sentence is featurised the same way, so the article classifiers can score it.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sourcetrace.models.encoding import Encoded
from sourcetrace.narratives.sentences import sentence_spans

__all__ = [
    "HASH_BUCKETS", "WORD_PATTERNS", "HashedTfidf", "article_vector", "sentence_features", "sentence_vectors", "terms",
]

#: Size of the term hash space; collisions are negligible for news vocabularies.
HASH_BUCKETS = 1 << 20

Array = npt.NDArray[np.float64]
#: Word patterns by name: ``ascii`` (the English model's: Latin letters only) and ``unicode`` (any script).
WORD_PATTERNS = {
    "ascii": re.compile(r"[a-z][a-z0-9'\u2019-]+"),
    # \w leaves out combining marks: Devanagari vowel signs and viramas, decomposed accents
    "unicode": re.compile(r"[^\W\d_][\w'\u2019\u0300-\u036f\u0900-\u0963\u0966-\u097f-]+"),
}


def terms(text: str, words: str = "ascii") -> list[tuple[str, int, int]]:
    """Words (lower-cased, 2+ characters) and adjacent word pairs of ``text`` with their character spans.

    ``words`` names the word pattern (``WORD_PATTERNS``): the English model reads Latin
    letters only, the models of other languages any script (Cyrillic, Devanagari, ...).
    """
    words_ = [(m.group(), m.start(), m.end()) for m in WORD_PATTERNS[words].finditer(text.lower())]
    pairs = [(f"{a} {b}", sa, eb) for (a, sa, _), (b, _, eb) in itertools.pairwise(words_)]
    return words_ + pairs


def bucket(term: str) -> int:
    """The hash bucket of a term."""
    return zlib.crc32(term.encode("utf-8")) % HASH_BUCKETS


@dataclass
class HashedTfidf:
    """Sub-linear TF-IDF over hashed terms, restricted to the buckets kept at fitting time."""

    buckets: npt.NDArray[np.int64]
    idf: Array
    #: The word pattern terms are read with (a key of ``WORD_PATTERNS``).
    words: str = "ascii"

    def __post_init__(self) -> None:
        self._column = {int(b): i for i, b in enumerate(self.buckets)}

    @property
    def dim(self) -> int:
        """Number of TF-IDF features."""
        return len(self.buckets)

    @classmethod
    def fit(cls, texts: Sequence[str], min_df: int = 2, max_features: int = 5000, words: str = "ascii") -> HashedTfidf:
        """Keep the ``max_features`` buckets found in at least ``min_df`` texts, most frequent first."""
        df: Counter[int] = Counter()
        for text in texts:
            df.update({bucket(t) for t, _, _ in terms(text, words)})
        kept = sorted((b for b, c in df.items() if c >= min_df), key=lambda b: (-df[b], b))[:max_features]
        kept.sort()
        idf = np.array([np.log((1 + len(texts)) / (1 + df[b])) + 1.0 for b in kept])
        return cls(np.array(kept, dtype=np.int64), idf, words)

    def column(self, term: str) -> int | None:
        """Feature column of ``term``, None when its bucket is not a feature."""
        return self._column.get(bucket(term))

    def transform(self, texts: Iterable[str]) -> Array:
        """One L2-normalised row per text."""
        rows = []
        for text in texts:
            row = np.zeros(self.dim)
            found = Counter(c for t, _, _ in terms(text, self.words) if (c := self.column(t)) is not None)
            for column, count in found.items():
                row[column] = 1.0 + np.log(count)
            row *= self.idf
            norm = np.linalg.norm(row)
            rows.append(row / norm if norm > 0 else row)
        return np.array(rows).reshape(-1, self.dim)


def article_vector(sentence_vectors: npt.NDArray[np.floating]) -> Array:
    """Mean of the sentence embeddings, re-normalised to unit length (zeros for an empty article)."""
    if len(sentence_vectors) == 0:
        return np.zeros(sentence_vectors.shape[1] if sentence_vectors.ndim == 2 else 0)
    mean = np.asarray(sentence_vectors, dtype=np.float64).mean(axis=0)
    norm = np.linalg.norm(mean)
    out: Array = mean / norm if norm > 0 else mean
    return out


def sentence_vectors(encoded: Encoded, spans: Sequence[tuple[int, int]]) -> npt.NDArray[np.float32]:
    """One L2-normalised row per span: the mean of the vectors of the tokens overlapping it (zeros if none)."""
    vectors = encoded.topic_vectors
    out = np.zeros((len(spans), vectors.shape[1]), dtype=np.float32)
    for row, (start, end) in enumerate(spans):
        tokens = encoded.token_range(start, end)
        if tokens is None:
            continue
        mean = vectors[tokens[0] : tokens[1]].mean(axis=0, dtype=np.float64)
        norm = np.linalg.norm(mean)
        if norm > 0:
            out[row] = mean / norm
    return out


def sentence_features(text: str, encoded: Encoded) -> tuple[list[tuple[int, int]], npt.NDArray[np.float32]]:
    """The sentence spans of ``text`` and their vectors pooled from ``encoded`` (training and prediction alike)."""
    spans = sentence_spans(text)
    return spans, sentence_vectors(encoded, spans)

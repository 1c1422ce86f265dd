"""A claim store held in a dict, ranked by an in-Python BM25: for unit tests and small lists."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from sourcetrace.store._dense import EXACT_LIMIT, DenseIndex
from sourcetrace.store._text import content_words, light_stem, query_terms
from sourcetrace.store.base import DEFAULT_VECTOR_MODEL, ClaimStore, Hit, ImportStats, KnownClaim

__all__ = ["MemoryStore"]

#: BM25 parameters and per-field weights, shared in spirit with the SQL backends.
K1 = 1.2
B = 0.75
FIELD_WEIGHTS = {"claim": 1.0, "title": 0.5, "summary": 0.3}


def _terms(text: str | None) -> list[str]:
    return [light_stem(word) for word in content_words(text)] if text else []


class MemoryStore(ClaimStore):
    """Known claims in memory; nothing persists after ``close()``."""

    backend = "memory"

    def __init__(self) -> None:
        self._records: dict[str, KnownClaim] = {}
        self._tf: dict[str, dict[str, float]] = {}
        self._vectors: dict[str, dict[str, npt.NDArray[np.float32]]] = {}
        self._dense: dict[str, tuple[list[str], DenseIndex]] = {}
        self._encoders: dict[str, str] = {}
        self._closed = False
        #: Vectors above which dense search uses an HNSW index.
        self.exact_limit = EXACT_LIMIT

    def upsert(self, records: Iterable[KnownClaim]) -> ImportStats:
        """Insert or replace records by id."""
        stats = ImportStats()
        for record in records:
            old = self._records.get(record.id)
            if old is None:
                stats.inserted += 1
            elif old.digest() == record.digest():
                stats.unchanged += 1
                continue
            else:
                stats.updated += 1
                if (old.claim, old.title, old.summary) != (record.claim, record.title, record.summary):
                    for vectors in self._vectors.values():
                        vectors.pop(record.id, None)
                    self._dense.clear()
            self._records[record.id] = record
            tf: dict[str, float] = {}
            for name, weight in FIELD_WEIGHTS.items():
                for term in _terms(getattr(record, name)):
                    tf[term] = tf.get(term, 0.0) + weight
            self._tf[record.id] = tf
        return stats

    def get(self, claim_id: str) -> KnownClaim | None:
        """The record with this id, or None."""
        return self._records.get(claim_id)

    def count(self) -> int:
        """Number of records."""
        return len(self._records)

    def search_lexical(self, query: str, k: int = 10) -> list[Hit]:
        """BM25 over claim, title and summary (weighted term frequencies)."""
        terms = list(dict.fromkeys(light_stem(word) for word in query_terms(query)))
        if not terms or not self._records or k <= 0:
            return []
        n = len(self._records)
        avgdl = sum(sum(tf.values()) for tf in self._tf.values()) / n or 1.0
        df = {term: sum(1 for tf in self._tf.values() if term in tf) for term in terms}
        scores: list[tuple[float, str]] = []
        for claim_id, tf in self._tf.items():
            length = sum(tf.values())
            score = 0.0
            for term in terms:
                freq = tf.get(term, 0)
                if freq:
                    idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
                    score += idf * freq * (K1 + 1) / (freq + K1 * (1 - B + B * length / avgdl))
            if score > 0:
                scores.append((score, claim_id))
        scores.sort(key=lambda pair: (-pair[0], pair[1]))
        return [Hit(claim=self._records[claim_id], score=score) for score, claim_id in scores[:k]]

    def put_vectors(self, model: str, ids: list[str], vectors: npt.NDArray[np.float32]) -> int:
        """Keep float32 copies of the vectors of known ids."""
        store = self._vectors.setdefault(model, {})
        written = 0
        for n, claim_id in enumerate(ids):
            if claim_id in self._records:
                store[claim_id] = np.asarray(vectors[n], dtype=np.float32).copy()
                written += 1
        self._dense.pop(model, None)
        return written

    def missing_vectors(self, model: str, limit: int = 1000) -> list[KnownClaim]:
        """Up to ``limit`` records without a ``model`` vector, in insertion order."""
        have = self._vectors.get(model, {})
        return [record for claim_id, record in self._records.items() if claim_id not in have][:limit]

    def vector_count(self, model: str = DEFAULT_VECTOR_MODEL) -> int:
        """Records with a ``model`` vector."""
        return len(self._vectors.get(model, {}))

    def search_dense(
        self, vector: npt.NDArray[np.float32], k: int = 10, *, model: str = DEFAULT_VECTOR_MODEL
    ) -> list[Hit]:
        """Cosine nearest neighbours (exact below ``exact_limit`` vectors)."""
        if model not in self._dense:
            have = self._vectors.get(model, {})
            ids = list(have)
            matrix = np.stack([have[i] for i in ids]) if ids else np.zeros((0, 0), dtype=np.float32)
            keys = np.arange(len(ids), dtype=np.int64)
            self._dense[model] = (ids, DenseIndex(keys, matrix, exact_limit=self.exact_limit))
        ids, index = self._dense[model]
        return [Hit(claim=self._records[ids[key]], score=score) for key, score in index.search(vector, k)]

    def delete_vectors(self, model: str) -> int:
        """Drop the ``model`` vectors and their recorded encoder."""
        self._dense.pop(model, None)
        self._encoders.pop(model, None)
        return len(self._vectors.pop(model, {}))

    def vector_encoder(self, model: str) -> str | None:
        """The encoder fingerprint recorded for the ``model`` vectors."""
        return self._encoders.get(model)

    def record_encoder(self, model: str, fingerprint: str) -> None:
        """Record the encoder fingerprint of the ``model`` vectors."""
        self._encoders[model] = fingerprint

    def get_vectors(self, model: str, ids: list[str]) -> dict[str, npt.NDArray[np.float32]]:
        """The ``model`` vectors of those ``ids`` that have one."""
        have = self._vectors.get(model, {})
        return {claim_id: have[claim_id] for claim_id in ids if claim_id in have}

    def speaker_counts(self, speakers: Iterable[str]) -> dict[str, int]:
        """Claims per speaker, for the speakers asked about."""
        wanted = set(speakers)
        counts: dict[str, int] = {}
        for record in self._records.values():
            if record.speaker in wanted:
                counts[record.speaker] = counts.get(record.speaker, 0) + 1
        return counts

    def close(self) -> None:
        """Drop every record."""
        self._records.clear()
        self._tf.clear()
        self._vectors.clear()
        self._dense.clear()
        self._encoders.clear()
        self._closed = True

"""A claim store held in a dict, ranked by an in-Python BM25: for unit tests and small lists."""

from __future__ import annotations

import math
from collections.abc import Iterable

from sourcetrace.store._text import content_words, light_stem, query_terms
from sourcetrace.store.base import ClaimStore, Hit, ImportStats, KnownClaim

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
        self._closed = False

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

    def close(self) -> None:
        """Drop every record."""
        self._records.clear()
        self._tf.clear()
        self._closed = True

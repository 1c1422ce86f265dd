"""The store of known claims: the record model and the protocol every backend follows.

A *known claim* is a claim somebody already checked or catalogued: a
fact-check (PolitiFact, any ClaimReview publisher) or a disinformation case
(EUvsDisinfo). Backends (memory, SQLite, PostgreSQL) keep them under a stable
``id`` and rank them against a query text.

Dense retrieval: each backend keeps one unit vector per claim and model
(``claim_vectors``, float16), cleared for a claim whenever its text changes;
``search_dense`` ranks by cosine (exact up to ``EXACT_LIMIT`` vectors, HNSW
above, see ``_dense.py``). A second vector per claim, of the claim text alone,
is kept under ``claim_vector_model(model)`` for re-ranking (``get_vectors``).
``Retriever`` fuses the two rankings and re-ranks the candidates. Each store
records the fingerprint of the encoder that built its vectors
(``record_encoder``), so vectors of a retrained encoder are never mixed with
or searched by another (``vectors.check_encoder``).
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, field_validator

__all__ = [
    "DEFAULT_VECTOR_MODEL", "ClaimStore", "Hit", "ImportStats", "KnownClaim", "claim_id", "claim_vector_model",
    "vector_text",
]

#: Model name the vectors of a store are kept under unless told otherwise (the committed encoder's).
DEFAULT_VECTOR_MODEL = "all-MiniLM-L6-v2"


def claim_id(source: str, url: str | None, claim: str) -> str:
    """A stable id for a record whose source gives none: ``<source>-<hash of source, url and claim>``."""
    normal = " ".join(claim.split()).casefold()
    digest = hashlib.sha1(f"{source}\x1f{url or ''}\x1f{normal}".encode()).hexdigest()[:16]
    return f"{source}-{digest}"


class KnownClaim(BaseModel):
    """A claim already fact-checked or catalogued, with its verdict and where to read more."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    """Stable id: the source's own id when it has one, else ``claim_id(source, url, claim)``."""
    claim: str
    """The claim as checked (ClaimReview ``claimReviewed``, PolitiFact statement, EUvsDisinfo title)."""
    source: str
    """Collection it came from: ``politifact``, ``euvsdisinfo``, ``claimreview``, ``factcheck-api``, ..."""
    title: str | None = None
    """Headline of the fact-check article."""
    summary: str | None = None
    """Longer statement of the claim (EUvsDisinfo summary)."""
    verdict: str | None = None
    """Rating as published (``false``, ``pants-fire``, ``Misleading``, ``disinformation``)."""
    disproof: str | None = None
    """Why the claim is wrong: the explanation or disproof text."""
    speaker: str | None = None
    """Who made the claim: a person (PolitiFact speaker, ClaimReview author) or an outlet (EUvsDisinfo)."""
    publisher: str | None = None
    """Who checked or catalogued it (PolitiFact, EUvsDisinfo, the ClaimReview author organisation)."""
    date: str | None = None
    """When the claim was made or reviewed, ISO ``YYYY-MM-DD`` when it could be parsed, else as given."""
    url: str | None = None
    """Link to the fact-check or to the catalogued piece."""
    keywords: tuple[str, ...] = ()
    """Keywords or tags given by the source."""
    language: str | None = None
    """Language of the claim, as given by the source."""
    extra: dict[str, Any] = {}
    """Every other field of the source record, unchanged."""

    @field_validator("id", "claim", "source")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        return value

    def digest(self) -> str:
        """A hash of the whole record: equal digests mean a re-import changes nothing."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(payload.encode()).hexdigest()


def vector_text(record: KnownClaim) -> str:
    """The text a claim's vector encodes: the claim, then the fact-check title when it adds something."""
    if record.title and record.title.strip().casefold() != record.claim.casefold():
        return f"{record.claim} {record.title.strip()}"
    return record.claim


def claim_vector_model(model: str) -> str:
    """The key of a model's claim-only vectors (the claim without its title), kept beside the claim + title ones."""
    return f"{model}#claim"


class Hit(BaseModel):
    """One ranked answer to a query: the known claim and its score (higher is better)."""

    model_config = ConfigDict(frozen=True)

    claim: KnownClaim
    score: float


@dataclass
class ImportStats:
    """What an import did: records inserted, updated (changed), unchanged, and rejected."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def __iadd__(self, other: ImportStats) -> Self:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected += other.rejected
        return self

    def count_changes(self, batch: Iterable[KnownClaim], known: dict[str, str]) -> list[tuple[KnownClaim, str]]:
        """Count each record as inserted, updated or unchanged against ``known`` (id -> digest, updated in place).

        Returns the records to write with their digests; unchanged records are left out.
        """
        changed = []
        for record in batch:
            digest = record.digest()
            old = known.get(record.id)
            if old == digest:
                self.unchanged += 1
                continue
            if old is None:
                self.inserted += 1
            else:
                self.updated += 1
            known[record.id] = digest
            changed.append((record, digest))
        return changed

    @property
    def accepted(self) -> int:
        """Records written or already up to date."""
        return self.inserted + self.updated + self.unchanged

    def summary(self) -> str:
        """One line: ``3 inserted, 1 updated, 0 unchanged, 2 rejected``."""
        return f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, {self.rejected} rejected"


class ClaimStore(ABC):
    """Where known claims live: upsert by id, fetch, count, rank against a text.

    Every backend passes the same conformance tests (``tests/store/test_conformance.py``).
    A store is a context manager; ``close()`` releases its connection.
    """

    #: Short backend name (``memory``, ``sqlite``, ``postgresql``).
    backend: str = ""

    @abstractmethod
    def upsert(self, records: Iterable[KnownClaim]) -> ImportStats:
        """Insert new records and update changed ones, by id; never duplicates. Returns the counts."""

    @abstractmethod
    def get(self, claim_id: str) -> KnownClaim | None:
        """The record with this id, or None."""

    @abstractmethod
    def count(self) -> int:
        """Number of records in the store."""

    @abstractmethod
    def search_lexical(self, query: str, k: int = 10) -> list[Hit]:
        """The ``k`` records ranked best for ``query`` by a BM25-style lexical score, best first."""

    @abstractmethod
    def put_vectors(self, model: str, ids: list[str], vectors: npt.NDArray[np.float32]) -> int:
        """Store one vector per claim id (rows of ``vectors``) for ``model``; unknown ids are skipped.

        Returns the number of vectors written.
        """

    @abstractmethod
    def missing_vectors(self, model: str, limit: int = 1000) -> list[KnownClaim]:
        """Up to ``limit`` claims that have no vector for ``model`` yet."""

    @abstractmethod
    def vector_count(self, model: str = DEFAULT_VECTOR_MODEL) -> int:
        """Number of claims with a vector for ``model``."""

    @abstractmethod
    def search_dense(
        self, vector: npt.NDArray[np.float32], k: int = 10, *, model: str = DEFAULT_VECTOR_MODEL
    ) -> list[Hit]:
        """The ``k`` records whose ``model`` vectors are closest to ``vector`` (score: cosine), best first."""

    @abstractmethod
    def get_vectors(self, model: str, ids: list[str]) -> dict[str, npt.NDArray[np.float32]]:
        """The ``model`` vectors of the claims ``ids`` that have one, by id (float32)."""

    @abstractmethod
    def delete_vectors(self, model: str) -> int:
        """Drop every ``model`` vector and the encoder recorded for it; returns how many vectors were dropped."""

    @abstractmethod
    def vector_encoder(self, model: str) -> str | None:
        """The fingerprint of the encoder that built the ``model`` vectors, as recorded (None: never recorded)."""

    @abstractmethod
    def record_encoder(self, model: str, fingerprint: str) -> None:
        """Record that the ``model`` vectors are built by the encoder with this ``fingerprint``."""

    @abstractmethod
    def speaker_counts(self, speakers: Iterable[str]) -> dict[str, int]:
        """How many claims each of ``speakers`` made in the store (speakers with none are left out)."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the store cannot be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

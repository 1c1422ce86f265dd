"""The default claim store: one SQLite file, FTS5 full-text index ranked by BM25.

Write-ahead logging lets a reader query while an import runs; inserts go in
batches of ``BATCH`` rows per statement group, one transaction per batch.
The FTS5 table is an external-content index over ``claims`` kept in sync by
triggers, so the text is stored once.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

import numpy as np
import numpy.typing as npt

from sourcetrace.errors import StoreError
from sourcetrace.store._dense import EXACT_LIMIT, DenseIndex, from_blob, to_blob
from sourcetrace.store._rows import COLUMNS, from_row, to_row
from sourcetrace.store._text import query_terms
from sourcetrace.store.base import DEFAULT_VECTOR_MODEL, ClaimStore, Hit, ImportStats, KnownClaim

__all__ = ["BATCH", "FTS_WEIGHTS", "SQLiteStore"]

#: Records per write transaction during an import.
BATCH = 2000
#: BM25 weights of the FTS5 columns claim, title, summary (title 0.5-1.0 changes MAP@5 on CheckThat! 2B train < 0.001).
FTS_WEIGHTS = (1.0, 0.5, 0.3)
SCHEMA_VERSION = "1"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS claims (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    digest TEXT NOT NULL,
    {", ".join(f"{name} TEXT" + (" NOT NULL" if name in ("source", "claim") else "") for name in COLUMNS)}
);
CREATE INDEX IF NOT EXISTS claims_speaker ON claims (speaker);
CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(
    claim, title, summary, content='claims', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS claims_ai AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts(rowid, claim, title, summary) VALUES (new.rowid, new.claim, new.title, new.summary);
END;
CREATE TRIGGER IF NOT EXISTS claims_ad AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, claim, title, summary)
    VALUES ('delete', old.rowid, old.claim, old.title, old.summary);
END;
-- Schema 1 also dropped the vectors on every update, changed text or not.
DROP TRIGGER IF EXISTS claims_au;
CREATE TRIGGER claims_au AFTER UPDATE OF claim, title, summary ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, claim, title, summary)
    VALUES ('delete', old.rowid, old.claim, old.title, old.summary);
    INSERT INTO claims_fts(rowid, claim, title, summary) VALUES (new.rowid, new.claim, new.title, new.summary);
END;
CREATE TRIGGER IF NOT EXISTS claims_text_changed AFTER UPDATE OF claim, title, summary ON claims
WHEN old.claim IS NOT new.claim OR old.title IS NOT new.title OR old.summary IS NOT new.summary BEGIN
    DELETE FROM claim_vectors WHERE claim_rowid = old.rowid;
END;
-- One unit vector (float16 bytes) per claim and embedding model, for dense retrieval.
CREATE TABLE IF NOT EXISTS claim_vectors (
    claim_rowid INTEGER NOT NULL REFERENCES claims(rowid) ON DELETE CASCADE,
    model TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (claim_rowid, model)
);
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '{SCHEMA_VERSION}');
"""

_SELECT = f"SELECT id, {', '.join(f'c.{name}' for name in COLUMNS)} FROM claims c"
_UPSERT = (
    f"INSERT INTO claims (id, digest, {', '.join(COLUMNS)}) VALUES ({', '.join('?' * (len(COLUMNS) + 2))}) "
    f"ON CONFLICT(id) DO UPDATE SET digest = excluded.digest, "
    + ", ".join(f"{name} = excluded.{name}" for name in COLUMNS)
)


def _batches(records: Iterable[KnownClaim], size: int) -> Iterator[list[KnownClaim]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def fts_query(text: str) -> str | None:
    """The FTS5 query for a free text: its content words, quoted, joined with OR (None when it has none)."""
    terms = query_terms(text)
    return " OR ".join(f'"{term}"' for term in terms) if terms else None


class SQLiteStore(ClaimStore):
    """Known claims in a SQLite file (created on first use unless ``create=False``)."""

    backend = "sqlite"

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no claim store here; create one with 'sourcetrace store import'")
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as a claim store ({exc})") from exc
        self._dense: dict[str, DenseIndex] = {}
        #: Vectors above which dense search uses an HNSW index (cached next to the file).
        self.exact_limit = EXACT_LIMIT

    def upsert(self, records: Iterable[KnownClaim]) -> ImportStats:
        """Insert new and update changed records, ``BATCH`` per transaction."""
        stats = ImportStats()
        for batch in _batches(records, BATCH):
            ids = list(dict.fromkeys(record.id for record in batch))
            known = dict(
                self._db.execute(f"SELECT id, digest FROM claims WHERE id IN ({','.join('?' * len(ids))})", ids)
            )
            rows = [to_row(record, digest) for record, digest in stats.count_changes(batch, known)]
            self._write(rows)
        return stats

    def _write(self, rows: Sequence[tuple[object, ...]], sql: str = _UPSERT) -> None:
        if not rows:
            return
        self._dense.clear()
        try:
            self._db.execute("BEGIN")
            self._db.executemany(sql, rows)
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: write failed ({exc})") from exc

    def get(self, claim_id: str) -> KnownClaim | None:
        """The record with this id, or None."""
        row = self._db.execute(f"{_SELECT} WHERE id = ?", (claim_id,)).fetchone()
        return from_row(row) if row else None

    def count(self) -> int:
        """Number of records."""
        return int(self._db.execute("SELECT count(*) FROM claims").fetchone()[0])

    def search_lexical(self, query: str, k: int = 10) -> list[Hit]:
        """FTS5 BM25 over claim, title and summary (weights ``FTS_WEIGHTS``), OR of the query's content words."""
        match = fts_query(query)
        if match is None or k <= 0:
            return []
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        ranked = self._db.execute(
            f"SELECT rowid, bm25(claims_fts, {weights}) AS s FROM claims_fts WHERE claims_fts MATCH ? "
            "ORDER BY s LIMIT ?",
            (match, k),
        ).fetchall()
        if not ranked:
            return []
        return self._hits([(rowid, -score) for rowid, score in ranked])

    def _hits(self, ranked: list[tuple[int, float]]) -> list[Hit]:
        rowids = [rowid for rowid, _ in ranked]
        rows = {
            row[0]: row[1:]
            for row in self._db.execute(
                f"SELECT c.rowid, c.id, {', '.join(f'c.{name}' for name in COLUMNS)} FROM claims c "
                f"WHERE c.rowid IN ({','.join('?' * len(rowids))})",
                rowids,
            )
        }
        return [Hit(claim=from_row(rows[rowid]), score=score) for rowid, score in ranked if rowid in rows]

    def put_vectors(self, model: str, ids: list[str], vectors: npt.NDArray[np.float32]) -> int:
        """Store float16 vectors for the claims ``ids`` (rows of ``vectors``); unknown ids are skipped."""
        rowids: dict[str, int] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            rowids.update(
                self._db.execute(f"SELECT id, rowid FROM claims WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            )
        rows = [(rowids[i], model, to_blob(vectors[n])) for n, i in enumerate(ids) if i in rowids]
        self._write(rows, "INSERT OR REPLACE INTO claim_vectors (claim_rowid, model, vector) VALUES (?, ?, ?)")
        if rows:  # the epoch is part of the HNSW cache signature: rewritten vectors invalidate it
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES ('vectors_epoch', '1') "
                "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
            )
        return len(rows)

    def missing_vectors(self, model: str, limit: int = 1000) -> list[KnownClaim]:
        """Up to ``limit`` claims without a ``model`` vector, in insertion order."""
        rows = self._db.execute(
            f"{_SELECT} WHERE NOT EXISTS (SELECT 1 FROM claim_vectors v WHERE v.claim_rowid = c.rowid "
            "AND v.model = ?) ORDER BY c.rowid LIMIT ?",
            (model, limit),
        ).fetchall()
        return [from_row(row) for row in rows]

    def vector_count(self, model: str = DEFAULT_VECTOR_MODEL) -> int:
        """Claims with a ``model`` vector."""
        return int(self._db.execute("SELECT count(*) FROM claim_vectors WHERE model = ?", (model,)).fetchone()[0])

    def delete_vectors(self, model: str) -> int:
        """Drop the ``model`` vectors and their recorded encoder (the HNSW cache goes stale with the epoch)."""
        self._dense.clear()
        try:
            self._db.execute("BEGIN")
            dropped = self._db.execute("DELETE FROM claim_vectors WHERE model = ?", (model,)).rowcount
            self._db.execute("DELETE FROM meta WHERE key = ?", (f"encoder:{model}",))
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES ('vectors_epoch', '1') "
                "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
            )
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: write failed ({exc})") from exc
        return int(dropped)

    def vector_encoder(self, model: str) -> str | None:
        """The encoder fingerprint recorded for the ``model`` vectors (``meta`` key ``encoder:<model>``)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (f"encoder:{model}",)).fetchone()
        return str(row[0]) if row else None

    def record_encoder(self, model: str, fingerprint: str) -> None:
        """Record the encoder fingerprint of the ``model`` vectors."""
        try:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (f"encoder:{model}", fingerprint),
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: write failed ({exc})") from exc

    def dense_index(self, model: str = DEFAULT_VECTOR_MODEL) -> DenseIndex:
        """The search index over this model's vectors, loaded once per connection (HNSW cached beside the file)."""
        if model not in self._dense:
            rows = self._db.execute(
                "SELECT claim_rowid, vector FROM claim_vectors WHERE model = ? ORDER BY claim_rowid", (model,)
            ).fetchall()
            keys = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
            matrix = from_blob([row[1] for row in rows])
            del rows
            epoch = self._db.execute("SELECT value FROM meta WHERE key = 'vectors_epoch'").fetchone()
            signature = f"{len(keys)}:{int(keys.sum()) if len(keys) else 0}:{epoch[0] if epoch else 0}"
            safe = re.sub(r"[^\w.-]+", "_", model)
            cache = self.path.with_name(f"{self.path.name}.{safe}.usearch")
            self._dense[model] = DenseIndex(
                keys, matrix, exact_limit=self.exact_limit, cache=cache, signature=signature
            )
        return self._dense[model]

    def search_dense(
        self, vector: npt.NDArray[np.float32], k: int = 10, *, model: str = DEFAULT_VECTOR_MODEL
    ) -> list[Hit]:
        """Cosine nearest neighbours among the claims' ``model`` vectors."""
        return self._hits(self.dense_index(model).search(vector, k))

    def get_vectors(self, model: str, ids: list[str]) -> dict[str, npt.NDArray[np.float32]]:
        """The ``model`` vectors of those ``ids`` that have one (float32)."""
        found: list[tuple[str, bytes]] = []
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            found += self._db.execute(
                "SELECT c.id, v.vector FROM claims c JOIN claim_vectors v ON v.claim_rowid = c.rowid "
                f"WHERE v.model = ? AND c.id IN ({','.join('?' * len(chunk))})",
                [model, *chunk],
            ).fetchall()
        matrix = from_blob([blob for _, blob in found])
        return {claim_id: matrix[n] for n, (claim_id, _) in enumerate(found)}

    def speaker_counts(self, speakers: Iterable[str]) -> dict[str, int]:
        """Claims per speaker (index ``claims_speaker``), for the speakers asked about."""
        names = list(dict.fromkeys(speakers))
        counts: dict[str, int] = {}
        for start in range(0, len(names), 900):
            chunk = names[start : start + 900]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT speaker, count(*) FROM claims WHERE speaker IN ({marks}) GROUP BY speaker"
            counts.update(self._db.execute(sql, chunk))
        return counts

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

"""The store of known claims (fact-checks, catalogued disinformation) and retrieval over it.

    from sourcetrace.store import Retriever, import_file, open_store

    with open_store("claims.db") as store:
        import_file(store, "cases.csv")
        for hit in Retriever(store).search("US helicopters evacuated ISIS commanders"):
            print(hit.score, hit.claim.claim, hit.claim.verdict)

Backends: SQLite (a file, default), PostgreSQL (``postgresql://`` URL), memory.
Retrieval is hybrid: BM25 fused with cosine over sentence embeddings kept in the
store (``embed_missing`` fills them; ``store import`` does it by default).
"""

from __future__ import annotations

from sourcetrace.store.base import ClaimStore, Hit, ImportStats, KnownClaim, claim_id
from sourcetrace.store.connect import DEFAULT_DB, default_db, open_store
from sourcetrace.store.importers import FORMATS, Rejected, detect_format, import_file, parse_mapping, read_rows
from sourcetrace.store.memory import MemoryStore
from sourcetrace.store.retrieval import Retriever, read_queries, write_trec_run
from sourcetrace.store.vectors import embed_missing

__all__ = [
    "DEFAULT_DB",
    "FORMATS",
    "ClaimStore",
    "Hit",
    "ImportStats",
    "KnownClaim",
    "MemoryStore",
    "Rejected",
    "Retriever",
    "claim_id",
    "default_db",
    "detect_format",
    "embed_missing",
    "import_file",
    "open_store",
    "parse_mapping",
    "read_queries",
    "read_rows",
    "write_trec_run",
]

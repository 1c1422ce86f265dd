"""Open the claim store a path or URL names: SQLite file by default, PostgreSQL for ``postgresql://``."""

from __future__ import annotations

import os
from pathlib import Path

from sourcetrace.store.base import ClaimStore

__all__ = ["DEFAULT_DB", "default_db", "open_store"]

#: Store used when neither ``--db`` nor ``$SOURCETRACE_DB`` is given.
DEFAULT_DB = "sourcetrace.db"


def default_db() -> str:
    """``$SOURCETRACE_DB`` when set, else ``./sourcetrace.db``."""
    return os.environ.get("SOURCETRACE_DB") or DEFAULT_DB


def open_store(target: str | Path | None = None, *, create: bool = True) -> ClaimStore:
    """Open the store at ``target``: ``postgresql://``/``postgres://`` URL, ``:memory:``, or a SQLite path.

    With ``create=False`` a missing SQLite file raises ``StoreError`` instead of
    creating an empty store (for commands that only read).
    """
    target = str(target) if target is not None else default_db()
    if target.startswith(("postgresql://", "postgres://")):
        from sourcetrace.store.postgres import PostgresStore

        return PostgresStore(target)
    if target == "memory://":
        from sourcetrace.store.memory import MemoryStore

        return MemoryStore()
    from sourcetrace.store.sqlite import SQLiteStore

    return SQLiteStore(target, create=create)

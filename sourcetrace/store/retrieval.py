"""Ranking known claims for a query text, and the TREC run files batch matching writes.

``Retriever`` is lexical only for now: it returns the store's BM25 ranking.
It is the single place where a dense ranking (embeddings from the project's
encoder runtime, stored in the ``claim_vectors`` tables) and a fusion of the
two (reciprocal rank fusion) will be added; callers do not change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from sourcetrace.errors import EmptyInputError, FormatError, InputError
from sourcetrace.store.base import ClaimStore, Hit

__all__ = ["DEFAULT_K", "Retriever", "read_queries", "trec_lines", "write_trec_run"]

#: Hits returned per query unless asked otherwise.
DEFAULT_K = 10


class Retriever:
    """Finds the known claims a text repeats, best first. Method: ``lexical`` (BM25) — the only one so far."""

    method = "lexical"

    def __init__(self, store: ClaimStore) -> None:
        self.store = store

    def search(self, query: str, k: int = DEFAULT_K) -> list[Hit]:
        """The ``k`` best known claims for ``query``."""
        return self.store.search_lexical(query, k)

    def search_many(self, queries: Iterable[tuple[str, str]], k: int = DEFAULT_K) -> Iterator[tuple[str, list[Hit]]]:
        """``(query id, hits)`` for each ``(query id, text)``, in order."""
        for qid, text in queries:
            yield qid, self.search(text, k)


def read_queries(path: str | Path) -> list[tuple[str, str]]:
    """``(id, text)`` pairs from a file of ``id<TAB>text`` lines; a line without a tab raises ``FormatError``."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file" if not path.exists() else "not a file", str(path))
    queries: list[tuple[str, str]] = []
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            qid, tab, text = line.partition("\t")
            if not tab or not qid.strip():
                raise FormatError(f"line {number}: expected 'id<TAB>text'", str(path))
            queries.append((qid.strip(), text.strip()))
    if not queries:
        raise EmptyInputError("no queries", str(path))
    return queries


def trec_lines(qid: str, hits: list[Hit], tag: str) -> Iterator[str]:
    """TREC run lines ``qid Q0 docid rank score tag`` for one query, ranks from 1."""
    for rank, hit in enumerate(hits, 1):
        yield f"{qid}\tQ0\t{hit.claim.id}\t{rank}\t{hit.score:.6f}\t{tag}\n"


def write_trec_run(results: Iterable[tuple[str, list[Hit]]], out: TextIO, tag: str) -> int:
    """Write a TREC run file; returns the number of queries written."""
    count = 0
    for qid, hits in results:
        out.writelines(trec_lines(qid, hits, tag))
        count += 1
    return count

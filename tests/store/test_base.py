"""The store conformance suite: the same tests against memory, SQLite and PostgreSQL.

PostgreSQL runs when ``SOURCETRACE_TEST_PG`` names a server (``scripts/start-postgres.sh``
starts one; ``.ci/run`` does it in CI). Outside CI an unset variable skips those
tests; in CI (``CI`` set) it fails them, so they never vanish silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sourcetrace.errors import StoreError
from sourcetrace.store import ClaimStore, KnownClaim, MemoryStore, claim_id, open_store
from sourcetrace.store.sqlite import SQLiteStore

BACKENDS = ["memory", "sqlite", "postgresql"]


def _pg_url() -> str:
    url = os.environ.get("SOURCETRACE_TEST_PG")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("CI is set but SOURCETRACE_TEST_PG is not: start PostgreSQL with scripts/start-postgres.sh")
    pytest.skip("SOURCETRACE_TEST_PG is not set (scripts/start-postgres.sh starts a server)")


def make_store(backend: str, tmp_path: Path) -> ClaimStore:
    """A fresh, empty store of one backend."""
    if backend == "memory":
        return MemoryStore()
    if backend == "sqlite":
        return SQLiteStore(tmp_path / "claims.db")
    from sourcetrace.store.postgres import PostgresStore

    return PostgresStore(_pg_url(), schema=f"test_{uuid.uuid4().hex[:12]}")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ClaimStore]:
    """An empty store of each backend; PostgreSQL ones live in a throwaway schema."""
    made = make_store(request.param, tmp_path)
    yield made
    drop = getattr(made, "drop", None)
    if drop is not None:
        drop()
    else:
        made.close()


def claim(ident: str, text: str, **fields: object) -> KnownClaim:
    return KnownClaim(id=ident, claim=text, source="test", **fields)  # type: ignore[arg-type]


MINI = [
    claim("c-bridge", "The old swing bridge will be demolished next spring.", verdict="false"),
    claim("c-seals", "Harbour seals were brought over from Iceland by ferry.", title="Seals are native"),
    claim("c-fog", "The fog horn of Port Ellery can be heard across the sea in France."),
    claim("c-tax", "The mayor doubled the harbour tax within one year.", summary="Tax rose by twelve percent."),
    claim("c-vaccine", "Vaccines given to fishermen contain tracking chips.", verdict="pants-fire"),
    claim("c-ferry", "Ferry fares to the islands tripled during 2022."),
]


@pytest.mark.unit
def test_upsert_counts_and_never_duplicates(store: ClaimStore) -> None:
    assert store.count() == 0
    first = store.upsert(MINI)
    assert (first.inserted, first.updated, first.unchanged) == (6, 0, 0)
    again = store.upsert(MINI)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 6)
    changed = store.upsert([claim("c-fog", "The fog horn of Port Ellery is heard in Brittany.", verdict="false")])
    assert (changed.inserted, changed.updated) == (0, 1)
    assert store.count() == 6
    got = store.get("c-fog")
    assert got is not None and got.claim.endswith("Brittany.") and got.verdict == "false"


@pytest.mark.unit
def test_get_round_trips_every_field(store: ClaimStore) -> None:
    full = KnownClaim(
        id="full-1", claim="Gulls steal 40% of chips sold on the pier.", source="quaycheck", title="Gull thefts",
        summary="A leaflet said so.", verdict="Mostly false", disproof="Council counts show 3%.", speaker="Leaflet",
        publisher="Quay Check", date="2024-01-02", url="https://quaycheck.example/gulls",
        keywords=("gulls", "pier"), language="en", extra={"rating": 2, "nested": {"a": [1, "b"]}},
    )
    store.upsert([full])
    assert store.get("full-1") == full
    assert store.get("missing") is None


@pytest.mark.unit
def test_duplicate_ids_in_one_batch_keep_the_last(store: ClaimStore) -> None:
    stats = store.upsert([claim("dup", "First version of the claim."), claim("dup", "Second version of the claim.")])
    assert stats.inserted == 1 and stats.updated == 1
    assert store.count() == 1
    got = store.get("dup")
    assert got is not None and got.claim == "Second version of the claim."


@pytest.mark.unit
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Is it true they are tearing down the swing bridge in spring?", "c-bridge"),
        ("seals came from Iceland", "c-seals"),
        ("Mayor has doubled harbour taxes in a single year", "c-tax"),
        ("tracking chips in vaccines", "c-vaccine"),
        ("ferry fare to the islands", "c-ferry"),
    ],
)
def test_the_obviously_right_claim_ranks_first(store: ClaimStore, query: str, expected: str) -> None:
    store.upsert(MINI)
    hits = store.search_lexical(query, k=3)
    assert hits and hits[0].claim.id == expected
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert hits[0].score > 0


@pytest.mark.unit
def test_search_edge_cases(store: ClaimStore) -> None:
    assert store.search_lexical("bridge", k=5) == []  # empty store
    store.upsert(MINI)
    assert store.search_lexical("", k=5) == []
    assert store.search_lexical("the of and", k=5) == []  # stop words only
    assert store.search_lexical("zeppelin quasar", k=5) == []  # no shared word
    assert store.search_lexical("bridge", k=0) == []
    assert len(store.search_lexical("the harbour ferry seals bridge fog", k=2)) == 2
    assert store.search_lexical('"quoted" AND (weird) -syntax* NEAR bridge:', k=1)[0].claim.id == "c-bridge"


@pytest.mark.unit
def test_search_sees_updates(store: ClaimStore) -> None:
    store.upsert(MINI)
    store.upsert([claim("c-fog", "Lobsters in the bay learned to open traps.")])
    assert store.search_lexical("lobsters open traps", k=1)[0].claim.id == "c-fog"
    assert all(hit.claim.id != "c-fog" for hit in store.search_lexical("fog horn heard in France", k=5))


@pytest.mark.unit
def test_sqlite_store_persists_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "claims.db"
    with open_store(path) as store:
        store.upsert(MINI)
    with open_store(path, create=False) as store:
        assert store.count() == len(MINI)
        assert store.search_lexical("swing bridge", k=1)[0].claim.id == "c-bridge"


@pytest.mark.unit
def test_open_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no claim store here"):
        open_store(tmp_path / "absent.db", create=False)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database file at all" * 200)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(junk)
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert isinstance(open_store("memory://"), MemoryStore)


@pytest.mark.unit
def test_claim_id_is_stable_and_normalises_whitespace_and_case() -> None:
    a = claim_id("euvsdisinfo", "https://x.example/1", "Some  claim text")
    assert a == claim_id("euvsdisinfo", "https://x.example/1", "some claim\ntext")
    assert a.startswith("euvsdisinfo-") and len(a) == len("euvsdisinfo-") + 16
    assert a != claim_id("euvsdisinfo", "https://x.example/2", "Some claim text")


@pytest.mark.unit
def test_known_claim_rejects_blank_claim() -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        KnownClaim(id="x", claim="   ", source="test")

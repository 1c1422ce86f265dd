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

import numpy as np
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


def _unit(*values: float) -> np.ndarray:
    vector = np.zeros(8, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


@pytest.mark.unit
def test_vectors_round_trip_and_rank_by_cosine(store: ClaimStore) -> None:
    store.upsert(MINI[:3])
    assert store.vector_count("m") == 0
    assert [r.id for r in store.missing_vectors("m")] == ["c-bridge", "c-seals", "c-fog"]
    assert store.search_dense(_unit(1), k=3, model="m") == []  # no vectors yet
    vectors = np.stack([_unit(1, 0), _unit(0, 1), _unit(1, 1)])
    written = store.put_vectors("m", ["c-bridge", "c-seals", "c-fog", "absent"], np.vstack([vectors, _unit(1)]))
    assert written == 3 and store.vector_count("m") == 3 and store.vector_count("other") == 0
    assert store.missing_vectors("m") == [] and len(store.missing_vectors("other")) == 3
    hits = store.search_dense(_unit(1, 0.1), k=2, model="m")
    assert [hit.claim.id for hit in hits] == ["c-bridge", "c-fog"]
    assert hits[0].score == pytest.approx(float(_unit(1, 0.1) @ _unit(1, 0)), abs=2e-3)  # float16 storage
    assert hits[0].claim == MINI[0]
    assert [hit.claim.id for hit in store.search_dense(_unit(0, 1), k=1, model="m")] == ["c-seals"]
    assert len(store.search_dense(_unit(0, 1), k=10, model="m")) == 3


@pytest.mark.unit
def test_changed_text_drops_the_vector_and_search_sees_it(store: ClaimStore) -> None:
    store.upsert(MINI[:2])
    store.put_vectors("m", ["c-bridge", "c-seals"], np.stack([_unit(1, 0), _unit(0, 1)]))
    assert store.search_dense(_unit(1, 0), k=1, model="m")[0].claim.id == "c-bridge"
    store.upsert([claim("c-bridge", "The swing bridge will stay open for another century.")])
    assert store.vector_count("m") == 1
    assert [r.id for r in store.missing_vectors("m")] == ["c-bridge"]
    assert store.search_dense(_unit(1, 0), k=1, model="m")[0].claim.id == "c-seals"
    store.upsert([claim("c-seals", "Harbour seals were brought over from Iceland by ferry.", verdict="false",
                        title="Seals are native")])  # verdict changed, same text: the vector stays
    assert store.vector_count("m") == 1 or store.backend == "postgresql"
    store.put_vectors("m", ["c-bridge"], np.stack([_unit(1, 0)]))
    assert store.search_dense(_unit(1, 0), k=1, model="m")[0].claim.id == "c-bridge"


@pytest.mark.unit
def test_dense_search_through_hnsw_agrees_with_exact(store: ClaimStore) -> None:
    rng = np.random.default_rng(3)
    records = [claim(f"r{i}", f"Random claim number {i}.") for i in range(300)]
    store.upsert(records)
    matrix = rng.normal(size=(300, 8)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    store.put_vectors("m", [r.id for r in records], matrix)
    query = matrix[17] + 0.05 * rng.normal(size=8).astype(np.float32)
    exact = [hit.claim.id for hit in store.search_dense(query, k=5, model="m")]
    assert exact[0] == "r17"
    store.exact_limit = 100  # type: ignore[attr-defined]
    store._dense.clear()  # type: ignore[attr-defined]
    approx = [hit.claim.id for hit in store.search_dense(query, k=5, model="m")]
    assert approx[0] == "r17" and len(set(approx) & set(exact)) >= 4


@pytest.mark.unit
def test_get_vectors_by_id_and_model(store: ClaimStore) -> None:
    store.upsert(MINI[:3])
    store.put_vectors("m", ["c-bridge", "c-fog"], np.stack([_unit(1, 0), _unit(1, 1)]))
    store.put_vectors("m#claim", ["c-bridge"], np.stack([_unit(0, 1)]))
    got = store.get_vectors("m", ["c-fog", "c-seals", "c-bridge", "absent"])
    assert set(got) == {"c-bridge", "c-fog"}  # c-seals has no vector, "absent" is no claim
    assert got["c-fog"] == pytest.approx(_unit(1, 1), abs=1e-3) and got["c-bridge"].dtype == np.float32
    assert set(store.get_vectors("m#claim", ["c-bridge", "c-fog"])) == {"c-bridge"}
    assert store.get_vectors("m", []) == {} and store.get_vectors("other", ["c-bridge"]) == {}


@pytest.mark.unit
def test_speaker_counts(store: ClaimStore) -> None:
    store.upsert([
        claim("s1", "The tide tables are printed backwards.", speaker="Ada Quill"),
        claim("s2", "Gulls were counted twice in the census.", speaker="Ada Quill"),
        claim("s3", "The pier is older than the town.", speaker="Bo Marsh"),
        claim("s4", "No speaker is named for this one."),
    ])
    assert store.speaker_counts(["Ada Quill", "Bo Marsh", "Nobody"]) == {"Ada Quill": 2, "Bo Marsh": 1}
    assert store.speaker_counts([]) == {}
    store.upsert([claim("s3", "The pier is older than the town.", speaker="Ada Quill")])
    assert store.speaker_counts({"Ada Quill", "Bo Marsh"}) == {"Ada Quill": 3}


@pytest.mark.unit
def test_postgres_candidate_limit_keeps_the_exact_bm25_ranking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sourcetrace.store import postgres

    store = make_store("postgresql", tmp_path)
    try:
        words = ["harbour", "ferry", "mayor", "tax", "bridge", "seal", "fog", "gull", "pier", "tide"]
        records = [
            claim(f"p{i}", " ".join(words[j % len(words)] for j in range(i, i + 1 + i % 4)) + f" rare{i % 7} odd{i}")
            for i in range(120)
        ]
        store.upsert(records)
        queries = ["harbour ferry rare3", "odd17 harbour", "mayor tax bridge seal rare5 rare6", "tide gull pier odd99"]
        monkeypatch.setattr(postgres, "CANDIDATE_BUDGET", 10**9)
        exact = {q: [(h.claim.id, round(h.score, 9)) for h in store.search_lexical(q, 10)] for q in queries}
        monkeypatch.setattr(postgres, "CANDIDATE_BUDGET", 1)
        monkeypatch.setattr(postgres, "MAX_CANDIDATES", 10**9)  # passes until the top 10 is provably exact
        limited = {q: [(h.claim.id, round(h.score, 9)) for h in store.search_lexical(q, 10)] for q in queries}
        assert [hits[:10] for hits in limited.values()] == [hits[:10] for hits in exact.values()]
        assert all(len(hits) == 10 for hits in exact.values())
        assert exact["odd17 harbour"][0][0] == "p17"
        monkeypatch.setattr(postgres, "MAX_CANDIDATES", 1)  # no second pass: only claims with the rarest lexeme
        assert [h.claim.id for h in store.search_lexical("odd17 harbour", 10)] == ["p17"]
    finally:
        store.drop()  # type: ignore[attr-defined]


@pytest.mark.unit
def test_encoder_record_and_delete_vectors(store: ClaimStore) -> None:
    store.upsert(MINI[:3])
    assert store.vector_encoder("m") is None
    store.put_vectors("m", ["c-bridge", "c-fog"], np.stack([_unit(1, 0), _unit(1, 1)]))
    store.put_vectors("other", ["c-bridge"], np.stack([_unit(0, 1)]))
    store.record_encoder("m", "abc")
    store.record_encoder("m", "def")  # the last record wins
    store.record_encoder("other", "xyz")
    assert store.vector_encoder("m") == "def" and store.vector_encoder("other") == "xyz"
    assert store.search_dense(_unit(1, 0), k=1, model="m")[0].claim.id == "c-bridge"  # builds the index
    assert store.delete_vectors("m") == 2
    assert store.vector_count("m") == 0 and store.vector_encoder("m") is None
    assert store.search_dense(_unit(1, 0), k=1, model="m") == []  # the index saw the deletion
    assert store.vector_count("other") == 1 and store.vector_encoder("other") == "xyz"
    assert store.delete_vectors("m") == 0

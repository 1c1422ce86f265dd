"""Filling claim vectors, and refusing vectors of another encoder: the same on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sourcetrace.errors import StoreError
from sourcetrace.models.embedder import FakeEmbedder
from sourcetrace.store import ClaimStore, Retriever
from sourcetrace.store.base import claim_vector_model
from sourcetrace.store.vectors import LEGACY_FINGERPRINT, check_encoder, embed_missing, reembed, stale_encoder
from tests.store.test_base import BACKENDS, MINI, make_store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ClaimStore]:
    made = make_store(request.param, tmp_path)
    made.upsert(MINI)
    yield made
    drop = getattr(made, "drop", None)
    (drop or made.close)()


@pytest.mark.unit
def test_embed_missing_records_the_encoder(store: ClaimStore) -> None:
    fake = FakeEmbedder()
    assert embed_missing(store, fake) == len(MINI)
    assert store.vector_encoder(fake.name) == fake.fingerprint
    assert store.vector_count(claim_vector_model(fake.name)) == len(MINI)
    check_encoder(store, fake)  # same encoder: fine
    assert stale_encoder(store, fake) is None


@pytest.mark.unit
def test_another_encoder_is_refused_until_reembed(store: ClaimStore) -> None:
    old, new = FakeEmbedder(), FakeEmbedder()
    embed_missing(store, old)
    new.version = "2"  # a retrained model: same name, other weights
    assert stale_encoder(store, new) == old.fingerprint
    with pytest.raises(StoreError, match=r"built by another encoder .*sourcetrace store reembed"):
        embed_missing(store, new)
    for mode in ("dense", "hybrid"):
        with pytest.raises(StoreError, match="reembed"):
            Retriever(store, new, mode=mode).search("harbour tax", 3)  # type: ignore[arg-type]
    assert [hit.claim.id for hit in Retriever(store, new, mode="lexical").search("harbour tax", 1)] == ["c-tax"]
    assert reembed(store, new) == len(MINI)
    assert store.vector_encoder(new.name) == new.fingerprint
    assert Retriever(store, new, mode="dense").search("harbour tax", 1)[0].claim.id == "c-tax"
    with pytest.raises(StoreError, match="reembed"):
        check_encoder(store, old)  # and now the old encoder is the stranger


@pytest.mark.unit
def test_unrecorded_vectors_are_the_legacy_encoders(store: ClaimStore) -> None:
    fake = FakeEmbedder()
    store.put_vectors(fake.name, [MINI[0].id], fake.embed([MINI[0].claim]))  # written before stores recorded one
    with pytest.raises(StoreError, match=LEGACY_FINGERPRINT):
        check_encoder(store, fake)
    fake.version = "legacy"
    legacy = type("Legacy", (), {"name": fake.name, "dim": fake.dim, "fingerprint": LEGACY_FINGERPRINT})()
    check_encoder(store, legacy)  # the encoder of those days still reads them


@pytest.mark.unit
def test_a_store_whose_vectors_were_all_dropped_takes_any_encoder(store: ClaimStore) -> None:
    old, new = FakeEmbedder(), FakeEmbedder()
    embed_missing(store, old)
    store.delete_vectors(old.name)
    new.version = "2"
    check_encoder(store, new)
    assert embed_missing(store, new) == len(MINI) and store.vector_encoder(new.name) == new.fingerprint


@pytest.mark.unit
def test_two_stage_ranking_is_the_same_on_every_backend(store: ClaimStore) -> None:
    from tests.store.test_retrieval import KeywordPairs

    encoder = FakeEmbedder()
    store.upsert(MINI)
    embed_missing(store, encoder)
    pairs = KeywordPairs("mayor", top=2)
    ranked = Retriever(store, encoder, second_stage=pairs).candidates("harbour tax and ferry fares tripled", k=4)
    # The first stage puts the ferry claim first (see test_retrieval); the pair score lifts the mayor's tax claim.
    assert [c.claim.id for c in ranked[:2]] == ["c-tax", "c-ferry"] and ranked[2].pair_score is None
    assert len(pairs.calls) == 1 and len(pairs.calls[0][1]) == 2

"""The matches stage: each claim of an article looked up in a claim store, calibrated and thresholded."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.article import Claim
from sourcetrace.errors import StoreError
from sourcetrace.models.embedder import FakeEmbedder
from sourcetrace.pipeline import Pipeline
from sourcetrace.stages.matches import Matches
from sourcetrace.store import KnownClaim, MemoryStore, open_store
from sourcetrace.store._calibration import load_match_model
from sourcetrace.store.vectors import embed_missing
from tests.conftest import make_article

KNOWN = [
    KnownClaim(id="k-chips", claim="Vaccines given to fishermen contain tracking chips.", source="quaycheck",
               verdict="pants-fire", disproof="No such chip exists; the vials were tested.",
               url="https://quaycheck.example/chips"),
    KnownClaim(id="k-bridge", claim="The old swing bridge will be demolished next spring.", source="quaycheck",
               verdict="false", url="https://quaycheck.example/bridge"),
    KnownClaim(id="k-seals", claim="Harbour seals were brought over from Iceland by ferry.", source="euvsdisinfo"),
]
TEXT = (
    "The council met on Tuesday. A flyer claimed that vaccines given to fishermen contain tracking chips. "
    "Lobster prices rose slightly in May."
)


def _article_with_claims() -> tuple[object, list[Claim]]:
    article = make_article(TEXT)
    claims = []
    for n, sentence in enumerate(("A flyer claimed that vaccines given to fishermen contain tracking chips.",
                                  "Lobster prices rose slightly in May.")):
        start = TEXT.index(sentence)
        claims.append(Claim(id=f"c{n}", start=start, end=start + len(sentence), text=sentence, status="asserted"))
    article.claims = claims
    return article, claims


def _store() -> MemoryStore:
    store = MemoryStore()
    store.upsert(KNOWN)
    embed_missing(store, FakeEmbedder())
    return store


@pytest.mark.unit
def test_matching_claim_gets_the_known_claim_with_verdict_and_probability() -> None:
    article, claims = _article_with_claims()
    Matches(store=_store(), encoder=FakeEmbedder())(article)  # type: ignore[arg-type]
    first, second = claims
    assert [m.id for m in first.matches] == ["k-chips"]
    match = first.matches[0]
    assert match.verdict == "pants-fire" and match.url == "https://quaycheck.example/chips"
    assert match.disproof and match.source == "quaycheck" and load_match_model().threshold <= match.probability <= 1.0
    assert match.similarity > 0.7 and "similarity" in match.reason and "re-ranked 1" in match.reason
    assert second.matches == []  # nothing about lobsters in the store


@pytest.mark.unit
def test_threshold_controls_what_is_reported() -> None:
    article, claims = _article_with_claims()
    Matches(store=_store(), encoder=FakeEmbedder(), threshold=0.0, max_matches=2)(article)  # type: ignore[arg-type]
    assert len(claims[1].matches) == 2  # everything passes a zero threshold, capped at two
    assert [m.probability for m in claims[1].matches] == sorted((m.probability for m in claims[1].matches),
                                                                 reverse=True)
    article, claims = _article_with_claims()
    Matches(store=_store(), encoder=FakeEmbedder(), threshold=1.01)(article)  # type: ignore[arg-type]
    assert all(not c.matches for c in claims)


@pytest.mark.unit
def test_a_case_catalogued_twice_is_reported_once() -> None:
    store = _store()
    store.upsert([KNOWN[0].model_copy(update={"id": "k-chips-again", "url": "https://quaycheck.example/chips2"})])
    embed_missing(store, FakeEmbedder())
    article, claims = _article_with_claims()
    Matches(store=store, encoder=FakeEmbedder(), threshold=0.0)(article)  # type: ignore[arg-type]
    texts = [m.claim for m in claims[0].matches]
    assert texts[0] == KNOWN[0].claim and len(texts) == len(set(texts)) == 3


@pytest.mark.unit
def test_stage_order_is_checked_and_a_missing_store_is_an_error(tmp_path: Path) -> None:
    from sourcetrace.errors import PipelineError, StoreError

    with pytest.raises(PipelineError, match="requires claims"):
        Pipeline(["linguistics", "matches"])
    with pytest.raises(StoreError, match="no claim store here"):
        Matches(str(tmp_path / "absent.db")).warm_up()


@pytest.mark.integration
def test_real_model_surfaces_a_paraphrased_known_claim(tmp_path: Path) -> None:
    from sourcetrace.models.embedder import Embedder

    db = str(tmp_path / "claims.db")
    with open_store(db) as store:
        store.upsert(KNOWN)
        embed_missing(store, Embedder())
    text = "The mayor said the old swing bridge is going to be torn down in the spring. Residents plan to protest."
    article = make_article(text)
    sentence = "The mayor said the old swing bridge is going to be torn down in the spring."
    other = "Residents plan to protest."
    article.claims = [
        Claim(id="c0", start=0, end=len(sentence), text=sentence, status="asserted"),
        Claim(id="c1", start=text.index(other), end=len(text), text=other, status="asserted"),
    ]
    Matches(db)(article)
    assert [m.id for m in article.claims[0].matches] == ["k-bridge"]
    assert article.claims[0].matches[0].verdict == "false"
    assert article.claims[1].matches == []


@pytest.mark.unit
def test_a_store_embedded_by_another_encoder_fails_at_warm_up() -> None:
    retrained = FakeEmbedder()
    retrained.version = "2"
    with pytest.raises(StoreError, match="sourcetrace store reembed"):
        Matches(store=_store(), encoder=retrained).warm_up()

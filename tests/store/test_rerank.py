"""Re-ranking features: word and number overlap, the debate prior, the speaker prior."""

from __future__ import annotations

import math

import pytest

from sourcetrace.store import KnownClaim
from sourcetrace.store._rerank import RERANK_FEATURES, QueryText, candidate_features, numbers, stems


def _features(query: str, claim: KnownClaim, **given: float) -> dict[str, float]:
    values = candidate_features(
        QueryText(query), claim, cosine=given.get("cosine", 0.5), bm25=given.get("bm25", 0.4),
        speaker_claims=int(given.get("speaker_claims", 0)), claim_cosine_gap=given.get("gap", 0.1),
    )
    return dict(zip(RERANK_FEATURES, values, strict=True))


@pytest.mark.unit
def test_numbers_drop_separators_and_trailing_punctuation() -> None:
    assert numbers("Incomes fell $4,300, and 23 million people. In 2012.") == {"4300", "23", "2012"}
    assert numbers("no digits here") == set()


@pytest.mark.unit
def test_stems_drop_stop_words_and_plural_endings() -> None:
    assert stems("The fares were tripled") == {"fare", "tripl"}


@pytest.mark.unit
def test_features_of_a_candidate() -> None:
    known = KnownClaim(
        id="k1", claim="Ferry fares tripled in 2022.", title="Fares rose 40 percent", source="test",
        speaker="Ada Quill", extra={"stated": "stated on May 2, 2022 in a debate:"},
    )
    got = _features("Ferry fares went up 40 percent in 2022 and 7 boats stopped.", known, speaker_claims=9)
    assert got["cosine"] == 0.5 and got["bm25"] == 0.4 and got["claim_cosine_gap"] == 0.1
    assert got["speaker_claims"] == pytest.approx(math.log(10))
    assert got["stated_in_debate"] == 1.0
    assert got["claim_overlap"] == pytest.approx(3 / 4)  # ferry, fare, 2022 of ferry, fare, tripled, 2022
    assert got["numbers_missing"] == 1.0  # 7 is nowhere; 40 is in the title, 2022 in the claim


@pytest.mark.unit
def test_features_without_speaker_context_or_numbers() -> None:
    known = KnownClaim(id="k2", claim="Gulls were counted twice.", source="test", extra={"stated": "in a tweet"})
    got = _features("Seven gulls and 3 8 9 10 cormorants", known)
    assert got["stated_in_debate"] == 0.0 and got["speaker_claims"] == 0.0
    assert got["numbers_missing"] == 3.0  # capped
    assert _features("gulls", known)["numbers_missing"] == 0.0

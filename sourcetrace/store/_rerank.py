"""Features of a retrieval candidate for the re-ranker: cheap signals beyond the two first-stage scores.

Each candidate of a query (the union of the lexical and dense top lists) gets
``RERANK_FEATURES``, in order:

* ``cosine`` — cosine of the query and the claim + title embedding (exact, also
  for claims only the lexical ranking found);
* ``bm25`` — BM25 over the query's best BM25 (the lexical ranking's lowest when
  it did not find the claim);
* ``speaker_claims`` — log(1 + claims in the store by the claim's speaker): a
  prior learned from data, prolific speakers are repeated more;
* ``claim_cosine_gap`` — best claim-only cosine among the candidates minus this
  one's (the claim without its fact-check title, a second vector per claim);
* ``stated_in_debate`` — the source says the claim was made in a debate
  (PolitiFact's "stated on ... in a debate"), another prior from the data;
* ``claim_overlap`` — share of the claim's content words (lightly stemmed)
  found in the query;
* ``numbers_missing`` — numbers of the query absent from claim and title (at most 3).

The logistic model over them (``MatchModel``) both orders the candidates and
gives the calibrated match probability.
"""

from __future__ import annotations

import math
import re

from sourcetrace.store._text import content_words, light_stem
from sourcetrace.store.base import KnownClaim

__all__ = ["RERANK_FEATURES", "QueryText", "candidate_features", "numbers", "stems"]

RERANK_FEATURES = (
    "cosine", "bm25", "speaker_claims", "claim_cosine_gap", "stated_in_debate", "claim_overlap", "numbers_missing",
)
#: Cap of ``numbers_missing``.
MAX_MISSING_NUMBERS = 3

_NUMBER = re.compile(r"\d[\d,.]*")


def stems(text: str | None) -> set[str]:
    """Distinct content words of ``text``, lightly stemmed."""
    return {light_stem(word) for word in content_words(text)} if text else set()


def numbers(text: str | None) -> set[str]:
    """Numbers written in ``text``, thousands separators and trailing punctuation dropped (``4,300.`` -> ``4300``)."""
    return {found.rstrip(".,").replace(",", "") for found in _NUMBER.findall(text or "")}


class QueryText:
    """What the features need from a query, computed once per query."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stems = stems(text)
        self.numbers = numbers(text)


def _stated_in_debate(claim: KnownClaim) -> bool:
    stated = claim.extra.get("stated")
    return isinstance(stated, str) and "debate" in stated.casefold()


def candidate_features(
    query: QueryText, claim: KnownClaim, *, cosine: float, bm25: float, speaker_claims: int, claim_cosine_gap: float
) -> tuple[float, ...]:
    """``RERANK_FEATURES`` of one candidate, in order."""
    claim_stems = stems(claim.claim)
    overlap = len(query.stems & claim_stems) / max(1, len(claim_stems))
    missing = len(query.numbers - (numbers(claim.claim) | numbers(claim.title))) if query.numbers else 0
    return (
        cosine,
        bm25,
        math.log1p(speaker_claims),
        claim_cosine_gap,
        1.0 if _stated_in_debate(claim) else 0.0,
        overlap,
        float(min(MAX_MISSING_NUMBERS, missing)),
    )

"""Looks up every claim of an article in the store of known claims (fact-checks, disinformation cases).

Each claim gets the known claims it probably repeats: hybrid retrieval (BM25 +
sentence embeddings) re-ranked by the match model, whose output is a calibrated
probability per candidate (see ``sourcetrace.store._calibration``); only
candidates at or above the threshold
are kept, best first, at most ``MAX_MATCHES`` per claim.
"""

from __future__ import annotations

from typing import ClassVar

from sourcetrace.article import Article, ClaimMatch
from sourcetrace.models.embedder import TextEncoder
from sourcetrace.pipeline import register_stage
from sourcetrace.store.base import ClaimStore
from sourcetrace.store.connect import default_db, open_store
from sourcetrace.store.retrieval import Candidate, Retriever

__all__ = ["MAX_MATCHES", "Matches", "match_reason"]

#: Most matches reported per claim.
MAX_MATCHES = 3
#: Candidates scored per claim before the threshold.
CANDIDATES = 10


def match_reason(candidate: Candidate, rank: int) -> str:
    """One line saying what the probability rests on."""
    dense = f"dense rank {candidate.dense_rank}" if candidate.dense_rank else "not in the dense top"
    lexical = f"lexical rank {candidate.lexical_rank}" if candidate.lexical_rank else "not in the lexical top"
    return (
        f"meaning similarity {candidate.cosine:.2f} ({dense}); "
        f"word overlap {candidate.bm25:.2f} of the best BM25 ({lexical}); re-ranked {rank}"
    )


def _distinct(matches: list[ClaimMatch]) -> list[ClaimMatch]:
    """Best first, one per distinct known-claim text (catalogues list some cases twice under two ids)."""
    seen: set[str] = set()
    out = []
    for match in sorted(matches, key=lambda m: -m.probability):
        key = " ".join(match.claim.casefold().split())
        if key not in seen:
            seen.add(key)
            out.append(match)
    return out


@register_stage
class Matches:
    """Finds the known claims (fact-checks, catalogued disinformation) each claim of the article repeats."""

    name: ClassVar[str] = "matches"
    requires: ClassVar[tuple[str, ...]] = ("claims",)
    assigns: ClassVar[tuple[str, ...]] = ("matches",)

    def __init__(
        self,
        db: str | None = None,
        *,
        store: ClaimStore | None = None,
        encoder: TextEncoder | None = None,
        threshold: float | None = None,
        max_matches: int = MAX_MATCHES,
    ) -> None:
        self.db = db
        self.threshold = threshold
        self.max_matches = max_matches
        self._store = store
        self._encoder = encoder
        self._retriever: Retriever | None = None

    def warm_up(self) -> None:
        """Open the store (``db``, else ``$SOURCETRACE_DB``, else ``./sourcetrace.db``) and load the encoder."""
        if self._retriever is None:
            store = self._store if self._store is not None else open_store(self.db or default_db(), create=False)
            self._store = store
            self._retriever = Retriever(store, self._encoder)
            self._retriever.method  # noqa: B018  (checks for vectors once, loading the encoder)

    def __call__(self, article: Article) -> Article:
        """Fill ``Claim.matches`` for every claim of ``article``."""
        self.warm_up()
        retriever = self._retriever
        assert retriever is not None
        threshold = self.threshold if self.threshold is not None else retriever.model.threshold
        texts = [article.text[claim.start : claim.end] for claim in article.claims]
        vectors = retriever.embed(texts) if texts else None
        for n, claim in enumerate(article.claims):
            vector = vectors[n] if vectors is not None else None
            found: list[ClaimMatch] = []
            for rank, candidate in enumerate(retriever.candidates(texts[n], CANDIDATES, vector), 1):
                probability = candidate.probability
                if probability < threshold:
                    continue
                known = candidate.claim
                found.append(ClaimMatch(
                    id=known.id, claim=known.claim, probability=round(probability, 4),
                    similarity=round(candidate.cosine, 4), source=known.source, verdict=known.verdict,
                    disproof=known.disproof, url=known.url, publisher=known.publisher, date=known.date,
                    reason=match_reason(candidate, rank),
                ))
            claim.matches = _distinct(found)[: self.max_matches]
        return article

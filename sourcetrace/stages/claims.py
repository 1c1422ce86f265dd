"""Selects the claims an article makes, says on whose authority, and how firmly.

A claim is a sentence, or the part of a sentence an attribution reports,
asserting checkable content: numbers, dates, events, actions of named actors.
Questions, fragments, links and opinions with nothing to check are skipped,
and so is the title (it is used to pick the central claim instead). The
content of a denial ("X denied that ...") is not taken as X's claim.

Status, first match wins:

* ``disputed`` - another source rejects it: a dispute verb ("denied",
  "rejected", "doubts") or a negated belief ("neither A nor B believe") whose
  object either points back ("this explanation", "the accusation") at the
  nearest earlier sentence with claims, or repeats most of the claim's words;
* ``hedged`` - a hedge lies inside it, or its attribution cue distances
  ("claims", "alleges"); ``Claim.hedges`` lists both kinds;
* ``attributed`` - it is the content of an attribution;
* ``asserted`` - the outlet states it in its own voice, unhedged.

The central claim is chosen among the claims of the first two claim-bearing
paragraphs after the title: the one whose sentence shares most content words
with the title (ties go to the earlier claim); with no title, or no shared
word, the first claim of the opening paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar, Protocol, runtime_checkable

from sourcetrace.article import Article, Claim, Hedge, Offsets, Sentence
from sourcetrace.pipeline import register_stage
from sourcetrace.stages._claims_lexicon import ClaimLexicon, load_claim_lexicon
from sourcetrace.stages._claims_status import apply_disputes, central_claim, is_dispute_cue, title_span
from sourcetrace.stages._claims_tokens import Tok, tokens
from sourcetrace.stages._claims_units import Unit, checkable, units

__all__ = ["CheckworthinessScorer", "Claims"]


@runtime_checkable
class CheckworthinessScorer(Protocol):
    """Scores how worth fact-checking each claim is (a calibrated probability in [0, 1])."""

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return one score per text, in order."""


def _root(article: Article, sentence: Sentence) -> Tok | None:
    return next((t for t in tokens(article, sentence.start, sentence.end) if t.is_root), None)


#: Longest sentence (in words) whose 'could not be verified' applies to the sentence before it.
_SHORT_DISCLAIMER = 12


def _hedge_indices(article: Article, unit: Unit) -> list[int]:
    cue = unit.attribution.cue if unit.attribution is not None else None
    content = unit.attribution.content if unit.attribution is not None else None
    return [
        i
        for i, h in enumerate(article.hedges)
        if ((h.start < unit.end and h.end > unit.start) and not _quoted_words(h, content))
        or (cue is not None and h.kind == "distancing_cue" and h.start < cue[1] and h.end > cue[0])
        or (h.kind == "unverified" and _disclaims(article, h.start, unit))
    ]


def _quoted_words(hedge: Hedge, content: Offsets | None) -> bool:
    """Quote marks inside the claim's own reported content quote its source ('said the payments
    "followed every procedure"'): a partial quotation, not the outlet hedging the claim."""
    inside = content is not None and content[0] <= hedge.start and hedge.end <= content[1]
    return hedge.kind == "scare_quotes" and inside


#: Adverbs by which the outlet says a reported claim is untrue ("falsely claimed").
_FALSELY = re.compile(r"\b(?:falsely|wrongly|baselessly|erroneously|mistakenly|untruthfully)\b", re.IGNORECASE)

#: A disclaimer about all the claims reported ("Neither side's claims ...", "None of the figures ...").
_GENERAL_DISCLAIMER = re.compile(
    r"\W*(?:neither|none|either|both|these|such|all)\b[^.!?]{0,40}?\b(?:claims?|reports?|accounts?|figures?|"
    r"statements?|sides?|numbers?|assertions?)\b",
    re.IGNORECASE,
)


def _disclaims(article: Article, pos: int, unit: Unit) -> bool:
    """Whether an 'unverified' phrase at ``pos`` speaks of ``unit``: same sentence, or a short next one.

    A disclaimer about the claims in general ("Neither side's claims could be independently
    verified.") speaks of every attributed claim before it.
    """
    sentence = unit.sentence
    if sentence.start <= pos < sentence.end:
        return True
    if unit.attribution is not None and sentence.end <= pos:
        holder = next((s for s in article.sentences if s.start <= pos < s.end), None)
        if holder is not None and _GENERAL_DISCLAIMER.match(article.text, holder.start, holder.end):
            return True
    following = next((s for s in article.sentences if s.start >= sentence.end), None)
    return (
        following is not None
        and following.paragraph == sentence.paragraph
        and following.start <= pos < following.end
        and len(article.text[following.start : following.end].split()) <= _SHORT_DISCLAIMER
    )


@register_stage
class Claims:
    """Finds the checkable claims of an article with their source, hedges, status and centrality."""

    name: ClassVar[str] = "claims"
    requires: ClassVar[tuple[str, ...]] = ("sentences", "parses", "entities", "attributions", "actors", "hedges")
    assigns: ClassVar[tuple[str, ...]] = ("claims",)

    def __init__(
        self,
        scorer: CheckworthinessScorer | None = None,
        lexicon: ClaimLexicon | None = None,
        checkworthiness: bool = True,
    ) -> None:
        """``scorer`` defaults to the trained ``CheckworthinessModel``; ``checkworthiness=False`` scores nothing."""
        self.scorer = scorer
        self.checkworthiness = checkworthiness
        self._lexicon = lexicon

    def warm_up(self) -> None:
        """Load the claim lexicon and, unless disabled or given, the check-worthiness model."""
        if self._lexicon is None:
            self._lexicon = load_claim_lexicon()
        if self.scorer is None and self.checkworthiness:
            from sourcetrace.models.checkworthy import CheckworthinessModel

            model = CheckworthinessModel()
            model.warm_up()
            self.scorer = model

    def __call__(self, article: Article) -> Article:
        """Fill ``article.claims`` in text order with ids c1, c2, ..."""
        self.warm_up()
        lex = self._lexicon
        assert lex is not None
        title = title_span(article)
        claims: list[Claim] = []
        sentence_of: list[int] = []
        for index, sentence in enumerate(article.sentences):
            if title is not None and title[0] <= sentence.start < title[1]:
                continue
            for unit in units(article, sentence, _root(article, sentence)):
                if unit.attribution is not None and is_dispute_cue(article, unit.attribution, lex):
                    continue  # what a source denies is not its claim; the denial disputes other claims
                ok, why = checkable(article, unit, lex)
                if not ok:
                    continue
                claims.append(self._claim(article, unit, f"{why}; {unit.reason}", len(claims)))
                sentence_of.append(index)
        picked = central_claim(article, claims, [article.sentences[s] for s in sentence_of], lex.stopwords)
        central = picked[0] if picked is not None else None
        disputed = apply_disputes(article, claims, sentence_of, lex, central)
        by_id = {a.id: a for a in article.attributions}
        for i, claim in enumerate(claims):
            cue = by_id[claim.attribution].cue if claim.attribution in by_id else None
            if cue is not None and (false := _FALSELY.search(article.text, cue[0], cue[1])):
                disputed.setdefault(i, f"the article calls it false ('{false.group()}')")
        for i, reason in disputed.items():
            claims[i].status = "disputed"
            claims[i].reason = f"{reason}; {claims[i].reason}"
        if picked is not None:
            claims[picked[0]].central = True
            claims[picked[0]].reason += f"; {picked[1]}"
        if self.scorer is not None and self.checkworthiness and claims:  # one batch per article
            for claim, score in zip(claims, self.scorer.score([c.text for c in claims]), strict=True):
                claim.checkworthiness = score
        article.claims = claims
        return article

    def _claim(self, article: Article, unit: Unit, reason: str, n: int) -> Claim:
        attr = unit.attribution
        hedges = _hedge_indices(article, unit)
        if hedges:
            kinds = sorted({article.hedges[i].kind for i in hedges})
            status, why = "hedged", f"hedged ({', '.join(kinds)})"
        elif attr is not None:
            status, why = "attributed", "attributed"
        else:
            status, why = "asserted", "asserted by the outlet without hedging"
        start = unit.start
        return Claim(
            id=f"c{n + 1}",
            start=start,
            end=unit.end,
            text=article.text[start : unit.end],
            status=status,
            attribution=attr.id if attr is not None else None,
            actor=attr.actor if attr is not None else None,
            hedges=hedges,
            reason=f"{why}; {reason}",
        )

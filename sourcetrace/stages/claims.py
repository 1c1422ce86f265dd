"""Selects the claims an article makes, says on whose authority, and how firmly.

A claim is a sentence, or the part of a sentence an attribution reports,
asserting checkable content: numbers, dates, events, actions of named actors.
A unit with none of these is still a claim when the check-worthiness model
rates it at least ``MODEL_GATE`` ("investigators had found traces of
explosives at the site"); without the model it is skipped.
Questions, fragments, links and opinions with nothing to check are skipped,
and so is the title (it is used to pick the central claim instead). The
content of a denial ("X denied that ...") is not taken as X's claim.

Status, first match wins:

* ``disputed`` - another source rejects it: a dispute verb ("denied",
  "rejected", "doubts") or a negated belief ("neither A nor B believe") whose
  object either points back ("this explanation", "the accusation") at the
  nearest earlier sentence with claims, or repeats most of the claim's words;
  or a finding of no evidence ("found no evidence of weapons research") after
  an accusation;
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

from sourcetrace.article import Article, Attribution, Claim, Hedge, Offsets, Sentence
from sourcetrace.pipeline import register_stage
from sourcetrace.stages._claims_lexicon import ClaimLexicon, load_claim_lexicon
from sourcetrace.stages._claims_status import apply_disputes, central_claim, is_dispute_cue, title_span
from sourcetrace.stages._claims_tokens import Tok, tokens
from sourcetrace.stages._claims_units import NOTHING_TO_CHECK, Unit, checkable, units

__all__ = ["CheckworthinessScorer", "Claims"]


@runtime_checkable
class CheckworthinessScorer(Protocol):
    """Scores how worth fact-checking each claim is (a calibrated probability in [0, 1])."""

    def score(self, texts: Sequence[str]) -> list[float]:
        """Return one score per text, in order."""


def _root(article: Article, sentence: Sentence) -> Tok | None:
    return next((t for t in tokens(article, sentence.start, sentence.end) if t.is_root), None)


#: Check-worthiness from which a unit with no number, date or named actor is still a claim
#: ("investigators had found traces of explosives at the site"); well above the model's Yes
#: threshold (0.44), since the rules saw nothing checkable.
MODEL_GATE = 0.6


def _clause(article: Article, unit: Unit) -> bool:
    """Whether the unit is a clause with its own subject, not a reported noun phrase ("detailed the
    history of ...") or a fragment ("have made with batteries ...")."""
    toks = tokens(article, unit.start, unit.end)
    starts = {t.start for t in toks}
    tops = [t for t in toks if (t.is_root or t.head not in starts) and any(c.isalnum() for c in t.text)]
    heads = {t.start for t in tops}
    subject = any(t.head in heads and t.dep in _SUBJECTS and t.start not in heads for t in toks)
    return bool(tops) and subject and all(t.pos in ("VERB", "AUX") for t in tops)


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def _disclaimer(article: Article, unit: Unit) -> bool:
    """The outlet saying it could not check something ("He offered no evidence for the claim.")."""
    return any(h.kind == "unverified" and unit.start <= h.start and h.end <= unit.end for h in article.hedges)


#: Longest sentence (in words) whose 'could not be verified' applies to the sentence before it.
_SHORT_DISCLAIMER = 12


def _hedge_indices(article: Article, unit: Unit) -> list[int]:
    cue = unit.attribution.cue if unit.attribution is not None else None
    content = unit.attribution.content if unit.attribution is not None else None
    # the outlet's own sentence is not hedged by what a source it reports says or how it is reported: "The bank
    # kept its rate but signalled that costs could fall" (the 'could' is the bank's, its own claim's hedge)
    relayed = [] if unit.attribution is not None else [
        a for a in article.attributions if a.source is not None and a.content is not None
    ]
    return [
        i
        for i, h in enumerate(article.hedges)
        if ((h.start < unit.end and h.end > unit.start) and not _quoted_words(h, content)
            and not any(_relayed(h, a) for a in relayed))
        or (cue is not None and h.kind == "distancing_cue" and h.start < cue[1] and h.end > cue[0])
        or (h.kind == "unverified" and _disclaims(article, h.start, unit))
    ]


def _relayed(hedge: Hedge, attribution: Attribution) -> bool:
    """Whether a hedge belongs to a reported statement: inside its content, or the cue that distances it."""
    span = attribution.cue if hedge.kind == "distancing_cue" else attribution.content
    return span is not None and span[0] <= hedge.start and hedge.end <= span[1]


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
        picked_units: list[tuple[Unit, str, int]] = []  # unit, why it is checkable, sentence index
        doubtful: list[tuple[Unit, str, int]] = []  # nothing to check that the rules can see
        for index, sentence in enumerate(article.sentences):
            if title is not None and title[0] <= sentence.start < title[1]:
                continue
            for unit in units(article, sentence, _root(article, sentence)):
                if unit.attribution is not None and is_dispute_cue(article, unit.attribution, lex):
                    continue  # what a source denies is not its claim; the denial disputes other claims
                ok, why = checkable(article, unit, lex)
                if ok:
                    picked_units.append((unit, why, index))
                elif why == NOTHING_TO_CHECK and _clause(article, unit) and not _disclaimer(article, unit):
                    doubtful.append((unit, why, index))
        scores: dict[int, float] = {}
        if self.scorer is not None and self.checkworthiness and (picked_units or doubtful):  # one batch per article
            batch = picked_units + doubtful
            scored = self.scorer.score([article.text[u.start : u.end] for u, _, _ in batch])
            scores = {id(u): s for (u, _, _), s in zip(batch, scored, strict=True)}
            for unit, _, index in doubtful:
                if (score := scores[id(unit)]) >= MODEL_GATE:
                    why = f"checkable: the check-worthiness model rates it {score:.2f} (at least {MODEL_GATE})"
                    picked_units.append((unit, why, index))
            picked_units.sort(key=lambda p: (p[0].start, p[0].end))
        claims = [self._claim(article, u, f"{why}; {u.reason}", n) for n, (u, why, _) in enumerate(picked_units)]
        sentence_of = [index for _, _, index in picked_units]
        for claim, (unit, _, _) in zip(claims, picked_units, strict=True):
            claim.checkworthiness = scores.get(id(unit))
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

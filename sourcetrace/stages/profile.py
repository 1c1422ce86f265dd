"""Sums up how an article's claims are sourced, and flags sourcing that should worry a reader.

Shares are fractions of all claims, except ``single_source``, which is the
fraction of *attributed* claims that no other source in the article supports.
A claim is supported by another source when a claim attributed to a different
actor says much the same: at least three shared content words and a Jaccard
overlap of content words of at least 0.3.
"""

from __future__ import annotations

from typing import ClassVar

from sourcetrace.article import Actor, Article, Attribution, Claim, Offsets, ProfileFlag, SourcingProfile
from sourcetrace.pipeline import register_stage
from sourcetrace.stages._claims_lexicon import load_claim_lexicon
from sourcetrace.stages._claims_tokens import content_words, tokens

__all__ = ["Profile", "build_profile"]

_SUPPORT_JACCARD = 0.3
_SUPPORT_MIN = 3
#: Anonymous sourcing is heavy when at least this share of attributed claims rests on unnamed sources.
HEAVY_ANONYMOUS = 0.4
#: An article is mostly unattributed when more than this share of its claims is in the outlet's voice.
MOSTLY_UNATTRIBUTED = 0.6
_MIN_CLAIMS = 4


def _source_key(claim: Claim, attr: Attribution | None) -> str | None:
    """The identity of a claim's source: actor id, else the source words, else None (outlet voice)."""
    if attr is None:
        return None
    if claim.actor is not None:
        return claim.actor
    if attr.source_text:
        return attr.source_text.lower()
    return f"(unnamed, {attr.id})"


def _single_source(article: Article, claims: list[Claim], keys: list[str | None]) -> list[bool]:
    stop = load_claim_lexicon().stopwords
    words = [content_words(tokens(article, c.start, c.end), stop) for c in claims]
    single = []
    for i, key in enumerate(keys):
        if key is None:
            single.append(False)
            continue
        supported = False
        for j, other in enumerate(keys):
            if other is None or other == key:
                continue
            shared = words[i] & words[j]
            union = words[i] | words[j]
            if len(shared) >= _SUPPORT_MIN and len(shared) >= _SUPPORT_JACCARD * len(union):
                supported = True
                break
        single.append(not supported)
    return single


def _name(actor: Actor | None, attr: Attribution | None) -> str:
    if actor is not None:
        return actor.name
    return (attr.source_text if attr is not None else None) or "an unnamed source"


def _interested(actor: Actor | None, attr: Attribution | None) -> str:
    """The source's name, with its country when the name does not already say it."""
    name = _name(actor, attr)
    if actor is not None and actor.country and actor.country.lower() not in name.lower():
        return f"{name} of {actor.country}"
    return name


def _evidence(claim: Claim, attr: Attribution | None) -> list[Offsets]:
    spans: list[Offsets] = [(claim.start, claim.end)]
    if attr is not None and attr.source is not None:
        spans.insert(0, attr.source)
    return spans


def build_profile(article: Article) -> SourcingProfile:
    """Return the sourcing profile of an article whose claims, attributions and actors are set."""
    claims = article.claims
    n = len(claims)
    by_id = {a.id: a for a in article.attributions}
    attrs = [by_id.get(c.attribution) if c.attribution else None for c in claims]
    actors = [article.actor(c.actor) for c in claims]
    keys = [_source_key(c, a) for c, a in zip(claims, attrs, strict=True)]
    # the writer's own "I believe ..." is the outlet's voice, not a source it cites
    keys = [None if (actor := actors[i]) is not None and actor.role == "author" else k for i, k in enumerate(keys)]
    single = _single_source(article, claims, keys)
    attributed = [i for i, k in enumerate(keys) if k is not None]
    types = [a.type if a is not None else None for a in actors]
    party = [i for i in attributed if (actor := actors[i]) is not None and actor.party_to_conflict is True]
    agentless = [i for i in attributed if actors[i] is None and (attr := attrs[i]) is not None and attr.source is None]
    anonymous = [i for i in attributed if types[i] == "anonymous" or i in agentless]
    selfcite = [i for i in attributed if types[i] == "self_citation"]
    hedged = [i for i, c in enumerate(claims) if c.status == "hedged" or c.hedges]
    sources: dict[str, int] = {}
    for i in attributed:
        key = keys[i]
        assert key is not None
        sources[key] = sources.get(key, 0) + 1

    def share(items: list[int], of: int = n) -> float:
        return round(len(items) / of, 4) if of else 0.0

    flags: list[ProfileFlag] = []
    central = next((i for i, c in enumerate(claims) if c.central), None)
    if central is not None and keys[central] is not None and single[central] and central in party:
        actor = actors[central]
        flags.append(
            ProfileFlag(
                code="central_claim_single_interested_party",
                message=(
                    f"central claim rests on one interested party ({_interested(actor, attrs[central])}, "
                    "party to the conflict); no independent corroboration in the article"
                ),
                evidence=_evidence(claims[central], attrs[central]),
            )
        )
    if len(anonymous) >= 2 and len(anonymous) >= HEAVY_ANONYMOUS * len(attributed):
        flags.append(
            ProfileFlag(
                code="heavy_anonymous_sourcing",
                message=(
                    f"{len(anonymous)} of {len(attributed)} attributed claims rest on unnamed sources "
                    "that a reader cannot identify or check"
                ),
                evidence=[s for i in anonymous for s in _evidence(claims[i], attrs[i])],
            )
        )
    unattributed = [i for i, k in enumerate(keys) if k is None]
    if n >= _MIN_CLAIMS and len(unattributed) > MOSTLY_UNATTRIBUTED * n:
        flags.append(
            ProfileFlag(
                code="mostly_unattributed",
                message=f"{len(unattributed)} of {n} claims are stated in the outlet's own voice with no source",
                evidence=[(claims[i].start, claims[i].end) for i in unattributed],
            )
        )
    if selfcite:
        names = sorted({_name(actors[i], attrs[i]) for i in selfcite})
        flags.append(
            ProfileFlag(
                code="self_citation",
                message=(
                    f"{len(selfcite)} claim(s) are sourced to the publishing outlet's own earlier reporting "
                    f"({', '.join(names)}), which is not independent confirmation"
                ),
                evidence=[s for i in selfcite for s in _evidence(claims[i], attrs[i])],
            )
        )
    # a disclaimer tied to the central claim, or to no claim at all ("Baltic Wire was unable to verify the
    # newspaper's account"); not one the claims stage tied to another ("The figure could not be verified")
    elsewhere = {i for k, c in enumerate(claims) if k != central for i in c.hedges}
    unchecked = [] if central is None else [
        h for i, h in enumerate(article.hedges)
        if h.kind == "unverified" and (i in claims[central].hedges or i not in elsewhere)
    ]
    if central is not None and keys[central] is not None and unchecked and (
        types[central] in {"news_outlet", "anonymous"} or central in agentless
    ):
        flags.append(
            ProfileFlag(
                code="central_claim_unverified_relay",
                message=(
                    f"central claim is relayed from {_name(actors[central], attrs[central])}, and the article "
                    f"says it could not verify it ('{article.text[unchecked[0].start : unchecked[0].end]}')"
                ),
                evidence=[*_evidence(claims[central], attrs[central]), (unchecked[0].start, unchecked[0].end)],
            )
        )
    closing = _closing_assertions(article, claims)
    if closing and len(attributed) >= 0.5 * n:
        flags.append(
            ProfileFlag(
                code="unattributed_assertions_in_closing",
                message=(
                    f"the closing paragraphs state {len(closing)} claim(s) in the outlet's own voice, unhedged and "
                    f"unsourced, although {len(attributed)} of the article's {n} claims are attributed"
                ),
                evidence=[(claims[i].start, claims[i].end) for i in closing],
            )
        )
    return SourcingProfile(
        claims=n,
        attributed=len(attributed),
        unattributed=share(unattributed),
        single_source=share([i for i in attributed if single[i]], len(attributed)),
        party_to_conflict=share(party),
        anonymous=share(anonymous),
        self_citation=share(selfcite),
        hedged=share(hedged),
        sources=sources,
        flags=flags,
    )


def _closing_assertions(article: Article, claims: list[Claim]) -> list[int]:
    """Claims of the last two claim-bearing paragraphs, if all of them are plainly asserted (at least two)."""
    paragraph = [_paragraph_of(article, c.start) for c in claims]
    last = sorted(set(paragraph))[-2:]
    closing = [i for i, p in enumerate(paragraph) if p in last]
    if len(closing) >= 2 and all(claims[i].status == "asserted" for i in closing):
        return closing
    return []


def _paragraph_of(article: Article, pos: int) -> int:
    return next((i for i, p in enumerate(article.paragraphs) if p.start <= pos < p.end), -1)


@register_stage
class Profile:
    """Computes the article's sourcing profile from its claims, attributions and actors."""

    name: ClassVar[str] = "profile"
    requires: ClassVar[tuple[str, ...]] = ("claims", "attributions", "actors")
    assigns: ClassVar[tuple[str, ...]] = ("profile",)

    def warm_up(self) -> None:
        """Load the lexicon used to compare claims."""
        load_claim_lexicon()

    def __call__(self, article: Article) -> Article:
        """Set ``article.profile``."""
        article.profile = build_profile(article)
        return article

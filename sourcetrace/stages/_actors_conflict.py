"""Which conflicts an article is about, and whether an actor is a party to one of them."""

from __future__ import annotations

import re
from collections import Counter

from sourcetrace.article import Article
from sourcetrace.registry import Conflict, Entry, Registry, Token

__all__ = ["BLOCS", "active_conflicts", "headline_dispute", "party_to_conflict"]

#: Headline words that say the story is a dispute between the sides it names.
_DISPUTE = re.compile(
    r"\b(?:accus\w*|blam\w*|warns?|warned|den(?:y|ies|ied)|disput\w*|row|clash\w*|spat|feud|tensions?|"
    r"standoff|stand-off|sanction\w*|condemn\w*|threat\w*|retaliat\w*|attack\w*|strikes?|war|"
    r"rejects?|rejected|trade (?:barbs|blows|accusations|charges))\b",
    re.IGNORECASE,
)

#: Blocs that take sides in a dispute as states do ("EU weighs new sanctions as Hungary threatens veto").
BLOCS = frozenset({"eu", "nato"})

#: A conflict counts as a topic when its trigger mentions reach this share of the top conflict's.
TOPIC_SHARE = 0.25


def active_conflicts(tokens: list[Token], registry: Registry) -> list[Conflict]:
    """Conflicts the article is about, by mentions of their trigger terms, most mentioned first.

    One of its parties must be named too (by name or adjective): "tariffs" within Africa are no US-China dispute.
    """
    hits: Counter[str] = Counter()
    for match in registry.triggers.scan(tokens):
        hits.update(set(match.values))
    if not hits:
        return []
    named = {entry_id for match in registry.names.scan(tokens) for entry_id, _ in match.values}
    named.update(state for match in registry.demonyms.scan(tokens) for state in match.values)
    top = max(hits.values())
    return [
        registry.conflicts[cid]
        for cid, n in hits.most_common()
        if n >= registry.conflicts[cid].min_hits and n >= top * TOPIC_SHARE and registry.conflicts[cid].parties & named
    ]


def headline_dispute(
    article: Article, states: dict[str, list[tuple[int, int]]], lede: bool = True
) -> Conflict | None:
    """The dispute the headline -- or else the lede's first sentence -- announces, between the states it names.

    "Ankara and Kyiv Trade Accusations" in a headline; "The Russian Foreign Ministry has
    accused the United States of ..." opening the lede under a headline that names no
    dispute (only with ``lede``: callers pass False when the article is about a war the
    registry knows, whose parties stand). ``states`` maps a state entry id to the mentions
    of that state or its organs. Returns None when neither names a dispute word and at
    least two states.
    """
    regions: list[tuple[str, int, int]] = []
    title = next((p for p in article.paragraphs if p.role == "title"), None)
    if title is not None:
        regions.append(("headline", title.start, title.end))
    opening = next((p for p in article.paragraphs if p.role == "lede"), None) if lede else None
    if opening is not None:
        first = next((s for s in article.sentences if opening.start <= s.start < opening.end), None)
        if first is not None:
            regions.append(("lede", first.start, min(first.end, opening.end)))
    named: list[str] = []
    sides: set[str] = set()
    for where, start, end in regions:
        if not _DISPUTE.search(article.text[start:end]):
            continue
        here = {sid for sid, spans in states.items() if any(start <= s < end for s, _ in spans)}
        if len(here) >= 2 or (named and here):  # the lede may add a side to the headline's dispute
            named.append(where)
            sides |= here
    if not named:
        return None
    where = " and ".join(named)
    return Conflict(id=named[0], name=f"dispute named in the {where}", parties=frozenset(sides), triggers=(),
                    min_hits=0)


def party_to_conflict(
    entry: Entry | None,
    country: str | None,
    speaks_for_state: bool,
    affiliations: list[str],
    conflicts: list[Conflict],
    registry: Registry,
) -> tuple[bool | None, str]:
    """Whether an actor is (or speaks for) a party to one of ``conflicts``, with the reason.

    True when the actor itself, an official body it speaks for, or -- for state
    organs and officials -- its country is a party; False when the registry
    knows the actor or its country and it is not; None when nothing is known.
    """
    if not conflicts:
        return None, ""
    state = registry.states.get(country) if country else None
    for conflict in conflicts:
        if entry is not None and entry.id in conflict.parties:
            return True, f"{entry.name} is a party to the {conflict.name}"
        for aid in affiliations:
            if aid in conflict.parties and (registry.entries[aid].state_controlled or aid in BLOCS):
                return True, f"speaks for {registry.entries[aid].name}, a party to the {conflict.name}"
        if speaks_for_state and state is not None and state.id in conflict.parties:
            return True, f"speaks for {state.name}, a party to the {conflict.name}"
    if entry is not None or state is not None or any(
        registry.entries[aid].type == "international_org" for aid in affiliations
    ):  # a known actor, one of a known country, or a body of an international organisation
        names = ", ".join(c.name for c in conflicts)
        return False, f"not a party to the {names}"
    return None, ""

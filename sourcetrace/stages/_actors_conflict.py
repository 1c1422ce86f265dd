"""Which conflicts an article is about, and whether an actor is a party to one of them."""

from __future__ import annotations

from collections import Counter

from sourcetrace.registry import Conflict, Entry, Registry, Token

__all__ = ["active_conflicts", "party_to_conflict"]

#: A conflict counts as a topic when its trigger mentions reach this share of the top conflict's.
TOPIC_SHARE = 0.25


def active_conflicts(tokens: list[Token], registry: Registry) -> list[Conflict]:
    """Conflicts the article is about, by mentions of their trigger terms, most mentioned first."""
    hits: Counter[str] = Counter()
    for match in registry.triggers.scan(tokens):
        hits.update(set(match.values))
    if not hits:
        return []
    top = max(hits.values())
    return [
        registry.conflicts[cid]
        for cid, n in hits.most_common()
        if n >= registry.conflicts[cid].min_hits and n >= top * TOPIC_SHARE
    ]


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
            if aid in conflict.parties and registry.entries[aid].state_controlled:
                return True, f"speaks for {registry.entries[aid].name}, a party to the {conflict.name}"
        if speaks_for_state and state is not None and state.id in conflict.parties:
            return True, f"speaks for {state.name}, a party to the {conflict.name}"
    if entry is not None or state is not None:
        names = ", ".join(c.name for c in conflicts)
        return False, f"not a party to the {names}"
    return None, ""

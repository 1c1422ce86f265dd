"""Loads the hedging and claim lexicons from ``sourcetrace/data`` once per process."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from sourcetrace.errors import ModelError

__all__ = ["ClaimLexicon", "HedgeLexicon", "load_claim_lexicon", "load_hedge_lexicon", "phrase_pattern", "verb_forms"]


def _read(name: str) -> dict[str, Any]:
    try:
        raw = resources.files("sourcetrace.data").joinpath(name).read_text(encoding="utf-8")
        return tomllib.loads(raw)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(
            f"lexicon sourcetrace/data/{name} is missing or malformed ({exc}); reinstall sourcetrace"
        ) from exc


def _words(data: dict[str, Any], section: str, key: str) -> tuple[str, ...]:
    try:
        values = data[section][key]
    except KeyError as exc:
        raise ModelError(f"lexicon is missing [{section}] {key}; restore it from the sourcetrace source") from exc
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ModelError(f"lexicon [{section}] {key} must be a list of strings")
    return tuple(v.lower() for v in values)


def verb_forms(lemma: str) -> set[str]:
    """Regular English forms of a verb lemma ("deny" -> denies, denied, denying), for text without a parse."""
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    if lemma.endswith("e"):
        return {lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    return {lemma, lemma + "s", lemma + "ed", lemma + "ing", lemma + "es"}


def phrase_pattern(phrases: tuple[str, ...], bounded: bool = True) -> str:
    """Return a regex alternation of ``phrases``, longest first, on word boundaries if ``bounded``."""
    if not phrases:
        return "(?!)"  # matches nothing
    parts = sorted(phrases, key=len, reverse=True)
    body = "(?:" + "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts) + ")"
    return rf"(?<![\w-]){body}(?![\w-])" if bounded else body


@dataclass(frozen=True)
class HedgeLexicon:
    """Cue words for every hedge kind (see ``sourcetrace/data/hedges.toml``)."""

    adverbs: tuple[str, ...]
    adjectives: tuple[str, ...]
    impersonal_auxiliaries: tuple[str, ...]
    impersonal_verbs: tuple[str, ...]
    impersonal_phrases: tuple[str, ...]
    unverified_phrases: tuple[str, ...]
    raising_auxiliaries: tuple[str, ...]
    raising_verbs: tuple[str, ...]
    seem_verbs: tuple[str, ...]
    modals: tuple[str, ...]
    past_ability_blockers: tuple[str, ...]
    conditional_markers: tuple[str, ...]
    distancing_lemmas: tuple[str, ...]
    neutral_lemmas: tuple[str, ...]
    scare_quote_max_words: int


@dataclass(frozen=True)
class ClaimLexicon:
    """Dispute, opinion and stop words used to select and relate claims."""

    dispute_verbs: tuple[str, ...]
    negated_verbs: tuple[str, ...]
    negators: tuple[str, ...]
    anaphoric_nouns: tuple[str, ...]
    accusation_words: tuple[str, ...]
    accusing_cues: tuple[str, ...]
    falsity_words: tuple[str, ...]
    deontic_modals: tuple[str, ...]
    opinion_verbs: tuple[str, ...]
    reporting_notes: tuple[str, ...]
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def load_hedge_lexicon() -> HedgeLexicon:
    """Read ``hedges.toml``; raises ``ModelError`` when it is missing or malformed."""
    d = _read("hedges.toml")
    max_words = d.get("scare_quotes", {}).get("max_words", 5)
    if not isinstance(max_words, int) or max_words < 1:
        raise ModelError("lexicon [scare_quotes] max_words must be a positive integer")
    return HedgeLexicon(
        adverbs=_words(d, "adverbs", "words"),
        adjectives=_words(d, "adverbs", "adjectives"),
        impersonal_auxiliaries=_words(d, "impersonal", "auxiliaries"),
        impersonal_verbs=_words(d, "impersonal", "verbs"),
        impersonal_phrases=_words(d, "impersonal", "phrases"),
        unverified_phrases=_words(d, "unverified", "phrases"),
        raising_auxiliaries=_words(d, "epistemic", "raising_auxiliaries"),
        raising_verbs=_words(d, "epistemic", "raising_verbs"),
        seem_verbs=_words(d, "epistemic", "seem_verbs"),
        modals=_words(d, "modals", "words"),
        past_ability_blockers=_words(d, "modals", "past_ability_blockers"),
        conditional_markers=_words(d, "conditional", "markers"),
        distancing_lemmas=_words(d, "distancing", "cue_lemmas"),
        neutral_lemmas=_words(d, "distancing", "neutral_lemmas"),
        scare_quote_max_words=max_words,
    )


@lru_cache(maxsize=1)
def load_claim_lexicon() -> ClaimLexicon:
    """Read ``claims.toml``; raises ``ModelError`` when it is missing or malformed."""
    d = _read("claims.toml")
    return ClaimLexicon(
        dispute_verbs=_words(d, "dispute", "verbs"),
        negated_verbs=_words(d, "dispute", "negated_verbs"),
        negators=_words(d, "dispute", "negators"),
        anaphoric_nouns=_words(d, "dispute", "anaphoric_nouns"),
        accusation_words=_words(d, "dispute", "accusation_words"),
        accusing_cues=_words(d, "dispute", "accusing_cues"),
        falsity_words=_words(d, "dispute", "falsity_words"),
        deontic_modals=_words(d, "opinion", "deontic_modals"),
        opinion_verbs=_words(d, "opinion", "opinion_verbs"),
        reporting_notes=_words(d, "reporting_notes", "phrases"),
        stopwords=frozenset(_words(d, "stopwords", "words")),
    )

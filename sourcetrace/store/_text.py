"""Query terms for lexical search: words, lower-cased, English stop words dropped.

The SQL backends stem with their own tokenizers (SQLite FTS5 ``porter``,
PostgreSQL ``english``); the memory backend uses ``light_stem`` below.
"""

from __future__ import annotations

import re

__all__ = ["MAX_QUERY_TERMS", "STOP_WORDS", "content_words", "light_stem", "query_terms"]

#: Longest query kept, in distinct terms (a whole paragraph as a query stays fast).
MAX_QUERY_TERMS = 64

#: Function words that carry no matching signal; dropping them keeps OR queries fast on big stores.
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been before being below
    between both but by can could did didn do does doesn doing don down during each few for from further had
    hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn it its
    itself just ll me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own re s same she should so some such t than that the their theirs them themselves then there these
    they this those through to too under until up ve very was wasn we were weren what when where which while
    who whom why will with won would you your yours yourself yourselves
    """.split()
)

_WORD = re.compile(r"[^\W_]+")


def query_terms(text: str) -> list[str]:
    """Distinct content words of ``text`` in order: lower-cased, no stop words, at most ``MAX_QUERY_TERMS``."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.casefold()):
        if word not in STOP_WORDS and word not in seen:
            seen[word] = None
            if len(seen) == MAX_QUERY_TERMS:
                break
    return list(seen)


def content_words(text: str) -> list[str]:
    """Every word of ``text`` that is not a stop word, lower-cased, repeats kept."""
    return [word for word in _WORD.findall(text.casefold()) if word not in STOP_WORDS]


def light_stem(word: str) -> str:
    """A crude English stemmer (plural and -ing/-ed endings), enough for the memory backend."""
    for suffix, keep in (("ies", 3), ("ing", 4), ("ed", 4), ("es", 4), ("s", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word

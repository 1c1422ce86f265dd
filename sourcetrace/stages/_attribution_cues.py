"""The cue lexicon: which verbs introduce attributions, learned per lemma and syntactic frame."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sourcetrace.errors import ModelError

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "FRAMES",
    "INTERNAL_STATE_LEMMAS",
    "LEXICON_PATH",
    "CueEntry",
    "CueLexicon",
    "closing_report",
    "frame_of",
    "load_lexicon",
]

#: Syntactic frames a cue candidate can occur in, most informative first.
FRAMES = ("inquote", "clause", "quote", "xcomp", "obj", "bare")

#: Lemmas whose attributions report a belief or attitude rather than speech.
INTERNAL_STATE_LEMMAS = frozenset(
    {
        "accuse",
        "assume",
        "believe",
        "blame",
        "consider",
        "doubt",
        "expect",
        "fear",
        "feel",
        "hope",
        "imagine",
        "know",
        "reckon",
        "suspect",
        "think",
        "want",
        "wish",
        "worry",
    }
)

_QUOTE_TOKENS = frozenset({'"', "“", "”", "''", "``"})
_CLAUSE_DEPS = frozenset({"ccomp"})


def closing_report(verb: Token) -> bool:
    """A reporting clause closing the sentence that the parser hung on the main verb as an adverbial clause.

    "Saudi Crown Prince Mohammed bin Salman has mediated the release ..., Saudi Arabia's foreign
    ministry announced on Wednesday.": 'announced' has its own subject, a comma before it and no
    object or clause of its own, so the main clause is what was announced.
    """
    head = verb.head
    if verb.dep_ != "advcl" or head.i == verb.i or head.i > verb.i or head.dep_ != "ROOT":
        return False
    first = min((t.i for t in verb.subtree if not t.is_punct), default=verb.i)  # the comma may hang on the verb
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and verb.doc[first - 1].text != "," and subject.left_edge.i > first:
        # "... after its chatbot told users ..., the authority confirmed": the parser hung the main clause's
        # 'after' clause on the reporting verb; its subject still opens after a comma
        first = subject.left_edge.i
    if first == 0 or verb.doc[first - 1].text != "," or head.i >= first:
        return False
    kids = {c.dep_ for c in verb.children}
    return "nsubj" in kids and not kids & {"mark", "dobj", "ccomp", "xcomp", "advmod", "nsubjpass"}


def frame_of(token: Token, quoted: bool = False) -> str:
    """Return the syntactic frame of a verb that may be an attribution cue; ``quoted`` = inside a quotation."""
    if quoted:
        return "inquote"
    deps = {child.dep_ for child in token.children}
    if deps & _CLAUSE_DEPS or (token.dep_ == "parataxis" and "nsubj" in deps) or closing_report(token):
        return "clause"
    sent = token.sent
    if any(t.text in _QUOTE_TOKENS for t in sent):
        return "quote"
    if "xcomp" in deps:
        return "xcomp"
    if "dobj" in deps:
        return "obj"
    return "bare"


#: Verbs of saying missing from PolNeAR's clause frame; with a reported clause they are cues.
SPEECH_VERBS = frozenset(
    {"advise", "notify", "brief", "reassure", "affirm", "emphasise", "underline", "recount", "observe", "threaten",
     "brag", "guarantee", "swear", "concur", "retort", "protest", "object", "stress", "recognise", "recognize",
     "emphasize", "highlight", "specify", "mention", "disclose", "reveal", "divulge", "publicise", "publicize",
     "assess", "judge", "caution", "boast", "quip", "lament"}
)

#: Cue precision given to ``SPEECH_VERBS`` in the clause frame when the lexicon has no entry.
SPEECH_VERB_PRIOR = 0.8


@dataclass(frozen=True)
class CueEntry:
    """How often a lemma in one frame was an attribution cue in the training data."""

    lemma: str
    frame: str
    positives: int
    total: int

    @property
    def precision(self) -> float:
        """Share of occurrences that were cues, smoothed towards zero for rare lemmas."""
        return self.positives / (self.total + 2)


class CueLexicon:
    """Looks up the learned cue precision of a (lemma, frame) pair."""

    def __init__(self, entries: list[CueEntry]) -> None:
        self._entries = {(e.lemma, e.frame): e for e in entries}

    def __len__(self) -> int:
        return len(self._entries)

    def precision(self, lemma: str, frame: str) -> float:
        """Return the cue precision of ``lemma`` in ``frame``; 0.0 when never seen as a cue.

        A verb of saying the training data never showed with a 'that' clause ("advised reporters
        that ...", "retorted that ...") takes ``SPEECH_VERB_PRIOR`` in that frame.
        """
        entry = self._entries.get((lemma, frame))
        if entry is None:
            return SPEECH_VERB_PRIOR if frame == "clause" and lemma in SPEECH_VERBS else 0.0
        return entry.precision

    def entries(self) -> list[CueEntry]:
        """Return every entry, sorted by lemma and frame."""
        return sorted(self._entries.values(), key=lambda e: (e.lemma, e.frame))


#: Where the learned lexicon lives (written by ``scripts/train_attribution_cues.py``).
LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "attribution" / "cues.tsv"


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    """Load the cue lexicon shipped in ``sourcetrace/data/attribution``."""
    try:
        with LEXICON_PATH.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        entries = [CueEntry(r["lemma"], r["frame"], int(r["positives"]), int(r["total"])) for r in rows]
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(
            f"attribution cue lexicon is missing or corrupt ({exc}); rebuild it with "
            "`python -m scripts.train_attribution_cues`"
        ) from exc
    return CueLexicon(entries)

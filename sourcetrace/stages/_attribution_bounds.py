"""Content boundaries: keep a rule's content span or take the learned tagger's overlapping one.

The rules draw a content from the parse ("the subtree of the complement"), the tagger from
its token probabilities. Where both exist and differ, a logistic regression over the two spans,
the words where they differ and the tagger's probabilities there decides which one to keep
(``sourcetrace/models/attribution/bounds.json``, fitted by ``python -m
sourcetrace.train.attribution_bounds`` on PolNeAR train articles read by a tagger that never trained on
them: the committed tagger's held-out slice and two cross-fitting taggers' left-out halves). Typical
switches: a trailing adjunct of the reporting verb the parse hung on the content ("described her
opponent as a fraud [during the first debate]"), a clause the tagger rightly leaves out or
takes in.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from sourcetrace.errors import ModelError
from sourcetrace.stages._attribution_rules import Candidate

__all__ = ["BOUNDS_FILE", "ContentBounds", "TokenProbabilities", "candidate_rows", "features"]

Offsets = tuple[int, int]

#: The committed model: feature standardisation folded into the weights, and the decision threshold.
BOUNDS_FILE = Path(__file__).resolve().parent.parent / "models" / "attribution" / "bounds.json"

_KINDS = ("direct", "indirect", "mixed", "according_to", "internal_state")
_QUOTES = "\"\u201c\u201d'"
_OPENING, _CLOSING = "\"\u201c\u2018", "\"\u201d'\u2019"
_DASHES = ("\u2014", "--", " - ")
_PREPOSITIONS = frozenset({
    "during", "in", "on", "at", "after", "before", "since", "for", "by", "with", "amid", "despite", "from", "to",
    "as", "over", "about", "while", "when", "because", "including", "without", "through", "into", "under", "of",
})
#: What follows a content without belonging to it: the clause another cue reports ("citing two officials, that
#: ..."), the speaker's own next action ("said it was alarmed and called for an inquiry"), another speaker's
#: agreement (", as one lawyer has said").
_AFTER_CONTENT = re.compile(
    r"\s*,\s*that\b|\s*,?\s*and\s+(?:\w+ly\s+)?(?:was|were|had|has|is|are|\w+ed)\b"
    r"|\s*,\s*as\s+(?:[\w.'\u2019-]+\s+){1,5}(?:has\s+|had\s+|have\s+)?(?:said|says|noted|reported|wrote|put\s+it)\b"
)
#: Words after which a noun phrase goes on: a span starting right after one starts inside it.
_DETERMINERS = frozenset({"the", "a", "an", "this", "these", "those", "his", "her", "its", "their", "our", "my",
                          "your"})
#: Words of ``_PREPOSITIONS`` that open a clause ("when they would return"), not a prepositional phrase.
_SUBORDINATORS = frozenset({"as", "to", "while", "when", "because", "including"})
_WORDS = re.compile(r"[\w']+|[^\w\s]")


@dataclass(frozen=True)
class TokenProbabilities:
    """The tagger's content head per wordpiece: start offsets, P(outside), P(begin)."""

    starts: list[int]
    outside: npt.NDArray[np.float32]
    begin: npt.NDArray[np.float32]

    @classmethod
    def of(cls, offsets: Sequence[Offsets], probs: npt.NDArray[np.float32]) -> TokenProbabilities:
        """From a ``(tokens, 3)`` O/B/I array and the tokens' character offsets."""
        return cls([a for a, _ in offsets], probs[:, 0], probs[:, 1])

    def _range(self, start: int, end: int) -> tuple[int, int]:
        return bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)

    def inside(self, start: int, end: int) -> tuple[float, float, float]:
        """Mean and least P(content) of the tokens starting in ``[start, end)``, and whether there are any."""
        lo, hi = self._range(start, end)
        if hi <= lo:
            return 0.0, 0.0, 0.0
        p = 1.0 - self.outside[lo:hi]
        return float(p.mean()), float(p.min()), 1.0

    def at(self, pos: int) -> tuple[float, float]:
        """P(content) and P(begin) of the first token starting at or after ``pos``."""
        i = bisect.bisect_left(self.starts, pos)
        if i >= len(self.starts):
            return 0.0, 0.0
        return 1.0 - float(self.outside[i]), float(self.begin[i])


def _region(text: str, start: int, end: int) -> list[float]:
    """What lies between two boundaries: its length and the words that open it."""
    part = text[start:end]
    words = [w.lower() for w in _WORDS.findall(part)]
    first = words[0] if words else ""
    letters = [w for w in words if w.isalpha()]
    return [
        float(end > start), math.log1p(len(words)), float("," in part), float(any(q in part for q in _QUOTES)),
        float("." in part), float(first in _PREPOSITIONS), float(first in ("and", "but", "or")),
        float(first in ("that", "whether", "if")), float(first == ","), float(any(d in part for d in _DASHES)),
        float("\n" in part), float(first in (",", ";", ":")), float(bool(letters) and letters[0].endswith("ing")),
    ]


def features(
    text: str, rule: Offsets, tagged: Offsets, confidence: float, kind: str, cue: Offsets, overlapping: int,
    probs: TokenProbabilities,
) -> list[float]:
    """Features of one choice between the rule's content ``rule`` and the tagger's ``tagged``."""
    (rs, re_), (ts, te) = rule, tagged
    row = [
        confidence, float(rs <= ts and te <= re_), float(ts <= rs and re_ <= te), float(rs == ts), float(re_ == te),
        math.log((te - ts + 1) / (re_ - rs + 1)), math.log1p(re_ - rs), float(overlapping),
        *(float(kind == k) for k in _KINDS), float(cue[1] <= rs), float(cue[0] >= re_),
        float(text[rs] in _QUOTES), float(text[re_ - 1] in _QUOTES),
    ]
    row += [*_region(text, min(rs, ts), max(rs, ts)), float(ts < rs)]
    row += [*_region(text, min(re_, te), max(re_, te)), float(te > re_)]
    row += [*probs.inside(min(rs, ts), max(rs, ts)), *probs.inside(min(re_, te), max(re_, te))]
    row += [probs.at(rs)[1], probs.at(ts)[1], probs.at(re_)[0], probs.at(te)[0]]
    row += [*probs.inside(rs, re_)[:2], *probs.inside(ts, te)[:2]]
    return row


class _Found(Protocol):
    """What the choice reads of a candidate or a finished attribution."""

    @property
    def cue(self) -> Offsets: ...
    @property
    def content(self) -> Offsets | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def reason(self) -> str: ...


#: Words a content does not end on: the tagger stopped in the middle of what comes next.
_DANGLING = frozenset({
    "and", "but", "or", "so", "that", "which", "who", "-", "\u2014", "\u2013", "a", "an", "the", "as", "of", "to",
    "for", "with", "in", "on", "at", "by", "from", "do", "is", "are", "was", "were", "be", "its", "their", "his", "her",
})


def _eligible(
    text: str, rule: Offsets, tagged: Offsets, cue: Offsets, cues: Sequence[Offsets], sentences: Sequence[Offsets]
) -> bool:
    """Whether the tagger's span may replace the rule's at all (each limit below says what it keeps out).

    The limits came from reading the choice's switches on unseen news; each was measured on PolNeAR
    (BENCHMARKS.md). A span starting after a cue the tagger found inside the rule's span reads the
    rule's content as nested and draws the inner one ("declined [to say] when ..." is "to say when ...").
    """
    (rs, re_), (ts, te) = rule, tagged
    if "\n" in text[min(rs, ts):max(rs, ts)] + text[min(re_, te):max(re_, te)]:
        return False  # takes in or leaves out a line break: a paragraph break is layout the rules read
    if ts < cue[1] and cue[0] < te and not (rs < cue[1] and cue[0] < re_):
        return False  # takes in its own cue: "The plan was late, [he said]"
    if any(((rs < c[1] and c[0] < ts) or (re_ < c[1] and c[0] < te)) and not (c[0] < cue[1] and cue[0] < c[1])
           for c in cues):
        return False  # another cue in what it leaves out before, or takes in after: "said A [and called for B]"
    if _AFTER_CONTENT.match(text[re_:te]):
        return False  # "citing two officials[, that ...]", "said A [and called for B]": not what was said
    if ts < rs and text[ts:rs].rstrip().endswith(","):
        return False  # an aside before the content: "reported, citing two officials, that ..."
    left_out = _WORDS.findall(text[rs:ts])
    if left_out and left_out[-1].lower() in _DETERMINERS:
        return False  # starts inside a noun phrase: "emphasizing the [importance of ...]"
    words = _WORDS.findall(text[ts:te])
    if ts > rs and words and words[0].lower() in _PREPOSITIONS - _SUBORDINATORS:
        return False  # "expressed deep concern over ..." is not "expressed over ..."
    if te > re_ and text[re_:te].lstrip()[:1] in ("-", "\u2014", "\u2013"):
        return False  # "... need routine - something": the tagger ran on past a dash
    if words and words[-1].lower() in _DANGLING:
        return False  # "..., but", "to do a": the tagger stopped inside what comes next
    if te == re_ - 1 and text[te] in _CLOSING and any(q in text[ts:te] for q in _OPENING):
        return False  # "We Must Switch To 'Sustainable Tanks[']": the quotation it opens, the rule's span closes
    if ts == rs and len(words) == 1 and len(_WORDS.findall(text[rs:re_])) >= 3:
        return False  # "issues [urgent] warning as winds ...": one word cut from the front of a clause
    if text[te:te + 1].isalnum() or text.startswith("://", te) or (te - ts > 1 and text[te - 2].isspace()):
        return False  # cut inside a word or a link ("processhttps"), or ending on an opening quotation mark

    def touched(a: int, b: int) -> set[int]:
        return {i for i, (s, e) in enumerate(sentences) if s < b and a < e}

    return text[ts] in _QUOTES or touched(ts, te) <= touched(rs, re_)


def candidate_rows(
    text: str,
    found: Sequence[_Found],
    tagged: dict[str, dict[Offsets, float]],
    probs: TokenProbabilities,
    sentences: Sequence[Offsets],
) -> list[tuple[int, Offsets, list[float]]]:
    """``(index in found, tagger span, features)`` for every rule content the tagger draws otherwise.

    ``tagged`` holds the tagger's spans and confidences per role ('content', 'cue', ...).
    """
    contents = tagged.get("content", {})
    cues = list(tagged.get("cue", {}))
    rows = []
    for i, cand in enumerate(found):
        if cand.content is None or cand.reason.startswith("learned tagger"):
            continue  # a tagger attribution already has the tagger's content
        rs, re_ = cand.content
        overlapping = [span for span in contents if span[0] < re_ and rs < span[1]]
        if not overlapping:
            continue
        best = max(overlapping, key=lambda s: (min(s[1], re_) - max(s[0], rs), -s[0]))
        if best == cand.content or not _eligible(text, cand.content, best, cand.cue, cues, sentences):
            continue
        row = features(text, cand.content, best, contents[best], cand.kind, cand.cue, len(overlapping), probs)
        rows.append((i, best, row))
    return rows


@dataclass(frozen=True)
class ContentBounds:
    """A fitted choice: take the tagger's span when ``sigmoid(features @ coef + intercept) >= threshold``."""

    coef: npt.NDArray[np.float64]
    intercept: float
    threshold: float

    @classmethod
    def load(cls, path: Path = BOUNDS_FILE) -> ContentBounds:
        """Read ``bounds.json``; raise ModelError when it is missing or does not fit the features."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            coef = np.asarray(raw["coef"], dtype=np.float64)
            width = len(features("ab", (0, 1), (0, 2), 1.0, "direct", (1, 2), 1, TokenProbabilities.of([], _EMPTY)))
            if coef.shape != (width,):
                raise ValueError(f"{coef.shape[0]} coefficients for {width} features")
            return cls(coef, float(raw["intercept"]), float(raw["threshold"]))
        except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
            message = f"content-boundary model {path} is missing or invalid ({exc}); reinstall sourcetrace"
            raise ModelError(message) from exc

    def probability(self, row: list[float]) -> float:
        """The chance that the tagger's span is the right content."""
        z = float(np.asarray(row) @ self.coef) + self.intercept
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def apply(
        self,
        text: str,
        found: list[Candidate],
        tagged: dict[str, dict[Offsets, float]],
        probs: TokenProbabilities,
        sentences: Sequence[Offsets],
    ) -> list[Candidate]:
        """``found`` with each content the model prefers drawn as the tagger draws it."""
        out = list(found)
        for i, span, row in candidate_rows(text, found, tagged, probs, sentences):
            if self.probability(row) >= self.threshold:
                reason = f"{out[i].reason}; content as the learned tagger bounds it"
                out[i] = replace(out[i], content=span, reason=reason)
        return out


_EMPTY = np.zeros((0, 3), dtype=np.float32)

"""Finds persuasion-technique spans and scores how much each sentence and the article persuade.

The trained technique model (``sourcetrace.models.techniques``) tags the spans and
names their technique from the ``encoding`` layer (its encoder, run once per article by
the ``encoding`` stage); this stage adds the voice of each span from the attribution
layer: ``relayed`` when it lies inside content the article attributes to a source
(a quote, a reported statement), ``outlet`` when the words are the article's own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import ClassVar, Protocol

from sourcetrace.article import Article, Attribution, PropagandaSummary, TechniqueScore, TechniqueSpan
from sourcetrace.models.encoding import Encoded
from sourcetrace.models.techniques import FoundSpan
from sourcetrace.pipeline import register_stage

__all__ = ["TechniqueFinder", "Techniques", "voice_of"]

Span = tuple[int, int]


class TechniqueFinder(Protocol):
    """Finds technique spans in a text and scores given sentences of it."""

    def analyse(
        self, text: str, sentences: Sequence[Span], encoded: Encoded | None = None
    ) -> tuple[list[FoundSpan], list[float]]:
        """Return the spans found and, per sentence, a calibrated probability that it holds a technique.

        ``encoded`` is the ``encoding`` layer (the text already run through the model's encoder), if set.
        """
        ...


def voice_of(start: int, end: int, attributions: Sequence[Attribution]) -> Attribution | None:
    """The innermost attribution whose content holds the span's middle, or None (the outlet's own voice)."""
    middle = (start + end) / 2
    holding = [
        a for a in attributions if a.content is not None and a.content[0] <= middle < a.content[1]
    ]
    return min(holding, key=lambda a: a.content[1] - a.content[0], default=None)  # type: ignore[index]


#: Dependents that need the word they modify: a span ending on one stops mid-phrase ('the humble gas').
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "det", "poss", "nummod"})


def _phrase_ends(article: Article) -> dict[int, int]:
    """Where a span ending after a modifier should end: after the noun it modifies ('Real' -> 'Real patriots').

    Maps the end offset of every such modifier to the end of its head (followed through
    chains: 'the humble gas' -> 'the humble gas stove'), at most three words on.
    """
    ends: dict[int, int] = {}
    for parse in article.parses:
        for tok in parse.doc:
            head = tok
            while head.dep_ in _MODIFIER_DEPS and head.i < head.head.i <= head.i + 3:
                head = head.head
            if head is not tok:
                ends[parse.offset + tok.idx + len(tok.text)] = parse.offset + head.idx + len(head.text)
    return ends


@register_stage
class Techniques:
    """Tags propaganda-technique spans (14 PTC techniques) with confidence, voice and explanation."""

    name: ClassVar[str] = "techniques"
    requires: ClassVar[tuple[str, ...]] = ("parses", "sentences", "attributions", "encoding")
    assigns: ClassVar[tuple[str, ...]] = ("techniques",)

    def __init__(self, finder: TechniqueFinder | None = None) -> None:
        """``finder`` defaults to the trained ``TechniqueTagger``, loaded on first use."""
        self.finder = finder

    def warm_up(self) -> None:
        """Load the technique model (unless a finder was given)."""
        if self.finder is None:
            from sourcetrace.models.techniques import TechniqueTagger

            tagger = TechniqueTagger()
            tagger.warm_up()
            self.finder = tagger

    def __call__(self, article: Article) -> Article:
        """Fill ``article.techniques`` (text order) and ``article.propaganda``."""
        self.warm_up()
        assert self.finder is not None
        sentences = [(s.start, s.end) for s in article.sentences]
        found, scores = self.finder.analyse(article.text, sentences, article.encoding)
        ends = _phrase_ends(article)
        spans = []
        for f in sorted(found, key=lambda f: (f.start, f.end)):
            end = ends.get(f.end, f.end)
            holder = voice_of(f.start, end, article.attributions)
            spans.append(
                TechniqueSpan(
                    start=f.start,
                    end=end,
                    text=article.text[f.start : end],
                    technique=f.technique,
                    confidence=f.confidence,
                    technique_probability=f.technique_probability,
                    alternatives=[TechniqueScore(technique=t, probability=p) for t, p in f.ranked[1:]],
                    voice="outlet" if holder is None else "relayed",
                    attribution=None if holder is None else holder.id,
                    explanation=f.explanation(article.text)
                    + ("" if holder is None else f"; inside content attributed by {holder.id}"),
                )
            )
        article.techniques = spans
        article.propaganda = PropagandaSummary(
            score=round(sum(scores) / len(scores), 4) if scores else 0.0,
            sentences=scores,
            techniques=dict(Counter(s.technique for s in spans).most_common()),
            outlet_voice=sum(s.voice == "outlet" for s in spans),
            relayed=sum(s.voice == "relayed" for s in spans),
        )
        return article

"""Lexicon baselines for the PTC tasks, learned from training articles in seconds, for honest comparison.

Not a default model: ``sourcetrace ptc predict`` never uses it. It exists so
the cross-validation benchmark can print what cue words alone achieve next to
the trained tagger, in the same run and on the same folds.

- Spans (SI): word n-grams (1-3) that fall inside a gold span at least
  ``precision`` of the time (and occur ``min_count`` times) are cues; every cue
  occurrence, or the whole sentence holding one, becomes a predicted span. The
  threshold and the granularity are chosen on a held-out fifth of the
  *training* articles, then the lexicon is refit on all of them.
- Techniques (TC): the majority technique of the same span text, else of its
  last word, else of its length and whether it recurs in the article, else
  the most frequent technique.
"""

from __future__ import annotations

import bisect
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from sourcetrace.ptc.corpus import PtcSpan
from sourcetrace.ptc.predict import PredictedSpan
from sourcetrace.ptc.scoring import merge_overlapping, score_si

__all__ = ["GramCounts", "LexiconBaseline", "MajorityBaseline", "SpanLexicon", "TechniqueLexicon", "count_grams"]

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_SPACE = re.compile(r"\s+")
_LINE = re.compile(r"[^\n]+")
MAX_N = 3


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text.strip().lower())


def _bucket(n_words: int) -> int:
    return next(i for i, limit in enumerate((1, 2, 4, 8, 16, 10**9)) if n_words <= limit)


@dataclass
class TechniqueLexicon:
    """Names the technique of a span from its text, last word, length and recurrence."""

    min_count: int = 2
    by_text: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_last_word: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_shape: dict[tuple[int, bool], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    overall: Counter[str] = field(default_factory=Counter)

    @staticmethod
    def _keys(text: str, start: int, end: int) -> tuple[str, str, tuple[int, bool]]:
        span = _normal(text[start:end])
        words = _words(span)
        last = words[-1][2] if words else span
        recurs = len(span) > 2 and text.lower().count(span) > 1
        return span, last, (_bucket(len(words)), recurs)

    def fit(self, articles: Mapping[str, str], spans: Iterable[PtcSpan]) -> TechniqueLexicon:
        """Count techniques per key over the labelled spans; returns ``self``."""
        for span in spans:
            if span.technique is None:
                continue
            text_key, last, shape = self._keys(articles[span.article_id], span.start, span.end)
            self.by_text[text_key][span.technique] += 1
            self.by_last_word[last][span.technique] += 1
            self.by_shape[shape][span.technique] += 1
            self.overall[span.technique] += 1
        return self

    def classify(self, article_text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        """Return the majority technique of the most specific key seen often enough, per span."""
        default = self.overall.most_common(1)[0][0] if self.overall else "Loaded_Language"
        out: list[str] = []
        for start, end in spans:
            text_key, last, shape = self._keys(article_text, start, end)
            candidates = (self.by_text.get(text_key), self.by_last_word.get(last), self.by_shape.get(shape))
            chosen = next((c for c in candidates if c and sum(c.values()) >= self.min_count), None)
            out.append(chosen.most_common(1)[0][0] if chosen else default)
        return out


#: How often each n-gram occurs, and how often inside a gold span.
GramCounts = tuple[Counter[tuple[str, ...]], Counter[tuple[str, ...]]]


def count_grams(articles: Mapping[str, str], spans: Iterable[PtcSpan]) -> GramCounts:
    """Count every word n-gram (n <= 3) of the articles, and its occurrences inside one gold span."""
    gold: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for span in spans:
        gold[span.article_id].append(span.offsets)
    seen: Counter[tuple[str, ...]] = Counter()
    inside: Counter[tuple[str, ...]] = Counter()
    for article_id, text in articles.items():
        covered = merge_overlapping(gold.get(article_id, []))
        starts = [s for s, _ in covered]
        words = _words(text)
        owner = []  # index of the gold span holding each word, or -1
        for start, end, _ in words:
            k = bisect.bisect_right(starts, start) - 1
            owner.append(k if k >= 0 and end <= covered[k][1] else -1)
        lowered = [w[2] for w in words]
        for n in range(1, MAX_N + 1):
            for i in range(len(words) - n + 1):
                gram = tuple(lowered[i : i + n])
                seen[gram] += 1
                if owner[i] >= 0 and owner[i] == owner[i + n - 1]:
                    inside[gram] += 1
    return seen, inside


@dataclass
class SpanLexicon:
    """Flags cue n-grams that mostly occur inside propaganda spans, or the sentences holding them."""

    precision: float = 0.5
    min_count: int = 3
    sentences: bool = False
    cues: dict[tuple[str, ...], float] = field(default_factory=dict)

    def fit(self, articles: Mapping[str, str], spans: Iterable[PtcSpan]) -> SpanLexicon:
        """Learn the cue n-grams from gold spans (techniques ignored); returns ``self``."""
        return self.fit_counts(count_grams(articles, spans))

    def fit_counts(self, counts: GramCounts) -> SpanLexicon:
        """Keep the n-grams of ``counts`` frequent and precise enough as cues; returns ``self``."""
        seen, inside = counts
        self.cues = {
            gram: inside[gram] / count
            for gram, count in seen.items()
            if count >= self.min_count and inside[gram] / count >= self.precision
        }
        return self

    def find(self, article_text: str) -> list[tuple[int, int, float]]:
        """Return ``(start, end, cue precision)`` for every flagged stretch, overlapping stretches merged."""
        words = _words(article_text)
        hits: list[tuple[int, int, float]] = []
        for n in range(1, MAX_N + 1):
            for i in range(len(words) - n + 1):
                score = self.cues.get(tuple(w[2] for w in words[i : i + n]))
                if score is not None:
                    hits.append((words[i][0], words[i + n - 1][1], score))
        if self.sentences:
            lines = [(m.start(), m.end()) for m in _LINE.finditer(article_text)]
            hits = [
                (ls, le, max(h[2] for h in hits if ls <= h[0] < le))
                for ls, le in lines
                if any(ls <= h[0] < le for h in hits)
            ]
        merged = merge_overlapping((s, e) for s, e, _ in hits)
        return [(s, e, max(h[2] for h in hits if s <= h[0] < e)) for s, e in merged]


@dataclass
class LexiconBaseline:
    """A ``TechniquePredictor`` from cue lexicons: spans by ``SpanLexicon``, techniques by ``TechniqueLexicon``."""

    spans: SpanLexicon
    techniques: TechniqueLexicon

    #: The (precision threshold, whole sentences) settings tried on the held-out training articles.
    GRID: ClassVar[tuple[tuple[float, bool], ...]] = (
        (0.3, False), (0.4, False), (0.5, False), (0.6, False), (0.4, True), (0.5, True), (0.6, True), (0.7, True),
    )

    @classmethod
    def fit(cls, articles: Mapping[str, str], spans: Sequence[PtcSpan], seed: int = 13) -> LexiconBaseline:
        """Learn both lexicons from training articles, choosing the span settings on a held-out fifth of them."""
        ids = sorted(articles)
        random.Random(seed).shuffle(ids)
        held = set(ids[: max(1, len(ids) // 5)])
        inner = {i: t for i, t in articles.items() if i not in held}
        inner_spans = [s for s in spans if s.article_id not in held]
        held_gold = [s for s in spans if s.article_id in held]
        best: tuple[float, float, bool] = (-1.0, 0.5, False)
        inner_counts = count_grams(inner, inner_spans)
        for precision, sentences in cls.GRID:
            lexicon = SpanLexicon(precision=precision, sentences=sentences).fit_counts(inner_counts)
            predicted = [PtcSpan(i, s, e) for i in held for s, e, _ in lexicon.find(articles[i])]
            f1 = score_si(predicted, held_gold).overall.f1
            if f1 > best[0]:
                best = (f1, precision, sentences)
        span_lexicon = SpanLexicon(precision=best[1], sentences=best[2]).fit(articles, spans)
        return cls(span_lexicon, TechniqueLexicon().fit(articles, spans))

    def predict_spans(self, article_text: str) -> list[PredictedSpan]:
        """Return the flagged stretches, each with the technique the technique lexicon gives it."""
        found = self.spans.find(article_text)
        labels = self.techniques.classify(article_text, [(s, e) for s, e, _ in found])
        return [(s, e, label, score) for (s, e, score), label in zip(found, labels, strict=True)]

    def classify(self, article_text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        """Return the technique lexicon's technique for each span."""
        return self.techniques.classify(article_text, spans)


@dataclass
class MajorityBaseline:
    """Predicts no spans and the most frequent training technique for every given span."""

    technique: str

    @classmethod
    def fit(cls, articles: Mapping[str, str], spans: Sequence[PtcSpan]) -> MajorityBaseline:
        """Remember the most frequent technique of the training spans."""
        counts = Counter(s.technique for s in spans if s.technique is not None)
        return cls(counts.most_common(1)[0][0] if counts else "Loaded_Language")

    def predict_spans(self, article_text: str) -> list[PredictedSpan]:
        """Return no spans: the majority baseline only classifies."""
        return []

    def classify(self, article_text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        """Return the majority technique for every span."""
        return [self.technique] * len(spans)

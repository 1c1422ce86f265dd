"""Finds propaganda-technique spans (the 14 PTC techniques) and scores sentences, on the CPU.

One ONNX encoder pass per window gives, for every token, O/B/I logits of "inside a
propaganda span" and the token's contextual vector. Spans come from the BIO tags;
a small span head (numpy) names the technique of any span from the mean, first and
last token vectors plus two span features (length, repeats in the article). Scores
are calibrated with parameters fitted on cross-validation predictions the model did
not train on (see ``docs/models/techniques.md``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from sourcetrace.errors import ModelError
from sourcetrace.models._windows import snap_span
from sourcetrace.models.encoding import Encoded, WindowEncoder, _softmax
from sourcetrace.models.runtime import FloatArray, ModelRunner
from sourcetrace.models.tagger import MODELS_DIR

__all__ = [
    "DEFINITIONS",
    "TECHNIQUES_DIR",
    "Encoded",
    "FoundSpan",
    "SpanHead",
    "TechniqueConfig",
    "TechniqueTagger",
    "pool_span",
    "span_features",
]

#: The committed technique model folder.
TECHNIQUES_DIR = MODELS_DIR / "techniques"

Span = tuple[int, int]

#: One-line definitions (our wording, after the PTC annotation guidelines) used in explanations.
DEFINITIONS: dict[str, str] = {
    "Appeal_to_Authority": "leans on an authority's word instead of evidence",
    "Appeal_to_fear-prejudice": "seeks support by stirring fear or prejudice",
    "Bandwagon,Reductio_ad_hitlerum": "urges joining the crowd, or rejects an idea by its hated adherents",
    "Black-and-White_Fallacy": "presents two options as the only ones",
    "Causal_Oversimplification": "gives one cause to an issue that has many",
    "Doubt": "questions the credibility of someone or something",
    "Exaggeration,Minimisation": "overstates or downplays",
    "Flag-Waving": "plays on national or group feeling",
    "Loaded_Language": "uses words with strong emotional charge",
    "Name_Calling,Labeling": "labels the object of the argument as something feared, hated or loved",
    "Repetition": "repeats the same message to make it stick",
    "Slogans": "a brief, striking phrase",
    "Thought-terminating_Cliches": "a stock phrase that discourages critical thought",
    "Whataboutism,Straw_Men,Red_Herring": "deflects: cries hypocrisy, distorts the other view or changes the subject",
}

_WORD = re.compile(r"\w+")
#: Words that cannot carry a technique on their own: a span made only of these is dropped.
_FUNCTION_WORDS = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been it its this that these "
    "those he she they we you i his her their our your my not no so if then than there here who whom which what "
    "s t".split()
)


def _has_content(text: str) -> bool:
    """Whether a span holds at least one word that is not a function word."""
    return any(w not in _FUNCTION_WORDS for w in _WORD.findall(text.lower()))


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def _split_at_blank_lines(text: str, offsets: Sequence[Span], a: int, b: int) -> list[tuple[int, int]]:
    """Cut the token run ``[a, b)`` wherever a blank line lies between two of its tokens."""
    runs, start = [], a
    for k in range(a + 1, b):
        if _BLANK_LINE.search(text, offsets[k - 1][1], offsets[k][0]):
            runs.append((start, k))
            start = k
    runs.append((start, b))
    return runs


def span_features(text: str, start: int, end: int, n_tokens: int) -> npt.NDArray[np.float32]:
    """Features of a span besides its token vectors: log length, and log of its repeats in ``text``.

    Repeats count other case-insensitive occurrences of the span's words in the article
    (the Repetition technique is defined by them).
    """
    words = _WORD.findall(text[start:end].lower())
    repeats = 0
    if words:
        pattern = r"\b" + r"\W+".join(re.escape(w) for w in words) + r"\b"
        repeats = max(0, len(re.findall(pattern, text.lower())) - 1)
    return np.array([math.log1p(n_tokens), math.log1p(repeats)], dtype=np.float32)


def pool_span(hidden: npt.NDArray[np.float32], a: int, b: int) -> npt.NDArray[np.float32]:
    """Concatenate the mean, first and last token vectors of tokens ``a..b`` (exclusive)."""
    part = hidden[a:b]
    return np.concatenate([part.mean(axis=0), part[0], part[-1]]).astype(np.float32)


def _pair(value: Any) -> tuple[float, float] | None:
    """A Platt map ``[a, b]`` from the config, or None (the score is already calibrated)."""
    return None if value is None else (float(value[0]), float(value[1]))


def _platt(ab: tuple[float, float] | None, raw: float) -> float:
    """``sigmoid(a * raw + b)``, or ``raw`` itself without a map."""
    return raw if ab is None else _sigmoid(ab[0] * raw + ab[1])


@dataclass(frozen=True)
class TechniqueConfig:
    """What ``config.json`` of a technique model folder says: labels, windows and calibration."""

    techniques: tuple[str, ...]
    window: int = 256
    context: int = 32
    inside_threshold: float = 0.5
    peak_threshold: float | None = None
    temperature: float = 1.0
    span_platt: tuple[float, float] | None = None
    sentence_platt: tuple[float, float] | None = None
    span_threshold: float = 0.0

    @classmethod
    def read(cls, path: Path) -> TechniqueConfig:
        """Read ``config.json``; raise ModelError when missing or malformed."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            cal = raw.get("calibration", {})
            config = cls(
                techniques=tuple(raw["techniques"]),
                window=int(raw.get("window", 256)),
                context=int(raw.get("context", 32)),
                inside_threshold=float(cal.get("inside_threshold", 0.5)),
                peak_threshold=None if cal.get("peak_threshold") is None else float(cal["peak_threshold"]),
                temperature=float(cal.get("temperature", 1.0)),
                span_platt=_pair(cal.get("span_platt")),
                sentence_platt=_pair(cal.get("sentence_platt")),
                span_threshold=float(cal.get("span_threshold", 0.0)),
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
            raise ModelError(f"model config {path} is missing or invalid ({exc}); reinstall sourcetrace") from exc
        if config.temperature <= 0 or len(config.techniques) < 2:
            raise ModelError(f"model config {path} has out-of-range values; reinstall sourcetrace")
        return config


class SpanHead:
    """The technique classifier over pooled span vectors: two dense layers in numpy."""

    def __init__(self, path: Path) -> None:
        try:
            with np.load(path) as weights:
                self.w1, self.b1 = weights["w1"], weights["b1"]
                self.w2, self.b2 = weights["w2"], weights["b2"]
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"span head {path} is missing or invalid ({exc}); reinstall sourcetrace") from exc

    def logits(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Technique logits ``(spans, techniques)`` for span feature rows ``(spans, features)``."""
        h = x @ self.w1 + self.b1
        h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)))  # GELU, as in training
        out: npt.NDArray[np.float32] = (h @ self.w2 + self.b2).astype(np.float32)
        return out


def _erf(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Error function, vectorised (Abramowitz & Stegun 7.1.26, absolute error below 1.5e-7)."""
    sign = np.sign(x)
    a = np.abs(x).astype(np.float64)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    out: npt.NDArray[np.float32] = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return out


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


@dataclass(frozen=True)
class FoundSpan:
    """A technique span: offsets, technique, calibrated confidences and the token the model leaned on most."""

    start: int
    end: int
    technique: str
    confidence: float
    technique_probability: float
    raw_score: float
    cue: Span
    ranked: tuple[tuple[str, float], ...]

    def explanation(self, text: str) -> str:
        """One line saying why the span was flagged."""
        name = self.technique.replace("_", " ").replace(",", " / ")
        cue = text[self.cue[0] : self.cue[1]]
        return f"{name}: {DEFINITIONS.get(self.technique, 'a persuasion technique')}; strongest cue '{cue}'"


class TechniqueTagger:
    """Finds technique spans and classifies given spans; implements ``ptc.TechniquePredictor``."""

    def __init__(self, folder: Path = TECHNIQUES_DIR, runner: ModelRunner | None = None,
                 threads: int | None = None) -> None:
        self.folder = folder
        #: The model's encoder graph; the ``encoding`` stage runs the same one for the whole pipeline.
        self.encoder = WindowEncoder(folder, runner, threads)
        self._config: TechniqueConfig | None = None
        self._head: SpanHead | None = None
        self._recent: dict[str, Encoded] = {}  # the last few texts: ptc predict asks for spans, then techniques

    @property
    def config(self) -> TechniqueConfig:
        """The model's config (read on first use)."""
        if self._config is None:
            self._config = TechniqueConfig.read(self.folder / "config.json")
        return self._config

    def _span_head(self) -> SpanHead:
        if self._head is None:
            self._head = SpanHead(self.folder / "span_head.npz")
        return self._head

    def warm_up(self) -> None:
        """Load tokenizer, encoder session and span head now."""
        self.encoder.warm_up()
        self._span_head()

    def encode(self, text: str) -> Encoded:
        """Run the encoder over ``text`` window by window and stitch the token outputs."""
        if text in self._recent:
            return self._recent[text]
        encoded = self.encoder.encode(text)
        if len(self._recent) >= 4:
            self._recent.pop(next(iter(self._recent)))
        self._recent[text] = encoded
        return encoded

    def technique_probs(self, text: str, encoded: Encoded, spans: Sequence[Span]) -> FloatArray:
        """Calibrated technique probabilities ``(spans, techniques)``; uniform for spans with no token."""
        head = self._span_head()
        n = len(self.config.techniques)
        out = np.full((len(spans), n), 1.0 / n, dtype=np.float32)
        rows, where = [], []
        for k, (start, end) in enumerate(spans):
            tokens = encoded.token_range(start, end)
            if tokens is None:
                continue
            a, b = tokens
            rows.append(np.concatenate([pool_span(encoded.hidden, a, b), span_features(text, start, end, b - a)]))
            where.append(k)
        if rows:
            out[where] = _softmax(head.logits(np.stack(rows)) / self.config.temperature)
        return out

    def candidates(
        self, text: str, encoded: Encoded, inside_threshold: float | None = None, peak_threshold: float | None = None
    ) -> list[tuple[Span, float, Span]]:
        """Runs of tokens whose not-O probability reaches the threshold, with raw score and cue token.

        Hysteresis: a run extends over every token at or above ``inside_threshold`` but is kept
        only when one of its tokens reaches ``peak_threshold`` (by default the same value), so a
        confident core can carry weaker neighbours without weak runs becoming spans. Both come
        from the config unless given. The raw score is the run's mean not-O probability; the cue
        is its most confident token. Gold spans that overlap were merged for training, so a run
        is one span. A run never crosses a blank line (a title and its lede, two paragraphs).
        """
        if inside_threshold is None:
            inside_threshold = self.config.inside_threshold
            peak_threshold = self.config.peak_threshold if peak_threshold is None else peak_threshold
        threshold = inside_threshold
        peak = threshold if peak_threshold is None else max(threshold, peak_threshold)
        out: list[tuple[Span, float, Span]] = []
        if not encoded.offsets:
            return out
        inside = 1.0 - encoded.probs[:, 0]
        flags = np.concatenate([[False], inside >= threshold, [False]])
        edges = np.flatnonzero(flags[1:] != flags[:-1])
        runs = [
            run
            for a, b in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True)
            for run in _split_at_blank_lines(text, encoded.offsets, a, b)
        ]
        for a, b in runs:
            if inside[a:b].max() < peak:
                continue
            snapped = snap_span(text, encoded.offsets[a][0], encoded.offsets[b - 1][1])
            if snapped is None or not _has_content(text[snapped[0] : snapped[1]]):
                continue
            run = inside[a:b]
            out.append((snapped, float(run.mean()), encoded.offsets[a + int(np.argmax(run))]))
        return out

    def find(self, text: str, encoded: Encoded | None = None) -> list[FoundSpan]:
        """Technique spans in ``text`` whose calibrated confidence reaches the model's threshold."""
        encoded = encoded if encoded is not None else self.encode(text)
        ab = self.config.span_platt
        kept = [
            (span, raw, cue, _platt(ab, raw))
            for span, raw, cue in self.candidates(text, encoded)
            if _platt(ab, raw) >= self.config.span_threshold
        ]
        probs = self.technique_probs(text, encoded, [k[0] for k in kept])
        names = self.config.techniques
        found = []
        for (span, raw, cue, confidence), p in zip(kept, probs, strict=True):
            order = np.argsort(-p)[:3]
            found.append(
                FoundSpan(
                    start=span[0], end=span[1], technique=names[int(order[0])], confidence=round(confidence, 4),
                    technique_probability=round(float(p[order[0]]), 4), raw_score=raw, cue=cue,
                    ranked=tuple((names[int(i)], round(float(p[i]), 4)) for i in order),
                )
            )
        return found

    def sentence_scores(self, encoded: Encoded, sentences: Sequence[Span]) -> list[float]:
        """Calibrated probability that each sentence holds a technique span (max token score; Platt map if fitted)."""
        ab = self.config.sentence_platt
        return [round(_platt(ab, raw), 4) for raw in self.raw_sentence_scores(encoded, sentences)]

    @staticmethod
    def raw_sentence_scores(encoded: Encoded, sentences: Sequence[Span]) -> list[float]:
        """Uncalibrated sentence scores: the highest not-O probability of a token in the sentence."""
        starts, ends = encoded.starts, encoded.ends
        inside = 1.0 - encoded.probs[:, 0] if len(encoded.offsets) else np.zeros(0, dtype=np.float32)
        out = []
        for start, end in sentences:
            mask = (ends > start) & (starts < end)
            out.append(float(inside[mask].max()) if mask.any() else 0.0)
        return out

    def analyse(
        self, text: str, sentences: Sequence[Span], encoded: Encoded | None = None
    ) -> tuple[list[FoundSpan], list[float]]:
        """Technique spans of ``text`` and calibrated per-sentence scores, from one encoder pass.

        ``encoded`` is the text already run through this model's encoder (the ``encoding`` layer);
        without it the text is encoded here.
        """
        encoded = encoded if encoded is not None else self.encode(text)
        return self.find(text, encoded), self.sentence_scores(encoded, sentences)

    # ``ptc.TechniquePredictor``
    def predict_spans(self, article_text: str) -> list[tuple[int, int, str, float]]:
        """Technique spans as ``(start, end, technique, confidence)``."""
        return [(s.start, s.end, s.technique, s.confidence) for s in self.find(article_text)]

    def classify(self, article_text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        """One technique per span; the k-th copy of a repeated span gets the k-th most likely technique."""
        return self.classify_encoded(article_text, self.encode(article_text), spans)

    def classify_encoded(self, text: str, encoded: Encoded, spans: Sequence[tuple[int, int]]) -> list[str]:
        """``classify`` for a text already run through the encoder."""
        probs = self.technique_probs(text, encoded, list(spans))
        names = self.config.techniques
        seen: dict[tuple[int, int], int] = {}
        out = []
        for span, p in zip(spans, probs, strict=True):
            key = (int(span[0]), int(span[1]))
            rank = seen.get(key, 0)
            seen[key] = rank + 1
            out.append(names[int(np.argsort(-p)[min(rank, len(p) - 1)])])
        return out

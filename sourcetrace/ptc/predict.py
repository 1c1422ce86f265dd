"""Predictions for the three SemEval-2020 Task 11 submissions, from any ``TechniquePredictor``.

The predictor is a protocol so the trained technique tagger, the lexicon
baseline and test fakes plug in alike. ``load_predictor`` returns the
installed model (``sourcetrace.models.techniques.TechniqueTagger``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

from sourcetrace.errors import FormatError, ModelError
from sourcetrace.ptc.corpus import TECHNIQUES, PtcSpan

__all__ = [
    "PredictedSpan",
    "Task",
    "TechniquePredictor",
    "load_predictor",
    "predict",
    "predict_flc",
    "predict_si",
    "predict_tc",
]

#: A span a predictor finds: ``(start, end, technique, score)`` with ``score`` in [0, 1].
PredictedSpan = tuple[int, int, str, float]


class Task(StrEnum):
    """The three PTC tasks: span identification, technique classification, both at once."""

    si = "si"
    tc = "tc"
    flc = "flc"


@runtime_checkable
class TechniquePredictor(Protocol):
    """Finds propaganda-technique spans in an article and names the technique of given spans."""

    def predict_spans(self, article_text: str) -> list[PredictedSpan]:
        """Return the technique spans found in ``article_text`` (character offsets, end exclusive)."""
        ...

    def classify(self, article_text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        """Return one technique per span of ``spans``, in the same order."""
        ...


def load_predictor(folder: Path | None = None) -> TechniquePredictor:
    """Return the installed technique model (or the one in ``folder``); ``ModelError`` when it is missing."""
    from sourcetrace.models.techniques import TECHNIQUES_DIR, TechniqueTagger

    folder = folder or TECHNIQUES_DIR
    if not (folder / "config.json").is_file():
        raise ModelError(f"technique model not found in {folder}; reinstall sourcetrace or run 'sourcetrace train "
                         "techniques --install'")
    tagger = TechniqueTagger(folder)
    tagger.warm_up()
    return tagger


def _check_span(article_id: str, text: str, start: int, end: int, technique: str | None) -> None:
    if not (0 <= start < end <= len(text)):
        raise ModelError(f"technique predictor returned span [{start}, {end}) outside article {article_id}")
    if technique is not None and technique not in TECHNIQUES:
        raise ModelError(f"technique predictor returned unknown technique {technique!r} for article {article_id}")


def predict_flc(articles: Mapping[str, str], predictor: TechniquePredictor) -> list[PtcSpan]:
    """Return every predicted span with its technique, articles in id order, spans sorted, duplicates dropped."""
    out: list[PtcSpan] = []
    for article_id, text in articles.items():
        found: set[PtcSpan] = set()
        for start, end, technique, _score in predictor.predict_spans(text):
            _check_span(article_id, text, start, end, technique)
            found.add(PtcSpan(article_id, start, end, technique))
        out.extend(sorted(found))
    return out


def predict_si(articles: Mapping[str, str], predictor: TechniquePredictor) -> list[PtcSpan]:
    """Return the predicted propaganda spans without techniques (one row per distinct span)."""
    spans = {PtcSpan(s.article_id, s.start, s.end) for s in predict_flc(articles, predictor)}
    return sorted(spans)


def predict_tc(
    articles: Mapping[str, str], template: Sequence[PtcSpan], predictor: TechniquePredictor
) -> list[PtcSpan]:
    """Return a technique for every span of ``template``, in the template's order."""
    positions: dict[str, list[int]] = defaultdict(list)
    for index, span in enumerate(template):
        if span.article_id not in articles:
            raise FormatError(f"span {index + 1} names article {span.article_id}, which is not among the articles")
        positions[span.article_id].append(index)
    techniques: list[str | None] = [None] * len(template)
    for article_id, indexes in positions.items():
        text = articles[article_id]
        for index in indexes:
            _check_span(article_id, text, template[index].start, template[index].end, None)
        labels = predictor.classify(text, [template[i].offsets for i in indexes])
        if len(labels) != len(indexes):
            raise ModelError(
                f"technique predictor returned {len(labels)} techniques for {len(indexes)} spans of article "
                f"{article_id}"
            )
        for index, label in zip(indexes, labels, strict=True):
            _check_span(article_id, text, template[index].start, template[index].end, label)
            techniques[index] = label
    return [PtcSpan(s.article_id, s.start, s.end, t) for s, t in zip(template, techniques, strict=True)]


def predict(
    task: Task | str,
    articles: Mapping[str, str],
    predictor: TechniquePredictor,
    spans: Sequence[PtcSpan] | None = None,
) -> list[PtcSpan]:
    """Return the rows of the ``task`` submission; ``tc`` needs the template ``spans``."""
    task = Task(task)
    if task is Task.tc:
        if spans is None:
            raise ValueError("technique classification needs the spans to classify")
        return predict_tc(articles, spans, predictor)
    if task is Task.si:
        return predict_si(articles, predictor)
    return predict_flc(articles, predictor)

"""Classifies the article into SemEval-2025 Task 10 narratives and sub-narratives, with evidence sentences.

Fills ``Article.narratives``: the narratives first (or ``Other``), then their
sub-narratives, each with its classifier probability and the sentences that score
highest under its classifier (offsets into the article). The model is the committed
one in ``sourcetrace/models/narratives``; its sentence vectors are pooled from the
``encoding`` layer (the shared MiniLM token vectors), so the article is not encoded again.
"""

from __future__ import annotations

from typing import ClassVar

from sourcetrace.article import Article
from sourcetrace.narratives.predict import NarrativeClassifier
from sourcetrace.pipeline import register_stage

__all__ = ["Narratives"]


@register_stage
class Narratives:
    """Finds the narratives an article carries (Ukraine-Russia war and climate change taxonomies)."""

    name: ClassVar[str] = "narratives"
    requires: ClassVar[tuple[str, ...]] = ("encoding",)
    assigns: ClassVar[tuple[str, ...]] = ("narratives",)

    def __init__(self, classifier: NarrativeClassifier | None = None) -> None:
        self.classifier = classifier if classifier is not None else NarrativeClassifier()

    def warm_up(self) -> None:
        """Load the narrative model (the encoder runs in the ``encoding`` stage)."""
        self.classifier.warm_up(encoder=False)

    def __call__(self, article: Article) -> Article:
        """Set ``article.narratives``."""
        if not article.text.strip():
            article.narratives = []
        else:
            article.narratives = self.classifier.classify(article.text, article.encoding).labels
        return article

"""Classifies articles into narratives and sub-narratives, each label backed by evidence sentences.

``NarrativeClassifier`` is cheap to build; the model and the encoder load on first use
(or in ``warm_up``) and are shared by every article. ``lang`` picks the model: English
(the default) reads the shared encoder's sentence vectors and words; Bulgarian, Hindi,
Portuguese and Russian, words alone. Sentence vectors are pooled from the
article's token vectors (``sentence_features``): the ``narratives`` stage passes the
``encoding`` layer, and the classifier encodes the text itself when it is not given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sourcetrace.article import NarrativeLabel
from sourcetrace.errors import ModelError
from sourcetrace.models.encoding import Encoded, TokenEncoder, WindowEncoder
from sourcetrace.narratives.corpus import Annotation
from sourcetrace.narratives.evidence import sentence_scores, supporting_sentences
from sourcetrace.narratives.features import article_vector, sentence_features
from sourcetrace.narratives.model import Decision, NarrativeModel, model_dir
from sourcetrace.narratives.sentences import sentence_spans
from sourcetrace.narratives.taxonomy import DOMAINS, OTHER, domain_of, parent_of

__all__ = ["ArticleNarratives", "NarrativeClassifier", "predict_annotations"]


@dataclass(frozen=True)
class ArticleNarratives:
    """What the classifier found in one article: the decision, every label's raw score, the labelled evidence.

    ``probabilities`` holds the classifiers' raw outputs (the decision rule's input); the
    ``probability`` of each ``NarrativeLabel`` is calibrated (see ``NarrativeModel.calibrated``).
    """

    decision: Decision
    probabilities: dict[str, float]
    labels: list[NarrativeLabel]


class NarrativeClassifier:
    """Assigns SemEval-2025 Task 10 narratives and sub-narratives to article texts."""

    def __init__(
        self, model: NarrativeModel | None = None, encoder: TokenEncoder | None = None, evidence: int = 3,
        lang: str = "EN",
    ) -> None:
        self._folder = model_dir(lang)  # raises ModelError for a language without a model
        self._model = model
        self._encoder = encoder
        self.evidence = evidence

    @property
    def model(self) -> NarrativeModel:
        """The narrative model, loaded from the language's committed folder on first use."""
        if self._model is None:
            self._model = NarrativeModel.load(self._folder)
        return self._model

    @property
    def encoder(self) -> TokenEncoder:
        """The token encoder, the shared MiniLM windows (``WindowEncoder``) unless another was given."""
        if self._encoder is None:
            self._encoder = WindowEncoder()
        return self._encoder

    def warm_up(self, encoder: bool = True) -> None:
        """Load the model now, and the encoder unless ``encoder`` is False (the text comes encoded)."""
        if encoder and self.model.embedding_dim and isinstance(self.encoder, WindowEncoder):
            self.encoder.warm_up()

    def classify(self, text: str, encoded: Encoded | None = None) -> ArticleNarratives:
        """Return the narratives of ``text`` with probabilities and evidence sentences.

        ``encoded`` is ``text`` already run through the encoder the model was trained with
        (the ``encoding`` layer); without it the text is encoded here.
        """
        model = self.model
        if model.embedding_dim == 0:  # a words-only model (languages the encoder cannot read)
            spans = sentence_spans(text)
            vectors = np.zeros((len(spans), 0), dtype=np.float32)
        else:
            spans, vectors = sentence_features(text, encoded if encoded is not None else self.encoder.encode(text))
        if vectors.shape[1] != model.embedding_dim:
            raise ModelError(
                f"the encoder gives {vectors.shape[1]}-dimensional vectors, the narrative model expects "
                f"{model.embedding_dim}; use the encoder it was trained with"
            )
        sentences = [text[s:e] for s, e in spans]
        x = model.features(article_vector(vectors)[None, :], model.tfidf.transform([text]))
        p = model.probabilities(x)[0]
        decision = model.decide(p)
        probabilities = {label: float(p[i]) for i, label in enumerate(model.labels)}
        scores = sentence_scores(model, vectors, sentences)
        labels = [self._label(label, "narrative", decision, probabilities, scores, spans, text)
                  for label in decision.narratives]
        labels += [self._label(label, "subnarrative", decision, probabilities, scores, spans, text)
                   for label in decision.subnarratives if label != OTHER]
        return ArticleNarratives(decision, probabilities, labels)

    def _label(
        self, label: str, level: str, decision: Decision, probabilities: Mapping[str, float],
        scores: npt.NDArray[np.float64], spans: list[tuple[int, int]], text: str,
    ) -> NarrativeLabel:
        model = self.model
        domain = decision.domain
        if label == OTHER:
            best = max((n for n in model.taxonomy.narratives if domain_of(n) == domain),
                       key=lambda n: probabilities[n], default=None)
            runner_up = (f", best narrative {best!r} {probabilities[best]:.2f} (Other needs a margin of "
                         f"{model.thresholds.other_margin:+.2f} over it)" if best else "")
            return NarrativeLabel(
                label=OTHER, level="narrative" if level == "narrative" else "subnarrative",
                probability=round(model.calibrated(OTHER, probabilities[OTHER]), 4), domain=None,
                reason=f"no-narrative score {probabilities[OTHER]:.2f}{runner_up}; "
                       f"of the two topics, nearer the {DOMAINS[domain]}",
            )
        p = probabilities[label]
        if level == "narrative":
            threshold = model.thresholds.narrative
            rule = "the best narrative of the topic" if label == decision.narratives[0] else f"above {threshold:.2f}"
        else:
            threshold = model.thresholds.subnarrative
            rule = f"above {threshold:.2f}" if p >= threshold else "the best under its narrative"
        return NarrativeLabel(
            label=label, level="narrative" if level == "narrative" else "subnarrative",
            parent=parent_of(label) if level == "subnarrative" else None, domain=domain_of(label),
            probability=round(model.calibrated(label, p), 4),
            evidence=supporting_sentences(model, label, scores, spans, text, self.evidence),
            reason=f"classifier score {p:.2f}, {rule}; topic: {DOMAINS[domain]}",
        )


def predict_annotations(classifier: NarrativeClassifier, texts: Mapping[str, str]) -> list[Annotation]:
    """One task-format row per article, sorted by file name."""
    rows = []
    for name in sorted(texts):
        decision = classifier.classify(texts[name]).decision
        rows.append(Annotation(name, decision.narratives, decision.subnarratives))
    return rows

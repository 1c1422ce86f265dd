"""Tokens, sentences and named entities from spaCy, one parse per paragraph."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from sourcetrace.article import Article, Entity, Parse, Sentence
from sourcetrace.nlp import load_spacy
from sourcetrace.pipeline import register_stage

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Linguistics"]


@register_stage
class Linguistics:
    """Parses every paragraph with spaCy and records sentences and entities."""

    name: ClassVar[str] = "linguistics"
    requires: ClassVar[tuple[str, ...]] = ("paragraphs",)
    assigns: ClassVar[tuple[str, ...]] = ("parses", "sentences", "entities")

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._nlp: Language | None = None

    def warm_up(self) -> None:
        if self._nlp is None:
            self._nlp = load_spacy()

    def __call__(self, article: Article) -> Article:
        self.warm_up()
        assert self._nlp is not None
        paragraphs = article.paragraphs
        texts = (article.text[p.start : p.end] for p in paragraphs)
        article.parses, article.sentences, article.entities = [], [], []
        for index, (para, doc) in enumerate(zip(paragraphs, self._nlp.pipe(texts, batch_size=self.batch_size))):
            off = para.start
            article.parses.append(Parse(offset=off, doc=doc))
            for sent in doc.sents:
                text = sent.text
                if text.strip():
                    lead = len(text) - len(text.lstrip())
                    trail = len(text) - len(text.rstrip())
                    start = off + sent.start_char + lead
                    article.sentences.append(Sentence(start=start, end=off + sent.end_char - trail, paragraph=index))
            article.entities.extend(
                Entity(start=off + e.start_char, end=off + e.end_char, label=e.label_, text=e.text) for e in doc.ents
            )
        return article

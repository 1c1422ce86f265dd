"""Runs the shared MiniLM encoder over the article once, for every stage that reads token vectors.

The ``techniques`` stage reads the encoder's O/B/I tags and token vectors; the
``narratives`` stage mean-pools the token vectors of each sentence. Both used to run the
same MiniLM encoder separately; this stage runs them once
(``sourcetrace.models.encoding.WindowEncoder``: one pass per window of at most 256 tokens).
The layer is not part of the report. The encoder reads ``Article.prose()``: header lines
outside every paragraph (an outlet name, an image URL, a byline) blanked, offsets kept.
"""

from __future__ import annotations

from typing import ClassVar

from sourcetrace.article import Article
from sourcetrace.models.encoding import TokenEncoder, WindowEncoder
from sourcetrace.pipeline import register_stage

__all__ = ["Encoding"]


@register_stage
class Encoding:
    """Encodes the article text into token offsets, vectors and technique tags, once per article."""

    name: ClassVar[str] = "encoding"
    requires: ClassVar[tuple[str, ...]] = ("paragraphs",)
    assigns: ClassVar[tuple[str, ...]] = ("encoding",)

    def __init__(self, encoder: TokenEncoder | None = None) -> None:
        """``encoder`` defaults to the technique model's ``WindowEncoder``, loaded on first use."""
        self.encoder: TokenEncoder = encoder if encoder is not None else WindowEncoder()

    def warm_up(self) -> None:
        """Load the encoder (tokenizer and ONNX session)."""
        if isinstance(self.encoder, WindowEncoder):
            self.encoder.warm_up()

    def __call__(self, article: Article) -> Article:
        """Set ``article.encoding``."""
        article.encoding = self.encoder.encode(article.prose())
        return article


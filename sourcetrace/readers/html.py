"""HTML pages: the main article text and metadata, extracted with trafilatura.

``Article.text`` is built from the extraction: the title, then each extracted
paragraph, separated by blank lines. Offsets index that text (the report
carries it), not the HTML.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from sourcetrace.article import Article, ArticleMeta, Paragraph
from sourcetrace.errors import EmptyInputError, FormatError
from sourcetrace.readers.text import assign_roles, skip_dateline

__all__ = ["HtmlReader", "looks_like_html"]

_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:p|div|article|h1|br)\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML document or is a fragment of HTML blocks."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return head.lstrip().startswith("<") and len(_HTML_TAGS.findall(head)) >= 2


def _extract(html: str, url: str | None, source: str) -> Any:
    import trafilatura

    if not re.search(r"<(?:html|body)\b", html[:8192], re.I):
        html = f"<html><body>{html}</body></html>"
    try:
        return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        raise FormatError(f"cannot parse HTML: {exc}", source) from exc


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value if v)
    if not value:
        return None
    return str(value).strip() or None


class HtmlReader:
    """Reads an HTML page, keeping only its main text (no menus, ads or comments)."""

    name: ClassVar[str] = "html"

    def sniff(self, text: str, source: str) -> bool:
        """Recognise documents starting with ``<!doctype html>``, ``<html>`` or HTML blocks."""
        return looks_like_html(text)

    def read(self, text: str, source: str) -> list[Article]:
        """Return one article built from the page's main text."""
        url = source if source.startswith(("http://", "https://")) else None
        doc = _extract(text, url, source)
        lines = [line.strip() for line in (getattr(doc, "text", None) or "").splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise EmptyInputError("HTML contains no article text", source)
        title = _text(getattr(doc, "title", None))
        if title and lines[0].casefold() == title.casefold():
            lines = lines[1:]
        blocks = ([title] if title else []) + lines
        meta = ArticleMeta(
            source=source,
            format=self.name,
            title=title,
            author=_text(getattr(doc, "author", None)),
            date=_text(getattr(doc, "date", None)),
            outlet=_text(getattr(doc, "sitename", None)),
            url=_text(getattr(doc, "url", None)) or url,
            image=_text(getattr(doc, "image", None)),
        )
        description = _text(getattr(doc, "description", None))
        if description:
            meta.extra["description"] = description
        paragraphs: list[Paragraph] = []
        pos = 0
        for block in blocks:
            paragraphs.append(Paragraph(start=pos, end=pos + len(block)))
            pos += len(block) + 2
        article_text = "\n\n".join(blocks)
        roles = assign_roles(paragraphs, title is not None)
        return [Article(text=article_text, meta=meta, paragraphs=skip_dateline(article_text, roles))]

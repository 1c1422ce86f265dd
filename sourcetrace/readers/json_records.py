"""JSON and JSON Lines: one article per record.

A record is an object; these keys are understood, the first one present wins:

=========  ==============================
text       ``text``, ``body``, ``content``
title      ``title``, ``headline``
outlet     ``outlet``, ``site``, ``source``
author     ``author``, ``byline`` (a list is joined with "; ")
date       ``date``, ``published``
url        ``url``, ``link``
image      ``image``
=========  ==============================

Every other key is kept, unchanged, in ``meta.extra``. A record may also be a
bare string (its text). A JSON document is one object or an array of them;
JSON Lines holds one object per line. When a record has a title and the first
paragraph of its text is not that title, ``Article.text`` is
``title + "\\n\\n" + text``; either way the title is the first paragraph
(role ``title``) and offsets index ``Article.text``.
Articles from an array or JSON Lines are named ``<source>#<n>`` (n from 1).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from sourcetrace.article import Article, ArticleMeta, Paragraph
from sourcetrace.errors import EmptyInputError, FormatError, InputError, PartialInputError
from sourcetrace.readers.text import assign_roles, body_paragraphs, skip_dateline

__all__ = ["FIELD_KEYS", "JsonLinesReader", "JsonReader", "looks_like_json", "record_to_article"]

#: Record keys read into each ``ArticleMeta`` field (and the text), in order of preference.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "site", "source"),
    "author": ("author", "byline"),
    "date": ("date", "published"),
    "url": ("url", "link"),
    "image": ("image",),
}


def looks_like_json(text: str) -> bool:
    """True when ``text`` starts like a JSON object or array (not like '[Update] ...')."""
    head = text.lstrip()[:64]
    if head.startswith("{"):
        return head[1:].lstrip()[:1] in ('"', "}", "")
    if head.startswith("["):
        return head[1:].lstrip()[:1] in ("{", '"', "]", "")
    return False


def _scalar(value: Any, key: str, where: str, source: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, dict | list | bool):
        raise FormatError(f"{where}: {key!r} must be a string, not {type(value).__name__}", source)
    return str(value).strip() or None


def record_to_article(record: Any, source: str, where: str, name: str, fmt: str) -> Article:
    """Build an article from one decoded JSON record; ``where`` names it in errors."""
    if isinstance(record, str):
        record = {"text": record}
    if not isinstance(record, dict):
        raise FormatError(f"{where} is a {type(record).__name__}, expected an object with a 'text' key", source)
    rest = dict(record)
    values: dict[str, Any] = {}
    for fieldname, keys in FIELD_KEYS.items():
        key = next((k for k in keys if k in rest), None)
        if key is not None:
            values[fieldname] = (key, rest.pop(key))
    key, body = values.pop("text", ("text", None))
    if not isinstance(body, str) or not body.strip():
        if body is not None and not isinstance(body, str):
            raise FormatError(f"{where}: {key!r} must be a string, not {type(body).__name__}", source)
        raise EmptyInputError(f"{where} has no text (expected a non-empty 'text', 'body' or 'content')", source)
    meta = ArticleMeta(source=name, format=fmt, extra=rest)
    for fieldname, (key, value) in values.items():
        setattr(meta, fieldname, _scalar(value, key, where, source))
    title = meta.title
    text, paragraphs = body, body_paragraphs(body)
    if title is not None and body[paragraphs[0].start : paragraphs[0].end] != title:
        text = f"{title}\n\n{body}"
        paragraphs = [Paragraph(start=0, end=len(title)), *body_paragraphs(body, offset=len(title) + 2)]
    roles = assign_roles(paragraphs, has_title=title is not None)
    return Article(text=text, meta=meta, paragraphs=skip_dateline(text, roles))


def _collect(records: list[tuple[Any, str, str]], source: str, fmt: str) -> list[Article]:
    """Build an article per ``(record, where, name)``; bad records raise ``PartialInputError`` if others are good."""
    articles: list[Article] = []
    errors: list[InputError] = []
    for record, where, name in records:
        try:
            articles.append(record_to_article(record, source, where, name, fmt))
        except InputError as exc:
            errors.append(exc)
    if errors and not articles:
        raise errors[0]
    if errors:
        raise PartialInputError(articles, errors, source)
    return articles


def _parse_lines(text: str, source: str) -> list[tuple[int, Any]]:
    records = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((lineno, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise FormatError(f"invalid JSON on line {lineno}, column {exc.colno}: {exc.msg}", source) from None
    if not records:
        raise EmptyInputError("JSON Lines input holds no records", source)
    return records


class JsonLinesReader:
    """Reads JSON Lines: one record (object) per line, one article per record."""

    name: ClassVar[str] = "jsonl"

    def sniff(self, text: str, source: str) -> bool:
        """JSON Lines is chosen by extension; ``JsonReader`` also falls back to it."""
        return False

    def read(self, text: str, source: str) -> list[Article]:
        """Return an article per line, named ``<source>#<line>``."""
        records = [(rec, f"record on line {n}", f"{source}#{n}") for n, rec in _parse_lines(text, source)]
        return _collect(records, source, self.name)


class JsonReader:
    """Reads a JSON object or array of records (or JSON Lines, recognised when it is not one document)."""

    name: ClassVar[str] = "json"

    def sniff(self, text: str, source: str) -> bool:
        """Recognise text starting with a JSON object or array."""
        return looks_like_json(text)

    def read(self, text: str, source: str) -> list[Article]:
        """Return an article per record."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data" and text.lstrip().startswith("{"):
                return JsonLinesReader().read(text, source)
            raise FormatError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", source) from None
        if isinstance(data, dict):
            return [record_to_article(data, source, "the record", source, self.name)]
        if isinstance(data, list):
            if not data:
                raise EmptyInputError("JSON array holds no records", source)
            records = [(rec, f"record {n}", f"{source}#{n}") for n, rec in enumerate(data, start=1)]
            return _collect(records, source, self.name)
        raise FormatError(f"top-level JSON is a {type(data).__name__}; expected an object or an array", source)

"""schema.org ClaimReview: JSON-LD in a fact-check page's ``<script type="application/ld+json">``, or a JSON file.

Read: ``claimReviewed`` (the claim), ``reviewRating.alternateName`` (verdict),
``itemReviewed.author.name`` (speaker), ``author.name`` (publisher), ``url``,
``datePublished``, ``name``/``headline`` (title), ``inLanguage``. ClaimReviews
are found anywhere in the JSON-LD (lists, ``@graph``, nested objects).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sourcetrace.errors import FormatError
from sourcetrace.store.importers._records import Rejected, Row, build, iso_date, object_at, text_of

__all__ = ["SOURCE", "find_claim_reviews", "read_claimreview", "review_to_row"]

SOURCE = "claimreview"
_SCRIPT = re.compile(r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>", re.I | re.S)


def _is_review(node: Mapping[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] == "ClaimReview" for k in kinds)


def find_claim_reviews(data: Any) -> Iterator[Mapping[str, Any]]:
    """Every ClaimReview object inside decoded JSON-LD, in document order."""
    if isinstance(data, list):
        for item in data:
            yield from find_claim_reviews(item)
    elif isinstance(data, dict):
        if _is_review(data):
            yield data
            return
        for value in data.values():
            if isinstance(value, dict | list):
                yield from find_claim_reviews(value)


def review_to_row(review: Mapping[str, Any], where: str, via: str | None = None) -> Row:
    """One ClaimReview object as a record."""
    rating = object_at(review, "reviewRating")
    item = object_at(review, "itemReviewed")
    verdict = text_of(rating.get("alternateName")) or text_of(rating.get("name")) or text_of(rating.get("ratingValue"))
    extra: dict[str, Any] = {}
    for key in ("ratingValue", "bestRating", "worstRating"):
        if key in rating:
            extra[key] = rating[key]
    if "appearance" in item:
        extra["appearance"] = item["appearance"]
    if via:
        extra["via"] = via
    return build(
        where, SOURCE,
        claim=review.get("claimReviewed"),
        title=text_of(review.get("name")) or text_of(review.get("headline")),
        verdict=verdict,
        disproof=text_of(review.get("reviewBody")) or text_of(review.get("description")),
        speaker=text_of(item.get("author")),
        publisher=text_of(review.get("author")) or text_of(review.get("publisher")),
        date=iso_date(review.get("datePublished") or item.get("datePublished")),
        url=text_of(review.get("url")),
        language=text_of(review.get("inLanguage")),
        extra=extra,
    )


def _blocks(path: Path, text: str) -> Iterator[tuple[str, str]]:
    """(where, JSON text) for each JSON-LD block of a page, or the whole file when it is JSON."""
    if text.lstrip().startswith(("{", "[")):
        yield str(path), text
        return
    for match in _SCRIPT.finditer(text):
        yield f"{path}:{text.count(chr(10), 0, match.start()) + 1}", match.group(1)


def read_claimreview(path: Path, mapping: Mapping[str, str]) -> Iterator[Row]:
    """ClaimReview records of an HTML page or JSON(-LD) file; a bad JSON-LD block is one rejected row."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    found = False
    for where, block in _blocks(path, text):
        try:
            data = json.loads(block)
        except json.JSONDecodeError as exc:
            found = True
            yield Rejected(where, f"invalid JSON-LD: {exc.msg} (line {exc.lineno} of the block)")
            continue
        reviews = list(find_claim_reviews(data))
        for n, review in enumerate(reviews, 1):
            found = True
            yield review_to_row(review, where if len(reviews) == 1 else f"{where}#{n}")
    if not found:
        raise FormatError("no schema.org ClaimReview found (expected JSON-LD with \"@type\": \"ClaimReview\")",
                          str(path))

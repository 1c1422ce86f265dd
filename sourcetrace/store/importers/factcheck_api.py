"""The JSON of the Google Fact Check Tools API ``claims:search``: one record per claim review.

Read: ``claims[].text`` (claim), ``claimant`` (speaker), ``claimDate``, and for
each ``claimReview[]``: ``publisher.name``, ``url``, ``title``,
``textualRating`` (verdict), ``languageCode``, ``reviewDate``. Records get the
``claimreview`` source (the API serves ClaimReview markup), so a review seen
both in a page and in the API keeps one id.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sourcetrace.errors import FormatError
from sourcetrace.store.importers._records import Rejected, Row, build, iso_date, object_at, text_of

__all__ = ["SOURCE", "read_factcheck_api"]

SOURCE = "claimreview"


def _claims(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(f"not valid JSON ({exc})", str(path)) from exc
    pages = data if isinstance(data, list) else [data]
    claims: list[Any] = []
    for page in pages:
        if not isinstance(page, dict) or not isinstance(page.get("claims", []), list):
            raise FormatError("expected the claims:search response: an object with a 'claims' list", str(path))
        claims.extend(page.get("claims", []))
    return claims


def read_factcheck_api(path: Path, mapping: Mapping[str, str]) -> Iterator[Row]:
    """One record per (claim, review) of a ``claims:search`` response (or a list of response pages)."""
    for i, claim in enumerate(_claims(path)):
        where = f"{path}:claims[{i}]"
        if not isinstance(claim, dict):
            yield Rejected(where, f"expected an object, found {type(claim).__name__}")
            continue
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list) or not reviews:
            yield Rejected(where, "no claimReview")
            continue
        for j, review in enumerate(reviews):
            spot = f"{where}.claimReview[{j}]"
            if not isinstance(review, dict):
                yield Rejected(spot, f"expected an object, found {type(review).__name__}")
                continue
            publisher = object_at(review, "publisher")
            extra = {"via": "factcheck-api"}
            if review.get("reviewDate"):
                extra["review_date"] = str(review["reviewDate"])
            if publisher.get("site"):
                extra["publisher_site"] = str(publisher["site"])
            yield build(
                spot, SOURCE,
                claim=claim.get("text"),
                speaker=text_of(claim.get("claimant")),
                date=iso_date(claim.get("claimDate") or review.get("reviewDate")),
                verdict=text_of(review.get("textualRating")),
                title=text_of(review.get("title")),
                url=text_of(review.get("url")),
                publisher=text_of(publisher.get("name")) or text_of(publisher.get("site")),
                language=text_of(review.get("languageCode")),
                extra=extra,
            )

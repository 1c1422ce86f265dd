"""Importers on hand-written fixtures: fields, malformed rows with reasons, detection, idempotent re-import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sourcetrace.errors import FormatError, InputError
from sourcetrace.store import KnownClaim, MemoryStore, Rejected, detect_format, import_file, parse_mapping, read_rows
from sourcetrace.store.importers._records import iso_date

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "store"


def rows(name: str, format: str | None = None, mapping: dict[str, str] | None = None) -> list[KnownClaim | Rejected]:
    return list(read_rows(FIXTURES / name, format, mapping))


def split(found: list[KnownClaim | Rejected]) -> tuple[list[KnownClaim], list[Rejected]]:
    return [r for r in found if isinstance(r, KnownClaim)], [r for r in found if isinstance(r, Rejected)]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("claimreview-page.html", "claimreview"),
        ("claimreview.json", "claimreview"),
        ("factcheck-api.json", "factcheck-api"),
        ("cases.csv", "euvsdisinfo"),
        ("vclaims.jsonl", "checkthat"),
        ("generic.csv", "csv"),
        ("generic.jsonl", "jsonl"),
    ],
)
def test_format_detection(name: str, expected: str) -> None:
    assert detect_format(FIXTURES / name) == expected


@pytest.mark.unit
def test_detection_by_content_without_extension(tmp_path: Path) -> None:
    for name, expected in [("vclaims.jsonl", "checkthat"), ("cases.csv", "euvsdisinfo"), ("factcheck-api.json",
                           "factcheck-api"), ("claimreview-page.html", "claimreview")]:
        bare = tmp_path / name.split(".")[0]
        shutil.copy(FIXTURES / name, bare)
        assert detect_format(bare) == expected


@pytest.mark.unit
def test_claimreview_page() -> None:
    good, bad = split(rows("claimreview-page.html"))
    assert [c.claim for c in good] == [
        "A lighthouse keeper filmed a sea serpent off Port Ellery last winter.",
        "Ferry fares to the islands tripled in 2022.",
    ]
    serpent, ferry = good
    assert serpent.verdict == "False" and serpent.speaker == "Morwenna Trask" and serpent.publisher == "Harbour Check"
    assert serpent.title == "No, a sea serpent was not filmed off Port Ellery"
    assert serpent.date == "2023-02-14" and serpent.language == "en" and serpent.source == "claimreview"
    assert serpent.extra["ratingValue"] == 1
    assert ferry.verdict == "Mostly false" and ferry.date == "2023-03-01"
    assert len(bad) == 1 and bad[0].reason.startswith("invalid JSON-LD")
    assert bad[0].where == f"{FIXTURES / 'claimreview-page.html'}:20"  # line of the broken <script>


@pytest.mark.unit
def test_claimreview_json_and_no_review(tmp_path: Path) -> None:
    (only,) = rows("claimreview.json")
    assert isinstance(only, KnownClaim) and only.verdict == "Pants on fire" and only.publisher == "Quay Check"
    page = tmp_path / "plain.html"
    page.write_text("<html><body>No markup here</body></html>")
    with pytest.raises(FormatError, match=r"no schema\.org ClaimReview"):
        rows(str(page))


@pytest.mark.unit
def test_factcheck_api_one_record_per_review() -> None:
    good, bad = split(rows("factcheck-api.json"))
    assert [(c.publisher, c.verdict) for c in good] == [("Harbour Check", "False"), ("Quay Check", "Unsupported")]
    assert good[0].speaker == "Viral post" and good[0].date == "2022-07-01"
    assert good[0].extra == {"via": "factcheck-api", "review_date": "2022-07-04T00:00:00Z",
                             "publisher_site": "harbourcheck.example"}
    assert good[0].id != good[1].id
    assert [(r.where.rsplit(":", 1)[1], r.reason) for r in bad] == [
        ("claims[1].claimReview[0]", "no claim text"), ("claims[2]", "no claimReview")]


@pytest.mark.unit
def test_euvsdisinfo_cases() -> None:
    good, bad = split(rows("cases.csv"))
    assert [c.claim for c in good] == [
        "Foreign trawlers poisoned the bay on purpose",
        "The harbour election was decided by ghosts voting",
        "Satellites steer the storms towards the fishing fleet",
    ]
    first = good[0]
    assert first.date == "2021-03-14" and first.speaker == "Example Daily" and first.keywords == ("Harbour", "Fishing")
    assert first.url == "https://exampledaily.example/a1" and first.source == "euvsdisinfo"
    assert first.disproof and first.summary and first.extra == {"issue": "7", "origin": "Freedonia",
                                                                 "reported_by": "Volunteer network"}
    assert good[2].summary == "A multi-line summary: satellites steer storms, the host claims."
    path = FIXTURES / "cases.csv"
    assert [str(r) for r in bad] == [f"{path}:4: expected 11 fields, found 9", f"{path}:5: no claim text"]


@pytest.mark.unit
def test_checkthat_vclaims() -> None:
    good, bad = split(rows("vclaims.jsonl"))
    assert [c.id for c in good] == ["vclaim-test-001", "vclaim-test-002", "vclaim-test-003"]
    tax = good[0]
    assert tax.url == "https://www.politifact.com/factchecks/2020/mar/05/ada-quill/harbour-tax/"
    assert tax.date == "2020-03-03" and tax.verdict == "false" and tax.source == "politifact"
    assert tax.extra["stated"] == "stated on March 3, 2020 in a radio interview:"
    assert good[2].date == "2021-10-09"
    path = FIXTURES / "vclaims.jsonl"
    assert [r.where for r in bad] == [f"{path}:4", f"{path}:5", f"{path}:6"]
    assert bad[0].reason.startswith("invalid JSON: ")
    assert [r.reason for r in bad[1:]] == ["no claim text", "expected an object, found list"]


@pytest.mark.unit
def test_generic_csv_with_mapping() -> None:
    good, bad = split(rows("generic.csv", mapping=parse_mapping("id=ref,url=link,verdict=rating,keywords=tags")))
    assert [(c.id, c.url, c.verdict) for c in good] == [
        ("g1", "https://example.org/lh", "Unproven"), ("g2", "https://example.org/seals", "False")]
    assert good[0].keywords == ("history", "lighthouse") and good[0].source == "generic"
    assert [r.reason for r in bad] == ["no claim text", "expected 5 fields, found 3"]


@pytest.mark.unit
def test_generic_jsonl_defaults_and_extra() -> None:
    good, bad = split(rows("generic.jsonl"))
    assert good[0].claim == "Port Ellery's fog horn can be heard in France." and good[0].verdict == "False"
    assert good[0].extra == {"colour": "grey"} and good[0].id.startswith("generic-")
    assert len(bad) == 1


@pytest.mark.unit
def test_parse_mapping_errors() -> None:
    assert parse_mapping(" claim = text , url=link ") == {"claim": "text", "url": "link"}
    with pytest.raises(InputError, match="unknown field 'colour'"):
        parse_mapping("colour=x")
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        parse_mapping("claim")


@pytest.mark.unit
def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        rows(str(tmp_path / "nope.csv"))
    with pytest.raises(InputError, match="unknown format 'xml'"):
        rows("cases.csv", format="xml")


@pytest.mark.unit
def test_reimport_updates_and_never_duplicates(tmp_path: Path) -> None:
    store, seen = MemoryStore(), []
    first = import_file(store, FIXTURES / "cases.csv", on_rejected=seen.append)
    assert (first.inserted, first.updated, first.unchanged, first.rejected) == (3, 0, 0, 2)
    assert len(seen) == 2
    second = import_file(store, FIXTURES / "cases.csv")
    assert (second.inserted, second.updated, second.unchanged, second.rejected) == (0, 0, 3, 2)
    edited = tmp_path / "cases.csv"
    edited.write_text((FIXTURES / "cases.csv").read_text().replace("No evidence;", "No evidence at all;"))
    third = import_file(store, edited)
    assert (third.inserted, third.updated, third.unchanged) == (0, 1, 2)
    assert store.count() == 3


@pytest.mark.unit
@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2021-03-04T10:00:00Z", "2021-03-04"), ("04.03.2021", "2021-03-04"),
     ("stated on March 4, 2021 in x", "2021-03-04"), ("Sept. 4, 2021", "2021-09-04"),
     ("sometime in spring", "sometime in spring"), ("31.02.2021", "31.02.2021"),
     (None, None)],
)
def test_iso_date(raw: str | None, expected: str | None) -> None:
    assert iso_date(raw) == expected

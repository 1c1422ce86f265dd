"""JSON and JSON Lines records."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.errors import EmptyInputError, FormatError, PartialInputError
from sourcetrace.readers import read_source
from sourcetrace.readers.json_records import JsonLinesReader, JsonReader, looks_like_json
from tests.conftest import FIXTURES

pytestmark = pytest.mark.unit


def test_record_with_title_prepends_it_as_a_paragraph() -> None:
    record = {
        "title": "Dam Repairs Delayed",
        "text": "Engineers said work would resume.\n\nResidents doubt it.",
        "id": 7,
    }
    article = JsonReader().read(json.dumps(record), "a.json")[0]
    assert article.text == "Dam Repairs Delayed\n\nEngineers said work would resume.\n\nResidents doubt it."
    assert [(p.role, article.text[p.start : p.end]) for p in article.paragraphs] == [
        ("title", "Dam Repairs Delayed"),
        ("lede", "Engineers said work would resume."),
        ("body", "Residents doubt it."),
    ]
    assert article.meta.title == "Dam Repairs Delayed"
    assert article.meta.extra == {"id": 7}
    assert article.meta.source == "a.json"
    assert article.meta.format == "json"


def test_text_starting_with_its_title_is_not_duplicated() -> None:
    record = {"title": "Dam Repairs Delayed", "text": "Dam Repairs Delayed\n\nEngineers said work would resume."}
    article = JsonReader().read(json.dumps(record), "a.json")[0]
    assert article.text == record["text"]
    assert [p.role for p in article.paragraphs] == ["title", "lede"]


def test_jsonl_fixture_reads_aliases_and_names_records_by_line() -> None:
    articles = read_source(str(FIXTURES / "readers" / "records.jsonl"))
    assert [a.meta.source.rsplit("#", 1)[1] for a in articles] == ["1", "2", "4"]
    first, second, third = articles
    assert first.meta.outlet == "The Valley Courier"
    assert first.meta.date == "2024-02-01"
    assert first.meta.extra == {"id": "r1", "tags": ["transport", "council"]}
    assert second.text == "Officials said the reservoir was at its lowest level in a decade."
    assert second.meta.url == "https://courier.example.org/reservoir"
    assert third.meta.outlet == "Eastside Gazette"
    assert {a.meta.format for a in articles} == {"jsonl"}


def test_array_of_records_and_bare_strings() -> None:
    articles = JsonReader().read('[{"text": "First report."}, "Second report."]', "list.json")
    assert [a.text for a in articles] == ["First report.", "Second report."]
    assert [a.meta.source for a in articles] == ["list.json#1", "list.json#2"]


def test_jsonl_content_without_jsonl_extension_is_recognised() -> None:
    articles = JsonReader().read('{"text": "One."}\n{"text": "Two."}\n', "-")
    assert [a.text for a in articles] == ["One.", "Two."]


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(FormatError, match=r"bad\.json: invalid JSON at line 2, column 10: Expecting value"):
        JsonReader().read('{"title": "x",\n "text": oops}', "bad.json")


def test_malformed_jsonl_names_the_line() -> None:
    with pytest.raises(FormatError, match="invalid JSON on line 3, column"):
        JsonLinesReader().read('{"text": "a"}\n\n{"text": \n', "bad.jsonl")


def test_record_without_text_names_the_record_and_keeps_the_good_ones() -> None:
    with pytest.raises(PartialInputError) as caught:
        JsonLinesReader().read('{"text": "fine"}\n{"title": "no body"}\n{"text": "also fine"}\n', "r.jsonl")
    assert [a.text for a in caught.value.articles] == ["fine", "also fine"]
    assert [str(e) for e in caught.value.errors] == [
        "r.jsonl: record on line 2 has no text (expected a non-empty 'text', 'body' or 'content')"
    ]
    with pytest.raises(PartialInputError, match="record 2 has no text"):
        JsonReader().read('[{"text": "fine"}, {"text": "   "}]', "r.json")


def test_only_bad_records_raise_the_first_error() -> None:
    with pytest.raises(EmptyInputError, match="record on line 1 has no text"):
        JsonLinesReader().read('{"title": "no body"}\n{"text": ""}\n', "r.jsonl")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("42", "top-level JSON is a int"),
        ("[1]", "record 1 is a int"),
        ('{"text": ["a", {"b": 1}]}', "'text' must be a string"),
        ('{"text": "ok", "title": {"a": 1}}', "'title' must be a string"),
    ],
)
def test_wrong_shapes_are_format_errors(data: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        JsonReader().read(data, "x.json")


def test_empty_array_is_empty_input() -> None:
    with pytest.raises(EmptyInputError, match="no records"):
        JsonReader().read("[]", "x.json")


@pytest.mark.parametrize(
    ("text", "expected"),
    [('{"a": 1}', True), ("[{}]", True), ('  ["x"]', True), ("[Update] Talks resume", False), ("{Name}", False)],
)
def test_looks_like_json(text: str, expected: bool) -> None:
    assert looks_like_json(text) is expected


_WORDS = st.text(st.characters(blacklist_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]), min_size=1, max_size=20)
_TITLE = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)
_BODY = st.lists(st.lists(_WORDS, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=4).map("\n\n".join)
_EXTRA = st.dictionaries(
    st.text(min_size=1, max_size=8).map(lambda k: f"x_{k}"),
    st.one_of(st.integers(), st.text(max_size=10), st.lists(st.integers(), max_size=3), st.none()),
    max_size=4,
)


@given(_TITLE, _BODY, _EXTRA, st.booleans())
def test_json_round_trip(title: str, body: str, extra: dict[str, object], as_line: bool) -> None:
    record = {"title": title, "text": body, **extra}
    reader = JsonLinesReader() if as_line else JsonReader()
    article = reader.read(json.dumps(record), "r.json")[0]
    assert article.meta.title == title
    assert article.meta.extra == extra
    assert article.text.endswith(body)
    assert article.paragraphs[0].role == "title"
    assert article.text[article.paragraphs[0].start : article.paragraphs[0].end] == title
    for p in article.paragraphs:
        chunk = article.text[p.start : p.end]
        assert chunk == chunk.strip() != ""

"""Linguistics stage: sentences and entities from spaCy, with one reading per name."""

from __future__ import annotations

import pytest

from sourcetrace.article import Entity
from sourcetrace.stages.linguistics import _stripped, company_names, consistent_people, untagged_names


def _ent(text: str, label: str, start: int = 0) -> Entity:
    return Entity(start=start, end=start + len(text), label=label, text=text)


@pytest.mark.unit
def test_a_surname_takes_the_person_reading_of_the_full_name() -> None:
    ents = [_ent("Tobias Brandt", "PERSON"), _ent("ETH Zurich", "ORG", 30), _ent("Brandt", "ORG", 60),
            _ent("Brandt", "GPE", 90), _ent("Zurich", "GPE", 120), _ent("2050", "DATE", 130)]
    assert [e.label for e in consistent_people(ents)] == ["PERSON", "ORG", "PERSON", "PERSON", "GPE", "DATE"]


@pytest.mark.unit
def test_without_a_full_name_the_model_labels_stay() -> None:
    ents = [_ent("Brandt", "ORG"), _ent("Brandt", "PERSON", 20)]
    assert [e.label for e in consistent_people(ents)] == ["ORG", "PERSON"]


@pytest.mark.integration
def test_the_parse_merges_one_speaker_named_two_ways(parse) -> None:  # type: ignore[no-untyped-def]
    art = parse("The study was led by glaciologist Tobias Brandt of ETH Zurich.\n\n"
                "\"It is unprecedented,\" Brandt said. Brandt rejected the criticism.")
    assert {e.label for e in art.entities if e.text == "Brandt"} == {"PERSON"}


@pytest.mark.unit
def test_a_name_after_a_title_is_a_person() -> None:
    text = "Governor Helen Park wrote on X. Helen Park Mall reopened. Park said."
    ents = [_ent("Helen Park", "FAC", 9), _ent("Helen Park Mall", "FAC", 32), _ent("Park", "ORG", 57)]
    assert [e.label for e in consistent_people(ents, text)] == ["PERSON", "FAC", "PERSON"]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("title", "parsed"),
    [
        ("Norway Claims Fishing Fleet Was Attacked Near Svalbard",
         "Norway claims fishing fleet was attacked near Svalbard"),
        ("NATO Says Drones Hit Depot in Lviv", "NATO says drones hit depot in Lviv"),
        ("Mayor defends flood plan", "Mayor defends flood plan"),  # already sentence case
    ],
)
def test_a_title_case_headline_is_parsed_in_sentence_case(title: str, parsed: str) -> None:
    from sourcetrace.stages.linguistics import sentence_case

    body = "Officials in Norway said the depot in Lviv and a fleet near Svalbard were hit."
    assert sentence_case(title, body) == parsed and len(parsed) == len(title)


@pytest.mark.integration
def test_the_rules_find_the_verb_of_a_title_case_headline() -> None:
    from sourcetrace.pipeline import Pipeline
    from sourcetrace.readers.text import TextReader
    from sourcetrace.stages.attribution import AttributionStage

    text = ("Norway Claims Fishing Fleet Was Attacked Near Svalbard\n\n"
            "Officials in Norway said on Monday that a trawler near Svalbard was hit by gunfire.\n")
    art = Pipeline(["linguistics"])(TextReader().read(text, "a.txt")[0])
    assert art.paragraphs[0].role == "title"
    assert all(text[e.start : e.end] == e.text for e in art.entities)
    claims = next(a for a in AttributionStage(use_tagger=False)(art).attributions if a.cue_text == "Claims")
    assert (claims.source_text, claims.content_text) == ("Norway", "Fishing Fleet Was Attacked Near Svalbard")


@pytest.mark.integration
def test_a_name_loses_the_possessive_and_keeps_its_given_name(parse) -> None:  # type: ignore[no-untyped-def]
    art = parse("Joe Biden's migrant invasion hurt everyone. Its chief executive, Anders Holm, said so.")
    people = [e.text for e in art.entities if e.label == "PERSON"]
    assert "Joe Biden" in people and "Anders Holm" in people


@pytest.mark.integration
def test_a_family_name_tagged_as_a_place_keeps_its_given_name(parse) -> None:  # type: ignore[no-untyped-def]
    text = "Taras Melnykov, Ukraine\u2019s Minister of Energy, said on Monday that the grid was stable."
    names = [e.text for e in parse(text).entities]
    assert "Taras Melnykov" in names and "Ukraine" in names  # the model tags only 'Melnykov', as a place


@pytest.mark.unit
@pytest.mark.parametrize("raw", ["\u2014 Joseph Massey (", "Joseph Massey", " Joseph Massey -", "(Joseph Massey"])
def test_entity_spans_lose_dashes_and_brackets_at_their_edges(raw: str) -> None:
    text = f"signed {raw} on Monday"
    start = text.index(raw)
    s, e = _stripped(text, start, start + len(raw))
    assert text[s:e] == "Joseph Massey"


def test_a_text_in_another_language_gets_a_warning() -> None:
    from sourcetrace.stages.linguistics import language_warning

    english = "The minister said on Monday that the port would reopen after the strike, and that the workers " * 3
    portuguese = "O ministro disse na segunda-feira que o porto seria reaberto depois da greve e que os " * 4
    assert language_warning(english) is None
    warning = language_warning(portuguese)
    assert warning is not None and "does not read as English" in warning and "--lang" in warning
    assert language_warning("Porto reaberto.") is None  # too short to judge


def test_a_name_with_a_courtesy_title_tagged_an_organisation_is_a_person() -> None:
    from sourcetrace.article import Entity
    from sourcetrace.stages.linguistics import consistent_people

    text = "The project lead, Madam Yundeh Afreda Butler, spoke first."
    start = text.index("Madam")
    entity = Entity(start=start, end=start + len("Madam Yundeh Afreda Butler"), label="ORG",
                    text="Madam Yundeh Afreda Butler")
    [person] = consistent_people([entity], text)
    assert (person.label, person.text, text[person.start : person.end]) == ("PERSON", "Yundeh Afreda Butler",
                                                                            "Yundeh Afreda Butler")


@pytest.mark.integration
def test_a_parse_finds_its_tokens_by_article_offsets(parse) -> None:  # type: ignore[no-untyped-def]
    text = "First paragraph here.\n\nThe minister said the port would reopen."
    article = parse(text)
    second = article.parses[1]
    start = text.index("The minister")
    assert (second.offset, second.end) == (start, len(text))
    assert second.covers(start) and not second.covers(start - 1) and not article.parses[0].covers(start)
    cue = text.index("said")
    assert [t.text for t in second.tokens_in(cue, cue + 4)] == ["said"]
    assert [t.text for t in second.tokens_in(start, cue)] == ["The", "minister"]
    assert len(second.tokens_in(cue + 1, cue + 3)) == 0  # no token starts inside 'said'


@pytest.mark.unit
def test_an_untagged_name_after_a_title_or_in_apposition_to_a_post_is_a_person() -> None:
    text = "Mayor Ana Ruiz spoke. The mayor of Portvale, Ana Ruiz, said so. The capital, New Harbor City, grew."
    found = untagged_names(text, [])
    assert [(e.text, e.label) for e in found] == [("Ana Ruiz", "PERSON"), ("Ana Ruiz", "PERSON")]
    # never over an entity the model tagged, and no company ("chief executive of Hale Capital" is no person)
    tagged = [Entity(start=6, end=14, label="PERSON", text="Ana Ruiz")]
    assert [e.start for e in untagged_names(text, tagged)] == [text.index("Ana Ruiz,")]
    assert untagged_names("They met Chief Executive Hale Capital Partners.", []) == []


@pytest.mark.unit
def test_a_company_short_name_is_the_company_whatever_the_model_read() -> None:
    # "Veltrix Semiconductor cut jobs. Veltrix said so. France Telecom agreed. France did not."
    entities = [
        Entity(start=0, end=21, label="ORG", text="Veltrix Semiconductor"),
        Entity(start=32, end=39, label="GPE", text="Veltrix"),
        Entity(start=49, end=63, label="ORG", text="France Telecom"),
        Entity(start=72, end=78, label="GPE", text="France"),
    ]
    labels = [e.label for e in company_names(entities)]
    assert labels == ["ORG", "ORG", "ORG", "GPE"]  # the registry knows France for a state

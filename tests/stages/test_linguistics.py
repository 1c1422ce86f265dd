"""Linguistics stage: sentences and entities from spaCy, with one reading per name."""

from __future__ import annotations

import pytest

from sourcetrace.article import Entity
from sourcetrace.stages.linguistics import consistent_people


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

"""Tests for the rows the content-boundary choice is fitted on, on an article written for this test."""

from __future__ import annotations

from pathlib import Path

from sourcetrace.train.attribution_bounds import collect_rows
from sourcetrace.train.polnear import GoldAttribution, PolnearDoc

TEXT = (
    "Growers told the inquiry that prices had fallen by a third since the spring, when the new rules began, "
    "and warned of closures.\n"
)
CUE = (8, 12)
WHOLE = (25, 101)  # the rule's content: "that prices ... the new rules began"
TAIL = (25, 102)  # the tagger's overlapping span: the same and the comma after it


def _doc(tmp_path: Path, content: tuple[int, int]) -> PolnearDoc:
    path = tmp_path / "growers.txt"
    path.write_text(TEXT, encoding="utf-8")
    return PolnearDoc("growers", path, (GoldAttribution(source=(0, 7), cue=CUE, content=content),))


def test_fixture_spans() -> None:
    assert TEXT[slice(*CUE)] == "told"
    assert TEXT[slice(*WHOLE)].startswith("that prices") and TEXT[slice(*WHOLE)].endswith("rules began")
    assert TEXT[slice(*TAIL)] == TEXT[slice(*WHOLE)] + ","


def test_a_choice_is_labelled_by_which_span_the_gold_content_is(tmp_path: Path) -> None:
    rows, labels, groups = collect_rows([_doc(tmp_path, WHOLE)])
    assert labels == [0] and groups == [0] and len(rows) == 1  # the rule's span is the gold one
    _, labels, _ = collect_rows([_doc(tmp_path, TAIL)])
    assert labels == [1]  # the tagger's is
    rows, labels, _ = collect_rows([_doc(tmp_path, (25, 58))])  # "that prices had fallen by a third"
    assert rows == [] and labels == []  # neither: no row

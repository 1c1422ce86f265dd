"""Tests for the rows the content-boundary choice is fitted on, on an article written for this test."""

from __future__ import annotations

from pathlib import Path

from sourcetrace.train.attribution_bounds import collect_rows
from sourcetrace.train.polnear import GoldAttribution, PolnearDoc

TEXT = (
    "Officials said the bridge would reopen in March, after inspectors finish their checks, "
    "and that tolls would stay the same.\n"
)
CUE = (10, 14)
WHOLE = (15, 121)  # the rule's content: from "the bridge" to "the same"
TAIL = (49, 121)  # the tagger's overlapping span: "after inspectors ... the same"


def _doc(tmp_path: Path, content: tuple[int, int]) -> PolnearDoc:
    path = tmp_path / "bridge.txt"
    path.write_text(TEXT, encoding="utf-8")
    return PolnearDoc("bridge", path, (GoldAttribution(source=(0, 9), cue=CUE, content=content),))


def test_fixture_spans() -> None:
    assert TEXT[slice(*CUE)] == "said"
    assert TEXT[slice(*WHOLE)].startswith("the bridge") and TEXT[slice(*WHOLE)].endswith("the same")
    assert TEXT[slice(*TAIL)].startswith("after inspectors")


def test_a_choice_is_labelled_by_which_span_the_gold_content_is(tmp_path: Path) -> None:
    rows, labels, groups = collect_rows([_doc(tmp_path, WHOLE)])
    assert labels == [0] and groups == [0] and len(rows) == 1  # the rule's span is the gold one
    _, labels, _ = collect_rows([_doc(tmp_path, TAIL)])
    assert labels == [1]  # the tagger's is
    rows, labels, _ = collect_rows([_doc(tmp_path, (15, 47))])
    assert rows == [] and labels == []  # neither: no row

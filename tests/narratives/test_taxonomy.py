"""Taxonomy labels and the combinations file, on invented inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.errors import FormatError, InputError
from sourcetrace.narratives.taxonomy import OTHER, Taxonomy, domain_of, parent_of, read_combinations

pytestmark = pytest.mark.unit


def test_labels_build_both_levels_and_sub_implies_narrative() -> None:
    tax = Taxonomy.from_labels(["CC: Green plots: Solar is a scam", "URW: Fears", OTHER, "URW: Fears: Other"])
    assert tax.narratives == ["CC: Green plots", "URW: Fears"]
    assert tax.subnarratives == ["CC: Green plots: Solar is a scam", "URW: Fears: Other"]
    assert tax.children("CC: Green plots") == ["CC: Green plots: Solar is a scam"]
    assert tax.check(["URW: Fears", "URW: Unknown", OTHER]) == ["URW: Unknown"]


def test_narrative_names_with_commas_and_slashes_parse() -> None:
    label = "URW: Discrediting the West, Diplomacy: Diplomacy does/will not work"
    assert parent_of(label) == "URW: Discrediting the West, Diplomacy"
    assert domain_of(label) == "URW"
    assert domain_of(OTHER) is None
    assert parent_of(OTHER) == OTHER


@pytest.mark.parametrize("bad", ["XX: Something", "URW:", "URW: a: b: c", "plain words"])
def test_malformed_labels_are_refused(bad: str) -> None:
    with pytest.raises(FormatError):
        Taxonomy.from_labels([bad])


def test_combinations_file(tmp_path: Path) -> None:
    path = tmp_path / "combos.csv"
    path.write_text('Combination\nGreen_plots__Solar_is_a_scam\n"Blaming_others,_mostly__Other"\n\n', encoding="utf-8")
    assert read_combinations(path) == [("Green plots", "Solar is a scam"), ("Blaming others, mostly", "Other")]


def test_combinations_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Combination\nNoSeparatorHere\n", encoding="utf-8")
    with pytest.raises(FormatError, match="line 2"):
        read_combinations(bad)
    with pytest.raises(InputError):
        read_combinations(tmp_path / "missing.csv")

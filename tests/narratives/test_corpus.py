"""Reading article folders and annotation files; writing the task format."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.errors import EmptyInputError, EncodingError, FormatError, InputError
from sourcetrace.narratives.corpus import Annotation, format_annotations, read_annotations, read_documents

pytestmark = pytest.mark.unit


def test_annotations_round_trip_and_deduplicate(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text("b.txt\tURW: Fears;URW: Fears\tURW: Fears: Other\na.txt\tOther\tOther\n", encoding="utf-8")
    rows = read_annotations(path)
    assert rows["b.txt"] == Annotation("b.txt", ("URW: Fears",), ("URW: Fears: Other",))
    assert format_annotations(rows.values()) == "a.txt\tOther\tOther\nb.txt\tURW: Fears\tURW: Fears: Other\n"


@pytest.mark.parametrize("line", ["a.txt\tOther", "a.txt\t\tOther", "\tOther\tOther"])
def test_malformed_annotation_rows_name_the_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "gold.txt"
    path.write_text("ok.txt\tOther\tOther\n" + line + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match="line 2"):
        read_annotations(path)


def test_documents_sorted_and_only_txt(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    assert list(read_documents(tmp_path)) == ["a.txt", "b.txt"]


def test_document_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such directory"):
        read_documents(tmp_path / "missing")
    with pytest.raises(EmptyInputError):
        read_documents(tmp_path)
    (tmp_path / "x.txt").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(EncodingError):
        read_documents(tmp_path)
    file = tmp_path / "x.txt"
    with pytest.raises(InputError, match="not a directory"):
        read_documents(file)

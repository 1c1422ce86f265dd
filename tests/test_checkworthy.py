"""CheckThat! check-worthiness TSV: header detection, quoting, validation naming file:line, output rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.checkworthy import format_predictions, label_file, parse_tsv, read_tsv, write_atomically
from sourcetrace.errors import EncodingError, FormatError


class Fixed:
    """A scorer giving 0.9 to texts with a digit, else 0.1."""

    threshold = 0.5

    def score(self, texts: Sequence[str]) -> list[float]:
        return [0.9 if any(ch.isdigit() for ch in t) else 0.1 for t in texts]


@pytest.mark.unit
def test_labelled_file_with_header_and_quoted_field() -> None:
    text = (
        "Sentence_id\tText\tclass_label\n"
        "7\tThe mill closed in 1998.\tYes\n"
        '8\t"She said ""thank you"" twice."\tNo\n'
    )
    rows = parse_tsv(text, "t.tsv")
    assert [(r.id, r.text, r.label, r.line) for r in rows] == [
        ("7", "The mill closed in 1998.", "Yes", 2),
        ("8", 'She said "thank you" twice.', "No", 3),
    ]


@pytest.mark.unit
def test_unlabelled_file_without_header() -> None:
    rows = parse_tsv("a1\tWages rose 4 percent.\r\na2\tGood evening.\r\n")
    assert [(r.id, r.label) for r in rows] == [("a1", None), ("a2", None)]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("1\tfine\tNo\n2\tonly\tNo\textra\n", "f.tsv:2", "expected 2 or 3"),
        ("1\tfine\tNo\n2\tno label here\n", "f.tsv:2", "expected 3 columns"),
        ("id\ttext\n1\tok\n2\tok too\tYes\n", "f.tsv:3", "expected 2 columns"),
        ("1\tfine\tMaybe\n", "f.tsv:1", "Yes or No"),
        ("1\tfine\n1\tagain\n", "f.tsv:2", "duplicate sentence id 1"),
        ("1\tfine\n\t text\n", "f.tsv:2", "empty sentence id"),
        ("1\tfine\n2\t  \n", "f.tsv:2", "empty text"),
        ("just one column\n", "f.tsv:1", "expected 2 or 3"),
    ],
)
def test_malformed_rows_name_file_and_line(text: str, where: str, problem: str) -> None:
    with pytest.raises(FormatError) as info:
        parse_tsv(text, "f.tsv")
    assert info.value.source == where
    assert problem in info.value.message


@pytest.mark.unit
def test_empty_file_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="no sentences"):
        parse_tsv("Sentence_id\tText\n", "e.tsv")


@pytest.mark.unit
def test_read_tsv_rejects_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.tsv"
    path.write_bytes("1\tcaf\xe9 prices doubled\n".encode("latin-1"))
    with pytest.raises(EncodingError):
        read_tsv(path)


@pytest.mark.unit
def test_format_and_label_file(tmp_path: Path) -> None:
    path = tmp_path / "in.tsv"
    path.write_text("\ufeffid\ttext\n3\tTaxes went up 10 percent.\n4\tHello there.\n", encoding="utf-8")
    assert label_file(path, Fixed()) == "3\tYes\t0.9000\n4\tNo\t0.1000\n"
    rows = read_tsv(path)
    assert format_predictions(rows, [0.5, 0.49999], 0.5) == "3\tYes\t0.5000\n4\tNo\t0.5000\n"


@pytest.mark.unit
def test_write_atomically_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "out.tsv"
    write_atomically(out, "1\tNo\t0.1000\n")
    assert out.read_text() == "1\tNo\t0.1000\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.tsv"]


@pytest.mark.unit
@given(st.text(alphabet=st.sampled_from(['a', '1', '\t', '\n', '"', ' ', 'Y', 'e', 's', 'N', 'o']), max_size=60))
def test_parser_returns_rows_or_raises_format_error(text: str) -> None:
    try:
        rows = parse_tsv(text, "h.tsv")
    except FormatError as exc:
        assert exc.source is not None and exc.source.startswith("h.tsv")
    else:
        assert rows and all(r.id and r.text and r.label in (None, "Yes", "No") for r in rows)
        assert len({r.id for r in rows}) == len(rows)

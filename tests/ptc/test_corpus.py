"""PTC files: articles, SI/TC labels, the TC template, techniques.txt; validation errors name file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.errors import FormatError, InputError
from sourcetrace.ptc.corpus import (
    TECHNIQUES,
    PtcSpan,
    format_si,
    format_tc,
    read_articles,
    read_si_labels,
    read_tc_labels,
    read_tc_template,
    read_techniques,
    sentence_lines,
    write_atomically,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ptc"
ARTICLES = FIXTURES / "articles"


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    return read_articles(ARTICLES)


@pytest.mark.unit
def test_articles_are_read_by_id_with_exact_offsets(articles: dict[str, str]) -> None:
    assert list(articles) == ["900000001", "900000002"]
    spans = read_tc_labels(FIXTURES / "gold.tc.labels", articles)
    texts = [articles[s.article_id][s.start : s.end] for s in spans]
    assert texts == ["shameless betrayal", "shameless betrayal", "final, final, final", "a fool",
                     "Only a fool would ignore these warnings"]


@pytest.mark.unit
def test_article_text_keeps_crlf_line_breaks(tmp_path: Path) -> None:
    (tmp_path / "article1.txt").write_bytes("Title\r\n\r\nBody \u00e9t\u00e9.\r\n".encode())
    (tmp_path / "notes.txt").write_text("ignored")
    assert read_articles(tmp_path) == {"1": "Title\r\n\r\nBody \u00e9t\u00e9.\r\n"}


@pytest.mark.unit
def test_directory_without_articles_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no article<ID>\.txt"):
        read_articles(tmp_path)
    with pytest.raises(InputError, match="not a directory"):
        read_articles(tmp_path / "missing")


@pytest.mark.unit
def test_si_labels_and_template_keep_file_order(articles: dict[str, str]) -> None:
    si = read_si_labels(FIXTURES / "gold.si.labels", articles)
    assert [s.offsets for s in si] == [(121, 139), (192, 211), (85, 124), (90, 96)]
    assert all(s.technique is None for s in si)
    template = read_tc_template(FIXTURES / "template.tc", articles)
    assert [(s.article_id, s.start) for s in template] == [
        ("900000002", 90), ("900000001", 121), ("900000001", 192), ("900000001", 121), ("900000002", 85)]
    assert all(s.technique is None for s in template)


@pytest.mark.unit
def test_a_span_may_end_at_the_last_character(tmp_path: Path, articles: dict[str, str]) -> None:
    path = tmp_path / "edge.labels"
    path.write_text("900000002\t0\t137\n")
    assert read_si_labels(path, articles) == [PtcSpan("900000002", 0, 137)]


@pytest.mark.unit
def test_a_labelled_tc_file_works_as_template() -> None:
    spans = read_tc_template(FIXTURES / "gold.tc.labels")
    assert spans[0] == PtcSpan("900000001", 121, 139)


@pytest.mark.unit
def test_a_directory_of_label_files_is_read_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "article2.task1-SI.labels").write_text("2\t5\t9\n")
    (tmp_path / "article1.task1-SI.labels").write_text("1\t0\t4\r\n\n")
    (tmp_path / "README").write_text("not labels")
    assert read_si_labels(tmp_path) == [PtcSpan("1", 0, 4), PtcSpan("2", 5, 9)]


@pytest.mark.unit
def test_techniques_file_lists_the_classes(tmp_path: Path) -> None:
    path = tmp_path / "techniques.txt"
    path.write_text("\n".join(TECHNIQUES) + "\n")
    assert read_techniques(path) == TECHNIQUES
    assert len(TECHNIQUES) == 14
    path.write_text("Doubt\nSlogans\nDoubt\n")
    with pytest.raises(FormatError, match=r"techniques.txt:3: technique 'Doubt' listed twice"):
        read_techniques(path)


BAD_SI = [
    ("900000001\t5\n", "expected 3 tab-separated columns (id<TAB>start<TAB>end), found 2"),
    ("900000001 5 9\n", "expected 3 tab-separated columns"),
    ("900000001\tfive\t9\n", "start offset 'five' is not a non-negative integer"),
    ("900000001\t-1\t9\n", "start offset '-1' is not a non-negative integer"),
    ("900000001\t9\t9\n", "start 9 is not before end 9"),
    ("article1\t0\t9\n", "article id 'article1' is not a number"),
    ("900000003\t0\t9\n", "article 900000003 is not among the articles"),
    ("900000002\t0\t138\n", "end 138 is past the end of article 900000002 (137 characters)"),
]


@pytest.mark.unit
@pytest.mark.parametrize(("line", "problem"), BAD_SI)
def test_malformed_si_lines_name_file_line_and_problem(
    tmp_path: Path, articles: dict[str, str], line: str, problem: str
) -> None:
    path = tmp_path / "bad.labels"
    path.write_text("900000001\t0\t7\n\n" + line)
    with pytest.raises(FormatError) as info:
        read_si_labels(path, articles)
    assert str(info.value).startswith(f"{path}:3: ")
    assert problem in str(info.value)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("900000001\tLoaded_Language\t0\n", "expected 4 tab-separated columns"),
        ("900000001\tPropaganda\t0\t7\n", "unknown technique 'Propaganda'"),
        ("900000001\t?\t0\t7\n", "unknown technique '?'"),
        ("900000001\tDoubt\t7\t0\n", "start 7 is not before end 0"),
    ],
)
def test_malformed_tc_lines_are_rejected(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.tc"
    path.write_text(line)
    with pytest.raises(FormatError, match=f"^{path}:1: .*{problem}"):
        read_tc_labels(path)


@pytest.mark.unit
def test_template_rejects_unknown_technique_but_accepts_question_mark(tmp_path: Path) -> None:
    path = tmp_path / "template"
    path.write_text("1\t?\t0\t4\n1\tDoubt\t4\t8\n1\tdoubt\t8\t9\n")
    with pytest.raises(FormatError, match=r":3: unknown technique 'doubt'"):
        read_tc_template(path)


@pytest.mark.unit
def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_si_labels(tmp_path / "absent.labels")
    path = tmp_path / "latin1.labels"
    path.write_bytes(b"1\t0\t4 \xe9\n")
    with pytest.raises(FormatError, match="not UTF-8"):
        read_si_labels(path)


@pytest.mark.unit
def test_formats_write_the_submission_lines() -> None:
    spans = [PtcSpan("7", 3, 9, "Doubt"), PtcSpan("7", 0, 2, "Slogans")]
    assert format_si(spans) == "7\t3\t9\n7\t0\t2\n"
    assert format_tc(spans) == "7\tDoubt\t3\t9\n7\tSlogans\t0\t2\n"
    with pytest.raises(ValueError, match="has no technique"):
        format_tc([PtcSpan("7", 0, 2)])


@pytest.mark.unit
def test_write_atomically_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    write_atomically(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


spans_strategy = st.lists(
    st.builds(
        lambda aid, start, length, technique: PtcSpan(str(aid), start, start + length, technique),
        st.integers(0, 10**12), st.integers(0, 10**6), st.integers(1, 10**4), st.sampled_from(TECHNIQUES),
    ),
    max_size=20,
)


@pytest.mark.unit
@given(spans_strategy)
def test_written_labels_read_back_identically(spans: list[PtcSpan]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        tc, si = Path(tmp) / "tc", Path(tmp) / "si"
        write_atomically(tc, format_tc(spans))
        write_atomically(si, format_si(spans))
        assert read_tc_labels(tc) == spans
        assert read_si_labels(si) == [PtcSpan(s.article_id, s.start, s.end) for s in spans]


@pytest.mark.unit
@given(st.text(max_size=60))
def test_arbitrary_label_text_parses_or_raises_format_error(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "labels"
        path.write_text(text, encoding="utf-8", newline="")
        for reader in (read_si_labels, read_tc_labels, read_tc_template):
            try:
                spans = reader(path)
            except FormatError:
                continue
            assert all(0 <= s.start < s.end for s in spans)


@pytest.mark.unit
def test_sentence_lines_skip_blank_lines_and_index_the_text() -> None:
    text = "Title here\n\nFirst sentence.\n  \nSecond one.\n"
    lines = sentence_lines(text)
    assert [text[a:b] for a, b in lines] == ["Title here", "First sentence.", "Second one."]

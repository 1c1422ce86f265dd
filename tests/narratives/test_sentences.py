"""Sentence spans are offsets into the text, in order, trimmed and non-overlapping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.narratives.sentences import MAX_CHARS, sentence_spans

pytestmark = pytest.mark.unit


def test_splits_lines_and_sentences_keeping_closing_quotes() -> None:
    text = "Title here\n\nHe said “No.” \u2018Then\u2019 she left. A b? 3 c."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Title here", "He said “No.”", "\u2018Then\u2019 she left.", "A b?", "3 c.",
    ]


def test_long_sentences_are_cut() -> None:
    text = "word " * 400
    spans = sentence_spans(text)
    assert len(spans) > 1 and all(e - s <= MAX_CHARS for s, e in spans)


@given(st.text(alphabet="ab .!?\n“”A1", max_size=300))
def test_spans_are_ordered_trimmed_offsets(text: str) -> None:
    last = 0
    for start, end in sentence_spans(text):
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        last = end


def test_other_scripts_and_quotation_marks() -> None:
    text = (
        "Министр выступил. Альянс слаб. «Это конец», сказал он.\n"
        "सरकार ने कहा। युद्ध जारी है। 2024 में भी।\n"
        "He left. Águas do Tejo said so. „Never,” she said."
    )
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Министр выступил.", "Альянс слаб.", "«Это конец», сказал он.",
        "सरकार ने कहा।", "युद्ध जारी है।", "2024 में भी।",
        "He left.", "Águas do Tejo said so.", "„Never,” she said.",
    ]


def test_no_break_before_a_lower_case_word() -> None:
    text = "Это т. е. пример. Он ушёл."
    assert [text[s:e] for s, e in sentence_spans(text)] == ["Это т. е. пример.", "Он ушёл."]

"""PTC layout: one sentence per line, offsets into the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.readers import read_source
from sourcetrace.readers.ptc import PtcReader
from tests.conftest import FIXTURES

pytestmark = pytest.mark.unit

PTC = FIXTURES / "readers" / "article700000001.txt"


def test_ptc_file_name_is_detected_and_every_line_is_a_paragraph() -> None:
    article = read_source(str(PTC))[0]
    text = PTC.read_text(encoding="utf-8")
    assert article.meta.format == "ptc"
    assert article.text == text
    assert article.meta.title == "Mayor Says Tram Extension Will Open Next Spring"
    assert article.meta.extra == {"article_id": "700000001"}
    lines = [line for line in text.splitlines() if line.strip()]
    assert [article.text[p.start : p.end] for p in article.paragraphs] == lines
    assert [p.role for p in article.paragraphs] == ["title", "lede", "body", "body"]


def test_lines_without_blank_separators_are_still_paragraphs() -> None:
    text = "A Title\n\nFirst sentence.\nSecond sentence.\r\n  Third sentence.  \n"
    article = PtcReader().read(text, "anything.txt")[0]
    assert [article.text[p.start : p.end] for p in article.paragraphs] == [
        "A Title",
        "First sentence.",
        "Second sentence.",
        "Third sentence.",
    ]
    assert "article_id" not in article.meta.extra


def test_sniff_uses_the_file_name_only() -> None:
    reader = PtcReader()
    assert reader.sniff("anything", "/data/train/article123.txt")
    assert not reader.sniff("anything", "/data/train/article123.json")
    assert not reader.sniff("anything", "notes.txt")


def test_explicit_ptc_format_for_any_name(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Headline\n\nOne line that is long enough to be a sentence.\nAnother one.\n", encoding="utf-8")
    article = read_source(str(path), format="ptc")[0]
    assert article.meta.format == "ptc"
    assert len(article.paragraphs) == 3

"""HTML pages through trafilatura."""

from __future__ import annotations

import pytest

from sourcetrace.errors import EmptyInputError
from sourcetrace.readers import read_source
from sourcetrace.readers.html import HtmlReader, looks_like_html
from tests.conftest import FIXTURES

pytestmark = pytest.mark.unit

PAGE = FIXTURES / "readers" / "page.html"


def test_page_gives_main_text_and_metadata() -> None:
    article = read_source(str(PAGE))[0]
    meta = article.meta
    assert meta.format == "html"
    assert meta.title == "Ferry Operator Suspends Night Crossings"
    assert meta.outlet == "The Harbour Ledger"
    assert meta.author == "Marta Quinlan"
    assert meta.date == "2024-05-14"
    assert meta.url == "https://ledger.example.org/ferry-night-crossings"
    paras = [(p.role, article.text[p.start : p.end]) for p in article.paragraphs]
    assert paras[0] == ("title", "Ferry Operator Suspends Night Crossings")
    assert paras[1][0] == "lede"
    assert paras[1][1].startswith("The island ferry operator said on Monday")
    assert paras[-1][1].endswith('"This is about money, not safety," one councillor claimed.')
    assert len(paras) == 4  # the title is not repeated from the <h1>
    assert "Subscribe" not in article.text
    assert "Copyright" not in article.text
    assert "Home" not in article.text


def test_paragraphs_are_separated_by_blank_lines() -> None:
    article = HtmlReader().read(PAGE.read_text(encoding="utf-8"), "page.html")[0]
    joined = "\n\n".join(article.text[p.start : p.end] for p in article.paragraphs)
    assert joined == article.text


def test_fragment_without_html_element_is_read() -> None:
    fragment = (
        "<p>The council said the library would close for repairs in June.</p><p>Readers were told to return books.</p>"
    )
    article = HtmlReader().read(fragment, "frag.html")[0]
    assert "library would close" in article.text
    assert article.meta.title is None


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<!doctype html><html><body> </body></html>",
    ],
)
def test_page_without_article_text_is_empty_input(html: str) -> None:
    with pytest.raises(EmptyInputError, match="HTML contains no article text"):
        HtmlReader().read(html, "empty.html")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html>", True),
        ("  <html lang='en'>", True),
        ("<?xml version='1.0'?>\n<html>", True),
        ("<!-- saved page -->\n<html>", True),
        ("<div><p>one</p><p>two</p></div>", True),
        ("The <b>bold</b> claim", False),
        ("Officials said <nothing>.", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected

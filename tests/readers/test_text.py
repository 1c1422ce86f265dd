"""Plain text: the scraped-news header, paragraphs and exact offsets."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sourcetrace.article import Article
from sourcetrace.errors import EmptyInputError
from sourcetrace.readers._lines import split_lines
from sourcetrace.readers.text import TextReader, body_paragraphs, is_navigation, split_paragraphs
from tests.conftest import EXAMPLES, FIXTURES

pytestmark = pytest.mark.unit


def read(text: str) -> Article:
    return TextReader().read(text, "<test>")[0]


def para_texts(article: Article) -> list[tuple[str, str]]:
    return [(p.role, article.text[p.start : p.end]) for p in article.paragraphs]


def test_header_layout_fills_meta_and_skips_outlet_and_url() -> None:
    text = (EXAMPLES / "article-port-strike.txt").read_text(encoding="utf-8")
    article = read(text)
    assert article.text == text
    assert article.meta.title == "Grain Ship Held at Port as Ankara and Kyiv Trade Accusations"
    assert article.meta.outlet == "The Harbour Ledger"
    assert article.meta.image == "https://example.org/images/grain-ship.jpg"
    roles = [role for role, _ in para_texts(article)]
    assert roles[:3] == ["title", "lede", "body"]
    assert para_texts(article)[1][1].startswith("A cargo ship carrying 40,000 tonnes")
    bodies = [t for _, t in para_texts(article)]
    assert "The Harbour Ledger" not in bodies
    assert not any(t.startswith("https://") for t in bodies)


def test_crlf_header_offsets_index_the_input() -> None:
    text = (FIXTURES / "readers" / "crlf-header.txt").read_bytes().decode("utf-8")
    article = read(text)
    assert article.text == text
    assert article.meta.title == "Title Line For A Crlf Story"
    assert article.meta.outlet == "The Weekly Lantern"
    assert article.meta.image == "https://lantern.example.com/img/photo.png"
    texts = para_texts(article)
    assert [r for r, _ in texts] == ["title", "lede", "body"]
    assert texts[2][1].endswith("by hand at a short width")
    assert "\r\nIt continues" in texts[2][1]


def test_bare_non_image_url_goes_to_meta_url() -> None:
    article = read("Bridge Closed After Storm\nhttps://news.example.org/bridge\n\nThe bridge was closed on Sunday.\n")
    assert article.meta.url == "https://news.example.org/bridge"
    assert article.meta.image is None
    assert [r for r, _ in para_texts(article)] == ["title", "lede"]


def test_byline_and_date_lines_fill_meta() -> None:
    text = (
        "Harbour Fees Rise Again\n\nBy Jane Rowe, The Harbour Ledger\nMarch 5, 2024\n\n"
        "Fees rose by a tenth, the port said.\n"
    )
    article = read(text)
    assert article.meta.author == "Jane Rowe"
    assert article.meta.outlet == "The Harbour Ledger"
    assert article.meta.date == "March 5, 2024"
    assert [t for _, t in para_texts(article)] == ["Harbour Fees Rise Again", "Fees rose by a tenth, the port said."]


@pytest.mark.parametrize(
    "byline",
    ["By Jane Rowe | The Harbour Ledger | 5 March 2024", "By Jane Rowe \u2022 5 March 2024 \u2022 The Harbour Ledger",
     "By Jane Rowe - The Harbour Ledger - 5 March 2024"],
)
def test_one_byline_line_with_author_outlet_and_date(byline: str) -> None:
    article = read(f"Harbour Fees Rise Again\n\n{byline}\n\nFees rose by a tenth, the port said.\n")
    assert (article.meta.author, article.meta.outlet, article.meta.date) == (
        "Jane Rowe", "The Harbour Ledger", "5 March 2024")
    assert [t for _, t in para_texts(article)] == ["Harbour Fees Rise Again", "Fees rose by a tenth, the port said."]


def test_the_title_repeated_as_the_first_paragraph_is_not_analysed_twice() -> None:
    article = read("Harbour Fees Rise Again \n\n Harbour Fees Rise Again\n\nFees rose by a tenth, the port said.\n")
    assert [r for r, _ in para_texts(article)] == ["title", "lede"]
    assert para_texts(article)[1] == ("lede", "Fees rose by a tenth, the port said.")


@pytest.mark.parametrize(
    "line",
    ["Read more: Port strike ends after talks", "READ MORE SUN STORIES", "Most read in The Sun",
     "Follow us on Facebook, Twitter and Instagram.", "WATCH: Dockers march on the harbour",
     "Join the Harbour Ledger WhatsApp channel", "Sign up for our free newsletter"],
)
def test_navigation_lines_are_not_paragraphs(line: str) -> None:
    text = f"Harbour Fees Rise Again\n\nFees rose by a tenth, the port said.\n\n{line}\n\nDockers plan a strike.\n"
    article = read(text)
    assert article.text == text
    assert [t for _, t in para_texts(article)] == [
        "Harbour Fees Rise Again", "Fees rose by a tenth, the port said.", "Dockers plan a strike."]


@pytest.mark.parametrize(
    "line", ["Readers wrote in to say more about the strike.", "Related talks failed.", "Watchdogs said the fees rose."]
)
def test_story_lines_that_start_like_navigation_stay(line: str) -> None:
    article = read(f"Harbour Fees Rise Again\n\nFees rose by a tenth.\n\n{line}\n")
    assert para_texts(article)[-1] == ("body", line)


@pytest.mark.parametrize("names", ["The Harbour Ledger\nJane Rowe", "Jane Rowe\nThe Harbour Ledger"])
def test_an_author_line_without_by_beside_the_outlet_line(names: str) -> None:
    article = read(f"Harbour Fees Rise Again\n\n{names}\n5 March 2024\n\nFees rose by a tenth, the port said.\n")
    assert (article.meta.author, article.meta.outlet, article.meta.date) == (
        "Jane Rowe", "The Harbour Ledger", "5 March 2024")
    assert [t for _, t in para_texts(article)] == ["Harbour Fees Rise Again", "Fees rose by a tenth, the port said."]


@pytest.mark.parametrize("role", ["Health Correspondent", "Staff Writer", "Senior Editor"])
def test_a_job_title_after_the_byline_name_is_not_the_outlet(role: str) -> None:
    article = read(f"Harbour Fees Rise Again\n\nBy Jane Rowe, {role}\n\nFees rose by a tenth, the port said.\n")
    assert (article.meta.author, article.meta.outlet) == ("Jane Rowe", None)


def test_markdown_heading_marker_is_not_part_of_the_title() -> None:
    article = read("# Council Backs Harbour Plan\n\nThe council voted for the plan, a spokesman said.\n")
    assert article.meta.title == "Council Backs Harbour Plan"
    assert para_texts(article)[0] == ("title", "Council Backs Harbour Plan")


def test_title_only_when_followed_by_a_blank_line() -> None:
    text = "The minister said on Monday\nthat the plan would go ahead.\n\nCritics disagreed.\n"
    article = read(text)
    assert article.meta.title is None
    assert para_texts(article)[0] == ("lede", "The minister said on Monday\nthat the plan would go ahead.")


def test_header_line_starting_a_paragraph_is_not_dropped() -> None:
    # "Breaking News" looks like an outlet, but it shares its block with body text.
    text = "Storm Warning Issued\n\nBreaking News\nThe coastguard warned of high winds on Friday.\n"
    article = read(text)
    assert article.meta.outlet is None
    assert para_texts(article)[1] == ("lede", "Breaking News\nThe coastguard warned of high winds on Friday.")


def test_outlet_line_alone_is_kept_as_text() -> None:
    article = read("Storm Warning Issued\n\nThe Coastal Times\n")
    assert article.meta.outlet is None
    assert [t for _, t in para_texts(article)] == ["Storm Warning Issued", "The Coastal Times"]


def test_long_first_paragraph_is_not_a_title() -> None:
    first = " ".join(["word"] * 40) + "."
    article = read(f"{first}\n\nSecond paragraph.\n")
    assert article.meta.title is None
    assert [r for r, _ in para_texts(article)] == ["lede", "body"]


def test_single_line_text_is_one_paragraph() -> None:
    article = read("  Officials said the talks had failed.  ")
    assert para_texts(article) == [("lede", "Officials said the talks had failed.")]
    assert article.meta.title is None


def test_unwrapped_lines_become_paragraphs_but_wrapped_ones_do_not() -> None:
    long_line = "The agency said the shipment had been delayed by customs checks at the border crossing this week."
    unwrapped = f"{long_line}\n{long_line}\n{long_line}"
    assert len(body_paragraphs(unwrapped)) == 3
    wrapped = "The agency said the shipment had\nbeen delayed by customs checks at\nthe border crossing this week."
    assert len(body_paragraphs(wrapped)) == 1


def test_body_paragraphs_are_shifted_by_offset() -> None:
    paras = body_paragraphs("One.\n\nTwo.", offset=10)
    assert [(p.start, p.end) for p in paras] == [(10, 14), (16, 20)]


def test_split_paragraphs_keeps_blank_line_blocks() -> None:
    text = "\n  First line.\nSecond line.  \n\n\n Third. \n"
    paras = split_paragraphs(text)
    assert [text[p.start : p.end] for p in paras] == ["First line.\nSecond line.", "Third."]


@pytest.mark.parametrize("text", ["", "   ", "\n\r\n\t"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(EmptyInputError, match="<test>"):
        read(text)


def check_paragraphs(article: Article) -> None:
    previous_end = 0
    for p in article.paragraphs:
        assert 0 <= previous_end <= p.start < p.end <= len(article.text)
        chunk = article.text[p.start : p.end]
        assert chunk.strip() == chunk != ""
        previous_end = p.end


_LINES = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=80),
        st.sampled_from(["", " ", "The Daily Example", "https://x.example/a.jpg", "By Ann Lee", "May 2, 2024"]),
    ),
    max_size=12,
)


@settings(max_examples=300)
@given(st.text(max_size=400))
def test_paragraphs_are_ordered_trimmed_and_in_bounds(text: str) -> None:
    if not text.strip():
        return
    article = read(text)
    assert article.text == text
    check_paragraphs(article)


@settings(max_examples=300)
@given(_LINES, st.sampled_from(["\n", "\r\n", "\n\n"]))
@example(["#0", "", "0"], "\n")  # a hash with no space is not a Markdown heading marker
@example(["# Heading", "", "Body."], "\n")
def test_header_heuristic_never_loses_sentences(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    if not text.strip():
        return
    article = read(text)
    check_paragraphs(article)
    covered = {i for p in article.paragraphs for i in range(p.start, p.end)}
    uncovered = [
        line.text
        for line in split_lines(text)
        if not line.blank and not covered.intersection(range(line.start, line.end))
    ]
    # Only whole header lines (outlet, URL, byline, date, the title repeated) and navigation ("Read more: ...")
    # may stay outside paragraphs.
    header_values = {article.meta.outlet, article.meta.image, article.meta.url, article.meta.date, article.meta.title}
    for line in uncovered:
        if is_navigation(line):
            continue
        assert article.meta.title is not None
        assert line in header_values or line.lower().startswith("by ")


def test_header_of_a_text_with_no_blank_lines() -> None:
    lede = (
        "The harbour authority said on Monday that the grain ship would stay in port "
        "until the inspectors had finished."
    )
    text = f"Grain Ship Held at Port\nThe Harbour Ledger\nhttps://example.org/ship.jpg\n{lede}\nCritics disagreed.\n"
    article = read(text)
    assert article.meta.title == "Grain Ship Held at Port"
    assert article.meta.outlet == "The Harbour Ledger"
    assert article.meta.image == "https://example.org/ship.jpg"
    assert para_texts(article) == [("title", "Grain Ship Held at Port"), ("lede", lede), ("body", "Critics disagreed.")]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("lede", "outlet"),
    [
        ("KHARKIV, Ukraine (AP) — A drone struck a power plant overnight.", "Associated Press"),
        ("LONDON (Reuters) - Prices rose again.", "Reuters"),
        ("MOSCOW, June 4 (Baltic Wire) - Prices rose again.", "Baltic Wire"),
        ("LONDON, 4 June (Reuters) - Prices rose again.", "Reuters"),
        ("WASHINGTON, June 4 (2 p.m.) - Prices rose again.", None),
        ("Prices rose again (AP) in London.", None),
        ("The AP reported that prices rose.", None),
    ],
)
def test_wire_dateline_names_the_outlet(lede: str, outlet: str | None) -> None:
    article = read(f"Prices Rise\n\n{lede}\n\nMore text follows here.\n")
    assert article.meta.outlet == outlet
    assert read(f"Prices Rise\n\nThe Daily Lantern\n\n{lede}\n").meta.outlet == "The Daily Lantern"  # a header wins


@pytest.mark.unit
@pytest.mark.parametrize(
    "dateline", ["MOSCOW, June 4 (Baltic Wire) - ", "WASHINGTON \u2014 ", "KHARKIV, Ukraine (AP) \u2014 ", ""]
)
def test_a_dateline_lies_outside_the_lede_paragraph(dateline: str) -> None:
    text = f"Prices Rise\n\n{dateline}The Kremlin denied the report.\n\nMore text follows here.\n"
    article = read(text)
    assert para_texts(article)[1] == ("lede", "The Kremlin denied the report.")
    assert article.text == text  # offsets still index the input
    assert article.prose().startswith("Prices Rise\n\n" + " " * len(dateline) + "The Kremlin")

"""The HTML renderer: self-contained, escaped, every character of the text shown once."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest
from render._sample import TEXT, sample_article

from sourcetrace.render.html import render_html
from sourcetrace.report import build_report

HOSTILE = "Headline </script><script>alert(1)</script> <img src=x onerror=alert(2)> & 'safe' <!-- c -->\n\n" + TEXT


class _Collector(HTMLParser):
    """Collects tags, their attributes, and the text inside the article ``.text`` element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self._depth = 0  # >0 while inside a div.text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if self._depth:
            self._depth += 1
        elif tag == "div" and dict(attrs).get("class") == "text":
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.texts.append(data)


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


@pytest.mark.unit
def test_article_text_appears_exactly_once_and_unchanged() -> None:
    page = render_html(build_report(sample_article()))
    assert "".join(_parse(page).texts) == TEXT


@pytest.mark.unit
def test_article_text_is_escaped() -> None:
    report = build_report(sample_article(HOSTILE))
    page = render_html(report)
    collector = _parse(page)
    assert "".join(collector.texts) == HOSTILE
    scripts = [attrs for tag, attrs in collector.tags if tag == "script"]
    assert len(scripts) == 2  # the findings data and the page script, nothing injected
    assert not any(tag == "img" for tag, _ in collector.tags)
    assert "<script>alert" not in page and "<img src=x" not in page
    data = re.search(r'<script type="application/json" class="findings">(.*?)</script>', page, re.S)
    assert data is not None
    assert "<" not in data.group(1)
    assert json.loads(data.group(1))  # still valid JSON after escaping


@pytest.mark.unit
def test_page_is_self_contained() -> None:
    page = render_html(build_report(sample_article()))
    for tag, attrs in _parse(page).tags:
        if tag in ("link", "script", "img", "iframe"):
            assert not any((v or "").startswith(("http", "//")) for k, v in attrs.items() if k in ("src", "href"))
        assert tag != "link"
    assert "<style>" in page and "<script>" in page


@pytest.mark.unit
def test_highlights_carry_layers_and_reasons() -> None:
    page = render_html(build_report(sample_article()))
    collector = _parse(page)
    spans = [attrs for tag, attrs in collector.tags if tag == "span" and "seg" in (attrs.get("class") or "")]
    classes = " ".join(a.get("class") or "" for a in spans)
    for layer in ("m-source", "m-cue", "m-content", "m-hedge", "m-claim"):
        assert layer in classes
    titles = [a.get("title") or "" for a in spans if "m-cue" in (a.get("class") or "")]
    said = next(t for t in titles if "speech verb 'said'" in t)
    assert "actor: Valdoran water ministry" in said
    assert "legend" in page and "Why flagged" in page
    assert "party_sources_only" in page and "<td>government</td>" in page


@pytest.mark.unit
def test_several_reports_give_one_section_each() -> None:
    first, second = build_report(sample_article()), build_report(sample_article(HOSTILE))
    page = render_html([first, second])
    assert page.count('<section class="article"') == 2
    assert 'id="article-0"' in page and 'id="article-1"' in page
    assert html.escape("2 articles") in page

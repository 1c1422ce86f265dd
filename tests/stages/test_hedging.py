"""Tests for the hedging stage, on invented sentences."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from conftest import make_article

from sourcetrace.article import Article, Attribution, AttributionKind
from sourcetrace.stages._claims_lexicon import load_hedge_lexicon
from sourcetrace.stages.hedging import Hedging, find_scare_quotes


def _attr(art: Article, aid: str, source: str, cue: str, content: str, kind: AttributionKind) -> Attribution:
    s = art.text.index(source)
    c = art.text.index(cue, s + len(source)) if art.text.index(cue) < s else art.text.index(cue)
    b = art.text.index(content)
    return Attribution(
        id=aid,
        source=(s, s + len(source)),
        cue=(c, c + len(cue)),
        content=(b, b + len(content)),
        kind=kind,
        source_text=source,
        cue_text=cue,
        content_text=content,
    )


def _hedges(text: str, *attrs: tuple[Any, ...], parse: Any = None) -> list[tuple[str, str]]:
    art = parse(text) if parse is not None else make_article(text)
    art.attributions = [_attr(art, *a) for a in attrs]
    Hedging()(art)
    for h in art.hedges:
        assert art.text[h.start : h.end] == h.text
        assert h.reason
    return [(h.kind, h.text) for h in art.hedges]


@pytest.mark.unit
def test_hedging_adverbs_and_adjectives() -> None:
    found = _hedges("The convoy reportedly crossed the river. Guards allegedly burned the alleged ledger.")
    assert found == [("adverb", "reportedly"), ("adverb", "allegedly"), ("adverb", "alleged")]


@pytest.mark.unit
def test_hedging_adjective_reason_names_the_adjective() -> None:
    art = make_article("Police found the so-called arsenal in a barn.")
    art.attributions = []
    Hedging()(art)
    assert [h.text for h in art.hedges] == ["so-called"]
    assert "adjective" in art.hedges[0].reason


@pytest.mark.unit
def test_hedging_impersonal_constructions() -> None:
    found = _hedges("It is widely believed that the dam failed. According to some, the pumps were off.")
    assert found == [("impersonal", "It is widely believed"), ("impersonal", "According to some")]


@pytest.mark.unit
def test_hedging_raising_verbs_need_an_infinitive() -> None:
    found = _hedges("The mayor is said to have fled. The theft was reported to the police.")
    assert found == [("epistemic_verb", "is said to")]


@pytest.mark.unit
def test_hedging_seem_to() -> None:
    assert _hedges("The ceasefire appears to hold in the north.") == [("epistemic_verb", "appears to")]


@pytest.mark.unit
def test_hedging_no_false_alarms_on_plain_reporting() -> None:
    assert _hedges("The council approved the budget on Tuesday. It's the third vote this year.") == []


@pytest.mark.integration
def test_hedging_modals_skip_month_and_past_inability(parse: Any) -> None:
    found = _hedges(
        "The bridge may collapse. In May the river flooded. He could not attend. Rebels could strike tonight.",
        parse=parse,
    )
    assert found == [("modal", "may"), ("modal", "could")]
    art = parse("Rebels could strike tonight.")
    art.attributions = []
    Hedging()(art)
    assert art.hedges[0].start == art.text.index("could")


@pytest.mark.integration
def test_hedging_conditional_only_for_adverbial_if(parse: Any) -> None:
    found = _hedges("If the talks fail, the strike will continue. She asked if the road was open.", parse=parse)
    assert found == [("conditional", "If")]


@pytest.mark.unit
def test_hedging_distancing_cue_but_not_neutral_said() -> None:
    text = "The ministry claims that the plant is safe. The mayor said that the school is closed."
    found = _hedges(
        text,
        ("a1", "The ministry", "claims", "the plant is safe", "indirect"),
        ("a2", "The mayor", "said", "the school is closed", "indirect"),
    )
    assert found == [("distancing_cue", "claims")]


@pytest.mark.unit
def test_hedging_distancing_reason_names_the_source() -> None:
    art = make_article("The army alleged that the depot was empty.")
    art.attributions = [_attr(art, "a1", "The army", "alleged", "the depot was empty", "indirect")]
    Hedging()(art)
    assert [h.kind for h in art.hedges] == ["distancing_cue"]
    assert "The army" in art.hedges[0].reason


@pytest.mark.unit
def test_scare_quotes_in_every_quote_style() -> None:
    text = (
        "The paper praised the \u2018volunteer brigade\u2019 for its work. "
        "Critics mocked the \u201chumanitarian pause\u201d again. "
        'Others doubted the "peace dividend" and the \'heroes\' of the parade.'
    )
    assert [h.text for h in find_scare_quotes(make_article(text))] == [
        "\u2018volunteer brigade\u2019",
        "\u201chumanitarian pause\u201d",
        '"peace dividend"',
        "'heroes'",
    ]


@pytest.mark.unit
def test_scare_quotes_ignore_apostrophes_long_quotes_and_quoted_sentences() -> None:
    text = (
        "The town\u2019s mayor didn\u2019t comment. "
        "The leaflet read \u201cthe river will rise above the old stone wall by noon\u201d in red. "
        "A sign said \u201cKeep out.\u201d"
    )
    assert find_scare_quotes(make_article(text)) == []


@pytest.mark.unit
def test_scare_quotes_exclude_direct_quotes_keep_mixed_with_reason() -> None:
    text = "\u201cWe will win,\u201d the general said. The envoy said the plan was \u201cdead on arrival\u201d."
    art = make_article(text)
    art.attributions = [
        _attr(art, "a1", "the general", "said", "\u201cWe will win,\u201d", "direct"),
        _attr(art, "a2", "The envoy", "said the plan", "the plan was \u201cdead on arrival\u201d", "mixed"),
    ]
    found = find_scare_quotes(art)
    assert [h.text for h in found] == ["\u201cdead on arrival\u201d"]
    assert "partial quotation" in found[0].reason


@pytest.mark.unit
def test_scare_quotes_in_a_content_with_no_source_are_the_outlets() -> None:
    text = "The plan is reportedly a bid to \u201csave the port\u201d."
    art = make_article(text)
    sourceless = _attr(art, "a1", "The plan", "reportedly", "a bid to \u201csave the port\u201d", "mixed")
    art.attributions = [sourceless.model_copy(update={"source": None, "source_text": None})]
    found = find_scare_quotes(art)
    assert [h.text for h in found] == ["\u201csave the port\u201d"]
    assert "no source is quoted" in found[0].reason  # "reportedly" names no one whose words these are


@pytest.mark.unit
def test_hedging_custom_lexicon_is_used() -> None:
    lexicon = dataclasses.replace(load_hedge_lexicon(), adverbs=("conceivably",), adjectives=())
    art = make_article("The reactor conceivably leaked. The alleged leak reportedly stopped.")
    art.attributions = []
    Hedging(lexicon=lexicon)(art)
    assert [h.text for h in art.hedges] == ["conceivably"]


@pytest.mark.unit
def test_hedging_requires_and_assigns() -> None:
    assert Hedging.requires == ("parses", "sentences", "attributions")
    assert Hedging.assigns == ("hedges",)


@pytest.mark.unit
def test_hedging_unverified_disclaimers() -> None:
    got = _hedges("The army said it downed 31 drones, a figure that could not be independently verified.")
    assert got == [("unverified", "could not be independently verified")]
    assert _hedges("Reuters was unable to verify the footage. The claims have not been independently confirmed.") == [
        ("unverified", "was unable to verify"),
        ("unverified", "have not been independently confirmed"),
    ]
    assert _hedges("The figures were verified by auditors.") == []
    assert _hedges("Neither side's claims could be independently verified.") == [
        ("unverified", "Neither side's claims could be independently verified")]
    assert _hedges("None of the figures can be confirmed.") == [("unverified", "None of the figures can be confirmed")]

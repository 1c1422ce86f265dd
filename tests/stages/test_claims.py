"""Tests for the claims stage, on invented articles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest
from conftest import make_article

from sourcetrace.article import Actor, Article, Attribution, AttributionKind, Sentence
from sourcetrace.stages.claims import CheckworthinessScorer, Claims
from sourcetrace.stages.hedging import Hedging

_SENT = re.compile(r"[^.!?]+[.!?]*[\u201d\"]?")


def _by_hand(text: str) -> Article:
    """An article with regex sentences and no parse (unit tests)."""
    art = make_article(text)
    for i, p in enumerate(art.paragraphs):
        for m in _SENT.finditer(art.text, p.start, p.end):
            lead = len(m.group()) - len(m.group().lstrip())
            if m.group().strip():
                art.sentences.append(Sentence(start=m.start() + lead, end=m.end(), paragraph=i))
    return art


def _attr(
    art: Article, aid: str, source: str | None, cue: str, content: str, kind: AttributionKind, actor: str | None = None
) -> Attribution:
    s = art.text.index(source) if source else 0
    c = art.text.index(cue)
    b = art.text.index(content)
    return Attribution(
        id=aid,
        source=(s, s + len(source)) if source else None,
        cue=(c, c + len(cue)),
        content=(b, b + len(content)),
        kind=kind,
        source_text=source,
        cue_text=cue,
        content_text=content,
        actor=actor,
    )


def _run(art: Article, *attrs: tuple[Any, ...], scorer: CheckworthinessScorer | None = None) -> Article:
    art.attributions = [_attr(art, *a) for a in attrs]
    Hedging()(art)
    Claims(scorer=scorer, checkworthiness=scorer is not None)(art)
    for c in art.claims:
        assert art.text[c.start : c.end] == c.text
        assert c.reason
    return art


FLOOD = (
    "Flood Hits Riverton As Dam Fails\n\n"
    "The Riverton dam failed on 3 May and flooded 40 homes, the county said. "
    "Rescuers reportedly saved 12 people from the roofs.\n\n"
    "The Ashby mill closed in 1998 after a fire.\n\n"
    "The Harbour Company claims that its pumps removed 9 million litres from Main Street. "
    "Neither the mayor nor the union believe this account."
)


@pytest.mark.unit
def test_claims_status_for_each_value() -> None:
    art = _run(
        _by_hand(FLOOD),
        ("a1", "the county", "said", "The Riverton dam failed on 3 May and flooded 40 homes", "indirect", "county"),
        ("a2", "The Harbour Company", "claims", "its pumps removed 9 million litres from Main Street", "indirect", "h"),
    )
    got = [(c.text, c.status, c.attribution, c.actor) for c in art.claims]
    assert got == [
        ("The Riverton dam failed on 3 May and flooded 40 homes", "attributed", "a1", "county"),
        ("Rescuers reportedly saved 12 people from the roofs.", "hedged", None, None),
        ("The Ashby mill closed in 1998 after a fire.", "asserted", None, None),
        ("its pumps removed 9 million litres from Main Street", "disputed", "a2", "h"),
    ]
    assert [c.id for c in art.claims] == ["c1", "c2", "c3", "c4"]
    assert art.claims[1].hedges == [0]
    assert art.hedges[art.claims[3].hedges[0]].kind == "distancing_cue"
    assert "Neither the mayor" in art.claims[3].reason


@pytest.mark.unit
def test_claims_title_is_not_a_claim_and_picks_the_central_claim() -> None:
    art = _run(
        _by_hand(FLOOD),
        ("a1", "the county", "said", "The Riverton dam failed on 3 May and flooded 40 homes", "indirect", "county"),
    )
    assert all(c.start > FLOOD.index("\n") for c in art.claims)
    assert [c.central for c in art.claims] == [True, False, False, False]
    assert "title words" in art.claims[0].reason


@pytest.mark.unit
def test_claims_central_prefers_title_overlap_over_position() -> None:
    text = (
        "Border Guards Seize Smuggled Rifles\n\n"
        "Heavy snow closed the Kessel pass on Monday. "
        "Border guards seized 300 smuggled rifles at the Kessel crossing.\n\n"
        "The Vannes port reopened on Friday."
    )
    art = _run(_by_hand(text))
    central = [c.text for c in art.claims if c.central]
    assert central == ["Border guards seized 300 smuggled rifles at the Kessel crossing."]


@pytest.mark.unit
def test_claims_central_without_title_is_the_first_claim() -> None:
    text = "The Vannes port reopened on Friday after 9 days. Ships from Oster docked on Sunday."
    art = _run(_by_hand(text))
    assert [c.central for c in art.claims] == [True, False]
    assert "first claim" in art.claims[0].reason


@pytest.mark.unit
def test_claims_multi_sentence_direct_quote_attributes_each_sentence() -> None:
    text = (
        "The spokesman said: \u201cOur troops took the Dnipro bridge at dawn. "
        "They captured 30 armoured vehicles.\u201d"
    )
    quote = text[text.index("\u201c") :]
    art = _run(_by_hand(text), ("a1", "The spokesman", "said", quote, "direct", "spox"))
    assert [(c.text, c.attribution, c.status) for c in art.claims] == [
        ("Our troops took the Dnipro bridge at dawn.", "a1", "attributed"),
        ("They captured 30 armoured vehicles.", "a1", "attributed"),
    ]


@pytest.mark.unit
def test_claims_denial_disputes_earlier_claim_by_overlap() -> None:
    text = (
        "Farmers in Dunmore said that soldiers burned the grain depot on Friday. "
        "Rain fell across Dunmore on 2 June.\n\n"
        "Much later, the Army denied that soldiers burned the grain depot."
    )
    art = _run(
        _by_hand(text),
        ("a1", "Farmers in Dunmore", "said", "soldiers burned the grain depot on Friday", "indirect", "farmers"),
        ("a2", "the Army", "denied", "soldiers burned the grain depot.", "indirect", "army"),
    )
    got = [(c.text, c.status) for c in art.claims]
    assert got == [
        ("soldiers burned the grain depot on Friday", "disputed"),
        ("Rain fell across Dunmore on 2 June.", "asserted"),
    ]


@pytest.mark.unit
def test_claims_source_does_not_dispute_itself() -> None:
    text = (
        "The Army said that its patrol crossed the Tarn river on Monday. "
        "The Army later rejected this account of the patrol near the Tarn river."
    )
    art = _run(
        _by_hand(text),
        ("a1", "The Army", "said", "its patrol crossed the Tarn river on Monday", "indirect", "army"),
        ("a2", "The Army later", "rejected", "this account of the patrol near the Tarn river", "indirect", "army"),
    )
    assert [c.status for c in art.claims] == ["attributed"]


@pytest.mark.unit
def test_claims_scorer_hook_fills_checkworthiness() -> None:
    class Fixed:
        def score(self, texts: Sequence[str]) -> list[float]:
            return [0.25 * (i + 1) for i in range(len(texts))]

    text = "The Vannes port reopened on Friday after 9 days. Ships from Oster docked on Sunday."
    art = _run(_by_hand(text), scorer=Fixed())
    assert [c.checkworthiness for c in art.claims] == [0.25, 0.5]
    assert [c.checkworthiness for c in _run(_by_hand(text)).claims] == [None, None]


@pytest.mark.integration
def test_claims_selection_skips_questions_opinions_and_fragments(parse: Any) -> None:
    text = (
        "The ministers should resign in shame. Who paid for the new stadium? "
        "The stadium cost 400 million dollars in 2019. Brilliant work. "
        "Mayor Ellen Hart opened the Northgate bridge. It is a beautiful and inspiring design."
    )
    art = _run(parse(text))
    assert [c.text for c in art.claims] == [
        "The stadium cost 400 million dollars in 2019.",
        "Mayor Ellen Hart opened the Northgate bridge.",
    ]
    assert "numbers or dates" in art.claims[0].reason
    assert "named actors" in art.claims[1].reason


@pytest.mark.integration
def test_claims_instructions_to_the_reader_are_not_claims(parse: Any) -> None:
    text = (
        "Follow us on Facebook and Telegram for news from Riverton. Please donate 5 dollars to the Riverton Herald. "
        "Watch this video of Mayor Ellen Hart at the Northgate bridge. "
        "Check Your Fact debunked a claim about the Northgate bridge in 2023."
    )
    art = _run(parse(text))
    # the last sentence opens with a verb too, but its clause has a subject: a statement, not an instruction
    assert [c.text for c in art.claims] == ["Check Your Fact debunked a claim about the Northgate bridge in 2023."]


@pytest.mark.integration
def test_claims_reporting_in_side_clause_keeps_outlet_voice(parse: Any) -> None:
    text = (
        "Rebels kept shelling the Orla valley in March, prompting the governor to ask for help from the army. "
        "The governor said that rebels shelled the Orla valley on Monday."
    )
    art = _run(
        parse(text),
        ("a1", "the governor", "ask for", "help from the army", "indirect", "gov"),
        ("a2", "The governor", "said", "rebels shelled the Orla valley on Monday", "indirect", "gov"),
    )
    assert [(c.text, c.status, c.attribution) for c in art.claims] == [
        (text[: text.index(". ") + 1], "asserted", None),
        ("rebels shelled the Orla valley on Monday", "attributed", "a2"),
    ]


@pytest.mark.integration
def test_claims_negated_belief_disputes_previous_sentence(parse: Any) -> None:
    text = (
        "The Ostrava mayor claims that the fire at the Kladno plant started on 4 April by accident. "
        "Neither the police nor the insurers believe this explanation."
    )
    art = _run(
        parse(text),
        ("a1", "The Ostrava mayor", "claims", "the fire at the Kladno plant started on 4 April by accident", "mixed"),
        ("a2", "the police nor the insurers", "believe", "this explanation", "internal_state"),
    )
    assert [(c.text, c.status) for c in art.claims] == [
        ("the fire at the Kladno plant started on 4 April by accident", "disputed"),
    ]


@pytest.mark.integration
def test_claims_agentless_cue_in_side_clause_is_not_a_separate_claim(parse: Any) -> None:
    text = "Troops entered Velka on 2 May after responding to the call for help by the Velka town council."
    art = _run(parse(text), ("a1", None, "responding to", "the call for help by the Velka town council", "indirect"))
    assert [(c.text, c.status, c.attribution) for c in art.claims] == [(text, "asserted", None)]


@pytest.mark.integration
def test_claims_verbless_amounts_and_opinions_about_named_actors(parse: Any) -> None:
    text = (
        "Bread prices, up 40 percent. I think Mayor Ellen Hart voted against the Northgate bridge. "
        "Lovely town, really."
    )
    art = _run(parse(text))
    assert [c.text for c in art.claims] == [
        "Bread prices, up 40 percent.",
        "I think Mayor Ellen Hart voted against the Northgate bridge.",
    ]
    assert "amounts" in art.claims[0].reason


@pytest.mark.integration
def test_claims_events_with_a_definite_subject_or_a_hedge_are_checkable(parse: Any) -> None:
    text = (
        "The tanker was reportedly carrying stolen fuel. The convoy crossed the river at dawn. "
        "We expect the convoy to be released soon. Things happen."
    )
    art = _run(parse(text))
    texts = [c.text for c in art.claims]
    assert texts == ["The tanker was reportedly carrying stolen fuel.", "The convoy crossed the river at dawn."]
    assert "hedge" in art.claims[0].reason
    assert "definite subject" in art.claims[1].reason


@pytest.mark.unit
def test_claims_leave_out_the_cue_of_a_quote_it_interrupts() -> None:
    text = (
        "Dam Report\n\n"
        "“The Riverton dam held for 40 years,” the engineer told reporters on Monday. “It failed on 3 May.”"
    )
    quote = text[text.index("“The Riverton") :]
    art = _run(_by_hand(text), ("a1", "the engineer", "told", quote, "direct", "engineer"))
    got = [(c.text, c.status, c.attribution) for c in art.claims]
    assert got == [
        ("The Riverton dam held for 40 years", "attributed", "a1"),
        ("It failed on 3 May.", "attributed", "a1"),
    ]


@pytest.mark.unit
def test_claims_keep_a_parenthetical_cue_inside_the_claim() -> None:
    text = "Dam Report\n\nThe Riverton dam, the engineer said, failed on 3 May."
    content = "The Riverton dam, the engineer said, failed on 3 May"
    art = _run(_by_hand(text), ("a1", "the engineer", "said", content, "indirect", "engineer"))
    assert [c.text for c in art.claims] == [content]


@pytest.mark.unit
def test_claims_central_matches_title_metonyms_to_the_states_they_stand_for() -> None:
    text = (
        "Beijing Accuses Manila of Reef Collision\n\n"
        "China's foreign ministry said a Philippine vessel rammed a fishing boat on 3 May. "
        "The boat sank near the reef at 9 am.\n\n"
        "The reef lies 200 kilometres from Palawan."
    )
    art = _by_hand(text)
    art.paragraphs[0].role = "title"
    b, m = text.index("Beijing"), text.index("Manila")
    c = text.index("China")
    art.actors = [
        Actor(id="china", name="China", aliases=["Beijing", "China"], mentions=[(b, b + 7), (c, c + 5)],
              type="government", country="China", reason="registry"),
        Actor(id="philippines", name="Philippines", aliases=["Manila"], mentions=[(m, m + 6)],
              type="government", country="Philippines", reason="registry"),
    ]
    art = _run(art, ("a1", "China's foreign ministry", "said",
                     "a Philippine vessel rammed a fishing boat on 3 May", "indirect", "china"))
    central = [c for c in art.claims if c.central]
    assert [c.text for c in central] == ["a Philippine vessel rammed a fishing boat on 3 May"]
    assert "china" in central[0].reason and "philippin" in central[0].reason


@pytest.mark.unit
def test_claims_unverified_disclaimer_hedges_its_sentence_or_the_one_before() -> None:
    text = (
        "Drone Attack\n\n"
        "The army said it downed 31 of 40 drones, a figure that could not be independently verified. "
        "The plant in Izium lost power on 3 May. The Harbour Company reported that 9 workers were injured. "
        "The claim could not be verified.\n\n"
        "The Ashby mill closed in 1998 after a fire."
    )
    art = _run(
        _by_hand(text),
        ("a1", "The army", "said", "it downed 31 of 40 drones", "indirect", "army"),
        ("a2", "The Harbour Company", "reported", "9 workers were injured", "indirect", "harbour"),
    )
    status = {c.text: c.status for c in art.claims}
    assert status["it downed 31 of 40 drones"] == "hedged"
    assert status["The plant in Izium lost power on 3 May."] == "asserted"
    assert status["9 workers were injured"] == "hedged"
    assert status["The Ashby mill closed in 1998 after a fire."] == "asserted"
    hedged = next(c for c in art.claims if c.text == "9 workers were injured")
    assert [art.hedges[i].kind for i in hedged.hedges] == ["unverified"]


@pytest.mark.integration
def test_claims_reported_clause_with_a_definite_subject_is_checkable(parse: Any) -> None:
    text = "The ministry said its forces had struck the depot."
    art = _run(
        parse(text),
        ("a1", "The ministry", "said", "its forces had struck the depot", "indirect", "mod"),
    )
    assert [(c.text, c.attribution) for c in art.claims] == [("its forces had struck the depot", "a1")]
    assert "definite subject ('its forces')" in art.claims[0].reason


@pytest.mark.unit
def test_claims_the_accusation_a_source_dismisses_is_the_central_one() -> None:
    text = (
        "Ministry Warns of Dam Sabotage\n\n"
        "The ministry warned that saboteurs had mined the Riverton dam on 3 May. "
        "A source said engineers found 12 charges near the turbines.\n\n"
        "The regional governor dismissed the accusation. The dam reopened on 9 May."
    )
    lede = "saboteurs had mined the Riverton dam on 3 May"
    detail = "engineers found 12 charges near the turbines"
    art = _run(_by_hand(text), ("a1", "The ministry", "warned", lede, "indirect", "ministry"),
               ("a2", "A source", "said", detail, "indirect", "source"),
               ("a3", "The regional governor", "dismissed", "the accusation", "indirect", "governor"))
    status = {c.text: c.status for c in art.claims}
    assert status[lede] == "disputed" and status[detail] == "attributed"


@pytest.mark.unit
def test_claims_an_allegation_reported_just_before_is_not_the_central_one() -> None:
    text = (
        "Ministry Warns of Dam Sabotage\n\n"
        "The ministry warned that saboteurs had mined the Riverton dam on 3 May.\n\n"
        "An opposition deputy claimed the minister knew. The regional governor dismissed the allegation."
    )
    lede = "saboteurs had mined the Riverton dam on 3 May"
    art = _run(_by_hand(text), ("a1", "The ministry", "warned", lede, "indirect", "ministry"),
               ("a2", "An opposition deputy", "claimed", "the minister knew", "indirect", "deputy"),
               ("a3", "The regional governor", "dismissed", "the allegation", "indirect", "governor"))
    assert {c.text: c.status for c in art.claims}[lede] == "attributed"


@pytest.mark.unit
def test_claims_a_negated_denial_disputes_nothing() -> None:
    text = (
        "Dam Report\n\n"
        "The county said the Riverton dam failed on 3 May. The engineer did not deny the report."
    )
    lede = "the Riverton dam failed on 3 May"
    art = _run(_by_hand(text), ("a1", "The county", "said", lede, "indirect", "county"),
               ("a2", "The engineer", "did not deny", "the report", "indirect", "engineer"))
    assert {c.text: c.status for c in art.claims}[lede] == "attributed"


@pytest.mark.integration
def test_claims_the_outlet_calling_the_claim_false_disputes_it(parse: Any) -> None:
    text = (
        "Fact check: tap water was safe\n\n"
        "A post claims that Lisbon's tap water was contaminated with cholera on 3 May. The claim is false."
    )
    art = parse(text)
    content = "that Lisbon's tap water was contaminated with cholera on 3 May"
    art.attributions = [_attr(art, "a1", "A post", "claims", content, "indirect", "post")]
    Hedging()(art)
    Claims(checkworthiness=False)(art)
    claim = next(c for c in art.claims if c.attribution == "a1")
    assert claim.status == "disputed" and "'false'" in claim.reason


@pytest.mark.integration
def test_claims_the_checkworthiness_model_admits_what_the_rules_see_nothing_in(parse: Any) -> None:
    class ByWord:
        def score(self, texts: Sequence[str]) -> list[float]:
            return [0.9 if "explosives" in t or "evidence" in t else 0.59 if "crowd" in t else 0.1 for t in texts]

    text = (
        "Investigators had found traces of explosives at the site. "
        "The crowd was angry and tired. "
        "He offered no evidence for the claim. "
        "The stadium cost 400 million dollars in 2019."
    )
    art = _run(parse(text), scorer=ByWord())
    assert [c.text for c in art.claims] == [
        "Investigators had found traces of explosives at the site.",
        "The stadium cost 400 million dollars in 2019.",
    ]
    assert "check-worthiness model rates it 0.90" in art.claims[0].reason
    assert [c.checkworthiness for c in art.claims] == [0.9, 0.1]
    # without the model, the rules alone decide
    assert [c.text for c in _run(parse(text)).claims] == ["The stadium cost 400 million dollars in 2019."]


@pytest.mark.unit
def test_claims_a_finding_of_no_evidence_disputes_the_accusation() -> None:
    text = (
        "Moscow Accuses US Of Secret Labs\n\n"
        "Moscow accused Washington of running 12 secret weapons laboratories in Georgia.\n\n"
        "The World Health Organization said it had found no evidence of weapons research at the sites. "
        "The accuser offered no evidence."
    )
    art = _run(
        _by_hand(text),
        ("a1", "Moscow", "accused", "Washington of running 12 secret weapons laboratories in Georgia",
         "internal_state", "russia"),
        ("a2", "The World Health Organization", "said", "it had found no evidence of weapons research at the sites",
         "indirect", "who"),
    )
    accusation = next(c for c in art.claims if c.attribution == "a1")
    assert accusation.status == "disputed" and "found no evidence" in accusation.reason
    # the accuser's own lack of evidence ('offered no evidence') is a hedge, not a finding that disputes
    assert all("offered no evidence'" not in c.reason for c in art.claims)

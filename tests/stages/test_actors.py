"""Actors stage: merging mentions, typing sources, party to conflict, registry extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.article import Article, Attribution, Entity
from sourcetrace.pipeline import Pipeline
from sourcetrace.registry import load_registry
from sourcetrace.stages.actors import Actors
from tests.conftest import make_article


def _article(text: str, entities: dict[str, str] | None = None, sources: list[str] | None = None,
             outlet: str | None = None) -> Article:
    """An article with hand-made entities (first occurrence of each text) and attributions (one per source)."""
    article = make_article(text)
    article.meta.outlet = outlet
    for surface, label in (entities or {}).items():
        start = text.index(surface)
        article.entities.append(Entity(start=start, end=start + len(surface), label=label, text=surface))
    article.entities.sort(key=lambda e: e.start)
    return _cite(article, sources or [])


def _cite(article: Article, sources: list[str]) -> Article:
    """Add one attribution per source phrase (its first occurrence), with an empty cue and no content."""
    for n, source in enumerate(sources):
        start = article.text.index(source)
        article.attributions.append(Attribution(
            id=f"a{n}", source=(start, start + len(source)), cue=(start, start), content=None, kind="indirect",
            source_text=source,
        ))
    return article


def _run(article: Article) -> Article:
    return Actors()(article)


def _actor_of(article: Article, source: str):  # type: ignore[no-untyped-def]
    attribution = next(a for a in article.attributions if a.source_text == source)
    actor = article.actor(attribution.actor)
    assert actor is not None, f"no actor for {source!r}"
    return actor


@pytest.mark.unit
def test_registry_aliases_merge_into_one_actor() -> None:
    text = "Islamic State fighters raided the village. Daesh later claimed it. ISIS had warned in May."
    article = _run(_article(text))
    isis = [a for a in article.actors if a.id == "isis"]
    assert len(isis) == 1
    assert set(isis[0].aliases) == {"Islamic State", "Daesh", "ISIS"}
    assert [text[s:e] for s, e in isis[0].mentions] == ["Islamic State", "Daesh", "ISIS"]
    assert isis[0].type == "intelligence_military"


@pytest.mark.unit
def test_a_web_address_tagged_as_a_name_is_no_actor() -> None:
    text = "TRUTH LIVES on at https://example.org/ and Greenpeace Nordic said so."
    article = _run(_article(text, {"https://example.org/": "GPE", "Greenpeace Nordic": "ORG"}))
    assert [a.name for a in article.actors] == ["Greenpeace Nordic"]


@pytest.mark.unit
def test_a_source_and_his_team_is_the_named_person() -> None:
    text = "Anna Berg won. Berg and her team were unsure whether the race would go on."
    article = _run(_article(text, {"Anna Berg": "PERSON"}, sources=["Berg and her team"]))
    assert _actor_of(article, "Berg and her team").name == "Anna Berg"


@pytest.mark.unit
def test_an_unnamed_headline_source_is_the_one_person_described_so() -> None:
    text = "Summit is a chance, energy editor says\n\nThe summit matters, editor of Grid Weekly Marta Lind told us."
    article = _run(_article(text, {"Marta Lind": "PERSON"}, sources=["energy editor"]))
    lind = _actor_of(article, "energy editor")
    assert (lind.name, lind.type) == ("Marta Lind", "news_outlet")


@pytest.mark.unit
def test_someones_spokesman_is_not_the_one_described_elsewhere() -> None:
    text = "Tom Hale landed in Oslo. His spokesman said little. Its spokesman Dmitry Peskov said more."
    article = _run(_article(text, {"Tom Hale": "PERSON", "Dmitry Peskov": "PERSON"}, sources=["His spokesman"]))
    assert _actor_of(article, "His spokesman").name != "Dmitry Peskov"


@pytest.mark.unit
def test_abbreviated_titles_type_a_person_and_a_headline_is_no_title() -> None:
    text = "Bill in Senate\n\nRepublican Sen. Dan Sullivan backed it. Lt. Gen. Sam Hall said the army was ready."
    people = {"Dan Sullivan": "PERSON", "Sam Hall": "PERSON"}
    article = _run(_article(text, people, sources=["Dan Sullivan", "Sam Hall"]))
    sullivan = _actor_of(article, "Dan Sullivan")
    assert (sullivan.type, sullivan.role) == ("government", "republican senator")
    assert _actor_of(article, "Sam Hall").type == "intelligence_military"


@pytest.mark.unit
def test_companies_and_their_heads_are_organisations() -> None:
    text = ("The state's largest utility, Northbay Power, said prices would rise. The company said more. "
            "The firm's chief executive, Laura Mendes, said jobs would go. Environmental groups disputed that. "
            "WHO Director-General Tedros Ghebreyesus said little. Patients' groups say more.")
    article = _run(_article(
        text, {"Northbay Power": "ORG", "Laura Mendes": "PERSON", "WHO": "ORG", "Tedros Ghebreyesus": "PERSON"},
        sources=["The state's largest utility, Northbay Power,", "The company",
                 "The firm's chief executive, Laura Mendes,", "Environmental groups", "Tedros Ghebreyesus",
                 "Patients' groups"],
    ))
    assert _actor_of(article, "The state's largest utility, Northbay Power,").name == "Northbay Power"
    mendes = _actor_of(article, "The firm's chief executive, Laura Mendes,")
    assert (mendes.name, mendes.type, mendes.role) == ("Laura Mendes", "organisation", "chief executive")
    for source in ("The company", "Environmental groups", "Patients' groups"):
        assert _actor_of(article, source).type == "organisation", source
    assert _actor_of(article, "Tedros Ghebreyesus").type == "international_org"  # the WHO's, not a company's


@pytest.mark.unit
def test_a_headline_company_noun_is_the_company_named_with_it() -> None:
    text = "Utility blames wind farms\n\nThe state's largest utility, Northbay Power, said prices would rise."
    article = _run(_article(text, {"Northbay Power": "ORG"}, sources=["Utility"]))
    assert _actor_of(article, "Utility").name == "Northbay Power"


@pytest.mark.unit
def test_the_chinese_are_china_not_the_chinese_president() -> None:
    text = ("Chinese President Xi Jinping met envoys. China has called for talks. "
            "The Chinese are now calling for a probe.")
    article = _run(_article(text, {"Xi Jinping": "PERSON", "China": "GPE"}, sources=["China", "The Chinese"]))
    assert _actor_of(article, "The Chinese").name == "China"


@pytest.mark.unit
def test_a_research_fellow_is_an_expert_and_spooks_are_intelligence() -> None:
    text = "Taras Kuzio, a research fellow at the Henry Jackson Society, says so. Spooks now believe it."
    article = _run(_article(text, {"Taras Kuzio": "PERSON"}, sources=["Taras Kuzio", "Spooks"]))
    assert _actor_of(article, "Taras Kuzio").type == "expert"
    assert _actor_of(article, "Spooks").type == "intelligence_military"


@pytest.mark.unit
def test_a_courtesy_title_is_no_role_and_an_institution_keeps_its_whole_name() -> None:
    text = "Dr. Nadia Okafor, an economist at the Kyiv School of Economics, said demand grew."
    article = _run(_article(text, {"Nadia Okafor": "PERSON"}, sources=["Nadia Okafor"]))
    okafor = _actor_of(article, "Nadia Okafor")
    assert (okafor.type, okafor.role) == ("expert", "economist, Kyiv School of Economics")


@pytest.mark.unit
def test_i_outside_every_quotation_is_the_writer() -> None:
    text = "I do not believe the port will reopen. The mayor said: I think it will reopen in May."
    article = _article(text, {"mayor": "PERSON"})
    article.meta.author = "Jane Rowe"
    mayor_said = text.index("said")
    inner = text.index("I think")
    article.attributions = [
        Attribution(id="a1", source=(0, 1), cue=(2, 16), content=(17, 37), kind="internal_state", source_text="I"),
        Attribution(id="a2", source=(text.index("The mayor"), mayor_said - 1), cue=(mayor_said, mayor_said + 4),
                    content=(inner, len(text)), kind="direct", source_text="The mayor"),
        Attribution(id="a3", source=(inner, inner + 1), cue=(inner + 2, inner + 7), content=(inner + 8, len(text)),
                    kind="internal_state", source_text="I"),
    ]
    article = _run(article)
    writer = _actor_of(article, "I")
    assert (writer.name, writer.type, writer.role) == ("Jane Rowe", "self_citation", "author")
    assert "first person" in writer.reason
    assert article.attributions[2].actor != writer.id  # the mayor's own "I think", inside the quotation


@pytest.mark.unit
def test_a_country_alone_before_a_name_is_no_nationality() -> None:
    # a subheading run into the text ("US should support Ukraine" + "Kissinger argued ...")
    text = "US should support Ukraine Kissinger argued that the US should continue."
    article = _run(_article(text, {"Kissinger": "PERSON"}, sources=["Kissinger"]))
    assert _actor_of(article, "Kissinger").country is None


@pytest.mark.unit
def test_an_unnamed_source_is_no_person_named_after_other_words() -> None:
    # "percent" stands before the name, but "approve of President" is no title of Joe Biden
    text = "In the poll 54 percent approve of President Joe Biden."
    article = _run(_article(text, {"Joe Biden": "PERSON"}, sources=["54 percent"]))
    assert _actor_of(article, "54 percent").name == "54 percent"


@pytest.mark.unit
def test_pollsters_are_registered_experts() -> None:
    article = _run(_article("Pew Research noted the gap.", sources=["Pew Research"]))
    pew = _actor_of(article, "Pew Research")
    assert (pew.name, pew.type, pew.country) == ("Pew Research Center", "expert", "United States")


@pytest.mark.unit
def test_a_full_name_the_recogniser_missed_joins_the_tagged_surname() -> None:
    text = "Moses Wetangula, speaker of the National Assembly, said so. Wetangula questioned it. Gov. Ann Lee agreed."
    article = _article(text, {"Ann Lee": "PERSON"},
                       sources=["Moses Wetangula, speaker of the National Assembly,", "Gov. Ann Lee"])
    later = text.index("Wetangula questioned")
    article.entities.append(Entity(start=later, end=later + 9, label="PERSON", text="Wetangula"))
    article.entities.sort(key=lambda e: e.start)
    article = _run(article)
    speaker = _actor_of(article, "Moses Wetangula, speaker of the National Assembly,")
    assert speaker.name == "Moses Wetangula" and speaker.type == "government"
    assert _actor_of(article, "Gov. Ann Lee").type == "government"  # 'Gov.' is a governor


@pytest.mark.unit
def test_we_as_the_addressee_of_a_passive_cue_is_not_the_writer() -> None:
    text = "We are constantly reminded that bills will rise."
    article = _article(text)
    article.attributions = [Attribution(id="a1", source=(0, 2), cue=(3, 25), content=(26, 48), kind="indirect",
                                        source_text="We", cue_text="are constantly reminded")]
    article = _run(article)
    assert article.attributions[0].actor is None


@pytest.mark.unit
def test_reporters_inside_an_unnamed_phrase_make_no_news_outlet() -> None:
    text = "Voices that ranged from psychologists to news reporters began asking questions. A reporter said so."
    article = _run(_article(text, sources=["Voices that ranged from psychologists to news reporters", "A reporter"]))
    assert _actor_of(article, "Voices that ranged from psychologists to news reporters").type != "news_outlet"
    assert _actor_of(article, "A reporter").type == "news_outlet"  # the phrase's head


@pytest.mark.unit
@pytest.mark.parametrize(("source", "kind"), [("the PM", "government"), ("the WSJ piece", "document"),
                                             ("Forecasters", "anonymous"), ("the group's website", "document")])
def test_more_source_words(source: str, kind: str) -> None:
    article = _run(_article(f"{source} said so.", sources=[source]))
    assert _actor_of(article, source).type == kind


@pytest.mark.unit
def test_tedros_speaks_for_the_who() -> None:
    article = _run(_article("Tedros said the outbreak was over.", sources=["Tedros"]))
    assert _actor_of(article, "Tedros").type == "international_org"


@pytest.mark.unit
def test_us_surface_variants_are_one_government() -> None:
    text = "The US denied it. United States envoys met. America will respond, and the Americans left."
    article = _run(_article(text))
    us = article.actor("united-states")
    assert us is not None
    assert set(us.aliases) == {"US", "United States", "America", "Americans"}
    assert us.type == "government"
    assert len(article.actors) == 1


@pytest.mark.unit
def test_acronym_defined_in_text_links_long_form_acronym_and_stem() -> None:
    text = ("The Northern Water Authority of Velmar (NWA VR) said on Monday the dam was safe. "
            "Residents doubt the NWA VR figures. The NWA later changed its estimate.")
    article = _run(_article(text, sources=["The Northern Water Authority of Velmar (NWA VR)", "The NWA"]))
    actors = [a for a in article.actors if "NWA" in a.aliases]
    assert len(actors) == 1
    actor = actors[0]
    assert actor.name == "Northern Water Authority of Velmar"
    assert set(actor.aliases) == {"Northern Water Authority of Velmar", "NWA VR", "NWA"}
    assert len(actor.mentions) == 4
    assert {a.actor for a in article.attributions} == {actor.id}


@pytest.mark.unit
def test_acronym_initials_trim_the_long_form() -> None:
    text = "Yesterday the Coastal Fisheries Board (CFB) closed the bay. The CFB gave no reason."
    article = _run(_article(text))
    board = next(a for a in article.actors if "CFB" in a.aliases)
    assert board.name == "Coastal Fisheries Board"


@pytest.mark.unit
def test_surname_links_to_full_name() -> None:
    text = "Marta Kovalenko opened the plant. Critics called Kovalenko reckless. Kovalenko said nothing."
    article = _run(_article(text, entities={"Marta Kovalenko": "PERSON"}, sources=["Kovalenko"]))
    people = [a for a in article.actors if a.type == "person"]
    assert len(people) == 1
    assert people[0].name == "Marta Kovalenko"
    assert len(people[0].mentions) == 3
    assert article.attributions[0].actor == people[0].id


@pytest.mark.unit
def test_surname_shared_by_two_people_is_not_guessed() -> None:
    text = "Anna Berg and Tomas Berg argued. Berg left early."
    article = _run(_article(text, entities={"Anna Berg": "PERSON", "Tomas Berg": "PERSON"}))
    assert sorted(a.name for a in article.actors) == ["Anna Berg", "Tomas Berg"]


@pytest.mark.unit
def test_capitals_stand_for_governments_but_not_as_destinations() -> None:
    text = "Washington rejected the plan. Moscow and Damascus welcomed it. Ankara stayed silent. Envoys flew to Moscow."
    article = _run(_article(text, sources=["Washington", "Ankara"]))
    by_id = {a.id: a for a in article.actors}
    assert by_id["united-states"].aliases == ["Washington"]
    assert by_id["syria"].type == "government"
    assert len(by_id["russia"].mentions) == 1  # "to Moscow" is a place
    assert "stands for Russia" in by_id["russia"].reason
    assert _actor_of(article, "Ankara").id == "turkey"


@pytest.mark.unit
def test_brussels_is_the_eu() -> None:
    article = _run(_article("Brussels said the rules stand.", sources=["Brussels"]))
    assert _actor_of(article, "Brussels").type == "international_org"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "entities", "source", "kind", "country"),
    [
        ("Defence ministry spokeswoman Lena Varga said the drill ended.", {"Lena Varga": "PERSON"},
         "Defence ministry spokeswoman Lena Varga", "spokesperson", None),
        ("Colonel Piet Maas said the bridge was hit.", {"Piet Maas": "PERSON"}, "Colonel Piet Maas",
         "intelligence_military", None),
        ("Finance Minister Ada Holm said taxes would rise.", {"Ada Holm": "PERSON"}, "Finance Minister Ada Holm",
         "government", None),
        ("Economist Ana Ruiz said prices would fall.", {"Ana Ruiz": "PERSON"}, "Economist Ana Ruiz", "expert", None),
        ("Jonas Berg said the road was closed.", {"Jonas Berg": "PERSON"}, "Jonas Berg", "person", None),
        ("Greenfield Logistics said the lorries were late.", {"Greenfield Logistics": "ORG"},
         "Greenfield Logistics", "organisation", None),
        ("A senior official said the talks failed.", {}, "A senior official", "anonymous", None),
        ("People familiar with the talks said they failed.", {}, "People familiar with the talks", "anonymous",
         None),
        ("Polish diplomats said the talks failed.", {}, "Polish diplomats", "anonymous", "Poland"),
        ("A leaked report said the talks failed.", {}, "A leaked report", "document", None),
        ("A Telegram post said the talks failed.", {}, "A Telegram post", "social_media", None),
        ("The Ministry of Fisheries said quotas would fall.", {}, "The Ministry of Fisheries", "government", None),
        ("Reuters said the talks failed.", {}, "Reuters", "news_outlet", "United Kingdom"),
        ("Polish news agencies said the talks failed.", {}, "Polish news agencies", "news_outlet", "Poland"),
        ("A judge denied the appeal.", {}, "A judge", "government", None),
        ("NATO said the talks failed.", {}, "NATO", "international_org", None),
        ("The CIA said the talks failed.", {}, "The CIA", "intelligence_military", "United States"),
        ("Analysts said the talks failed.", {}, "Analysts", "anonymous", None),
        ("Analysts at the Kiel Institute said the talks failed.", {}, "Analysts at the Kiel Institute", "expert",
         None),
        ("Glaciologists said the ice was thinning.", {}, "Glaciologists", "anonymous", None),
        ("Glaciologist Ida Berg said the ice was thinning.", {"Ida Berg": "PERSON"}, "Glaciologist Ida Berg",
         "expert", None),
    ],
)
def test_source_types(text: str, entities: dict[str, str], source: str, kind: str, country: str | None) -> None:
    article = _run(_article(text, entities=entities, sources=[source]))
    actor = _actor_of(article, source)
    assert actor.type == kind, actor.reason
    assert actor.country == country
    assert actor.reason


@pytest.mark.unit
def test_spokesman_role_and_country_from_title_words() -> None:
    text = "According to Russian Defense Ministry spokesman Oleg Petrenko, the column turned back."
    source = "Russian Defense Ministry spokesman Oleg Petrenko"
    article = _run(_article(text, entities={"Oleg Petrenko": "PERSON"}, sources=[source]))
    actor = _actor_of(article, source)
    assert (actor.type, actor.country, actor.role) == ("spokesperson", "Russia", "defence ministry spokesman")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "person", "source", "name", "kind"),
    [  # a capitalised title keeps its lower-case links
        ('"It will be buggy," University of Maryland Professor Emeritus of Entomology Michael Raupp said.',
         "Michael Raupp", "Michael Raupp", "Michael Raupp", "expert"),
        # the last name heads the phrase
        ("Biden campaign spokesperson James Singer condemned the remarks.", "James Singer",
         "Biden campaign spokesperson James Singer", "James Singer", "spokesperson"),
        # a person with a federal service speaks for the government
        ("Mike Litterst with the National Park Service said the trees bloomed early.", "Mike Litterst",
         "Mike Litterst with the National Park Service", "Mike Litterst", "government"),
    ],
)
def test_a_named_person_in_a_source_phrase(text: str, person: str, source: str, name: str, kind: str) -> None:
    actor = _actor_of(_run(_article(text, entities={person: "PERSON"}, sources=[source])), source)
    assert (actor.name, actor.type) == (name, kind)


@pytest.mark.unit
def test_appositive_describes_a_person() -> None:
    text = "Oleg Petrenko, a spokesman for the Harbour Authority, said the port was shut. Petrenko added little."
    article = _run(_article(text, entities={"Oleg Petrenko": "PERSON"}, sources=["Petrenko"]))
    actor = _actor_of(article, "Petrenko")
    assert actor.type == "spokesperson"
    assert actor.role == "spokesman, Harbour Authority"


@pytest.mark.unit
def test_unnamed_officer_keeps_affiliation() -> None:
    text = "A senior commander from Iraq's Popular Mobilization Units said drones were seen near the border."
    source = "A senior commander from Iraq's Popular Mobilization Units"
    article = _run(_article(text, sources=[source]))
    actor = _actor_of(article, source)
    assert (actor.type, actor.country) == ("anonymous", "Iraq")
    assert actor.role == "senior commander, Popular Mobilization Units"


@pytest.mark.unit
def test_self_citation_via_meta_outlet() -> None:
    text = "Last year Reuters reported the deal. The Daily Lantern reported the same in May."
    article = _run(_article(text, sources=["Reuters", "The Daily Lantern"], outlet="Reuters"))
    assert _actor_of(article, "Reuters").type == "self_citation"
    assert _actor_of(article, "The Daily Lantern").type != "self_citation"
    other = _run(_article(text, sources=["The Daily Lantern"], outlet="The Daily Lantern"))
    assert _actor_of(other, "The Daily Lantern").type == "self_citation"


@pytest.mark.unit
def test_self_citation_by_the_outlets_short_name() -> None:
    text = "As the Courier revealed in January, the firm was new. The Evening Courier disagreed."
    article = _run(_article(text, entities={"Courier": "ORG", "The Evening Courier": "ORG"},
                            sources=["the Courier", "The Evening Courier"], outlet="The Northern Courier"))
    assert _actor_of(article, "the Courier").type == "self_citation"
    assert _actor_of(article, "The Evening Courier").type != "self_citation"


@pytest.mark.unit
def test_pronoun_source_needs_resolution() -> None:
    text = "Marta Kovalenko arrived late. She said the meeting was over."
    article = _article(text, entities={"Marta Kovalenko": "PERSON"}, sources=["She"])
    assert _run(article).attributions[0].actor is None
    article = _article(text, entities={"Marta Kovalenko": "PERSON"}, sources=["She"])
    article.attributions[0].resolved_source = (0, len("Marta Kovalenko"))
    assert _run(article).attributions[0].actor == "marta-kovalenko"


@pytest.mark.unit
def test_party_to_conflict_follows_the_article_topic() -> None:
    text = ("Kyiv said shelling hit Donbas overnight. Ukraine asked for help. "
            "Russian Defence Ministry spokesman Oleg Petrenko denied it. Poland sent blankets. "
            "Jonas Berg, a farmer, watched.")
    source = "Russian Defence Ministry spokesman Oleg Petrenko"
    article = _run(_article(text, entities={"Oleg Petrenko": "PERSON", "Jonas Berg": "PERSON"},
                            sources=[source, "Kyiv", "Poland"]))
    assert _actor_of(article, source).party_to_conflict is True
    assert _actor_of(article, "Kyiv").party_to_conflict is True
    assert _actor_of(article, "Poland").party_to_conflict is False
    assert article.actor("jonas-berg").party_to_conflict is None  # type: ignore[union-attr]
    assert "Ukraine war" in _actor_of(article, source).reason


@pytest.mark.unit
def test_no_conflict_topic_means_party_unknown() -> None:
    article = _run(_article("Poland opened a new bridge. Warsaw said it cost little.", sources=["Warsaw"]))
    assert _actor_of(article, "Warsaw").party_to_conflict is None


@pytest.mark.unit
def test_registry_extension_through_the_constructor(tmp_path: Path) -> None:
    path = tmp_path / "extra.toml"
    path.write_text('[actors.lantern]\nname = "Daily Lantern"\ntype = "news_outlet"\nkind = "outlet"\n'
                    'country = "Ireland"\naliases = ["the Lantern"]\n', encoding="utf-8")
    text = "The Lantern reported the deal."
    article = Actors(registry=load_registry([path]))(_article(text, sources=["The Lantern"]))
    actor = _actor_of(article, "The Lantern")
    assert (actor.id, actor.type, actor.country) == ("lantern", "news_outlet", "Ireland")
    assert _actor_of(Actors(extra_registries=[path])(_article(text, sources=["The Lantern"])), "The Lantern").id == (
        "lantern"
    )
    plain = _run(_article(text, sources=["The Lantern"]))
    assert _actor_of(plain, "The Lantern").id != "lantern"


@pytest.mark.unit
def test_stage_declares_its_layers() -> None:
    assert Actors.requires == ("parses", "entities", "attributions")
    assert Actors.assigns == ("actors",)
    assert Pipeline(["linguistics", "attribution", "actors"]).names[-1] == "actors"


@pytest.mark.integration
def test_real_parse_types_a_spokesman_and_links_surname(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("Foreign Ministry spokeswoman Helga Brandt said on Friday that the Velmar Coast Guard (VCG) "
            "had seized the trawler. Brandt said the VCG acted lawfully. "
            "A senior officer from the coast guard said the crew was safe.")
    article = _cite(parse(text), ["Foreign Ministry spokeswoman Helga Brandt", "Brandt",
                                  "A senior officer from the coast guard"])
    article = Actors()(article)
    brandt = _actor_of(article, "Foreign Ministry spokeswoman Helga Brandt")
    assert brandt.type == "spokesperson"
    assert brandt.role == "foreign ministry spokeswoman"
    assert _actor_of(article, "Brandt").id == brandt.id
    guard = next(a for a in article.actors if "VCG" in a.aliases)
    assert guard.type == "intelligence_military"
    assert _actor_of(article, "A senior officer from the coast guard").type == "anonymous"


@pytest.mark.unit
def test_source_span_is_cut_at_a_colon_or_quote() -> None:
    text = "The harbour statement: \u201cNo ship left.\u201d Later the latter said more."
    article = _article(text, sources=["The harbour statement: \u201cNo ship left.\u201d", "the latter"])
    article = _run(article)
    first = article.actor(article.attributions[0].actor)
    assert first is not None
    assert (first.name, first.type) == ("The harbour statement", "document")
    assert article.attributions[1].actor is None


@pytest.mark.unit
def test_curly_possessive_and_parenthesised_acronym_in_an_unnamed_source() -> None:
    text = "A high-ranking officer from Iraq\u2019s Popular Mobilization Units (PMU) said the convoy moved."
    source = "A high-ranking officer from Iraq\u2019s Popular Mobilization Units (PMU)"
    article = _run(_article(text, sources=[source]))
    actor = _actor_of(article, source)
    assert (actor.type, actor.country, actor.role) == ("anonymous", "Iraq", "officer, Popular Mobilization Units")
    pmu = article.actor("pmu")
    assert pmu is not None and set(pmu.aliases) == {"Popular Mobilization Units", "PMU"}


@pytest.mark.unit
def test_coordinated_source_names_every_actor() -> None:
    text = "Neither Ankara nor Brussels accepted the offer. Both Iraq and Jordan have accused the smugglers."
    article = _run(_article(text, sources=["Neither Ankara nor Brussels", "Both Iraq and Jordan"]))
    first, second = article.attributions
    assert first.actors == ["turkey", "eu"]
    assert first.actor == "turkey"
    assert second.actors == ["iraq", "jordan"]


@pytest.mark.unit
def test_single_name_with_and_is_not_split() -> None:
    text = "Bosnia and Herzegovina said it would not sign."
    article = _run(_article(text, sources=["Bosnia and Herzegovina"]))
    assert len(article.attributions[0].actors) == 1


@pytest.mark.unit
def test_states_named_in_a_dispute_headline_are_parties() -> None:
    text = "Ankara and Kyiv Trade Accusations Over Grain Ship\n\nAnkara said the papers were forged. Oslo said nothing."
    article = _article(text, sources=["Ankara", "Oslo"])
    article.paragraphs[0].role = "title"
    article = _run(article)
    assert article.actor("turkey").party_to_conflict is True  # type: ignore[union-attr]
    assert article.actor("ukraine").party_to_conflict is True  # type: ignore[union-attr]
    assert article.actor("norway").party_to_conflict is False  # type: ignore[union-attr]
    assert "headline" in article.actor("turkey").reason  # type: ignore[union-attr]


@pytest.mark.unit
def test_a_headline_without_a_dispute_word_names_no_parties() -> None:
    text = "Ankara and Kyiv Sign Grain Deal\n\nAnkara said the deal was fair."
    article = _article(text, sources=["Ankara"])
    article.paragraphs[0].role = "title"
    assert _run(article).actor("turkey").party_to_conflict is None  # type: ignore[union-attr]


@pytest.mark.unit
def test_role_naming_a_body_takes_the_country_of_that_body_named_before() -> None:
    text = ("China's Ministry of Foreign Affairs said the boat was rammed near Second Thomas Shoal. "
            "Ministry spokeswoman Li Wen said Manila must stop. The South China Sea is contested.")
    source = "Ministry spokeswoman Li Wen"
    article = _run(_article(text, entities={"Ministry of Foreign Affairs": "ORG", "Li Wen": "PERSON",
                                            "Manila": "GPE"},
                            sources=["China's Ministry of Foreign Affairs", source, "Manila"]))
    actor = _actor_of(article, source)
    assert actor.type == "spokesperson"
    assert actor.country == "China"
    assert actor.party_to_conflict is True
    assert "Ministry of Foreign Affairs" in actor.reason
    assert _actor_of(article, "Manila").party_to_conflict is True  # South China Sea disputes


@pytest.mark.unit
def test_role_naming_a_body_never_named_keeps_no_country() -> None:
    text = "Ministry spokeswoman Li Wen said the talks would resume."
    article = _run(_article(text, entities={"Li Wen": "PERSON"}, sources=["Ministry spokeswoman Li Wen"]))
    assert _actor_of(article, "Ministry spokeswoman Li Wen").country is None


@pytest.mark.unit
def test_an_outlet_noun_types_the_source_only_when_it_heads_it() -> None:
    text = ("US officials interviewed by the newspaper said the talks had stalled. "
            "The Italian daily Corriere della Sera reported that the envoy had left.")
    article = _run(_article(text, sources=["US officials interviewed by the newspaper",
                                           "The Italian daily Corriere della Sera"]))
    officials, daily = (article.actor(a.actor) for a in article.attributions)  # type: ignore[arg-type]
    assert officials is not None and officials.type == "anonymous"
    assert daily is not None and daily.type == "news_outlet"


@pytest.mark.integration
def test_a_document_taken_up_by_a_longer_definite_phrase_is_one_actor(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("Rich nations punish protesters, according to a report by the Harbour Institute. "
            "The 70-page report published on Monday also highlights new laws.")
    article = _cite(parse(text), ["a report by the Harbour Institute", "The 70-page report published on Monday"])
    article = Actors()(article)
    first = _actor_of(article, "a report by the Harbour Institute")
    assert first.type == "document"
    assert _actor_of(article, "The 70-page report published on Monday").id == first.id


@pytest.mark.unit
@pytest.mark.parametrize("pronoun", ["his", "its", "their"])
def test_an_unresolved_possessive_pronoun_is_no_actor(pronoun: str) -> None:
    text = f"Contrary to {pronoun} claim that the road was safe, it closed on Monday."
    article = _run(_article(text, sources=[pronoun]))
    assert article.attributions[0].actor is None


@pytest.mark.unit
def test_a_title_and_a_comma_before_a_name_describe_the_person() -> None:
    text = "Norway\u2019s Fisheries Minister, Kari Dahl has also been pushing. She said the quota was final."
    article = _run(_article(text, {"Kari Dahl": "PERSON"}))
    dahl = next(a for a in article.actors if a.name == "Kari Dahl")
    assert dahl.type == "government" and dahl.country == "Norway"


@pytest.mark.unit
def test_a_place_and_a_comma_before_a_name_say_nothing_of_the_person() -> None:
    text = "In Oslo, Kari Dahl said the quota was final."
    article = _run(_article(text, {"Oslo": "GPE", "Kari Dahl": "PERSON"}, sources=["Kari Dahl"]))
    assert _actor_of(article, "Kari Dahl").type not in ("government", "intelligence_military")


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Tove Lie of Bergen University said the bees stopped foraging.",
        "Bergen University's Tove Lie said the bees stopped foraging.",
        "Tove Lie, a Bergen University entomologist, said the bees stopped foraging.",
    ],
)
def test_a_person_working_at_a_university_is_an_expert(text: str) -> None:
    article = _run(_article(text, {"Tove Lie": "PERSON"}))
    assert next(a for a in article.actors if a.name == "Tove Lie").type == "expert"


@pytest.mark.unit
def test_a_persons_party_is_no_office() -> None:
    text = "President Ana Rusu's Party of Renewal won 50.2 percent."
    article = _run(_article(text, {"Ana Rusu": "PERSON", "Party of Renewal": "ORG"}))
    assert next(a for a in article.actors if a.name == "Party of Renewal").type != "government"


@pytest.mark.unit
def test_a_body_named_after_a_country_is_the_body_not_the_state() -> None:
    text = "The group, Fish Farmers of Norway, has asked for help. Norway said no."
    article = _run(_article(text, {"Fish Farmers of Norway": "ORG"}, sources=["The group, Fish Farmers of Norway,"]))
    actor = _actor_of(article, "The group, Fish Farmers of Norway,")
    assert (actor.name, actor.type, actor.country) == ("Fish Farmers of Norway", "organisation", "Norway")


@pytest.mark.unit
def test_the_president_of_a_group_is_no_government() -> None:
    text = "Kari Dahl, the group's president, said prices rose. Erik Berg, Norway's president, said so too."
    article = _run(_article(text, {"Kari Dahl": "PERSON", "Erik Berg": "PERSON"},
                            sources=["Kari Dahl, the group's president,", "Erik Berg, Norway's president,"]))
    assert _actor_of(article, "Kari Dahl, the group's president,").type == "organisation"
    assert _actor_of(article, "Erik Berg, Norway's president,").type == "government"


@pytest.mark.unit
def test_the_president_of_a_state_is_the_registry_person_the_article_names() -> None:
    text = "The president of Russia said talks failed. Putin said more. The president of France said no."
    article = _run(_article(text, sources=["The president of Russia", "Putin", "The president of France"]))
    assert _actor_of(article, "The president of Russia").name == "Vladimir Putin"
    assert _actor_of(article, "The president of France").name != "Emmanuel Macron"  # not named in the article


@pytest.mark.unit
def test_a_student_of_a_university_is_no_expert() -> None:
    text = "Mia Holm, a student from the University of Bergen, said the bees stopped foraging."
    article = _run(_article(text, {"Mia Holm": "PERSON"}))
    assert next(a for a in article.actors if a.name == "Mia Holm").type != "expert"


@pytest.mark.integration
def test_a_cause_someone_backs_is_not_their_affiliation(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("Former Vice President Tom Hale visited the port. \u201cWe must finish the harbour,\u201d Hale, an "
            "outspoken backer of the Ukrainian war effort and of military aid, told reporters.")
    source = "Hale, an outspoken backer of the Ukrainian war effort and of military aid,"
    hale = _actor_of(Actors()(_cite(parse(text), [source])), source)
    assert hale.name == "Tom Hale" and hale.type == "person" and hale.country is None  # a former office


@pytest.mark.integration
def test_a_former_or_retired_official_speaks_for_no_government(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("Former German Interior Minister Otto Schily said the talks had failed. Dmitry Petrov, a retired "
            "general, told reporters the front was stable. Sen. Jane Doe, a former governor, said she was "
            "worried. A former intelligence officer said Moscow was behind it.")
    article = _cite(parse(text), ["Former German Interior Minister Otto Schily", "Dmitry Petrov, a retired general,",
                                  "Sen. Jane Doe, a former governor,", "A former intelligence officer"])
    article = Actors()(article)
    schily = _actor_of(article, "Former German Interior Minister Otto Schily")
    assert (schily.type, schily.role, schily.country) == ("person", "former interior minister", "Germany")
    assert not schily.party_to_conflict
    assert "speaks for no government" in schily.reason
    petrov = _actor_of(article, "Dmitry Petrov, a retired general,")
    assert (petrov.type, petrov.role) == ("person", "retired general")
    assert _actor_of(article, "Sen. Jane Doe, a former governor,").type == "government"  # a senator now
    officer = _actor_of(article, "A former intelligence officer")
    assert officer.type == "anonymous" and not officer.party_to_conflict


@pytest.mark.unit
def test_a_person_is_not_the_outlet_named_like_him() -> None:
    text = ("Former Mayor Michael Bloomberg pledged $500 million. \u201cWe will win,\u201d Bloomberg said. "
            "Bloomberg News reported the pledge.")
    article = _article(text, {"Michael Bloomberg": "PERSON", "Bloomberg News": "ORG"}, ["Bloomberg said"])
    second = text.index("Bloomberg said")
    article.entities.append(Entity(start=second, end=second + 9, label="PERSON", text="Bloomberg"))
    article.entities.sort(key=lambda e: e.start)
    article.attributions[0] = article.attributions[0].model_copy(
        update={"source": (second, second + 9), "source_text": "Bloomberg"})
    article = _run(article)
    speaker = _actor_of(article, "Bloomberg")
    assert speaker.name == "Michael Bloomberg" and speaker.type != "news_outlet"
    assert any(a.name == "Bloomberg" and a.type == "news_outlet" for a in article.actors)  # the agency itself


@pytest.mark.unit
def test_the_name_signing_an_embedded_post_is_a_social_media_source() -> None:
    text = ("Europeans doubt Kyiv can win, new data show pic.twitter.com/abc\n\n"
            "\u2014 Agathe Demarais \U0001f1eb\U0001f1f7 (@AgatheDemarais) February 21, 2024\n\n"
            "The minister, Ivan Petrov (@ivanpetrov), said talks would resume.")
    article = _run(_article(text, {"Agathe Demarais": "PERSON", "Ivan Petrov": "PERSON"},
                            ["Agathe Demarais", "The minister, Ivan Petrov"]))
    demarais = _actor_of(article, "Agathe Demarais")
    assert demarais.type == "social_media" and "@AgatheDemarais" in demarais.reason
    assert _actor_of(article, "The minister, Ivan Petrov").type == "government"  # an office outranks the handle


@pytest.mark.unit
def test_a_person_the_recogniser_took_for_a_place_is_typed_by_the_description() -> None:
    text = ("Prices will rise, said Margot Vandervelden, WFP interim regional director for Western Africa. "
            "Growth will slow, said Tom Weinan, president of the Institute for Science in Beijing.")
    article = _run(_article(text, {"Margot Vandervelden": "GPE", "WFP": "ORG", "Tom Weinan": "GPE", "Beijing": "GPE"},
                            ["Margot Vandervelden", "Tom Weinan"]))
    assert _actor_of(article, "Margot Vandervelden").type == "international_org"  # speaks for the WFP
    weinan = _actor_of(article, "Tom Weinan")
    assert weinan.type == "expert" and "institute" in weinan.reason


@pytest.mark.unit
def test_a_definite_office_of_a_known_country_is_an_identifiable_official() -> None:
    text = ("The Russian ambassador to Mexico told reporters the claim was false. The Russian leader said no. "
            "A Russian minister said more. The officer said he was tired. The former German interior minister "
            "said so. Norway\u2019s minister of Foreign Affairs, Espen Barth Eide, said yes.")
    sources = ["The Russian ambassador to Mexico", "The Russian leader", "A Russian minister", "The officer",
               "The former German interior minister", "Norway\u2019s minister of Foreign Affairs, Espen Barth Eide"]
    article = _run(_article(text, sources=sources))
    ambassador = _actor_of(article, "The Russian ambassador to Mexico")
    assert (ambassador.type, ambassador.country) == ("government", "Russia")  # Mexico is where he serves
    assert _actor_of(article, "The Russian leader").type == "government"
    assert _actor_of(article, "A Russian minister").type == "anonymous"  # one of many
    assert _actor_of(article, "The officer").type == "anonymous"  # of nowhere the text says
    assert _actor_of(article, "The former German interior minister").type == "anonymous"
    eide = _actor_of(article, "Norway\u2019s minister of Foreign Affairs, Espen Barth Eide")
    assert (eide.type, eide.country) == ("government", "Norway") and "unnamed" not in eide.reason


@pytest.mark.unit
def test_a_church_leader_speaks_for_a_church_not_a_state() -> None:
    text = "Russian Orthodox Patriarch Kirill said the war was holy. Pope Francis urged peace, saying the war must end."
    article = _run(_article(text, {"Pope Francis": "PERSON"}, ["Russian Orthodox Patriarch Kirill", "Pope Francis"]))
    kirill = _actor_of(article, "Russian Orthodox Patriarch Kirill")
    assert (kirill.type, kirill.country) == ("organisation", "Russia") and "church" in kirill.reason
    assert not kirill.party_to_conflict
    assert _actor_of(article, "Pope Francis").type == "organisation"


@pytest.mark.unit
def test_unnamed_governments_in_the_plural_are_governments() -> None:
    text = ("Western governments said the vote was rigged. Several countries said they would boycott the summit. "
            "The senators said the bill would pass. Oxfam, a charity working in 90 countries, said aid was blocked.")
    article = _run(_article(text, {"Oxfam": "ORG"}, ["Western governments", "Several countries", "The senators",
                                                     "Oxfam, a charity working in 90 countries,"]))
    assert _actor_of(article, "Western governments").type == "government"
    assert _actor_of(article, "Several countries").type == "government"
    assert _actor_of(article, "The senators").type == "anonymous"  # unnamed officials, like "officials said"
    assert _actor_of(article, "Oxfam, a charity working in 90 countries,").type == "organisation"


@pytest.mark.unit
def test_unnamed_groups_of_people_are_anonymous_sources() -> None:
    text = "The pilots said the runway was flooded. Trade lawyers say the rules are unclear. Traders call it a bubble."
    article = _run(_article(text, sources=["The pilots", "Trade lawyers", "Traders"]))
    assert [_actor_of(article, s).type for s in ("The pilots", "Trade lawyers", "Traders")] == ["anonymous"] * 3


@pytest.mark.unit
def test_any_state_speaking_is_its_government_and_a_party_is_an_organisation() -> None:
    text = "Kenya said it would close two border crossings. Democrats said the aid bill was too small."
    article = _run(_article(text, {"Kenya": "GPE", "Democrats": "NORP"}, ["Kenya", "Democrats"]))
    kenya = _actor_of(article, "Kenya")
    assert (kenya.type, kenya.country) == ("government", "Kenya")
    democrats = _actor_of(article, "Democrats")
    assert (democrats.name, democrats.type, democrats.role) == ("Democratic Party", "organisation", "political party")
    assert democrats.country == "United States"


@pytest.mark.unit
def test_a_name_tagged_a_body_whose_surname_is_a_person_is_that_person() -> None:
    text = ("The memo was written by Inga Halvorsen, a marketing manager. Halvorsen praised the campaign. "
            "\u201cWe never saw it coming,\u201d Halvorsen wrote.")
    article = _article(text, {"Inga Halvorsen": "ORG"})
    praised = text.index("Halvorsen praised")  # the one mention the recogniser tags a person
    article.entities.append(Entity(start=praised, end=praised + len("Halvorsen"), label="PERSON", text="Halvorsen"))
    wrote = text.rindex("Halvorsen")  # untagged
    article.attributions.append(Attribution(id="a9", source=(wrote, wrote + len("Halvorsen")), cue=(wrote, wrote),
                                            content=None, kind="direct", source_text="Halvorsen"))
    article = _run(article)
    people = [a for a in article.actors if "Halvorsen" in a.name]
    assert len(people) == 1 and people[0].name == "Inga Halvorsen" and people[0].type == "person"
    assert article.attributions[-1].actor == people[0].id  # the untagged "Halvorsen wrote" too


@pytest.mark.unit
def test_unnamed_private_people_are_anonymous_but_a_definite_one_may_be_named_before() -> None:
    text = "A woman told police she heard shots. Many neighbours said the house was empty. The teacher said nothing."
    article = _run(_article(text, sources=["A woman", "Many neighbours", "The teacher"]))
    assert _actor_of(article, "A woman").type == "anonymous"
    assert _actor_of(article, "Many neighbours").type == "anonymous"
    assert _actor_of(article, "The teacher").type == "unknown"
    text = "A lawyer for one of the brothers said the charges were false. The three bishops said they knew."
    article = _run(_article(text, sources=["A lawyer for one of the brothers", "The three bishops"]))
    assert _actor_of(article, "A lawyer for one of the brothers").type == "anonymous"
    assert _actor_of(article, "The three bishops").type == "organisation"  # clergy speak for a church


@pytest.mark.unit
def test_party_members_in_a_legislature_are_lawmakers() -> None:
    text = "House Democrats said they would vote no. Senate Republicans accused the agency of delay."
    article = _run(_article(text, sources=["House Democrats", "Senate Republicans"]))
    for source in ("House Democrats", "Senate Republicans"):
        actor = _actor_of(article, source)
        assert (actor.type, actor.country) == ("government", "United States")


@pytest.mark.integration
def test_a_lone_proper_noun_the_recogniser_missed_is_a_person(parse) -> None:  # type: ignore[no-untyped-def]
    text = "Okafor wrote that the envoy had been warned. Evidence shows otherwise. Nordbank declined to comment."
    article = Actors()(_cite(parse(text), ["Okafor", "Evidence", "Nordbank"]))
    assert _actor_of(article, "Nordbank").type != "person"  # a name coined from a trade: a company
    named = _actor_of(article, "Okafor")
    assert (named.type, named.reason) == ("person", "named person not in the registry")
    assert _actor_of(article, "Evidence").type == "unknown"  # a common noun opening the sentence


@pytest.mark.integration
def test_a_transcript_speaker_in_capitals_is_a_person(parse) -> None:  # type: ignore[no-untyped-def]
    text = "HOST: What happened that night?\n\nDB: I do not know, and nobody told us."
    article = Actors()(_cite(parse(text), ["DB"]))
    assert _actor_of(article, "DB").type == "person"


@pytest.mark.unit
def test_trade_words_without_a_party_named_are_no_trade_dispute() -> None:
    text = ("Ghana will cut tariffs on rice, the trade minister Kofi Mensah said. Tariffs on maize stay. "
            "Rice from South America is cheaper.")
    article = _run(_article(text, entities={"Kofi Mensah": "PERSON", "Ghana": "GPE"}, sources=["Ghana"]))
    ghana = _actor_of(article, "Ghana")  # a known state: with a dispute found it would be "not a party" to it
    assert ghana.party_to_conflict is None and "dispute" not in ghana.reason  # 'America' of South America is no US


@pytest.mark.integration
def test_a_title_before_a_name_does_not_run_back_over_the_dateline() -> None:
    from sourcetrace.readers import read_bytes

    raw = (b"Visas to go for all Africans: president\n\n"
           b"ACCRA, Oct. 28 (Xinhua) -- Ghanaian President Kwame Asante said on Saturday that visas would go.\n\n"
           b"Asante spoke at a summit.\n")
    article = Pipeline(["linguistics", "attribution", "actors"])(read_bytes(raw, "ghana.txt")[0])
    actor = next(a for a in article.actors if a.name.endswith("Asante"))
    assert (actor.country, actor.role) == ("Ghana", "president")

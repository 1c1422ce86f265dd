"""Tests for the attribution stage, on sentences written for these tests."""

from __future__ import annotations

import pytest
from conftest import make_article

from sourcetrace.article import Article, Attribution, Entity
from sourcetrace.stages._attribution_coref import (
    Mention,
    could_be_person,
    entity_kind,
    gender_of,
    resolve_source,
    source_class,
)
from sourcetrace.stages._attribution_cues import load_lexicon
from sourcetrace.stages._attribution_fusion import FusionPolicy, fuse
from sourcetrace.stages._attribution_quotes import QuoteIndex, find_quotes
from sourcetrace.stages._attribution_rules import Candidate, is_expletive, relative_antecedent
from sourcetrace.stages.attribution import AttributionStage, _headline_colon, _whole_phrase


@pytest.fixture(scope="module")
def attribute(parse):  # type: ignore[no-untyped-def]
    """Parse a text and run the attribution stage on it."""
    stage = AttributionStage()

    def run(text: str) -> Article:
        return stage(parse(text))

    return run


def by_cue(article: Article, cue: str) -> Attribution:
    found = [a for a in article.attributions if a.cue_text == cue]
    assert found, f"no attribution with cue {cue!r}: {[a.cue_text for a in article.attributions]}"
    return found[0]


# --- unit: fusion of rule candidates with hand-made tagger spans ---------------------------

_FUSION_TEXT = (
    "Officials said the bridge was unsafe. The mayor believes the repairs will take a year. "
    'The engineer warned that cracks grew. "It is fine," a clerk said.'
)



def _resolved(article: Article, attribution: Attribution) -> str | None:
    """The words an attribution's source was resolved to, or None."""
    span = attribution.resolved_source
    return None if span is None else article.text[span[0] : span[1]]

def _at(phrase: str, text: str = _FUSION_TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def _sentences(text: str = _FUSION_TEXT) -> list[tuple[int, int]]:
    out, start = [], 0
    for end in (text.index(".") + 1, text.index("year.") + 5, text.index("grew.") + 5, len(text)):
        out.append((start, end))
        start = end + 1
    return out


def _fuse(found: list[Candidate], tagged: dict[str, list[tuple[int, int]]], **policy: object) -> list[Candidate]:
    quotes = QuoteIndex(find_quotes(_FUSION_TEXT, make_article(_FUSION_TEXT).paragraphs))
    lemmas = {_at("believes"): ["believe"]}
    return fuse(
        _FUSION_TEXT,
        found,
        tagged,
        _sentences(),
        quotes,
        lambda span: lemmas.get(span, []),
        FusionPolicy(**policy),  # type: ignore[arg-type]
    )


def _fuse_new(
    text: str, tagged: dict[str, list[tuple[int, int]]], sentence_end: int | None = None,
    subject: tuple[int, int] | None = None,
) -> list[Candidate]:
    """Fuse tagger spans alone (no rule candidates) over a text of their own, one sentence by default.

    ``subject`` is what the parse would give every cue as its subject (or owner).
    """
    quotes = QuoteIndex(find_quotes(text, make_article(text).paragraphs))
    sentences = [(0, sentence_end if sentence_end is not None else len(text))]
    return fuse(text, [], tagged, sentences, quotes, lambda span: [], FusionPolicy(), subject_of=lambda cue: subject)


def _rule(cue: str, source: str | None, content: str, kind: str = "indirect") -> Candidate:
    return Candidate(
        cue=_at(cue),
        source=_at(source) if source else None,
        content=_at(content),
        kind=kind,
        lemma=cue,
        score=0.9,
        reason=f"reporting verb '{cue}'",
    )


@pytest.mark.unit
def test_fusion_takes_tagger_boundaries_and_keeps_rule_structure() -> None:
    rule = _rule("said", "Officials", "the bridge was unsafe")
    tagged = {"source": [_at("Officials")], "cue": [_at("said")], "content": [_at("the bridge was unsafe.")]}
    (out,) = _fuse([rule], tagged, add_new=False, take_content=True)
    assert out.content == _at("the bridge was unsafe.")
    assert (out.cue, out.source, out.kind, out.reason) == (rule.cue, rule.source, rule.kind, rule.reason)
    (kept,) = _fuse([rule], tagged)
    assert kept.content == rule.content


@pytest.mark.unit
def test_fusion_adds_no_second_attribution_for_a_split_tagger_cue() -> None:
    rule = _rule("The engineer warned", "The engineer", "that cracks grew")
    rule.cue = _at("engineer warned")
    tagged = {"cue": [_at("engineer"), _at("warned")], "content": [_at("that cracks grew")]}
    assert [c.cue for c in _fuse([rule], tagged)] == [rule.cue]


@pytest.mark.unit
def test_fusion_keeps_confident_rule_cues_nested_in_tagger_content() -> None:
    inner = _rule("warned", "The engineer", "that cracks grew")
    tagged = {"cue": [_at("believes")], "content": [_at("the repairs will take a year. The engineer warned")]}
    assert [c.cue for c in _fuse([inner], tagged, add_new=False)] == [inner.cue]
    inner.score = 0.5
    assert _fuse([inner], tagged, add_new=False) == []


@pytest.mark.unit
def test_fusion_fills_a_missing_source_from_the_tagger() -> None:
    rule = _rule("said", None, "the bridge was unsafe")
    tagged = {"source": [_at("Officials")], "cue": [_at("said")], "content": []}
    (out,) = _fuse([rule], tagged)
    assert out.source == _at("Officials") and out.content == rule.content


@pytest.mark.unit
def test_fusion_skips_unconfident_new_cues() -> None:
    tagged = {"source": [_at("The mayor")], "cue": [_at("believes")], "content": [_at("the repairs will take a year")]}
    quotes = QuoteIndex(find_quotes(_FUSION_TEXT, make_article(_FUSION_TEXT).paragraphs))
    args = (_FUSION_TEXT, [], tagged, _sentences(), quotes, lambda span: [])
    assert fuse(*args, FusionPolicy(new_cue_min=0.8), {_at("believes"): 0.6}) == []
    assert len(fuse(*args, FusionPolicy(new_cue_min=0.8), {_at("believes"): 0.9})) == 1


@pytest.mark.unit
def test_fusion_drops_weak_rule_candidates_the_tagger_did_not_see() -> None:
    weak = _rule("warned", "The engineer", "that cracks grew")
    strong = _rule("said", "a clerk", '"It is fine,"', kind="direct")
    strong.cue = (_FUSION_TEXT.rindex("said"), _FUSION_TEXT.rindex("said") + 4)
    out = _fuse([weak, strong], {"cue": []})
    assert [c.cue for c in out] == [strong.cue]
    assert len(_fuse([weak, strong], {"cue": []}, keep_unmatched="all")) == 2
    assert _fuse([weak, strong], {"cue": []}, keep_unmatched="none") == []


@pytest.mark.unit
def test_fusion_adds_tagger_cues_paired_with_nearest_source_and_content() -> None:
    tagged = {
        "source": [_at("Officials"), _at("The mayor")],
        "cue": [_at("believes")],
        "content": [_at("the bridge was unsafe"), _at("the repairs will take a year")],
    }
    (new,) = _fuse([], tagged)
    expected = (_at("The mayor"), _at("believes"), _at("the repairs will take a year"))
    assert (new.source, new.cue, new.content) == expected
    assert new.kind == "internal_state"
    assert new.reason == "learned tagger: cue 'believes' with source 'The mayor'"


@pytest.mark.unit
def test_fusion_new_cue_without_content_is_skipped_unless_allowed() -> None:
    tagged = {"source": [_at("The engineer")], "cue": [_at("warned")], "content": []}
    assert _fuse([], tagged) == []
    (new,) = _fuse([], tagged, require_content=False)
    assert new.source == _at("The engineer") and new.content is None and new.kind == "indirect"


@pytest.mark.unit
def test_fusion_new_content_stops_at_a_paragraph_break_unless_a_quote_goes_on() -> None:
    text = "Ministry Warns Of Floods\n\nThe Daily Courier\n\nShe told us: \u201cStay home.\n\n\u201cAnd wait.\u201d"
    quotes = QuoteIndex(find_quotes(text, make_article(text).paragraphs))
    warns = (text.index("Warns"), text.index("Warns") + 5)
    told = (text.index("told"), text.index("told") + 4)
    tagged = {
        "source": [(0, 8), (text.index("She"), text.index("She") + 3)],
        "cue": [warns, told],
        "content": [(text.index("Of"), text.index("Courier") + 7), (text.index("\u201cStay"), len(text))],
    }
    sentences = [(0, len(text))]
    first, second = fuse(text, [], tagged, sentences, quotes, lambda span: [], FusionPolicy())
    assert text[first.content[0] : first.content[1]] == "Of Floods"  # type: ignore[index]
    assert second.content == (text.index("\u201cStay"), len(text))


@pytest.mark.unit
def test_fusion_kind_of_new_quote_is_direct() -> None:
    said = (_FUSION_TEXT.rindex("said"), _FUSION_TEXT.rindex("said") + 4)
    tagged = {"source": [_at("a clerk")], "cue": [said], "content": [_at('"It is fine,"')]}
    (new,) = _fuse([], tagged)
    assert new.kind == "direct" and new.content == _at('"It is fine,"')


# --- unit: quotes, coreference, lexicon -------------------------------------------------


@pytest.mark.unit
def test_quotes_pair_within_a_paragraph() -> None:
    text = 'She said "we will win" and left.'
    quotes = find_quotes(text, make_article(text).paragraphs)
    assert [text[s:e] for s, e in quotes] == ['"we will win"']


@pytest.mark.unit
def test_quote_continues_over_paragraphs_that_reopen_it() -> None:
    text = "“First part of it.\n\n“Second part,” he said.\n\nNo quote here."
    quotes = find_quotes(text, make_article(text).paragraphs)
    assert len(quotes) == 1
    assert text[quotes[0][0] : quotes[0][1]] == "“First part of it.\n\n“Second part,”"


@pytest.mark.unit
def test_quote_index_expands_partial_spans() -> None:
    text = "He said: “one two three.” Then nothing."
    index = QuoteIndex(find_quotes(text, make_article(text).paragraphs))
    inner = (text.index("two"), text.index("three") + 5)
    assert text[slice(*index.expand(inner))] == "“one two three.”"
    assert index.starting_at(text.index("“")) is not None
    assert index.covering(text.index("Then")) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("source", "need"),
    [
        ("he", "person"),
        ("She", "person"),
        ("it", "org"),
        ("they", "plural"),
        ("who", "any"),
        ("the spokesman", "person"),
        ("the ministry", "org"),
        ("the latter", "named"),
        ("Anna Berg", None),
        ("The Weather Office", None),
        ("the prime minister's office", None),
        ("His spokesman", "person"),
        ("her legal team", "person"),
        ("its press office", "org"),
        ("their lawyers", "plural"),
        ("his former adviser", None),
        ("Its spokesman Dmitry Peskov", None),
        ("this outlet", None),
    ],
)
def test_source_class(source: str, need: str | None) -> None:
    assert source_class(source) == need


@pytest.mark.unit
def test_resolution_prefers_recent_compatible_source() -> None:
    mentions = [
        Mention((0, 10), "person", True),
        Mention((20, 30), "org", True),
        Mention((40, 45), "person", False),
    ]
    assert resolve_source("person", 100, mentions) == (0, 10)
    assert resolve_source("org", 100, mentions) == (20, 30)
    assert resolve_source("named", 100, mentions) == (40, 45)
    assert resolve_source("person", 5, mentions) is None


@pytest.mark.unit
def test_resolution_skips_outlets_for_institution_nouns_and_follows_resolved_anaphors() -> None:
    mentions = [
        Mention((0, 8), "org", False),  # "Homeland Security" (an entity)
        Mention((20, 44), "org", True, outlet=True),  # "The Washington Chronicle" (a source)
    ]
    assert resolve_source("org", 60, mentions, noun="department") == (0, 8)
    assert resolve_source("org", 60, mentions, noun="newspaper") == (20, 44)
    assert resolve_source("org", 60, mentions) == (20, 44)  # "it said" may be the paper
    mentions.append(Mention((60, 74), "org", True, refers_to=(0, 8)))  # "The department" -> Homeland Security
    assert resolve_source("org", 90, mentions) == (0, 8)  # a later "it said" reaches the name


@pytest.mark.unit
def test_resolution_passes_over_a_mention_of_the_other_gender() -> None:
    mentions = [
        Mention((0, 10), "person", True, gender="f"),  # "spokeswoman Maria Zakharova"
        Mention((20, 30), "person", True),  # "General Paul Roth": gender unknown from his words
    ]
    assert resolve_source("person", 100, mentions, gender="f") == (20, 30)  # unknown is no clash
    assert resolve_source("person", 100, mentions, gender="f", genders={(20, 30): "m"}) == (0, 10)
    assert resolve_source("person", 100, mentions, gender="m", genders={(20, 30): "m"}) == (20, 30)
    mentions.append(Mention((40, 42), "person", True, refers_to=(20, 30)))  # "he" -> Roth
    assert resolve_source("person", 100, mentions, gender="f", genders={(20, 30): "m"}) == (0, 10)
    assert gender_of("ministry spokeswoman") == "f" and gender_of("Mr. Hatcher") == "m"
    assert gender_of("the husband of Queen Anne") is None  # both: undecided
    assert gender_of("Defence Minister") is None
    assert gender_of("Cardinal Ruiz") == "m" and gender_of("the abbess") == "f"


@pytest.mark.integration
def test_he_and_she_go_to_the_man_and_the_woman(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Foreign ministry spokeswoman Maria Zakharova said the laboratories were military sites. "
        "The Georgian health minister, David Kvaratskhelia, rejected the accusation. "
        '"These are civilian laboratories," he told reporters. '
        "She said the inspectors had never been invited."
    )
    art = attribute(text)
    told, said = by_cue(art, "told"), next(a for a in art.attributions if a.source_text == "She")
    assert art.span_text(told.resolved_source).startswith("The Georgian health minister, David Kvaratskhelia")
    assert art.span_text(said.resolved_source) == "Foreign ministry spokeswoman Maria Zakharova"


@pytest.mark.integration
def test_a_resolved_pronoun_gives_its_person_a_gender(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Defence Minister Anna Keller said the base would close in June. "
        "General Paul Roth disagreed. "
        '"It is premature," he said. '
        "She added that the decision was final."
    )
    art = attribute(text)
    added = by_cue(art, "added")
    assert art.span_text(added.resolved_source) == "Defence Minister Anna Keller"


@pytest.mark.unit
def test_pronouns_skip_a_possessor_and_take_the_person_heading_the_source(parse) -> None:  # type: ignore[no-untyped-def]
    art = parse(
        "Senator Maria Delgado said the subpoena was overdue.\n\n"
        "Redline's chief executive, Paul Hatcher, called the inquiry a stunt. "
        "He told reporters that the company had delivered every foot of wall."
    )
    art = AttributionStage(use_tagger=False)(art)
    told = next(a for a in art.attributions if a.cue_text == "told")
    assert told.resolved_source is not None
    assert art.text[told.resolved_source[0] : told.resolved_source[1]].rstrip(", ").endswith("Paul Hatcher")


@pytest.mark.unit
def test_lexicon_ranks_reporting_verbs_above_ordinary_verbs() -> None:
    lexicon = load_lexicon()
    assert lexicon.precision("say", "clause") > 0.5
    assert lexicon.precision("eat", "clause") < 0.1
    assert len(lexicon) > 100


# --- integration: the stage on parsed text ----------------------------------------------


@pytest.mark.integration
def test_that_clause_with_named_subject(attribute) -> None:  # type: ignore[no-untyped-def]
    text = "The Northern Weather Agency warned on Monday that river levels are rising fast."
    art = attribute(text)
    a = by_cue(art, "warned")
    assert a.source_text == "The Northern Weather Agency"
    assert a.content_text == "that river levels are rising fast"
    assert a.kind == "indirect"
    assert a.id == "a1"
    assert "warned" in a.reason and "Northern Weather Agency" in a.reason


@pytest.mark.integration
def test_post_posed_cue(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("The old bridge will close for repairs next week, city officials said.")
    a = by_cue(art, "said")
    assert a.source_text == "city officials"
    assert a.content_text == "The old bridge will close for repairs next week"


@pytest.mark.integration
def test_direct_quote_with_pronoun_source_is_resolved(attribute) -> None:  # type: ignore[no-untyped-def]
    text = "Maria Lopez said on Tuesday that the plan was flawed.\n\n“The plan is a disaster,” she said."
    art = attribute(text)
    a = by_cue(art, "said")  # first 'said' has the named subject
    assert a.source_text == "Maria Lopez"
    quoted = [x for x in art.attributions if x.source_text == "she"]
    assert quoted and quoted[0].kind == "direct"
    assert quoted[0].content_text == "“The plan is a disaster,”"
    assert art.span_text(quoted[0].resolved_source) == "Maria Lopez"


@pytest.mark.integration
def test_the_writers_we_is_no_antecedent_of_a_later_he(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("Stanislav Petrov was on duty that night. We proudly re-post this account from another site. "
            "\u201cI had to decide whether to call Moscow,\u201d he later said.")
    art = attribute(text)
    (quoted,) = [x for x in art.attributions if x.source_text == "he"]
    assert _resolved(art, quoted) == "Stanislav Petrov"


@pytest.mark.integration
def test_interrupted_quote_is_one_content(attribute) -> None:  # type: ignore[no-untyped-def]
    text = "“We are ready,” the minister said. “The troops are in position.”"
    art = attribute(text)
    a = by_cue(art, "said")
    assert a.source_text == "the minister"
    assert a.content == (0, len(text))
    assert a.kind == "direct"


@pytest.mark.integration
def test_according_to_and_following_quote_paragraph(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "According to company spokesman Daniel Reeve, the factory will reopen in May.\n\n"
        "“We have hired two hundred new workers. The machines arrive next month.”"
    )
    art = attribute(text)
    first, second = art.attributions[:2]
    assert first.kind == "according_to"
    assert first.cue_text == "According to"
    assert first.source_text == "company spokesman Daniel Reeve"
    assert first.content_text == "the factory will reopen in May"
    assert second.kind == "direct"
    assert second.source == first.source
    assert second.content_text is not None and second.content_text.startswith("“We have hired")
    assert second.content_text.endswith("next month.”")


@pytest.mark.integration
def test_internal_state_with_coordinated_source(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("Neither Paris nor Rome believe this explanation.")
    a = by_cue(art, "believe")
    assert a.kind == "internal_state"
    assert a.source_text == "Neither Paris nor Rome"
    assert a.content_text == "this explanation"


@pytest.mark.integration
def test_accuse_keeps_the_of_complement(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("Both Norway and Chile have accused the company of hiding its losses.")
    a = by_cue(art, "have accused")
    assert a.kind == "internal_state"
    assert a.source_text == "Both Norway and Chile"
    assert a.content_text == "the company of hiding its losses"


@pytest.mark.integration
def test_nested_attribution_points_to_its_parent(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("The Daily Courier reported that the mayor said the budget was balanced.")
    outer = by_cue(art, "reported")
    inner = by_cue(art, "said")
    assert outer.source_text == "The Daily Courier"
    assert inner.source_text == "the mayor"
    assert inner.parent == outer.id
    assert outer.parent is None


@pytest.mark.integration
def test_statement_of_named_body_with_multi_sentence_quote(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The statement of NRSA described the plan, saying in a statement: “The boats left in May. "
        "They carried forty men. Nobody stopped them.”"
    )
    art = attribute(text)
    a = by_cue(art, "saying in a statement:")
    assert a.kind == "direct"
    assert a.content_text == "“The boats left in May. They carried forty men. Nobody stopped them.”"
    assert art.span_text(a.resolved_source) == "NRSA"


@pytest.mark.integration
def test_ids_in_text_order_and_offsets_match_text(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The council said the road would reopen. Local drivers think it will take longer.\n\n"
        "A police officer reported that the lights had failed."
    )
    art = attribute(text)
    assert [a.id for a in art.attributions] == [f"a{i}" for i in range(1, len(art.attributions) + 1)]
    cues = [a.cue for a in art.attributions]
    assert cues == sorted(cues)
    for a in art.attributions:
        assert art.text[a.cue[0] : a.cue[1]] == a.cue_text
        assert art.span_text(a.source) == a.source_text
        assert art.span_text(a.content) == a.content_text


@pytest.mark.integration
def test_plain_narration_has_no_attributions(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("The train left the station at noon and arrived in the city two hours later.")
    assert art.attributions == []


@pytest.mark.integration
def test_learned_tagger_adds_a_headline_claim_the_rules_miss(attribute) -> None:  # type: ignore[no-untyped-def]
    text = "Norway Suggests Fishing Fleet Was Attacked Near Svalbard\n\nNorthern Wire\n\nOfficials gave no details."
    assert AttributionStage(use_tagger=False)(attribute(text)).attributions == []
    art = attribute(text)
    found = by_cue(art, "Suggests")
    assert found.source_text == "Norway"
    assert found.reason.startswith("learned tagger: cue 'Suggests'")
    assert found.content is not None and text[found.content[0] :].startswith("Fishing Fleet")
    assert found.content[1] <= text.index("\n")


@pytest.mark.unit
def test_fusion_new_cue_with_a_one_word_content_is_skipped() -> None:
    tagged = {"source": [_at("The mayor")], "cue": [_at("believes")], "content": [_at("repairs")]}
    assert _fuse([], tagged) == []
    assert len(_fuse([], tagged, new_content_min_words=1)) == 1


@pytest.mark.unit
def test_fusion_asks_about_a_one_word_content_before_dropping_its_cue() -> None:
    text = "Ruiz endorsed Trump on Monday."
    tagged = {"source": [(0, 4)], "cue": [(5, 13)], "content": [(14, 19)]}
    quotes = QuoteIndex(find_quotes(text, make_article(text).paragraphs))
    asked: list[tuple[tuple[int, int], tuple[int, int]]] = []

    def keep(cue: tuple[int, int], content: tuple[int, int]) -> tuple[int, int] | None:
        asked.append((cue, content))
        return content

    args = (text, [], tagged, [(0, len(text))], quotes, lambda span: [], FusionPolicy())
    assert fuse(*args) == []  # type: ignore[arg-type]
    (out,) = fuse(*args, short_content=keep)  # type: ignore[arg-type]
    assert asked == [((5, 13), (14, 19))] and (out.source, out.content) == ((0, 4), (14, 19))
    assert fuse(*args, short_content=lambda cue, content: None) == []  # type: ignore[arg-type]


@pytest.mark.integration
def test_a_one_word_tagger_content_is_kept_only_as_a_stance_cues_object(parse) -> None:  # type: ignore[no-untyped-def]
    from sourcetrace.stages.attribution import _short_content

    text = ("The union has criticized an arrangement that allows overtime. Senator Ruiz endorsed Trump. "
            "The governor told reporters. Move-on notices were issued. Congress passed a law. Workers pay a levy, "
            "a practice the union has long opposed. Earlier, Lopez was attacked by rival candidates.")
    article = parse(text)
    lexicon = load_lexicon()

    def short(cue: str, word: str) -> str | None:
        found = _short_content(article, lexicon, _at(cue, text), _at(word, text))
        return None if found is None else text[found[0] : found[1]]

    assert short("has criticized", "an") == "an arrangement that allows overtime"  # the tagger cut it short
    assert short("endorsed", "Trump") == "Trump"
    assert short("endorsed", "Senator") is None  # not the cue's object
    assert short("told", "reporters") is None  # whom it was said to
    assert short("were issued", "notices") is None  # a passive subject
    assert short("passed", "a") is None  # 'pass' seldom reports a stance in PolNeAR
    assert short("has long opposed", "a practice") == "a practice"  # the phrase its relative clause hangs on
    assert short("was attacked", "Lopez") == "Lopez"  # a passive with its 'by' agent


@pytest.mark.integration
def test_subject_misattached_by_the_parser_to_an_earlier_clause(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Last winter similar stories spread after a senior captain from the Northern Coast Guard (NCG) "
        "reported that his radar had tracked unmarked boats near the harbour."
    )
    art = attribute(text)
    found = by_cue(art, "reported")
    assert found.source_text is not None and found.source_text.startswith("a senior captain")
    assert "similar stories" not in found.source_text


# --- layout attributions: transcript speaker labels and dash-signed quotes ------------------


@pytest.mark.integration
def test_transcript_speaker_labels_are_direct_attributions(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The mayor spoke to the station on Monday. A partial transcript follows:\n\n"
        "HOST: Will the bridge open before winter?\n\n"
        "MORALES: We expect it to open in November, if the steel arrives on time.\n\n"
        "UPDATE: The interview was edited for length."
    )
    article = attribute(text)
    labels = [a for a in article.attributions if a.cue_text == ":"]
    assert [a.source_text for a in labels] == ["HOST", "MORALES"]
    morales = labels[1]
    assert morales.kind == "direct"
    assert morales.content_text == "We expect it to open in November, if the steel arrives on time."
    assert "speaker label" in (morales.reason or "")
    assert not any(a.source_text == "UPDATE" for a in article.attributions)


@pytest.mark.integration
def test_quotes_signed_with_a_dash_name_their_author(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "We asked residents what the closure meant to them.\n\n"
        "“The ferry was the only way to reach the clinic.” \u2015 Ana Ribeiro\n"
        "“Nobody from the council came to ask us.”\u2015 Tomas Lind.\n\n"
        "The council has not replied."
    )
    article = attribute(text)
    signed = {a.source_text: a for a in article.attributions if a.cue_text == "\u2015"}
    assert set(signed) == {"Ana Ribeiro", "Tomas Lind"}
    assert signed["Ana Ribeiro"].content_text == "“The ferry was the only way to reach the clinic.”"
    assert signed["Tomas Lind"].content_text == "“Nobody from the council came to ask us.”"
    assert all(a.kind == "direct" for a in signed.values())


@pytest.mark.integration
def test_a_post_embedded_in_the_page_is_its_account_s(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The ministry denied the report on Monday, and a lengthy statement followed from its press office in the "
        "capital.\n\n"
        "BREAKING: Port of Vannes closed.\n\n"
        "No ships until Friday, the harbour master says. pic.twitter.com/Ab12Cd\n\n"
        "\u2014 Vannes Harbour News (@vannesnews) March 13, 2024\n\n"
        "The closure was announced last year, long before the strike, and few ships ever used the port.\n\n"
        "\u2014 Marc Olier (@molier) March 14, 2024"
    )
    posts = [a for a in attribute(text).attributions if a.cue_text == "\u2014"]
    # the short paragraph before the post belongs to it; the article's own paragraph before the second
    # signature (no link, mention or hashtag: the page lost the post) is not Olier's
    assert [a.source_text for a in posts] == ["Vannes Harbour News"]
    assert posts[0].content_text == (
        "BREAKING: Port of Vannes closed.\n\nNo ships until Friday, the harbour master says. pic.twitter.com/Ab12Cd")
    assert posts[0].kind == "direct" and "embedded" in (posts[0].reason or "")


@pytest.mark.integration
def test_a_post_signed_at_the_end_of_its_own_paragraph(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The minister spoke at the summit in Vannes on Monday, and his remarks were widely shared online.\n\n"
        "The port of Vannes will never close. pic.twitter.com/Ab12Cd\u2014 Marc Olier \U0001f341 (@molier) "
        "March 14, 2024"
    )
    post = by_cue(attribute(text), "\u2014")
    assert post.source_text == "Marc Olier"
    assert post.content_text == "The port of Vannes will never close. pic.twitter.com/Ab12Cd"


@pytest.mark.integration
@pytest.mark.parametrize("label", ["NEW", "BREAKING", "DEVELOPING", "REPORT"])
def test_news_flash_labels_are_no_speakers(attribute, label: str) -> None:  # type: ignore[no-untyped-def]
    article = attribute(f"{label}: The port of Vannes is closed until Friday.")
    assert not any(a.source_text == label for a in article.attributions)


@pytest.mark.integration
def test_a_paragraph_introducing_a_block_quote_attributes_the_next_one(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Some of these groups are funded from abroad.\n\n"
        "The Harbour Ledger reports:\n\n"
        "A little-known charity has been quietly handing out grants to protest groups across Europe.\n\n"
        "The charity did not answer."
    )
    quoted = by_cue(attribute(text), "reports")
    assert quoted.source_text == "The Harbour Ledger"
    assert quoted.content_text is not None and quoted.content_text.startswith("A little-known charity")
    assert quoted.content_text.endswith("across Europe.")
    assert quoted.kind == "direct" and "introduces" in (quoted.reason or "")


@pytest.mark.integration
def test_a_tagged_relative_pronoun_stands_for_the_phrase_just_before(parse) -> None:  # type: ignore[no-untyped-def]
    text = "The backers include Aileen Getty, the heiress, and even Hollywood's Adam McKay, who pledged $4 million."
    art = parse(text)
    doc = art.parses[0].doc
    who = text.index("who")
    span = relative_antecedent(doc, art.parses[0].offset, art.text, who)
    assert span is not None and text[span[0] : span[1]] == "Hollywood's Adam McKay"


@pytest.mark.integration
def test_a_loose_relative_pronoun_takes_up_only_a_name_just_before_it(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute(
        "Tom Yore explained the decision to reporters. Lindqvist met Cruz as well, who said he was tired.\n\n"
        "The clinic lies 30 kilometres from Mbandaka, where beds are scarce, WHO said."
    )
    loose = next(a for a in art.attributions if a.source_text == "who")
    assert _resolved(art, loose) == "Cruz"  # not the last source, Yore
    who = next(a for a in art.attributions if a.source_text == "WHO")
    assert who.resolved_source is None  # an acronym, not the pronoun 'who'


@pytest.mark.integration
def test_the_writers_let_us_suppose_is_no_attribution(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute(
        "Let\u2019s assume for a moment that the mayor was honest. Let's say that he erred. He said he was misled."
    )
    assert [a.source_text for a in art.attributions] == ["He"]
    art = attribute("The coach has, as they say, doubled down on his tactics. The players say the coach is right.")
    assert [a.source_text for a in art.attributions] == ["The players"]  # "as they say" is a figure of speech
    art = attribute("The mayor said the city \u201cwill never surrender its parks\u201d (emphasis added).")
    assert [a.source_text for a in art.attributions] == ["The mayor"]


@pytest.mark.integration
def test_one_of_a_group_is_the_person_a_later_he_takes_up(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute(
        "In recordings that the blogger Ray Lund released, one of the controllers is heard telling an approaching "
        "pilot that landing could be dangerous because there were armed men near the runway.\n"
        "\u201cKeep circling, there are gunmen by the gate,\u201d he declared."
    )
    assert _resolved(art, by_cue(art, "declared")) == "one of the controllers"  # not the last name, Lund


@pytest.mark.integration
def test_the_government_takes_up_a_state_or_its_organs_only(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("Sweden said it would tighten its asylum rules. The Sweden Democrats welcomed the move. "
                    "The government said it would review the law next year.")
    said = [a for a in art.attributions if a.source_text == "The government"]
    assert [_resolved(art, a) for a in said] == ["Sweden"]  # the state that spoke, not the party named just before
    art = attribute("The war in Laos dragged on for years. When the government announced that its ship had been "
                    "fired on, it lied.")
    assert by_cue(art, "announced").resolved_source is None  # a state merely mentioned is not 'the government'
    art = attribute("Gun-rights groups SAF and Defense Distributed sued the State Department. "
                    "The government said the files were weapons data.")
    assert _resolved(art, by_cue(art, "said")) == "the State Department"


@pytest.mark.integration
def test_the_judge_is_someone_titled_so_not_the_last_person_named(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("Sen. Mara Quist questioned the nominee. The senator said the hearing was unfair. "
                    "Karl Brandt, the defendant, spoke next. The judge said the case was closed.")
    said = {a.source_text: _resolved(art, a) for a in art.attributions if a.cue_text == "said"}
    assert said == {"The senator": "Sen. Mara Quist", "The judge": None}


def test_an_acronym_is_no_pronoun() -> None:
    assert source_class("WHO") is None and source_class("IT") is None
    assert source_class("who") == "any" and source_class("It") == "org"


@pytest.mark.integration
def test_a_nationality_before_a_noun_is_no_group_to_take_up(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute(
        "It was the worst flood in American history. During the night, one of the dispatchers told a pilot that "
        "landing was unsafe."
    )
    told = by_cue(art, "told")
    assert told.source_text == "one of the dispatchers" and told.resolved_source is None


@pytest.mark.integration
def test_a_headline_opening_with_a_quotation_names_its_speaker_after_the_dash(parse) -> None:  # type: ignore[no-untyped-def]
    text = (
        "\u2018People close to me have died\u2019 \u2013 Anna Berg will not race in Kyiv this year\n\n"
        "The champion pulled out of the race on Monday after a week of talks with her team and sponsors."
    )
    art = parse(text)
    art.paragraphs[0].role = "title"
    quote = by_cue(AttributionStage()(art), "\u2013")
    assert (quote.source_text, quote.kind) == ("Anna Berg", "direct")
    assert quote.content_text == "\u2018People close to me have died\u2019"


@pytest.mark.integration
def test_a_dateline_before_a_colon_is_no_speaker(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute(
        "BEIJING: The Canadian consulate in Shanghai posted a travel warning on Tuesday.\n\n"
        "HANNITY: What happened in Moscow on the night of the attack?"
    )
    assert [a.source_text for a in art.attributions if a.cue_text == ":"] == ["HANNITY"]


@pytest.mark.integration
def test_transcript_label_with_a_title_before_the_name(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The senator spoke on a podcast this week.\n\n"
        "Sen. Tuberville: Yeah, they don't know enough about it, and I'm telling you it is a hoax."
    )
    label = by_cue(attribute(text), ":")
    assert label.source_text == "Sen. Tuberville" and label.kind == "direct"


@pytest.mark.integration
def test_an_agentless_cue_over_a_bare_noun_phrase_attributes_nothing(attribute) -> None:  # type: ignore[no-untyped-def]
    article = attribute(
        "The army crossed the border on Monday after responding to the call for assistance by newly-recognised "
        "provinces. It was reported that the port had closed."
    )
    cues = [a.cue_text for a in article.attributions]
    assert "responding to" not in cues and "responding" not in cues
    reported = by_cue(article, "was reported")
    assert reported.source is None and reported.content_text == "that the port had closed"


# Content boundaries in PolNeAR's convention: a content split by its own cue is one covering span.


@pytest.mark.integration
def test_according_to_at_the_end_leaves_itself_out_of_the_content(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("The plant will close in May, according to the union.")
    a = by_cue(art, "according to")
    assert a.source_text == "the union"
    assert a.content_text == "The plant will close in May"


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        ("According to the agency, a unit of the ministry, the strike will continue.",
         "the agency, a unit of the ministry", "the strike will continue"),
        # no description: the content's own clause, or its subject with an aside
        ("According to the union, the strike will continue, a spokesman said.", "the union",
         "the strike will continue, a spokesman said"),
        ("According to the mayor, the road, now closed, will reopen.", "the mayor",
         "the road, now closed, will reopen"),
        ("According to the mayor, the road, which was closed, will reopen.", "the mayor",
         "the road, which was closed, will reopen"),
        # a sentence the parser left without a verb: "the production ..." is its root, not a description
        ("According to Russian media, the production of the kit costs less than 2 million roubles, or about $24,000.",
         "Russian media", "the production of the kit costs less than 2 million roubles, or about $24,000"),
    ],
)
def test_a_description_after_according_to_belongs_to_the_source(  # type: ignore[no-untyped-def]
    attribute, text: str, source: str, content: str
) -> None:
    a = by_cue(attribute(text), "According to")
    assert (a.source_text, a.content_text) == (source, content)


@pytest.mark.integration
def test_as_per_names_its_source_like_according_to(attribute) -> None:  # type: ignore[no-untyped-def]
    a = by_cue(attribute("As per reports, the plant will close in May."), "As per")
    assert (a.source_text, a.content_text, a.kind) == ("reports", "the plant will close in May", "according_to")


@pytest.mark.integration
def test_a_speaker_closing_the_sentence_before_a_subjectless_cue(attribute) -> None:  # type: ignore[no-untyped-def]
    # the parse hangs "editor of ... Marta Lind" on the clause as an appositive and gives 'told' no subject
    text = (
        "The summit is a chance for Estonia to present itself to Europe as a country that can keep the lights on "
        "without Russian power, editor of Oslo-based Grid Weekly Marta Lind told Baltic Wire."
    )
    a = by_cue(attribute(text), "told")
    assert a.source_text == "editor of Oslo-based Grid Weekly Marta Lind"
    assert a.content_text is not None and a.content_text.endswith("without Russian power")


@pytest.mark.integration
def test_a_speech_verb_unseen_with_a_clause_in_training_is_a_cue(attribute) -> None:  # type: ignore[no-untyped-def]
    a = by_cue(attribute("The minister advised reporters that the plant would close in May."), "advised")
    assert (a.source_text, a.content_text) == ("The minister", "that the plant would close in May")


@pytest.mark.integration
def test_a_subject_starts_after_a_dash_aside(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("And - as recently as March - Saar and his team were still unsure whether the summit would go on.")
    assert any(a.source_text == "Saar and his team" for a in art.attributions)


@pytest.mark.integration
def test_a_naming_participle_is_no_cue(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("An organization called the Weimar Triangle was formed in 1991. A spokesman called Trump a liar.")
    assert [(a.source_text, a.cue_text) for a in art.attributions if a.cue_text == "called"] == [
        ("A spokesman", "called")]


@pytest.mark.integration
def test_a_trailing_speaker_parsed_as_a_loose_modifier(attribute) -> None:  # type: ignore[no-untyped-def]
    # 'newspaper' is parsed as a modifier of 'set' and 'reported' as its relative clause
    text = ('The G20 leaders are set to state that the era "must not be of war" at the summit in Bali, '
            "a British newspaper reported on Tuesday.")
    a = by_cue(attribute(text), "reported")
    assert a.source_text == "a British newspaper"
    assert a.content_text == 'The G20 leaders are set to state that the era "must not be of war" at the summit in Bali'


@pytest.mark.integration
def test_a_report_inside_a_trailing_cue_keeps_its_clause(attribute) -> None:  # type: ignore[no-untyped-def]
    # the parser hangs both the official's 'said' and the official's clause on the last 'said'
    text = ('An Indonesian official said discussions on the draft statement were "still dynamic" and might change, '
            "it said.")
    art = attribute(text)
    official = next(a for a in art.attributions if a.source_text == "An Indonesian official")
    assert official.content_text == 'discussions on the draft statement were "still dynamic" and might change'
    outer = next(a for a in art.attributions if a.source_text == "it")
    assert outer.content_text is not None and outer.content_text.startswith("An Indonesian official said discussions")
    assert outer.content_text.endswith("might change")


@pytest.mark.unit
def test_a_place_is_no_nominal_anaphor_s_body() -> None:
    text = "The Met Office warned of gales in the UK. The weather agency said more would come."
    mentions = [Mention((4, 14), "org", False), Mention((38, 40), "org", False, place=True)]
    before = text.index("The weather agency")
    # "the weather agency" skips the UK, named last, for the body named before it
    assert resolve_source("org", before, mentions, noun="agency", text=text) == (4, 14)
    assert resolve_source("org", before, mentions) == (38, 40)  # "it said" may still be the country's
    # "Neither Moscow nor Damascus believe it, with the latter accusing ...": the place named last
    assert resolve_source("named", before, mentions, noun="latter", text=text) == (38, 40)


@pytest.mark.unit
def test_a_nationality_is_a_group_for_they_but_no_body_for_it() -> None:
    british = Entity(start=0, end=7, label="NORP", text="British")
    mentions = [Mention((0, 7), entity_kind(british) or "any", False)]
    assert resolve_source("org", 50, mentions) is None  # "it said", "the ministry said"
    assert resolve_source("plural", 50, mentions) == (0, 7)  # "they said"


@pytest.mark.integration
def test_quote_resuming_after_the_cue_sentence_joins_the_content(attribute) -> None:  # type: ignore[no-untyped-def]
    text = "“We will not pay a single cent for the wall,” Calderon told CNBC on Saturday. “It is useless.”"
    a = by_cue(attribute(text), "told")
    assert a.source_text == "Calderon"
    assert a.content == (0, len(text))
    assert a.kind == "direct"


@pytest.mark.integration
def test_parenthetical_cue_gives_the_covering_content(attribute) -> None:  # type: ignore[no-untyped-def]
    text = "The factory, the minister said, will reopen in May."
    a = by_cue(attribute(text), "said")
    assert a.source_text == "the minister"
    assert a.content_text == "The factory, the minister said, will reopen in May"


@pytest.mark.integration
def test_raised_subject_is_content_not_source(attribute) -> None:  # type: ignore[no-untyped-def]
    a = by_cue(attribute("The mayor is expected to deliver a speech on Friday."), "is expected")
    assert a.source is None
    assert a.content_text == "The mayor is expected to deliver a speech on Friday"


@pytest.mark.integration
def test_raised_subject_stays_the_source_when_the_infinitive_is_a_cue(attribute) -> None:  # type: ignore[no-untyped-def]
    a = by_cue(attribute("The mayor is expected to announce the budget cuts on Friday."), "is expected")
    assert a.source_text == "The mayor"


@pytest.mark.integration
def test_quote_paragraph_after_a_quote_extends_its_content(attribute) -> None:  # type: ignore[no-untyped-def]
    text = "“We have hired two hundred workers,” Reeve said.\n\n“The machines arrive next month.”"
    art = attribute(text)
    assert [a.cue_text for a in art.attributions] == ["said"]
    assert art.attributions[0].content == (0, len(text))


@pytest.mark.integration
def test_trailing_participle_cue_speaks_for_the_reporter(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The ministry said on Monday that a coast guard vessel rammed a fishing boat near the shoal, "
        "calling the incident a provocation."
    )
    art = attribute(text)
    a = by_cue(art, "calling")
    assert a.source_text == "The ministry"
    assert a.content_text == "the incident a provocation"
    said = by_cue(art, "said")
    assert said.content_text == "that a coast guard vessel rammed a fishing boat near the shoal"


@pytest.mark.integration
def test_as_clause_attributes_the_sentence_it_opens(attribute) -> None:  # type: ignore[no-untyped-def]
    a = by_cue(attribute("As the Courier revealed in January, the firm had no experience before 2024."), "revealed")
    assert a.source_text == "the Courier"
    assert a.content_text == "the firm had no experience before 2024"


@pytest.mark.integration
def test_impersonal_passive_is_an_attribution_to_no_one(attribute) -> None:  # type: ignore[no-untyped-def]
    a = by_cue(attribute("It is understood that the office has opened an investigation."), "is understood")
    assert a.source is None
    assert a.content_text == "that the office has opened an investigation"


@pytest.mark.integration
def test_rules_take_no_passive_addressee_for_the_source(parse) -> None:  # type: ignore[no-untyped-def]
    art = AttributionStage(use_tagger=False)(parse("Officials were told by the minister to favour the bids."))
    assert by_cue(art, "were told").source_text == "the minister"
    art = AttributionStage(use_tagger=False)(parse("Officials were told to favour the bids."))
    a = by_cue(art, "were told")
    assert a.source is None


@pytest.mark.integration
def test_cue_stops_at_a_sentence_end_the_parser_missed(attribute) -> None:  # type: ignore[no-untyped-def]
    text = '"I did nothing wrong," Okafor said in a statement posted on X. He added that he would cooperate.'
    a = by_cue(attribute(text), "said in a statement posted on X")
    assert a.source_text == "Okafor"


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        # a quote resumed only after a new sentence of narration is another matter
        ("“We will not pay,” Calderon told CNBC. He then left the studio. “It is useless.”", "told",
         "“We will not pay,”"),
        # the first half of a quote, found from its second half
        ("“If prices keep rising,” the union leader said, “we will strike in March.”", "said",
         "“If prices keep rising,” the union leader said, “we will strike in March.”"),
        # an object keeps the verb's complement ...
        ("The president proposed $1 billion in new funds to help states treat addicts.", "proposed",
         "$1 billion in new funds to help states treat addicts"),
        ("The mayor criticized the plan as a waste of money.", "criticized", "the plan as a waste of money"),
        # ... but not a clause that is a cue itself, nor an aside after a comma
        ("The agency detailed the history of the operation, saying in a statement: “It began in 2021.”", "detailed",
         "the history of the operation"),
        ("The mayor criticized the plan, as many had expected after the vote.", "criticized", "the plan"),
    ],
)
def test_content_boundaries(attribute, text: str, cue: str, content: str) -> None:  # type: ignore[no-untyped-def]
    assert by_cue(attribute(text), cue).content_text == content


@pytest.mark.unit
def test_fusion_hearsay_adverb_cue_has_no_source_and_keeps_the_subject_in_the_content() -> None:
    text = "Swiss officials are reportedly considering emergency funds for the villages."
    at = {p: (text.index(p), text.index(p) + len(p))
          for p in ("Swiss officials", "are reportedly", "reportedly", "considering emergency funds for the villages")}
    tagged = {"source": [at["Swiss officials"]], "cue": [at["are reportedly"]],
              "content": [at["considering emergency funds for the villages"]]}
    (new,) = _fuse_new(text, tagged)
    assert new.cue == at["reportedly"] and new.source is None
    assert new.content == (0, at["considering emergency funds for the villages"][1])


@pytest.mark.unit
def test_fusion_a_tagger_source_cut_to_its_determiner_runs_on_to_the_cue() -> None:
    text = "Analysts said the Fed study appeared to show a large effect. The, he said, was wrong."
    cue = (text.index("appeared"), text.index("appeared") + 8)
    tagged = {"source": [(text.index("the Fed"), text.index("the Fed") + 3)], "cue": [cue],
              "content": [(text.index("to show"), text.index(" effect") + 7)]}
    (new,) = _fuse_new(text, tagged, sentence_end=text.index(".") + 1)
    assert new.source is not None and text[new.source[0] : new.source[1]] == "the Fed study"


@pytest.mark.unit
def test_first_person_source_inside_a_quote_is_the_quoted_speaker() -> None:
    from sourcetrace.article import Attribution
    from sourcetrace.stages.attribution import _first_person

    text = '"I think the barrier will pay for itself," Berg told the council.'
    quote = Attribution(id="a1", source=(text.index("Berg"), text.index("Berg") + 4),
                        cue=(text.index("told"), text.index("told") + 4), content=(0, text.index(",") + 2),
                        kind="direct")
    inner = Attribution(id="a2", source=(1, 2), cue=(3, 8), content=(9, 40), kind="internal_state", source_text="I")
    _first_person([quote, inner])
    assert inner.resolved_source == quote.source


@pytest.mark.unit
def test_one_of_them_is_one_of_the_group_of_people_just_cited() -> None:
    mentions = [
        Mention((0, 40), "people", True),  # "Two diplomats briefed on the negotiations"
        Mention((50, 57), "org", True),  # "Moldova" (had rejected a proposal)
    ]
    assert source_class("One of them, who was not authorised to speak,") == "people"
    assert resolve_source("people", 80, mentions) == (0, 40)


@pytest.mark.integration
def test_a_denial_of_a_statement_is_strong_evidence_a_rejected_proposal_is_not(parse) -> None:  # type: ignore[no-untyped-def]
    # strong rule candidates are kept even when the tagger does not confirm them
    from sourcetrace.stages._attribution_cues import load_lexicon
    from sourcetrace.stages._attribution_rules import find_candidates

    text = "Beijing said a vessel rammed a boat. Manila denies the account. Moldova rejected a proposal."
    art = parse(text)
    quotes = QuoteIndex(find_quotes(text, art.paragraphs))
    found = [c for p in art.parses for c in find_candidates(p.doc, p.offset, text, load_lexicon(), quotes, 0.0)]
    strong = {text[c.cue[0] : c.cue[1]]: c.strong for c in found}
    assert strong.get("denies") is True and not strong.get("rejected", False)


@pytest.mark.integration
def test_a_pronoun_takes_up_an_unnamed_office_holder(attribute) -> None:  # type: ignore[no-untyped-def]
    text = 'The mayor resigned on Friday. "I take full responsibility," she told reporters.'
    told = by_cue(attribute(text), "told")
    assert told.resolved_source is not None
    assert text[told.resolved_source[0] : told.resolved_source[1]] == "The mayor"


@pytest.mark.unit
def test_single_quote_style_is_read_only_without_double_marks() -> None:
    lq, rq = "\u2018", "\u2019"
    british = f"{lq}We will not back down,{rq} she said. Labour{rq}s leader called it {lq}a farce{rq}."
    quotes = find_quotes(british, make_article(british).paragraphs)
    assert [british[a:b] for a, b in quotes] == [f"{lq}We will not back down,{rq}", f"{lq}a farce{rq}"]
    mixed = f"\u201cWe will not back down,\u201d she said of the {lq}international legion{rq}."
    assert [mixed[a:b] for a, b in find_quotes(mixed, make_article(mixed).paragraphs)] == [
        "\u201cWe will not back down,\u201d"]


@pytest.mark.unit
def test_fusion_a_lone_function_word_is_no_new_cue() -> None:
    text = "The real culprit is the beef industry, the activists argued at length."
    tagged = {"cue": [(text.index(" is ") + 1, text.index(" is ") + 3)],
              "content": [(text.index("the beef"), text.index(","))]}
    assert _fuse_new(text, tagged) == []


@pytest.mark.unit
@pytest.mark.parametrize("cue", ["might usually", "\u2019", "against"])
def test_fusion_a_modal_a_stray_mark_or_a_preposition_is_no_new_cue(cue: str) -> None:
    text = f"Voters who {cue} lean left were told the vote is rigged."
    tagged = {"cue": [_span_of(text, cue)], "content": [_span_of(text, "lean left")]}
    assert _fuse_new(text, tagged) == []


def _span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.mark.unit
def test_fusion_a_new_cue_takes_the_parse_subject_when_the_tagged_source_misses_it() -> None:
    text = "The rebels, who control much of the east, have denied receiving weapons."
    subject = (0, text.index(" have"))
    tagged = {"source": [_span_of(text, "the east")], "cue": [_span_of(text, "have denied")],
              "content": [_span_of(text, "receiving weapons")]}
    quotes = QuoteIndex(find_quotes(text, make_article(text).paragraphs))
    (found,) = fuse(text, [], tagged, [(0, len(text))], quotes, lambda span: [], FusionPolicy(),
                    subject_of=lambda cue: subject)
    assert found.source == subject
    tagged["source"] = [_span_of(text, "The rebels")]  # a tagged source holding the subject's start stays
    (kept,) = fuse(text, [], tagged, [(0, len(text))], quotes, lambda span: [], FusionPolicy(),
                   subject_of=lambda cue: subject)
    assert kept.source == _span_of(text, "The rebels")


@pytest.mark.unit
def test_fusion_asked_opening_a_sentence_has_no_source_unless_by_someone() -> None:
    text = "Asked whether the envoy had travelled to Libya, Peskov said he had no information."
    tagged = {"source": [_span_of(text, "Peskov")], "cue": [_span_of(text, "Asked")],
              "content": [_span_of(text, "whether the envoy had travelled to Libya")]}
    (asked,) = _fuse_new(text, tagged)
    assert asked.source is None and asked.content == _span_of(text, "whether the envoy had travelled to Libya")
    text = "Asked by Starnes if he believed it, Carson said no."
    tagged = {"source": [_span_of(text, "Carson")], "cue": [_span_of(text, "Asked")],
              "content": [_span_of(text, "if he believed it")]}
    (asked,) = _fuse_new(text, tagged)
    assert asked.source == _span_of(text, "Starnes")


@pytest.mark.integration
def test_a_clause_reported_while_citing_someone_starts_at_that(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("The Italian daily Corriere della Sera reported on Monday, citing two European intelligence "
            "officials, that the envoy had held talks with the commanders at a villa near Tripoli airport.")
    reported = by_cue(attribute(text), "reported")
    assert reported.content_text == "that the envoy had held talks with the commanders at a villa near Tripoli airport"


@pytest.mark.integration
def test_a_passive_subject_is_no_source_but_an_agent_is(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute('The officials said the meeting lasted "several hours" and that weapons deliveries were discussed.')
    assert not any(a.source_text == "weapons deliveries" for a in art.attributions)
    art = attribute("The plan was criticised by the opposition leader as reckless.")
    criticised = [a for a in art.attributions if a.cue_text.endswith("criticised")]
    assert all(a.source_text != "The plan" for a in criticised)


@pytest.mark.integration
def test_nobody_says_nothing(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("China opens a new coal plant every week, and nobody in Brussels says a word.")
    assert not any((a.source_text or "").startswith("nobody") for a in art.attributions)


@pytest.mark.integration
@pytest.mark.parametrize("toll", ["claiming at least 143 lives", "claiming the lives of 12 workers"])
def test_claiming_lives_is_no_claim(attribute, toll: str) -> None:  # type: ignore[no-untyped-def]
    art = attribute(f"Gunmen set the hall on fire, {toll}, the police said.")
    assert [a.cue_text for a in art.attributions] == ["said"]


@pytest.mark.integration
def test_a_nominal_anaphor_takes_no_leaning_and_no_mention_of_unknown_kind(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute(
        "DRAMATIC video shows a tank crossing the border as anti-Putin soldiers claimed to have seized villages. "
        "The local governor said residents should stay calm."
    )
    assert by_cue(art, "said").resolved_source is None  # neither "anti-Putin" nor the video is a governor


@pytest.mark.integration
def test_a_subjectless_cue_joined_to_the_reported_clause_is_the_speakers(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute("The opposition leader said the government was in chaos and warned that the bill would fail.")
    said, warned = by_cue(art, "said"), by_cue(art, "warned")
    assert said.content_text == "the government was in chaos"
    assert warned.source_text == "The opposition leader"
    assert warned.content_text == "that the bill would fail"
    art = attribute('A spokesperson for the ministry said Minsk had "nothing to do with" it and accused Kyiv of lying.')
    accused = by_cue(art, "accused")  # kept without the tagger's support
    assert (accused.source_text, accused.content_text) == ("A spokesperson for the ministry", "Kyiv of lying")


@pytest.mark.integration
def test_the_head_of_a_body_is_the_person_named_before(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute(
        "The war was staged, said Margarita Simonyan, the editor-in-chief of the media group Rossiya Segodnya. "
        "The head of the media group stressed that the names of the perpetrators were known."
    )
    head = by_cue(art, "stressed")
    assert head.resolved_source is not None
    assert art.text[head.resolved_source[0] : head.resolved_source[1]].startswith("Margarita Simonyan")


@pytest.mark.integration
def test_a_participle_clause_before_the_speaker_is_the_content(attribute) -> None:  # type: ignore[no-untyped-def]
    # the parser makes both 'port' and 'officials' subjects of 'said'
    a = by_cue(attribute("The port reopened on Monday, officials said."), "said")
    assert (a.source_text, a.content_text) == ("officials", "The port reopened on Monday")


@pytest.mark.integration
def test_no_10_is_a_source(attribute) -> None:  # type: ignore[no-untyped-def]
    assert by_cue(attribute("No 10 said the prime minister had full confidence in the minister."), "said").source_text


def _parsed(words: list[str], heads: list[int], deps: list[str]):  # type: ignore[no-untyped-def]
    """A hand-made parse (the statistical parser's output varies with the words around a pattern)."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    spaces = [k + 1 < len(words) and words[k + 1] not in {",", "."} for k in range(len(words))]
    return Doc(Vocab(), words=words, spaces=spaces, heads=heads, deps=deps)


@pytest.mark.unit
def test_words_inside_a_quotation_are_neither_the_speaker_nor_the_cue_of_a_cue_after_it() -> None:
    from sourcetrace.stages._attribution_rules import _cue_span, _subject

    # '"It will soon," said Maria Olsen.' parsed with 'It' and 'will' hung on 'said' (seen on real wire copy)
    words = ['"', "It", "will", "soon", ",", '"', "said", "Maria", "Olsen", "."]
    heads = [6, 6, 6, 6, 6, 6, 6, 8, 6, 6]
    deps = ["punct", "nsubj", "aux", "advmod", "punct", "punct", "ROOT", "compound", "nsubj", "punct"]
    doc = _parsed(words, heads, deps)
    said = doc[6]
    subject = _subject(said)
    assert subject is not None and subject.text == "Olsen"
    start, end = _cue_span(said, 0)
    assert doc.text[start:end] == "said"


@pytest.mark.unit
def test_a_subject_before_the_cue_outside_any_quotation_stays_the_speaker() -> None:
    from sourcetrace.stages._attribution_rules import _subject

    words = ["The", "mayor", "will", "say", "Olsen", "lied", "."]
    heads = [1, 3, 3, 3, 5, 3, 3]
    deps = ["det", "nsubj", "aux", "ROOT", "nsubj", "ccomp", "punct"]
    subject = _subject(_parsed(words, heads, deps)[3])
    assert subject is not None and subject.text == "mayor"


@pytest.mark.unit
def test_a_dash_taken_for_a_noun_is_no_speaker() -> None:
    from sourcetrace.stages._attribution_rules import _subject

    # '... made public \u2015 Trump boasted' parsed with the dash as a second subject of 'boasted'
    words = ["public", "\u2015", "Olsen", "boasted", "."]
    heads = [1, 3, 3, 3, 3]
    deps = ["amod", "nsubj", "nsubj", "ROOT", "punct"]
    subject = _subject(_parsed(words, heads, deps)[3])
    assert subject is not None and subject.text == "Olsen"


@pytest.mark.unit
def test_a_subject_outside_the_quotation_is_preferred_to_one_inside_it() -> None:
    from sourcetrace.stages._attribution_rules import _subject

    # '"People vote in my view," Olsen told us.' parsed with both 'People' and 'Olsen' as subjects of 'told'
    words = ['"', "People", "vote", "in", "my", "view", ",", '"', "Olsen", "told", "us", "."]
    heads = [9, 9, 1, 9, 5, 3, 9, 9, 9, 9, 9, 9]
    deps = ["punct", "nsubj", "relcl", "prep", "poss", "pobj", "punct", "punct", "nsubj", "ROOT", "dobj", "punct"]
    subject = _subject(_parsed(words, heads, deps)[9])
    assert subject is not None and subject.text == "Olsen"


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The new ferry, said the harbour master, will not run before June.", "the harbour master"),
        ("The port, officials said, will reopen on Monday.", "officials"),
    ],
)
def test_a_cue_set_between_commas_reports_the_sentence_around_it(attribute, text: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    found = by_cue(attribute(text), "said")
    assert found.source_text == speaker
    assert found.content_text is not None and found.content_text.startswith("The ")
    assert found.content_text.endswith(("June", "Monday"))


@pytest.mark.unit
def test_fusion_a_new_nominal_cue_with_no_tagged_source_takes_its_owner_right_before_it() -> None:
    text = "The mayor repeated his recent call to close the harbour road."
    owner = _span_of(text, "his")
    tagged = {"cue": [_span_of(text, "recent call")], "content": [_span_of(text, "to close the harbour road")]}
    (found,) = _fuse_new(text, tagged, subject=owner)
    assert found.source == owner
    # a parse subject away from the cue is not taken without a tagged source
    (found,) = _fuse_new(text, tagged, subject=_span_of(text, "The mayor"))
    assert found.source is None
    verb_text = "Both sides appear ready to talk."  # a verb cue's subject is the tagger's to give, not an owner
    verb_tagged = {"cue": [_span_of(verb_text, "appear")], "content": [_span_of(verb_text, "ready to talk")]}
    (found,) = _fuse_new(verb_text, verb_tagged, subject=_span_of(verb_text, "Both sides"))
    assert found.source is None
    (found,) = _fuse_new(text, tagged, subject=_span_of(text, "the harbour road"))  # nor one after it (an agent)
    assert found.source is None


@pytest.mark.integration
def test_the_owner_of_a_nominal_cue_is_its_source(parse) -> None:  # type: ignore[no-untyped-def]
    from sourcetrace.stages._attribution_rules import subject_source

    article = parse("The mayor repeated his recent call to close the harbour road.")
    doc, offset = article.parses[0].doc, article.parses[0].offset
    source = subject_source(doc, offset, article.text, _span_of(article.text, "recent call"))
    assert source == _span_of(article.text, "his")
    article = parse("Critics rejected Olsen's claim that the road was safe.")
    doc, offset = article.parses[0].doc, article.parses[0].offset
    source = subject_source(doc, offset, article.text, _span_of(article.text, "claim"))
    assert source is not None and article.text[source[0] : source[1]] == "Olsen's"



@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ('"We did what we could. What else is there to do?" Olsen said.', "said", "Olsen"),
        ("\u201cIs the harbour safe, though?\u201d she told reporters on Tuesday.", "told", "she"),
    ],
)
def test_a_quotation_the_parser_split_off_is_what_the_short_sentence_after_it_reports(  # type: ignore[no-untyped-def]
    attribute, text: str, cue: str, speaker: str
) -> None:
    found = by_cue(attribute(text), cue)
    assert found.source_text == speaker
    assert found.content_text == text[: text.rindex("?") + 2]
    assert found.kind == "direct"


@pytest.mark.integration
def test_a_quoted_phrase_inside_an_earlier_report_is_no_content_of_a_later_sentence(attribute) -> None:  # type: ignore[no-untyped-def]
    text = 'The ministry said talks were "continuing in a constructive spirit." Moldova\'s government did not comment.'
    article = attribute(text)
    assert all(a.content_text != '"continuing in a constructive spirit."' or a.source_text == "The ministry"
               for a in article.attributions)


@pytest.mark.integration
def test_where_something_is_said_is_neither_cue_nor_content(attribute) -> None:  # type: ignore[no-untyped-def]
    article = attribute('"Enough is enough!" the mayor wrote on Facebook.')
    found = by_cue(article, "wrote")
    assert (found.source_text, found.content_text) == ("the mayor", '"Enough is enough!"')
    found = by_cue(attribute("The mayor said on Twitter that the road was closed."), "said")
    assert found.content_text == "that the road was closed"


@pytest.mark.integration
def test_as_reported_without_a_subject_names_no_source(attribute) -> None:  # type: ignore[no-untyped-def]
    article = attribute("As reported in March, the new ferry may need two more crews.")
    found = by_cue(article, "reported")
    assert found.source is None
    assert found.content_text == "the new ferry may need two more crews"
    found = by_cue(attribute("As the Courier reported in March, the ferry needs two crews."), "reported")
    assert found.source_text == "the Courier"


@pytest.mark.integration
def test_a_double_prime_closes_a_quotation(attribute) -> None:  # type: ignore[no-untyped-def]
    found = by_cue(attribute("\u201cIs the harbour safe? Absolutely,\u2033 Olsen said on Monday."), "said")
    assert found.source_text == "Olsen"
    assert found.content_text == "\u201cIs the harbour safe? Absolutely,\u2033"


@pytest.mark.integration
def test_she_is_never_a_man_the_registry_knows(attribute) -> None:  # type: ignore[no-untyped-def]
    article = attribute('President Joe Biden spoke on Monday. "Reports of more are false," she said.')
    found = by_cue(article, "said")
    assert found.resolved_source is None or article.text[found.resolved_source[0] : found.resolved_source[1]] != (
        "President Joe Biden"
    )


@pytest.mark.unit
def test_a_name_the_registry_knows_as_a_place_is_no_person_for_coreference() -> None:
    from sourcetrace.registry import load_registry
    from sourcetrace.stages.attribution import _known_kind

    registry = load_registry()
    assert _known_kind(Entity(start=0, end=4, label="PERSON", text="Kyiv"), registry) == "org"
    assert _known_kind(Entity(start=0, end=9, label="PERSON", text="Anna Berg"), registry) == "person"
    assert _known_kind(Entity(start=0, end=11, label="ORG", text="Olaf Scholz"), registry) == "person"


@pytest.mark.unit
def test_the_owner_of_a_representative_has_the_pronoun_gender() -> None:
    from sourcetrace.stages._attribution_coref import pronoun_gender

    assert pronoun_gender("Her spokesman") == "f"
    assert pronoun_gender("his team") == "m"
    assert pronoun_gender("his wife") is None  # a person of her own, no representative
    assert pronoun_gender("she") == "f"


@pytest.mark.integration
def test_his_spokesman_speaks_for_the_man_named_before(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("Anna Berg met the envoy in Oslo on Monday. Mr. Tom Hale introduced a bill in May to cap rents, "
            "his spokesman told the Post. Later her office said the talks would go on.")
    article = attribute(text)
    for cue, owner in (("told", "Tom Hale"), ("said", "Anna Berg")):
        found = by_cue(article, cue)
        assert _resolved(article, found) == owner


@pytest.mark.integration
def test_what_someone_declined_to_say_is_one_attribution(attribute) -> None:  # type: ignore[no-untyped-def]
    article = attribute("The plants have been offline since June. Mr. Hale declined to say when they would return.")
    assert [(a.cue_text, a.content_text) for a in article.attributions] == [
        ("declined", "to say when they would return")
    ]


@pytest.mark.integration
def test_calling_after_rejected_allegations_is_the_rejecter_s(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("Health Minister Jonas Eriksen on Wednesday rejected allegations that his department had manipulated "
            "the figures, calling them \"a conspiracy theory.\"")
    article = attribute(text)
    rejected, calling = by_cue(article, "rejected"), by_cue(article, "calling")
    assert rejected.content_text == "allegations that his department had manipulated the figures"
    assert calling.source_text == "Health Minister Jonas Eriksen"


@pytest.mark.integration
def test_a_headline_denial_of_claims_is_no_claims_cue(attribute) -> None:  # type: ignore[no-untyped-def]
    article = attribute("Minister rejects claims hospital waiting lists were manipulated")
    assert not any(a.cue_text == "claims" for a in article.attributions)


@pytest.mark.integration
def test_a_described_body_takes_up_no_unrelated_earlier_one(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("The online outlet Nordlys Review published the emails on Monday. The national audit office said it "
            "would review the matter. The outlet said it stood by its report.")
    article = attribute(text)
    assert by_cue(article, "said").resolved_source is None  # a new body, not Nordlys Review
    later = next(a for a in article.attributions if a.source_text == "The outlet")
    assert later.resolved_source is not None


@pytest.mark.integration
def test_a_title_and_the_name_after_it_are_one_source(attribute) -> None:  # type: ignore[no-untyped-def]
    found = by_cue(attribute("On Tuesday, China\u2019s top diplomat Wang Yi declared that his nation was ready."),
                   "declared")
    assert found.source_text == "China\u2019s top diplomat Wang Yi"


@pytest.mark.integration
def test_he_after_a_quote_is_not_someone_the_quote_names(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("Wang Yi, the foreign minister, spoke in Beijing on Tuesday.\n\n"
            "\u201cOur leaders (President Xi Jinping and President Vladimir Putin) came up with a plan,\u201d he said.")
    article = attribute(text)
    found = by_cue(article, "said")
    assert _resolved(article, found) == "Wang Yi"


@pytest.mark.integration
@pytest.mark.parametrize("text", ["That said, I appreciated the article.", "Having said that, the plan is good."])
def test_connectives_built_on_say_report_nothing(attribute, text: str) -> None:  # type: ignore[no-untyped-def]
    assert attribute(text).attributions == []


@pytest.mark.integration
def test_a_quotation_over_paragraphs_is_not_also_the_paragraph_before_s(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("The council published its report on Monday.\n\nThis, it said, would avoid further delays in offshore wind "
            "generation.\n\n\u201cThe council is calling on the Government to finalise and adopt the plan by summer "
            "2024.\n\n\u201cAny delay in its publication risks not achieving Ireland\u2019s 2030 offshore wind targets,"
            "\u201d the report said.")
    article = attribute(text)
    start = text.index("\u201cThe council")
    holders = [a for a in article.attributions if a.content is not None and a.content[0] <= start < a.content[1]]
    assert [a.source_text for a in holders] == ["the report"]


@pytest.mark.integration
def test_quoted_words_the_parser_makes_a_subject_are_no_source(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("\"This forum is not one where major developments are really addressed. But we do expect discussions "
            "from the US and Philippines on topics like the Second Thomas Shoal, Israel-Hamas, Ukraine,\" "
            "Connelly said.")
    found = by_cue(attribute(text), "said")
    assert found.source_text == "Connelly"


@pytest.mark.integration
def test_her_office_may_speak_for_the_woman_named_right_after(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("Mr. Tom Hale spoke in Oslo. Her office said President Maia Sandu of Moldova had convened her "
            "security council.")
    article = attribute(text)
    found = by_cue(article, "said")
    assert _resolved(article, found) == "Maia Sandu"


@pytest.mark.integration
def test_a_pronoun_inside_its_covering_content_is_the_subject_before_it(attribute) -> None:  # type: ignore[no-untyped-def]
    article = attribute("Officials met on Monday. The company, it said in a filing, expects heavy losses this year.")
    found = by_cue(article, "said")
    assert found.content_text == "The company, it said in a filing, expects heavy losses this year"
    assert _resolved(article, found) == "The company"


@pytest.mark.integration
def test_an_as_clause_after_the_subject_reports_the_whole_sentence(attribute) -> None:  # type: ignore[no-untyped-def]
    found = by_cue(attribute("Officials met on Monday. The mayor, as she said in May, will resign in June."), "said")
    assert found.source_text == "she"
    assert found.content_text == "The mayor, as she said in May, will resign in June"


@pytest.mark.integration
def test_a_speaker_with_an_aside_before_said_is_no_parenthetical(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("Anna Berg, speaking to reporters on the first day of the summit in Oslo, said the long strike at the "
            "port, a hub for the whole region, has disrupted trade across the north.")
    found = by_cue(attribute(text), "said")
    assert found.source_text is not None and found.source_text.startswith("Anna Berg")
    assert found.content_text is not None and found.content_text.startswith("the long strike")


@pytest.mark.integration
def test_the_mark_closing_a_quotation_is_no_part_of_its_speaker(attribute) -> None:  # type: ignore[no-untyped-def]
    article = attribute("\u201cThe port will reopen before winter if the unions agree,\u201d Lena Dahl, an outspoken "
                        "backer of the harbour plan, told the Courier on Monday.")
    found = by_cue(article, "told")
    assert found.source_text == "Lena Dahl, an outspoken backer of the harbour plan,"


@pytest.mark.integration
def test_a_described_person_is_the_one_titled_so(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("Former Vice President Tom Hale was asked about the strike by the talk-show host Ray Moss.\n\n"
            "The former vice president shot back on social media, saying the strike would end soon, and shared a "
            "clip with his full answer to Moss that showed him explaining that the port could reopen within a month.")
    article = attribute(text)
    assert _resolved(article, by_cue(article, "saying")) == "Tom Hale"  # not Ray Moss, the last man named
    assert _resolved(article, by_cue(article, "explaining")) == "Tom Hale"  # 'him' is no clip
    # the one asked is neither who speaks nor what is said
    assert all(a.content_text != "Former Vice President Tom Hale" for a in article.attributions)


@pytest.mark.integration
def test_two_people_with_the_title_leave_the_last_speaker(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("Northland President John Carter met Southland President Maria Lopez in May. Lopez has refused to talk "
            "since then. Carter said the talks could start soon. Both sides want a deal, the president added.")
    article = attribute(text)
    assert "Carter" in _resolved(article, by_cue(article, "added"))  # not Lopez, the other president


@pytest.mark.integration
def test_a_relative_object_leaves_the_charge_as_content(attribute) -> None:  # type: ignore[no-untyped-def]
    article = attribute("The trial of a dual citizen whom Russia accuses of treason opened on Thursday as tensions "
                        "rise between Washington and Moscow.")
    assert by_cue(article, "accuses").content_text == "of treason"  # not 'whom Russia accuses of treason'


@pytest.mark.integration
def test_only_a_charge_or_description_replaces_a_relative_object(parse) -> None:  # type: ignore[no-untyped-def]
    from sourcetrace.stages._attribution_cues import load_lexicon
    from sourcetrace.stages._attribution_rules import _object_content

    lexicon = load_lexicon()
    for text, cue, expected in (
        ("The man whom they accused of fraud left.", "accused", "of fraud"),
        ("The attack, which he described as brutal, ended.", "described", "as brutal"),
        ("They doubt what she was saying in her letter.", "saying", "what she was saying in her letter"),
    ):
        doc = parse(text).parses[0].doc
        verb = next(t for t in doc if t.text == cue)
        obj = next(c for c in verb.children if c.dep_ == "dobj")
        start, end = _object_content(verb, obj, 0, lexicon)
        assert text[start:end] == expected


@pytest.mark.integration
def test_a_cue_inside_its_subjects_phrase_stays_out_of_the_source(attribute) -> None:  # type: ignore[no-untyped-def]
    article = attribute("The council voted by 9 votes for, 3 abstentions and 2 against, a resolution to demand that "
                        "the company pay restitution to the town. The mayor has every reason to believe that time is "
                        "on her side.")
    assert by_cue(article, "demand").source_text == "a resolution"
    assert all(a.source_text != "every reason" for a in article.attributions)


@pytest.mark.integration
def test_a_closing_report_the_parser_made_adverbial(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("Saudi Crown Prince Mohammed bin Salman has mediated the release by Russia of ten foreign combatants "
            "in the Ukraine conflict, Saudi Arabia\u2019s foreign ministry announced on Wednesday.")
    found = by_cue(article := attribute(text), "announced")
    assert found.source_text == "Saudi Arabia\u2019s foreign ministry"
    assert found.content_text == text[: text.index(", Saudi Arabia")]
    assert article.attributions == [found]


@pytest.mark.integration
def test_an_it_holding_the_place_of_a_clause_is_no_source(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("Pete Buttigieg spoke on Monday. Nonetheless, in light of this revelation, it appears that the tradeoff "
            "of the program is poor. In the report, it is mentioned that the key pipeline was damaged. The ministry "
            "said it appears that talks failed.")
    art = attribute(text)
    appears = by_cue(art, "appears")
    assert appears.source is None and appears.resolved_source is None  # no 'it', so no Buttigieg either
    assert by_cue(art, "is mentioned").source is None
    assert by_cue(art, "said").source_text == "The ministry"


@pytest.mark.integration
def test_it_takes_up_an_office_not_a_council_in_a_persons_appositive(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ("Former Russian president Dmitry Medvedev has warned London. Medvedev, who currently serves as deputy "
            "chair of the Russian Security Council, issued his warning in a post. Sunak's arrival is meant to "
            "\"set out a new package,\" his office said in a statement. The security document is a follow-up to "
            "agreements reached last year, it noted.")
    art = attribute(text)
    assert _resolved(art, by_cue(art, "said in a statement")) == "Sunak"
    assert _resolved(art, by_cue(art, "noted")) == "Sunak"  # the office that speaks for him


@pytest.mark.integration
def test_a_he_is_never_an_outlet_the_registry_knows(attribute) -> None:  # type: ignore[no-untyped-def]
    text = ('Florian Philippot, a French politician, said the war must stop. The rally was large, RT reported. '
            '"Nobody wants this war," he noted.')
    art = attribute(text)
    assert _resolved(art, by_cue(art, "noted")) != "RT"


def test_a_phrase_headed_by_a_thing_may_not_be_a_person() -> None:
    assert not could_be_person("The new rule") and not could_be_person("the public")
    assert not could_be_person("A review of Okafor's phone records") and not could_be_person("the settlement")
    assert could_be_person("the gardener's neighbour") and could_be_person("a party loyalist")
    assert could_be_person("the Butcher") and could_be_person("Lund") and could_be_person("the nun")
    assert could_be_person("Koski\u2019s office")  # the office speaks for her: 'she' may be Koski
    assert source_class("one of the documents") is None and source_class("one of the pilots") == "people"


@pytest.mark.integration
def test_he_takes_up_no_rule_that_spoke_before(attribute) -> None:  # type: ignore[no-untyped-def]
    art = attribute(
        "Marek Nowak spoke in parliament on Tuesday. The directive would also stipulate that every new home must "
        "be free of emissions by 2030. He believes this is madness. One of the documents said the plan was secret."
    )
    assert _resolved(art, by_cue(art, "believes")) == "Marek Nowak"  # not "The directive"
    assert by_cue(art, "said").resolved_source is None  # one of the documents is no one of a group of people


@pytest.mark.integration
@pytest.mark.parametrize(
    ("sentence", "expletive"),
    [
        ("It goes without saying that the bridge was closed.", True),
        ("It is hard to believe that the ferry sank.", True),
        ("It\u2019s fair to say that the vote was close.", True),
        ("Locally, it\u2019s estimated that 40 homes flooded.", True),
        ("It\u2019s time for the council to admit its mistake.", True),
        ("The union said it is ready to negotiate.", False),
        ("The firm said it\u2019s prepared to pay.", False),
        ("It has said that the talks failed.", False),
    ],
)
def test_an_it_before_an_extraposed_clause_is_no_speaker(parse, sentence: str, expletive: bool) -> None:  # type: ignore[no-untyped-def]
    doc = parse(sentence).parses[0].doc
    assert [is_expletive(t) for t in doc if t.lower_ == "it"] == [expletive]


@pytest.mark.integration
def test_a_title_ending_the_sentence_before_is_not_the_names(attribute) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The letter was handed to the pope. Marie Dunne, an abuse survivor, criticised the bishops. "
        "Later, Archbishop Tomas Ruiz spoke to the press.\n"
        "\u201cNobody listened to us,\u201d she told the newspaper."
    )
    art = attribute(text)
    assert _resolved(art, by_cue(art, "told")).startswith("Marie Dunne")  # 'pope.' is no title of hers


@pytest.mark.integration
@pytest.mark.parametrize(
    ("headline", "source", "said"),
    [
        ("Norway Appeals for Calm, Says Pipeline Leak Was No Attack", "Norway", "Pipeline Leak Was No Attack"),
        ("Mayor Ruth Okafor Targets Landlords in Housing Push, Says Rents Must Fall", "Mayor Ruth Okafor",
         "Rents Must Fall"),  # the parser took the whole line for what was said
        ("Senator Lind Refers to the Board as \u2018Rogue Body\u2019 in Speech, Says Audit Is Needed", "Senator Lind",
         "Audit Is Needed"),
        ("National Institutes of Health, Says Trial Data Were Sound", "National Institutes of Health",
         "Trial Data Were Sound"),  # a name, not a verb in -s
    ],
)
def test_a_headline_second_verb_speaks_for_the_subject_of_the_first(  # type: ignore[no-untyped-def]
    attribute, headline: str, source: str, said: str
) -> None:
    says = by_cue(attribute(headline + "\n\nThe plan was unveiled on Friday."), "Says")
    assert (says.source_text, says.content_text) == (source, said)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("tagged", "whole"),
    [
        ("plans for a march at the", "plans for a march at the Royal Naval College in Greenwich"),
        ("plans for a", "plans for a march at the Royal Naval College in Greenwich"),
        ("plans for a march", "plans for a march"),  # a whole phrase already
    ],
)
def test_a_tagger_content_cut_inside_a_phrase_runs_on_to_its_end(  # type: ignore[no-untyped-def]
    parse, tagged: str, whole: str
) -> None:
    article = parse("The ministry voiced concern over plans for a march at the Royal Naval College in Greenwich. "
                    "Nobody else spoke.")
    text = article.text

    def at(phrase: str) -> tuple[int, int]:
        return text.index(phrase), text.index(phrase) + len(phrase)

    cand = Candidate(at("voiced concern over"), at("The ministry"), at(tagged), "indirect", "concern", 0.5,
                     "learned tagger: cue 'voiced concern over'")
    content = _whole_phrase(article, cand).content
    assert content is not None and text[content[0] : content[1]] == whole
    rule = Candidate(cand.cue, cand.source, cand.content, "indirect", "concern", 0.5, "reporting verb 'voiced'")
    assert _whole_phrase(article, rule) == rule  # the rules' contents follow the parse already


@pytest.mark.integration
def test_a_run_on_content_stops_before_an_aside_it_cannot_close(parse) -> None:  # type: ignore[no-untyped-def]
    article = parse("Rural voters backed the levy more in Tarnow than in other towns (31% against 22%), a poll found.")
    text = article.text
    cue, tagged = (text.index("backed"), text.index("backed") + 6), (text.index("the levy"), text.index(" in other"))
    cand = Candidate(cue, (0, cue[0] - 1), tagged, "indirect", "back", 0.5, "learned tagger: cue 'backed'")
    content = _whole_phrase(article, cand).content  # the tagger stopped at 'than'
    assert content is not None and text[content[0] : content[1]] == "the levy more in Tarnow than in other towns"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("headline", "tagged", "said"),
    [
        ("Okafor: Council Is Showing Contempt for Voters", "Contempt for Voters",
         "Council Is Showing Contempt for Voters"),
        ("Okafor: Strike Will End Before Christmas, Too.", "Strike Will End Before Christmas",
         "Strike Will End Before Christmas, Too"),  # not its full stop
        ('Okafor: "The Deal Is Dead," Unions Were Told', '"The Deal Is Dead,"', '"The Deal Is Dead,"'),  # the outlet's
    ],
)
def test_a_headline_colon_reports_the_rest_of_its_line(headline: str, tagged: str, said: str) -> None:
    from sourcetrace.readers import read_text

    article = read_text(f"{headline}\n\nThe mayor said: talks ran late. The council met on Monday night.\n", "t.txt")[0]
    text = article.text
    colon, start = text.index(":"), text.index(tagged)
    cand = Candidate((colon, colon + 1), (0, colon), (start, start + len(tagged)), "indirect", ":", 0.5,
                     "learned tagger: cue ':'")
    content = _headline_colon(article, cand).content
    assert content is not None and text[content[0] : content[1]] == said
    body = text.index(": talks")  # a colon outside the headline: left alone
    inner = Candidate((body, body + 1), None, (body + 2, body + 7), "indirect", ":", 0.5, "learned tagger: cue ':'")
    assert _headline_colon(article, inner) == inner

"""Lexicon baselines: cue n-grams flag spans, span text and last word name techniques."""

from __future__ import annotations

import pytest

from sourcetrace.ptc.baseline import LexiconBaseline, MajorityBaseline, SpanLexicon, TechniqueLexicon, count_grams
from sourcetrace.ptc.corpus import PtcSpan
from sourcetrace.ptc.predict import TechniquePredictor

# Invented training articles: "disgraceful traitors" is always labelled, "the harbour" never.
TEXTS = {
    "1": "Title one\n\nThe disgraceful traitors met at the harbour.\nRain fell on the harbour.\n",
    "2": "Title two\n\nThose disgraceful traitors sold the harbour.\nWe must win, we must win.\n",
    "3": "Title three\n\nAgain the disgraceful traitors spoke.\nBoats left the harbour.\n",
}


def spans_of(phrase: str, technique: str) -> list[PtcSpan]:
    out = []
    for article_id, text in TEXTS.items():
        start = text.find(phrase)
        if start >= 0:
            out.append(PtcSpan(article_id, start, start + len(phrase), technique))
    return out


SLOGAN = TEXTS["2"].index("we must win.")
GOLD = [*spans_of("disgraceful traitors", "Name_Calling,Labeling"), PtcSpan("2", SLOGAN, SLOGAN + 11, "Slogans")]


@pytest.mark.unit
def test_gram_counts_know_which_occurrences_lie_inside_gold() -> None:
    seen, inside = count_grams(TEXTS, GOLD)
    assert seen[("disgraceful", "traitors")] == 3 and inside[("disgraceful", "traitors")] == 3
    assert seen[("the", "harbour")] == 4 and inside[("the", "harbour")] == 0
    # crossing the gold span boundary is not inside it
    assert inside[("those", "disgraceful")] == 0


@pytest.mark.unit
def test_span_lexicon_flags_cue_words_or_their_sentence() -> None:
    lexicon = SpanLexicon(precision=0.9, min_count=3).fit(TEXTS, GOLD)
    text = "New piece\n\nCritics said disgraceful traitors ran the harbour.\n"
    found = lexicon.find(text)
    assert [(text[s:e], score) for s, e, score in found] == [("disgraceful traitors", 1.0)]
    whole = SpanLexicon(precision=0.9, min_count=3, sentences=True).fit(TEXTS, GOLD).find(text)
    assert [text[s:e] for s, e, _ in whole] == ["Critics said disgraceful traitors ran the harbour."]
    assert lexicon.find("Nothing here about the harbour.") == []


@pytest.mark.unit
def test_technique_lexicon_backs_off_from_text_to_last_word_to_majority() -> None:
    lexicon = TechniqueLexicon().fit(TEXTS, GOLD)
    text = "disgraceful traitors; vile traitors; a quiet morning"
    assert lexicon.classify(text, [(0, 20), (22, 35), (37, 51)]) == [
        "Name_Calling,Labeling",  # same span text seen 3 times
        "Name_Calling,Labeling",  # unseen text, last word 'traitors' seen 3 times
        "Name_Calling,Labeling",  # nothing known: the shape (2-4 words, not repeated) seen 3 times
    ]
    assert lexicon.classify("x", [(0, 1)]) == ["Name_Calling,Labeling"]  # 1 word: overall majority


@pytest.mark.unit
def test_lexicon_baseline_is_a_predictor_and_labels_its_spans() -> None:
    model = LexiconBaseline.fit(TEXTS, GOLD)
    assert isinstance(model, TechniquePredictor)
    text = "Headline\n\nThey called them disgraceful traitors.\n"
    spans = model.predict_spans(text)
    assert spans and all(t == "Name_Calling,Labeling" and 0 < score <= 1 for _, _, t, score in spans)
    assert all("disgraceful traitors" in text[s:e] for s, e, _, _ in spans)


@pytest.mark.unit
def test_majority_baseline_classifies_only() -> None:
    model = MajorityBaseline.fit(TEXTS, GOLD)
    assert model.predict_spans("any text") == []
    assert model.classify("any text", [(0, 3), (4, 8)]) == ["Name_Calling,Labeling"] * 2

"""Tests for the techniques stage: voice from the attribution layer, the propaganda summary, the pipeline."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from conftest import EXAMPLES, make_article

from sourcetrace.article import Article, Attribution, Sentence
from sourcetrace.models.encoding import Encoded, FakeTokenEncoder
from sourcetrace.models.techniques import TECHNIQUES_DIR, FoundSpan
from sourcetrace.pipeline import Pipeline
from sourcetrace.stages.encoding import Encoding
from sourcetrace.stages.techniques import Techniques, voice_of

TEXT = (
    "The ministry said the rebels were \u201cbloodthirsty terrorists\u201d who must be crushed. "
    "Our brave soldiers, the paper adds, defend the motherland."
)


class FixedFinder:
    """Finds each given phrase (first occurrence) with a technique; scores each sentence 0.25 * its index + 0.1."""

    def __init__(self, phrases: dict[str, str]) -> None:
        self.phrases = phrases
        self.encoded: list[Encoded | None] = []

    def analyse(
        self, text: str, sentences: Sequence[tuple[int, int]], encoded: Encoded | None = None
    ) -> tuple[list[FoundSpan], list[float]]:
        self.encoded.append(encoded)
        found = []
        for phrase, technique in self.phrases.items():
            start = text.index(phrase)
            found.append(
                FoundSpan(start, start + len(phrase), technique, 0.8, 0.6, 0.7, (start, start + 3),
                          ((technique, 0.6), ("Doubt", 0.3), ("Slogans", 0.1)))
            )
        return found, [round(0.25 * i + 0.1, 4) for i in range(len(sentences))]


def _article() -> Article:
    art = make_article(TEXT)
    first_end = TEXT.index("crushed.") + len("crushed.")
    art.sentences = [Sentence(start=0, end=first_end, paragraph=0),
                     Sentence(start=first_end + 1, end=len(TEXT), paragraph=0)]
    content = (TEXT.index("the rebels"), first_end - 1)
    art.attributions = [
        Attribution(id="a1", source=(0, 12), cue=(13, 17), content=content, kind="indirect"),
        Attribution(id="a2", source=(TEXT.index("the paper"), TEXT.index("the paper") + 9),
                    cue=(TEXT.index("adds"), TEXT.index("adds") + 4), content=None, kind="indirect"),
    ]
    return art


@pytest.mark.unit
def test_voice_is_relayed_inside_attributed_content_else_outlet() -> None:
    art = _article()
    inside = TEXT.index("bloodthirsty")
    assert voice_of(inside, inside + 12, art.attributions) is art.attributions[0]
    outside = TEXT.index("brave")
    assert voice_of(outside, outside + 5, art.attributions) is None


@pytest.mark.unit
def test_innermost_content_holds_a_nested_span() -> None:
    outer = Attribution(id="a1", source=None, cue=(0, 1), content=(0, 100), kind="indirect")
    inner = Attribution(id="a2", source=None, cue=(0, 1), content=(20, 40), kind="direct")
    assert voice_of(25, 30, [outer, inner]) is inner


@pytest.mark.unit
def test_stage_fills_spans_with_voice_explanation_and_summary() -> None:
    phrases = {"Our brave soldiers": "Flag-Waving", "bloodthirsty terrorists": "Name_Calling,Labeling"}
    stage = Techniques(FixedFinder(phrases))
    art = stage(_article())
    assert [t.text for t in art.techniques] == ["bloodthirsty terrorists", "Our brave soldiers"]
    relayed, own = art.techniques
    assert (relayed.voice, relayed.attribution) == ("relayed", "a1")
    assert (own.voice, own.attribution) == ("outlet", None)
    assert "inside content attributed by a1" in relayed.explanation
    assert own.explanation.startswith("Flag-Waving: plays on national or group feeling")
    assert [a.technique for a in own.alternatives] == ["Doubt", "Slogans"]
    summary = art.propaganda
    assert summary is not None
    assert (summary.outlet_voice, summary.relayed) == (1, 1)
    assert summary.sentences == [0.1, 0.35]
    assert summary.score == pytest.approx(0.225)
    assert summary.techniques == {"Name_Calling,Labeling": 1, "Flag-Waving": 1}


@pytest.mark.unit
def test_no_sentences_gives_a_zero_score() -> None:
    art = make_article("x")
    art = Techniques(FixedFinder({}))(art)
    assert art.techniques == [] and art.propaganda is not None and art.propaganda.score == 0.0


@pytest.mark.unit
def test_pipeline_needs_attributions_and_the_encoding_before_techniques() -> None:
    with pytest.raises(Exception, match="requires parses, sentences, attributions, encoding"):
        Pipeline([Techniques(FixedFinder({}))])


@pytest.mark.unit
def test_the_finder_reads_the_encoding_layer() -> None:
    finder = FixedFinder({})
    art = Encoding(FakeTokenEncoder(dim=8))(_article())
    Techniques(finder)(art)
    assert finder.encoded == [art.encoding] and art.encoding is not None


@pytest.mark.integration
@pytest.mark.skipif(not (TECHNIQUES_DIR / "model.onnx").is_file(), reason="technique model not installed")
def test_shared_encoding_gives_the_same_spans_and_scores_as_the_tagger_alone(pipeline: Pipeline) -> None:
    text = (EXAMPLES / "article-port-strike.txt").read_text(encoding="utf-8")
    text += "\n\nThese corrupt traitors will destroy our great nation unless true patriots stand up now!"
    shared = pipeline(make_article(text))
    assert shared.encoding is not None and shared.techniques
    alone = Techniques()  # a tagger of its own, which encodes the text itself when the layer is missing
    shared_spans, shared_summary = list(shared.techniques), shared.propaganda
    shared.encoding = None
    alone(shared)
    assert shared.techniques == shared_spans and shared.propaganda == shared_summary


@pytest.mark.integration
def test_a_span_ending_on_a_modifier_runs_on_to_its_noun(parse) -> None:  # type: ignore[no-untyped-def]
    text = "This time it is the humble gas stove. Real patriots know better."
    art = parse(text)
    art.attributions = []
    Techniques(FixedFinder({"the humble gas": "Name_Calling,Labeling", "Real": "Flag-Waving"}))(art)
    assert [s.text for s in art.techniques] == ["the humble gas stove", "Real patriots"]
    assert all(art.text[s.start : s.end] == s.text for s in art.techniques)

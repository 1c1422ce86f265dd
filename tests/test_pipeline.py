"""The pipeline: stage order checked at build, errors named, and offsets that always index the text."""

from __future__ import annotations

from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcetrace.article import Article
from sourcetrace.errors import PipelineError, StageError
from sourcetrace.pipeline import DEFAULT_STAGES, Pipeline, register_stage, registered_stages, without
from tests.conftest import make_article


@pytest.mark.unit
def test_default_stages_are_registered_in_a_valid_order() -> None:
    assert set(DEFAULT_STAGES) <= set(registered_stages())
    assert Pipeline().names == list(DEFAULT_STAGES)


@pytest.mark.unit
def test_out_of_order_stages_fail_when_built() -> None:
    with pytest.raises(PipelineError, match="'claims' requires"):
        Pipeline(["linguistics", "claims"])


@pytest.mark.unit
def test_unknown_stage_and_unknown_layer_are_rejected() -> None:
    with pytest.raises(PipelineError, match="no stage named 'nope'"):
        Pipeline(["nope"])

    with pytest.raises(PipelineError, match="unknown layer 'vibes'"):

        @register_stage
        class _Bad:
            name: ClassVar[str] = "bad"
            requires: ClassVar[tuple[str, ...]] = ("vibes",)
            assigns: ClassVar[tuple[str, ...]] = ()


@pytest.mark.unit
def test_skipping_stages_keeps_the_order_and_drops_a_feeder_nobody_needs() -> None:
    kept = without(DEFAULT_STAGES, ["techniques", "narratives"])
    assert kept == [s for s in DEFAULT_STAGES if s not in {"techniques", "narratives", "encoding"}]
    assert "encoding" in without(DEFAULT_STAGES, ["narratives"])  # techniques still needs it
    assert without(DEFAULT_STAGES, []) == list(DEFAULT_STAGES)
    Pipeline(kept)  # a valid order


@pytest.mark.unit
def test_skipping_a_needed_or_unknown_stage_names_the_problem() -> None:
    with pytest.raises(PipelineError, match="cannot skip 'encoding': stage 'techniques' needs its encoding"):
        without(DEFAULT_STAGES, ["encoding"])
    with pytest.raises(PipelineError, match="cannot skip 'nope': not a stage of this pipeline"):
        without(DEFAULT_STAGES, ["nope"])


@pytest.mark.integration
def test_the_article_records_the_stages_that_ran() -> None:
    article = Pipeline(["linguistics"])(make_article("The port reopened on Monday."))
    assert article.stages == ["linguistics"]


@pytest.mark.unit
def test_a_failing_stage_is_named_with_the_article() -> None:
    class Broken:
        name: ClassVar[str] = "broken"
        requires: ClassVar[tuple[str, ...]] = ()
        assigns: ClassVar[tuple[str, ...]] = ()

        def warm_up(self) -> None:
            pass

        def __call__(self, article: Article) -> Article:
            raise ValueError("boom")

    with pytest.raises(StageError, match=r"stage 'broken' failed on x\.txt"):
        Pipeline([Broken()])(make_article("Some text.", source="x.txt"))


_WORDS = st.sampled_from(
    "the ministry said that officials reportedly claimed Moscow Kyiv “we will” \u2018legion\u2019 according to "
    "sources 12 percent he added it was reported allegedly may NATO (NATO) : , . ? \u00a0 \n\n".split(" ")
)


@pytest.mark.integration
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_WORDS, min_size=1, max_size=60))
def test_every_span_of_every_layer_indexes_the_text(pipeline: Pipeline, words: list[str]) -> None:
    text = " ".join(words)
    if not text.strip():
        return
    article = pipeline(make_article(text))
    n = len(text)
    spans: list[tuple[int, int]] = [(s.start, s.end) for s in article.sentences]
    spans += [(e.start, e.end) for e in article.entities] + [(h.start, h.end) for h in article.hedges]
    spans += [(c.start, c.end) for c in article.claims]
    spans += [m for a in article.actors for m in a.mentions]
    for a in article.attributions:
        spans += [s for s in (a.source, a.cue, a.content, a.resolved_source) if s is not None]
        assert a.cue_text == text[a.cue[0] : a.cue[1]]
        if a.content is not None and a.content_text is not None:
            assert a.content_text == text[a.content[0] : a.content[1]]
    for start, end in spans:
        assert 0 <= start <= end <= n
    for c in article.claims:
        assert c.text == text[c.start : c.end]
    for h in article.hedges:
        assert h.text == text[h.start : h.end]
    for t in article.techniques:
        assert 0 <= t.start < t.end <= n and t.text == text[t.start : t.end]
        assert t.voice == ("outlet" if t.attribution is None else "relayed")
    assert article.propaganda is not None and len(article.propaganda.sentences) == len(article.sentences)

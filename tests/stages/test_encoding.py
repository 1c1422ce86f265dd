"""The encoding stage runs the shared encoder once per article; stages that read it must come after it."""

from __future__ import annotations

import pytest
from conftest import make_article

from sourcetrace.errors import PipelineError
from sourcetrace.models.encoding import FakeTokenEncoder
from sourcetrace.pipeline import DEFAULT_STAGES, Pipeline
from sourcetrace.report import build_report
from sourcetrace.stages.encoding import Encoding

TEXT = "The strike ended on Monday. Ships left the port."


@pytest.mark.unit
def test_stage_sets_the_layer_once_and_keeps_it_out_of_the_report() -> None:
    encoder = FakeTokenEncoder(dim=8)
    article = Pipeline([Encoding(encoder)])(make_article(TEXT))
    assert encoder.calls == 1
    assert article.encoding is not None and len(article.encoding.offsets) == 11
    assert "encoding" not in build_report(article).model_dump()


@pytest.mark.unit
def test_default_pipeline_encodes_before_both_readers() -> None:
    order = list(DEFAULT_STAGES)
    assert order.index("encoding") < order.index("techniques") < order.index("narratives")


@pytest.mark.unit
def test_a_subset_without_the_encoding_stage_names_it() -> None:
    with pytest.raises(PipelineError, match=r"'techniques' requires encoding.*add 'encoding' before it"):
        Pipeline(["linguistics", "attribution", "techniques"])
    assert Pipeline(["linguistics", "attribution", "encoding", "techniques"]).names[-1] == "techniques"
    assert Pipeline(["encoding", "narratives"]).names == ["encoding", "narratives"]


@pytest.mark.unit
def test_header_lines_outside_the_paragraphs_are_not_encoded() -> None:
    from sourcetrace.readers.text import TextReader

    text = (
        "Moscow warns of provocation\nEastern Dispatch\nhttps://cdn.example.org/img/dirty-bomb.jpg\n"
        "The foreign ministry warned on Thursday that a provocation was being prepared near the border, "
        "and said it had informed the United Nations.\n\nThe embassy declined to comment on the claims.\n"
    )
    article = TextReader().read(text, "a.txt")[0]
    assert article.meta.outlet == "Eastern Dispatch"
    encoder = FakeTokenEncoder(dim=8)
    article = Pipeline([Encoding(encoder)])(article)
    assert article.encoding is not None
    words = {text[a:b] for a, b in article.encoding.offsets}
    assert {"Moscow", "provocation", "ministry", "embassy"} <= words
    assert not words & {"Eastern", "Dispatch", "https", "dirty", "jpg"}
    url = text.index("https")
    assert all(b <= url or a >= text.index("\n", url) for a, b in article.encoding.offsets)

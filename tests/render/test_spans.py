"""Cutting the text into segments at every finding boundary."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from render._sample import TEXT, sample_article

from sourcetrace.render.spans import Finding, findings, segments
from sourcetrace.report import build_report


def _finding(start: int, end: int) -> Finding:
    return Finding(start, end, "claim", "Claim", "test")


def _check_cover(length: int, spans: list[Finding]) -> None:
    cut = segments(length, spans)
    position = 0
    for seg in cut:
        assert seg.start == position and seg.end > seg.start
        position = seg.end
        for i in seg.findings:
            assert spans[i].start <= seg.start and seg.end <= spans[i].end
        for i, span in enumerate(spans):
            if span.start <= seg.start and seg.end <= span.end and span.start < span.end:
                assert i in seg.findings
    assert position == length


@pytest.mark.unit
def test_nested_and_overlapping_spans_are_split_at_every_boundary() -> None:
    spans = [_finding(2, 8), _finding(4, 6), _finding(5, 10)]
    cut = segments(12, spans)
    assert [(s.start, s.end, s.findings) for s in cut] == [
        (0, 2, ()),
        (2, 4, (0,)),
        (4, 5, (0, 1)),
        (5, 6, (0, 1, 2)),
        (6, 8, (0, 2)),
        (8, 10, (2,)),
        (10, 12, ()),
    ]


@pytest.mark.unit
def test_empty_and_out_of_range_spans_are_clipped() -> None:
    cut = segments(5, [_finding(3, 3), _finding(-2, 2), _finding(4, 99)])
    assert [(s.start, s.end, s.findings) for s in cut] == [(0, 2, (1,)), (2, 4, ()), (4, 5, (2,))]


@pytest.mark.unit
@given(
    st.integers(min_value=0, max_value=60).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(-3, n + 3), st.integers(-3, n + 3)).map(sorted), max_size=12),
        )
    )
)
def test_segments_cover_the_text_exactly_once(case: tuple[int, list[list[int]]]) -> None:
    length, pairs = case
    _check_cover(length, [_finding(a, b) for a, b in pairs])


@pytest.mark.unit
def test_findings_of_a_report_cover_sources_cues_contents_hedges_and_claims() -> None:
    report = build_report(sample_article())
    spans = findings(report)
    layers = [f.layer for f in spans]
    assert layers.count("source") == 3 and layers.count("cue") == 3 and layers.count("content") == 3
    assert layers.count("hedge") == 3 and layers.count("claim") == 3
    cue = next(f for f in spans if f.layer == "cue")
    assert TEXT[cue.start : cue.end] == "said"
    assert cue.details["actor"] == "Valdoran water ministry" and cue.details["type"] == "government"
    source = next(f for f in spans if f.layer == "source")
    assert source.reason == "'ministry' names a government body"
    _check_cover(len(TEXT), spans)

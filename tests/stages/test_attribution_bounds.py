"""Tests for the content-boundary choice between a rule's content and the tagger's, on hand-made spans."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sourcetrace.errors import ModelError
from sourcetrace.stages._attribution_bounds import (
    BOUNDS_FILE,
    ContentBounds,
    TokenProbabilities,
    candidate_rows,
    features,
)
from sourcetrace.stages._attribution_rules import Candidate

TEXT = "The mayor described the plan as a costly mistake during a council meeting on Tuesday."
CUE = (10, 19)  # "described"
RULE = (20, 84)  # "the plan ... on Tuesday"
TAGGED = (20, 48)  # "the plan as a costly mistake"
SENTENCES = [(0, len(TEXT))]


def _tokens(text: str, inside: tuple[int, int]) -> TokenProbabilities:
    """One 'wordpiece' per word: P(content) 0.9 inside ``inside``, 0.1 elsewhere."""
    offsets, rows = [], []
    pos = 0
    for word in text.split(" "):
        offsets.append((pos, pos + len(word)))
        p = 0.9 if inside[0] <= pos < inside[1] else 0.1
        rows.append([1 - p, p if pos == inside[0] else 0.0, 0.0 if pos == inside[0] else p])
        pos += len(word) + 1
    return TokenProbabilities.of(offsets, np.asarray(rows, dtype=np.float32))


def _candidate(content: tuple[int, int] | None, reason: str = "reporting verb 'described'") -> Candidate:
    return Candidate(cue=CUE, source=(0, 9), content=content, kind="indirect", lemma="describe", score=1.0,
                     reason=reason)


def _confidence_only(threshold: float) -> ContentBounds:
    """A model that looks only at the tagger's confidence (the first feature)."""
    width = len(features(TEXT, RULE, TAGGED, 0.5, "indirect", CUE, 1, _tokens(TEXT, TAGGED)))
    coef = np.zeros(width)
    coef[0] = 10.0
    return ContentBounds(coef, -5.0, threshold)


def test_text_fixture_spans() -> None:
    assert TEXT[slice(*CUE)] == "described"
    assert TEXT[slice(*TAGGED)] == "the plan as a costly mistake"
    assert TEXT[slice(*RULE)].endswith("on Tuesday")


def test_token_probabilities_average_the_tokens_that_start_in_a_range() -> None:
    probs = _tokens(TEXT, TAGGED)
    mean, least, any_token = probs.inside(*TAGGED)
    assert mean == pytest.approx(0.9) and least == pytest.approx(0.9) and any_token == 1.0
    mean, _, _ = probs.inside(48, 84)  # "during a council meeting on Tuesday."
    assert mean == pytest.approx(0.1)
    assert probs.inside(84, 84) == (0.0, 0.0, 0.0)
    assert probs.at(20) == pytest.approx((0.9, 0.9))  # "the" opens the tagged span
    assert probs.at(1000) == (0.0, 0.0)


def test_features_describe_where_the_spans_differ() -> None:
    row = features(TEXT, RULE, TAGGED, 0.8, "indirect", CUE, 1, _tokens(TEXT, TAGGED))
    other = features(TEXT, RULE, (RULE[0], 70), 0.8, "indirect", CUE, 1, _tokens(TEXT, TAGGED))
    assert row[0] == 0.8
    assert row[1] == 1.0 and row[2] == 0.0  # the tagged span lies inside the rule's
    assert row[3] == 1.0 and row[4] == 0.0  # same start, another end
    assert row != other


def test_rows_only_for_rule_contents_the_tagger_draws_otherwise() -> None:
    probs = _tokens(TEXT, TAGGED)
    found = [
        _candidate(RULE),
        _candidate(TAGGED),  # the tagger agrees: nothing to choose
        _candidate(None),  # no content
        _candidate(RULE, reason="learned tagger: cue 'described'"),  # already the tagger's
    ]
    rows = candidate_rows(TEXT, found, {"content": {TAGGED: 0.9}}, probs, SENTENCES)
    assert [(i, span) for i, span, _ in rows] == [(0, TAGGED)]
    assert candidate_rows(TEXT, found, {"content": {(0, 9): 0.9}}, probs, SENTENCES) == []  # no tagged content overlaps


def test_apply_switches_only_above_the_threshold() -> None:
    probs = _tokens(TEXT, TAGGED)
    found = [_candidate(RULE)]
    switched = _confidence_only(0.5).apply(TEXT, found, {"content": {TAGGED: 0.9}}, probs, SENTENCES)
    assert switched[0].content == TAGGED
    assert "learned tagger" in switched[0].reason
    kept = _confidence_only(0.5).apply(TEXT, found, {"content": {TAGGED: 0.3}}, probs, SENTENCES)
    assert kept[0].content == RULE and kept[0].reason == found[0].reason
    assert found[0].content == RULE  # the input list is left alone


def test_committed_model_loads_and_fits_the_features() -> None:
    model = ContentBounds.load()
    row = features(TEXT, RULE, TAGGED, 0.9, "indirect", CUE, 1, _tokens(TEXT, TAGGED))
    assert model.coef.shape == (len(row),)
    assert 0.0 < model.probability(row) < 1.0
    assert 0.0 < model.threshold < 1.0


def test_a_broken_model_file_is_a_model_error(tmp_path: Path) -> None:
    raw = json.loads(BOUNDS_FILE.read_text(encoding="utf-8"))
    raw["coef"] = raw["coef"][:-1]
    short = tmp_path / "bounds.json"
    short.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ModelError, match="coefficients"):
        ContentBounds.load(short)
    with pytest.raises(ModelError, match="missing or invalid"):
        ContentBounds.load(tmp_path / "absent.json")


@pytest.mark.parametrize(
    ("text", "rule", "tagged", "eligible"),
    [
        ("He said the plan was late. It was.", (8, 25), (8, 33), False),  # runs into the next sentence
        ("He said \"the plan was late. It was.\"", (9, 26), (8, 36), True),  # a quotation may run on
        ("He said the plan was late.\nIt was.", (8, 25), (8, 33), False),  # over a line break
        ("He said the plan\nwas late.", (8, 25), (17, 25), False),  # leaves out a paragraph of the rule's span
        ("He said the plan\nwas late.", (8, 25), (8, 26), True),
        ("He said the plan was late, but", (8, 25), (8, 30), False),  # ends on "but"
        ("The plan was late, he said.", (0, 17), (0, 26), False),  # takes in its own cue
        ("He said the plan was late on Monday.", (8, 35), (8, 25), True),
        ("He said the plan was late on Monday.", (8, 25), (8, 28), False),  # ends on "on"
        ("He said, citing aides, that the plan was late.", (23, 45), (16, 45), False),  # takes in an aside
        ("He said deep concern over the plan.", (8, 34), (21, 34), False),  # starts on a preposition
        ("He said the importance of rules.", (8, 31), (12, 31), False),  # starts inside a noun phrase
        ("He said the plan was late - slightly.", (8, 25), (8, 36), False),  # runs on past a dash
        ("He said the plan was late and called for a review.", (8, 25), (8, 50), False),  # his next action
        ("He said the plan was late, as one aide has said.", (8, 25), (8, 47), False),  # another speaker agreeing
        ("He said the plan was late, as expected by many.", (8, 25), (8, 46), True),
        ("It was described as late.", (20, 24), (17, 24), False),  # takes in part of its own cue
        ("He said the plan was latehttps://t.co/x", (8, 20), (8, 30), False),  # cut inside a link
        ("He said \"the plan was late\" today.", (8, 27), (8, 26), False),  # leaves out the closing quotation mark
        ("He said \"the plan was late\" today.", (8, 27), (9, 26), True),  # the whole quotation, marks aside
        ("He said urgent repairs were due.", (8, 31), (8, 14), False),  # one word cut from the front of a clause
        ("He said urgent repairs were due.", (8, 31), (8, 22), True),
    ],
)
def test_what_a_tagged_span_may_not_take_in(
    text: str, rule: tuple[int, int], tagged: tuple[int, int], eligible: bool
) -> None:
    word = "said" if "said" in text else "described as"
    cue = (text.index(word), text.index(word) + len(word))
    sentences = [(0, text.index(". ") + 1), (text.index(". ") + 2, len(text))] if ". " in text else [(0, len(text))]
    found = [Candidate(cue=cue, source=(0, 2), content=rule, kind="indirect", lemma="say", score=1.0, reason="r")]
    rows = candidate_rows(text, found, {"content": {tagged: 0.9}, "cue": {cue: 0.9}}, _tokens(text, tagged), sentences)
    assert bool(rows) is eligible


def test_no_tagged_span_that_reads_the_rule_content_as_nested() -> None:
    text = "Mr. Hale declined to say when they would return."
    cue, rule, inner = (9, 17), (18, 47), (25, 47)  # "declined", "to say when ...", "when they would return"
    found = [Candidate(cue=cue, source=(0, 8), content=rule, kind="indirect", lemma="decline", score=1.0,
                       reason="r")]
    probs = _tokens(text, inner)
    assert candidate_rows(text, found, {"content": {inner: 0.9}, "cue": {cue: 0.9}}, probs, [(0, 48)])
    tagged = {"content": {inner: 0.9}, "cue": {cue: 0.9, (21, 24): 0.9}}  # the tagger also found "say"
    assert candidate_rows(text, found, tagged, probs, [(0, 48)]) == []


def test_no_tagged_span_that_takes_in_another_cue_after_the_content() -> None:
    text = "She said the plan was late and demanded a review."
    cue, rule, longer = (4, 8), (9, 26), (9, 48)  # "said", "the plan was late", "... and demanded a review"
    found = [Candidate(cue=cue, source=(0, 3), content=rule, kind="indirect", lemma="say", score=1.0, reason="r")]
    probs = _tokens(text, longer)
    sentences = [(0, 49)]
    assert candidate_rows(text, found, {"content": {longer: 0.9}, "cue": {cue: 0.9}}, probs, sentences) == []
    text = "She said the plan was late but demanded a review."  # no "and": only the tagger's second cue stops it
    assert candidate_rows(text, found, {"content": {longer: 0.9}, "cue": {cue: 0.9}}, probs, sentences)
    tagged = {"content": {longer: 0.9}, "cue": {cue: 0.9, (31, 39): 0.9}}
    assert candidate_rows(text, found, tagged, probs, sentences) == []

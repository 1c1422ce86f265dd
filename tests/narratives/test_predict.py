"""Predictions on invented articles: task format, evidence offsets into the text, determinism."""

from __future__ import annotations

import pytest

from narratives._mini import ALARM, ALARM_N, FEARS, NUKES, mini_model, mini_words_model
from sourcetrace.models.encoding import FakeTokenEncoder
from sourcetrace.narratives.corpus import format_annotations
from sourcetrace.narratives.predict import NarrativeClassifier, predict_annotations
from sourcetrace.narratives.taxonomy import OTHER

pytestmark = pytest.mark.unit

TEXTS = {
    "z-new.txt": "Activists again.\n\nThe alarmist activists shout about doom. Their hysterical slogans go on.",
    "a-new.txt": "Nuclear fears.\n\nA nuclear strike could come, officials warned. Nuclear arsenals wait.",
    "m-new.txt": "Ships and wheat.\n\nThe port reopened and ships left with wheat on Monday.",
}


def classifier() -> NarrativeClassifier:
    return NarrativeClassifier(mini_model(), FakeTokenEncoder(dim=32))


def test_task_format_sorted_by_file() -> None:
    out = format_annotations(predict_annotations(classifier(), TEXTS))
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["a-new.txt", "m-new.txt", "z-new.txt"]
    assert all(len(line.split("\t")) == 3 for line in lines)
    assert lines[0] == f"a-new.txt\tURW: Amplifying war-related fears\t{NUKES}"
    assert lines[2] == f"z-new.txt\t{ALARM_N}\t{ALARM}"


def test_labels_carry_evidence_inside_the_text() -> None:
    text = TEXTS["z-new.txt"]
    found = classifier().classify(text)
    assert [n.label for n in found.labels] == [ALARM_N, ALARM]
    sub = found.labels[1]
    assert sub.level == "subnarrative" and sub.parent == ALARM_N and sub.domain == "CC"
    for label in found.labels:
        assert label.evidence and label.probability is not None
        scores = [ev.score for ev in label.evidence]
        assert scores == sorted(scores, reverse=True)
        for ev in label.evidence:
            assert 0 <= ev.start < ev.end <= len(text)
            assert text[ev.start : ev.end].strip() == text[ev.start : ev.end]
            assert ev.reason
    assert "alarmist" in text[found.labels[0].evidence[0].start : found.labels[0].evidence[0].end]


def test_other_article_has_one_label_without_evidence() -> None:
    found = classifier().classify(TEXTS["m-new.txt"])
    assert found.decision.narratives == (OTHER,) and found.decision.subnarratives == (OTHER,)
    assert [(n.label, n.level, n.evidence) for n in found.labels] == [(OTHER, "narrative", [])]


def test_deterministic() -> None:
    one = classifier().classify(TEXTS["a-new.txt"])
    two = classifier().classify(TEXTS["a-new.txt"])
    assert one.labels == two.labels and one.probabilities == two.probabilities


class _NoEncoder:
    name = "none"

    def encode(self, text: str) -> object:
        raise AssertionError("a words-only model must not run the encoder")


def test_words_model_needs_no_encoder_and_cites_cyrillic_evidence() -> None:
    text = "Опасность.\n\nЯдерный удар возможен, предупредили эксперты. Погода хорошая."
    found = NarrativeClassifier(mini_words_model(), _NoEncoder()).classify(text)  # type: ignore[arg-type]
    assert found.decision.narratives == (FEARS,) and found.decision.subnarratives == (NUKES,)
    evidence = found.labels[0].evidence[0]
    assert text[evidence.start : evidence.end] == "Ядерный удар возможен, предупредили эксперты."
    assert "words weighing for it: Ядерный, удар" in evidence.reason

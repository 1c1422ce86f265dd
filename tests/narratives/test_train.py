"""Training inputs per language: English reads sentence vectors, the other languages words alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from narratives._mini import FEARS, NUKES, RU_ARTICLES
from sourcetrace.narratives.corpus import Annotation, format_annotations
from sourcetrace.train.narratives import config_for, load_corpus

pytestmark = pytest.mark.unit


def _write(root: Path, lang: str, rows: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]) -> None:
    folder = root / lang / "raw-documents"
    folder.mkdir(parents=True)
    for name, text, _, _ in rows:
        (folder / name).write_text(text, encoding="utf-8")
    (root / lang / "subtask-2-annotations.txt").write_text(
        format_annotations(Annotation(n, a, b) for n, _, a, b in rows), encoding="utf-8")


def test_other_languages_load_without_the_encoder(tmp_path: Path) -> None:
    rows = [*RU_ARTICLES, ("RU_CC_9.txt", "Ледники тают.\n\nЖара.", ("Other",), ("Other",))]
    _write(tmp_path, "RU", rows)
    corpus = load_corpus(tmp_path, "RU", encoder=None, cache=None, log=lambda _: None)  # would fail if it encoded
    assert all(v.shape[1] == 0 for v in corpus.vectors)
    assert [v.shape[0] for v in corpus.vectors][:2] == [3, 3]
    # names carry the topic ('RU-URW-', '_CC_'); an uncoded 'Other' article takes the corpus's usual topic
    assert dict(zip(corpus.names, corpus.domains, strict=True)) == {
        "RU-5.txt": "URW", "RU-URW-1.txt": "URW", "RU-URW-2.txt": "URW", "RU-URW-3.txt": "URW",
        "RU-URW-4.txt": "URW", "RU_CC_9.txt": "CC",
    }


def test_an_uncoded_article_takes_its_labels_topic(tmp_path: Path) -> None:
    _write(tmp_path, "HI", [("HI_1.txt", "परमाणु युद्ध का खतरा।", (FEARS,), (NUKES,)),
                            ("HI_2.txt", "जलवायु।", ("CC: Criticism of climate movement",),
                             ("CC: Criticism of climate movement: Other",)),
                            ("HI_3.txt", "परमाणु हमला।", (FEARS,), (NUKES,)),
                            ("HI_4.txt", "खेल।", ("Other",), ("Other",))])
    corpus = load_corpus(tmp_path, "HI", encoder=None, cache=None, log=lambda _: None)
    assert corpus.domains == ["URW", "CC", "URW", "URW"]  # the 'Other' article: the more frequent topic


def test_configs() -> None:
    assert config_for("EN").encoder and config_for("EN").words == "ascii"
    assert not config_for("bg").encoder and config_for("bg").words == "unicode"
    assert np.isclose(config_for("PT").tfidf_weight, 1.0)

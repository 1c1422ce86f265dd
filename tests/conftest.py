"""Shared fixtures: hand-built articles for unit tests, the real pipeline for integration tests."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from sourcetrace.article import Article, ArticleMeta
from sourcetrace.readers.text import split_paragraphs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_article(text: str, source: str = "<test>") -> Article:
    """Build an article by hand: paragraphs only, no models."""
    return Article(text=text, meta=ArticleMeta(source=source, format="text"), paragraphs=split_paragraphs(text))


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    """The default pipeline, built and warmed once for the whole session."""
    from sourcetrace.pipeline import Pipeline

    pipe = Pipeline()
    pipe.warm_up()
    return pipe


@pytest.fixture(scope="session")
def parse():  # type: ignore[no-untyped-def]
    """A function running only the linguistics stage over a text."""
    from sourcetrace.pipeline import Pipeline

    pipe = Pipeline(["linguistics"])

    def run(text: str) -> Article:
        return pipe(make_article(text))

    return run


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every socket connection fail (and tell hub libraries to stay offline) for the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access attempted during an offline test")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)

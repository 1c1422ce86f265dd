"""The ``sourcetrace narratives`` commands: task-format predictions for a folder of articles, and their score.

Thin wrappers over :mod:`sourcetrace.narratives`: an error prints one line
``sourcetrace: error: <where>: <problem>`` and exits with the code
``sourcetrace.errors.EXIT_CODES`` gives its class; ``predict`` writes its output only
when every article is done, so a failed run leaves no file.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sourcetrace._cli_errors import fail as _fail
from sourcetrace.errors import SourcetraceError
from sourcetrace.narratives.corpus import format_annotations, read_annotations, read_documents, write_atomically
from sourcetrace.narratives.model import LANGUAGES
from sourcetrace.narratives.predict import NarrativeClassifier, predict_annotations
from sourcetrace.narratives.scoring import score

__all__ = ["narratives_app"]

Language = StrEnum("Language", {code: code for code in LANGUAGES})  # type: ignore[misc]
"""The languages ``predict --lang`` accepts: those with a committed model."""
ENGLISH = Language("EN")

narratives_app = typer.Typer(
    name="narratives",
    help="SemEval-2025 Task 10 narratives (Ukraine-Russia war, climate change): predict and score.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@narratives_app.command("predict")
def predict_command(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Directory of .txt articles (not recursive).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Prediction file to write (atomically).")],
    lang: Annotated[Language, typer.Option("--lang", case_sensitive=False, help="Language of the articles.")] = (
        ENGLISH
    ),
) -> None:
    """Write file<TAB>narratives<TAB>sub-narratives for every .txt article in DIR, sorted by file name."""
    try:
        classifier = NarrativeClassifier(lang=lang.value)
        texts = read_documents(folder)
        rows = predict_annotations(classifier, texts)
        write_atomically(out, format_annotations(rows))
    except SourcetraceError as exc:
        _fail(exc)
    print(f"wrote {len(rows)} rows to {out}", file=sys.stderr)


@narratives_app.command("score")
def score_command(
    pred: Annotated[Path, typer.Option("--pred", help="Prediction file in the task format.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold annotation file (subtask-2-annotations.txt).")],
) -> None:
    """Print samples-F1 of narratives and sub-narratives, as the task's scorer defines it."""
    try:
        result = score(read_annotations(gold), read_annotations(pred))
    except SourcetraceError as exc:
        _fail(exc)
    print(f"articles {result.articles}")
    print(f"narratives samples-F1 {result.narratives:.4f} (std {result.narratives_std:.4f})")
    print(f"sub-narratives samples-F1 {result.subnarratives:.4f} (std {result.subnarratives_std:.4f})")

"""The ``sourcetrace checkworthy`` command: label a CheckThat! TSV file with the check-worthiness model.

A thin wrapper over ``sourcetrace.checkworthy``: errors print one line
``sourcetrace: error: <file:line>: <problem>`` and exit with the code
``sourcetrace.errors.EXIT_CODES`` gives their class (7 for a malformed row);
the output file is written only once every row is scored.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sourcetrace._cli_errors import fail as _fail
from sourcetrace.checkworthy import format_predictions, read_tsv, write_atomically
from sourcetrace.errors import InputError, SourcetraceError

__all__ = ["checkworthy_command", "mount"]


def checkworthy_command(
    file: Annotated[Path, typer.Argument(help="CheckThat! TSV: id<TAB>text[<TAB>Yes|No], optional header row.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write id<TAB>Yes|No<TAB>score here instead of stdout.")
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", min=0.0, max=1.0, help="Yes at or above this probability (default: the model's)."),
    ] = None,
) -> None:
    """Label each sentence of a CheckThat! TSV file Yes/No with its calibrated check-worthiness score."""
    from sourcetrace.models.checkworthy import CheckworthinessModel

    try:
        rows = read_tsv(file)
        model = CheckworthinessModel()
        scores = model.score([r.text for r in rows])
        content = format_predictions(rows, scores, model.threshold if threshold is None else threshold)
        if out is None:
            sys.stdout.write(content)
        else:
            write_atomically(out, content)
    except SourcetraceError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(InputError(exc.strerror or str(exc), exc.filename and str(exc.filename)))


def mount(app: typer.Typer) -> None:
    """Add ``sourcetrace checkworthy`` to ``app``."""
    app.command("checkworthy")(checkworthy_command)

"""The ``sourcetrace`` command line: a thin wrapper over ``sourcetrace.api.analyze``.

Errors are handled only here: each failing input prints one line
``sourcetrace: error: <input>: <problem>`` on stderr and the run goes on;
the exit code comes from ``sourcetrace.errors.EXIT_CODES`` (one input), or is
``PARTIAL_FAILURE`` (9) when several inputs (or records of one JSON/JSONL
input) were given and some failed while others were analysed.
Nothing prints a traceback.
"""

from __future__ import annotations

import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sourcetrace.api import DEFAULT_MAX_BYTES, analyze, build_pipeline, expand_inputs
from sourcetrace.checkworthy_cli import mount as mount_checkworthy_command
from sourcetrace.errors import EXIT_CODES, InputError, SourcetraceError, exit_code_for
from sourcetrace.narratives.cli import narratives_app
from sourcetrace.ptc.cli import ptc_app
from sourcetrace.readers import FORMATS as INPUT_FORMATS
from sourcetrace.render import render_html, render_json
from sourcetrace.render.json import render_jsonl
from sourcetrace.render.text import print_report, render_text
from sourcetrace.report import Report, schema_json
from sourcetrace.store.cli import mount as mount_store_commands
from sourcetrace.train.cli import train_app

__all__ = ["INTERRUPTED", "PARTIAL_FAILURE", "UNEXPECTED", "app"]

#: Exit code when several inputs were given and at least one failed (the others were still processed).
PARTIAL_FAILURE = 9
#: Exit code for an unexpected internal error (a bug): one line on stderr, no traceback.
UNEXPECTED = 1
#: Exit code after Ctrl-C.
INTERRUPTED = 130
#: Inputs above which a progress bar is shown on stderr (when stderr is a terminal).
PROGRESS_THRESHOLD = 3

app = typer.Typer(
    name="sourcetrace",
    help="News forensics: who claims what, on whose authority, how hedged — as offsets into the article.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    """Formats ``sourcetrace analyze --format`` writes."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    html = "html"


def _say_error(console: Console | None, source: str | None, problem: str) -> None:
    """Print the one-line error message on stderr."""
    flat = " ".join(problem.split())
    line = f"sourcetrace: error: {source}: {flat}" if source else f"sourcetrace: error: {flat}"
    if console is not None:
        console.print(line, soft_wrap=True, markup=False, highlight=False)
    else:
        print(line, file=sys.stderr, flush=True)


def _problem(error: SourcetraceError) -> str:
    return error.message if isinstance(error, InputError) else str(error)


def _version(value: bool) -> None:
    if value:
        from sourcetrace import __version__

        typer.echo(f"sourcetrace {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """News forensics: who claims what, on whose authority, how hedged — as offsets into the article."""


class _Output:
    """Where reports go: stdout, or a temporary file renamed onto ``--out`` only on success."""

    def __init__(self, out: Path | None, format: OutputFormat) -> None:
        self.out = out
        self.format = format
        self.count = 0
        self._collected: list[Report] = []
        self._tmp: str | None = None
        self._file: TextIO = sys.stdout
        self._console: Console | None = None
        if out is not None:
            fd, self._tmp = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}.",
                                             suffix=".tmp")
            self._file = os.fdopen(fd, "w", encoding="utf-8")
        elif format is OutputFormat.text:
            self._console = Console(file=sys.stdout, highlight=False, emoji=False)

    def write(self, report: Report) -> None:
        self.count += 1
        if self.format is OutputFormat.text:
            if self._console is not None:
                print_report(report, self._console)
            else:
                self._file.write(render_text(report))
        elif self.format is OutputFormat.jsonl:
            self._file.write(render_jsonl([report]))
            self._file.flush()
        else:
            self._collected.append(report)

    def finish(self) -> None:
        """Write collected formats and, with ``--out``, move the file into place (if anything succeeded)."""
        if self._collected:
            render = render_json if self.format is OutputFormat.json else render_html
            self._file.write(render(self._collected))
        if self._tmp is None:
            self._file.flush()
            return
        self._file.close()
        if self.count and self.out is not None:
            os.replace(self._tmp, self.out)
        else:
            os.unlink(self._tmp)
        self._tmp = None

    def abort(self) -> None:
        """Remove the temporary file after a failure; ``--out`` is left untouched."""
        if self._tmp is not None:
            self._file.close()
            Path(self._tmp).unlink(missing_ok=True)
            self._tmp = None


def _run(
    inputs: list[str], format: OutputFormat, out: Path | None, input_format: str | None, max_bytes: int, workers: int,
    db: str | None = None, skip: tuple[str, ...] = (),
) -> int:
    pipeline = build_pipeline(db, skip) if db or skip else None  # a bad --skip fails before any input is read
    sources = expand_inputs(inputs)
    if not sources:
        raise InputError("no input files found", " ".join(inputs))
    stderr = Console(stderr=True, highlight=False)
    failures: list[SourcetraceError] = []
    progress = Progress(
        TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=stderr, transient=True, disable=len(sources) <= PROGRESS_THRESHOLD or not stderr.is_terminal,
    )
    task = progress.add_task("analyse", total=len(sources))
    live_console = stderr if not progress.disable else None

    def on_error(source: str, error: SourcetraceError) -> None:
        failures.append(error)
        _say_error(live_console, source, _problem(error))

    output = _Output(out, format)
    try:
        with progress:
            for report in analyze(
                sources, format=input_format, max_bytes=max_bytes, workers=workers, on_error=on_error,
                pipeline=pipeline,
                on_input=lambda _source: progress.advance(task),
            ):
                output.write(report)
        output.finish()
    except BaseException:
        output.abort()
        raise
    if not failures:
        return 0
    if len(sources) == 1 and not output.count:
        return exit_code_for(failures[0])
    return PARTIAL_FAILURE


@app.command("analyze")
def analyze_command(
    inputs: Annotated[
        list[str],
        typer.Argument(metavar="INPUT", help="Files, directories (every file inside), URLs, or - for stdin."),
    ],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to FILE (atomically: no file is left if every input fails)."),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option("--input-format", help=f"Reader to use instead of detecting: {', '.join(INPUT_FORMATS)}."),
    ] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse inputs larger than this.")] = (
        DEFAULT_MAX_BYTES
    ),
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Analyse in N processes.")] = 1,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Claim store (SQLite file or postgresql:// URL) to match claims against "
                     "[default: $SOURCETRACE_DB; none: no matching]."),
    ] = None,
    skip: Annotated[
        str | None,
        typer.Option("--skip", metavar="STAGE,...", help="Leave out these stages (e.g. techniques,narratives for a "
                     "faster run); the report's 'stages' lists what ran."),
    ] = None,
) -> None:
    """Analyse articles and report who claims what, on whose authority, how hedged."""
    if input_format is not None and input_format not in INPUT_FORMATS:
        choices = ", ".join(INPUT_FORMATS)
        raise typer.BadParameter(f"{input_format!r} is not one of {choices}", param_hint="--input-format")
    try:
        db = db or os.environ.get("SOURCETRACE_DB") or None
        if db:
            os.environ["SOURCETRACE_DB"] = db  # worker processes build the matches stage from it
        skipped = tuple(name.strip() for name in (skip or "").split(",") if name.strip())
        code = _run(inputs, format, out, input_format, max_bytes, workers, db, skipped)
    except SourcetraceError as exc:
        _say_error(None, getattr(exc, "source", None), _problem(exc))
        code = exit_code_for(exc)
    except KeyboardInterrupt:
        _say_error(None, None, "interrupted")
        code = INTERRUPTED
    except OSError as exc:
        _say_error(None, getattr(exc, "filename", None), exc.strerror or str(exc))
        code = UNEXPECTED
    except Exception as exc:
        _say_error(None, None, f"unexpected {type(exc).__name__}: {exc} (please report this bug)")
        code = UNEXPECTED
    raise typer.Exit(code)


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the report (the same as docs/report.schema.json)."""
    sys.stdout.write(schema_json())


mount_store_commands(app)  # sourcetrace store import|info, sourcetrace match


app.add_typer(ptc_app, name="ptc")
app.add_typer(train_app, name="train")
app.add_typer(narratives_app, name="narratives")
mount_checkworthy_command(app)  # sourcetrace checkworthy


#: Every exit code the CLI can return, for the docs and their test.
ALL_EXIT_CODES: dict[int, str] = {
    0: "success",
    **{code: cls.__name__ for cls, code in EXIT_CODES.items()},
    PARTIAL_FAILURE: "some inputs failed (several inputs given; the others were processed)",
    INTERRUPTED: "interrupted (Ctrl-C)",
}

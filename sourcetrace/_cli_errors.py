"""The one-line error message every ``sourcetrace`` command prints, and the exit that follows it."""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

from sourcetrace.errors import InputError, SourcetraceError, exit_code_for

__all__ = ["error_line", "fail"]


def error_line(error: SourcetraceError) -> str:
    """``sourcetrace: error: <where>: <problem>`` on one line (``<where>`` only for input errors)."""
    problem = error.message if isinstance(error, InputError) else str(error)
    source = error.source if isinstance(error, InputError) else None
    flat = " ".join(problem.split())
    return f"sourcetrace: error: {source}: {flat}" if source else f"sourcetrace: error: {flat}"


def fail(error: SourcetraceError) -> NoReturn:
    """Print the error line on stderr and exit with the error's code."""
    print(error_line(error), file=sys.stderr)
    raise typer.Exit(exit_code_for(error))

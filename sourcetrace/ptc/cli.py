"""The ``sourcetrace ptc`` commands: SemEval-2020 Task 11 submissions and the official scores.

Thin wrappers over ``sourcetrace.ptc``: errors print one line
``sourcetrace: error: <where>: <problem>`` and exit with the code
``sourcetrace.errors.EXIT_CODES`` gives their class; ``predict`` writes its
output only when every row is ready, so a failed run leaves no file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sourcetrace._cli_errors import fail as _fail
from sourcetrace.errors import InputError, SourcetraceError
from sourcetrace.ptc.corpus import (
    TECHNIQUES,
    format_si,
    format_tc,
    read_articles,
    read_si_labels,
    read_tc_labels,
    read_tc_template,
    read_techniques,
    write_atomically,
)
from sourcetrace.ptc.predict import Task, load_predictor, predict
from sourcetrace.ptc.scoring import TaskScore, score_flc, score_si, score_tc

__all__ = ["ptc_app", "render_score"]

ptc_app = typer.Typer(
    name="ptc",
    help="Propaganda Techniques Corpus (SemEval-2020 Task 11): write submissions, score them officially.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

def _techniques(path: Path | None) -> tuple[str, ...]:
    return TECHNIQUES if path is None else read_techniques(path)


@ptc_app.command("predict")
def predict_command(
    task: Annotated[Task, typer.Option("--task", help="si: spans; tc: a technique per --spans row; flc: both.")],
    articles: Annotated[Path, typer.Option("--articles", help="Directory of article<ID>.txt files.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Submission file to write (atomically).")],
    spans: Annotated[
        Path | None, typer.Option("--spans", help="TC template (id, ?, start, end) of the spans to classify.")
    ] = None,
    model: Annotated[
        Path | None, typer.Option("--model", help="Technique model folder (default: the installed model).")
    ] = None,
) -> None:
    """Write a SemEval-2020 Task 11 submission for the articles in a directory."""
    if task is Task.tc and spans is None:
        raise typer.BadParameter("--task tc needs the spans to classify", param_hint="--spans")
    try:
        texts = read_articles(articles)
        template = read_tc_template(spans, texts) if task is Task.tc and spans is not None else None
        predictor = load_predictor(model)
        rows = predict(task, texts, predictor, template)
        write_atomically(out, format_si(rows) if task is Task.si else format_tc(rows))
    except SourcetraceError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(InputError(exc.strerror or str(exc), exc.filename and str(exc.filename)))


def render_score(task: Task, result: TaskScore) -> str:
    """Return the score as text: overall P/R/F1, then per-technique figures for tc and flc."""
    o = result.overall
    lines = [
        f"task {task.value}: predicted {result.predicted} gold {result.gold}"
        + (" spans (overlaps merged)" if task is not Task.tc else " rows"),
        f"precision {o.precision:.4f}  recall {o.recall:.4f}  F1 {o.f1:.4f}",
    ]
    if result.per_technique:
        width = max(map(len, result.per_technique))
        lines.append(f"{'technique':<{width}}  precision  recall      F1")
        for name, score in result.per_technique.items():
            lines.append(f"{name:<{width}}  {score.precision:9.4f}  {score.recall:6.4f}  {score.f1:6.4f}")
    return "\n".join(lines) + "\n"


@ptc_app.command("score")
def score_command(
    task: Annotated[Task, typer.Option("--task", help="Which official metric: si, tc or flc.")],
    pred: Annotated[Path, typer.Option("--pred", help="Submission file (or directory of *.labels files).")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold label file (or directory of *.labels files).")],
    techniques: Annotated[
        Path | None, typer.Option("--techniques", help="techniques.txt listing the valid classes (default: the 14).")
    ] = None,
    articles: Annotated[
        Path | None, typer.Option("--articles", help="Article directory to check ids and offsets against.")
    ] = None,
) -> None:
    """Score a submission against gold labels with the official SemEval-2020 Task 11 metric."""
    try:
        names = _techniques(techniques)
        texts = read_articles(articles) if articles is not None else None
        if task is Task.si:
            result = score_si(read_si_labels(pred, texts), read_si_labels(gold, texts))
        else:
            scorer = score_tc if task is Task.tc else score_flc
            result = scorer(read_tc_labels(pred, texts, names), read_tc_labels(gold, texts, names), names)
    except SourcetraceError as exc:
        _fail(exc)
    sys.stdout.write(render_score(task, result))

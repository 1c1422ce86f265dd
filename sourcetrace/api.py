"""The Python API: analyse texts, files, directories and URLs into reports.

``analyze_text`` handles one string; ``analyze`` streams reports for many
inputs, loading the models once per process (or once per worker process with
``workers > 1``) and keeping input order. The CLI is a thin wrapper over
``analyze``.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sourcetrace import readers
from sourcetrace.article import Article
from sourcetrace.errors import InputError, PartialInputError, PipelineError, SourcetraceError
from sourcetrace.pipeline import Pipeline
from sourcetrace.readers import read_source
from sourcetrace.report import Report, build_report

__all__ = [
    "DEFAULT_MAX_BYTES", "OnError", "analyze", "analyze_text", "build_pipeline", "default_pipeline", "expand_inputs",
    "matches_pipeline",
]

#: Default cap on the size of one input, in bytes.
DEFAULT_MAX_BYTES = readers.DEFAULT_MAX_BYTES

#: Called with the failing input (file, URL, '-' or article source) and the error; the run goes on.
OnError = Callable[[str, SourcetraceError], None]


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """Return this process's default pipeline, built once and shared by every call."""
    return Pipeline()


@lru_cache(maxsize=4)
def matches_pipeline(db: str) -> Pipeline:
    """The default pipeline plus the ``matches`` stage looking claims up in the claim store at ``db``.

    Worker processes (``workers > 1``) rebuild stages by name, so they open the
    store named by ``$SOURCETRACE_DB``; the CLI sets it from ``--db``.
    """
    return build_pipeline(db)


@lru_cache(maxsize=8)
def build_pipeline(db: str | None = None, skip: tuple[str, ...] = ()) -> Pipeline:
    """The default stages less ``skip``, plus ``matches`` against the claim store at ``db`` if given.

    Raises PipelineError when a skipped stage is unknown or needed by a kept one.
    """
    from sourcetrace.pipeline import DEFAULT_STAGES, without
    from sourcetrace.stages.matches import Matches

    stages: list[Any] = without(DEFAULT_STAGES, skip)
    if db:
        if "claims" not in stages:
            raise PipelineError("cannot skip 'claims' with --db: claim matching needs the claims")
        stages.insert(stages.index("claims") + 1, Matches(db))
    return Pipeline(stages)


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Expand directories into the input files they hold; files, URLs and '-' pass through in order.

    Unlike ``readers.expand_inputs`` a missing path is kept, so that it fails
    on its own when read and the other inputs are still analysed.
    """
    out: list[str] = []
    for item in inputs:
        try:
            out.extend(readers.expand_inputs([item]))
        except InputError:
            out.append(item)
    return out


def analyze_text(
    text: str, *, source: str = "<string>", format: str | None = "text", pipeline: Pipeline | None = None
) -> Report:
    """Analyse one article given as a string and return its report; offsets index ``text``.

    ``format`` defaults to plain text; pass None to detect HTML or JSON.
    """
    article = readers.read_string(text, source, format)
    return build_report((pipeline or default_pipeline())(article))


def _read(source: str, *, format: str | None, max_bytes: int) -> list[Article]:
    """Read one input into articles; OS errors the readers let through become ``InputError``."""
    try:
        return read_source(source, format=format, max_bytes=max_bytes)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source) from exc


@dataclass(frozen=True)
class _Failure:
    source: str
    error: SourcetraceError


_Outcome = Report | _Failure


def _analyze_one(source: str, pipeline: Callable[[], Pipeline], format: str | None, max_bytes: int) -> list[_Outcome]:
    """Read one input and run every article in it; failures are returned, not raised."""
    outcomes: list[_Outcome] = []
    try:
        articles = _read(source, format=format, max_bytes=max_bytes)
    except PartialInputError as exc:  # bad records are reported, the good ones analysed
        articles = exc.articles
        outcomes.extend(_Failure(source, error) for error in exc.errors)
    except SourcetraceError as exc:
        return [_Failure(getattr(exc, "source", None) or source, exc)]
    for article in articles:
        try:
            outcomes.append(build_report(pipeline()(article)))
        except SourcetraceError as exc:
            if isinstance(exc, PipelineError):
                raise  # the pipeline itself is wrong: no input can succeed
            outcomes.append(_Failure(article.meta.source or source, exc))
    return outcomes


# --- worker processes -------------------------------------------------------------------------

_worker_pipeline: Pipeline | None = None
_worker_error: SourcetraceError | None = None


def _init_worker(stages: Sequence[str]) -> None:
    """Build and warm the pipeline once in each worker process."""
    global _worker_pipeline, _worker_error
    try:
        _worker_pipeline = Pipeline(list(stages))
        _worker_pipeline.warm_up()
    except SourcetraceError as exc:  # raising here would make the pool respawn workers forever
        _worker_error = exc


def _get_worker_pipeline() -> Pipeline:
    if _worker_error is not None:
        raise _worker_error
    assert _worker_pipeline is not None, "worker used before _init_worker"
    return _worker_pipeline


def _pack_error(error: SourcetraceError) -> tuple[type[SourcetraceError], str, dict[str, Any]]:
    """Make an error safe to send between processes (some error classes cannot be unpickled)."""
    state: dict[str, Any] = {}
    for key, value in vars(error).items():
        try:
            pickle.dumps(value)
            state[key] = value
        except Exception:
            state[key] = repr(value)
    return type(error), str(error), state


def _unpack_error(packed: tuple[type[SourcetraceError], str, dict[str, Any]]) -> SourcetraceError:
    cls, message, state = packed
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


def _work(task: tuple[str, str | None, int]) -> list[Report | tuple[str, Any]]:
    source, format, max_bytes = task
    if _worker_error is not None:
        raise PipelineError(f"worker could not build the pipeline: {_worker_error}")
    packed: list[Report | tuple[str, Any]] = []
    for outcome in _analyze_one(source, _get_worker_pipeline, format, max_bytes):
        packed.append(outcome if isinstance(outcome, Report) else (outcome.source, _pack_error(outcome.error)))
    return packed


def _parallel(
    sources: list[str], stages: Sequence[str], format: str | None, max_bytes: int, workers: int
) -> Iterator[list[_Outcome]]:
    context = multiprocessing.get_context("spawn")
    tasks = [(source, format, max_bytes) for source in sources]
    with context.Pool(min(workers, len(sources)), initializer=_init_worker, initargs=(list(stages),)) as pool:
        for packed in pool.imap(_work, tasks, chunksize=1):
            yield [
                item if isinstance(item, Report) else _Failure(item[0], _unpack_error(item[1])) for item in packed
            ]


# --- the public entry point ---------------------------------------------------------------------


def analyze(
    inputs: Iterable[str],
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pipeline: Pipeline | None = None,
    workers: int = 1,
    on_error: OnError | None = None,
    on_input: Callable[[str], None] | None = None,
) -> Iterator[Report]:
    """Analyse files, directories, URLs or '-' (stdin) and yield one report per article, in input order.

    A failing input raises its ``SourcetraceError`` unless ``on_error`` is
    given, in which case it is reported there and the run goes on.
    ``on_input`` is called with each input once it is done (for progress
    bars). With ``workers > 1`` inputs are analysed in that many processes,
    each building the pipeline (from the stage names of ``pipeline``) once.
    """
    sources = expand_inputs(inputs)
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if workers > 1 and len(sources) > 1 and "-" not in sources:
        stages = (pipeline or default_pipeline()).names
        batches: Iterator[list[_Outcome]] = _parallel(sources, stages, format, max_bytes, workers)
    else:
        get = (lambda: pipeline) if pipeline is not None else default_pipeline
        batches = (_analyze_one(source, get, format, max_bytes) for source in sources)
    for source, outcomes in zip(sources, batches, strict=True):
        for outcome in outcomes:
            if isinstance(outcome, Report):
                yield outcome
            elif on_error is None:
                raise outcome.error
            else:
                on_error(outcome.source, outcome.error)
        if on_input is not None:
            on_input(source)


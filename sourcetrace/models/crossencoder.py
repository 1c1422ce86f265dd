"""The claim-retrieval cross-encoder: reads a query and a known claim together and scores the pair.

A MiniLM-L6 fine-tuned on CheckThat! 2021 2B train queries (``sourcetrace train
crossencoder``), int8 ONNX. It is the optional second stage of ``Retriever``: the
first stage's top candidates are re-scored, and a logistic model over the first
stage's features plus this score (``SecondStage``, in the model's ``config.json``)
re-orders them and gives their calibrated match probability.

The model is dynamically quantised (int8 activations scaled per call), so each
pair runs alone: a pair's score never depends on the other pairs of the call.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from sourcetrace.errors import ModelError
from sourcetrace.models.runtime import FloatArray, ModelRunner, OnnxRunner, read_config, run_batched
from sourcetrace.models.tagger import MODELS_DIR

__all__ = ["CROSSENCODER_DIR", "PAIR_FEATURE", "CrossEncoder", "PairScorer", "SecondStage"]

#: The committed cross-encoder: ``model.onnx`` (int8), ``tokenizer.json``, ``config.json``.
CROSSENCODER_DIR = MODELS_DIR / "crossencoder"
#: Name of the pair score among the second stage's features (after the first stage's).
PAIR_FEATURE = "crossencoder"


@dataclass(frozen=True)
class SecondStage:
    """Re-ranking and probability coefficients over ``features`` (the first stage's, then the pair score)."""

    features: tuple[str, ...]
    rank_coef: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    top: int

    def rank_score(self, features: Sequence[float]) -> float:
        """The second stage's ranking score (higher first)."""
        return sum(c * x for c, x in zip(self.rank_coef, features, strict=True))

    def probability(self, features: Sequence[float]) -> float:
        """Calibrated probability that the query repeats the candidate."""
        z = self.intercept + sum(c * x for c, x in zip(self.coef, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


class PairScorer(Protocol):
    """What ``Retriever`` needs of a second stage: pair scores and the model combining them (tests fake it)."""

    name: str
    stage: SecondStage

    def score(self, query: str, texts: Sequence[str]) -> FloatArray:
        """One relevance score per (query, text) pair."""
        ...


class CrossEncoder:
    """The committed cross-encoder; cheap to build, the tokenizer and ONNX session load on first ``score``."""

    def __init__(self, folder: Path = CROSSENCODER_DIR, *, runner: ModelRunner | None = None,
                 threads: int | None = None) -> None:
        self.folder = folder
        config = read_config(folder / "config.json", "cross-encoder")
        self.name = str(config.get("name", folder.name))
        self.max_tokens = int(config.get("max_tokens", 128))
        features = tuple(str(f) for f in config.get("features", ()))
        try:
            self.stage = SecondStage(
                features=features,
                rank_coef=tuple(float(c) for c in config.get("rank_coef", [0.0] * len(features))),
                coef=tuple(float(c) for c in config.get("coef", [0.0] * len(features))),
                intercept=float(config.get("intercept", 0.0)),
                threshold=float(config.get("threshold", 0.5)),
                top=int(config.get("top", 20)),
            )
        except (TypeError, ValueError) as exc:
            raise ModelError(f"cross-encoder config {folder / 'config.json'} is invalid ({exc})") from exc
        if not len(self.stage.rank_coef) == len(self.stage.coef) == len(features):
            raise ModelError(f"cross-encoder config {folder / 'config.json'}: coefficients do not match the features")
        self.runner: ModelRunner = runner if runner is not None else OnnxRunner(folder / "model.onnx", threads)
        self._tokenizer: Any = None

    def warm_up(self) -> None:
        """Load the tokenizer and the model session now."""
        self._rows("warm up", ["warm up"])
        if isinstance(self.runner, OnnxRunner):
            self.runner.load()

    def _rows(self, query: str, texts: Sequence[str]) -> list[list[int]]:
        if self._tokenizer is None:
            path = self.folder / "tokenizer.json"
            if not path.is_file():
                raise ModelError(f"tokenizer file {path} is missing; reinstall sourcetrace")
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(path))
            tokenizer.no_padding()
            tokenizer.enable_truncation(self.max_tokens)  # longest first, as in training
            self._tokenizer = tokenizer
        return [list(e.ids) for e in self._tokenizer.encode_batch([(query, text) for text in texts])]

    def score(self, query: str, texts: Sequence[str]) -> FloatArray:
        """One score per (``query``, text) pair, each pair run on its own (see the module notes)."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        outs = run_batched(self.runner, self._rows(query, texts), batch_size=1)
        return np.asarray([float(o.reshape(-1)[0]) for o in outs], dtype=np.float32)

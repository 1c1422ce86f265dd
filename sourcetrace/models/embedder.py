"""Sentence embeddings for dense claim retrieval: all-MiniLM-L6-v2, int8 ONNX, 384 dimensions.

Vectors are L2-normalised, so a dot product is the cosine similarity. The model
session is created on first use and shared by every ``Embedder`` of the process
(see :mod:`sourcetrace.models.runtime`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from sourcetrace.errors import ModelError
from sourcetrace.models.runtime import FloatArray, ModelRunner, OnnxRunner, read_config, run_batched
from sourcetrace.models.tagger import MODELS_DIR, load_tokenizer

__all__ = ["MINILM_DIR", "Embedder", "FakeEmbedder", "TextEncoder"]

#: The committed sentence encoder: ``model.onnx`` (int8), ``tokenizer.json``, ``config.json``.
MINILM_DIR = MODELS_DIR / "minilm"
#: Model-file fingerprints by (path, size, mtime): each file is hashed once per process.
_FINGERPRINTS: dict[tuple[str, int, int], str] = {}


class TextEncoder(Protocol):
    """Turns texts into unit vectors; ``name`` identifies the model the vectors belong to."""

    name: str
    dim: int

    @property
    def fingerprint(self) -> str:
        """Identifies the weights: a store records it with its vectors and refuses vectors of another."""
        ...

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """One L2-normalised float32 row per text: ``(len(texts), dim)``."""
        ...


class Embedder:
    """The project's sentence encoder (all-MiniLM-L6-v2, int8 ONNX); cheap to build, loads on first ``embed``."""

    def __init__(
        self,
        folder: Path = MINILM_DIR,
        *,
        model_file: str = "model.onnx",
        runner: ModelRunner | None = None,
        threads: int | None = None,
        batch_size: int = 32,
    ) -> None:
        self.folder = folder
        self.batch_size = batch_size
        self.model_file = model_file
        config = read_config(folder / "config.json", "embedding model")
        self.dim = int(config.get("dim", 384))
        self.max_tokens = int(config.get("max_tokens", 256))
        base = str(config.get("name", folder.name))
        #: Key of this model's vectors in a claim store: changes when the model file does.
        self.name = base if model_file == "model.onnx" else f"{base}:{model_file}"
        self.runner: ModelRunner = runner if runner is not None else OnnxRunner(folder / model_file, threads)
        self._tokenizer: Any = None

    @property
    def fingerprint(self) -> str:
        """The first 16 hex digits of the model file's SHA-256 (the name without a file): changes with the weights."""
        path = self.folder / self.model_file
        try:
            stat = path.stat()
        except OSError:
            return self.name
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in _FINGERPRINTS:
            _FINGERPRINTS[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        return _FINGERPRINTS[key]

    def warm_up(self) -> None:
        """Load the tokenizer and the model session now."""
        self._tokenize(["warm up"])
        if isinstance(self.runner, OnnxRunner):
            self.runner.load()

    def _tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        if self._tokenizer is None:
            self._tokenizer = load_tokenizer(self.folder / "tokenizer.json")
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=True)
        rows = []
        for enc in encodings:
            ids = [int(i) for i in enc.ids]
            if len(ids) > self.max_tokens:
                ids = [*ids[: self.max_tokens - 1], ids[-1]]  # keep [SEP]
            rows.append(ids)
        return rows

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """L2-normalised embeddings ``(len(texts), dim)``, float32; batches are sorted by length."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = self._tokenize(texts)
        out = np.stack(run_batched(self.runner, rows, self.batch_size)).astype(np.float32, copy=False)
        if out.shape != (len(texts), self.dim):
            raise ModelError(f"embedding model {self.folder} returned shape {out.shape}, expected (n, {self.dim})")
        return out


class FakeEmbedder:
    """A model-free :class:`TextEncoder` for tests: hashed bag of words, plus synonyms mapped to one slot."""

    name = "fake-bow"

    def __init__(self, dim: int = 64, synonyms: dict[str, str] | None = None) -> None:
        self.dim = dim
        #: Stands for the weights of a real model; tests change it to play a retrained encoder.
        self.version = "1"
        self.synonyms = synonyms or {}
        self.calls = 0

    @property
    def fingerprint(self) -> str:
        """``fake-bow-<dim>-v<version>``."""
        return f"fake-bow-{self.dim}-v{self.version}"

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """One normalised hashed bag-of-words row per text (zeros for a text without words)."""
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.casefold()):
                word = self.synonyms.get(word, word)
                slot = int(hashlib.md5(word.encode()).hexdigest()[:8], 16) % self.dim
                out[row, slot] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        normed: FloatArray = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
        return normed

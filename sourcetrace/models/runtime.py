"""Runs exported ONNX text models on the CPU: lazy shared sessions, batching, thread settings.

The runtime only needs onnxruntime, tokenizers and numpy. Token-classification models
return ``(batch, tokens, labels)`` arrays; pooled-embedding models ``(batch, dim)``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from sourcetrace.errors import ModelError

__all__ = [
    "FakeRunner", "FloatArray", "IntArray", "ModelRunner", "OnnxRunner", "default_threads", "read_config",
    "run_batched",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]

#: Environment variable overriding the number of intra-op threads per process.
THREADS_ENV = "SOURCETRACE_MODEL_THREADS"

_SESSIONS: dict[tuple[str, int], Any] = {}
_LOCK = threading.Lock()


class ModelRunner(Protocol):
    """Runs a model over one padded batch of token id rows."""

    def run(self, input_ids: IntArray, attention_mask: IntArray) -> FloatArray:
        """Return the model's first output for the batch."""
        ...


def default_threads() -> int:
    """Intra-op threads: ``$SOURCETRACE_MODEL_THREADS`` if set, else 1.

    One thread per process measured fastest here (2 cores shared with spaCy, pipeline
    workers and other jobs: a 2-thread session was 2x slower under load); on an idle
    machine running one process, ``SOURCETRACE_MODEL_THREADS=2`` may help.
    """
    value = os.environ.get(THREADS_ENV, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return 1


def _session(path: Path, threads: int) -> Any:
    """Create (once per process, path and thread count) an onnxruntime session."""
    key = (str(path), threads)
    with _LOCK:
        if key in _SESSIONS:
            return _SESSIONS[key]
        if not path.is_file():
            raise ModelError(f"model file {path} is missing; reinstall sourcetrace or retrain the model")
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelError(f"model file {path} cannot be loaded ({exc}); reinstall sourcetrace") from exc
        _SESSIONS[key] = session
        return session


class OnnxRunner:
    """A :class:`ModelRunner` over an ONNX file; the session is created on first use and shared."""

    def __init__(self, path: Path, threads: int | None = None) -> None:
        self.path = path
        self.threads = threads if threads is not None else default_threads()

    def load(self) -> None:
        """Create the session now (for ``warm_up``)."""
        _session(self.path, self.threads)

    def run(self, input_ids: IntArray, attention_mask: IntArray) -> FloatArray:
        """Return the model's first output for the batch."""
        session = _session(self.path, self.threads)
        out = session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})
        return np.asarray(out[0], dtype=np.float32)


class FakeRunner:
    """An in-memory :class:`ModelRunner` for tests: a function of the batch, recording every call."""

    def __init__(self, fn: Callable[[IntArray, IntArray], FloatArray]) -> None:
        self.fn = fn
        self.calls: list[tuple[int, int]] = []

    def run(self, input_ids: IntArray, attention_mask: IntArray) -> FloatArray:
        """Return ``fn(input_ids, attention_mask)`` and record the batch shape."""
        self.calls.append((int(input_ids.shape[0]), int(input_ids.shape[1])))
        return self.fn(input_ids, attention_mask)


def run_batched(
    runner: ModelRunner, rows: Sequence[Sequence[int]], batch_size: int = 16, pad_id: int = 0
) -> list[FloatArray]:
    """Run ``rows`` of token ids in length-sorted padded batches; one output per row, trimmed to its length.

    Token-classification outputs come back as ``(len(row), labels)``, pooled outputs as ``(dim,)``.
    """
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    results: list[FloatArray | None] = [None] * len(rows)
    for b in range(0, len(order), batch_size):
        chunk = order[b : b + batch_size]
        width = max(len(rows[i]) for i in chunk)
        ids = np.full((len(chunk), width), pad_id, dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=np.int64)
        for r, i in enumerate(chunk):
            ids[r, : len(rows[i])] = rows[i]
            mask[r, : len(rows[i])] = 1
        out = runner.run(ids, mask)
        for r, i in enumerate(chunk):
            results[i] = out[r, : len(rows[i])] if out.ndim == 3 else out[r]
    return [r for r in results if r is not None]


def read_config(path: Path, what: str) -> dict[str, Any]:
    """A model's ``config.json`` as a dict; ``ModelError`` naming ``what`` when it is missing or not an object."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{what} config {path} is missing or invalid ({exc}); reinstall sourcetrace") from exc
    if not isinstance(raw, dict):
        raise ModelError(f"{what} config {path} is not a JSON object; reinstall sourcetrace")
    return raw

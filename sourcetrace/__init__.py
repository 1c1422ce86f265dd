"""sourcetrace: an evidence map of news articles — who claims what, on whose authority."""

from __future__ import annotations

__version__ = "0.1.0"

from sourcetrace.api import analyze, analyze_text  # after __version__, which reports read
from sourcetrace.article import Article
from sourcetrace.errors import SourcetraceError
from sourcetrace.pipeline import Pipeline, register_stage
from sourcetrace.readers import read_string
from sourcetrace.report import Report, build_report

__all__ = [
    "Article",
    "Pipeline",
    "Report",
    "SourcetraceError",
    "__version__",
    "analyze",
    "analyze_text",
    "build_report",
    "read_string",
    "register_stage",
]

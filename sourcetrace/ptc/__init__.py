"""Propaganda Techniques Corpus (SemEval-2020 Task 11): file formats, official scorers, submissions."""

from sourcetrace.ptc.corpus import (
    TECHNIQUES,
    PtcSpan,
    format_si,
    format_tc,
    read_articles,
    read_si_labels,
    read_tc_labels,
    read_tc_template,
    read_techniques,
)
from sourcetrace.ptc.predict import (
    Task,
    TechniquePredictor,
    load_predictor,
    predict,
    predict_flc,
    predict_si,
    predict_tc,
)
from sourcetrace.ptc.scoring import Score, TaskScore, merge_overlapping, score_flc, score_si, score_tc

__all__ = [
    "TECHNIQUES",
    "PtcSpan",
    "Score",
    "Task",
    "TaskScore",
    "TechniquePredictor",
    "format_si",
    "format_tc",
    "load_predictor",
    "merge_overlapping",
    "predict",
    "predict_flc",
    "predict_si",
    "predict_tc",
    "read_articles",
    "read_si_labels",
    "read_tc_labels",
    "read_tc_template",
    "read_techniques",
    "score_flc",
    "score_si",
    "score_tc",
]

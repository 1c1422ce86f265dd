"""The Python API: analyse strings and inputs, report failures, keep order, run in worker processes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from render._sample import fake_pipeline

from sourcetrace import api
from sourcetrace.api import analyze, analyze_text, expand_inputs
from sourcetrace.article import Article
from sourcetrace.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    PipelineError,
    SourcetraceError,
    StageError,
)
from sourcetrace.pipeline import DEFAULT_STAGES, Pipeline, registered_stages
from sourcetrace.report import Report

STORY = "Harbour Deal Signed\n\nThe port authority said the new berth will open in May.\n"


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, str]:
    """A few small input files, good and bad."""
    files = {
        "one": ("one.txt", b"First story.\n\nIt has two paragraphs.\n"),
        "two": ("two.txt", b"Second story, one paragraph.\n"),
        "empty": ("empty.txt", b""),
        "binary": ("binary.txt", b"\x00\x01\x02\x03binary"),
        "boom": ("boom.txt", b"This one will EXPLODE in the pipeline.\n"),
    }
    out = {}
    for key, (name, data) in files.items():
        (tmp_path / name).write_bytes(data)
        out[key] = str(tmp_path / name)
    return out


@pytest.mark.unit
def test_analyze_text_returns_a_report_whose_offsets_index_the_text() -> None:
    report = analyze_text(STORY, source="story", pipeline=fake_pipeline())
    assert isinstance(report, Report)
    assert report.text == STORY and report.source == "story"
    assert [report.text[s.start : s.end] for s in report.sentences][-1] == (
        "The port authority said the new berth will open in May."
    )


@pytest.mark.unit
def test_analyze_keeps_input_order_and_reports_each_failure(inputs: dict[str, str]) -> None:
    errors: list[tuple[str, SourcetraceError]] = []
    done: list[str] = []
    order = [inputs[k] for k in ("two", "empty", "one", "binary", "boom")]
    reports = list(
        analyze(order, pipeline=fake_pipeline(), on_error=lambda s, e: errors.append((s, e)), on_input=done.append)
    )
    assert [r.source for r in reports] == [inputs["two"], inputs["one"]]
    assert [(s, type(e)) for s, e in errors] == [
        (inputs["empty"], EmptyInputError),
        (inputs["binary"], BinaryInputError),
        (inputs["boom"], StageError),
    ]
    assert done == order


@pytest.mark.unit
def test_analyze_raises_without_on_error(inputs: dict[str, str]) -> None:
    reports = analyze([inputs["one"], inputs["empty"]], pipeline=fake_pipeline())
    assert next(reports).source == inputs["one"]
    with pytest.raises(EmptyInputError):
        next(reports)


@pytest.mark.unit
def test_a_broken_pipeline_stops_the_run(inputs: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> Pipeline:
        raise PipelineError("no stage named 'nope'")

    monkeypatch.setattr(api, "default_pipeline", broken)
    with pytest.raises(PipelineError):
        list(analyze([inputs["one"]], on_error=lambda s, e: None))


@pytest.mark.unit
def test_missing_inputs_fail_alone(inputs: dict[str, str], tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    assert expand_inputs([inputs["one"], missing, str(tmp_path)])[:2] == [inputs["one"], missing]
    errors: list[tuple[str, SourcetraceError]] = []
    reports = list(
        analyze([missing, inputs["one"]], pipeline=fake_pipeline(), on_error=lambda s, e: errors.append((s, e)))
    )
    assert [r.source for r in reports] == [inputs["one"]]
    assert errors[0][0] == missing and isinstance(errors[0][1], InputError)


@pytest.mark.unit
def test_expand_inputs_lists_directory_files_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    assert expand_inputs([str(tmp_path), "-"]) == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-"]


@pytest.mark.unit
def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError, match="workers"):
        list(analyze(["x"], workers=0))


@pytest.mark.unit
def test_errors_survive_the_trip_from_a_worker_process() -> None:
    error = StageError("claims", "a.txt", RuntimeError("boom"))
    again = api._unpack_error(pickle.loads(pickle.dumps(api._pack_error(error))))
    assert type(again) is StageError and str(again) == str(error) and again.stage == "claims"
    empty = api._unpack_error(pickle.loads(pickle.dumps(api._pack_error(EmptyInputError("is empty", "e.txt")))))
    assert type(empty) is EmptyInputError and empty.source == "e.txt" and empty.message == "is empty"


@pytest.mark.integration
@pytest.mark.slow
def test_workers_give_the_same_reports_in_the_same_order(inputs: dict[str, str]) -> None:
    pipe = Pipeline(["linguistics"])
    order = [inputs[k] for k in ("two", "empty", "one", "binary")]
    serial_errors: list[str] = []
    parallel_errors: list[str] = []

    def recorder(into: list[str]) -> api.OnError:
        return lambda source, error: into.append(f"{source}:{type(error).__name__}")

    serial = list(analyze(order, pipeline=pipe, on_error=recorder(serial_errors)))
    parallel = list(analyze(order, pipeline=pipe, workers=2, on_error=recorder(parallel_errors)))
    assert [r.source for r in parallel] == [inputs["two"], inputs["one"]]
    assert parallel == serial
    expected = [f"{inputs['empty']}:EmptyInputError", f"{inputs['binary']}:BinaryInputError"]
    assert parallel_errors == serial_errors == expected
    assert len(parallel[1].sentences) == 2


@pytest.mark.integration
def test_analyze_text_with_the_default_pipeline_finds_who_said_what() -> None:
    assert set(DEFAULT_STAGES) <= set(registered_stages()), "every default stage must be registered"
    report = analyze_text(STORY, source="story")
    said = next(a for a in report.attributions if a.cue_text == "said")
    assert report.span_text(said.source) == "The port authority"
    assert report.span_text(said.content) == "the new berth will open in May"


@pytest.mark.integration
def test_a_pipeline_workers_cannot_build_fails_instead_of_hanging(inputs: dict[str, str]) -> None:
    class Unregistered:
        name = "not_registered_anywhere"
        requires = ("paragraphs",)
        assigns = ("sentences",)

        def warm_up(self) -> None:
            """Nothing to load."""

        def __call__(self, article: Article) -> Article:
            return article

    pipe = Pipeline([Unregistered()])
    with pytest.raises(PipelineError, match="not_registered_anywhere"):
        list(analyze([inputs["one"], inputs["two"]], pipeline=pipe, workers=2, on_error=lambda s, e: None))

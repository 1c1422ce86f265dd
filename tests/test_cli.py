"""The command line: formats, atomic --out, one-line errors with documented exit codes, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from render._sample import fake_pipeline
from typer.testing import CliRunner

from sourcetrace import __version__, api, cli
from sourcetrace.cli import PARTIAL_FAILURE, app
from sourcetrace.report import Report

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(autouse=True)
def no_models(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests run the CLI over a model-free pipeline; integration tests over the real one."""
    if request.node.get_closest_marker("integration") is None:
        monkeypatch.setattr(api, "default_pipeline", fake_pipeline)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """Good and bad inputs, all written by hand."""
    contents = {
        "good": b"Bridge Reopens\n\nThe mayor said the bridge was safe again.\n",
        "other": b"A second story about a ferry.\n",
        "empty": b"",
        "binary": b"\x00\x01\x02\x03\xff\xfe not text",
        "large": b"word " * 100,
        "boom": b"This text will EXPLODE in a stage.\n",
    }
    out = {}
    for name, data in contents.items():
        out[name] = tmp_path / f"{name}.txt"
        out[name].write_bytes(data)
    out["missing"] = tmp_path / "missing.txt"
    return out


def _error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.strip()]


@pytest.mark.unit
def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"sourcetrace {__version__}"


@pytest.mark.unit
def test_text_is_the_default_format(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["analyze", str(files["good"])])
    assert result.exit_code == 0, result.stderr
    assert "Bridge Reopens" in result.stdout and "Sources" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert result.stderr == ""


@pytest.mark.unit
def test_json_format(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["analyze", "--format", "json", str(files["good"])])
    assert result.exit_code == 0
    report = Report.model_validate_json(result.stdout)
    assert report.text == files["good"].read_text() and report.source == str(files["good"])


@pytest.mark.unit
def test_jsonl_format_gives_one_report_per_line(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["analyze", "-f", "jsonl", str(files["good"]), str(files["other"])])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == [str(files["good"]), str(files["other"])]


@pytest.mark.unit
def test_html_format(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["analyze", "--format", "html", str(files["good"]), str(files["other"])])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.count('<section class="article"') == 2


@pytest.mark.unit
def test_unknown_format_is_a_usage_error(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["analyze", "--format", "yaml", str(files["good"])])
    assert result.exit_code == 2 and "yaml" in result.stderr


@pytest.mark.unit
def test_out_writes_the_file_and_leaves_no_temporary(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    result = runner.invoke(app, ["analyze", "-f", "html", "--out", str(out), str(files["good"])])
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]


@pytest.mark.unit
def test_out_is_not_created_when_every_input_fails(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["analyze", "-f", "json", "--out", str(out), str(files["empty"]), str(files["binary"])])
    assert result.exit_code == PARTIAL_FAILURE
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.unit
def test_out_keeps_an_old_file_when_the_run_fails(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("previous run")
    result = runner.invoke(app, ["analyze", "--out", str(out), str(files["missing"])])
    assert result.exit_code == 2
    assert out.read_text() == "previous run"


@pytest.mark.unit
def test_out_is_removed_on_an_unexpected_error(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> object:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "analyze", explode)
    out = tmp_path / "out.txt"
    result = runner.invoke(app, ["analyze", "--out", str(out), str(files["good"])])
    assert result.exit_code == 1
    assert _error_lines(result.stderr) == [
        "sourcetrace: error: unexpected RuntimeError: disk on fire (please report this bug)"
    ]
    assert not out.exists() and not any(p.name.startswith(".out.txt") for p in tmp_path.iterdir())


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "extra", "code", "problem"),
    [
        ("empty", [], 3, "empty"),
        ("binary", [], 4, "binary"),
        ("missing", [], 2, "no such file"),
        ("large", ["--max-bytes", "100"], 5, "100-byte cap"),
        ("boom", [], 11, "stage 'test_sentences' failed"),
    ],
)
def test_a_bad_input_gives_one_line_and_its_exit_code(
    files: dict[str, Path], name: str, extra: list[str], code: int, problem: str
) -> None:
    result = runner.invoke(app, ["analyze", *extra, str(files[name])])
    assert result.exit_code == code
    lines = _error_lines(result.stderr)
    assert len(lines) == 1
    assert lines[0].startswith(f"sourcetrace: error: {files[name]}: ")
    assert problem in lines[0]
    assert result.stdout == ""


@pytest.mark.unit
def test_many_inputs_with_bad_ones_process_the_rest_and_exit_9(files: dict[str, Path]) -> None:
    names = ["good", "empty", "other", "missing", "binary", "boom"]
    result = runner.invoke(app, ["analyze", "-f", "jsonl", *(str(files[n]) for n in names)])
    assert result.exit_code == PARTIAL_FAILURE == 9
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [
        str(files["good"]),
        str(files["other"]),
    ]
    lines = _error_lines(result.stderr)
    assert [line.split(": ")[2] for line in lines] == [str(files[n]) for n in ("empty", "missing", "binary", "boom")]


@pytest.mark.unit
def test_a_directory_is_expanded(files: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(5):
        (folder / f"story{i}.txt").write_text(f"Story number {i}.\n")
    result = runner.invoke(app, ["analyze", "-f", "jsonl", str(folder)])
    assert result.exit_code == 0
    texts = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert texts == [f"Story number {i}.\n" for i in range(5)]


@pytest.mark.unit
def test_stdin_is_read_with_a_dash() -> None:
    result = runner.invoke(app, ["analyze", "-f", "json", "-"], input="Typed into the terminal.\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == "Typed into the terminal.\n"


@pytest.mark.unit
def test_schema_command_prints_the_committed_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "docs" / "report.schema.json").read_text()


@pytest.mark.unit
def test_python_dash_m_reports_a_missing_file_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    done = subprocess.run(
        [sys.executable, "-m", "sourcetrace", "analyze", str(missing)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 2
    assert _error_lines(done.stderr) == [f"sourcetrace: error: {missing}: no such file"]
    command = [sys.executable, "-m", "sourcetrace", "--version"]
    version = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert version.stdout.strip() == f"sourcetrace {__version__}"


@pytest.mark.integration
@pytest.mark.slow
def test_the_demo_article_with_the_real_pipeline() -> None:
    result = runner.invoke(app, ["analyze", str(ROOT / "examples" / "article-port-strike.txt")])
    assert result.exit_code == 0, result.stderr
    for section in ("Sources", "Attributions", "Hedges", "Claims", "Sourcing profile"):
        assert section in result.stdout
    assert "Oleg Nikolenko" in result.stdout


@pytest.mark.integration
@pytest.mark.slow
def test_reports_are_identical_across_processes_with_different_hash_seeds() -> None:
    # Python randomises str hashes per process: nothing in a report may depend on set order.
    examples = [str(p) for p in sorted((ROOT / "examples").glob("article-*"))]
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "sourcetrace", "analyze", *examples, "--format", "jsonl"],
            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") == len(examples)


@pytest.mark.integration
@pytest.mark.slow
def test_skip_leaves_stages_out_and_the_report_says_which_ran() -> None:
    example = str(ROOT / "examples" / "article-port-strike.txt")
    result = runner.invoke(app, ["analyze", example, "-f", "json", "--skip", "techniques, narratives"])
    assert result.exit_code == 0, result.stderr
    report = Report.model_validate_json(result.stdout)
    assert report.stages == ["linguistics", "attribution", "actors", "hedging", "claims", "profile"]
    assert report.claims and report.techniques == [] and report.narratives == [] and report.propaganda is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("skip", "message"),
    [("encoding", "cannot skip 'encoding': stage 'techniques' needs"), ("vibes", "cannot skip 'vibes'")],
)
def test_a_bad_skip_fails_before_reading_with_its_reason(skip: str, message: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "missing.txt"), "--skip", skip])
    assert result.exit_code == 10
    assert message in result.stderr and "missing.txt" not in result.stderr


@pytest.mark.unit
def test_input_format_forces_a_reader(tmp_path: Path) -> None:
    odd = tmp_path / "notes.json"
    odd.write_text('{"this is not": json at all\n')
    detected = runner.invoke(app, ["analyze", "-f", "json", str(odd)])
    assert detected.exit_code == 7
    assert _error_lines(detected.stderr)[0].startswith(f"sourcetrace: error: {odd}: ")
    forced = runner.invoke(app, ["analyze", "-f", "json", "--input-format", "text", str(odd)])
    assert forced.exit_code == 0
    assert json.loads(forced.stdout)["text"] == odd.read_text()


@pytest.mark.unit
def test_unknown_input_format_is_a_usage_error(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["analyze", "--input-format", "xml", str(files["good"])])
    assert result.exit_code == 2 and "xml" in result.stderr and result.stdout == ""


@pytest.mark.unit
def test_bad_records_of_one_jsonl_input_are_reported_and_the_rest_analysed(tmp_path: Path) -> None:
    records = tmp_path / "batch.jsonl"
    records.write_text('{"text": "First story."}\n{"title": "no text"}\n{"text": "Third story."}\n')
    result = runner.invoke(app, ["analyze", "-f", "jsonl", str(records)])
    assert result.exit_code == PARTIAL_FAILURE
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == ["First story.", "Third story."]
    (line,) = _error_lines(result.stderr)
    assert line.startswith(f"sourcetrace: error: {records}: record on line 2 has no text")

"""``sourcetrace ptc``: submissions, official scores, one-line errors with documented exit codes, no partial file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace.cli import app
from sourcetrace.ptc import cli as ptc_cli

from .test_predict import CuePredictor

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ptc"
ARTICLES = str(FIXTURES / "articles")
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["ptc", *args])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ptc_cli, "load_predictor", lambda folder=None: CuePredictor())


@pytest.mark.unit
def test_predict_without_a_model_fails_cleanly_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "si.txt"
    missing = str(tmp_path / "no-model")
    code, stdout, stderr = run("predict", "--task", "si", "--articles", ARTICLES, "--out", str(out), "--model", missing)
    assert code == 12
    assert stderr.startswith(f"sourcetrace: error: technique model not found in {missing}")
    assert len(stderr.strip().splitlines()) == 1
    assert stdout == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.unit
def test_predict_tc_requires_spans(tmp_path: Path) -> None:
    code, _, stderr = run("predict", "--task", "tc", "--articles", ARTICLES, "--out", str(tmp_path / "tc"))
    assert code == 2
    assert "--spans" in stderr


@pytest.mark.unit
@pytest.mark.usefixtures("fake_model")
def test_predict_writes_the_three_formats(tmp_path: Path) -> None:
    out = tmp_path / "tc.txt"
    code, _, stderr = run("predict", "--task", "tc", "--articles", ARTICLES, "--spans", str(FIXTURES / "template.tc"),
                          "--out", str(out))
    assert code == 0, stderr
    assert out.read_text() == (
        "900000002\tName_Calling,Labeling\t90\t96\n"
        "900000001\tLoaded_Language\t121\t139\n"
        "900000001\tRepetition\t192\t211\n"
        "900000001\tLoaded_Language\t121\t139\n"
        "900000002\tName_Calling,Labeling\t85\t124\n"
    )
    code, _, _ = run("predict", "--task", "si", "--articles", ARTICLES, "--out", str(tmp_path / "si.txt"))
    assert code == 0
    assert (tmp_path / "si.txt").read_text().splitlines()[:2] == ["900000001\t121\t130", "900000001\t192\t197"]
    code, _, _ = run("predict", "--task", "flc", "--articles", ARTICLES, "-o", str(tmp_path / "flc.txt"))
    assert code == 0
    assert (tmp_path / "flc.txt").read_text().splitlines()[-1] == "900000002\tName_Calling,Labeling\t92\t96"


@pytest.mark.unit
@pytest.mark.usefixtures("fake_model")
def test_malformed_template_is_one_line_exit_7_and_keeps_the_old_output(tmp_path: Path) -> None:
    template = tmp_path / "template.tc"
    template.write_text("900000001\t?\t121\t139\n900000001\t?\t139\t121\n")
    out = tmp_path / "tc.txt"
    out.write_text("previous run\n")
    code, _, stderr = run("predict", "--task", "tc", "--articles", ARTICLES, "--spans", str(template),
                          "--out", str(out))
    assert code == 7
    assert stderr == f"sourcetrace: error: {template}:2: start 139 is not before end 121\n"
    assert out.read_text() == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tc.txt", "template.tc"]


@pytest.mark.unit
def test_missing_articles_directory_is_an_input_error(tmp_path: Path) -> None:
    code, _, stderr = run("predict", "--task", "si", "--articles", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert code == 2
    assert "not a directory" in stderr


@pytest.mark.unit
def test_score_gold_against_itself_is_perfect() -> None:
    for task, gold in (("si", "gold.si.labels"), ("tc", "gold.tc.labels"), ("flc", "gold.tc.labels")):
        code, stdout, stderr = run("score", "--task", task, "--pred", str(FIXTURES / gold),
                                   "--gold", str(FIXTURES / gold), "--articles", ARTICLES)
        assert code == 0, stderr
        assert "precision 1.0000  recall 1.0000  F1 1.0000" in stdout


@pytest.mark.unit
def test_score_tc_prints_micro_and_per_technique_f1(tmp_path: Path) -> None:
    pred = tmp_path / "pred.tc"
    # 3 of 5 right: both labels of the doubly annotated span and the Repetition span
    pred.write_text(
        "900000001\tName_Calling,Labeling\t121\t139\n900000001\tLoaded_Language\t121\t139\n"
        "900000001\tRepetition\t192\t211\n900000002\tDoubt\t90\t96\n900000002\tDoubt\t85\t124\n"
    )
    code, stdout, _ = run("score", "--task", "tc", "--pred", str(pred), "--gold", str(FIXTURES / "gold.tc.labels"))
    assert code == 0
    assert "task tc: predicted 5 gold 5 rows" in stdout
    assert "precision 0.6000  recall 0.6000  F1 0.6000" in stdout
    assert any(line.split() == ["Doubt", "0.0000", "0.0000", "0.0000"] for line in stdout.splitlines())
    assert any(line.split() == ["Repetition", "1.0000", "1.0000", "1.0000"] for line in stdout.splitlines())


@pytest.mark.unit
def test_score_si_partial_credit(tmp_path: Path) -> None:
    pred = tmp_path / "pred.si"
    pred.write_text("900000001\t121\t130\n")  # 9 of the 18 characters of one of 4 gold spans
    code, stdout, _ = run("score", "--task", "si", "--pred", str(pred), "--gold", str(FIXTURES / "gold.si.labels"))
    assert code == 0
    # gold [85,124) and [90,96) merge, leaving 3 gold spans: P = 9/9, R = (9/18)/3, F1 = 2/7
    assert "task si: predicted 1 gold 3 spans (overlaps merged)" in stdout
    assert "precision 1.0000  recall 0.1667  F1 0.2857" in stdout


@pytest.mark.unit
def test_score_rejects_unknown_technique_with_techniques_file(tmp_path: Path) -> None:
    techniques = tmp_path / "techniques.txt"
    techniques.write_text("Doubt\nRepetition\n")
    code, _, stderr = run("score", "--task", "flc", "--pred", str(FIXTURES / "gold.tc.labels"),
                          "--gold", str(FIXTURES / "gold.tc.labels"), "--techniques", str(techniques))
    assert code == 7
    assert stderr.strip() == (f"sourcetrace: error: {FIXTURES / 'gold.tc.labels'}:1: unknown technique "
                              "'Loaded_Language'")


@pytest.mark.unit
def test_score_reads_label_directories(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(FIXTURES / "gold.si.labels", gold / "all.labels")
    code, stdout, _ = run("score", "--task", "si", "--pred", str(FIXTURES / "gold.si.labels"), "--gold", str(gold))
    assert code == 0
    assert "F1 1.0000" in stdout

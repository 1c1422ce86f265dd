"""``sourcetrace checkworthy``: prediction rows, one-line errors with documented exit codes, no partial file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace.cli import app
from sourcetrace.models import checkworthy as model_module

runner = CliRunner()
TSV = (
    "Sentence_id\tText\tclass_label\n"
    "101\tThe county spent 12 million dollars on the new bridge last year.\tYes\n"
    "102\tThank you all for coming tonight.\tNo\n"
    "103\tUnemployment in the state doubled between 2010 and 2014.\tYes\n"
)


class FakeModel:
    """Stands in for CheckworthinessModel: 0.8 for texts with a digit, 0.2 otherwise."""

    threshold = 0.5

    def score(self, texts: Sequence[str]) -> list[float]:
        return [0.8 if any(ch.isdigit() for ch in t) else 0.2 for t in texts]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["checkworthy", *args])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_module, "CheckworthinessModel", FakeModel)


@pytest.mark.unit
def test_writes_one_prediction_row_per_sentence(tmp_path: Path, fake_model: None) -> None:
    path = tmp_path / "in.tsv"
    path.write_text(TSV, encoding="utf-8")
    code, stdout, stderr = run(str(path))
    assert (code, stderr) == (0, "")
    assert stdout == "101\tYes\t0.8000\n102\tNo\t0.2000\n103\tYes\t0.8000\n"
    out = tmp_path / "pred.tsv"
    code, stdout, _ = run(str(path), "--out", str(out), "--threshold", "0.9")
    assert (code, stdout) == (0, "")
    assert out.read_text() == "101\tNo\t0.8000\n102\tNo\t0.2000\n103\tNo\t0.8000\n"


@pytest.mark.unit
def test_malformed_row_is_one_line_exit_7_and_no_file(tmp_path: Path, fake_model: None) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(TSV + "104\tA fourth sentence.\tPerhaps\n", encoding="utf-8")
    out = tmp_path / "pred.tsv"
    code, stdout, stderr = run(str(path), "--out", str(out))
    assert code == 7
    assert stderr == f"sourcetrace: error: {path}:5: label must be Yes or No, found 'Perhaps'\n"
    assert stdout == ""
    assert not out.exists()


@pytest.mark.unit
def test_missing_file_and_bad_encoding(tmp_path: Path, fake_model: None) -> None:
    code, _, stderr = run(str(tmp_path / "absent.tsv"))
    assert code == 2 and stderr.startswith("sourcetrace: error: ") and "absent.tsv" in stderr
    latin = tmp_path / "latin.tsv"
    latin.write_bytes("1\tna\xefve claim\n".encode("latin-1"))
    code, _, stderr = run(str(latin))
    assert code == 6 and len(stderr.splitlines()) == 1


@pytest.mark.unit
def test_missing_model_is_exit_12(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = model_module.CheckworthinessModel
    monkeypatch.setattr(model_module, "CheckworthinessModel", lambda: real(tmp_path / "no-model"))
    path = tmp_path / "in.tsv"
    path.write_text(TSV, encoding="utf-8")
    code, stdout, stderr = run(str(path))
    assert code == 12 and stdout == ""
    assert stderr.startswith("sourcetrace: error: model config ") and len(stderr.splitlines()) == 1


@pytest.mark.integration
def test_real_model_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "in.tsv"
    path.write_text(TSV, encoding="utf-8")
    code, stdout, stderr = run(str(path))
    assert code == 0, stderr
    rows = [line.split("\t") for line in stdout.splitlines()]
    assert [r[0] for r in rows] == ["101", "102", "103"]
    assert all(r[1] in ("Yes", "No") and 0.0 <= float(r[2]) <= 1.0 for r in rows)
    assert rows[0][1] == "Yes" and rows[1][1] == "No"
    assert float(rows[2][2]) > float(rows[1][2])

"""``sourcetrace narratives``: task-format output, one-line errors with documented exit codes, no partial file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from narratives._mini import mini_model
from sourcetrace.cli import app
from sourcetrace.models.encoding import FakeTokenEncoder
from sourcetrace.narratives import cli as narratives_cli
from sourcetrace.narratives.predict import NarrativeClassifier
from sourcetrace.narratives.taxonomy import parent_of

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["narratives", *args])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(narratives_cli, "NarrativeClassifier",
                        lambda lang="EN": NarrativeClassifier(mini_model(), FakeTokenEncoder(dim=32)))


@pytest.mark.unit
def test_predict_writes_one_sorted_line_per_article(tmp_path: Path, fake_model: None) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "b.txt").write_text("Nuclear fears.\n\nA nuclear strike could come.", encoding="utf-8")
    (docs / "a.txt").write_text("The port reopened and ships left with wheat.", encoding="utf-8")
    out = tmp_path / "pred.txt"
    code, _, err = run("predict", str(docs), "--out", str(out))
    assert code == 0, err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in lines] == ["a.txt", "b.txt"]
    assert lines[0] == "a.txt\tOther\tOther"
    assert lines[1].startswith("b.txt\tURW: Amplifying war-related fears\tURW: Amplifying war-related fears: ")


@pytest.mark.unit
@pytest.mark.parametrize(("setup", "code", "message"), [
    ("missing", 2, "no such directory"),
    ("empty", 3, "no .txt articles"),
    ("binary", 6, "not UTF-8"),
    ("file", 2, "not a directory"),
])
def test_bad_input_gives_one_line_and_no_file(
    tmp_path: Path, fake_model: None, setup: str, code: int, message: str
) -> None:
    docs = tmp_path / "docs"
    if setup != "missing":
        docs.mkdir()
    if setup == "binary":
        (docs / "x.txt").write_bytes(b"\xff\xfe\xfa bad bytes")
    if setup == "file":
        docs = docs / "x.txt"
        docs.write_text("text", encoding="utf-8")
    out = tmp_path / "pred.txt"
    got, _, err = run("predict", str(docs), "--out", str(out))
    assert got == code
    assert err.startswith("sourcetrace: error: ") and message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.unit
def test_score(tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    pred = tmp_path / "pred.txt"
    gold.write_text("a.txt\tOther\tOther\nb.txt\tURW: F\tURW: F: Other\n", encoding="utf-8")
    pred.write_text("a.txt\tOther\tOther\nb.txt\tOther\tOther\n", encoding="utf-8")
    code, out, _ = run("score", "--pred", str(pred), "--gold", str(gold))
    assert code == 0 and "narratives samples-F1 0.5000" in out


@pytest.mark.integration
def test_committed_model_predicts_offline_and_deterministically(
    tmp_path: Path, no_network: None
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "war.txt").write_text(
        "Moscow warns of nuclear escalation\n\nThe Kremlin said Western weapons deliveries to Kyiv push the world "
        "towards a nuclear war. NATO is dragging Europe into a conflict it cannot win, a spokesman added.",
        encoding="utf-8")
    (docs / "climate.txt").write_text(
        "Green agenda hits farmers\n\nNet-zero rules imposed by unelected bureaucrats will ruin farmers and raise "
        "food prices, critics said. The climate policies are a scam that only enriches wind-farm investors.",
        encoding="utf-8")
    outs = []
    for n in range(2):
        out = tmp_path / f"pred{n}.txt"
        code, _, err = run("predict", str(docs), "--out", str(out))
        assert code == 0, err
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    rows = dict(line.split("\t", 1) for line in outs[0].splitlines())
    assert rows["war.txt"].split("\t")[0] == "Other" or rows["war.txt"].startswith("URW: ")
    assert rows["climate.txt"].split("\t")[0] == "Other" or rows["climate.txt"].startswith("CC: ")


@pytest.mark.unit
def test_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Text.", encoding="utf-8")
    out = tmp_path / "pred.txt"
    result = runner.invoke(app, ["narratives", "predict", str(docs), "--out", str(out), "--lang", "xx"])
    assert result.exit_code == 2 and "--lang" in result.output and not out.exists()


@pytest.mark.integration
def test_committed_russian_model_reads_cyrillic_offline(tmp_path: Path, no_network: None) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ru.txt").write_text(
        "Запад втягивает Европу в войну\n\nКиев получает всё новое оружие от НАТО, заявил представитель "
        "Кремля. Украинские власти, по его словам, выполняют приказы Вашингтона.", encoding="utf-8")
    out = tmp_path / "pred.txt"
    code, _, err = run("predict", str(docs), "--out", str(out), "--lang", "RU")
    assert code == 0, err
    name, narratives, subs = out.read_text(encoding="utf-8").rstrip("\n").split("\t")
    assert name == "ru.txt"
    assert all(label.startswith("URW: ") for label in narratives.split(";"))  # the Russian data is all URW
    assert all(parent_of(sub) in narratives.split(";") for sub in subs.split(";"))

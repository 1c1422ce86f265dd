"""``sourcetrace store import|info`` and ``sourcetrace match`` through typer's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcetrace.cli import app
from sourcetrace.models.embedder import FakeEmbedder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"
runner = CliRunner()


def _lines(text: str) -> list[str]:
    assert "Traceback" not in text
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "claims.db")


@pytest.fixture(autouse=True)
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> FakeEmbedder:
    """Unit tests load no model: the commands embed with a hashed bag of words ('levy' means 'tax')."""
    fake = FakeEmbedder(synonyms={"levy": "tax"})
    monkeypatch.setattr("sourcetrace.store.cli._encoder", lambda: fake)
    monkeypatch.setattr("sourcetrace.store.cli._second_stage", lambda: None)
    return fake


@pytest.mark.unit
def test_import_reports_rejections_and_is_idempotent(db: str) -> None:
    result = runner.invoke(app, ["store", "import", str(FIXTURES / "cases.csv"), str(FIXTURES / "vclaims.jsonl"),
                                 "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "6 inserted, 0 updated, 0 unchanged, 5 rejected; 6 known claims in the store"
    rejected = [line for line in _lines(result.stderr) if line.startswith("sourcetrace: rejected: ")]
    assert len(rejected) == 5 and rejected[0].endswith("cases.csv:4: expected 11 fields, found 9")
    again = runner.invoke(app, ["store", "import", str(FIXTURES / "cases.csv"), "--db", db])
    assert again.stdout.strip() == "0 inserted, 0 updated, 3 unchanged, 2 rejected; 6 known claims in the store"
    info = runner.invoke(app, ["store", "info", "--db", db])
    assert info.exit_code == 0 and info.stdout.strip() == "sqlite: 6 known claims, 6 with vectors"


@pytest.mark.unit
def test_import_with_format_and_map(db: str) -> None:
    result = runner.invoke(app, ["store", "import", str(FIXTURES / "generic.csv"), "--db", db, "--format", "csv",
                                 "--map", "id=ref,url=link,verdict=rating"])
    assert result.exit_code == 0 and result.stdout.startswith("2 inserted")
    match = runner.invoke(app, ["match", "Were the seals imported from Iceland?", "--db", db, "-k", "1"])
    assert match.exit_code == 0
    assert _lines(match.stdout)[0].split() == ["1", _lines(match.stdout)[0].split()[1], "g2", "[False]"]
    assert "https://example.org/seals" in match.stdout


@pytest.mark.unit
def test_import_missing_file_is_one_line_exit_2(db: str, tmp_path: Path) -> None:
    missing = tmp_path / "absent.csv"
    result = runner.invoke(app, ["store", "import", str(missing), "--db", db])
    assert result.exit_code == 2
    assert _lines(result.stderr) == [f"sourcetrace: error: {missing}: no such file"]


@pytest.mark.unit
def test_import_several_files_one_failing_exits_9(db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["store", "import", str(tmp_path / "absent.csv"), str(FIXTURES / "claimreview.json"),
                                 "--db", db])
    assert result.exit_code == 9
    assert result.stdout.startswith("1 inserted")


@pytest.mark.unit
def test_import_unparseable_file_exits_7(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["store", "import", str(bad), "--db", db, "--format", "json"])
    assert result.exit_code == 7
    assert _lines(result.stderr)[0].startswith(f"sourcetrace: error: {bad}: not valid JSON")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "'xml' is not one of"),
        (["--map", "colour=x"], "unknown field 'colour'"),
    ],
)
def test_import_usage_errors(db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["store", "import", str(FIXTURES / "cases.csv"), "--db", db, *args])
    assert result.exit_code == 2 and message in result.output


@pytest.mark.unit
def test_match_without_store_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["match", "anything", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert _lines(result.stderr) == [
        f"sourcetrace: error: {tmp_path / 'none.db'}: no claim store here; create one with 'sourcetrace store import'"
    ]
    assert not (tmp_path / "none.db").exists()


@pytest.mark.unit
def test_match_batch_writes_a_trec_run(db: str, tmp_path: Path) -> None:
    runner.invoke(app, ["store", "import", str(FIXTURES / "vclaims.jsonl"), "--db", db])
    queries = tmp_path / "q.tsv"
    queries.write_text("q1\tHe doubled the harbour tax\nq2\tVenice bridges\nq3\tnothing relevant zeppelin\n")
    run = tmp_path / "run.txt"
    result = runner.invoke(app, ["match", "--queries", str(queries), "--out", str(run), "--db", db, "--tag", "t1"])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in run.read_text().splitlines()]
    assert lines[0] == ["q1", "Q0", "vclaim-test-001", "1", lines[0][4], "t1"]
    assert {line[0] for line in lines} == {"q1", "q2", "q3"}  # dense ranking answers every query
    assert next(line[2] for line in lines if line[0] == "q2") == "vclaim-test-002"
    lexical = runner.invoke(
        app, ["match", "--queries", str(queries), "--out", str(run), "--db", db, "--mode", "lexical"]
    )
    assert lexical.exit_code == 0, lexical.output
    lines = [line.split("\t") for line in run.read_text().splitlines()]
    assert {line[0] for line in lines} == {"q1", "q2"} and {line[5] for line in lines} == {"sourcetrace-lexical"}
    assert runner.invoke(app, ["match", "x", "--db", db, "--mode", "fuzzy"]).exit_code == 2


@pytest.mark.unit
def test_store_embed_fills_missing_vectors(db: str) -> None:
    runner.invoke(app, ["store", "import", str(FIXTURES / "vclaims.jsonl"), "--db", db, "--no-embed"])
    info = runner.invoke(app, ["store", "info", "--db", db])
    assert info.stdout.strip().endswith("known claims, 0 with vectors")
    result = runner.invoke(app, ["store", "embed", "--db", db])
    assert result.exit_code == 0, result.output
    count = result.stdout.split()[0]
    assert result.stdout.strip() == f"{count} of {count} known claims have vectors" and int(count) > 0
    dense = runner.invoke(app, ["match", "harbour levy", "--db", db, "--mode", "dense", "-k", "1"])
    assert dense.exit_code == 0 and "vclaim-test-001" in dense.stdout


@pytest.mark.unit
def test_match_usage_and_query_file_errors(db: str, tmp_path: Path) -> None:
    assert runner.invoke(app, ["match", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["match", "text", "--queries", "q.tsv", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["match", "text", "--out", "run.txt", "--db", db]).exit_code == 2
    missing = runner.invoke(app, ["match", "--queries", str(tmp_path / "q.tsv"), "--db", db])
    assert missing.exit_code == 2 and _lines(missing.stderr) == [
        f"sourcetrace: error: {tmp_path / 'q.tsv'}: no such file"]
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab here\n")
    result = runner.invoke(app, ["match", "--queries", str(bad), "--db", db])
    assert result.exit_code == 7 and "line 1: expected 'id<TAB>text'" in result.stderr


@pytest.mark.unit
def test_default_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCETRACE_DB", str(tmp_path / "env.db"))
    result = runner.invoke(app, ["store", "import", str(FIXTURES / "claimreview.json")])
    assert result.exit_code == 0 and (tmp_path / "env.db").exists()


@pytest.mark.unit
def test_a_store_of_another_encoder_needs_reembed(db: str, fake_encoder: FakeEmbedder, tmp_path: Path) -> None:
    vclaims = str(FIXTURES / "vclaims.jsonl")
    assert runner.invoke(app, ["store", "import", vclaims, "--db", db]).exit_code == 0
    fake_encoder.version = "2"  # the encoder was retrained: the store's vectors are stale
    queries = tmp_path / "q.tsv"
    queries.write_text("q1\tharbour levy\n", encoding="utf-8")
    for args in (["match", "harbour levy"], ["match", "--queries", str(queries)], ["store", "import", vclaims],
                 ["store", "embed"]):
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 1, (args, result.output)
        assert "built by another encoder" in result.stderr and "sourcetrace store reembed" in result.stderr
    assert "run 'sourcetrace store reembed'" in runner.invoke(app, ["store", "info", "--db", db]).stdout
    result = runner.invoke(app, ["store", "reembed", "--db", db])
    assert result.exit_code == 0, result.output
    count = result.stdout.split()[1]
    assert result.stdout.strip() == f"re-embedded {count} of {count} known claims"
    assert "another encoder" not in runner.invoke(app, ["store", "info", "--db", db]).stdout
    dense = runner.invoke(app, ["match", "harbour levy", "--db", db, "--mode", "dense", "-k", "1"])
    assert dense.exit_code == 0 and "vclaim-test-001" in dense.stdout
    missing = runner.invoke(app, ["store", "reembed", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no claim store here" in missing.stderr


@pytest.mark.integration
def test_match_uses_the_cross_encoder_unless_told_not_to(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         ) -> None:
    from sourcetrace.models.crossencoder import CrossEncoder

    monkeypatch.setattr("sourcetrace.store.cli._second_stage", CrossEncoder)
    runner.invoke(app, ["store", "import", str(FIXTURES / "vclaims.jsonl"), "--db", db])
    queries = tmp_path / "q.tsv"
    queries.write_text("q1\tHe doubled the harbour tax\n")
    run = tmp_path / "run.txt"
    result = runner.invoke(app, ["match", "--queries", str(queries), "--out", str(run), "--db", db])
    assert result.exit_code == 0, result.output
    assert "(hybrid-crossencoder)" in result.stderr
    lines = [line.split("\t") for line in run.read_text().splitlines()]
    assert lines[0][2] == "vclaim-test-001" and {line[5] for line in lines} == {"sourcetrace-hybrid-crossencoder"}
    scores = [float(line[4]) for line in lines]
    assert scores == sorted(scores, reverse=True)
    plain = runner.invoke(app, ["match", "--queries", str(queries), "--out", str(run), "--db", db, "--no-crossencoder"])
    assert plain.exit_code == 0 and "(hybrid)" in plain.stderr
    assert {line.split("\t")[5] for line in run.read_text().splitlines()} == {"sourcetrace-hybrid"}

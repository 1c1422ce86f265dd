"""The actor registry: built-in data, user extension files, the environment variable, bad files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sourcetrace.errors import FormatError, ModelError
from sourcetrace.registry import ENV_VAR, PhraseTable, load_registry, parse_registry, tokenize

pytestmark = pytest.mark.unit


def test_builtin_registry_knows_states_bodies_and_conflicts() -> None:
    registry = load_registry()
    assert registry.find("Daesh") is registry.find("ISIS") is registry.entries["isis"]
    assert registry.find("the US") is registry.entries["united_states"]
    assert registry.find("Moscow") is registry.entries["russia"]
    assert registry.find("Brussels") is registry.entries["eu"]
    assert registry.entries["svr"].type == "intelligence_military"
    assert registry.entries["svr"].country == "Russia"
    assert registry.states["Syria"].id == "syria"
    assert "russia" in registry.conflicts["russia_ukraine"].parties


def test_registry_is_loaded_once_per_process() -> None:
    assert load_registry() is load_registry()


def test_short_acronyms_match_only_in_capitals() -> None:
    registry = load_registry()
    assert registry.find("IS") is registry.entries["isis"]
    assert registry.find("is") is None
    assert registry.find("us") is None


def test_phrase_table_takes_longest_match_and_needs_a_capital() -> None:
    table: PhraseTable[str] = PhraseTable()
    table.add("Blue River", "river")
    table.add("Blue River Gazette", "paper")
    tokens = tokenize("The Blue River Gazette wrote about the blue river gazette and the Blue River.")
    found = [(m.values[0], m.start) for m in table.scan(tokens)]
    assert found == [("paper", 4), ("river", 66)]


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_user_file_adds_and_overrides_entries(tmp_path: Path) -> None:
    path = _write(tmp_path, "mine.toml", """
[actors.harbour_watch]
name = "Harbour Watch Bulletin"
type = "news_outlet"
kind = "outlet"
country = "Norway"
aliases = ["HWB"]

[actors.the_cradle]
country = "Lebanon"

[actors.nato]
disabled = true
""")
    registry = load_registry([path])
    assert registry.find("HWB") is registry.entries["harbour_watch"]
    assert registry.entries["the_cradle"].country == "Lebanon"
    assert registry.entries["the_cradle"].type == "news_outlet"  # other keys kept from the built-in file
    assert "nato" not in registry.entries
    assert "nato" in load_registry().entries  # the built-in registry is untouched


def test_environment_variable_lists_extra_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "env.toml", '[actors.quill]\nname = "Quill Institute"\ntype = "expert"\n')
    monkeypatch.setenv(ENV_VAR, str(path))
    assert load_registry().entries["quill"].type == "expert"
    monkeypatch.delenv(ENV_VAR)
    assert "quill" not in load_registry().entries


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[actors.x\nname = 1", "not valid TOML"),
        ('[actors.x]\nname = "X"\ntype = "villain"\n', "type 'villain'"),
        ('[actors.x]\nname = "X"\ntype = "person"\ncolour = "red"\n', "unknown key(s) colour"),
        ('[actors.x]\ntype = "person"\n', "needs a non-empty string 'name'"),
        ('[actors.x]\nname = "X"\ntype = "person"\naliases = "Y"\n', "aliases must be a list"),
        ('[actors.Bad-Id]\nname = "X"\ntype = "person"\n', "must be lowercase"),
        ('[conflicts.c]\nname = "C"\nparties = ["nobody_here"]\n', "unknown parties nobody_here"),
        ('[actors.x]\nname = "X"\ntype = "person"\nbody = "nobody_here"\n', "body 'nobody_here' is not a known"),
        ("schema = 2\n", "schema 2 is not supported"),
        ('[actors.x]\nname = "X"\ntype = "person"\nkind = "person"\ngender = "x"\n', 'gender must be "m" or "f"'),
        ('[actors.x]\nname = "X"\ntype = "government"\nkind = "state"\ngender = "f"\n', 'only for kind "person"'),
    ],
)
def test_malformed_user_file_raises_format_error(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, "bad.toml", body)
    with pytest.raises(FormatError, match=re.escape(message)) as info:
        load_registry([path])
    assert str(path) in str(info.value)


def test_missing_user_file_raises_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="file not found"):
        load_registry([tmp_path / "absent.toml"])


def test_corrupt_builtin_data_raises_model_error() -> None:
    with pytest.raises(ModelError, match="reinstall"):
        parse_registry([({"actors": {"x": {"name": "X", "type": "nonsense"}}}, "registry.toml", True)])


def test_people_in_the_registry_have_a_gender() -> None:
    registry = load_registry()
    people = [e for e in registry.entries.values() if e.kind == "person"]
    assert people and all(e.gender in ("m", "f") for e in people)
    assert registry.find("Maria Zakharova").gender == "f"  # type: ignore[union-attr]
    assert registry.find("Joe Biden").gender == "m"  # type: ignore[union-attr]


def test_builtin_registry_knows_every_state_and_the_main_parties() -> None:
    registry = load_registry()
    kenya = registry.find("Kenya")
    assert kenya is registry.find("Nairobi") is registry.entries["kenya"] and kenya.type == "government"
    assert registry.find("the Vatican") is registry.entries["holy_see"]
    assert registry.find("Congo") is registry.find("DRC") is registry.entries["drc"]
    assert registry.find("Chad") is None  # a given name more often than the state, in "Chad said"
    democrats = registry.find("Democrats")
    assert democrats is registry.entries["democratic_party"]
    assert (democrats.type, democrats.country, democrats.role) == ("organisation", "United States", "political party")
    assert registry.find("Social Democrats") is not democrats  # parties of that name exist in many countries
    # places inside longer names are not the state: Northern Ireland, the Second Vatican Council
    assert registry.find("Northern Ireland").kind == "place"  # type: ignore[union-attr]
    assert registry.find("Vatican II").kind == "place"  # type: ignore[union-attr]

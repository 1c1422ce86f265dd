"""The docs cannot drift: every command, option, stage, exit code and report field is documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from sourcetrace.cli import ALL_EXIT_CODES, OutputFormat, app
from sourcetrace.pipeline import DEFAULT_STAGES, registered_stages
from sourcetrace.render import FORMATS
from sourcetrace.report import Report

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
STAGES_DOC = (ROOT / "docs" / "stages.md").read_text(encoding="utf-8")
REPORT_DOC = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")

GROUP: Any = typer.main.get_command(app)  # typer vendors click: inspect it by duck typing
COMMANDS = sorted(GROUP.commands)


def _options(command: Any) -> list[str]:
    return [opt for param in command.params if param.param_type_name == "option" for opt in param.opts]


def _code_rows(doc: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(0) for m in re.finditer(r"^\| (\d+) \|.*$", doc, re.M)}


@pytest.mark.unit
def test_readme_opens_with_the_two_command_quick_start() -> None:
    first_block = re.search(r"```\w*\n(.*?)```", README, re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    assert README.index(first_block.group(0)) < README.index("## ")
    assert "examples/article-port-strike.txt" in README
    assert (ROOT / "examples" / "article-port-strike.txt").is_file()


@pytest.mark.unit
@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_section(name: str) -> None:
    assert f"## `sourcetrace {name}`" in CLI_DOC


@pytest.mark.unit
@pytest.mark.parametrize(
    ("where", "option"),
    [("sourcetrace", opt) for opt in (*_options(GROUP), "--help")]
    + [(name, opt) for name in COMMANDS for opt in (*_options(GROUP.commands[name]), "--help")],
)
def test_every_option_is_documented(where: str, option: str) -> None:
    assert f"`{option}`" in CLI_DOC or f"`{option} " in CLI_DOC, f"{where} {option} is missing from docs/cli.md"


@pytest.mark.unit
def test_every_output_format_is_documented() -> None:
    choices = [f.value for f in OutputFormat]
    assert set(choices) == set(FORMATS)
    for choice in choices:
        assert f"`{choice}`" in README and f"`{choice}`" in CLI_DOC


@pytest.mark.unit
@pytest.mark.parametrize("name", sorted(registered_stages()))
def test_every_stage_is_documented_with_its_layers(name: str) -> None:
    stage = registered_stages()[name]
    assert f"## `{name}`" in STAGES_DOC
    requires = ", ".join(f"`{layer}`" for layer in stage.requires)  # type: ignore[attr-defined]
    assigns = ", ".join(f"`{layer}`" for layer in stage.assigns)  # type: ignore[attr-defined]
    assert f"Requires: {requires} · Assigns: {assigns}" in STAGES_DOC
    assert f"| `{name}` | {requires} | {assigns} |" in README


@pytest.mark.unit
def test_default_stages_are_listed_in_order() -> None:
    listed = ", ".join(f"`{name}`" for name in DEFAULT_STAGES)
    assert listed in STAGES_DOC


@pytest.mark.unit
@pytest.mark.parametrize("doc", ["README.md", "docs/cli.md"])
def test_every_exit_code_is_in_the_table(doc: str) -> None:
    rows = _code_rows((ROOT / doc).read_text(encoding="utf-8"))
    for code, meaning in ALL_EXIT_CODES.items():
        assert code in rows, f"exit code {code} ({meaning}) missing from {doc}"
        if meaning.endswith("Error"):
            assert meaning in rows[code], f"exit code {code} should name {meaning} in {doc}"
    assert set(rows) == set(ALL_EXIT_CODES), f"{doc} documents exit codes the CLI does not use"


@pytest.mark.unit
@pytest.mark.parametrize("field", sorted(Report.model_fields))
def test_every_report_field_is_documented(field: str) -> None:
    assert f"| `{field}` |" in REPORT_DOC

"""Reading files, directories and stdin; expanding inputs."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from sourcetrace.errors import BinaryInputError, EmptyInputError, InputError, InputTooLargeError
from sourcetrace.readers import DEFAULT_MAX_BYTES, expand_inputs, read_path, read_source
from sourcetrace.readers.sources import INPUT_EXTENSIONS
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.unit

STORY = "Quarry Expansion Approved\n\nThe regional board approved the quarry expansion, a spokesman said.\n"


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_default_cap_is_five_megabytes() -> None:
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024


def test_file_offsets_index_the_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.encode("utf-8-sig"))
    [article] = read_source(str(path))
    assert article.text == STORY
    assert article.meta.source == str(path)
    assert article.meta.title == "Quarry Expansion Approved"


def test_read_path_is_read_source(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    assert read_path(path)[0].text == read_source(str(path))[0].text


def test_project_example_reads_with_its_header() -> None:
    [article] = read_path(EXAMPLES / "article-port-strike.txt")
    assert article.meta.outlet == "The Harbour Ledger"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(STORY.encode()))
    [article] = read_source("-")
    assert article.text == STORY
    assert article.meta.source == "-"


def test_stdin_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b'{"text": "From a pipe."}'))
    assert read_source("-")[0].meta.format == "json"


def test_stdin_over_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b"word " * 100))
    with pytest.raises(InputTooLargeError, match="over the 50-byte cap"):
        read_source("-", max_bytes=50)


def test_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b""))
    with pytest.raises(EmptyInputError):
        read_source("-")


def test_file_over_the_cap_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)

    def no_open(self: Path, *args: object, **kwargs: object) -> object:
        raise AssertionError("opened a file over the cap")

    monkeypatch.setattr(Path, "open", no_open)
    with pytest.raises(InputTooLargeError, match="is 2000 bytes, over the 1000-byte cap") as info:
        read_source(str(path), max_bytes=1000)
    assert info.value.source == str(path)


def test_missing_file_and_directory_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(str(tmp_path / "absent.txt"))


def test_binary_and_empty_files(tmp_path: Path) -> None:
    png = tmp_path / "photo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(BinaryInputError, match="PNG"):
        read_source(str(png))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(EmptyInputError, match=r"empty\.txt: is empty"):
        read_source(str(empty))


def test_directory_reads_every_input_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "One."}\n{"text": "Two."}\n', encoding="utf-8")
    articles = read_source(str(tmp_path))
    assert [a.text for a in articles] == [STORY, "One.", "Two."]


def test_expand_inputs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ["b.txt", "a.html", "sub/c.json", "sub/d.md", "notes.pdf", ".secret.txt", ".hidden/e.txt", "f.JSONL"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    single = tmp_path / "notes.pdf"
    result = expand_inputs([str(tmp_path), "-", "https://example.org/a", str(single)])
    names = [str(Path(p).relative_to(tmp_path)) if p.startswith(str(tmp_path)) else p for p in result]
    assert names == ["a.html", "b.txt", "f.JSONL", "sub/c.json", "sub/d.md", "-", "https://example.org/a", "notes.pdf"]


def test_expand_inputs_names_a_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope")
    with pytest.raises(InputError, match="no such file or directory") as info:
        expand_inputs([missing])
    assert info.value.source == missing


def test_docs_list_every_directory_extension() -> None:
    cli_doc = (EXAMPLES.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    for extension in INPUT_EXTENSIONS:
        assert f"`{extension}`" in cli_doc

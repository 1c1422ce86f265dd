"""Reads the task's article folders and annotation files and writes its prediction format.

An annotation or prediction file has one line per article:
``file<TAB>narrative;narrative...<TAB>sub-narrative;sub-narrative...`` (labels as in
:mod:`sourcetrace.narratives.taxonomy`). Readers raise ``InputError`` for a missing or
unreadable path, ``EmptyInputError`` for a folder without ``.txt`` files, and
``FormatError`` naming ``file:line`` for a malformed row.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sourcetrace.errors import EmptyInputError, EncodingError, FormatError, InputError

__all__ = [
    "Annotation",
    "format_annotations",
    "read_annotations",
    "read_documents",
    "write_atomically",
]


@dataclass(frozen=True)
class Annotation:
    """The narratives and sub-narratives of one article, duplicates removed, in first-seen order."""

    file: str
    narratives: tuple[str, ...]
    subnarratives: tuple[str, ...]


def _labels(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(label.strip() for label in cell.split(";") if label.strip()))


def read_documents(folder: Path) -> dict[str, str]:
    """Return ``{file name: text}`` for every ``*.txt`` file directly in ``folder``, sorted by name."""
    if not folder.exists():
        raise InputError("no such directory", str(folder))
    if not folder.is_dir():
        raise InputError("not a directory (give the folder of .txt articles)", str(folder))
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix == ".txt" and p.is_file())
    except OSError as exc:
        raise InputError(f"cannot list the directory ({exc.strerror or exc})", str(folder)) from exc
    if not paths:
        raise EmptyInputError("the directory holds no .txt articles", str(folder))
    texts: dict[str, str] = {}
    for path in paths:
        try:
            texts[path.name] = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", str(path)) from exc
        except OSError as exc:
            raise InputError(f"cannot read the file ({exc.strerror or exc})", str(path)) from exc
    return texts


def read_annotations(path: Path) -> dict[str, Annotation]:
    """Read a subtask-2 annotation (or prediction) file into ``{file name: Annotation}``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"not UTF-8 text ({exc.reason})", str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read the annotation file ({exc.strerror or exc})", str(path)) from exc
    out: dict[str, Annotation] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = line.rstrip("\r\n").split("\t")
        if len(cells) != 3:
            raise FormatError(f"line {number}: expected 3 tab-separated columns, found {len(cells)}", str(path))
        name, narratives, subs = cells[0].strip(), _labels(cells[1]), _labels(cells[2])
        if not name or not narratives or not subs:
            raise FormatError(f"line {number}: empty file name or label column", str(path))
        if name in out:
            raise FormatError(f"line {number}: {name} is listed twice", str(path))
        out[name] = Annotation(name, narratives, subs)
    if not out:
        raise FormatError("no annotation rows", str(path))
    return out


def format_annotations(rows: Iterable[Annotation]) -> str:
    """Write rows in the task format, sorted by file name."""
    ordered = sorted(rows, key=lambda a: a.file)
    return "".join(f"{a.file}\t{';'.join(a.narratives)}\t{';'.join(a.subnarratives)}\n" for a in ordered)


def write_atomically(path: Path, content: str) -> None:
    """Write ``content`` to a temporary file next to ``path`` and rename it into place."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write the output ({exc.strerror or exc})", str(path)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

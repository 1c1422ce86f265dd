"""Reads and writes the Propaganda Techniques Corpus (SemEval-2020 Task 11) files.

Articles are ``article<ID>.txt`` files whose character offsets (UTF-8 text,
line breaks kept as they are) are what every label file points into. Label
files are tab-separated, one span per line, end offset exclusive:

- SI (span identification): ``id<TAB>start<TAB>end``
- TC (technique classification) and FLC: ``id<TAB>technique<TAB>start<TAB>end``
- TC template (the spans to classify): ``id<TAB>?<TAB>start<TAB>end``

Every reader validates what it reads and raises ``FormatError`` naming
``file:line`` and the problem. A label "file" may also be a directory of
``*.labels`` files (one per article, as the corpus ships them).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sourcetrace.errors import FormatError, InputError

__all__ = [
    "ARTICLE_FILENAME",
    "TECHNIQUES",
    "PtcSpan",
    "format_si",
    "format_tc",
    "read_articles",
    "read_si_labels",
    "read_tc_labels",
    "read_tc_template",
    "read_techniques",
    "sentence_lines",
    "write_atomically",
]

#: The 14 technique classes of SemEval-2020 Task 11, in the order of the task's ``techniques.txt``.
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

#: Article file names; the group ``id`` is the article id used in every label file.
ARTICLE_FILENAME = re.compile(r"article(?P<id>\d+)\.txt")

#: The technique column of a TC template row.
UNKNOWN_TECHNIQUE = "?"


def sentence_lines(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines of a PTC article: its title and sentences, one per line."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


@dataclass(frozen=True, order=True)
class PtcSpan:
    """One labelled span ``[start, end)`` of article ``article_id``; ``technique`` is None for SI and templates."""

    article_id: str
    start: int
    end: int
    technique: str | None = None

    @property
    def offsets(self) -> tuple[int, int]:
        """The span as a ``(start, end)`` pair."""
        return self.start, self.end


def _read_text(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", str(path)) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), str(path)) from None


def read_articles(directory: str | Path) -> dict[str, str]:
    """Return ``{article id: text}`` for every ``article<ID>.txt`` in ``directory``, sorted by id."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError("not a directory of article<ID>.txt files", str(root))
    articles: dict[str, str] = {}
    for path in sorted(root.iterdir()):
        match = ARTICLE_FILENAME.fullmatch(path.name)
        if match and path.is_file():
            articles[match.group("id")] = _read_text(path)
    if not articles:
        raise InputError("contains no article<ID>.txt files", str(root))
    return dict(sorted(articles.items()))


def read_techniques(path: str | Path) -> tuple[str, ...]:
    """Return the technique names listed one per line in ``path`` (a ``techniques.txt``)."""
    names: list[str] = []
    for number, line in enumerate(_read_text(Path(path)).splitlines(), 1):
        name = line.strip()
        if not name:
            continue
        if "\t" in name or name == UNKNOWN_TECHNIQUE:
            raise FormatError(f"{name!r} is not a technique name", f"{path}:{number}")
        if name in names:
            raise FormatError(f"technique {name!r} listed twice", f"{path}:{number}")
        names.append(name)
    if not names:
        raise FormatError("lists no techniques", str(path))
    return tuple(names)


def _label_lines(path: Path) -> Iterable[tuple[str, int, str]]:
    """Yield ``(file, line number, line)`` for every non-empty line of a label file or directory."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".labels")
        if not files:
            raise InputError("contains no *.labels files", str(path))
    else:
        files = [path]
    for file in files:
        for number, line in enumerate(_read_text(file).split("\n"), 1):
            line = line.removesuffix("\r")
            if line.strip():
                yield str(file), number, line


def _offset(value: str, name: str, where: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise FormatError(f"{name} offset {value!r} is not a non-negative integer", where)
    return int(value)


def _read_labels(
    path: str | Path,
    columns: int,
    techniques: Sequence[str] | None,
    articles: Mapping[str, str] | None,
    allow_unknown: bool = False,
) -> list[PtcSpan]:
    spans: list[PtcSpan] = []
    layout = "id<TAB>start<TAB>end" if columns == 3 else "id<TAB>technique<TAB>start<TAB>end"
    for file, number, line in _label_lines(Path(path)):
        where = f"{file}:{number}"
        fields = line.split("\t")
        if len(fields) != columns:
            raise FormatError(f"expected {columns} tab-separated columns ({layout}), found {len(fields)}", where)
        article_id = fields[0].strip()
        if not article_id.isascii() or not article_id.isdigit():
            raise FormatError(f"article id {article_id!r} is not a number", where)
        technique: str | None = None
        if columns == 4:
            technique = fields[1].strip()
            if technique == UNKNOWN_TECHNIQUE and allow_unknown:
                technique = None
            elif techniques is not None and technique not in techniques:
                raise FormatError(f"unknown technique {technique!r}", where)
        start = _offset(fields[-2].strip(), "start", where)
        end = _offset(fields[-1].strip(), "end", where)
        if start >= end:
            raise FormatError(f"start {start} is not before end {end}", where)
        if articles is not None:
            if article_id not in articles:
                raise FormatError(f"article {article_id} is not among the articles", where)
            if end > len(articles[article_id]):
                raise FormatError(
                    f"end {end} is past the end of article {article_id} ({len(articles[article_id])} characters)",
                    where,
                )
        spans.append(PtcSpan(article_id, start, end, technique))
    return spans


def read_si_labels(path: str | Path, articles: Mapping[str, str] | None = None) -> list[PtcSpan]:
    """Read SI spans (``id<TAB>start<TAB>end``); with ``articles``, check ids and offsets against them."""
    return _read_labels(path, 3, None, articles)


def read_tc_labels(
    path: str | Path, articles: Mapping[str, str] | None = None, techniques: Sequence[str] = TECHNIQUES
) -> list[PtcSpan]:
    """Read TC or FLC spans (``id<TAB>technique<TAB>start<TAB>end``), each with a known technique."""
    return _read_labels(path, 4, techniques, articles)


def read_tc_template(
    path: str | Path, articles: Mapping[str, str] | None = None, techniques: Sequence[str] = TECHNIQUES
) -> list[PtcSpan]:
    """Read the spans to classify, in file order: the template ``id<TAB>?<TAB>start<TAB>end`` or TC labels.

    The technique column is dropped: a labelled TC file works as a template too.
    """
    spans = _read_labels(path, 4, techniques, articles, allow_unknown=True)
    return [PtcSpan(span.article_id, span.start, span.end) for span in spans]


def format_si(spans: Iterable[PtcSpan]) -> str:
    """Render spans in the SI submission format, one ``id<TAB>start<TAB>end`` line each."""
    return "".join(f"{span.article_id}\t{span.start}\t{span.end}\n" for span in spans)


def format_tc(spans: Iterable[PtcSpan]) -> str:
    """Render spans in the TC/FLC submission format, one ``id<TAB>technique<TAB>start<TAB>end`` line each."""
    lines: list[str] = []
    for span in spans:
        if span.technique is None:
            raise ValueError(f"span {span} has no technique")
        lines.append(f"{span.article_id}\t{span.technique}\t{span.start}\t{span.end}\n")
    return "".join(lines)


def write_atomically(path: str | Path, content: str) -> None:
    """Write ``content`` to ``path`` through a temporary file renamed into place: no partial file on failure."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

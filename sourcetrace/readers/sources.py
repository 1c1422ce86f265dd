"""Where input comes from: files, directories, URLs and stdin."""

from __future__ import annotations

import sys
from pathlib import Path

from sourcetrace.article import Article
from sourcetrace.errors import InputError, InputTooLargeError
from sourcetrace.readers.base import DEFAULT_MAX_BYTES, read_bytes
from sourcetrace.readers.fetch import Fetcher, HttpxFetcher, is_url

__all__ = ["INPUT_EXTENSIONS", "STDIN", "expand_inputs", "read_path", "read_source"]

#: What names stdin among the inputs.
STDIN = "-"
#: File extensions ``expand_inputs`` picks from directories.
INPUT_EXTENSIONS = frozenset({".txt", ".text", ".html", ".htm", ".json", ".jsonl", ".md"})


def _too_large(size: int | str, max_bytes: int, source: str) -> InputTooLargeError:
    return InputTooLargeError(f"is {size} bytes, over the {max_bytes}-byte cap (raise max_bytes to read it)", source)


def _read_file(path: Path, max_bytes: int) -> bytes:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes, source)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # special files may report size 0
    except FileNotFoundError:
        raise InputError("no such file", source) from None
    except IsADirectoryError:
        raise InputError("is a directory; pass its files (expand_inputs does)", source) from None
    except PermissionError:
        raise InputError("permission denied", source) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source) from None
    if len(data) > max_bytes:
        raise _too_large(f"over {max_bytes}", max_bytes, source)
    return data


def _read_stdin(max_bytes: int) -> bytes:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(f"over {max_bytes}", max_bytes, STDIN)
    return data


def read_source(
    source: str,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetcher: Fetcher | None = None,
) -> list[Article]:
    """Read a file path, an http(s) URL or ``-`` (stdin) into articles, one per record.

    ``format`` is one of ``FORMATS`` or None to detect it (extension, HTTP
    content type, file name, content). Raises ``InputError`` subclasses naming
    ``source``: missing file, binary, empty, too large, bad encoding or
    format, URL that cannot be fetched.
    """
    if source == STDIN:
        return read_bytes(_read_stdin(max_bytes), STDIN, format=format)
    if is_url(source):
        doc = (fetcher or HttpxFetcher(max_bytes=max_bytes)).fetch(source)
        if len(doc.content) > max_bytes:
            raise _too_large(len(doc.content), max_bytes, source)
        articles = read_bytes(doc.content, source, format=format, content_type=doc.content_type)
        for article in articles:
            article.meta.url = article.meta.url or doc.final_url
        return articles
    path = Path(source)
    if path.is_dir():
        return [a for file in expand_inputs([source]) for a in read_source(file, format=format, max_bytes=max_bytes)]
    return read_bytes(_read_file(path, max_bytes), source, format=format)


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, format: str | None = None) -> list[Article]:
    """Read a file (format detected unless given) into articles."""
    return read_source(str(path), format=format, max_bytes=max_bytes)


def expand_inputs(inputs: list[str]) -> list[str]:
    """Replace directories by their input files (recursive, sorted, no hidden files); keep URLs and ``-``.

    Raises ``InputError`` naming the first path that does not exist.
    """
    expanded: list[str] = []
    for item in inputs:
        if item == STDIN or is_url(item):
            expanded.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            files = (
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in INPUT_EXTENSIONS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            expanded.extend(str(p) for p in sorted(files))
        elif path.exists():
            expanded.append(item)
        else:
            raise InputError("no such file or directory", item)
    return expanded

"""Bytes to text: byte-order marks, declared charsets, binary detection, latin-1 fallback."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from sourcetrace.errors import BinaryInputError, EmptyInputError, EncodingError

__all__ = ["Decoded", "decode_bytes", "sniff_html_charset"]

#: Leading bytes of common binary formats, with the name used in error messages.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (.zip, .docx, .epub, ...)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 audio file"),
    (b"RIFF", "a RIFF media file (WebP, WAV, AVI)"),
    (b"\x00\x00\x01\x00", "an icon file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Bytes that never occur in text: C0 controls except tab, line breaks, form feed and escape; DEL.
_CONTROL_BYTES = frozenset([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_SAMPLE = 8192
_MAX_CONTROL_RATIO = 0.1

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass
class Decoded:
    """Decoded input: the text (BOM removed), the codec used and any warnings."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _check_binary(data: bytes, source: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(f"looks like {kind}, not text; extract its text first", source)
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        raise BinaryInputError("contains NUL bytes, so it is binary data, not text", source)
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if sample and controls / len(sample) > _MAX_CONTROL_RATIO:
        raise BinaryInputError(f"{controls} of its first {len(sample)} bytes are control codes; not text", source)


def _utf16_without_bom(data: bytes) -> str | None:
    """Return the codec of BOM-less UTF-16 text (every other byte NUL), or None."""
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _decode_with(data: bytes, codec: str, source: str, why: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"{why} but is not valid {codec.upper()} (bad byte at offset {exc.start}); re-save it as UTF-8",
            source,
        ) from None


def _lookup(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip("\"'")).name
    except LookupError:
        return None


def _decode_unmarked(data: bytes, declared: str | None) -> tuple[str, str, str | None]:
    """Decode bytes without a BOM: UTF-8, else the declared charset, else cp1252 / latin-1."""
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    if declared is not None and declared != "utf-8":
        try:
            return data.decode(declared), declared, None
        except UnicodeDecodeError:
            pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    return text, encoding, f"not valid UTF-8; decoded as latin-1 ({encoding})"


def sniff_html_charset(data: bytes) -> str | None:
    """Return the charset an HTML ``<meta>`` tag declares in the first 4 KB, or None."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def decode_bytes(data: bytes, source: str, charset: str | None = None) -> Decoded:
    """Decode raw input to text, refusing binary and empty input.

    A byte-order mark wins (UTF-8, UTF-16, UTF-32; the mark is removed); then
    UTF-8; then a declared ``charset`` (HTTP header or HTML meta); then
    Windows-1252 / latin-1 with a warning. UTF-16 without a mark is recognised
    by its NUL bytes.
    """
    warnings: list[str] = []
    text: str | None = None
    encoding = ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _decode_with(data[len(bom) :], codec, source, f"starts with a {codec.upper()} byte-order mark")
            encoding = codec
            break
    if text is None:
        bomless = _utf16_without_bom(data)
        if bomless is not None:
            text = _decode_with(data, bomless, source, "looks like UTF-16 without a byte-order mark")
            encoding = bomless
            warnings.append(f"no byte-order mark; decoded as {bomless.upper()}")
    if text is None:
        _check_binary(data, source)
        text, encoding, warning = _decode_unmarked(data, _lookup(charset))
        if warning:
            warnings.append(warning)
    if "\x00" in text[:_SAMPLE]:
        raise BinaryInputError("contains NUL characters, so it is binary data, not text", source)
    if not text.strip():
        raise EmptyInputError("is empty" if not text else "contains only whitespace", source)
    return Decoded(text=text, encoding=encoding, warnings=warnings)

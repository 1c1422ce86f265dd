"""Decoding: byte-order marks, UTF-16, latin-1 fallback, binary and empty input."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.errors import BinaryInputError, EmptyInputError, EncodingError
from sourcetrace.readers import read_bytes
from sourcetrace.readers._decode import decode_bytes, sniff_html_charset

pytestmark = pytest.mark.unit

SAMPLE = "Officials said the caf\u00e9\u2019s owner \u201cdenied\u201d the report.\n\nSecond paragraph."


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_encodings_round_trip(codec: str) -> None:
    data = SAMPLE.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    decoded = decode_bytes(data, "x.txt")
    assert decoded.text == SAMPLE
    assert decoded.warnings == []


def test_utf16_without_bom_is_recognised_with_a_warning() -> None:
    decoded = decode_bytes("Plain ASCII words in UTF-16.".encode("utf-16-le"), "x.txt")
    assert decoded.text == "Plain ASCII words in UTF-16."
    assert decoded.warnings == ["no byte-order mark; decoded as UTF-16-LE"]


def test_latin1_fallback_is_reported_in_meta_warnings() -> None:
    article = read_bytes("Le caf\xe9 a ferm\xe9, a dit le maire.".encode("latin-1"), "x.txt")[0]
    assert article.text == "Le café a fermé, a dit le maire."
    assert len(article.meta.warnings) == 1
    assert article.meta.warnings[0].startswith("not valid UTF-8; decoded as latin-1")


def test_windows_1252_quotes_decode_as_quotes() -> None:
    decoded = decode_bytes(b"He said \x93no\x94.", "x.txt")
    assert decoded.text == "He said \u201cno\u201d."


def test_declared_charset_is_used_when_not_utf8() -> None:
    data = "Москва заявила".encode("cp1251")
    assert decode_bytes(data, "x", charset="windows-1251").text == "Москва заявила"


def test_utf8_wins_over_a_wrong_declared_charset() -> None:
    assert decode_bytes("naïve".encode(), "x", charset="iso-8859-1").text == "naïve"


def test_bom_with_invalid_body_is_an_encoding_error() -> None:
    with pytest.raises(EncodingError, match=r"x\.txt: starts with a UTF-8 byte-order mark but is not valid UTF-8"):
        decode_bytes(codecs.BOM_UTF8 + b"caf\xe9", "x.txt")
    with pytest.raises(EncodingError):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8", "x.txt")  # lone surrogate


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00", "gzip"),
    ],
)
def test_known_binary_formats_are_named(data: bytes, kind: str) -> None:
    with pytest.raises(BinaryInputError, match=kind) as info:
        decode_bytes(data, "file.bin")
    assert info.value.source == "file.bin"
    assert "\n" not in str(info.value)


def test_nul_bytes_and_control_codes_are_binary() -> None:
    with pytest.raises(BinaryInputError, match="NUL"):
        decode_bytes(b"some text\x00more text with a nul inside it", "x")
    with pytest.raises(BinaryInputError, match="control codes"):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"text", "x")


def test_a_few_control_codes_in_text_are_tolerated() -> None:
    assert decode_bytes(b"Page one.\x0cPage two.\x1b[0m", "x").text.startswith("Page one.")


@pytest.mark.parametrize(("data", "message"), [(b"", "is empty"), (b" \n\t\r\n", "only whitespace")])
def test_empty_input(data: bytes, message: str) -> None:
    with pytest.raises(EmptyInputError, match=message):
        decode_bytes(data, "x")
    with pytest.raises(EmptyInputError):
        decode_bytes(codecs.BOM_UTF8 + data, "x")


def test_html_meta_charset_is_sniffed() -> None:
    assert sniff_html_charset(b'<html><head><meta charset="windows-1251">') == "windows-1251"
    assert sniff_html_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">') == (
        "ISO-8859-1"
    )
    assert sniff_html_charset(b"<html><body>no charset here</body></html>") is None


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufeff") | st.sampled_from("\n\t"),
    min_size=1,
    max_size=200,
).filter(lambda t: t.strip() != "")


@given(_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_encoding_round_trip(text: str, codec: str) -> None:
    article = read_bytes(text.encode(codec), "x.txt", format="text")[0]
    assert article.text == text
    assert article.meta.warnings == []

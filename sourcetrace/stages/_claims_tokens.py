"""Token look-ups across an article's per-paragraph spaCy parses, in article offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sourcetrace.article import Article

__all__ = ["Tok", "content_words", "tokens", "words"]

_WORD = re.compile("[\\w\u2019'-]+")
_SUFFIXES = ("ing", "ed", "es", "s")


@dataclass(frozen=True)
class Tok:
    """One token: its article offsets and what spaCy said about it (empty without a parse)."""

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # article offset of the head token's start
    is_root: bool
    ent_type: str
    like_num: bool


def tokens(article: Article, start: int, end: int) -> list[Tok]:
    """Return the parsed tokens inside ``[start, end)``, or a regex split when no parse covers it."""
    found: list[Tok] = []
    covered = False
    for parse in article.parses:
        off = parse.offset
        if off >= end or off + len(parse.doc.text) <= start:
            continue
        covered = True
        for t in parse.doc:
            s = off + t.idx
            if s >= start and s + len(t.text) <= end and not t.is_space:
                found.append(
                    Tok(
                        start=s,
                        end=s + len(t.text),
                        text=t.text,
                        lemma=t.lemma_.lower(),
                        pos=t.pos_,
                        tag=t.tag_,
                        dep=t.dep_,
                        head=off + t.head.idx,
                        is_root=t.dep_ == "ROOT",
                        ent_type=t.ent_type_,
                        like_num=bool(t.like_num),
                    )
                )
    if covered:
        return found
    return list(_fallback(article.text, start, end))


def _fallback(text: str, start: int, end: int) -> Iterator[Tok]:
    for m in _WORD.finditer(text, start, end):
        w = m.group()
        yield Tok(m.start(), m.end(), w, _stem(w.lower()), "", "", "", m.start(), False, "", w.isdigit())


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """Return the lower-case words of ``text``."""
    return [w.lower() for w in _WORD.findall(text)]


def content_words(toks: list[Tok], stopwords: frozenset[str]) -> set[str]:
    """Return the lemmas of ``toks`` that carry content (no stop words, punctuation or 1-letter words)."""
    out = set()
    for t in toks:
        lemma = t.lemma or t.text.lower()
        if len(lemma) < 2 or lemma in stopwords or t.text.lower() in stopwords:
            continue
        if any(c.isalnum() for c in lemma):
            out.add(lemma)
    return out

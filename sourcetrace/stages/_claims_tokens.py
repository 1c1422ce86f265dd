"""Token look-ups across an article's per-paragraph spaCy parses, in article offsets."""

from __future__ import annotations

import re
from bisect import bisect_left
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


class _Index:
    """Every token of one article, in text order, with their start offsets for bisection."""

    def __init__(self, article: Article) -> None:
        self.parses = article.parses
        self.docs = [p.doc for p in article.parses]
        self.text = article.text
        self.toks: list[Tok] = []
        for parse in article.parses:
            off = parse.offset
            self.toks.extend(
                Tok(
                    start=off + t.idx,
                    end=off + t.idx + len(t.text),
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
                for t in parse.doc
                if not t.is_space
            )
        if not article.parses:
            self.toks = list(_fallback(article.text, 0, len(article.text)))
        self.toks.sort(key=lambda t: t.start)
        self.starts = [t.start for t in self.toks]

    def fresh(self, article: Article) -> bool:
        return (
            self.parses is article.parses
            and self.text is article.text
            and len(self.docs) == len(article.parses)
            and all(p.doc is d for p, d in zip(article.parses, self.docs, strict=True))
        )


_last: list[_Index] = []


def tokens(article: Article, start: int, end: int) -> list[Tok]:
    """Return the parsed tokens inside ``[start, end)``, or a regex split when the article has no parse."""
    if not _last or not _last[0].fresh(article):
        _last[:] = [_Index(article)]  # one article at a time: stages run article by article
    index = _last[0]
    lo = bisect_left(index.starts, start)
    hi = bisect_left(index.starts, end, lo)
    return [t for t in index.toks[lo:hi] if t.end <= end]


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

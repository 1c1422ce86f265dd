"""Finds hedges: words and devices by which the article weakens or distances itself from a statement.

Kinds (see ``Hedge.kind``): ``adverb`` ("reportedly", "the alleged attack"),
``impersonal`` ("it is believed that", "according to some"), ``epistemic_verb``
("is said to", "seems to"), ``modal`` (may / might / could), ``conditional``
("if", "unless" opening an adverbial clause), ``distancing_cue`` (an attribution
cue such as "claims" or "alleges" rather than neutral "said") and
``scare_quotes`` (a short quoted phrase that is not a direct quotation) and
``unverified`` (the article says it could not check a statement: "a figure that
could not be independently verified"). The cue words live in ``sourcetrace/data/hedges.toml``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from sourcetrace.article import Article, Attribution, Hedge, HedgeKind
from sourcetrace.pipeline import register_stage
from sourcetrace.stages._claims_lexicon import HedgeLexicon, load_hedge_lexicon, phrase_pattern, verb_forms
from sourcetrace.stages._claims_tokens import Tok, tokens

__all__ = ["Hedging", "find_scare_quotes"]

_OPEN_CONTEXT = "(?:(?<=^)|(?<=[\\s(\\[\u2014\u2013-]))"
_QUOTE_PAIRS = (
    re.compile("\u2018([^\u2018\u2019\\n]{1,120}?)\u2019(?![A-Za-z])"),
    re.compile("\u201c([^\u201c\u201d\\n]{1,120}?)\u201d"),
    re.compile(_OPEN_CONTEXT + '"([^"\\n]{1,120}?)"'),
    re.compile(_OPEN_CONTEXT + "'([A-Za-z][^'\\n]{0,118}?[\\w.,!?])'(?![A-Za-z])"),
)
_ASKED = re.compile(r"(?:ask|asked|asking|wonder|wondered|know|see)\s*$", re.I)
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "that", "police"})


class _Finder:
    """Holds the compiled patterns for one lexicon."""

    def __init__(self, lex: HedgeLexicon) -> None:
        self.lex = lex
        self.adverbs = re.compile(phrase_pattern(lex.adverbs), re.I)
        self.adjectives = re.compile(phrase_pattern(lex.adjectives), re.I)
        aux = phrase_pattern(lex.impersonal_auxiliaries, bounded=False)
        verbs = phrase_pattern(lex.impersonal_verbs, bounded=False)
        self.impersonal = re.compile(rf"(?<![\w-])it\s+{aux}\s+(?:widely\s+)?{verbs}(?![\w-])", re.I)
        self.phrases = re.compile(phrase_pattern(lex.impersonal_phrases), re.I)
        self.unverified = re.compile(phrase_pattern(lex.unverified_phrases), re.I)
        # "Neither side's claims could be independently verified": the negation is the subject's
        self.unverifiable = re.compile(
            r"\b(?:neither|none|no)\b[^.!?\n]{0,60}?\b((?:could|can|were|was)\s+(?:be\s+)?(?:independently\s+)?"
            r"(?:verified|confirmed))\b",
            re.I,
        )
        raux = phrase_pattern(lex.raising_auxiliaries, bounded=False)
        rverbs = phrase_pattern(lex.raising_verbs, bounded=False)
        self.raising_re = re.compile(rf"(?<![\w-])(?<!it ){raux}\s+(?:widely\s+|also\s+)?{rverbs}\s+to\s+(\w+)", re.I)
        seem = phrase_pattern(lex.seem_verbs, bounded=False)
        self.seem = re.compile(rf"(?<![\w-]){seem}\s+to\s+(\w+)", re.I)
        self.conditional = re.compile(phrase_pattern(lex.conditional_markers), re.I)
        self.modal = re.compile(phrase_pattern(lex.modals), re.I)
        self.distancing = {form for lemma in lex.distancing_lemmas for form in verb_forms(lemma)}

    def lexical(self, text: str) -> list[Hedge]:
        """Hedges found by their words alone; each reason template gets the matched words as ``{}``."""
        table: list[tuple[re.Pattern[str], HedgeKind, str]] = [
            (self.adverbs, "adverb", "hedging adverb '{}'"),
            (self.adjectives, "adverb", "hedging adjective '{}' casts doubt on the noun it modifies"),
            (self.impersonal, "impersonal", "impersonal construction '{}' gives no source"),
            (self.phrases, "impersonal", "impersonal construction '{}' gives no source"),
            (self.unverified, "unverified", "'{}': the article says it could not check this"),
        ]
        found = [
            Hedge(start=m.start(), end=m.end(), kind=kind, text=m.group(), reason=reason.format(m.group()))
            for pattern, kind, reason in table
            for m in pattern.finditer(text)
        ]
        found.extend(
            Hedge(start=m.start(), end=m.end(), kind="unverified", text=m.group(),
                  reason=f"'{m.group()}': the article says it could not check this")
            for m in self.unverifiable.finditer(text)
            if not any(h.kind == "unverified" and h.start < m.end() and m.start() < h.end for h in found)
        )
        return found

    def raising(self, article: Article) -> list[Hedge]:
        out = []
        for pattern, what in ((self.raising_re, "passive report verb"), (self.seem, "appearance verb")):
            for m in pattern.finditer(article.text):
                follower = tokens(article, m.start(1), m.end(1))
                if follower and follower[0].tag:
                    if follower[0].tag != "VB":
                        continue
                elif m.group(1).lower() in _DETERMINERS:
                    continue
                end = m.start(1)
                span = article.text[m.start() : end].rstrip()
                out.append(
                    Hedge(
                        start=m.start(),
                        end=m.start() + len(span),
                        kind="epistemic_verb",
                        text=span,
                        reason=f"{what} '{span}' presents the statement as hearsay or impression",
                    )
                )
        return out

    def token_level(self, article: Article) -> list[Hedge]:
        toks = tokens(article, 0, len(article.text))
        parsed = bool(toks) and bool(toks[0].tag)
        out: list[Hedge] = []
        for i, tok in enumerate(toks):
            low = tok.text.lower()
            if low in self.lex.modals and self._is_possibility_modal(article.text, toks, i, parsed):
                out.append(
                    Hedge(
                        start=tok.start,
                        end=tok.end,
                        kind="modal",
                        text=tok.text,
                        reason=f"modal verb '{low}' presents the statement as a possibility",
                    )
                )
        for m in self.conditional.finditer(article.text):
            first = tokens(article, m.start(), m.end())
            if parsed and first and not (first[0].dep == "mark" and self._head_dep(toks, first[0]) == "advcl"):
                continue
            if not parsed and _ASKED.search(article.text, 0, m.start()):
                continue
            out.append(
                Hedge(
                    start=m.start(),
                    end=m.end(),
                    kind="conditional",
                    text=m.group(),
                    reason=f"'{m.group()}' makes the statement conditional",
                )
            )
        return out

    @staticmethod
    def _sentence_initial(text: str, pos: int) -> bool:
        before = text[max(0, pos - 6) : pos].rstrip(" \t\u201c\"")
        return not before or before[-1] in ".!?\n"

    def _is_possibility_modal(self, text: str, toks: list[Tok], i: int, parsed: bool) -> bool:
        tok = toks[i]
        if parsed and tok.tag != "MD":
            return False
        if not parsed and tok.text == "May" and not self._sentence_initial(text, tok.start):
            return False  # capitalised mid-sentence: the month
        if tok.text.lower() == "could":
            following = [t.text.lower() for t in toks[i + 1 : i + 3]]
            if any(b in following for b in self.lex.past_ability_blockers):
                return False
        return True

    @staticmethod
    def _head_dep(toks: list[Tok], tok: Tok) -> str:
        return next((t.dep for t in toks if t.start == tok.head), "")

    def distancing_cues(self, article: Article) -> list[Hedge]:
        out = []
        for attr in article.attributions:
            hit = self._distancing_token(article, attr)
            if hit is None:
                continue
            who = attr.source_text or article.span_text(attr.source) or "the source"
            out.append(
                Hedge(
                    start=hit.start,
                    end=hit.end,
                    kind="distancing_cue",
                    text=hit.text,
                    reason=f"cue '{hit.text}' (not a neutral 'said') distances the article from what {who} says",
                )
            )
        return out

    def _distancing_token(self, article: Article, attr: Attribution) -> Tok | None:
        for tok in tokens(article, attr.cue[0], attr.cue[1]):
            lemma = tok.lemma if tok.pos else tok.text.lower()
            if tok.pos and tok.pos not in ("VERB", "AUX", "NOUN"):
                continue
            if lemma in self.lex.distancing_lemmas or tok.text.lower() in self.distancing:
                return tok
        return None


def find_scare_quotes(article: Article, max_words: int = 5) -> list[Hedge]:
    """Return short quoted phrases that are not the words of a directly quoted source."""
    direct = [a.content for a in article.attributions if a.kind == "direct" and a.content is not None]
    # Quote marks inside any reported content are most likely the source's words ("Moscow warns of
    # 'dirty bomb' plot": headlines quote with single marks, so the attribution is not 'mixed').
    relayed = sorted((a for a in article.attributions if a.content is not None), key=lambda a: a.kind != "mixed")
    out = []
    for pattern in _QUOTE_PAIRS:
        for m in pattern.finditer(article.text):
            inner = m.group(1).strip()
            n_words = len(inner.split())
            if not inner or n_words > max_words or not any(c.isalpha() for c in inner):
                continue
            if inner[0].isupper() and inner[-1] in ".!?" and n_words >= 2:
                continue  # a quoted sentence, not a label
            start, end = m.start(), m.end()
            if any((c[0] <= start + 1 and end - 1 <= c[1]) or (start <= c[0] and c[1] <= end) for c in direct):
                continue
            owner = next((a for a in relayed if a.content and a.source is not None  # "reportedly" names no one
                          and a.content[0] <= start and end <= a.content[1]), None)
            if owner is not None and owner.kind == "mixed" and inner[-1] in ".!?":
                continue  # 'said the company "continually reviews its cost base."': the speaker's clause, quoted
            reason = f"short quoted phrase {m.group()} that no source is quoted as saying: the outlet distances itself"
            if owner is not None:
                who = owner.source_text
                reason = (f"short quoted phrase {m.group()} inside what is attributed to {who}; "
                          "scare quotes or a partial quotation")
            out.append(Hedge(start=start, end=end, kind="scare_quotes", text=m.group(), reason=reason))
    return out


def _drop_nested(hedges: list[Hedge]) -> list[Hedge]:
    # Longest first; on equal spans a distancing cue beats the adjective reading of "alleged".
    hedges = sorted(hedges, key=lambda h: (h.start, -(h.end - h.start), h.kind != "distancing_cue"))
    kept: list[Hedge] = []
    for h in hedges:
        if any(k.start <= h.start and h.end <= k.end and k.kind != "scare_quotes" for k in kept):
            continue
        kept.append(h)
    return kept


@register_stage
class Hedging:
    """Marks the hedges in an article: adverbs, impersonal phrases, modals, distancing cues, scare quotes."""

    name: ClassVar[str] = "hedging"
    requires: ClassVar[tuple[str, ...]] = ("parses", "sentences", "attributions")
    assigns: ClassVar[tuple[str, ...]] = ("hedges",)

    def __init__(self, lexicon: HedgeLexicon | None = None) -> None:
        self._lexicon = lexicon
        self._finder: _Finder | None = None

    def warm_up(self) -> None:
        """Load the lexicon and compile its patterns."""
        if self._finder is None:
            self._finder = _Finder(self._lexicon or load_hedge_lexicon())

    def __call__(self, article: Article) -> Article:
        """Fill ``article.hedges``, sorted by position, nested duplicates removed."""
        self.warm_up()
        assert self._finder is not None
        f = self._finder
        found = f.lexical(article.text) + f.raising(article) + f.token_level(article) + f.distancing_cues(article)
        found += find_scare_quotes(article, f.lex.scare_quote_max_words)
        article.hedges = _drop_nested(found)
        return article

"""Cuts sentences into claim units and decides which units carry checkable content."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from sourcetrace.article import Article, Attribution, Sentence
from sourcetrace.stages._claims_lexicon import ClaimLexicon
from sourcetrace.stages._claims_tokens import Tok, tokens

__all__ = ["NOTHING_TO_CHECK", "Unit", "checkable", "units"]

NUMERIC_ENTS = frozenset({"CARDINAL", "DATE", "QUANTITY", "MONEY", "PERCENT", "TIME"})
AMOUNT_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
NAMED_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"})
_EDGE = " \t\n\u2018\u2019\u201c\u201d\"'"
_MONTHS = re.compile(
    r"\b(?:January|February|March|April|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|last (?:week|month|year))\b"
)
_URL = re.compile(r"https?://|www\.")
_MIN_WORDS = 4

#: The verdict on a unit with no number, date or named actor (the check-worthiness model may still take it).
NOTHING_TO_CHECK = "no number, date or named actor to check"


@dataclass
class Unit:
    """A candidate claim: a span, the attribution whose content it is (None = outlet voice), and why."""

    start: int
    end: int
    attribution: Attribution | None
    sentence: Sentence
    reason: str


def _trim(text: str, start: int, end: int, content: bool) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and (text[end - 1] in _EDGE or (content and text[end - 1] in ",;:")):
        end -= 1
    if content and re.match(r"that\s", text[start:end], re.I):
        start += 4
        while start < end and text[start] in _EDGE:
            start += 1
    return _balanced(text, start, end)


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Take back a quotation mark trimmed off an edge when the span holds its partner ('"fewer than X" will be')."""
    inner = text[start:end]
    for opening, closing in (("\u201c", "\u201d"), ('"', '"')):
        if opening == closing:
            odd = inner.count(opening) % 2 == 1
            if odd and start > 0 and text[start - 1] == opening and inner.find(opening) > 0:
                start -= 1
            elif odd and end < len(text) and text[end] == closing:
                end += 1
            continue
        if inner.count(closing) > inner.count(opening) and start > 0 and text[start - 1] == opening:
            start -= 1
        elif inner.count(opening) > inner.count(closing) and end < len(text) and text[end] == closing:
            end += 1
    return start, end


def _inside(pos: int, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= pos < span[1]


def _reporting_frame(article: Article, sentence: Sentence, root: Tok, attrs: list[Attribution]) -> bool:
    """True when the main verb is a cue, lies in a content, or has an attribution's source as subject."""
    if any(_inside(root.start, a.content) or _inside(root.start, a.cue) for a in attrs):
        return True
    toks = tokens(article, sentence.start, sentence.end)
    subjects = [t for t in toks if t.head == root.start and t.dep in ("nsubj", "nsubjpass") and t.start != root.start]
    # "A Senate committee subpoenaed the chief executive, accusing the company of ...": the source's own
    # action on an object outside every attribution is the outlet's claim, not reported speech
    acts = any(
        t.head == root.start and t.dep == "dobj"
        and not any(_inside(t.start, a.content) or _inside(t.start, a.cue) or _inside(t.start, a.source) for a in attrs)
        for t in toks
    )
    return not acts and any(
        _inside(t.start, a.source) or _inside(t.start, a.resolved_source) for t in subjects for a in attrs
    )


_QUOTES = "\"“”'"
_RELATIVE = frozenset({"that", "which", "who"})


def _outside_cue(text: str, attr: Attribution, start: int, end: int) -> tuple[int, int]:
    """Drop the attribution's own source and cue from the piece of its content in one sentence.

    A content interrupted by its cue is one covering span ('"A," she said. "B."'); in the
    sentence '"A," she told reporters.' the claim is "A" alone. A cue in the middle of a
    sentence's piece ('A, she said, B') stays: neither side is a claim by itself.
    """
    inside = [s for s in (attr.cue, attr.source) if s is not None and start <= s[0] and s[1] <= end]
    if not inside or not any(s == attr.cue for s in inside):
        return start, end
    lo, hi = min(s[0] for s in inside), max(s[1] for s in inside)
    left, right = text[start:lo], text[hi:end]
    quoted_left = left.rstrip(" ,").endswith(tuple(_QUOTES))
    quoted_right = next((i for i, ch in enumerate(right) if ch in _QUOTES), None)
    if not any(ch.isalnum() for ch in right) or (quoted_left and quoted_right is None):
        return start, lo
    if not any(ch.isalnum() for ch in left) or left.strip(" ,").lower() in _RELATIVE:
        return hi, end  # "a law [that critics say is modelled on ...]": the claim is what follows the cue
    if quoted_right is not None and not quoted_left:
        return hi + quoted_right, end
    return start, end


def units(article: Article, sentence: Sentence, root: Tok | None) -> list[Unit]:
    """Return the claim units of one sentence.

    Each attribution content overlapping the sentence (clipped to it, innermost
    when nested) is a unit of that attribution. The sentence as a whole is an
    outlet-voice unit when no attribution touches it, or when its main verb is
    not an attribution cue, not inside a content span and has no attribution
    source as subject (the reporting happens in a side clause, e.g. "..., prompting
    the leaders to ask for help").
    """
    s0, s1 = sentence.start, sentence.end
    touching = [
        a
        for a in article.attributions
        if (a.cue[0] < s1 and a.cue[1] > s0) or (a.content is not None and a.content[0] < s1 and a.content[1] > s0)
    ]
    candidates: list[tuple[int, int, Attribution]] = []
    for attr in article.attributions:
        if attr.content is None or attr.content[0] >= s1 or attr.content[1] <= s0:
            continue
        start, end = _outside_cue(article.text, attr, max(attr.content[0], s0), min(attr.content[1], s1))
        start, end = _trim(article.text, start, end, content=True)
        if end > start and not any(c[0] == start and c[1] == end for c in candidates):
            candidates.append((start, end, attr))
    inner = [c for c in candidates if not any(o is not c and c[0] <= o[0] and o[1] <= c[1] for o in candidates)]
    out = []
    for start, end, attr in inner:
        who = attr.source_text or "an unnamed source"
        whole = article.text[start:end] == article.text[s0:s1].strip(_EDGE)
        how = "is inside" if whole else "is"
        out.append(Unit(start, end, attr, sentence, f"{how} the content of attribution {attr.id} ({who})"))
    if root is not None:
        main_attributed = _reporting_frame(article, sentence, root, touching)
    else:
        main_attributed = bool(touching)
    if not main_attributed:
        # An agentless cue in a side clause ("after responding to the call for ...") reports
        # nobody's words: its content is part of the outlet's own sentence, not a separate claim.
        out = [u for u in out if u.attribution is None or u.attribution.source is not None]
        start, end = _trim(article.text, s0, s1, content=False)
        reason = "sentence in the outlet's own voice"
        if touching or candidates:
            reason += " (its main clause is not reported speech)"
        out.insert(0, Unit(start, end, None, sentence, reason))
    return sorted(out, key=lambda u: (u.start, u.end))


#: Reported content that asks rather than asserts: "Asked whether Bogdanov had travelled ...",
#: "wondered what happened in the meantime".
_INDIRECT_QUESTION = re.compile(r"(?:whether|if|what|why|how)\b", re.IGNORECASE)


def checkable(article: Article, unit: Unit, lex: ClaimLexicon) -> tuple[bool, str]:
    """Decide whether a unit asserts checkable content; return the verdict and why."""
    text = article.text[unit.start : unit.end]
    toks = tokens(article, unit.start, unit.end)
    parsed = bool(toks) and bool(toks[0].pos)
    words = [t for t in toks if any(c.isalnum() for c in t.text)]
    if len(words) < _MIN_WORDS:
        return False, "too short to assert anything checkable"
    if text.rstrip(_EDGE).endswith("?"):
        return False, "a question"
    if unit.attribution is not None and _INDIRECT_QUESTION.match(text):
        return False, "an indirect question ('whether ...'), not a claim"
    if _URL.search(text):
        return False, "a link, not a statement"
    lowered = text.lower()
    if note := next((n for n in lex.reporting_notes if n in lowered), None):
        return False, f"a note on the reporting ('{note}'), not a claim"
    lowers = [t.text.lower() for t in toks]
    if parsed and (verb := _imperative(words)):
        return False, f"an instruction ('{verb}'), not a claim"
    if parsed:
        ents = [e for e in article.entities if unit.start <= e.start and e.end <= unit.end]
        numbers = [e.text for e in ents if e.label in NUMERIC_ENTS]
        numbers += [t.text for t in toks if t.like_num and not t.ent_type]
        named = list(dict.fromkeys(e.text for e in ents if e.label in NAMED_ENTS))
        named += [  # actors the entity recogniser missed ("Kyiv of using civilian ports ...")
            article.text[m[0] : m[1]]
            for a in article.actors
            for m in a.mentions
            if unit.start <= m[0] and m[1] <= unit.end and article.text[m[0] : m[1]] not in named
        ]
        amounts = [e.text for e in ents if e.label in AMOUNT_ENTS]
        if not any(t.pos in ("VERB", "AUX") for t in toks):
            if amounts:
                return True, f"checkable: amounts ({', '.join(amounts[:3])}) stated without a verb"
            return False, "no verb: a heading or fragment"
        actions = [t for t in toks if t.pos == "VERB" and t.lemma not in lex.opinion_verbs]
        deontic = any(t.tag == "MD" and t.text.lower() in lex.deontic_modals for t in toks)
        first_person_opinion = any(
            t.lemma in lex.opinion_verbs and i > 0 and lowers[i - 1] in ("i", "we") for i, t in enumerate(toks)
        )
    else:
        numbers = re.findall(r"\d[\d,.]*", text) + _MONTHS.findall(text)
        named = sorted({t.text for t in words[1:] if t.text[0].isupper() and t.text != "I"})
        actions = words
        deontic = any(w in lex.deontic_modals for w in lowers)
        first_person_opinion = any(a in ("i", "we") and b in lex.opinion_verbs for a, b in pairwise(lowers))
    if (deontic or first_person_opinion) and not numbers and not named:
        return False, "an opinion or prescription with nothing checkable"
    if numbers:
        return True, f"checkable: numbers or dates ({', '.join(numbers[:3])})"
    if named and actions:
        return True, f"checkable: named actors or places ({', '.join(named[:3])}) with an action"
    if parsed and actions:
        hedged = [h.text for h in article.hedges if unit.start <= h.start and h.end <= unit.end and h.kind == "adverb"]
        if hedged:
            return True, f"checkable: an event reported with a hedge ({hedged[0]!r})"
        event = _definite_event(toks, {t.start for t in actions})
        if event:
            return True, f"checkable: an event with a definite subject ({event!r})"
    return False, NOTHING_TO_CHECK


#: Words that may come before the verb of an instruction ("Please donate", "Don't miss").
_BEFORE_IMPERATIVE = frozenset(
    {"please", "do", "don't", "don\u2019t", "n't", "n\u2019t", "not", "now", "just", "so", "then", "and"}
)


def _imperative(words: list[Tok]) -> str | None:
    """The verb of a unit that tells the reader to do something ("Read more at ...", "Follow us on ...").

    The unit's main verb is a bare base form with no subject, and only 'please', 'do not' and the
    like come before it. A verb whose clausal complement carries the statement ("Check Your Fact
    recently debunked ...", a misparsed name) is no instruction.
    """
    top = next((i for i, t in enumerate(words) if t.is_root or t.head not in {w.start for w in words}), None)
    if top is None or words[top].tag != "VB" or words[top].pos != "VERB":
        return None
    if any(w.text.lower() not in _BEFORE_IMPERATIVE for w in words[:top]):
        return None
    verb = words[top]
    if any(t.head == verb.start and t.dep in ("nsubj", "nsubjpass", "expl", "ccomp", "csubj") for t in words):
        return None
    return verb.text


_DEFINITE = frozenset({"the", "this", "these", "those", "its", "their", "his", "her"})


def _definite_event(toks: list[Tok], actions: set[int]) -> str | None:
    """The subject of a past or perfect action verb when it is a definite noun phrase ('the ship').

    The verb must be the unit's own: its sentence root, or, for a reported clause, the verb
    governed from outside the unit ("[its forces had struck ...]" after "the ministry said").
    """
    by_start = {t.start: t for t in toks}
    for t in toks:
        verb = by_start.get(t.head)
        if t.dep not in ("nsubj", "nsubjpass") or verb is None or verb.start not in actions:
            continue
        if verb.tag not in ("VBD", "VBN") and not (verb.tag == "VBG" and verb.dep == "ROOT"):
            continue
        top = verb.dep in ("ROOT", "conj") or verb.is_root or verb.head not in by_start  # the unit's own verb
        if not top:  # not an infinitive or side clause
            continue
        determiners = [d.text.lower() for d in toks if d.head == t.start and d.dep in ("det", "poss")]
        if t.pos == "NOUN" and _DEFINITE.intersection(determiners):
            return f"{determiners[0]} {t.text}"
    return None

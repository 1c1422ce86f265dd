"""Relations between claims: which are disputed by another source, and which is central."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcetrace.article import Article, Attribution, Claim, Sentence
from sourcetrace.registry import load_registry, tokenize
from sourcetrace.stages._claims_lexicon import ClaimLexicon, verb_forms
from sourcetrace.stages._claims_tokens import Tok, content_words, tokens

__all__ = ["Dispute", "apply_disputes", "central_claim", "find_disputes", "is_dispute_cue", "title_span"]

_WORD = re.compile("[\\w\\u2019'-]+")
_TITLE_MAX_WORDS = 20
_OVERLAP_SHARE = 0.5
_OVERLAP_MIN = 3


@dataclass
class Dispute:
    """A sentence in which a source rejects a statement, and what it points at."""

    sentence: int
    start: int
    end: int
    verb: str
    actor: str | None
    anaphoric: bool
    words: set[str]
    accusation: bool = False


def _stem(word: str) -> str:
    word = word.lower().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def plain_words(text: str, stopwords: frozenset[str]) -> set[str]:
    """Content words of ``text`` crudely stemmed, so titles and sentences compare without a parse."""
    return {s for w in _WORD.findall(text) if (s := _stem(w)) not in stopwords and len(s) > 1}


def is_dispute_cue(article: Article, attr: Attribution, lex: ClaimLexicon) -> bool:
    """True when an attribution's cue rejects its content ("denied that ...", "rejected ...")."""
    for tok in tokens(article, attr.cue[0], attr.cue[1]):
        if tok.lemma in lex.dispute_verbs if tok.pos else tok.text.lower() in _forms(lex.dispute_verbs):
            return True
    return False


def _forms(verbs: tuple[str, ...]) -> set[str]:
    return {f for v in verbs for f in verb_forms(v)}


def find_disputes(article: Article, lex: ClaimLexicon) -> list[Dispute]:
    """Find sentences where someone denies, rejects or disbelieves a statement."""
    dispute_forms, negated_forms = _forms(lex.dispute_verbs), _forms(lex.negated_verbs)
    out = []
    for index, sent in enumerate(article.sentences):
        toks = tokens(article, sent.start, sent.end)
        lowers = [t.text.lower() for t in toks]
        if (false := _called_false(toks, lowers, lex)) is not None:
            # "The claim is false.": the outlet itself rejects the accusation just reported
            out.append(Dispute(index, sent.start, sent.end, false, None, True, set(), True))
            continue
        if (finding := _NO_EVIDENCE.search(article.text, sent.start, sent.end)) is not None:
            # "The WHO said it had found no evidence of weapons research": a finding against the accusation
            after = [t for t in toks if t.start >= finding.end()]
            rest = [t.text.lower() for t in after[:5]]
            finder = _actor_at_content(article, finding.start())
            out.append(Dispute(index, sent.start, sent.end, finding.group(), finder,
                               any(t in lex.anaphoric_nouns for t in rest), content_words(after, lex.stopwords), True))
            continue
        for i, tok in enumerate(toks):
            if tok.pos and tok.pos not in ("VERB", "AUX"):
                continue
            if tok.pos:
                disputing, negatable = tok.lemma in lex.dispute_verbs, tok.lemma in lex.negated_verbs
            else:
                disputing, negatable = lowers[i] in dispute_forms, lowers[i] in negated_forms
            negated = negatable and any(w in lex.negators for w in lowers[max(0, i - 6) : i])
            pleads_innocent = lowers[i + 1 : i + 3] == ["not", "guilty"] or lowers[i + 1 : i + 2] == ["innocent"]
            if (tok.lemma or lowers[i]).startswith("plead") and pleads_innocent:
                out.append(Dispute(index, sent.start, sent.end, tok.text, _actor_at(article, tok.start), True,
                                   set(), True))  # "Nowak pleaded not guilty": the accused rejects the charge
                break
            if disputing and any(w in lex.negators for w in lowers[max(0, i - 3) : i]):
                continue  # "did not dispute the figure", "never denied it": no dispute
            if not (disputing or negated):
                continue
            rest = [t.text.lower() for t in toks[i + 1 : i + 5]]
            anaphoric = any(t in lex.anaphoric_nouns for t in rest)
            # "Both governments have previously rejected UN findings": an old dispute, not this story's
            earlier_one = any(w in _PAST_MARKERS for w in lowers[max(0, i - 3) : i])
            accusation = any(t in lex.accusation_words for t in rest) and not earlier_one
            actor = _actor_at(article, tok.start)
            obj: list[Tok] = toks[i + 1 :]
            out.append(
                Dispute(index, sent.start, sent.end, tok.text, actor, anaphoric, content_words(obj, lex.stopwords),
                        accusation)
            )
            break
    return out


#: Adverbs that put a dispute before the story's events.
_PAST_MARKERS = frozenset({"previously", "repeatedly", "long", "often", "once", "formerly", "regularly"})

#: A finding that there is nothing behind a claim; not "offered no evidence" (the claimant's lack, a hedge).
_NO_EVIDENCE = re.compile(
    r"\b(?:(?:found|find|finds|saw|seen|see|sees|uncovered|discovered)\s+no|there\s+(?:is|was|has\s+been)\s+no|"
    r"(?:found|seen|saw|uncovered)\s+no\s+sign\s+of\s+any|has\s+seen\s+no|says?\s+no)\s+"
    r"(?:credible\s+|direct\s+|scientific\s+|such\s+)?evidence\b",
    re.IGNORECASE,
)


def _actor_at_content(article: Article, offset: int) -> str | None:
    """The actor of the innermost attribution whose content holds ``offset`` (None: the outlet's own finding)."""
    holders = [a for a in article.attributions if a.content is not None and a.content[0] <= offset < a.content[1]]
    return min(holders, key=lambda a: a.content[1] - a.content[0]).actor if holders else None  # type: ignore[index]


def _actor_at(article: Article, offset: int) -> str | None:
    """The actor of the attribution whose cue holds ``offset``."""
    return next((a.actor for a in article.attributions if a.cue[0] <= offset < a.cue[1]), None)


def _called_false(toks: list[Tok], lowers: list[str], lex: ClaimLexicon) -> str | None:
    """The falsity word of 'The claim is false' / 'This is untrue' (subject an anaphor, verb 'be'), else None."""
    by_start = {t.start: t for t in toks}
    for t in toks:
        if t.text.lower() not in lex.falsity_words or t.dep not in ("acomp", "attr"):
            continue
        verb = by_start.get(t.head)
        if verb is None or verb.lemma != "be" or any(w in lex.negators for w in lowers):
            continue
        subject = next((s for s in toks if s.head == verb.start and s.dep == "nsubj"), None)
        if subject is not None and subject.text.lower() in lex.anaphoric_nouns:
            return t.text
    return None


def apply_disputes(
    article: Article, claims: list[Claim], sentence_of: list[int], lex: ClaimLexicon, central: int | None = None
) -> dict[int, str]:
    """Return claim index -> reason for every claim another source disputes.

    A dispute that names no words of a claim points back: "dismissed the accusation" and
    "denied any such plans" at the article's ``central`` claim (the accusation the story is
    about) when it is earlier and attributed, unless an accusation was reported just before ("X claimed Y. Z
    denied the allegation.": then only claims from that sentence on); other anaphors ("denied
    the report") at the nearest earlier claims.
    """
    disputes = find_disputes(article, lex)
    found: dict[int, str] = {}
    for d in disputes:
        sentence_text = article.text[d.start : d.end]
        accuser = _accuser_before(article, d, lex) if d.accusation else None
        earlier = [i for i, s in enumerate(sentence_of) if (accuser or 0) <= s < d.sentence]
        targets: list[int] = []
        for i, claim in enumerate(claims):
            if sentence_of[i] == d.sentence:
                continue
            words = content_words(tokens(article, claim.start, claim.end), lex.stopwords)
            shared = words & d.words
            if len(shared) >= _OVERLAP_MIN and len(shared) >= _OVERLAP_SHARE * len(words):
                targets.append(i)
        if (not targets and d.accusation and accuser is None and central is not None
                and claims[central].attribution is not None and sentence_of[central] < d.sentence):
            targets = [central]
        if not targets and accuser is not None and _NO_EVIDENCE.fullmatch(d.verb):
            # "X accused Y of ... . Z found no evidence of ...": the accusation reported just before
            targets = [i for i in earlier if sentence_of[i] == accuser and claims[i].attribution is not None]
        if not targets and d.anaphoric and earlier:
            nearest = max(sentence_of[i] for i in earlier)
            if d.sentence - nearest <= 2:
                targets = [i for i in earlier if sentence_of[i] == nearest]
        for i in targets:
            if d.actor is not None and claims[i].actor == d.actor:
                continue  # a source does not dispute itself
            found.setdefault(i, f"disputed by a later statement ('{d.verb}'): {sentence_text[:100]}")
    return found


def _accuser_before(article: Article, d: Dispute, lex: ClaimLexicon) -> int | None:
    """Index of the latest of the two sentences before a dispute that reports an accusation ('X claimed ...')."""
    forms = _forms(lex.accusing_cues)
    for index in range(d.sentence - 1, max(-1, d.sentence - 3), -1):
        sent = article.sentences[index]
        for attr in article.attributions:
            if sent.start <= attr.cue[0] < sent.end:
                cue = tokens(article, attr.cue[0], attr.cue[1])
                if any(t.lemma in lex.accusing_cues if t.pos else t.text.lower() in forms for t in cue):
                    return index
    return None


def title_span(article: Article) -> tuple[int, int] | None:
    """Return the title paragraph's span: role 'title', else a short unpunctuated first line (not the only one)."""
    for p in article.paragraphs:
        if p.role == "title":
            return p.start, p.end
    if len(article.paragraphs) > 1 and article.meta.title is None:
        first = article.paragraphs[0]
        text = article.text[first.start : first.end]
        last = text.rstrip(" \u2019\u201d\"')")[-1:]
        if "\n" not in text and len(text.split()) <= _TITLE_MAX_WORDS and last not in ".!?:;,":
            return first.start, first.end
    return None


def _actor_words(article: Article, start: int, end: int, stopwords: frozenset[str]) -> set[str]:
    """Words naming the actors mentioned in ``[start, end)``: their names, aliases and countries.

    So a title's "Beijing Accuses Manila" meets a lede's "China's foreign ministry ... a
    Philippine vessel" (metonyms and bodies stand for their state, demonyms for their country).
    """
    words: set[str] = set()
    for actor in article.actors:
        if any(start <= m[0] and m[1] <= end for m in actor.mentions):
            for name in (actor.name, *actor.aliases, actor.country or ""):
                words |= plain_words(name, stopwords)
    registry = load_registry()
    for found in registry.demonyms.scan(tokenize(article.text[start:end])):
        words |= plain_words(registry.entries[found.values[0]].country or "", stopwords)
    return words


def _sentence_words(article: Article, sent: Sentence, stopwords: frozenset[str]) -> set[str]:
    return plain_words(article.text[sent.start : sent.end], stopwords) | _actor_words(
        article, sent.start, sent.end, stopwords
    )


def central_claim(
    article: Article, claims: list[Claim], sentences: list[Sentence], stopwords: frozenset[str]
) -> tuple[int, str] | None:
    """Pick the central claim: among claims of the first two claim-bearing paragraphs after the title,
    the one whose sentence shares most content words with the title (ties: the earlier, then the
    longer); without a title or any overlap, the first claim of the lede."""
    if not claims:
        return None
    span = title_span(article)
    title = article.meta.title if span is None else article.text[span[0] : span[1]]
    paragraphs: list[int] = []
    for s in sentences:
        if s.paragraph not in paragraphs:
            paragraphs.append(s.paragraph)
    lede = set(paragraphs[:2])
    candidates = [i for i, s in enumerate(sentences) if s.paragraph in lede]
    if title:
        title_words = plain_words(title, stopwords)
        if span is not None:
            title_words |= _actor_words(article, span[0], span[1], stopwords)
        best, best_key = None, (0, 0, 0)
        for i in candidates:
            sent = sentences[i]
            shared = title_words & _sentence_words(article, sent, stopwords)
            key = (len(shared), -sent.start, claims[i].end - claims[i].start)
            if shared and key > best_key:
                best, best_key = i, key
        if best is not None:
            shared = title_words & _sentence_words(article, sentences[best], stopwords)
            return best, (
                f"central: its sentence shares {len(shared)} of {len(title_words)} title words "
                f"({', '.join(sorted(shared))}), the most among the opening paragraphs' claims"
            )
    return candidates[0], "central: first claim of the opening paragraph (no title words to match)"

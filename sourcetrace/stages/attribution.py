"""Finds who says or believes what in an article: source, cue and content of each attribution."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from sourcetrace.article import Article, Attribution, AttributionKind, Entity, Offsets
from sourcetrace.errors import ModelError
from sourcetrace.nlp import load_spacy
from sourcetrace.pipeline import register_stage
from sourcetrace.registry import Registry, load_registry
from sourcetrace.stages._actors_lexicon import ORG_OUTLET_WORDS, leaning
from sourcetrace.stages._attribution_bounds import ContentBounds, TokenProbabilities
from sourcetrace.stages._attribution_coref import (
    Mention,
    anaphor_noun,
    could_be_person,
    entity_kind,
    gender_of,
    head_kind,
    is_person_noun,
    org_head,
    pronoun_gender,
    represents,
    resolve_source,
    source_class,
    thing_head,
)
from sourcetrace.stages._attribution_cues import CueLexicon, load_lexicon
from sourcetrace.stages._attribution_fusion import FusionPolicy, fuse
from sourcetrace.stages._attribution_layout import find_layout_attributions, is_dateline
from sourcetrace.stages._attribution_quotes import QuoteIndex, find_quotes
from sourcetrace.stages._attribution_rules import (
    ADDRESSEE_LEMMAS,
    Candidate,
    find_candidates,
    is_expletive,
    is_relative,
    relative_antecedent,
    subject_source,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from sourcetrace.models.tagger import SpanTagger

__all__ = ["DEFAULT_THRESHOLD", "TAGGER_DIR", "AttributionStage", "load_tagger"]

#: Folder of the committed attribution tagger (int8 ONNX, tokenizer, config).
TAGGER_DIR = Path(__file__).resolve().parent.parent / "models" / "attribution"

_OF_NAME = re.compile(r"((?:[Tt]he|[Tt]his) \w+) (?:of|for|from) ([A-Z].*)")

#: Minimum learned cue precision for a verb to count as an attribution cue (tuned on PolNeAR train).
DEFAULT_THRESHOLD = 0.35


@register_stage
class AttributionStage:
    """Extracts attributions (source, cue, content) with their kind, nesting and resolved source."""

    name: ClassVar[str] = "attribution"
    requires: ClassVar[tuple[str, ...]] = ("parses", "sentences", "entities")
    assigns: ClassVar[tuple[str, ...]] = ("attributions",)

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        use_tagger: bool = True,
        tagger: SpanTagger | None = None,
        policy: FusionPolicy | None = None,
        content_bounds: bool = True,
    ) -> None:
        self.threshold = threshold
        self.use_tagger = use_tagger
        self.policy = policy or FusionPolicy()
        #: Whether a fitted choice may draw a rule's content as the tagger does (needs the tagger).
        self.content_bounds = content_bounds
        self._lexicon: CueLexicon | None = None
        self._tagger = tagger
        self._bounds: ContentBounds | None = None

    def warm_up(self) -> None:
        """Load the cue lexicon and, unless ``use_tagger`` is off, the learned span tagger."""
        if self._lexicon is None:
            self._lexicon = load_lexicon()
        if self.use_tagger and self._tagger is None:
            self._tagger = load_tagger()
        if self._tagger is not None:
            self._tagger.warm_up()
        if self.use_tagger and self.content_bounds and self._bounds is None:
            self._bounds = ContentBounds.load()

    def tag(self, text: str) -> dict[str, dict[Offsets, float]]:
        """The tagger's raw source / cue / content spans for ``text`` with confidences (empty without a tagger)."""
        return self.tag_tokens(text)[0]

    def tag_tokens(self, text: str) -> tuple[dict[str, dict[Offsets, float]], TokenProbabilities | None]:
        """:meth:`tag` and the content head's probability per wordpiece (``None`` without a tagger)."""
        self.warm_up()
        if self._tagger is None:
            return {}, None
        offsets, probs = self._tagger.probabilities(text)
        content = self._tagger.config.heads.index("content")
        return self._tagger.decode(text, offsets, probs), TokenProbabilities.of(offsets, probs[content])

    def __call__(self, article: Article) -> Article:
        """Fill ``article.attributions``, ids 'a1', 'a2', ... in text order."""
        self.warm_up()
        assert self._lexicon is not None
        text = article.text
        quotes = QuoteIndex(find_quotes(text, article.paragraphs))
        found: list[Candidate] = []
        for parse in article.parses:
            found.extend(find_candidates(parse.doc, parse.offset, text, self._lexicon, quotes, self.threshold))
        found = _dedupe(found)
        scored: dict[str, dict[Offsets, float]] = {}
        tokens: TokenProbabilities | None = None
        sentences = [(s.start, s.end) for s in article.sentences]
        if self.use_tagger:
            scored, tokens = self.tag_tokens(article.prose())  # header lines are no prose: 'Published 12 March 2026'
            tagged = {role: list(spans) for role, spans in scored.items()}
            found = fuse(
                text,
                found,
                tagged,
                sentences,
                quotes,
                lambda span: _lemmas(article, span),
                self.policy,
                scored.get("cue"),
                lambda cue: _subject_source(article, cue),
                lambda cue, content: _short_content(article, self._lexicon, cue, content),
            )
        found = [_with_antecedent(article, _without_expletive(article, _noun_denied(text, _whole_phrase(article, c))))
                 for c in found if not _says_nothing(text, c) and not _charged(article, c)]
        # a speaker label ("MORALES: ...") is a better account of a colon than the tagger's, whose content it cuts
        layout = find_layout_attributions(article, [c for c in found if text[c.cue[0] : c.cue[1]] != ":"])
        cues = {c.cue for c in layout}
        found = [c for c in found if c.cue not in cues] + layout
        found.extend(_quote_paragraphs(article, found, quotes))
        found = _uncross(text, [_headline_colon(article, _headline_conjunct(article, _after_kicker(
            text, _trailing_speaker(article, c)))) for c in found])
        found.sort(key=lambda c: c.cue)
        if self._bounds is not None and tokens is not None:
            found = self._bounds.apply(text, found, scored, tokens, sentences)
        article.attributions = _build(article, found, quotes)
        return article


def load_tagger() -> SpanTagger:
    """Load the committed attribution tagger; ModelError names the missing files."""
    from sourcetrace.models.tagger import SpanTagger

    missing = [n for n in ("model.onnx", "tokenizer.json", "config.json") if not (TAGGER_DIR / n).is_file()]
    if missing:
        raise ModelError(
            f"attribution tagger files missing in {TAGGER_DIR}: {', '.join(missing)}; reinstall sourcetrace, "
            "retrain with `make train-attribution`, or use AttributionStage(use_tagger=False)"
        )
    return SpanTagger(TAGGER_DIR)


def _subject_source(article: Article, cue: Offsets) -> Offsets | None:
    """The parse's source for a tagged cue: its verb's subject, as the rules would take it."""
    for parse in article.parses:
        if parse.covers(cue[0]):
            return subject_source(parse.doc, parse.offset, article.text, cue)
    return None


#: Dependencies of a word that opens a phrase without ending it: "the [bill]", "to [provoke his critics]".
_OPENERS = frozenset({"det", "poss", "amod", "compound", "nummod", "aux", "nmod", "quantmod"})
#: Pronouns that stand for whom a stance is taken on ("criticized him").
_STANCE_PRONOUNS = frozenset({"him", "her", "them", "it", "me", "us"})
#: How the content of such a cue hangs on it: its object, a prepositional object, a 'to' clause.
_OBJECTS = frozenset({"dobj", "pobj", "xcomp", "dative"})
#: Least learned precision of a cue verb with an object for a new attribution with a one-word content:
#: "endorsed Trump" (0.64), "criticized him" (0.80) pass; "passed [a law]" (0.30), "banned [it]" (0.11) do not.
STANCE_CUE_MIN = 0.45


def _short_content(article: Article, lexicon: CueLexicon | None, cue: Offsets, content: Offsets) -> Offsets | None:
    """The content of a new tagger cue whose tagged content is one word, or None to drop the cue.

    Only a cue verb that PolNeAR's training articles show reporting a stance on its object often enough
    (``STANCE_CUE_MIN``) keeps such a content: a name or personal pronoun as it stands ("endorsed Trump",
    "criticized him"), or the whole phrase a determiner, possessive or 'to' opens ("has criticized [an]
    arrangement", "attempted [to] provoke his critics"), which the tagger often cuts after its first word; before
    the cue, the noun phrase its relative clause hangs on ("an arrangement the campaign has criticized") or the
    subject of its passive with a "by" agent ("Trump was attacked by ...").
    """
    lemma = (_lemmas(article, cue) or [""])[-1]
    if lexicon is None or lexicon.precision(lemma, "obj") < STANCE_CUE_MIN:
        return None
    parse = next((p for p in article.parses if p.covers(content[0])), None)
    if parse is None or len(tokens := parse.tokens_in(content[0], content[0] + 1)) != 1:
        return None
    offset, token = parse.offset, tokens[0]

    def in_cue(t: Token) -> bool:
        return cue[0] <= offset + t.idx < cue[1]

    opener = token.dep_ in _OPENERS and token.head.i > token.i
    anchor = token.head if opener else token
    relative = any(c.dep_ in {"relcl", "acl"} and in_cue(c) for c in anchor.children)
    by_agent = any(c.dep_ == "agent" and c.i == anchor.head.i + 1 for c in anchor.head.children)
    if relative or (anchor.dep_ == "nsubjpass" and in_cue(anchor.head) and by_agent):
        # "an [arrangement] the campaign has criticized", "[Trump] was attacked by ...": what the stance is on
        return content[0], offset + anchor.idx + len(anchor.text)
    verb = anchor.head.head if anchor.dep_ == "pobj" and anchor.head.dep_ in {"prep", "agent"} else anchor.head
    if anchor.dep_ not in _OBJECTS or not in_cue(verb):
        return None  # only the cue's own object: "says [Kremlin]" two clauses away is no content
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children) or verb.dep_ in {"acl", "amod"}:
        return None  # "were issued [move-on] notices", "a fraud told for political effect": nobody's stance
    if lemma in ADDRESSEE_LEMMAS and anchor.dep_ in {"dobj", "dative"}:
        return None  # "told [reporters]": whom it was said to, not what
    if opener:
        last = token.head.right_edge
        while last.i > token.head.i and last.is_punct:
            last = parse.doc[last.i - 1]
        return content[0], offset + last.idx + len(last.text)
    return content if token.pos_ == "PROPN" or token.lower_ in _STANCE_PRONOUNS else None


#: How a word hangs on what must follow it in the same phrase: "at [the] ...", "a lot [of] ...", "leaders [were] ...".
_UNFINISHED_DEPS = frozenset({"det", "poss", "prep", "aux", "auxpass", "cc", "mark", "predet", "nummod", "amod",
                              "compound"})
_UNFINISHED_WORDS = frozenset({"who", "whom", "whose", "which", "than", "and", "or", "but"})
#: Most words a cut phrase is run on by.
_MAX_RUN_ON = 30


def _whole_phrase(article: Article, cand: Candidate) -> Candidate:
    """A tagger content that stops inside a phrase runs on to the end of it.

    The tagger's content may end on a word that opens what follows ("... memorial commemorations at [the] Royal
    Artillery Barracks", "a lot [of] opinions", "its leaders [were] described as ..."): the content then ends where
    the smallest phrase holding that word and the next one ends, within the sentence and short of the cue.
    """
    content = cand.content
    if content is None or not cand.reason.startswith("learned tagger"):
        return cand
    parse = next((p for p in article.parses if p.covers(content[1] - 1)), None)
    if parse is None:
        return cand
    offset = parse.offset
    inside = parse.tokens_in(content[0], content[1])
    if not len(inside):
        return cand
    last = inside[-1]
    if last.i + 1 >= len(parse.doc) or last.sent != parse.doc[last.i + 1].sent:
        return cand
    after = parse.doc[last.i + 1]
    if not (after.is_alpha or after.like_num) or "\n" in article.text[content[1] : offset + after.idx]:
        return cand
    if last.dep_ not in _UNFINISHED_DEPS and last.lower_ not in _UNFINISHED_WORDS:
        return cand
    if last.dep_ in {"amod", "compound", "nummod"} and last.head.i <= last.i:
        return cand  # a modifier of what came before ("a report [published]"): no phrase left open
    ancestors = {t.i for t in after.ancestors} | {after.i}
    common = next((t for t in [last, *last.ancestors] if t.i in ancestors), None)
    if common is None:
        return cand
    end = common.right_edge
    while end.i > last.i and (end.is_punct or end.is_space):
        end = parse.doc[end.i - 1]
    new_end = offset + end.idx + len(end.text)
    if end.i <= last.i or end.i - last.i > _MAX_RUN_ON or content[1] <= cand.cue[0] < new_end:
        return cand
    if cand.source is not None and content[1] <= cand.source[0] < new_end:
        return cand
    added = article.text[content[1] : new_end]
    if added.count("(") > added.count(")"):  # "... than in other states (31": not into an aside it cannot close
        new_end = content[1] + len(added[: added.rfind("(")].rstrip())
    return replace(cand, content=(content[0], new_end)) if new_end > content[1] else cand


#: A denial and the reporting noun it takes as object, tagged as one cue ("denies report", "rejects claims").
_DENIAL_AND_NOUN = re.compile(
    r"((?:\w+\s+)?(?:den(?:y|ies|ied)|reject(?:s|ed)?|dismiss(?:es|ed)?|refute(?:s|d)?))\s+"
    r"((?:(?:the|a|an|these|those)\s+)?(?:reports?|claims?|allegations?|accusations?|rumou?rs?|accounts?|stor(?:y|ies)))",
    re.IGNORECASE,
)


def _noun_denied(text: str, cand: Candidate) -> Candidate:
    """"Kremlin denies report that ...": the report is what is denied, so the cue is the denial alone and the
    content opens at the noun (the rules do so from the parse; the tagger may tag both words as the cue)."""
    match = _DENIAL_AND_NOUN.fullmatch(text, cand.cue[0], cand.cue[1])
    if match is None or cand.content is None or cand.content[0] < cand.cue[1]:
        return cand
    gap = text[cand.cue[1] : cand.content[0]]
    if gap.strip():
        return cand
    return replace(cand, cue=match.span(1), content=(match.start(2), cand.content[1]),
                   reason=f"{cand.reason}; '{match.group(2)}' is what is denied")


def _charged(article: Article, cand: Candidate) -> bool:
    """Whether a cue is a charge laid on its subject, not a claim of it: "Man charged after lorry crash" (a
    headline with no auxiliary, which the parser reads as active); "Police charged a man with ..." keeps its object."""
    parse = next((p for p in article.parses if p.covers(cand.cue[0])), None)
    tokens = parse.tokens_in(*cand.cue) if parse is not None else None
    if not tokens or len(tokens) != 1 or tokens[0].lemma_.lower() not in {"charge", "indict"}:
        return False
    return not any(c.dep_ in ("dobj", "ccomp", "agent") for c in tokens[0].children)


def _without_expletive(article: Article, cand: Candidate) -> Candidate:
    """A cue whose subject is an 'it' that only holds the place of a clause ("it appears that ...", "it is
    mentioned that ...") has no source before it: neither that 'it' nor a phrase the tagger offers instead."""
    if cand.source is None or cand.source[0] >= cand.cue[1]:
        return cand  # no source, or a "by" agent after the cue
    for parse in article.parses:
        if parse.covers(cand.cue[0]):
            if any(is_expletive(child) for token in parse.tokens_in(*cand.cue) for child in token.children):
                return replace(cand, source=None, antecedent=None,
                               reason=cand.reason + "; its 'it' only holds the place of a clause")
            return cand
    return cand


def _with_antecedent(article: Article, cand: Candidate) -> Candidate:
    """A tagged 'who' or 'which' source stands for the phrase its relative clause hangs on, not a pronoun's referent."""
    if cand.source is None or cand.antecedent is not None:
        return cand
    if not is_relative(article.text[cand.source[0] : cand.source[1]]):
        return cand
    for parse in article.parses:
        if parse.covers(cand.source[0]):
            antecedent = relative_antecedent(parse.doc, parse.offset, article.text, cand.source[0])
            return cand if antecedent is None else replace(cand, antecedent=antecedent)
    return cand



def _lemmas(article: Article, span: Offsets) -> list[str]:
    """Lower-case lemmas of the parsed tokens inside ``span``."""
    out: list[str] = []
    for parse in article.parses:
        if parse.offset > span[1] or parse.end < span[0]:
            continue
        out.extend(t.lemma_.lower() for t in parse.tokens_in(span[0], span[1]))
    return out


_ANONYMITY = re.compile(
    r"\W*(?:not\s+to\s+be\s+(?:named|identified|quoted)|(?:for|on\s+(?:the\s+)?condition\s+of)\s+anonymity)\b",
    re.IGNORECASE,
)


#: The hortative "let's" whose "'s" the parser makes a source.
_LET_US = re.compile(r"\b[Ll]et['\u2019]s\Z")
_AS_THEY_SAY = re.compile(r"[Aa]s\s+(?:they|people)\s+say(?:\s+now)?")


def _says_nothing(text: str, cand: Candidate) -> bool:
    """Whether a candidate's content is nothing its source claims.

    'who asked not to be named' is a request about the source itself; 'it has offered no
    evidence' and 'did not respond to a request for comment' say what the source did not give.
    """
    if cand.content is None:
        return False
    if cand.source is not None and _NOBODY.fullmatch(text, cand.source[0], cand.source[1]):
        return True  # "nobody in Brussels says a word"
    if cand.source is not None and _LET_US.search(text, max(0, cand.source[0] - 4), cand.source[1]):
        return True  # "Let's assume that ...", "let's say": the writer's supposition, no one's claim
    if cand.source is None and _LET_US.search(text[max(0, cand.cue[0] - 8) : cand.cue[0]].rstrip()):
        return True  # the same, with no "Let's" tagged as the source
    if cand.source is not None and _AS_THEY_SAY.fullmatch(text, max(0, cand.source[0] - 3), cand.cue[1]):
        return True  # "After I got saved, as they say, ...": a figure of speech, no one's claim
    if cand.source is not None and text[cand.source[0] : cand.source[1]].lower() in {"emphasis", "emphases"}:
        return True  # "(emphasis added)" after a quotation: the writer's typography
    if text[cand.cue[0] : cand.cue[1]] == ":" and cand.source is not None and is_dateline(text[slice(*cand.source)]):
        return True  # "BEIJING: The US embassy issued ...": where the story was filed, not who speaks
    if _NAMING.search(text, cand.cue[0], cand.cue[1]):
        return True  # "X, formerly known as Twitter": a name, not a statement
    named = _NAMED_THING.fullmatch(text, cand.cue[0], cand.cue[1])
    thing = cand.source is not None and _A_THING.fullmatch(text, cand.source[0], cand.source[1])
    if named and (cand.source is None or thing) and _NAME_NEXT.match(text, cand.cue[1]):
        before = text[max(0, cand.cue[0] - 40) : cand.cue[0]].split()
        if before and before[-1].isalpha() and before[-1].islower() and before[-1] not in _NOT_NOUNS:
            return True  # "An organization called the Weimar Triangle": a name given, nobody speaks
    if _TOLL.match(text, cand.cue[1]) and text[cand.cue[0] : cand.cue[1]].lower().startswith("claim"):
        return True  # "a massive fire, claiming at least 143 lives": deaths, not words
    start, end = cand.content
    return (_ANONYMITY.match(text, start, end) is not None
            or (cand.lemma not in _SAYING and _NOTHING_GIVEN.fullmatch(text, start, end) is not None)
            or _NO_COMMENT.match(text, start, end) is not None)


#: Cues whose "no evidence" is a statement ("health agency says no evidence"), not a lack of one.
_SAYING = frozenset({"say", "tell", "state", "find", "conclude", "report", "insist", "argue", "announce"})

#: What 'claimed' takes when it means killed: "claiming at least 143 lives", "claimed the lives of".
_TOLL = re.compile(
    r"\s+(?:the\s+lives\b|(?:(?:at\s+least|more\s+than|over|nearly|about|almost|some|up\s+to)\s+)?"
    r"[\d,.]*\s*(?:\w+\s+)?(?:lives|life|victims)\b)",
    re.IGNORECASE,
)


#: A naming cue: "formerly known as".
_NAMING = re.compile(r"\b(?:formerly|previously|also|better|now|officially)\s+known\s+as\b", re.IGNORECASE)

#: Participles that give a name ("a group called X"), after a noun; with a subject they may report speech.
_NAMED_THING = re.compile(r"(?:called|named|dubbed|titled|entitled|nicknamed)", re.IGNORECASE)
_NAME_NEXT = re.compile(r"\s+(?:the\s+)?[\"\u201c\u2018']?[A-Z]")
#: "An organization", "a man": what a naming participle names ("An organization called the Weimar Triangle").
_A_THING = re.compile(
    r"an?\s+(?:\w+\s+)?(?:organi[sz]ation|group|company|firm|charity|film|book|programme|program|project|"
    r"initiative|campaign|movement|network|platform|app|website|site|channel|show|party|coalition|alliance|"
    r"foundation|institute|body|unit|operation|plan|scheme|bill|law|document|report|village|town|city|place|"
    r"man|woman|boy|girl|person|guy|account|page|blog|podcast|newsletter|outfit|agency|entity)",
    re.IGNORECASE,
)

#: Words before 'called' that make it a verb with a subject or auxiliary ("he called", "was called", "also called").
_NOT_NOUNS = frozenset({"he", "she", "they", "we", "i", "you", "it", "who", "which", "that", "was", "were", "is",
                        "are", "be", "been", "has", "have", "had", "also", "publicly", "repeatedly", "once", "and",
                        "then", "later", "recently", "openly", "not", "never"})

#: A source that is no one: "nobody in Brussels says a word", "no evidence found".
_NOBODY = re.compile(r"(?:nobody|no one|none|no-one|no\s+(?!\d)\w+)\b.*", re.IGNORECASE | re.DOTALL)  # not "No 10"

#: '... did not respond to a request for comment': nothing was said.
_NO_COMMENT = re.compile(r"(?:(?:an?|repeated|several|multiple)\s+)?requests?\s+for\s+(?:comment|an\s+interview)\b",
                         re.IGNORECASE)
_NOTHING_GIVEN = re.compile(
    r"(?:no|little)\s+(?:\w+\s+)?(?:evidence|proof|documents?|documentation|details?|explanation|comment|"
    r"information|indication|reason)(?:\s+(?:to\s+(?:support|back|substantiate|prove)|for)\s+[^.;:]{1,40})?",
    re.IGNORECASE,
)


def _dedupe(found: list[Candidate]) -> list[Candidate]:
    by_cue: dict[Offsets, Candidate] = {}
    for cand in found:
        if (cand.lemma == "accord" and cand.kind != "according_to") or cand.content is None:
            continue
        old = by_cue.get(cand.cue)
        if old is None or cand.score > old.score:
            by_cue[cand.cue] = cand
    return list(by_cue.values())


def _quote_paragraphs(article: Article, found: list[Candidate], quotes: QuoteIndex) -> list[Candidate]:
    """Attribute quote-only paragraphs with no cue of their own to the attribution of the paragraph before.

    After a quote ('"A," he said.') the content runs on over the new paragraph's quote as one
    covering span "A," ... "B." (PolNeAR annotates it so; a chain of such paragraphs extends it
    further). After an indirect content ('According to X, A.') the quote becomes a new direct
    attribution to the same source.
    """
    text = article.text
    extra: list[Candidate] = []
    paragraphs = article.paragraphs
    for index in range(1, len(paragraphs)):
        para = paragraphs[index]
        quote = quotes.starting_at(para.start)
        if quote is None or quote[1] < para.end - 1:
            continue
        if any(para.start <= c.cue[0] < para.end for c in found):
            continue
        prev = paragraphs[index - 1]
        if any(c.content is not None and prev.start <= c.content[0] <= para.start and c.content[1] > para.end
               and c.cue[0] >= para.end for c in found):
            continue  # a quotation over several paragraphs, attributed where it closes ('..." the report said')
        cued = [i for i, c in enumerate(found) if c.source is not None and prev.start <= c.cue[0] < prev.end]
        running = [
            i
            for i, c in enumerate(found)
            if c.source is not None and c.content is not None and c.cue[0] < prev.start < c.content[1] <= prev.end
        ]
        if not cued and not running:
            continue
        lead_index = max(cued or running, key=lambda i: found[i].cue)
        lead = found[lead_index]
        if lead.content is not None and lead.content[1] >= para.start:
            continue  # the lead attribution already covers this quote ("X said:" + quote)
        end = min(quote[1], para.end)
        if lead.content is not None and quotes.covering(lead.content[1] - 1) is not None:
            found[lead_index] = replace(lead, content=(lead.content[0], end))
            continue
        src = text[lead.source[0] : lead.source[1]] if lead.source else ""
        extra.append(
            replace(
                lead,
                content=(para.start, end),
                kind="direct",
                reason=f"quote-only paragraph continuing the attribution to '{src}' in the paragraph before",
            )
        )
    return extra


_PLACES = frozenset({"GPE", "LOC", "FAC"})


#: Representatives that are bodies, which 'it' takes up: "his office said ... it noted".
_BODY_REPRESENTATIVES = frozenset({"office", "team", "campaign", "camp", "staff", "entourage"})


def _mentions(article: Article, found: list[Candidate]) -> list[Mention]:
    text = article.text
    outlet_words = {w.lower() for w in (article.meta.outlet or "").split() if len(w) > 3}
    registry = load_registry()
    names = _name_genders(article, registry)
    surnames = Counter(_name_key(e.text) for e in article.entities if e.label == "PERSON")
    mentions = [
        Mention((e.start, e.end), k, False, outlet=_is_outlet(e.text, outlet_words),
                gender=names.get(_name_key(e.text)) if k == "person" else None, place=e.label in _PLACES)
        for e in article.entities
        if (k := _known_kind(e, registry)) is not None
        and not leaning(text, e.start, e.end)  # "anti-Putin soldiers" mention no Putin a "governor" could be
        and not (e.label == "NORP" and _modifier(article, e.end))  # "in American history" is no one 'they' means
    ]
    # where a person is named, as the linguistics stage reads it ("Chief executive Marcus Hale", ORG to the model)
    people = {i for e in article.entities if e.label == "PERSON" for i in range(e.start, e.end)}
    bodies: list[Offsets] = []
    for parse in article.parses:  # "The mayor resigned. ... she told reporters": a post, named or not
        for tok in parse.doc:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ == "NN" and is_person_noun(tok.lemma_.lower()):
                start = parse.offset + tok.left_edge.idx
                end = parse.offset + tok.idx + len(tok.text)
                mentions.append(Mention((start, end), "person", False, gender=gender_of(text[start:end])))
            elif tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT" and tok.tag_ == "NNS" and (
                is_person_noun(tok.lemma_.lower())
            ):  # "Researchers at the University of Kelmar followed 61,000 nurses. They found ...": the subject
                # competes with earlier sources, as a named one does
                start = parse.offset + tok.left_edge.idx
                last = tok.right_edge if tok.right_edge.i < tok.head.i else tok
                mentions.append(Mention((start, parse.offset + last.idx + len(last.text)), "people", True))
            elif (tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT" and tok.tag_ == "NN" and tok.left_edge.lower_ == "the"
                  and org_head(text[parse.offset + tok.left_edge.idx : parse.offset + tok.idx + len(tok.text)])):
                # "The authority can fine companies ... It declined to say": the body the sentence is about (as
                # what "the authority" takes up, when it is an anaphor itself)
                subject = (parse.offset + tok.left_edge.idx, parse.offset + tok.idx + len(tok.text))
                if not any(c.source == subject for c in found):  # a source's own mention is added below
                    bodies.append(subject)
            elif tok.dep_ == "poss" and tok.text[:1].isupper() and not tok.ent_type_ and surnames[_name_key(tok.text)]:
                # "Sunak\u2019s arrival ..., his office said": a person named before, the recogniser missed here
                start = parse.offset + tok.idx
                mentions.append(Mention((start, start + len(tok.text)), "person", False,
                                        gender=names.get(_name_key(tok.text))))
            elif tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT" and (
                named := next((c for c in tok.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            ):  # "The authority's former chief engineer, Tomas Riedel, gave a different account. He said ..."
                start, end = parse.offset + named.left_edge.idx, parse.offset + named.idx + len(named.text)
                gender = gender_of(text[start:end]) or names.get(_name_key(named.text))
                mentions.append(Mention((start, end), "person", True, gender=gender))
            elif tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT" and parse.offset + tok.idx in people:
                # "General Paul Roth disagreed. 'It is premature,' he said.": the subject of a sentence
                # is as likely a speaker as an earlier source, so it competes with them -- if it is a
                # full name or a surname named before ("Lesson learned." is no one)
                start, end = parse.offset + tok.left_edge.idx, parse.offset + tok.idx + len(tok.text)
                key = _name_key(tok.text)
                if tok.left_edge.i < tok.i or surnames[key] > 1:
                    gender = gender_of(text[start:end]) or names.get(key)
                    mentions.append(Mention((start, end), "person", True, gender=gender))
            elif tok.dep_ in ("dobj", "pobj", "dative") and tok.tag_ == "NN" and tok.left_edge.lower_ == "the" and (
                tok.i - tok.left_edge.i >= 2
            ) and org_head(phrase := text[parse.offset + tok.left_edge.idx : parse.offset + tok.idx + len(tok.text)]):
                # "told the regional roads department ... The department replied": a body named by its description,
                # which "the department" takes up by its noun
                mentions.append(Mention((parse.offset + tok.left_edge.idx, parse.offset + tok.idx + len(tok.text)),
                                        "org", False, outlet=_is_outlet(phrase, outlet_words)))
    for cand in found:
        if cand.source is None:
            continue
        src_text = text[cand.source[0] : cand.source[1]]
        if src_text.lower() in {"i", "we", "you", "us", "me"}:
            continue  # "We proudly re-post ...": the writer or the reader, whom no later 'he' takes up
        lowered = not src_text[:1].isupper() and src_text[:4].lower() != "the "
        if source_class(src_text) is not None or (lowered and head_kind(src_text) is None and not org_head(src_text)):
            continue  # "three people familiar with the matter" may be taken up ("one of the people")
        inside = [
            e for e in article.entities
            if cand.source[0] <= e.start and e.end <= cand.source[1]
            and not text.startswith(("'s", "\u2019s"), e.end)  # "Redline's chief executive, X": X heads it
        ]
        comma = src_text.find(", ")
        if comma > 0 and surnames[_name_key(src_text[:comma])] and len(src_text[:comma].split()) <= 3:
            # "Medvedev, who ... chair of the Russian Security Council,": the named person heads it, not the council
            inside = [e for e in inside if e.start < cand.source[0] + comma]
            kinds = [entity_kind(e) for e in inside] or ["person"]
        else:
            kinds = [entity_kind(e) for e in inside]
        kind = head_kind(src_text) or ("org" if org_head(src_text) else next((k for k in kinds if k), "any"))
        if kind == "any" and (entry := registry.find(src_text)) is not None and entry.kind != "place":
            kind = "person" if entry.kind == "person" else "org"  # "RT", untagged: a body no later 'he' is
        if kind == "any" and not could_be_person(src_text):
            kind = "thing"  # "The directive would stipulate ...": what no later 'he' is
        gender = gender_of(src_text) or next(
            (g for e in inside if e.label == "PERSON" and (g := names.get(_name_key(e.text)))), None
        )
        mentions.append(Mention(cand.source, kind, True, outlet=_is_outlet(src_text, outlet_words), gender=gender))
    for body in bodies:  # the subject body of a sentence, resolved when it is "the authority" named before
        phrase = text[body[0] : body[1]]
        refers = None
        if source_class(phrase) == "org":
            refers = resolve_source("org", body[0], mentions, noun=anaphor_noun(phrase), text=text)
        mentions.append(Mention(body, "org", True, refers_to=refers))
    for cand in found:  # "X reported, citing an unnamed security official, ... The official was quoted as saying"
        cited = text[cand.content[0] : cand.content[1]] if cand.lemma == "cite" and cand.content else ""
        cited_kind = (head_kind(cited) or ("org" if org_head(cited) else None)) if cited else None
        if cand.content is not None and cited_kind is not None:
            mentions.append(Mention(cand.content, cited_kind, True, gender=gender_of(cited)))
    return mentions


def _modifier(article: Article, end: int) -> bool:
    """Whether the word ending at ``end`` modifies a noun after it ("American history", "British-supplied")."""
    parse = next((p for p in article.parses if p.covers(end - 1)), None)
    tokens = parse.tokens_in(parse.offset, end) if parse is not None else None
    if not tokens:
        return False
    token = tokens[-1]
    return token.dep_ in ("amod", "compound", "npadvmod", "nmod") and token.head.i > token.i


def _name_key(name: str) -> str:
    """A person's surname as a key ('Maria Zakharova' and 'Zakharova' -> 'zakharova')."""
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", name)
    return re.sub(r"['\u2019]s$", "", words[-1].lower()) if words else ""


def _known_kind(entity: Entity, registry: Registry) -> str | None:
    """The coreference kind of an entity, as the registry knows it: 'Kyiv' tagged PERSON is no person, 'Olaf
    Scholz' tagged ORG is one."""
    kind = entity_kind(entity)
    if kind is not None and (entry := registry.find(entity.text)) is not None:
        if entry.kind == "person":
            return "person"
        if kind == "person":
            return "org"
    return kind


def _name_genders(article: Article, registry: Registry) -> dict[str, str]:
    """Surname -> 'm'/'f' for people whose title or role says it ("spokeswoman Maria X", "Mr. Y", "X, a chairman,").

    People the text says nothing of take the gender the actor registry gives them.
    """
    text = article.text
    found: dict[str, set[str]] = {}
    for e in article.entities:
        if e.label != "PERSON":
            continue
        before = text[max(0, e.start - 30) : e.start].rsplit("\n", 1)[-1].split()
        # the word right before the name, as its title ("spokeswoman X", "Mr. Y"); not the end of a clause or a
        # sentence ("... the pope, Marie Collins", "... to the pope. Marie Collins")
        title = before[-1] if before and not before[-1].endswith((",", ";", ":", ")", '"', "\u201d")) else None
        if title is not None and title.endswith(".") and title.lower() not in _HONORIFICS:
            title = None
        gender = gender_of(e.text) or (gender_of(title) if title else None)
        if gender is None and (appositive := _APPOSITIVE.match(text, e.end)):
            gender = gender_of(appositive.group(1))
        if gender is None:
            gender = _taken_up(article, e)
        if gender is not None:
            found.setdefault(_name_key(e.text), set()).add(gender)
    genders = {key: genders.pop() for key, genders in found.items() if len(genders) == 1}
    for e in article.entities:  # what the text does not say, the registry may ("Joe Biden" is no 'she')
        key = _name_key(e.text)
        entry = registry.find(e.text) if key not in found else None
        if entry is not None and entry.kind == "person" and entry.gender:
            genders[key] = entry.gender
    return genders


def _taken_up(article: Article, person: Entity) -> str | None:
    """The gender of the first personal pronoun after a name in its sentence, with no other person or quotation
    between ("President Irena Vasic holds a lead over her challenger"), else None."""
    sentence = next((s for s in article.sentences if s.start <= person.start < s.end), None)
    if sentence is None or article.text.startswith(("'s", "\u2019s"), person.end):
        return None  # "Merkel's husband said he": the husband's pronoun
    tokens = [t for parse in article.parses for t in parse.tokens_in(person.start, person.end)]
    if not any(t.dep_ in ("nsubj", "nsubjpass") for t in tokens):
        return None  # "testimony from X may have revived his nomination": X is not whom 'his' takes up
    pronoun = _PRONOUN.search(article.text, person.end, sentence.end)
    if pronoun is None or _NEW_CLAUSE.search(article.text, person.end, pronoun.start()):
        return None  # "Trump wrote that her sentence ...": her of what he wrote, someone else
    if any(e.label == "PERSON" and person.end <= e.start < pronoun.start() for e in article.entities):
        return None
    return "f" if pronoun.group(0).lower() in {"she", "her", "herself"} else "m"


#: A possessive or reflexive pronoun that takes up the subject of its clause ("holds a lead over her challenger");
#: 'her' only before a noun, not as an object ("praised her for ...").
_PRONOUN = re.compile(r"\b(?:his|himself|herself|her(?=\s+(?!(?:to|that|the|a|an|of|in|on|for|with|about|and|"
                      r"as|at|by|from|into|over|after|before|when|if|because|but|or|is|was|has|had)\b)[a-z]))\b",
                      re.IGNORECASE)
#: What opens another clause or speaker between a name and a pronoun: punctuation, quotes, 'that', a verb of saying.
_NEW_CLAUSE = re.compile(r"[,;:()\"\u201c\u201d\u2014]|\b(?:that|who|which|whether|if|when|while|because|after|"
                         r"before|and|or|but|said|says|told|tells|wrote|writes|asked|claimed|accused|according)\b",
                         re.IGNORECASE)

#: Abbreviated titles that end in a period ("Mr. Y").
_HONORIFICS = frozenset({"mr.", "mrs.", "ms.", "messrs.", "mme.", "mlle."})

#: ", the ministry's spokeswoman," after a name.
_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s+([^,.;:\n]{1,60})[,.]")


#: Words that make a name a news outlet's ("agency", "media", "press" also name other bodies).
_NEWSPAPER_WORDS = ORG_OUTLET_WORDS - {"agency", "media", "press", "review"}


def _is_outlet(name: str, outlet_words: set[str]) -> bool:
    """A news outlet's name: the publishing outlet's, or one with a newspaper word ('Chronicle', 'News')."""
    words = {w.strip(".,'\u2019").lower() for w in name.split()}
    # the outlet's own words count capitalised only: "Continental Health Desk" is no "national health ministry"
    named = {w.strip(".,'\u2019").lower() for w in name.split() if w[:1].isupper()}
    return bool(words & _NEWSPAPER_WORDS or named & outlet_words)


def _after_kicker(text: str, cand: Candidate) -> Candidate:
    """A source starts after a colon: "Flood inquiry: mayor says ..." is the mayor's (a headline kicker)."""
    if cand.source is None:
        return cand
    colon = text.rfind(": ", cand.source[0], cand.source[1])
    if colon < 0 or not text[colon + 2 : cand.source[1]].strip():
        return cand
    return replace(cand, source=(colon + 2, cand.source[1]), antecedent=None)


#: Verbs a headline's subject may do "of" before a second verb ("Milley Warns of Chaos, Says ..."); any other
#: word in -s before "of" is read as a noun ("National Institutes of Health, ...").
_VERBS_OF = frozenset({"warn", "speak", "talk", "complain", "boast", "dream"})


def _headline_conjunct(article: Article, cand: Candidate) -> Candidate:
    """A title-case headline's second verb after a comma speaks for the subject of its first one.

    "Ukraine Appeals for Calm, Says Invasion Not Imminent": the parser reads the capitalised first verb as part of
    one long name (the source of 'Says'), or the whole line as what 'Says' reports. The subject ends before the
    first word that is a verb in -s by spaCy's lemma tables ('Appeals', 'Targets', 'Refers') and that is not part of
    a known actor's name; what is said is what follows the cue.
    """
    text = article.text
    cue = cand.cue
    comma = text.rfind(",", 0, cue[0])
    if comma < 0 or text[comma + 1 : cue[0]].strip() or not text[cue[0]].isupper():
        return cand
    content = cand.content
    if cand.source is not None and not text[cand.source[1] : comma].strip():
        start, end = cand.source
    elif cand.source is None and content is not None and content[0] < comma and cue[1] < content[1]:
        start, end = content[0], comma  # the whole line taken for what was said
    else:
        return cand
    words = list(re.finditer(r"\S+", text[start:end]))
    capitals = sum(next((c for c in w.group() if c.isalpha()), "").isupper() for w in words)
    if len(words) < 3 or capitals < 0.5 * len(words) or "\n" in text[start:end]:  # a title-case line
        return cand
    if load_registry().find(text[start:end]) is not None:
        return cand
    verbs = _verb_lemmas()
    for j in range(1, len(words) - 1):
        word = words[j].group()
        lowered = word.lower()
        if not (word[0].isupper() and lowered.isalpha() and lowered.endswith("s")):
            continue
        lemma = next((lowered[:-k] for k in (1, 2) if lowered[:-k] in verbs), None)
        if lemma is None:
            continue
        if words[j + 1].group().lower() == "of" and lemma not in _VERBS_OF:
            return cand
        source = (start, start + words[j - 1].end())
        if cand.source is None:
            assert content is not None
            said = re.compile(r"\s*(\S.*)", re.DOTALL).match(text, cue[1], content[1])
            content = said.span(1) if said is not None else None
        reason = f"{cand.reason}; the headline's '{word}' is the first verb of the same subject"
        return replace(cand, source=source, content=content, antecedent=None, reason=reason)
    return cand


_QUOTE_MARKS = frozenset('"\u201c\u201d')


def _headline_colon(article: Article, cand: Candidate) -> Candidate:
    """What a headline's "X: ..." says is the rest of its line: "Lavrov: West Is Demonstrating Totalitarian
    Intolerance ..." (the tagger had dropped "West Is Demonstrating"), "... Now Let's Ban Trump, Too".

    The end stays put when a quotation closes it or the rest of the line quotes again: the outlet's own words may
    follow a quoted headline ('X: "A," Gates Were Locked').
    """
    text = article.text
    content = cand.content
    if content is None or text[cand.cue[0] : cand.cue[1]] != ":" or content[0] < cand.cue[1]:
        return cand
    title = next((p for p in article.paragraphs if p.role == "title" and p.start <= cand.cue[0] < p.end), None)
    if title is None:
        return cand
    line_end = text.find("\n", cand.cue[1], title.end)
    line_end = title.end if line_end < 0 else line_end
    if content[1] > line_end:
        return cand
    start = cand.cue[1]
    while start < content[0] and text[start].isspace():
        start += 1
    end, rest = content[1], text[content[1] : line_end]
    if text[end - 1] not in _QUOTE_MARKS and not _QUOTE_MARKS.intersection(rest):
        end = content[1] + len(rest.rstrip().removesuffix(".").rstrip())  # the full stop is no one's words
    return cand if (start, end) == content else replace(cand, content=(start, end))


@lru_cache(maxsize=1)
def _verb_lemmas() -> frozenset[str]:
    """Every verb lemma spaCy's English lemmatizer knows."""
    lemmatizer = load_spacy().get_pipe("lemmatizer")
    return frozenset(lemmatizer.lookups.get_table("lemma_index")["verb"])  # type: ignore[attr-defined]


#: Most words in a speaker phrase that ends a content right before its cue.
_MAX_TRAILING_SPEAKER = 12


def _trailing_speaker(article: Article, cand: Candidate) -> Candidate:
    """A speaker the parse left at the end of the content: "A is B, editor of X Michael Ritchie told Trend."

    With no subject, the words after the content's last comma that end in a person's name right
    before the cue are the source, and the content stops at that comma.
    """
    if cand.source is not None or cand.content is None:
        return cand
    text = article.text
    start, end = cand.content
    if end > cand.cue[0] or text[end : cand.cue[0]].strip():
        return cand
    comma = text.rfind(", ", start, end)
    if comma <= start:
        return cand
    speaker = text[comma + 2 : end]
    if not 2 <= len(speaker.split()) <= _MAX_TRAILING_SPEAKER or any(ch in speaker for ch in "\"\u201c\u201d"):
        return cand
    if not any(e.label == "PERSON" and e.end == end and e.start > comma for e in article.entities):
        return cand
    cue = text[cand.cue[0] : cand.cue[1]]
    reason = f"cue '{cue}' after its speaker '{speaker}', who closes the reported sentence"
    return replace(cand, source=(comma + 2, end), content=(start, comma), reason=reason)


def _uncross(text: str, found: list[Candidate]) -> list[Candidate]:
    """Cut a content that runs into the source of a later cue ("... to announce itself as a country ..., editor
    of X Michael Ritchie told Trend": the editor is the next attribution's speaker, not part of this content)."""
    out = []
    for cand in found:
        content = cand.content
        if content is not None:
            for other in found:
                src = other.source
                if (other is not cand and src is not None and content[0] < src[0] < content[1] <= src[1]
                        and 0 <= other.cue[0] - src[1] <= 2):
                    end = src[0]
                    while end > content[0] and text[end - 1] in " ,;\u2014\u2013-":
                        end -= 1
                    content = (content[0], end) if end > content[0] else content
        out.append(cand if content == cand.content else replace(cand, content=content))
    return out


def _named_part(text: str, source: Offsets) -> Offsets | None:
    """For 'the statement of X' / 'the spokesman for X', the span of X."""
    match = _OF_NAME.match(text, source[0], source[1])
    if match is None or source_class(match.group(1)) is None:
        return None
    if source_class(match.group(1)) == "person" and match.group(1).split()[-1].lower() not in _SPEAKS_FOR:
        return None  # "The mayor of Riverton" is the mayor, not the town
    return match.start(2), source[1]


def _spoken_for(text: str, cand: Candidate, mentions: list[Mention]) -> Offsets | None:
    """Whom "a spokesperson" closing a report speaks for: the body that opens what was said ("Nordbahn has suspended
    all services, a spokesperson confirmed"), else nobody."""
    assert cand.source is not None
    content = cand.content
    if _UNOWNED_SPOKESPERSON.fullmatch(text, cand.source[0], cand.source[1]) is None or content is None:
        return None
    if content[1] > cand.source[0] or "\n" in text[content[1] : cand.source[0]]:
        return None
    first = min((m for m in mentions if m.kind == "org" and content[0] <= m.span[0] and m.span[1] <= content[1]),
                key=lambda m: m.span[0], default=None)
    if first is None or len(text[content[0] : first.span[0]].split()) > 2 or _MODIFIES.match(text, first.span[1]):
        return None  # only the subject of what was said: "Rail operator Nordbahn", not a body named further on, nor
        # the state of "The U.S. Attorney's office"
    return first.refers_to or first.span


def _owner_body(text: str, source: Offsets, mentions: list[Mention]) -> Offsets | None:
    """The body whose press office or spokesperson speaks: "the service's press bureau" after "Russia's Foreign
    Intelligence Service" is the service."""
    match = _OWNED_VOICE.fullmatch(text, source[0], source[1])
    if match is None:
        return None
    owner, noun = match.group(1), anaphor_noun(match.group(1)) or ""
    resolved = resolve_source("org", source[0], mentions, noun=noun, text=text)
    if resolved is None or not _names_again(owner, text[resolved[0] : resolved[1]], "org"):
        return None
    named = re.search(rf"\b{re.escape(noun)}\b", text[resolved[0] : resolved[1]], re.IGNORECASE)
    return resolved if named or noun in _ANY_BODY else None  # "the ministry's spokesman" is no intelligence service


#: Nouns by which "the company's spokeswoman" may take up a body not named with them ("Valmora Foods").
_ANY_BODY = frozenset({"company", "firm", "group", "organisation", "organization", "operator", "maker", "carrier"})


#: "the ministry's spokesman", "the service's press bureau": a body's voice, the body taken up by its noun.
_OWNED_VOICE = re.compile(
    r"([Tt]he (?:[a-z]+ ){0,2}[a-z]+)['\u2019]s (?:press (?:office|bureau|service|centre|center|secretary)|"
    r"spokesman|spokeswoman|spokesperson|representative)"
)
#: What follows a name that only qualifies the head after it ("U.S. Attorney's office").
_MODIFIES = re.compile(r"['\u2019]s\b|\s+[A-Z]")
#: A spokesperson named by no one's name nor body: "a spokesperson", "a spokeswoman".
_UNOWNED_SPOKESPERSON = re.compile(r"an? (?:spokesperson|spokesman|spokeswoman|representative)", re.IGNORECASE)
#: Posts whose holder speaks for the body named after them ("the spokesman for the ministry").
_SPEAKS_FOR = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative", "source"})


def _build(article: Article, found: list[Candidate], quotes: QuoteIndex) -> list[Attribution]:
    text = article.text
    mentions = _mentions(article, found)
    genders = {m.span: m.gender for m in mentions if m.gender is not None}
    out: list[Attribution] = []
    for number, cand in enumerate(found, start=1):
        resolved: Offsets | None = None
        if cand.source is not None:
            src_text = text[cand.source[0] : cand.source[1]]
            need = source_class(src_text)
            if cand.antecedent is not None:
                resolved = cand.antecedent  # "The man in the video, who describes himself ...": a later "he" is him
                ante = text[resolved[0] : resolved[1]]
                place = any(e.label in _PLACES and resolved[0] <= e.start and e.end == resolved[1]
                            for e in article.entities)  # "the Philippines, which ...": no 'he' later
                kind = "org" if thing_head(ante) else head_kind(ante) or "any"  # "a clip ... that showed him"
                if kind == "any" and not could_be_person(ante):
                    kind = "thing"  # "the plan, which foresees ...": no later 'he'
                mentions.append(Mention(resolved, kind, True, gender=gender_of(ante), place=place))
            elif need is not None and (subject := _subject_around(article, cand, need)) is not None:
                resolved = subject  # "The company, it said in a filing, expects losses": the company
            elif need is not None:
                gender = pronoun_gender(src_text)
                # '"... our leaders (President Xi Jinping ...) agreed," he said': not someone the quote names
                outside = [m for m in mentions if not _quoted_in(quotes, m.span, cand.content, cand.source)]
                if represents(src_text):  # "his spokesman", "its press office": whom they speak for
                    resolved = _owner(article, cand.source, need, outside, gender, genders)
                else:
                    if need == "any":  # a relative pronoun the parse did not tie to a noun: only a name just before
                        outside = _just_before(text, cand.source[0], outside) if src_text[:1].islower() else []
                    elif (noun := anaphor_noun(src_text)) in _STATE_NOUNS:  # "the government": a governing body
                        # "the federal government", "the Israeli government" describe it: nothing to take up
                        outside = _governments(text, outside, noun) if len(src_text.split()) == 2 else []
                    resolved = resolve_source(
                        need, cand.source[0], outside, noun=anaphor_noun(src_text), gender=gender, genders=genders,
                        text=text,
                    )
                    if resolved is not None and not _names_again(src_text, text[resolved[0] : resolved[1]], need):
                        resolved = None  # "The national audit office" after "Nordlys Review": a new body
                if resolved is None and need == "people" and src_text.lower().startswith("one of "):
                    # "one of the controllers told a pilot ... '...,' he added": one person, whom 'he' takes up
                    mentions.append(Mention(cand.source, "person", True, gender=gender))
                if resolved is not None and gender is not None:
                    genders.setdefault(resolved, gender)  # "She added": later mentions of her are a woman's
                if resolved is not None and need in {"org", "person", "plural"}:  # "it said" may take it up next
                    kind = "people" if need == "plural" else need
                    if represents(src_text) and src_text.lower().rstrip(".,").split()[-1] in _BODY_REPRESENTATIVES:
                        kind = "org"  # "his office said ... , it noted": the office, which speaks for him
                    place = any(e.start == resolved[0] and e.end == resolved[1] and e.label in _PLACES
                                for e in article.entities)  # "The government" taken as Sweden's: no "group" later
                    mentions.append(Mention(cand.source, kind, True, resolved, gender=gender, place=place))
            else:
                resolved = (_named_part(text, cand.source) or _spoken_for(text, cand, mentions)
                            or _owner_body(text, cand.source, mentions))
        content = cand.content
        out.append(
            Attribution(
                id=f"a{number}",
                source=cand.source,
                cue=cand.cue,
                content=content,
                kind=cast(AttributionKind, cand.kind),
                source_text=article.span_text(cand.source),
                cue_text=text[cand.cue[0] : cand.cue[1]],
                content_text=article.span_text(content),
                resolved_source=resolved,
                reason=cand.reason,
            )
        )
    _nest(out)
    _first_person(out)
    return out


#: Nouns by which an article takes up a state's government ("The government said").
_STATE_NOUNS = frozenset({"government", "administration", "regime", "authorities"})
#: Words naming a government or one of its organs.
_GOVERNING = re.compile(r"\b(?:government|administration|ministry|department|cabinet|white house|kremlin|presidency|"
                        r"regime|authorities)\b", re.IGNORECASE)


def _governments(text: str, mentions: list[Mention], noun: str) -> list[Mention]:
    """The mentions "the government" may take up: bodies whose name or registry entry says they govern, and a state
    that spoke before (as its government) -- not a party, a campaign group or NATO named just before, nor a state
    merely mentioned ("the war in Laos ... the government announced" is the writer's own)."""
    registry = load_registry()
    out = []
    for m in mentions:
        words = text[m.span[0] : m.span[1]]
        entry = registry.find(words)
        after = re.match(r"[ \t]+([\w-]+)", text[m.span[1] : m.span[1] + 40])
        longer = registry.find(f"{words} {after.group(1)}") if after else None  # "Sweden Democrats": a party
        state = entry is not None and entry.kind == "state" and longer in (None, entry)
        if state and m.from_source and noun != "administration":
            out.append(replace(m, place=False))  # "Sweden said ... The government added": Sweden's
        elif _GOVERNING.search(words) or (entry is not None and entry.type == "government" and entry.kind == "body"):
            out.append(m)
    return out


def _just_before(text: str, start: int, mentions: list[Mention]) -> list[Mention]:
    """The mentions a relative pronoun at ``start`` may stand for: ending at most two words before it, on its line.

    "Lindqvist met Cruz as well, who said": Cruz, not the last source; "That was before the vote" or "Who, in
    that case, ..." (capitalised: a demonstrative or a question) take up no one, nor does "the files that".
    """
    return [m for m in mentions if m.span[1] <= start and _ADJACENT.fullmatch(text, m.span[1], start)]


#: What may lie between a name and the relative pronoun that takes it up: punctuation and up to two words.
_ADJACENT = re.compile(r"[ ,\u2014\u2013-]*(?:[a-z]+[ ,]+){0,2}")


def _quoted_in(quotes: QuoteIndex, span: Offsets, content: Offsets | None, source: Offsets) -> bool:
    """Whether ``span`` lies inside a quotation of a content that ends before its source ('"...," he said')."""
    if content is None or content[1] > source[0] or not (content[0] <= span[0] and span[1] <= content[1]):
        return False
    return quotes.covering(span[0]) is not None


def _names_again(anaphor: str, named: str, need: str) -> bool:
    """Whether a described body ("the national audit office") may take up ``named``: one of its words recurs there.

    "The ministry" takes up any earlier body; a longer description brings a new one unless it shares a word.
    """
    words = [w.strip(",.") for w in anaphor.lower().split()]
    portfolio = len(words) == 3 and words[1] in _PORTFOLIOS  # "the interior ministry": which one it is, said
    if need != "org" or (len(words) < _DESCRIBED_WORDS and not portfolio) or words[0] != "the":
        return True  # "the news outlet", "the weather agency" take up the one named before
    lowered = named.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words[1:])


#: Words of a definite description that names a body of its own ("the national audit office").
_DESCRIBED_WORDS = 4
#: What a ministry or department is for: "the interior ministry" names its own body, not the last one named.
_PORTFOLIOS = frozenset({
    "interior", "foreign", "defence", "defense", "health", "finance", "justice", "education", "transport",
    "environment", "economy", "agriculture", "energy", "labour", "labor", "culture", "treasury", "trade",
})


def _owner(
    article: Article,
    source: Offsets,
    need: str,
    mentions: list[Mention],
    gender: str | None,
    genders: dict[Offsets, str],
) -> Offsets | None:
    """Whom 'his spokesman' or 'its press office' speaks for: the latest name of the right kind in the sentence
    ("Sen. Dan Sullivan introduced a bill ..., his spokesman told the Post"), else before it; never a mention of
    no known kind ("posted a statement on Facebook. However, his office later said" is the poster's office)."""
    kinds = {"person": {"person"}, "org": {"org"}}.get(need, {"org", "people"})
    fitting = [m for m in mentions if m.kind in kinds]
    sentence = next((s for s in article.sentences if s.start <= source[0] < s.end), None)
    start, end = (sentence.start, sentence.end) if sentence is not None else (0, source[1])
    same = [m for m in fitting if start <= m.span[0]]
    if (found := resolve_source(need, source[0], same, gender=gender, genders=genders)) is not None:
        return found
    # "Her office said President Maia Sandu had convened ...": named right after, known to be a woman
    after = [m for m in fitting if source[1] <= m.span[0] and m.span[1] <= end and gender is not None
             and (m.gender or genders.get(m.span)) == gender]
    if after:
        return min(after, key=lambda m: m.span[0]).span
    return resolve_source(need, source[0], fitting, gender=gender, genders=genders)


def _subject_around(article: Article, cand: Candidate, need: str) -> Offsets | None:
    """The subject that opens a content around its pronoun source: 'The company, it said, expects losses' (the
    company), 'The mayor, she said, will resign' (the mayor); not 'Russia, he said, will ...' (no person)."""
    text, content, source = article.text, cand.content, cand.source
    if content is None or source is None or not content[0] < source[0] < content[1]:
        return None
    if len(text[source[0] : source[1]].split()) != 1:
        return None
    phrase = text[content[0] : source[0]].rstrip()
    if not phrase.endswith(","):
        return None
    phrase = phrase[:-1].rstrip()
    if not 1 <= len(phrase.split()) <= _MAX_SUBJECT_WORDS or any(ch in phrase for ch in ',;:"\u201c\u201d('):
        return None
    span = (content[0], content[0] + len(phrase))
    inside = [e for e in article.entities if span[0] <= e.start and e.end <= span[1]]
    if need == "person":
        ok = head_kind(phrase) == "person" or any(e.label == "PERSON" for e in inside)
    else:  # 'it': a body ("The company", "Gazprom"), never a strike or a plan
        ok = need == "org" and head_kind(phrase) is None and (
            org_head(phrase) or any(entity_kind(e) == "org" and e.end == span[1] for e in inside)
        )
    return span if ok else None


#: Most words of a subject before a pronoun source's comma ("The state energy company, it said, ...").
_MAX_SUBJECT_WORDS = 6


def _first_person(attributions: list[Attribution]) -> None:
    """'I think ...' inside someone's quote: the speaker is whoever is quoted."""
    for inner in attributions:
        if inner.resolved_source is not None or (inner.source_text or "").lower() not in {"i", "we"}:
            continue
        holders = [
            a for a in attributions
            if a is not inner and a.kind in ("direct", "mixed") and a.content is not None and a.source is not None
            and a.content[0] <= inner.cue[0] < a.content[1]
        ]
        if holders:
            holder = min(holders, key=lambda a: a.content[1] - a.content[0] if a.content else 0)
            inner.resolved_source = holder.resolved_source or holder.source


def _nest(attributions: list[Attribution]) -> None:
    """Set ``parent`` to the attribution with the narrowest content holding this one's cue."""
    for inner in attributions:
        holders = [
            a
            for a in attributions
            if a is not inner
            and a.content is not None
            and a.content[0] <= inner.cue[0] < a.content[1]
            and a.cue != inner.cue
        ]
        if holders:
            inner.parent = min(holders, key=lambda a: a.content[1] - a.content[0] if a.content else 0).id

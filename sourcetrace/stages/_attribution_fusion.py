"""Fuse the rule-based attribution candidates with the learned tagger's source / cue / content spans."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sourcetrace.article import Offsets
from sourcetrace.stages._attribution_cues import INTERNAL_STATE_LEMMAS
from sourcetrace.stages._attribution_quotes import QuoteIndex
from sourcetrace.stages._attribution_rules import Candidate, kind_of

__all__ = ["FusionPolicy", "fuse"]

_QUOTE_OPENERS = frozenset({'"', "\u201c", "\u2018", "'"})
#: A tagger cue that is only a hearsay adverb (with auxiliaries): no source, its subject is part of the content.
_HEARSAY = re.compile(
    r"(?:(?:is|are|was|were|has|have|had|be|been|will|would)\s+)*(reportedly|allegedly|purportedly|supposedly)",
    re.IGNORECASE,
)
#: A passive tagger cue ("were discussed", "is expected"): its subject is what is reported, not who reports it.
_PASSIVE_AUX = (r"(?:(?:has|have|had|will|would|could|should|can|may|might|must)\s+)?"
                r"(?:is|are|was|were|been|be|being)\s+(?:\w+ly\s+|not\s+)?")
_PASSIVE = re.compile(_PASSIVE_AUX + r"\w+(?:ed|en|wn|ght|id)(?:\s+(?:of|with))?", re.IGNORECASE)
#: A tagged cue that is a participle inside a rule's source ("An open letter signed by 300 doctors calls on"), in a
#: source of at most this many words: the tagger took a word of the source for the cue.
_PARTICIPLE = re.compile(r"[a-z]+(?:ed|en|wn|ng)")
_MISPLACED_SOURCE_WORDS = 10
#: A passive report verb that makes the rest hearsay ("is said", "are understood", "were believed").
_SAID_TO = re.compile(_PASSIVE_AUX + r"(?:said|understood|believed|thought|known|reported|rumou?red)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;!?\n]")
#: The agent after a passive or 'Asked' cue: "questioned by several researchers,", "Asked by Starnes if".
_BY_AGENT = re.compile(
    r"\s+by\s+((?:[\w'\u2019.-]+\s+){0,6}?[\w'\u2019-]+)"
    r"(?=\s*[,.;:!?\n]|\s+(?:as|for|of|in|on|over|after|because|if|whether|about|why|how|what)\b)"
)
#: A possessor: "his", "their", "Olsen's" (the owner of a nominal cue).
_OWNER = re.compile(r"(?:\b(?:his|her|its|their|our|my|your)|['\u2019]s?)$", re.IGNORECASE)
_ACCUSE_WORDS = frozenset({"accusation", "accusations", "allegation", "allegations", "belief", "beliefs"})


@dataclass(frozen=True)
class FusionPolicy:
    """How rule candidates and tagger spans are combined (defaults tuned on the tagger's held-out train slice).

    ``take_source`` / ``take_cue`` / ``take_content``: a rule candidate the tagger confirms takes the
    tagger's overlapping span for that role (off by default: the rules' boundaries measured better).

    ``keep_unmatched``: rule candidates whose cue the tagger did not tag are kept
    ``"all"``, only with ``"strong"`` evidence (according to / direct quote with a source), or ``"none"``.
    ``content_reach``: sentences before/after the cue's sentence searched for a new attribution's content.
    ``new_cue_min``: least tagger confidence for a cue no rule found to become a new attribution.
    ``new_content_min_words``: fewest words in the content of such a new attribution.
    ``keep_nested``: also keep unmatched rule candidates whose cue lies inside a tagger content span and
    whose cue lexicon precision is at least this (0 = off; the tagger, one BIO tag per role, mostly
    sees only the outer one of nested attributions).
    """

    keep_unmatched: str = "strong"
    take_source: bool = False
    take_cue: bool = False
    take_content: bool = False
    fill_missing: bool = True
    add_new: bool = True
    require_content: bool = True
    new_content_min_words: int = 2
    content_reach: int = 0
    new_cue_min: float = 0.7
    keep_nested: float = 0.8


#: Connectives built on 'say' that open a sentence ("That said, ...", "Having said that, ...").
_CONNECTIVE = re.compile(r"(?:that\s+said|having\s+said\s+that|that\s+being\s+said)\s*,", re.IGNORECASE)


def _overlap(a: Offsets, b: Offsets) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _gap(a: Offsets, b: Offsets) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def _best_overlap(span: Offsets | None, spans: Sequence[Offsets]) -> Offsets | None:
    if span is None:
        return None
    scored = [(_overlap(span, s), s) for s in spans]
    best = max(scored, default=(0, span))
    return best[1] if best[0] > 0 else None


class _Sentences:
    """Sentence index of a character offset."""

    def __init__(self, sentences: Sequence[Offsets]) -> None:
        self.starts = [s[0] for s in sentences]
        self.spans = list(sentences)

    def index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def range_of(self, span: Offsets) -> tuple[int, int]:
        return self.index(span[0]), self.index(max(span[0], span[1] - 1))


def _strong(cand: Candidate) -> bool:
    return cand.kind == "according_to" or cand.strong or (cand.kind == "direct" and cand.source is not None)


def _pair(
    cue: Offsets, tagged: dict[str, list[Offsets]], sents: _Sentences, reach: int
) -> tuple[Offsets | None, Offsets | None]:
    """Nearest tagger source in the cue's sentence and nearest content within ``reach`` sentences."""
    here = sents.index(cue[0])
    sources = [s for s in tagged.get("source", []) if _overlap(s, cue) == 0 and sents.index(s[0]) == here]
    source = min(sources, key=lambda s: _gap(s, cue), default=None)
    contents = []
    for c in tagged.get("content", []):
        if _overlap(c, cue) or (source is not None and _overlap(c, source)):
            continue
        lo, hi = sents.range_of(c)
        if lo - reach <= here <= hi + reach:
            contents.append(c)
    content = min(contents, key=lambda c: _gap(c, cue), default=None)
    return source, content


def _clip_paragraph(text: str, span: Offsets | None) -> Offsets | None:
    """Cut a span at its first line break unless the next paragraph opens a (continued) quote."""
    if span is None:
        return None
    cut = text.find("\n", span[0], span[1])
    if cut < 0 or text[cut:span[1]].lstrip()[:1] in _QUOTE_OPENERS:
        return span
    end = cut
    while end > span[0] and text[end - 1].isspace():
        end -= 1
    return (span[0], end) if end > span[0] else None


_FUNCTION_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "two"})


def _whole_source(text: str, source: Offsets | None, cue: Offsets) -> Offsets | None:
    """A tagger source cut to its determiner ('the' of 'the Fed study appeared') runs on to the cue, or is dropped.

    So is a fragment no one can be: a lone question word or letter ('How', 's'), a phrase
    ending in a preposition ('studying at').
    """
    if source is None:
        return None
    words = text[source[0] : source[1]].lower().split()
    if not words or (len(words) == 1 and (len(words[0]) < 2 or words[0] in _NOT_SOURCES)) or words[-1] in _NOT_SOURCES:
        return None
    if len(words) == 1 and words[0].endswith(_ADJECTIVE_ENDINGS) and text[source[0]].islower():
        noun = _NEXT_WORD.match(text, source[1])  # 'diplomatic' of "in diplomatic circles": the circles
        if noun is not None and noun.group(1) not in _NOT_CUES | _FUNCTION_WORDS and _gap((source[0], noun.end()), cue):
            return source[0], noun.end()
    if len(words) == 1 and words[0] in {"one", "another"} and cue[1] <= source[0]:
        noun = _ONE_NOUN.match(text, source[1])  # '"...," reads one post, which ...': the post, after its cue
        return (source[0], noun.end(1)) if noun is not None and noun.group(1) not in _NOT_CUES else None
    if len(words) > 1 or words[0] not in _FUNCTION_WORDS:
        return source
    gap = text[source[1] : cue[0]]
    if source[1] <= cue[0] and 0 < len(gap.split()) <= 5 and not _GAP_PUNCT.search(gap):
        return source[0], source[1] + len(gap.rstrip())
    return None


#: Endings of adjectives the tagger may take for a whole source ("diplomatic", "official", "Western").
_ADJECTIVE_ENDINGS = ("ic", "al", "ive", "ous", "ian", "ary")
_NEXT_WORD = re.compile(r" ([a-z]+)\b")
#: The noun after 'one' ending the phrase ("one post, which"), not a verb going on ("makes one wonder what").
_ONE_NOUN = re.compile(r" ([a-z]+)(?=[,.;:]|\s+(?:which|that|who)\b)")

_NOT_CUES = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "about", "of",
                       "for", "to", "in", "on", "at", "as", "that", "with", "by", "from", "and", "or", "but", "the",
                       "against", "over", "after", "before", "under", "into", "amid", "despite", "without",
                       "during", "across", "through"})
#: Words that make no cue by themselves ('might usually', 'widely'). Not 'would', 'can', 'also', 'never':
#: tagged alone they are often the start of a real cue the tagger cut short ('also warned').
_EMPTY_CUE_WORDS = frozenset(
    {"might", "usually", "often", "it", "they", "he", "she", "we", "this", "s", "t", "widely", "online", "openly",
     "not", "publicly"}
)
_MODALS = frozenset({"could", "would", "can", "may", "should", "must", "will", "shall", "cannot"})
#: Verbs that end a tagged cue saying nothing: the one facing calls is called on, signing a letter is not its speech
#: (a cue that opens with 'resign' is an act too).
_NOT_SPEAKING = frozenset({"face", "sign"})
#: Punctuation a headline uses as a cue ("Poll: Clinton and Trump in dead heat").
_PUNCTUATION_CUES = frozenset({":", "\u2014", "\u2013", "-"})
#: Verbs by which another source disputes a content already attributed ("..., a claim her office denied").
_DENIALS = frozenset({"deny", "reject", "dispute", "dismiss", "refute", "contest", "rebut"})
#: Pronoun sources, which take up the speaker before rather than bring another ("a claim for which it offered").
_PRONOUN_SOURCES = frozenset({"it", "he", "she", "they", "we", "i"})
#: Section labels opening a headline before a colon ("Opinion:", "Exclusive:", "Analysis:").
_SECTION = re.compile(r"(?:opinion|analysis|comment|commentary|editorial|exclusive|explainer|live|watch|breaking|"
                      r"update|updated|review|fact check|fact-check|perspective|interview|video|photos|podcast|"
                      r"letters?|obituary|feature|revealed|pictured)", re.IGNORECASE)  # not "Poll:", a source
_ASKED = re.compile(r"(?:Asked|Questioned|Pressed|Quizzed)(?: (?:about|whether|if|on|why|how|what))?")
_NO_EVIDENCE = re.compile(
    r"(?:did|does|do|has|have|had)\s+not\s+(?:provide|offer|present|give|produce|provided|offered|presented|given|"
    r"produced)\s+(?:any\s+)?(?:evidence|proof)\b", re.IGNORECASE,
)
_ACCUSED_LEMMAS = frozenset({"charge", "accuse", "indict", "suspect"})
_ACCUSED_OF = re.compile(r"\s+(?:with|of)\b")
_NOT_SOURCES = frozenset({"how", "why", "what", "when", "where", "while", "if", "as", "so", "at", "in", "on", "of",
                          "to", "for", "with", "by", "from", "and", "or", "but"})
_GAP_PUNCT = re.compile(r"[,;:.!?\"\u201c\u201d()\n]")


def _new_kind(cue_text: str, lemmas: list[str], content: Offsets | None, quotes: QuoteIndex, text: str) -> str:
    words = cue_text.lower().split()
    if "according" in words:
        return "according_to"
    if any(w in INTERNAL_STATE_LEMMAS for w in lemmas) or any(w in _ACCUSE_WORDS for w in words):
        return "internal_state"
    return kind_of("", content, quotes, text)


#: A passive cue whose subject is the one addressed, not what is said ("was asked about", "were told that").
_ADDRESSED = re.compile(
    _PASSIVE_AUX + r"(?:asked|told|informed|briefed|warned|advised|urged|reminded|assured|notified|interviewed)\b",
    re.IGNORECASE,
)


def _misplaced_cues(text: str, cand: Candidate, cues: Sequence[Offsets]) -> list[Offsets]:
    """Tagged participles inside a rule candidate's short source, when the rule's own cue is likely and untagged:
    the tagger took a word of the source for the cue ("An open letter signed by 300 doctors calls on ...")."""
    source, content = cand.source, cand.content
    if (source is None or content is None or cand.score < 0.5 or _overlap(content, source)
            or len(text[source[0] : source[1]].split()) > _MISPLACED_SOURCE_WORDS):
        return []
    return [c for c in cues if source[0] < c[0] and c[1] <= source[1] and _PARTICIPLE.fullmatch(text, c[0], c[1])]


def fuse(
    text: str,
    found: Sequence[Candidate],
    tagged: dict[str, list[Offsets]],
    sentences: Sequence[Offsets],
    quotes: QuoteIndex,
    lemmas: Callable[[Offsets], list[str]],
    policy: FusionPolicy | None = None,
    cue_scores: dict[Offsets, float] | None = None,
    subject_of: Callable[[Offsets], Offsets | None] | None = None,
    short_content: Callable[[Offsets, Offsets], Offsets | None] | None = None,
) -> list[Candidate]:
    """Combine rule candidates with tagger spans (role -> sorted spans); offsets stay exact into ``text``.

    ``cue_scores`` gives the tagger's confidence per cue span (see ``FusionPolicy.new_cue_min``).
    ``subject_of`` gives the parse's subject span for a cue: a new cue whose tagged source
    misses that subject ('the east' in "The rebels, who control much of the east, have
    denied") takes the subject instead.
    ``short_content`` decides about a new cue's content shorter than ``policy.new_content_min_words``: the
    content to keep instead (the whole phrase a lone determiner opens, or the word itself), or None to drop the
    cue; without it such cues are dropped.
    """
    policy = policy or FusionPolicy()
    sents = _Sentences(sentences)
    cues = tagged.get("cue", [])
    contents = tagged.get("content", [])
    out: list[Candidate] = []
    used: set[Offsets] = set()
    for cand in found:
        cue = _best_overlap(cand.cue, cues)
        if cue is None and (misplaced := _misplaced_cues(text, cand, cues)):
            used.update(misplaced)  # "An open letter signed by 300 doctors calls on ...": the letter's, not 'signed'
            out.append(cand)
            continue
        if cue is None:
            inside = any(c[0] <= cand.cue[0] and cand.cue[1] <= c[1] for c in contents)
            nested = inside and 0 < policy.keep_nested <= cand.score
            if policy.keep_unmatched == "all" or (policy.keep_unmatched == "strong" and (_strong(cand) or nested)):
                out.append(cand)
            continue
        used.update(c for c in cues if _overlap(c, cand.cue))  # "has" + "warned" of "has long warned"
        used.add(cue)
        source = _best_overlap(cand.source, tagged.get("source", [])) if policy.take_source else None
        content = _best_overlap(cand.content, tagged.get("content", [])) if policy.take_content else None
        new_source, new_content = cand.source, cand.content
        if source is not None:
            new_source = source
        if content is not None and _overlap(content, cue) == 0:
            new_content = content
        if policy.fill_missing and (new_source is None or new_content is None):
            near_source, near_content = _pair(cue, tagged, sents, policy.content_reach)
            near_source = _whole_source(text, near_source, cue)  # not a fragment ('and', 'How')
            if near_source is not None and new_content is not None and _overlap(near_source, new_content):
                near_source = None  # 'X is expected to Y': X lies inside the content, it is no source
            passive = _PASSIVE.fullmatch(text, cand.cue[0], cand.cue[1]) and cand.lemma != "quote"  # "was quoted"
            if near_source is not None and passive and not (
                    cand.cue[1] <= near_source[0] and (new_content is None or near_source[1] <= new_content[0])):
                # "residents were ordered to leave ..., the fire service said": no orderer named; but "It is widely
                # believed in diplomatic circles that ...": the circles, between the cue and what they believe
                near_source = None
            new_source = new_source or near_source
            new_content = new_content or near_content
        out.append(
            replace(
                cand,
                cue=cue if policy.take_cue else cand.cue,
                source=new_source,
                content=new_content,
                antecedent=cand.antecedent if new_source == cand.source else None,
            )
        )
    if policy.add_new:
        for cue in cues:
            if cue in used or (cue_scores is not None and cue_scores.get(cue, 1.0) < policy.new_cue_min):
                continue
            words = re.findall(r"[a-z]+", text[cue[0] : cue[1]].lower())
            stray = not words and text[cue[0] : cue[1]].strip() not in _PUNCTUATION_CUES
            if stray or (words and all(w in _NOT_CUES or w in _EMPTY_CUE_WORDS for w in words)):
                continue  # a lone function word ('is', 'about'), a modal ('might usually'), a stray mark: nothing
            if any(w in _NOT_CUES for w in words) and all(w in _NOT_CUES | _EMPTY_CUE_WORDS | _MODALS for w in words):
                continue  # "The figure could not be confirmed": a modal and 'be', no verb of saying
            connective = _CONNECTIVE.match(text, sents.starts[sents.index(cue[0])])
            if connective is not None and cue[1] <= connective.end():
                continue  # "Having said that, ...": a connective, nobody reports
            if _NO_EVIDENCE.match(text, cue[0]):
                continue  # "The SVR did not provide evidence for its claims": the outlet's doubt, not a statement
            if (lemmas(cue) or [""])[-1] in _ACCUSED_LEMMAS and _ACCUSED_OF.match(text, cue[1]):
                continue  # "Former official charged with taking bribes": the accused, not a source
            words_lemmas = lemmas(cue) or [""]
            if words_lemmas[-1] in _NOT_SPEAKING or words_lemmas[0] == "resign":
                # "is facing calls to resign", "An open letter signed by ...", "Minister resigns over ..."; not
                # "signed an agreement to ...", a commitment
                continue
            source, content = _pair(cue, tagged, sents, policy.content_reach)
            source = _whole_source(text, source, cue)
            if source is not None and text[cue[0] : cue[1]] == ":" and _SECTION.fullmatch(text, source[0], source[1]):
                continue  # "Opinion: Tariffs are a tax on ...": a section's label, no one speaking
            parsed = subject_of(cue) if subject_of is not None else None
            if parsed is not None and (closed := quotes.covering(parsed[0])) is not None and closed[1] <= parsed[1]:
                parsed = None  # '"... discussions on Ukraine," Connelly said': the parser's subject is quoted words
            if parsed is not None and source is not None and parsed[1] <= cue[0]:
                source = source if source[0] <= parsed[0] < source[1] else parsed
            elif (parsed is not None and source is None and parsed[1] <= cue[0]
                  and not text[parsed[1] : cue[0]].strip() and _OWNER.search(text, parsed[0], parsed[1])):
                source = parsed  # "his [recent call] to ban ...": the owner of a nominal cue right before it
            if _SAID_TO.fullmatch(text, cue[0], cue[1]) and text.startswith(" to ", cue[1]):
                # "the two clubs are understood to be close to a fee": hearsay, its subject part of what is said
                before = [span for span in (parsed, content, source) if span is not None and span[1] <= cue[0]]
                stop = _CLAUSE_END.search(text, cue[1])
                content = (before[0][0] if before else cue[0], stop.start() if stop else len(text))
                source = parsed = None
            if sents.starts[sents.index(cue[0])] == cue[0] and _ASKED.fullmatch(text, cue[0], cue[1]):
                # "Asked whether X, Peskov said ...": Peskov was asked; the asker is unnamed unless "by Y"
                agent = _BY_AGENT.match(text, cue[1])
                source = agent.span(1) if agent else None
            if _ADDRESSED.match(text, cue[0], cue[1]):
                # "Mike Pence was asked about Ukraine by Tucker Carlson": the one addressed is neither the source
                # nor what was said; the asker is the "by" agent, the content what follows
                agent = _BY_AGENT.match(text, cue[1])
                source = agent.span(1) if agent else None
                content = content if content is not None and content[0] >= cue[1] else None
            elif (_PASSIVE.fullmatch(text, cue[0], cue[1]) and source is not None and source[1] <= cue[0]
                    and len(text[source[1] : cue[0]].split()) > 1):
                source = None  # "As this outlet reported ... before the summit was announced": no subject of it
            if _PASSIVE.fullmatch(text, cue[0], cue[1]) and source is not None and source[1] <= cue[0]:
                # "weapons deliveries were discussed": the deliveries are what was discussed (no "by" agent)
                if content is None or content[0] < cue[0]:
                    content = source
                agent = _BY_AGENT.match(text, cue[1])
                source = agent.span(1) if agent else None  # "has been questioned by several researchers"
            hearsay = _HEARSAY.fullmatch(text, cue[0], cue[1])
            if hearsay is not None:  # "Officials are reportedly considering X": the officials are the content
                cue = hearsay.span(1)
                if source is not None and content is not None and source[1] <= cue[0]:
                    content = (min(source[0], content[0]), content[1])
                beside = [c for c in contents if _gap(c, cue) <= 1 and not _overlap(c, cue)]
                if content is not None:
                    beside.append(content)
                if beside:  # "Sales [reportedly] doubled": the tagger's two halves around the adverb are one content
                    content = (min(c[0] for c in beside), max(c[1] for c in beside))
                source = None
            content = _clip_paragraph(text, content)
            if content is None and policy.require_content:
                continue
            if content is not None and len(text[content[0] : content[1]].split()) < policy.new_content_min_words:
                content = short_content(cue, content) if short_content is not None else None
                if content is None:
                    continue  # "prompting ... borders": a lone word is not something anybody said
            if content is not None and any(
                c.content is not None and 2 * _overlap(c.content, content) >= content[1] - content[0]
                and not (source is not None and c.source is not None and not _overlap(c.source, source)
                         and not _overlap(source, content)  # "people who had their ballots rejected"
                         and text[source[0] : source[1]].lower() not in _PRONOUN_SOURCES
                         and (lemmas(cue) or [""])[-1] in _DENIALS) for c in out
            ):
                continue  # "accused Kyiv of X, a claim for which ...": the noun takes up a content already found
                # (not "..., a claim her office denied": another source disputes it)
            cue_text = text[cue[0] : cue[1]]
            kind = _new_kind(cue_text, lemmas(cue), content, quotes, text)
            src_text = text[source[0] : source[1]] if source else None
            reason = (
                f"learned tagger: cue '{cue_text}' with source '{src_text}'"
                if src_text
                else f"learned tagger: cue '{cue_text}' without a named source"
            )
            lemma = (lemmas(cue) or [cue_text.lower()])[-1]
            out.append(Candidate(cue, source, content, kind, lemma, 0.5, reason))
    return out

"""Canonical actors: every mention of one person, body or state, typed as a source.

Merges surface variants through the registry ("Daesh" = "ISIS"), acronyms
defined in the text, surname-only references and metonyms ("Moscow" = the
Russian government); types each actor (government, spokesperson, anonymous,
...) with its country and role; marks whether it is a party to the conflicts
the article is about; and ties each attribution to the actor of its source.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from sourcetrace.article import Actor, Article, Attribution, Offsets
from sourcetrace.pipeline import register_stage
from sourcetrace.registry import Entry, Registry, Token, load_registry, tokenize
from sourcetrace.stages._actors_conflict import BLOCS, active_conflicts, headline_dispute, party_to_conflict
from sourcetrace.stages._actors_lexicon import (
    ANONYMOUS_HEADS,
    BUSINESS_NOUNS,
    DOCUMENT_HEADS,
    EXPERT_WORDS,
    GOVERNMENT_WORDS,
    LEGISLATURE_WORDS,
    MILITARY_WORDS,
    OFFICE_HOLDERS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_WORDS,
    TITLE_ABBREVIATIONS,
)
from sourcetrace.stages._actors_mentions import Mention, MentionIndex, collect_mentions, name_key
from sourcetrace.stages._actors_typing import Draft, Typing, describe, type_draft
from sourcetrace.stages._attribution_coref import org_head

__all__ = ["Actors"]

_SLUG = re.compile(r"[^a-z0-9]+")
#: The outlet speaking of its own work: "Our investigation", "this newspaper", "we".
_OWN_WORK = re.compile(
    r"our\s+(?:own\s+)?(?:investigation|reporting|report|analysis|reporters?|newspaper|paper|publication|"
    r"correspondents?|team|review|survey|poll)\b|this\s+(?:newspaper|paper|publication|reporter|correspondent|"
    r"website|outlet|site|news\s+site|magazine|station|channel|programme|program|broadcaster|newsroom)\b",
    re.IGNORECASE,
)
_DETERMINERS = frozenset({"a", "an", "the", "some", "several", "many", "other", "two", "three"})
#: Most words of a description in apposition before a company's name ("The state's largest utility, Northbay Power").
_MAX_BODY_WORDS = 6
_CLAUSE_END = re.compile(r"[:;\n\"\u201c\u201d]")
_MAX_SLUG = 40


def _trim(text: str, span: Offsets) -> Offsets | None:
    """``span`` without surrounding spaces and cut before a colon, quote or line break inside it."""
    start, end = span
    cut = _CLAUSE_END.search(text, start + 1, end)
    if cut is not None:
        end = cut.start()
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",."):
        end -= 1
    return (start, end) if start < end else None


def _head(article: Article, span: Offsets) -> tuple[int, Offsets] | None:
    """Offset of the head word of ``span`` and the phrase it heads, from the spaCy parse when there is one."""
    for parse in article.parses:
        doc, off = parse.doc, parse.offset
        if len(doc) and off <= span[0] < off + doc[-1].idx + len(doc[-1].text_with_ws):
            sub = doc.char_span(span[0] - off, span[1] - off, alignment_mode="expand")
            if sub is None or not len(sub):
                break
            root = sub.root
            if root.pos_ in {"VERB", "AUX"}:  # a clause slipped into the span: keep its subject
                subjects = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i >= sub.start]
                if not subjects:
                    break
                root = subjects[0]
            left, right = root.left_edge, root.right_edge
            aside = next((c for c in root.rights if c.dep_ in {"relcl", "acl"} and c.left_edge.i > root.i + 1
                          and doc[c.left_edge.i - 1].text == ","), None)
            if aside is not None:  # "The source, who asked not to be named": the phrase is "The source"
                right = doc[aside.left_edge.i - 2]
            named = [t for t in sub
                     if t.i > right.i and t.ent_type_ == "PERSON" and not sub.start <= t.head.i < sub.end]
            if named and named[-1].left_edge.i == right.i + 1:  # "China's top diplomat Wang Yi": two subjects
                right = named[-1].right_edge
            start = max(span[0], off + left.idx)
            end = min(span[1], off + right.idx + len(right.text))
            return off + int(root.idx), (start, end)
    tokens = tokenize(article.text[span[0] : span[1]], span[0])
    words = []
    for k, tok in enumerate(tokens):
        if k and (tok.text.lower() in PREPOSITIONS | {"who", "which", "that"} or tok.text in {",", "("}):
            break
        if tok.text[:1].isalnum():
            words.append(tok)
    return (words[-1].start, span) if words else None


#: Where a body is based or who owns it, capitalised or not ("Athens-based", "state-owned").
_BASED = re.compile(r"\b[\w.]+-(?:based|headquartered|owned|listed|registered|run|backed)\b")
_TITLE_WORDS = ROLE_WORDS | TITLE_ABBREVIATIONS.keys() | {"president", "vice", "prime", "former", "deputy"}
#: A lower-case preposition, then only a capitalised title, right before a name ("... adviser to President ").
_GOVERNED_TITLE = re.compile(r"\b(?:to|for|of|with|by|from|under|against|about)\s+(?:[A-Z][\w.-]*\s+){1,3}$")
#: A body named after a person ("the Hartwell family trust", "the Gates Foundation" tagged as a person).
_NAMED_AFTER = re.compile(r"(?:['\u2019]s)?\s+(?:family\s+)?(?:trust|foundation|estate|fund|charity|family office)\b",
                          re.IGNORECASE)
#: What follows a body's name to say what kind of body it is: "the X (XYZ) agency", "the X group".
_CLASS_NOUN = re.compile(
    r"(?:\s*\([A-Z][\w.&-]*\))?\s+(?:agency|group|organi[sz]ation|company|firm|body|service|network|coalition|"
    r"alliance|movement|party|militia|institute|foundation|charity|committee|platform|channel|outlet|website|"
    r"newspaper|broadcaster|news agency|think tank|consultancy)"
)
#: A description in apposition closing a source phrase after a name: ", a Brussels-based research group".
_CLOSING_DESCRIPTION = re.compile(r",\s+(?:a|an|the)\s+[^,]+,?")
#: How many words before a name may describe its bearer ("editor of Oslo-based Grid Weekly Marta Lind").
_DESCRIBED_REACH = 6


def _titled_by(title: re.Pattern[str], before: str) -> bool:
    """Whether the words before a name end with the head noun and a run of title words (case-sensitive run)."""
    match = title.search(before)
    return match is not None and all(w[:1].isupper() or w in {"of", "for", "at", "the"} for w in match.group(1).split())


def _words_before(text: str, pos: int, n: int) -> str:
    """The last ``n`` words before ``pos`` in the same clause ('the indictment, Marek Nowak' are two phrases)."""
    start = max(text.rfind(". ", 0, pos) + 1, text.rfind("\n", 0, pos) + 1, text.rfind(",", 0, pos) + 1, 0)
    return " ".join(text[start:pos].split()[-n:])


def _one_line(text: str, span: Offsets, name: int) -> Offsets | None:
    """A description cut at a line break: a headline above "Republican Sen. Dan Sullivan" is no title of his."""
    start, end = span
    if end <= name:
        start = text.rfind("\n", start, end) + 1 or start
        while start < end and text[start].isspace():
            start += 1
    elif (cut := text.find("\n", start, end)) >= 0:
        end = cut
    return (start, end) if text[start:end].strip() else None


#: A relative clause right after a name: what follows says what the person did, not who they are (an
#: appositive's own clause, "X, a group that campaigns against ...", still describes X).
_RELATIVE = re.compile(r"[\s,]*(?:who|whom|whose|which|that)\b")

#: Most words of a definite phrase that takes up a document cited before ("The 70-page report entitled ...").
_MAX_DOCUMENT_WORDS = 10

#: Merge key of the article's writer speaking in the first person.
_AUTHOR_KEY = "author:"
_FIRST_PERSON = frozenset({"i", "we", "my", "our"})  # "In my view, ...": the writer's view
_PASSIVE_CUE = re.compile(r"\b(?:am|is|are|was|were|be|been|being|get|got)\b(?:\s+\w+ly)?\s+\w+(?:ed|told|shown)\b",
                          re.IGNORECASE)


def _author_speaks(article: Article, attribution: Attribution) -> bool:
    """Whether an attribution's source is the writer: 'I' or 'we' outside every reported content."""
    if attribution.resolved_source is not None or attribution.source is None:
        return False
    if (attribution.source_text or "").lower() not in _FIRST_PERSON:
        return False
    if _PASSIVE_CUE.search(attribution.cue_text or ""):
        return False  # "We are constantly reminded that ...": someone else reminds the writer
    cue = attribution.cue[0]
    return not any(a is not attribution and a.content is not None and a.content[0] <= cue < a.content[1]
                   for a in article.attributions)


#: A name and the people around its bearer: "Usyk and his team", "the minister and her aides".
_ENTOURAGE = re.compile(r"(.+?)\s+(?:and|with)\s+(?:his|her|their|its)\s+\w+\s*$")

_COORDINATION = re.compile(
    r"^(?:(?:both|neither|either)\s+)?(?P<left>[^,]+?)\s*,?\s+(?:and|nor|or|as well as)\s+(?P<right>[^,]+?)\s*$",
    re.IGNORECASE,
)


class _Builder:
    """Builds the actors of one article."""

    def __init__(self, article: Article, registry: Registry) -> None:
        self.article = article
        self.registry = registry
        self.index: MentionIndex = collect_mentions(article, registry)
        self.drafts: dict[str, Draft] = {}
        self._starts = [m.start for m in self.index.mentions]
        for mention in self.index.mentions:
            root = self.index.find(mention.key)
            draft = self.drafts.setdefault(root, Draft(key=root, mentions=[]))
            draft.mentions.append(mention)
        for draft in self.drafts.values():
            entry_ids = [m.entry for m in draft.mentions if m.entry]
            draft.entry = registry.entries[entry_ids[0]] if entry_ids else None
            labels = [m.label for m in draft.mentions]
            # ties go to the earliest mention's label (a set's order changes from run to run)
            draft.label = "PERSON" if "PERSON" in labels else max(labels, key=labels.count)

    def _mention_at(self, offset: int) -> Mention | None:
        k = bisect_right(self._starts, offset) - 1
        if k >= 0 and offset < self.index.mentions[k].end:
            return self.index.mentions[k]
        return None

    def source(self, span: Offsets) -> Draft | None:
        """The actor a source span names: a person in it, the mention at its head, else a new unnamed source."""
        text = self.article.text
        trimmed = _trim(text, span)
        if trimmed is not None:
            for m in self.index.mentions:  # "the European Diplomatic Observatory, a Brussels-based research group"
                if (trimmed[0] <= m.start and text[trimmed[0] : m.start].strip().lower() in ("", "the")
                        and _CLOSING_DESCRIPTION.fullmatch(text, m.end, trimmed[1])):
                    return self._named(m, trimmed)
        found = _head(self.article, trimmed) if trimmed is not None else None
        if found is None:
            return None
        head, span = found
        inside = [m for m in self.index.mentions if span[0] <= m.start and m.end <= span[1]]
        for m in reversed(inside):  # the last name heads the phrase: "Biden campaign spokesperson James Singer"
            before = [t.text.lower() for t in tokenize(text[span[0] : m.start])]
            last = not text[m.end : span[1]].strip(" ,")
            described = _BASED.sub("", text[span[0] : m.start])  # "The ship's manager, Athens-based X,"
            appositive = described.rstrip().endswith(",") and last
            # "editor of London-based Energy Intelligence Michael Ritchie": the name closes the phrase with no
            # preposition right before it (not "the spokesman for Joe Biden")
            # "A former adviser to President X": the name and its title are the object of 'to' (not "Army Chief of
            # Staff X", whose 'of' is inside the title)
            title = _GOVERNED_TITLE.search(text, span[0], m.start)
            governed = (title is not None
                        and all(w.lower().rstrip(".") in _TITLE_WORDS for w in title.group(0).split()[1:])
                        and not text[span[0] : title.start()].rstrip().rsplit(" ", 1)[-1][:1].isupper())
            closing = last and bool(before) and before[-1] not in PREPOSITIONS | _DETERMINERS and not governed
            if m.label == "PERSON" and _NAMED_AFTER.match(text, m.end, span[1]):
                continue  # "the Hartwell family trust": a body named after a person, not the person
            if m.label == "PERSON" and (appositive or closing or not PREPOSITIONS.intersection(before)):
                return self._named(m, span)  # "Hanna Tetteh" in "The UN special envoy for Libya, Hanna Tetteh,"
            lead = [w for w in (t.text.lower() for t in tokenize(described)) if w.isalpha() and w != "s"]
            longest = _MAX_BODY_WORDS if lead and lead[-1] in BUSINESS_NOUNS else 3  # "The state's largest utility, X"
            if appositive and 2 <= len(lead) <= longest and lead[0] in _DETERMINERS and text[span[0]].isalpha() and (
                not any(ch.isupper() for ch in described[1:])
            ):
                return self._named(m, span)  # "The group, Industrial Energy Consumers of America,"
            if m.label == "ORG" and _CLASS_NOUN.fullmatch(text, m.end, span[1]):
                return self._named(m, span)  # "the ... Maritime Trade Operations (UKMTO) agency": the agency named
        words = [t for t in tokenize(text[span[0] : span[1]], span[0]) if t.text[:1].isalnum()]
        if (entourage := _ENTOURAGE.match(text, span[0], span[1])) is not None:
            leader = self.drafts.get(self.index.find(name_key(entourage.group(1))))
            if leader is not None:  # "Usyk and his team": Usyk speaks for them
                return leader
        content = [t for t in words if t.text.lower() not in _DETERMINERS]
        for m in inside:  # the phrase is just a name: "the US", "The Cradle"
            if content and m.start <= content[0].start and content[-1].end <= m.end:
                return self._named(m, span)
        mention = self._mention_at(head)
        if mention is not None and not self._legislators(mention, span):
            return self._named(mention, span)
        if (person := self._by_surname(head, span)) is not None:
            return person
        lowered = [t.text.lower() for t in content]
        if not lowered or (len(lowered) == 1 and lowered[0] in PRONOUNS):
            return None
        plural = len(words) == 2 and words[1].text.endswith(_PLURAL_DEMONYMS)
        states = self.registry.demonyms.lookup(words[1].text) if plural else ()
        if states and words[0].text.lower() == "the":
            state = next((d for d in self.drafts.values() if d.entry is not None and d.entry.id == states[0]), None)
            if state is not None:  # "the Chinese are now calling for ...": China, named elsewhere in the article
                return state
        if (titled := self._titled_person(lowered)) is not None:
            titled.descriptors.append(span)  # "Poland's prime minister": his country and post
            return titled
        key = "source:" + name_key(text[span[0] : span[1]]).split(":", 1)[1]
        head_word = next((t.text.lower() for t in tokenize(text[head : span[1]])), None)
        draft = self.drafts.get(key) or self._antecedent(words, span, head_word)
        if draft is None and len(words) == 1 and self._lone_name(content[0].start):
            # "Okafor wrote", "HOST:": a name the recogniser missed, most often a person's
            draft = Draft(key=key, mentions=[Mention(span[0], span[1], content[0].text, "PERSON", key)], label="PERSON")
            self.drafts[key] = draft
        elif draft is None:
            phrase = text[span[0] : span[1]]
            draft = Draft(key=key, mentions=[], label="SOURCE", head=head_word, phrase=span)
            draft.mentions.append(Mention(span[0], span[1], phrase, "SOURCE", key))
            self.drafts[key] = draft
        elif all(m.start != span[0] for m in draft.mentions):
            draft.mentions.append(Mention(span[0], span[1], text[span[0] : span[1]], "SOURCE", key))
        return draft

    def author(self, span: Offsets) -> Draft:
        """The article's writer, who says "I" or "we" outside every quotation."""
        draft = self.drafts.setdefault(_AUTHOR_KEY, Draft(key=_AUTHOR_KEY, mentions=[], label="SOURCE"))
        draft.mentions.append(Mention(span[0], span[1], self.article.text[span[0] : span[1]], "SOURCE", _AUTHOR_KEY))
        return draft

    def _by_surname(self, head: int, span: Offsets) -> Draft | None:
        """The one person whose surname heads a name the recogniser missed ("Moses Wetangula, speaker of the
        National Assembly", with only a later "Wetangula" tagged), or is the whole source ("Halvorsen wrote", tagged
        elsewhere): the name joins that person."""
        text = self.article.text
        words = list(tokenize(text[span[0] : span[1]], span[0]))
        at = next((k for k, t in enumerate(words) if t.start == head), None)
        if at is None or not words[at].text[:1].isupper():
            return None
        first = at
        while first > 0 and words[first - 1].text[:1].isupper() and words[first - 1].start >= span[0]:
            first -= 1
        alone = first == at == 0 and len(words) == 1  # a surname on its own the recogniser missed: "Halvorsen wrote"
        if not alone and (first == at or first != 0):  # a full name opening the phrase: "Moses Wetangula"
            return None
        surname = words[at].text
        people = [d for d in self.drafts.values()
                  if d.label == "PERSON" and any(m.text.split()[-1] == surname for m in d.mentions)]
        if len(people) != 1:
            return None
        name = (words[first].start, words[at].end)
        people[0].mentions.append(Mention(name[0], name[1], text[name[0] : name[1]], "PERSON", people[0].key))
        if text[name[1] : span[1]].strip(" ,"):
            people[0].descriptors.append((name[1], span[1]))
        return people[0]

    def _titled_person(self, lowered: list[str]) -> Draft | None:
        """The one person named with a post elsewhere ("Mayor Clara Jensen") that an unnamed source holds.

        "The mayor of Riverton told the inquiry ..." and "mayor says" in the headline are
        Clara Jensen when she is the only person the article titles 'Mayor'; "Poland's prime
        minister" is the one titled 'Minister' ("Prime Minister Donald Tusk").
        """
        head = next((w for w in lowered if (w in OFFICE_HOLDERS or w in _HEADS_OF_STATE) and not w.endswith("s")), None)
        possessive = lowered[1:2] == ["s"]  # "Poland's prime minister": the tokens 'poland', 's', ...
        text = self.article.text
        if head is None or (lowered[0] not in {"the", head} and not possessive):
            return self._described_person(lowered)
        holders = [
            d for d in self.drafts.values()
            if d.label == "PERSON" and head not in _HEADS_OF_STATE
            and any(text[max(0, m.start - len(head) - 1) : m.start].lower() == head + " " for m in d.mentions)
        ]
        if not holders:  # "The president of Russia" is Putin when the article names him: the registry knows his post
            holders = [
                d for d in self.drafts.values()
                if d.entry is not None and d.entry.kind == "person" and d.entry.country
                and head in (d.entry.role or "").lower().split() and d.entry.country.lower() in lowered
            ]
        return holders[0] if len(holders) == 1 else None

    def _described_person(self, lowered: list[str]) -> Draft | None:
        """The one person the article describes with a headline's unnamed source ("energy editor says",
        "Arsenal star says"): its head noun stands in the few words before one person's name
        ("editor of Oslo-based Grid Weekly Marta Lind", "ARSENAL star Oleksandr Zinchenko")."""
        head = lowered[-1]
        if lowered[0] in _POSSESSIVES:  # "His spokesman" is someone's spokesman, not the one described elsewhere
            return None
        if head.endswith(_PLURAL_DEMONYMS) and self.registry.demonyms.lookup(head.capitalize()):
            return None  # "the Chinese" are no "Chinese President Xi Jinping" ("the Russian" may be Putin)
        if len(lowered) > 3 or head.endswith("s") or head in PRONOUNS or not all(w.isalpha() for w in lowered):
            return None
        text = self.article.text
        # the head noun, then only the words of a title before the name ("of Oslo-based Grid Weekly")
        title = re.compile(rf"\b{re.escape(head)}((?:\s+(?:of|for|at|the|[A-Z][\w\u2019'.-]*))*)\s*$", re.IGNORECASE)
        holders = [
            d for d in self.drafts.values()
            if d.label == "PERSON"
            and any(_titled_by(title, _words_before(text, m.start, _DESCRIBED_REACH)) for m in d.mentions)
        ]
        if not holders and head in BUSINESS_NOUNS:  # "utility blames ..." is "the state's largest utility, Northbay
            right_before = re.compile(rf"\b{re.escape(head)},?\s+$", re.IGNORECASE)  # Power": named so once
            holders = [
                d for d in self.drafts.values()
                if d.label not in {"PERSON", "SOURCE"}
                and any(right_before.search(text, max(0, m.start - len(head) - 3), m.start) for m in d.mentions)
            ]
        return holders[0] if len(holders) == 1 else None

    def _antecedent(self, words: list[Token], span: Offsets, head_word: str | None = None) -> Draft | None:
        """The unnamed source 'the source' or 'the officer' takes up: the latest earlier one with that head word.

        A document may come back with more words: "a report by Climate Rights International" ... "The 70-page
        report entitled 'On Thin Ice'" is the same report.
        """
        if not words or words[0].text.lower() not in {"the", "this", "that"}:
            return None
        if len(words) == 2:
            head = words[1].text.lower()
        elif head_word in DOCUMENT_HEADS and len(words) <= _MAX_DOCUMENT_WORDS:
            head = head_word
        else:
            return None
        earlier = [d for d in self.drafts.values()
                   if d.label == "SOURCE" and d.head == head and d.phrase is not None and d.phrase[1] <= span[0]]
        return max(earlier, key=lambda d: d.phrase or (0, 0)) if earlier else None

    def coordinated(self, span: Offsets) -> list[Offsets]:
        """Split 'Both Iraq and Syria', 'Neither Moscow nor Damascus' into one span per named conjunct."""
        text = self.article.text[span[0] : span[1]]
        match = _COORDINATION.match(text)
        if match is None:
            return []
        parts = [(span[0] + match.start(g), span[0] + match.end(g)) for g in ("left", "right")]
        named = all(any(p[0] <= m.start and m.end <= p[1] for m in self.index.mentions) for p in parts)
        whole = self._mention_at(span[0] + match.start("left"))
        if not named or (whole is not None and whole.end >= parts[1][1]):  # one name: "Bosnia and Herzegovina"
            return []
        return parts

    def _lone_name(self, start: int) -> bool:
        """Whether the word at ``start`` is a proper noun (or a transcript's capitals before a colon) that no entity,
        registry entry or pronoun covers."""
        parse = next((p for p in self.article.parses if p.covers(start)), None)
        tokens = parse.tokens_in(start, start + 1) if parse is not None else None
        if not tokens:
            return False
        token = tokens[0]
        word = token.text
        label = word.isupper() and self.article.text.startswith(":", start + len(word))  # "DB: ..."
        name = token.pos_ == "PROPN" and _NAME_WORD.fullmatch(word) is not None  # not "ACLX", "NEWSplanet"
        name = name and _BRAND_END.search(word) is None  # "Nordbank", "Petrogas": a company
        return ((name or label) and not token.ent_type_ and token.lower_ not in _NOT_NAMES
                and self.registry.find(word) is None)

    def _legislators(self, mention: Mention, span: Offsets) -> bool:
        """Whether a party's name heads members of a legislature ("Senate Republicans", "committee Democrats"):
        lawmakers, typed by the phrase, not the party."""
        entry = self.registry.entries.get(mention.entry) if mention.entry else None
        if entry is None or entry.role != "political party":
            return False
        before = tokenize(self.article.text[span[0] : mention.start])
        return bool(LEGISLATURE_WORDS.intersection(w.text.lower() for w in before))

    def _named(self, mention: Mention, span: Offsets) -> Draft:
        draft = self.drafts[self.index.find(mention.key)]
        after = _RELATIVE.match(self.article.text, mention.end, span[1])
        right = (mention.end, mention.end if after else span[1])  # "X who feared a war over Ukraine": not X's
        for piece in ((span[0], mention.start), right):
            if self.article.text[piece[0] : piece[1]].strip(" ,"):
                draft.descriptors.append(piece)
        return draft

    def _bare_place(self, span: Offsets) -> bool:
        """A country or place alone before a person's name ("... support Ukraine Kissinger argued", a subheading
        run into the text): no title, so it says nothing of the person's nationality (unlike "the US National
        Oceanic ... Administration")."""
        entry = self.registry.find(self.article.text[span[0] : span[1]])
        return entry is not None and entry.kind in {"state", "place"}

    def describe(self) -> None:
        """Add title words and appositives around each named, unregistered mention."""
        starts = {t.start: i for i, t in enumerate(self.index.tokens)}
        ends = {t.end: i + 1 for i, t in enumerate(self.index.tokens)}
        for draft in self.drafts.values():
            if draft.entry is not None or draft.label == "SOURCE":
                continue
            person = draft.label == "PERSON"
            for m in draft.mentions:
                if m.start in starts and m.end in ends:
                    draft.descriptors.extend(
                        span for found in describe(self.index.tokens, starts[m.start], ends[m.end], person)
                        if (span := _one_line(self.article.text, found, m.start)) is not None
                        and (not person or not self._bare_place(span))
                    )
            draft.descriptors = sorted(set(draft.descriptors))


#: Endings of demonyms that are their own plural ("the Chinese", "the British", "the French", "the Swiss").
_PLURAL_DEMONYMS = ("ese", "ish", "ch", "ss")

_POSSESSIVES = frozenset({"his", "her", "its", "their", "our", "my", "your"})

#: Posts only the registry can match to a person (a country's president, chancellor, premier).
_HEADS_OF_STATE = frozenset({"president", "chancellor", "premier"})


def _slug(name: str, taken: set[str]) -> str:
    base = _SLUG.sub("-", name.lower()).strip("-") or "actor"
    if len(base) > _MAX_SLUG:
        base = base[:_MAX_SLUG].rsplit("-", 1)[0]
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


#: Words that name a kind of source, not someone: "MPs said", "Officials warned".
_NOT_NAMES = (
    PRONOUNS | ANONYMOUS_HEADS | OFFICE_HOLDERS | GOVERNMENT_WORDS | MILITARY_WORDS | EXPERT_WORDS | DOCUMENT_HEADS
    | TITLE_ABBREVIATIONS.keys() | {"rev", "dr", "mr", "mrs", "ms", "god", "lord", "allah"}
)
#: Endings of company names coined from a trade ("Nordbank", "Petrogas"), which no surname has.
_BRAND_END = re.compile(r"(?:bank|corp|tech|soft|net|air|oil|gas|media|group|ware|labs?|power|energy|com|pharma)$")
#: A capitalised surname ("Okafor", "Nieminen", "McFarland", "O'Brien"), not an acronym or a brand ("NEWSplanet").
_NAME_WORD = re.compile(r"(?:Mc|Mac|O['\u2019]|De|Di|La|Le|Van|Von)?[A-Z][a-z\u00e0-\u00ff'\u2019-]+")


@register_stage
class Actors:
    """Builds canonical, typed actors and ties each attribution's source to one."""

    name: ClassVar[str] = "actors"
    requires: ClassVar[tuple[str, ...]] = ("parses", "entities", "attributions")
    assigns: ClassVar[tuple[str, ...]] = ("actors",)

    def __init__(self, registry: Registry | None = None, extra_registries: Sequence[Path | str] = ()) -> None:
        self._registry = registry
        self._extra = tuple(extra_registries)

    @property
    def registry(self) -> Registry:
        """The registry in use (the built-in one plus user files, unless one was given)."""
        if self._registry is None:
            self._registry = load_registry(self._extra)
        return self._registry

    def warm_up(self) -> None:
        """Load and compile the registry."""
        registry = self.registry
        _ = registry.names, registry.demonyms, registry.triggers

    def __call__(self, article: Article) -> Article:
        """Set ``article.actors`` and ``Attribution.actor`` for every source tied to an actor."""
        registry = self.registry
        builder = _Builder(article, registry)
        sources: list[tuple[Attribution, Draft]] = []
        owners: dict[str, Draft] = {}  # "Its spokesman, X": X -> the body "its" stands for
        body: Draft | None = None  # the latest organisation cited as a source
        for attribution in article.attributions:
            span = attribution.resolved_source or attribution.source
            if span is None:
                continue
            if _author_speaks(article, attribution):  # "I do not believe this could be done": the writer
                sources.append((attribution, builder.author(span)))
                continue
            drafts = [d for part in builder.coordinated(span) if (d := builder.source(part)) is not None]
            drafts = list({id(d): d for d in drafts}.values())
            if len(drafts) < 2:
                draft = builder.source(span)
                drafts = [draft] if draft is not None else []
            sources.extend((attribution, d) for d in drafts)
            first = (attribution.source_text or "").split()[:1]
            possessive = first and first[0].lower() in {"its", "their"}
            if body is not None and (possessive or _BODY_POSSESSIVE.search(attribution.source_text or "")):
                for d in drafts:
                    owners.setdefault(d.key, body)
            org = org_head(attribution.source_text or "")  # "the utility, Køge Forsyning", read as a person
            body = next((d for d in drafts if d.label not in {"PERSON", "SOURCE"} or org), body)
        builder.describe()
        conflicts = active_conflicts(builder.index.tokens, registry)
        headline = headline_dispute(article, self._state_mentions(builder, registry), lede=not conflicts)
        if headline is not None:
            conflicts.append(headline)
        outlet = article.meta.outlet
        outlet_entry = registry.find(outlet) if outlet else None
        taken: set[str] = set()
        ids: dict[str, str] = {}
        actors: list[Actor] = []
        earlier: list[tuple[Draft, Typing]] = []
        home = _dateline_country(article, registry)
        for draft in sorted(builder.drafts.values(), key=lambda d: min(m.start for m in d.mentions)):
            typing = _body_country(type_draft(draft, article.text, registry), earlier)
            typing = _owner_country(typing, draft, owners.get(draft.key), earlier)
            typing = _home_country(typing, home)
            earlier.append((draft, typing))
            if draft.key == _AUTHOR_KEY:
                typing = Typing("self_citation", None, "author",
                                "the article's writer speaks in the first person, outside any quotation", False)
            elif outlet and self._is_outlet(draft, outlet, outlet_entry):
                typing = Typing("self_citation", typing.country, typing.role,
                                f"the publishing outlet ({outlet}) cites itself", False)
            elif draft.label == "SOURCE" and _OWN_WORK.match(draft.name):
                typing = Typing("self_citation", typing.country, typing.role,
                                f"'{draft.name}' is the publishing outlet's own reporting", False)
            party, why = party_to_conflict(draft.entry, typing.country, typing.speaks_for_state,
                                           typing.affiliations, conflicts, registry)
            name = (article.meta.author or "the author") if draft.key == _AUTHOR_KEY else draft.name
            ids[draft.key] = _slug(draft.entry.id if draft.entry else name, taken)
            aliases = list(dict.fromkeys(m.text for m in draft.mentions))
            actors.append(Actor(
                id=ids[draft.key], name=name, aliases=aliases,
                mentions=[(m.start, m.end) for m in sorted(draft.mentions, key=lambda m: m.start)],
                type=typing.type, country=typing.country, party_to_conflict=party, role=typing.role,
                reason="; ".join(r for r in (typing.reason, why) if r),
            ))
        article.actors = actors
        for attribution, draft in sources:
            attribution.actors.append(ids[draft.key])
            attribution.actor = attribution.actors[0]
        return article

    @staticmethod
    def _state_mentions(builder: _Builder, registry: Registry) -> dict[str, list[Offsets]]:
        """Mentions of each state (or bloc), or of a state-controlled body standing for it, by the state's entry id."""
        states = registry.states
        out: dict[str, list[Offsets]] = {}
        for draft in builder.drafts.values():
            entry = draft.entry
            if entry is None:
                continue
            state = entry if entry.kind == "state" or entry.id in BLOCS else None
            if state is None and entry.state_controlled and entry.country:
                state = states.get(entry.country)
            if state is not None:
                out.setdefault(state.id, []).extend((m.start, m.end) for m in draft.mentions)
        return out

    @staticmethod
    def _is_outlet(draft: Draft, outlet: str, outlet_entry: object) -> bool:
        if draft.entry is not None and draft.entry is outlet_entry:
            return True
        key = name_key(outlet)
        if any(name_key(m.text) == key for m in draft.mentions) or name_key(draft.name) == key:
            return True
        return any(_short_form(m.text, outlet) for m in draft.mentions)


#: Types an unnamed official may get before the body owning it is known.
_OFFICIAL_TYPES = frozenset({"government", "spokesperson", "anonymous", "unknown"})


def _short_form(mention: str, outlet: str) -> bool:
    """Whether ``mention`` is the outlet's name cut to its last words ('the Courier' for 'The Northern Courier')."""
    said = [w for w in mention.split() if w.lower() != "the"]
    full = [w for w in outlet.split() if w.lower() != "the"]
    if len(full) > 2 and full[-1].lower() in _SECTIONS:
        full = full[:-1]  # "the Echo" of "The Northern Echo Sport"
    return (
        0 < len(said) < len(full)
        and all(w[:1].isupper() for w in said)
        and [w.lower() for w in full[-len(said) :]] == [w.lower() for w in said]
    )


#: A section of an outlet after its name ("The Northern Echo Sport", "Valley Courier Online").
_SECTIONS = frozenset({"sport", "sports", "online", "live", "business", "politics", "world", "digital", "magazine"})
#: A body named again by its kind, owning the source: "the alliance's secretary general", "A spokesperson
#: for the bloc's foreign service".
_BODY_POSSESSIVE = re.compile(
    r"\bthe\s+(?:alliance|bloc|organi[sz]ation|union|agency|commission|company|firm|group|body)(?:'s|\u2019s)\s",
    re.IGNORECASE,
)


def _owner_country(
    typing: Typing, draft: Draft, owner: Draft | None, earlier: list[tuple[Draft, Typing]]
) -> Typing:
    """Give 'Its spokesman, X' the country of the body cited just before ('The Kremlin denied ...').

    The official of an international organisation ("NATO warns ... the alliance's secretary
    general said") speaks for it.
    """
    if owner is None:
        return typing
    found = next((t for d, t in earlier if d is owner), None)
    post = typing.type != "anonymous" or draft.head in OFFICE_HOLDERS  # not "Its officials, speaking anonymously"
    if found is not None and found.type == "international_org" and typing.type in _OFFICIAL_TYPES and post:
        return Typing("international_org", None, typing.role, f"an official of {owner.name}, cited just before",
                      False, typing.affiliations)
    if typing.country is not None:
        return typing
    if found is None or found.country is None:
        return typing
    return replace(
        typing,
        country=found.country,
        speaks_for_state=typing.speaks_for_state or found.speaks_for_state or found.type == "government",
        reason=f"{typing.reason}; country from '{owner.name}', whose source 'its' names",
    )


#: Nouns naming a body in a role phrase ("ministry spokeswoman") that an earlier actor may name in full.
_BODY_NOUNS = frozenset(
    {"ministry", "council", "department", "office", "agency", "embassy", "service", "committee", "commission",
     "army", "navy", "government", "cabinet", "presidency", "parliament", "police", "guard"}
)


def _dateline_country(article: Article, registry: Registry) -> tuple[str, str] | None:
    """The country of the dateline ('TBILISI -- ...'), and the word naming it, when the registry knows the place."""
    text = article.text
    for para in article.paragraphs:
        if para.role == "title":
            continue
        line_start = text.rfind("\n", 0, para.start) + 1
        if line_start < para.start and text[line_start : para.start].strip():
            for match in registry.names.scan(tokenize(text[line_start : para.start], line_start)):
                entry = registry.entries[match.values[0][0]]
                if entry.kind == "state" and entry.country and _named_again(text, para.start, entry, registry):
                    return entry.country, text[match.start : match.end]
        return None  # only the first paragraph after the title may carry the dateline
    return None


def _named_again(text: str, start: int, state: Entry, registry: Registry) -> bool:
    """Whether the story names the dateline's state after it ("TBILISI -- ... the Georgian capital").

    A story filed from GENEVA about a WHO finding elsewhere never names Switzerland: its
    unplaced ministry is not Swiss.
    """
    tokens = tokenize(text[start:], start)
    if any(state.id in {v[0] for v in m.values} for m in registry.names.scan(tokens)):
        return True
    return any(state.id in m.values for m in registry.demonyms.scan(tokens))
    return None


#: Source types that belong to a state: with no country of their own, the dateline's.
_STATE_TYPES = frozenset({"government", "spokesperson", "intelligence_military"})


def _home_country(typing: Typing, home: tuple[str, str] | None) -> Typing:
    """Give 'The Interior Ministry' of a story filed from TBILISI the dateline's country, Georgia."""
    if home is None or typing.country is not None or typing.type not in _STATE_TYPES:
        return typing
    return replace(
        typing, country=home[0], speaks_for_state=True, reason=f"{typing.reason}; country from the dateline '{home[1]}'"
    )


def _body_country(typing: Typing, earlier: list[tuple[Draft, Typing]]) -> Typing:
    """Give 'the ministry spokeswoman' the country of the ministry named earlier in the article.

    Only for a source whose role names a body ("ministry spokeswoman", "council
    official") and whose own words give no country: the latest earlier actor whose
    name holds the same noun and has a country lends it.
    """
    if typing.country is not None or not typing.role:
        return typing
    nouns = [w for w in typing.role.lower().split() if w in _BODY_NOUNS]
    if not nouns:
        return typing
    for draft, other in reversed(earlier):
        if other.country is not None and nouns[0] in draft.name.lower().split():
            return replace(
                typing,
                country=other.country,
                speaks_for_state=typing.speaks_for_state or other.speaks_for_state or other.type == "government",
                reason=f"{typing.reason}; country from the {nouns[0]} named before ('{draft.name}')",
            )
    return typing

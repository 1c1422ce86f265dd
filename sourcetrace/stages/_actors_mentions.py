"""Find actor mentions in an article and merge the ones naming the same actor.

Mentions come from the registry (names, aliases, metonyms, people-nouns), from
spaCy entities the registry does not know, from acronyms defined in the text
("Long Name (LN)") and from later surname-only references to a full name.
Mentions are merged with a union-find over keys: ``entry:<id>`` for registry
entries, ``name:<folded text>`` for everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sourcetrace.article import Article
from sourcetrace.registry import NameForm, PhraseTable, Registry, Token, tokenize
from sourcetrace.stages._actors_lexicon import BUSINESS_NOUNS, COMPANY_SUFFIXES, CONNECTORS, LOCATIVES, leaning

__all__ = ["Mention", "MentionIndex", "collect_mentions", "name_key"]

_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.\-]*(?: [A-Z][A-Za-z0-9&.\-]*)?)\s*\)")
_MAX_LONG_FORM = 10


@dataclass
class Mention:
    """One span naming an actor; ``key`` is its merge key before union."""

    start: int
    end: int
    text: str
    label: str
    key: str
    entry: str | None = None
    form: NameForm | None = None


def name_key(text: str) -> str:
    """Merge key of a name not in the registry: folded, without a leading "the"."""
    words = [t.text.casefold() for t in tokenize(text)]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return "name:" + " ".join(words)


@dataclass
class MentionIndex:
    """Mentions of an article, their merge keys and the union-find joining keys."""

    tokens: list[Token]
    mentions: list[Mention] = field(default_factory=list)
    _mask: bytearray = field(default_factory=bytearray)
    _parent: dict[str, str] = field(default_factory=dict)

    def find(self, key: str) -> str:
        """Return the representative key of ``key``'s group."""
        root = key
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while key != root:  # path compression
            key, self._parent[key] = self._parent[key], root
        return root

    def union(self, a: str, b: str) -> None:
        """Join the groups of ``a`` and ``b``; registry keys win as representative."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if rb.startswith("entry:") and not ra.startswith("entry:"):
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._parent.setdefault(ra, ra)

    def covered(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a known mention or place."""
        return any(self._mask[start:end])

    def add_place(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` as a place name that is not an actor."""
        self._mask[start:end] = b"\x01" * (end - start)

    def supersede(self, start: int, end: int) -> None:
        """Drop the mentions inside ``[start, end)``, for a longer name that holds them ("United Kingdom" of
        "United Kingdom Maritime Trade Operations (UKMTO)")."""
        self.mentions = [m for m in self.mentions if not (start <= m.start and m.end <= end)]
        self._mask[start:end] = bytes(end - start)

    def add(self, mention: Mention) -> None:
        """Record ``mention`` and make its key a group."""
        self.mentions.append(mention)
        self._mask[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        self._parent.setdefault(mention.key, mention.key)


def _datelines(index: MentionIndex, article: Article) -> None:
    """A dateline ('VIENNA (Reuters) -') says where the story was filed: its names are no actors.

    The readers leave it outside the lede paragraph, on the paragraph's first line.
    """
    for para in article.paragraphs:
        line_start = article.text.rfind("\n", 0, para.start) + 1
        if line_start < para.start and article.text[line_start : para.start].strip():
            index.add_place(line_start, para.start)


#: Registry kinds a person may share a name with ("Michael Bloomberg", the news agency Bloomberg).
_NAMESAKES = frozenset({"outlet", "body", "group", "platform"})


def _of_person(text: str, start: int, end: int, people: list[tuple[int, int]]) -> bool:
    """Whether ``text[start:end]`` lies inside a longer person's name or is the surname of one in the article."""
    name = text[start:end]
    return any(
        (s <= start and end <= e and (s, e) != (start, end)) or (" " in text[s:e] and text[s:e].split()[-1] == name)
        for s, e in people
    )


def _part_of_name(text: str, start: int, end: int, names: list[tuple[int, int]]) -> bool:
    """Whether a longer name holds ``text[start:end]`` with a capitalised word of its own right beside it.

    "Capitol Hill" holds "Hill"; "The Gateway Pundit" and "Illia Ponomarenko of the Kyiv Independent" do not hold
    another word beside the outlet's name.
    """
    for s, e in names:
        if not (s <= start and end <= e) or (s, e) == (start, end):
            continue
        left = text[s:start].split()[-1:]
        right = text[end:e].split()[:1]
        if any(w[:1].isupper() and w.lower() != "the" for w in left + right):
            return True
    return False


def _registry_mentions(index: MentionIndex, article: Article, registry: Registry) -> None:
    tokens = index.tokens
    people = [(e.start, e.end) for e in article.entities if e.label == "PERSON"]
    bodies = [(e.start, e.end) for e in article.entities if e.label == "ORG"]
    names = [(e.start, e.end) for e in article.entities if e.label in {"ORG", "FAC", "LOC", "GPE", "WORK_OF_ART"}]
    for match in registry.names.scan(tokens):
        if index.covered(match.start, match.end):
            continue
        entry_id, form = match.values[0]
        entry = registry.entries[entry_id]
        if entry.kind == "state" and any(
            s < match.start and match.end <= e and re.search(r"\b(?:of|for)\s*$", article.text[s : match.start])
            for s, e in bodies
        ):
            continue  # "Industrial Energy Consumers of America": a body named after the country, not the state
        if entry.kind == "person" and any(
            s <= match.start and match.end <= e and (s, e) != (match.start, match.end) for s, e in people
        ):
            continue  # "Senior Colonel Li Xi" is not Xi Jinping: a longer name holds the alias
        if entry.kind in _NAMESAKES and _of_person(article.text, match.start, match.end, people):
            continue  # "Michael Bloomberg" and his surname alone are a person, not the news agency Bloomberg
        if entry.kind == "outlet" and _part_of_name(article.text, match.start, match.end, names):
            continue  # "Capitol Hill" is no outlet The Hill
        before = tokens[match.first - 1].text.lower() if match.first > 0 else ""
        if leaning(article.text, match.start, match.end):
            index.add_place(match.start, match.end)  # "anti-Putin soldiers", "pro-Kremlin bloggers": a leaning
            continue
        if entry.kind == "place" or (form == "metonym" and before in LOCATIVES):
            index.add_place(match.start, match.end)
            continue
        start = match.start
        if before == "the" and entry.name.startswith("The "):  # "The Cradle" keeps its article
            start = tokens[match.first - 1].start
        text = article.text[start : match.end]
        label = "PERSON" if entry.kind == "person" else "REGISTRY"
        index.add(Mention(start, match.end, text, label, f"entry:{entry_id}", entry_id, form))


def _entity_mentions(index: MentionIndex, article: Article, registry: Registry) -> None:
    people = [(e.start, e.end) for e in article.entities if e.label == "PERSON"]
    for ent in article.entities:
        if ent.label not in _ENTITY_LABELS or index.covered(ent.start, ent.end):
            continue
        if leaning(article.text, ent.start, ent.end):
            continue  # "anti-Smith protesters": not Smith
        start, text = ent.start, ent.text
        if text.lower().startswith("the "):
            start, text = start + 4, text[4:]
        if ent.label == "NORP" or not text.strip() or registry.demonyms.lookup(text):
            continue  # demonyms ("Ukrainian") are adjectives, not actors
        if "://" in text or text.lower().startswith("www."):
            continue  # a web address the recogniser tagged: a link, not an actor
        entry = registry.find(text)
        if entry is not None and entry.kind in _NAMESAKES and _of_person(article.text, start, ent.end, people):
            entry = None
        key = f"entry:{entry.id}" if entry is not None else name_key(text)
        owner = _OWNER_BEFORE.search(article.text, max(0, start - 40), start)
        if entry is None and text.islower() and owner is not None:
            text = article.text[owner.start(1) : start] + text  # "Armenia's defence ministry" is not Azerbaijan's
            key = name_key(text)
        entry_id = entry.id if entry is not None else None
        index.add(Mention(start, ent.end, text, ent.label, key, entry_id, "alias" if entry_id else None))


#: The owner right before a body described in lower case ("Armenia's [defence ministry]").
_OWNER_BEFORE = re.compile(r"\b([A-Z][\w-]+)['\u2019]s\s+$")


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _long_form(tokens: list[Token], stop: int, acronym: str) -> tuple[int, int] | None:
    """Token range ``[first, stop)`` of the long form an acronym in parentheses at ``stop`` abbreviates."""
    first = stop
    while first > 0 and stop - first < _MAX_LONG_FORM:
        prev = tokens[first - 1]
        if not (_capitalised(prev) or prev.text.lower() in CONNECTORS):
            break
        first -= 1
    while first < stop and (tokens[first].text.lower() in CONNECTORS or tokens[first].text == "The"):
        first += 1
    if first >= stop:
        return None
    letters = [c for c in acronym if c.isupper()]
    for begin in range(stop - 1, first - 1, -1):  # shortest suffix whose initials spell the acronym
        initials = [t.text[0] for t in tokens[begin:stop] if _capitalised(t)]
        if initials == letters and _capitalised(tokens[begin]):
            return begin, stop
    return first, stop


def _join(text: str, tokens: list[Token], first: int, last: int) -> str:
    return text[tokens[first].start : tokens[last - 1].end]


def _acronyms(index: MentionIndex, article: Article, registry: Registry, local: PhraseTable[str]) -> None:
    tokens, text = index.tokens, article.text
    starts = {t.start: i for i, t in enumerate(tokens)}
    for m in _ACRONYM.finditer(text):
        acronym = m.group(1)
        if sum(c.isupper() for c in acronym) < 2 or len(acronym) > 12 or m.start() not in starts:
            continue
        span = _long_form(tokens, starts[m.start()], acronym)
        if span is None:
            continue
        long_text = _join(text, tokens, *span)
        long_start, long_end = tokens[span[0]].start, tokens[span[1] - 1].end
        long_entry, acr_entry = registry.find(long_text), registry.find(acronym)
        long_key = f"entry:{long_entry.id}" if long_entry else name_key(long_text)
        acr_key = f"entry:{acr_entry.id}" if acr_entry else name_key(acronym)
        initials = [t.text[0] for t in tokens[span[0] : span[1]] if _capitalised(t)]
        spelled = initials == [c for c in acronym if c.isupper()]
        if spelled and index.covered(long_start, long_end) and not any(
                m.start < long_start < m.end or m.start < long_end < m.end for m in index.mentions):
            index.supersede(long_start, long_end)  # its initials spell the acronym: one name, not a place inside it
        if not index.covered(long_start, long_end):
            index.add(Mention(long_start, long_end, long_text, "ORG", long_key, long_entry.id if long_entry else None))
        acr_start = m.start(1)
        if not index.covered(acr_start, acr_start + len(acronym)):
            index.add(Mention(acr_start, acr_start + len(acronym), acronym, "ORG", acr_key,
                              acr_entry.id if acr_entry else None))
        index.union(long_key, acr_key)
        local.add(acronym, acr_key)
        local.add(long_text, long_key)
        stem = acronym.split()[0]
        if stem != acronym and len(stem) >= 2:  # "SVR RF" -> later "SVR"
            local.add(stem, acr_key)


def _surnames(index: MentionIndex, local: PhraseTable[str]) -> None:
    full: dict[str, set[str]] = {}
    alone = {m.text for m in index.mentions if m.label == "PERSON" and " " not in m.text}
    alone -= {m.text.split()[-1] for m in index.mentions if m.label == "PERSON" and " " in m.text}
    for m in index.mentions:
        words = [t.text for t in tokenize(m.text) if t.text[:1].isalpha()]
        if m.label != "PERSON" and m.entry is None and _FIRST_AND_SURNAME.fullmatch(m.text) and words[1] in alone and (
            not any(w.lower() in COMPANY_SUFFIXES or w.lower() in BUSINESS_NOUNS for w in words)
        ):
            m.label = "PERSON"  # "Inga Halvorsen" tagged an organisation, "Halvorsen" a person (no other): she is one
        if m.label == "PERSON" and len(words) >= 2 and words[-1][:1].isupper():
            full.setdefault(words[-1], set()).add(index.find(m.key))
    for surname, keys in full.items():
        if len(keys) != 1:  # two people share the surname: do not guess
            continue
        (key,) = keys
        for m in index.mentions:
            if m.label == "PERSON" and m.text == surname:
                index.union(key, m.key)
        local.add(surname, key)




#: A given name and a surname, nothing else: "Inga Halvorsen".
_FIRST_AND_SURNAME = re.compile(r"[A-Z][a-z\u00e0-\u00ff]+ [A-Z][a-z\u00e0-\u00ff]+")


def _short_names(index: MentionIndex, local: PhraseTable[str]) -> None:
    """Join 'Redline' to an earlier 'Redline Construction' (whatever the entity recogniser called the short form)."""
    long: dict[str, set[str]] = {}
    for m in index.mentions:
        words = [t.text for t in tokenize(m.text) if t.text[:1].isalnum()]
        if (m.label == "ORG" and m.entry is None and len(words) >= 2 and words[0][:1].isupper()
                and all(w.lower().strip(".") in COMPANY_SUFFIXES for w in words[1:])):
            long.setdefault(words[0], set()).add(index.find(m.key))
    for short, keys in long.items():
        if len(keys) != 1:
            continue
        (key,) = keys
        for m in index.mentions:
            if m.text == short and m.entry is None:
                m.label = "ORG"
                index.union(key, m.key)
        local.add(short, key)


def _local_mentions(index: MentionIndex, local: PhraseTable[str]) -> None:
    text_of = {m.key: m.label for m in index.mentions}
    for match in local.scan(index.tokens):
        if index.covered(match.start, match.end):
            continue
        key = match.values[0]
        surface = " ".join(t.text for t in index.tokens[match.first : match.last])
        index.add(Mention(match.start, match.end, surface, text_of.get(key, "ORG"), name_key(surface)))
        index.union(key, name_key(surface))


def collect_mentions(article: Article, registry: Registry) -> MentionIndex:
    """Find every actor mention in ``article`` and join those naming the same actor."""
    index = MentionIndex(tokens=tokenize(article.prose()), _mask=bytearray(len(article.text)))
    local: PhraseTable[str] = PhraseTable()
    _datelines(index, article)
    _registry_mentions(index, article, registry)
    _entity_mentions(index, article, registry)
    _acronyms(index, article, registry, local)
    _surnames(index, local)
    _short_names(index, local)
    _local_mentions(index, local)
    index.mentions.sort(key=lambda m: (m.start, m.end))
    return index

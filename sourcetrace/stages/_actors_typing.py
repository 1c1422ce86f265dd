"""Give an actor a source type, country and role from the registry or from how it is described."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sourcetrace.article import SourceType
from sourcetrace.registry import Entry, Registry, Token, tokenize
from sourcetrace.stages._actors_lexicon import (
    ANONYMOUS_HEADS,
    ANONYMOUS_MARKERS,
    BUSINESS_NOUNS,
    CALENDAR_WORDS,
    CLERICS,
    COMPANY_SUFFIXES,
    DOCUMENT_HEADS,
    EXPERT_WORDS,
    GOVERNMENT_WORDS,
    LEGISLATURE_WORDS,
    MILITARY_WORDS,
    OFFICE_HOLDERS,
    ORG_EXPERT_WORDS,
    ORG_OUTLET_WORDS,
    PREPOSITIONS,
    ROLE_WORDS,
    SOCIAL_WORDS,
    SPOKES_WORDS,
    TITLE_ABBREVIATIONS,
    leaning,
    normalise_role,
)
from sourcetrace.stages._actors_mentions import Mention

__all__ = ["Draft", "Typing", "describe", "type_draft"]

_STOP_LEFT = frozenset({",", ".", ";", ":", "(", ")", '"', "“", "”", "'"})
_APPOSITIVE_END = frozenset({",", ".", ";", ":", ")", '"', "“", "”"})
_PLATFORM_WORDS = SOCIAL_WORDS - {"post", "posts", "posting", "channel", "x"}
_DETERMINERS = frozenset({"a", "an", "the", "one", "two", "three", "several", "some", "many", "its", "their"})


@dataclass
class Draft:
    """An actor being built: its merged mentions and what the text says about it."""

    key: str
    mentions: list[Mention]
    entry: Entry | None = None
    label: str = "ORG"
    head: str | None = None
    phrase: tuple[int, int] | None = None
    descriptors: list[tuple[int, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The canonical name: the registry name, else the longest mention."""
        if self.entry is not None:
            return self.entry.name
        name = max((m.text for m in self.mentions), key=len) if self.mentions else self.key.split(":", 1)[1]
        if self.label == "SOURCE":  # "Three doctors ..., who asked not to be named for fear ...": the doctors
            name = _ASIDE.split(name, maxsplit=1)[0].rstrip(" ,")
        return name


#: Where an unnamed source's phrase turns to a relative clause or aside.
_ASIDE = re.compile(r",\s+(?:who|which|whom|speaking|citing|according)\b")


@dataclass
class Typing:
    """The outcome of typing one actor."""

    type: SourceType
    country: str | None
    role: str | None
    reason: str
    speaks_for_state: bool
    affiliations: list[str] = field(default_factory=list)


def _has(words: list[str], lexicon: frozenset[str]) -> str | None:
    joined = " " + " ".join(words) + " "
    for word in words:
        if word in lexicon:
            return word
    return next((p for p in lexicon if " " in p and f" {p} " in joined), None)


def describe(tokens: list[Token], first: int, last: int, person: bool = False) -> list[tuple[int, int]]:
    """Spans describing the name at tokens ``[first, last)``: title words before it, an appositive after it.

    A ``person``'s owner counts too ("University of Alberta's Olav Rueppell"), not an organisation's
    ("President Maia Sandu's Party of Action": the party is no office of hers).
    """
    spans: list[tuple[int, int]] = []
    i = _title_start(tokens, first)
    if i < first:
        spans.append((tokens[i].start, tokens[first - 1].end))
    elif person and first >= 3 and tokens[first - 1].text == "s" and tokens[first - 2].text in ("'", "\u2019"):
        owner = _title_start(tokens, first - 2)  # "University of Alberta's Olav Rueppell"
        if owner < first - 2:
            spans.append((tokens[owner].start, tokens[first - 3].end))
    elif first >= 2 and tokens[first - 1].text == ",":  # "Ukraine's Defense Minister, Oleksii Reznikov"
        i = _title_start(tokens, first - 1)
        if i >= 3 and tokens[i - 1].text == "s" and tokens[i - 2].text in ("'", "\u2019"):
            i = _title_start(tokens, i - 2)  # the owner of "Ukraine's Defense Minister"
        words = [t.text.lower() for t in tokens[i : first - 1]]
        opens = i == 0 or tokens[i - 1].text in _STOP_LEFT
        if i < first - 1 and opens and _has(words, ROLE_WORDS):
            spans.append((tokens[i].start, tokens[first - 2].end))
    if last + 1 < len(tokens) and tokens[last].text == "of" and tokens[last + 1].text[:1].isupper():
        j = last + 1  # "Andrew Farnsworth of Cornell University"
        while j < len(tokens) and j - last <= 6 and (tokens[j].text[:1].isupper() or tokens[j].text in _TITLE_LINKS):
            j += 1
        while tokens[j - 1].text in _TITLE_LINKS:
            j -= 1
        spans.append((tokens[last].start, tokens[j - 1].end))
    if last < len(tokens) and tokens[last].text == ",":
        j = last + 1
        while j < len(tokens) and j - last <= 12 and tokens[j].text not in _APPOSITIVE_END:
            j += 1
        words = [t.text.lower() for t in tokens[last + 1 : j]]
        opener = words[:1] and (words[0] in _DETERMINERS or words[0] in ROLE_WORDS)
        acronym = len(tokens[last + 1].text) > 1 and tokens[last + 1].text.isupper()
        named_body = acronym and _has(words[:4], ROLE_WORDS)  # ", WFP interim regional director"
        if j > last + 1 and (opener or named_body) and _has(words, ROLE_WORDS):
            spans.append((tokens[last + 1].start, tokens[j - 1].end))
    return spans


#: Where the people described as working there are experts (not "foundation", "school": too broad).
_ACADEMIC_BODIES = frozenset({"university", "institute", "laboratory", "academy", "observatory", "college"})
#: People at such a body who are not its experts.
_LEARNERS = frozenset({"student", "students", "undergraduate", "graduate", "alumnus", "alumna", "pupil", "freshman"})


#: Most characters between two words of one title ("Kenyan President"; not a headline's "president" before a
#: dateline the readers leave out of the prose).
_MAX_TITLE_GAP = 3


def _title_start(tokens: list[Token], end: int) -> int:
    """Where the run of title words ending before token ``end`` starts (``end`` when there is none)."""
    i = end
    while i > 0 and end - i < 8:
        prev = tokens[i - 1]
        lower = prev.text.lower()
        # "University of Maryland Professor Emeritus of Entomology Michael Raupp": 'of' inside the title
        above = tokens[i - 2].text if i >= 2 else ""
        linked = lower in _TITLE_LINKS and above[:1].isupper() and above not in _STOP_LEFT
        officer = lower in _OFFICER_KINDS and tokens[i].text.lower() == "officer"  # "chief operating officer"
        outlet = lower in _OUTLET_TITLES  # "the state news agency Ostra", "the daily Rzeczy Dnia"
        modifier = lower in _TITLE_MODIFIERS and i < end  # "former central bank governor": before a title word
        titled = (prev.text[:1].isupper() or lower in ROLE_WORDS or prev.text == "-" or linked or officer or outlet
                  or modifier)
        abbreviated = prev.text == "." and above.lower() in TITLE_ABBREVIATIONS  # "Republican Sen. Dan Sullivan"
        if not abbreviated and (prev.text in _STOP_LEFT or not titled):
            break
        if tokens[i].start - prev.end > _MAX_TITLE_GAP:
            break  # text no token stands for lies between (a dateline outside the prose): no title runs over it
        i -= 1
    return i


#: Words naming a news outlet before its name ("the state news agency Ostra", "public broadcaster NHK").
_OUTLET_TITLES = frozenset(
    {"newspaper", "daily", "tabloid", "broadsheet", "broadcaster", "weekly", "magazine", "agency", "news", "outlet",
     "website", "channel", "state", "public", "wire", "radio", "television", "tv", "state-run", "state-owned",
     "pro-government", "independent"}
)
#: Lower-case words that qualify a post inside a title ("former central bank governor", "acting deputy minister").
_TITLE_MODIFIERS = frozenset({"former", "retired", "acting", "deputy", "onetime", "interim", "outgoing", "incoming",
                              "central", "bank", "senior", "vice", "assistant", "junior", "associate", "ex"})
#: Lower-case words inside a capitalised title before a name ("Professor Emeritus of Entomology").
_TITLE_LINKS = frozenset({"of", "for", "and", "the"})



#: Posts held in another country or body ("ambassador to Mexico"): the country after 'to' is not theirs.
_POSTED = re.compile(r"\b(?:ambassadors?|envoys?|emissar(?:y|ies)|representatives?|delegat(?:e|es|ion)|mission)\b",
                     re.IGNORECASE)


def _evidence(text: str, spans: list[tuple[int, int]], registry: Registry) -> tuple[str | None, list[Entry], str]:
    """Country named in ``spans`` (demonym or state), other known actors named there, and which word showed it."""
    country: str | None = None
    cue = ""
    affiliations: list[Entry] = []
    located: tuple[str, str] | None = None  # a place of a known country ("Belgorod governor")
    for start, end in spans:
        tokens = tokenize(text[start:end], start)
        for match in registry.names.scan(tokens):
            entry = registry.entries[match.values[0][0]]
            if leaning(text, match.start, match.end):
                continue  # "the pro-Kremlin Telegram channel Rybar": a leaning, not an affiliation
            if entry.kind == "outlet" and _inside_name(tokens, match.first, match.last):
                continue  # "Selvan Liberation Front" names no French daily
            before = tokens[match.first - 1].text.lower() if match.first > 0 else ""
            prep = tokens[match.first - 2].text.lower() if before == "the" and match.first > 1 else before
            sits = match.values[0][1] == "metonym" and before in _IN  # "The French embassy in Moscow"
            if entry.kind == "state" and prep == "to" and _POSTED.search(text, start, match.start):
                continue  # "the Russian ambassador to Mexico": where the post is, not whose it is
            if entry.kind == "place" or sits:  # where it is: the country only when nothing else says
                if entry.country and located is None:
                    located = entry.country, text[match.start : match.end]
            elif entry.kind == "state":
                country, cue = country or entry.country, cue or text[match.start : match.end]
            else:
                affiliations.append(entry)
        for found in registry.demonyms.scan(tokens):
            if leaning(text, found.start, found.end):
                continue  # "the pro-Russian Victory bloc" is Moldovan: a leaning, not a nationality
            state = registry.entries[found.values[0]]
            country, cue = country or state.country, cue or text[found.start : found.end]
    if country is None:
        for entry in affiliations:
            if entry.country:
                return entry.country, affiliations, entry.name
        if located is not None:
            return located[0], affiliations, located[1]
    return country, affiliations, cue


def _inside_name(tokens: list[Token], first: int, last: int) -> bool:
    """Whether tokens ``[first, last)`` sit between capitalised words of a longer name."""
    before = tokens[first - 1].text if first > 0 else ""
    after = tokens[last].text if last < len(tokens) else ""
    return before[:1].isupper() and after[:1].isupper()


#: Prepositions that place a body somewhere rather than say whose it is.
_IN = frozenset({"in", "at", "near", "outside", "inside"})


def _affiliation(text: str, tokens: list[Token], registry: Registry) -> str | None:
    """The body a source belongs to, named after "of"/"from"/...: a registry name, else a capitalised run."""
    for match in registry.names.scan(tokens):
        entry = registry.entries[match.values[0][0]]
        if entry.kind not in {"state", "place"}:
            return entry.name
    run: list[Token] = []
    for k, tok in enumerate(tokens):
        if _possessive(tokens, k):
            continue
        if not run and tok.text.lower() in CALENDAR_WORDS:
            continue  # "a study published on Wednesday in ...": a day is no one's affiliation
        if tok.text[:1].isupper() and (run or not _is_country(tok.text, registry)):
            run.append(tok)  # "Kyiv School of Economics": a place inside the name stays
        elif tok.text[:1].isupper() and tokens[k + 1 : k + 2] and tokens[k + 1].text[:1].isupper():
            run.append(tok)  # a name that opens with a place: "Kyiv School"
        elif run and tok.text.lower() in _NAME_LINKS and tokens[k + 1 : k + 2] and tokens[k + 1].text[:1].isupper():
            run.append(tok)  # "School of Economics"
        elif run:
            break
    return text[run[0].start : run[-1].end] if run else None


#: Lower-case words inside an institution's name ("Kyiv School of Economics", "Institute for the Study of War").
_NAME_LINKS = frozenset({"of", "for", "and", "on", "de", "the"})


def _is_country(word: str, registry: Registry) -> bool:
    entry = registry.find(word)
    return bool(registry.demonyms.lookup(word)) or (entry is not None and entry.kind == "state")


def _possessive(tokens: list[Token], k: int) -> bool:
    return k + 1 < len(tokens) and tokens[k + 1].text == "'"


def _role(text: str, span: tuple[int, int], head: str | None, registry: Registry) -> str:
    """Role of a source phrase: title words up to the head, then ", affiliation" named after a preposition."""
    words: list[str] = []
    tokens = tokenize(text[span[0] : span[1]], span[0])
    rest: list[Token] = []
    for k, tok in enumerate(tokens):
        lower = tok.text.lower()
        if lower in PREPOSITIONS and words:
            rest = tokens[k + 1 :]
            break
        if head is not None and lower == head:
            words.append(tok.text)
            continue
        if lower in _HONORIFICS:
            continue  # "Dr. Nadia Okafor": no role
        if lower in TITLE_ABBREVIATIONS and tokens[k + 1 : k + 2] and tokens[k + 1].text == ".":
            words.append(TITLE_ABBREVIATIONS[lower])  # "Sen." -> senator
            continue
        if (_possessive(tokens, k) and tok.text[:1].isupper()) or _is_country(tok.text, registry):
            continue  # "Iraq's", "Russian": the country, not the role ("the ministry's spokesman" keeps 'ministry')
        officer = lower in _OFFICER_KINDS and tokens[k + 1 : k + 2] and tokens[k + 1].text.lower() == "officer"
        if lower in ROLE_WORDS or officer or (tok.text[:1].isupper() and lower not in _DETERMINERS):
            words.append(tok.text)
    role = normalise_role(words)
    affiliation = _affiliation(text, rest, registry) if rest else None
    if affiliation:
        role = f"{role}, {affiliation}" if role else affiliation
    return role


def _by_words(words: list[str], named: bool, head: str | None = None) -> tuple[SourceType, str] | None:
    """Type from cue words; ``named`` says a proper name heads the phrase (so it is not anonymous)."""
    if (spokes := _has(words, SPOKES_WORDS)) and _has(words, _PLATFORM_WORDS):
        return "spokesperson", f"'{spokes}' in the source phrase: speaks for the company"  # "a TikTok spokesperson"
    if (cue := _has(words, _PLATFORM_WORDS)) or ("x" in words and " on x " in " " + " ".join(words) + " "):
        return "social_media", f"'{cue or 'X'}' names a social-media source"
    if not named and head in _STATE_PLURALS:
        return "government", f"'{head}' names governments"  # "Western governments", "several countries said"
    if not named and head in _POST_HEADS:
        return "social_media", f"'{head}' names a social-media post"
    if not named and head in DOCUMENT_HEADS:
        return "document", f"'{head}' names a document"
    if not named and head in {"hospital", "hospitals", "clinic", "clinics"}:
        return "organisation", f"'{head}': a hospital speaks for itself"  # "The regional hospital said"
    if not named and head in {"trial", "trials"} and (study := _has(words, _STUDIED)):
        return "document", f"'{head}' with '{study}': a study, not a court case"  # "a trial of 6,000 adults"
    if not named and head in {"agency", "agencies"} and not _has(words, _NEWS_AGENCY | _RELIEF):
        return "government", f"'{head}': a public agency"  # "the regional environment agency said"
    if not named and head in {"agency", "agencies"} and (relief := _has(words, _RELIEF)):
        return "organisation", f"'{relief} {head}': aid organisations"  # "Aid agencies say"
    if not named and head in {"figures", "statistics"} and (kind := _has(words, _STATISTICS)):
        return "document", f"'{kind} {head}': statistics"  # "official figures show", not "senior figures"
    if cue := _has(words, SPOKES_WORDS):
        return "spokesperson", f"'{cue}' in the source phrase"
    # a journalist anywhere in a named person's description ("editor of Grid Weekly Marta Lind"); in an unnamed
    # phrase only as its head (not "voices that ranged from child psychologists to news reporters")
    outlet_words = _OUTLET_HEADS if named else _OUTLET_BODIES
    if (head in _OUTLET_HEADS or (cue := _has(words, outlet_words))) and not any(w in ANONYMOUS_HEADS for w in words):
        # "The Italian daily Corriere della Sera"; not "US officials interviewed by the newspaper"
        return "news_outlet", f"'{head if head in _OUTLET_HEADS else cue}' names a news outlet"
    if not named and head in _BODIES | BUSINESS_NOUNS and f" {head} of " not in f" {' '.join(words)} ":
        return "organisation", f"'{head}' names a company or association"  # "Patients' groups" (not "a group of")
    if not named and (cue := _has(words, ANONYMOUS_HEADS | ANONYMOUS_MARKERS)):
        return "anonymous", f"unnamed source ('{cue}')"
    if not named and words[:1] == ["the"] and head in _SOLE_POSTS and not {"former", "ex"} & set(words):
        return "government", f"'the {head}': the one holding a post, known to the reader"  # "The minister has said"
    if not named and head in OFFICE_HOLDERS:
        return "anonymous", f"unnamed source ('{head}')"
    if (author := _has(words, _AUTHORS)) and (work := _has(words, _RESEARCH_WORKS)):
        return "expert", f"'{author}' of a {work}"  # "the study's lead author", "the report's authors"
    if not named and head in {"authors", "co-authors", "coauthors"} and len(words) <= 3:
        return "expert", f"'{head}': who wrote the study or report"  # "The authors said"
    if cue := _has(words, EXPERT_WORDS):
        if not named and words and all(w in EXPERT_WORDS or w in _VAGUE for w in words):
            return "anonymous", f"unnamed {cue} ('{' '.join(words)}'): no name or affiliation"
        return "expert", f"'{cue}' in the source phrase"
    if cue := _has(words, CLERICS):
        return "organisation", f"'{cue}': speaks for a church or faith"  # "Russian Orthodox Patriarch Kirill"
    if (cue := _has(words, _EXECUTIVES)) and (body := _has(words, _BODIES | BUSINESS_NOUNS)):
        return "organisation", f"'{cue}' of a {body}"  # "the firm's chief executive, Laura Mendes"
    if words[:1] == ["its"] and (cue := _has(words, _BODY_HEADS)):
        return "organisation", f"'its {cue}': heads the body just named"  # "Its president, Maria Delgado"
    if cue := _has(words, _COMPANY_OFFICERS):
        return "organisation", f"'{cue}': a company's officer"  # "chief operating officer Dana Whitfield"
    if cue := _has(words, _CIVIL_OFFICERS):
        return "government", f"'{cue}': a public servant, not a soldier"  # "chief fire officer Lena Brandt"
    if cue := _has(words, MILITARY_WORDS):
        return "intelligence_military", f"'{cue}' in the source phrase"
    if cue := _has(words, GOVERNMENT_WORDS):
        if cue in _LEADERS and (body := _has(words, _BODIES)):
            return "organisation", f"'{cue}' of a {body}"  # "Paul Cicio, the group's president"
        if cue in _LEADERS and (academy := _has(words, _ACADEMIC_BODIES)):
            return "expert", f"'{cue}' of an '{academy}'"  # "president of the AI for Science Institute"
        return "government", f"'{cue}' in the source phrase"
    if cue := _has(words, _BODIES | BUSINESS_NOUNS):
        return "organisation", f"'{cue}' names a company or association"  # "The utility said"
    return None


def _lawmakers(words: list[str], head: str | None) -> tuple[SourceType, str] | None:
    """Members of a legislature named by their party: "Senate Republicans", "House Democrats"."""
    if head in _PARTY_MEMBERS and (house := _has(words, LEGISLATURE_WORDS)):
        return "government", f"'{head}' of the '{house}': members of a legislature"
    return None


_PARTY_MEMBERS = frozenset({"republicans", "democrats", "dems", "gop", "tories", "conservatives", "liberals"})


def _someone(words: list[str], head: str | None) -> tuple[SourceType, str] | None:
    """An unnamed private person or group, not taken up from before: "a woman", "another student", "victims".

    A definite one ("the teacher", "my daughter") is left unknown: it may be someone the article named.
    """
    plural = head is not None and head.endswith("s") and head[:-1] in _PRIVATE_PEOPLE  # "growers", "residents"
    if (head not in _PRIVATE_PEOPLE and not plural) or not words or words[0] in _DEFINITE_WORDS:
        return None
    assert head is not None
    if words[0] in _INDEFINITE_WORDS or (head.endswith("s") or head in {"men", "women", "children"}):
        return "anonymous", f"unnamed person or people ('{head}')"
    return None


#: People with no post, who speak only for themselves ("a woman said", "many neighbours").
_PRIVATE_PEOPLE = frozenset(
    {"woman", "man", "women", "men", "girl", "boy", "girls", "boys", "caller", "callers", "eyewitness", "dispatcher",
     "dispatchers", "recruiter", "teacher", "victim", "victims", "mother", "father", "daughter", "son", "husband",
     "wife", "neighbour", "neighbor", "neighbours", "neighbors", "friend", "friends", "passenger", "driver",
     "student", "nurse", "doctor", "patient", "survivor", "worker", "farmer", "parent", "voter", "user", "customer",
     "child", "children", "teenager", "teenagers", "teen", "teens", "family", "families", "lawyer", "attorney",
     "politician", "executive", "grower", "resident", "shopper", "protester", "demonstrator", "villager", "commuter",
     "tenant", "homeowner", "pensioner", "trader", "shopkeeper", "fisherman", "fishermen", "witness", "witnesses",
     "local", "fan", "rider", "owner", "employee", "staff"}
)
_INDEFINITE_WORDS = frozenset({"a", "an", "one", "two", "three", "four", "five", "some", "several", "many", "other",
                               "another", "most", "few", "dozens", "hundreds", "thousands"})
_DEFINITE_WORDS = frozenset({"the", "this", "that", "these", "those", "his", "her", "their", "my", "our", "its",
                             "your"})


#: Unnamed states or their bodies, in the plural, heading a source phrase.
_STATE_PLURALS = frozenset({"governments", "ministries", "embassies", "countries", "nations", "states"})

#: Titles of courtesy, which say nothing of a role.
_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "madam", "madame", "mme", "m"})

#: Who speaks for a company as its head ("the company's chief executive").
#: Posts that head a body, as "its ..." names them ("Its director general, Olivier Niggli").
_BODY_HEADS = frozenset({"president", "vice president", "chairman", "chairwoman", "chair", "head", "chief", "leader",
                         "secretary", "director", "director-general", "founder", "boss"})
#: Who wrote a piece of research, and the research ("the study's lead author").
_AUTHORS = frozenset({"author", "authors", "co-author", "co-authors", "coauthor", "coauthors"})
_RESEARCH_WORKS = frozenset({"study", "studies", "paper", "research", "report", "survey", "analysis", "trial",
                             "review"})
#: Posts one person holds at a time: "the minister" is someone the reader can name, not an anonymous source.
_SOLE_POSTS = frozenset({"minister", "ambassador", "governor", "mayor", "senator"})
#: Words that make a 'trial' a study ("a clinical trial", "a trial of 6,000 adults published on Wednesday").
_STUDIED = frozenset({"clinical", "randomised", "randomized", "controlled", "published", "adults", "patients",
                      "participants", "volunteers", "people", "children", "women", "men", "drug", "vaccine"})
#: Words that make 'figures' statistics ("official figures show") rather than people ("senior figures").
_STATISTICS = frozenset({"official", "latest", "new", "recent", "provisional", "preliminary", "monthly", "annual",
                         "quarterly", "government", "industry", "trade", "census", "police", "unemployment", "sales",
                         "economic", "customs", "ministry", "national", "union", "company", "hospital"})
#: What a company's officer is in charge of ("chief operating officer").
_OFFICER_KINDS = frozenset({"operating", "financial", "technology", "information", "compliance", "marketing",
                            "commercial", "investment", "legal", "risk", "data", "people", "revenue", "digital",
                            "strategy", "sustainability", "product", "customer"})
#: Officers of a company, whom 'officer' does not make military.
_COMPANY_OFFICERS = frozenset({f"{kind} officer" for kind in _OFFICER_KINDS}) | {
    "ceo", "cfo", "coo", "cto", "chief executive", "chief executive officer"}
#: Officers of a public service, whom 'officer' does not make military.
_CIVIL_OFFICERS = frozenset({f"{kind} {officer}" for kind in ("fire", "police", "medical", "health", "customs",
                                                              "returning", "probation", "prison", "election",
                                                              "administrative")
                             for officer in ("officer", "officers")})
_EXECUTIVES = frozenset({"chief executive", "ceo", "executive", "founder", "owner", "managing director", "chairman",
                         "chairwoman", "president", "director", "manager", "boss", "chief", "head"})


#: Posts that head any body, not only a state ("the group's president").
_LEADERS = frozenset({"president", "vice president", "chairman", "chairwoman", "chair", "head", "chief", "leader",
                      "secretary", "general secretary"})
#: Bodies other than states a leader may head.
_BODIES = frozenset(
    {"group", "company", "firm", "union", "association", "organisation", "organization", "club", "foundation",
     "charity", "corporation", "coalition", "federation", "league", "society", "lobby", "chamber", "business",
     "trust", "fund"}
    | {"groups", "companies", "firms", "unions", "associations", "organisations", "organizations", "charities",
       "businesses", "utilities", "coalitions", "federations", "clubs", "leagues", "societies"}
)


#: People who work for a news outlet ("editor of London-based Energy Intelligence Michael Ritchie").
_JOURNALISTS = frozenset({"editor", "editors", "editor-in-chief", "journalist", "journalists", "reporter",
                          "reporters", "correspondent", "correspondents", "columnist", "columnists", "anchor"})

#: Nouns that make a source phrase a news outlet ("The Italian daily Corriere della Sera", "the broadcaster").
_OUTLET_HEADS = frozenset({"newspaper", "newspapers", "daily", "tabloid", "broadsheet", "broadcaster", "weekly",
                           "magazine", "news agency", "newswire", "news outlet", "outlet", "outlets",
                           "broadcasters", "tabloids", "media", "press", "news agencies", "newswires",
                           "wire service", "wire services", "state television", "state tv", "state radio",
                           "state media", "television channel", "tv channel", "radio station", "news channel"}
                          | _JOURNALISTS)
_OUTLET_BODIES = _OUTLET_HEADS - _JOURNALISTS

#: Words that describe an organisation as campaigning rather than researching ("a group that campaigns against").
_ADVOCACY = frozenset({"campaigns", "campaigning", "lobby", "lobbies", "lobbying", "advocacy", "advocates",
                       "pressure group", "campaign group", "activist group"})

#: Words for whoever leads a country ("Taiwan's leader", "the emir").
_RULERS = frozenset({"leader", "ruler", "head of state", "monarch", "king", "queen", "emir", "sultan", "dictator",
                     "strongman", "supreme leader"})

#: Heads of an unnamed source that is a social-media post ("A post shared thousands of times claims ...").
_POST_HEADS = frozenset({"post", "posts", "tweet", "tweets", "retweet", "meme", "memes", "reel", "video", "videos",
                         "clip", "clips"})

#: Words that leave "experts say", "some analysts", "many scientists" without anyone identifiable.
_VAGUE = frozenset({"a", "an", "so", "called", "so-called", "self-styled", "some", "many",
                    "several", "other", "others", "most", "few", "two", "three",
                    "independent", "leading", "top", "outside", "western", "foreign", "various", "numerous"})


def _is_proper(phrase: str) -> bool:
    """A name the entity recogniser missed: every word after an opening 'The' capitalised."""
    words = phrase.split()
    if words and words[0] in {"The", "the"}:
        words = words[1:]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


#: Civilian uses of 'intelligence' in a name ("Microsoft Threat Intelligence Center").
_CIVIL_INTELLIGENCE = frozenset({"threat", "artificial", "business", "market", "open-source", "competitive"})
#: Bodies a cyber-security name goes with in a national agency ("Danish Centre for Cyber Security").
_CYBER_AGENCY = frozenset({"centre", "center", "agency", "authority", "office", "directorate", "command"})


#: A bare noun phrase for a business, as an appositive: "the utility", "a Zurich-based firm".
_BUSINESS_PHRASE = re.compile(r"\W*(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,3}?([\w-]+)[\s,]*$", re.IGNORECASE)


def _business(text: str, descriptors: list[tuple[int, int]]) -> str | None:
    """The business noun of an appositive descriptor ("the utility, X"), if one is nothing more than that."""
    for start, end in descriptors:
        match = _BUSINESS_PHRASE.match(text[start:end])
        if match and match.group(1).lower() in BUSINESS_NOUNS:
            return match.group(1)
    return None


def _by_org_name(words: list[str]) -> tuple[SourceType, str] | None:
    words = [w for i, w in enumerate(words) if not (w == "intelligence" and i and words[i - 1] in _CIVIL_INTELLIGENCE)]
    cyber = next((w for w in words if w.startswith("cyber")), None)
    if cyber and (body := _has(words, _CYBER_AGENCY)) and not _has(words, MILITARY_WORDS):
        return "government", f"'{cyber}' with '{body}' in the organisation's name: a national cyber-security agency"
    if cue := _has(words, MILITARY_WORDS):
        return "intelligence_military", f"'{cue}' in the organisation's name"
    if cue := _has(words, GOVERNMENT_WORDS):
        return "government", f"'{cue}' in the organisation's name"
    if cue := _has(words, ORG_EXPERT_WORDS):
        return "expert", f"'{cue}' in the organisation's name"
    if (cue := _has(words, ORG_OUTLET_WORDS)) and (cue != "agency" or _has(words, _NEWS_AGENCY)):
        return "news_outlet", f"'{cue}' in the organisation's name"  # not "World Anti-Doping Agency"
    return None


def _company_name(words: list[str]) -> tuple[SourceType, str] | None:
    """A company's name the recogniser missed, by its last word ("Atlas Peak Partners"); not "West Bank"."""
    if len(words) > 1 and words[-1] in COMPANY_SUFFIXES - {"bank"}:
        return "organisation", f"'{words[-1]}' ends a company's name"
    return None


#: Words that make an agency an aid organisation ("aid agencies", "relief agencies").
_RELIEF = frozenset({"aid", "relief", "humanitarian", "charity", "charitable", "development"})
#: Words that make an agency a news agency ("Anadolu News Agency", "Agence France-Presse").
_NEWS_AGENCY = frozenset({"news", "press", "information", "telegraph", "presse", "wire"})


def _words(text: str) -> list[str]:
    tokens = tokenize(text)
    words = [
        TITLE_ABBREVIATIONS.get(t.text.lower(), t.text.lower()) if tokens[k + 1 : k + 2] and tokens[k + 1].text == "."
        else t.text.lower()
        for k, t in enumerate(tokens) if t.text[:1].isalnum()
    ]  # "Sen." is a senator, "Lt. Gen." a general
    # "director-general", "attorney general": civil posts, not a general's rank
    # ("general secretary", "general manager": no rank either)
    return [w for i, w in enumerate(words) if not (w == "general" and (
        (i and words[i - 1] in _CIVIL_GENERALS) or (words[i + 1 : i + 2] and words[i + 1] in _GENERAL_POSTS)))]


_GENERAL_POSTS = frozenset({"secretary", "manager", "counsel", "assembly", "council", "prosecutor", "election",
                            "elections", "public", "director"})
_CIVIL_GENERALS = frozenset({"director", "secretary", "attorney", "surgeon", "auditor", "inspector", "solicitor",
                             "governor", "consul", "postmaster", "accountant", "comptroller", "registrar"})


def _from_entry(entry: Entry, draft: Draft) -> Typing:
    forms = {m.form for m in draft.mentions}
    reason = f"registry entry '{entry.id}'"
    if forms == {"metonym"}:
        places = sorted({m.text for m in draft.mentions})
        reason += f": {', '.join(places)} stands for {entry.name}"
    elif forms == {"people"}:
        reason += f": '{draft.mentions[0].text}' stands for {entry.name}"
    body = [entry.body] if entry.body else []  # "Kaja Kallas" speaks for the EU
    return Typing(entry.type, entry.country, entry.role, reason, entry.state_controlled, body)


def _of_international(typing: Typing, affiliations: list[Entry]) -> Typing:
    """An official, spokesperson or unnamed body of an international organisation speaks for it, not for a state.

    "The UN special envoy for Libya, Hanna Tetteh": the UN's, not Libya's.
    """
    if typing.type not in {"government", "spokesperson", "unknown", "organisation"}:
        return typing  # "WHO Director-General Tedros": the WHO's
    body = next((e for e in affiliations if e.type == "international_org"), None)
    if body is None:
        return typing  # "the United Nations human rights monitoring mission in Ukraine": a UN body
    if typing.type == "unknown":
        reason = f"a body of {body.name}, an international organisation"
    else:
        reason = f"{typing.reason.split(';')[0]} of {body.name}, an international organisation"
    return Typing("international_org", None, typing.role, reason, False, typing.affiliations)


#: A stance noun and what it takes a stance on: "an outspoken backer of the Ukrainian war effort and providing US
#: military support" says what the person favours, not whom they work for.
_STANCE = re.compile(
    r"\b(?P<noun>(?:backer|supporter|critic|opponent|advocate|proponent|champion|defender|admirer|detractor|foe"
    r"|fan|sceptic|skeptic|cheerleader)s?)\s+(?:of|for)\b",
    re.IGNORECASE,
)


def _without_stance(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A description cut after its stance noun: no type and no country from the cause a person backs."""
    stance = _STANCE.search(text, span[0], span[1])
    return (span[0], stance.end("noun")) if stance else span


#: A person's name closing a source phrase after a comma: "Norway's minister of Foreign Affairs, Espen Barth Eide".
_NAME_AFTER = re.compile(r",\s+(?:[A-Z][\w'\u2019-]+\s+){1,3}[A-Z][\w'\u2019-]+(?=\s*(?:,|$))")
#: Posts one person holds at a time: "the Russian ambassador to Mexico" is somebody the reader can identify.
_UNIQUE_POSTS = frozenset({"minister", "ambassador", "envoy", "governor", "mayor", "leader", "head", "chief",
                           "director", "commander", "president", "premier", "chancellor", "secretary"})
_MILITARY_POSTS = frozenset({"commander"})
#: A definite phrase: "the ...", "Russia's ...".
_DEFINITE = re.compile(r"(?:the\s|[A-Z][\w.-]*['\u2019]s\s)", re.IGNORECASE)

#: Words that put an office in the past: "former minister", "ex-MI6 chief", "retired general", "one-time adviser".
_FORMER = frozenset({"former", "ex", "retired", "onetime", "erstwhile"})
_OFFICIAL = frozenset({"government", "spokesperson", "intelligence_military"})


def _former(text: str, spans: list[tuple[int, int]]) -> tuple[str, str] | None:
    """The office a person held and holds no more: every description naming an office puts it in the past.

    "Former German Interior Minister Otto Schily" speaks for no government; "Dmitry Medvedev, the former president
    and deputy chairman of the Security Council" still does (one office is current).
    """
    held: tuple[str, str] | None = None
    spans = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]  # a word of one
    for start, end in spans:
        words = _words(text[start:end])
        words = [w for k, w in enumerate(words) if not (w == "time" and k and words[k - 1] == "one")]
        words = ["onetime" if w == "one" and words[k + 1 : k + 2] == ["time"] else w for k, w in enumerate(words)]
        typed = _by_words(words, named=True)
        if typed is None or typed[0] not in _OFFICIAL:
            continue
        if not any(w in _FORMER for w in words) or " now " in f" {' '.join(words)} ":
            return None
        held = ("retired" if "retired" in words else "former"), typed[1]
    return held


#: A social-network handle right after a name, as the line signing an embedded post has it: "Name 🇨🇦 (@handle)".
_HANDLE_AFTER = re.compile(r"[^\S\n]*[^\w\s(]{0,8}[^\S\n]*\(@\w{1,30}\)")


def type_draft(draft: Draft, text: str, registry: Registry) -> Typing:
    """Type one actor: registry first, then the words naming or describing it."""
    typing = _type_draft(draft, text, registry)
    if typing.type in {"unknown", "person"} and (
        handle := next((h for end in _ends(draft) if (h := _HANDLE_AFTER.match(text, end))), None)
    ):
        reason = f"signs a social-network post as '{handle.group().strip()}'"
        role = None if (typing.role or "").lower() == draft.name.lower() else typing.role  # not the name again
        return Typing("social_media", typing.country, role, reason, False, typing.affiliations)
    return typing


def _ends(draft: Draft) -> list[int]:
    return [m.end for m in draft.mentions] + ([draft.phrase[1]] if draft.phrase is not None else [])


def _type_draft(draft: Draft, text: str, registry: Registry) -> Typing:
    if draft.entry is not None:
        return _from_entry(draft.entry, draft)
    descriptors = [_without_stance(text, span) for span in draft.descriptors]
    spans = list(descriptors)
    if draft.phrase is not None:
        spans.append(draft.phrase)
    spans.extend((m.start, m.end) for m in draft.mentions if draft.label in {"ORG", "GPE"})
    country, affiliations, cue = _evidence(text, spans, registry)
    where = f"; country from '{cue}'" if cue else ""
    affiliated = [e.id for e in affiliations]
    if draft.phrase is not None and draft.label == "SOURCE":  # an unnamed source phrase
        phrase = text[draft.phrase[0] : draft.phrase[1]]
        words = _words(phrase)
        person = _NAME_AFTER.search(phrase) is not None  # "Norway's minister of Foreign Affairs, Espen Barth Eide"
        named = person or _is_proper(phrase)
        proper = (_by_org_name(words) or _by_words(words, named=True) or _company_name(words)
                  if _is_proper(phrase) else None)
        proper = proper or (_by_words(words, named=True) if person else None)
        unnamed = (proper or _lawmakers(words, draft.head) or _by_words(words, named=False, head=draft.head)
                   or _someone(words, draft.head) or ("unknown", "unnamed source of unknown kind"))
        post = draft.head if draft.head in _UNIQUE_POSTS and _former(text, [draft.phrase]) is None else None
        if unnamed[0] == "anonymous" and post and (country or affiliations) and _DEFINITE.match(phrase):
            kind: SourceType = "intelligence_military" if post in _MILITARY_POSTS else "government"
            unnamed = kind, (f"'{post}' named in the source phrase" if named
                             else f"the one '{post}' the phrase names: an identifiable official, though unnamed")
        role = _role(text, draft.phrase, draft.head, registry) or None
        official = unnamed[0] in {"spokesperson", "government", "intelligence_military", "anonymous", "document"}
        official = official and _former(text, [draft.phrase]) is None  # "a former intelligence officer"
        speaks = official and (country is not None or any(e.state_controlled for e in affiliations))
        typed = Typing(unnamed[0], country, role, unnamed[1] + where, speaks, affiliated)
        return _of_international(typed, affiliations)
    described = [w for s, e in descriptors for w in _words(text[s:e])]
    # "Margot Vandervelden, WFP interim regional director": a person the recogniser took for a place
    after = [w for s, e in descriptors if draft.mentions and s >= draft.mentions[0].end for w in _words(text[s:e])]
    person = draft.label == "PERSON" or (draft.label == "GPE" and bool(after) and (
        _by_words(after, named=True) is not None or _has(after, OFFICE_HOLDERS | {"president"}) is not None))
    if person and (business := _business(text, descriptors)):
        return Typing("organisation", country, None, f"a company ('{business}' in apposition)" + where, False,
                      affiliated)  # "the utility, Køge Forsyning": the recogniser read a person
    if person:
        titled = _by_words(described, named=True) if described else None
        if titled is None and country is not None and (ruler := _has(described, _RULERS)):
            titled = ("government", f"'{ruler}' of a country")  # "Taiwan's leader Lai Ching-te"
        if titled is None and (office := _has(described, OFFICE_HOLDERS | {"president", "commissioner"})):
            titled = ("government", f"'{office}' in the description")  # "the EU's foreign policy chief"
            if not any(e.type == "international_org" for e in affiliations):
                titled = None  # a 'chief' or 'head' of what is unknown: no type from the post alone
        if titled is None and (cleric := _has(_words(draft.name), CLERICS)):
            titled = ("organisation", f"'{cleric}': speaks for a church or faith")  # "Pope Francis"
        if titled is None and (academy := _has(described, _ACADEMIC_BODIES)) and not _has(described, _LEARNERS):
            titled = ("expert", f"works at a '{academy}'")  # "Andrew Farnsworth of Cornell University"
        if titled is None:
            return Typing("person", country, None, "named person not in the registry" + where, False, affiliated)
        role = next((r for span in descriptors if (r := _role(text, span, None, registry))), None)
        if titled[0] in _OFFICIAL and (held := _former(text, descriptors)) is not None:
            role = role if role is None or role.startswith(held[0]) else f"{held[0]} {role}"
            reason = f"'{held[0]}' office ({held[1]}): speaks for no government now"
            return Typing("person", country, role, reason + where, False, affiliated)
        speaks = titled[0] not in {"expert", "news_outlet", "organisation"}
        typing = Typing(titled[0], country, role, titled[1] + where, speaks, affiliated)
        return _of_international(typing, affiliations)
    if draft.label == "GPE":
        if (body := _by_org_name(_words(draft.name))) is not None:  # "West Yorkshire Police", tagged a place
            return Typing(body[0], country, None, body[1] + where, body[0] == "government", affiliated)
        if described and (outlet := _by_words(described, named=True)) is not None and outlet[0] == "news_outlet":
            return Typing("news_outlet", country, None, outlet[1] + where, False, affiliated)  # "the daily X"
        return Typing("unknown", country, None, "place name not in the registry", False, affiliated)
    name_words = _words(draft.name)
    if advocacy := _has(described, _ADVOCACY):  # "a London-based group that campaigns against climate policies"
        return Typing("organisation", country, None, f"an advocacy group ('{advocacy}' in its description)" + where,
                      False, affiliated)
    found = _by_org_name(name_words) or (_by_words(described, named=True) if described else None)
    owner = next((e for e in affiliations if e.type == "organisation"), None)
    if owner is not None and (found is None or found[0] in {"expert", "intelligence_military"}):
        return Typing("organisation", country, None, f"a unit of {owner.name}" + where, owner.state_controlled,
                      affiliated)  # "Microsoft's Threat Intelligence Center"
    if found is None:
        return Typing("organisation", country, None, "named organisation not in the registry" + where, False,
                      affiliated)
    official = found[0] in {"government", "intelligence_military", "spokesperson"}
    return Typing(found[0], country, None, found[1] + where, official, affiliated)

"""Salience-based resolution of pronoun and nominal sources to the named mention they refer to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcetrace.article import Entity, Offsets
from sourcetrace.stages._actors_lexicon import (
    ANONYMOUS_HEADS,
    BUSINESS_NOUNS,
    CALENDAR_WORDS,
    CLERICS,
    DOCUMENT_HEADS,
    EXPERT_WORDS,
    OFFICE_HOLDERS,
    TITLE_ABBREVIATIONS,
)

__all__ = [
    "Mention", "anaphor_noun", "could_be_person", "gender_of", "head_kind", "is_person_noun", "org_head",
    "pronoun_gender", "represents",
    "resolve_source", "source_class",
]

_PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
#: Titles and nouns that say whether a person is a man or a woman ("spokeswoman Maria X", "Mr. Y").
_GENDERED = {
    **dict.fromkeys(
        ("mr", "sir", "lord", "king", "prince", "spokesman", "chairman", "congressman", "businessman",
         "councilman", "assemblyman", "father", "husband", "son", "brother", "boy", "grandfather", "uncle",
         "pope", "cardinal", "archbishop", "monsignor", "patriarch", "ayatollah", "abbot", "friar", "monk"),
        "m",
    ),
    **dict.fromkeys(
        ("mrs", "ms", "miss", "madam", "madame", "dame", "lady", "queen", "princess", "spokeswoman",
         "chairwoman", "congresswoman", "businesswoman", "councilwoman", "assemblywoman", "mother", "wife",
         "daughter", "sister", "girl", "grandmother", "aunt", "actress", "widow", "nun", "abbess"),
        "f",
    ),
}
_ORG_PRONOUNS = frozenset({"it", "its"})
_PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
_RELATIVE = frozenset({"who", "which", "that"})
_PERSON_NOUNS = frozenset(
    {
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "minister",
        "president",
        "senator",
        "officer",
        "commander",
        "general",
        "candidate",
        "source",
        "analyst",
        "expert",
        "director",
        "chief",
        "ambassador",
        "leader",
        "man",
        "woman",
        "diplomat",
        "governor",
        "secretary",
        "representative",
        "mayor",
        "premier",
        "chancellor",
        "judge",
        "prosecutor",
        "lawyer",
        "attorney",
        "chairman",
        "chairwoman",
        "executive",
        "founder",
        "envoy",
        "emissary",
        "negotiator",
        "mediator",
        "adviser",
        "advisor",
        "aide",
        "deputy",
        "lawmaker",
        "legislator",
        "congressman",
        "congresswoman",
        "commissioner",
        "inspector",
        "investigator",
        "consul",
        "economist",
        "scientist",
        "researcher",
        "professor",
        "activist",
        "journalist",
        "reporter",
        "correspondent",
        "editor",
        "witness",
        "resident",
        "doctor",
        "soldier",
        "farmer",
        "owner",
        "manager",
        "coordinator",
        "colonel",
        "captain",
        "priest",
        "bishop",
        "pastor",
        "imam",
        "rabbi",
    }
)
_ORG_NOUNS = frozenset(
    {
        "ministry",
        "statement",
        "report",
        "agency",
        "service",
        "department",
        "government",
        "administration",
        "office",
        "committee",
        "group",
        "company",
        "campaign",
        "council",
        "organization",
        "organisation",
        "newspaper",
        "outlet",
        "paper",
        "army",
        "military",
        "command",
        "embassy",
        "coalition",
        "body",
        "intelligence",
        "document",
        "communique",
        "institute",
        "institution",
        "center",
        "centre",
        "foundation",
        "university",
        "hospital",
        "firm",
        "bank",
        "court",
        "party",
        "union",
        "association",
        "network",
        "platform",
        "regulator",
        "watchdog",
        "authority",
        "commission",
        "board",
        "bureau",
        "charity",
        "channel",
        "broadcaster",
        "study",
        "survey",
        "poll",
        "operator",
        "manufacturer",
        "producer",
        "supplier",
        "carrier",
        "utility",
        "airline",
        "insurer",
        "lender",
        "retailer",
        "unit",
        "panel",
        "tribunal",
    }
)
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
#: Posts named with the body they lead ("the head of the media group").
_LEADER_NOUNS = frozenset(
    {"head", "chief", "director", "leader", "boss", "chairman", "chairwoman", "founder", "editor"}
)
_ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})


#: Nominal anaphors that may take up a news outlet ("the newspaper said"); others ("the department") may not.
_OUTLET_NOUNS = frozenset({"newspaper", "outlet", "paper", "report", "agency", "channel", "broadcaster"})


@dataclass(frozen=True)
class Mention:
    """A named mention that a later source may refer back to.

    ``refers_to`` is set for an anaphoric source already resolved ("the department" ->
    "Homeland Security"), so a later "it" reaches the name through it; ``outlet`` marks a
    news outlet, which "the department" or "the statement" cannot mean.
    """

    span: Offsets
    kind: str  # "person", "org", "people" (plural persons), "thing" (no person: "the plan") or "any"
    from_source: bool
    refers_to: Offsets | None = None
    outlet: bool = False
    place: bool = False  # a country or place ("UK"): "it" may be its government, "the weather agency" never
    gender: str | None = None  # "m" or "f" when the words say so ("spokeswoman", "Mr.", "she")


def gender_of(words: str) -> str | None:
    """'m' or 'f' when the words hold exactly one gendered title or noun ("ministry spokeswoman"), else None."""
    keys = (w.strip(",'\u2019") for w in words.lower().replace(".", " ").split())
    found = {g for w in keys if (g := _GENDERED.get(w)) is not None}
    return found.pop() if len(found) == 1 else None


def pronoun_gender(text: str) -> str | None:
    """The gender of a lone personal pronoun source ('she' -> 'f') or of the owner of a representative ('her
    spokesman' -> 'f'), else None."""
    words = text.strip().lower().split()
    if len(words) > 1 and represents(text):
        return _PERSON_PRONOUNS.get(words[0])
    return _PERSON_PRONOUNS.get(" ".join(words))


#: Who speaks for the person or body a possessive pronoun stands for ("his spokesman", "its press office").
_REPRESENTATIVES = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "spokesmen", "spokespeople", "team", "office", "aide", "aides",
     "campaign", "camp", "lawyer", "lawyers", "attorney", "attorneys", "representative", "representatives",
     "entourage", "staff", "secretary"}
)
_REPRESENTATIVE_KINDS = frozenset(
    {"press", "legal", "campaign", "communications", "media", "reelection", "re-election"}
)
_OWNER_PRONOUNS = {"his": "person", "her": "person", "its": "org", "their": "plural"}


def represents(text: str) -> str | None:
    """What the owner of 'his spokesman', 'its press office', 'their lawyers' must be, or None for other phrases.

    Two or three words, nothing named after the pronoun ("Its spokesman Dmitry Peskov" is Peskov).
    """
    words = text.lower().split()
    if not 2 <= len(words) <= 3 or words[-1].strip(".,") not in _REPRESENTATIVES:
        return None
    if len(words) == 3 and words[1] not in _REPRESENTATIVE_KINDS:
        return None  # "his former adviser" speaks for himself
    if any(w[:1].isupper() for w in text.split()[1:]):
        return None
    return _OWNER_PRONOUNS.get(words[0])

def source_class(text: str) -> str | None:
    """Return which named mention a source needs ('person', 'org', 'plural', 'any', 'named'), or None if named.

    'named' (for 'the latter') asks for the nearest entity mention itself rather than an earlier source.
    """
    text = _RELATIVE_ASIDE.split(text, maxsplit=1)[0]  # "The service, which is run by X," is "The service"
    words = text.lower().split()
    if not words:
        return None
    if words in (["the", "latter"], ["the", "former"]):
        return "named"
    if len(words) >= 4 and words[0] in _DEFINITE and words[1] in _LEADER_NOUNS and words[2] == "of" and not any(
        w[:1].isupper() for w in text.split()[3:]
    ):
        return "person"  # "The head of the media group stressed": the person named before
    if len(words) >= 3 and words[1] == "of" and words[2].strip(",") in {"them", "those", "these"}:
        return "people"  # "One of them, who was not authorised to speak, said": one of the group just cited
    if len(words) == 4 and words[:3] == ["one", "of", "the"] and could_be_person(words[3]):
        return "people"  # "one of the people said": one of "three people familiar with the matter"
    if len(words) == 1 and len(text.strip()) > 1 and text.isupper():
        return None  # "the WHO said": an acronym, not 'who'
    if len(words) == 1:
        word = words[0]
        if word in _PERSON_PRONOUNS:
            return "person"
        if word in _ORG_PRONOUNS:
            return "org"
        if word in _PLURAL_PRONOUNS:
            return "plural"
        if word in _RELATIVE:
            return "any"
    if (owner := represents(text)) is not None:
        return owner  # "His spokesman said": the person 'his' stands for speaks through him
    if words[0] == "this" and words[-1].strip(".,") in _SELF_NOUNS:
        return None  # "this outlet", "this newspaper": the publisher itself, no earlier body
    possessed = any(w.endswith(("'s", "\u2019s", "s'", "s\u2019")) for w in words[1:-1])  # "the minister's office"
    if (
        words[0] in _DEFINITE
        and len(words) <= 4
        and not possessed
        and not any(w[:1].isupper() for w in text.split()[1:])
    ):
        head = words[-1].strip(".,")
        if head in _PERSON_NOUNS:
            return "person"
        if head in _ORG_NOUNS | _MAKERS:  # "the carmaker", "the packaged-food maker"
            return "org"
    return None


#: A relative clause set off by a comma after a source's head ("The service, which is run by ...").
_RELATIVE_ASIDE = re.compile(r",\s+(?:which|who|whose|whom)\b")

#: What the publishing outlet calls itself ("As this outlet reported").
_SELF_NOUNS = frozenset({"outlet", "newspaper", "paper", "publication", "website", "site", "magazine", "station",
                         "channel", "programme", "program", "broadcaster", "newsroom", "reporter", "correspondent"})


def is_person_noun(lemma: str) -> bool:
    """Whether a noun names a person by their post ('mayor', 'spokesman'): 'she' may take it up."""
    return lemma in _PERSON_NOUNS


def entity_kind(entity: Entity) -> str | None:
    """Return 'person', 'people' or 'org' for entity labels a source can refer to, else None."""
    if entity.label == "PERSON":
        return "person"
    if entity.label == "NORP":  # "Republicans", "British": a group ('they'), never "the ministry" or "it"
        return "people"
    if entity.label in _ORG_LABELS:
        return "org"
    return None


def _compatible(need: str, mention: Mention) -> bool:
    if need == "named":
        return not mention.from_source
    if mention.kind == "thing":  # "The directive would stipulate ...": 'it' may take it up, 'he' never
        return need not in {"person", "people"}
    if need == "any" or mention.kind == "any":
        return True
    if need == "plural":
        return mention.kind in {"org", "people"}
    return need == mention.kind  # "people" (one of a group of persons) takes only such a group


def org_head(text: str) -> bool:
    """Whether a source phrase is headed by a body or document noun ("a statement from ...", "the operator, X")."""
    words = [w.strip(",") for w in text.lower().split()]
    if len(words) < 2 or words[0] not in {"a", "an", "the", "its", "their"}:
        return False
    if words[1] in _ORG_NOUNS | _PAPERS | _MAKERS:  # "the carmaker"
        return True
    # "the foreign ministry in Lenz": the last word before a preposition or comma, within six words
    head = _HEAD_END.split(f"{text.strip()} ", maxsplit=1)[0].lower().split()
    return 2 < len(head) <= 6 and head[-1] in _ORG_NOUNS | _PAPERS | _MAKERS and all(w.isalpha() for w in head[1:])


#: Companies named by what they make ("the carmaker", "the packaged-food maker"); not a "policymaker".
_MAKERS = frozenset({"maker", "carmaker", "automaker", "chipmaker", "drugmaker", "toymaker", "steelmaker", "planemaker",
                     "phonemaker", "handsetmaker"})
#: Documents a source phrase may name first ("According to the indictment"), which "the document" takes up;
#: not anaphors themselves.
_PAPERS = frozenset({"indictment", "lawsuit", "complaint", "filing", "memo", "memorandum", "dossier", "letter",
                     "transcript", "ruling", "judgment", "assessment", "audit", "review"})


#: Things that "show" or "say" something: a relative clause after them is no person's ("a clip ... that showed him").
_THING_NOUNS = DOCUMENT_HEADS | _PAPERS | frozenset(
    {"clip", "clips", "videos", "post", "posts", "tweet", "tweets", "photo", "photos", "image", "images", "recording",
     "broadcast", "map", "chart"}
)


def thing_head(text: str) -> bool:
    """Whether a phrase is headed by a thing rather than a speaker ("a clip with his full answer to Carlson")."""
    words = [w.strip(",.") for w in text.lower().split()]
    if len(words) < 2 or words[0] not in {"a", "an", "the", "this", "that", "his", "her", "its", "their"}:
        return False
    head = next((w for w in words[1:4] if w in _THING_NOUNS), None)  # "a new video", "the leaked memo"
    return head is not None and all(w not in {"of", "with", "by", "from"} for w in words[1 : words.index(head)])


def head_kind(text: str) -> str | None:
    """'person' or 'people' when a source phrase is headed by a person noun ("two Homeland Security officials")."""
    words = text.lower().rstrip(" ,.").split()
    if not words:
        return None
    # the head noun: the last word, or a person noun among the first words ("Two diplomats briefed on ...")
    for head in (words[-1], *(w.strip(",") for w in words[:4])):
        if head in _PERSON_NOUNS:
            return "person"
        if head in {"people", "persons"} or (
            head.endswith("s") and (head[:-1] in _PERSON_NOUNS or head[:-2] in _PERSON_NOUNS or head.endswith("men"))
        ):
            return "people"
    # "A rescue worker from the Red Crescent, who gave ... Karim,": the noun before the preposition names a person
    lead = _HEAD_END.split(f"{text.strip()} ", maxsplit=1)[0].split()
    # indefinite only: "the French politician" takes up someone named before rather than being someone new
    noun = lead[-1] if len(lead) >= 2 and lead[0].lower() in {"a", "an", "one", "another"} else ""
    if noun.islower() and noun not in _NOT_PEOPLE and _PERSON_ENDING.search(noun) and (
            not _NOT_PERSON_ENDING.search(noun)):
        return "person"
    return None


#: Nouns with a person's ending that name things ("the order", "a letter").
_NOT_PEOPLE = DOCUMENT_HEADS | BUSINESS_NOUNS | frozenset(
    {"order", "number", "letter", "paper", "chapter", "matter", "power", "border", "water", "computer", "poster",
     "banner", "flyer", "trailer", "center", "centre", "quarter", "register", "counter", "charter", "cover", "motor",
     "sector", "factor", "error", "mirror", "monitor", "tractor", "corridor", "floor", "door", "indicator", "reactor",
     "regulator", "broadcaster", "publisher", "provider", "parliament", "government", "plan", "union"}
)


#: Nouns for a person that the endings below and the post lists miss.
_PEOPLE_WORDS = frozenset(
    {"accused", "admiral", "alien", "ally", "anchor", "apostle", "aunt", "author", "baby", "bailiff", "billionaire",
     "boss", "boy", "brother", "caliph", "celebrity", "chef", "child", "citizen", "cleric", "coach", "colleague",
     "conservative", "cop", "cousin", "critic", "dad", "daughter", "defendant", "delegate", "democrat", "disciple",
     "emperor", "enemy", "eyewitness", "fan", "father", "friend", "gentleman", "girl", "god", "graduate", "guard",
     "gunman", "guy", "heir", "hero", "host", "husband", "immigrant", "intern", "jihadist", "kid", "king", "lady",
     "liberal", "lieutenant", "local", "major", "marshal", "medic", "men", "migrant", "militant", "millionaire",
     "mogul", "mom", "monarch", "monk", "mother", "native", "neighbour", "nephew", "niece", "nun", "nurse", "orphan",
     "parent", "partner", "patient", "pilot", "plaintiff", "poet", "prince", "princess", "prophet", "pupil", "queen",
     "rebel", "refugee", "republican", "rival", "saint", "saviour", "sergeant", "sheriff", "sister", "son", "spouse",
     "staff", "star", "student", "survivor", "suspect", "teen", "terrorist", "tycoon", "uncle", "veteran", "victim",
     "volunteer", "widow", "wife", "women", "youth"}
)
#: Endings of nouns for a person ("the shooter's neighbor", "a Kremlin loyalist", "the librarian").
_PERSON_ENDING = re.compile(r"(?:er|or|ist|ian|ant|ent|man|woman|ess|ee|eur|ier)$")
_NOT_PERSON_ENDING = re.compile(r"(?:ment|ence|ance)$")
#: What ends a source phrase's head: a preposition, a relative pronoun, a comma.
_HEAD_END = re.compile(r",|\s(?:of|from|in|at|with|for|on|by|about|over|to|who|which|that|whose)\s")


_PERSON_HEADS = _PEOPLE_WORDS | _PERSON_NOUNS | ANONYMOUS_HEADS | OFFICE_HOLDERS | EXPERT_WORDS | CLERICS


def could_be_person(phrase: str) -> bool:
    """Whether a source phrase no name or known noun types may be the person a later 'he' or 'she' means.

    Its head -- the last word before a preposition, relative pronoun or comma -- must be capitalised inside
    the phrase (a name the recogniser missed: "Piers") or a noun for a person ("the shooter's neighbor");
    "The directive", "the public", "A search of Patel's computer" are not.
    """
    words = _HEAD_END.split(f"{phrase.strip()} ", maxsplit=1)[0].split()
    if not words:
        return True
    if any(w[:1].isupper() and w.endswith(("'s", "\u2019s")) for w in words[1:-1] + words[:1] * (len(words) > 1)):
        return True  # "Niinisto's office said that he ...": the one it speaks for
    raw = re.sub(r"['\u2019]s?$", "", words[-1].strip(".,;:!?\"'\u2018\u2019\u201c\u201d()[]"))
    if not raw or (raw[:1].isupper() and (len(words) > 1 or raw.lower() not in DOCUMENT_HEADS)):
        return True
    head = raw.lower()
    if head in _PERSON_HEADS or (head.endswith("s") and (head[:-1] in _PERSON_HEADS or head.endswith("men"))):
        return True
    return bool(_PERSON_ENDING.search(head.rstrip("s"))) and not _NOT_PERSON_ENDING.search(head.rstrip("s"))


def resolve_source(
    need: str,
    before: int,
    mentions: list[Mention],
    window: int = 2000,
    noun: str | None = None,
    gender: str | None = None,
    genders: dict[Offsets, str] | None = None,
    text: str | None = None,
) -> Offsets | None:
    """Return the most recent compatible mention ending before ``before``; earlier sources win over entities.

    ``noun`` is the head of a nominal anaphor ("department"): unless it can name a news
    outlet, outlets are passed over. ``gender`` is a pronoun's ('she' -> 'f'): a mention
    known to be of the other gender -- by its own words or, through ``genders``, by what
    it refers to -- is passed over. With ``text``, a nominal anaphor prefers the mentions whose
    words hold its noun ("the commission" -> "Central Electoral Commission"). A resolved
    anaphoric source yields what it refers to.
    """
    known = genders or {}

    def clash(m: Mention) -> bool:
        other = m.gender or known.get(m.refers_to or m.span)
        return gender is not None and other is not None and other != gender

    prior = [
        m for m in mentions
        if m.span[1] <= before and before - m.span[1] <= window and _compatible(need, m)
        and not (m.outlet and noun is not None and noun not in _OUTLET_NOUNS)
        and not clash(m)
        and not ((gender is not None or need == "plural") and m.place)  # 'she' is no Kyiv, 'they' no Arizona
    ]
    if not prior:
        return None
    if noun is not None and text is not None:
        # "the commission said" takes up the last name with 'commission' in it, not the last body
        # the noun must head the mention: "Preliminary results released by the commission" is no commission
        same = [m for m in prior if re.search(rf"\b{re.escape(noun)}\b", _head_part(text[m.span[0] : m.span[1]]),
                                              re.IGNORECASE)]
        if need == "person" and same and all(text[m.span[0] : m.span[1]].islower() and m.refers_to is None
                                             for m in same):
            same = []  # "the president" after a headline's bare "president": the one titled so, if any (below)
        if not same:
            # "the former vice president": the one person titled so ("Former Vice President Mike Pence"), at any
            # of his mentions; with two such people ("President Putin", "President Zelensky") no title decides
            names = "|".join(re.escape(w) for w in (noun, *(k for k, v in TITLE_ABBREVIATIONS.items() if v == noun)))
            titled = {_surname(text, m) for m in mentions if m.kind == "person" and m.span[1] <= before
                      and not text[m.span[0] : m.span[1]].islower()  # a name, not the bare "president" of a title
                      and re.search(rf"\b(?:{names})\b", _titled(text, m), re.IGNORECASE)}  # "Sen. X": a senator
            if len(titled) == 1:
                same = [m for m in prior if m.kind == "person" and _surname(text, m) in titled]
            elif not titled and noun in _TITLED_POSTS | _NAMED_BODIES:
                return None  # "the judge": someone titled so, not the last person named (a senator, a defendant)
        # a mention of no known kind ("DRAMATIC video") is no "local governor" unless it holds the noun, and a
        # place is no "weather agency"
        prior = same or [m for m in prior if (m.kind not in {"any", "thing"} or need == "any")
                         and (need == "named" or not m.place)
                         and (noun in _THING_NOUNS or not _bare_document(text[m.span[0] : m.span[1]]))]
        # a body is no document: "The electoral commission has said" after "according to a transcript"
        if not prior:
            return None
    sources = [m for m in prior if m.from_source and need != "named"]
    pool = sources if sources else prior
    best = max(pool, key=lambda m: m.span[1])
    return best.refers_to or best.span


#: Bodies that "the panel" takes up only when a name holds the word ("the Athletics Integrity Unit"), not the last
#: body named (a court's panel is no "Israel"; "the army" that denies a rebel front's claim is not the front).
_NAMED_BODIES = frozenset({"panel", "tribunal", "unit", "army", "military", "navy", "police", "hospital", "university",
                           "school", "court", "airport", "museum", "prison"})
#: Posts a person is always introduced with ("Judge X", "Gov. Y"): "the judge" takes up no one titled otherwise.
_TITLED_POSTS = frozenset({"judge", "governor", "senator", "mayor", "minister"})


def _bare_document(phrase: str) -> bool:
    """A document named by nothing but its description ("a transcript released on Monday"), no body in it."""
    named = [w for w in phrase.split()[1:] if w[:1].isupper() and w.strip(",.").lower() not in CALENDAR_WORDS]
    return thing_head(phrase) and not named



def _head_part(phrase: str) -> str:
    """A mention's words before a preposition, relative pronoun or comma ("the foreign ministry" of "the foreign
    ministry in Lenz"); the whole of a name ("Central Electoral Commission", "Department of Health")."""
    head = _HEAD_END.split(f"{phrase.strip()} ", maxsplit=1)[0]
    return phrase if head[:1].isupper() and all(w[:1].isupper() for w in head.split()) else head


def _surname(text: str, mention: Mention) -> str:
    """The last word of a mention's head: "Amundsen" of "Lars Amundsen", not of "an adviser to President Amundsen"."""
    return (_head_part(text[mention.span[0] : mention.span[1]]).split() or [""])[-1]


def _titled(text: str, mention: Mention) -> str:
    """A mention with the title before a person's name and its appositive after it, on the same line.

    "The former vice president" takes up "Former Vice President Mike Pence" or "Mike Pence, a former vice
    president," rather than the last person named.
    """
    start, end = mention.span
    if mention.kind != "person":
        return text[start:end]
    line = text.rfind("\n", 0, start) + 1
    before = " ".join(re.split(r"[.,;:]", text[max(line, start - 60) : start])[-1].split()[-4:])
    after = ""
    if text[end : end + 2] == ", ":
        after = re.split(r"[,.;:\n]", text[end + 2 : end + 80])[0]
    return f"{before} {_head_part(text[start:end])} {after}"  # "an aide to the minister" is titled no minister


def anaphor_noun(text: str) -> str | None:
    """The head noun of a definite nominal anaphor ("the department" -> 'department'), else None."""
    words = _RELATIVE_ASIDE.split(text, maxsplit=1)[0].lower().split()  # "The minister, who is not on trial,"
    if len(words) >= 2 and words[0] in _DEFINITE:
        return words[-1].strip(".,")
    return None

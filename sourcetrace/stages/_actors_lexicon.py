"""Cue words that type a source by what it is called ("spokesman", "sources", "a statement")."""

from __future__ import annotations

import re

__all__ = [
    "ANONYMOUS_HEADS",
    "ANONYMOUS_MARKERS",
    "BUSINESS_NOUNS",
    "CALENDAR_WORDS",
    "COMPANY_SUFFIXES",
    "CONNECTORS",
    "DOCUMENT_HEADS",
    "EXPERT_WORDS",
    "GOVERNMENT_WORDS",
    "LEGISLATURE_WORDS",
    "LOCATIVES",
    "MILITARY_WORDS",
    "OFFICE_HOLDERS",
    "ORG_EXPERT_WORDS",
    "ORG_OUTLET_WORDS",
    "PREPOSITIONS",
    "PRONOUNS",
    "ROLE_WORDS",
    "SOCIAL_WORDS",
    "SPOKES_WORDS",
    "TITLE_ABBREVIATIONS",
    "leaning",
    "normalise_role",
]

SPOKES_WORDS = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "spokeswomen", "press secretary",
     "press officer", "press service", "press office", "press bureau", "press centre", "press center", "mouthpiece"}
)
GOVERNMENT_WORDS = frozenset(
    {"ministry", "minister", "ministers", "government", "president", "prime minister", "premier", "foreign office",
     "cabinet", "administration", "chancellor", "commissioner", "ambassador", "embassy", "envoy", "governor", "gov",
     "diplomat", "authority",
     "sen", "pm",
     "mayor",
     "kremlin",
     "parliament", "senator", "senators", "lawmaker", "lawmakers", "congress", "congressman", "congresswoman",
     "department",
     "secretary of state", "secretary", "presidency", "authorities", "white house", "duma", "mp", "deputy minister",
     "foreign ministry", "state department", "regime", "council", "prosecutor", "prosecution", "attorney general",
     "police", "customs", "court", "judiciary", "judge", "judges", "magistrate",
     "regulator", "senate", "legislature", "assembly", "bundestag",
     "house of representatives", "house of commons", "electoral commission", "election commission",
     "detective", "superintendent", "constable", "chief constable", "sheriff", "home office", "cabinet office",
     "treasury", "park service", "forest service", "revenue service", "health service", "weather service",
     "postal service", "civil service", "border service", "customs service", "coast guard", "fire service",
     "fire department", "police department", "health department", "audit office", "statistics office",
     "statistical office", "auditor general", "ombudsman"}
)
MILITARY_WORDS = frozenset(
    {"intelligence", "army", "military", "forces", "troops", "general", "officer", "officers", "commander",
     "commanders", "colonel", "lieutenant", "major general", "navy", "air force", "marines", "soldier", "soldiers",
     "battalion", "brigade", "regiment", "militia", "militias", "fighters", "command", "armed forces", "spy",
     "spies", "security service", "security agency", "intelligence agency",
     "defence forces", "defense forces", "guard", "guards", "corps", "admiral", "legion", "spook", "spooks"}
)
EXPERT_WORDS = frozenset(
    {"fund manager", "fund managers", "portfolio manager", "portfolio managers", "expert", "experts", "analyst",
     "analysts", "professor", "researcher", "researchers", "scientist",
     "scientists", "scholar", "scholars", "economist", "economists", "academic", "academics", "historian", "historians",
     "specialist", "specialists", "commentator", "commentators", "think tank", "observer", "observers",
     "forecaster", "forecasters", "fellow", "fellows", "research fellow", "senior fellow"}
    | {f"{w}{s}" for w in ("glaciologist", "climatologist", "epidemiologist", "virologist", "biologist",
                           "ecologist", "hydrologist", "geologist", "seismologist", "volcanologist",
                           "meteorologist", "oceanographer", "physicist", "chemist", "toxicologist",
                           "immunologist", "sociologist", "psychologist", "criminologist", "demographer",
                           "statistician", "pollster", "engineer", "physician", "entomologist", "zoologist",
                           "ornithologist", "archaeologist", "anthropologist", "astronomer", "astrophysicist",
                           "neuroscientist", "mathematician", "pathologist", "nutritionist", "lecturer")
       for s in ("", "s")}
)
ANONYMOUS_HEADS = frozenset(
    {"source", "sources", "official", "officials", "officer", "officers", "diplomat", "diplomats", "people",
     "person", "insider", "insiders", "aide", "aides", "someone", "witness", "witnesses", "resident", "residents",
     "employee", "employees", "staffer", "staffers", "member", "members", "individual", "individuals", "figure",
     "figures", "representative", "representatives", "informant", "whistleblower", "others", "some",
     "critics", "opponents", "detractors", "skeptics", "sceptics", "supporters", "activists", "campaigners",
     "auditors", "inspectors", "prosecutors", "regulators", "investigators", "lawmakers", "legislators",
     "mps", "backbenchers", "peers", "organisers", "organizers", "protesters", "protestors", "demonstrators",
     "locals", "villagers", "eyewitnesses", "passengers", "survivors", "relatives", "parents", "voters",
     "farmers", "workers", "patients", "users", "commenters", "bystanders", "doctors", "nurses", "medics",
     "teachers", "students", "servant", "servants", "circles", "civilians", "traders", "investors", "lawyers",
     "attorneys", "pilots", "veterans", "respondents", "recruits", "employers", "depositors", "contributors",
     "consumers", "customers", "shoppers", "drivers", "citizens", "politicians", "priests", "writers", "attendees",
     "hackers", "preachers", "bloggers"}
)
#: Legislatures whose members a party's name may stand for ("Senate Republicans", "House Democrats").
LEGISLATURE_WORDS = frozenset({"senate", "house", "congressional", "committee", "parliamentary", "assembly", "state"})
#: Nouns for people holding a post; unnamed ("a senior commander said") they are anonymous sources.
OFFICE_HOLDERS = frozenset(
    {"commander", "commanders", "general", "generals", "colonel", "soldier", "soldiers", "fighter", "fighters",
     "spy", "agent", "agents", "minister", "ministers", "ambassador", "envoy", "lawmaker", "lawmakers", "senator",
     "governor", "mayor", "adviser", "advisers", "advisor", "advisors", "negotiator", "negotiators", "investigator",
     "investigators", "leader", "leaders", "head", "chief", "director", "senators"}
)
ANONYMOUS_MARKERS = frozenset(
    {"unnamed", "anonymous", "anonymity", "familiar", "unidentified", "undisclosed", "informed", "insider",
     "privately", "not to be named", "not be named", "not to be identified", "not be identified",
     "not authorised to speak", "not authorized to speak"}
)
DOCUMENT_HEADS = frozenset(
    {"statement", "statements", "report", "reports", "document", "documents", "letter", "letters", "communique",
     "communiqué", "memo", "memorandum", "study", "paper", "filing", "release", "press release", "dossier",
     "decree", "resolution", "bulletin", "transcript", "cable", "email", "note", "leaflet", "announcement",
     "assessment", "briefing", "readout", "declaration", "survey", "analysis", "investigation", "data", "record",
     "records", "footage", "video", "message", "article", "articles", "book", "editorial", "op-ed", "column",
     "constitution", "law", "poll", "polls", "census", "indictment", "lawsuit", "complaint", "ruling",
     "verdict", "judgment", "petition", "manifesto", "treaty", "agreement", "contract", "budget", "images",
     "photos", "photographs", "map", "chart", "studies", "findings", "papers", "minutes", "logs", "website",
     "websites", "piece", "blog", "newsletter", "proposal", "guidance", "guidelines", "forecast", "emails", "memos",
     "cables", "messages", "filings", "transcripts", "leaflets", "notes", "decision", "draft", "copy", "copies"}
)
SOCIAL_WORDS = frozenset(
    {"tweet", "tweets", "twitter", "telegram", "facebook", "instagram", "youtube", "tiktok", "vkontakte", "weibo",
     "social media", "post", "posts", "posting", "channel", "x"}
)
#: Words that end a company's full name, so its first word alone names it too ("Redline Construction" -> "Redline").
COMPANY_SUFFIXES = frozenset(
    {"construction", "group", "corporation", "corp", "inc", "ltd", "llc", "plc", "company", "co", "holdings",
     "industries", "systems", "technologies", "logistics", "energy", "motors", "airlines", "pharmaceuticals",
     "partners", "capital", "solutions", "services", "enterprises", "resources", "shipping", "mining", "bank",
     "credit", "securities", "insurance", "investments", "ag", "sa", "gmbh", "semiconductor", "semiconductors",
     "electronics", "telecom", "telecoms", "pharma", "chemicals", "aerospace", "software", "networks", "robotics",
     "biotech", "defence", "defense", "dynamics", "armaments", "foods", "brands", "beverages", "airways", "steel",
     "textiles", "petroleum", "oil", "gas", "utilities", "media", "entertainment", "automotive", "labs",
     "laboratories", "retail", "stores", "shipyards", "railways"}
)
#: Nouns for a business; in apposition they make a name the entity recogniser read as a person
#: a company ("the utility, Køge Forsyning").
#: Days and months, lower case: capitalised words that name a time, not an actor or an affiliation.
CALENDAR_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                            "february", "march", "april", "may", "june", "july", "august", "september", "october",
                            "november", "december"})
BUSINESS_NOUNS = frozenset(
    {"company", "firm", "utility", "operator", "manufacturer", "maker", "producer", "supplier", "carrier",
     "airline", "insurer", "lender", "retailer", "bank", "conglomerate", "startup", "start-up", "contractor",
     "developer", "distributor", "exporter", "importer", "shipper", "group"}
)
ORG_OUTLET_WORDS = frozenset(
    {"news", "times", "post", "herald", "gazette", "journal", "tribune", "daily", "weekly", "newspaper", "tabloid",
     "tv", "television", "radio",
     "broadcasting", "press", "magazine", "media", "telegraph", "chronicle", "observer", "review", "agency"}
)
ORG_EXPERT_WORDS = frozenset(
    {"institute", "university", "centre", "center", "think tank", "foundation", "academy", "council on",
     "laboratory", "school"}
)
#: Abbreviated titles before a name, with a period ("Sen. Dan Sullivan", "Lt. Gen. Sam Hall"), and what they mean.
TITLE_ABBREVIATIONS = {
    "sen": "senator", "rep": "lawmaker", "gov": "governor", "amb": "ambassador", "gen": "general",
    "lt": "lieutenant", "col": "colonel", "maj": "officer", "adm": "admiral", "brig": "general", "capt": "officer",
    "cmdr": "commander", "sgt": "soldier", "cpl": "soldier", "pvt": "soldier", "prof": "professor",
}

#: Words kept in a role ("Defense Ministry spokesman"), besides capitalised words.
#: Heads and ministers of a church or faith ("Russian Orthodox Patriarch Kirill", "Pope Francis").
CLERICS = frozenset({"patriarch", "pope", "cardinal", "archbishop", "bishop", "metropolitan", "imam", "grand mufti",
                     "mufti", "rabbi", "chief rabbi", "ayatollah", "dalai lama", "prelate", "bishops", "cardinals",
                     "archbishops", "prelates", "hierarchs", "imams", "rabbis"})
ROLE_WORDS = SPOKES_WORDS | GOVERNMENT_WORDS | MILITARY_WORDS | EXPERT_WORDS | CLERICS | frozenset(
    {"defence", "defense", "foreign", "interior", "deputy", "chief", "head", "senior", "former", "press", "official",
     "vice", "acting", "top", "national", "security", "adviser", "advisor", "leader", "director", "foreign affairs",
     "staff", "sources", "source", "affairs", "executive", "ceo", "civil", "audit"}
)
CONNECTORS = frozenset({"of", "the", "for", "and", "on", "de", "du", "des", "al", "la", "-", "&"})
PREPOSITIONS = frozenset({"of", "from", "for", "at", "with", "in", "on", "within", "inside", "close", "near", "to"})
LOCATIVES = frozenset(
    {"in", "to", "from", "at", "near", "into", "outside", "across", "around", "toward", "towards", "via", "through",
     "inside", "visit", "visited", "visiting", "reached", "arrived"}
)
PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "him", "her", "them", "us", "this",
     "these", "those", "one", "latter", "former", "both", "each", "either", "all", "itself", "themselves",
     "himself", "herself", "others", "his", "its", "their", "our", "my", "your", "hers", "theirs"}
)

_SPELLING = {"defense": "defence", "organization": "organisation"}


def normalise_role(words: list[str]) -> str:
    """Join role words in lowercase with British spelling ("Defense Ministry" -> "defence ministry")."""
    return " ".join(_SPELLING.get(w.lower(), w.lower()) for w in words)


#: "pro-" or "anti-" right before a name or demonym: a leaning, not the actor ("anti-Putin soldiers").
_LEANING = re.compile(r"\b(?:pro|anti)-?$", re.IGNORECASE)
_LEANING_WORD = re.compile(r"(?:pro|anti)-", re.IGNORECASE)


def leaning(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is a leaning ("pro-Russian", "anti-Putin"), within or before it."""
    return bool(_LEANING.search(text, max(0, start - 6), start) or _LEANING_WORD.match(text, start, end))

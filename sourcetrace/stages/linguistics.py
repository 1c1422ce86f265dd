"""Tokens, sentences and named entities from spaCy, one parse per paragraph."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from sourcetrace.article import Article, Entity, Paragraph, Parse, Sentence
from sourcetrace.nlp import load_spacy
from sourcetrace.pipeline import register_stage
from sourcetrace.registry import load_registry
from sourcetrace.stages._actors_lexicon import CALENDAR_WORDS, COMPANY_SUFFIXES, ROLE_WORDS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

__all__ = ["ENGLISH_SHARE", "Linguistics", "language_warning"]

#: Spaces spaCy's tokenizer does not treat as whitespace, mapped to a plain space
#: (one character for one, so offsets do not move). A no-break space otherwise
#: becomes a token of its own and derails the parse. Double primes, which some wire
#: feeds print for quotation marks, are read as the curly marks the tokenizer splits off.
_SPACES = str.maketrans(
    {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2033": "\u201d", "\u2036": "\u201c"}
)
#: The time stamp opening a live-blog entry ("18:40 \u2014 ", "9.15am GMT: ", "14:05 CET | ").
_STAMP = re.compile(
    r"\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\s*[\u2014\u2013:|-]\s+(?=[\"\u201c\u2018']?[A-Z])",
    re.IGNORECASE,
)


@register_stage
class Linguistics:
    """Parses every paragraph with spaCy and records sentences and entities."""

    name: ClassVar[str] = "linguistics"
    requires: ClassVar[tuple[str, ...]] = ("paragraphs",)
    assigns: ClassVar[tuple[str, ...]] = ("parses", "sentences", "entities")

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._nlp: Language | None = None

    def warm_up(self) -> None:
        if self._nlp is None:
            self._nlp = load_spacy()

    @staticmethod
    def _parse_start(article: Article, para: Paragraph) -> int:
        """Where a paragraph's parse starts: after a live-blog entry's time stamp, which is no part of its sentence."""
        stamp = _STAMP.match(article.text, para.start, para.end)
        return stamp.end() if stamp is not None else para.start

    @classmethod
    def _parse_text(cls, article: Article, para: Paragraph) -> str:
        text = article.text[cls._parse_start(article, para) : para.end].translate(_SPACES)
        if para.role == "title":
            body = article.text[para.end : para.end + 20000]
            text = sentence_case(text, body)
        return text

    def __call__(self, article: Article) -> Article:
        self.warm_up()
        assert self._nlp is not None
        paragraphs = article.paragraphs
        texts = (self._parse_text(article, p) for p in paragraphs)
        article.parses, article.sentences, article.entities = [], [], []
        docs = self._nlp.pipe(texts, batch_size=self.batch_size)
        for index, (para, doc) in enumerate(zip(paragraphs, docs, strict=True)):
            off = self._parse_start(article, para)
            article.parses.append(Parse(offset=off, doc=doc))
            for sent in doc.sents:
                text = sent.text
                if text.strip():
                    lead = len(text) - len(text.lstrip())
                    trail = len(text) - len(text.rstrip())
                    start = off + sent.start_char + lead
                    article.sentences.append(Sentence(start=start, end=off + sent.end_char - trail, paragraph=index))
            article.entities.extend(
                Entity(start=s, end=e, label=ent.label_, text=article.text[s:e])
                for ent in doc.ents
                for s, e in [_stripped(article.text, off + _given_name(ent).start_char,
                                       off + _family_name(ent) - _possessive(ent.text))]
                if e > s
            )
        title = next(((p.start, p.end) for p in paragraphs if p.role == "title"), (0, 0))
        entities = article.entities + untagged_names(article.text, article.entities, skip=title)
        article.entities = company_names(consistent_people(sorted(entities, key=lambda e: e.start), article.text))
        warning = language_warning(article.text)
        if warning and warning not in article.meta.warnings:
            article.meta.warnings.append(warning)
        return article


_LETTERS = re.compile(r"[^\W\d_]+")
#: Share of English function words below which a text is taken for another language. Measured on
#: the narratives data (2026-11-27): English articles 0.29-0.63 (PolNeAR dev and PTC: 0.37 and 0.29 at
#: least), Portuguese 0.03-0.14, Bulgarian, Russian and Hindi 0.00-0.05.
ENGLISH_SHARE = 0.2


def language_warning(text: str, min_words: int = 30) -> str | None:
    """A warning when ``text`` does not read as English (too few English function words), else None.

    Texts under ``min_words`` words are not judged. The models and rules of ``analyze`` are
    English; on other languages their findings are unreliable, and the user should know.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    words = _LETTERS.findall(text)
    if len(words) < min_words:
        return None
    share = sum(w.lower() in STOP_WORDS for w in words) / len(words)
    if share >= ENGLISH_SHARE:
        return None
    return (
        f"the text does not read as English (English function words are {share:.0%} of its words, under "
        f"{ENGLISH_SHARE:.0%}); sourcetrace analyses English, so sources, claims and techniques here are "
        "unreliable (for Bulgarian, Hindi, Portuguese or Russian narratives: sourcetrace narratives predict --lang)"
    )


#: Words before a name that make it a person's ("Governor Helen Park" was tagged a facility).
_TITLES = frozenset(
    {"governor", "senator", "sen", "representative", "rep", "president", "mayor", "minister", "premier",
     "chancellor", "secretary", "judge", "justice", "general", "gen", "colonel", "col", "captain", "capt",
     "dr", "mr", "mrs", "ms", "professor", "prof", "sheriff", "commissioner", "ambassador", "spokesman",
     "spokeswoman", "spokesperson", "chairman", "chairwoman", "lawmaker", "councillor", "councilor", "leader",
     "founder", "envoy", "activist", "economist", "analyst", "correspondent", "madam", "madame", "miss",
     "executive", "officer", "director", "manager", "ceo", "chief", "coach", "lawyer", "attorney", "prosecutor",
     "scientist", "researcher", "adviser", "advisor", "inspector", "commander", "sergeant", "lieutenant",
     "billionaire", "tycoon", "entrepreneur", "businessman", "businesswoman", "magnate", "mogul", "financier"}
)


#: Marks the model sometimes takes into a name ("\u2014 Joseph Massey (" in a post's signature line).
_EDGE_MARKS = " \t\n\u00a0\u2014\u2013-(["


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """An entity span without dashes, opening brackets or spaces at its edges."""
    while start < end and text[start] in _EDGE_MARKS:
        start += 1
    while end > start and text[end - 1] in _EDGE_MARKS:
        end -= 1
    return start, end


def _possessive(name: str) -> int:
    """Length of a possessive ending the model left inside a name ("Joe Biden's"), else 0."""
    return 2 if len(name) > 2 and name.endswith(("'s", "\u2019s")) else 0


def _given_name(ent: Span) -> Span:
    """A one-word PERSON with the given name the model left out ("Anders [Holm]"): the whole name.

    So is a one-word place no registry knows ("Oleksii [Reznikov]" tagged GPE): a person's family name.
    """
    doc = ent.doc
    if len(ent) != 1 or ent.start == 0:
        return ent
    if ent.label_ != "PERSON" and (ent.label_ != "GPE" or load_registry().find(ent.text) is not None):
        return ent
    before = doc[ent.start - 1]
    if (
        before.pos_ == "PROPN"
        and before.dep_ == "compound"
        and before.head.i == ent.start
        and not before.ent_type_
        and before.text[:1].isupper()
        and before.text[1:].islower()
        and before.text.lower().rstrip(".") not in _TITLES | ROLE_WORDS
    ):
        return doc[ent.start - 1 : ent.end]
    return ent


def _family_name(ent: Span) -> int:
    """End of a one-word PERSON with the family name the model left out ("[Tomas] Weil accused"): the whole name's."""
    doc = ent.doc
    if ent.label_ != "PERSON" or len(ent) != 1 or ent.end >= len(doc):
        return ent.end_char
    word, after = doc[ent.start], doc[ent.end]
    if (
        word.dep_ == "compound"
        and word.head.i == after.i
        and after.pos_ == "PROPN"
        and not after.ent_type_
        and after.text[:1].isupper()
        and after.text[1:].islower()
        and after.text.lower() not in _TITLES | ROLE_WORDS
    ):
        return after.idx + len(after.text)
    return ent.end_char


def _titled(entity: Entity, text: str) -> bool:
    """Whether a title word stands right before ``entity`` and the entity is two or three capitalised words."""
    before = text[max(0, entity.start - 20) : entity.start].split()
    words = entity.text.split()
    if len(words) > 2 and words[0].rstrip(".").lower() in _TITLES:
        before, words = [words[0]], words[1:]  # "Madam Yundeh Afreda Butler", tagged an organisation whole
    return (
        bool(before)
        and before[-1].rstrip(".,").lower() in _TITLES  # "Governor Helen Park", "Its leader, Ilan Shor"
        and 2 <= len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not _company_word(words[-1])  # "chief executive of Hale Capital" names no person
    )


#: A name of two or three capitalised words right after a capitalised title ("Mayor Ana Ruiz"), or in apposition
#: to a post ("The mayor of Portvale, Ana Ruiz,").
_NAME = r"(?P<name>[A-Z][a-z'\u2019-]+(?: [A-Z][a-z'\u2019-]+){1,2})"
_TITLED_NAME = re.compile(rf"\b(?P<title>[A-Z][a-z]+\.?) {_NAME}\b")
_APPOSED_NAME = re.compile(rf"\b(?P<title>[a-z]+)(?: [\w'\u2019-]+){{0,4}}, {_NAME}(?=,)")


def untagged_names(text: str, entities: list[Entity], skip: tuple[int, int] = (0, 0)) -> list[Entity]:
    """PERSON entities for names the model left untagged after a title ("Mayor Ana Ruiz") or a post in apposition
    ("The mayor of Portvale, Ana Ruiz,"); never over a tagged entity, nor in ``skip`` (the title, whose capitals
    name no one: "US Judge Rejects Bid to Dismiss ...")."""
    taken = [(e.start, e.end) for e in entities] + [skip]
    out: list[Entity] = []
    for pattern in (_TITLED_NAME, _APPOSED_NAME):
        for m in pattern.finditer(text):
            start, end = m.span("name")
            title = m.group("title").rstrip(".").lower()
            if title not in _TITLES or any(a < end and start < b for a, b in taken):
                continue
            if _company_word(m.group("name").split()[-1]):
                continue
            out.append(Entity(start=start, end=end, label="PERSON", text=text[start:end]))
            taken.append((start, end))
    for m in _DESCRIBED_COMPANY.finditer(text):
        start, end = m.span("name")
        first = m.group("name").split()[0].lower()
        if not any(a < end and start < b for a, b in taken) and first not in _NOT_COMPANY_START:
            out.append(Entity(start=start, end=end, label="ORG", text=text[start:end]))  # "Rail operator Nordbahn"
            taken.append((start, end))
    return out


#: A company's name the model left untagged after what the company does ("rail operator Nordbahn", "the chipmaker
#: Veltrix"): one to three capitalised words.
_DESCRIBED_COMPANY = re.compile(
    r"\b(?:operator|company|firm|carrier|airline|retailer|insurer|lender|carmaker|automaker|chipmaker|drugmaker|"
    r"manufacturer|supplier|producer|broadcaster|publisher|developer|utility|startup|start-up|conglomerate|"
    r"shipowner|shipper) (?P<name>[A-Z][\w'\u2019&-]+(?: [A-Z][\w'\u2019&-]+){0,2})\b"
)
#: Capitalised words after a company noun that name a time, not the company ("the firm Monday said").
_NOT_COMPANY_START = CALENDAR_WORDS | {"last", "this", "on", "in", "the"}


def _untitled(entity: Entity) -> Entity:
    """A titled name as a PERSON, without a courtesy title the model took into it ("Madam Yundeh Afreda Butler")."""
    first = entity.text.split()[0]
    if first.rstrip(".").lower() not in _TITLES or len(entity.text.split()) < 3:
        return entity.model_copy(update={"label": "PERSON"})
    cut = entity.text.index(first) + len(first)
    cut += len(entity.text[cut:]) - len(entity.text[cut:].lstrip())
    return entity.model_copy(update={"label": "PERSON", "start": entity.start + cut, "text": entity.text[cut:]})


def sentence_case(title: str, body: str) -> str:
    """A Title-Case Headline in sentence case for the parser, same length; names used in ``body`` keep their capital.

    The small model reads 'Norway Claims Fishing Fleet Was Attacked' as one long name and
    finds no verb; 'Norway claims fishing fleet was attacked' parses. A word stays
    capitalised when the body writes it so after a lower-case word (a proper noun), when
    it is an acronym, or when it opens the title.
    """
    words = list(_WORD.finditer(title))
    capitalised = [w for w in words if w.group()[:1].isupper()]
    if len(words) < 3 or len(capitalised) < 0.6 * len([w for w in words if w.group().lower() not in _SMALL_WORDS]):
        return title
    proper = set(_PROPER.findall(body))
    out = list(title)
    for k, w in enumerate(words):
        token = w.group()
        if k == 0 or token.isupper() or token in proper or not token[:1].isupper():
            continue
        out[w.start()] = token[0].lower()
    return "".join(out)


_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
#: A capitalised word right after a lower-case word or a comma: a name, not a sentence start.
_PROPER = re.compile(r"(?<=[a-z,] )([A-Z][\w'\u2019-]*)")
_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "as", "by", "with"}
)


def consistent_people(entities: list[Entity], text: str = "") -> list[Entity]:
    """Relabel a titled name and a lone surname as PERSON when the article names that person in full.

    The small English model tags the same name differently from one paragraph to the
    next ("glaciologist Tobias Brandt" PERSON, then "Brandt said" ORG), which split one
    speaker into two actors; one name keeps one reading within an article. A name right
    after a title ("Governor Helen Park", tagged a facility) is a person's too.
    """
    entities = [
        _untitled(ent) if ent.label in _NAME_LABELS and text and _titled(ent, text) else ent for ent in entities
    ]
    surnames = {
        words[-1]
        for ent in entities
        if ent.label == "PERSON" and len(words := ent.text.split()) > 1 and words[-1][:1].isupper()
    }
    return [
        ent.model_copy(update={"label": "PERSON"})
        if ent.label in _NAME_LABELS and ent.text in surnames
        else ent
        for ent in entities
    ]




def _company_word(word: str) -> bool:
    return word.lower().strip(".") in COMPANY_SUFFIXES


def company_names(entities: list[Entity]) -> list[Entity]:
    """Relabel as ORG a name the model read as a person's but that ends in a company word, with its short form.

    "Helvetia Credit" (PERSON for the small model) is a bank, and so is the "Helvetia" it
    is later called.
    """
    companies = {
        ent.text.split()[0]
        for ent in entities
        if ent.label in {"PERSON", "ORG"} and len(ent.text.split()) > 1 and _company_word(ent.text.split()[-1])
    }
    registry = load_registry()
    # the short form is the company's whatever the model read it as ("Veltrix", a place to it), unless it is a
    # place or a person the registry knows ("France" in "France Telecom")
    short = {name for name in companies if (entry := registry.find(name)) is None or entry.kind in {"body", "outlet"}}
    return [
        ent.model_copy(update={"label": "ORG"})
        if (ent.label == "PERSON" and (_company_word(ent.text.split()[-1]) or ent.text in companies))
        or (ent.label in _NAME_LABELS and ent.text in short)
        else ent
        for ent in entities
    ]


#: Entity labels a surname is mistaken for.
_NAME_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT"})

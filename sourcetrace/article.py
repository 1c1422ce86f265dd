"""The Article: one text, analysed once, with every result a span into it.

Readers build an ``Article`` from raw input; stages add layers to it. Every
result in every layer is a pair of character offsets ``[start, end)`` into
``Article.text`` (end exclusive, Python ``str`` indexing). For plain-text input
``text`` is the decoded input file itself, so offsets align with the file.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from sourcetrace.models.encoding import Encoded

__all__ = [
    "LAYERS",
    "Actor",
    "Article",
    "ArticleMeta",
    "Attribution",
    "AttributionKind",
    "Claim",
    "ClaimMatch",
    "ClaimStatus",
    "Entity",
    "Hedge",
    "HedgeKind",
    "NarrativeEvidence",
    "NarrativeLabel",
    "Offsets",
    "Paragraph",
    "Parse",
    "ProfileFlag",
    "PropagandaSummary",
    "Sentence",
    "SourceType",
    "SourcingProfile",
    "TechniqueScore",
    "TechniqueSpan",
    "Voice",
]

#: A ``(start, end)`` pair of character offsets into ``Article.text``.
Offsets = tuple[int, int]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleMeta(_Model):
    """What is known about an article besides its text."""

    source: str = Field(description="File path, URL or '-' the article came from.")
    format: str = Field(description="Reader that produced it: text, html, json, ptc, ...")
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    image: str | None = None
    language: str = "en"
    extra: dict[str, Any] = Field(default_factory=dict, description="Other input keys, kept as given.")
    warnings: list[str] = Field(default_factory=list, description="Problems met while reading.")


class Paragraph(_Model):
    """A block of the article; ``role`` says whether it is the title, lede or body."""

    start: int
    end: int
    role: Literal["title", "lede", "body"] = "body"


class Sentence(_Model):
    """A sentence, as split by the linguistic pipeline inside one paragraph."""

    start: int
    end: int
    paragraph: int


class Entity(_Model):
    """A named-entity mention found by spaCy."""

    start: int
    end: int
    label: str
    text: str


SourceType = Literal[
    "government",
    "spokesperson",
    "intelligence_military",
    "international_org",
    "news_outlet",
    "self_citation",
    "expert",
    "anonymous",
    "document",
    "social_media",
    "person",
    "organisation",
    "unknown",
]


class Actor(_Model):
    """A canonical actor: every mention of one person, body or state."""

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Offsets] = Field(default_factory=list)
    type: SourceType = "unknown"
    country: str | None = None
    party_to_conflict: bool | None = None
    role: str | None = Field(default=None, description="e.g. 'defence ministry spokesman'.")
    reason: str = Field(default="", description="Why this type was assigned.")


AttributionKind = Literal["direct", "indirect", "mixed", "according_to", "internal_state"]


class Attribution(_Model):
    """Who (source) says or believes what (content), introduced by which words (cue)."""

    id: str
    source: Offsets | None = Field(description="Source span; None for agentless cues ('it was reported').")
    cue: Offsets
    content: Offsets | None
    kind: AttributionKind
    source_text: str | None = None
    cue_text: str = ""
    content_text: str | None = None
    resolved_source: Offsets | None = Field(
        default=None, description="Mention a pronoun/nominal source refers to ('he' -> 'Igor Konashenkov')."
    )
    actor: str | None = Field(default=None, description="Id of the canonical Actor of the source.")
    actors: list[str] = Field(
        default_factory=list,
        description="Ids of every actor a coordinated source names ('Neither Moscow nor Damascus'); first = actor.",
    )
    parent: str | None = Field(default=None, description="Id of the attribution this one is nested in.")
    reason: str = ""


HedgeKind = Literal[
    "adverb", "modal", "epistemic_verb", "distancing_cue", "scare_quotes", "impersonal", "conditional", "unverified"
]


class Hedge(_Model):
    """A marker that weakens or distances the article from a statement."""

    start: int
    end: int
    kind: HedgeKind
    text: str
    reason: str


ClaimStatus = Literal["asserted", "attributed", "hedged", "disputed"]


class ClaimMatch(_Model):
    """A known claim (fact-check, catalogued disinformation case) that an article's claim repeats."""

    id: str = Field(description="Id of the known claim in the claim store.")
    claim: str = Field(description="The known claim as checked or catalogued.")
    probability: float = Field(description="Calibrated probability that the article's claim repeats it.")
    similarity: float = Field(description="Cosine similarity of the sentence embeddings.")
    source: str = Field(description="Collection it came from: politifact, euvsdisinfo, claimreview, ...")
    verdict: str | None = None
    disproof: str | None = Field(default=None, description="Why the known claim is wrong, as published.")
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    reason: str = Field(default="", description="Why it matched: the evidence behind the probability.")


class Claim(_Model):
    """A sentence or clause asserting checkable content."""

    id: str
    start: int
    end: int
    text: str
    status: ClaimStatus
    attribution: str | None = Field(default=None, description="Attribution id; None = the outlet's own voice.")
    actor: str | None = None
    hedges: list[int] = Field(default_factory=list, description="Indices into Article.hedges.")
    checkworthiness: float | None = Field(default=None, description="Calibrated score; set by a trained model.")
    central: bool = False
    reason: str = ""
    matches: list[ClaimMatch] = Field(
        default_factory=list, description="Known claims it repeats, best first (set by the 'matches' stage)."
    )


Voice = Literal["outlet", "relayed"]


class TechniqueScore(_Model):
    """A technique and its calibrated probability for one span."""

    technique: str
    probability: float


class TechniqueSpan(_Model):
    """Words that use a persuasion technique (one of the 14 of the Propaganda Techniques Corpus)."""

    start: int
    end: int
    text: str
    technique: str
    confidence: float = Field(description="Calibrated probability that the words use a propaganda technique.")
    technique_probability: float = Field(description="Calibrated probability of this technique, given a technique.")
    alternatives: list[TechniqueScore] = Field(default_factory=list, description="Runner-up techniques.")
    voice: Voice = Field(
        description="'outlet': the article's own words; 'relayed': inside content it attributes to a source."
    )
    attribution: str | None = Field(default=None, description="Id of the attribution whose content holds it.")
    explanation: str = Field(default="", description="Why it was flagged, in one line.")


class PropagandaSummary(_Model):
    """How much an article persuades, from its technique spans and sentence scores."""

    score: float = Field(description="Expected share of sentences holding a technique (mean calibrated score).")
    sentences: list[float] = Field(
        default_factory=list, description="Per sentence of Article.sentences: calibrated P(holds a technique)."
    )
    techniques: dict[str, int] = Field(default_factory=dict, description="Technique -> number of spans.")
    outlet_voice: int = Field(default=0, description="Technique spans in the outlet's own voice.")
    relayed: int = Field(default=0, description="Technique spans inside attributed content.")


class NarrativeEvidence(_Model):
    """A sentence that supports a narrative label, with its score under that label's classifier."""

    start: int
    end: int
    score: float = Field(description="The label's classifier applied to this sentence alone (0-1, a ranking score).")
    reason: str = Field(default="", description="Why the sentence supports the label, in one line.")


class NarrativeLabel(_Model):
    """A narrative or sub-narrative of the SemEval-2025 Task 10 taxonomy that the article carries."""

    label: str = Field(description="'DOMAIN: Narrative', 'DOMAIN: Narrative: Sub-narrative', or 'Other'.")
    level: Literal["narrative", "subnarrative"]
    parent: str | None = Field(default=None, description="The narrative of a sub-narrative.")
    domain: str | None = Field(default=None, description="URW (Ukraine-Russia war), CC (climate change) or None.")
    probability: float | None = Field(
        default=None, description="Probability from the label's classifier (calibration measured in the benchmark)."
    )
    evidence: list[NarrativeEvidence] = Field(default_factory=list, description="Best supporting sentences first.")
    reason: str = Field(default="", description="Why the label was chosen, in one line.")


class ProfileFlag(_Model):
    """A warning about how the article is sourced, with the spans behind it."""

    code: str
    message: str
    evidence: list[Offsets] = Field(default_factory=list)


class SourcingProfile(_Model):
    """How the article's claims are sourced, as counts and shares."""

    claims: int
    attributed: int
    unattributed: float
    single_source: float
    party_to_conflict: float
    anonymous: float
    self_citation: float
    hedged: float
    sources: dict[str, int] = Field(default_factory=dict, description="Actor id -> number of claims.")
    flags: list[ProfileFlag] = Field(default_factory=list)


@dataclass
class Parse:
    """A spaCy ``Doc`` of one paragraph; ``offset`` maps its char indices into the article."""

    offset: int
    doc: Doc
    _end: int | None = field(default=None, init=False, repr=False, compare=False)
    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def end(self) -> int:
        """Article offset just past the paragraph (``doc.text`` is rebuilt on every access, so this is cached)."""
        if self._end is None:
            self._end = self.offset + len(self.doc.text)
        return self._end

    def covers(self, offset: int) -> bool:
        """Whether the article offset ``offset`` falls inside this paragraph."""
        return self.offset <= offset < self.end

    def tokens_in(self, start: int, end: int) -> Span:
        """The tokens that start inside the article span ``[start, end)`` (possibly none)."""
        if self._starts is None:
            self._starts = [self.offset + t.idx for t in self.doc]
        return self.doc[bisect_left(self._starts, start) : bisect_left(self._starts, end)]


#: Names of the layers stages may require and assign.
LAYERS = (
    "paragraphs",
    "parses",
    "sentences",
    "entities",
    "attributions",
    "actors",
    "hedges",
    "claims",
    "matches",
    "encoding",
    "techniques",
    "narratives",
    "profile",
)


@dataclass
class Article:
    """One article's text and every layer of analysis, as offsets into ``text``."""

    text: str
    meta: ArticleMeta
    paragraphs: list[Paragraph] = field(default_factory=list)
    parses: list[Parse] = field(default_factory=list, repr=False)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    hedges: list[Hedge] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    #: The shared encoder's token vectors and tags for the whole text (``encoding`` stage); not in the report.
    encoding: Encoded | None = field(default=None, repr=False)
    techniques: list[TechniqueSpan] = field(default_factory=list)
    propaganda: PropagandaSummary | None = None
    narratives: list[NarrativeLabel] = field(default_factory=list)
    profile: SourcingProfile | None = None
    #: Names of the stages that analysed the article, in order (the pipeline appends them).
    stages: list[str] = field(default_factory=list)

    def span_text(self, span: Offsets | None) -> str | None:
        """Return the text a ``(start, end)`` pair covers, or None."""
        return None if span is None else self.text[span[0] : span[1]]

    def prose(self) -> str:
        """``text`` with every character outside the paragraphs blanked (line breaks kept), same length.

        Header lines (an outlet name, an image URL, a byline, a date) are metadata, not
        prose: the models read this, so a URL such as ``.../dirty-bomb.jpg`` is not tagged as
        name calling and 'Published 12 March 2026' is not the content of an attribution.
        """
        text = self.text
        paragraphs = sorted((p.start, p.end) for p in self.paragraphs)
        if not paragraphs:
            return text
        pieces: list[str] = []
        at = 0
        for start, end in paragraphs:
            if start > at:
                pieces.append(_blank(text[at:start]))
            pieces.append(text[max(start, at) : end])
            at = max(at, end)
        pieces.append(_blank(text[at:]))
        return "".join(pieces)

    def actor(self, actor_id: str | None) -> Actor | None:
        """Return the actor with ``actor_id``, or None."""
        return next((a for a in self.actors if a.id == actor_id), None)


def _blank(text: str) -> str:
    """``text`` with everything but line breaks turned into spaces."""
    return "".join(c if c == "\n" else " " for c in text)

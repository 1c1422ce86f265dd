"""A hand-built, fully populated article (invented text) shared by the report, render and API tests."""

from __future__ import annotations

from conftest import make_article

from sourcetrace.article import (
    Actor,
    Article,
    Attribution,
    Claim,
    Entity,
    Hedge,
    ProfileFlag,
    Sentence,
    SourcingProfile,
)
from sourcetrace.pipeline import Pipeline

TEXT = (
    "Dam Talks Stall as Rivals Trade Blame\n\n"
    "The Valdoran water ministry said on Monday that the Kessel dam was probably safe.\n\n"
    "Its spokesman Arno Petrik told reporters the leaked <b>inspection</b> report was \"a crude forgery\".\n\n"
    "Engineers from the neighbouring Republic of Ostria warned that cracks may widen within weeks."
)


def span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    """Return the offsets of the first ``needle`` in ``text`` at or after ``after``."""
    start = text.index(needle, after)
    return (start, start + len(needle))


def sample_article(text: str = TEXT) -> Article:
    """An article with every layer filled by hand, as the stages would."""
    article = make_article(text, source="dam.txt")
    article.meta.title = "Dam Talks Stall as Rivals Trade Blame"
    article.meta.outlet = "The Invented Courier"
    article.paragraphs[0].role = "title"
    for para in article.paragraphs:
        article.sentences.append(Sentence(start=para.start, end=para.end, paragraph=len(article.sentences)))
    ministry = span(text, "The Valdoran water ministry")
    petrik = span(text, "Arno Petrik")
    engineers = span(text, "Engineers from the neighbouring Republic of Ostria")
    article.entities = [Entity(start=petrik[0], end=petrik[1], label="PERSON", text="Arno Petrik")]
    article.actors = [
        Actor(id="a1", name="Valdoran water ministry", mentions=[ministry], type="government", country="Valdora",
              party_to_conflict=True, reason="'ministry' names a government body"),
        Actor(id="a2", name="Arno Petrik", mentions=[petrik], type="spokesperson", country="Valdora",
              party_to_conflict=True, role="ministry spokesman", reason="'spokesman' in apposition"),
        Actor(id="a3", name="Ostrian engineers", mentions=[engineers], type="expert", country="Ostria",
              party_to_conflict=True, reason="'engineers' is an expert role noun"),
    ]
    said, told, warned = span(text, "said"), span(text, "told"), span(text, "warned")
    c1 = span(text, "the Kessel dam was probably safe")
    c2 = span(text, "the leaked <b>inspection</b> report was \"a crude forgery\"")
    c3 = span(text, "cracks may widen within weeks")
    article.attributions = [
        Attribution(id="t1", source=ministry, cue=said, content=c1, kind="indirect", actor="a1",
                    source_text=text[slice(*ministry)], cue_text="said", content_text=text[slice(*c1)],
                    reason="speech verb 'said' with subject and that-clause"),
        Attribution(id="t2", source=petrik, cue=told, content=c2, kind="mixed", actor="a2",
                    source_text="Arno Petrik", cue_text="told", content_text=text[slice(*c2)],
                    reason="speech verb 'told' with a partial quote"),
        Attribution(id="t3", source=engineers, cue=warned, content=c3, kind="indirect", actor="a3",
                    source_text=text[slice(*engineers)], cue_text="warned", content_text=text[slice(*c3)],
                    reason="speech verb 'warned'"),
    ]
    probably, may = span(text, "probably"), span(text, "may")
    crude = span(text, "\"a crude forgery\"")
    article.hedges = [
        Hedge(start=probably[0], end=probably[1], kind="adverb", text="probably", reason="epistemic adverb"),
        Hedge(start=may[0], end=may[1], kind="modal", text="may", reason="modal of possibility"),
        Hedge(start=crude[0], end=crude[1], kind="scare_quotes", text=text[slice(*crude)],
              reason="short quoted phrase distances the outlet"),
    ]
    article.claims = [
        Claim(id="c1", start=c1[0], end=c1[1], text=text[slice(*c1)], status="hedged", attribution="t1",
              actor="a1", hedges=[0], central=True, reason="attributed and hedged by 'probably'"),
        Claim(id="c2", start=c2[0], end=c2[1], text=text[slice(*c2)], status="attributed", attribution="t2",
              actor="a2", reason="attributed to a spokesperson"),
        Claim(id="c3", start=c3[0], end=c3[1], text=text[slice(*c3)], status="hedged", attribution="t3",
              actor="a3", hedges=[1], reason="attributed and hedged by 'may'"),
    ]
    article.profile = SourcingProfile(
        claims=3, attributed=3, unattributed=0.0, single_source=0.0, party_to_conflict=1.0, anonymous=0.0,
        self_citation=0.0, hedged=2 / 3, sources={"a1": 1, "a2": 1, "a3": 1},
        flags=[ProfileFlag(code="party_sources_only", message="Every source is a party to the dispute.",
                           evidence=[ministry, petrik, engineers])],
    )
    return article


class SentenceStage:
    """A model-free stage: one sentence per paragraph; text containing EXPLODE makes it fail."""

    name = "test_sentences"
    requires = ("paragraphs",)
    assigns = ("sentences",)

    def warm_up(self) -> None:
        """Nothing to load."""

    def __call__(self, article: Article) -> Article:
        if "EXPLODE" in article.text:
            raise RuntimeError("boom")
        article.sentences = [Sentence(start=p.start, end=p.end, paragraph=i) for i, p in enumerate(article.paragraphs)]
        return article


def fake_pipeline() -> Pipeline:
    """A pipeline that loads no model, for unit tests of the API and CLI."""
    return Pipeline([SentenceStage()])

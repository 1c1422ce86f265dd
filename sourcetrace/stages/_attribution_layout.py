"""Attributions made by layout rather than by a verb: transcript speaker labels, dash-signed quotes, embedded posts.

    WALLACE: Let's start with the news of the day.        (source WALLACE, cue ":", content after it)
    “We were never asked.” ― Maria Lopez                    (source Maria Lopez, cue "―", content the quote)
    The army is falling apart. pic.twitter.com/Kx         (a post embedded in a page, as scraped: its text,
    — Remix News & Views (@RMXnews) March 13, 2024          then a line signing it, or the same paragraph's
                                                            end; source the account's name)

Both are common in news pages (interview transcripts, vox-pop quote lists) and carry no
speech verb, so neither the dependency rules nor the tagger reliably find them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from sourcetrace.article import Article, Entity, Offsets
from sourcetrace.registry import load_registry
from sourcetrace.stages._attribution_rules import Candidate

__all__ = ["find_layout_attributions", "is_dateline"]

_NAME_WORD = r"[A-Z][\w'\u2019.-]*"
#: A speaker label at the start of a paragraph, after an optional opening quote mark.
_LABEL = re.compile(rf"[\"“]?(?P<name>{_NAME_WORD}(?:[ \u00a0]{_NAME_WORD}){{0,3}})(?P<cue>:)[ \t\u00a0]+(?=\S)")
#: A closing quote mark, a dash, then a name ending its line.
_SIGNED = re.compile(
    rf"(?P<close>”|\"|'')[ \t\u00a0]*(?P<cue>\u2015|\u2014|\u2013|--)[ \t\u00a0]*"
    rf"(?P<name>{_NAME_WORD}(?:[ \u00a0]{_NAME_WORD}){{0,4}})[ \t\u00a0]*(?=\n|$)"
)
#: The line that signs a post embedded from a social network: "— Name (@handle) March 13, 2024".
_POST_SIGNATURE = re.compile(
    r"(?P<dash>[\u2014\u2013-]{1,2})[ \t\u00a0]*(?P<name>[^\n(]{1,80}?)[ \t\u00a0]*\(@\w{1,30}\)[^\n]{0,40}$"
)
#: A signature closing the paragraph of the post it signs, as some pages scrape them: "...— Name (@handle) Date".
_INLINE_SIGNATURE = re.compile(
    r"(?<=\S)(?P<dash>[\u2014\u2013])[ \t\u00a0]*(?P<name>[^\n(\u2014\u2013]{1,80}?)[ \t\u00a0]*"
    r"\(@\w{1,30}\)[^\n]{0,40}$"
)

#: Longest text (in characters, links left out) that the paragraphs before a signature may hold: a post's.
_POST_CHARS = 320
#: A paragraph that only introduces the next one: "The Washington Examiner reports:".
_INTRODUCES = re.compile(
    r"(?P<source>[A-Z][^.!?:\n\u201c\u201d\"]{1,80}?)\s+(?P<cue>(?:also\s+|further\s+|then\s+)?"
    r"(?:reports|reported|writes|wrote|says|said|notes|noted|explains|explained|adds|added|continues|continued|"
    r"tweeted|posted|states|stated|declared|announced|warned|argued|claims|claimed|concludes|concluded))"
    r"\s*:\s*$"
)

#: A headline that opens with a quotation and names the speaker after a colon or dash:
#: "'People close to me have died' - Usyk won't use the war as motivation".
_HEADLINE_QUOTE = re.compile(
    r"(?P<quote>[\"\u201c\u2018'][^\"\u201c\u201d\u2018\u2019]{3,200}?[\"\u201d\u2019'])"
    r"\s*(?P<cue>[:\u2013\u2014-])\s+(?=\S)"
)

#: Longest earlier paragraph that may still belong to the same post.
_POST_PARAGRAPH = 100
#: What the text of an embedded post shows: a link to its picture, a mention or a hashtag.
_POST_MARK = re.compile(r"pic\.twitter\.com/|https?://t\.co/|(?<!\w)[@#]\w")
_LINK = re.compile(r"\S*(?:https?://|pic\.twitter\.com/|t\.co/)\S*")
_WORDS = re.compile(r"[^\W\d_]{2,}")
_OPENING_MARKS = ("“", "”", '"', "''", "``")
#: Capitalised labels before a colon that introduce something other than a speaker.
_NOT_SPEAKERS = frozenset(
    "note update updated correction editor editor's breaking watch related read more photo photos video source "
    "sources caption credit image transcript warning exclusive opinion analysis live listen see also email e-mail "
    "byline clarification stat fact busted boom look wow just fix poll chart map quiz tip new developing alert "
    "urgent flash report reports revealed exposed confirmed shock shocking bombshell viral latest flashback "
    "throwback satire explainer interview "
    "verdict rating claim claims conclusion summary context background fact-check ruling".split()
) | frozenset(  # fact-check labels of more than one word
    {"bottom line", "the bottom line", "what we found", "why it matters", "our ruling", "the facts", "the claim"}
)
#: Entity labels that a speaker label cannot carry (datelines, dates, places).
_NOT_SPEAKER_ENTITIES = frozenset({"GPE", "LOC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"})


def is_dateline(name: str) -> bool:
    """Whether a label before a colon is a state or place in capitals ("BEIJING: The US embassy ..."): a dateline.

    In mixed case it speaks, as headlines have it: "Iran: 'Death to America!'".
    """
    if not name.isupper():
        return False
    entry = load_registry().find(name)
    return entry is not None and entry.kind in {"state", "place"}


def _entity_at(entities: Sequence[Entity], span: Offsets) -> Entity | None:
    return next((e for e in entities if e.start <= span[0] and span[1] <= e.end), None)


def _is_speaker(text: str, span: Offsets, entities: Sequence[Entity]) -> bool:
    """All-caps labels (transcripts) or a name spaCy tags as a person, organisation or group."""
    name = text[span[0] : span[1]]
    words = name.lower().replace("\u00a0", " ").split()
    if not words or " ".join(words) in _NOT_SPEAKERS or words[0] in _NOT_SPEAKERS or len(name) < 2:
        return False
    entity = _entity_at(entities, span)
    if entity is not None and entity.label in _NOT_SPEAKER_ENTITIES:
        return False
    letters = [c for c in name if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return not is_dateline(name)
    if entity is None:  # "Sen. Tuberville": a title, then the name the recogniser tagged
        entity = next((e for e in entities if span[0] < e.start and e.end == span[1]), None)
        if entity is not None and entity.label != "PERSON":
            return False
    return entity is not None and entity.label in {"PERSON", "ORG", "NORP"}


def _name_span(start: int, name: str) -> Offsets:
    """The name's offsets, without a sentence-final period after a word longer than an initial."""
    end = start + len(name)
    if name.endswith(".") and len(name.rsplit(None, 1)[-1]) > 3:
        end -= 1
    return start, end


def find_layout_attributions(article: Article, found: Sequence[Candidate]) -> list[Candidate]:
    """Speaker-label and dash-signature attributions whose cue no attribution in ``found`` already uses."""
    text = article.text
    cues = [c.cue for c in found]
    out: list[Candidate] = []

    def taken(cue: Offsets) -> bool:
        return any(a < cue[1] and cue[0] < b for a, b in cues)

    for para in article.paragraphs:
        label = _LABEL.match(text, para.start, para.end)
        if label is None:
            continue
        source = label.span("name")
        content = (label.end(), para.start + len(text[para.start : para.end].rstrip()))
        cue = label.span("cue")
        words = _WORDS.findall(text, content[0], content[1])
        if len(words) < 2 or not _is_speaker(text, source, article.entities) or taken(cue):
            continue
        name = text[source[0] : source[1]]
        out.append(Candidate(cue=cue, source=source, content=content, kind="direct", lemma=":", score=1.0,
                             reason=f"speaker label '{name}:' opens the paragraph (transcript layout)"))
    out.extend(c for c in _interview_answers(article) if not taken(c.cue))
    out.extend(c for c in _embedded_posts(article) if not taken(c.cue))
    out.extend(c for c in _block_quotes(article) if not taken(c.cue))
    contents = [c.content for c in (*found, *out) if c.content is not None]
    out.extend(c for c in _quoted_headline(article) if c.content is not None
               and not any(a < c.content[1] and c.content[0] < b for a, b in contents))
    for match in _SIGNED.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        head = text[line_start : match.start()].lstrip()
        if not head.startswith(_OPENING_MARKS) or len(head) < 3:
            continue
        quote_start = match.start() - len(head)
        content = (quote_start, match.end("close"))
        source = _name_span(match.start("name"), match.group("name"))
        cue = match.span("cue")
        if taken(cue):
            continue
        name = text[source[0] : source[1]]
        out.append(Candidate(cue=cue, source=source, content=content, kind="direct", lemma="―", score=1.0,
                             reason=f"quote signed with a dash and the name '{name}'"))
    return out


#: A question or answer label opening a paragraph of a question-and-answer interview.
_QA_LABEL = re.compile(r"(?P<label>Q|A|Question|Answer)(?P<cue>[:.])[ \t\u00a0]+(?=\S)")


def _interview_answers(article: Article) -> list[Candidate]:
    """The answers of a question-and-answer interview ("Q: ... A: ..."), each the interviewee's.

    The interviewee is the first person the title names ("an interview with Mayor Ana Ruiz"), else the first
    person the article names; the "A" label is the source, resolved to that name. Questions are the outlet's own.
    It takes two answers and a question for the layout to count as an interview.
    """
    text = article.text
    labels = [(para, m) for para in article.paragraphs if (m := _QA_LABEL.match(text, para.start, para.end))]
    answers = [(para, m) for para, m in labels if m.group("label") in {"A", "Answer"}]
    if len(answers) < 2 or len(answers) == len(labels):
        return []
    people = [(e.start, e.end) for e in article.entities if e.label == "PERSON" and e.end <= answers[0][0].start]
    title = next((p for p in article.paragraphs if p.role == "title"), None)
    titled = [e for e in people if title is not None and title.start <= e[0] < title.end]
    named = _INTERVIEW_WITH.search(text, title.start, title.end) if title is not None else None
    candidates = titled or ([named.span("name")] if named else []) or people
    if not candidates:
        return []
    interviewee = candidates[0]
    name = text[interviewee[0] : interviewee[1]]
    out = []
    for para, match in answers:
        content = (match.end(), para.start + len(text[para.start : para.end].rstrip()))
        out.append(Candidate(cue=match.span("cue"), source=match.span("label"), content=content, kind="direct",
                             lemma=":", score=1.0, antecedent=interviewee,
                             reason=f"answer in a question-and-answer interview with {name}"))
    return out


#: Whom a title says the interview is with ("... : an interview with Mayor Ana Ruiz"), when no person is tagged.
_INTERVIEW_WITH = re.compile(
    r"\b(?:interview|conversation|Q&A|talk|sit-down)s?\s+with\s+(?P<name>(?:[A-Z][\w.'\u2019-]*\s+){1,3}"
    r"[A-Z][\w'\u2019-]+)"
)


def _embedded_posts(article: Article) -> list[Candidate]:
    """Posts embedded in the page: the paragraphs right before a signature line, as long as a post can be."""
    text = article.text
    paragraphs = sorted(article.paragraphs, key=lambda p: p.start)
    out: list[Candidate] = []
    for k, para in enumerate(paragraphs):
        inline = _INLINE_SIGNATURE.search(text, para.start, para.end)
        if inline is not None and inline.start("dash") > para.start:  # "... pic.twitter.com/x— Name (@handle) Date"
            name = _account_name(inline.group("name"))
            if _WORDS.search(name):
                source = (inline.start("name"), inline.start("name") + len(name))
                out.append(Candidate(cue=inline.span("dash"), source=source, content=(para.start, inline.start("dash")),
                                     kind="direct", lemma="post", score=1.0,
                                     reason=f"a post embedded in the page, signed '{text[inline.start() : para.end]}'"))
            continue
        match = _POST_SIGNATURE.match(text, para.start, para.end)
        if match is None or k == 0:
            continue
        last = paragraphs[k - 1]
        if not _POST_MARK.search(text, last.start, last.end) or _POST_SIGNATURE.match(text, last.start, last.end):
            continue  # the page kept the signature but not the post: the paragraph before is the article's
        start, end = last.start, last.end
        size = len(_LINK.sub("", text[start:end]).strip())
        for before in reversed(paragraphs[: k - 1]):  # a post of several short paragraphs ("NEW: ...")
            body = _LINK.sub("", text[before.start : before.end]).strip()
            size += len(body)
            if (len(body) > _POST_PARAGRAPH or size > _POST_CHARS or body.endswith(":") or before.role == "title"
                    or _POST_SIGNATURE.match(text, before.start, before.end)):
                break
            start = before.start
        name = _account_name(match.group("name"))
        if start == end or not _WORDS.search(name):
            continue
        source = (match.start("name"), match.start("name") + len(name))
        cue = match.span("dash")
        out.append(Candidate(cue=cue, source=source, content=(start, end), kind="direct", lemma="post", score=1.0,
                             reason=f"a post embedded in the page, signed '{text[para.start : para.end].strip()}'"))
    return out


def _block_quotes(article: Article) -> list[Candidate]:
    """A paragraph that only names a source and a cue ("The Washington Examiner reports:") quotes the next one."""
    text = article.text
    paragraphs = sorted(article.paragraphs, key=lambda p: p.start)
    out: list[Candidate] = []
    for para, following in pairwise(paragraphs):
        match = _INTRODUCES.fullmatch(text, para.start, len(text[: para.end].rstrip()))
        if match is None or _POST_SIGNATURE.match(text, following.start, following.end):
            continue
        source = match.span("source")
        out.append(Candidate(cue=match.span("cue"), source=source, content=(following.start, following.end),
                             kind="direct", lemma=match.group("cue").split()[-1], score=1.0,
                             reason=f"'{text[para.start : para.end].strip()}' introduces the paragraph after it"))
    return out


def _quoted_headline(article: Article) -> list[Candidate]:
    """The quotation opening a headline is the words of the person named right after its colon or dash."""
    title = next((p for p in article.paragraphs if p.role == "title"), None)
    if title is None:
        return []
    text = article.text
    match = _HEADLINE_QUOTE.match(text, title.start, title.end)
    if match is None:
        return []
    rest = match.end()
    speaker = next((e for e in article.entities if e.start == rest and e.label == "PERSON"), None)
    if speaker is None:
        return []
    source = (speaker.start, speaker.end)
    return [Candidate(cue=match.span("cue"), source=source, content=match.span("quote"), kind="direct",
                      lemma=":", score=1.0,
                      reason=f"the headline opens with a quotation and names '{speaker.text}' after it")]


def _account_name(raw: str) -> str:
    """An account's display name without the emoji and marks around it ("Syd Fizzard \U0001f341")."""
    name = raw.strip()
    return name.rstrip("".join(ch for ch in name if not (ch.isalnum() or ch in ".)'\u2019")))

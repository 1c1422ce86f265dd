"""Dependency rules that find cue, source and content of attributions in one parsed paragraph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sourcetrace.article import Offsets
from sourcetrace.stages._attribution_cues import INTERNAL_STATE_LEMMAS, CueLexicon, closing_report, frame_of
from sourcetrace.stages._attribution_quotes import QUOTE_CHARS, QuoteIndex

__all__ = [
    "RELATIVE_PRONOUNS", "Candidate", "find_candidates", "is_relative", "kind_of", "relative_antecedent",
    "subject_source",
]

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CUE_PARTS = frozenset({"aux", "auxpass", "neg", "prt"})
_INHERIT_SUBJECT = frozenset({"conj", "advcl", "xcomp", "acl"})
_XCOMP_CONTENT_LEMMAS = frozenset(
    {
        "urge",
        "ask",
        "promise",
        "vow",
        "pledge",
        "plan",
        "want",
        "expect",
        "threaten",
        "refuse",
        "decline",
        "call",
        "agree",
    }
)
#: Relative pronouns that may stand as a cue's subject ("Adam McKay, who pledged ...").
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


def is_relative(word: str) -> bool:
    """Whether a word is a relative pronoun ('who', 'which', 'that'), not an acronym ("the WHO said")."""
    return word.lower() in RELATIVE_PRONOUNS and not (len(word) > 1 and word.isupper())
#: Verbs whose object is whom something is said to ("told reporters", "officials were told to ...").
ADDRESSEE_LEMMAS = frozenset({"tell", "ask", "inform", "warn", "assure", "remind"})
#: Verbs whose passive subject is the one ordered or urged, not the speaker ("residents were ordered to leave").
_ORDERED_LEMMAS = frozenset({"order", "urge", "instruct", "advise", "encourage", "direct", "request", "command"})
_CUE_PREPS = frozenset({"to", "on", "for", "about", "of", "with", "as", "against", "by", "over", "upon"})
#: Where something is said ("said on television", "wrote on Facebook"), never what it is about.
_PLATFORMS = frozenset(
    {"television", "tv", "radio", "air", "twitter", "facebook", "instagram", "telegram", "tiktok", "youtube",
     "linkedin", "x", "threads", "bluesky", "truth", "weibo", "vkontakte", "website", "blog", "podcast", "camera"}
)
#: Verbs by which a source rejects a statement: kept without the tagger's support (a dispute matters).
_DENIALS = frozenset({"deny", "reject", "dismiss", "refute", "rebut", "dispute", "contradict"})
#: Verbs of refusing to speak, whose infinitive is no attribution of its own ("declined to say whether").
_REFUSALS = frozenset({"decline", "refuse"})
#: What one declines to do when declining to speak (unlike "declined to blame Russia", an attribution of its own).
_SPEAKING = frozenset({"say", "comment", "discuss", "confirm", "elaborate", "specify", "respond", "answer", "disclose",
                       "reveal", "explain", "speculate", "address", "detail", "identify", "name"})
_STATEMENT_NOUNS = frozenset(
    {"claim", "claims", "account", "accounts", "report", "reports", "allegation", "allegations", "accusation",
     "accusations", "charge", "charges", "statement", "statements", "story", "version", "assertion", "assertions",
     "suggestion", "suggestions", "rumour", "rumours", "rumor", "rumors"}
)


def _rejects_statement(text: str, content: Offsets | None) -> bool:
    """Whether a denial's content is a statement: 'that ...' or 'the account', not 'a proposal'."""
    if content is None:
        return False
    words = text[content[0] : content[1]].lower().split()
    return bool(words) and (words[0] == "that" or any(w.strip(".,;'\"") in _STATEMENT_NOUNS for w in words[:4]))


_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "''", "``"})
_MEDIA_NOUNS = frozenset({"statement", "interview", "release", "post", "tweet", "email", "letter", "op", "speech"})
#: Who or where a statement is made to, when the parser hangs the 'that' clause on it ("told a briefing that").
_AUDIENCE_NOUNS = frozenset({"briefing", "conference", "reporter", "journalist", "audience", "crowd", "meeting",
                             "parliament", "lawmaker", "session", "summit", "forum", "rally"})
_EDGE_PUNCT = " \t\n,.;:\u2014\u2013\u2015-"
#: Punctuation that sets an aside off from the words before it.
_ASIDE_PUNCT = frozenset({",", ";", "-", "\u2014", "\u2013", "\u2015"})


@dataclass
class Candidate:
    """An attribution found in one paragraph, as article offsets."""

    cue: Offsets
    source: Offsets | None
    content: Offsets | None
    kind: str
    lemma: str
    score: float
    reason: str
    source_token: Token | None = None
    antecedent: Offsets | None = None
    #: Evidence strong enough to keep without the tagger's support ("As the Courier reported, ...").
    strong: bool = False


def _span(tokens: list[Token], offset: int) -> Offsets:
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return offset + first.idx, offset + last.idx + len(last)


def _subtree(token: Token, offset: int, exclude: Token | None = None) -> Offsets:
    """Offsets of the contiguous part of ``token``'s subtree around it, leaving out ``exclude``'s subtree.

    Non-projective parses can attach far-away tokens to a subject; only the
    unbroken run of subtree tokens containing ``token`` is kept.
    """
    members = {t.i for t in token.subtree}
    if exclude is not None:
        members -= {t.i for t in exclude.subtree}
    lo = hi = token.i
    while lo - 1 in members:
        lo -= 1
    while hi + 1 in members:
        hi += 1
    doc = token.doc
    return offset + doc[lo].idx, offset + doc[hi].idx + len(doc[hi])


def _around(token: Token, offset: int, cue: Token) -> Offsets:
    """``token``'s subtree around a parenthetical cue clause: 'A, she said, B' gives the covering span A ... B."""
    inner = {t.i for t in cue.subtree}
    members = {t.i for t in token.subtree} - inner
    return _bridged(token.doc, members, inner, offset) or _subtree(token, offset, exclude=cue)


def _clause(child: Token, offset: int, cue: Token) -> Offsets:
    """A content clause; when only the cue's own words split it ('which the probe said were ...'), its covering span.

    A clause starts at its 'that' at the latest: in 'reported, citing two officials, that ...'
    the parser hangs 'citing ...' on the clause, but the officials are not what was reported.
    """
    members = {t.i for t in child.subtree}
    own = {t.i for t in cue.subtree} - members
    start, end = _bridged(child.doc, members, own, offset) or _subtree(child, offset)
    mark = next((c for c in child.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    if mark is not None and start < offset + mark.idx < end and mark.i > child.left_edge.i:
        start = offset + mark.idx
    contrast = next((c for c in child.children if c.dep_ == "advcl" and c.i > child.i and _contrasting_report(c)), None)
    if contrast is not None:  # "X said A, while Y said B": B is Y's, not part of what X said
        cut = contrast.left_edge
        while cut.i > child.i and cut.nbor(-1).is_punct:
            cut = cut.nbor(-1)
        end = min(end, offset + cut.idx)
    return start, end


def _contrasting_report(clause: Token) -> bool:
    """A 'while/whereas' clause with its own subject and reporting verb ('while Ukraine's air force said ...')."""
    return (
        any(c.dep_ == "mark" and c.lower_ in {"while", "whereas"} for c in clause.children)
        and any(c.dep_ in _SUBJECTS for c in clause.children)
        and any(c.dep_ == "ccomp" for c in clause.children)
    )


def _before_trailing_cue(span: Offsets, clause: Token, verb: Token, offset: int, lexicon: CueLexicon) -> Offsets:
    """Cut a reported clause before a trailing ', calling it ...' that the same speaker says (its own attribution)."""
    for token in clause.subtree:
        if (
            _reporter_of_participle(token) is not None
            and token.head.i == clause.i
            and lexicon.precision(token.lemma_.lower(), frame_of(token)) >= 0.5
        ):
            comma = token.doc[token.i - 1]
            return (span[0], min(span[1], offset + comma.idx)) if offset + comma.idx > span[0] else span
        if _speakers_conjunct(token) and lexicon.precision(token.lemma_.lower(), frame_of(token)) >= 0.5:
            cut = next((c for c in clause.children if c.dep_ == "cc" and c.i < token.i), token)
            while cut.i > clause.i and cut.nbor(-1).is_punct:
                cut = cut.nbor(-1)
            return (span[0], min(span[1], offset + cut.idx)) if offset + cut.idx > span[0] else span
    return span


#: What a speaker goes on to do in the same breath ('... and called for', '... and accused Warsaw of');
#: not 'found' or 'showed', which the reported clause's own subject does ('the authority inspected it and found').
_SPEAKERS_ACTS = frozenset({"call", "urge", "demand", "warn", "accuse", "vow", "pledge", "promise", "add", "insist",
                            "dismiss", "appeal", "threaten", "criticise", "criticize", "blame", "condemn"})
#: Verbs of saying whose reported clause a subjectless conjunct cue may hang on by mistake.
_SAYING_LEMMAS = frozenset({"say", "tell", "state", "write", "add", "insist", "argue", "claim", "tweet", "post"})


def _speakers_conjunct(token: Token) -> bool:
    """A subjectless cue the parser joined to the reported clause: 'X said A and called for B' (X called)."""
    clause = token.head
    return (
        token.dep_ == "conj"
        and token.lemma_.lower() in _SPEAKERS_ACTS
        and not any(c.dep_ in _SUBJECTS for c in token.children)
        and clause.dep_ == "ccomp"
        and clause.head.lemma_.lower() in _SAYING_LEMMAS
        and clause.head.i < clause.i < token.i
    )


def _bridged(doc: Doc, members: set[int], interruption: set[int], offset: int) -> Offsets | None:
    """The covering span of the tokens ``members`` when only ``interruption`` tokens and punctuation split them."""
    words = [i for i in members if not doc[i].is_punct]  # a closing period is no second half
    if not words:
        return None
    lo, hi = min(words), max(words)
    gap = [doc[i] for i in range(lo, hi + 1) if i not in members]
    if gap and all(t.i in interruption or t.is_punct for t in gap):
        return offset + doc[lo].idx, offset + doc[hi].idx + len(doc[hi])
    return None


def _trim(text: str, span: Offsets, keep_quotes: bool = True) -> Offsets | None:
    """Strip spaces and clause punctuation from the edges (a closing quote keeps what it closes)."""
    start, end = span
    while start < end and (text[start] in _EDGE_PUNCT or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _EDGE_PUNCT or text[end - 1].isspace()):
        end -= 1
    return (start, end) if end > start else None


_DASHES = frozenset({"-", "--", "\u2013", "\u2014", "\u2015"})


#: Words the parse may leave as the subject of an infinitival cue, which speak for no one.
_NO_SPEAKERS = frozenset({"much", "more", "less", "little", "nothing", "something", "anything", "plenty", "reason",
                          "reasons", "enough", "lot", "time", "way", "need"})


def _next_to(subject: Token, name: Token) -> bool:
    """Whether ``name`` follows ``subject``'s phrase, at most a lower-case descriptor between ("business [daily]
    Kommersant")."""
    between = subject.doc[subject.right_edge.i + 1 : name.left_edge.i]
    return len(between) <= 1 and all(t.is_alpha and t.text.islower() and t.pos_ in ("ADJ", "ADV") for t in between)


def _source_span(text: str, subject: Token, offset: int, verb: Token | None = None) -> Offsets | None:
    """The subject's span; an appositive keeps its closing comma and abbreviations their period (PolNeAR style).

    A cue ``verb`` inside the subject's own phrase ("a Resolution to demand that ...") stays out of it.
    """
    if subject.lower_ in _NO_SPEAKERS:
        return None  # "had much to say about", "every reason to believe": nobody speaks
    inside = verb is not None and verb.i != subject.i and subject.is_ancestor(verb)
    raw = _subtree(subject, offset, exclude=verb if inside else None)
    name = next((c for c in subject.head.children if c.dep_ == "nsubj" and c.i > subject.i
                 and _next_to(subject, c) and c.ent_type_ == "PERSON"
                 and not any(t.pos_ in ("VERB", "AUX") for t in subject.subtree)), None)
    if name is not None:  # "China's top diplomat Wang Yi declared": the parser made the name a second subject
        raw = (raw[0], _subtree(name, offset)[1])
    aside = next((c for c in subject.children if c.dep_ == "relcl" and c.left_edge.i > 0
                  and subject.doc[c.left_edge.i - 1].text == ","), None)
    if aside is not None:  # "X, which is close to Y, called ... and said": the aside ends at its comma
        close = next((t for t in subject.doc[aside.left_edge.i : aside.right_edge.i + 1] if t.text == ","), None)
        tail = list(subject.doc[close.i + 1 : aside.right_edge.i + 1]) if close is not None else []
        if close is not None and any(t.pos_ == "VERB" and t.dep_ in ("acl", "conj") for t in tail):
            # not a second aside ("X, who heads Y, in Salem, who's conducted ..."): a verb of the sentence's own
            raw = (raw[0], min(raw[1], offset + close.idx + 1))
    dashes = [t for t in subject.subtree if t.i < subject.i and t.text in _DASHES and t.whitespace_
              and t.i > 0 and t.doc[t.i - 1].whitespace_]
    if dashes:  # "as recently as March - Usyk and his team were": the subject starts after the dash
        raw = (offset + dashes[-1].idx + len(dashes[-1].text), raw[1])
    span = _trim(text, raw)
    if span is None:
        return None
    start, end = span
    while start < end and text[start] in "\u201d\u2019\"'" and text[start + 1 : start + 2].isspace():
        start += 1  # '..., fight," Pence, a backer of ..., told': the mark closing the quotation is not the subject's
        while start < end and text[start].isspace():
            start += 1
    if start >= end:
        return None
    body = text[start:end]
    if "," in body and end < raw[1] + 1 and text[end : end + 1] == ",":
        end += 1
    last = subject.doc[subject.right_edge.i] if subject.right_edge.i < len(subject.doc) else None
    if last is not None and len(last.text) > 1 and last.text.endswith(".") and text[end : end + 1] == ".":
        end += 1
    return start, end


def _misparsed_relative(verb: Token) -> Token | None:
    """The subject of a cue the parser made a relative clause of a verbless sentence's root noun.

    "A pro-Kremlin Telegram channel with more than a million followers claimed that ...":
    'followers' is parsed as the subject of a relative 'claimed'; the channel is the speaker.
    """
    head = verb.head
    if verb.dep_ != "relcl" or head.dep_ != "ROOT" or head.pos_ not in ("NOUN", "PROPN"):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or is_relative(subject.text):
        return None
    preps = [c for c in head.children if c.dep_ == "prep" and head.i < c.i < subject.i]
    return head if preps and all(c.i < verb.i for c in preps) else None


def _trailing_report(verb: Token) -> tuple[Token, tuple[int, int]] | None:
    """Speaker and reported clause (doc character offsets) of a cue the parser hung on its own subject.

    "The G20 leaders are set to state ..., a British newspaper reported on Tuesday" is parsed with
    'newspaper' as a loose modifier of the main verb and 'reported' as its relative clause: the
    newspaper is the speaker and the clause before the comma what it reported.
    """
    head = verb.head
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN") or head.dep_ not in ("npadvmod", "appos", "dep"):
        return None
    if any(c.dep_ in ("agent", "auxpass") for c in verb.children):
        return None  # "..., a report published by the ministry": a passive participle, no speaker
    root = head.head
    start = head.left_edge.i
    if root.dep_ != "ROOT" or start == 0 or verb.doc[start - 1].text != "," or root.i >= start:
        return None
    sent = verb.sent
    return head, (sent[0].idx, verb.doc[start - 1].idx)


def _preceding_noun_phrase(verb: Token) -> Token | None:
    """The head of a noun phrase right before a subjectless conjunct verb, which the parser mis-attached.

    "similar reports surfaced after a high-ranking officer from Iraq's PMU reported that ..."
    is parsed with "reported" as a conjunct of "surfaced"; the officer, not the reports,
    is its subject. A real conjunct is preceded by "and", "or" or a comma instead.
    """
    if verb.dep_ != "conj" or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if before.text == ")":
        before = before.head
    if before.dep_ == "cc" or before.pos_ not in ("NOUN", "PROPN") or before.i >= verb.i:
        return None
    np = before
    for _ in range(6):
        if np.dep_ == "pobj" and np.head.dep_ == "prep" and np.head.head.pos_ in ("NOUN", "PROPN"):
            np = np.head.head
        elif np.dep_ in ("poss", "compound", "appos", "amod") and np.head.pos_ in ("NOUN", "PROPN"):
            np = np.head
        else:
            break
    return np if np.dep_ in ("pobj", "dobj") else None


#: Verbs whose subject 'it' only holds the place of a clause: "it appears that ...", "it seems ...".
_RAISING = frozenset({"appear", "seem"})


#: What 'it is' says of a clause after it ("it is fair to say that ...", "it's time to admit ...").
_EXTRAPOSED = frozenset(
    {"possible", "impossible", "important", "fair", "safe", "clear", "obvious", "true", "likely", "unlikely", "easy",
     "hard", "difficult", "refreshing", "ludicrous", "absurd", "ridiculous", "interesting", "worth", "time",
     "necessary", "essential", "crucial", "evident", "apparent", "doubtful", "certain", "sad", "tragic", "ironic",
     "striking", "noteworthy", "notable", "telling", "shameful", "strange", "odd", "surprising", "reasonable",
     "unreasonable", "wrong", "vital", "imperative", "secret", "surprise", "wonder", "shame", "pity", "mystery",
     "irony", "fact", "accurate", "correct", "unclear"}
)
_BE_AUX = frozenset({"'s", "\u2019s", "is", "was", "be", "been", "being", "are", "were"})


def is_expletive(subject: Token) -> bool:
    """'It' standing for a clause, not a speaker: "it was reported that ...", "it is believed that ...",
    "it appears that ...", "it's estimated that ...", "it is fair to say that ...", "it goes without saying"."""
    if subject.lower_ != "it":
        return False
    head = subject.head
    clause = any(c.dep_ in ("ccomp", "xcomp", "advcl") for c in head.children)
    if subject.dep_ in ("nsubjpass", "expl"):
        return clause
    if subject.dep_ != "nsubj":
        return False
    if head.lemma_.lower() in _RAISING:
        return clause
    if head.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in _BE_AUX for c in head.children):
        # "it\u2019s estimated that ...": the parser reads the curly "\u2019s" as an active aux
        return any(c.dep_ == "ccomp" for c in head.children)
    if head.lemma_ == "be" or head.lower_ in _BE_AUX:
        said = [c for c in head.children if c.dep_ in ("acomp", "attr") and c.lemma_.lower() in _EXTRAPOSED]
        # "it's time for X to admit ...": the parser may hang the clause on 'time'
        return bool(said) and (clause or any(g.dep_ in ("relcl", "xcomp", "ccomp", "acl") for g in said[0].children))
    return head.lemma_ == "go" and any(  # "it goes without saying that ..."
        c.lower_ == "without" and any(g.lower_ == "saying" for g in c.children) for c in head.children
    )


def _reporter_of_participle(verb: Token) -> Token | None:
    """The reporting verb above ', calling ...' that trails a reported clause, else None.

    In 'X said the ship rammed a boat, calling it ...' X does the calling, not the ship.
    """
    head = verb.head
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.i > 0
        and verb.doc[verb.i - 1].text == ","
        and head.dep_ == "ccomp"
        and head.head.i != head.i
    ):
        return head.head
    if (  # "X rejected allegations that his department had manipulated figures, calling them ...": X calls them
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.doc[verb.i - 1].text == ","
        and head.dep_ == "acl"
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in head.children)
        and head.head.dep_ == "dobj"
        and head.head.head.pos_ == "VERB"
    ):
        return head.head.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.i > 1 and verb.doc[verb.i - 1].text == ",":
        # "Kommersant reported, citing sources ..., that Moscow ...": the parser hung both on the reported clause
        before = verb.doc[verb.i - 2]
        if before.dep_ == "ccomp" and before.head.i == head.i and head.i > verb.i and before.pos_ == "VERB":
            return before
        if head.dep_ == "relcl" and verb.lemma_ in {"cite", "quote"}:
            # "CCTV said Beijing welcomed any project that improved ..., quoting a spokesperson": the one who
            # said it quotes, not the project
            clause = next((t for t in head.ancestors if t.dep_ == "ccomp"), None)
            if clause is not None and clause.head.pos_ == "VERB":
                return clause.head
    return None


def _quoted_as(verb: Token) -> Token | None:
    """The speaker of 'as saying' ('quoted an official as saying', 'an official was quoted as saying'), else None."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.lower_ != "as" or prep.dep_ != "prep" or prep.head.pos_ != "VERB":
        return None
    governor = prep.head.children
    return next((c for c in governor if c.dep_ == "dobj"), None) or next(
        (c for c in prep.head.children if c.dep_ == "nsubjpass"), None
    )


def _behind_quote(token: Token, verb: Token) -> bool:
    """Whether a quotation mark stands between ``token`` and the later ``verb`` (the token is quoted)."""
    return any(t.text in _QUOTE_MARKS for t in verb.doc[token.i + 1 : verb.i])


def _speaker_outside_quote(verb: Token) -> Token | None:
    """The subject outside the quotation when the parser also hung quoted words before the cue on it.

    '"..., it will at some point," said James Acton' is parsed with both 'it' (and 'will') and
    'Acton' on 'said', '"The people who ... in my opinion," Tester told' with both 'people' and
    'Tester' on 'told': what stands inside the quotation is not the speaker.
    """
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    quoted = [c for c in subjects if c.i < verb.i and _behind_quote(c, verb)]
    free = [c for c in subjects if c not in quoted]
    return min(free, key=lambda c: abs(c.i - verb.i)) if quoted and free else None


def _parenthetical(verb: Token) -> tuple[Token, Token, Token] | None:
    """Subject, speaker and reported clause of a cue set between commas inside what it reports.

    "The contrast with Trump, said Doyle and others, would be clear" is parsed with 'contrast'
    as the subject of 'said' and 'Doyle' as the subject of 'would be': Doyle speaks, and the
    sentence around the aside is what was said.
    """
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text != ",":
        return None
    before = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if before is None or clause is None:
        return None
    if any(t.text == "," for t in doc[before.left_edge.i : before.right_edge.i]) or any(
        not t.is_punct for t in doc[before.right_edge.i + 1 : verb.i]
    ):
        return None  # "Charles Michel, speaking to reporters, said the war ...": an aside of the speaker's own
    speaker = next(
        (c for c in (*verb.children, *clause.children) if c.dep_ == "nsubj" and c.left_edge.i == verb.i + 1), None
    )  # 'Doyle' hangs on 'would be' or on 'said', by the parse
    if speaker is None or speaker.right_edge.i >= clause.i:
        return None
    if "," not in (speaker.right_edge.text, doc[speaker.right_edge.i + 1].text):
        return None
    return before, speaker, clause


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, inherited from the governing verb for conjuncts and participles."""
    if (unquoted := _speaker_outside_quote(verb)) is not None:
        return unquoted
    if (aside := _parenthetical(verb)) is not None:
        return aside[1]
    if _speakers_conjunct(verb):
        return _subject(verb.head.head)  # "X said the government was in chaos and called for ...": X called
    misattached = _preceding_noun_phrase(verb)
    if misattached is not None and not any(c.dep_ in _SUBJECTS for c in verb.children):
        return misattached
    if (quoted := _quoted_as(verb)) is not None:
        return quoted
    seen = 0
    while seen < 4:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        agent_objs = [c for c in agent.children if c.dep_ == "pobj"] if agent is not None else []
        if agent_objs:
            return agent_objs[0]  # "X was criticised by Y": Y
        if (pair := _two_subjects(verb)) is not None:
            return pair[1]  # "The port reopened on Monday, officials said": the officials
        for child in verb.children:
            if child.dep_ == "nsubjpass" and verb.lemma_.lower() in _ORDERED_LEMMAS:
                return None  # "residents were ordered to leave, the fire service said": who ordered is not said
            if child.dep_ == "nsubjpass" and verb.lemma_.lower() in ADDRESSEE_LEMMAS:
                continue  # "officials were told to ...": the addressees, not the speaker
            if child.dep_ in _SUBJECTS and not any(ch.isalnum() for ch in child.text):
                continue  # a dash the parser took for a noun ('... made public \u2015 Trump boasted')
            if child.dep_ in _SUBJECTS:
                return None if is_expletive(child) else child
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
        if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
            return None  # "As reported in March, the increase may ...": reported by nobody named
        if verb.dep_ in _INHERIT_SUBJECT and verb.head.i != verb.i:
            verb = _reporter_of_participle(verb) or verb.head
            seen += 1
            continue
        if verb.dep_ == "relcl" and verb.head.i != verb.i:
            return verb.head
        return None
    return None


def _within_sentence(tokens: list[Token]) -> list[Token]:
    """``tokens`` up to a missed sentence end ('... posted on X. He added': the parser joined the sentences)."""
    for k, tok in enumerate(tokens[:-1]):
        if tok.text.endswith(".") and tokens[k + 1].text[:1].isupper():
            return tokens[:k] if tok.text == "." else tokens[: k + 1]
    return tokens


def _before_clause(tokens: list[Token]) -> list[Token]:
    """``tokens`` up to a 'that' clause or a quote the parser hung on the medium ('in a statement that ...')."""
    for k, tok in enumerate(tokens):
        if (tok.lower_ == "that" and tok.dep_ == "mark") or tok.text in _QUOTE_MARKS:
            return tokens[:k]
    return tokens


def _media_clause(verb: Token) -> Token | None:
    """The 'that' clause the parser attached to the medium ('said in a statement [that talks were ...]')."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for noun in prep.children:
                if noun.lemma_.lower() in _MEDIA_NOUNS:
                    for clause in noun.children:
                        if clause.dep_ in ("acl", "relcl") and any(c.dep_ == "mark" and c.lower_ == "that"
                                                                   for c in clause.children):
                            return clause
    for noun in verb.children:  # "told a regular press briefing [that Washington should ...]"
        if noun.dep_ in ("dobj", "dative") and noun.lemma_.lower() in _AUDIENCE_NOUNS:
            for clause in noun.children:
                if clause.dep_ in ("acl", "relcl", "ccomp") and clause.left_edge.lower_ == "that" and (
                    any(c.dep_.startswith("nsubj") for c in clause.children)
                ):
                    return clause
    return None


def _cue_span(verb: Token, offset: int) -> Offsets:
    """The verb with its auxiliaries, negation, particles, adjacent adverbs and governed preposition."""
    doc = verb.doc
    subject = next((c for c in verb.children if c.dep_.startswith("nsubj") and c.i < verb.i), None)
    parts = [verb] + [
        c for c in verb.children
        if c.dep_ in _CUE_PARTS and c.lower_ != "to" and (subject is None or c.i > subject.i)  # "Águas do Tejo told"
        and not (c.i < verb.i and _behind_quote(c, verb))  # '"... it will at some point," said X'
    ]
    left = min(p.i for p in parts)
    for child in verb.children:
        if child.dep_ == "advmod" and left - 1 <= child.i < verb.i and child.tag_ != "WRB":
            parts.append(child)
    has_object = any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)
    for child in verb.children:
        if child.dep_ != "prep" or child.i != verb.i + 1:
            continue
        if child.lower_ in _CUE_PREPS and not has_object and not any(
            c.ent_type_ == "DATE" or (child.lower_ == "on" and c.lower_ in _PLATFORMS) for c in child.children
        ):  # not 'on' of "said on television", "wrote on Facebook": where, not what about
            parts.append(child)
        elif child.lower_ == "in" and any(c.lemma_.lower() in _MEDIA_NOUNS for c in child.children):
            parts.extend(_before_clause(_within_sentence(list(child.subtree))))
    last = max(p.i for p in parts)
    if last + 1 < len(doc) and doc[last + 1].text == ":":
        parts.append(doc[last + 1])
    start, end = _span(parts, offset)
    if doc[last].text.endswith(".") and len(doc[last].text) > 1 and last == max(p.i for p in parts):
        end -= 1  # "posted on X." ends a sentence the parser missed
    return start, end


#: Passive verbs of an impersonal attribution: "It is understood / believed / reported that ...".
_IMPERSONAL_LEMMAS = frozenset(
    {"understand", "believe", "think", "say", "report", "know", "rumor", "rumour", "claim", "allege", "fear", "expect"}
)


def _impersonal(verb: Token) -> bool:
    """Whether ``verb`` is 'it is understood that ...': an attribution to no one in particular."""
    return (
        verb.lemma_.lower() in _IMPERSONAL_LEMMAS
        and any(c.dep_ == "ccomp" for c in verb.children)
        and any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in verb.children)
    )


def _as_clause(verb: Token) -> bool:
    """Whether ``verb`` heads an 'as' clause over the sentence ('As the Courier revealed, ...').

    Not when the clause has its own object: in 'X denies strike as Kyiv shows images' Kyiv
    shows images, it does not report X's denial; in 'The attack comes as NATO warns of a rise in
    sabotage' NATO warns of the rise.
    """
    return (
        verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr") for c in verb.children)
        and not any(
            c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS and any(g.dep_ == "pobj" for g in c.children)
            for c in verb.children
        )
    )


#: Prepositions that bring a cue's object ('warns of a rise'), unlike time or place ('reported on Monday').
_OBJECT_PREPS = frozenset({"of", "about", "against", "over"})


def _across_semicolon(clause: Token, verb: Token) -> bool:
    """A clause before the verb with a semicolon between: another sentence's ('X claims Y; agency says Z')."""
    return clause.i < verb.i and any(t.text == ";" for t in verb.doc[clause.i : verb.i])


def _two_subjects(verb: Token) -> tuple[Token, Token] | None:
    """The reported clause and the speaker when the parser made both subjects of the cue.

    "The port reopened on Monday, officials said." is parsed with 'port' (its participle
    'reopened' hanging on it) and 'officials' both as subjects of 'said'; the earlier one,
    closed by a comma, is what was said.
    """
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if len(subjects) != 2:
        return None
    first, second = subjects
    end = max(t.i for t in first.subtree)
    if end + 1 >= second.left_edge.i or verb.doc[end + 1].text != ",":
        return None
    return first, second


def _stranded(first: Token, second: Token) -> bool:
    """Whether ``first`` is a reporting clause whose own reported clause the parser hung beside it as ``second``.

    "An official said discussions were still dynamic, it said" is parsed with both 'said' (the
    official's) and 'were' as clauses of the last 'said'.
    """
    return (
        first.pos_ == "VERB"
        and not any(c.dep_ == "ccomp" for c in first.children)
        and any(c.dep_ == "nsubj" for c in first.children)
        and second.left_edge.i == first.right_edge.i + 1
    )


def _described_noun(verb: Token) -> Token | None:
    """The noun a passive participle with an agent describes: "The memo, [first reported by the Daily Meridian],"."""
    participle = verb.head if verb.dep_ == "conj" and verb.head.dep_ == "acl" else verb  # "dated ... and reported"
    if verb.tag_ != "VBN" or participle.dep_ != "acl" or not any(c.dep_ == "agent" for c in verb.children):
        return None
    noun = participle.head  # a subject: "read a statement issued by X" still quotes X through the statement
    return noun if noun.pos_ in ("NOUN", "PROPN") and noun.dep_ in _SUBJECTS and noun.i < participle.i else None


def _content(verb: Token, frame: str, offset: int, lexicon: CueLexicon) -> Offsets | None:
    if (noun := _described_noun(verb)) is not None:  # what was reported is the memo, not the quote after it
        return offset + noun.left_edge.idx, offset + noun.idx + len(noun.text)
    if verb.dep_ == "ccomp":  # the official's 'said' above: its clause is the next clause of its head
        after = next((c for c in verb.head.children if c.dep_ == "ccomp" and c.i > verb.i), None)
        if after is not None and _stranded(verb, after):
            return _clause(after, offset, verb)
        mark = next((c for c in verb.head.children if c.dep_ == "mark" and c.lower_ == "that" and c.i > verb.i), None)
        if mark is not None and not any(c.dep_ == "ccomp" for c in verb.children):
            # "X reported, citing sources, that Moscow had not been consulted": the parser made the reported clause
            # the head of the reporting verb
            return offset + mark.idx, _subtree(verb.head, offset)[1]
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and not _across_semicolon(c, verb)]
    if len(clauses) >= 2 and _stranded(clauses[0], clauses[1]):  # "..., it said": the official's report, whole
        return offset + clauses[0].left_edge.idx, _subtree(clauses[1], offset)[1]
    for child in clauses:
        return _before_trailing_cue(_clause(child, offset, verb), child, verb, offset, lexicon)
    if (pair := _two_subjects(verb)) is not None:
        return _subtree(pair[0], offset)
    if (clause := _media_clause(verb)) is not None:
        return _subtree(clause, offset)
    if verb.dep_ == "parataxis" and verb.head.i != verb.i:
        return _around(verb.head, offset, verb)
    if closing_report(verb):  # "X has mediated the release ..., the foreign ministry announced on Wednesday."
        return _around(verb.head, offset, verb)
    if frame == "xcomp" or verb.lemma_ in _XCOMP_CONTENT_LEMMAS or verb.lemma_ in _DENIALS:
        for child in verb.children:
            if child.dep_ == "xcomp":
                return _subtree(child, offset)
    if _as_clause(verb):  # "As the Courier revealed in January, the firm had ..."
        head = verb.head
        if head.dep_ in _SUBJECTS and head.head.i != head.i:
            head = head.head  # "The mayor, as she said in May, will resign": the parser hung it on the subject
        return _around(head, offset, verb)
    if verb.lemma_ in ADDRESSEE_LEMMAS:
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "attr"):
            that = next((t for t in child.subtree if t.dep_ == "mark" and t.lower_ == "that" and t.i > child.i
                         and t.doc[t.i - 1].text == ","), None)
            if that is not None and child.pos_ == "PROPN":
                # "wrote on X, formerly Twitter, that employees ...": the parser took the platform for the object
                return offset + that.idx, _subtree(child, offset)[1]
            return _object_content(verb, child, offset, lexicon)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _CUE_PREPS:
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp") and c.ent_type_ not in ("DATE", "TIME")]
            if objs:
                return _subtree(objs[0], offset)
    for child in verb.children:  # "called for the bill to be scrapped" (parsed as a 'for' clause)
        if child.dep_ == "advcl" and child.left_edge.lower_ == "for" and child.left_edge.dep_ == "mark":
            return _subtree(child, offset)
    return None


def _object_content(verb: Token, obj: Token, offset: int, lexicon: CueLexicon) -> Offsets:
    """A direct object as content with the verb's complements after it, without ', with ...' asides.

    'proposed [$1 billion in funds to help states ...]', 'criticized [him for not doing more
    to help ...]', 'referred to [him as "..."]' (PolNeAR's content runs over the whole
    complement); prepositions of time ('on Monday'), 'according to', clauses that are cues
    themselves (', saying ...') and anything after a comma or dash stay out.
    """
    aside = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "with" and c.nbor(-1).text == ","), None)
    if aside is None:  # "rejected allegations that ..., calling them ...": the calling is the speaker's own cue
        aside = next((t for t in obj.subtree if t.i > obj.i and (r := _reporter_of_participle(t)) is not None
                      and r.i == verb.i), None)
    whole = start, end = _subtree(obj, offset, exclude=aside)
    relative = obj.i < verb.i and obj.lower_ in _RELATIVE_OBJECTS
    if relative:  # "a dual citizen whom Russia accuses of treason": the charge after the cue, not the relative
        start = end = offset + verb.idx + len(verb.text)
    for child in verb.children:
        if child.i > obj.i and _is_complement(child, lexicon):
            left = child.left_edge
            if left.i > 0 and left.doc[left.i - 1].text in _ASIDE_PUNCT:
                break  # "endorsed Trump in June, but only after ...": an aside, not the complement
            if relative and start == end:
                if not (child.dep_ == "oprd" or child.lower_ in _PREDICATE_PREPS):
                    return whole  # "what X was expressing in his letter": no charge or description follows
                start = _subtree(child, offset)[0]
            end = max(end, _subtree(child, offset)[1])
    return (start, end) if end > start else whole


#: Relative pronouns a cue can take as its object ("whom Russia accuses of ...", "which he described as ...").
_RELATIVE_OBJECTS = frozenset({"whom", "who", "which", "that"})
#: Prepositions that carry what is said of a relative object ("accuses of", "described as", "blamed for").
_PREDICATE_PREPS = frozenset({"of", "as", "for"})


def _is_complement(child: Token, lexicon: CueLexicon) -> bool:
    """Whether a verb's dependent after its object belongs to the content ('to help ...', 'as "..."')."""
    if child.dep_ in ("xcomp", "advcl", "oprd"):
        return lexicon.precision(child.lemma_.lower(), frame_of(child)) < 0.5
    return (
        child.dep_ == "prep"
        and child.lower_ != "according"
        and not any(c.ent_type_ in ("DATE", "TIME") for c in child.children)
    )


#: An acronym in parentheses right after a name: "(CREA)".
_ACRONYM_AFTER = re.compile(r"\s*\([A-Z][A-Za-z&.\-]{1,12}\)")
#: A name in apposition closing the sentence: "..., according to the utility, Køge Forsyning."
_NAME_AFTER = re.compile(r",\s+(?:[A-Z][\w\u2019'&.-]*\s+){0,4}[A-Z][\w\u2019'&-]*(?=[.!]?[\s\u201d\"]*$)")
#: A description in apposition after the source, before the content: "According to X, a Brussels-based group, Y".
_DESCRIPTION_AFTER = re.compile(
    r",\s+(?:a|an|the)\s+[^,;:.\"\u201c\u201d()]{1,80}?(?=,\s+(?!(?:which|who|whom|whose|that)\b)\S)"
)


def _unclosed(text: str, span: Offsets) -> bool:
    """Whether ``span`` opens more parentheses than it closes."""
    return text.count("(", *span) > text.count(")", *span)


_ACCORDING = frozenset({("according", "to"), ("as", "per")})

#: What "as per" takes when it names a source ("as per reports"), not a rule followed ("as per the request").
_REPORT_NOUNS = frozenset({"report", "source", "statement", "data", "figure", "estimate", "official", "study",
                           "survey", "analysis", "media", "account", "record", "document", "witness", "expert",
                           "analyst", "sources", "reports", "officials", "poll", "census", "agency", "ministry",
                           "government", "police", "spokesperson", "spokesman", "spokeswoman", "insider", "news"})


def _names_a_source(obj: Token) -> bool:
    """Whether the object of 'as per' is a reporter or a report: a name, or a noun such as 'reports'."""
    named = obj.pos_ == "PROPN" or obj.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")
    return named or obj.lemma_.lower() in _REPORT_NOUNS


def _according_to(doc: Doc, offset: int, text: str) -> Iterator[Candidate]:
    for token in doc:
        if token.i + 1 >= len(doc) or (token.lower_, doc[token.i + 1].lower_) not in _ACCORDING:
            continue  # "according to X", "as per X"
        to = doc[token.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
        if token.lower_ == "as" and not (objs and _names_a_source(objs[0])):
            continue  # "as per the request of the ministry": in line with, not according to
        sent = token.sent
        if objs:
            source: Offsets | None = _subtree(objs[0], offset)
        else:
            run: list[Token] = []
            for t in doc[to.i + 1 : sent.end]:
                if t.is_punct or t.pos_ in ("VERB", "AUX") or len(run) >= 12:
                    break
                run.append(t)
            source = _span(run, offset) if run else None
        if source is not None and (acronym := _ACRONYM_AFTER.match(text, source[1])):
            source = (source[0], acronym.end())  # "a report by the Centre for ... (CREA), Russia ..."
        elif source is not None and text.startswith(")", source[1]) and _unclosed(text, source):
            source = (source[0], source[1] + 1)  # the parse left the closing parenthesis out
        if (
            source is not None
            and text[source[0]].islower()
            and (named := _NAME_AFTER.match(text[: offset + sent.end_char], source[1]))
        ):
            source = (source[0], named.end())  # "the utility, Køge Forsyning." (parsed as a clause of its own)
        elif (
            source is not None
            and token.i == sent.start
            and (described := _DESCRIPTION_AFTER.match(text[: offset + sent.end_char], source[1]))
            and not any(
                t.pos_ == "AUX" or t.tag_ in ("VB", "VBD", "VBP", "VBZ", "MD") or t.dep_ == "ROOT"
                or (t.dep_ in _SUBJECTS and not any(c.dep_ == "conj" for c in t.children))
                for t in sent if source[1] <= offset + t.idx < described.end()
            )  # a noun phrase, not the content's clause or subject ("According to the mayor, the road, now closed,
            # will ..."); the parser coordinates a description with the subject after it ("a ... group, Karvia and ...")
        ):
            source = (source[0], described.end())  # "According to X, a Brussels-based research group, Y ..."
        lo = token.i
        hi = max([to.i, *(t.i for t in doc[to.i + 1 : sent.end] if source and offset + t.idx < source[1])])
        content = _according_to_content(sent, lo, hi, offset, text)
        cue = (offset + token.idx, offset + to.idx + len(to))
        src_text = text[source[0] : source[1]] if source else "no one"
        yield Candidate(
            cue=cue,
            source=source,
            content=content,
            kind="according_to",
            lemma="according to",
            score=1.0,
            reason=f"'{token.lower_} {to.lower_}' names the source '{src_text}'",
            source_token=objs[0] if objs else (doc[hi] if source else None),
        )


def _according_to_content(sent: Span, lo: int, hi: int, offset: int, text: str) -> Offsets | None:
    """The sentence around 'according to SOURCE' (tokens ``lo..hi``): the side that holds words, or both.

    'Y, according to X.' gives Y; 'According to X, Y' gives Y; 'Y1, according to X,
    Y2' gives the covering span Y1 ... Y2 (a discontinuous content, PolNeAR style).
    """
    before = [t for t in sent if t.i < lo]
    after = [t for t in sent if t.i > hi]
    parts = [side for side in (before, after) if any(not (t.is_punct or t.is_space) for t in side)]
    if not parts:
        return None
    return _trim(text, _span([t for side in parts for t in side], offset))


#: Participles that, misparsed as main verbs, hide the reporting verb after them ("A post shared ... claims").
_REDUCED_LEMMAS = frozenset({"share", "post", "publish", "circulate", "view", "see", "retweet", "upload", "like"})


def _reduced_relative(verb: Token) -> tuple[Token, Token] | None:
    """First and last token of the true source when the parser made a reduced relative the main verb.

    'A post shared thousands of times on Facebook claims that ...' is parsed with 'shared'
    as the root and 'thousands' as the subject of 'claims'; the source is the whole phrase
    from 'A post' to 'Facebook'.
    """
    head = verb.head
    if (
        head.tag_ == "VBG" and head.dep_ == "ROOT" and verb.dep_ == "ccomp" and head.i < verb.i
        and not any(c.dep_ in _SUBJECTS for c in verb.children)
        and not any(t.text in {",", ";", ":"} for t in verb.doc[head.i : verb.i])
        and (subject := next((c for c in head.children if c.dep_ == "nsubj" and c.i < head.i), None)) is not None
    ):  # "Engineers inspecting the bridge told the department ...": the parser made 'inspecting' the root
        return subject.left_edge, verb.doc[verb.i - 1]
    unattached = verb.dep_ == "dep" and verb.tag_ == "VBD"  # "Videos shared on ..., some viewed ..., falsely claimed"
    if (
        ((verb.dep_ not in ("ccomp", "advcl") or verb.tag_ not in ("VBZ", "VBP")) and not unattached)
        or head.tag_ not in ("VBD", "VBN")
        or head.lemma_.lower() not in _REDUCED_LEMMAS
        or not head.i < verb.i
        or any(c.dep_ == "mark" or (unattached and c.dep_ in _SUBJECTS) for c in verb.children)
    ):
        return None
    subject = next((c for c in head.children if c.dep_ == "nsubj" and c.i < head.i), None)
    if subject is None or (not unattached and any(t.text in {",", ";", ":"} for t in verb.doc[head.i : verb.i])):
        return None
    last = verb.i - 1
    while last > subject.i and (verb.doc[last].is_punct or verb.doc[last].dep_ in ("advmod", "neg")):
        last -= 1  # ", falsely": the adverb belongs to the cue
    return subject.left_edge, verb.doc[last]


def _fronted_participle(verb: Token) -> tuple[Token, Token] | None:
    """The speaker's participle clause and the reported clause of a headline like "Sprinter banned for four years
    says she will clear her name", which the parser reads as two clauses of 'says' (the first as what is said).

    The first clause must end right before the cue with no punctuation between (not '"X banned," says Y'), have a
    subject and no auxiliary (a participle describing that subject, not a clause of its own).
    """
    if verb.tag_ not in ("VBZ", "VBP") or verb.dep_ != "ROOT":
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if len(clauses) != 2 or not clauses[0].i < verb.i < clauses[1].i:
        return None
    first = clauses[0]
    if (
        first.tag_ not in ("VBN", "VBD")
        or first.right_edge.i != verb.i - 1
        or any(t.is_punct for t in first.subtree)
        or any(c.dep_ in ("aux", "auxpass") for c in first.children)
        or not any(c.dep_ == "nsubj" and c.i < first.i for c in first.children)
    ):
        return None
    return first, clauses[1]


#: Third-person reporting verbs the parser can read as plural nouns ("A video viewed ... on TikTok claims that").
_NOUN_TAGGED_CUES = {"claims": "claim", "says": "say", "alleges": "allege", "warns": "warn", "insists": "insist",
                     "suggests": "suggest", "argues": "argue", "reports": "report", "shows": "show"}


def _noun_tagged_cues(doc: Doc, offset: int, text: str) -> Iterator[Candidate]:
    """'A video viewed two million times on TikTok claims that X': 'claims' parsed as a noun after a participle.

    The parser makes the participle ('viewed') the root and 'claims' a noun; when such a
    word is followed by a 'that' clause, the root's subject phrase (up to the participle's
    complements) is the source and the clause the content.
    """
    for tok in doc:
        lemma = _NOUN_TAGGED_CUES.get(tok.lower_)
        if lemma is None or tok.pos_ == "VERB" or tok.i + 1 >= len(doc):
            continue
        mark = doc[tok.i + 1]
        if mark.lower_ != "that" or mark.dep_ != "mark" or mark.head.i <= tok.i:
            continue
        root = tok.sent.root
        if root.tag_ not in ("VBD", "VBN") or root.lemma_.lower() not in _REDUCED_LEMMAS or not root.i < tok.i:
            continue
        subject = next((c for c in root.children if c.dep_ == "nsubj" and c.i < root.i), None)
        if subject is None or any(t.text in {",", ";", ":"} for t in doc[root.i : tok.i]):
            continue
        source = _trim(text, (offset + subject.left_edge.idx, offset + tok.idx))
        last = tok.sent[-1]
        end = max(_subtree(mark.head, offset)[1], offset + last.idx + len(last))  # "... and has caused ..."
        content = _trim(text, (offset + mark.idx, end))
        cue = (offset + tok.idx, offset + tok.idx + len(tok))
        if source is None or content is None:
            continue
        yield Candidate(
            cue, source, content, "indirect", lemma, 1.0,
            f"reporting verb '{tok.text}' (parsed as a noun) with subject '{text[source[0] : source[1]]}'",
            subject, None, True,
        )


def _accused_subject(verb: Token) -> bool:
    """A passive accusation without an agent ('X was charged with', 'X accused of'): X is the accused."""
    if verb.lemma_.lower() not in {"charge", "accuse", "indict", "suspect"}:
        return False
    if any(c.dep_ in ("agent", "dobj", "ccomp") for c in verb.children):
        return False  # "prosecutors charged him with ...", "X was accused by Y"
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    # a headline drops the auxiliary: "Former official charged with taking bribes" (often parsed as active)
    return passive or any(c.dep_ == "prep" and c.lower_ in {"with", "of"} for c in verb.children)


def _denied_noun(verb: Token) -> bool:
    """A reporting noun a denial takes as object, parsed as its verb complement ('denies report that ...') or
    with the denial as its subject (the headline 'Minister rejects claims hospital lists were manipulated')."""
    denial_subject = any(
        c.dep_ == "nsubj" and c.pos_ == "NOUN" and c.lemma_.lower() in _DENIALS and c.i == verb.i - 1
        for c in verb.children
    )
    return denial_subject or (
        verb.dep_ == "xcomp"
        and verb.head.lemma_.lower() in _DENIALS
        and verb.tag_ in ("VB", "VBP", "NN", "NNS")
        and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _discourse_marker(verb: Token) -> bool:
    """'That said,' and 'Having said that,' opening a sentence: a connective ('nevertheless'), not a report."""
    if verb.lemma_.lower() != "say":
        return False
    doc, start = verb.doc, verb.sent[0].i
    words = [t.lower_ for t in doc[start : min(len(doc), verb.i + 3)]]
    return words[:3] == ["that", "said", ","] or words[:4] == ["having", "said", "that", ","]


def _asked_participle(verb: Token) -> bool:
    """A passive participle opening an adverbial clause: 'Asked about ...', 'Questioned on ...'."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and not any(c.dep_.startswith("nsubj") or c.dep_ == "mark" for c in verb.children)  # "as reported by X"
    )


#: Verbs that give an estimate as "VERB the crowd at 100,000", and the counts they estimate.
_ESTIMATE_LEMMAS = frozenset({"put", "estimate", "place", "number", "peg"})
_COUNT_NOUNS = frozenset({"crowd", "number", "toll", "turnout", "figure", "attendance", "count", "size", "cost",
                          "damage", "losses", "casualties", "dead", "total", "bill", "value", "death", "deaths"})
_NUMERIC = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})


def _estimates(doc: Doc, offset: int, text: str) -> Iterator[Candidate]:
    """'Organisers put the crowd at more than 100,000': an estimate is the estimator's claim."""
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _ESTIMATE_LEMMAS:
            continue
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _COUNT_NOUNS), None)
        at = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "at"), None)
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if obj is None or at is None or subject is None or subject.lower_ in ("it", "that", "which"):
            continue
        if not any(t.like_num or t.ent_type_ in _NUMERIC for t in at.subtree):
            continue
        content = (offset + obj.left_edge.idx, _subtree(at, offset)[1])
        source = _source_span(text, subject, offset)
        if source is None:
            continue
        cue = (offset + verb.idx, offset + verb.idx + len(verb))
        yield Candidate(
            cue, source, content, "indirect", verb.lemma_.lower(), 1.0,
            f"an estimate ('{verb.text} the {obj.text} at ...') by '{text[source[0] : source[1]]}'",
            subject, None, True,
        )


def relative_antecedent(doc: Doc, offset: int, text: str, pos: int) -> Offsets | None:
    """The noun phrase a relative pronoun at article offset ``pos`` stands for ("Adam McKay, who pledged ...")."""
    token = next((t for t in doc if offset + t.idx == pos), None)
    if token is None or not is_relative(token.text) or token.head.dep_ != "relcl":
        return None
    before = token.i - 1
    while before >= 0 and doc[before].is_punct:
        before -= 1
    # the noun phrase right before it: "and even Hollywood's Adam McKay, who", not the whole list it closes
    chunk = next((c for c in doc.noun_chunks if c.start <= before < c.end), None) if before >= 0 else None
    if chunk is not None and chunk.end == before + 1:
        first = next((t for t in chunk if t.pos_ not in ("ADV", "CCONJ", "PUNCT")), chunk[0])  # not "even"
        return _trim(text, (offset + first.idx, offset + chunk.end_char))
    return _trim(text, _subtree(token.head.head, offset, exclude=token.head))


def _possessor(cue: list[Token], offset: int, text: str) -> Offsets | None:
    """The owner right before a nominal cue ('his [recent call]', "Trump's [claim]"), as a source span."""
    heads = [t for t in cue if t.pos_ in ("NOUN", "PROPN") and t.head not in cue]
    if len(heads) != 1:
        return None
    owner = next((c for c in heads[0].children if c.dep_ == "poss" and c.right_edge.i + 1 == cue[0].i), None)
    if owner is None:
        return None
    return _trim(text, (offset + owner.left_edge.idx, offset + owner.right_edge.idx + len(owner.right_edge.text)))


def subject_source(doc: Doc, offset: int, text: str, cue: Offsets) -> Offsets | None:
    """The source span the parse gives a cue: the subject of its last verb ('The rebels, who ..., have denied')."""
    inside = [t for t in doc if cue[0] <= offset + t.idx < cue[1]]
    verbs = [t for t in inside if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return _possessor(inside, offset, text)
    subject = _subject(verbs[-1])
    if subject is None or is_relative(subject.text) or subject.pos_ == "PRON" or subject.dep_ == "nsubjpass":
        return None
    return _source_span(text, subject, offset, verbs[-1])


def find_candidates(
    doc: Doc, offset: int, text: str, lexicon: CueLexicon, quotes: QuoteIndex, threshold: float
) -> Iterator[Candidate]:
    """Yield attribution candidates in one paragraph's parse, offsets into the article ``text``."""
    yield from _according_to(doc, offset, text)
    yield from _noun_tagged_cues(doc, offset, text)
    yield from _estimates(doc, offset, text)
    for token in doc:
        if token.pos_ != "VERB":
            continue
        lemma = token.lemma_.lower()
        cue_quote = quotes.covering(offset + token.idx)
        frame = frame_of(token, cue_quote is not None)
        split_off = _quote_before(token, offset, text, quotes) if frame in ("bare", "obj") else None
        if split_off is not None:
            frame = "quote"  # '"... what can I do?" Weaver said.': the parser ended the sentence inside the quote
        score = lexicon.precision(lemma, frame)
        impersonal = _impersonal(token)
        if score < threshold and not impersonal:
            continue
        if _asked_participle(token):
            continue  # "Asked about the talks, X told reporters ...": X was asked, X says nothing by it
        if _discourse_marker(token):
            continue  # "That said, I appreciated ...", "Having said that, ...": a connective, nobody reports
        if _accused_subject(token):
            continue  # "Former official charged with taking bribes": the official is accused, not accusing
        if _denied_noun(token):
            continue  # "Kremlin denies report that ...": 'report' is the noun denied, parsed as a verb
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in _REFUSALS and lemma in _SPEAKING:
            continue  # "He declined to say when ...": what is declined ('to say when ...') is the one content
        if any(_reduced_relative(c) for c in token.children):
            continue  # "A post [shared ... on Facebook] claims": 'shared' is no reporting verb here
        sent = token.sent
        subject = _subject(token)
        source = _source_span(text, subject, offset, token) if subject is not None else None
        if (speaker := _misparsed_relative(token)) is not None:
            before = token.doc[token.i - 1]
            source = _trim(text, (offset + speaker.left_edge.idx, offset + before.idx + len(before.text)))
            subject = speaker
        if (reduced := _reduced_relative(token)) is not None:
            source = _trim(text, (offset + reduced[0].idx, offset + reduced[1].idx + len(reduced[1].text)))
        content = _content(token, frame, offset, lexicon)
        if (fronted := _fronted_participle(token)) is not None:  # "Sprinter banned for a year says she ..."
            subject = next(c for c in fronted[0].children if c.dep_ == "nsubj")
            source = _trim(text, _subtree(fronted[0], offset))
            content = _clause(fronted[1], offset, token)
        if (aside := _parenthetical(token)) is not None:  # "The contrast, said Doyle, would be clear"
            content = _trim(text, (offset + aside[0].left_edge.idx, _subtree(aside[2], offset)[1]))
        if (trailing := _trailing_report(token)) is not None:  # "A, a British newspaper reported on Tuesday"
            subject, content = trailing[0], (offset + trailing[1][0], offset + trailing[1][1])
            source = _trim(text, _subtree(subject, offset, exclude=token))
        raised = _raised_clause(token, subject, lexicon)
        if raised is not None:
            # 'X seems to Y', 'X is expected to Y': X is what the proposition is about, not its source
            content = (_subtree(subject, offset)[0], _subtree(raised, offset)[1])  # type: ignore[arg-type]
            source = None
        elif (subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == token.i
              and not any(c.dep_ == "xcomp" for c in token.children)):  # "is expected to announce": the mayor's
            source = None  # "weapons deliveries were discussed": what was discussed, not who discussed it
        cue = _cue_span(token, offset)
        if content is not None:
            if cue_quote is None:
                content = quotes.expand(content)
            content = _trim(text, content)
        if split_off is not None:
            content = split_off  # not the 'television' of "the mayor said on television."
        elif content is None and frame == "quote":
            content = _adjacent_quote(token, sent, offset, quotes)
        if content is not None and cue_quote is None:
            content = _continue_quote(text, content, cue, source, quotes)
        if source is None and content is not None and not _has_verb(doc, offset, content):
            continue  # no speaker and no proposition: "after responding to the call for help" attributes nothing
        kind = kind_of(lemma, content, quotes, text)
        src_text = text[source[0] : source[1]] if source else None
        verb_text = text[cue[0] : cue[1]]
        reason = (
            f"reporting verb '{verb_text}' with subject '{src_text}'"
            if src_text
            else f"reporting verb '{verb_text}' without a named source"
        )
        antecedent = None
        if subject is not None and is_relative(subject.text) and subject.head.dep_ == "relcl":
            antecedent = _trim(text, _subtree(subject.head.head, offset, exclude=subject.head))
        strong = impersonal or (source is not None and (
            _as_clause(token)
            or _reporter_of_participle(token) is not None  # "X said ..., calling the incident ..."
            or _speakers_conjunct(token)  # "X said A and accused Warsaw of ..."
            or (lemma in _DENIALS and _rejects_statement(text, content))  # "Manila denies the account"
        ))
        yield Candidate(cue, source, content, kind, lemma, score, reason, subject, antecedent, strong)


#: Dependencies of verbs that only modify a noun ("newly-recognized republics", "the call issued by").
_NOMINAL_VERB_DEPS = frozenset({"amod", "compound", "acl", "npadvmod", "nmod"})


#: Verbs whose subject is raised out of the proposition ('X seems to Y') or passive ('X is expected to Y').
_RAISING_LEMMAS = frozenset({"seem", "appear"})
#: Passive report verbs whose subject always belongs to what is reported ("X is said / understood to ...").
_HEARSAY_LEMMAS = frozenset({"say", "report", "rumor", "rumour", "understand", "believe", "think", "know"})
_PASSIVE_RAISING_LEMMAS = frozenset(
    {"expect", "believe", "think", "say", "report", "rumor", "rumour", "know", "consider", "understand"}
)


def _raised_clause(verb: Token, subject: Token | None, lexicon: CueLexicon) -> Token | None:
    """The infinitive of 'X seems / is expected to Y' when ``subject`` X belongs to the proposition, else None.

    Not when the infinitive is itself a likely cue ('it is expected to announce ...': learned precision
    of at least 0.5).
    """
    if subject is None or subject.head.i != verb.i:
        return None
    lemma = verb.lemma_.lower()
    if not (lemma in _RAISING_LEMMAS or (subject.dep_ == "nsubjpass" and lemma in _PASSIVE_RAISING_LEMMAS)):
        return None
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if xcomp is None:
        return None
    hearsay = lemma in _HEARSAY_LEMMAS  # "is said to have agreed terms": hearsay, whatever the infinitive
    if not hearsay and lexicon.precision(xcomp.lemma_.lower(), frame_of(xcomp)) >= 0.5:
        return None
    return xcomp


def _has_verb(doc: Doc, offset: int, span: Offsets) -> bool:
    """Whether a clause verb of ``doc`` (not a participle modifying a noun) lies inside the article span ``span``.

    A span that holds no token counts as having one (nothing to judge).
    """
    inside = [t for t in doc if span[0] <= offset + t.idx < span[1]]
    return not inside or any(t.pos_ in ("VERB", "AUX") and t.dep_ not in _NOMINAL_VERB_DEPS for t in inside)


def _continue_quote(text: str, content: Offsets, cue: Offsets, source: Offsets | None, quotes: QuoteIndex) -> Offsets:
    """Join the two halves of a quote interrupted by its cue, as one covering span (PolNeAR style).

    '"A," she said. "B."', '"A," she told reporters on Monday. "B."' and '"A," she said,
    "b."' all give ``"A," ... "B."``, whichever half the rules found first.
    """
    group = (min(cue[0], source[0]) if source else cue[0], max(cue[1], source[1]) if source else cue[1])
    if quotes.starting_at(content[0]) is None:
        return content
    if content[1] <= group[0]:
        resumed = _resuming_quote(text, group[1], quotes)
        return (content[0], resumed[1]) if resumed is not None else content
    if content[0] >= group[1]:
        opened = _interrupted_quote(text, group[0], quotes)
        return (opened[0], content[1]) if opened is not None else content
    return content


#: Most words between a cue and the quote that resumes after the end of its sentence.
_MAX_RESUME_GAP = 30


def _resuming_quote(text: str, pos: int, quotes: QuoteIndex) -> Offsets | None:
    """The quote that resumes after a cue ending at ``pos``: right after it, or as the next sentence.

    The next sentence counts when the cue's sentence ends first (' he told CNN on Monday. "B."'),
    in the same paragraph, and the resumed quote opens a new sentence (capital letter).
    """
    start = pos
    while pos < len(text) and text[pos] in " ,.;:":
        pos += 1
    resumed = quotes.starting_at(pos)
    if resumed is not None:
        return resumed
    later = next((q for q in quotes.quotes if q[0] >= start), None)
    if later is None:
        return None
    gap = text[start : later[0]].strip()
    words = gap.split()
    inner = text[later[0] : later[1]].lstrip("\"“'` ")
    if (
        not gap.endswith(".")
        or "\n" in text[start : later[0]]
        or len(words) > _MAX_RESUME_GAP
        or any(_ends_sentence(w) for w in words[:-1])
        or any(ch in QUOTE_CHARS for ch in gap)
        or not inner[:1].isupper()
    ):
        return None
    return later


def _ends_sentence(word: str) -> bool:
    """Whether ``word`` ends a sentence (abbreviations such as 'Mr.', 'Sen.', 'U.S.' do not)."""
    if not word.endswith((".", "!", "?")):
        return False
    return not (word.endswith(".") and word[:1].isupper() and (len(word) <= 4 or "." in word[:-1]))


def _interrupted_quote(text: str, pos: int, quotes: QuoteIndex) -> Offsets | None:
    """The quote ending in a comma just before a cue group starting at ``pos`` ('"A," he said, ...')."""
    end = pos
    while end > 0 and text[end - 1] == " ":
        end -= 1
    before = quotes.covering(end - 1) if end else None
    if before is None or before[1] != end:
        return None
    body = text[before[0] : before[1]].rstrip("\"”'` ")
    return before if body.endswith(",") else None


def _quote_before(verb: Token, offset: int, text: str, quotes: QuoteIndex) -> Offsets | None:
    """The quotation closing right before a sentence that is only its speaker and cue, else None.

    '"..., what can I do?" Weaver said.' and '"We won." he told reporters.' are split after the
    quotation by the parser; the short sentence left ("Weaver said.") reports the quotation.
    """
    sent = verb.sent
    words = [t for t in sent if not t.is_punct]
    if len(words) > 8 or any(t.text in _QUOTE_MARKS for t in sent) or any(c.dep_ == "neg" for c in verb.children):
        return None  # "Moldova's government did not comment." reports nothing
    start = offset + sent[0].idx
    end = start
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    quote = quotes.covering(end - 1) if end else None
    if quote is None or quote[1] != end or text[quote[0] : quote[1]].rstrip("\"\u201d'\u2019 ")[-1:] not in ".?!":
        return None
    opening = quote[0]
    while opening > 0 and text[opening - 1] in " \t":
        opening -= 1
    return quote if opening == 0 or text[opening - 1] in ".?!:\n" else None  # a quotation of its own, not a phrase


def _adjacent_quote(verb: Token, sent: Span, offset: int, quotes: QuoteIndex) -> Offsets | None:
    for token in sent:
        quote = quotes.starting_at(offset + token.idx)
        if quote is not None and not (quote[0] <= offset + verb.idx < quote[1]):
            return quote
    return None


def kind_of(lemma: str, content: Offsets | None, quotes: QuoteIndex, text: str) -> str:
    """The attribution kind from the cue lemma and whether the content is (partly) quoted."""
    if lemma in INTERNAL_STATE_LEMMAS:
        return "internal_state"
    if content is None:
        return "indirect"
    first = quotes.starting_at(content[0])
    last = quotes.covering(content[1] - 1)
    if first is not None and last is not None and last[1] == content[1]:
        return "direct"
    if any(content[0] <= q[0] < content[1] for q in quotes.quotes):
        return "mixed"
    return "indirect"

"""Tests for the sourcing profile stage, on hand-built articles."""

from __future__ import annotations

import pytest
from conftest import make_article

from sourcetrace.article import Actor, Article, Attribution, Claim, ClaimStatus, Hedge
from sourcetrace.stages.profile import Profile, build_profile

_PARTY = {"country": "Norland", "party_to_conflict": True}
ACTORS = {
    "ministry": Actor(id="ministry", name="Defence Ministry", type="government", **_PARTY),
    "rebels": Actor(id="rebels", name="Free Hills Front", type="organisation", **_PARTY),
    "monitor": Actor(id="monitor", name="Lake Watch", type="international_org", party_to_conflict=False),
    "anon": Actor(id="anon", name="a senior official", type="anonymous", country="Norland"),
    "paper": Actor(id="paper", name="The Daily Lantern", type="self_citation"),
    "writer": Actor(id="writer", name="Jane Rowe", type="self_citation", role="author"),
}

#: (source, content, status, central); source None = outlet voice, "" = agentless attribution.
Row = tuple[str | None, str, ClaimStatus, bool]


def _article(paragraphs: list[list[Row]]) -> Article:
    """Each row becomes a sentence "<Source> said <content>." or "<content>." in outlet voice."""
    parts, layout = [], []
    for para in paragraphs:
        sentences = []
        for source, content, status, central in para:
            lead = "" if source is None else ("It was said " if source == "" else f"{ACTORS[source].name} said ")
            sentences.append(f"{lead}{content}.")
            layout.append((source, content, status, central))
        parts.append(" ".join(sentences))
    text = "\n\n".join(parts)
    art = make_article(text)
    art.actors = list(ACTORS.values())
    pos = 0
    for n, (source, content, status, central) in enumerate(layout, start=1):
        start = text.index(content, pos)
        pos = start + len(content)
        attribution = None
        if source is not None:
            aid = f"a{n}"
            cue_start = text.rindex("said", 0, start)
            src = None if source == "" else (text.rindex(ACTORS[source].name, 0, start),) * 2
            art.attributions.append(
                Attribution(
                    id=aid,
                    source=None if src is None else (src[0], src[0] + len(ACTORS[source].name)),
                    cue=(cue_start, cue_start + 4),
                    content=(start, pos),
                    kind="indirect",
                    source_text=None if source == "" else ACTORS[source].name,
                    actor=None if source == "" else source,
                )
            )
            attribution = aid
        hedges = []
        if status == "hedged":
            word = text[start : start + 3]
            art.hedges.append(Hedge(start=start, end=start + 3, kind="adverb", text=word, reason="x"))
            hedges = [len(art.hedges) - 1]
        art.claims.append(
            Claim(
                id=f"c{n}",
                start=start,
                end=pos,
                text=content,
                status=status,
                attribution=attribution,
                actor=None if source in (None, "") else source,
                hedges=hedges,
                central=central,
            )
        )
    return art


def _codes(art: Article) -> list[str]:
    assert art.profile is not None
    return [f.code for f in art.profile.flags]


@pytest.mark.unit
def test_the_writer_s_first_person_is_the_outlet_s_own_voice() -> None:
    art = _article([[("writer", "the Kessel road will never reopen", "attributed", True),
                     ("paper", "convoys left Tarnow at dawn on Friday", "attributed", False)]])
    Profile()(art)
    p = art.profile
    assert p is not None
    assert (p.attributed, p.unattributed, p.self_citation) == (1, 0.5, 0.5)  # only the outlet's earlier report
    assert "Jane Rowe" not in " ".join(f.message for f in p.flags)


@pytest.mark.unit
def test_profile_counts_and_shares() -> None:
    art = _article(
        [
            [
                ("ministry", "rebels shelled the Osterby grain depot on 3 March", "attributed", True),
                ("ministry", "the Kessel road is closed to trucks", "attributed", False),
                ("monitor", "rebels shelled the Osterby grain depot that week", "attributed", False),
                ("paper", "convoys left Tarnow at dawn on Friday", "attributed", False),
            ],
            [
                (None, "the Tarnow mayor resigned in April", "asserted", False),
                (None, "looters emptied the Tarnow market overnight", "hedged", False),
            ],
        ]
    )
    Profile()(art)
    p = art.profile
    assert p is not None
    assert (p.claims, p.attributed) == (6, 4)
    assert p.unattributed == round(2 / 6, 4)
    assert p.party_to_conflict == round(2 / 6, 4)
    assert p.anonymous == 0.0
    assert p.self_citation == round(1 / 6, 4)
    assert p.hedged == round(1 / 6, 4)
    # the two depot claims corroborate each other (different actors); the road and convoy claims stand alone
    assert p.single_source == 0.5
    assert p.sources == {"ministry": 2, "monitor": 1, "paper": 1}
    assert "central_claim_single_interested_party" not in _codes(art)


@pytest.mark.unit
def test_profile_flags_central_claim_resting_on_one_interested_party() -> None:
    art = _article(
        [
            [("rebels", "government troops burned the Velka bridge on Sunday", "attributed", True)],
            [("monitor", "the Norland border stayed open on Sunday", "attributed", False)],
        ]
    )
    profile = build_profile(art)
    flag = next(f for f in profile.flags if f.code == "central_claim_single_interested_party")
    assert flag.message == (
        "central claim rests on one interested party (Free Hills Front of Norland, party to the conflict); "
        "no independent corroboration in the article"
    )
    name = art.text.index("Free Hills Front")
    claim = art.claims[0]
    assert flag.evidence == [(name, name + len("Free Hills Front")), (claim.start, claim.end)]


@pytest.mark.unit
def test_profile_unverified_relay_needs_the_disclaimer_on_the_central_claim() -> None:
    art = _article(
        [
            [("anon", "the Velka dam was mined in May", "attributed", True)],
            [("monitor", "the Norland border stayed open on Sunday", "attributed", False)],
        ]
    )
    other = art.claims[1]
    art.hedges.append(Hedge(start=other.start, end=other.start + 3, kind="unverified", text="the", reason="x"))
    other.hedges = [len(art.hedges) - 1]  # "The figure could not be verified" speaks of the monitor's claim
    assert "central_claim_unverified_relay" not in [f.code for f in build_profile(art).flags]
    other.hedges = []  # a disclaimer tied to no claim ("We could not verify the report") may speak of the central one
    assert "central_claim_unverified_relay" in [f.code for f in build_profile(art).flags]
    art.claims[0].hedges = [len(art.hedges) - 1]
    assert "central_claim_unverified_relay" in [f.code for f in build_profile(art).flags]


@pytest.mark.unit
def test_profile_no_central_flag_for_a_neutral_source() -> None:
    art = _article([[("monitor", "government troops burned the Velka bridge on Sunday", "attributed", True)]])
    assert "central_claim_single_interested_party" not in [f.code for f in build_profile(art).flags]


@pytest.mark.unit
def test_profile_heavy_anonymous_sourcing_counts_agentless_attributions() -> None:
    art = _article(
        [
            [
                ("anon", "the Velka dam was mined in May", "attributed", True),
                ("", "two generals fled to Osterby", "attributed", False),
                ("monitor", "the Norland border stayed open on Sunday", "attributed", False),
            ]
        ]
    )
    profile = build_profile(art)
    assert profile.anonymous == round(2 / 3, 4)
    flag = next(f for f in profile.flags if f.code == "heavy_anonymous_sourcing")
    assert flag.message.startswith("2 of 3 attributed claims rest on unnamed sources")
    assert "(unnamed, a2)" in profile.sources


@pytest.mark.unit
def test_profile_single_anonymous_claim_is_not_heavy() -> None:
    art = _article([[("anon", "the Velka dam was mined in May", "attributed", True)]])
    assert "heavy_anonymous_sourcing" not in [f.code for f in build_profile(art).flags]


@pytest.mark.unit
def test_profile_mostly_unattributed_needs_enough_claims() -> None:
    outlet: list[Row] = [
        (None, "the Tarnow mayor resigned in April", "asserted", True),
        (None, "looters emptied the Tarnow market overnight", "asserted", False),
        (None, "the Osterby port closed on 9 June", "asserted", False),
    ]
    few = build_profile(_article([outlet]))
    assert "mostly_unattributed" not in [f.code for f in few.flags]
    many = build_profile(_article([[*outlet, (None, "ferries stopped at Velka in June", "asserted", False)]]))
    flag = next(f for f in many.flags if f.code == "mostly_unattributed")
    assert flag.message == "4 of 4 claims are stated in the outlet's own voice with no source"
    assert len(flag.evidence) == 4


@pytest.mark.unit
def test_profile_self_citation_flag() -> None:
    art = _article(
        [
            [("monitor", "the Norland border stayed open on Sunday", "attributed", True)],
            [("paper", "convoys left Tarnow at dawn on Friday", "attributed", False)],
        ]
    )
    flag = next(f for f in build_profile(art).flags if f.code == "self_citation")
    assert "(The Daily Lantern)" in flag.message
    assert flag.message.startswith("1 claim(s) are sourced to the publishing outlet's own earlier reporting")


@pytest.mark.unit
def test_profile_unattributed_assertions_in_closing() -> None:
    art = _article(
        [
            [("ministry", "rebels shelled the Osterby grain depot on 3 March", "attributed", True)],
            [("monitor", "the Norland border stayed open on Sunday", "attributed", False)],
            [("rebels", "the Velka dam was mined in May", "attributed", False)],
            [(None, "the Tarnow mayor resigned in April", "asserted", False)],
            [(None, "looters emptied the Tarnow market overnight", "asserted", False)],
        ]
    )
    profile = build_profile(art)
    flag = next(f for f in profile.flags if f.code == "unattributed_assertions_in_closing")
    assert flag.evidence == [(c.start, c.end) for c in art.claims[-2:]]
    # a hedged closing claim is not a plain assertion
    art.claims[-1].status = "hedged"
    assert "unattributed_assertions_in_closing" not in [f.code for f in build_profile(art).flags]


@pytest.mark.unit
def test_profile_of_an_article_without_claims() -> None:
    art = make_article("Nothing to see.")
    Profile()(art)
    assert art.profile is not None
    assert art.profile.model_dump() == {
        "claims": 0,
        "attributed": 0,
        "unattributed": 0.0,
        "single_source": 0.0,
        "party_to_conflict": 0.0,
        "anonymous": 0.0,
        "self_citation": 0.0,
        "hedged": 0.0,
        "sources": {},
        "flags": [],
    }


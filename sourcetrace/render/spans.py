"""Highlightable findings of a report and the flat segments they cut its text into.

Findings overlap and nest (a hedge inside a quote inside a claim). To draw
them as HTML without crossing tags, the text is cut at every start and end of
every finding; each segment then carries the set of findings covering it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from sourcetrace.report import Report

__all__ = ["LAYER_LABELS", "Finding", "Layer", "Segment", "findings", "segments"]

Layer = Literal["source", "cue", "content", "hedge", "claim", "technique", "narrative"]

#: Highlight layers in drawing order, with the label shown in the legend.
LAYER_LABELS: dict[Layer, str] = {
    "claim": "Claim",
    "content": "Attributed content",
    "source": "Source",
    "cue": "Attribution cue",
    "hedge": "Hedge",
    "technique": "Persuasion technique",
    "narrative": "Narrative evidence",
}


@dataclass(frozen=True)
class Finding:
    """One highlighted span and why it was flagged."""

    start: int
    end: int
    layer: Layer
    label: str
    reason: str
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Segment:
    """A run of text covered by exactly the same findings (indices into the findings list)."""

    start: int
    end: int
    findings: tuple[int, ...]


def _attribution_findings(report: Report) -> list[Finding]:
    out: list[Finding] = []
    for a in report.attributions:
        actor = report.actor(a.actor)
        details = {"attribution": a.id, "kind": a.kind}
        if actor is not None:
            names = [x.name for x in map(report.actor, a.actors) if x is not None] or [actor.name]
            details |= {"actor": " + ".join(names), "type": actor.type}
            if actor.country:
                details["country"] = actor.country
            if actor.party_to_conflict is not None:
                details["party to conflict"] = "yes" if actor.party_to_conflict else "no"
        resolved = report.span_text(a.resolved_source)
        if resolved:
            details["refers to"] = resolved
        reason = a.reason or f"{a.kind} attribution"
        if a.source is not None:
            source_reason = actor.reason if actor is not None and actor.reason else reason
            out.append(Finding(a.source[0], a.source[1], "source", "Source", source_reason, details))
        out.append(Finding(a.cue[0], a.cue[1], "cue", "Attribution cue", reason, details))
        if a.content is not None:
            out.append(Finding(a.content[0], a.content[1], "content", "Attributed content", reason, details))
    return out


def findings(report: Report) -> list[Finding]:
    """Return every highlightable finding of ``report``: attributions, hedges, claims, technique spans."""
    out = _attribution_findings(report)
    for h in report.hedges:
        out.append(Finding(h.start, h.end, "hedge", "Hedge", h.reason, {"kind": h.kind}))
    for c in report.claims:
        details = {"claim": c.id, "status": c.status}
        actor = report.actor(c.actor)
        if actor is not None:
            details["actor"] = actor.name
        elif c.attribution is None:
            details["source"] = "outlet's own voice"
        if c.checkworthiness is not None:
            details["check-worthiness"] = f"{c.checkworthiness:.2f}"
        out.append(Finding(c.start, c.end, "claim", "Claim", c.reason or f"{c.status} claim", details))
    for t in report.techniques:
        details = {
            "technique": t.technique,
            "confidence": f"{t.confidence:.2f}",
            "technique probability": f"{t.technique_probability:.2f}",
            "voice": "outlet's own words" if t.voice == "outlet" else f"relayed (inside {t.attribution})",
        }
        if t.alternatives:
            details["alternatives"] = ", ".join(f"{a.technique} {a.probability:.2f}" for a in t.alternatives)
        out.append(Finding(t.start, t.end, "technique", "Persuasion technique", t.explanation, details))
    for n in report.narratives:
        for ev in n.evidence:
            details = {"label": n.label, "level": n.level, "sentence score": f"{ev.score:.2f}"}
            out.append(Finding(ev.start, ev.end, "narrative", "Narrative evidence", ev.reason, details))
    return out


def segments(length: int, spans: Sequence[Finding]) -> list[Segment]:
    """Cut ``[0, length)`` at every span boundary; each segment lists the spans covering it.

    Spans are clipped to the text; empty spans are ignored. The segments are
    contiguous, non-empty and together cover the text exactly once.
    """
    clipped = [(max(0, s.start), min(length, s.end), i) for i, s in enumerate(spans)]
    clipped = [(a, b, i) for a, b, i in clipped if a < b]
    cuts = sorted({0, length, *(a for a, _, _ in clipped), *(b for _, b, _ in clipped)})
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for a, b, i in clipped:
        starts.setdefault(a, []).append(i)
        ends.setdefault(b, []).append(i)
    active: set[int] = set()
    out: list[Segment] = []
    for left, right in pairwise(cuts):
        active.difference_update(ends.get(left, ()))
        active.update(starts.get(left, ()))
        out.append(Segment(left, right, tuple(sorted(active))))
    return out

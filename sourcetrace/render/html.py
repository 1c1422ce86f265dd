"""HTML renderer: one self-contained page with the article text and every finding highlighted.

The page has no external resources (CSS and JavaScript are inline) and every
piece of article text or metadata is escaped. Overlapping findings are drawn
by cutting the text into segments at every boundary (``render.spans``);
clicking a segment shows why each covering span was flagged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape

from sourcetrace.render._html_assets import CSS, JS
from sourcetrace.render.spans import LAYER_LABELS, Finding, findings, segments
from sourcetrace.report import Report

__all__ = ["render_html", "render_section"]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _script_json(value: object) -> str:
    """JSON safe to embed in a ``<script>`` element (no ``</script>`` or ``<!--`` can appear)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _tooltip(spans: Sequence[Finding], indices: Sequence[int]) -> str:
    lines = []
    for i in indices:
        f = spans[i]
        extra = ", ".join(f"{k}: {v}" for k, v in f.details.items())
        lines.append(f"{f.label} — {f.reason}" + (f" ({extra})" if extra else ""))
    return "\n".join(lines)


def _text_html(report: Report, spans: Sequence[Finding]) -> str:
    parts: list[str] = []
    for seg in segments(len(report.text), spans):
        chunk = _e(report.text[seg.start : seg.end])
        if not seg.findings:
            parts.append(chunk)
            continue
        layers = sorted({spans[i].layer for i in seg.findings})
        classes = " ".join(["seg", *(f"m-{layer}" for layer in layers)])
        ids = " ".join(str(i) for i in seg.findings)
        title = _e(_tooltip(spans, seg.findings))
        parts.append(f'<span class="{classes}" data-f="{ids}" title="{title}">{chunk}</span>')
    return "".join(parts)


def _legend() -> str:
    items = "".join(
        f'<label><input type="checkbox" value="{layer}" checked> <span class="sw seg m-{layer}">{_e(label)}</span>'
        "</label>"
        for layer, label in LAYER_LABELS.items()
    )
    return f'<div class="legend">{items}</div>'


def _sources_table(report: Report) -> str:
    cited = report.cited_actors()
    if not cited:
        return '<p class="muted">No sources identified.</p>'
    said = {a.id: sum(1 for t in report.attributions if a.id in t.actors) for a in cited}
    rows = "".join(
        f"<tr><td>{_e(a.name)}{'<br><span class=muted>' + _e(a.role) + '</span>' if a.role else ''}</td>"
        f"<td>{_e(a.type)}</td><td>{_e(a.country or '-')}</td>"
        f"<td>{'-' if a.party_to_conflict is None else ('yes' if a.party_to_conflict else 'no')}</td>"
        f"<td>{said[a.id]}</td></tr>"
        for a in cited
    )
    head = "<tr><th>Actor</th><th>Type</th><th>Country</th><th>Party</th><th>Said</th></tr>"
    others = len(report.actors) - len(cited)
    note = f'<p class="muted">{others} other actor(s) mentioned but not cited.</p>' if others else ""
    return f"<table class='sources'>{head}{rows}</table>{note}"


def _profile(report: Report) -> str:
    p = report.profile
    if p is None:
        return '<p class="muted">Sourcing profile not computed.</p>'
    shares = [
        ("unattributed", p.unattributed),
        ("single source", p.single_source),
        ("party to conflict", p.party_to_conflict),
        ("anonymous", p.anonymous),
        ("self-citation", p.self_citation),
        ("hedged", p.hedged),
    ]
    rows = f"<tr><td>claims</td><td>{p.claims}</td></tr><tr><td>attributed</td><td>{p.attributed}</td></tr>"
    rows += "".join(f"<tr><td>{label}</td><td>{share * 100:.0f}%</td></tr>" for label, share in shares)
    flags = "".join(f"<li><b>{_e(f.code)}</b>: {_e(f.message)}</li>" for f in p.flags)
    flags_html = f'<ul class="flags">{flags}</ul>' if flags else '<p class="muted">No sourcing flags.</p>'
    return f"<table class='profile'>{rows}</table>{flags_html}"


def _matches(report: Report) -> str:
    """Known claims (fact-checks, disinformation cases) the article's claims repeat; empty when none."""
    items = []
    for claim in report.claims:
        for m in claim.matches:
            link = f' <a href="{_e(m.url)}" rel="noopener">{_e(m.source)}</a>' if m.url else f" {_e(m.source)}"
            verdict = f" <b>{_e(m.verdict)}</b>" if m.verdict else ""
            disproof = f'<br><span class="muted">{_e(m.disproof[:300])}</span>' if m.disproof else ""
            items.append(
                f"<li><q>{_e(claim.text[:160])}</q> repeats <q>{_e(m.claim)}</q>{verdict}{link} "
                f'<span class="muted">(p {m.probability:.2f}, similarity {m.similarity:.2f})</span>{disproof}</li>'
            )
    return f"<h3>Known claims repeated</h3><ul class='matches'>{''.join(items)}</ul>" if items else ""


def _propaganda(report: Report) -> str:
    """Technique counts split by voice; empty when the techniques stage did not run."""
    summary = report.propaganda
    if summary is None:
        return ""
    rows = "".join(f"<tr><td>{_e(name)}</td><td>{count}</td></tr>" for name, count in summary.techniques.items())
    return (
        "<h3>Persuasion techniques</h3>"
        f"<p>{len(report.techniques)} span(s): {summary.outlet_voice} in the outlet's own voice, "
        f"{summary.relayed} relayed from sources. Propaganda score {summary.score:.2f} "
        '<span class="muted">(expected share of sentences holding a technique)</span></p>'
        f"<table class='techniques'>{rows}</table>"
    )


def _narratives(report: Report) -> str:
    """Narrative labels with probability and their best evidence sentence; empty when the stage did not run."""
    items = []
    for n in report.narratives:
        p = f" (p {n.probability:.2f})" if n.probability is not None else ""
        quote = ""
        if n.evidence:
            ev = n.evidence[0]
            quote = f'<br><q>{_e(report.text[ev.start : ev.end][:200])}</q> <span class="muted">{_e(ev.reason)}</span>'
        name = _e(n.label) if n.level == "narrative" else f"&#8627; {_e(n.label)}"
        items.append(f'<li><b>{name}</b><span class="muted">{p}</span>{quote}'
                     f'<br><span class="muted">{_e(n.reason)}</span></li>')
    return f"<h3>Narratives</h3><ul class='narratives'>{''.join(items)}</ul>" if items else ""


def render_section(report: Report, index: int = 0) -> str:
    """Render one report as an ``<section>``: text with highlights, legend, sources, profile."""
    spans = findings(report)
    data = [
        {"label": f.label, "layer": f.layer, "reason": f.reason, "details": f.details,
         "text": report.text[max(0, f.start) : max(0, f.end)]}
        for f in spans
    ]
    meta = report.meta
    title = meta.title or meta.source
    byline = " · ".join(_e(x) for x in (meta.outlet, meta.author, meta.date, meta.url) if x)
    warnings = "".join(f"<li>{_e(w)}</li>" for w in meta.warnings)
    return (
        f'<section class="article" id="article-{index}">'
        f"<div><h2>{_e(title)}</h2>"
        f'<div class="meta">{byline}{"<br>" if byline else ""}source: {_e(report.source)}</div>'
        f'{f"<ul class=meta>{warnings}</ul>" if warnings else ""}'
        f"{_legend()}"
        f'<div class="text">{_text_html(report, spans)}</div></div>'
        f'<aside class="side"><h3>Why flagged</h3><div class="why"><p class="muted">'
        "Hover or click a highlighted span.</p></div>"
        f"<h3>Sources</h3>{_sources_table(report)}<h3>Sourcing profile</h3>{_profile(report)}{_matches(report)}"
        f"{_propaganda(report)}{_narratives(report)}</aside>"
        f'<script type="application/json" class="findings">{_script_json(data)}</script>'
        "</section>"
    )


def render_html(reports: Report | Sequence[Report]) -> str:
    """Render one or more reports as one self-contained HTML page, one section per article."""
    items = [reports] if isinstance(reports, Report) else list(reports)
    title = items[0].meta.title or items[0].source if len(items) == 1 else f"{len(items)} articles"
    sections = "\n".join(render_section(report, i) for i, report in enumerate(items))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>sourcetrace: {_e(title)}</title><style>{CSS}</style></head>\n"
        f'<body><header class="page"><h1>sourcetrace evidence map — {_e(title)}</h1></header>\n'
        f"{sections}\n<script>{JS}</script></body></html>\n"
    )

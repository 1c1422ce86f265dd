"""Terminal renderer: the evidence map of one article as rich tables that fit 80 columns."""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from sourcetrace.article import Attribution, Claim
from sourcetrace.pipeline import DEFAULT_STAGES, feeds_only
from sourcetrace.report import Report

__all__ = ["print_report", "render_text", "report_renderable"]

_NONE = "-"


def _short(text: str | None, limit: int) -> str:
    """Collapse whitespace and cut ``text`` to ``limit`` characters with an ellipsis."""
    if not text:
        return _NONE
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _party(value: bool | None) -> str:
    return _NONE if value is None else ("yes" if value else "no")


def _source_label(report: Report, attribution: Attribution | None) -> str:
    """Name who speaks in ``attribution``: canonical actor, else source words, else agentless."""
    if attribution is None:
        return "outlet's own voice"
    ids = attribution.actors or ([attribution.actor] if attribution.actor else [])
    names = [actor.name for actor in map(report.actor, ids) if actor is not None]
    words = attribution.source_text or report.span_text(attribution.source)
    if names:
        if words and all(name.lower() in words.lower() for name in names):
            return words
        return " + ".join(names) if not words else f"{words} (= {' + '.join(names)})"
    return words or "(agentless)"


def _header(report: Report) -> RenderableType:
    meta = report.meta
    title = Text(meta.title or meta.source, style="bold")
    details = [part for part in (meta.outlet, meta.author, meta.date) if part]
    lines: list[RenderableType] = [Rule(style="dim"), title]
    if details:
        lines.append(Text(" · ".join(details), style="italic"))
    counts = f"{len(report.text)} characters · {len(report.sentences)} sentences · source: {report.source}"
    lines.append(Text(counts, style="dim", overflow="fold"))
    lines.extend(Text(f"warning: {w}", style="yellow") for w in meta.warnings)
    not_run = [n for n in DEFAULT_STAGES if report.stages and n not in report.stages and not feeds_only(n)]
    if not_run:
        lines.append(Text(f"not analysed (stages left out): {', '.join(not_run)}", style="dim"))
    return Group(*lines)


def _sources(report: Report) -> RenderableType:
    cited = report.cited_actors()
    if not cited:
        return Text("Sources: none identified", style="dim")
    table = Table(title="Sources", title_justify="left", expand=False, show_lines=False)
    table.add_column("Actor", overflow="fold", ratio=3)
    table.add_column("Type", overflow="fold", ratio=2)
    table.add_column("Country", overflow="fold", ratio=1)
    table.add_column("Party", no_wrap=True)
    table.add_column("Said", justify="right", no_wrap=True)
    for actor in cited:
        redundant = not actor.role or actor.role == actor.type or actor.role.lower() in actor.name.lower()
        name = actor.name if redundant else f"{actor.name}, {actor.role}"
        said = sum(1 for t in report.attributions if actor.id in t.actors)
        table.add_row(_short(name, 60), actor.type, actor.country or _NONE, _party(actor.party_to_conflict), str(said))
    others = len(report.actors) - len(cited)
    if not others:
        return table
    return Group(table, Text(f"{others} other actor(s) mentioned but not cited as a source", style="dim"))


def _attributions(report: Report) -> RenderableType:
    if not report.attributions:
        return Text("Attributions: none found", style="dim")
    table = Table(title="Attributions", title_justify="left")
    table.add_column("Source → cue → content", overflow="fold")
    table.add_column("Kind", no_wrap=True)
    for attribution in report.attributions:
        cue = attribution.cue_text or report.span_text(attribution.cue) or _NONE
        content = attribution.content_text or report.span_text(attribution.content)
        line = Text()
        line.append(_short(_source_label(report, attribution), 40), style="bold cyan")
        line.append(" → ")
        line.append(_short(cue, 30), style="magenta")
        line.append(" → ")
        line.append(_short(content, 70))
        table.add_row(line, attribution.kind)
    return table


def _hedges(report: Report) -> RenderableType:
    if not report.hedges:
        return Text("Hedges: none found", style="dim")
    table = Table(title="Hedges", title_justify="left")
    table.add_column("Words", overflow="fold", ratio=1)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Why", overflow="fold", ratio=2)
    for hedge in report.hedges:
        table.add_row(_short(hedge.text, 30), hedge.kind, _short(hedge.reason, 80))
    return table


def _claim_source(report: Report, claim: Claim) -> str:
    actor = report.actor(claim.actor)
    if actor is not None:
        return actor.name
    return _source_label(report, report.attribution(claim.attribution))


def _claims(report: Report) -> RenderableType:
    if not report.claims:
        return Text("Claims: none found", style="dim")
    table = Table(title="Claims", title_justify="left")
    table.add_column("Claim", overflow="fold", ratio=3)
    table.add_column("Status", no_wrap=True)
    table.add_column("Source", overflow="fold", ratio=1)
    scored = any(c.checkworthiness is not None for c in report.claims)
    if scored:
        table.add_column("Check-worthy", justify="right", no_wrap=True)
    for claim in report.claims:
        marker = "★ " if claim.central else ""
        cells = [marker + _short(claim.text, 90), claim.status, _short(_claim_source(report, claim), 30)]
        if scored:
            cells.append("-" if claim.checkworthiness is None else f"{claim.checkworthiness:.2f}")
        table.add_row(*cells)
    return table


def _matches(report: Report) -> RenderableType | None:
    """Known claims the article's claims repeat, with verdict and link; None when no claim has a match."""
    lines: list[RenderableType] = []
    for claim in report.claims:
        if not claim.matches:
            continue
        lines.append(Text(f"• {_short(claim.text, 100)}", style="bold"))
        for m in claim.matches:
            line = Text(f"  ↳ {m.probability:.2f} ", style="bold red" if m.probability >= 0.8 else "yellow")
            line.append(f"{m.claim} [{m.verdict or 'no verdict'}, {m.source}]")
            if m.url:
                line.append(f" {m.url}", style="dim")
            lines.append(line)
    return Group(Text("Known claims repeated", style="bold"), *lines) if lines else None


def _techniques(report: Report) -> RenderableType | None:
    """Persuasion-technique spans with voice and confidence; None when the stage did not run."""
    summary = report.propaganda
    if summary is None:
        return None
    head = Text(
        f"Persuasion techniques: {len(report.techniques)} span(s), {summary.outlet_voice} in the outlet's voice, "
        f"{summary.relayed} relayed; propaganda score {summary.score:.2f} (expected share of sentences)",
        style="bold",
    )
    if not report.techniques:
        return head
    table = Table(title_justify="left")
    table.add_column("Words", overflow="fold", ratio=3)
    table.add_column("Technique", overflow="fold", ratio=2)
    table.add_column("Voice", no_wrap=True)
    table.add_column("Conf.", justify="right", no_wrap=True)
    for span in report.techniques:
        voice = "outlet" if span.voice == "outlet" else f"relayed ({span.attribution})"
        technique = span.technique.replace("_", " ").replace(",", " / ")
        table.add_row(_short(span.text, 60), technique, voice, f"{span.confidence:.2f}")
    return Group(head, table)


def _narratives(report: Report) -> RenderableType | None:
    """Narratives and sub-narratives with probability and best evidence sentence; None when the stage did not run."""
    if not report.narratives:
        return Text("Narratives: none recognised", style="dim") if "narratives" in report.stages else None
    table = Table(title="Narratives", title_justify="left")
    table.add_column("Narrative", overflow="fold", ratio=2)
    table.add_column("P", justify="right", no_wrap=True)
    table.add_column("Evidence", overflow="fold", ratio=3)
    for n in report.narratives:
        label = n.label if n.level == "narrative" else f"↳ {n.label.split(': ')[-1]}"
        p = "-" if n.probability is None else f"{n.probability:.2f}"
        evidence = _short(report.text[n.evidence[0].start : n.evidence[0].end], 90) if n.evidence else n.reason
        table.add_row(label, p, evidence)
    return table


def _profile(report: Report) -> RenderableType:
    profile = report.profile
    if profile is None:
        return Text("Sourcing profile: not computed", style="dim")
    table = Table(title="Sourcing profile", title_justify="left", show_header=False)
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    table.add_row("claims", str(profile.claims))
    table.add_row("attributed claims", str(profile.attributed))
    for label, share in (
        ("unattributed", profile.unattributed),
        ("single source", profile.single_source),
        ("party to conflict", profile.party_to_conflict),
        ("anonymous", profile.anonymous),
        ("self-citation", profile.self_citation),
        ("hedged", profile.hedged),
    ):
        table.add_row(label, _percent(share))
    flags: list[RenderableType] = [table]
    for flag in profile.flags:
        line = Text("⚑ ", style="bold red")
        line.append(f"{flag.code}: ", style="bold")
        line.append(flag.message)
        flags.append(line)
    if not profile.flags:
        flags.append(Text("no sourcing flags", style="green"))
    return Group(*flags)


def report_renderable(report: Report) -> RenderableType:
    """Return the rich renderable of one report: header, sources, attributions, hedges, claims, techniques, profile."""
    blank = Text("")
    parts = [_header(report), _sources(report), _attributions(report), _hedges(report), _claims(report)]
    for extra in (_matches(report), _techniques(report), _narratives(report)):
        if extra is not None:
            parts.append(extra)
    body: list[RenderableType] = []
    for part in parts:
        body.extend([part, blank])
    body.append(_profile(report))
    return Group(*body)


def print_report(report: Report, console: Console) -> None:
    """Print one report to ``console`` (colour only if the console is a terminal)."""
    console.print(report_renderable(report))
    console.print()


def render_text(report: Report, *, width: int = 80, color: bool = False) -> str:
    """Render one report as plain text lines no wider than ``width``."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )
    print_report(report, console)
    return buffer.getvalue()

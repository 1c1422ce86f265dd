"""The report: one versioned, documented JSON document per analysed article.

Every renderer (text, JSON, HTML) reads a ``Report``; nothing renders an
``Article`` directly. The report reuses the layer models of
``sourcetrace.article`` so the two cannot drift apart, always carries the
``text`` its offsets index, and is described by a JSON Schema committed as
``docs/report.schema.json`` (regenerate with
``python -m sourcetrace.report --schema > docs/report.schema.json``).
"""

from __future__ import annotations

import json
import sys
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from sourcetrace.article import (
    Actor,
    Article,
    ArticleMeta,
    Attribution,
    Claim,
    Entity,
    Hedge,
    NarrativeLabel,
    Paragraph,
    PropagandaSummary,
    Sentence,
    SourcingProfile,
    TechniqueSpan,
)

__all__ = ["SCHEMA_VERSION", "Report", "build_report", "report_schema", "schema_json"]

#: Version of the report layout; bump the major part on breaking changes.
SCHEMA_VERSION: Final = "1.4"


class Report(BaseModel):
    """Everything sourcetrace found in one article, as offsets into ``text``."""

    model_config = ConfigDict(extra="forbid", title="Report")

    schema_version: Literal["1.4"] = Field(default=SCHEMA_VERSION, description="Version of this report layout.")
    sourcetrace_version: str = Field(description="Version of sourcetrace that wrote the report.")
    source: str = Field(description="File path, URL or '-' the article came from.")
    meta: ArticleMeta
    stages: list[str] = Field(
        default_factory=list,
        description="Stages that analysed the article, in order. A layer whose stage is absent was not computed "
        "(an empty list then means 'not looked for', not 'none found').",
    )
    text: str = Field(description="The article text; every offset in the report indexes this string.")
    paragraphs: list[Paragraph] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    hedges: list[Hedge] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    techniques: list[TechniqueSpan] = Field(
        default_factory=list, description="Persuasion-technique spans (set by the 'techniques' stage)."
    )
    propaganda: PropagandaSummary | None = None
    narratives: list[NarrativeLabel] = Field(
        default_factory=list,
        description="SemEval-2025 Task 10 narratives, then sub-narratives, with evidence ('narratives' stage).",
    )
    profile: SourcingProfile | None = None

    def span_text(self, span: tuple[int, int] | None) -> str | None:
        """Return the text a ``(start, end)`` pair covers, or None."""
        return None if span is None else self.text[span[0] : span[1]]

    def actor(self, actor_id: str | None) -> Actor | None:
        """Return the actor with ``actor_id``, or None."""
        return next((a for a in self.actors if a.id == actor_id), None)

    def cited_actors(self) -> list[Actor]:
        """Return the actors that are the source of at least one attribution or claim, in actor order."""
        cited = {a.actor for a in self.attributions} | {c.actor for c in self.claims}
        cited.update(actor_id for a in self.attributions for actor_id in a.actors)
        return [actor for actor in self.actors if actor.id in cited]

    def attribution(self, attribution_id: str | None) -> Attribution | None:
        """Return the attribution with ``attribution_id``, or None."""
        return next((a for a in self.attributions if a.id == attribution_id), None)


def _version() -> str:
    from sourcetrace import __version__

    return __version__


def build_report(article: Article) -> Report:
    """Turn an analysed article into its report (the parses are left out)."""
    return Report(
        sourcetrace_version=_version(),
        source=article.meta.source,
        meta=article.meta.model_copy(deep=True),
        stages=list(article.stages),
        text=article.text,
        paragraphs=list(article.paragraphs),
        sentences=list(article.sentences),
        entities=list(article.entities),
        actors=list(article.actors),
        attributions=list(article.attributions),
        hedges=list(article.hedges),
        claims=list(article.claims),
        techniques=list(article.techniques),
        propaganda=article.propaganda,
        narratives=list(article.narratives),
        profile=article.profile,
    )


def report_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``Report``."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_json() -> str:
    """Return the JSON Schema of ``Report`` as the text committed in ``docs/report.schema.json``."""
    return json.dumps(report_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the report JSON Schema: ``python -m sourcetrace.report --schema``."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["--schema"]:
        print("usage: python -m sourcetrace.report --schema", file=sys.stderr)
        return 2
    sys.stdout.write(schema_json())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Stages registered by name, and the pipeline that runs them in a checked order.

A stage is any object with ``name``, ``requires``, ``assigns`` and
``__call__(article) -> article``; heavy resources load in ``warm_up`` so that
constructing a pipeline is cheap. Register a stage class with
``@register_stage``; ``Pipeline`` checks when it is built that every layer a
stage requires is assigned by an earlier stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import ClassVar, Protocol, TypeVar, runtime_checkable

from sourcetrace.article import LAYERS, Article
from sourcetrace.errors import PipelineError, SourcetraceError, StageError

__all__ = [
    "DEFAULT_STAGES",
    "Pipeline",
    "Stage",
    "feeds_only",
    "get_stage",
    "register_stage",
    "registered_stages",
    "without",
]


@runtime_checkable
class Stage(Protocol):
    """Adds layers to an article; declares the layers it needs and fills."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    assigns: ClassVar[tuple[str, ...]]

    def warm_up(self) -> None:
        """Load models or data; called once before the first article."""

    def __call__(self, article: Article) -> Article:
        """Analyse ``article`` and return it with the assigned layers set."""


S = TypeVar("S", bound=type)

_REGISTRY: dict[str, type] = {}

#: The stages ``sourcetrace analyze`` runs, in order.
DEFAULT_STAGES: tuple[str, ...] = (
    "linguistics",
    "attribution",
    "actors",
    "hedging",
    "claims",
    "encoding",
    "techniques",
    "narratives",
    "profile",
)


def register_stage(cls: S) -> S:
    """Class decorator: make a stage available to ``Pipeline`` by its ``name``."""
    name: str = cls.name  # type: ignore[attr-defined]
    for layer in (*cls.requires, *cls.assigns):  # type: ignore[attr-defined]
        if layer not in LAYERS:
            raise PipelineError(f"stage {name!r} names unknown layer {layer!r}; known: {', '.join(LAYERS)}")
    _REGISTRY[name] = cls
    return cls


def _import_builtin_stages() -> None:
    import sourcetrace.stages  # noqa: F401  (registers the built-in stages)


def registered_stages() -> dict[str, type]:
    """Return every registered stage class by name."""
    _import_builtin_stages()
    return dict(_REGISTRY)


def get_stage(name: str) -> type:
    """Return the stage class registered as ``name``."""
    stages = registered_stages()
    if name not in stages:
        raise PipelineError(f"no stage named {name!r}; registered: {', '.join(sorted(stages))}")
    return stages[name]


def _providers(layers: Sequence[str]) -> str:
    """``" (add 'x' before it)"``: the registered stages that assign ``layers``, or ``""`` if none does."""
    names = [name for name, cls in registered_stages().items() if set(layers) & set(cls.assigns)]  # type: ignore[attr-defined]
    return f" (add {', '.join(repr(n) for n in sorted(names))} before it)" if names else ""


#: Layers that feed other stages and are not part of the report.
_UNREPORTED = frozenset({"parses", "encoding"})


def without(stages: Sequence[str], skip: Iterable[str]) -> list[str]:
    """``stages`` less the ``skip`` names, in order.

    A stage whose layers are not reported (``encoding``) is left out too once no kept
    stage needs it. Raises PipelineError naming a skipped name that is not in
    ``stages``, or a kept stage that needs a layer only a skipped stage assigns.
    """
    skipped = list(dict.fromkeys(skip))
    unknown = [name for name in skipped if name not in stages]
    if unknown:
        raise PipelineError(f"cannot skip {unknown[0]!r}: not a stage of this pipeline ({', '.join(stages)})")
    kept = [name for name in stages if name not in skipped]
    available: set[str] = {"paragraphs"}
    for name in kept:
        missing = sorted(_layers(name, "requires") - available)
        if missing:
            culprits = [s for s in skipped if _layers(s, "assigns") & set(missing)]
            raise PipelineError(
                f"cannot skip {(culprits or missing)[0]!r}: stage {name!r} needs its {', '.join(missing)}; "
                f"skip {name!r} too"
            )
        available |= _layers(name, "assigns")
    # A stage that only feeds other stages (its layers are not reported) goes when nothing needs it.
    needed = set().union(*(_layers(name, "requires") for name in kept))
    return [name for name in kept if not feeds_only(name) or _layers(name, "assigns") & needed]


def feeds_only(stage: str) -> bool:
    """Whether the stage registered as ``stage`` only feeds other stages (none of its layers is reported)."""
    return _layers(stage, "assigns") <= _UNREPORTED


def _layers(stage: str, which: str) -> set[str]:
    """The layers the stage registered as ``stage`` requires or assigns (``which``)."""
    return set(getattr(get_stage(stage), which))


class Pipeline:
    """Runs stages over articles in an order checked at construction."""

    def __init__(self, stages: Sequence[str | Stage] = DEFAULT_STAGES) -> None:
        self.stages: list[Stage] = [get_stage(s)() if isinstance(s, str) else s for s in stages]
        self._check_order()
        self._warm = False

    def _check_order(self) -> None:
        available: set[str] = {"paragraphs"}  # readers always supply paragraphs
        for stage in self.stages:
            missing = [layer for layer in stage.requires if layer not in available]
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage assigns"
                    f"{_providers(missing)}"
                )
            available.update(stage.assigns)

    @property
    def names(self) -> list[str]:
        """Names of the stages, in run order."""
        return [stage.name for stage in self.stages]

    def warm_up(self) -> None:
        """Load every stage's resources once; later calls do nothing."""
        if not self._warm:
            for stage in self.stages:
                stage.warm_up()
            self._warm = True

    def __call__(self, article: Article) -> Article:
        """Run every stage over ``article``."""
        self.warm_up()
        for stage in self.stages:
            try:
                article = stage(article)
                article.stages.append(stage.name)
            except SourcetraceError:
                raise
            except Exception as exc:  # a bug or a model failure: name stage and article
                raise StageError(stage.name, article.meta.source, exc) from exc
        return article

    def pipe(
        self, articles: Iterable[Article], on_error: Callable[[Article, SourcetraceError], None] | None = None
    ) -> Iterator[Article]:
        """Run over many articles; with ``on_error`` a failing article is reported and skipped."""
        for article in articles:
            try:
                yield self(article)
            except SourcetraceError as exc:
                if on_error is None:
                    raise
                on_error(article, exc)

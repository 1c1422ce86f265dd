"""Errors raised by sourcetrace, one tree with a single root.

Every error says what was wrong and what to do. The CLI maps each class to
an exit code (see ``EXIT_CODES``) and prints one line; nothing else in the
package catches them.

    SourcetraceError
    ├── InputError                  bad input: the user must fix the input
    │   ├── EmptyInputError         no text (empty file, HTML without article)
    │   ├── BinaryInputError        not text at all
    │   ├── InputTooLargeError      over the configured size cap
    │   ├── EncodingError           cannot be decoded
    │   ├── FormatError             JSON/PTC/... that does not parse
    │   ├── PartialInputError       some records of a JSON/JSONL input are bad
    │   └── FetchError              a URL that cannot be fetched
    ├── PipelineError               stages registered or ordered wrongly
    ├── StageError                  a stage failed on one article
    ├── StoreError                  the claim store cannot be opened or used
    └── ModelError                  a model or data file is missing/corrupt
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "EXIT_CODES",
    "BinaryInputError",
    "EmptyInputError",
    "EncodingError",
    "FetchError",
    "FormatError",
    "InputError",
    "InputTooLargeError",
    "ModelError",
    "PartialInputError",
    "PipelineError",
    "SourcetraceError",
    "StageError",
    "StoreError",
    "exit_code_for",
]


class SourcetraceError(Exception):
    """Root of every error sourcetrace raises on purpose."""


class InputError(SourcetraceError):
    """The input cannot be analysed; ``source`` names the file or URL."""

    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}" if source else message)


class EmptyInputError(InputError):
    """The input holds no text to analyse."""


class BinaryInputError(InputError):
    """The input is binary data, not text."""


class InputTooLargeError(InputError):
    """The input is larger than the configured size cap."""


class EncodingError(InputError):
    """The input bytes cannot be decoded as text."""


class FormatError(InputError):
    """The input does not follow the format it claims (JSON, PTC, ...)."""


class PartialInputError(InputError):
    """Some records of a multi-record input are bad: ``articles`` holds the good ones, ``errors`` the rest.

    Callers that can go on (the CLI, ``api.analyze`` with ``on_error``) report
    each error and analyse the good articles; others get the first error.
    """

    def __init__(self, articles: list[Any], errors: list[InputError], source: str | None = None) -> None:
        self.articles = articles
        self.errors = errors
        super().__init__(f"{len(errors)} bad record(s); first: {errors[0].message}", source)


class FetchError(InputError):
    """A URL could not be fetched (unreachable, timeout, too large, HTTP error)."""


class PipelineError(SourcetraceError):
    """The pipeline is built wrongly: unknown stage or unmet requirement."""


class StageError(SourcetraceError):
    """A stage failed while analysing one article."""

    def __init__(self, stage: str, article: str, cause: BaseException) -> None:
        self.stage = stage
        self.article = article
        self.cause = cause
        super().__init__(f"stage {stage!r} failed on {article}: {cause!r}")


class StoreError(SourcetraceError):
    """The claim store cannot be opened, written or queried (bad path or URL, server down, not a store)."""


class ModelError(SourcetraceError):
    """A model or data file the package needs is missing or unreadable."""


#: Exit codes of the CLI, most specific class first. Documented in README.
EXIT_CODES: dict[type[SourcetraceError], int] = {
    EmptyInputError: 3,
    BinaryInputError: 4,
    InputTooLargeError: 5,
    EncodingError: 6,
    FormatError: 7,
    FetchError: 8,
    InputError: 2,
    PipelineError: 10,
    StageError: 11,
    ModelError: 12,
    SourcetraceError: 1,
}


def exit_code_for(error: SourcetraceError) -> int:
    """Return the documented CLI exit code for ``error``."""
    for cls, code in EXIT_CODES.items():
        if isinstance(error, cls):
            return code
    return 1

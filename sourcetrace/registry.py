"""The actor registry: known states, bodies, outlets, groups and conflicts, user-extensible.

The built-in registry is ``sourcetrace/data/registry.toml``; users add or
override entries (by id) with their own TOML files of the same schema, passed
to ``load_registry(extra=...)`` or listed in the ``SOURCETRACE_REGISTRY``
environment variable (paths separated by ``os.pathsep``). The schema is
documented at the top of the built-in file and in ``docs/registry.md``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar, get_args

from sourcetrace.article import SourceType
from sourcetrace.errors import FormatError, ModelError

__all__ = [
    "BUILTIN_REGISTRY",
    "ENV_VAR",
    "Conflict",
    "Entry",
    "EntryKind",
    "NameForm",
    "PhraseMatch",
    "PhraseTable",
    "Registry",
    "Token",
    "load_registry",
    "parse_registry",
    "tokenize",
]

T = TypeVar("T")

#: The registry shipped with the package.
BUILTIN_REGISTRY = Path(__file__).resolve().parent / "data" / "registry.toml"
#: Environment variable listing extra registry files, separated by ``os.pathsep``.
ENV_VAR = "SOURCETRACE_REGISTRY"


# Dotted acronyms ("U.S.") stay one token; otherwise words and single punctuation marks.
_TOKEN = re.compile(r"[A-Z](?:\.[A-Z])+\.?|\w+|[^\w\s]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark with its character offsets."""

    start: int
    end: int
    text: str


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into tokens whose offsets are shifted by ``offset``."""
    return [Token(m.start() + offset, m.end() + offset, m.group().translate(_QUOTES)) for m in _TOKEN.finditer(text)]


def _is_acronym(phrase: str) -> bool:
    letters = phrase.replace(".", "").replace(" ", "")
    return letters.isupper() and len(letters) <= 5


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[T]):
    """A phrase found at tokens ``[first, last)``; ``values`` are what it was registered with."""

    first: int
    last: int
    start: int
    end: int
    values: tuple[T, ...]


@dataclass
class PhraseTable(Generic[T]):
    """Phrases keyed by their tokens; short all-capital acronyms match only in exact case.

    Other phrases match case-insensitively, and with ``require_capital`` only when
    the first word in the text is capitalised (so "Hamas" matches, "the cradle" of a
    baby does not match "The Cradle").
    """

    require_capital: bool = True
    _exact: dict[tuple[str, ...], list[T]] = field(default_factory=dict)
    _folded: dict[tuple[str, ...], list[T]] = field(default_factory=dict)
    _first: set[str] = field(default_factory=set)
    max_len: int = 0

    def add(self, phrase: str, value: T) -> None:
        """Register ``phrase`` (a leading "the" is dropped) as standing for ``value``."""
        words = [t.text for t in tokenize(phrase)]
        if len(words) > 1 and words[0].lower() == "the":
            words = words[1:]
        if not words:
            return
        key = tuple(words)
        self._exact.setdefault(key, []).append(value)
        if not _is_acronym(phrase):
            self._folded.setdefault(tuple(w.casefold() for w in words), []).append(value)
        self._first.add(words[0].casefold())
        self.max_len = max(self.max_len, len(words))

    def __len__(self) -> int:
        return len(self._exact)

    def lookup(self, phrase: str) -> tuple[T, ...]:
        """Return the values registered for exactly ``phrase`` (case rules as in ``scan``)."""
        words = [t.text for t in tokenize(phrase)]
        if len(words) > 1 and words[0].lower() == "the":
            words = words[1:]
        return self._find(tuple(words))

    def _find(self, key: tuple[str, ...]) -> tuple[T, ...]:
        if key in self._exact:
            return tuple(self._exact[key])
        if not key or (self.require_capital and not key[0][:1].isupper()):
            return ()
        return tuple(self._folded.get(tuple(w.casefold() for w in key), ()))

    def scan(self, tokens: Sequence[Token]) -> Iterator[PhraseMatch[T]]:
        """Yield the longest non-overlapping matches, left to right."""
        i, n = 0, len(tokens)
        while i < n:
            if tokens[i].text.casefold() in self._first:
                for length in range(min(self.max_len, n - i), 0, -1):
                    values = self._find(tuple(t.text for t in tokens[i : i + length]))
                    if values:
                        yield PhraseMatch(i, i + length, tokens[i].start, tokens[i + length - 1].end, values)
                        i += length
                        break
                else:
                    i += 1
            else:
                i += 1


EntryKind = Literal["state", "body", "group", "outlet", "platform", "person", "place"]
#: How a surface form names an entry: its name/alias, a place standing for it, or its people.
NameForm = Literal["alias", "metonym", "people"]

_SOURCE_TYPES: frozenset[str] = frozenset(get_args(SourceType))
_KINDS: frozenset[str] = frozenset(get_args(EntryKind))
_STATE_TYPES = frozenset({"government", "spokesperson", "intelligence_military"})
_ENTRY_KEYS = frozenset(
    {"name", "type", "kind", "country", "aliases", "metonyms", "demonyms", "people", "role", "state_controlled",
     "body", "gender", "disabled"}
)
_CONFLICT_KEYS = frozenset({"name", "parties", "triggers", "min_hits", "disabled"})
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


@dataclass(frozen=True)
class Entry:
    """A known actor (or a place that is not one): its names, source type and country."""

    id: str
    name: str
    type: SourceType
    kind: EntryKind = "body"
    country: str | None = None
    aliases: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    role: str | None = None
    state_controlled: bool = False
    body: str | None = None  # the id of the actor this one speaks for ("kallas" -> "eu")
    gender: str | None = None  # a person's: "m" or "f" (which pronouns may take them up)

    def forms(self) -> Iterator[tuple[str, NameForm]]:
        """Yield every surface form that names this entry, with how it names it."""
        yield self.name, "alias"
        for alias in self.aliases:
            yield alias, "alias"
        for metonym in self.metonyms:
            yield metonym, "metonym"
        for people in self.people:
            yield people, "people"


@dataclass(frozen=True)
class Conflict:
    """A conflict or dispute: its parties (entry ids) and the terms that show an article is about it."""

    id: str
    name: str
    parties: frozenset[str]
    triggers: tuple[str, ...]
    min_hits: int = 2


@dataclass(frozen=True)
class Registry:
    """Entries and conflicts by id, with lookup tables compiled on first use."""

    entries: dict[str, Entry]
    conflicts: dict[str, Conflict] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    @cached_property
    def names(self) -> PhraseTable[tuple[str, NameForm]]:
        """Every name, alias, metonym and people-noun of every entry -> ``(entry id, form)``."""
        table: PhraseTable[tuple[str, NameForm]] = PhraseTable()
        for entry in self.entries.values():
            for phrase, form in entry.forms():
                table.add(phrase, (entry.id, form))
        return table

    @cached_property
    def demonyms(self) -> PhraseTable[str]:
        """Adjectives of states ("Russian") -> the state's entry id."""
        table: PhraseTable[str] = PhraseTable()
        for entry in self.entries.values():
            for word in entry.demonyms:
                table.add(word, entry.id)
        return table

    @cached_property
    def triggers(self) -> PhraseTable[str]:
        """Trigger terms of every conflict -> conflict id (lowercase terms match any case)."""
        table: PhraseTable[str] = PhraseTable(require_capital=False)
        for conflict in self.conflicts.values():
            for term in conflict.triggers:
                table.add(term, conflict.id)
        return table

    @cached_property
    def states(self) -> dict[str, Entry]:
        """State entries by country name."""
        return {e.country or e.name: e for e in self.entries.values() if e.kind == "state"}

    def find(self, phrase: str) -> Entry | None:
        """Return the entry ``phrase`` names (by name, alias, metonym or people-noun), or None."""
        found = self.names.lookup(phrase)
        return self.entries[found[0][0]] if found else None


def _fail(message: str, source: str, builtin: bool) -> ModelError | FormatError:
    if builtin:
        return ModelError(f"built-in registry {source} is corrupt: {message}; reinstall sourcetrace")
    return FormatError(f"bad actor registry: {message}; see docs/registry.md for the schema", source)


def _strings(value: Any, where: str, source: str, builtin: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(f"{where} must be a list of non-empty strings", source, builtin)
    return tuple(value)


def _check_table(raw: Any, keys: frozenset[str], where: str, source: str, builtin: bool) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(f"{where} must be a table", source, builtin)
    unknown = sorted(set(raw) - keys)
    if unknown:
        raise _fail(f"{where} has unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(keys))}",
                    source, builtin)
    return raw


def _entry(eid: str, raw: dict[str, Any], source: str, builtin: bool) -> Entry:
    where = f"[actors.{eid}]"
    name, kind, etype = raw.get("name"), raw.get("kind", "body"), raw.get("type")
    if not isinstance(name, str) or not name.strip():
        raise _fail(f"{where} needs a non-empty string 'name'", source, builtin)
    if etype not in _SOURCE_TYPES:
        raise _fail(f"{where} type {etype!r} is not one of {', '.join(sorted(_SOURCE_TYPES))}", source, builtin)
    if kind not in _KINDS:
        raise _fail(f"{where} kind {kind!r} is not one of {', '.join(sorted(_KINDS))}", source, builtin)
    country = raw.get("country", name if kind == "state" else None)
    role, body = raw.get("role"), raw.get("body")
    for key, value in (("country", country), ("role", role), ("body", body)):
        if value is not None and not isinstance(value, str):
            raise _fail(f"{where} {key} must be a string", source, builtin)
    gender = raw.get("gender")
    if gender is not None and (kind != "person" or gender not in ("m", "f")):
        raise _fail(f"{where} gender must be \"m\" or \"f\", and only for kind \"person\"", source, builtin)
    controlled = raw.get("state_controlled", etype in _STATE_TYPES)
    if not isinstance(controlled, bool):
        raise _fail(f"{where} state_controlled must be true or false", source, builtin)
    lists = {k: _strings(raw.get(k, []), f"{where} {k}", source, builtin)
             for k in ("aliases", "metonyms", "demonyms", "people")}
    return Entry(id=eid, name=name, type=etype, kind=kind, country=country, role=role, state_controlled=controlled,
                 body=body, gender=gender, **lists)


def _conflict(cid: str, raw: dict[str, Any], source: str, builtin: bool) -> Conflict:
    where = f"[conflicts.{cid}]"
    name, min_hits = raw.get("name"), raw.get("min_hits", 2)
    if not isinstance(name, str) or not name.strip():
        raise _fail(f"{where} needs a non-empty string 'name'", source, builtin)
    if not isinstance(min_hits, int) or isinstance(min_hits, bool) or min_hits < 1:
        raise _fail(f"{where} min_hits must be a positive integer", source, builtin)
    parties = _strings(raw.get("parties", []), f"{where} parties", source, builtin)
    triggers = _strings(raw.get("triggers", []), f"{where} triggers", source, builtin)
    return Conflict(id=cid, name=name, parties=frozenset(parties), triggers=triggers, min_hits=min_hits)


def _read(path: Path, builtin: bool) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise _fail("file not found", str(path), builtin) from exc
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _fail(f"not valid TOML ({exc})", str(path), builtin) from exc
    _check_table(data, frozenset({"schema", "actors", "conflicts"}), "the top level", str(path), builtin)
    if data.get("schema", 1) != 1:
        raise _fail(f"schema {data.get('schema')!r} is not supported (expected 1)", str(path), builtin)
    return data


def parse_registry(layers: Sequence[tuple[dict[str, Any], str, bool]]) -> Registry:
    """Merge parsed TOML documents, later ones overriding earlier entries key by key.

    Each layer is ``(document, source name, is_builtin)``. An entry or conflict
    whose id already exists is updated field by field; ``disabled = true``
    removes it.
    """
    merged: dict[str, dict[str, dict[str, Any]]] = {"actors": {}, "conflicts": {}}
    origin: dict[tuple[str, str], tuple[str, bool]] = {}
    for data, source, builtin in layers:
        for section, keys in (("actors", _ENTRY_KEYS), ("conflicts", _CONFLICT_KEYS)):
            tables = data.get(section, {})
            if not isinstance(tables, dict):
                raise _fail(f"[{section}] must be a table of tables keyed by id", source, builtin)
            for key, raw in tables.items():
                if not _ID.match(key):
                    raise _fail(f"id {key!r} in [{section}] must be lowercase letters, digits, '_' or '-'", source,
                                builtin)
                _check_table(raw, keys, f"[{section}.{key}]", source, builtin)
                merged[section].setdefault(key, {}).update(raw)
                origin[section, key] = (source, builtin)
    entries = {}
    for eid, raw in merged["actors"].items():
        if not raw.get("disabled", False):
            entries[eid] = _entry(eid, raw, *origin["actors", eid])
    for eid, entry in list(entries.items()):
        if entry.body is not None and entry.body not in entries:
            if entry.body in merged["actors"]:  # disabled by a user file: the person speaks for no known body
                entries[eid] = replace(entry, body=None)
                continue
            raise _fail(f"[actors.{eid}] body {entry.body!r} is not a known actor id", *origin["actors", eid])
    conflicts = {}
    for cid, raw in merged["conflicts"].items():
        if not raw.get("disabled", False):
            conflict = _conflict(cid, raw, *origin["conflicts", cid])
            missing = sorted(conflict.parties - set(entries))
            if missing:
                raise _fail(f"[conflicts.{cid}] names unknown parties {', '.join(missing)}",
                            *origin["conflicts", cid])
            conflicts[cid] = conflict
    return Registry(entries=entries, conflicts=conflicts, sources=tuple(source for _, source, _ in layers))


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> Registry:
    layers = [(_read(BUILTIN_REGISTRY, True), str(BUILTIN_REGISTRY), True)]
    layers += [(_read(Path(p), False), p, False) for p in paths]
    return parse_registry(layers)


def load_registry(extra: Sequence[Path | str] = ()) -> Registry:
    """Return the built-in registry merged with ``$SOURCETRACE_REGISTRY`` files, then ``extra`` files.

    Loaded once per process for each distinct list of files. Raises ``FormatError``
    naming the file when a user file is malformed.
    """
    env = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    return _load(tuple(str(Path(p).expanduser()) for p in (*env, *extra)))

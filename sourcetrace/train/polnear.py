"""Read PolNeAR brat standoff annotations: one annotator per article, spans as covering offsets.

Shared by the attribution benchmark and the tagger's training script (no torch needed here).
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GoldAttribution", "PolnearDoc", "fold_names", "holdout_names", "load_split", "parse_fragments"]


@dataclass(frozen=True)
class GoldAttribution:
    """One gold attribution relation; discontinuous spans are replaced by their covering span."""

    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int] | None


@dataclass(frozen=True)
class PolnearDoc:
    """A PolNeAR article: its text file and the attributions of one annotator."""

    name: str
    text_path: Path
    attributions: tuple[GoldAttribution, ...]
    ann_path: Path | None = None


_TEXT_BOUND = re.compile(r"T\d+\t")
_EVENT = re.compile(r"E\d+\t")


def _covering(offsets: str) -> tuple[int, int]:
    pairs = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
    return min(p[0] for p in pairs), max(p[1] for p in pairs)


def parse_fragments(path: Path) -> dict[str, list[tuple[int, int]]]:
    """Every annotated fragment per role ('Source', 'Cue', 'Content'); discontinuous spans give one each."""
    out: dict[str, list[tuple[int, int]]] = {"Source": [], "Cue": [], "Content": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        if _TEXT_BOUND.match(line):
            label, offsets = line.split("\t")[1].split(" ", 1)
            if label in out:
                for part in offsets.split(";"):
                    a, b = part.split()
                    out[label].append((int(a), int(b)))
    return out


def parse_ann(path: Path) -> tuple[GoldAttribution, ...]:
    """Return the attributions of one brat ``.ann`` file."""
    spans: dict[str, tuple[str, tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if _TEXT_BOUND.match(line):
            tid, body = line.split("\t")[:2]
            label, offsets = body.split(" ", 1)
            spans[tid] = (label, _covering(offsets))
        elif _EVENT.match(line):
            args = dict(arg.split(":", 1) for arg in line.split("\t")[1].split())
            events.append(args)
    out = []
    for args in events:
        role = {k.rstrip("0123456789"): v for k, v in sorted(args.items(), reverse=True)}
        if "Cue" not in role:
            continue
        contents = [spans[v][1] for k, v in args.items() if k.startswith("Content")]
        content = (min(c[0] for c in contents), max(c[1] for c in contents)) if contents else None
        source = spans[role["Source"]][1] if "Source" in role else None
        out.append(GoldAttribution(source=source, cue=spans[role["Cue"]][1], content=content))
    out.sort(key=lambda g: g.cue)
    return tuple(out)


def load_split(root: Path, split: str, limit: int | None = None) -> list[PolnearDoc]:
    """Return the articles of ``split`` with the annotations of their first listed annotator."""
    base = root / split
    docs = []
    with (root / "metadata.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] != split:
                continue
            text = base / "text" / f"{row['filename']}.txt"
            candidates = [base / "attributions" / f"{row['filename']}_{a}.ann" for a in row["annotators"].split("|")]
            ann = next((c for c in candidates if c.exists()), None)
            if ann is None or not text.exists():
                continue
            docs.append(PolnearDoc(name=row["filename"], text_path=text, attributions=parse_ann(ann), ann_path=ann))
            if limit is not None and len(docs) >= limit:
                break
    return docs


def holdout_names(docs: list[PolnearDoc], fraction: float = 0.1, seed: int = 13) -> set[str]:
    """Names of the train slice the tagger holds out for early stopping and fusion tuning."""
    names = sorted(d.name for d in docs)
    random.Random(seed).shuffle(names)
    return set(names[: max(1, int(len(names) * fraction))])


def fold_names(docs: list[PolnearDoc], fold: int, folds: int, seed: int = 13, fraction: float = 0.1) -> set[str]:
    """Names of part ``fold`` of ``folds`` of the train articles outside the held-out slice (cross-fitting)."""
    held = holdout_names(docs, fraction, seed)
    names = sorted(d.name for d in docs if d.name not in held)
    random.Random(f"{seed} folds").shuffle(names)
    return set(names[fold::folds])

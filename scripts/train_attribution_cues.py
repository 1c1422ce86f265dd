"""Learn the attribution cue lexicon from the PolNeAR training split.

    python -m scripts.train_attribution_cues --data ../shared/data/polnear

Counts, for every verb lemma and syntactic frame, how often it heads a gold
cue; writes ``sourcetrace/data/attribution/cues.tsv`` (counts only, no text).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from sourcetrace.article import Article
from sourcetrace.stages._attribution_cues import LEXICON_PATH, frame_of
from sourcetrace.stages._attribution_quotes import QuoteIndex, find_quotes

#: A lemma/frame pair is kept when it was a cue at least this often.
MIN_POSITIVES = 2


def count_cues(
    pairs: Iterable[tuple[Article, list[tuple[int, int]]]],
) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """Return (positives, totals) per (lemma, frame) over parsed articles and their gold cue spans."""
    positives: Counter[tuple[str, str]] = Counter()
    totals: Counter[tuple[str, str]] = Counter()
    for article, cues in pairs:
        starts = sorted(cues)
        quotes = QuoteIndex(find_quotes(article.text, article.paragraphs))
        for parse in article.parses:
            for token in parse.doc:
                if token.pos_ != "VERB":
                    continue
                at = parse.offset + token.idx
                key = (token.lemma_.lower(), frame_of(token, quotes.covering(at) is not None))
                totals[key] += 1
                if any(s <= at < e for s, e in starts):
                    positives[key] += 1
    return positives, totals


def write_lexicon(positives: Counter[tuple[str, str]], totals: Counter[tuple[str, str]], path: Path) -> int:
    """Write the lexicon TSV; return the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(k for k, v in positives.items() if v >= MIN_POSITIVES)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["lemma", "frame", "positives", "total"])
        for lemma, frame in rows:
            writer.writerow([lemma, frame, positives[(lemma, frame)], totals[(lemma, frame)]])
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    """Parse the training split, count cues and write the lexicon."""
    from benchmarks._polnear import load_split
    from sourcetrace.pipeline import Pipeline
    from sourcetrace.readers import read_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--split", default="train")
    parser.add_argument("--out", type=Path, default=LEXICON_PATH)
    args = parser.parse_args(argv)
    if not (args.data / "metadata.tsv").exists():
        print(f"PolNeAR not found at {args.data}; pass --data DIR", file=sys.stderr)
        return 2
    pipe = Pipeline(["linguistics"])
    docs = load_split(args.data, args.split)
    pairs = ((pipe(read_path(d.text_path)[0]), [g.cue for g in d.attributions]) for d in docs)
    n = write_lexicon(*count_cues(pairs), args.out)
    print(f"wrote {n} cue entries to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

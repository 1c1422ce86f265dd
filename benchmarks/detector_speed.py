"""Speed of the trained detectors on articles, against the raw encoder forward pass over the same tokens.

    python -m benchmarks.detector_speed --data ../shared/data/ptc/train-articles --limit 200 [--repeats 2]

Technique tagger: articles/s of ``TechniqueTagger.analyse`` (tokenise, windows, encoder,
span decoding, technique head, sentence scores) against the floor: the ONNX session run
alone over the same window rows. Check-worthiness: sentences/s of
``CheckworthinessModel.score`` over every sentence (line) of the same articles against its
raw forward pass over the same padded batches. 1 and 2 intra-op threads; best of
``--repeats`` (the machine is shared); peak resident memory at the end.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.checkworthy import _speed as checkworthy_speed
from sourcetrace.models._windows import make_windows
from sourcetrace.models.checkworthy import CheckworthinessModel, FoldedOnnxRunner
from sourcetrace.models.tagger import load_tokenizer
from sourcetrace.models.techniques import TECHNIQUES_DIR, TechniqueTagger
from sourcetrace.ptc.corpus import sentence_lines


def tagger_speed(folder: Path, texts: list[str], threads: int, repeats: int) -> tuple[float, float, int]:
    """Articles/s of the full tagger and of its raw encoder pass over the same rows; wordpieces per pass."""
    tok = load_tokenizer(folder / "tokenizer.json")
    cls_id, sep_id = int(tok.token_to_id("[CLS]")), int(tok.token_to_id("[SEP]"))
    tagger = TechniqueTagger(folder, threads=threads)
    config = tagger.config
    rows = []
    for text in texts:
        enc = tok.encode(text, add_special_tokens=False)
        offsets = [(int(a), int(b)) for a, b in enc.offsets]
        for w in make_windows(text, offsets, config.window - 2, config.context):
            rows.append(np.array([[cls_id, *enc.ids[w.first : w.last], sep_id]], dtype=np.int64))
    runner = FoldedOnnxRunner(folder / "model.onnx", threads)
    tagger.warm_up()
    tagger.analyse(texts[0], sentence_lines(texts[0]))
    sentences = [sentence_lines(t) for t in texts]
    full, raw = math.inf, math.inf
    for _ in range(repeats):
        tagger._recent.clear()
        t0 = time.perf_counter()
        for text, lines in zip(texts, sentences, strict=True):
            tagger._recent.clear()
            tagger.analyse(text, lines)
        full = min(full, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for ids in rows:
            runner.run(ids, np.ones_like(ids))
        raw = min(raw, time.perf_counter() - t0)
    return len(texts) / full, len(texts) / raw, sum(r.shape[1] for r in rows)


def main(argv: list[str] | None = None) -> int:
    """Print the speed table and the command that reproduces it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc/train-articles"))
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--model", type=Path, default=TECHNIQUES_DIR, help="technique model folder")
    args = parser.parse_args(argv)
    files = sorted(args.data.glob("*.txt"))[: args.limit]
    if not files:
        print(f"no .txt articles in {args.data} (pass --data DIR)", file=sys.stderr)
        return 2
    texts = [f.read_text(encoding="utf-8") for f in files]
    print(f"{len(texts)} articles from {args.data}; best of {args.repeats}")
    for threads in (1, 2):
        full, raw, pieces = tagger_speed(args.model, texts, threads, args.repeats)
        print(f"technique tagger, {threads} thread(s): {full:.2f} articles/s; raw encoder pass {raw:.2f} articles/s "
              f"({pieces} wordpieces); ratio {raw / full:.2f}x")
    sentences = [t[a:b] for t in texts for a, b in sentence_lines(t)]
    for threads in (1, 2):
        full, raw = checkworthy_speed(CheckworthinessModel(threads=threads), sentences, args.repeats)
        print(f"check-worthiness, {threads} thread(s), {len(sentences)} sentences: {full:.0f} sentences/s; "
              f"raw forward pass {raw:.0f}/s; ratio {raw / full:.2f}x")
    print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"reproduce: python -m benchmarks.detector_speed --data {args.data} --limit {args.limit} "
          f"--repeats {args.repeats}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

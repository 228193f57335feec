"""Recommendation follow-through over every pair of consecutive corpus editions.

Target (issue 13): all consecutive pairs in the corpus take <= 2 s (parsing both narratives,
splitting the recommendations, coding each item). Median of 5 runs.

Run:  .venv/bin/python benchmarks/bench_followthrough.py [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from machine import describe  # benchmarks/machine.py: run as python benchmarks/<file>.py

from analysis.extract.followthrough.coder import follow_through
from analysis.extract.followthrough.recommendations import rules
from analysis.extract.text.document import read_document
from analysis.paths import CORPUS_DIR


def main() -> None:
    print(describe())
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(CORPUS_DIR))
    args = parser.parse_args()
    files = sorted(Path(args.corpus).glob("*/*.txt"))
    if not files:
        raise SystemExit(f"no narratives under {args.corpus}")
    pairs = [
        (a, b)
        for a in files
        for b in files
        if a.parent == b.parent and b.stem.isdigit() and a.stem.isdigit() and int(b.stem) == int(a.stem) + 1
    ]
    texts = {p: p.read_text(encoding="utf-8") for p in files}
    rules()  # the rules file is read once per process, not per pair
    times, items = [], 0
    for _ in range(5):
        started = time.perf_counter()
        items = 0
        for a, b in pairs:
            items += len(follow_through(read_document(texts[a]), read_document(texts[b])))
        times.append(time.perf_counter() - started)
    print(
        f"{len(pairs)} consecutive pairs, {items} recommendation items, in {statistics.median(times):.2f} s "
        "(target <= 2 s)"
    )


if __name__ == "__main__":
    main()

"""Narrative extractor throughput on the corpus replicated to at least 10 MB (one core).

Run:  .venv/bin/python benchmarks/bench_extractor.py [--corpus ../shared/corpus] [--mb 10]

Each corpus file is extracted as its own document, the file list repeated until the bytes
processed reach the target. Target: >= 1 MB/s. Prints MB/s for the records API and for the
DataFrame API.

Then one document of random text (words, numbers, full stops and line breaks) at 1, 4, 16 and
``--random-mb`` MB (default 50), to show that time grows linearly with the input (target: 50 MB
in <= 60 s; sentence splitting used to be quadratic: 1 MB took 12.8 s, 4 MB 159 s).
"""

from __future__ import annotations

import argparse
import random
import string
import time
from pathlib import Path

from machine import describe  # benchmarks/machine.py: run as python benchmarks/<file>.py

from analysis.extract import extract_records, extract_text
from analysis.paths import CORPUS_DIR


def main() -> None:
    print(describe())
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(CORPUS_DIR))
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--random-mb", type=float, default=50.0)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.corpus).glob("*/*.txt"))]
    if not texts:
        raise SystemExit(f"no narratives under {args.corpus}")
    size = sum(len(t.encode("utf-8")) for t in texts)
    copies = int(args.mb * 1e6 // size) + 1
    total = size * copies
    for label, func in (("records", extract_records), ("DataFrame", extract_text)):
        start = time.perf_counter()
        facts = 0
        for _ in range(copies):
            for text in texts:
                facts += len(func(text))
        elapsed = time.perf_counter() - start
        print(
            f"{label:<9}: {total / 1e6:.1f} MB ({len(texts) * copies:,} narratives, {facts:,} facts) in "
            f"{elapsed:.2f} s -> {total / 1e6 / elapsed:.2f} MB/s"
        )
    linear_time(args.random_mb)


def random_text(size: int, seed: int = 1) -> str:
    """``size`` characters of random words, numbers, full stops and paragraph breaks."""
    rng = random.Random(seed)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(2000)]
    words += [str(rng.randint(0, 5000)) for _ in range(200)]
    pieces, length = ["PERU (Tier 2)\n"], 14
    while length < size:
        sentence = " ".join(rng.choices(words, k=rng.randint(6, 30))).capitalize() + ". "
        if rng.random() < 0.1:
            sentence += "\n\n"
        pieces.append(sentence)
        length += len(sentence)
    return "".join(pieces)


def linear_time(largest_mb: float) -> None:
    for mb in sorted({1.0, 4.0, 16.0, largest_mb}):
        text = random_text(int(mb * 1e6))
        start = time.perf_counter()
        extract_records(text, report_year=2024)
        elapsed = time.perf_counter() - start
        print(f"random text {mb:5.0f} MB: {elapsed:6.1f} s  ({elapsed / mb:.2f} s per MB)")


if __name__ == "__main__":
    main()

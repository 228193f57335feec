"""Narrative extractor throughput on the corpus replicated to at least 10 MB (one core).

Run:  .venv/bin/python benchmarks/bench_extractor.py [--corpus ../shared/corpus] [--mb 10]

Each corpus file is extracted as its own document, the file list repeated until the bytes
processed reach the target. Target: >= 1 MB/s. Prints MB/s for the records API and for the
DataFrame API.
"""

from __future__ import annotations

import argparse
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


if __name__ == "__main__":
    main()

"""Narrative extractor throughput on the corpus replicated to at least 10 MB (one core).

Run:  .venv/bin/python benchmarks/bench_extractor.py [--corpus ../shared/corpus] [--mb 10]

Each corpus file is extracted as its own document, the file list repeated until the bytes
processed reach the target, ``--repeat`` times (default 3). Target: >= 1 MB/s. Prints MB/s of
the best run (and the median) for the records API, the DataFrame API (one frame per narrative)
and the batch API (``extract_texts``: one frame per pass over the corpus); run it with
``--corpus ../shared/corpus-world`` for the 33 countries' real text.

Then one document of random text (words, numbers, full stops and line breaks) at 1, 4, 16 and
``--random-mb`` MB (default 50), to show that time grows linearly with the input (target: 50 MB
in <= 60 s; sentence splitting used to be quadratic: 1 MB took 12.8 s, 4 MB 159 s).
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import time
from pathlib import Path

from machine import describe  # benchmarks/machine.py: run as python benchmarks/<file>.py

from analysis.extract import extract_records, extract_text, extract_texts
from analysis.paths import CORPUS_DIR


def main() -> None:
    print(describe())
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(CORPUS_DIR))
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--random-mb", type=float, default=50.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the corpus pass; the best is reported")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.corpus).glob("*/*.txt"))]
    if not texts:
        raise SystemExit(f"no narratives under {args.corpus}")
    size = sum(len(t.encode("utf-8")) for t in texts)
    copies = int(args.mb * 1e6 // size) + 1
    total = size * copies

    def batch(text_list: list[str]) -> int:  # one frame for the whole list (extract_texts)
        return len(extract_texts((i, text, None, None) for i, text in enumerate(text_list)))

    apis = (
        ("records", lambda text_list: sum(len(extract_records(text)) for text in text_list)),
        ("DataFrame", lambda text_list: sum(len(extract_text(text)) for text in text_list)),
        ("batch", batch),
    )
    # best of --repeat runs, as timeit does: this machine's wall clock varies by a third from run
    # to run (other virtual machines on the host), the best run is the code's speed. The APIs take
    # turns within each repeat, so a slow spell of the host falls on all of them alike.
    times: dict[str, list[float]] = {label: [] for label, _ in apis}
    facts: dict[str, int] = {}
    for _ in range(args.repeat):
        for label, func in apis:
            start = time.perf_counter()
            facts[label] = sum(func(texts) for _ in range(copies))
            times[label].append(time.perf_counter() - start)
    for label, _ in apis:
        best, median = min(times[label]), statistics.median(times[label])
        print(
            f"{label:<9}: {total / 1e6:.1f} MB ({len(texts) * copies:,} narratives, {facts[label]:,} facts): "
            f"best of {args.repeat} {best:.2f} s -> {total / 1e6 / best:.2f} MB/s "
            f"(median {total / 1e6 / median:.2f} MB/s)"
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

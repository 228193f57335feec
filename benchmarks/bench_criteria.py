"""Protection-criteria coder throughput: the corpus narratives, and a whole report's worth.

Targets (issue 12): coding the 22 corpus narratives takes <= 2 s; the ~190 narratives of a
whole-report PDF take <= 10 s. The whole report is stood in for by 190 narratives of about 26,000
characters each (the corpus text, repeated; ~5 MB, as in bench_ingest.py), each under its own
country heading; reading the PDF itself is timed by bench_ingest.py, so this times the text
parsing and coding only. Medians of 3 runs.

Run:  .venv/bin/python benchmarks/bench_criteria.py [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from machine import describe  # benchmarks/machine.py: run as python benchmarks/<file>.py

from analysis.countries import country_table
from analysis.extract.criteria.coder import code_document, rules
from analysis.extract.text.document import COUNTRY_HEADING_RE, read_document
from analysis.paths import CORPUS_DIR

N_NARRATIVES = 190
CHARACTERS = 26_000


def timed(texts: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            code_document(read_document(text))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    print(describe())
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(CORPUS_DIR))
    args = parser.parse_args()
    files = sorted(Path(args.corpus).glob("*/*.txt"))
    if not files:
        raise SystemExit(f"no narratives under {args.corpus}")
    texts = [p.read_text(encoding="utf-8") for p in files]
    rules()  # compiling the rules once is not the coder's per-narrative cost
    seconds = timed(texts)
    size = sum(len(t) for t in texts) / 1e6
    print(f"corpus: {len(texts)} narratives ({size:.2f} M characters) in {seconds:.2f} s (target <= 2 s)")
    prose = "\n".join(t.split("\n", 2)[-1] for t in texts)
    prose = COUNTRY_HEADING_RE.sub("", prose)
    body = (prose * (CHARACTERS // max(len(prose), 1) + 1))[:CHARACTERS]
    names = country_table()["name"].tolist()[:N_NARRATIVES]
    report = [
        f"# {name.upper()} | TIP Report 2024 | benchmark\n{name.upper()}: Tier 2\n{body}" for name in names
    ]
    seconds = timed(report, runs=3)
    total = sum(len(t) for t in report) / 1e6
    print(
        f"whole report: {len(report)} narratives ({total:.1f} M characters) in {seconds:.2f} s "
        f"({seconds / len(report) * 1000:.0f} ms each; target <= 10 s)"
    )


if __name__ == "__main__":
    main()

"""Time yoy_ratios and attrition over the whole panel (every country and source).

Target: under 1 s each (the machine is printed first). Run:  .venv/bin/python benchmarks/bench_enforcement.py
Prints the median and best of several runs; timings are not asserted in tests (machines are noisy).
"""

from __future__ import annotations

import statistics
import time

from machine import describe  # benchmarks/machine.py: run as python benchmarks/<file>.py

from analysis.enforcement import attrition, yoy_ratios
from analysis.panel import load_facts
from analysis.protection import protection_gap_counts

REPEATS = 7


def timed(label: str, func, *args, **kwargs) -> None:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        times.append(time.perf_counter() - start)
    print(
        f"{label:<46} median {statistics.median(times):6.3f} s   best {min(times):6.3f} s   rows "
        f"{len(result):,}"
    )


def main() -> None:
    print(describe())
    facts = load_facts()
    print(
        f"panel: {len(facts):,} facts, {facts['iso3'].nunique()} entities, "
        f"{facts['source'].nunique()} sources; {REPEATS} runs each"
    )
    timed("yoy_ratios (all indicators, totals)", yoy_ratios, facts)
    timed("yoy_ratios (every breakdown)", yoy_ratios, facts, breakdown=None)
    timed("attrition convictions/prosecutions", attrition, facts)
    timed("attrition convictions/prosecutions, lag 1", attrition, facts, lag=1)
    timed(
        "attrition prosecutions/suspects_identified", attrition, facts, "prosecutions", "suspects_identified"
    )
    timed("protection_gap_counts", protection_gap_counts, facts)


if __name__ == "__main__":
    main()

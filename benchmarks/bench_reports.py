"""Report-run speed: runner vs plain script, parallel speed-up, all countries.

Run:  .venv/bin/python benchmarks/bench_reports.py [--all]

1. One Peru report through the runner (papermill + HTML export, in a worker process) against
   the same analysis as a plain script (benchmarks/peru_script.py). Target: <= 1.5x.
2. 20 reports with --jobs 2 against --jobs 1. Target: speed-up >= 1.8.
3. (--all) every country with --jobs 2. Target: <= 6 minutes; peak memory of the process tree.

Wall times of whole commands, best of a few runs; not asserted anywhere (machines are noisy).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe  # benchmarks/machine.py: run as python benchmarks/<file>.py

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def wall(command: list[str], repeats: int = 3) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def report_cmd(out: str, countries: list[str], jobs: int, extra: list[str] = ()) -> list[str]:
    cmd = [PY, "-m", "analysis", "report", "--quiet", "--jobs", str(jobs), "--output-dir", out, *extra]
    for country in countries:
        cmd += ["--country", country]
    return cmd


def main() -> None:
    print(describe())
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="also run every country (several minutes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        script = wall([PY, "benchmarks/peru_script.py"])
        runner = wall(report_cmd(out, ["Peru"], 1))
        runner_nohtml = wall(report_cmd(out, ["Peru"], 1, ["--no-html"]))
        print(
            f"plain script (Peru)           best {min(script):5.2f} s  median "
            f"{statistics.median(script):5.2f} s"
        )
        print(
            f"runner, with HTML (Peru)      best {min(runner):5.2f} s  median "
            f"{statistics.median(runner):5.2f} s"
            f"  -> {min(runner) / min(script):.2f}x"
        )
        print(
            f"runner, no HTML (Peru)        best {min(runner_nohtml):5.2f} s  -> "
            f"{min(runner_nohtml) / min(script):.2f}x"
        )

        from analysis.report.run import all_countries

        twenty = all_countries()[:20]
        one = wall(report_cmd(out, twenty, 1), repeats=1)[0]
        two = wall(report_cmd(out, twenty, 2), repeats=1)[0]
        print(f"20 reports --jobs 1           {one:6.1f} s")
        print(f"20 reports --jobs 2           {two:6.1f} s  -> speed-up {one / two:.2f}")
        if args.all:
            n = len(all_countries())
            start = time.perf_counter()
            subprocess.run(
                report_cmd(out, [], 2, ["--all"]),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            elapsed = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(
                f"all {n} countries --jobs 2    {elapsed / 60:6.2f} min; largest single process "
                f"{peak:.0f} MiB"
            )


if __name__ == "__main__":
    main()

"""The machine a benchmark ran on, printed at the top of every benchmark's output.

Benchmark figures mean little without the machine: cores, CPU model, memory, Python and the
library versions that do the work.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown memory"


def describe() -> str:
    """One line: cores usable, CPU model, memory, OS, Python, pandas and matplotlib versions."""
    import matplotlib
    import pandas

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"machine: {cores} cores ({_cpu_model()}), {_memory_gib()}, {platform.system()} "
        f"{platform.release()}; "
        f"Python {platform.python_version()}, pandas {pandas.__version__}, matplotlib "
        f"{matplotlib.__version__}"
    )


if __name__ == "__main__":
    print(describe())

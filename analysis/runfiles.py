"""The files of a report run: jobs, ``run.json`` records and headline numbers.

Shared by the batch runner (:mod:`analysis.reports`) and its worker processes
(:mod:`analysis.report_worker`); kept free of pandas and the notebook stack so that a worker
starts in a fraction of a second.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from analysis.atomic import write_atomic
from analysis.paths import NOTEBOOKS_DIR, PACKAGE_DIR

KERNEL_NAME = "tip-analysis"
NOTEBOOKS = ("country_report", "global_overview")
TEMPLATES_DIR = PACKAGE_DIR / "templates"
DEFAULT_TIMEOUT = 600  # seconds per notebook
HEADLINE_KEY = "tip-analysis/headline"


class ParameterError(ValueError):
    """Parameters that do not fit a notebook's schema (raised before any kernel starts)."""


def notebook_path(notebook: str) -> Path:
    """Absolute path of a story notebook by name."""
    if notebook not in NOTEBOOKS:
        raise ParameterError(f"unknown notebook {notebook!r}; accepted: {', '.join(NOTEBOOKS)}")
    return NOTEBOOKS_DIR / f"{notebook}.ipynb"


@dataclass
class Job:
    """One notebook run: what to run, with which parameters, where to write."""

    notebook: str
    label: str  # ISO3 or "global"
    parameters: dict
    output_dir: str
    kernel: str = KERNEL_NAME
    timeout: float = DEFAULT_TIMEOUT
    html: bool = True
    error: str | None = None  # set when validation failed: the job is recorded, never run

    @property
    def folder(self) -> Path:
        return Path(self.output_dir) / self.label

    @property
    def run_json(self) -> Path:
        return self.folder / "run.json"


def write_json(path: Path, data: dict) -> None:
    """Write a JSON record atomically (sorted keys, so records diff cleanly)."""
    write_atomic(Path(path), (json.dumps(data, indent=2, sort_keys=True, default=str) + "\n").encode())


def read_json(path: Path) -> dict | None:
    """A JSON record, or None when it is missing or unreadable."""
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


def read_headline(notebook: dict) -> dict | None:
    """Headline numbers recorded by :meth:`analysis.notebook.ReportOutput.record_headline`."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            metadata = output.get("metadata") or {}
            if HEADLINE_KEY in metadata:
                return metadata[HEADLINE_KEY]
    return None

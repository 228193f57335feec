"""Where things live. The one place for paths in the package.

Every path is absolute and derived from the repository root, so code never depends on the
current working directory. ``TIP_ANALYSIS_ROOT`` overrides the root (used by tests that build
into a temporary copy), and ``TIP_SHARED_DIR`` points at the read-only ``shared`` folder that
holds the narrative corpus.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("TIP_ANALYSIS_ROOT", PACKAGE_DIR.parent)).resolve()

DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
FIGURES_DIR = ROOT / "figures"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"

#: Data dictionaries shipped inside the package (country table, vocabulary, …).
PACKAGE_DATA_DIR = PACKAGE_DIR / "data"

SHARED_DIR = Path(os.environ.get("TIP_SHARED_DIR", ROOT.parent / "shared")).resolve()
CORPUS_DIR = SHARED_DIR / "corpus"
#: real narrative excerpts of 33 more countries, hand-labelled: the development set for real phrasing
WORLD_CORPUS_DIR = SHARED_DIR / "corpus-world"
#: set by the report worker to the folder an HTML report is written to (links in the report are
#: relative to it)
REPORT_DIR_ENV = "TIP_ANALYSIS_REPORT_DIR"

"""What closes every report: a methods-and-limitations note, the run, and how to cite.

The note's lines are data (``analysis/data/methods_note.csv``; a line ``caveat:<id>`` is that
caveat's text from ``caveats.csv``, written once). The data version is the first 12 hex digits
of the SHA-256 of the build's ``manifest.json`` (which holds every processed file's SHA-256), so
two reports with the same data version were made from the same panel.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from analysis.caveats import caveat
from analysis.paths import PACKAGE_DATA_DIR, PROCESSED_DIR, ROOT

METHODS_CSV = PACKAGE_DATA_DIR / "methods_note.csv"
CITATION_FILE = ROOT / "CITATION.cff"
MANIFEST = "manifest.json"


@lru_cache(maxsize=1)
def methods_note() -> list[str]:
    """The methods-and-limitations lines, in file order (caveat rows resolved)."""
    rows = pd.read_csv(METHODS_CSV, dtype=str, keep_default_na=False)
    return [
        caveat(r.id.split(":", 1)[1]) if r.id.startswith("caveat:") else r.text for r in rows.itertuples()
    ]


def data_version(processed_dir: Path = PROCESSED_DIR) -> str:
    """12 hex digits identifying the processed panel, or 'unknown' when it has no manifest."""
    try:
        return hashlib.sha256((Path(processed_dir) / MANIFEST).read_bytes()).hexdigest()[:12]
    except OSError:
        return "unknown"


def package_version() -> str:
    try:
        return version("tip-analysis")
    except PackageNotFoundError:
        return "unknown"


def citation(path: Path = CITATION_FILE) -> str:
    """'<authors> (<year>). <title> (version <v>). <url>' from CITATION.cff, plus the data sources.

    Example:
        >>> citation(Path("/no/such/file"))
        'Cite this package from its CITATION.cff, and each data source you use (python -m analysis sources).'
    """
    import yaml

    sources = "cite each data source you use (python -m analysis sources)"
    try:
        cff = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return f"Cite this package from its CITATION.cff, and {sources[5:]}."
    authors = ", ".join(
        a.get("name") or " ".join(p for p in (a.get("given-names"), a.get("family-names")) if p)
        for a in cff.get("authors", [])
    )
    year = str(cff.get("date-released", ""))[:4]
    out = f"{authors} ({year}). {cff.get('title', 'tip-analysis')} (version {cff.get('version', '?')})."
    if cff.get("url") or cff.get("repository-code"):
        out += f" {cff.get('url') or cff.get('repository-code')}."
    return f"{out} Also {sources}."


def footer_markdown(now: datetime | None = None, processed_dir: Path = PROCESSED_DIR) -> str:
    """The closing block of a report, as markdown."""
    now = now or datetime.now(UTC)
    lines = ["---", "### Methods and limitations", ""]
    lines += [f"- {line}" for line in methods_note()]
    lines += [
        "",
        f"Run {now:%Y-%m-%d %H:%M} UTC · data version {data_version(processed_dir)} · "
        f"tip-analysis {package_version()}",
        "",
        f"**How to cite.** {citation()}",
    ]
    return "\n".join(lines)

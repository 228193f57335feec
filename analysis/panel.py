"""Load the processed panel (``data/processed/``), validated on load.

These are the only functions that read processed files; analysis functions take the frames
they return. ``processed_dir`` defaults to the repository's ``data/processed``.

Example:
    >>> from analysis.panel import load_facts
    >>> facts = load_facts()
    >>> facts.query("iso3 == 'PER' and indicator == 'prosecutions'").shape[0] > 0
    True
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.paths import PROCESSED_DIR
from analysis.rawio import display_path
from analysis.schema import (
    CRITERIA_COLUMNS,
    FACT_COLUMNS,
    FOLLOWTHROUGH_COLUMNS,
    validate_criteria,
    validate_facts,
    validate_followthrough,
    validate_tiers,
)

TIER_DTYPES = {"report_year": "Int64"}


class PanelMissingError(FileNotFoundError):
    """The processed panel has not been built."""


class PanelIncompleteError(RuntimeError):
    """A processed file does not match the build's manifest (an interrupted or partial build)."""


MANIFEST = "manifest.json"  # written by analysis.build, last


def _path(processed_dir: Path | None, *names: str) -> Path:
    """The first of ``names`` present in the processed folder, checked against its manifest.

    Raises:
        PanelMissingError: none of the files (or the manifest) exists.
        PanelIncompleteError: the file's SHA-256 differs from the manifest's.
    """
    folder = Path(processed_dir) if processed_dir else PROCESSED_DIR
    fix = "run `make data` (python -m analysis build-data) to build the panel"
    for name in names:
        path = folder / name
        if path.exists():
            manifest = folder / MANIFEST
            try:
                expected = json.loads(manifest.read_text())["files"].get(name)
            except (OSError, ValueError, KeyError, AttributeError) as exc:
                raise PanelMissingError(f"{display_path(manifest)} missing or unreadable; {fix}") from exc
            if expected != hashlib.sha256(path.read_bytes()).hexdigest():
                raise PanelIncompleteError(
                    f"{display_path(path)} does not match {display_path(manifest)} "
                    f"(an interrupted or partial build?); {fix}"
                )
            return path
    raise PanelMissingError(f"{display_path(folder / names[0])} not found; {fix}")


def _read(path: Path, dtypes: dict[str, str]) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column, dtype in dtypes.items():
        if column not in frame:
            continue
        series = frame[column].replace("", pd.NA)
        if dtype == "string":
            frame[column] = series.astype("string")
        else:
            frame[column] = pd.to_numeric(series).astype(dtype)
    for column in frame.columns.difference(list(dtypes)):
        frame[column] = frame[column].replace("", pd.NA).astype("string")
    return frame


def _located(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """``frame`` with ``_file``/``_line`` (header = line 1), so an error names the CSV line."""
    return frame.assign(_file=display_path(path), _line=range(2, len(frame) + 2))


def load_facts(processed_dir: Path | None = None) -> pd.DataFrame:
    """The facts table (``facts.csv`` or ``facts.csv.gz``), with the schema's dtypes.

    Raises:
        PanelMissingError: the panel has not been built.
        SchemaError: a row breaks the schema (named by file and row).
    """
    path = _path(processed_dir, "facts.csv", "facts.csv.gz")
    facts = _read(path, FACT_COLUMNS)
    validate_facts(_located(facts, path), display_path(path))
    return facts


def load_tiers(processed_dir: Path | None = None, all_sources: bool = False) -> pd.DataFrame:
    """Tier placements: one chosen per country and report year, or every source's rows.

    ``tier`` is one of ``1, 2, 2.5, 3, special`` (and ``not_rated`` in the all-sources table,
    Kelley's code 555). Coverage is complete only for the report years ``tiers/SOURCE.yml`` lists
    (:func:`analysis.sources.complete_tier_years`): elsewhere a missing country-year means no
    placement was found, not that the country was unrated.
    """
    name = "tiers_all_sources.csv" if all_sources else "tiers.csv"
    path = _path(processed_dir, name)
    tiers = _read(path, TIER_DTYPES)
    validate_tiers(_located(tiers, path), display_path(path), all_sources=all_sources)
    return tiers


def load_cho_3p(processed_dir: Path | None = None) -> pd.DataFrame:
    """The Cho–Dreher–Neumayer 3P scores (components 1–5, total 3–15; NA = not scored)."""
    dtypes = {
        "year": "Int64",
        "prosecution": "Float64",
        "protection": "Float64",
        "prevention": "Float64",
        "total": "Float64",
    }
    return _read(_path(processed_dir, "cho_3p.csv"), dtypes)


def load_criteria(processed_dir: Path | None = None) -> pd.DataFrame:
    """Protection-criteria assessments: ``country, iso3, report_year, criterion, status,
    evidence_ref, source_url, method, note`` (status ``met | partial | not_met |
    not_reported``)."""
    path = _path(processed_dir, "criteria.csv")
    criteria = _read(path, CRITERIA_COLUMNS)
    validate_criteria(_located(criteria, path), display_path(path))
    return criteria


def load_followthrough(processed_dir: Path | None = None) -> pd.DataFrame:
    """Recommendation follow-through: one row per item of edition ``year_from`` coded from
    ``year_to`` (status ``acted | partial | not_acted | unclear``; item and evidence offsets into
    the two documents named by their SHA-256)."""
    path = _path(processed_dir, "followthrough.csv")
    table = _read(path, FOLLOWTHROUGH_COLUMNS)
    validate_followthrough(_located(table, path), display_path(path))
    return table


@dataclass(frozen=True)
class Panel:
    """The processed panel in memory: what ``build`` writes and what reports read.

    ``build.assemble`` returns one from the raw files; :meth:`load` reads the processed files
    (load once, share between reports).
    """

    facts: pd.DataFrame
    tiers: pd.DataFrame
    tiers_all_sources: pd.DataFrame
    cho_3p: pd.DataFrame
    criteria: pd.DataFrame
    followthrough: pd.DataFrame

    @classmethod
    def load(cls, processed_dir: Path | None = None) -> Panel:
        """Every processed table, validated (see the ``load_*`` functions)."""
        return cls(
            load_facts(processed_dir),
            load_tiers(processed_dir),
            load_tiers(processed_dir, all_sources=True),
            load_cho_3p(processed_dir),
            load_criteria(processed_dir),
            load_followthrough(processed_dir),
        )

"""Rebuild ``data/processed/`` from ``data/raw/`` (``make data`` / ``python -m analysis build-data``).

Everything is read and validated in memory first, row by row (:mod:`analysis.schema`) and table by
table (:mod:`analysis.checks`: rows per edition, no empty column, no tenfold jump since the last
build without a note); only then are the processed files written,
each to a temporary name and renamed into place together. A raw file that fails (a negative
count, an unknown indicator, a truncated CSV) raises an error naming the file and line, and
``data/processed/`` is left exactly as it was.

Outputs:

- ``facts.csv`` (``facts.csv.gz`` when over 5 MB): the facts table of ``schema.FACT_COLUMNS``.
- ``tiers.csv``: one chosen placement per country and report year.
- ``tiers_all_sources.csv``: every placement from every source.
- ``cho_3p.csv``: the Cho–Dreher–Neumayer 3P scores.
- ``criteria.csv``: protection-criteria assessments curated from narratives, and coded by rule.
- ``followthrough.csv``: recommendation items of each edition and what the next edition reports.
- ``datapackage.json``: the tables as a Frictionless Data Package (fields, types, descriptions,
  sources, licences), so the panel opens in the tools researchers already use.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pandas as pd

from analysis.atomic import write_all_atomic, write_atomic
from analysis.checks import TABLES, check_tables, raise_failures
from analysis.panel import Panel
from analysis.paths import PROCESSED_DIR, RAW_DIR
from analysis.rawio import RawDataError, display_path, frame_to_csv_bytes, gzip_bytes, read_source_yml
from analysis.schema import (
    FACT_COLUMNS,
    FIELD_TYPES,
    PROCESSED_TABLES,
    SchemaError,
    column_registry,
    validate_facts,
)
from analysis.sources import REGISTRY, get, of_table, tiers, tip_narratives

GZIP_OVER_BYTES = 5 * 1024 * 1024
FACT_SORT = ["source", "iso3", "indicator", "scope", "breakdown", "reference_year", "report_year", "value"]


def assemble(raw_dir: Path = RAW_DIR) -> Panel:
    """Read every raw source and return the validated panel (no files written).

    Raises:
        RawDataError: a raw file that cannot be read (file and line named).
        SchemaError: a fact that breaks the schema (file and line named).
    """
    raw_dir = Path(raw_dir)
    for source in REGISTRY:
        read_source_yml(raw_dir / source.folder)
    facts = pd.concat([source.read(raw_dir) for source in of_table("facts")], ignore_index=True)
    validate_facts(facts, "facts")
    facts = (
        facts[list(FACT_COLUMNS)]
        .sort_values(FACT_SORT, kind="stable", na_position="first")
        .reset_index(drop=True)
    )
    placements = get("tiers").read(raw_dir)
    chosen = tiers.choose(placements)
    placements = placements.drop(columns=["_file", "_line"])
    criteria = tip_narratives.read_criteria(raw_dir)
    followthrough = tip_narratives.read_followthrough(raw_dir)
    return Panel(facts, chosen, placements, get("cho_3p").read(raw_dir), criteria, followthrough)


def processed_files(panel: Panel, out_dir: Path) -> dict[Path, bytes]:
    """The bytes of each processed file, keyed by its path under ``out_dir``."""
    out_dir = Path(out_dir)
    facts_bytes = frame_to_csv_bytes(panel.facts)
    files = {
        out_dir / "tiers.csv": frame_to_csv_bytes(panel.tiers),
        out_dir / "tiers_all_sources.csv": frame_to_csv_bytes(panel.tiers_all_sources),
        out_dir / "cho_3p.csv": frame_to_csv_bytes(panel.cho_3p),
        out_dir / "criteria.csv": frame_to_csv_bytes(panel.criteria),
        out_dir / "followthrough.csv": frame_to_csv_bytes(panel.followthrough),
    }
    if len(facts_bytes) > GZIP_OVER_BYTES:
        files[out_dir / "facts.csv.gz"] = gzip_bytes(facts_bytes)
    else:
        files[out_dir / "facts.csv"] = facts_bytes
    files[out_dir / DATAPACKAGE] = datapackage_bytes(files)
    return files


DATAPACKAGE = "datapackage.json"


def datapackage_bytes(files: dict[Path, bytes], raw_dir: Path = RAW_DIR) -> bytes:
    """``datapackage.json``: the processed tables as a Frictionless Data Package (deterministic
    bytes), so the panel opens in the tools researchers use: each table's path, fields (name,
    type, description from ``analysis/data/columns.csv``), primary source and licence; the
    package's sources and licences from every source's ``SOURCE.yml``."""
    registry = column_registry()
    resources = []
    for path in sorted(files, key=lambda p: PROCESSED_TABLES.index(_table_of(p))):
        table = _table_of(path)
        rows = registry[registry["table"] == table]
        resources.append(
            {
                "name": table.replace("_", "-"),
                "path": path.name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                **({"compression": "gz"} if path.suffix == ".gz" else {}),
                "schema": {
                    "fields": [
                        {"name": r.column, "type": FIELD_TYPES[r.dtype], "description": r.description}
                        for r in rows.itertuples()
                    ],
                    "missingValues": [""],
                },
            }
        )
    sources, licences = [], []
    for source in REGISTRY:
        meta = source.meta(raw_dir)
        sources.append({"title": str(meta.get("title", source.label)), "path": str(meta.get("url", ""))})
        licence = {"title": str(meta.get("licence", "")).strip(), "path": str(meta.get("url", ""))}
        if licence["title"] and licence not in licences:
            licences.append(licence)
    package = {
        "profile": "tabular-data-package",
        "name": "tip-analysis-panel",
        "title": "A sourced country-year panel of government anti-trafficking efforts",
        "description": "Built by `python -m analysis build-data` from data/raw/; every figure carries its "
        "source, edition, URL and method. NA (an empty cell) means not reported; 0 means reported as none.",
        "sources": sources,
        "licenses": licences,
        "resources": resources,
    }
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _table_of(path: Path) -> str:
    return Path(path).name.split(".")[0]


MANIFEST = "manifest.json"


def manifest_bytes(files: dict[Path, bytes]) -> bytes:
    """``manifest.json``: the SHA-256 of every processed file of one build (deterministic bytes).

    Written last, after every file is in place; :mod:`analysis.panel` checks each file it loads
    against it, so a set mixed by an interrupted build is refused instead of read.
    """
    entries = {Path(path).name: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())}
    return (json.dumps({"files": entries}, indent=2, sort_keys=True) + "\n").encode()


def remove_strays(out_dir: Path) -> list[Path]:
    """Delete temporary files an interrupted build left in ``out_dir`` (``.<name>.*.tmp``)."""
    strays = sorted(Path(out_dir).glob(".*.tmp")) if Path(out_dir).is_dir() else []
    for path in strays:
        path.unlink(missing_ok=True)
    return strays


def build(raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR) -> dict[str, int]:
    """Rebuild the processed panel; return the number of rows per file.

    All or none, as a reader sees it: every raw file is read and validated first; the new files
    are then staged under temporary names and renamed into place, and ``manifest.json`` (their
    hashes) is written last. A build killed between two renames leaves files that do not match
    the manifest, which the loaders refuse ("run make data"); the next build removes the
    temporary files such a kill left behind.

    Raises:
        RawDataError, SchemaError: a raw file that cannot be used (file and line named).
        TableCheckError: a table that fails a whole-table check (table, check and rows named).
        BuildOutputError: ``out_dir`` is a file, cannot be written, or the disk is full.
    """
    out_dir = Path(out_dir)
    _check_out_dir(out_dir)  # before the (slower) reading: a wrong --out fails at once
    panel = assemble(raw_dir)
    tables = {name: getattr(panel, name) for name in TABLES}
    raise_failures(check_tables(tables, {"facts": _previous_facts(out_dir)}))
    files = processed_files(panel, out_dir)
    try:
        remove_strays(out_dir)
        write_all_atomic(files)
        # A facts file in the other format (plain vs gzip) would be stale: remove it.
        for stale in ("facts.csv", "facts.csv.gz"):
            path = out_dir / stale
            if path not in files and path.exists():
                path.unlink()
        write_atomic(out_dir / MANIFEST, manifest_bytes(files))
    except OSError as exc:
        raise BuildOutputError(f"build-data --out {display_path(out_dir)}: {exc.strerror or exc}") from exc
    return {
        "facts": len(panel.facts),
        "tiers": len(panel.tiers),
        "tiers_all_sources": len(panel.tiers_all_sources),
        "cho_3p": len(panel.cho_3p),
        "criteria": len(panel.criteria),
        "followthrough": len(panel.followthrough),
    }


def _previous_facts(out_dir: Path) -> pd.DataFrame | None:
    """The facts of the last build in ``out_dir`` (for the jump checks), or None when there is no
    readable one (a first build, or one a killed build left unfinished)."""
    from analysis.panel import PanelIncompleteError, PanelMissingError, load_facts

    try:
        return load_facts(out_dir)
    except (PanelMissingError, PanelIncompleteError, RawDataError, SchemaError, OSError, ValueError):
        return None


class BuildOutputError(OSError):
    """The output folder cannot take the processed files; the message names it and why."""


def _check_out_dir(out_dir: Path) -> None:
    probe = out_dir
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise BuildOutputError(
            f"build-data --out {display_path(out_dir)}: {display_path(probe)} is a file, not a folder"
        )
    if not os.access(probe, os.W_OK | os.X_OK):
        raise BuildOutputError(
            f"build-data --out {display_path(out_dir)}: {display_path(probe)} is not writable"
        )

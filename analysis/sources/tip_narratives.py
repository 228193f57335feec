"""Curated figures from TIP country narratives (``data/raw/tip_narratives/facts.csv``).

The file is curated by hand (method ``manual``) from the labelled corpus and, later, from
reviewed extractor output (method ``rule:<id>``). Each row is one figure with its report
edition, reference year, scope, breakdown, qualifier, a short note in our own words (never the
narrative's prose) and the URL it was read from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.rawio import parse_number, read_raw_csv, refuse_duplicates, resolve_countries
from analysis.schema import CRITERIA_COLUMNS, coerce_facts, validate_criteria

SOURCE = "tip_narrative"
FACTS_FILE = "facts.csv"
CRITERIA_FILE = "criteria.csv"
REQUIRED = (
    "country",
    "report_year",
    "reference_year",
    "indicator",
    "scope",
    "breakdown",
    "value",
    "value_high",
    "qualifier",
    "note",
    "source_url",
    "method",
)


def read_facts(raw_dir: Path) -> pd.DataFrame:
    """Read the curated narrative facts as a facts table (source ``tip_narrative``).

    Raises:
        RawDataError: unreadable file, a non-numeric value, an unknown country (with line), or
            the same fact twice (both lines).
    """
    raw = read_raw_csv(Path(raw_dir) / "tip_narratives" / FACTS_FILE, REQUIRED)
    refuse_duplicates(raw, REQUIRED, "fact")
    frame = raw.copy()
    frame["iso3"] = resolve_countries(raw, "country")
    frame["source"] = SOURCE
    for column in ("value", "value_high", "report_year", "reference_year"):
        frame[column] = parse_number(raw, column)
    return coerce_facts(frame)


def read_criteria(raw_dir: Path) -> pd.DataFrame:
    """Read the curated protection-criteria assessments (``criteria.csv``), validated.

    ``evidence_ref`` points into the narrative at ``source_url`` as ``<section>:s<n>`` (the
    n-th sentence of that section; several joined by ``;``), so a reader can check each
    status without the prose being copied here.
    """
    raw = read_raw_csv(
        Path(raw_dir) / "tip_narratives" / CRITERIA_FILE, [c for c in CRITERIA_COLUMNS if c != "iso3"]
    )
    frame = raw.replace("", pd.NA)
    frame["iso3"] = resolve_countries(raw, "country")
    frame["report_year"] = parse_number(raw, "report_year").astype("Int64")
    for column, dtype in CRITERIA_COLUMNS.items():
        if dtype == "string":
            frame[column] = frame[column].astype("string")
    validate_criteria(frame, "criteria")
    frame = frame.sort_values(["iso3", "report_year", "criterion"], kind="stable")
    return frame[list(CRITERIA_COLUMNS)].reset_index(drop=True)


def tier_rows(facts: pd.DataFrame) -> pd.DataFrame:
    """The tier placements stated by narratives, in the tier-table layout.

    ``facts`` is the output of :func:`read_facts`; tier values 1, 2, 2.5, 3 become the strings
    of :data:`analysis.schema.TIERS`.
    """
    rows = facts[facts["indicator"] == "tier"]
    return pd.DataFrame(
        {
            "country": rows["country"],
            "iso3": rows["iso3"],
            "report_year": rows["report_year"],
            "tier": rows["value"].map(lambda v: f"{float(v):g}"),
            "source": SOURCE,
            "source_url": rows["source_url"],
            "_file": rows.get("_file"),
            "_line": rows.get("_line"),
        }
    )

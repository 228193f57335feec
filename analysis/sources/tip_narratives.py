"""Curated figures from TIP country narratives (``data/raw/tip_narratives/facts.csv``).

The file is curated by hand (method ``manual``) from the labelled corpus and, later, from
reviewed extractor output (method ``rule:<id>``). Each row is one figure with its report
edition, reference year, scope, breakdown, qualifier, a short note in our own words (never the
narrative's prose) and the URL it was read from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.countries import UnknownCountryError, to_iso3
from analysis.rawio import RawDataError, parse_number, read_raw_csv
from analysis.schema import coerce_facts

SOURCE = "tip_narrative"
FACTS_FILE = "facts.csv"
REQUIRED = (
    "country", "report_year", "reference_year", "indicator", "scope", "breakdown",
    "value", "value_high", "qualifier", "note", "source_url", "method",
)


def read_facts(raw_dir: Path) -> pd.DataFrame:
    """Read the curated narrative facts as a facts table (source ``tip_narrative``).

    Raises:
        RawDataError: unreadable file, a non-numeric value or an unknown country (with line).
    """
    raw = read_raw_csv(Path(raw_dir) / "tip_narratives" / FACTS_FILE, REQUIRED)
    iso3 = []
    for name, file, line in zip(raw["country"], raw["_file"], raw["_line"]):
        try:
            iso3.append(to_iso3(name))
        except UnknownCountryError as exc:
            raise RawDataError(f"{file}, line {line}: {exc}") from exc
    frame = raw.copy()
    frame["iso3"] = iso3
    frame["source"] = SOURCE
    for column in ("value", "value_high", "report_year", "reference_year"):
        frame[column] = parse_number(raw, column)
    return coerce_facts(frame)


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

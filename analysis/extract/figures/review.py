"""Compare extractor output with curated facts, so a reviewer sees what is new or changed.

A row is ``curated`` when the curated facts hold the same key (country, report year,
reference year, indicator, scope, breakdown) with the same value, ``conflict`` when they hold
the key with another value, and ``new`` otherwise.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.countries import try_iso3
from analysis.rawio import read_raw_csv

KEY = ["iso3", "report_year", "reference_year", "indicator", "scope", "breakdown"]


def _key_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "iso3": frame["country"].map(lambda c: try_iso3(c) if isinstance(c, str) else None),
            "report_year": pd.to_numeric(frame["report_year"], errors="coerce"),
            "reference_year": pd.to_numeric(frame["reference_year"], errors="coerce"),
            "indicator": frame["indicator"].astype(str),
            "scope": frame["scope"].fillna("all").astype(str),
            "breakdown": frame["breakdown"].fillna("total").astype(str),
            "value": pd.to_numeric(frame["value"], errors="coerce"),
        }
    )
    return out


def mark_against(extracted: pd.DataFrame, curated_csv: Path) -> pd.DataFrame:
    """``extracted`` with a ``status`` column: ``new``, ``curated`` or ``conflict``."""
    curated = read_raw_csv(
        Path(curated_csv), ("country", "report_year", "reference_year", "indicator", "value")
    )
    for column, default in (("scope", "all"), ("breakdown", "total")):
        if column not in curated:
            curated[column] = default
    known = _key_frame(curated)
    values: dict[tuple, set[float]] = {}
    for row in known.itertuples(index=False):
        values.setdefault(tuple(getattr(row, k) for k in KEY), set()).add(row.value)
    mine = _key_frame(extracted)
    status = []
    for row in mine.itertuples(index=False):
        seen = values.get(tuple(getattr(row, k) for k in KEY))
        status.append("new" if seen is None else "curated" if row.value in seen else "conflict")
    return extracted.assign(status=status)

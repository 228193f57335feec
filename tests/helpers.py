"""Build small facts tables for tests."""

import pandas as pd

from analysis.schema import coerce_facts


def only_row(table: pd.DataFrame, **where) -> pd.Series:
    """The one row of ``table`` whose columns equal ``where`` (fails unless exactly one)."""
    rows = table
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def make_facts(rows: list[dict], **defaults) -> pd.DataFrame:
    """A facts table from partial rows; missing columns take test defaults."""
    base = {
        "country": "Peru",
        "iso3": "PER",
        "source": "unodc_glotip",
        "report_year": 2023,
        "indicator": "convictions",
        "scope": "all",
        "breakdown": "total",
        "value_high": None,
        "qualifier": None,
        "note": None,
        "source_url": "https://example.org",
        "method": "import",
    }
    base.update(defaults)
    return coerce_facts(pd.DataFrame([{**base, **row} for row in rows]))


def series(values: dict[int, float | None], **defaults) -> pd.DataFrame:
    """One series: {reference_year: value}; None values are left out (not reported)."""
    return make_facts(
        [{"reference_year": y, "value": v} for y, v in values.items() if v is not None], **defaults
    )


#: Every figure the Peru report and the global overview draw (one per plot function).
FIGURE_KEYS = frozenset(
    {
        "yoy_headline",
        "enforcement",
        "attrition",
        "protection_counts",
        "count_gaps",
        "criteria_strip",
        "criteria_gap",
        "followthrough",
        "tier_trajectory",
        "source_disagreements",
        "global_enforcement",
        "global_ratios",
        "tier_distribution",
        "regional_attrition",
        "criteria_gaps_regions",
        "followthrough_themes",
    }
)

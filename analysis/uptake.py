"""Recommendation uptake: how the next edition reports on last year's recommendations.

Reads the panel's follow-through table (one row per recommendation item of edition
``year_from``, coded from ``year_to``: ``acted | partial | not_acted | unclear``) and counts it
by edition pair and by theme. ``unclear`` (the next edition says nothing on the item) is counted
but never folded into ``not_acted``: silence is not failure.
"""

from __future__ import annotations

import pandas as pd

from analysis.schema import FOLLOWTHROUGH_STATUSES, validate_followthrough
from analysis.series import empty_table

PAIR_COLUMNS = ["country", "iso3", "year_from", "year_to", *FOLLOWTHROUGH_STATUSES, "items"]
THEME_COLUMNS = ["theme", *FOLLOWTHROUGH_STATUSES, "items", "countries", "share_not_acted"]


def _counts(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    counts = table.pivot_table(index=keys, columns="status", values="item_no", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=list(FOLLOWTHROUGH_STATUSES), fill_value=0)
    counts.columns.name = None
    counts["items"] = counts.sum(axis=1)
    return counts.astype(int).reset_index()


def uptake_by_pair(table: pd.DataFrame) -> pd.DataFrame:
    """Items per status for each country and pair of editions (columns ``PAIR_COLUMNS``).

    Example:
        Peru 2020→2021: 5 items, 2 not acted, 1 partial, 2 unclear.
    """
    validate_followthrough(table, "followthrough")
    if table.empty:
        return empty_table(PAIR_COLUMNS)
    out = _counts(table, ["country", "iso3", "year_from", "year_to"])
    return out.sort_values(["iso3", "year_from"]).reset_index(drop=True)[PAIR_COLUMNS]


def uptake_by_theme(table: pd.DataFrame) -> pd.DataFrame:
    """Items per status for each theme, across every country and edition pair given.

    Returns:
        Columns ``THEME_COLUMNS``: counts per status, ``items``, ``countries`` (how many
        countries' items), and ``share_not_acted`` = not_acted / (items − unclear), the share of
        the items the next edition reports on that were not acted on (NA when it reports on
        none). Sorted by the number not acted, then by that share, highest first: the themes
        most often left unacted come first.
    """
    validate_followthrough(table, "followthrough")
    if table.empty:
        return empty_table(THEME_COLUMNS)
    out = _counts(table, ["theme"])
    out["countries"] = out["theme"].map(table.groupby("theme")["iso3"].nunique()).astype(int)
    reported = out["items"] - out["unclear"]
    out["share_not_acted"] = (out["not_acted"] / reported.where(reported > 0)).astype("Float64")
    out = out.sort_values(
        ["not_acted", "share_not_acted", "items"], ascending=[False, False, False], na_position="last"
    )
    return out.reset_index(drop=True)[THEME_COLUMNS]

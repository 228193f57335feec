"""Tier placements: where sources disagree.

Tier values are ``1``, ``2``, ``2.5`` (Tier 2 Watch List), ``3`` and ``special``; the
all-sources table also carries ``not_rated`` (Kelley's code 555, "not in the report /
missing"). Coverage after report year 2015 is partial.
"""

from __future__ import annotations

import pandas as pd

CONFLICT_COLUMNS = ["country", "iso3", "report_year", "placements", "chosen_tier", "chosen_source"]


def conflicts(all_sources: pd.DataFrame, chosen: pd.DataFrame) -> pd.DataFrame:
    """Country-years on which the tier sources disagree, with the placement chosen.

    Args:
        all_sources: every placement (``tiers_all_sources.csv``).
        chosen: the chosen placements (``tiers.csv``).

    Returns:
        One row per disagreeing country-year: ``placements`` lists each distinct
        ``source: tier`` pair ("kelley_cho: not_rated; kelley_simmons: 1"), and
        ``chosen_tier``/``chosen_source`` what ``tiers.csv`` holds (NA when nothing rated).
    """
    pairs = all_sources[["country", "iso3", "report_year", "source", "tier"]].drop_duplicates()
    n_tiers = pairs.groupby(["iso3", "report_year"])["tier"].transform("nunique")
    disagree = pairs[n_tiers > 1]
    if disagree.empty:
        return pd.DataFrame(columns=CONFLICT_COLUMNS)
    listed = (
        disagree.assign(pair=disagree["source"] + ": " + disagree["tier"])
        .groupby(["country", "iso3", "report_year"], sort=True)["pair"]
        .agg("; ".join)
        .rename("placements")
        .reset_index()
    )
    picked = chosen[["iso3", "report_year", "tier", "source"]].rename(
        columns={"tier": "chosen_tier", "source": "chosen_source"}
    )
    out = listed.merge(picked, on=["iso3", "report_year"], how="left")
    return out.sort_values(["iso3", "report_year"]).reset_index(drop=True)[CONFLICT_COLUMNS]

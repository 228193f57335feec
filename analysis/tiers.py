"""Tier placements: history, transitions, Watch List streaks, counts, and disagreements.

Tier values are ``1``, ``2``, ``2.5`` (Tier 2 Watch List), ``3`` and ``special`` (special
case: rated but not on the scale, e.g. Libya, Somalia, Yemen in some years); the all-sources
table also carries ``not_rated`` (Kelley's code 555, "not in the report / missing").

Coverage is complete only for the report years ``tiers/SOURCE.yml`` lists under
``complete_report_years`` (:func:`analysis.sources.complete_tier_years`); in other years a missing
placement means none was found, not that the country was unrated. Transitions and streaks are
therefore computed between report years *present* in the data, and a gap is visible through ``previous_year``.

The TVPA's Watch List rule: a country may not stay on the Tier 2 Watch List for more than two
consecutive years; in the third the Secretary must upgrade or downgrade it (a waiver can defer
this, and countries were downgraded to Tier 3 automatically from 2013 on).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.countries import to_iso3
from analysis.sources import complete_tier_years

CONFLICT_COLUMNS = ["country", "iso3", "report_year", "placements", "chosen_tier", "chosen_source"]
HISTORY_COLUMNS = [
    "country",
    "iso3",
    "report_year",
    "tier",
    "tier_numeric",
    "previous_year",
    "previous_tier",
    "transition",
    "watch_list_years",
    "tvpa_rule",
    "source",
]
WATCH_LIST = "2.5"


def tier_numeric(tier: pd.Series) -> pd.Series:
    """Tier labels as numbers (1, 2, 2.5, 3); ``special`` and ``not_rated`` are NA."""
    return pd.to_numeric(tier.where(~tier.isin(["special", "not_rated"])), errors="coerce").astype("Float64")


def history(tiers: pd.DataFrame, country: str | None = None) -> pd.DataFrame:
    """Tier history with transitions and Watch List streaks.

    Args:
        tiers: chosen placements (``analysis.panel.load_tiers()``).
        country: limit to one country (any accepted name); ``None`` for all.

    Returns:
        One row per country and report year (columns ``HISTORY_COLUMNS``):

        - ``transition``: ``upgrade`` (numerically lower tier), ``downgrade``, ``unchanged``,
          ``first`` (no earlier placement), or ``special`` when either year is a special case.
          Computed against the previous report year present (``previous_year``); when that is
          not the immediately preceding year, the transition spans a gap in the data.
        - ``watch_list_years``: consecutive report years on the Watch List up to this one
          (0 when not on it). A missing year breaks the count: a streak is only counted over
          years the data cover.
        - ``tvpa_rule``: ``decision due`` when this is the second consecutive Watch List year
          (the next report must move the country unless waived), ``over limit`` from the third.
    """
    rows = tiers
    if country is not None:
        rows = rows[rows["iso3"] == to_iso3(country)]
    rows = rows.sort_values(["iso3", "report_year"]).reset_index(drop=True)
    numeric = tier_numeric(rows["tier"])
    grouped = rows.groupby("iso3", sort=False)
    previous_year = grouped["report_year"].shift(1)
    previous_tier = grouped["tier"].shift(1)
    previous_numeric = tier_numeric(previous_tier.fillna("special"))

    transition = pd.Series("unchanged", index=rows.index, dtype="string")
    transition = transition.mask((numeric < previous_numeric).fillna(False).astype(bool), "upgrade")
    transition = transition.mask((numeric > previous_numeric).fillna(False).astype(bool), "downgrade")
    special = rows["tier"].eq("special") | previous_tier.eq("special").fillna(False)
    transition = transition.mask(special & rows["tier"].ne(previous_tier).fillna(True), "special")
    transition = transition.mask(previous_year.isna(), "first")

    on_list = rows["tier"].eq(WATCH_LIST)
    consecutive = (rows["report_year"] - previous_year).eq(1).fillna(False)
    streak = []
    for i in range(len(rows)):
        if not on_list.iat[i]:
            streak.append(0)
        elif (
            consecutive.iat[i] and i > 0 and rows["iso3"].iat[i] == rows["iso3"].iat[i - 1] and streak[-1] > 0
        ):
            streak.append(streak[-1] + 1)
        else:
            streak.append(1)
    streak = pd.Series(streak, index=rows.index, dtype="Int64")
    rule = pd.Series(pd.NA, index=rows.index, dtype="string")
    rule = rule.mask(streak == 2, "decision due").mask(streak >= 3, "over limit")

    out = pd.DataFrame(
        {
            "country": rows["country"],
            "iso3": rows["iso3"],
            "report_year": rows["report_year"].astype("Int64"),
            "tier": rows["tier"],
            "tier_numeric": numeric,
            "previous_year": previous_year.astype("Int64"),
            "previous_tier": previous_tier.astype("string"),
            "transition": transition,
            "watch_list_years": streak,
            "tvpa_rule": rule,
            "source": rows["source"],
        }
    )
    return out[HISTORY_COLUMNS]


def counts_per_year(tiers: pd.DataFrame, complete_years: Iterable[int] | None = None) -> pd.DataFrame:
    """Countries per tier per report year, with whether the year's coverage is complete.

    Args:
        tiers: chosen placements.
        complete_years: report years whose tier lists are complete (default: the
            ``complete_report_years`` of ``tiers/SOURCE.yml``).

    Returns:
        One row per report year: columns ``1, 2, 2.5, 3, special`` (countries), ``total`` and
        ``coverage`` (``complete`` for a complete year, else ``partial``: the counts of a
        partial year are counts of placements found, not of the report).
    """
    complete = set(complete_tier_years() if complete_years is None else complete_years)
    table = (
        tiers.pivot_table(index="report_year", columns="tier", values="iso3", aggfunc="count")
        .reindex(columns=["1", "2", "2.5", "3", "special"])
        .fillna(0)
        .astype("Int64")
    )
    table.columns.name = None
    table["total"] = table.sum(axis=1)
    table["coverage"] = ["complete" if year in complete else "partial" for year in table.index]
    return table.reset_index()


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

"""Protection gaps: how far victim protection falls short, by count and by criteria.

Definitions (the README's "Definitions" says the same for users):

- **By count**: ``assistance_gap = 1 − victims_assisted / victims_identified`` and
  ``referral_gap = 1 − victims_referred / victims_identified``, per country, source and
  reference year (totals, all forms). NA when either count is missing (NA is not 0), when the
  identified count is 0, or when a count is a range or several figures (the bounds are kept
  in ``assistance_gap_low``/``assistance_gap_high``). A negative gap (more assisted than
  identified) is kept and noted: counts often come from different agencies.
- **By criteria**: the share of *assessed* protection criteria a report finds not met, with
  ``partial`` counting ½: ``(not_met + ½·partial) / (met + partial + not_met)``; criteria the
  report is silent on (``not_reported``) are not assessed and do not count either way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.schema import CRITERION_STATUSES, indicators_counting, protection_criteria, validate_criteria
from analysis.series import Edition, empty_table, year_values

#: the yearly counts of victims (``counts = victims`` in indicators.csv), and the core ones that a
#: count gap and the reports' victim figures use
COUNT_INDICATORS = tuple(indicators_counting("victims"))
CORE_VICTIM_COUNTS = tuple(indicators_counting("victims", core_only=True))
COUNT_COLUMNS = [
    "country",
    "iso3",
    "source",
    "year",
    *COUNT_INDICATORS,
    "assistance_gap",
    "assistance_gap_low",
    "assistance_gap_high",
    "referral_gap",
    "note",
]
CRITERIA_GAP_COLUMNS = [
    "country",
    "iso3",
    "report_year",
    "n_criteria",
    "n_assessed",
    "n_met",
    "n_partial",
    "n_not_met",
    "n_not_reported",
    "n_not_read",
    "gap",
    "unmet",
    "source_url",
]
PARTIAL_WEIGHT = 0.5
#: A criteria gap over this many assessed criteria or fewer is weak evidence (said and drawn so).
WEAK_EVIDENCE_ASSESSED = 2
#: A gap below 0 is kept, never clipped, and flagged with this note.
NEGATIVE_NOTE = "{count} > identified: different agencies or periods"


def protection_gap_counts(facts: pd.DataFrame, edition: Edition = "latest") -> pd.DataFrame:
    """Victims identified, referred, assisted and sheltered, with the count gaps.

    Args:
        facts: a facts table.
        edition: report edition to use when several report the same year (as in
            :func:`analysis.enforcement.yoy_ratios`).

    Returns:
        One row per country, source and reference year with any of the four counts
        (columns ``COUNT_COLUMNS``; counts in persons, the lower end of a range). Gaps are
        unitless shares (0 = everyone identified was assisted; 1 = nobody was).
        ``note`` says ``assisted > identified`` or ``referred > identified`` (a gap below 0,
        kept, never clipped: the counts come from different agencies or periods),
        ``identified is 0``, or which count is a range / several figures (the gap is then NA
        and ``assistance_gap_low``/``_high`` give its interval when both counts are known).

    Example:
        Nigeria 2022 (TIP 2023): 1,634 identified, all 1,634 assisted → assistance_gap 0.
    """
    rows = facts[
        facts["indicator"].isin(COUNT_INDICATORS)
        & (facts["breakdown"] == "total")
        & (facts["scope"] == "all")
    ]
    values = year_values(rows, edition)
    key = ["country", "iso3", "source", "year"]
    if values.empty:
        return empty_table(COUNT_COLUMNS)
    wide = values.pivot_table(index=key, columns="indicator", values=["low", "high"], aggfunc="first")
    notes = values.pivot_table(index=key, columns="indicator", values="note", aggfunc="first")
    out = pd.DataFrame(index=wide.index)
    for indicator in COUNT_INDICATORS:
        out[indicator] = _wide_column(wide, "low", indicator).astype("Float64")
    for column, values_ in _count_gaps(wide).items():
        out[column] = pd.array(values_, dtype="Float64")
        out[column] = out[column].mask(out[column].isna(), pd.NA)
    out["note"] = _count_notes(wide, notes)
    out = out.reset_index()
    out["year"] = out["year"].astype("Int64")
    return out.sort_values(key).reset_index(drop=True)[COUNT_COLUMNS]


def _wide_column(wide: pd.DataFrame, part: str, indicator: str) -> pd.Series:
    """One (``low``/``high``, indicator) column of the wide counts as floats; NaN where absent."""
    if (part, indicator) in wide.columns:
        return wide[(part, indicator)].astype(float)
    return pd.Series(np.nan, index=wide.index)


def _bounds(wide: pd.DataFrame, indicator: str) -> tuple[pd.Series, pd.Series]:
    return _wide_column(wide, "low", indicator), _wide_column(wide, "high", indicator)


def _count_gaps(wide: pd.DataFrame) -> dict[str, np.ndarray]:
    """The assistance gap, its interval and the referral gap (unitless) of each wide row."""
    ident_lo, ident_hi = _bounds(wide, "victims_identified")
    assist_lo, assist_hi = _bounds(wide, "victims_assisted")
    refer_lo, refer_hi = _bounds(wide, "victims_referred")
    exact = lambda lo, hi: lo.notna() & (lo == hi)
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "assistance_gap": np.where(
                exact(ident_lo, ident_hi) & exact(assist_lo, assist_hi) & (ident_lo > 0),
                1 - assist_lo / ident_lo,
                np.nan,
            ),
            "assistance_gap_low": np.where(
                ident_hi > 0, 1 - assist_hi / ident_lo.where(ident_lo > 0), np.nan
            ),
            "assistance_gap_high": np.where(ident_hi > 0, 1 - assist_lo / ident_hi, np.nan),
            "referral_gap": np.where(
                exact(ident_lo, ident_hi) & exact(refer_lo, refer_hi) & (ident_lo > 0),
                1 - refer_lo / ident_lo,
                np.nan,
            ),
        }


def _count_notes(wide: pd.DataFrame, notes: pd.DataFrame) -> pd.Series:
    """Each row's notes, ``; ``-joined: counts above identified, identified 0, qualified counts."""
    note = pd.Series("", index=wide.index, dtype="string")

    def add(mask, text):
        nonlocal note
        mask = pd.Series(mask, index=wide.index).fillna(False).astype(bool)
        note = note.where(~mask, (note + "; " + text).str.removeprefix("; "))

    ident_hi = _wide_column(wide, "high", "victims_identified")
    add(_wide_column(wide, "low", "victims_assisted") > ident_hi, NEGATIVE_NOTE.format(count="assisted"))
    add(_wide_column(wide, "low", "victims_referred") > ident_hi, NEGATIVE_NOTE.format(count="referred"))
    add(ident_hi == 0, "identified is 0")
    for indicator in COUNT_INDICATORS:
        if indicator in notes.columns:
            flagged = notes[indicator].notna()
            for label in notes.loc[flagged, indicator].unique():
                add(notes[indicator] == label, f"{indicator.removeprefix('victims_')}: {label}")
    return note.replace("", pd.NA)


def _gap(not_met: int, partial: int, assessed: int):
    """(not met + ½ partial) / assessed criteria; NA when none is assessed."""
    return (not_met + PARTIAL_WEIGHT * partial) / assessed if assessed else pd.NA


def protection_gap_criteria(criteria: pd.DataFrame) -> pd.DataFrame:
    """The criteria gap per country and report: share of assessed criteria not met.

    Args:
        criteria: a criteria table (``country, iso3, report_year, criterion, status,
            evidence_ref, source_url``), status in ``met | partial | not_met |
            not_reported | not_read`` (the narrative's protection section was not in the text
            read); validated here. Neither of the last two is assessed.

    Returns:
        One row per country and report year (columns ``CRITERIA_GAP_COLUMNS``): counts per
        status, ``n_assessed`` (met + partial + not_met), ``gap`` =
        (not_met + ½ partial) / n_assessed (NA when nothing was assessed), and ``unmet``,
        the criteria not met, then the partial ones marked ``(partial)``, in vocabulary
        order.

    Example:
        Peru 2008: 6 not met, 1 partial, 1 met, 1 not reported → 6.5 / 8 = 0.8125.
    """
    validate_criteria(criteria, "criteria")
    order = {c: i for i, c in enumerate(protection_criteria()["criterion"])}
    rows = []
    for (country, iso3, year), group in criteria.groupby(["country", "iso3", "report_year"], sort=True):
        counts = group["status"].value_counts().reindex(CRITERION_STATUSES, fill_value=0)
        assessed = int(counts["met"] + counts["partial"] + counts["not_met"])
        group = group.assign(_order=group["criterion"].map(order)).sort_values("_order")
        unmet = [
            *group.loc[group["status"] == "not_met", "criterion"],
            *(f"{c} (partial)" for c in group.loc[group["status"] == "partial", "criterion"]),
        ]
        gap = _gap(counts["not_met"], counts["partial"], assessed)
        rows.append(
            {
                "country": country,
                "iso3": iso3,
                "report_year": year,
                "n_criteria": len(group),
                "n_assessed": assessed,
                "n_met": int(counts["met"]),
                "n_partial": int(counts["partial"]),
                "n_not_met": int(counts["not_met"]),
                "n_not_reported": int(counts["not_reported"]),
                "n_not_read": int(counts["not_read"]),
                "gap": gap,
                "unmet": "; ".join(unmet),
                "source_url": "; ".join(pd.unique(group["source_url"].dropna())),
            }
        )
    out = pd.DataFrame(rows, columns=CRITERIA_GAP_COLUMNS)
    out["report_year"] = out["report_year"].astype("Int64")
    out["gap"] = out["gap"].astype("Float64")
    return out


#: how a criteria code was obtained, from its ``method``: hand (manual), reviewed, or rule
METHOD_KINDS = {"manual": "coded by hand", "reviewed": "reviewed", "rule": "coded by rule, not reviewed"}


def coding_method(criteria: pd.DataFrame) -> pd.Series:
    """How each report year's criteria were coded: 'coded by hand', 'reviewed', 'coded by rule,
    not reviewed', or several joined with ' and ' (one string per ``report_year``)."""
    kinds = criteria["method"].fillna("").str.split(":").str[0].map(METHOD_KINDS).fillna("other")
    order = list(METHOD_KINDS.values())
    return kinds.groupby(criteria["report_year"]).agg(
        lambda s: " and ".join(sorted(set(s), key=lambda k: order.index(k) if k in order else 9))
    )


def gap_like_with_like(criteria: pd.DataFrame, year_a: int, year_b: int) -> dict:
    """The criteria gap of two editions over the criteria both assess, so a change compares like
    with like (two editions assessing different criteria are not comparable as they stand).

    Returns:
        ``common`` (criteria assessed in both, vocabulary order), ``gap_a`` and ``gap_b`` over
        them (NA when none is common).

    Example:
        Peru 2008 (8 assessed) and 2021 (4 assessed) share the criteria 2021 assesses.
    """
    order = {c: i for i, c in enumerate(protection_criteria()["criterion"])}
    assessed = criteria[criteria["status"].isin(ASSESSED_STATUSES)]
    a = assessed[assessed["report_year"] == year_a].set_index("criterion")["status"]
    b = assessed[assessed["report_year"] == year_b].set_index("criterion")["status"]
    common = sorted(set(a.index) & set(b.index), key=lambda c: order.get(c, 99))

    def gap(statuses: pd.Series):
        return _gap(int((statuses == "not_met").sum()), int((statuses == "partial").sum()), len(statuses))

    return {"common": common, "gap_a": gap(a.reindex(common)), "gap_b": gap(b.reindex(common))}


CHANGE_COLUMNS = [
    "country",
    "iso3",
    "criterion",
    "first_year",
    "first_status",
    "last_year",
    "last_status",
    "direction",
]
#: How far a status is from meeting a criterion (not_reported and not_read are not on the scale).
STATUS_SHORTFALL = {"met": 0.0, "partial": PARTIAL_WEIGHT, "not_met": 1.0}
#: The statuses of an assessed criterion.
ASSESSED_STATUSES = tuple(STATUS_SHORTFALL)


def criteria_changes(criteria: pd.DataFrame) -> pd.DataFrame:
    """Criteria whose status changed between the first and the last report that assessed them.

    Args:
        criteria: a criteria table (as :func:`protection_gap_criteria`).

    Returns:
        One row per country and criterion assessed (status not ``not_reported``) in at least two
        report years with a different status in the first and the last of them (columns
        ``CHANGE_COLUMNS``); ``direction`` is ``better`` (closer to met) or ``worse``. A criterion
        the reports are silent on in between is not a change: only assessed years count.
        Rows in vocabulary order of the criteria.

    Example:
        Peru: identification procedures not_met in 2008, met in 2024 → direction ``better``.
    """
    validate_criteria(criteria, "criteria")
    assessed = criteria[criteria["status"].isin(ASSESSED_STATUSES)].sort_values("report_year")
    order = {c: i for i, c in enumerate(protection_criteria()["criterion"])}
    rows = []
    for (iso3, criterion), group in assessed.groupby(["iso3", "criterion"], sort=False):
        first, last = group.iloc[0], group.iloc[-1]
        if first["report_year"] == last["report_year"] or first["status"] == last["status"]:
            continue
        better = STATUS_SHORTFALL[last["status"]] < STATUS_SHORTFALL[first["status"]]
        rows.append(
            {
                "country": first["country"],
                "iso3": iso3,
                "criterion": criterion,
                "first_year": int(first["report_year"]),
                "first_status": first["status"],
                "last_year": int(last["report_year"]),
                "last_status": last["status"],
                "direction": "better" if better else "worse",
                "_order": order[criterion],
            }
        )
    out = pd.DataFrame(rows, columns=[*CHANGE_COLUMNS, "_order"])
    out = out.sort_values(["iso3", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)
    for column in ("first_year", "last_year"):
        out[column] = out[column].astype("Int64")
    return out


REGION_GAP_COLUMNS = ["region", "country", "iso3", "report_year", "gap", "n_assessed"]


def criteria_gaps_by_region(
    criteria: pd.DataFrame, countries: pd.DataFrame, report_year: int | None = None
) -> pd.DataFrame:
    """Each country's criteria gap in one report edition, with its TIP region.

    Args:
        criteria: a criteria table (as :func:`protection_gap_criteria`).
        countries: the country table (``iso3, tip_region``; :func:`analysis.countries.country_table`).
        report_year: the edition; default the latest edition in which some country has a
            criterion assessed.

    Returns:
        One row per country with a defined gap in that edition (columns ``REGION_GAP_COLUMNS``),
        sorted by region and gap. Countries without a narrative for that edition, or whose
        narrative assesses nothing, are not rows (NA is not a gap of 0). A country outside
        the TIP regions has region ``unassigned``.
    """
    gaps = protection_gap_criteria(criteria)
    gaps = gaps[gaps["gap"].notna()]
    if gaps.empty:
        return empty_table(REGION_GAP_COLUMNS)
    year = int(gaps["report_year"].max()) if report_year is None else int(report_year)
    rows = gaps[gaps["report_year"] == year]
    regions = countries.set_index("iso3")["tip_region"].replace("", pd.NA)
    out = rows.assign(region=rows["iso3"].map(regions).fillna("unassigned"))
    return out.sort_values(["region", "gap", "country"], kind="stable").reset_index(drop=True)[
        REGION_GAP_COLUMNS
    ]

"""Enforcement ratios: year over year, attrition (conversion), and regional comparison.

Definitions (the README's "Definitions" says the same for users):

- **YoY ratio** of an indicator: ``value[t] / value[t']`` within one (country, source, scope,
  breakdown, indicator) series, where ``t'`` is the previous year *present in the series*
  (a gap, 2012 vs 2009, is shown through ``previous_year``, never interpolated).
- **Attrition ratio**: ``numerator[t] / denominator[t - lag]`` within one country, source,
  scope and breakdown (convictions per prosecution, prosecutions per investigation, …).
- **Reporting-artefact flag**: a ratio above 3 or below 1/3 is flagged ``check``.

NA rules shared by all ratios: NA means not reported, so a year missing on either side gives
no row (YoY) or an NA ratio (attrition); a zero denominator gives an NA ratio with the note
``from zero``; a range, a suppressed UNODC count (``<5`` = 0–4) or several figures in one
edition give an NA ratio with the note ``range`` / ``suppressed`` / ``several figures`` unless
the two ends give the same ratio, and the bounds ``ratio_low``–``ratio_high`` are kept where
they can be computed. Figures are counts (persons or cases, as each source reports them);
ratios are unitless.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.countries import country_table, to_iso3
from analysis.schema import indicators as indicator_table
from analysis.series import SERIES_KEY, Edition, empty_table, year_values
from analysis.sources import of_table

YOY_COLUMNS = [
    "country",
    "iso3",
    "source",
    "scope",
    "breakdown",
    "indicator",
    "year",
    "previous_year",
    "gap",
    "value",
    "previous_value",
    "ratio",
    "pct_change",
    "note",
    "flag",
    "ratio_low",
    "ratio_high",
]
ATTRITION_COLUMNS = [
    "country",
    "iso3",
    "source",
    "scope",
    "breakdown",
    "year",
    "denominator_year",
    "numerator",
    "denominator",
    "numerator_value",
    "denominator_value",
    "ratio",
    "note",
    "flag",
    "ratio_low",
    "ratio_high",
]
REGIONAL_COLUMNS = [
    "country",
    "iso3",
    "measure",
    "source",
    "scheme",
    "region",
    "year",
    "value",
    "region_median",
    "region_q1",
    "region_q3",
    "region_n",
    "world_median",
    "world_n",
]
CHECK_ABOVE, CHECK_BELOW = 3.0, 1.0 / 3.0
#: Fewest countries with a value for a regional summary to be drawn or quoted in reports.
MIN_REGION_COUNTRIES = 3
NOTE_FROM_ZERO = "from zero"


class MixedSourcesError(ValueError):
    """A ratio whose numerator and denominator come from different sources."""


def ratio_indicators() -> list[str]:
    """Indicators for which a ratio is meaningful (counts and money, per the vocabulary)."""
    table = indicator_table()
    return table.loc[table["kind"].isin(["count", "money"]), "name"].tolist()


def _interval_ratio(num_low, num_high, den_low, den_high, num_note, den_note) -> pd.DataFrame:
    """Ratio of two intervals with the module's NA rules (vectorised; NumPy arrays in)."""
    num_low, num_high = np.asarray(num_low, float), np.asarray(num_high, float)
    den_low, den_high = np.asarray(den_low, float), np.asarray(den_high, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        low_end = np.where(den_low > 0, num_low / den_low, np.nan)
        high_end = np.where(den_high > 0, num_high / den_high, np.nan)
        ratio_low = np.where(den_high > 0, num_low / den_high, np.nan)
        ratio_high = np.where(den_low > 0, num_high / den_low, np.nan)
    ends_agree = np.isclose(low_end, high_end, rtol=1e-12, atol=0) & ~np.isnan(low_end)
    ratio = np.where(ends_agree, low_end, np.nan)

    notes = pd.Series("", index=range(len(num_low)), dtype="string")
    from_zero = den_high == 0
    notes = notes.where(~from_zero, NOTE_FROM_ZERO)
    for extra in (pd.Series(num_note, dtype="string"), pd.Series(den_note, dtype="string")):
        extra = extra.reset_index(drop=True).fillna("")
        for label in extra[extra != ""].unique():
            for part in str(label).split("; "):
                has = extra.str.contains(part, regex=False) & ~notes.str.contains(part, regex=False)
                notes = notes.where(~has, (notes + "; " + part).str.removeprefix("; "))
    frame = pd.DataFrame(
        {
            "ratio": pd.array(ratio, dtype="Float64"),
            "ratio_low": pd.array(ratio_low, dtype="Float64"),
            "ratio_high": pd.array(ratio_high, dtype="Float64"),
            "note": notes.replace("", pd.NA),
        }
    )
    # NaN from a division is NA here: the ratio is undefined, not a number.
    for column in ("ratio", "ratio_low", "ratio_high"):
        frame[column] = frame[column].mask(
            frame[column].isna() | ~np.isfinite(frame[column].fillna(0)), pd.NA
        )
    jump = ((frame["ratio"] > CHECK_ABOVE) | (frame["ratio"] < CHECK_BELOW)).fillna(False)
    frame["flag"] = pd.Series(pd.NA, index=frame.index, dtype="string").mask(jump.astype(bool), "check")
    return frame


def yoy_ratios(
    facts: pd.DataFrame,
    indicators: list[str] | None = None,
    breakdown: str = "total",
    edition: Edition = "latest",
    max_gap: int | None = None,
) -> pd.DataFrame:
    """Year-over-year ratios of every series in ``facts``.

    Each year is compared with the previous year *present in its series* (country, source,
    scope, breakdown, indicator). A gap stays visible through ``previous_year``; nothing is
    interpolated. Series never mix sources or scopes.

    Args:
        facts: a facts table (``analysis.panel.load_facts()`` or a subset).
        indicators: indicators to compute (default: every count or money indicator of the
            vocabulary; tiers, statutory penalties, shares and estimates are left out).
        breakdown: ``"total"`` (default), a breakdown such as ``"sex=female"``, or ``None``
            for every breakdown.
        edition: which report edition's figure to use when several editions report the same
            year: ``"latest"`` (default), ``"first"`` or a report year.
        max_gap: the longest gap, in years, a ratio may span (None: any). A comparison over a
            longer gap keeps its row (``previous_year`` and ``gap`` show it) with NA ratio and
            the note ``gap of N years``. Only ``gap == 1`` is a year-over-year change; reports
            write a longer one as an "N-year change".

    Returns:
        One row per series and year that has a previous year, columns ``YOY_COLUMNS``:
        ``gap`` = year − previous_year (years), ``value``/``previous_value`` (the figure, or
        the lower end of a range), ``ratio`` = value / previous_value (unitless),
        ``pct_change`` = (ratio − 1) × 100,
        ``note`` (``from zero``, ``range``, ``suppressed``, ``several figures``), ``flag``
        (``check`` when the ratio is above 3 or below 1/3) and the bounds
        ``ratio_low``/``ratio_high``. A year whose figure is missing gives no row.

    Example:
        Peru's 2008 TIP narrative: traffickers identified by police rose from 39 (2006) to
        96 (2007): ratio 2.4615…, pct_change 146.15…
    """
    if max_gap is not None and (isinstance(max_gap, bool) or not isinstance(max_gap, int) or max_gap < 1):
        raise ValueError(f"max_gap must be a whole number of years >= 1, or None; got {max_gap!r}")
    chosen = ratio_indicators() if indicators is None else list(indicators)
    rows = facts[facts["indicator"].isin(chosen)]
    if breakdown is not None:
        rows = rows[rows["breakdown"] == breakdown]
    values = year_values(rows, edition)
    if values.empty:
        return empty_table(YOY_COLUMNS)
    values, previous = _with_previous_year(values)
    ratios = _interval_ratio(
        values["low"],
        values["high"],
        previous["prev_low"],
        previous["prev_high"],
        values["note"],
        previous["prev_note"],
    )
    gap = (values["year"].astype("Int64") - previous["previous_year"].astype("Int64")).astype("Int64")
    if max_gap is not None:
        _withhold_long_gaps(ratios, gap, max_gap)
    out = pd.DataFrame(
        {
            **{c: values[c] for c in SERIES_KEY},
            "year": values["year"].astype("Int64"),
            "previous_year": previous["previous_year"].astype("Int64"),
            "gap": gap,
            "value": values["low"].astype("Float64"),
            "previous_value": previous["prev_low"].astype("Float64"),
            "ratio": ratios["ratio"],
            "pct_change": (ratios["ratio"] - 1) * 100,
            "note": ratios["note"],
            "flag": ratios["flag"],
            "ratio_low": ratios["ratio_low"],
            "ratio_high": ratios["ratio_high"],
        }
    )
    return out[YOY_COLUMNS]


def _with_previous_year(values: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each year's value beside the previous year present in its series.

    Returns the rows that have a previous year and, aligned with them, that year's
    ``previous_year``, ``prev_low``, ``prev_high`` and ``prev_note``.
    """
    values = values.sort_values([*SERIES_KEY, "year"], kind="stable").reset_index(drop=True)
    grouped = values.groupby(SERIES_KEY, dropna=False, sort=False)
    previous = pd.DataFrame(
        {
            "previous_year": grouped["year"].shift(1),
            "prev_low": grouped["low"].shift(1),
            "prev_high": grouped["high"].shift(1),
            "prev_note": grouped["note"].shift(1),
        }
    )
    has_previous = previous["previous_year"].notna()
    return (
        values[has_previous].reset_index(drop=True),
        previous[has_previous].reset_index(drop=True),
    )


def _withhold_long_gaps(ratios: pd.DataFrame, gap: pd.Series, max_gap: int) -> None:
    """Blank the ratios (in place) that span more than ``max_gap`` years; note ``gap of N years``."""
    too_long = (gap > max_gap).fillna(False).to_numpy()
    for column in ("ratio", "ratio_low", "ratio_high", "flag"):
        ratios[column] = ratios[column].where(~too_long)
    gap_note = pd.Series([f"gap of {g} years" for g in gap], dtype="string")
    note = ratios["note"].astype("string")
    ratios["note"] = note.where(~too_long, (note.fillna("") + "; " + gap_note).str.removeprefix("; "))


#: Largest lag accepted by :func:`attrition` (years between denominator and numerator).
MAX_LAG = 30


def parse_term(term: str) -> tuple[str | None, str]:
    """``"unodc_glotip:convictions"`` → (source, indicator); ``"convictions"`` → (None, …).

    Raises:
        ValueError: a source prefix that is not a fact source (the accepted ones are listed).
    """
    if ":" in term:
        source, indicator = term.split(":", 1)
        accepted = [s.id for s in of_table("facts")]
        if source not in accepted:
            raise ValueError(f"unknown source {source!r} in {term!r}; accepted: {', '.join(accepted)}")
        return source, indicator
    return None, term


def attrition(
    facts: pd.DataFrame,
    numerator: str = "convictions",
    denominator: str = "prosecutions",
    lag: int = 0,
    edition: Edition = "latest",
    breakdown: str = "total",
) -> pd.DataFrame:
    """Conversion ratios ``numerator[t] / denominator[t − lag]`` per country, source and year.

    Convictions per prosecution (default), prosecutions per investigation
    (``numerator="prosecutions", denominator="investigations"``), convictions per suspect
    identified (``denominator="suspects_identified"``), …

    A same-year ratio (``lag=0``) compares *different case cohorts*: this year's convictions
    mostly come from prosecutions begun in earlier years, so the ratio can exceed 1 and is not
    a conviction rate. ``lag=1`` compares convictions in t with prosecutions in t − 1, which is
    closer to a cohort but still not one.

    Args:
        facts: a facts table.
        numerator, denominator: indicator names, optionally prefixed by a source
            (``"unodc_glotip:convictions"``). Both always come from the same source.
        lag: years between the denominator and the numerator (≥ 0).
        edition: report edition to use, as in :func:`yoy_ratios`.
        breakdown: breakdown of both terms (default ``"total"``).

    Returns:
        One row per country, source, scope, breakdown and year in which the numerator is
        reported (columns ``ATTRITION_COLUMNS``); ``flag`` is ``check`` when the ratio is above
        1 (more convictions than prosecutions: a cohort mismatch or an artefact); the ratio is NA
        when the denominator is missing (note ``no denominator``) or zero (``from zero``); ranges
        and suppressed counts as in :func:`yoy_ratios`.

    Raises:
        MixedSourcesError: numerator and denominator name different sources (e.g. UNODC's
            persons convicted over TIP's prosecutions): the two count different things.
        ValueError: a lag outside 0–``MAX_LAG``, an unknown source prefix, or an indicator
            outside the vocabulary.

    Example:
        Peru 2007 in the 2008 TIP narrative: 0 convictions / 15 prosecutions = 0.
    """
    source, num_indicator, den_indicator = _attrition_terms(numerator, denominator, lag)
    rows = facts[facts["breakdown"] == breakdown]
    if source:
        rows = rows[rows["source"] == source]
    key = [c for c in SERIES_KEY if c != "indicator"]
    num = year_values(rows[rows["indicator"] == num_indicator], edition)
    den = year_values(rows[rows["indicator"] == den_indicator], edition)
    if num.empty:
        return empty_table(ATTRITION_COLUMNS)
    den = den.assign(year=den["year"] + lag)
    merged = num.merge(den, on=[*key, "year"], how="left", suffixes=("", "_den"))
    merged = merged.sort_values([*key, "year"], kind="stable").reset_index(drop=True)
    ratios = _interval_ratio(*(merged[c] for c in ("low", "high", "low_den", "high_den", "note", "note_den")))
    ratios["note"] = ratios["note"].mask(merged["low_den"].isna(), "no denominator")
    out = pd.DataFrame(
        {
            **{c: merged[c] for c in key},
            "year": merged["year"].astype("Int64"),
            "denominator_year": (merged["year"] - lag).astype("Int64"),
            "numerator": num_indicator,
            "denominator": den_indicator,
            "numerator_value": merged["low"].astype("Float64"),
            "denominator_value": merged["low_den"].astype("Float64"),
            "ratio": ratios["ratio"],
            "note": ratios["note"],
            # More convictions than prosecutions (etc.) is a cohort mismatch or an artefact.
            "flag": pd.Series(pd.NA, index=merged.index, dtype="string").mask(
                (ratios["ratio"] > 1).fillna(False).astype(bool), "check"
            ),
            "ratio_low": ratios["ratio_low"],
            "ratio_high": ratios["ratio_high"],
        }
    )
    return out[ATTRITION_COLUMNS]


def _attrition_terms(numerator: str, denominator: str, lag: int) -> tuple[str | None, str, str]:
    """Check :func:`attrition`'s terms and lag; return (the source either names, numerator, denominator).

    Raises:
        MixedSourcesError, ValueError: as :func:`attrition`.
    """
    num_source, num_indicator = parse_term(numerator)
    den_source, den_indicator = parse_term(denominator)
    if num_source and den_source and num_source != den_source:
        raise MixedSourcesError(
            f"attrition never mixes sources: {numerator!r} over {denominator!r} would divide "
            f"{num_source} figures by {den_source} figures, which count different things; "
            f"use one source for both, e.g. '{num_source}:{num_indicator}' over "
            f"'{num_source}:{den_indicator}'"
        )
    if isinstance(lag, bool) or not isinstance(lag, int) or not 0 <= lag <= MAX_LAG:
        raise ValueError(
            f"lag must be a whole number of years from 0 to {MAX_LAG} (between denominator and "
            f"numerator); got {lag!r}"
        )
    known = set(indicator_table()["name"])
    for indicator in (num_indicator, den_indicator):
        if indicator not in known:
            raise ValueError(f"unknown indicator {indicator!r}; accepted: {', '.join(ratio_indicators())}")
    return num_source or den_source, num_indicator, den_indicator


def regional_comparison(
    facts: pd.DataFrame,
    country: str,
    indicator_or_ratio: str,
    source: str = "unodc_glotip",
    scheme: str = "unodc",
    lag: int = 0,
    edition: Edition = "latest",
) -> pd.DataFrame:
    """A country's value beside its region's median and interquartile range, and the world's.

    Args:
        facts: a facts table (every country, so regions can be summarised).
        country: any accepted country name or ISO3.
        indicator_or_ratio: an indicator (``"convictions"``: its total, all forms) or a ratio
            ``"numerator/denominator"`` (``"convictions/prosecutions"``) computed with
            :func:`attrition` (``lag`` applies).
        source: the one source used for every country (default UNODC GLOTIP, the widest).
        scheme: ``"unodc"`` (Africa, Americas, Asia, Europe, Oceania) or ``"tip"`` (the State
            Department's six regions).
        edition: report edition, as in :func:`yoy_ratios`.

    Returns:
        One row per year in which the country or its region has a value: ``value`` (the
        country's; NA when it does not report that year), ``region_median``, ``region_q1``,
        ``region_q3`` (25th/75th percentiles), ``region_n`` (countries with a value),
        ``world_median``, ``world_n``. Only exact values enter the summaries: ranges,
        suppressed counts and undefined ratios are left out (NA is not 0).

    Raises:
        UnknownCountryError: the country is unknown.
        ValueError: an unknown scheme.
    """
    iso3 = to_iso3(country)
    column = {"tip": "tip_region", "unodc": "unodc_region"}.get(scheme)
    if column is None:
        raise ValueError(f"unknown region scheme {scheme!r}; accepted: 'tip', 'unodc'")
    values = _exact_values(facts[facts["source"] == source], indicator_or_ratio, lag, edition)
    countries = country_table().set_index("iso3")
    regions = countries[column]
    region = regions.get(iso3, pd.NA)
    values["region"] = values["iso3"].map(regions)
    world = _summarise(values, "world")
    in_region = values[values["region"] == region] if pd.notna(region) else values.iloc[0:0]
    regional = _summarise(in_region, "region", quartiles=True)
    own = values[values["iso3"] == iso3].set_index("year")["value"].rename("value")
    out = pd.concat([own, regional], axis=1).join(world, how="left").reset_index(names="year")
    out = out.sort_values("year").reset_index(drop=True)
    labels = {
        "country": countries.at[iso3, "name"],
        "iso3": iso3,
        "measure": indicator_or_ratio,
        "source": source,
        "scheme": scheme,
        "region": region,
    }
    for position, (name, value) in enumerate(labels.items()):
        out.insert(position, name, value)
    for c in ("region_n", "world_n", "year"):
        out[c] = out[c].astype("Int64")
    for c in ("value", "region_median", "region_q1", "region_q3", "world_median"):
        out[c] = out[c].astype("Float64")
    return out[REGIONAL_COLUMNS]


def _exact_values(rows: pd.DataFrame, indicator_or_ratio: str, lag: int, edition: Edition) -> pd.DataFrame:
    """Each country's exact value per year (``iso3``, ``year``, ``value``) of one source's rows.

    An indicator's total over all forms, or a ratio ``"numerator/denominator"`` computed by
    :func:`attrition`; ranges, suppressed counts and undefined ratios are left out.
    """
    if "/" in indicator_or_ratio:
        num, den = indicator_or_ratio.split("/", 1)
        table = attrition(rows[rows["scope"] == "all"], num, den, lag=lag, edition=edition)
        values = table[["iso3", "year", "ratio"]].rename(columns={"ratio": "value"})
    else:
        subset = rows[
            (rows["indicator"] == indicator_or_ratio)
            & (rows["scope"] == "all")
            & (rows["breakdown"] == "total")
        ]
        table = year_values(subset, edition)
        exact = table["low"] == table["high"]
        values = table.assign(value=table["low"].where(exact))[["iso3", "year", "value"]]
    values = values.dropna(subset=["value"])
    values["value"] = values["value"].astype(float)
    return values


def _summarise(frame: pd.DataFrame, prefix: str, quartiles: bool = False) -> pd.DataFrame:
    """Median (and with ``quartiles`` the 25th/75th percentiles) and count of ``value`` per year."""
    grouped = frame.groupby("year")["value"]
    columns = {f"{prefix}_median": grouped.median()}
    if quartiles:
        columns |= {f"{prefix}_q1": grouped.quantile(0.25), f"{prefix}_q3": grouped.quantile(0.75)}
    return pd.DataFrame({**columns, f"{prefix}_n": grouped.size()})

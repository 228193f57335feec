import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.enforcement import (
    ATTRITION_COLUMNS,
    YOY_COLUMNS,
    MixedSourcesError,
    attrition,
    regional_comparison,
    yoy_ratios,
)
from tests.helpers import make_facts, only_row, series

# --- founding figures (Peru, TIP 2008) ---------------------------------------------------------


def test_founding_yoy_ratios(facts):
    peru = facts[(facts["iso3"] == "PER") & (facts["source"] == "tip_narrative")]
    table = yoy_ratios(peru)
    suspects = only_row(table, indicator="suspects_identified", year=2007)
    assert suspects["previous_year"] == 2006
    assert suspects["ratio"] == pytest.approx(96 / 39)
    assert suspects["pct_change"] == pytest.approx((96 / 39 - 1) * 100)
    prosecutions = only_row(table, indicator="prosecutions", year=2007)
    assert prosecutions["ratio"] == pytest.approx(15 / 7)
    assert list(table.columns) == YOY_COLUMNS


def test_founding_convictions_per_prosecution_is_zero_not_na(facts):
    peru = facts[(facts["iso3"] == "PER") & (facts["source"] == "tip_narrative")]
    row = only_row(attrition(peru), year=2007)
    assert row["numerator_value"] == 0 and row["denominator_value"] == 15
    assert row["ratio"] == 0 and not pd.isna(row["ratio"])
    assert list(attrition(peru).columns) == ATTRITION_COLUMNS


# --- YoY rules ---------------------------------------------------------------------------------


def test_gap_in_years_is_kept_visible_not_interpolated():
    table = yoy_ratios(series({2008: 10, 2009: 20, 2012: 40}))
    assert list(table["year"]) == [2009, 2012]
    assert list(table["previous_year"]) == [2008, 2009]
    assert list(table["ratio"]) == [2.0, 2.0]


def test_unodc_real_series_with_a_gap(facts):
    # UNODC reports Peru's persons convicted for 2007-2009 and again from 2012.
    peru = facts[(facts["iso3"] == "PER") & (facts["source"] == "unodc_glotip")]
    row = only_row(yoy_ratios(peru, ["convictions"]), scope="all", year=2012)
    assert row["previous_year"] == 2009
    assert row["ratio"] == pytest.approx(row["value"] / row["previous_value"])


def test_from_zero_and_missing_values():
    table = yoy_ratios(series({2010: 0, 2011: 5, 2013: None, 2014: 8}))
    first = only_row(table, year=2011)
    assert pd.isna(first["ratio"]) and first["note"] == "from zero"
    assert set(table["year"]) == {2011, 2014}  # 2013 is not reported: no row for it
    assert only_row(table, year=2014)["previous_year"] == 2011


def test_suppressed_counts_give_bounds_not_ratios():
    facts = make_facts(
        [
            {"reference_year": 2015, "value": 0, "value_high": 4, "qualifier": "<5 suppressed"},
            {"reference_year": 2016, "value": 12},
            {"reference_year": 2017, "value": 0, "value_high": 4, "qualifier": "<5 suppressed"},
        ]
    )
    table = yoy_ratios(facts)
    up = only_row(table, year=2016)
    assert pd.isna(up["ratio"]) and up["note"] == "suppressed"
    assert up["ratio_low"] == 3.0 and pd.isna(up["ratio_high"])  # 12/4 .. unbounded
    down = only_row(table, year=2017)
    assert pd.isna(down["ratio"]) and down["note"] == "suppressed"
    assert down["ratio_low"] == 0 and down["ratio_high"] == pytest.approx(4 / 12)


def test_unodc_real_suppressed_values_are_never_read_as_numbers(facts):
    albania = facts[(facts["iso3"] == "ALB") & (facts["source"] == "unodc_glotip")]
    table = yoy_ratios(albania, breakdown=None)
    touched = table[table["note"].fillna("").str.contains("suppressed")]
    assert len(touched) > 0
    assert touched["ratio"].isna().all()


def test_range_gives_ratio_only_when_both_ends_agree():
    facts = make_facts(
        [
            {"reference_year": 2010, "value": 10, "value_high": 20},
            {"reference_year": 2011, "value": 20, "value_high": 40},
            {"reference_year": 2012, "value": 30},
        ]
    )
    table = yoy_ratios(facts)
    agree = only_row(table, year=2011)
    assert agree["ratio"] == 2.0 and agree["note"] == "range"
    assert agree["ratio_low"] == 1.0 and agree["ratio_high"] == 4.0
    differ = only_row(table, year=2012)
    assert pd.isna(differ["ratio"]) and differ["note"] == "range"
    assert differ["ratio_low"] == pytest.approx(0.75) and differ["ratio_high"] == 1.5


def test_editions_latest_first_and_given():
    facts = make_facts(
        [
            {"reference_year": 2016, "value": 10, "report_year": 2023},
            {"reference_year": 2017, "value": 20, "report_year": 2023},
            {"reference_year": 2017, "value": 30, "report_year": 2024},  # revised
            {"reference_year": 2018, "value": 60, "report_year": 2024},
        ]
    )
    latest = yoy_ratios(facts)
    assert only_row(latest, year=2017)["value"] == 30
    assert only_row(latest, year=2018)["ratio"] == 2.0
    first = yoy_ratios(facts, edition="first")
    assert only_row(first, year=2017)["value"] == 20
    assert only_row(first, year=2018)["ratio"] == 3.0
    only_2023 = yoy_ratios(facts, edition=2023)
    assert list(only_2023["year"]) == [2017] and only_2023["ratio"].iloc[0] == 2.0
    with pytest.raises(ValueError, match="edition"):
        yoy_ratios(facts, edition="newest")


def test_tip_global_editions_conflict_on_2005(facts):
    world = facts[facts["iso3"] == "WLD"]
    latest = only_row(yoy_ratios(world, ["prosecutions"]), scope="all", year=2005)
    first = only_row(yoy_ratios(world, ["prosecutions"], edition="first"), scope="all", year=2005)
    assert latest["value"] == 6178  # the 2008 report
    assert first["value"] == 6618  # Kelley's transcription (edition not stated)


def test_several_figures_in_one_edition_are_not_resolved(facts):
    # TIP 2021 gives Peru's victims identified in 2020 by police and by prosecutors.
    peru = facts[(facts["iso3"] == "PER") & (facts["source"] == "tip_narrative")]
    row = only_row(yoy_ratios(peru, ["victims_identified"]), year=2020)
    assert pd.isna(row["ratio"]) and "several figures" in row["note"]
    assert row["ratio_low"] <= row["ratio_high"]


def test_flag_marks_jumps_beyond_three_fold():
    table = yoy_ratios(series({2010: 10, 2011: 31, 2012: 31, 2013: 10}))
    assert list(table["flag"].fillna("")) == ["check", "", "check"]


def test_series_never_mix_sources_or_scopes():
    facts = pd.concat(
        [
            series({2010: 10}, source="tip_narrative", method="manual"),
            series({2011: 100}, source="unodc_glotip"),
            series({2011: 50}, source="tip_narrative", method="manual", scope="sex"),
        ]
    )
    assert yoy_ratios(facts).empty


# --- properties --------------------------------------------------------------------------------

years = st.lists(st.integers(1995, 2025), min_size=1, max_size=12, unique=True)
counts = st.one_of(st.none(), st.integers(0, 100_000))


@st.composite
def a_series(draw):
    ys = sorted(draw(years))
    return {y: draw(counts) for y in ys}


@settings(deadline=None)
@given(a_series(), st.floats(0.01, 1000, allow_nan=False))
def test_scaling_a_series_leaves_ratios_unchanged(values, k):
    base = yoy_ratios(series(values))
    scaled = yoy_ratios(series({y: None if v is None else v * k for y, v in values.items()}))
    assert list(base["year"]) == list(scaled["year"])
    for a, b in zip(base["ratio"], scaled["ratio"], strict=True):
        assert (pd.isna(a) and pd.isna(b)) or math.isclose(a, b, rel_tol=1e-9)


@settings(deadline=None)
@given(a_series())
def test_na_never_turns_into_zero(values):
    table = yoy_ratios(series(values))
    reported = {y for y, v in values.items() if v is not None}
    assert set(table["year"]) <= reported
    assert set(table["previous_year"]) <= reported
    for row in table.itertuples():
        assert row.value == values[row.year] and row.previous_value == values[row.previous_year]


@settings(deadline=None)
@given(a_series())
def test_reversing_time_inverts_ratios(values):
    forward = yoy_ratios(series(values))
    mirrored = {3000 - y: v for y, v in values.items()}
    backward = yoy_ratios(series(mirrored))
    back = {(3000 - r.previous_year, 3000 - r.year): r.ratio for r in backward.itertuples()}
    for row in forward.itertuples():
        inverse = back[(row.year, row.previous_year)]
        now, before = row.value, row.previous_value
        if now > 0 and before > 0:
            assert math.isclose(row.ratio * inverse, 1.0, rel_tol=1e-9)
        elif before == 0 and now > 0:  # from zero forward, to zero backward
            assert pd.isna(row.ratio) and inverse == 0
        elif now == 0 and before > 0:
            assert row.ratio == 0 and pd.isna(inverse)
        else:
            assert pd.isna(row.ratio) and pd.isna(inverse)


@settings(deadline=None)
@given(a_series())
def test_output_never_compares_a_year_with_itself(values):
    table = yoy_ratios(series(values))
    assert (table["year"] > table["previous_year"]).all()


# --- attrition ---------------------------------------------------------------------------------


def test_attrition_refuses_to_mix_sources():
    with pytest.raises(MixedSourcesError, match="never mixes sources"):
        attrition(pd.DataFrame(), "unodc_glotip:convictions", "tip_narrative:prosecutions")


def test_attrition_with_lag_and_missing_denominator():
    facts = pd.concat(
        [
            series({2010: 4, 2011: 6, 2012: 9}, indicator="convictions"),
            series({2009: 10, 2010: 12, 2011: 0}, indicator="prosecutions"),
        ]
    )
    same = attrition(facts)
    assert only_row(same, year=2010)["ratio"] == pytest.approx(4 / 12)
    assert only_row(same, year=2011)["note"] == "from zero"
    assert only_row(same, year=2012)["note"] == "no denominator"
    lagged = attrition(facts, lag=1)
    row = only_row(lagged, year=2010)
    assert row["denominator_year"] == 2009 and row["ratio"] == pytest.approx(0.4)
    assert only_row(lagged, year=2012)["note"] == "from zero"


def test_attrition_same_source_prefix_is_accepted(facts):
    peru = facts[facts["iso3"] == "PER"]
    table = attrition(peru, "unodc_glotip:convictions", "unodc_glotip:prosecutions")
    assert set(table["source"]) == {"unodc_glotip"}
    assert only_row(table, scope="all", year=2007)["ratio"] == pytest.approx(123 / 69)


def test_attrition_rejects_negative_lag_and_unknown_indicator():
    with pytest.raises(ValueError, match="lag"):
        attrition(pd.DataFrame(), lag=-1)
    with pytest.raises(ValueError, match="unknown indicator"):
        attrition(pd.DataFrame(), "verdicts")


# --- regional comparison -----------------------------------------------------------------------


def test_regional_comparison_matches_an_independent_median(facts):
    table = regional_comparison(facts, "peru", "convictions/prosecutions")
    ratios = attrition(facts[(facts["source"] == "unodc_glotip") & (facts["scope"] == "all")])
    from analysis.countries import country_table

    americas = set(country_table().query("unodc_region == 'Americas'")["iso3"])
    y2009 = ratios[(ratios["year"] == 2009) & ratios["ratio"].notna()]
    row = only_row(table, year=2009)
    assert row["value"] == pytest.approx(132 / 78)
    in_region = y2009[y2009["iso3"].isin(americas)]["ratio"].astype(float)
    assert row["region_median"] == pytest.approx(in_region.median())
    assert row["region_q1"] == pytest.approx(in_region.quantile(0.25))
    assert row["region_n"] == len(in_region)
    assert row["world_median"] == pytest.approx(y2009["ratio"].astype(float).median())
    assert row["region"] == "Americas"


def test_regional_comparison_tip_regions_and_plain_indicator(facts):
    table = regional_comparison(facts, "Peru", "victims_identified", scheme="tip")
    assert set(table["region"]) == {"Western Hemisphere"}
    assert only_row(table, year=2021)["value"] == 535
    with pytest.raises(ValueError, match="scheme"):
        regional_comparison(facts, "Peru", "convictions", scheme="un")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"value": -50.0}, "column 'value' holds -50.0 for convictions 2011"),
        ({"value": float("inf")}, "column 'value' holds inf"),
        ({"value_high": float("inf")}, "column 'value_high' holds inf"),
    ],
)
def test_ratios_refuse_negative_and_infinite_counts_naming_the_column(change, message):
    """yoy_ratios accepted -50 and inf as values."""
    facts = series({2010: 4, 2011: 8})
    for column, value in change.items():
        facts[column] = facts[column].astype(float)
        facts.loc[facts.index[1], column] = value
    with pytest.raises(ValueError, match=re.escape(message)):
        yoy_ratios(facts)
    with pytest.raises(ValueError, match=re.escape(message)):
        attrition(facts.assign(indicator="convictions"))


def test_wrong_dtypes_and_missing_columns_are_named():
    """Mixed or text values raised pandas' bare errors instead of naming the column."""
    facts = series({2010: 4, 2011: 8})
    with pytest.raises(ValueError, match="column 'value' must be numeric; found dtype object"):
        yoy_ratios(facts.assign(value=pd.Series([4, "eight"], index=facts.index, dtype=object)))
    with pytest.raises(ValueError, match=r"facts frame lacks column\(s\) \['qualifier'\]"):
        yoy_ratios(facts.drop(columns="qualifier"))


def test_the_gap_is_shown_and_max_gap_leaves_longer_comparisons_undefined():
    """Peru's 'latest YoY change' in prosecutions compared 2007 with 2019."""
    facts = series({2006: 7, 2007: 15, 2019: 0})
    table = yoy_ratios(facts)
    assert table["gap"].tolist() == [1, 12] and table["ratio"].notna().all()
    capped = yoy_ratios(facts, max_gap=1)
    assert capped["previous_year"].tolist() == [2006, 2007]  # the previous year present stays visible
    assert capped["ratio"].isna().tolist() == [False, True]
    assert capped["note"].tolist()[1] == "gap of 12 years"
    with pytest.raises(ValueError, match="max_gap must be a whole number of years"):
        yoy_ratios(facts, max_gap=0)

"""analysis.series: choosing an edition, intervals per year, and revisions between editions."""

import pandas as pd
import pytest
from helpers import make_facts

from analysis.series import editions, select_edition, year_values


def _facts():
    return make_facts(
        [
            {"reference_year": 2005, "report_year": 2008, "value": 6178},
            {"reference_year": 2005, "report_year": None, "value": 6618},
            {"reference_year": 2006, "report_year": 2008, "value": 5808},
            {"reference_year": 2016, "report_year": 2017, "value": 14894},
            {"reference_year": 2016, "report_year": 2017, "value": 14897},
            {"reference_year": 2017, "report_year": 2024, "value": 10, "value_high": 20},
            {
                "reference_year": 2018,
                "report_year": 2024,
                "value": 0,
                "value_high": 4,
                "qualifier": "<5 suppressed",
            },
        ],
        source="tip_global",
        iso3="WLD",
        country="World",
    )


def test_select_edition_latest_first_and_given():
    facts = _facts()
    latest = select_edition(facts, "latest")
    assert latest.loc[latest["reference_year"] == 2005, "value"].tolist() == [
        6178
    ]  # NA edition counts as oldest
    first = select_edition(facts, "first")
    assert first.loc[first["reference_year"] == 2005, "value"].tolist() == [6618]
    assert set(select_edition(facts, 2017)["reference_year"]) == {2016}
    with pytest.raises(ValueError, match="'latest', 'first' or a report year"):
        select_edition(facts, "newest")
    with pytest.raises(ValueError):
        select_edition(facts, True)


def test_year_values_are_intervals_with_what_made_them():
    values = year_values(_facts()).set_index("year")
    assert (values.at[2006, "low"], values.at[2006, "high"]) == (5808, 5808) and pd.isna(
        values.at[2006, "note"]
    )
    assert (values.at[2016, "low"], values.at[2016, "high"], values.at[2016, "note"]) == (
        14894,
        14897,
        "several figures",
    )
    assert (values.at[2017, "low"], values.at[2017, "high"], values.at[2017, "note"]) == (10, 20, "range")
    assert (values.at[2018, "low"], values.at[2018, "high"], values.at[2018, "note"]) == (0, 4, "suppressed")


def test_year_values_of_nothing_has_the_columns():
    empty = year_values(_facts().iloc[0:0])
    assert empty.empty and {"year", "low", "high", "note"} <= set(empty.columns)


def test_revisions_are_counted_between_editions_not_within_one():
    table = editions(_facts())
    by_year = {int(y): rows for y, rows in table.groupby("year")}
    assert by_year[2005]["revised"].all() and len(by_year[2005]) == 2  # 2008 edition vs edition not stated
    assert by_year[2005]["report_year"].isna().tolist() == [False, True]  # stated editions first
    assert not by_year[2016]["revised"].any()  # one edition, two figures: not a revision
    assert by_year[2016]["several"].tolist() == [True]
    assert not by_year[2006]["revised"].any() and not by_year[2006]["several"].any()
    assert editions(_facts().iloc[0:0]).empty

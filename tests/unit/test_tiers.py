import pandas as pd

from analysis.tiers import counts_per_year, history, tier_numeric


def _tiers(rows):
    return pd.DataFrame(
        [{"country": "Testland", "iso3": "PER", "report_year": y, "tier": t, "source": "x"} for y, t in rows]
    ).astype({"report_year": "Int64"})


def test_transitions_and_watch_list_streak():
    table = history(
        _tiers([(2010, "2"), (2011, "2.5"), (2012, "2.5"), (2013, "2.5"), (2014, "3"), (2015, "2")])
    )
    assert list(table["transition"]) == [
        "first",
        "downgrade",
        "unchanged",
        "unchanged",
        "downgrade",
        "upgrade",
    ]
    assert list(table["watch_list_years"]) == [0, 1, 2, 3, 0, 0]
    assert list(table["tvpa_rule"].fillna("")) == ["", "", "decision due", "over limit", "", ""]


def test_a_gap_in_years_breaks_the_streak_and_shows_in_previous_year():
    table = history(_tiers([(2016, "2.5"), (2018, "2.5")]))
    assert list(table["previous_year"].astype("object").fillna(0)) == [0, 2016]
    assert list(table["watch_list_years"]) == [1, 1]


def test_special_cases_are_kept_and_not_ranked():
    table = history(_tiers([(2010, "3"), (2011, "special"), (2012, "3")]))
    assert list(table["transition"]) == ["first", "special", "special"]
    assert pd.isna(tier_numeric(pd.Series(["special"])).iloc[0])


def test_history_on_the_panel(tiers):
    thailand = history(tiers, "Thailand").set_index("report_year")
    assert thailand.at[2014, "transition"] == "downgrade" and thailand.at[2014, "tier"] == "3"
    assert thailand.at[2011, "watch_list_years"] == 2


def test_counts_per_year_say_which_years_are_partial(tiers):
    table = counts_per_year(tiers).set_index("report_year")
    assert table.at[2001, "total"] == 80 and table.at[2001, "coverage"] == "complete"
    assert table.at[2016, "coverage"] == "partial"
    assert (table[["1", "2", "2.5", "3", "special"]].sum(axis=1) == table["total"]).all()

"""analysis.report.global_: the global overview's computed sentences, for any year window."""

import pytest

from analysis.report.global_ import GlobalReport, global_table, regional_medians


def test_a_window_starting_after_the_complete_tier_years_still_renders(panel):
    """It took the last complete year up to a literal 2015: IndexError for first_year=2016."""
    section = GlobalReport(first_year=2016, panel=panel).tiers_per_year()
    assert "The report rated 188 countries in 2021;" in section.text
    assert section.figure is not None


def test_a_window_with_no_complete_tier_year_says_only_what_was_found(panel):
    section = GlobalReport(first_year=2016, last_year=2019, panel=panel).tiers_per_year()
    assert "The report rated" not in section.text
    assert "For 2016-2019 only some placements were found" in section.text


def test_the_direction_word_is_computed(panel):
    """It wrote 'rose' whatever the direction: 'rose from 96,960 (2017) to 90,354 (2021)'."""
    text = GlobalReport(first_year=2017, last_year=2021, panel=panel).enforcement().text
    assert "Victims identified fell from 96,960 (2017) to 90,354 (2021)." in text
    text = GlobalReport(panel=panel).enforcement().text
    assert "Victims identified rose from 30,961 (2008) to 133,943 (2023)." in text


def test_revisions_are_counted_between_editions(panel):
    """It compared distinct values: '14,894 (edition 2017) vs 14,897 (edition 2017)' was called a revision."""
    text = GlobalReport(panel=panel).enforcement().text
    assert "prosecutions in 2005: 6,178 (edition 2008) vs 6,618 (edition not stated)" in text
    assert "(edition 2017) vs" not in text
    assert "prosecutions in 2016: 14,894 and 14,897, edition 2017" in text


def test_the_opening_sentence_compares_years_that_report_both_figures(panel):
    """It wrote 'against not reported and 9,071 in 2016' when 2016 had no single prosecutions total."""
    text = GlobalReport(first_year=2016, panel=panel).enforcement().text
    assert "not reported" not in text
    assert "against 17,471 and 7,135 in 2017" in text


def test_global_table_and_regional_medians(panel):
    table = global_table(panel.facts)
    row = table.set_index("year").loc[2007]
    assert row["prosecutions"] == 5682 and row["convictions_per_prosecution"] == pytest.approx(3427 / 5682)
    medians = regional_medians(panel.facts)
    assert {"Africa", "Americas", "Asia", "Europe"} <= set(medians["region"])
    assert (medians["q1"] <= medians["median"]).all() and (medians["median"] <= medians["q3"]).all()


def test_world_figures_from_a_few_countries_are_not_drawn_and_the_text_says_why(panel):
    """'World' follow-through by theme rested on one country's items, the regional criteria gaps
    on two (issue 22, item 3)."""
    from analysis.report.global_ import MIN_WORLD_COUNTRIES, GlobalReport

    sections = {s.key: s for s in GlobalReport(panel=panel).sections()}
    for key in ("criteria_gaps_regions", "followthrough_themes"):
        section = sections[key]
        assert section.figure is None
        assert f"fewer than the {MIN_WORLD_COUNTRIES} a world view needs" in section.text

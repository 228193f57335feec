"""analysis.report.country and analysis.report.section: the country report's sections in-process."""

import dataclasses

import pandas as pd
import pytest

from analysis.report.country import CountryReport
from analysis.report.section import Section, in_window


def test_in_window_keeps_years_inside_the_limits():
    years = pd.Series([2007, 2010, None], dtype="Int64")
    assert in_window(years, 2008, None).tolist() == [False, True, False]
    assert in_window(years, None, 2008).tolist() == [True, False, False]
    assert in_window(years, None, None).tolist() == [True, True, True]


def test_every_section_has_prose_and_a_figure_only_with_data(panel):
    report = CountryReport("Peru", panel=panel)
    sections = report.sections()
    assert [s.key for s in sections] == [
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
    ]
    assert all(isinstance(s, Section) and s.text for s in sections)
    sparse = CountryReport("Eritrea", panel=panel).sections()
    assert {s.key for s in sparse if s.figure is not None} == {"tier_trajectory"}


def test_the_criteria_gap_at_a_glance_skips_years_with_nothing_assessed(panel):
    """at_a_glance took the last criteria row without the filter headline() applies: a later
    report year with every criterion not_reported gave 'a protection gap of undefined'."""
    peru = panel.criteria[panel.criteria["iso3"] == "PER"]
    before = CountryReport("Peru", panel=panel).headline()["protection_gap_criteria_year"]
    extra = peru[peru["report_year"] == before].assign(report_year=2030, status="not_reported")
    extra["report_year"] = extra["report_year"].astype("Int64")
    criteria = pd.concat([panel.criteria, extra], ignore_index=True)
    report = CountryReport("Peru", panel=dataclasses.replace(panel, criteria=criteria))
    assert report.headline()["protection_gap_criteria_year"] == before
    assert (
        f"by criteria ({before} report, " in report.at_a_glance().text
        and "undefined" not in report.at_a_glance().text
    )


def test_a_window_limits_every_table(panel):
    report = CountryReport("Peru", first_year=2010, last_year=2015, panel=panel)
    assert report.facts["reference_year"].between(2010, 2015).all()
    assert report.tiers["report_year"].between(2010, 2015).all()
    with pytest.raises(ValueError, match="after last_year"):
        CountryReport("Peru", first_year=2016, last_year=2010, panel=panel)


def test_a_window_with_no_data_says_so(panel):
    """A report for 1900-1950 said 'no protection criteria assessed yet'."""
    report = CountryReport("Peru", first_year=1900, last_year=1950, panel=panel)
    assert "no tier placement for Peru in 1900–1950" in report.coverage().text
    criteria = report.protection_criteria().text
    assert criteria.startswith(
        "No protection criteria assessed for Peru in 1900–1950; they are assessed for "
    )
    # years where the narratives were coded but said nothing on protection are not "assessed"
    assert "2007-2009" in criteria and "2005" not in criteria
    assert all("in 1900–1950" in s.text for s in report.sections()[1:5])


def test_every_figure_has_a_caption_and_source_data_with_urls(panel):
    from analysis.report.global_ import GlobalReport
    from analysis.report.section import MARK_COLUMNS

    sections = CountryReport("Peru", panel=panel).sections() + GlobalReport(panel=panel).sections()
    for section in (s for s in sections if s.figure is not None):
        assert section.caption and "Source: " in section.caption, section.key
        assert section.caption.split(":")[0] in ("Peru", "World"), section.key
        assert list(section.data.columns[: len(MARK_COLUMNS)]) == MARK_COLUMNS, section.key
        assert len(section.data) > 0 and section.data["source_url"].fillna("").str.startswith("http").all(), (
            section.key
        )
    peru = {s.key: s for s in sections}
    assert "Same-year ratio" in peru["attrition"].caption
    assert "2001-2015 and 2021" in peru["tier_trajectory"].caption
    assert set(peru["enforcement"].data["indicator"]) == {
        "suspects_identified",
        "prosecutions",
        "convictions",
    }


def test_only_adjacent_years_are_called_year_over_year(panel):
    """The Peru report's latest YoY change in prosecutions compared 2007 with 2019 ('x0, fell to none')."""
    report = CountryReport("Peru", panel=panel)
    latest = report.latest_yoy()
    assert (latest["gap"] == 1).all()
    tip = latest[(latest["source"] == "tip_narrative") & (latest["indicator"] == "prosecutions")]
    assert tip[["previous_year", "year"]].values.tolist() == [[2006, 2007]]
    assert "2007→2019" not in report.at_a_glance().text


def test_a_figure_about_part_of_the_cases_never_stands_in_for_a_total(panel):
    """Peru's 2020 report: 'no prosecutions or convictions' covers only suspects from the mining-camp
    operations; it was read as a total (and shown as prosecutions falling to none)."""
    report = CountryReport("Peru", panel=panel)
    tip = report.totals[
        (report.totals["source"] == "tip_narrative")
        & report.totals["indicator"].isin(["prosecutions", "convictions"])
    ]
    assert 2019 not in set(tip["reference_year"])
    subset = report.facts[
        (report.facts["reference_year"] == 2019)
        & (report.facts["breakdown"] == "subset=operation")
        & report.facts["indicator"].isin(["prosecutions", "convictions"])
    ]
    assert set(subset["indicator"]) == {"prosecutions", "convictions"} and (subset["value"] == 0).all()


def test_extracted_figures_are_drawn_apart_and_counted(panel):
    """Figures read by the extractor and not yet reviewed are marked on the figures and counted."""
    facts = panel.facts
    peru = facts[
        (facts["iso3"] == "PER")
        & (facts["source"] == "tip_narrative")
        & (facts["breakdown"] == "total")
        & (facts["scope"] == "all")
    ]
    extra = pd.concat(
        [
            peru[peru["indicator"] == "prosecutions"].head(1),
            peru[peru["indicator"] == "victims_identified"].head(1),
        ]
    ).copy()
    extra["reference_year"] = pd.array([2030, 2030], dtype="Int64")
    extra["report_year"] = pd.array([2031, 2031], dtype="Int64")
    extra["method"] = "rule:test"
    report = CountryReport("Peru", panel=dataclasses.replace(panel, facts=pd.concat([facts, extra])))
    enforcement, counts = report.enforcement(), report.protection_counts()
    legend = [t.get_text() for legend in enforcement.figure.legends for t in legend.get_texts()]
    assert "Extracted by rule, not yet reviewed" in legend
    assert enforcement.data.loc[enforcement.data["year"] == 2030, "extracted"].tolist() == [True]
    assert any("Pale bars: figures extracted by rule" in t.get_text() for t in counts.figure.texts)
    method = report.facts.loc[report.facts["source"] == "tip_narrative", "method"]
    n = int(method.str.startswith("rule:").sum())
    assert f"{n} extracted by rule and not yet reviewed" in report.caveats().text
    plain = CountryReport("Peru", panel=panel).enforcement()
    assert "Extracted by rule, not yet reviewed" not in [
        t.get_text() for lg in plain.figure.legends for t in lg.get_texts()
    ]


def _criteria_rows(year: int, method: str, statuses: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "country": "Ghana",
                "iso3": "GHA",
                "report_year": year,
                "criterion": criterion,
                "status": status,
                "evidence_ref": None if status == "not_reported" else "protection:10-90",
                "source_url": "https://example.org/ghana",
                "method": method,
                "note": None,
            }
            for criterion, status in statuses.items()
        ]
    ).astype({"report_year": "Int64"})


def test_the_protection_paragraph_and_strip_are_computed_and_mark_rule_coded_years(panel):
    first = {
        "identification_procedures": "not_met",
        "referral_mechanism": "not_met",
        "non_penalization": "met",
    }
    last = {"identification_procedures": "met", "referral_mechanism": "partial", "non_penalization": "met"}
    criteria = pd.concat(
        [_criteria_rows(2010, "manual", first), _criteria_rows(2012, "rule:x", last)], ignore_index=True
    )
    report = CountryReport("Ghana", panel=dataclasses.replace(panel, criteria=criteria))
    section = report.protection_criteria()
    # 2010: 2 not met, 1 met of 3 → 0.67; 2012: 1 partial of 3 → 0.17
    assert (
        "The criteria gap fell from 0.67 in the 2010 report (3 of 3 criteria assessed, coded by hand)"
        in section.text
    )
    assert "identification procedures: not met in 2010, met in 2012" in section.text
    assert "referral mechanism: not met in 2010, partial in 2012" in section.text
    assert "non-penalisation" not in section.text  # unchanged
    labels = [t.get_text() for t in section.figure.axes[0].get_xticklabels()]
    assert labels == ["2010", "2012*"]  # coded by rule, not reviewed
    assert "coded by hand (2010) and coded by rule (2012" in section.caption
    gap = report.criteria_gap()
    assert gap.figure is not None and gap.data["value"].round(4).tolist() == [0.6667, 0.1667]


def test_the_headline_criteria_gap_prefers_an_edition_with_firm_evidence(panel):
    from analysis.protection import WEAK_EVIDENCE_ASSESSED, protection_gap_criteria

    report = CountryReport("Peru", panel=panel)
    gaps = protection_gap_criteria(report.criteria)
    firm = gaps[gaps["n_assessed"] > WEAK_EVIDENCE_ASSESSED]
    headline = report.headline()
    assert headline["protection_gap_criteria_year"] == int(firm["report_year"].iloc[-1])
    assert headline["protection_gap_criteria"] == float(firm["gap"].iloc[-1])
    # the latest edition assesses fewer criteria: it is not the headline
    assert int(gaps.loc[gaps["gap"].notna(), "n_assessed"].iloc[-1]) <= WEAK_EVIDENCE_ASSESSED


def test_caveats_call_a_multi_year_change_by_its_span(panel):
    """Peru's caveats called 2013→2017 changes 'year-over-year changes' (issue: like with like)."""
    report = CountryReport("PER", panel=panel)
    lines = [line for s in report.sections() for line in s.text.splitlines() if "flagged for review" in line]
    assert lines and "year-over-year changes are" not in lines[0]
    flagged = report.yoy[report.yoy["flag"] == "check"]
    for row in flagged[flagged["gap"] > 1].sort_values("year").tail(4).itertuples():
        if f"{int(row.previous_year)}→{int(row.year)}" in lines[0]:
            assert f"a {int(row.gap)}-year change" in lines[0]


def test_a_stale_headline_change_is_said_and_drawn_pale_in_one_colour(panel):
    """Peru's headline led with 2006→2007 in a 2025 report without saying the series stops
    there, and rises were green, falls orange (issue 22, item 5)."""
    report = CountryReport("PER", panel=panel)
    latest = report.latest_yoy()
    tip = latest[(latest["source"] == "tip_narrative") & (latest["indicator"] == "prosecutions")].iloc[0]
    assert bool(tip["stale"]) and int(tip["series_end"]) == 2007
    section = next(s for s in report.sections() if s.key == "yoy_headline")
    assert "prosecutions ×2.14 (2006→2007, TIP Report narrative; the series ends in 2007" in section.text
    colours = {tuple(bar.get_facecolor()[:3]) for bar in section.figure.axes[0].patches}
    assert len(colours) == 1  # direction is not coloured
    alphas = sorted({bar.get_alpha() for bar in section.figure.axes[0].patches}, key=lambda a: a or 1)
    assert alphas[0] == 0.35  # stale changes drawn pale


def test_criteria_gap_changes_compare_like_with_like_and_say_how_each_edition_was_coded(panel):
    """'The gap fell from 0.81 (2008, 8 of 9) to 0.38 (2021, 4 of 9)' compared a hand-coded edition
    with a rule-coded one over different criteria; '0.50 in 2007 and 0.50 in 2025' compared two
    different single criteria (issue 22, item 2)."""
    report = CountryReport("PER", panel=panel)
    said = next(s for s in report.sections() if s.key == "criteria_strip").text
    assert "assess no criterion in common, so the gaps are not compared" in said
    assert "(8 of 9 criteria assessed, coded by hand)" in said
    assert "(4 of 9 criteria assessed, coded by rule, not reviewed)" in said
    assert "Over the 4 criteria both assess" in said
    gap = next(s for s in report.sections() if s.key == "criteria_gap")
    methods = dict(zip(gap.data["year"], gap.data["method"], strict=True))
    assert methods[2008] == "coded by hand" and methods[2021] == "coded by rule, not reviewed"
    markers = {
        tuple(c.get_paths()[0].vertices.round(2).flatten()[:4]) for c in gap.figure.axes[0].collections
    }
    assert len(markers) >= 2  # hand-coded and rule-coded editions drawn apart


def test_a_gap_over_the_criteria_two_editions_share():
    import pandas as pd

    from analysis.protection import gap_like_with_like

    rows = [
        (2019, "identification_procedures", "met"),
        (2019, "referral_mechanism", "not_met"),
        (2019, "specialized_services", "not_met"),
        (2021, "identification_procedures", "not_met"),
        (2021, "referral_mechanism", "not_met"),
        (2021, "legal_medical_aid", "met"),
    ]
    criteria = pd.DataFrame(rows, columns=["report_year", "criterion", "status"])
    same = gap_like_with_like(criteria, 2019, 2021)
    assert same["common"] == ["identification_procedures", "referral_mechanism"]
    assert (same["gap_a"], same["gap_b"]) == (0.5, 1.0)


def test_the_attrition_source_line_cites_only_editions_that_supply_a_mark(panel):
    """Peru's attrition caption cited the 2015, 2020 and 2023 editions, which hold other
    countries' figures (issue 22, item 7)."""
    section = CountryReport("PER", panel=panel).attrition()
    assert "US TIP Report narratives (2008 edition)" in section.caption
    assert "2023 editions" not in section.caption

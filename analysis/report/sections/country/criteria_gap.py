"""The country report's ``criteria_gap`` section: the criteria gap over editions, each point with
the number of criteria it rests on and how it was coded.
"""

from __future__ import annotations

from analysis import plots
from analysis.protection import (
    WEAK_EVIDENCE_ASSESSED,
    coding_method,
    protection_gap_criteria,
)
from analysis.report import text
from analysis.report.country import CountryReport
from analysis.report.section import Section, marks


def build(report: CountryReport) -> Section:
    """The criteria gap over report editions, with the criteria assessed under each point."""
    if report.criteria.empty:
        return report.make_section(
            "criteria_gap", f"No protection criteria assessed for {report.name}{report.window}."
        )
    gaps = protection_gap_criteria(report.criteria)
    gaps["method"] = gaps["report_year"].map(coding_method(report.criteria))
    source_line = report.criteria_source(report.rule_coded_years())
    figure = report.draw(
        plots.criteria_gap, gaps, report.figure_title("protection criteria gap"), source_line
    )
    data = marks(
        gaps.rename(columns={"report_year": "year", "gap": "value"})[
            [
                "country",
                "iso3",
                "year",
                "value",
                "n_assessed",
                "n_met",
                "n_partial",
                "n_not_met",
                "method",
                "source_url",
            ]
        ],
        source="tip_narrative",
        indicator="protection_gap_criteria",
        note="value: (not met + 1/2 partial) / assessed criteria; NA when none is assessed",
    )
    text_caption = report.caption_for(
        figure,
        "the protection criteria gap by report edition, with the number of criteria assessed",
        gaps["report_year"],
        source_line,
    )
    defined = gaps[gaps["gap"].notna()]
    weak = int((defined["n_assessed"] <= WEAK_EVIDENCE_ASSESSED).sum())
    weak_said = (
        f"none of the {text.plural(len(defined), 'edition')} with a gap assesses"
        if weak == 0
        else f"{text.count(weak)} of the {text.plural(len(defined), 'edition')} with a gap assess"
    )
    said = (
        "Each point is one report edition; along the bottom, how many of the nine criteria that "
        f"edition assesses: {weak_said} {WEAK_EVIDENCE_ASSESSED} criteria or fewer (hollow points, "
        "weak evidence)."
    )
    return report.make_section("criteria_gap", said, figure, data, text_caption)

"""The country report's ``protection_counts`` section: victims identified, referred and assisted
per year and source.
"""

from __future__ import annotations

from analysis import plots
from analysis.caveats import caveat
from analysis.protection import (
    CORE_VICTIM_COUNTS,
    protection_gap_counts,
)
from analysis.report import text
from analysis.report.country import CountryReport
from analysis.report.section import Section, marks
from analysis.series import year_values


def build(report: CountryReport) -> Section:
    counts = protection_gap_counts(report.facts)
    sentences = []
    if counts.empty:
        sentences.append(
            f"No source reports victims identified, referred or assisted for {report.name}{report.window}."
        )
    else:
        both = counts[counts["assistance_gap"].notna()]
        if not both.empty:
            last = both.sort_values("year").iloc[-1]
            sentences.append(
                f"In {int(last['year'])} the {text.source(last['source'])} counts "
                f"{text.count(last['victims_identified'])} victims identified and "
                f"{text.count(last['victims_assisted'])} assisted: an assistance gap of "
                f"{text.ratio(last['assistance_gap'])}"
                + (
                    " (more assisted than identified: the counts come from different agencies)."
                    if last["assistance_gap"] < 0
                    else "."
                )
            )
        else:
            last = counts[counts["victims_identified"].notna()].sort_values("year")
            if not last.empty:
                row = last.iloc[-1]
                sentences.append(
                    f"Victims identified are reported ({text.count(row['victims_identified'])} "
                    f"in {int(row['year'])}, {text.source(row['source'])}), but no year reports "
                    "how many were assisted, so no count gap can be computed."
                )
        several = counts["note"].fillna("").str.contains("several figures")
        if several.any():
            sentences.append(
                f"In {text.year_ranges(counts.loc[several, 'year'])} the sources give several "
                "competing counts (e.g. police and prosecutors); those years have no gap."
            )
    rows = report.totals[report.totals["indicator"].isin(CORE_VICTIM_COUNTS)]
    figure = (
        report.draw(
            plots.protection_counts,
            year_values(rows),
            report.figure_title("victims identified and assisted"),
            report.source_line(rows),
        )
        if not rows.empty
        else None
    )
    drawn = year_values(rows, urls=True)
    text_caption = report.caption_for(
        figure,
        "victims identified, referred and assisted per reference year, one panel per source",
        drawn["year"],
        report.source_line(rows),
        caveat("several_figures") if (drawn["note"].fillna("").str.contains("several")).any() else None,
    )
    return report.make_section("protection_counts", " ".join(sentences), figure, marks(drawn), text_caption)

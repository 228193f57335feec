"""The country report's ``enforcement`` section: suspects or investigations, prosecutions and
convictions over time, a column per source, labelled with each change.
"""

from __future__ import annotations

from analysis import plots
from analysis.caveats import caveat
from analysis.report import text
from analysis.report.country import ENFORCEMENT, CountryReport
from analysis.report.section import Section, marks
from analysis.series import year_values


def build(report: CountryReport) -> Section:
    rows = report.totals[report.totals["indicator"].isin(ENFORCEMENT)]
    values = year_values(rows)
    yoy = report.yoy[report.yoy["indicator"].isin(ENFORCEMENT)]
    sentences = []
    for src in report.sources:
        these = values[values["source"] == src]
        if these.empty:
            sentences.append(
                f"{text.source(src)} reports no law-enforcement figures for {report.name}{report.window}."
            )
            continue
        latest = (
            yoy[(yoy["source"] == src) & yoy["ratio"].notna()]
            .sort_values("year")
            .groupby("indicator")
            .tail(1)
        )
        if latest.empty:
            years = text.year_ranges(these["year"].dropna())
            sentences.append(
                f"{text.source(src)} reports law-enforcement figures for {years}, too few to compare years."
            )
            continue
        bits = [
            f"{text.indicator(r.indicator)} from {text.count(r.previous_value)} "
            f"({int(r.previous_year)}) to "
            f"{text.count(r.value)} ({int(r.year)}, {text.change_over(r.ratio, r.gap)})"
            for r in latest.itertuples()
        ]
        span = range(int(these["year"].min()), int(these["year"].max()) + 1)
        missing = sorted(set(span) - set(these["year"].dropna().astype(int)))
        gap = f"; no figures for {text.year_ranges(missing)}" if missing else ""
        sentences.append(f"{text.source(src)}: {text.listing(bits[:3])}{gap}.")
    figure = (
        report.draw(
            plots.enforcement_over_time,
            values,
            yoy,
            report.figure_title("law enforcement over time"),
            report.source_line(rows),
        )
        if not values.empty
        else None
    )
    data = marks(year_values(rows, urls=True))
    text_caption = report.caption_for(
        figure,
        "suspects identified, investigations, prosecutions and convictions per reference year, a "
        "column per source (series of very different size on separate axes), labelled with the "
        "change on the previous year reported",
        values["year"],
        report.source_line(rows),
        caveat("suppressed_lt5") if (values["note"] == "suppressed").any() else None,
    )
    return report.make_section("enforcement", " ".join(sentences), figure, data, text_caption)

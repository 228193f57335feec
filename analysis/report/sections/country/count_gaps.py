"""The country report's ``count_gaps`` section: the assistance and referral gaps (1 − assisted or
referred / identified) per year.
"""

from __future__ import annotations

from analysis import plots
from analysis.protection import (
    CORE_VICTIM_COUNTS,
    protection_gap_counts,
)
from analysis.report import text
from analysis.report.country import CountryReport, gap_text
from analysis.report.section import Section, marks


def build(report: CountryReport) -> Section:
    """Assistance and referral gaps over reference years, per source."""
    counts = protection_gap_counts(report.facts)
    defined = (
        counts[counts[["assistance_gap", "referral_gap", "assistance_gap_low"]].notna().any(axis=1)]
        if not counts.empty
        else counts
    )
    if defined.empty:
        return report.make_section(
            "count_gaps",
            f"No year{report.window} reports both victims identified and victims assisted or referred for "
            f"{report.name}, so no count gap can be computed.",
        )
    rows = report.totals[
        report.totals["indicator"].isin(CORE_VICTIM_COUNTS)
        & report.totals["source"].isin(defined["source"])
        & report.totals["reference_year"].isin(defined["year"])
    ]
    source_line = report.source_line(rows)
    figure = report.draw(
        plots.count_gaps, counts, report.figure_title("protection gaps by count"), source_line
    )
    sentences = []
    for kind, word in (("assistance_gap", "assistance"), ("referral_gap", "referral")):
        present = defined[defined[kind].notna()].sort_values("year")
        if present.empty:
            continue
        years = text.year_ranges(present["year"])
        last = present.iloc[-1]
        sentence = (
            f"The {word} gap can be computed for {years}; the latest is {gap_text(last[kind])} in "
            f"{int(last['year'])} ({text.source(last['source'])})"
        )
        negative = present[present[kind] < 0]
        if not negative.empty:
            sentence += (
                f"; below 0 in {text.year_ranges(negative['year'])}: more "
                f"{'assisted' if word == 'assistance' else 'referred'} than identified, counts from "
                "different agencies or periods (kept, not clipped)"
            )
        sentences.append(sentence + ".")
    urls = (
        rows.dropna(subset=["source_url"])
        .groupby(["source", "reference_year"])["source_url"]
        .agg(lambda u: " ; ".join(sorted(set(u))))
        .rename_axis(["source", "year"])
        .reset_index()
    )
    table = defined.merge(urls.astype({"year": "Int64"}), on=["source", "year"], how="left")
    data = marks(
        table.rename(columns={"assistance_gap": "value"})[
            [
                "country",
                "iso3",
                "source",
                "year",
                "value",
                "assistance_gap_low",
                "assistance_gap_high",
                "referral_gap",
                "note",
                "source_url",
            ]
        ],
        indicator="assistance_gap",
    )
    text_caption = report.caption_for(
        figure,
        "assistance and referral gaps (1 − assisted or referred / identified) per reference year",
        defined["year"],
        source_line,
    )
    return report.make_section("count_gaps", " ".join(sentences), figure, data, text_caption)

"""The country report's ``at_a_glance`` section: the latest tier, the latest year-over-year changes
per source and the headline measures, with their figure.
"""

from __future__ import annotations

from analysis import plots
from analysis.report import text
from analysis.report.country import HEADLINE, STALE_YEARS, CountryReport, stale_phrase
from analysis.report.section import Section, marks


def build(report: CountryReport) -> Section:
    sentences = []
    if not report.history.empty:
        last = report.history.iloc[-1]
        sentences.append(
            f"{report.name} is placed on **{text.tier(last['tier'])}** in the "
            f"{int(last['report_year'])} TIP Report (latest placement found)."
        )
    else:
        sentences.append(f"No tier placement was found for {report.name}{report.window}.")
    latest = report.latest_yoy()
    sentences.append(_changes_sentence(latest))
    headline = _headline_sentence(report)
    if headline:
        sentences.append(headline)
    source_line = report.source_line(report.facts[report.facts["indicator"].isin(HEADLINE)])
    figure = (
        report.draw(
            plots.yoy_headline, latest, report.figure_title("latest year-over-year changes"), source_line
        )
        if not latest.empty
        else None
    )
    data = marks(
        latest[
            [
                "source",
                "indicator",
                "year",
                "previous_year",
                "ratio",
                "previous_value",
                "value",
                "stale",
                "series_end",
            ]
        ].rename(columns={"value": "value_this_year", "ratio": "value"}),
        country=report.name,
        iso3=report.iso3,
        note="ratio value[year] / value[previous_year]",
    )
    data["source_url"] = [
        report.source_urls(r.source, [r.indicator], [r.year, r.previous_year]) for r in data.itertuples()
    ]
    text_caption = report.caption_for(
        figure,
        "latest year-over-year change per indicator and source, on a log scale; pale bars: a change "
        f"{STALE_YEARS} or more years before the report's newest headline figure (one colour: a rise is "
        "not read as good, nor a fall as bad)",
        list(latest["year"]) + list(latest["previous_year"]),
        source_line,
    )
    return report.make_section("yoy_headline", " ".join(sentences), figure, data, text_caption)


def _changes_sentence(latest) -> str:
    """The three latest year-over-year changes (stale ones said so), or why there are none."""
    if not latest.empty:
        bits = [
            f"{text.indicator(r.indicator)} {text.times(r.ratio)} ({int(r.previous_year)}→{int(r.year)}, "
            f"{text.source(r.source)}"
            + (
                f"; {stale_phrase(r.year, r.series_end)}, {int(r.newest - r.year)} years before the "
                f"report's newest headline figure, of {int(r.newest)}"
                if r.stale
                else ""
            )
            + ")"
            for r in latest.head(3).itertuples()
        ]
        return f"Latest year-over-year changes: {text.listing(bits)}."
    return "No year-over-year change can be computed: no series has two reported years."


def _headline_sentence(report: CountryReport) -> str | None:
    """Latest convictions per prosecution per source and the latest criteria gap; None if neither."""
    conv = report.conviction_ratios()
    conv = conv[conv["ratio"].notna()].sort_values("year")
    gap_bits = []
    if not conv.empty:
        bits = [
            f"{text.ratio(rows['ratio'].iloc[-1])} in {int(rows['year'].iloc[-1])} ({text.source(src)})"
            for src, rows in conv.groupby("source")
        ]
        gap_bits.append(f"convictions per prosecution {text.listing(bits)}")
    last = report.latest_criteria_gap()
    if last is not None:
        gap_bits.append(
            f"a protection gap of {text.ratio(last['gap'])} by criteria "
            f"({int(last['report_year'])} report, {text.count(last['n_assessed'])} of "
            f"{text.count(last['n_criteria'])} criteria assessed)"
        )
    return f"Headline measures: {text.listing(gap_bits)}." if gap_bits else None

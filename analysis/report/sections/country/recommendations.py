"""The country report's ``recommendations`` section: last edition's recommendations and what the
next edition reports on each, per pair of editions.
"""

from __future__ import annotations

from analysis import plots
from analysis.report import text
from analysis.report.country import CountryReport
from analysis.report.section import Section, marks, web_urls
from analysis.schema import FOLLOWTHROUGH_STATUSES
from analysis.uptake import uptake_by_pair, uptake_by_theme


def build(report: CountryReport) -> Section:
    """Last year's recommendations: per edition pair, items by status; the themes left unacted."""
    table = report.followthrough
    if table.empty:
        return report.make_section(
            "followthrough",
            f"No pair of consecutive {report.name} narratives with recommendations{report.window}: ingest "
            "consecutive editions (python -m analysis ingest) to see what was done about them.",
        )
    pairs = uptake_by_pair(table)
    years = text.year_ranges(pairs["year_from"])
    source_line = (
        f"Source: US TIP Report narratives (recommendations of {years} and the next editions), coded by rule"
    )
    figure = report.draw(
        plots.followthrough_bars, pairs, report.figure_title("last year's recommendations"), source_line
    )
    total = pairs[list(FOLLOWTHROUGH_STATUSES)].sum()
    sentences = [
        f"Across {text.plural(len(pairs), 'pair')} of consecutive editions ({years} → next), the "
        f"narratives make {text.plural(int(total.sum()), 'recommendation item')}; the next edition "
        f"reports {text.count(total['acted'])} acted on, {text.count(total['partial'])} partly, "
        f"{text.count(total['not_acted'])} not acted on, and says nothing on "
        f"{text.count(total['unclear'])}."
    ]
    themes = uptake_by_theme(table)
    unacted = themes[themes["not_acted"] > 0].head(3)
    if not unacted.empty:
        bits = [
            f"{r.theme} ({text.count(r.not_acted)} of {text.count(r.items - r.unclear)} reported on)"
            for r in unacted.itertuples()
        ]
        sentences.append(f"The themes most often left unacted: {text.listing(bits)}.")
    table = table.assign(source_url=web_urls(table, report.panel.facts))
    data = marks(
        table.rename(columns={"year_from": "year", "status": "value"})[
            [
                "country",
                "iso3",
                "year",
                "year_to",
                "item_no",
                "theme",
                "value",
                "start",
                "end",
                "evidence_start",
                "evidence_end",
                "method",
                "source_url",
            ]
        ],
        source="tip_narrative",
        indicator="recommendation_followthrough",
        note="value: acted, partial, not_acted or unclear; start/end: the item in the year's narrative",
    )
    text_caption = report.caption_for(
        figure,
        "last year's recommendations: items acted on, partly, not, or unclear",
        pairs["year_from"],
        source_line,
    )
    return report.make_section("followthrough", " ".join(sentences), figure, data, text_caption)

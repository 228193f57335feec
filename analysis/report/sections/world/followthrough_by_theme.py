"""The global overview's ``followthrough_by_theme`` section: recommendation items by theme and by
what the next edition reports (drawn over enough countries only).
"""

from __future__ import annotations

import pandas as pd

from analysis import plots
from analysis.report import text
from analysis.report.global_ import GlobalReport, distinct_methods, enough_countries, too_few
from analysis.report.section import Section, caption, in_window, marks, web_urls, years_label
from analysis.uptake import uptake_by_theme


def build(report: GlobalReport) -> Section:
    """Recommendation follow-through by theme, across countries with consecutive narratives."""
    ft = report.panel.followthrough
    table = ft[
        in_window(ft["year_from"], report.first_year, report.last_year)
        & in_window(ft["year_to"], report.first_year, report.last_year)
    ]
    if table.empty:
        return report.make_section(
            "followthrough_themes",
            "No country has consecutive narratives with recommendations in these years.",
        )
    themes = uptake_by_theme(table)
    countries = table["country"].nunique()
    years = years_label(table["year_from"])
    source_line = (
        f"Source: US TIP Report narratives ({text.plural(countries, 'country', 'countries')}, "
        f"recommendations of {years} and the next editions), coded by rule"
    )
    enough = enough_countries(countries)
    figure = (
        report.draw(
            plots.followthrough_by_theme,
            themes,
            f"World ({text.plural(countries, 'country', 'countries')}): last year's recommendations by theme",
            source_line,
        )
        if enough
        else None
    )
    reported = themes[themes["share_not_acted"].notna()]
    sentences = [
        f"{text.plural(len(table), 'recommendation item')} from "
        f"{text.plural(countries, 'country', 'countries')} with consecutive narratives in this package."
    ]
    if not reported.empty:
        top = reported.iloc[0]
        sentences.append(
            f"Most often left unacted: {top['theme']} ({text.count(top['not_acted'])} of "
            f"{text.count(top['items'] - top['unclear'])} items the next edition reports on)."
        )
    if not enough:
        sentences.append(too_few(countries, "follow-through by theme"))
    data = marks(
        themes.rename(columns={"theme": "indicator", "share_not_acted": "value"}),
        source="tip_narrative",
        note="value: not acted / (items - unclear); counts per status",
    )

    def urls(rows: pd.Series) -> str:  # web addresses first; a file origin only when there is none
        found = sorted(rows.dropna().unique())
        web = [u for u in found if u.startswith("http")]
        return " ; ".join(web or found)

    table = table.assign(source_url=web_urls(table, report.panel.facts))
    data["source_url"] = data["indicator"].map(table.groupby("theme")["source_url"].agg(urls))
    data["method"] = data["indicator"].map(table.groupby("theme")["method"].agg(distinct_methods))
    text_caption = caption("World: recommendation items by theme and follow-through", years, source_line)
    return report.make_section("followthrough_themes", " ".join(sentences), figure, data, text_caption)

"""The global overview's ``enforcement`` section: prosecutions, convictions and victims identified
worldwide from the TIP Report's global table, with the labour-trafficking subsets and the
editions' revisions.
"""

from __future__ import annotations

import pandas as pd

from analysis import plots
from analysis.report import text
from analysis.report.global_ import GlobalReport
from analysis.report.section import Section, caption, marks, years_label
from analysis.series import editions, year_values


def build(report: GlobalReport) -> Section:
    table = report.table
    sentences = []
    both = table[table["prosecutions"].notna() & table["convictions"].notna()]
    if table.empty:
        return report.make_section(
            "global_enforcement", "The TIP global table has no figures for these years."
        )
    if not both.empty:
        first, last = both.iloc[0], both.iloc[-1]
        sentence = (
            f"Governments reported {text.count(last['prosecutions'])} prosecutions and "
            f"{text.count(last['convictions'])} convictions worldwide in {int(last['year'])}"
        )
        if first["year"] != last["year"]:
            sentence += (
                f", against {text.count(first['prosecutions'])} and {text.count(first['convictions'])} "
                f"in {int(first['year'])}"
            )
        sentences.append(sentence + ".")
    victims = table[table["victims_identified"].notna()]
    if len(victims) > 1:
        v0, v1 = victims.iloc[0], victims.iloc[-1]
        sentences.append(
            f"Victims identified {text.change(v0['victims_identified'], v1['victims_identified'])} from "
            f"{text.count(v0['victims_identified'])} ({int(v0['year'])}) to "
            f"{text.count(v1['victims_identified'])} ({int(v1['year'])})."
        )
    sentences.extend(
        _edition_notes(
            report,
        )
    )
    world = report.world()
    values = year_values(world)
    values = values[values["low"] == values["high"]].rename(columns={"low": "value"})
    source_line = plots.source_line(world)
    figure = report.draw(
        plots.global_enforcement,
        values,
        report.figure_title("law enforcement reported to the TIP Report"),
        source_line,
    )
    drawn = year_values(world, urls=True)
    drawn = drawn[drawn["low"] == drawn["high"]]
    text_caption = caption(
        "World: prosecutions, convictions and victims identified reported to the TIP "
        "Report, with their labour-trafficking subsets",
        years_label(drawn["year"]),
        source_line,
    )
    return report.make_section("global_enforcement", " ".join(sentences), figure, marks(drawn), text_caption)


def _edition_notes(report, examples: int = 2) -> list[str]:
    """Sentences on revisions between editions and on competing figures within one edition
    (world prosecutions, all forms)."""
    world = report.world()
    table = editions(world[(world["indicator"] == "prosecutions") & (world["scope"] == "all")])

    def edition(year) -> str:
        return f"edition {int(year)}" if pd.notna(year) else "edition not stated"

    notes = []
    revised = table[table["revised"]]
    bits = []
    for year, rows in list(revised.groupby("year", sort=True))[:examples]:
        shown = [
            f"{text.listing([text.count(v) for v in r.values], 'or')} ({edition(r.report_year)})"
            for r in rows.itertuples()
        ]
        bits.append(f"prosecutions in {int(year)}: {text.listing(shown, 'vs')}")
    if bits:
        notes.append(f"Editions revise earlier years ({'; '.join(bits)}); the latest edition is used.")
    several = table[table["several"]]
    bits = [
        f"prosecutions in {int(r.year)}: {text.listing([text.count(v) for v in r.values])}, "
        f"{edition(r.report_year)}"
        for r in several.head(examples).itertuples()
    ]
    if bits:
        notes.append(
            f"One edition is transcribed with two figures for the same year ({'; '.join(bits)}); "
            "such a year has no single total and is left out of the ratios."
        )
    return notes

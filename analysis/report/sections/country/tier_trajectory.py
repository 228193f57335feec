"""The country report's ``tier_trajectory`` section: tier placements by edition with the Cho-
Dreher-Neumayer 3P scores.
"""

from __future__ import annotations

import pandas as pd

from analysis import plots
from analysis.caveats import caveat
from analysis.report import text
from analysis.report.country import CountryReport
from analysis.report.section import Section, marks
from analysis.sources import complete_tier_years, tier_source_label


def build(report: CountryReport) -> Section:
    hist = report.history
    sources = sorted(set(report.tiers["source"])) if not report.tiers.empty else []
    names = [tier_source_label(s) for s in sources]
    line = (
        "Source: tier placements from "
        + (", ".join(names) if names else "no source")
        + "; Cho, Dreher & Neumayer 3P index via Kelley (2017)"
    )
    figure = (
        report.draw(
            plots.tier_trajectory,
            hist,
            report.cho,
            set(complete_tier_years()),
            report.figure_title("tier trajectory"),
            line,
        )
        if not (hist.empty and report.cho.empty)
        else None
    )
    text_caption = report.caption_for(
        figure,
        "tier placement by TIP Report edition (hollow where the year's "
        "coverage is partial) and the Cho-Dreher-Neumayer 3P scores",
        list(hist["report_year"]) + list(report.cho["year"]),
        line,
        caveat("partial_tier_years", complete=text.year_ranges(complete_tier_years())),
    )
    return report.make_section(
        "tier_trajectory", " ".join(_sentences(report)), figure, _data(report), text_caption
    )


def _sentences(report: CountryReport) -> list[str]:
    """First and last placement, moves, longest Watch List run, gaps in coverage, latest 3P score."""
    hist = report.history
    sentences = []
    if hist.empty:
        sentences.append(f"No tier placement was found for {report.name}{report.window}.")
    else:
        moves = hist["transition"].value_counts()
        streak = int(hist["watch_list_years"].max())
        first, last = hist.iloc[0], hist.iloc[-1]
        sentences.append(
            f"From {int(first['report_year'])} ({text.tier(first['tier'])}) to "
            f"{int(last['report_year'])} "
            f"({text.tier(last['tier'])}), placements found show "
            f"{text.plural(moves.get('upgrade', 0), 'upgrade')} "
            f"and {text.plural(moves.get('downgrade', 0), 'downgrade')}"
            + (f"; the longest Watch List run is {text.plural(streak, 'consecutive year')}" if streak else "")
            + "."
        )
        complete = complete_tier_years()
        partial = sorted(set(hist["report_year"].astype(int)) - set(complete))
        covered = set(hist["report_year"].astype(int))
        missing = [
            y for y in range(int(first["report_year"]), int(last["report_year"]) + 1) if y not in covered
        ]
        if missing:
            sentences.append(
                f"No placement was found for {text.year_ranges(missing)}: tier coverage is "
                f"complete only for {text.year_ranges(complete)}."
            )
        elif partial:
            sentences.append(f"Placements for {text.year_ranges(partial)} come from partial sources.")
    if not report.cho.empty:
        last = report.cho.sort_values("year").iloc[-1]
        sentences.append(
            f"The Cho-Dreher-Neumayer 3P index scores {report.name} {text.count(last['total'])} of 15 "
            f"for {int(last['year'])} (prosecution {text.count(last['prosecution'])}, protection "
            f"{text.count(last['protection'])}, prevention {text.count(last['prevention'])})."
        )
    return sentences


def _data(report: CountryReport) -> pd.DataFrame:
    """The figure's source data: tier placements and 3P scores, one mark per row."""
    hist = report.history
    urls = report.tiers.set_index("report_year")["source_url"] if not report.tiers.empty else pd.Series()
    tiers = marks(
        hist[["report_year", "tier", "source"]].rename(columns={"report_year": "year", "tier": "value"}),
        country=report.name,
        iso3=report.iso3,
        indicator="tier",
        note="value: 1, 2, 2.5 = Tier 2 Watch List, 3, special",
    )
    tiers["source_url"] = tiers["year"].map(urls)
    scores = (
        report.cho.melt(
            id_vars=["year", "source", "source_url"],
            value_vars=["prosecution", "protection", "prevention"],
            var_name="indicator",
            value_name="value",
        )
        if not report.cho.empty
        else pd.DataFrame()
    )
    return pd.concat(
        [tiers, marks(scores, country=report.name, iso3=report.iso3, note="3P score, 1-5")]
        if not scores.empty
        else [tiers],
        ignore_index=True,
    )

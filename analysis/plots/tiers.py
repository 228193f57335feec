"""The country report's tier figure: placements by edition with the 3P scores.

Plot functions take DataFrames and return a :class:`matplotlib.figure.Figure`; they never
read files and never touch pyplot's global state.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.plots.theme import (
    OKABE_ITO,
    TIER_AXIS_LABELS,
    TIER_COLORS,
    TIER_LABELS,
    TIER_POSITIONS,
    break_gaps,
    empty_note,
    finish,
    legend_entries,
    lw,
    narrow,
    new_figure,
    use_theme,
    year_axis,
    year_span,
)
from analysis.sources import coverage_years


def tier_trajectory(
    history: pd.DataFrame, cho: pd.DataFrame, complete_years: set[int], title: str, source: str
) -> Figure:
    """Tier by report year (top) with the Cho–Dreher–Neumayer 3P scores (bottom).

    Args:
        history: :func:`analysis.tiers.history` rows of one country.
        cho: 3P rows of the country (``year, prosecution, protection, prevention``).
        complete_years: report years whose tier coverage is complete (filled markers);
            others are drawn hollow (placement found in a partial source).
    """
    with use_theme():
        tight = narrow()  # legends go under the title, panel titles on two lines
        fig, axes = new_figure(2, 1, height=5.6 if tight else 5.0, sharex=True, height_ratios=[1.3, 1])
        top, bottom = axes[0, 0], axes[1, 0]
        years = list(history["report_year"].dropna().astype(int)) + list(cho["year"].dropna().astype(int))
        if history.empty:
            empty_note(top, "No tier placement found for this country.")
        else:
            rows = history.sort_values("report_year")
            y = rows["tier"].map(TIER_POSITIONS).astype(float)
            xs, ys = break_gaps(rows["report_year"], y)
            top.plot(xs, ys, color="#777777", lw=lw(1), drawstyle="steps-mid", zorder=1)
            for tier, color in TIER_COLORS.items():
                sel = rows["tier"] == tier
                if not sel.any():
                    continue
                full = sel & rows["report_year"].isin(complete_years)
                part = sel & ~rows["report_year"].isin(complete_years)
                top.scatter(
                    rows.loc[full, "report_year"],
                    y[full],
                    color=color,
                    s=40,
                    zorder=3,
                    label=TIER_LABELS[tier],
                )
                top.scatter(
                    rows.loc[part, "report_year"],
                    y[part],
                    facecolor="white",
                    edgecolor=color,
                    lw=lw(1.4),
                    s=40,
                    zorder=3,
                    label=None if full.any() else TIER_LABELS[tier],
                )
            top.set_yticks(list(TIER_POSITIONS.values()))
            top.set_yticklabels(list(TIER_AXIS_LABELS.values()))
            top.set_ylim(3.9, 0.7)
            top.set_ylabel("Tier placement")
            if not tight:
                top.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        top.set_title(
            "Tier by TIP Report edition" + ("\n" if tight else " ") + "(hollow: year with partial coverage)"
        )
        if cho.empty:
            scored = year_span(sorted(coverage_years("cho_3p", "score_years")))
            empty_note(bottom, f"No Cho-Dreher-Neumayer 3P scores for this country (index covers {scored}).")
        else:
            rows = cho.sort_values("year")
            for column, color in (
                ("prosecution", OKABE_ITO["orange"]),
                ("protection", OKABE_ITO["purple"]),
                ("prevention", OKABE_ITO["green"]),
            ):
                xs, ys = break_gaps(rows["year"], rows[column].astype(float))
                bottom.plot(xs, ys, color=color, marker="o", ms=lw(3), label=column.capitalize())
            bottom.set_ylim(0.5, 5.5)
            bottom.set_yticks([1, 2, 3, 4, 5])
            bottom.set_ylabel("3P score (1 = worst, 5 = best)")
            if not tight:
                bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
            bottom.set_title("Cho-Dreher-Neumayer 3P index" + ("\n" if tight else " ") + "(assessment year)")
        bottom.set_xlabel("Year")
        year_axis(bottom, years)
        if tight:
            return finish(fig, title, source, legend=legend_entries([top, bottom]), legend_cols=4)
        return finish(fig, title, source)

"""Figures of the country comparison (``notebooks/compare_countries.ipynb``).

Every function takes tidy frames computed by :mod:`analysis.report.compare` and returns a
finished figure (title, legend, source line) in the one theme. Countries are told apart by
colour *and* marker, so a figure printed in grey still reads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.plots.labels import place_apart
from analysis.plots.theme import (
    GREY,
    OKABE_ITO,
    TIER_COLORS,
    TIER_LABELS,
    break_gaps,
    empty_note,
    finish,
    fs,
    legend_entries,
    lw,
    new_figure,
    use_theme,
    year_axis,
)

#: one colour and one marker per compared country, in the order the countries were given
#: (Okabe-Ito without yellow, which does not show on white)
COUNTRY_COLORS = [OKABE_ITO[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "black")]
COUNTRY_MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
#: most countries a line figure tells apart (one colour and marker each)
MAX_LINES = len(COUNTRY_COLORS)


def conversion_lines(ratios: pd.DataFrame, countries: list[str], title: str, source: str) -> Figure:
    """Convictions per prosecution by year, one line per country.

    Args:
        ratios: ``country, year, ratio`` (unitless, same-year; NA years are gaps in the line).
        countries: the countries in legend order (at most :data:`MAX_LINES`); one without a
            ratio is named in the legend as "no ratio".
    """
    if len(countries) > MAX_LINES:
        raise ValueError(f"{len(countries)} countries: a line figure tells apart at most {MAX_LINES}")
    with use_theme():
        fig, axes = new_figure(height=3.6)
        ax = axes[0, 0]
        drawn = ratios[ratios["ratio"].notna()]
        if drawn.empty:
            empty_note(ax, "No country compared has a year with both convictions and prosecutions.")
            return finish(fig, title, source)
        ends, points = [], []
        for i, country in enumerate(countries):
            rows = drawn[drawn["country"] == country].sort_values("year")
            label = country if not rows.empty else f"{country} (no ratio)"
            if rows.empty:
                ax.plot([], [], color=COUNTRY_COLORS[i], marker=COUNTRY_MARKERS[i], label=label)
                continue
            xs, ys = break_gaps(rows["year"].astype(int), rows["ratio"].astype(float))
            ax.plot(xs, ys, color=COUNTRY_COLORS[i], lw=lw(1.4), marker=COUNTRY_MARKERS[i], ms=4, label=label)
            points += [(ax, x, y) for x, y in zip(xs, ys, strict=True) if not np.isnan(y)]
            last = rows.iloc[-1]
            ends.append(
                ax.annotate(
                    f"{last['ratio']:.2f}",
                    (float(last["year"]), float(last["ratio"])),
                    xytext=(5, 3),
                    textcoords="offset points",
                    fontsize=fs(7),
                    color=COUNTRY_COLORS[i],
                )
            )
        ax.axhline(1.0, color=GREY, lw=lw(0.8), ls="--", zorder=0)
        ax.set_ylim(bottom=0, top=max(1.1, float(drawn["ratio"].max()) * 1.15))
        ax.set_ylabel("Convictions per prosecution\n(same year, persons)")
        ax.set_xlabel("Year of the statistics")
        year_axis(ax, drawn["year"])
        ax.set_xlim(right=ax.get_xlim()[1] + 0.9)  # room for the last value's label
        place_apart(fig, ends, points)
        note = "Dashed line: as many convictions as prosecutions (cohorts differ; not a conviction rate)."
        return finish(fig, title, source, note=note, legend=legend_entries([ax]))


def latest_dots(latest: pd.DataFrame, title: str, source: str, xlabel: str) -> Figure:
    """The latest value of each country as a dot on one row, countries sorted by value, the year
    of each value written beside it (so a stale value is seen as one).

    Args:
        latest: ``country, value, year``; rows with an NA value (a count missing for every
            year) are listed at the bottom as "no ratio".
    """
    with use_theme():
        # bottom to top: countries without a value (so they read alphabetically from the top),
        # then the others by value, the highest at the top
        missing = latest[latest["value"].isna()].sort_values("country", ascending=False)
        rows = pd.concat([missing, latest[latest["value"].notna()].sort_values(["value", "country"])])
        fig, axes = new_figure(height=1.3 + 0.19 * max(len(rows), 3))
        ax = axes[0, 0]
        if rows.empty:
            empty_note(ax, "No country to show.")
            return finish(fig, title, source)
        positions = np.arange(len(rows))
        values = rows["value"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        known = ~np.isnan(values)
        ax.scatter(values[known], positions[known], color=OKABE_ITO["blue"], s=22, zorder=3)
        top = np.nanmax(values) if known.any() else 1.0
        for y, (value, year) in enumerate(zip(values, rows["year"], strict=True)):
            note = f"{value:.2f} ({int(year)})" if not np.isnan(value) else "no ratio"
            x = value if not np.isnan(value) else 0
            ax.annotate(
                note, (x, y), xytext=(5, 0), textcoords="offset points", va="center", fontsize=fs(6.5)
            )
        ax.set_yticks(positions)
        ax.set_yticklabels(rows["country"])
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_xlim(0, max(1.0, top) * 1.3)
        ax.set_xlabel(xlabel)
        ax.grid(axis="y", visible=False)
        note = (
            "no ratio: no year with both convictions and prosecutions reported." if (~known).any() else None
        )
        return finish(fig, title, source, note=note)


def tier_grid(tiers: pd.DataFrame, countries: list[str], title: str, source: str) -> Figure:
    """Tier placements as a grid: one row per country (in the order given), one column per report
    edition, each cell coloured by tier; an edition without a placement is left blank.

    Args:
        tiers: ``country, report_year, tier`` (tier codes of ``tier_levels.csv``).
    """
    with use_theme():
        fig, axes = new_figure(height=1.5 + 0.24 * max(len(countries), 2))
        ax = axes[0, 0]
        if tiers.empty:
            empty_note(ax, "No tier placement for these countries.")
            return finish(fig, title, source)
        years = list(range(int(tiers["report_year"].min()), int(tiers["report_year"].max()) + 1))
        row_of = {country: i for i, country in enumerate(countries)}
        for tier, colour in TIER_COLORS.items():
            cells = tiers[tiers["tier"] == tier]
            if cells.empty:
                continue
            ax.bar(
                cells["report_year"].astype(int),
                0.8,
                bottom=cells["country"].map(row_of) - 0.4,
                width=0.9,
                color=colour,
                edgecolor="white",
                linewidth=lw(0.3),
            )
        ax.set_yticks(range(len(countries)))
        ax.set_yticklabels(countries)
        ax.set_ylim(len(countries) - 0.5, -0.5)
        ax.set_xlabel("TIP Report edition")
        year_axis(ax, years)
        ax.grid(visible=False)
        present = [t for t in TIER_COLORS if (tiers["tier"] == t).any()]
        legend = ([Patch(color=TIER_COLORS[t]) for t in present], [TIER_LABELS[t] for t in present])
        return finish(
            fig, title, source, note="Blank: no placement in the data for that edition.", legend=legend
        )

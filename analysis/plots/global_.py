"""Figures of the global overview: the TIP global table, tiers per year, regional medians.

Like the country figures (:mod:`analysis.plots.enforcement`, …): DataFrames in, a
:class:`matplotlib.figure.Figure` out.
"""

from __future__ import annotations

import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.caveats import caveat
from analysis.plots.theme import (
    GREY,
    INDICATOR_COLORS,
    INDICATOR_LABELS,
    OKABE_ITO,
    TIER_COLORS,
    TIER_LABELS,
    break_gaps,
    empty_note,
    finish,
    followthrough_stack,
    fs,
    legend_entries,
    lw,
    new_figure,
    panels,
    use_theme,
    year_axis,
)
from analysis.protection import WEAK_EVIDENCE_ASSESSED


def global_enforcement(world: pd.DataFrame, title: str, source: str) -> Figure:
    """TIP global totals by data year: prosecutions and convictions (left), victims (right).

    Args:
        world: ``indicator, scope, year, value`` of the World aggregate (one edition chosen).
    """
    with use_theme():
        fig, axes, stacked = panels(2, height=4.0)
        for ax, indicators, ylabel in (
            (axes[0], ("prosecutions", "convictions"), "Cases or persons (as reported)"),
            (axes[1], ("victims_identified",), "Victims identified (persons)"),
        ):
            for indicator in indicators:
                for scope, style, suffix in (("all", "-", ""), ("labor", "--", " (labour)")):
                    rows = world[(world["indicator"] == indicator) & (world["scope"] == scope)].sort_values(
                        "year"
                    )
                    if rows.empty:
                        continue
                    xs, ys = break_gaps(rows["year"], rows["value"].astype(float))
                    ax.plot(
                        xs,
                        ys,
                        ls=style,
                        color=INDICATOR_COLORS[indicator],
                        marker="o" if scope == "all" else None,
                        ms=lw(3),
                        label=INDICATOR_LABELS[indicator] + suffix,
                    )
            ax.set_xlabel("Data year")
            ax.set_ylabel(ylabel)
            ax.set_ylim(bottom=0)
            ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
            year_axis(ax, world["year"])
        axes[0].set_title("Prosecutions and convictions")
        axes[1].set_title("Victims identified")
        if stacked:
            axes[0].set_xlabel("")
        return finish(
            fig,
            title,
            source,
            "Dashed: the labour-trafficking subset the reports give in parentheses.",
            legend=legend_entries(axes),
        )


def global_ratios(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Convictions per prosecution (left) and labour-trafficking shares (right) by data year.

    Args:
        table: ``year, convictions_per_prosecution, labor_share_prosecutions,
            labor_share_convictions, labor_share_victims`` (shares in percent).
    """
    with use_theme():
        fig, (left, right), stacked = panels(2, height=3.8)
        rows = table.sort_values("year")
        xs, ys = break_gaps(rows["year"], rows["convictions_per_prosecution"].astype(float))
        left.plot(xs, ys, color=OKABE_ITO["green"], marker="o", ms=lw(3))
        left.set_ylim(0, max(1.0, float(np.nanmax(ys)) * 1.15) if np.isfinite(ys).any() else 1)
        left.set_title("Convictions per prosecution")
        left.set_ylabel("Ratio (same data year)")
        left.set_xlabel("Data year")
        year_axis(left, rows["year"])
        for column, label, color in (
            ("labor_share_prosecutions", "Prosecutions", OKABE_ITO["orange"]),
            ("labor_share_convictions", "Convictions", OKABE_ITO["green"]),
            ("labor_share_victims", "Victims identified", OKABE_ITO["purple"]),
        ):
            sel = rows[rows[column].notna()]
            if sel.empty:
                continue
            xs, ys = break_gaps(sel["year"], sel[column].astype(float))
            right.plot(xs, ys, color=color, marker="o", ms=lw(3), label=label)
        right.set_title("Labour trafficking share")
        right.set_ylabel("Share of the total (%)")
        right.set_xlabel("Data year")
        right.set_ylim(bottom=0)
        year_axis(right, rows["year"])
        if stacked:
            left.set_xlabel("")
        return finish(
            fig,
            title,
            source,
            caveat("same_year_ratio") + " Labour shares: the labour subset over the "
            "total of the same edition.",
            legend=legend_entries([right]),
        )


def tier_distribution(counts: pd.DataFrame, title: str, source: str) -> Figure:
    """Countries per tier by report year, stacked; partial-coverage years hatched.

    Args:
        counts: :func:`analysis.tiers.counts_per_year` output.
    """
    with use_theme():
        fig, axes = new_figure(height=4.2)
        ax = axes[0, 0]
        rows = counts.sort_values("report_year")
        years = rows["report_year"].astype(int).to_numpy()
        bottom = np.zeros(len(rows))
        partial = (rows["coverage"] == "partial").to_numpy()
        for tier in ("1", "2", "2.5", "3", "special"):
            heights = rows[tier].astype(float).to_numpy()
            bars = ax.bar(
                years,
                heights,
                bottom=bottom,
                color=TIER_COLORS[tier],
                label=TIER_LABELS[tier],
                width=0.8,
                lw=lw(0),
            )
            for bar, is_partial in zip(bars, partial, strict=True):
                if is_partial:
                    bar.set_hatch("////")
                    bar.set_edgecolor("white")
            bottom += heights
        for x, total, is_partial in zip(years, bottom, partial, strict=True):
            if is_partial:
                ax.text(
                    x,
                    total + 2,
                    "partial",
                    rotation=90,
                    ha="center",
                    va="bottom",
                    fontsize=fs(6),
                    color="#555555",
                )
        ax.set_xlabel("TIP Report edition")
        ax.set_ylabel("Countries placed (count)")
        ax.set_ylim(0, max(bottom.max() * 1.18, 10))
        year_axis(ax, years)
        note = (
            "Hatched: years for which only some placements were found (partial coverage); "
            "their bars count placements found, not the report's list."
        )
        return finish(fig, title, source, note, legend=legend_entries([ax]))


def regional_medians(
    table: pd.DataFrame,
    title: str,
    source: str,
    ylabel: str = "Convictions per prosecution (median ratio)",
    note: str = "Medians over the countries of each region that report both figures that year.",
) -> Figure:
    """Median of a ratio per region and year (one line per region).

    Args:
        table: ``region, year, median, n`` rows.
    """
    with use_theme():
        fig, axes = new_figure(height=4.0)
        ax = axes[0, 0]
        if table.empty:
            empty_note(ax, "No region has countries reporting both figures.")
            return finish(fig, title, source)
        palette = list(OKABE_ITO.values())
        for i, (region, rows) in enumerate(table.groupby("region", sort=True)):
            rows = rows.sort_values("year")
            xs, ys = break_gaps(rows["year"], rows["median"].astype(float))
            ax.plot(xs, ys, marker="o", ms=lw(3), color=palette[i % len(palette)], label=region)
        ax.axhline(1, color=GREY, lw=lw(0.8), ls=":")
        ax.set_ylim(bottom=0)
        ax.set_xlabel("Reference year")
        ax.set_ylabel(ylabel)
        year_axis(ax, table["year"])
        ax.margins(y=0.1)
        return finish(fig, title, source, note, legend=legend_entries([ax]))


def criteria_gaps_by_region(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Countries' criteria gaps in one report edition, one row per TIP region.

    Args:
        table: :func:`analysis.protection.criteria_gaps_by_region` rows. Each country is a point
            labelled with its ISO3; a gap over ``WEAK_EVIDENCE_ASSESSED`` criteria or fewer is
            hollow; the region's median is a vertical tick when it has three countries or more.
    """
    with use_theme():
        regions = sorted(table["region"].unique()) if not table.empty else []
        fig, axes = new_figure(height=1.6 + 0.55 * max(len(regions), 1))
        ax = axes[0, 0]
        if table.empty:
            empty_note(ax, "No narrative edition has a protection criterion assessed.")
            return finish(fig, title, source)
        colour = OKABE_ITO["blue"]
        for y, region in enumerate(regions):
            rows = table[table["region"] == region].sort_values("gap")
            weak = (rows["n_assessed"] <= WEAK_EVIDENCE_ASSESSED).to_numpy()
            xs = rows["gap"].astype(float).to_numpy()
            ax.scatter(xs[~weak], [y] * int((~weak).sum()), color=colour, s=30, zorder=3)
            if weak.any():
                ax.scatter(
                    xs[weak], [y] * int(weak.sum()), facecolor="white", edgecolor=colour, s=30, zorder=3
                )
            for x, iso3 in zip(xs, rows["iso3"], strict=True):
                ax.annotate(
                    iso3, (x, y), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=fs(6.5)
                )
            if len(rows) >= 3:
                ax.plot([rows["gap"].median()] * 2, [y - 0.3, y + 0.3], color=GREY, lw=lw(1.5), zorder=2)
        ax.set_yticks(range(len(regions)))
        ax.set_yticklabels(regions)
        ax.set_ylim(len(regions) - 0.5, -0.7)
        ax.set_xlim(-0.05, 1.05)
        ax.set_xlabel("Criteria gap (0 to 1)")
        note = (
            "Gap = share of the assessed criteria not met (partial = ½). "
            f"One point per country with a narrative for this edition; hollow: {WEAK_EVIDENCE_ASSESSED} "
            "criteria or fewer assessed (weak evidence); grey tick: regional median (3 countries or more)."
        )
        return finish(fig, title, source, note)


def followthrough_by_theme(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Recommendation items per theme and status, across countries and edition pairs.

    Args:
        table: :func:`analysis.uptake.uptake_by_theme` rows; one horizontal stacked bar per theme,
            in the table's order (most often not acted first).
    """
    with use_theme():
        fig, axes = new_figure(height=1.4 + 0.32 * max(len(table), 1))
        ax = axes[0, 0]
        if table.empty:
            empty_note(ax, "No pair of consecutive editions with recommendations.")
            return finish(fig, title, source)
        followthrough_stack(ax, table, horizontal=True)
        ax.set_yticks(range(len(table)))
        ax.set_yticklabels(table["theme"])
        ax.invert_yaxis()
        ax.set_xlabel("Recommendation items")
        note = "Themes ordered by the number of items not acted on. " + caveat("followthrough_by_rule")
        return finish(fig, title, source, note, legend=legend_entries([ax]))

"""Figures of the country report: enforcement, YoY headline, attrition, protection, tiers.

Plot functions take DataFrames (as computed by :mod:`analysis.enforcement`,
:mod:`analysis.protection`, :mod:`analysis.tiers`) and return a
:class:`matplotlib.figure.Figure`; they never read files and never touch pyplot's global
state.
"""

from __future__ import annotations

import matplotlib.patches
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.caveats import caveat
from analysis.plots.labels import place_apart
from analysis.plots.theme import (
    GREY,
    INDICATOR_COLORS,
    INDICATOR_LABELS,
    OKABE_ITO,
    SOURCE_LABELS,
    SOURCE_MARKERS,
    STATUS_COLORS,
    STATUS_SYMBOLS,
    STATUS_TEXT_COLORS,
    TIER_AXIS_LABELS,
    TIER_COLORS,
    TIER_LABELS,
    TIER_POSITIONS,
    break_gaps,
    current_width,
    empty_note,
    finish,
    fmt_ratio,
    followthrough_stack,
    fs,
    legend_entries,
    lw,
    narrow,
    new_figure,
    panels,
    use_theme,
    year_axis,
    year_span,
)
from analysis.protection import CORE_VICTIM_COUNTS, WEAK_EVIDENCE_ASSESSED
from analysis.schema import case_flow
from analysis.sources import coverage_years, of_table


def enforcement_over_time(values: pd.DataFrame, yoy: pd.DataFrame, title: str, source: str) -> Figure:
    """Suspects/investigations → prosecutions → convictions by year, one panel per source.

    Args:
        values: ``source, indicator, year, low, high, note`` (from
            :func:`analysis.series.year_values`); intervals (ranges, ``<5``, several figures)
            are drawn as hollow markers with a bar from low to high.
        yoy: YoY ratios (``source, indicator, year, ratio``) to annotate at each point.
        title, source: figure title and source line.
    """
    with use_theme():
        sources = [s.id for s in of_table("facts") if s.id in set(values["source"])]
        groups = {src: _magnitude_groups(_peaks(values[values["source"] == src])) for src in sources}
        layout = [(src, group) for src in sources for group in groups[src]]
        if not sources:
            fig, axes, stacked = panels(1, height=4.4)
            empty_note(axes[0], "No enforcement figures reported for the selected years and sources.")
            return finish(fig, title, source)
        fig, axes, stacked = _enforcement_axes(sources, groups)
        all_years = values["year"].dropna()
        any_extracted = False
        ratio_labels, marked = [], []  # placed apart once the figure is laid out
        for ax, (src, group) in zip(axes, layout, strict=True):
            rows = values[values["source"] == src]
            for indicator in group:
                series = rows[rows["indicator"] == indicator].sort_values("year")
                if series.empty:
                    continue
                color = INDICATOR_COLORS[indicator]
                exact = series["low"] == series["high"]
                xs, ys = break_gaps(
                    series["year"], series["low"].where(exact, (series["low"] + series["high"]) / 2)
                )
                ax.plot(xs, ys, color=color, label=INDICATOR_LABELS[indicator], marker=None)
                extracted = (
                    series["extracted"].fillna(False).astype(bool) if "extracted" in series else exact & False
                )
                ax.scatter(
                    series.loc[exact & ~extracted, "year"],
                    series.loc[exact & ~extracted, "low"],
                    color=color,
                    marker=SOURCE_MARKERS.get(src, "o"),
                    s=22,
                    zorder=3,
                )
                if (exact & extracted).any():  # read by the extractor, not yet reviewed: drawn apart
                    any_extracted = True
                    ax.scatter(
                        series.loc[exact & extracted, "year"],
                        series.loc[exact & extracted, "low"],
                        color=color,
                        marker="x",
                        s=30,
                        linewidths=lw(1.4),
                        zorder=3,
                    )
                fuzzy = series[~exact]
                if not fuzzy.empty:
                    mid = (fuzzy["low"] + fuzzy["high"]) / 2
                    ax.errorbar(
                        fuzzy["year"],
                        mid,
                        yerr=[mid - fuzzy["low"], fuzzy["high"] - mid],
                        fmt=SOURCE_MARKERS.get(src, "o"),
                        mfc="white",
                        mec=color,
                        ecolor=color,
                        ms=lw(5),
                        capsize=2,
                        lw=lw(1),
                        zorder=3,
                    )
                plotted = dict(
                    zip(
                        series["year"],
                        series["low"].where(exact, (series["low"] + series["high"]) / 2),
                        strict=True,
                    )
                )
                ratios = yoy[(yoy["source"] == src) & (yoy["indicator"] == indicator)]
                for k, row in enumerate(ratios.sort_values("year").itertuples()):
                    if row.year not in plotted or row.previous_year not in plotted:
                        continue
                    y0, y1 = float(plotted[row.previous_year]), float(plotted[row.year])
                    if row.year - row.previous_year > 1:  # compared across a gap: dotted, not solid
                        ax.plot([row.previous_year, row.year], [y0, y1], ls=":", lw=lw(0.9), color=color)
                    if pd.notna(row.ratio):  # the ratio labels the segment it describes
                        ratio_labels.append(
                            ax.annotate(
                                fmt_ratio(float(row.ratio)),
                                ((row.year + row.previous_year) / 2, (y0 + y1) / 2),
                                # alternate above / below: labels of neighbouring segments never meet
                                textcoords="offset points",
                                xytext=(0, 3 if k % 2 == 0 else -3),
                                ha="center",
                                va="bottom" if k % 2 == 0 else "top",
                                fontsize=fs(6.5),
                                color=color,
                                bbox={
                                    "boxstyle": "round,pad=0.12",
                                    "fc": "white",
                                    "ec": "none",
                                    "alpha": 0.85,
                                },
                            )
                        )
                marked.extend((ax, float(x), float(v)) for x, v in plotted.items() if pd.notna(v))
            label = SOURCE_LABELS.get(src, src)
            if len(groups[src]) > 1:  # the source's series on axes of their own magnitude
                label += "\n" + ", ".join(INDICATOR_LABELS[i] for i in group).capitalize()
            ax.set_title(label)
            ax.set_xlabel("Reference year")
            ax.set_ylabel("Count (persons or cases, as reported)")
            ax.set_ylim(bottom=0)
            ax.margins(y=0.15)
            year_axis(ax, all_years)
        for ax in axes:  # one label per shared direction: x at the foot of a column, y on the left
            spec = ax.get_subplotspec()
            if not stacked and not spec.is_last_row() and _used_below(ax, axes):
                ax.set_xlabel("")
            if stacked and ax is not axes[-1]:
                ax.set_xlabel("")
            if not stacked and not spec.is_first_col():
                ax.set_ylabel("")
        if any_extracted:  # a legend entry for the extracted points
            axes[0].scatter(
                [],
                [],
                color="#555555",
                marker="x",
                s=30,
                linewidths=lw(1.4),
                label="Extracted by rule, not yet reviewed",
            )
        note = (
            "Labels: change on the previous year present (×ratio), left out where it would cover "
            "another label or a marker (every change is in the figure's data); a dotted segment "
            "compares across years with no figure. Hollow markers with bars: ranges, several figures "
            "or suppressed counts. " + caveat("suppressed_lt5")
        )
        finish(fig, title, source, note, legend=legend_entries(axes))
        place_apart(fig, ratio_labels, marked, hide_unplaceable=True)
        return fig


#: series whose peaks differ by more than this factor are not drawn on one axis (tens would be
#: squashed flat under hundreds)
MAGNITUDE_SPREAD = 4.0


def _peaks(rows: pd.DataFrame) -> dict[str, float]:
    """Each indicator's largest drawn value (the upper bound of an interval), in case-flow order."""
    peaks = rows.groupby("indicator")["high"].max()
    return {i: float(peaks[i]) for i in case_flow() if i in peaks.index}


def _magnitude_groups(peaks: dict[str, float], spread: float = MAGNITUDE_SPREAD) -> list[list[str]]:
    """Indicators grouped so that no group's largest peak is more than ``spread`` times its
    smallest; a series of zeros (peak 0 or NA) has no magnitude and joins the group of the
    smallest peaks, never an axes of its own. Each group keeps the order of ``peaks``, groups are
    ordered by their first member.

    Example:
        >>> _magnitude_groups({"suspects_identified": 820.0, "prosecutions": 110.0, "convictions": 0.0})
        [['suspects_identified'], ['prosecutions', 'convictions']]
    """
    order = list(peaks)
    sized = [i for i in order if pd.notna(peaks[i]) and peaks[i] > 0]
    groups: list[list[str]] = []
    for name in sorted(sized, key=lambda i: -peaks[i]):
        if groups and peaks[groups[-1][0]] <= spread * peaks[name]:
            groups[-1].append(name)
        else:
            groups.append([name])
    zeros = [i for i in order if i not in sized]
    if zeros:
        groups[-1:] = [groups[-1] + zeros] if groups else [zeros]
    groups = [sorted(g, key=order.index) for g in groups]
    return sorted(groups, key=lambda g: order.index(g[0]))


def _enforcement_axes(sources: list[str], groups: dict[str, list[list[str]]]):
    """One axes per source and magnitude group: a column per source, its groups one above the
    other (stacked in one column when the figure is narrow); unused grid cells are hidden."""
    n = sum(len(g) for g in groups.values())
    rows = max(len(g) for g in groups.values())
    if narrow() and n > 1:
        fig, grid = new_figure(n, 1, height=1.4 + 2.3 * n)
        return fig, list(grid[:, 0]), True
    fig, grid = new_figure(rows, len(sources), height=4.4 + 2.6 * (rows - 1))
    axes = []
    for col, src in enumerate(sources):
        axes += [grid[row, col] for row in range(len(groups[src]))]
        for row in range(len(groups[src]), rows):
            grid[row, col].set_axis_off()
    return fig, axes, False


def _used_below(ax, axes) -> bool:
    """Whether another used axes sits below ``ax`` in its column."""
    spec = ax.get_subplotspec()
    return any(
        o.get_subplotspec().colspan == spec.colspan and o.get_subplotspec().rowspan.start > spec.rowspan.start
        for o in axes
    )


def _stale_note(row) -> str:
    """The label's note for a stale change: the series ends, or later years have no defined change."""
    end = getattr(row, "series_end", row.year)
    return "; series ends" if pd.isna(end) or int(end) <= int(row.year) else f"; none defined to {int(end)}"


def yoy_headline(latest: pd.DataFrame, title: str, source: str) -> Figure:
    """Latest year-over-year ratio per indicator and source, on a log scale around 1.

    Args:
        latest: one row per source and indicator: ``source, indicator, year, previous_year,
            ratio`` (defined ratios only), and optionally ``stale`` (the change lies long before the
            report's newest figure: drawn pale, labelled "series ends" or, with ``series_end``
            later, "none defined to <year>").
    """
    with use_theme():
        n = max(len(latest), 1)
        tight = narrow()  # labels on two lines, fewer ticks
        fig, axes = new_figure(height=1.4 + (0.5 if tight else 0.32) * n)
        ax = axes[0, 0]
        if latest.empty:
            empty_note(ax, "No year-over-year ratio can be computed (fewer than two years per series).")
            return finish(fig, title, source)
        rows = latest.reset_index(drop=True)
        stale = rows["stale"].astype(bool).to_numpy() if "stale" in rows else np.zeros(len(rows), bool)
        labels = [
            f"{INDICATOR_LABELS.get(r.indicator, r.indicator)}{chr(10) if tight else ' — '}"
            f"{SOURCE_LABELS.get(r.source, r.source)}{chr(10) if tight and old else ' '}"
            f"({int(r.previous_year)}→{int(r.year)}{_stale_note(r) if old else ''})"
            for r, old in zip(rows.itertuples(), stale, strict=True)
        ]
        raw = rows["ratio"].astype(float).to_numpy()
        cap = 4.0  # ×1/16 .. ×16; beyond (and a fall to zero) the bar stops at the edge
        with np.errstate(divide="ignore"):
            logs = np.where(raw > 0, np.log2(np.where(raw > 0, raw, 1)), -np.inf)
        shown = np.clip(logs, -cap, cap)
        # one colour whatever the direction: a rise in victims identified is not "good" nor a fall
        # "bad"; a stale series (ended long before the report's newest figure) is drawn pale
        y = np.arange(len(rows))[::-1]
        bars = ax.barh(y, shown, color=OKABE_ITO["blue"], height=0.6)
        for bar, old in zip(bars, stale, strict=True):
            if old:
                bar.set_alpha(0.35)
        for yi, value, r in zip(y, shown, raw, strict=True):
            label = ("×0" if tight else "×0 (fell to none)") if r == 0 else fmt_ratio(r)
            if abs(value) >= cap:  # bar stops at the edge: write the value inside it
                ax.text(
                    value + (-0.1 if r >= 1 else 0.1),
                    yi,
                    label,
                    va="center",
                    color="white",
                    ha="right" if r >= 1 else "left",
                    fontsize=fs(7),
                    fontweight="bold",
                )
            else:
                ax.text(
                    value + (0.08 if r >= 1 else -0.08),
                    yi,
                    label,
                    va="center",
                    ha="left" if r >= 1 else "right",
                    fontsize=fs(7),
                )
        ax.set_yticks(y)
        ax.set_yticklabels(labels)
        ax.axvline(0, color="#444444", lw=lw(0.8))
        lim = min(cap, max(1.0, float(np.abs(shown).max()))) + 1.2
        ax.set_xlim(-lim, lim)
        ticks = [t for t in range(-int(min(cap, lim)), int(min(cap, lim)) + 1) if not tight or t % 2 == 0]
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"×{2**t}" if t >= 0 else f"×1/{2**-t}" for t in ticks])
        ax.set_xlabel(
            "Change on the previous year reported" + ("\n" if tight else " ") + "(ratio, log scale)"
        )
        ax.grid(axis="y", visible=False)
        return finish(fig, title, source)


def attrition_vs_region(
    regional: pd.DataFrame,
    own: pd.DataFrame,
    title: str,
    source: str,
    ylabel: str = "Convictions per prosecution (ratio)",
) -> Figure:
    """A country's conversion ratio beside its region's median and IQR and the world median.

    Args:
        regional: :func:`analysis.enforcement.regional_comparison` output.
        own: the country's ratios from other sources (``source, year, ratio``) drawn as
            separate markers (never joined to the regional source's line).
    """
    with use_theme():
        fig, axes = new_figure(height=4.2)
        ax = axes[0, 0]
        if regional.empty and own.empty:
            empty_note(ax, "No convictions and prosecutions reported in the same year by one source.")
            return finish(fig, title, source)
        reg = regional.sort_values("year")
        region = reg["region"].dropna().iloc[0] if reg["region"].notna().any() else "region"
        years = reg["year"].astype(float)
        if reg["region_median"].notna().any():
            ax.fill_between(
                years,
                reg["region_q1"].astype(float),
                reg["region_q3"].astype(float),
                color=OKABE_ITO["sky"],
                alpha=0.25,
                lw=lw(0),
                label=f"{region}: middle half of countries",
            )
            ax.plot(
                years,
                reg["region_median"].astype(float),
                color=OKABE_ITO["blue"],
                lw=lw(1.4),
                label=f"{region}: median",
            )
        if reg["world_median"].notna().any():
            ax.plot(
                years,
                reg["world_median"].astype(float),
                color="#444444",
                lw=lw(1.2),
                ls="--",
                label="World: median",
            )
        country = reg["country"].iloc[0] if not reg.empty else ""
        mine = reg[reg["value"].notna()]
        if not mine.empty:
            xs, ys = break_gaps(mine["year"], mine["value"].astype(float))
            ax.plot(
                xs,
                ys,
                color=OKABE_ITO["vermillion"],
                lw=lw(1.8),
                marker="s",
                ms=lw(5),
                clip_on=False,
                label=f"{country} ({SOURCE_LABELS.get(reg['source'].iloc[0], '')})",
            )
        for src, rows in own.groupby("source"):
            rows = rows[rows["ratio"].notna()]
            if rows.empty:
                continue
            ax.scatter(
                rows["year"],
                rows["ratio"].astype(float),
                marker=SOURCE_MARKERS.get(src, "o"),
                s=36,
                facecolor="white",
                edgecolor=OKABE_ITO["black"],
                zorder=4,
                clip_on=False,
                label=f"{country} ({SOURCE_LABELS.get(src, src)}; other definitions)",
            )
        ax.axhline(1, color=GREY, lw=lw(0.8), ls=":")
        ax.set_ylim(bottom=0)
        ax.set_xlabel("Reference year")
        ax.set_ylabel(ylabel)
        all_years = pd.concat([reg["year"], own["year"]]) if not own.empty else reg["year"]
        year_axis(ax, all_years)
        ax.margins(y=0.1)
        note = caveat("same_year_ratio")
        return finish(fig, title, source, note, legend=legend_entries([ax]), legend_cols=3)


def protection_counts(values: pd.DataFrame, title: str, source: str) -> Figure:
    """Victims identified, referred and assisted per year, one panel per source.

    Args:
        values: ``source, indicator, year, low, high, note`` of the victim indicators (from
            :func:`analysis.series.year_values`). A year with several competing figures or a
            range is drawn hatched at its lower end, with a whisker to the upper end.
    """
    with use_theme():
        sources = [s.id for s in of_table("facts") if s.id in set(values["source"])]
        fig, axes = new_figure(len(sources) or 1, 1, height=2.0 + 2.0 * max(len(sources), 1), sharex=True)
        if not sources:
            empty_note(axes[0, 0], "No victim counts reported for the selected years and sources.")
            return finish(fig, title, source)
        kinds = [k for k in CORE_VICTIM_COUNTS if k in set(values["indicator"])]
        width = 0.8 / max(len(kinds), 1)
        fuzzy_seen = extracted_seen = False
        for ax, src in zip(axes[:, 0], sources, strict=True):
            rows = values[values["source"] == src]
            for i, kind in enumerate(kinds):
                offset = (i - (len(kinds) - 1) / 2) * width
                present = rows[rows["indicator"] == kind].sort_values("year")
                if present.empty:
                    continue
                x = present["year"].astype(float) + offset
                bars = ax.bar(
                    x,
                    present["low"].astype(float),
                    width=width,
                    color=INDICATOR_COLORS[kind],
                    label=INDICATOR_LABELS[kind],
                )
                fuzzy = (present["high"] > present["low"]).to_numpy()
                for bar, is_fuzzy in zip(bars, fuzzy, strict=True):
                    if is_fuzzy:
                        bar.set_hatch("////")
                        bar.set_edgecolor("white")
                if "extracted" in present:  # read by the extractor, not yet reviewed: lighter
                    for bar, is_extracted in zip(bars, present["extracted"].fillna(False), strict=True):
                        if is_extracted:
                            bar.set_alpha(0.4)
                            extracted_seen = True
                if fuzzy.any():
                    fuzzy_seen = True
                    ax.vlines(
                        x[fuzzy],
                        present["low"][fuzzy].astype(float),
                        present["high"][fuzzy].astype(float),
                        color="#333333",
                        lw=lw(1),
                    )
                    ax.scatter(
                        x[fuzzy], present["high"][fuzzy].astype(float), marker="_", color="#333333", s=30
                    )
            ax.set_title(SOURCE_LABELS.get(src, src))
            ax.set_ylabel("Victims (persons)")
            ax.set_ylim(bottom=0)
            ax.margins(y=0.1)
            year_axis(ax, values["year"])
        axes[-1, 0].set_xlabel("Reference year")
        note = "Missing bars: not reported (not zero). Counts may come from different agencies."
        if fuzzy_seen:
            note += " Hatched bars with a whisker: a range. " + caveat("several_figures")
        if extracted_seen:
            note += " Pale bars: figures extracted by rule from the narratives, not yet reviewed."
        return finish(fig, title, source, note, legend=legend_entries(axes[:, 0]))


def criteria_strip(
    criteria: pd.DataFrame,
    criteria_labels: dict[str, str],
    title: str,
    source: str,
    rule_years: frozenset[int] = frozenset(),
) -> Figure:
    """Protection criteria (rows) by report year (columns): met / partial / not met / not reported.

    Args:
        criteria: ``criterion, report_year, status`` rows.
        criteria_labels: criterion → display label, in display order.
        rule_years: report years coded by rule and not reviewed: their year labels carry an
            asterisk and their cells a dotted frame, apart from the hand-coded years.
    """
    with use_theme():
        years = sorted(criteria["report_year"].dropna().astype(int).unique())
        tight = narrow()
        fig, axes = new_figure(
            height=(1.3 if tight else 0.9) + 0.3 * len(criteria_labels),
            width=current_width(),
        )
        ax = axes[0, 0]
        if not years:
            empty_note(ax, "No protection criteria assessed for this country.")
            return finish(fig, title, source)
        names = list(criteria_labels)
        lookup = {(r.criterion, int(r.report_year)): r.status for r in criteria.itertuples()}
        for yi, criterion in enumerate(names):
            for xi, year in enumerate(years):
                status = lookup.get((criterion, year), "not_reported")
                by_rule = year in rule_years
                ax.add_patch(
                    matplotlib.patches.Rectangle(
                        (xi - 0.45, yi - 0.4),
                        0.9,
                        0.8,
                        facecolor=STATUS_COLORS[status],
                        edgecolor="#333333" if by_rule or status == "not_read" else STATUS_COLORS[status],
                        linestyle=":" if by_rule else "-",
                        lw=lw(0.6) if by_rule else lw(0),
                    )
                )
                ax.text(
                    xi,
                    yi,
                    STATUS_SYMBOLS[status],
                    ha="center",
                    va="center",
                    fontsize=fs(8),
                    color=STATUS_TEXT_COLORS[status],
                )
        ax.set_xlim(-0.6, len(years) - 0.4)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_yticks(range(len(names)))
        ax.set_yticklabels([criteria_labels[c] for c in names])
        ax.set_xticks(range(len(years)))
        crowded = len(years) > (6 if tight else 12)
        ax.set_xticklabels(
            [f"{y}*" if y in rule_years else str(y) for y in years], rotation=90 if crowded else 0
        )
        ax.set_xlabel("TIP Report edition")
        note = None
        if rule_years:
            note = (
                "* Coded by rule from the narrative (dotted cells), not reviewed; other years coded by hand. "
                "– not reported: the text read is silent (not assessed, not failed); … not read: the "
                "edition's protection section was not in the text read."
            )
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        handles = [  # framed: the "not read" cell is white
            Patch(
                facecolor=STATUS_COLORS[s],
                edgecolor="#888888",
                lw=lw(0.4),
                label=f"{STATUS_SYMBOLS[s]} {s.replace('_', ' ')}",
            )
            for s in STATUS_COLORS
        ]
        if tight:  # no room beside the strip: the legend goes under the title
            return finish(
                fig, title, source, note, legend=(handles, [h.get_label() for h in handles]), legend_cols=2
            )
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), ncols=1)
        return finish(fig, title, source, note)


def criteria_gap(gaps: pd.DataFrame, title: str, source: str) -> Figure:
    """The criteria gap by report edition, with the number of criteria assessed under each point.

    Args:
        gaps: :func:`analysis.protection.protection_gap_criteria` rows of one country
            (``report_year, gap, n_assessed``); years with nothing assessed (gap NA) are left
            out of the line and say ``n=0``. A gap over ``WEAK_EVIDENCE_ASSESSED`` criteria or fewer is
            drawn hollow.
    """
    with use_theme():
        fig, axes = new_figure(height=3.8)
        ax = axes[0, 0]
        defined = gaps[gaps["gap"].notna()].sort_values("report_year")
        if defined.empty:
            empty_note(ax, "No protection criterion assessed in the selected report editions.")
            return finish(fig, title, source)
        years = defined["report_year"].astype(int).to_numpy()
        values = defined["gap"].astype(float).to_numpy()
        # a line only between consecutive editions: a year without an assessment is a gap, not a slope
        ax.plot(
            *break_gaps(defined["report_year"].astype(int), defined["gap"]),
            color=OKABE_ITO["blue"],
            lw=lw(1.4),
            zorder=2,
        )
        weak = (defined["n_assessed"] <= WEAK_EVIDENCE_ASSESSED).to_numpy()
        # how each edition was coded is drawn apart: by hand or reviewed (circles), by rule (squares)
        by_rule = (
            defined["method"].fillna("").str.contains("rule").to_numpy()
            if "method" in defined
            else np.zeros(len(defined), bool)
        )
        for rule in (False, True):
            marker = "s" if rule else "o"
            how = "coded by rule (not reviewed)" if rule else "coded by hand or reviewed"
            strong, hollow = ~weak & (by_rule == rule), weak & (by_rule == rule)
            if strong.any():
                ax.scatter(
                    years[strong],
                    values[strong],
                    color=OKABE_ITO["blue"],
                    marker=marker,
                    s=28,
                    zorder=3,
                    label=how,
                )
            if hollow.any():
                ax.scatter(
                    years[hollow],
                    values[hollow],
                    facecolor="white",
                    edgecolor=OKABE_ITO["blue"],
                    marker=marker,
                    lw=lw(1.2),
                    s=28,
                    zorder=3,
                    label=f"{how}, {WEAK_EVIDENCE_ASSESSED} or fewer criteria (weak)",
                )
        for row in gaps.itertuples():  # how many criteria each edition assesses, along the bottom
            ax.text(
                int(row.report_year),
                0.02,
                str(int(row.n_assessed)),
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=fs(6.5),
                color="#555555",
            )
        ax.set_ylim(-0.16, 1.05)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
        ax.set_ylabel("Criteria gap (0 to 1)")
        ax.set_xlabel("TIP Report edition")
        year_axis(ax, gaps["report_year"])
        note = (
            "Numbers along the bottom: criteria assessed (of 9). Gap = (not met + ½ partial) / criteria "
            "assessed; criteria the narrative is silent on are not assessed. 0 = every assessed criterion "
            "met, 1 = none met."
        )
        return finish(fig, title, source, note, legend=legend_entries([ax]))


def count_gaps(counts: pd.DataFrame, title: str, source: str) -> Figure:
    """Assistance gap and referral gap by reference year, one panel per source.

    Args:
        counts: :func:`analysis.protection.protection_gap_counts` rows of one country. Where
            counts compete (several figures or a range) the gap's interval
            (``assistance_gap_low`` to ``_high``) is drawn as a bar without a point; a gap
            below 0 (more assisted or referred than identified) is kept, drawn with a
            different marker, and named in the note.
    """
    kinds = {
        "assistance_gap": "Assistance gap (1 − assisted / identified)",
        "referral_gap": "Referral gap (1 − referred / identified)",
    }
    colours = {
        "assistance_gap": INDICATOR_COLORS["victims_assisted"],
        "referral_gap": INDICATOR_COLORS["victims_referred"],
    }
    with use_theme():
        shown = counts[counts[["assistance_gap", "assistance_gap_low", "referral_gap"]].notna().any(axis=1)]
        sources = [s.id for s in of_table("facts") if s.id in set(shown["source"])]
        fig, axes = new_figure(len(sources) or 1, 1, height=1.6 + 1.8 * max(len(sources), 1), sharex=True)
        if not sources:
            empty_note(
                axes[0, 0], "No year reports both victims identified and victims assisted or referred."
            )
            return finish(fig, title, source)
        negative_seen = interval_seen = False
        for ax, src in zip(axes[:, 0], sources, strict=True):
            rows = shown[shown["source"] == src].sort_values("year")
            ax.axhline(0, color=GREY, lw=lw(0.8), zorder=1)
            for kind, label in kinds.items():
                present = rows[rows[kind].notna()]
                if not present.empty:
                    years = present["year"].astype(int).to_numpy()
                    values = present[kind].astype(float).to_numpy()
                    below = values < 0
                    negative_seen |= bool(below.any())
                    ax.plot(
                        *break_gaps(present["year"].astype(int), present[kind]),
                        color=colours[kind],
                        lw=lw(1.2),
                        zorder=2,
                    )
                    if (~below).any():
                        ax.scatter(
                            years[~below], values[~below], color=colours[kind], s=26, zorder=3, label=label
                        )
                    if below.any():
                        ax.scatter(
                            years[below],
                            values[below],
                            color=colours[kind],
                            marker="v",
                            s=34,
                            zorder=3,
                            label=f"{label.split(' (')[0]} below 0",
                        )
            spans = rows[rows["assistance_gap"].isna() & rows["assistance_gap_low"].notna()]
            if not spans.empty:
                interval_seen = True
                ax.vlines(
                    spans["year"].astype(int),
                    spans["assistance_gap_low"].astype(float),
                    spans["assistance_gap_high"].astype(float),
                    color=colours["assistance_gap"],
                    lw=lw(2.5),
                    label="assistance gap where counts compete (interval)",
                )
            ax.set_title(SOURCE_LABELS.get(src, src))
            ax.set_ylabel("Gap (share of identified)")
            ax.set_ylim(min(-0.15, ax.get_ylim()[0]), 1.05)
            year_axis(ax, shown["year"])
        axes[-1, 0].set_xlabel("Reference year")
        note = "A gap needs both counts for the same year; missing years: a count not reported."
        if negative_seen:
            note += (
                " Below 0: more assisted or referred than identified (different agencies or periods);"
                " kept, not clipped."
            )
        if interval_seen:
            note += " " + caveat("several_figures")
        return finish(fig, title, source, note, legend=legend_entries(axes[:, 0]))


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


def source_disagreements(pairs: pd.DataFrame, title: str, source: str) -> Figure:
    """The same indicator and year as reported by two sources, side by side.

    Args:
        pairs: ``indicator, year, tip_narrative, unodc_glotip`` (values; NA when missing).
    """
    with use_theme():
        fig, axes = new_figure(height=1.6 + 0.3 * max(len(pairs), 1))
        ax = axes[0, 0]
        if pairs.empty:
            empty_note(ax, "No indicator-year is reported by both the TIP narratives and UNODC.")
            return finish(fig, title, source)
        rows = pairs.reset_index(drop=True)
        y = np.arange(len(rows))[::-1]
        for yi, row in zip(y, rows.itertuples(), strict=True):
            a, b = float(row.tip_narrative), float(row.unodc_glotip)
            ax.plot([a, b], [yi, yi], color="#BBBBBB", lw=lw(1.2), zorder=1)
        for src, color in (("tip_narrative", OKABE_ITO["vermillion"]), ("unodc_glotip", OKABE_ITO["blue"])):
            ax.scatter(
                rows[src].astype(float),
                y,
                marker=SOURCE_MARKERS[src],
                color=color,
                s=32,
                zorder=3,
                label=SOURCE_LABELS[src],
            )
        ax.set_yticks(y)
        ax.set_yticklabels(
            [f"{INDICATOR_LABELS.get(r.indicator, r.indicator)}, {int(r.year)}" for r in rows.itertuples()]
        )
        joint = "\n" if narrow() else " "
        ax.set_xlabel(f"Reported figure{joint}(persons or cases, as each source counts them)")
        ax.set_xlim(left=0)
        ax.margins(x=0.1)
        ax.grid(axis="y", visible=False)
        note = caveat("tip_vs_unodc")
        return finish(fig, title, source, note, legend=legend_entries([ax]))


def followthrough_bars(counts: pd.DataFrame, title: str, source: str) -> Figure:
    """Last year's recommendations: items per status for each pair of consecutive editions.

    Args:
        counts: :func:`analysis.uptake.uptake_by_pair` rows of one country; one stacked bar per
            pair (labelled "Y→Y+1"), acted at the bottom, then unclear (the next edition silent)
            and not read (its sections on the theme not in the text read) on top.
    """
    with use_theme():
        fig, axes = new_figure(height=3.4)
        ax = axes[0, 0]
        if counts.empty:
            empty_note(ax, "No pair of consecutive editions with recommendations.")
            return finish(fig, title, source)
        rows = counts.sort_values("year_from")
        followthrough_stack(ax, rows)
        labels = [
            f"{int(a)}→{int(b) % 100:02d}" for a, b in zip(rows["year_from"], rows["year_to"], strict=True)
        ]
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=90 if len(labels) > (4 if narrow() else 8) else 0)
        ax.set_xlabel("TIP Report editions (recommendations → next edition)")
        ax.set_ylabel("Recommendation items")
        note = (
            "Each item of an edition's recommendations, coded from the next edition by rule (not reviewed). "
            "Unclear: the next edition read says nothing on it (not the same as not acted); not read: "
            "that edition's sections on the item's theme were not in the text read."
        )
        return finish(fig, title, source, note, legend=legend_entries([ax]))

"""The country report's law-enforcement figures: enforcement over time, the latest year-over-year
changes, attrition beside the region, and where sources disagree.

Plot functions take DataFrames and return a :class:`matplotlib.figure.Figure`; they never
read files and never touch pyplot's global state.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.caveats import caveat
from analysis.plots.labels import place_apart
from analysis.plots.theme import (
    GREY,
    INDICATOR_COLORS,
    INDICATOR_LABELS,
    OKABE_ITO,
    SOURCE_LABELS,
    SOURCE_MARKERS,
    break_gaps,
    empty_note,
    finish,
    fmt_ratio,
    fs,
    legend_entries,
    lw,
    narrow,
    new_figure,
    panels,
    use_theme,
    year_axis,
)
from analysis.schema import case_flow
from analysis.sources import of_table


def enforcement_over_time(values: pd.DataFrame, yoy: pd.DataFrame, title: str, source: str) -> Figure:
    """Suspects/investigations → prosecutions → convictions by year: a column of axes per source,
    series whose peaks differ more than :data:`MAGNITUDE_SPREAD` times on axes of their own.

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
                plotted, extracted = _draw_series(ax, src, indicator, series)
                any_extracted |= extracted
                ratios = yoy[(yoy["source"] == src) & (yoy["indicator"] == indicator)]
                ratio_labels += _label_changes(ax, ratios, plotted, INDICATOR_COLORS[indicator])
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


def _draw_series(ax, src: str, indicator: str, series: pd.DataFrame) -> tuple[dict, bool]:
    """One series: its line, exact values as the source's markers, values extracted by rule and
    not reviewed as crosses, intervals as hollow markers with bars. Returns the value drawn per
    year (an interval at its middle) and whether any extracted value was drawn."""
    color = INDICATOR_COLORS[indicator]
    exact = series["low"] == series["high"]
    drawn = series["low"].where(exact, (series["low"] + series["high"]) / 2)
    xs, ys = break_gaps(series["year"], drawn)
    ax.plot(xs, ys, color=color, label=INDICATOR_LABELS[indicator], marker=None)
    extracted = series["extracted"].fillna(False).astype(bool) if "extracted" in series else exact & False
    ax.scatter(
        series.loc[exact & ~extracted, "year"],
        series.loc[exact & ~extracted, "low"],
        color=color,
        marker=SOURCE_MARKERS.get(src, "o"),
        s=22,
        zorder=3,
    )
    any_extracted = bool((exact & extracted).any())
    if any_extracted:  # read by the extractor, not yet reviewed: drawn apart
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
    return dict(zip(series["year"], drawn, strict=True)), any_extracted


def _label_changes(ax, ratios: pd.DataFrame, plotted: dict, color: str) -> list:
    """Each change on the previous year present labels the segment it describes (a change across
    years with no figure is drawn dotted); returns the labels, to be placed apart later."""
    labels = []
    for k, row in enumerate(ratios.sort_values("year").itertuples()):
        if row.year not in plotted or row.previous_year not in plotted:
            continue
        y0, y1 = float(plotted[row.previous_year]), float(plotted[row.year])
        if row.year - row.previous_year > 1:  # compared across a gap: dotted, not solid
            ax.plot([row.previous_year, row.year], [y0, y1], ls=":", lw=lw(0.9), color=color)
        if pd.notna(row.ratio):
            labels.append(
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
                    bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85},
                )
            )
    return labels


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


def _region_band(ax, reg: pd.DataFrame) -> None:
    """The region's interquartile band and median and the world median, where there are any."""
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


def _country_ratios(ax, reg: pd.DataFrame, own: pd.DataFrame, country: str) -> None:
    """The country's line in the regional source and its other sources' ratios as open markers."""
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
        _region_band(ax, reg)
        country = reg["country"].iloc[0] if not reg.empty else ""
        _country_ratios(ax, reg, own, country)
        ax.axhline(1, color=GREY, lw=lw(0.8), ls=":")
        ax.set_ylim(bottom=0)
        ax.set_xlabel("Reference year")
        ax.set_ylabel(ylabel)
        all_years = pd.concat([reg["year"], own["year"]]) if not own.empty else reg["year"]
        year_axis(ax, all_years)
        ax.margins(y=0.1)
        note = caveat("same_year_ratio")
        return finish(fig, title, source, note, legend=legend_entries([ax]), legend_cols=3)


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

"""The country report's protection figures: victims identified, referred and assisted, the count
gaps, the criteria strip and gap, and last year's recommendations.

Plot functions take DataFrames and return a :class:`matplotlib.figure.Figure`; they never
read files and never touch pyplot's global state.
"""

from __future__ import annotations

import matplotlib.patches
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.caveats import caveat
from analysis.plots.theme import (
    GREY,
    INDICATOR_COLORS,
    INDICATOR_LABELS,
    OKABE_ITO,
    SOURCE_LABELS,
    STATUS_COLORS,
    STATUS_SYMBOLS,
    STATUS_TEXT_COLORS,
    break_gaps,
    current_width,
    empty_note,
    finish,
    followthrough_stack,
    fs,
    legend_entries,
    lw,
    narrow,
    new_figure,
    use_theme,
    year_axis,
)
from analysis.protection import CORE_VICTIM_COUNTS, WEAK_EVIDENCE_ASSESSED
from analysis.sources import of_table


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
        _status_cells(ax, names, years, lookup, rule_years)
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
        handles = _status_handles()
        if tight:  # no room beside the strip: the legend goes under the title
            return finish(
                fig, title, source, note, legend=(handles, [h.get_label() for h in handles]), legend_cols=2
            )
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), ncols=1)
        return finish(fig, title, source, note)


def _status_cells(ax, names: list[str], years: list[int], lookup: dict, rule_years: frozenset[int]) -> None:
    """One cell per criterion (row) and year (column): status colour, symbol, rule years dotted."""
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


def _status_handles() -> list[Patch]:
    """Legend entries of the criterion statuses, framed (the "not read" cell is white)."""
    return [
        Patch(
            facecolor=STATUS_COLORS[s],
            edgecolor="#888888",
            lw=lw(0.4),
            label=f"{STATUS_SYMBOLS[s]} {s.replace('_', ' ')}",
        )
        for s in STATUS_COLORS
    ]


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


def _gap_series(ax, present: pd.DataFrame, kind: str, label: str, colour: str) -> bool:
    """Draw one gap's line and points (a gap below 0 with its own marker); True if one is below 0."""
    if present.empty:
        return False
    years = present["year"].astype(int).to_numpy()
    values = present[kind].astype(float).to_numpy()
    below = values < 0
    ax.plot(*break_gaps(present["year"].astype(int), present[kind]), color=colour, lw=lw(1.2), zorder=2)
    if (~below).any():
        ax.scatter(years[~below], values[~below], color=colour, s=26, zorder=3, label=label)
    if below.any():
        ax.scatter(
            years[below],
            values[below],
            color=colour,
            marker="v",
            s=34,
            zorder=3,
            label=f"{label.split(' (')[0]} below 0",
        )
    return bool(below.any())


def _gap_intervals(ax, rows: pd.DataFrame, colour: str) -> bool:
    """Draw the assistance gap's interval where counts compete; True if any is drawn."""
    spans = rows[rows["assistance_gap"].isna() & rows["assistance_gap_low"].notna()]
    if spans.empty:
        return False
    ax.vlines(
        spans["year"].astype(int),
        spans["assistance_gap_low"].astype(float),
        spans["assistance_gap_high"].astype(float),
        color=colour,
        lw=lw(2.5),
        label="assistance gap where counts compete (interval)",
    )
    return True


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
                negative_seen |= _gap_series(ax, rows[rows[kind].notna()], kind, label, colours[kind])
            interval_seen |= _gap_intervals(ax, rows, colours["assistance_gap"])
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
        note = "Each item of an edition's recommendations. " + caveat("followthrough_by_rule")
        return finish(fig, title, source, note, legend=legend_entries([ax]))

"""The figure theme: one look for every figure, colour-blind-safe colours, a source line.

The theme is seaborn's ``paper`` context with ``analysis/style/tip.mplstyle`` on top (Okabe–Ito
palette). :func:`new_figure` gives a themed figure that is never registered with pyplot;
:func:`finish` adds the title, an optional figure-wide legend and the source line in fixed
bands, so nothing overlaps whatever the figure's size. The helpers below them (year axes,
gaps in lines, ratio labels) are shared by the country and global figures.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from analysis.paths import PACKAGE_DIR
from analysis.schema import criterion_statuses, indicators, tier_levels
from analysis.sources import get, of_table

STYLE_FILE = PACKAGE_DIR / "style" / "tip.mplstyle"

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
GREY = "#999999"

# Labels, colours and markers are data: indicators.csv, tier_levels.csv and
# criterion_statuses.csv (analysis/data/), and the sources registry (analysis.sources).
INDICATOR_COLORS = dict(zip(indicators()["name"], indicators()["colour"], strict=True))
INDICATOR_LABELS = dict(zip(indicators()["name"], indicators()["label"], strict=True))
SOURCE_LABELS = {s.id: s.label for s in of_table("facts")}
SOURCE_MARKERS = {s.id: s.marker for s in of_table("facts")}
STATUS_COLORS = dict(zip(criterion_statuses()["status"], criterion_statuses()["colour"], strict=True))
STATUS_SYMBOLS = dict(zip(criterion_statuses()["status"], criterion_statuses()["symbol"], strict=True))
STATUS_TEXT_COLORS = dict(
    zip(criterion_statuses()["status"], criterion_statuses()["text_colour"], strict=True)
)
TIER_COLORS = dict(zip(tier_levels()["tier"], tier_levels()["colour"], strict=True))
TIER_LABELS = dict(zip(tier_levels()["tier"], tier_levels()["label"], strict=True))
TIER_AXIS_LABELS = dict(zip(tier_levels()["tier"], tier_levels()["axis_label"], strict=True))
TIER_POSITIONS = dict(zip(tier_levels()["tier"], tier_levels()["position"], strict=True))
TIER_SOURCE_LABELS = dict(get("tiers").parts)

# --- theme ------------------------------------------------------------------------------------


def theme_rc() -> dict:
    """The rc parameters of the theme: seaborn ``paper`` context plus our style file."""
    rc = dict(sns.plotting_context("paper"))
    rc.update(sns.axes_style("whitegrid"))
    rc.update(matplotlib.rc_params_from_file(str(STYLE_FILE), use_default_template=False))
    return rc


@contextmanager
def use_theme():
    """Context in which figures are drawn with the theme (global rcParams untouched after)."""
    with matplotlib.rc_context(theme_rc()):
        yield


def new_figure(
    nrows: int = 1, ncols: int = 1, *, height: float | None = None, width: float | None = None, **subplot_kw
) -> tuple[Figure, np.ndarray]:
    """A themed figure (not registered with pyplot) and its axes array.

    Margins for the title, an optional figure legend and the source line are set by
    :func:`finish`, which every plot function calls last.
    """
    size = list(matplotlib.rcParams["figure.figsize"])
    if width:
        size[0] = width
    if height:
        size[1] = height
    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **subplot_kw)
    return fig, axes


TITLE_BAND_IN = 0.40
LEGEND_BAND_IN = 0.34
SOURCE_LINE_IN = 0.125


def _wrap(text: str, width_in: float) -> list[str]:
    """Wrap the source and note lines to the figure width (about 17 characters per inch)."""
    chars = max(40, int(width_in * 17.5))
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, chars) or [""])
    return lines


def finish(
    fig: Figure,
    title: str,
    source: str,
    note: str | None = None,
    legend: tuple[list, list] | None = None,
    legend_cols: int = 6,
) -> Figure:
    """Add the title, an optional figure-wide legend under it, and the source line at the bottom.

    The constrained layout is given fixed bands (in inches) for these, so nothing overlaps
    whatever the figure's size.
    """
    width, height = fig.get_figwidth(), fig.get_figheight()
    text = source if source.lower().startswith("source") else f"Source: {source}"
    lines = _wrap(text + (f"\n{note}" if note else ""), width)
    rows = 0
    if legend and legend[0]:
        # entries are about 0.5 in of handle and padding plus 0.062 in per character
        entry = max(0.5 + 0.062 * len(label) for label in legend[1])
        legend_cols = max(1, min(legend_cols, len(legend[0]), int((width - 0.1) // entry)))
        rows = -(-len(legend[0]) // legend_cols)
    top = TITLE_BAND_IN + (LEGEND_BAND_IN + 0.17 * (rows - 1) if rows else 0)
    bottom = 0.06 + SOURCE_LINE_IN * len(lines)
    # rect is (left, bottom, width, height) in figure coordinates
    fig.get_layout_engine().set(rect=(0, bottom / height, 1, 1 - (top + bottom) / height))
    fig.text(0.01, 1 - 0.08 / height, title, ha="left", va="top", fontsize=10.5, fontweight="bold")
    if legend and legend[0]:
        fig.legend(
            *legend,
            loc="upper left",
            bbox_to_anchor=(0.005, 1 - TITLE_BAND_IN / height),
            ncols=min(legend_cols, len(legend[0])),
            frameon=False,
            borderaxespad=0.2,
        )
    fig.text(
        0.01,
        0.04 / height,
        "\n".join(lines),
        ha="left",
        va="bottom",
        fontsize=6.5,
        color="#555555",
        linespacing=1.3,
    )
    return fig


def legend_entries(axes: Iterable) -> tuple[list, list]:
    """Unique legend handles and labels across axes (figure-wide legend)."""
    handles, labels = [], []
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in labels and not label.startswith("_"):
                handles.append(handle)
                labels.append(label)
    return handles, labels


def source_line(rows: pd.DataFrame | None = None, extra: Iterable[str] = ()) -> str:
    """The source line for the facts drawn: sources (registry order) with their editions.

    ``"US TIP Report narratives (2008, 2019-2021 editions); UNODC GLOTIP (2023 release)"``.
    """
    parts: list[str] = []
    if rows is not None and not rows.empty:
        present = set(rows["source"])
        for source in of_table("facts"):
            if source.id not in present:
                continue
            editions = sorted(set(rows.loc[rows["source"] == source.id, "report_year"].dropna().astype(int)))
            word = source.edition_word + ("s" if len(editions) > 1 else "")
            parts.append(f"{source.cite} ({year_span(editions)} {word})" if editions else source.cite)
    parts.extend(extra)
    return "Source: " + "; ".join(parts) if parts else "Source: tip-analysis panel"


def year_span(years: Sequence[int]) -> str:
    """[2008, 2019, 2020, 2021] → '2008, 2019-2021'."""
    if not years:
        return ""
    runs, start, prev = [], years[0], years[0]
    for year in [*years[1:], None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        runs.append(f"{start}" if start == prev else f"{start}-{prev}")
        if year is not None:
            start = prev = year
    return ", ".join(runs)


def empty_note(ax, text: str) -> None:
    """Say in an axes that there is nothing to draw (never leave empty axes unexplained)."""
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        text,
        ha="center",
        va="center",
        fontsize=8.5,
        color="#555555",
        transform=ax.transAxes,
        wrap=True,
    )


# --- helpers ------------------------------------------------------------------------------------


def break_gaps(years: pd.Series, values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Insert NaN between non-consecutive years so a line is not drawn across a gap."""
    xs, ys = [], []
    previous = None
    for year, value in zip(years, values, strict=True):
        if previous is not None and year - previous > 1:
            xs.append(np.nan)
            ys.append(np.nan)
        xs.append(year)
        ys.append(value)
        previous = year
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def year_axis(ax, years: Iterable[int]) -> None:
    """Integer year ticks, as many as fit the axes' width (about two per inch)."""
    years = sorted({int(y) for y in years if pd.notna(y)})
    if not years:
        return
    span = years[-1] - years[0]
    width_in = ax.figure.get_figwidth() * ax.get_position().width
    fit = max(2, int(width_in * 2.2))
    step = next(s for s in (1, 2, 5, 10, 20) if span / s + 1 <= fit)
    ticks = [y for y in range(years[0], years[-1] + 1) if (y - years[0]) % step == 0]
    ax.set_xticks(ticks)
    ax.set_xticklabels([str(t) for t in ticks], rotation=0)
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.grid(axis="x", visible=False)


def fmt_ratio(value: float) -> str:
    return f"×{value:.2f}" if value < 10 else f"×{value:.0f}"

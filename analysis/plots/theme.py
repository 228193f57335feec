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
from contextvars import ContextVar

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from analysis.paths import PACKAGE_DIR
from analysis.schema import criterion_statuses, followthrough_statuses, indicators, tier_levels
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
FOLLOWTHROUGH_COLORS = dict(
    zip(followthrough_statuses()["status"], followthrough_statuses()["colour"], strict=True)
)
FOLLOWTHROUGH_LABELS = dict(
    zip(followthrough_statuses()["status"], followthrough_statuses()["label"], strict=True)
)
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


# --- width ------------------------------------------------------------------------------------

#: Figure widths a journal asks for, in inches: one column or the full page.
WIDTHS = {"single": 3.5, "double": 7.2}
#: The width the figures are designed at (today's size).
DESIGN_WIDTH = WIDTHS["double"]
MIN_WIDTH_IN, MAX_WIDTH_IN = 2.5, 12.0
#: No text is smaller than this at print size.
MIN_FONT_PT = 6.0
#: Below this width, side-by-side panels are stacked and outside legends move to the top.
NARROW_BELOW_IN = 5.0

_WIDTH: ContextVar[float] = ContextVar("tip_analysis_figure_width", default=DESIGN_WIDTH)


def parse_width(value) -> float:
    """``"single"`` (3.5 in), ``"double"`` (7.2 in) or a width in inches (2.5–12).

    Raises:
        ValueError: anything else, naming what is accepted.
    """
    if isinstance(value, str) and value.strip().lower() in WIDTHS:
        return WIDTHS[value.strip().lower()]
    try:
        inches = float(value)
    except (TypeError, ValueError):
        inches = float("nan")
    if isinstance(value, bool) or not MIN_WIDTH_IN <= inches <= MAX_WIDTH_IN:
        raise ValueError(
            f"width {value!r}: accepted single (3.5 in), double (7.2 in) or inches from "
            f"{MIN_WIDTH_IN:g} to {MAX_WIDTH_IN:g}"
        )
    return inches


@contextmanager
def figure_width(value="double"):
    """Figures made inside the block are ``value`` wide (see :func:`parse_width`)."""
    token = _WIDTH.set(parse_width(value))
    try:
        yield _WIDTH.get()
    finally:
        _WIDTH.reset(token)


def current_width() -> float:
    """The width, in inches, figures are being made at."""
    return _WIDTH.get()


def narrow() -> bool:
    """True when figures are too narrow for side-by-side panels or legends beside the axes."""
    return current_width() < NARROW_BELOW_IN


def _scale() -> float:
    """How much fonts and lines shrink at this width: in proportion, but by at most a fifth."""
    return min(1.0, max(0.8, current_width() / DESIGN_WIDTH))


def fs(points: float) -> float:
    """A font size designed at full width, at the current width (never below :data:`MIN_FONT_PT`)."""
    return max(MIN_FONT_PT, round(points * _scale(), 2))


def lw(points: float) -> float:
    """A line width designed at full width, at the current width."""
    return round(points * (0.5 + 0.5 * _scale()), 3)


# --- theme ------------------------------------------------------------------------------------

_FONT_KEYS = (
    "font.size",
    "axes.titlesize",
    "axes.labelsize",
    "legend.fontsize",
    "xtick.labelsize",
    "ytick.labelsize",
    "legend.title_fontsize",
    "figure.titlesize",
)
_LINE_KEYS = (
    "lines.linewidth",
    "axes.linewidth",
    "grid.linewidth",
    "xtick.major.width",
    "ytick.major.width",
    "patch.linewidth",
)


def theme_rc() -> dict:
    """The rc parameters of the theme: seaborn ``paper`` context plus our style file, with font
    sizes and line widths set for the current width (:func:`figure_width`)."""
    rc = dict(sns.plotting_context("paper"))
    rc.update(sns.axes_style("whitegrid"))
    rc.update(matplotlib.rc_params_from_file(str(STYLE_FILE), use_default_template=False))
    for key in _FONT_KEYS:
        if isinstance(rc.get(key), int | float):
            rc[key] = fs(rc[key])
    for key in _LINE_KEYS:
        if isinstance(rc.get(key), int | float):
            rc[key] = lw(rc[key])
    rc["lines.markersize"] = rc.get("lines.markersize", 5) * (0.5 + 0.5 * _scale())
    rc["figure.figsize"] = [current_width(), rc["figure.figsize"][1]]
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


def panels(n: int, height: float, stacked_height: float | None = None, **subplot_kw):
    """``n`` panels side by side, or stacked when the figure is narrow (:func:`narrow`).

    Returns:
        ``(fig, axes, stacked)``: ``axes`` a flat list in reading order; ``stacked`` True when
        the panels are one above the other (give the x label to the last one only).
    """
    n = max(n, 1)
    if narrow() and n > 1:
        fig, grid = new_figure(n, 1, height=stacked_height or 1.4 + 2.3 * n, **subplot_kw)
        return fig, list(grid[:, 0]), True
    fig, grid = new_figure(1, n, height=height, **subplot_kw)
    return fig, list(grid[0]), False


TITLE_BAND_IN = 0.40
LEGEND_BAND_IN = 0.34
SOURCE_LINE_IN = 0.125


def _wrap(text: str, width_in: float, size: float = 6.5) -> list[str]:
    """Wrap lines of ``size``-point text to the figure width (about 114 / size characters per inch)."""
    chars = max(20, int(width_in * 114 / size))
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
    small, title_size, legend_size = fs(6.5), fs(10.5), fs(7.5)
    text = source if source.lower().startswith("source") else f"Source: {source}"
    lines = _wrap(text + (f"\n{note}" if note else ""), width, small)
    title_lines = textwrap.wrap(title, max(20, int((width - 0.1) * 112 / title_size))) or [""]
    title_band = TITLE_BAND_IN * title_size / 10.5 + (len(title_lines) - 1) * title_size * 1.25 / 72
    rows = 0
    if legend and legend[0]:
        # entries are about 0.5 in of handle and padding plus 0.062 in per character at 7.5 pt
        per_char = 0.062 * legend_size / 7.5
        entry = max(0.5 * legend_size / 7.5 + per_char * len(label) for label in legend[1])
        legend_cols = max(1, min(legend_cols, len(legend[0]), int((width - 0.1) // entry)))
        rows = -(-len(legend[0]) // legend_cols)
    row_in = 0.17 * legend_size / 7.5
    top = title_band + (LEGEND_BAND_IN * legend_size / 7.5 + row_in * (rows - 1) if rows else 0)
    bottom = 0.06 + SOURCE_LINE_IN * small / 6.5 * len(lines)
    # rect is (left, bottom, width, height) in figure coordinates
    fig.get_layout_engine().set(rect=(0, bottom / height, 1, 1 - (top + bottom) / height))
    fig.text(
        0.01,
        1 - 0.08 / height,
        "\n".join(title_lines),
        ha="left",
        va="top",
        fontsize=title_size,
        fontweight="bold",
    )
    if legend and legend[0]:
        fig.legend(
            *legend,
            loc="upper left",
            bbox_to_anchor=(0.005, 1 - title_band / height),
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
        fontsize=small,
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


def followthrough_stack(ax, table: pd.DataFrame, horizontal: bool = False) -> None:
    """One stacked bar per row of ``table`` (columns named by follow-through status), in the status
    order and colours of ``followthrough_statuses.csv``; the count axis in whole items, no grid
    lines across the bars."""
    positions = np.arange(len(table))
    base = np.zeros(len(table))
    for status, colour in FOLLOWTHROUGH_COLORS.items():
        values = table[status].astype(float).to_numpy()
        # "not read" is pale: hatched and framed so that it shows on the white page
        unread = (
            {"hatch": "///", "edgecolor": "#888888", "linewidth": lw(0.4)} if status == "not_read" else {}
        )
        label = FOLLOWTHROUGH_LABELS[status]
        if horizontal:
            ax.barh(positions, values, left=base, color=colour, height=0.7, label=label, **unread)
        else:
            ax.bar(positions, values, bottom=base, color=colour, width=0.7, label=label, **unread)
        base += values
    counts = ax.xaxis if horizontal else ax.yaxis
    counts.get_major_locator().set_params(integer=True)
    ax.grid(axis="y" if horizontal else "x", visible=False)


def fmt_ratio(value: float) -> str:
    return f"×{value:.2f}" if value < 10 else f"×{value:.0f}"

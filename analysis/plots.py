"""Publication figures: one theme, colour-blind-safe colours, a source line, deterministic files.

Plot functions take DataFrames (as computed by :mod:`analysis.enforcement`,
:mod:`analysis.protection`, :mod:`analysis.tiers`) and return a
:class:`matplotlib.figure.Figure`; they never read files and never touch pyplot's global
state. :func:`save_figure` writes ``figures/<ISO3 or global>/<name>.<fmt>`` atomically with
deterministic bytes (fixed SVG hash salt; no date, creation-date or software metadata), plus a
JSON sidecar with the parameters and a hash of the data drawn.

The theme is seaborn's ``paper`` context with ``analysis/style/tip.mplstyle`` on top (Okabe–Ito
palette); every figure has a title, axis labels with units, and a source line.
"""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.patches
import matplotlib.ticker
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.paths import FIGURES_DIR, PACKAGE_DIR, ROOT
from analysis.atomic import write_atomic
from analysis.rawio import frame_to_csv_bytes

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
LIGHT = "#E6E6E6"

INDICATOR_COLORS = {
    "suspects_identified": OKABE_ITO["blue"],
    "investigations": OKABE_ITO["sky"],
    "prosecutions": OKABE_ITO["orange"],
    "convictions": OKABE_ITO["green"],
    "victims_identified": OKABE_ITO["purple"],
    "victims_referred": OKABE_ITO["vermillion"],
    "victims_assisted": OKABE_ITO["sky"],
    "victims_sheltered": OKABE_ITO["yellow"],
}
INDICATOR_LABELS = {
    "suspects_identified": "Suspects identified",
    "investigations": "Investigations",
    "prosecutions": "Prosecutions",
    "convictions": "Convictions",
    "victims_identified": "Victims identified",
    "victims_referred": "Victims referred",
    "victims_assisted": "Victims assisted",
    "victims_sheltered": "Victims sheltered",
}
SOURCE_LABELS = {
    "tip_narrative": "TIP Report narrative",
    "tip_global": "TIP Report global table",
    "unodc_glotip": "UNODC GLOTIP",
}
SOURCE_MARKERS = {"tip_narrative": "o", "unodc_glotip": "s", "tip_global": "D"}
STATUS_COLORS = {
    "met": OKABE_ITO["green"],
    "partial": OKABE_ITO["orange"],
    "not_met": OKABE_ITO["vermillion"],
    "not_reported": LIGHT,
}
STATUS_SYMBOLS = {"met": "✓", "partial": "½", "not_met": "✗", "not_reported": "–"}
TIER_COLORS = {
    "1": OKABE_ITO["green"],
    "2": OKABE_ITO["sky"],
    "2.5": OKABE_ITO["orange"],
    "3": OKABE_ITO["vermillion"],
    "special": GREY,
}
TIER_SOURCE_LABELS = {
    "tip_narrative": "TIP Report narratives",
    "kelley_cho": "Kelley (2017) coded tiers",
    "kelley_simmons": "Kelley & Simmons (2015)",
    "tier_lists_web": "transcribed TIP tier lists",
    "tier_lists_2016_2025": "partial tier lists 2016-2025",
    "cia_factbook": "CIA World Factbook",
}
TIER_LABELS = {"1": "Tier 1", "2": "Tier 2", "2.5": "Watch List", "3": "Tier 3", "special": "Special case"}

PNG_DPI = 200
SVG_HASH_SALT = "tip-analysis"
_METADATA = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None, "Producer": None}}


class FigureFormatError(ValueError):
    """A figure format that save_figure cannot write."""


# --- theme ------------------------------------------------------------------------------------


def theme_rc() -> dict:
    """The rc parameters of the theme: seaborn ``paper`` context plus our style file."""
    rc = dict(sns.plotting_context("paper"))
    rc.update(sns.axes_style("whitegrid"))
    rc.update(matplotlib.rc_params_from_file(str(STYLE_FILE), use_default_template=False))
    return rc


@contextmanager
def theme():
    """Context in which figures are drawn with the theme (global rcParams untouched after)."""
    with matplotlib.rc_context(theme_rc()):
        yield


def new_figure(nrows: int = 1, ncols: int = 1, *, height: float | None = None,
               width: float | None = None, **subplot_kw) -> tuple[Figure, np.ndarray]:
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


def finish(fig: Figure, title: str, source: str, note: str | None = None,
           legend: tuple[list, list] | None = None, legend_cols: int = 6) -> Figure:
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
        fig.legend(*legend, loc="upper left", bbox_to_anchor=(0.005, 1 - TITLE_BAND_IN / height),
                   ncols=min(legend_cols, len(legend[0])), frameon=False, borderaxespad=0.2)
    fig.text(0.01, 0.04 / height, "\n".join(lines), ha="left", va="bottom", fontsize=6.5,
             color="#555555", linespacing=1.3)
    return fig


def _legend_entries(axes: Iterable) -> tuple[list, list]:
    """Unique legend handles and labels across axes (figure-wide legend)."""
    handles, labels = [], []
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            if label not in labels and not label.startswith("_"):
                handles.append(handle)
                labels.append(label)
    return handles, labels


def source_line(rows: pd.DataFrame | None = None, extra: Iterable[str] = ()) -> str:
    """The source line for the facts drawn: sources with their editions.

    ``"UNODC GLOTIP (2023 release); US TIP Report narratives (2008, 2019-2021 editions)"``.
    """
    parts: list[str] = []
    if rows is not None and not rows.empty:
        for source in ("tip_narrative", "tip_global", "unodc_glotip"):
            editions = rows.loc[rows["source"] == source, "report_year"].dropna().astype(int)
            if source not in set(rows["source"]):
                continue
            years = _year_span(sorted(set(editions)))
            editions = "edition" if len(set(editions)) == 1 else "editions"
            if source == "unodc_glotip":
                parts.append(f"UNODC GLOTIP ({years} release)" if years else "UNODC GLOTIP")
            elif source == "tip_global":
                label = "US TIP Report, Global Law Enforcement Data"
                parts.append(f"{label} ({years} {editions})" if years else label)
            else:
                parts.append(f"US TIP Report narratives ({years} {editions})" if years else "US TIP Report")
    parts.extend(extra)
    return "Source: " + "; ".join(parts) if parts else "Source: tip-analysis panel"


def _year_span(years: Sequence[int]) -> str:
    """[2008, 2019, 2020, 2021] → '2008, 2019-2021'."""
    if not years:
        return ""
    runs, start, prev = [], years[0], years[0]
    for year in list(years[1:]) + [None]:
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
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=8.5, color="#555555",
            transform=ax.transAxes, wrap=True)


# --- saving -----------------------------------------------------------------------------------


def _resolve_dir(figures_dir: str | Path | None) -> Path:
    folder = Path(figures_dir) if figures_dir else FIGURES_DIR
    return folder if folder.is_absolute() else ROOT / folder


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """The figure in ``fmt`` (png, svg, pdf) with deterministic bytes."""
    if fmt not in _METADATA:
        raise FigureFormatError(f"unknown figure format {fmt!r}; accepted: {', '.join(_METADATA)}")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASH_SALT}):
        fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=_METADATA[fmt])
    return buffer.getvalue()


def save_figure(
    fig: Figure,
    name: str,
    country: str | None = None,
    formats: Sequence[str] = ("png", "svg"),
    figures_dir: str | Path | None = None,
    parameters: dict | None = None,
    data: pd.DataFrame | None = None,
) -> dict[str, Path]:
    """Write ``<figures_dir>/<ISO3 or global>/<name>.<fmt>`` for each format, atomically.

    Args:
        fig: the figure.
        name: file stem (``enforcement``, ``tier_trajectory``, …).
        country: ISO3 code, or None for global figures.
        formats: any of ``png`` (200 dpi), ``svg``, ``pdf``.
        figures_dir: base folder; relative paths are taken from the repository root
            (default ``figures/``).
        parameters: what produced the figure (notebook parameters), stored in the sidecar.
        data: the frame drawn; its SHA-256 goes in the sidecar, so a changed figure can be
            traced to changed data.

    Returns:
        The written paths by format (and ``json`` for the sidecar).
    """
    for fmt in formats:
        if fmt not in _METADATA:
            raise FigureFormatError(f"unknown figure format {fmt!r}; accepted: {', '.join(_METADATA)}")
    folder = _resolve_dir(figures_dir) / (country or "global")
    written: dict[str, Path] = {}
    hashes: dict[str, str] = {}
    for fmt in formats:
        payload = figure_bytes(fig, fmt)
        path = folder / f"{name}.{fmt}"
        write_atomic(path, payload)
        written[fmt] = path
        hashes[fmt] = hashlib.sha256(payload).hexdigest()
    sidecar = {
        "name": name,
        "country": country or "global",
        "formats": list(formats),
        "files_sha256": hashes,
        "parameters": parameters or {},
        "data_sha256": hashlib.sha256(frame_to_csv_bytes(data)).hexdigest() if data is not None else None,
        "data_rows": None if data is None else len(data),
    }
    path = folder / f"{name}.json"
    write_atomic(path, (json.dumps(sidecar, indent=2, sort_keys=True, default=str) + "\n").encode())
    written["json"] = path
    return written


def remove_figure(name: str, country: str | None = None, figures_dir: str | Path | None = None) -> list[Path]:
    """Delete a figure's files (every format and the sidecar), so no stale figure survives a
    run in which the figure has nothing to show. Returns the removed paths."""
    folder = _resolve_dir(figures_dir) / (country or "global")
    removed = []
    for suffix in (*_METADATA, "json"):
        path = folder / f"{name}.{suffix}"
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


# --- helpers ------------------------------------------------------------------------------------


def _break_gaps(years: pd.Series, values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Insert NaN between non-consecutive years so a line is not drawn across a gap."""
    xs, ys = [], []
    previous = None
    for year, value in zip(years, values):
        if previous is not None and year - previous > 1:
            xs.append(np.nan)
            ys.append(np.nan)
        xs.append(year)
        ys.append(value)
        previous = year
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def _year_axis(ax, years: Iterable[int]) -> None:
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


def _fmt_ratio(value: float) -> str:
    return f"×{value:.2f}" if value < 10 else f"×{value:.0f}"


# --- country figures ------------------------------------------------------------------------------


def enforcement_over_time(values: pd.DataFrame, yoy: pd.DataFrame, title: str, source: str) -> Figure:
    """Suspects/investigations → prosecutions → convictions by year, one panel per source.

    Args:
        values: ``source, indicator, year, low, high, note`` (from
            :func:`analysis.series.year_values`); intervals (ranges, ``<5``, several figures)
            are drawn as hollow markers with a bar from low to high.
        yoy: YoY ratios (``source, indicator, year, ratio``) to annotate at each point.
        title, source: figure title and source line.
    """
    with theme():
        sources = [s for s in ("tip_narrative", "unodc_glotip", "tip_global") if s in set(values["source"])]
        fig, axes = new_figure(1, max(len(sources), 1), height=4.4, sharey=False)
        if not sources:
            empty_note(axes[0, 0], "No enforcement figures reported for the selected years and sources.")
            return finish(fig, title, source)
        all_years = values["year"].dropna()
        for ax, src in zip(axes[0], sources):
            rows = values[values["source"] == src]
            for indicator in ("suspects_identified", "investigations", "prosecutions", "convictions"):
                series = rows[rows["indicator"] == indicator].sort_values("year")
                if series.empty:
                    continue
                color = INDICATOR_COLORS[indicator]
                exact = series["low"] == series["high"]
                xs, ys = _break_gaps(series["year"], series["low"].where(exact, (series["low"] + series["high"]) / 2))
                ax.plot(xs, ys, color=color, label=INDICATOR_LABELS[indicator], marker=None)
                ax.scatter(series.loc[exact, "year"], series.loc[exact, "low"], color=color,
                           marker=SOURCE_MARKERS.get(src, "o"), s=22, zorder=3)
                fuzzy = series[~exact]
                if not fuzzy.empty:
                    mid = (fuzzy["low"] + fuzzy["high"]) / 2
                    ax.errorbar(fuzzy["year"], mid, yerr=[mid - fuzzy["low"], fuzzy["high"] - mid],
                                fmt=SOURCE_MARKERS.get(src, "o"), mfc="white", mec=color, ecolor=color,
                                ms=5, capsize=2, lw=1, zorder=3)
                plotted = dict(zip(series["year"], series["low"].where(exact, (series["low"] + series["high"]) / 2)))
                ratios = yoy[(yoy["source"] == src) & (yoy["indicator"] == indicator)]
                for k, row in enumerate(ratios.sort_values("year").itertuples()):
                    if row.year not in plotted or row.previous_year not in plotted:
                        continue
                    y0, y1 = float(plotted[row.previous_year]), float(plotted[row.year])
                    if row.year - row.previous_year > 1:  # compared across a gap: dotted, not solid
                        ax.plot([row.previous_year, row.year], [y0, y1], ls=":", lw=0.9, color=color)
                    if pd.notna(row.ratio):  # the ratio labels the segment it describes
                        ax.annotate(_fmt_ratio(float(row.ratio)), ((row.year + row.previous_year) / 2, (y0 + y1) / 2),
                                    # alternate above / below: labels of neighbouring segments never meet
                                    textcoords="offset points", xytext=(0, 3 if k % 2 == 0 else -3),
                                    ha="center", va="bottom" if k % 2 == 0 else "top",
                                    fontsize=6.5, color=color,
                                    bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85})
            ax.set_title(SOURCE_LABELS.get(src, src))
            ax.set_xlabel("Reference year")
            ax.set_ylabel("Count (persons or cases, as reported)")
            ax.set_ylim(bottom=0)
            ax.margins(y=0.15)
            _year_axis(ax, all_years)
        for ax in axes[0, 1:]:
            ax.set_ylabel("")
        note = ("Labels: change on the previous year present (×ratio); a dotted segment compares across "
                "years with no figure. Hollow markers with bars: ranges or suppressed UNODC counts (<5 = 0-4).")
        return finish(fig, title, source, note, legend=_legend_entries(axes[0]))


def yoy_headline(latest: pd.DataFrame, title: str, source: str) -> Figure:
    """Latest year-over-year ratio per indicator and source, on a log scale around 1.

    Args:
        latest: one row per source and indicator: ``source, indicator, year, previous_year,
            ratio`` (defined ratios only).
    """
    with theme():
        n = max(len(latest), 1)
        fig, axes = new_figure(height=1.4 + 0.32 * n)
        ax = axes[0, 0]
        if latest.empty:
            empty_note(ax, "No year-over-year ratio can be computed (fewer than two years per series).")
            return finish(fig, title, source)
        rows = latest.reset_index(drop=True)
        labels = [f"{INDICATOR_LABELS.get(r.indicator, r.indicator)} — {SOURCE_LABELS.get(r.source, r.source)}"
                  f" ({int(r.previous_year)}→{int(r.year)})" for r in rows.itertuples()]
        raw = rows["ratio"].astype(float).to_numpy()
        cap = 4.0  # ×1/16 .. ×16; beyond (and a fall to zero) the bar stops at the edge
        with np.errstate(divide="ignore"):
            logs = np.where(raw > 0, np.log2(np.where(raw > 0, raw, 1)), -np.inf)
        shown = np.clip(logs, -cap, cap)
        colors = [OKABE_ITO["green"] if r >= 1 else OKABE_ITO["vermillion"] for r in raw]
        y = np.arange(len(rows))[::-1]
        ax.barh(y, shown, color=colors, height=0.6)
        for yi, value, r in zip(y, shown, raw):
            label = "×0 (fell to none)" if r == 0 else _fmt_ratio(r)
            if abs(value) >= cap:  # bar stops at the edge: write the value inside it
                ax.text(value + (-0.1 if r >= 1 else 0.1), yi, label, va="center", color="white",
                        ha="right" if r >= 1 else "left", fontsize=7, fontweight="bold")
            else:
                ax.text(value + (0.08 if r >= 1 else -0.08), yi, label, va="center",
                        ha="left" if r >= 1 else "right", fontsize=7)
        ax.set_yticks(y)
        ax.set_yticklabels(labels)
        ax.axvline(0, color="#444444", lw=0.8)
        lim = min(cap, max(1.0, float(np.abs(shown).max()))) + 1.2
        ax.set_xlim(-lim, lim)
        ticks = list(range(-int(min(cap, lim)), int(min(cap, lim)) + 1))
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"×{2 ** t}" if t >= 0 else f"×1/{2 ** -t}" for t in ticks])
        ax.set_xlabel("Change on the previous year reported (ratio, log scale)")
        ax.grid(axis="y", visible=False)
        return finish(fig, title, source)


def attrition_vs_region(regional: pd.DataFrame, own: pd.DataFrame, title: str, source: str,
                        ylabel: str = "Convictions per prosecution (ratio)") -> Figure:
    """A country's conversion ratio beside its region's median and IQR and the world median.

    Args:
        regional: :func:`analysis.enforcement.regional_comparison` output.
        own: the country's ratios from other sources (``source, year, ratio``) drawn as
            separate markers (never joined to the regional source's line).
    """
    with theme():
        fig, axes = new_figure(height=4.2)
        ax = axes[0, 0]
        if regional.empty and own.empty:
            empty_note(ax, "No convictions and prosecutions reported in the same year by one source.")
            return finish(fig, title, source)
        reg = regional.sort_values("year")
        region = reg["region"].dropna().iloc[0] if reg["region"].notna().any() else "region"
        years = reg["year"].astype(float)
        if reg["region_median"].notna().any():
            ax.fill_between(years, reg["region_q1"].astype(float), reg["region_q3"].astype(float),
                            color=OKABE_ITO["sky"], alpha=0.25, lw=0, label=f"{region}: middle half of countries")
            ax.plot(years, reg["region_median"].astype(float), color=OKABE_ITO["blue"], lw=1.4,
                    label=f"{region}: median")
        if reg["world_median"].notna().any():
            ax.plot(years, reg["world_median"].astype(float), color="#444444", lw=1.2, ls="--",
                    label="World: median")
        country = reg["country"].iloc[0] if not reg.empty else ""
        mine = reg[reg["value"].notna()]
        if not mine.empty:
            xs, ys = _break_gaps(mine["year"], mine["value"].astype(float))
            ax.plot(xs, ys, color=OKABE_ITO["vermillion"], lw=1.8, marker="s", ms=5, clip_on=False,
                    label=f"{country} ({SOURCE_LABELS.get(reg['source'].iloc[0], '')})")
        for src, rows in own.groupby("source"):
            rows = rows[rows["ratio"].notna()]
            if rows.empty:
                continue
            ax.scatter(rows["year"], rows["ratio"].astype(float), marker=SOURCE_MARKERS.get(src, "o"),
                       s=36, facecolor="white", edgecolor=OKABE_ITO["black"], zorder=4, clip_on=False,
                       label=f"{country} ({SOURCE_LABELS.get(src, src)}; other definitions)")
        ax.axhline(1, color=GREY, lw=0.8, ls=":")
        ax.set_ylim(bottom=0)
        ax.set_xlabel("Reference year")
        ax.set_ylabel(ylabel)
        all_years = pd.concat([reg["year"], own["year"]]) if not own.empty else reg["year"]
        _year_axis(ax, all_years)
        ax.margins(y=0.1)
        note = ("Same-year ratio: this year's convictions mostly stem from earlier prosecutions "
                "(different case cohorts), so values above 1 occur; not a conviction rate.")
        return finish(fig, title, source, note, legend=_legend_entries([ax]), legend_cols=3)


def protection_counts(values: pd.DataFrame, title: str, source: str) -> Figure:
    """Victims identified, referred and assisted per year, one panel per source.

    Args:
        values: ``source, indicator, year, low, high, note`` of the victim indicators (from
            :func:`analysis.series.year_values`). A year with several competing figures or a
            range is drawn hatched at its lower end, with a whisker to the upper end.
    """
    with theme():
        sources = [s for s in ("tip_narrative", "unodc_glotip") if s in set(values["source"])]
        fig, axes = new_figure(len(sources) or 1, 1, height=2.0 + 2.0 * max(len(sources), 1), sharex=True)
        if not sources:
            empty_note(axes[0, 0], "No victim counts reported for the selected years and sources.")
            return finish(fig, title, source)
        kinds = [k for k in ("victims_identified", "victims_referred", "victims_assisted")
                 if k in set(values["indicator"])]
        width = 0.8 / max(len(kinds), 1)
        fuzzy_seen = False
        for ax, src in zip(axes[:, 0], sources):
            rows = values[values["source"] == src]
            for i, kind in enumerate(kinds):
                offset = (i - (len(kinds) - 1) / 2) * width
                present = rows[rows["indicator"] == kind].sort_values("year")
                if present.empty:
                    continue
                x = present["year"].astype(float) + offset
                bars = ax.bar(x, present["low"].astype(float), width=width, color=INDICATOR_COLORS[kind],
                              label=INDICATOR_LABELS[kind])
                fuzzy = (present["high"] > present["low"]).to_numpy()
                for bar, is_fuzzy in zip(bars, fuzzy):
                    if is_fuzzy:
                        bar.set_hatch("////")
                        bar.set_edgecolor("white")
                if fuzzy.any():
                    fuzzy_seen = True
                    ax.vlines(x[fuzzy], present["low"][fuzzy].astype(float), present["high"][fuzzy].astype(float),
                              color="#333333", lw=1)
                    ax.scatter(x[fuzzy], present["high"][fuzzy].astype(float), marker="_", color="#333333", s=30)
            ax.set_title(SOURCE_LABELS.get(src, src))
            ax.set_ylabel("Victims (persons)")
            ax.set_ylim(bottom=0)
            ax.margins(y=0.1)
            _year_axis(ax, values["year"])
        axes[-1, 0].set_xlabel("Reference year")
        note = "Missing bars: not reported (not zero). Counts may come from different agencies."
        if fuzzy_seen:
            note += (" Hatched bars with a whisker: several competing figures (e.g. police and prosecutors) "
                     "or a range, from the lowest to the highest.")
        return finish(fig, title, source, note, legend=_legend_entries(axes[:, 0]))


def criteria_strip(criteria: pd.DataFrame, criteria_labels: dict[str, str], title: str, source: str) -> Figure:
    """Protection criteria (rows) by report year (columns): met / partial / not met / not reported.

    Args:
        criteria: ``criterion, report_year, status`` rows.
        criteria_labels: criterion → display label, in display order.
    """
    with theme():
        years = sorted(criteria["report_year"].dropna().astype(int).unique())
        fig, axes = new_figure(height=0.9 + 0.3 * len(criteria_labels), width=min(7.2, 3.6 + 0.7 * len(years)))
        ax = axes[0, 0]
        if not years:
            empty_note(ax, "No protection criteria assessed for this country.")
            return finish(fig, title, source)
        names = list(criteria_labels)
        lookup = {(r.criterion, int(r.report_year)): r.status for r in criteria.itertuples()}
        for yi, criterion in enumerate(names):
            for xi, year in enumerate(years):
                status = lookup.get((criterion, year), "not_reported")
                ax.add_patch(matplotlib.patches.Rectangle((xi - 0.45, yi - 0.4), 0.9, 0.8,
                                                          color=STATUS_COLORS[status], lw=0))
                ax.text(xi, yi, STATUS_SYMBOLS[status], ha="center", va="center", fontsize=8,
                        color="white" if status in ("met", "not_met") else "#333333")
        ax.set_xlim(-0.6, len(years) - 0.4)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_yticks(range(len(names)))
        ax.set_yticklabels([criteria_labels[c] for c in names])
        ax.set_xticks(range(len(years)))
        ax.set_xticklabels([str(y) for y in years])
        ax.set_xlabel("TIP Report edition")
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        handles = [Patch(color=STATUS_COLORS[s], label=f"{STATUS_SYMBOLS[s]} {s.replace('_', ' ')}")
                   for s in STATUS_COLORS]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), ncols=1)
        return finish(fig, title, source)


def tier_trajectory(history: pd.DataFrame, cho: pd.DataFrame, complete_years: set[int],
                    title: str, source: str) -> Figure:
    """Tier by report year (top) with the Cho–Dreher–Neumayer 3P scores (bottom).

    Args:
        history: :func:`analysis.tiers.history` rows of one country.
        cho: 3P rows of the country (``year, prosecution, protection, prevention``).
        complete_years: report years whose tier coverage is complete (filled markers);
            others are drawn hollow (placement found in a partial source).
    """
    with theme():
        fig, axes = new_figure(2, 1, height=5.0, sharex=True, height_ratios=[1.3, 1])
        top, bottom = axes[0, 0], axes[1, 0]
        years = list(history["report_year"].dropna().astype(int)) + list(cho["year"].dropna().astype(int))
        if history.empty:
            empty_note(top, "No tier placement found for this country.")
        else:
            rows = history.sort_values("report_year")
            y = rows["tier"].map({"1": 1, "2": 2, "2.5": 2.5, "3": 3, "special": 3.6}).astype(float)
            xs, ys = _break_gaps(rows["report_year"], y)
            top.plot(xs, ys, color="#777777", lw=1, drawstyle="steps-mid", zorder=1)
            for tier, color in TIER_COLORS.items():
                sel = rows["tier"] == tier
                if not sel.any():
                    continue
                full = sel & rows["report_year"].isin(complete_years)
                part = sel & ~rows["report_year"].isin(complete_years)
                top.scatter(rows.loc[full, "report_year"], y[full], color=color, s=40, zorder=3,
                            label=TIER_LABELS[tier])
                top.scatter(rows.loc[part, "report_year"], y[part], facecolor="white", edgecolor=color,
                            lw=1.4, s=40, zorder=3, label=None if full.any() else TIER_LABELS[tier])
            top.set_yticks([1, 2, 2.5, 3, 3.6])
            top.set_yticklabels(["Tier 1", "Tier 2", "Watch List", "Tier 3", "Special"])
            top.set_ylim(3.9, 0.7)
            top.set_ylabel("Tier placement")
            top.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        top.set_title("Tier by TIP Report edition (hollow: year with partial coverage)")
        if cho.empty:
            empty_note(bottom, "No Cho-Dreher-Neumayer 3P scores for this country (index covers 2000-2013).")
        else:
            rows = cho.sort_values("year")
            for column, color in (("prosecution", OKABE_ITO["orange"]), ("protection", OKABE_ITO["purple"]),
                                  ("prevention", OKABE_ITO["green"])):
                xs, ys = _break_gaps(rows["year"], rows[column].astype(float))
                bottom.plot(xs, ys, color=color, marker="o", ms=3, label=column.capitalize())
            bottom.set_ylim(0.5, 5.5)
            bottom.set_yticks([1, 2, 3, 4, 5])
            bottom.set_ylabel("3P score (1 = worst, 5 = best)")
            bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
            bottom.set_title("Cho-Dreher-Neumayer 3P index (assessment year)")
        bottom.set_xlabel("Year")
        _year_axis(bottom, years)
        return finish(fig, title, source)


def source_disagreements(pairs: pd.DataFrame, title: str, source: str) -> Figure:
    """The same indicator and year as reported by two sources, side by side.

    Args:
        pairs: ``indicator, year, tip_narrative, unodc_glotip`` (values; NA when missing).
    """
    with theme():
        fig, axes = new_figure(height=1.6 + 0.3 * max(len(pairs), 1))
        ax = axes[0, 0]
        if pairs.empty:
            empty_note(ax, "No indicator-year is reported by both the TIP narratives and UNODC.")
            return finish(fig, title, source)
        rows = pairs.reset_index(drop=True)
        y = np.arange(len(rows))[::-1]
        for yi, row in zip(y, rows.itertuples()):
            a, b = float(row.tip_narrative), float(row.unodc_glotip)
            ax.plot([a, b], [yi, yi], color="#BBBBBB", lw=1.2, zorder=1)
        ax.scatter(rows["tip_narrative"].astype(float), y, marker="o", color=OKABE_ITO["vermillion"],
                   s=32, zorder=3, label=SOURCE_LABELS["tip_narrative"])
        ax.scatter(rows["unodc_glotip"].astype(float), y, marker="s", color=OKABE_ITO["blue"],
                   s=32, zorder=3, label=SOURCE_LABELS["unodc_glotip"])
        ax.set_yticks(y)
        ax.set_yticklabels([f"{INDICATOR_LABELS.get(r.indicator, r.indicator)}, {int(r.year)}" for r in rows.itertuples()])
        ax.set_xlabel("Reported figure (persons or cases, as each source counts them)")
        ax.set_xlim(left=0)
        ax.margins(x=0.1)
        ax.grid(axis="y", visible=False)
        note = ("TIP figures are what the government reported for the report period; UNODC counts persons "
                "in national criminal-justice statistics per calendar year.")
        return finish(fig, title, source, note, legend=_legend_entries([ax]))


# --- global figures ---------------------------------------------------------------------------------


def global_enforcement(world: pd.DataFrame, title: str, source: str) -> Figure:
    """TIP global totals by data year: prosecutions and convictions (left), victims (right).

    Args:
        world: ``indicator, scope, year, value`` of the World aggregate (one edition chosen).
    """
    with theme():
        fig, axes = new_figure(1, 2, height=4.0)
        for ax, indicators, ylabel in (
            (axes[0, 0], ("prosecutions", "convictions"), "Cases or persons (as reported)"),
            (axes[0, 1], ("victims_identified",), "Victims identified (persons)"),
        ):
            for indicator in indicators:
                for scope, style, suffix in (("all", "-", ""), ("labor", "--", " (labour)")):
                    rows = world[(world["indicator"] == indicator) & (world["scope"] == scope)].sort_values("year")
                    if rows.empty:
                        continue
                    xs, ys = _break_gaps(rows["year"], rows["value"].astype(float))
                    ax.plot(xs, ys, ls=style, color=INDICATOR_COLORS[indicator], marker="o" if scope == "all" else None,
                            ms=3, label=INDICATOR_LABELS[indicator] + suffix)
            ax.set_xlabel("Data year")
            ax.set_ylabel(ylabel)
            ax.set_ylim(bottom=0)
            ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
            _year_axis(ax, world["year"])
        axes[0, 0].set_title("Prosecutions and convictions")
        axes[0, 1].set_title("Victims identified")
        return finish(fig, title, source, "Dashed: the labour-trafficking subset the reports give in parentheses.",
                      legend=_legend_entries(axes[0]))


def global_ratios(table: pd.DataFrame, title: str, source: str) -> Figure:
    """Convictions per prosecution (left) and labour-trafficking shares (right) by data year.

    Args:
        table: ``year, convictions_per_prosecution, labor_share_prosecutions,
            labor_share_convictions, labor_share_victims`` (shares in percent).
    """
    with theme():
        fig, axes = new_figure(1, 2, height=3.8)
        left, right = axes[0, 0], axes[0, 1]
        rows = table.sort_values("year")
        xs, ys = _break_gaps(rows["year"], rows["convictions_per_prosecution"].astype(float))
        left.plot(xs, ys, color=OKABE_ITO["green"], marker="o", ms=3)
        left.set_ylim(0, max(1.0, float(np.nanmax(ys)) * 1.15) if np.isfinite(ys).any() else 1)
        left.set_title("Convictions per prosecution")
        left.set_ylabel("Ratio (same data year)")
        left.set_xlabel("Data year")
        _year_axis(left, rows["year"])
        for column, label, color in (
            ("labor_share_prosecutions", "Prosecutions", OKABE_ITO["orange"]),
            ("labor_share_convictions", "Convictions", OKABE_ITO["green"]),
            ("labor_share_victims", "Victims identified", OKABE_ITO["purple"]),
        ):
            sel = rows[rows[column].notna()]
            if sel.empty:
                continue
            xs, ys = _break_gaps(sel["year"], sel[column].astype(float))
            right.plot(xs, ys, color=color, marker="o", ms=3, label=label)
        right.set_title("Labour trafficking share")
        right.set_ylabel("Share of the total (%)")
        right.set_xlabel("Data year")
        right.set_ylim(bottom=0)
        _year_axis(right, rows["year"])
        return finish(fig, title, source, "Same-year ratio: convictions and prosecutions are different case cohorts; "
                      "labour shares: labour subset / total of the same edition.",
                      legend=_legend_entries([right]))


def tier_distribution(counts: pd.DataFrame, title: str, source: str) -> Figure:
    """Countries per tier by report year, stacked; partial-coverage years hatched.

    Args:
        counts: :func:`analysis.tiers.counts_per_year` output.
    """
    with theme():
        fig, axes = new_figure(height=4.2)
        ax = axes[0, 0]
        rows = counts.sort_values("report_year")
        years = rows["report_year"].astype(int).to_numpy()
        bottom = np.zeros(len(rows))
        partial = (rows["coverage"] == "partial").to_numpy()
        for tier in ("1", "2", "2.5", "3", "special"):
            heights = rows[tier].astype(float).to_numpy()
            bars = ax.bar(years, heights, bottom=bottom, color=TIER_COLORS[tier], label=TIER_LABELS[tier],
                          width=0.8, lw=0)
            for bar, is_partial in zip(bars, partial):
                if is_partial:
                    bar.set_hatch("////")
                    bar.set_edgecolor("white")
            bottom += heights
        for x, total, is_partial in zip(years, bottom, partial):
            if is_partial:
                ax.text(x, total + 2, "partial", rotation=90, ha="center", va="bottom", fontsize=6, color="#555555")
        ax.set_xlabel("TIP Report edition")
        ax.set_ylabel("Countries placed (count)")
        ax.set_ylim(0, max(bottom.max() * 1.18, 10))
        _year_axis(ax, years)
        note = ("Hatched: years for which only some placements were found (partial coverage); "
                "their bars count placements found, not the report's list.")
        return finish(fig, title, source, note, legend=_legend_entries([ax]))


def regional_medians(table: pd.DataFrame, title: str, source: str,
                     ylabel: str = "Convictions per prosecution (median ratio)",
                     note: str = "Medians over the countries of each region that report both figures that year.") -> Figure:
    """Median of a ratio per region and year (one line per region).

    Args:
        table: ``region, year, median, n`` rows.
    """
    with theme():
        fig, axes = new_figure(height=4.0)
        ax = axes[0, 0]
        if table.empty:
            empty_note(ax, "No region has countries reporting both figures.")
            return finish(fig, title, source)
        palette = list(OKABE_ITO.values())
        for i, (region, rows) in enumerate(table.groupby("region", sort=True)):
            rows = rows.sort_values("year")
            xs, ys = _break_gaps(rows["year"], rows["median"].astype(float))
            ax.plot(xs, ys, marker="o", ms=3, color=palette[i % len(palette)], label=region)
        ax.axhline(1, color=GREY, lw=0.8, ls=":")
        ax.set_ylim(bottom=0)
        ax.set_xlabel("Reference year")
        ax.set_ylabel(ylabel)
        _year_axis(ax, table["year"])
        ax.margins(y=0.1)
        return finish(fig, title, source, note, legend=_legend_entries([ax]))

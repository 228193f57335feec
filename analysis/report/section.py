"""What every report is made of: sections, the panel they read, and the year window.

A report (:mod:`analysis.report.country`, :mod:`analysis.report.global_`) is a list of
:class:`Section` objects, each computed prose with at most one figure and the frame drawn.
:func:`in_window` is the one rule for "within first_year–last_year" shared by every report.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from analysis.panel import Panel
from analysis.plots.theme import figure_width, parse_width

__all__ = ["MARK_COLUMNS", "Drawing", "Panel", "Section", "caption", "in_window", "marks"]

#: Leading columns of every figure's source data (others follow, figure by figure).
MARK_COLUMNS = [
    "country",
    "iso3",
    "source",
    "indicator",
    "year",
    "value",
    "low",
    "high",
    "note",
    "source_url",
]


@dataclass
class Section:
    """One report section: a file key, computed prose, and at most one figure.

    Attributes:
        key: the figure's file stem (``figures/<ISO3>/<key>.png``), also when there is no
            figure (so a stale file of that name is removed).
        text: markdown, every number in it computed.
        figure: the figure, or None when there is nothing to draw (the text says why).
        data: the source data: one row per mark drawn, columns :data:`MARK_COLUMNS` first
            (see :func:`marks`), saved beside the figure as ``<key>.csv``.
        caption: what the figure shows: countries, years, sources with editions, caveat. It
            goes under the figure, into its sidecar, and is the image's alt text.
        table: a key table as a reader sees it (values formatted, columns named in words),
            shown as an HTML table; its machine-readable form is ``data`` (``<key>.csv``).
    """

    key: str
    text: str
    figure: Figure | None = None
    data: pd.DataFrame | None = None
    caption: str | None = None
    table: pd.DataFrame | None = None


def in_window(years: pd.Series, first: int | None, last: int | None) -> pd.Series:
    """Boolean mask: ``first <= year <= last`` (None = no limit); an NA year falls outside a limit.

    Example:
        >>> in_window(pd.Series([2007, 2010, None], dtype="Int64"), 2008, None).tolist()
        [False, True, False]
    """
    keep = pd.Series(True, index=years.index)
    if first is not None:
        keep &= years >= first
    if last is not None:
        keep &= years <= last
    return keep.fillna(False).astype(bool)


def marks(frame: pd.DataFrame, **constants) -> pd.DataFrame:
    """A figure's source data: ``frame`` with :data:`MARK_COLUMNS` first (missing ones NA).

    ``constants`` fill or add columns (``country="Peru"``). Where the frame has ``low`` but no
    ``value``, ``value`` is ``low`` when the interval is exact and NA otherwise (the bounds stay).

    Example:
        >>> drawn = pd.DataFrame({"year": [2007, 2008], "low": [15.0, 0.0], "high": [15.0, 4.0]})
        >>> marks(drawn, country="Peru")[["country", "year", "value", "low", "high"]].values.tolist()
        [['Peru', 2007, 15.0, 15.0, 15.0], ['Peru', 2008, nan, 0.0, 4.0]]
    """
    out = frame.copy()
    for column, value in constants.items():
        out[column] = value
    if "value" not in out and {"low", "high"} <= set(out):
        out["value"] = out["low"].where(out["low"] == out["high"])
    for column in MARK_COLUMNS:
        if column not in out:
            out[column] = pd.NA
    extras = [c for c in out.columns if c not in MARK_COLUMNS and not str(c).startswith("_")]
    return out[[*MARK_COLUMNS, *extras]].reset_index(drop=True)


def caption(what: str, years: str | None, source_line: str, caveat_text: str | None = None) -> str:
    """A figure's caption: what is drawn (with its place), the years, the sources, the caveat.

    Example:
        >>> caption("Peru: convictions per prosecution", "2007-2021", "Source: UNODC GLOTIP (2023 release)")
        'Peru: convictions per prosecution, 2007-2021. Source: UNODC GLOTIP (2023 release).'
    """
    text = what + (f", {years}" if years else "") + ". " + source_line.rstrip(".") + "."
    return text + (f" {caveat_text}" if caveat_text else "")


class Drawing:
    """What reports share about drawing: the figure width (``single``, ``double`` or inches).

    Every figure a report makes goes through :meth:`_draw`, so the width given to the report is
    in force when the figure is laid out, whichever cell or command asks for the section.
    """

    width: float = 7.2

    def _set_width(self, width) -> None:
        self.width = parse_width(width)  # ValueError names what is accepted

    def _draw(self, plot, *args, **kwargs):
        with figure_width(self.width):
            return plot(*args, **kwargs)


def web_urls(rows: pd.DataFrame, facts: pd.DataFrame, edition_column: str = "year_to") -> pd.Series:
    """``rows["source_url"]`` with ``file:`` origins (a narrative ingested without its web address)
    replaced by the address the panel's narrative facts give for the same country and edition,
    where there is one; other URLs unchanged."""
    known = facts[
        (facts["source"] == "tip_narrative") & facts["source_url"].fillna("").str.startswith("http")
    ]
    by_edition = known.groupby(["iso3", "report_year"])["source_url"].first()
    keys = list(zip(rows["iso3"], rows[edition_column].astype("Int64"), strict=True))
    found = pd.Series([by_edition.get(k) for k in keys], index=rows.index, dtype="object")
    local = ~rows["source_url"].fillna("").str.startswith("http")
    return rows["source_url"].where(~local | found.isna(), found)

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

__all__ = ["Panel", "Section", "in_window"]


@dataclass
class Section:
    """One report section: a file key, computed prose, and at most one figure.

    Attributes:
        key: the figure's file stem (``figures/<ISO3>/<key>.png``), also when there is no
            figure (so a stale file of that name is removed).
        text: markdown, every number in it computed.
        figure: the figure, or None when there is nothing to draw (the text says why).
        data: the frame the figure draws (its hash goes into the figure's sidecar).
    """

    key: str
    text: str
    figure: Figure | None = None
    data: pd.DataFrame | None = None


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

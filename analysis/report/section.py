"""What every report is made of: sections, the panel they read, and the year window.

A report (:mod:`analysis.report.country`, :mod:`analysis.report.global_`) is a list of
:class:`Section` objects, each computed prose with at most one figure and the frame drawn.
:func:`in_window` is the one rule for "within first_year–last_year" shared by every report.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from analysis.panel import Panel
from analysis.plots.theme import figure_width, parse_width

__all__ = ["MARK_COLUMNS", "Drawing", "Panel", "Section", "caption", "in_window", "marks", "years_label"]

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
    "method",
]
#: a figure's computed indicator → the indicators of the facts it is computed from (for ``method``)
DERIVED_FROM = {
    "assistance_gap": ("victims_identified", "victims_assisted"),
    "referral_gap": ("victims_identified", "victims_referred"),
    "convictions_per_prosecution": ("convictions", "prosecutions"),
    "labor_share_prosecutions": ("prosecutions",),
    "labor_share_convictions": ("convictions",),
    "labor_share_victims": ("victims_identified",),
}
#: indicators drawn from the tier tables rather than from facts
TIER_INDICATORS = ("tier", "countries_per_tier")


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


#: the panel last indexed and its index (one slot: a process builds reports from one panel)
_LAST_METHODS: list[tuple[Panel, Methods]] = []


class Methods:
    """How the values behind each mark were obtained, read from the panel: ``import``, ``manual``,
    ``reviewed`` or ``rule:<id>`` (several joined with ``"; "``), for a figure's source data."""

    def __init__(self, panel: Panel):
        def index(frame: pd.DataFrame, indicator: str | None, year: str) -> dict[tuple, set[str]]:
            """(iso3 or None for any country, source, indicator, year, "scope|breakdown", edition or
            None for any) → methods."""
            rows = frame.dropna(subset=["method"])
            names = rows["indicator"] if indicator is None else pd.Series(indicator, index=rows.index)
            parts = (
                (rows["scope"] if "scope" in rows else pd.Series("all", index=rows.index))
                + "|"
                + (rows["breakdown"] if "breakdown" in rows else pd.Series("total", index=rows.index))
            )
            editions = rows["report_year"] if "report_year" in rows and year != "report_year" else rows[year]
            out: dict[tuple, set[str]] = {}
            for iso3, source, name, when, part, edition, method in zip(
                rows["iso3"], rows["source"], names, rows[year], parts, editions, rows["method"], strict=True
            ):
                when = int(when) if pd.notna(when) else None
                edition = int(edition) if pd.notna(edition) else None
                for who in (iso3, None):  # None: any country
                    for which in (edition, None):  # None: any edition
                        out.setdefault((who, source, name, when, part, which), set()).add(str(method))
            return out

        self.facts = index(panel.facts, None, "reference_year")
        self.tiers = index(panel.tiers, "tier", "report_year")
        self.cho = index(panel.cho_3p, "score", "year")

    @classmethod
    def for_panel(cls, panel: Panel) -> Methods:
        """The index of ``panel`` (built once, ~0.4 s: every report sharing a panel reuses it)."""
        if not _LAST_METHODS or _LAST_METHODS[0][0] is not panel:
            _LAST_METHODS[:] = [(panel, cls(panel))]
        return _LAST_METHODS[0][1]

    def of(self, row) -> str | None:
        """The methods behind one mark (a row with ``iso3, source, indicator, year``, optionally
        ``scope``, ``breakdown``, ``report_year`` and ``previous_year`` or ``denominator_year``); None when
        the panel holds none. A world or regional mark rests on the values of every country."""
        iso3 = row.get("iso3")
        iso3 = iso3 if isinstance(iso3, str) and iso3 else None
        years = {row.get(c) for c in ("year", "previous_year", "denominator_year")}
        years = {int(y) for y in years if y is not None and pd.notna(y) and str(y).lstrip("-").isdigit()}
        indicator = str(row.get("indicator") or "")
        edition = row.get("report_year")
        edition = int(edition) if edition is not None and pd.notna(edition) and iso3 else None
        scope, breakdown = row.get("scope"), row.get("breakdown")
        part = (
            f"{scope if isinstance(scope, str) and scope else 'all'}|"
            f"{breakdown if isinstance(breakdown, str) and breakdown else 'total'}"
        )
        found: set[str] = set()
        for source in str(row.get("source") or "").split("; "):
            if indicator in TIER_INDICATORS or (source != "cho_3p" and indicator == "tier"):
                table, names = self.tiers, ["tier"]
            elif source == "cho_3p":
                table, names = self.cho, ["score"]
            else:
                table = self.facts
                names = [n for piece in indicator.split("/") for n in DERIVED_FROM.get(piece, (piece,))]
            for name in names:
                for year in years:
                    found |= table.get((iso3, source, name, year, part, edition)) or table.get(
                        (None, source, name, year, part, edition), set()
                    )
        return "; ".join(sorted(found)) or None

    def fill(self, data: pd.DataFrame | None) -> pd.DataFrame | None:
        """``data`` with ``method`` filled where it is NA (a method a section set is kept)."""
        if data is None or data.empty or "method" not in data:
            return data
        missing = data["method"].isna()
        if missing.any():
            data = data.copy()
            data["method"] = data["method"].astype(object)
            data.loc[missing, "method"] = [self.of(row) for _, row in data[missing].iterrows()]
        return data


def years_label(years) -> str | None:
    """The years a figure spans, as its caption says them: '2003-2023', one year, or None.

    Example:
        >>> years_label([2021, 2003, None, 2010]), years_label([2019]), years_label([])
        ('2003-2021', '2019', None)
    """
    years = sorted({int(y) for y in years if pd.notna(y)})
    if not years:
        return None
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"


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

    Every figure a report makes goes through :meth:`draw`, so the width given to the report is
    in force when the figure is laid out, whichever cell or command asks for the section.
    """

    width: float = 7.2

    def _set_width(self, width) -> None:
        self.width = parse_width(width)  # ValueError names what is accepted

    def _set_window(self, first_year: int | None, last_year: int | None) -> None:
        """The year window every report takes (None: no limit); first after last is refused."""
        if first_year is not None and last_year is not None and first_year > last_year:
            raise ValueError(f"first_year {first_year} is after last_year {last_year}")
        self.first_year, self.last_year = first_year, last_year

    def draw(self, plot, *args, **kwargs):
        with figure_width(self.width):
            return plot(*args, **kwargs)

    def make_section(self, key: str, text: str, figure=None, data=None, caption=None, table=None) -> Section:
        """A section whose source data says, row by row, how its values were obtained (``method``
        from the panel, where the section did not set it)."""
        return Section(key, text, figure, Methods.for_panel(self.panel).fill(data), caption, table)


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


class SectionList:
    """A report as an ordered list of section modules (:mod:`analysis.report.sections`).

    Subclasses name the modules' package (``PACKAGE``), the sections in report order
    (``SECTIONS``) and any shown on request only (``EXTRA``). ``report.sections()`` builds them
    all, ``report.section("enforcement")`` or ``report.enforcement()`` one; each module's
    ``build(report)`` reads what the sections share from the report.
    """

    PACKAGE: str = ""
    SECTIONS: tuple[str, ...] = ()
    EXTRA: tuple[str, ...] = ()

    def sections(self) -> list[Section]:
        """All sections in report order."""
        return [self.section(name) for name in self.SECTIONS]

    def section(self, name: str) -> Section:
        """One section by name.

        Raises:
            KeyError: an unknown name (the message lists the sections).
        """
        known = (*self.SECTIONS, *self.EXTRA)
        if name not in known:
            raise KeyError(f"unknown section {name!r}; accepted: {', '.join(known)}")
        return importlib.import_module(f"{self.PACKAGE}.{name}").build(self)

    def __getattr__(self, name: str):
        if name in type(self).SECTIONS or name in type(self).EXTRA:
            return lambda: self.section(name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

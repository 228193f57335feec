"""Countries side by side: a chosen list, or every country of a region.

``notebooks/compare_countries.ipynb`` (and ``python -m analysis compare``) is a thin shell around
:class:`CompareReport`. Each measure is compared only where it means the same thing for every
country: conversion from one source (UNODC national statistics), tiers from the panel's chosen
placements, and the narrative measures (criteria gap, follow-through) only for countries whose
narratives the package holds, with the coding method and what was assessed beside each value.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis import plots
from analysis.caveats import caveat
from analysis.countries import (
    REGION_SCHEMES,
    UnknownRegionError,
    canonical_name,
    country_table,
    in_region,
    to_iso3,
)
from analysis.enforcement import attrition
from analysis.plots.compare import MAX_LINES, conversion_lines, latest_dots, tier_grid
from analysis.protection import WEAK_EVIDENCE_ASSESSED, coding_method, protection_gap_criteria
from analysis.report import text
from analysis.report.section import Drawing, Panel, Section, caption, in_window, marks, years_label
from analysis.sources import tier_source_label
from analysis.uptake import uptake_by_pair

#: a country whose latest value is this many years older than the newest compared is called stale
STALE_YEARS = 3
#: the source every country's conversion is compared from (one source: the same definitions)
CONVERSION_SOURCE = "unodc_glotip"

#: columns of the comparison table's data (``comparison.csv``), one row per country
OVERVIEW_COLUMNS = [
    "country",
    "iso3",
    "region",
    "tier",
    "tier_edition",
    "conversion",
    "conversion_year",
    "convictions",
    "prosecutions",
    "criteria_gap",
    "criteria_edition",
    "criteria_assessed",
    "criteria_method",
    "followthrough_pair",
    "followthrough_items",
    "followthrough_acted",
    "followthrough_partial",
    "followthrough_not_acted",
    "followthrough_unclear",
    "followthrough_not_read",
    "cho_3p_total",
    "cho_3p_year",
]


class CompareError(ValueError):
    """A comparison that cannot be made as asked (too few countries, an unknown region)."""


def region_members(region: str, scheme: str = "tip") -> list[str]:
    """ISO3 codes of a region's countries, in name order.

    Raises:
        CompareError: an unknown region or scheme (the message lists the scheme's regions).
    """
    try:
        return list(in_region(region, scheme).sort_values("name")["iso3"])
    except (UnknownRegionError, ValueError) as exc:
        raise CompareError(str(exc)) from None


def resolve(
    countries: list[str] | None, region: str | None, scheme: str = "tip"
) -> tuple[list[str], str | None]:
    """The ISO3 codes to compare (first spelling wins, duplicates dropped) and the region's name.

    Raises:
        CompareError: neither countries nor a region, both, or fewer than two countries.
        UnknownCountryError: an unknown country name (with close matches).
    """
    if region and countries:
        raise CompareError("give countries or a region, not both")
    if region:
        codes = region_members(region, scheme)
        return codes, str(in_region(region, scheme)["region"].iloc[0])
    codes = list(dict.fromkeys(to_iso3(c) for c in countries or []))
    if len(codes) < 2:
        raise CompareError(f"a comparison needs at least two countries; got {len(codes)}")
    return codes, None


def folder_label(codes: list[str], region: str | None) -> str:
    """The folder figures and data go to: ``region-western-hemisphere`` or ``compare-NGA-PER``."""
    if region:
        return "region-" + re.sub(r"[^a-z0-9]+", "-", region.casefold()).strip("-")
    return "compare-" + "-".join(codes)


class CompareReport(Drawing):
    """Everything the comparison says.

    Args:
        countries: names or ISO3 codes (at least two), or None with ``region``.
        region: a region's name (``scheme``: ``tip`` regions as the TIP Report draws them, or
            ``unodc`` regions); every country of it is compared.
        first_year, last_year: limits on data years (conversion, 3P) and report years (tiers,
            narratives); None for no limit.
        panel: preloaded frames (default: the processed panel).
    """

    def __init__(
        self,
        countries: list[str] | None = None,
        region: str | None = None,
        scheme: str = "tip",
        first_year: int | None = None,
        last_year: int | None = None,
        panel: Panel | None = None,
        width="double",
    ):
        self._set_width(width)
        self._set_window(first_year, last_year)
        self.codes, self.region = resolve(countries, region, scheme)
        self.scheme = scheme
        self.names = [canonical_name(code) for code in self.codes]
        self.label = folder_label(self.codes, self.region)
        self.panel = panel or Panel.load()
        keep = self.codes

        def window(frame: pd.DataFrame, year: str) -> pd.DataFrame:
            return frame[frame["iso3"].isin(keep) & in_window(frame[year], first_year, last_year)]

        self.facts = window(self.panel.facts, "reference_year")
        self.placements = window(self.panel.tiers, "report_year")
        self.criteria = window(self.panel.criteria, "report_year")
        self.followthrough = window(self.panel.followthrough, "year_to")
        self.cho = window(self.panel.cho_3p, "year")
        self.overview_table = self._overview()

    # --- what is compared -------------------------------------------------------------------

    @property
    def subject(self) -> str:
        """'Western Hemisphere (35 countries)' or 'Peru, Nigeria and Colombia'."""
        if self.region:
            return f"{self.region} ({text.plural(len(self.codes), 'country', 'countries')})"
        return text.listing(self.names)

    def _conversion(self) -> pd.DataFrame:
        rows = self.facts[(self.facts["source"] == CONVERSION_SOURCE) & (self.facts["scope"] == "all")]
        ratios = attrition(rows, "convictions", "prosecutions")
        return ratios[ratios["scope"] == "all"]

    def _overview(self) -> pd.DataFrame:
        region_of = country_table().set_index("iso3")[REGION_SCHEMES[self.scheme]]
        conversion = self._conversion()
        exact = conversion[conversion["ratio"].notna()].sort_values("year")
        gaps = protection_gap_criteria(self.criteria) if not self.criteria.empty else pd.DataFrame()
        pairs = uptake_by_pair(self.followthrough)
        tiers = self.placements.sort_values("report_year")
        cho = self.cho[self.cho["total"].notna()].sort_values("year")
        rows = []
        for code, name in zip(self.codes, self.names, strict=True):
            row = dict.fromkeys(OVERVIEW_COLUMNS, pd.NA) | {
                "country": name,
                "iso3": code,
                "region": region_of.get(code),
            }
            placed = tiers[tiers["iso3"] == code]
            if not placed.empty:
                row |= {"tier": placed.iloc[-1]["tier"], "tier_edition": int(placed.iloc[-1]["report_year"])}
            ratio = exact[exact["iso3"] == code]
            if not ratio.empty:
                last = ratio.iloc[-1]
                row |= {
                    "conversion": float(last["ratio"]),
                    "conversion_year": int(last["year"]),
                    "convictions": last["numerator_value"],
                    "prosecutions": last["denominator_value"],
                }
            if not gaps.empty:
                assessed = gaps[(gaps["iso3"] == code) & (gaps["n_assessed"] > 0)]
                if not assessed.empty:
                    last = assessed.iloc[-1]
                    edition = int(last["report_year"])
                    own = self.criteria[self.criteria["iso3"] == code]
                    row |= {
                        "criteria_gap": float(last["gap"]),
                        "criteria_edition": edition,
                        "criteria_assessed": f"{int(last['n_assessed'])} of {int(last['n_criteria'])}",
                        "criteria_method": coding_method(own).get(edition),
                    }
            pair = pairs[pairs["iso3"] == code]
            if not pair.empty:
                last = pair.iloc[-1]
                row |= {
                    "followthrough_pair": f"{int(last['year_from'])}→{int(last['year_to'])}",
                    "followthrough_items": int(last["items"]),
                    **{
                        f"followthrough_{s}": int(last[s])
                        for s in ("acted", "partial", "not_acted", "unclear", "not_read")
                    },
                }
            scored = cho[cho["iso3"] == code]
            if not scored.empty:
                row |= {
                    "cho_3p_total": float(scored.iloc[-1]["total"]),
                    "cho_3p_year": int(scored.iloc[-1]["year"]),
                }
            rows.append(row)
        out = pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)
        for column in ("tier_edition", "conversion_year", "criteria_edition", "cho_3p_year"):
            out[column] = out[column].astype("Int64")
        for column in ("conversion", "convictions", "prosecutions", "criteria_gap", "cho_3p_total"):
            out[column] = out[column].astype("Float64")
        return out

    # --- sections -----------------------------------------------------------------------------

    def overview(self) -> Section:
        """One row per country: tier, conversion, criteria gap, follow-through, 3P score, each
        with the year or edition it comes from."""
        table = self.overview_table
        sentences = [f"Compared: {self.subject}."]
        narrated = table[table["criteria_gap"].notna() | table["followthrough_items"].notna()]
        missing = len(table) - len(narrated)
        if missing:
            held = text.listing(list(narrated["country"])) if not narrated.empty else "none of them"
            others = table[~table["iso3"].isin(narrated["iso3"])]["country"]
            named = (
                text.listing(list(others))
                if missing <= 3
                else text.plural(missing, "other country", "others")
            )
            sentences.append(
                f"The narrative measures (criteria gap, follow-through) exist only for countries whose TIP "
                f"narratives the package holds ({held}); for {named} the table leaves them blank, which "
                "means not coded, not zero."
            )
        weak = table[table["criteria_assessed"].notna()]
        weak = weak[weak["criteria_assessed"].str.split(" ").str[0].astype(int) <= WEAK_EVIDENCE_ASSESSED]
        if not weak.empty:
            shown = [f"{r.country} ({r.criteria_edition}: {r.criteria_assessed})" for r in weak.itertuples()]
            sentences.append(
                f"The latest criteria gap of {text.listing(shown)} rests on at most {WEAK_EVIDENCE_ASSESSED} "
                "assessed criteria of 9: it is the status of those criteria, not a measure of the whole "
                "protection effort."
            )
        sentences.extend(self._stale("conversion_year", "the conversion ratio"))
        coded = table[table["criteria_gap"].notna()]
        if len(coded) > 1 and coded["criteria_assessed"].nunique() > 1:
            sentences.append(
                "Criteria gaps rest on different numbers of assessed criteria (the Assessed column); they "
                "are not a ranking."
            )
        data = marks(
            table.assign(year=table["conversion_year"], value=table["conversion"]),
            source=CONVERSION_SOURCE,
            indicator="convictions_per_prosecution",
        )
        return self.make_section(
            "comparison", " ".join(sentences), None, data, None, table=self._display(table)
        )

    def _stale(self, column: str, what: str) -> list[str]:
        years = self.overview_table[["country", column]].dropna()
        if years.empty:
            return []
        newest = int(years[column].max())
        old = years[years[column] <= newest - STALE_YEARS]
        if old.empty:
            return []
        shown = [f"{r.country} ({int(getattr(r, column))})" for r in old.itertuples()]
        return [
            f"The newest year of {what} is {newest}; for {text.listing(shown)} it is "
            f"{STALE_YEARS} or more years older, so those values are not current."
        ]

    @staticmethod
    def _display(table: pd.DataFrame) -> pd.DataFrame:
        """The comparison table as a reader sees it: values with their years, blanks as '–'."""

        def with_year(value, year, fmt) -> str:
            return "–" if pd.isna(value) else f"{fmt(value)} ({int(year)})"

        shown = pd.DataFrame({"Country": table["country"], "Region": table["region"].fillna("–")})
        shown["Tier (edition)"] = [
            with_year(t, y, text.tier) for t, y in zip(table["tier"], table["tier_edition"], strict=True)
        ]
        shown["Convictions per prosecution, UNODC (year)"] = [
            with_year(v, y, text.ratio)
            for v, y in zip(table["conversion"], table["conversion_year"], strict=True)
        ]
        shown["Criteria gap (edition)"] = [
            with_year(v, y, text.ratio)
            for v, y in zip(table["criteria_gap"], table["criteria_edition"], strict=True)
        ]
        shown["Assessed, method"] = [
            "–" if pd.isna(a) else f"{a}; {m}"
            for a, m in zip(table["criteria_assessed"], table["criteria_method"], strict=True)
        ]
        shown["Follow-through (latest pair)"] = [
            "–" if pd.isna(pair) else f"{pair}: {_followthrough(r)}"
            for pair, r in zip(table["followthrough_pair"], table.itertuples(), strict=True)
        ]
        shown["3P total, 3–15 (year)"] = [
            with_year(v, y, lambda x: f"{x:.0f}")
            for v, y in zip(table["cho_3p_total"], table["cho_3p_year"], strict=True)
        ]
        return shown

    def conversion(self) -> Section:
        """Convictions per prosecution (UNODC): a line per country when few are compared, else
        each country's latest value."""
        ratios = self._conversion()
        drawn = ratios[ratios["ratio"].notna()]
        source_rows = self.facts[
            (self.facts["source"] == CONVERSION_SOURCE)
            & self.facts["indicator"].isin(["convictions", "prosecutions"])
        ]
        source_line = plots.source_line(source_rows)
        latest = self.overview_table[["country", "conversion", "conversion_year"]]
        with_ratio = latest["conversion"].notna().sum()
        sentences = [
            f"{text.plural(int(with_ratio), 'country', 'countries')} of {len(latest)} report both "
            f"convictions and prosecutions to UNODC for at least one year. {caveat('same_year_ratio')}"
        ]
        if with_ratio:
            best = latest.loc[latest["conversion"].idxmax()]
            low = latest.loc[latest["conversion"].idxmin()]
            if best["country"] != low["country"]:
                sentences.append(
                    f"Latest values run from {text.ratio(low['conversion'])} ({low['country']}, "
                    f"{int(low['conversion_year'])}) to {text.ratio(best['conversion'])} ({best['country']}, "
                    f"{int(best['conversion_year'])})."
                )
        title = f"{self.region or 'Countries compared'}: convictions per prosecution"
        if len(self.codes) <= MAX_LINES:
            names = dict(zip(self.codes, self.names, strict=True))
            frame = drawn.assign(country=drawn["iso3"].map(names))
            figure = self.draw(conversion_lines, frame, self.names, title, source_line)
            what = f"Convictions per prosecution by year: {self.subject}"
        else:
            frame = latest.rename(columns={"conversion": "value", "conversion_year": "year"})
            figure = self.draw(
                latest_dots,
                frame,
                title + " (latest year)",
                source_line,
                "Convictions per prosecution (same year, persons)",
            )
            what = f"Latest convictions per prosecution: {self.subject}"
        data = marks(
            drawn.rename(columns={"ratio": "value"}),
            indicator="convictions_per_prosecution",
        )
        data["source_url"] = data["iso3"].map(source_rows.groupby("iso3")["source_url"].first())
        years = sorted(drawn["year"].dropna().astype(int).unique())
        return self.make_section(
            "compare_conversion",
            " ".join(sentences),
            figure,
            data,
            caption(what, years_label(years), source_line, caveat("same_year_ratio")),
        )

    def tiers(self) -> Section:
        """Tier placements per country and edition, as a grid."""
        rows = self.placements[["iso3", "report_year", "tier", "source", "source_url"]]
        names = dict(zip(self.codes, self.names, strict=True))
        rows = rows.assign(country=rows["iso3"].map(names))
        placed = rows["iso3"].nunique()
        sentences = [
            f"Tier placements of {text.plural(placed, 'country', 'countries')} of {len(self.codes)} "
            f"across {text.plural(rows['report_year'].nunique(), 'edition', 'editions')}."
        ]
        last = self.overview_table.dropna(subset=["tier"])
        if not last.empty:
            by_tier = last.groupby("tier", sort=False)["country"].apply(list)
            parts = [f"{text.tier(t)}: {text.listing(c)}" for t, c in by_tier.items()]
            sentences.append(f"Latest placements: {'; '.join(parts)}.")
        used = sorted(set(rows["source"]))
        source_line = "Source: tier placements from " + (
            ", ".join(tier_source_label(s) for s in used) if used else "no source"
        )
        figure = self.draw(
            tier_grid,
            rows,
            self.names,
            f"{self.region or 'Countries compared'}: tier by edition",
            source_line,
        )
        data = marks(
            rows.rename(columns={"report_year": "year"}).assign(value=rows["tier"]), indicator="tier"
        )
        years = sorted(rows["report_year"].dropna().astype(int).unique())
        return self.make_section(
            "compare_tiers",
            " ".join(sentences),
            figure,
            data,
            caption(f"Tier placement by TIP Report edition: {self.subject}", years_label(years), source_line),
        )


def _followthrough(row) -> str:
    """'1 acted, 3 partly, 3 not read of 7 items': the statuses an item pair has, in order."""
    words = {
        "acted": "acted",
        "partial": "partly",
        "not_acted": "not acted",
        "unclear": "unclear",
        "not_read": "not read",
    }
    parts = [
        f"{int(getattr(row, 'followthrough_' + s))} {w}"
        for s, w in words.items()
        if getattr(row, "followthrough_" + s)
    ]
    return f"{', '.join(parts)} of {int(row.followthrough_items)} items"

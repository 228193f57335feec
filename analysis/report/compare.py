"""Countries side by side: a chosen list, or every country of a region.

``notebooks/compare_countries.ipynb`` (and ``python -m analysis compare``) is a thin shell around
:class:`CompareReport`. Each measure is compared only where it means the same thing for every
country: conversion from one source (UNODC national statistics), tiers from the panel's chosen
placements, and the narrative measures (criteria gap, follow-through) only for countries whose
narratives the package holds, with the coding method and what was assessed beside each value.
"""

from __future__ import annotations

import re
from functools import cached_property

import pandas as pd

from analysis.countries import (
    REGION_SCHEMES,
    UnknownRegionError,
    canonical_name,
    country_table,
    in_region,
    to_iso3,
)
from analysis.enforcement import attrition
from analysis.protection import coding_method, protection_gap_criteria
from analysis.report import sections, text
from analysis.report.section import Drawing, Panel, SectionList, in_window
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


def _region_rows(region: str, scheme: str) -> pd.DataFrame:
    """The country table's rows of a region, in name order; CompareError when it is unknown."""
    try:
        return in_region(region, scheme).sort_values("name")
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
        rows = _region_rows(region, scheme)
        return list(rows["iso3"]), str(rows["region"].iloc[0])
    codes = list(dict.fromkeys(to_iso3(c) for c in countries or []))
    if len(codes) < 2:
        raise CompareError(f"a comparison needs at least two countries; got {len(codes)}")
    return codes, None


def folder_label(codes: list[str], region: str | None) -> str:
    """The folder figures and data go to: ``region-western-hemisphere`` or ``compare-NGA-PER``."""
    if region:
        return "region-" + re.sub(r"[^a-z0-9]+", "-", region.casefold()).strip("-")
    return "compare-" + "-".join(codes)


class CompareReport(Drawing, SectionList):
    """Everything the comparison says.

    Args:
        countries: names or ISO3 codes (at least two), or None with ``region``.
        region: a region's name (``scheme``: ``tip`` regions as the TIP Report draws them, or
            ``unodc`` regions); every country of it is compared.
        first_year, last_year: limits on data years (conversion, 3P) and report years (tiers,
            narratives); None for no limit.
        panel: preloaded frames (default: the processed panel).

    Its sections are modules of :mod:`analysis.report.sections.compare`: ``report.overview()``,
    ``report.conversion()``, ``report.tiers()`` (or ``report.sections()``).
    """

    PACKAGE = "analysis.report.sections.compare"
    SECTIONS = sections.COMPARE

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

    # --- what is compared -------------------------------------------------------------------

    @property
    def subject(self) -> str:
        """'Western Hemisphere (35 countries)' or 'Peru, Nigeria and Colombia'."""
        if self.region:
            return f"{self.region} ({text.plural(len(self.codes), 'country', 'countries')})"
        return text.listing(self.names)

    def conversion_ratios(self) -> pd.DataFrame:
        """Convictions per prosecution of every compared country, from the one conversion source."""
        rows = self.facts[(self.facts["source"] == CONVERSION_SOURCE) & (self.facts["scope"] == "all")]
        ratios = attrition(rows, "convictions", "prosecutions")
        return ratios[ratios["scope"] == "all"]

    @cached_property
    def overview_table(self) -> pd.DataFrame:
        """One row per compared country (``OVERVIEW_COLUMNS``): latest tier, conversion, criteria
        gap, follow-through and 3P score, each with its year or edition; NA where not coded."""
        region_of = country_table().set_index("iso3")[REGION_SCHEMES[self.scheme]]
        conversion = self.conversion_ratios()
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

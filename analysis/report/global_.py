"""The global overview: the TIP global law-enforcement table, tiers per year, UNODC regions.

``notebooks/global_overview.ipynb`` is a thin shell around :class:`GlobalReport`. Sentences
are rendered from computed values; figures come from :mod:`analysis.plots`.
"""

from __future__ import annotations

import pandas as pd

from analysis.countries import country_table
from analysis.enforcement import MIN_REGION_COUNTRIES, attrition
from analysis.report import sections, text
from analysis.report.section import Drawing, Panel, SectionList, in_window
from analysis.series import Edition, year_values

MIN_COUNTRIES = MIN_REGION_COUNTRIES
#: a "world" figure built from country narratives is drawn only over at least this many countries;
#: below it the section says how many there are, per country, and why nothing is drawn
MIN_WORLD_COUNTRIES = 10


def enough_countries(countries: int) -> bool:
    """Whether a world figure built from country narratives rests on enough countries to draw."""
    return countries >= MIN_WORLD_COUNTRIES


def too_few(countries: int, what: str) -> str:
    """The sentence a world section writes instead of a figure resting on too few countries."""
    return (
        f"No world figure is drawn: {what} rests on {text.plural(countries, 'country', 'countries')} "
        f"in this package, fewer than the {MIN_WORLD_COUNTRIES} a world view needs; ingest more "
        "narratives (python -m analysis ingest) to draw it."
    )


def global_table(facts: pd.DataFrame, edition: Edition = "latest") -> pd.DataFrame:
    """The TIP global table, one row per data year, from the World aggregate's facts.

    Args:
        facts: a facts table (only ``iso3 == 'WLD'`` rows of source ``tip_global`` are used).
        edition: which report edition to use where editions revise a year (default latest).

    Returns:
        ``year, prosecutions, prosecutions_labor, convictions, convictions_labor,
        victims_identified, victims_identified_labor, new_or_amended_legislation,
        convictions_per_prosecution, labor_share_prosecutions, labor_share_convictions,
        labor_share_victims`` (counts; ratio unitless; shares in percent of the same edition's
        total; NA where either figure is not reported), plus ``report_year`` (the newest
        edition used for that year; NA where the source names none).
    """
    world = facts[(facts["iso3"] == "WLD") & (facts["source"] == "tip_global")]
    values = year_values(world, edition)
    values = values[values["low"] == values["high"]]
    values = values.assign(column=values["indicator"] + values["scope"].map({"all": "", "labor": "_labor"}))
    wide = values.pivot_table(index="year", columns="column", values="low", aggfunc="first")
    editions = values.groupby("year")["report_year"].max()
    columns = [
        "prosecutions",
        "prosecutions_labor",
        "convictions",
        "convictions_labor",
        "victims_identified",
        "victims_identified_labor",
        "new_or_amended_legislation",
    ]
    out = wide.reindex(columns=columns).astype("Float64")
    out["convictions_per_prosecution"] = out["convictions"] / out["prosecutions"]
    for total, labor, name in (
        ("prosecutions", "prosecutions_labor", "labor_share_prosecutions"),
        ("convictions", "convictions_labor", "labor_share_convictions"),
        ("victims_identified", "victims_identified_labor", "labor_share_victims"),
    ):
        out[name] = out[labor] / out[total] * 100
    out["report_year"] = editions.astype("Int64")
    out = out.reset_index()
    out["year"] = out["year"].astype("Int64")
    return out


def regional_medians(
    facts: pd.DataFrame,
    numerator: str = "convictions",
    denominator: str = "prosecutions",
    scheme: str = "unodc",
) -> pd.DataFrame:
    """Median conversion ratio per region and year over UNODC countries (exact values only).

    Returns:
        ``region, year, median, q1, q3, n`` (n = countries with a defined ratio).
    """
    rows = facts[(facts["source"] == "unodc_glotip") & (facts["scope"] == "all")]
    ratios = attrition(rows, numerator, denominator)
    ratios = ratios[ratios["ratio"].notna()]
    column = {"unodc": "unodc_region", "tip": "tip_region"}[scheme]
    regions = country_table().set_index("iso3")[column]
    ratios = ratios.assign(region=ratios["iso3"].map(regions), ratio=ratios["ratio"].astype(float))
    ratios = ratios[ratios["region"].notna()]
    grouped = ratios.groupby(["region", "year"])["ratio"]
    out = pd.DataFrame(
        {
            "median": grouped.median(),
            "q1": grouped.quantile(0.25),
            "q3": grouped.quantile(0.75),
            "n": grouped.size(),
        }
    ).reset_index()
    out["year"] = out["year"].astype("Int64")
    return out


class GlobalReport(Drawing, SectionList):
    """Everything the global overview says.

    Args:
        first_year, last_year: limits on data years (global table, UNODC) and report years
            (tiers); None for no limit.
        panel: preloaded frames (default: the processed panel).
    """

    PACKAGE = "analysis.report.sections.world"
    SECTIONS = sections.WORLD

    def __init__(
        self,
        first_year: int | None = None,
        last_year: int | None = None,
        panel: Panel | None = None,
        width="double",
    ):
        self._set_width(width)
        self._set_window(first_year, last_year)
        self.panel = panel or Panel.load()
        facts = self.panel.facts
        self.facts = facts[in_window(facts["reference_year"], first_year, last_year)]
        tiers = self.panel.tiers
        self.tiers = tiers[in_window(tiers["report_year"], first_year, last_year)]
        self.table = global_table(self.facts)

    def figure_title(self, what: str) -> str:
        years = self.table["year"].dropna()
        span = f" ({int(years.min())}–{int(years.max())})" if not years.empty else ""
        return f"World: {what}{span}"

    def world(self) -> pd.DataFrame:
        return self.facts[(self.facts["iso3"] == "WLD") & (self.facts["source"] == "tip_global")]


def distinct_methods(methods: pd.Series) -> str | None:
    """The distinct methods of the rows behind a mark, joined with '; '."""
    return "; ".join(sorted({str(m) for m in methods.dropna()})) or None

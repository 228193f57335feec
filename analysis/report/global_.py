"""The global overview: the TIP global law-enforcement table, tiers per year, UNODC regions.

``notebooks/global_overview.ipynb`` is a thin shell around :class:`GlobalReport`. Sentences
are rendered from computed values; figures come from :mod:`analysis.plots`.
"""

from __future__ import annotations

import pandas as pd

from analysis import plots
from analysis.caveats import caveat
from analysis.countries import country_table
from analysis.enforcement import MIN_REGION_COUNTRIES, attrition
from analysis.protection import WEAK_EVIDENCE_ASSESSED, criteria_gaps_by_region
from analysis.report import text
from analysis.report.section import Drawing, Panel, Section, caption, in_window, marks, web_urls
from analysis.schema import TIERS
from analysis.series import Edition, editions, year_values
from analysis.sources import complete_tier_years, get, tier_source_label
from analysis.tiers import counts_per_year
from analysis.uptake import uptake_by_theme

MIN_COUNTRIES = MIN_REGION_COUNTRIES
#: a "world" figure built from country narratives is drawn only over at least this many countries;
#: below it the section says how many there are, per country, and why nothing is drawn
MIN_WORLD_COUNTRIES = 10


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


class GlobalReport(Drawing):
    """Everything the global overview says.

    Args:
        first_year, last_year: limits on data years (global table, UNODC) and report years
            (tiers); None for no limit.
        panel: preloaded frames (default: the processed panel).
    """

    def __init__(
        self,
        first_year: int | None = None,
        last_year: int | None = None,
        panel: Panel | None = None,
        width="double",
    ):
        self._set_width(width)
        if first_year is not None and last_year is not None and first_year > last_year:
            raise ValueError(f"first_year {first_year} is after last_year {last_year}")
        self.first_year, self.last_year = first_year, last_year
        self.panel = panel or Panel.load()
        facts = self.panel.facts
        self.facts = facts[in_window(facts["reference_year"], first_year, last_year)]
        tiers = self.panel.tiers
        self.tiers = tiers[in_window(tiers["report_year"], first_year, last_year)]
        self.table = global_table(self.facts)

    def _title(self, what: str) -> str:
        years = self.table["year"].dropna()
        span = f" ({int(years.min())}–{int(years.max())})" if not years.empty else ""
        return f"World: {what}{span}"

    def enforcement(self) -> Section:
        table = self.table
        sentences = []
        both = table[table["prosecutions"].notna() & table["convictions"].notna()]
        if table.empty:
            return self._section("global_enforcement", "The TIP global table has no figures for these years.")
        if not both.empty:
            first, last = both.iloc[0], both.iloc[-1]
            sentence = (
                f"Governments reported {text.count(last['prosecutions'])} prosecutions and "
                f"{text.count(last['convictions'])} convictions worldwide in {int(last['year'])}"
            )
            if first["year"] != last["year"]:
                sentence += (
                    f", against {text.count(first['prosecutions'])} and {text.count(first['convictions'])} "
                    f"in {int(first['year'])}"
                )
            sentences.append(sentence + ".")
        victims = table[table["victims_identified"].notna()]
        if len(victims) > 1:
            v0, v1 = victims.iloc[0], victims.iloc[-1]
            sentences.append(
                f"Victims identified {text.change(v0['victims_identified'], v1['victims_identified'])} from "
                f"{text.count(v0['victims_identified'])} ({int(v0['year'])}) to "
                f"{text.count(v1['victims_identified'])} ({int(v1['year'])})."
            )
        sentences.extend(self._edition_notes())
        world = self._world()
        values = year_values(world)
        values = values[values["low"] == values["high"]].rename(columns={"low": "value"})
        source_line = plots.source_line(world)
        figure = self._draw(
            plots.global_enforcement,
            values,
            self._title("law enforcement reported to the TIP Report"),
            source_line,
        )
        drawn = year_values(world, urls=True)
        drawn = drawn[drawn["low"] == drawn["high"]]
        text_caption = caption(
            "World: prosecutions, convictions and victims identified reported to the TIP "
            "Report, with their labour-trafficking subsets",
            _span(drawn["year"]),
            source_line,
        )
        return self._section("global_enforcement", " ".join(sentences), figure, marks(drawn), text_caption)

    def _world(self) -> pd.DataFrame:
        return self.facts[(self.facts["iso3"] == "WLD") & (self.facts["source"] == "tip_global")]

    def _edition_notes(self, examples: int = 2) -> list[str]:
        """Sentences on revisions between editions and on competing figures within one edition
        (world prosecutions, all forms)."""
        world = self._world()
        table = editions(world[(world["indicator"] == "prosecutions") & (world["scope"] == "all")])

        def edition(year) -> str:
            return f"edition {int(year)}" if pd.notna(year) else "edition not stated"

        notes = []
        revised = table[table["revised"]]
        bits = []
        for year, rows in list(revised.groupby("year", sort=True))[:examples]:
            shown = [
                f"{text.listing([text.count(v) for v in r.values], 'or')} ({edition(r.report_year)})"
                for r in rows.itertuples()
            ]
            bits.append(f"prosecutions in {int(year)}: {text.listing(shown, 'vs')}")
        if bits:
            notes.append(f"Editions revise earlier years ({'; '.join(bits)}); the latest edition is used.")
        several = table[table["several"]]
        bits = [
            f"prosecutions in {int(r.year)}: {text.listing([text.count(v) for v in r.values])}, "
            f"{edition(r.report_year)}"
            for r in several.head(examples).itertuples()
        ]
        if bits:
            notes.append(
                f"One edition is transcribed with two figures for the same year ({'; '.join(bits)}); "
                "such a year has no single total and is left out of the ratios."
            )
        return notes

    def ratios(self) -> Section:
        table = self.table
        conv = table[table["convictions_per_prosecution"].notna()]
        sentences = []
        if not conv.empty:
            low = conv.loc[conv["convictions_per_prosecution"].idxmin()]
            high = conv.loc[conv["convictions_per_prosecution"].idxmax()]
            sentences.append(
                f"Convictions per prosecution ranged from {text.ratio(low['convictions_per_prosecution'])} "
                f"({int(low['year'])}) to {text.ratio(high['convictions_per_prosecution'])} "
                f"({int(high['year'])}). " + caveat("same_year_ratio")
            )
        labor = table[table["labor_share_prosecutions"].notna()]
        if not labor.empty:
            last = labor.iloc[-1]
            sentences.append(
                f"Labour trafficking made up {text.ratio(last['labor_share_prosecutions'], 1)}% of "
                f"prosecutions and {text.ratio(last['labor_share_convictions'], 1)}% of convictions in "
                f"{int(last['year'])}."
            )
        world = self._world()
        source_line = plots.source_line(world)
        figure = self._draw(
            plots.global_ratios, table, self._title("conversion and labour-trafficking share"), source_line
        )
        measures = [
            "convictions_per_prosecution",
            "labor_share_prosecutions",
            "labor_share_convictions",
            "labor_share_victims",
        ]
        long = table.melt(
            id_vars=["year", "report_year"], value_vars=measures, var_name="indicator", value_name="value"
        ).dropna(subset=["value"])
        long["note"] = long["indicator"].map(
            lambda m: "ratio" if m.startswith("conv") else "percent of the total"
        )
        urls = world.groupby("reference_year")["source_url"].agg(lambda u: "; ".join(sorted(set(u.dropna()))))
        data = marks(long, country="World", iso3="WLD", source="tip_global")
        data["source_url"] = data["year"].map(urls)
        text_caption = caption(
            "World: convictions per prosecution and the labour-trafficking share of "
            "prosecutions, convictions and victims",
            _span(long["year"]),
            source_line,
            caveat("same_year_ratio"),
        )
        return self._section("global_ratios", " ".join(sentences), figure, data, text_caption)

    def tiers_per_year(self) -> Section:
        counts = counts_per_year(self.tiers)
        sentences = []
        complete = counts[counts["coverage"] == "complete"]
        if not complete.empty:
            first, last = complete.iloc[0], complete.iloc[-1]
            rated = f"The report rated {text.count(first['total'])} countries in {int(first['report_year'])}"
            if last["report_year"] != first["report_year"]:
                rated += f" and {text.count(last['total'])} in {int(last['report_year'])}"
            sentences.append(
                f"{rated}; in {int(last['report_year'])} {text.count(last['3'])} were on Tier 3 and "
                f"{text.count(last['2.5'])} on the Watch List (years with complete tier lists)."
            )
        partial = counts[counts["coverage"] == "partial"]["report_year"]
        if not partial.empty:
            sentences.append(
                f"For {text.year_ranges(partial)} only some placements were found: those bars count "
                "placements found, not the report's lists."
            )
        sources = sorted(set(self.tiers["source"]))
        line = "Source: tier placements from " + ", ".join(tier_source_label(s) for s in sources)
        figure = self._draw(
            plots.tier_distribution, counts, "World: countries per tier by TIP Report edition", line
        )
        long = counts.melt(
            id_vars=["report_year", "coverage"], value_vars=list(TIERS), var_name="tier", value_name="value"
        ).rename(columns={"report_year": "year"})
        data = marks(
            long,
            country="World",
            iso3="WLD",
            source="; ".join(sources),
            indicator="countries_per_tier",
            note="countries placed; a partial year counts placements found",
            source_url=get("tiers").meta().get("url", ""),
        )
        text_caption = caption(
            "World: countries per tier by TIP Report edition",
            _span(counts["report_year"]),
            line,
            caveat("partial_tier_years", complete=text.year_ranges(complete_tier_years())),
        )
        return self._section("tier_distribution", " ".join(sentences), figure, data, text_caption)

    def regions(self) -> Section:
        medians = regional_medians(self.facts)
        sentences = []
        if not medians.empty:
            solid = medians[medians["n"] >= MIN_COUNTRIES]
            regions_per_year = solid.groupby("year")["region"].nunique()
            best = regions_per_year[regions_per_year >= 3]
            year = best.index.max() if not best.empty else solid["year"].max()
            recent = solid[solid["year"] == year].sort_values("median")
            bits = [
                f"{text.region(r.region)} {text.ratio(r.median)} ({text.plural(r.n, 'country', 'countries')})"
                for r in recent.itertuples()
            ]
            if bits:
                sentences.append(
                    f"In {int(recent['year'].iloc[0])}, the median UNODC conversion ratio (persons "
                    f"convicted per person prosecuted) was {text.listing(bits)}."
                )
            sentences.append("Regions with few reporting countries swing widely from year to year.")
        rows = self.facts[
            (self.facts["source"] == "unodc_glotip")
            & self.facts["indicator"].isin(["convictions", "prosecutions"])
        ]
        shown = medians[medians["n"] >= MIN_COUNTRIES]
        most = int(shown.groupby("year")["n"].sum().max()) if not shown.empty else 0
        figure = self._draw(
            plots.regional_medians,
            shown,
            f"World (up to {text.plural(most, 'country', 'countries')} a year): convictions per "
            "prosecution by UNODC region",
            plots.source_line(rows),
            note=f"Medians over the countries of each region that report both figures "
            f"that year; region-years with fewer than {MIN_COUNTRIES} such countries "
            "are left out.",
        )
        data = marks(
            shown.rename(columns={"region": "country", "median": "value"}),
            source="unodc_glotip",
            indicator="convictions/prosecutions",
            note="median over the region's countries (n)",
            source_url=get("unodc_glotip").meta().get("url", ""),
        )
        text_caption = caption(
            "World: median convictions per prosecution by UNODC region",
            _span(shown["year"]),
            plots.source_line(rows),
            caveat("same_year_ratio"),
        )
        return self._section("regional_attrition", " ".join(sentences), figure, data, text_caption)

    def criteria_by_region(self) -> Section:
        """Criteria gaps of the latest narrative edition with an assessment, by TIP region."""
        criteria = self.panel.criteria[
            in_window(self.panel.criteria["report_year"], self.first_year, self.last_year)
        ]
        table = criteria_gaps_by_region(criteria, country_table())
        if table.empty:
            return self._section(
                "criteria_gaps_regions",
                "No narrative edition in these years has a protection criterion assessed.",
            )
        year = int(table["report_year"].iloc[0])
        edition = criteria[criteria["report_year"] == year]
        by_rule = edition["method"].fillna("").str.startswith("rule:")
        how = (
            "coded by rule, not reviewed"
            if by_rule.all()
            else "coded by hand"
            if not by_rule.any()
            else "coded by hand and by rule"
        )
        source_line = f"Source: US TIP Report narratives ({year} edition), protection criteria {how}"
        countries = int(table["iso3"].nunique()) if "iso3" in table else len(table)
        enough = countries >= MIN_WORLD_COUNTRIES
        figure = (
            self._draw(
                plots.criteria_gaps_by_region,
                table,
                f"World ({text.plural(countries, 'country', 'countries')}): protection criteria gap "
                f"by TIP region (TIP {year})",
                source_line,
            )
            if enough
            else None
        )
        parts = []
        for region, rows in table.groupby("region", sort=True):
            bits = [f"{r.country} {text.ratio(r.gap)}" for r in rows.itertuples()]
            parts.append(f"{text.region(region)}: {text.listing(bits)}")
        weak = table[table["n_assessed"] <= WEAK_EVIDENCE_ASSESSED]
        sentences = [
            f"In the {year} report, {text.plural(len(table), 'country', 'countries')} with a narrative in "
            f"this package have a criteria gap ({'; '.join(parts)}).",
        ]
        if not weak.empty:
            sentences.append(
                f"{text.listing(weak['country'].tolist())} {'rests' if len(weak) == 1 else 'rest'} on "
                f"{WEAK_EVIDENCE_ASSESSED} assessed "
                "criteria or fewer: weak evidence."
            )
        sentences.append(
            "Countries without a narrative for this edition are not shown: ingest their narratives "
            "(python -m analysis ingest) to add them."
        )
        if not enough:
            sentences.append(too_few(countries, "the criteria gap by region"))
        data = marks(
            table.rename(columns={"report_year": "year", "gap": "value"}),
            source="tip_narrative",
            indicator="protection_gap_criteria",
            note="value: (not met + 1/2 partial) / assessed criteria",
        )
        urls = edition.groupby("iso3")["source_url"].first()
        data["source_url"] = data["iso3"].map(urls)
        data["method"] = data["iso3"].map(edition.groupby("iso3")["method"].agg(_joined))
        text_caption = caption(
            f"World: protection criteria gap by TIP region, {year} report", None, source_line
        )
        return self._section("criteria_gaps_regions", " ".join(sentences), figure, data, text_caption)

    def followthrough_by_theme(self) -> Section:
        """Recommendation follow-through by theme, across countries with consecutive narratives."""
        ft = self.panel.followthrough
        table = ft[
            in_window(ft["year_from"], self.first_year, self.last_year)
            & in_window(ft["year_to"], self.first_year, self.last_year)
        ]
        if table.empty:
            return self._section(
                "followthrough_themes",
                "No country has consecutive narratives with recommendations in these years.",
            )
        themes = uptake_by_theme(table)
        countries = table["country"].nunique()
        years = _span(table["year_from"])
        source_line = (
            f"Source: US TIP Report narratives ({text.plural(countries, 'country', 'countries')}, "
            f"recommendations of {years} and the next editions), coded by rule"
        )
        enough = countries >= MIN_WORLD_COUNTRIES
        figure = (
            self._draw(
                plots.followthrough_by_theme,
                themes,
                f"World ({text.plural(countries, 'country', 'countries')}): last year's recommendations "
                "by theme",
                source_line,
            )
            if enough
            else None
        )
        reported = themes[themes["share_not_acted"].notna()]
        sentences = [
            f"{text.plural(len(table), 'recommendation item')} from "
            f"{text.plural(countries, 'country', 'countries')} with consecutive narratives in this package."
        ]
        if not reported.empty:
            top = reported.iloc[0]
            sentences.append(
                f"Most often left unacted: {top['theme']} ({text.count(top['not_acted'])} of "
                f"{text.count(top['items'] - top['unclear'])} items the next edition reports on)."
            )
        if not enough:
            sentences.append(too_few(countries, "follow-through by theme"))
        data = marks(
            themes.rename(columns={"theme": "indicator", "share_not_acted": "value"}),
            source="tip_narrative",
            note="value: not acted / (items - unclear); counts per status",
        )

        def urls(rows: pd.Series) -> str:  # web addresses first; a file origin only when there is none
            found = sorted(rows.dropna().unique())
            web = [u for u in found if u.startswith("http")]
            return " ; ".join(web or found)

        table = table.assign(source_url=web_urls(table, self.panel.facts))
        data["source_url"] = data["indicator"].map(table.groupby("theme")["source_url"].agg(urls))
        data["method"] = data["indicator"].map(table.groupby("theme")["method"].agg(_joined))
        text_caption = caption("World: recommendation items by theme and follow-through", years, source_line)
        return self._section("followthrough_themes", " ".join(sentences), figure, data, text_caption)

    def sections(self) -> list[Section]:
        return [
            self.enforcement(),
            self.ratios(),
            self.tiers_per_year(),
            self.regions(),
            self.criteria_by_region(),
            self.followthrough_by_theme(),
        ]


def _joined(methods: pd.Series) -> str | None:
    """The distinct methods of the rows behind a mark, joined with '; '."""
    return "; ".join(sorted({str(m) for m in methods.dropna()})) or None


def _span(years) -> str | None:
    """'2003-2023' (or one year; None when there is none)."""
    years = sorted({int(y) for y in years if pd.notna(y)})
    if not years:
        return None
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"

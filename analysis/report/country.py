"""The country report: each section's computed sentences and figure.

``notebooks/country_report.ipynb`` is a thin shell around :class:`CountryReport`: it builds one
from its parameters and shows each section. Sentences are rendered here from computed values
(no number is typed into the notebook), and a section with no data says what is missing
instead of drawing empty axes.
"""

from __future__ import annotations

import pandas as pd

from analysis import plots
from analysis.caveats import caveat
from analysis.countries import canonical_name, to_iso3
from analysis.enforcement import (
    MIN_REGION_COUNTRIES,
    REGIONAL_COLUMNS,
    attrition,
    regional_comparison,
    yoy_ratios,
)
from analysis.protection import (
    ASSESSED_STATUSES,
    CORE_VICTIM_COUNTS,
    WEAK_EVIDENCE_ASSESSED,
    coding_method,
    criteria_changes,
    gap_like_with_like,
    protection_gap_counts,
    protection_gap_criteria,
)
from analysis.report import text
from analysis.report.section import Drawing, Panel, Section, caption, in_window, marks, web_urls
from analysis.schema import FOLLOWTHROUGH_STATUSES, SOURCES, case_flow, protection_criteria
from analysis.series import year_values
from analysis.sources import complete_tier_years, get, tier_source_label
from analysis.tiers import conflicts, history
from analysis.uptake import uptake_by_pair, uptake_by_theme

ENFORCEMENT = tuple(case_flow())
HEADLINE = (*ENFORCEMENT, "victims_identified")
#: a headline series whose latest change ends this many years or more before the report's newest
#: figure is flagged as stale (said in the sentence, drawn pale)
STALE_YEARS = 5
COUNTRY_SOURCES = ("tip_narrative", "unodc_glotip")


def _gap(value: float) -> str:
    """A count gap in prose: two decimals, three when two would print a small gap as 0.00."""
    return text.ratio(value, 3 if 0 < abs(value) < 0.005 else 2)


def _stale_phrase(year, series_end) -> str:
    """How a stale change is described: the series ends there, or goes on with no defined change."""
    if int(series_end) <= int(year):
        return f"the series ends in {int(year)}"
    return f"no change is defined after {int(year)} (the series goes on to {int(series_end)})"


class CountryReport(Drawing):
    """Everything the country report says about one country.

    Args:
        country: any accepted name or ISO3 (``UnknownCountryError`` with close matches
            otherwise, before anything is loaded).
        first_year, last_year: limits on reference years (facts) and report years (tiers,
            criteria); None for no limit.
        sources: fact sources to use (``tip_narrative``, ``unodc_glotip``).
        panel: preloaded frames (default: the processed panel).
    """

    def __init__(
        self,
        country: str,
        first_year: int | None = None,
        last_year: int | None = None,
        sources=COUNTRY_SOURCES,
        panel: Panel | None = None,
        width="double",
    ):
        self._set_width(width)
        self.iso3 = to_iso3(country)
        self.name = canonical_name(self.iso3)
        unknown = [s for s in sources if s not in SOURCES]
        if unknown:
            raise ValueError(f"unknown source(s) {unknown}; accepted: {', '.join(SOURCES)}")
        if first_year is not None and last_year is not None and first_year > last_year:
            raise ValueError(f"first_year {first_year} is after last_year {last_year}")
        self.first_year, self.last_year = first_year, last_year
        self.sources = list(sources)
        self.panel = panel or Panel.load()
        facts = self.panel.facts
        in_years = in_window(facts["reference_year"], first_year, last_year)
        self.all_facts = facts[in_years & facts["source"].isin(self.sources)]
        self.facts = self.all_facts[self.all_facts["iso3"] == self.iso3]
        tiers = self.panel.tiers
        self.tiers = tiers[
            (tiers["iso3"] == self.iso3) & in_window(tiers["report_year"], first_year, last_year)
        ]
        cho = self.panel.cho_3p
        self.cho = cho[(cho["iso3"] == self.iso3) & in_window(cho["year"], first_year, last_year)]
        crit = self.panel.criteria
        self.criteria = crit[
            (crit["iso3"] == self.iso3) & in_window(crit["report_year"], first_year, last_year)
        ]
        ft = self.panel.followthrough
        self.followthrough = ft[
            (ft["iso3"] == self.iso3)
            & in_window(ft["year_from"], first_year, last_year)
            & in_window(ft["year_to"], first_year, last_year)
        ]
        totals = self.facts[(self.facts["breakdown"] == "total") & (self.facts["scope"] == "all")]
        self.totals = totals
        self.yoy = yoy_ratios(totals)
        self.history = history(self.tiers)

    # --- shared pieces -------------------------------------------------------------------

    def _source(self, rows: pd.DataFrame | None = None, extra=()) -> str:
        return plots.source_line(self.facts if rows is None else rows, extra)

    def _title(self, what: str) -> str:
        span = ""
        if self.first_year or self.last_year:
            span = f" ({self.first_year or '…'}–{self.last_year or '…'})"
        return f"{self.name}: {what}{span}"

    def _urls(self, source: str, indicators, years) -> str:
        """URLs of the country's facts behind a mark (several joined by '; ')."""
        rows = self.totals[
            (self.totals["source"] == source)
            & self.totals["indicator"].isin(list(indicators))
            & self.totals["reference_year"].isin([int(y) for y in years if pd.notna(y)])
        ]
        return "; ".join(sorted(set(rows["source_url"].dropna())))

    def _caption(self, figure, what: str, years, source_line: str, caveat_text: str | None = None):
        """The caption of a section's figure (None when there is no figure)."""
        if figure is None:
            return None
        years = [int(y) for y in years if pd.notna(y)]
        span = (
            f"{min(years)}-{max(years)}"
            if years and min(years) != max(years)
            else (str(years[0]) if years else None)
        )
        return caption(f"{self.name}: {what}", span, source_line, caveat_text)

    @property
    def window(self) -> str:
        """The year window as prose: ' in 1900–1950', ' from 2010', ' up to 2015', or ''."""
        first, last = self.first_year, self.last_year
        if first is not None and last is not None:
            return f" in {first}–{last}"
        if first is not None:
            return f" from {first}"
        return f" up to {last}" if last is not None else ""

    def latest_yoy(self) -> pd.DataFrame:
        """The latest defined year-over-year ratio per source and headline indicator.

        Only adjacent years count (``gap == 1``): a comparison across missing years is an
        N-year change, never shown as the latest year-over-year change.
        """
        rows = self.yoy[
            self.yoy["indicator"].isin(HEADLINE) & self.yoy["ratio"].notna() & (self.yoy["gap"] == 1)
        ]
        rows = rows.sort_values("year").groupby(["source", "indicator"], sort=True).tail(1)
        order = {i: n for n, i in enumerate(HEADLINE)}
        rows = rows.assign(_o=rows["indicator"].map(order)).sort_values(["source", "_o"]).drop(columns="_o")
        # a change long before the newest headline figure is stale: said, not hidden, with whether
        # the series ends there or goes on without a defined change (several figures a year, gaps)
        headline = self.totals[self.totals["indicator"].isin(HEADLINE)]
        newest = headline["reference_year"].max()
        ends = headline.groupby(["source", "indicator"])["reference_year"].max()
        series_end = [ends.get((r.source, r.indicator), r.year) for r in rows.itertuples()]
        stale = rows["year"] <= newest - STALE_YEARS if pd.notna(newest) else False
        return rows.assign(stale=stale, newest=newest, series_end=series_end)

    def conviction_ratios(self) -> pd.DataFrame:
        """Convictions per prosecution of the country, per source and year."""
        return attrition(self.totals)

    def latest_criteria_gap(self) -> pd.Series | None:
        """The criteria gap of the latest report year that assesses more than
        ``WEAK_EVIDENCE_ASSESSED`` criteria; failing that, of the latest that assesses any; else None.

        A headline resting on one or two assessed criteria would be weak evidence presented as a
        headline, so the firmer year is preferred.
        """
        if self.criteria.empty:
            return None
        gaps = protection_gap_criteria(self.criteria)
        gaps = gaps[gaps["gap"].notna()]
        firm = gaps[gaps["n_assessed"] > WEAK_EVIDENCE_ASSESSED]
        chosen = firm if not firm.empty else gaps
        return chosen.iloc[-1] if not chosen.empty else None

    def headline(self) -> dict:
        """Headline numbers (for batch summaries): tier, YoY ratios, conversion, gaps."""
        out: dict = {"country": self.name, "iso3": self.iso3}
        editions = sorted(
            {int(y) for y in self.facts["report_year"].dropna()} | set(self.history["report_year"])
        )
        if editions:
            out["editions"] = f"{editions[0]}–{editions[-1]}" if len(editions) > 1 else str(editions[0])
        if not self.history.empty:
            last = self.history.iloc[-1]
            out.update(tier=last["tier"], tier_report_year=int(last["report_year"]))
        for row in self.latest_yoy().itertuples():
            out[f"yoy_{row.source}_{row.indicator}"] = float(row.ratio)
            out[f"yoy_{row.source}_{row.indicator}_year"] = int(row.year)
        conv = self.conviction_ratios()
        conv = conv[conv["ratio"].notna()].sort_values("year")
        for src, rows in conv.groupby("source"):
            out[f"convictions_per_prosecution_{src}"] = float(rows["ratio"].iloc[-1])
            out[f"convictions_per_prosecution_{src}_year"] = int(rows["year"].iloc[-1])
        last = self.latest_criteria_gap()
        if last is not None:
            out.update(
                protection_gap_criteria=float(last["gap"]),
                protection_gap_criteria_year=int(last["report_year"]),
            )
        counts = protection_gap_counts(self.facts)
        counts = counts[counts["assistance_gap"].notna()] if not counts.empty else counts
        if not counts.empty:
            last = counts.sort_values("year").iloc[-1]
            out.update(
                assistance_gap=float(last["assistance_gap"]),
                assistance_gap_year=int(last["year"]),
                assistance_gap_source=last["source"],
            )
        return out

    # --- sections ---------------------------------------------------------------------------

    def coverage(self) -> Section:
        """What the panel holds for the country (opening note)."""
        parts = []
        for src in self.sources:
            rows = self.facts[self.facts["source"] == src]
            if rows.empty:
                parts.append(f"no {text.source(src)} figures")
            else:
                years = rows["reference_year"].dropna()
                parts.append(
                    f"{text.count(len(rows))} {text.source(src)} figures "
                    f"({int(years.min())}–{int(years.max())})"
                )
        tiers = (
            f"tier placements for {text.count(len(self.tiers))} report years "
            f"({int(self.tiers['report_year'].min())}–{int(self.tiers['report_year'].max())})"
            if not self.tiers.empty
            else "no tier placement"
        )
        body = f"The panel holds {text.listing(parts)}, and {tiers} for {self.name}{self.window}."
        return self._section("coverage", body)

    def at_a_glance(self) -> Section:
        sentences = []
        if not self.history.empty:
            last = self.history.iloc[-1]
            sentences.append(
                f"{self.name} is placed on **{text.tier(last['tier'])}** in the "
                f"{int(last['report_year'])} TIP Report (latest placement found)."
            )
        else:
            sentences.append(f"No tier placement was found for {self.name}{self.window}.")
        latest = self.latest_yoy()
        if not latest.empty:
            bits = [
                f"{text.indicator(r.indicator)} {text.times(r.ratio)} ({int(r.previous_year)}→{int(r.year)}, "
                f"{text.source(r.source)}"
                + (
                    f"; {_stale_phrase(r.year, r.series_end)}, {int(r.newest - r.year)} years before the "
                    f"report's newest headline figure, of {int(r.newest)}"
                    if r.stale
                    else ""
                )
                + ")"
                for r in latest.head(3).itertuples()
            ]
            sentences.append(f"Latest year-over-year changes: {text.listing(bits)}.")
        else:
            sentences.append("No year-over-year change can be computed: no series has two reported years.")
        conv = self.conviction_ratios()
        conv = conv[conv["ratio"].notna()].sort_values("year")
        gap_bits = []
        if not conv.empty:
            bits = [
                f"{text.ratio(rows['ratio'].iloc[-1])} in {int(rows['year'].iloc[-1])} ({text.source(src)})"
                for src, rows in conv.groupby("source")
            ]
            gap_bits.append(f"convictions per prosecution {text.listing(bits)}")
        last = self.latest_criteria_gap()
        if last is not None:
            gap_bits.append(
                f"a protection gap of {text.ratio(last['gap'])} by criteria "
                f"({int(last['report_year'])} report, {text.count(last['n_assessed'])} of "
                f"{text.count(last['n_criteria'])} criteria assessed)"
            )
        if gap_bits:
            sentences.append(f"Headline measures: {text.listing(gap_bits)}.")
        source_line = self._source(self.facts[self.facts["indicator"].isin(HEADLINE)])
        figure = (
            self._draw(plots.yoy_headline, latest, self._title("latest year-over-year changes"), source_line)
            if not latest.empty
            else None
        )
        data = marks(
            latest[
                [
                    "source",
                    "indicator",
                    "year",
                    "previous_year",
                    "ratio",
                    "previous_value",
                    "value",
                    "stale",
                    "series_end",
                ]
            ].rename(columns={"value": "value_this_year", "ratio": "value"}),
            country=self.name,
            iso3=self.iso3,
            note="ratio value[year] / value[previous_year]",
        )
        data["source_url"] = [
            self._urls(r.source, [r.indicator], [r.year, r.previous_year]) for r in data.itertuples()
        ]
        text_caption = self._caption(
            figure,
            "latest year-over-year change per indicator and source, on a log scale; pale bars: a change "
            f"{STALE_YEARS} or more years before the report's newest headline figure (one colour: a rise is "
            "not read as good, nor a fall as bad)",
            list(latest["year"]) + list(latest["previous_year"]),
            source_line,
        )
        return self._section("yoy_headline", " ".join(sentences), figure, data, text_caption)

    def enforcement(self) -> Section:
        rows = self.totals[self.totals["indicator"].isin(ENFORCEMENT)]
        values = year_values(rows)
        yoy = self.yoy[self.yoy["indicator"].isin(ENFORCEMENT)]
        sentences = []
        for src in self.sources:
            these = values[values["source"] == src]
            if these.empty:
                sentences.append(
                    f"{text.source(src)} reports no law-enforcement figures for {self.name}{self.window}."
                )
                continue
            latest = (
                yoy[(yoy["source"] == src) & yoy["ratio"].notna()]
                .sort_values("year")
                .groupby("indicator")
                .tail(1)
            )
            if latest.empty:
                years = text.year_ranges(these["year"].dropna())
                sentences.append(
                    f"{text.source(src)} reports law-enforcement figures for {years}, "
                    "too few to compare years."
                )
                continue
            bits = [
                f"{text.indicator(r.indicator)} from {text.count(r.previous_value)} "
                f"({int(r.previous_year)}) to "
                f"{text.count(r.value)} ({int(r.year)}, {text.change_over(r.ratio, r.gap)})"
                for r in latest.itertuples()
            ]
            span = range(int(these["year"].min()), int(these["year"].max()) + 1)
            missing = sorted(set(span) - set(these["year"].dropna().astype(int)))
            gap = f"; no figures for {text.year_ranges(missing)}" if missing else ""
            sentences.append(f"{text.source(src)}: {text.listing(bits[:3])}{gap}.")
        figure = (
            self._draw(
                plots.enforcement_over_time,
                values,
                yoy,
                self._title("law enforcement over time"),
                self._source(rows),
            )
            if not values.empty
            else None
        )
        data = marks(year_values(rows, urls=True))
        text_caption = self._caption(
            figure,
            "suspects identified, investigations, prosecutions and convictions per reference year, a "
            "column per source (series of very different size on separate axes), labelled with the "
            "change on the previous year reported",
            values["year"],
            self._source(rows),
            caveat("suppressed_lt5") if (values["note"] == "suppressed").any() else None,
        )
        return self._section("enforcement", " ".join(sentences), figure, data, text_caption)

    def attrition(self) -> Section:
        own = self.conviction_ratios()
        regional = pd.DataFrame(columns=REGIONAL_COLUMNS)
        if "unodc_glotip" in self.sources:
            regional = regional_comparison(self.all_facts, self.iso3, "convictions/prosecutions")
            thin = regional["region_n"].fillna(0) < MIN_REGION_COUNTRIES  # too few countries to summarise
            regional.loc[thin, ["region_median", "region_q1", "region_q3"]] = pd.NA
            regional = regional[regional["value"].notna() | regional["region_median"].notna()]
        others = own[(own["source"] != "unodc_glotip") & own["ratio"].notna()][["source", "year", "ratio"]]
        sentences = []
        mine = regional[regional["value"].notna()] if not regional.empty else regional
        if not mine.empty:
            last = mine.iloc[-1]
            region = (
                f"a median of {text.ratio(last['region_median'])} in {text.region(last['region'])} "
                f"(middle half "
                f"{text.ratio(last['region_q1'])}–{text.ratio(last['region_q3'])}, "
                f"{text.count(last['region_n'])} countries) and "
                if pd.notna(last["region_median"])
                else f"too few countries in {text.region(last['region'])} to summarise, and "
            )
            sentences.append(
                f"In {int(last['year'])}, UNODC figures give {self.name} {text.ratio(last['value'])} persons "
                f"convicted per person prosecuted, against {region}a world median of "
                f"{text.ratio(last['world_median'])}."
            )
        for row in others.sort_values("year").groupby("source").tail(1).itertuples():
            match = own[(own["source"] == row.source) & (own["year"] == row.year)].iloc[0]
            sentences.append(
                f"The {text.source(row.source)} gives {text.count(match['numerator_value'])} convictions for "
                f"{text.count(match['denominator_value'])} prosecutions in {int(row.year)} "
                f"({text.ratio(row.ratio)})."
            )
        if not sentences:
            sentences.append(
                f"No source reports both convictions and prosecutions for {self.name}{self.window} in the "
                "same year, so no conversion ratio can be computed."
            )
        else:
            sentences.append(caveat("same_year_ratio"))
        # the source line cites what supplies a mark: the country's own ratios (their years only)
        # and UNODC (every country's rows when the regional medians are drawn)
        rows = self.all_facts[self.all_facts["indicator"].isin(["convictions", "prosecutions"])]
        unodc = rows["source"] == "unodc_glotip"
        drawn = (
            (rows["iso3"] == self.iso3)
            & ~unodc
            & rows["reference_year"].isin(set(others["year"]))
            & rows["source"].isin(set(others["source"]))
        )
        unodc_drawn = unodc & ((rows["iso3"] == self.iso3) if regional.empty else True)
        source = self._source(rows[drawn | unodc_drawn])
        has_own = not mine.empty or not others.empty
        figure = (
            self._draw(
                plots.attrition_vs_region,
                regional,
                others,
                self._title("convictions per prosecution"),
                source,
            )
            if has_own
            else None
        )
        unodc_url = get("unodc_glotip").meta().get("url", "")
        parts = [
            marks(
                regional[regional["value"].notna()][["source", "year", "value"]],
                country=self.name,
                iso3=self.iso3,
                indicator="convictions/prosecutions",
                note="the country's ratio",
                source_url=unodc_url,
            )
        ]
        for column, label in (
            ("region_median", "median"),
            ("region_q1", "first quartile"),
            ("region_q3", "third quartile"),
            ("world_median", "median"),
        ):
            if column in regional and regional[column].notna().any():
                where = "World" if column == "world_median" else regional["region"].dropna().iloc[0]
                part = regional[regional[column].notna()][["source", "year", column]].rename(
                    columns={column: "value"}
                )
                parts.append(
                    marks(
                        part,
                        country=where,
                        indicator="convictions/prosecutions",
                        note=f"{label} of the countries' ratios",
                        source_url=unodc_url,
                    )
                )
        for row in others.itertuples():
            parts.append(
                marks(
                    pd.DataFrame([{"source": row.source, "year": row.year, "value": row.ratio}]),
                    country=self.name,
                    iso3=self.iso3,
                    indicator="convictions/prosecutions",
                    note="the country's ratio (other definitions)",
                    source_url=self._urls(row.source, ["convictions", "prosecutions"], [row.year]),
                )
            )
        data = pd.concat(parts, ignore_index=True)
        years = list(regional["year"]) + list(others["year"])
        text_caption = self._caption(
            figure,
            "convictions per prosecution beside the median and middle half of "
            "its UNODC region and the world median",
            years,
            source,
            caveat("same_year_ratio"),
        )
        return self._section("attrition", " ".join(sentences), figure, data, text_caption)

    def protection_counts(self) -> Section:
        counts = protection_gap_counts(self.facts)
        sentences = []
        if counts.empty:
            sentences.append(
                f"No source reports victims identified, referred or assisted for {self.name}{self.window}."
            )
        else:
            both = counts[counts["assistance_gap"].notna()]
            if not both.empty:
                last = both.sort_values("year").iloc[-1]
                sentences.append(
                    f"In {int(last['year'])} the {text.source(last['source'])} counts "
                    f"{text.count(last['victims_identified'])} victims identified and "
                    f"{text.count(last['victims_assisted'])} assisted: an assistance gap of "
                    f"{text.ratio(last['assistance_gap'])}"
                    + (
                        " (more assisted than identified: the counts come from different agencies)."
                        if last["assistance_gap"] < 0
                        else "."
                    )
                )
            else:
                last = counts[counts["victims_identified"].notna()].sort_values("year")
                if not last.empty:
                    row = last.iloc[-1]
                    sentences.append(
                        f"Victims identified are reported ({text.count(row['victims_identified'])} "
                        f"in {int(row['year'])}, {text.source(row['source'])}), but no year reports "
                        "how many were assisted, so no count gap can be computed."
                    )
            several = counts["note"].fillna("").str.contains("several figures")
            if several.any():
                sentences.append(
                    f"In {text.year_ranges(counts.loc[several, 'year'])} the sources give several "
                    "competing counts (e.g. police and prosecutors); those years have no gap."
                )
        rows = self.totals[self.totals["indicator"].isin(CORE_VICTIM_COUNTS)]
        figure = (
            self._draw(
                plots.protection_counts,
                year_values(rows),
                self._title("victims identified and assisted"),
                self._source(rows),
            )
            if not rows.empty
            else None
        )
        drawn = year_values(rows, urls=True)
        text_caption = self._caption(
            figure,
            "victims identified, referred and assisted per reference year, one panel per source",
            drawn["year"],
            self._source(rows),
            caveat("several_figures") if (drawn["note"].fillna("").str.contains("several")).any() else None,
        )
        return self._section("protection_counts", " ".join(sentences), figure, marks(drawn), text_caption)

    def protection_criteria(self) -> Section:
        if self.criteria.empty:
            own = self.panel.criteria[self.panel.criteria["iso3"] == self.iso3]
            assessed = own.loc[own["status"].isin(ASSESSED_STATUSES), "report_year"]
            if assessed.empty:
                said = (
                    f"No protection criteria have been assessed for {self.name} yet "
                    "(data/raw/tip_narratives/criteria.csv)."
                )
            else:
                said = (
                    f"No protection criteria assessed for {self.name}{self.window}; they are assessed for "
                    f"{text.year_ranges(assessed)}."
                )
            return self._section("criteria_strip", said)
        labels = dict(zip(protection_criteria()["criterion"], protection_criteria()["label"], strict=True))
        rule_years = self._rule_coded_years()
        source_line = self._criteria_source(rule_years)
        figure = self._draw(
            plots.criteria_strip,
            self.criteria,
            labels,
            self._title("protection criteria"),
            source_line,
            frozenset(rule_years),
        )
        data = marks(
            self.criteria.rename(columns={"report_year": "year", "status": "value"})[
                ["country", "iso3", "year", "criterion", "value", "evidence_ref", "source_url", "method"]
            ],
            source="tip_narrative",
            indicator="protection_criterion",
            note=(
                "value: met, partial, not_met, not_reported (the text read is silent) or not_read (the "
                "edition's protection section was not in the text read); method rule:<id>: coded by rule"
            ),
        )
        text_caption = self._caption(
            figure,
            "the nine TIP protection criteria by report edition (met, partly met, not met, not reported, "
            "not read)",
            self.criteria["report_year"],
            source_line,
        )
        return self._section("criteria_strip", self._criteria_paragraph(labels), figure, data, text_caption)

    def _rule_coded_years(self) -> list[int]:
        """Report years whose criteria were coded by rule (not by hand, not reviewed)."""
        by_rule = self.criteria["method"].fillna("").str.startswith("rule:")
        return sorted(int(y) for y in self.criteria.loc[by_rule, "report_year"].unique())

    def _criteria_source(self, rule_years: list[int]) -> str:
        years = self.criteria["report_year"].astype(int)
        hand = sorted(set(years) - set(rule_years))
        parts = []
        if hand:
            parts.append(f"coded by hand ({text.year_ranges(hand)})")
        if rule_years:
            parts.append(f"coded by rule ({text.year_ranges(rule_years)}; not reviewed)")
        return f"Source: US TIP Report narratives, protection criteria {text.listing(parts)}"

    def _criteria_coverage(self, gaps: pd.DataFrame) -> str:
        """What was read: editions whose protection section was in the text read, and those of
        which only other sections were (their silence is "not read", not "not reported")."""
        read = gaps["n_not_read"] == 0
        said = [f"Texts of {text.plural(len(gaps), 'edition')} were coded for the nine protection criteria"]
        if read.any():
            said.append(
                f"the protection section was read for {text.year_ranges(gaps.loc[read, 'report_year'])}"
            )
        if not read.all():
            missing = gaps.loc[~read, "report_year"]
            said.append(
                f"for {text.year_ranges(missing)} only other sections were read (the summary or "
                "recommendations), so a criterion they are silent on is marked not read rather than "
                "not reported"
            )
        return "; ".join(said) + "."

    def _criteria_paragraph(self, labels: dict[str, str]) -> str:
        """First and last assessed editions, the gap's direction and what changed, computed."""
        gaps = protection_gap_criteria(self.criteria)
        assessed = gaps[gaps["gap"].notna()]
        if assessed.empty:
            return (
                f"{self._criteria_coverage(gaps)} None of the texts read states what the government does "
                "on a protection criterion: nothing is assessed."
            )
        first, last = assessed.iloc[0], assessed.iloc[-1]
        methods = coding_method(self.criteria)

        def at(row) -> str:
            return (
                f"{text.ratio(row['gap'])} in the {int(row['report_year'])} report "
                f"({text.count(row['n_assessed'])} of {text.count(row['n_criteria'])} criteria assessed, "
                f"{methods.get(row['report_year'], 'coded')})"
            )

        def compared(a, b, lead: str = "The criteria gap") -> str:
            """Two editions' gaps, compared like with like: over the same criteria, or said not to be."""
            same = gap_like_with_like(self.criteria, int(a["report_year"]), int(b["report_year"]))
            if not same["common"]:
                return (
                    f"{lead} was {at(a)} and {at(b)}; the two editions assess no criterion in common, so "
                    "the gaps are not compared."
                )
            verb = text.change(a["gap"], b["gap"])
            said = (
                f"{lead} is the same, {at(a)} and {at(b)}."
                if verb == "stayed"
                else f"{lead} {verb} from {at(a)} to {at(b)}."
            )
            if len(same["common"]) == int(a["n_assessed"]) == int(b["n_assessed"]):
                return said  # the same criteria on both sides
            shared = text.listing([labels[c].lower() for c in same["common"]])
            return (
                f"{said} Over the {text.plural(len(same['common']), 'criterion', 'criteria')} both assess "
                f"({shared}) it went from {text.ratio(same['gap_a'])} to {text.ratio(same['gap_b'])}."
            )

        sentences = [
            self._criteria_coverage(gaps),
            f"{text.plural(len(assessed), 'edition')} assess at least one criterion "
            f"({text.year_ranges(assessed['report_year'])}).",
        ]
        if len(assessed) == 1:
            sentences.append(f"The criteria gap is {at(first)}.")
        else:
            sentences.append(compared(first, last))
            weak = assessed["n_assessed"] <= WEAK_EVIDENCE_ASSESSED
            if weak.any():
                sentences.append(
                    f"In {text.year_ranges(assessed.loc[weak, 'report_year'])} the gap rests on "
                    f"{WEAK_EVIDENCE_ASSESSED} assessed criteria or fewer: weak evidence."
                )
                firm = assessed[~weak]
                if len(firm) > 1 and (weak.iloc[0] or weak.iloc[-1]):
                    a, b = firm.iloc[0], firm.iloc[-1]
                    sentences.append(
                        compared(
                            a,
                            b,
                            f"Over editions assessing more than {WEAK_EVIDENCE_ASSESSED} criteria, the gap",
                        )
                    )
        changes = criteria_changes(self.criteria)
        if not changes.empty:
            status = lambda s: s.replace("_", " ")
            items = [
                f"{labels[r.criterion].lower()}: {status(r.first_status)} in {r.first_year}, "
                f"{status(r.last_status)} in {r.last_year}"
                for r in changes.itertuples()
            ]
            sentences.append(
                f"What changed between the first and last editions assessing them: {'; '.join(items)}."
            )
        elif len(assessed) > 1:
            sentences.append("No criterion assessed in two editions changed status.")
        return " ".join(s for s in sentences if s)

    def criteria_gap(self) -> Section:
        """The criteria gap over report editions, with the criteria assessed under each point."""
        if self.criteria.empty:
            return self._section(
                "criteria_gap", f"No protection criteria assessed for {self.name}{self.window}."
            )
        gaps = protection_gap_criteria(self.criteria)
        gaps["method"] = gaps["report_year"].map(coding_method(self.criteria))
        source_line = self._criteria_source(self._rule_coded_years())
        figure = self._draw(plots.criteria_gap, gaps, self._title("protection criteria gap"), source_line)
        data = marks(
            gaps.rename(columns={"report_year": "year", "gap": "value"})[
                [
                    "country",
                    "iso3",
                    "year",
                    "value",
                    "n_assessed",
                    "n_met",
                    "n_partial",
                    "n_not_met",
                    "method",
                    "source_url",
                ]
            ],
            source="tip_narrative",
            indicator="protection_gap_criteria",
            note="value: (not met + 1/2 partial) / assessed criteria; NA when none is assessed",
        )
        text_caption = self._caption(
            figure,
            "the protection criteria gap by report edition, with the number of criteria assessed",
            gaps["report_year"],
            source_line,
        )
        defined = gaps[gaps["gap"].notna()]
        weak = int((defined["n_assessed"] <= WEAK_EVIDENCE_ASSESSED).sum())
        weak_said = (
            f"none of the {text.plural(len(defined), 'edition')} with a gap assesses"
            if weak == 0
            else f"{text.count(weak)} of the {text.plural(len(defined), 'edition')} with a gap assess"
        )
        said = (
            "Each point is one report edition; along the bottom, how many of the nine criteria that "
            f"edition assesses: {weak_said} {WEAK_EVIDENCE_ASSESSED} criteria or fewer (hollow points, "
            "weak evidence)."
        )
        return self._section("criteria_gap", said, figure, data, text_caption)

    def count_gaps(self) -> Section:
        """Assistance and referral gaps over reference years, per source."""
        counts = protection_gap_counts(self.facts)
        defined = (
            counts[counts[["assistance_gap", "referral_gap", "assistance_gap_low"]].notna().any(axis=1)]
            if not counts.empty
            else counts
        )
        if defined.empty:
            return self._section(
                "count_gaps",
                f"No year{self.window} reports both victims identified and victims assisted or referred for "
                f"{self.name}, so no count gap can be computed.",
            )
        rows = self.totals[
            self.totals["indicator"].isin(CORE_VICTIM_COUNTS)
            & self.totals["source"].isin(defined["source"])
            & self.totals["reference_year"].isin(defined["year"])
        ]
        source_line = self._source(rows)
        figure = self._draw(plots.count_gaps, counts, self._title("protection gaps by count"), source_line)
        sentences = []
        for kind, word in (("assistance_gap", "assistance"), ("referral_gap", "referral")):
            present = defined[defined[kind].notna()].sort_values("year")
            if present.empty:
                continue
            years = text.year_ranges(present["year"])
            last = present.iloc[-1]
            sentence = (
                f"The {word} gap can be computed for {years}; the latest is {_gap(last[kind])} in "
                f"{int(last['year'])} ({text.source(last['source'])})"
            )
            negative = present[present[kind] < 0]
            if not negative.empty:
                sentence += (
                    f"; below 0 in {text.year_ranges(negative['year'])}: more "
                    f"{'assisted' if word == 'assistance' else 'referred'} than identified, counts from "
                    "different agencies or periods (kept, not clipped)"
                )
            sentences.append(sentence + ".")
        urls = (
            rows.dropna(subset=["source_url"])
            .groupby(["source", "reference_year"])["source_url"]
            .agg(lambda u: " ; ".join(sorted(set(u))))
            .rename_axis(["source", "year"])
            .reset_index()
        )
        table = defined.merge(urls.astype({"year": "Int64"}), on=["source", "year"], how="left")
        data = marks(
            table.rename(columns={"assistance_gap": "value"})[
                [
                    "country",
                    "iso3",
                    "source",
                    "year",
                    "value",
                    "assistance_gap_low",
                    "assistance_gap_high",
                    "referral_gap",
                    "note",
                    "source_url",
                ]
            ],
            indicator="assistance_gap",
        )
        text_caption = self._caption(
            figure,
            "assistance and referral gaps (1 − assisted or referred / identified) per reference year",
            defined["year"],
            source_line,
        )
        return self._section("count_gaps", " ".join(sentences), figure, data, text_caption)

    def recommendations(self) -> Section:
        """Last year's recommendations: per edition pair, items by status; the themes left unacted."""
        table = self.followthrough
        if table.empty:
            return self._section(
                "followthrough",
                f"No pair of consecutive {self.name} narratives with recommendations{self.window}: ingest "
                "consecutive editions (python -m analysis ingest) to see what was done about them.",
            )
        pairs = uptake_by_pair(table)
        years = text.year_ranges(pairs["year_from"])
        source_line = (
            f"Source: US TIP Report narratives (recommendations of {years} and the next editions), "
            "coded by rule"
        )
        figure = self._draw(
            plots.followthrough_bars, pairs, self._title("last year's recommendations"), source_line
        )
        total = pairs[list(FOLLOWTHROUGH_STATUSES)].sum()
        sentences = [
            f"Across {text.plural(len(pairs), 'pair')} of consecutive editions ({years} → next), the "
            f"narratives make {text.plural(int(total.sum()), 'recommendation item')}; the next edition "
            f"reports {text.count(total['acted'])} acted on, {text.count(total['partial'])} partly, "
            f"{text.count(total['not_acted'])} not acted on, and says nothing on "
            f"{text.count(total['unclear'])}."
        ]
        themes = uptake_by_theme(table)
        unacted = themes[themes["not_acted"] > 0].head(3)
        if not unacted.empty:
            bits = [
                f"{r.theme} ({text.count(r.not_acted)} of {text.count(r.items - r.unclear)} reported on)"
                for r in unacted.itertuples()
            ]
            sentences.append(f"The themes most often left unacted: {text.listing(bits)}.")
        table = table.assign(source_url=web_urls(table, self.panel.facts))
        data = marks(
            table.rename(columns={"year_from": "year", "status": "value"})[
                [
                    "country",
                    "iso3",
                    "year",
                    "year_to",
                    "item_no",
                    "theme",
                    "value",
                    "start",
                    "end",
                    "evidence_start",
                    "evidence_end",
                    "method",
                    "source_url",
                ]
            ],
            source="tip_narrative",
            indicator="recommendation_followthrough",
            note="value: acted, partial, not_acted or unclear; start/end: the item in the year's narrative",
        )
        text_caption = self._caption(
            figure,
            "last year's recommendations: items acted on, partly, not, or unclear",
            pairs["year_from"],
            source_line,
        )
        return self._section("followthrough", " ".join(sentences), figure, data, text_caption)

    def tier_trajectory(self) -> Section:
        sentences = []
        hist = self.history
        if hist.empty:
            sentences.append(f"No tier placement was found for {self.name}{self.window}.")
        else:
            moves = hist["transition"].value_counts()
            streak = int(hist["watch_list_years"].max())
            first, last = hist.iloc[0], hist.iloc[-1]
            sentences.append(
                f"From {int(first['report_year'])} ({text.tier(first['tier'])}) to "
                f"{int(last['report_year'])} "
                f"({text.tier(last['tier'])}), placements found show "
                f"{text.plural(moves.get('upgrade', 0), 'upgrade')} "
                f"and {text.plural(moves.get('downgrade', 0), 'downgrade')}"
                + (
                    f"; the longest Watch List run is {text.plural(streak, 'consecutive year')}"
                    if streak
                    else ""
                )
                + "."
            )
            complete = complete_tier_years()
            partial = sorted(set(hist["report_year"].astype(int)) - set(complete))
            covered = set(hist["report_year"].astype(int))
            missing = [
                y for y in range(int(first["report_year"]), int(last["report_year"]) + 1) if y not in covered
            ]
            if missing:
                sentences.append(
                    f"No placement was found for {text.year_ranges(missing)}: tier coverage is "
                    f"complete only for {text.year_ranges(complete)}."
                )
            elif partial:
                sentences.append(f"Placements for {text.year_ranges(partial)} come from partial sources.")
        if not self.cho.empty:
            last = self.cho.sort_values("year").iloc[-1]
            sentences.append(
                f"The Cho-Dreher-Neumayer 3P index scores {self.name} {text.count(last['total'])} of 15 "
                f"for {int(last['year'])} (prosecution {text.count(last['prosecution'])}, protection "
                f"{text.count(last['protection'])}, prevention {text.count(last['prevention'])})."
            )
        sources = sorted(set(self.tiers["source"])) if not self.tiers.empty else []
        names = [tier_source_label(s) for s in sources]
        line = (
            "Source: tier placements from "
            + (", ".join(names) if names else "no source")
            + "; Cho, Dreher & Neumayer 3P index via Kelley (2017)"
        )
        figure = (
            self._draw(
                plots.tier_trajectory,
                hist,
                self.cho,
                set(complete_tier_years()),
                self._title("tier trajectory"),
                line,
            )
            if not (hist.empty and self.cho.empty)
            else None
        )
        urls = self.tiers.set_index("report_year")["source_url"] if not self.tiers.empty else pd.Series()
        tiers = marks(
            hist[["report_year", "tier", "source"]].rename(columns={"report_year": "year", "tier": "value"}),
            country=self.name,
            iso3=self.iso3,
            indicator="tier",
            note="value: 1, 2, 2.5 = Tier 2 Watch List, 3, special",
        )
        tiers["source_url"] = tiers["year"].map(urls)
        scores = (
            self.cho.melt(
                id_vars=["year", "source", "source_url"],
                value_vars=["prosecution", "protection", "prevention"],
                var_name="indicator",
                value_name="value",
            )
            if not self.cho.empty
            else pd.DataFrame()
        )
        data = pd.concat(
            [tiers, marks(scores, country=self.name, iso3=self.iso3, note="3P score, 1-5")]
            if not scores.empty
            else [tiers],
            ignore_index=True,
        )
        text_caption = self._caption(
            figure,
            "tier placement by TIP Report edition (hollow where the year's "
            "coverage is partial) and the Cho-Dreher-Neumayer 3P scores",
            list(hist["report_year"]) + list(self.cho["year"]),
            line,
            caveat("partial_tier_years", complete=text.year_ranges(complete_tier_years())),
        )
        return self._section("tier_trajectory", " ".join(sentences), figure, data, text_caption)

    def caveats(self) -> Section:
        lines = []
        narrative = self.facts[self.facts["source"] == "tip_narrative"]
        if not narrative.empty:
            method = narrative["method"].fillna("")
            counts = {
                "curated by hand": int((method == "manual").sum()),
                "reviewed": int((method == "reviewed").sum()),
                "extracted by rule and not yet reviewed": int(method.str.startswith("rule:").sum()),
            }
            lines.append(
                f"- TIP narrative figures for {self.name}: "
                f"{text.listing([f'{text.count(n)} {what}' for what, n in counts.items()])}; extracted "
                "figures are drawn apart (× markers, pale bars)."
            )
        unodc = self.facts[self.facts["source"] == "unodc_glotip"]
        suppressed = int((unodc["qualifier"] == "<5 suppressed").sum())
        if not unodc.empty:
            lines.append(
                f"- {text.count(suppressed)} of {text.count(len(unodc))} UNODC figures for this country "
                f"are `<5`. {caveat('suppressed_lt5')}"
            )
        flagged = self.yoy[self.yoy["flag"] == "check"]
        if not flagged.empty:
            examples = [
                f"{text.indicator(r.indicator)} {int(r.previous_year)}→{int(r.year)} "
                f"({text.source(r.source)}, {text.change_over(r.ratio, r.gap)})"
                for r in flagged.sort_values("year").tail(4).itertuples()
            ]
            n, multi = len(flagged), int((flagged["gap"] > 1).sum())
            spans = (
                ""
                if not multi
                else " (across more than one year)"
                if multi == n == 1
                else " (each across more than one year)"
                if multi == n
                else f" ({text.count(multi)} of them across more than one year)"
            )
            lines.append(
                f"- {text.plural(n, 'change')} between reported years{spans} {text.verb(n, 'is', 'are')} "
                f"beyond ×3 or below ×⅓ and flagged for review as possible reporting artefacts, e.g. "
                f"{text.listing(examples)}."
            )
        ranged = int(self.yoy["note"].fillna("").str.contains("several figures").sum())
        if ranged:
            lines.append(
                f"- {text.plural(ranged, 'comparison')} between reported years "
                f"{text.verb(ranged, 'involves', 'involve')} a year with several figures in one report. "
                f"{caveat('several_figures')}"
            )
        pairs = self.disagreements()
        for row in pairs.head(4).itertuples():
            lines.append(
                f"- {text.indicator(row.indicator).capitalize()} {int(row.year)}: the TIP narrative reports "
                f"{text.count(row.tip_narrative)}, UNODC {text.count(row.unodc_glotip)}."
            )
        if not pairs.empty:
            lines.append(
                f"- {caveat('tip_vs_unodc')} Where they disagree, both are shown and neither is corrected."
            )
        tier_conflicts = conflicts(
            self.panel.tiers_all_sources[self.panel.tiers_all_sources["iso3"] == self.iso3], self.tiers
        )
        if not tier_conflicts.empty:
            lines.append(
                f"- Tier sources disagree for {text.year_ranges(tier_conflicts['report_year'])}; the panel "
                "picks one by a documented precedence (`python -m analysis tiers --conflicts "
                f"--country {self.iso3}`)."
            )
        lines.append(
            "- Sources by figure: year-over-year and enforcement figures use "
            f"{text.listing([text.source(s) for s in self.sources])}; attrition compares with UNODC regions; "
            "tiers come from the sources named on the tier figure."
        )
        shown = self.totals[
            self.totals["indicator"].isin(pairs["indicator"])
            & self.totals["reference_year"].isin(pairs["year"])
        ]
        figure = (
            self._draw(
                plots.source_disagreements, pairs, self._title("where sources disagree"), self._source(shown)
            )
            if not pairs.empty
            else None
        )
        long = pairs.melt(
            id_vars=["indicator", "year"],
            value_vars=["tip_narrative", "unodc_glotip"],
            var_name="source",
            value_name="value",
        )
        data = marks(long, country=self.name, iso3=self.iso3)
        data["source_url"] = [self._urls(r.source, [r.indicator], [r.year]) for r in data.itertuples()]
        text_caption = self._caption(
            figure,
            "the same indicator and year as the TIP narratives and UNODC report it",
            pairs["year"],
            self._source(shown),
            caveat("tip_vs_unodc"),
        )
        return self._section("source_disagreements", "\n".join(lines), figure, data, text_caption)

    def disagreements(self) -> pd.DataFrame:
        """Indicator-years reported by both the TIP narratives and UNODC (totals, all forms)."""
        values = year_values(self.totals[self.totals["indicator"].isin(HEADLINE)])
        exact = values[values["low"] == values["high"]]
        wide = exact.pivot_table(index=["indicator", "year"], columns="source", values="low", aggfunc="first")
        if not {"tip_narrative", "unodc_glotip"} <= set(wide.columns):
            return pd.DataFrame(columns=["indicator", "year", "tip_narrative", "unodc_glotip"])
        both = wide.dropna(subset=["tip_narrative", "unodc_glotip"]).reset_index()
        both = both[both["tip_narrative"] != both["unodc_glotip"]]
        return (
            both[["indicator", "year", "tip_narrative", "unodc_glotip"]]
            .sort_values(["year", "indicator"])
            .reset_index(drop=True)
        )

    def sections(self) -> list[Section]:
        """All sections in report order."""
        return [
            self.at_a_glance(),
            self.enforcement(),
            self.attrition(),
            self.protection_counts(),
            self.count_gaps(),
            self.protection_criteria(),
            self.criteria_gap(),
            self.recommendations(),
            self.tier_trajectory(),
            self.caveats(),
        ]

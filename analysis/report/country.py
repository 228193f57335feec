"""The country report: each section's computed sentences and figure.

``notebooks/country_report.ipynb`` is a thin shell around :class:`CountryReport`: it builds one
from its parameters and shows each section. Sentences are rendered here from computed values
(no number is typed into the notebook), and a section with no data says what is missing
instead of drawing empty axes.
"""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from analysis import plots
from analysis.countries import canonical_name, to_iso3
from analysis.enforcement import (
    attrition,
    yoy_ratios,
)
from analysis.protection import (
    WEAK_EVIDENCE_ASSESSED,
    protection_gap_counts,
    protection_gap_criteria,
)
from analysis.report import sections, text
from analysis.report.section import Drawing, Panel, SectionList, caption, in_window, years_label
from analysis.schema import SOURCES, case_flow
from analysis.series import year_values
from analysis.tiers import history

ENFORCEMENT = tuple(case_flow())
HEADLINE = (*ENFORCEMENT, "victims_identified")
#: a headline series whose latest change ends this many years or more before the report's newest
#: figure is flagged as stale (said in the sentence, drawn pale)
STALE_YEARS = 5
COUNTRY_SOURCES = ("tip_narrative", "unodc_glotip")


def gap_text(value: float) -> str:
    """A count gap in prose: two decimals, three when two would print a small gap as 0.00."""
    return text.ratio(value, 3 if 0 < abs(value) < 0.005 else 2)


def stale_phrase(year, series_end) -> str:
    """How a stale change is described: the series ends there, or goes on with no defined change."""
    if int(series_end) <= int(year):
        return f"the series ends in {int(year)}"
    return f"no change is defined after {int(year)} (the series goes on to {int(series_end)})"


class CountryReport(Drawing, SectionList):
    """Everything the country report says about one country.

    Args:
        country: any accepted name or ISO3 (``UnknownCountryError`` with close matches
            otherwise, before anything is loaded).
        first_year, last_year: limits on reference years (facts) and report years (tiers,
            criteria); None for no limit.
        sources: fact sources to use (``tip_narrative``, ``unodc_glotip``).
        panel: preloaded frames (default: the processed panel).
    """

    PACKAGE = "analysis.report.sections.country"
    SECTIONS = sections.COUNTRY
    EXTRA = sections.COUNTRY_EXTRA

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
        self._set_window(first_year, last_year)
        self.sources = list(sources)
        self.panel = panel or Panel.load()

    # --- what the sections share: the country's rows, each selected once, when first asked for --

    @cached_property
    def all_facts(self) -> pd.DataFrame:
        """Every country's facts of the chosen sources within the years (regional comparisons)."""
        facts = self.panel.facts
        in_years = in_window(facts["reference_year"], self.first_year, self.last_year)
        return facts[in_years & facts["source"].isin(self.sources)]

    @cached_property
    def facts(self) -> pd.DataFrame:
        return self.all_facts[self.all_facts["iso3"] == self.iso3]

    @cached_property
    def totals(self) -> pd.DataFrame:
        """The country's totals of all forms (breakdown ``total``, scope ``all``)."""
        return self.facts[(self.facts["breakdown"] == "total") & (self.facts["scope"] == "all")]

    @cached_property
    def yoy(self) -> pd.DataFrame:
        return yoy_ratios(self.totals)

    def _own(self, frame: pd.DataFrame, *year_columns: str) -> pd.DataFrame:
        keep = frame["iso3"] == self.iso3
        for column in year_columns:
            keep &= in_window(frame[column], self.first_year, self.last_year)
        return frame[keep]

    @cached_property
    def tiers(self) -> pd.DataFrame:
        return self._own(self.panel.tiers, "report_year")

    @cached_property
    def history(self) -> pd.DataFrame:
        return history(self.tiers)

    @cached_property
    def cho(self) -> pd.DataFrame:
        return self._own(self.panel.cho_3p, "year")

    @cached_property
    def criteria(self) -> pd.DataFrame:
        return self._own(self.panel.criteria, "report_year")

    @cached_property
    def followthrough(self) -> pd.DataFrame:
        return self._own(self.panel.followthrough, "year_from", "year_to")

    # --- shared pieces -------------------------------------------------------------------

    def source_line(self, rows: pd.DataFrame | None = None, extra=()) -> str:
        return plots.source_line(self.facts if rows is None else rows, extra)

    def figure_title(self, what: str) -> str:
        span = ""
        if self.first_year or self.last_year:
            span = f" ({self.first_year or '…'}–{self.last_year or '…'})"
        return f"{self.name}: {what}{span}"

    def source_urls(self, source: str, indicators, years) -> str:
        """URLs of the country's facts behind a mark (several joined by '; ')."""
        rows = self.totals[
            (self.totals["source"] == source)
            & self.totals["indicator"].isin(list(indicators))
            & self.totals["reference_year"].isin([int(y) for y in years if pd.notna(y)])
        ]
        return "; ".join(sorted(set(rows["source_url"].dropna())))

    def caption_for(self, figure, what: str, years, source_line: str, caveat_text: str | None = None):
        """The caption of a section's figure (None when there is no figure)."""
        if figure is None:
            return None
        return caption(f"{self.name}: {what}", years_label(years), source_line, caveat_text)

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

    def rule_coded_years(self) -> list[int]:
        """Report years whose criteria were coded by rule (not by hand, not reviewed)."""
        by_rule = self.criteria["method"].fillna("").str.startswith("rule:")
        return sorted(int(y) for y in self.criteria.loc[by_rule, "report_year"].unique())

    def criteria_source(self, rule_years: list[int]) -> str:
        years = self.criteria["report_year"].astype(int)
        hand = sorted(set(years) - set(rule_years))
        parts = []
        if hand:
            parts.append(f"coded by hand ({text.year_ranges(hand)})")
        if rule_years:
            parts.append(f"coded by rule ({text.year_ranges(rule_years)}; not reviewed)")
        return f"Source: US TIP Report narratives, protection criteria {text.listing(parts)}"

    def criteria_coverage(self, gaps: pd.DataFrame) -> str:
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

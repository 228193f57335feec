"""The country report's ``attrition`` section: convictions per prosecution beside the median and
middle half of the country's UNODC region and the world.
"""

from __future__ import annotations

import pandas as pd

from analysis import plots
from analysis.caveats import caveat
from analysis.enforcement import (
    MIN_REGION_COUNTRIES,
    REGIONAL_COLUMNS,
    regional_comparison,
)
from analysis.report import text
from analysis.report.country import CountryReport
from analysis.report.section import Section, marks
from analysis.sources import get


def build(report: CountryReport) -> Section:
    own = report.conviction_ratios()
    regional = _regional(report)
    others = own[(own["source"] != "unodc_glotip") & own["ratio"].notna()][["source", "year", "ratio"]]
    mine = regional[regional["value"].notna()] if not regional.empty else regional
    sentences = _sentences(report, own, mine, others)
    source = _source_line(report, regional, others)
    figure = (
        report.draw(
            plots.attrition_vs_region,
            regional,
            others,
            report.figure_title("convictions per prosecution"),
            source,
        )
        if not mine.empty or not others.empty
        else None
    )
    years = list(regional["year"]) + list(others["year"])
    text_caption = report.caption_for(
        figure,
        "convictions per prosecution beside the median and middle half of "
        "its UNODC region and the world median",
        years,
        source,
        caveat("same_year_ratio"),
    )
    data = _data(report, regional, others)
    return report.make_section("attrition", " ".join(sentences), figure, data, text_caption)


def _regional(report: CountryReport) -> pd.DataFrame:
    """The country's UNODC ratio beside its region's median and middle half and the world median
    (a region with too few countries left unsummarised)."""
    regional = pd.DataFrame(columns=REGIONAL_COLUMNS)
    if "unodc_glotip" in report.sources:
        regional = regional_comparison(report.all_facts, report.iso3, "convictions/prosecutions")
        thin = regional["region_n"].fillna(0) < MIN_REGION_COUNTRIES  # too few countries to summarise
        regional.loc[thin, ["region_median", "region_q1", "region_q3"]] = pd.NA
        regional = regional[regional["value"].notna() | regional["region_median"].notna()]
    return regional


def _sentences(
    report: CountryReport, own: pd.DataFrame, mine: pd.DataFrame, others: pd.DataFrame
) -> list[str]:
    sentences = []
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
            f"In {int(last['year'])}, UNODC figures give {report.name} {text.ratio(last['value'])} persons "
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
            f"No source reports both convictions and prosecutions for {report.name}{report.window} in the "
            "same year, so no conversion ratio can be computed."
        )
    else:
        sentences.append(caveat("same_year_ratio"))
    return sentences


def _source_line(report: CountryReport, regional: pd.DataFrame, others: pd.DataFrame) -> str:
    """The source line cites what supplies a mark: the country's own ratios (their years only)
    and UNODC (every country's rows when the regional medians are drawn)."""
    rows = report.all_facts[report.all_facts["indicator"].isin(["convictions", "prosecutions"])]
    unodc = rows["source"] == "unodc_glotip"
    drawn = (
        (rows["iso3"] == report.iso3)
        & ~unodc
        & rows["reference_year"].isin(set(others["year"]))
        & rows["source"].isin(set(others["source"]))
    )
    unodc_drawn = unodc & ((rows["iso3"] == report.iso3) if regional.empty else True)
    return report.source_line(rows[drawn | unodc_drawn])


def _data(report: CountryReport, regional: pd.DataFrame, others: pd.DataFrame) -> pd.DataFrame:
    """One row per mark: the country's ratios, the regional and world summaries, other sources'."""
    unodc_url = get("unodc_glotip").meta().get("url", "")
    parts = [
        marks(
            regional[regional["value"].notna()][["source", "year", "value"]],
            country=report.name,
            iso3=report.iso3,
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
                country=report.name,
                iso3=report.iso3,
                indicator="convictions/prosecutions",
                note="the country's ratio (other definitions)",
                source_url=report.source_urls(row.source, ["convictions", "prosecutions"], [row.year]),
            )
        )
    return pd.concat(parts, ignore_index=True)

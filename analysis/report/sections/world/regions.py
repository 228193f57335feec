"""The global overview's ``regions`` section: the median convictions per prosecution of each UNODC
region, by year.
"""

from __future__ import annotations

from analysis import plots
from analysis.caveats import caveat
from analysis.report import text
from analysis.report.global_ import MIN_COUNTRIES, GlobalReport, regional_medians
from analysis.report.section import Section, caption, marks, years_label
from analysis.sources import get


def build(report: GlobalReport) -> Section:
    medians = regional_medians(report.facts)
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
    rows = report.facts[
        (report.facts["source"] == "unodc_glotip")
        & report.facts["indicator"].isin(["convictions", "prosecutions"])
    ]
    shown = medians[medians["n"] >= MIN_COUNTRIES]
    most = int(shown.groupby("year")["n"].sum().max()) if not shown.empty else 0
    figure = report.draw(
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
        years_label(shown["year"]),
        plots.source_line(rows),
        caveat("same_year_ratio"),
    )
    return report.make_section("regional_attrition", " ".join(sentences), figure, data, text_caption)

"""The global overview's ``tiers_per_year`` section: countries per tier by edition, partial years
marked.
"""

from __future__ import annotations

from analysis import plots
from analysis.caveats import caveat
from analysis.report import text
from analysis.report.global_ import GlobalReport
from analysis.report.section import Section, caption, marks, years_label
from analysis.schema import TIERS
from analysis.sources import complete_tier_years, get, tier_source_label
from analysis.tiers import counts_per_year


def build(report: GlobalReport) -> Section:
    counts = counts_per_year(report.tiers)
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
    sources = sorted(set(report.tiers["source"]))
    line = "Source: tier placements from " + ", ".join(tier_source_label(s) for s in sources)
    figure = report.draw(
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
        years_label(counts["report_year"]),
        line,
        caveat("partial_tier_years", complete=text.year_ranges(complete_tier_years())),
    )
    return report.make_section("tier_distribution", " ".join(sentences), figure, data, text_caption)

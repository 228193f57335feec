"""The global overview's ``criteria_by_region`` section: criteria gaps of the latest narrative
edition with an assessment, by TIP region (drawn over enough countries only).
"""

from __future__ import annotations

from analysis import plots
from analysis.countries import country_table
from analysis.protection import WEAK_EVIDENCE_ASSESSED, criteria_gaps_by_region
from analysis.report import text
from analysis.report.global_ import GlobalReport, distinct_methods, enough_countries, too_few
from analysis.report.section import Section, caption, in_window, marks


def build(report: GlobalReport) -> Section:
    """Criteria gaps of the latest narrative edition with an assessment, by TIP region."""
    criteria = report.panel.criteria[
        in_window(report.panel.criteria["report_year"], report.first_year, report.last_year)
    ]
    table = criteria_gaps_by_region(criteria, country_table())
    if table.empty:
        return report.make_section(
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
    enough = enough_countries(countries)
    figure = (
        report.draw(
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
    data["method"] = data["iso3"].map(edition.groupby("iso3")["method"].agg(distinct_methods))
    text_caption = caption(f"World: protection criteria gap by TIP region, {year} report", None, source_line)
    return report.make_section("criteria_gaps_regions", " ".join(sentences), figure, data, text_caption)

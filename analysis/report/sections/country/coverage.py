"""The country report's ``coverage`` section: what the panel holds for the country (facts by
source, tier years), said before anything is computed.
"""

from __future__ import annotations

from analysis.report import text
from analysis.report.country import CountryReport
from analysis.report.section import Section


def build(report: CountryReport) -> Section:
    """What the panel holds for the country (opening note)."""
    parts = []
    for src in report.sources:
        rows = report.facts[report.facts["source"] == src]
        if rows.empty:
            parts.append(f"no {text.source(src)} figures")
        else:
            years = rows["reference_year"].dropna()
            parts.append(
                f"{text.count(len(rows))} {text.source(src)} figures ({int(years.min())}–{int(years.max())})"
            )
    tiers = (
        f"tier placements for {text.count(len(report.tiers))} report years "
        f"({int(report.tiers['report_year'].min())}–{int(report.tiers['report_year'].max())})"
        if not report.tiers.empty
        else "no tier placement"
    )
    body = f"The panel holds {text.listing(parts)}, and {tiers} for {report.name}{report.window}."
    return report.make_section("coverage", body)

"""The comparison's ``tiers`` section: tier placements per country and edition, as a grid."""

from __future__ import annotations

from analysis.plots.compare import tier_grid
from analysis.report import text
from analysis.report.compare import CompareReport
from analysis.report.section import Section, caption, marks, years_label
from analysis.sources import tier_source_label


def build(report: CompareReport) -> Section:
    """Tier placements per country and edition, as a grid."""
    rows = report.placements[["iso3", "report_year", "tier", "source", "source_url"]]
    names = dict(zip(report.codes, report.names, strict=True))
    rows = rows.assign(country=rows["iso3"].map(names))
    placed = rows["iso3"].nunique()
    sentences = [
        f"Tier placements of {text.plural(placed, 'country', 'countries')} of {len(report.codes)} "
        f"across {text.plural(rows['report_year'].nunique(), 'edition', 'editions')}."
    ]
    last = report.overview_table.dropna(subset=["tier"])
    if not last.empty:
        by_tier = last.groupby("tier", sort=False)["country"].apply(list)
        parts = [f"{text.tier(t)}: {text.listing(c)}" for t, c in by_tier.items()]
        sentences.append(f"Latest placements: {'; '.join(parts)}.")
    used = sorted(set(rows["source"]))
    source_line = "Source: tier placements from " + (
        ", ".join(tier_source_label(s) for s in used) if used else "no source"
    )
    figure = report.draw(
        tier_grid,
        rows,
        report.names,
        f"{report.region or 'Countries compared'}: tier by edition",
        source_line,
    )
    data = marks(rows.rename(columns={"report_year": "year"}).assign(value=rows["tier"]), indicator="tier")
    years = sorted(rows["report_year"].dropna().astype(int).unique())
    return report.make_section(
        "compare_tiers",
        " ".join(sentences),
        figure,
        data,
        caption(f"Tier placement by TIP Report edition: {report.subject}", years_label(years), source_line),
    )

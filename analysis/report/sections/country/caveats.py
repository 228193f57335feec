"""The country report's ``caveats`` section: sources and caveats: which source fed which figure,
suppressed values, flagged jumps, where sources disagree.
"""

from __future__ import annotations

import pandas as pd

from analysis import plots
from analysis.caveats import caveat
from analysis.report import text
from analysis.report.country import CountryReport
from analysis.report.section import Section, marks
from analysis.tiers import conflicts


def build(report: CountryReport) -> Section:
    pairs = report.disagreements()
    lines = [
        *_narrative_methods(report),
        *_suppressed(report),
        *_flagged(report),
        *_several_figures(report),
        *_disagreements(pairs),
        *_tier_conflicts(report),
    ]
    lines.append(
        "- Sources by figure: year-over-year and enforcement figures use "
        f"{text.listing([text.source(s) for s in report.sources])}; attrition compares with UNODC regions; "
        "tiers come from the sources named on the tier figure."
    )
    shown = report.totals[
        report.totals["indicator"].isin(pairs["indicator"])
        & report.totals["reference_year"].isin(pairs["year"])
    ]
    figure = (
        report.draw(
            plots.source_disagreements,
            pairs,
            report.figure_title("where sources disagree"),
            report.source_line(shown),
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
    data = marks(long, country=report.name, iso3=report.iso3)
    data["source_url"] = [report.source_urls(r.source, [r.indicator], [r.year]) for r in data.itertuples()]
    text_caption = report.caption_for(
        figure,
        "the same indicator and year as the TIP narratives and UNODC report it",
        pairs["year"],
        report.source_line(shown),
        caveat("tip_vs_unodc"),
    )
    return report.make_section("source_disagreements", "\n".join(lines), figure, data, text_caption)


def _narrative_methods(report: CountryReport) -> list[str]:
    """How the country's narrative figures were obtained."""
    lines = []
    narrative = report.facts[report.facts["source"] == "tip_narrative"]
    if not narrative.empty:
        method = narrative["method"].fillna("")
        counts = {
            "curated by hand": int((method == "manual").sum()),
            "reviewed": int((method == "reviewed").sum()),
            "extracted by rule and not yet reviewed": int(method.str.startswith("rule:").sum()),
        }
        lines.append(
            f"- TIP narrative figures for {report.name}: "
            f"{text.listing([f'{text.count(n)} {what}' for what, n in counts.items()])}; extracted "
            "figures are drawn apart (× markers, pale bars)."
        )
    return lines


def _suppressed(report: CountryReport) -> list[str]:
    """UNODC's suppressed counts."""
    lines = []
    unodc = report.facts[report.facts["source"] == "unodc_glotip"]
    suppressed = int((unodc["qualifier"] == "<5 suppressed").sum())
    if not unodc.empty:
        lines.append(
            f"- {text.count(suppressed)} of {text.count(len(unodc))} UNODC figures for this country "
            f"are `<5`. {caveat('suppressed_lt5')}"
        )
    return lines


def _flagged(report: CountryReport) -> list[str]:
    """Changes beyond ×3 or below ×⅓, flagged for review."""
    lines = []
    flagged = report.yoy[report.yoy["flag"] == "check"]
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
    return lines


def _several_figures(report: CountryReport) -> list[str]:
    """Comparisons that involve a year with several figures in one report."""
    lines = []
    ranged = int(report.yoy["note"].fillna("").str.contains("several figures").sum())
    if ranged:
        lines.append(
            f"- {text.plural(ranged, 'comparison')} between reported years "
            f"{text.verb(ranged, 'involves', 'involve')} a year with several figures in one report. "
            f"{caveat('several_figures')}"
        )
    return lines


def _disagreements(pairs: pd.DataFrame) -> list[str]:
    """Where the TIP narratives and UNODC report different figures."""
    lines = []
    for row in pairs.head(4).itertuples():
        lines.append(
            f"- {text.indicator(row.indicator).capitalize()} {int(row.year)}: the TIP narrative reports "
            f"{text.count(row.tip_narrative)}, UNODC {text.count(row.unodc_glotip)}."
        )
    if not pairs.empty:
        lines.append(
            f"- {caveat('tip_vs_unodc')} Where they disagree, both are shown and neither is corrected."
        )
    return lines


def _tier_conflicts(report: CountryReport) -> list[str]:
    """Where tier sources disagree."""
    lines = []
    tier_conflicts = conflicts(
        report.panel.tiers_all_sources[report.panel.tiers_all_sources["iso3"] == report.iso3], report.tiers
    )
    if not tier_conflicts.empty:
        lines.append(
            f"- Tier sources disagree for {text.year_ranges(tier_conflicts['report_year'])}; the panel "
            "picks one by a documented precedence (`python -m analysis tiers --conflicts "
            f"--country {report.iso3}`)."
        )
    return lines

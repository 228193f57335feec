"""The country report's ``protection_criteria`` section: the nine protection criteria per edition
(met, partly, not met, not reported, not read) as a strip, with what changed.
"""

from __future__ import annotations

from analysis import plots
from analysis.protection import (
    ASSESSED_STATUSES,
    WEAK_EVIDENCE_ASSESSED,
    coding_method,
    criteria_changes,
    gap_like_with_like,
    protection_gap_criteria,
)
from analysis.report import text
from analysis.report.country import CountryReport
from analysis.report.section import Section, marks
from analysis.schema import protection_criteria


def build(report: CountryReport) -> Section:
    if report.criteria.empty:
        own = report.panel.criteria[report.panel.criteria["iso3"] == report.iso3]
        assessed = own.loc[own["status"].isin(ASSESSED_STATUSES), "report_year"]
        if assessed.empty:
            said = (
                f"No protection criteria have been assessed for {report.name} yet "
                "(data/raw/tip_narratives/criteria.csv)."
            )
        else:
            said = (
                f"No protection criteria assessed for {report.name}{report.window}; they are assessed for "
                f"{text.year_ranges(assessed)}."
            )
        return report.make_section("criteria_strip", said)
    labels = dict(zip(protection_criteria()["criterion"], protection_criteria()["label"], strict=True))
    rule_years = report.rule_coded_years()
    source_line = report.criteria_source(rule_years)
    figure = report.draw(
        plots.criteria_strip,
        report.criteria,
        labels,
        report.figure_title("protection criteria"),
        source_line,
        frozenset(rule_years),
    )
    data = marks(
        report.criteria.rename(columns={"report_year": "year", "status": "value"})[
            ["country", "iso3", "year", "criterion", "value", "evidence_ref", "source_url", "method"]
        ],
        source="tip_narrative",
        indicator="protection_criterion",
        note=(
            "value: met, partial, not_met, not_reported (the text read is silent) or not_read (the "
            "edition's protection section was not in the text read); method rule:<id>: coded by rule"
        ),
    )
    text_caption = report.caption_for(
        figure,
        "the nine TIP protection criteria by report edition (met, partly met, not met, not reported, "
        "not read)",
        report.criteria["report_year"],
        source_line,
    )
    return report.make_section(
        "criteria_strip", _criteria_paragraph(report, labels), figure, data, text_caption
    )


def _criteria_paragraph(report, labels: dict[str, str]) -> str:
    """First and last assessed editions, the gap's direction and what changed, computed."""
    gaps = protection_gap_criteria(report.criteria)
    assessed = gaps[gaps["gap"].notna()]
    if assessed.empty:
        return (
            f"{report.criteria_coverage(gaps)} None of the texts read states what the government does "
            "on a protection criterion: nothing is assessed."
        )
    first, last = assessed.iloc[0], assessed.iloc[-1]
    methods = coding_method(report.criteria)

    def at(row) -> str:
        return (
            f"{text.ratio(row['gap'])} in the {int(row['report_year'])} report "
            f"({text.count(row['n_assessed'])} of {text.count(row['n_criteria'])} criteria assessed, "
            f"{methods.get(row['report_year'], 'coded')})"
        )

    def compared(a, b, lead: str = "The criteria gap") -> str:
        """Two editions' gaps, compared like with like: over the same criteria, or said not to be."""
        same = gap_like_with_like(report.criteria, int(a["report_year"]), int(b["report_year"]))
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
        report.criteria_coverage(gaps),
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
    changes = criteria_changes(report.criteria)
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

"""The comparison's ``overview`` section: one row per country with each value's year or edition, and what the
table cannot say."""

from __future__ import annotations

import pandas as pd

from analysis.protection import WEAK_EVIDENCE_ASSESSED
from analysis.report import text
from analysis.report.compare import CONVERSION_SOURCE, STALE_YEARS, CompareReport
from analysis.report.section import Section, marks


def build(report: CompareReport) -> Section:
    """One row per country: tier, conversion, criteria gap, follow-through, 3P score, each
    with the year or edition it comes from."""
    table = report.overview_table
    sentences = [f"Compared: {report.subject}."]
    narrated = table[table["criteria_gap"].notna() | table["followthrough_items"].notna()]
    missing = len(table) - len(narrated)
    if missing:
        held = text.listing(list(narrated["country"])) if not narrated.empty else "none of them"
        others = table[~table["iso3"].isin(narrated["iso3"])]["country"]
        named = (
            text.listing(list(others)) if missing <= 3 else text.plural(missing, "other country", "others")
        )
        sentences.append(
            f"The narrative measures (criteria gap, follow-through) exist only for countries whose TIP "
            f"narratives the package holds ({held}); for {named} the table leaves them blank, which "
            "means not coded, not zero."
        )
    weak = table[table["criteria_assessed"].notna()]
    weak = weak[weak["criteria_assessed"].str.split(" ").str[0].astype(int) <= WEAK_EVIDENCE_ASSESSED]
    if not weak.empty:
        shown = [f"{r.country} ({r.criteria_edition}: {r.criteria_assessed})" for r in weak.itertuples()]
        sentences.append(
            f"The latest criteria gap of {text.listing(shown)} rests on at most {WEAK_EVIDENCE_ASSESSED} "
            "assessed criteria of 9: it is the status of those criteria, not a measure of the whole "
            "protection effort."
        )
    sentences.extend(_stale(report, "conversion_year", "the conversion ratio"))
    coded = table[table["criteria_gap"].notna()]
    if len(coded) > 1 and coded["criteria_assessed"].nunique() > 1:
        sentences.append(
            "Criteria gaps rest on different numbers of assessed criteria (the Assessed column); they "
            "are not a ranking."
        )
    data = marks(
        table.assign(year=table["conversion_year"], value=table["conversion"]),
        source=CONVERSION_SOURCE,
        indicator="convictions_per_prosecution",
    )
    return report.make_section("comparison", " ".join(sentences), None, data, None, table=_display(table))


def _stale(report: CompareReport, column: str, what: str) -> list[str]:
    years = report.overview_table[["country", column]].dropna()
    if years.empty:
        return []
    newest = int(years[column].max())
    old = years[years[column] <= newest - STALE_YEARS]
    if old.empty:
        return []
    shown = [f"{r.country} ({int(getattr(r, column))})" for r in old.itertuples()]
    return [
        f"The newest year of {what} is {newest}; for {text.listing(shown)} it is "
        f"{STALE_YEARS} or more years older, so those values are not current."
    ]


def _display(table: pd.DataFrame) -> pd.DataFrame:
    """The comparison table as a reader sees it: values with their years, blanks as '–'."""

    def with_year(value, year, fmt) -> str:
        return "–" if pd.isna(value) else f"{fmt(value)} ({int(year)})"

    shown = pd.DataFrame({"Country": table["country"], "Region": table["region"].fillna("–")})
    shown["Tier (edition)"] = [
        with_year(t, y, text.tier) for t, y in zip(table["tier"], table["tier_edition"], strict=True)
    ]
    shown["Convictions per prosecution, UNODC (year)"] = [
        with_year(v, y, text.ratio)
        for v, y in zip(table["conversion"], table["conversion_year"], strict=True)
    ]
    shown["Criteria gap (edition)"] = [
        with_year(v, y, text.ratio)
        for v, y in zip(table["criteria_gap"], table["criteria_edition"], strict=True)
    ]
    shown["Assessed, method"] = [
        "–" if pd.isna(a) else f"{a}; {m}"
        for a, m in zip(table["criteria_assessed"], table["criteria_method"], strict=True)
    ]
    shown["Follow-through (latest pair)"] = [
        "–" if pd.isna(pair) else f"{pair}: {_followthrough(r)}"
        for pair, r in zip(table["followthrough_pair"], table.itertuples(), strict=True)
    ]
    shown["3P total, 3–15 (year)"] = [
        with_year(v, y, lambda x: f"{x:.0f}")
        for v, y in zip(table["cho_3p_total"], table["cho_3p_year"], strict=True)
    ]
    return shown


def _followthrough(row) -> str:
    """'1 acted, 3 partly, 3 not read of 7 items': the statuses an item pair has, in order."""
    words = {
        "acted": "acted",
        "partial": "partly",
        "not_acted": "not acted",
        "unclear": "unclear",
        "not_read": "not read",
    }
    parts = [
        f"{int(getattr(row, 'followthrough_' + s))} {w}"
        for s, w in words.items()
        if getattr(row, "followthrough_" + s)
    ]
    return f"{', '.join(parts)} of {int(row.followthrough_items)} items"

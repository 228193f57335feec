"""Counts of cases beside counts of persons ("convicted 25 traffickers in nine cases"), and one count
of victims read by two verbs ("identified 156 victims and referred all of them")."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from analysis.extract.figures.clauses import (
    Candidate,
    family_of,
)
from analysis.extract.figures.numbers import Number
from analysis.extract.figures.vocabulary import (
    CASES_TO_PERSONS,
    INDICATOR_BY_VERB,
    PERSONS_TO_CASES,
    UNIT_CASES,
    VICTIM_INDICATORS,
    VOCABULARY,
)

_QUALIFIED = r"(?:(?:at least|more than|about|approximately|nearly|over)\s+)?"


#: between a count of cases and the persons they involve: "14 [trafficking] cases involving [at least] 31"
CASES_THEN_PERSONS = re.compile(
    rf"\s+(?:[\w-]+\s+){{0,3}}?cases?\s+(?:{'|'.join(CASES_TO_PERSONS)})\s+{_QUALIFIED}", re.IGNORECASE
)


#: between a count of persons and the cases they were counted in: "16 [sex] traffickers in 10"
PERSONS_THEN_CASES = re.compile(
    rf"\s+(?:[\w-]+\s+){{0,3}}?(?:{'|'.join(PERSONS_TO_CASES)})\s+{_QUALIFIED}", re.IGNORECASE
)


def joins_as_one(link: re.Pattern[str], between: str, first: Candidate, cases: bool) -> bool:
    """Whether the text between two figures joins them as one count in two units."""
    return (
        first.rule.startswith("case.") == cases
        and UNIT_CASES not in first.breakdown
        and link.fullmatch(between) is not None
    )


def _with_unit(breakdown: str) -> str:
    return UNIT_CASES if breakdown == "total" else f"{breakdown};{UNIT_CASES}"


def in_cases(persons: Candidate, number: Number) -> Candidate:
    """The case count of a persons figure ("16 traffickers in 10 cases"): same indicator, unit cases."""
    return Candidate(
        persons.indicator,
        number.value,
        number.value_high,
        number.qualifier,
        persons.reference_year,
        persons.scope,
        _with_unit(persons.breakdown),
        "case.unit",
        number.start,
        number.end,
    )


def pair_cases_with_persons(text: str, out: list[Candidate]) -> None:
    """Cases then the persons they involve: persons stay the total, the cases become ``unit=cases``.

    Mutates the sentence's candidates in place.

    "Prosecuted 14 cases involving 31 suspects" is one count of prosecutions in two units. Keeping
    both as totals would put two competing figures in one year; the persons are kept as the total
    (the unit UNODC counts in) and the cases as a breakdown labelled with their unit, so a series
    compares persons with persons. The persons figure takes the cases' indicator and year.
    """
    for cases, persons in pairwise(out):
        if (
            joins_as_one(CASES_THEN_PERSONS, text[cases.end : persons.start], cases, cases=True)
            and not persons.rule.startswith("case.")
            and (persons.indicator == cases.indicator or persons.rule.endswith(".anchor"))
        ):
            persons.indicator, persons.reference_year = cases.indicator, cases.reference_year
            if persons.scope == "all":
                persons.scope = cases.scope  # "four forced labor cases against six suspects"
            cases.breakdown = _with_unit(cases.breakdown)
    # a sentence that counts an indicator in both units counts its other cases in cases too:
    # "26 cases involving 41 suspects, up from 19 cases in 2022" compares 26 cases with 19 cases
    in_both = {c.indicator for c in out if UNIT_CASES in c.breakdown}
    for candidate in out:
        case_count = candidate.rule.startswith("case.") and candidate.indicator in in_both
        if case_count and UNIT_CASES not in candidate.breakdown:
            candidate.breakdown = _with_unit(candidate.breakdown)


def counted_again(
    first: Candidate, before: str, rest: str, clause_verbs: list[tuple[int, int, str, bool]]
) -> list[Candidate]:
    """The same victims counted by a second verb: "identified and referred 10 victims" (the verb
    coordinated before the governing one) or "identified 156 victims and referred all of them"
    (a verb after, whose object is the whole count). Each is the second verb's ``victim.<family>``
    rule, so the count appears once per indicator.
    """
    families = []
    verbs = [v for v in clause_verbs if v[1] <= len(before)]
    if len(verbs) >= 2 and not verbs[-1][3] and not verbs[-2][3]:
        (start, _, family, _), (_, end_first, family_first, _) = verbs[-1], verbs[-2]
        if COORDINATED.fullmatch(before[end_first:start]) and family_first != family:
            families.append(family_first)
    whole = next((m for m in (p.match(rest) for p in WHOLE_COUNT_AGAIN) if m), None)
    if whole:
        families.append(family_of(whole.group("verb")))
    out = []
    for family in families:
        indicator, rule = INDICATOR_BY_VERB["victim"].get(family, (None, None))
        if indicator in VICTIM_INDICATORS and indicator != first.indicator:
            out.append(replace(first, indicator=indicator, rule=rule))
    return out


COORDINATED = re.compile(r"\s+(?:and|or)\s+", re.IGNORECASE)


WHOLE_COUNT_AGAIN = [re.compile(pattern, re.IGNORECASE) for pattern in VOCABULARY.whole_count_again]

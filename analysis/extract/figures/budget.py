"""Money: budgets in local currency with the converted figure beside them, and what is not a budget
(fines, compensation)."""

from __future__ import annotations

import re
from dataclasses import replace

from analysis.extract.figures.clauses import (
    BUDGET_PARTS,
    NOT_BUDGET,
    Candidate,
)
from analysis.extract.figures.numbers import Number
from analysis.extract.figures.patterns import (
    COMPARED_BEFORE,
)
from analysis.extract.figures.state import Figure, SentenceState
from analysis.extract.figures.years import year_counted

#: between an amount and its conversion into another currency: " million GYD ($"
CONVERSION = re.compile(r"(?:\s+[A-Za-z.]+){0,3}\s*\(\s*(?:[A-Z]{0,3}\$|€|£)?\s*")


def _with_conversion(fig: Figure) -> tuple[Number, int]:
    """A money figure stretched over its conversion in a parenthesis right after it, and where the
    figure after them starts; the figure itself when no conversion follows it."""
    numbers, text = fig.numbers, fig.text
    conversion = numbers[fig.index + 1] if fig.index + 1 < len(numbers) else None
    if conversion is None or not CONVERSION.fullmatch(text, fig.number.end, conversion.start):
        return fig.number, fig.next_start
    close = re.match(r"\s*\)", text[conversion.end :])
    if close is None:
        return fig.number, fig.next_start
    after = numbers[fig.index + 2].start if fig.index + 2 < len(numbers) else len(text)
    return replace(fig.number, end=conversion.end + close.end()), after


def budget_candidate(fig: Figure, state: SentenceState) -> Candidate | None:
    """Money in a sentence about budgets, unless a fine, an award or bail stands beside it."""
    number = fig.number
    # the amount with its conversion ("4.52 million GYD ($21,000) in direct financial assistance")
    amount, next_start = _with_conversion(fig)
    if not state.budget_context or NOT_BUDGET.search(fig.text, max(0, number.start - 60), amount.end + 40):
        return None
    compared = fig.may_compare and bool(COMPARED_BEFORE.search(fig.before))
    converted = state.out[-1] if state.out and state.out[-1].indicator == "budget" else None
    conversion = converted is not None and bool(CONVERSION.fullmatch(fig.text, converted.end, number.start))
    if conversion:
        year = converted.reference_year  # "37.67 million GYD ($175,230)": the same money's year
    else:  # "€165,000 ($185,390) in 2019": the year after its conversion is the amount's own
        year = year_counted(fig.text, amount, next_start, fig.clause, state.report_year, compared, False)
    # money for programmes that serve victims of other crimes too, or of local governments, is a
    # part of the anti-trafficking budget, never the whole
    parts = [label for label, cue in BUDGET_PARTS.items() if cue.search(fig.clause_text)]
    if conversion:  # one figure in two units: the conversion is never a second total
        parts.append(f"unit={number.currency or 'converted'}")
    breakdown = ";".join(parts) or "total"
    return Candidate(
        "budget",
        number.value,
        number.value_high,
        number.qualifier,
        year,
        "all",
        breakdown,
        "budget",
        number.start,
        number.end,
    )

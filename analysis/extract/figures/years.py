"""The reference year of a figure: a year written with it, in its parenthesis, or opening its sentence."""

from __future__ import annotations

import re

from analysis.extract.figures.clauses import new_verb_clause
from analysis.extract.figures.numbers import DIGIT_RE, Number
from analysis.extract.figures.patterns import PREVIOUS_PERIOD, YEAR_NEAR
from analysis.extract.figures.vocabulary import (
    MONTHS,
)

YEAR_THEN_PARENTHESIS = re.compile(r"(?P<y>(?:19|20)\d{2})\s*\(\s*$")


FROM_PREVIOUS_PERIODS = re.compile(r"\bfrom previous reporting periods\b", re.IGNORECASE)


#: "In 2019, …", "During March 2020 …": a year that opens the clause
LEADING_YEAR = re.compile(
    rf"\s*(?:[Ii]n|[Dd]uring|[Bb]y|[Tt]hroughout)\s+(?:(?:{MONTHS})\s+)?(?P<y>(?:19|20)\d{{2}})\b"
)


def year_counted(
    sentence: str,
    number: Number,
    next_start: int,
    clause: tuple[int, int],
    report_year: int | None,
    compared: bool,
    change_from: bool,
    passage_year: int | None = None,
) -> int | None:
    """The year a figure counts (see the module's docstring); ``passage_year``, the year of the
    group a sentence goes on counting, stands in for the reporting period."""
    if report_year is None:
        return None
    own = sentence[number.end : min(next_start, clause[1])]  # up to the next figure, in its clause
    if inside_parenthesis(sentence, number.start) and ")" in own:
        own = own[: own.index(")")]  # "(€10,000) in 2020": a year after the parenthesis is not its own
    match = _own_year(own)
    # (sentences have their spaces collapsed: the match is a few characters long)
    parenthesised = YEAR_THEN_PARENTHESIS.search(sentence, max(0, number.start - 16), number.start)
    # "in 2021 (36)": the year before the parenthesis, unless it names its own ("(11 in 2020)")
    if parenthesised and not (match and ")" not in own[: match.start()]):
        return int(parenthesised.group("y"))
    if match:
        return year_of(match)
    enclosing = _parenthesis_year(sentence, number.start)
    if enclosing:  # "(143 were victims of sex trafficking, 30 of forced labor … in 2016)"
        return enclosing
    if PREVIOUS_PERIOD.search(own) and not FROM_PREVIOUS_PERIODS.search(own):
        return report_year - 2
    if compared:
        # "compared with 5,145 victims and 2,505 potential victims identified in 2019": the year that
        # closes the comparison's list holds for each of its figures; with none, the previous period's
        shared = YEAR_NEAR.search(sentence, number.end, clause[1])
        if shared and not _ends_comparison(sentence[number.end : shared.start()]):
            return year_of(shared)
        return report_year - 2
    year = _year_before(sentence, number.start, clause[0], report_year)
    if year is not None:
        return year
    if change_from:
        return report_year - 2
    return passage_year if passage_year is not None else report_year - 1


def _own_year(own: str) -> re.Match[str] | None:
    """A year written after a figure in its own stretch of text (``own``) that is the figure's."""
    match = YEAR_NEAR.search(own)
    if match and inside_parenthesis(own, match.start()) and not match.group("y2"):
        return None  # "six victims (none in 2018)": the parenthesis's year is not this figure's
    if match and SAME_AS.search(own, 0, match.start()):
        return None  # "… the same amount as in 2018": the year of a comparison
    if match and own[: match.start()].strip() and YEAR_RIGHT_BEFORE.search(own, match.start()):
        return None  # "12 million in 2020 and, in 2021, 15 million": the year leads the next figure
    return match


def _year_before(sentence: str, start: int, clause_start: int, report_year: int) -> int | None:
    """A year written before the figure at ``start`` that holds for it, or None."""
    before = sentence[clause_start:start]
    right_before = YEAR_RIGHT_BEFORE.search(before)
    if right_before:  # "… and in fiscal year 2021, 37.67 million"
        return int(right_before.group("y"))
    lead = LEADING_YEAR.match(before)
    if lead and not DIGIT_RE.search(before, lead.end()):
        return int(lead.group("y"))
    # "In 2019, 134 were victims of sex trafficking …; 173 were female": a year that opens the
    # sentence holds for its figures until another year is named outside a parenthesis
    opening = SENTENCE_YEAR.match(sentence)
    if opening and not ANY_YEAR.search(PARENTHESIS.sub("", sentence[opening.end() : start])):
        return int(opening.group("y"))
    # "… from the previous reporting period, when the government investigated 592 cases, …"
    when = next(reversed(list(PERIOD_WHEN.finditer(sentence, 0, start))), None)
    if when and not ANY_YEAR.search(PARENTHESIS.sub("", sentence[when.end() : start])):
        return report_year - 2
    return None


SENTENCE_YEAR = re.compile(
    rf"^\s*(?:In|During|Throughout)\s+(?:(?:{MONTHS})\s+)?(?:calendar |fiscal )?(?P<y>(?:19|20)\d{{2}})\s*,"
)


#: a year written right before a figure: "… and in fiscal year 2021, 37.67 million"
YEAR_RIGHT_BEFORE = re.compile(
    rf"\b(?:in|during)\s+(?:(?:{MONTHS})\s+)?(?:(?:calendar|fiscal)\s+(?:year\s+)?)?"
    r"(?P<y>(?:19|20)\d{2}),?\s+(?:(?:about|approximately|nearly|at least|more than|over)\s+)?[$€£]?\s*$",
    re.IGNORECASE,
)


#: "the same amount as in 2018": the year that follows is a comparison's
SAME_AS = re.compile(r"\bsame\s+(?:\w+\s+)?as\s+(?:in\s+)?$", re.IGNORECASE)


PERIOD_WHEN = re.compile(r"\b(?:previous|prior|preceding|last) reporting period,?\s+when\b", re.IGNORECASE)


ANY_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


PARENTHESIS = re.compile(r"\([^()]*\)")


PARENTHESIS_ENDS_WITH_YEAR = re.compile(
    rf"\b(?:in|during)\s+(?:(?:{MONTHS})\s+)?(?:calendar |fiscal )?(?P<y>(?:19|20)\d{{2}})\s*$", re.IGNORECASE
)


def _ends_comparison(between: str) -> bool:
    """Whether the words between a compared figure and a later year end the comparison first: a
    new coordinated clause with its own verb, a previous period named, a parenthesis."""
    return bool(
        new_verb_clause(between) or PREVIOUS_PERIOD.search(between) or "(" in between or ")" in between
    )


def inside_parenthesis(text: str, position: int) -> bool:
    """Whether ``position`` of ``text`` is inside a parenthesis opened in ``text``."""
    return text.rfind("(", 0, position) > text.rfind(")", 0, position)


def year_of(match: re.Match[str]) -> int:
    """The year a ``YEAR_NEAR`` match names ("in 2019", "(2019)", "May 2019")."""
    return int(match.group("y1") or match.group("y2") or match.group("y3"))


def _parenthesis_year(sentence: str, position: int) -> int | None:
    """The year that closes the parenthesis a figure stands in ("(… and eight of forced begging in
    2016)"), or None when the figure is not in a parenthesis or the parenthesis ends without one."""
    opened = sentence.rfind("(", 0, position)
    if opened < 0 or ")" in sentence[opened:position]:
        return None
    closed = sentence.find(")", position)
    found = PARENTHESIS_ENDS_WITH_YEAR.search(sentence, position, closed) if closed > 0 else None
    return int(found.group("y")) if found else None

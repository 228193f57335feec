"""Explicit zeros ("no traffickers were convicted", "did not identify any victims"), figures for
two years ("in both 2019 and 2018") and "none in <year>"."""

from __future__ import annotations

import re
from dataclasses import replace

from analysis.extract.figures.clauses import (
    Candidate,
    scope_and_breakdown,
    subsets_in,
    verb_right_after,
    verbs_in,
    with_complicity,
)
from analysis.extract.figures.numbers import Number
from analysis.extract.figures.patterns import (
    CLAUSE_BREAK,
    LEADS,
    NEGATED_STEM,
    NEGATIVE_DID_NOT,
    NEGATIVE_NO,
    PREVIOUS_PERIOD,
    YEAR_NEAR,
)
from analysis.extract.figures.prefilter import Prefiltered
from analysis.extract.figures.vocabulary import (
    COMPLICITY,
    COMPLICITY_CLAUSE,
    HEAD_NOUNS,
    INDICATOR_BY_VERB,
    MODIFIERS,
    NEGATION_VERBS,
    NEGATIVE_VERB,
    NOUN_INDICATOR,
    VICTIM_INDICATORS,
)
from analysis.extract.figures.years import inside_parenthesis, year_of


def change_subject(before: str) -> str | None:
    """'the number of traffickers identified by police increased from' → suspects_identified."""
    changes = list(
        re.finditer(
            r"\b(?:increased|decreased|rose|fell|grew|declined|dropped|went)\s+from\b", before, re.IGNORECASE
        )
    )
    if not changes:
        return None
    whole = before[: changes[-1].start()]
    subject = re.split(r",\s*(?:and\s+)?|\band\b(?=[^,]*$)", whole)[-1]
    subject = whole if not subject.strip() else subject
    words = re.findall(r"[A-Za-z]+", subject.lower())
    for word in reversed(words):
        cls = HEAD_NOUNS.get(word)
        if cls in NOUN_INDICATOR:
            return NOUN_INDICATOR[cls][0]
        if cls in INDICATOR_BY_VERB:
            family = None
            for _, _, fam, _ in verbs_in(subject):
                family = fam
            return INDICATOR_BY_VERB[cls].get(family, (None,))[0] if family else None
    return None


def negatives(text: str, report_year: int | None, anchor: str | None) -> list[Candidate]:
    """Explicit zeros: 'no traffickers were convicted', 'did not prosecute or convict any …', in the
    order of the four families below."""
    year = report_year - 1 if report_year else None
    return [
        *_did_not_any(text, year),
        *_no_noun(text, report_year),
        *_not_achieved(text, report_year),
        *_none_of_a_list(text, year, anchor),
    ]


def _did_not_any(text: str, year: int | None) -> list[Candidate]:
    """ "did not prosecute or convict any complicit officials": a zero per negated verb."""
    out: list[Candidate] = []
    for match in NEGATIVE_DID_NOT.finditer(text):
        obj = match.group("object")
        head, head_end = _object_head(obj)
        if head not in ZERO_HEADS:
            continue
        # what each negated verb's zero counts: a verb family, the nouns listed after it, or none
        zeroes = [NEGATION_VERBS[v.lower()][1] for v in NEGATED_STEM.findall(match.group("verbs"))]
        complicit = head == "official" or bool(COMPLICITY.search(obj))
        # "did not convict any labor traffickers": a zero for that form only
        scope = scope_and_breakdown(obj[:head_end])[0]
        indicators = []
        for zero in zeroes:
            if zero == "listed":
                listed = re.match(
                    r"\s*((?:(?:investigations?|prosecutions?|convictions?)(?:,?\s*(?:or|and)?\s*)){1,3})",
                    obj,
                    re.IGNORECASE,
                )
                for noun in re.findall(
                    r"investigation|prosecution|conviction", listed.group(1) if listed else "", re.IGNORECASE
                ):
                    indicators.append(NOUN_INDICATOR[noun.lower()][0])
                continue
            if zero in NEGATIVE_VERB:
                indicator = NEGATIVE_VERB[zero]
                if (indicator in VICTIM_INDICATORS) == (head == "victim"):  # victims' zeros count victims
                    indicators.append(indicator)
        for indicator in dict.fromkeys(indicators):
            indicator = with_complicity(indicator, complicit)
            ref = year
            found = YEAR_NEAR.search(obj)
            if found:
                ref = year_of(found)
            out.append(
                _zero(
                    indicator,
                    ref,
                    scope,
                    ";".join(subsets_in(obj)) or "total",
                    "negative.did_not",
                    match.start(),
                    match.end(),
                )
            )
    return out


def _no_noun(text: str, report_year: int | None) -> list[Candidate]:
    """ "no traffickers were convicted", "no shelters for male victims"."""
    out: list[Candidate] = []
    for match in NEGATIVE_NO.finditer(text):
        noun = match.group("noun").lower()
        rest = match.group("rest")
        cls = HEAD_NOUNS.get(noun)
        mods = match.group("mods").split()
        if any(word.lower() not in MODIFIERS for word in mods):
            continue  # "no evidence that prosecutions …" is not a zero
        scope = scope_and_breakdown(match.group("mods"))[0]  # "no labor trafficking prosecutions"
        indicators = []
        if cls in NOUN_INDICATOR:
            indicators.append(NOUN_INDICATOR[cls][0])
            for extra in re.findall(
                r"\bor (investigations|prosecutions|convictions)\b", rest[:40], re.IGNORECASE
            ):
                indicators.append(NOUN_INDICATOR[HEAD_NOUNS[extra.lower()]][0])
        else:
            verb = verb_right_after(rest)
            if verb in ("investigate", "prosecute", "convict", "arrest"):
                indicators.append(NEGATIVE_VERB[verb])
        complicit = cls == "official" or bool(COMPLICITY.search(rest[:80]))
        # "no shelters for male victims": a zero for that group only
        breakdown = scope_and_breakdown(rest[:60])[1] if cls == "shelter" else "total"
        for indicator in dict.fromkeys(indicators):
            out.append(
                _zero(
                    with_complicity(indicator, complicit),
                    _zero_year(rest, report_year),
                    scope,
                    breakdown,
                    "negative.no",
                    match.start(),
                    match.end("rest"),  # the evidence runs to the clause end
                )
            )
    return out


def _not_achieved(text: str, report_year: int | None) -> list[Candidate]:
    """ "did not secure convictions of any traffickers": a zero of what the verb of achieving governs."""
    out: list[Candidate] = []
    # "did not secure convictions of any traffickers", "did not obtain any convictions": a zero of
    # the noun the verb of achieving governs
    for match in NEGATIVE_ACHIEVED.finditer(text):
        if NEGATIVE_DID_NOT.search(text, match.start(), match.end() + 120):
            continue  # the "did not … any <object>" reading above covers it
        noun = match.group("noun").lower().rstrip("s") + "s"
        rest = text[match.end() : match.end() + 100]
        indicator = NOUN_INDICATOR[HEAD_NOUNS[noun]][0]
        # complicity words in the clause, or officials right after ("convictions of any officials")
        complicit = bool(COMPLICITY_CLAUSE.search(match.group() + CLAUSE_BREAK.split(rest, maxsplit=1)[0]))
        complicit = complicit or bool(COMPLICITY.match(re.sub(r"^\s*(?:of|against)\s+(?:any\s+)?", "", rest)))
        out.append(
            _zero(
                with_complicity(indicator, complicit),
                _zero_year(rest, report_year),
                "all",
                "total",
                "negative.not_achieved",
                match.start(),
                match.end(),
            )
        )
    return out


def _zero(indicator, reference_year, scope, breakdown, rule, start, end) -> Candidate:
    """An explicit zero ("no traffickers were convicted"): value 0, no range, no qualifier."""
    return Candidate(indicator, 0.0, None, None, reference_year, scope, breakdown, rule, start, end)


def _none_of_a_list(text: str, year: int | None, anchor: str | None) -> list[Candidate]:
    """ "122 girls, 17 boys, 38 women, and no men": a zero member of a list of victims."""
    out: list[Candidate] = []
    # "122 girls, 17 boys, 38 women, and no men": a zero member of a list of victims
    for match in re.finditer(r"\b(?:and|,)\s+no\s+(?P<group>men|women|boys|girls|children|adults)\b", text):
        if anchor in VICTIM_INDICATORS:
            out.append(
                _zero(
                    anchor,
                    year,
                    "all",
                    scope_and_breakdown(match.group())[1],
                    "negative.list",
                    match.start("group") - 3,
                    match.end(),
                )
            )
    return out


#: the classes of what a "did not … any" zero can count
ZERO_HEADS = frozenset(cls for cls in HEAD_NOUNS.values() if cls != "other")


NEGATIVE_ACHIEVED = Prefiltered(
    rf"\b(?:{LEADS})\s+(?:report\s+)?(?:secur\w*|obtain\w*|achiev\w*|record\w*)\s+(?:any\s+)?(?:new\s+)?"
    r"(?P<noun>investigations?|prosecutions?|convictions?)\b",
    re.IGNORECASE,
)


NONE_IN_YEAR = Prefiltered(r"\(\s*(?P<none>none|zero)\s+in\s+(?P<y>(?:19|20)\d{2})\b", re.IGNORECASE)


BOTH_YEARS = Prefiltered(r"\bin both (?P<a>(?:19|20)\d{2}) and (?P<b>(?:19|20)\d{2})\b", re.IGNORECASE)


def both_years(text: str, read: list[Candidate], numbers: list[Number]) -> list[Candidate]:
    """One figure for two years ("19 million drams ($40,000) in both 2019 and 2018", "two were
    children in both 2019 and 2018"): the figure is dated the first year and repeated for the
    second. Mutates the candidates it dates; returns the repeats.

    Only a figure whose clause goes on to "in both Y1 and Y2" with no other figure in between
    (a parenthesis, such as a dollar equivalent, may stand between) takes the two years.
    """
    out = []
    for candidate in read:
        end = CLAUSE_BREAK.search(text, candidate.end)
        both = BOTH_YEARS.search(text, candidate.end, end.start() if end else len(text))
        if not both:
            continue
        between = [
            n
            for n in numbers
            if candidate.end <= n.start < both.start()
            and not inside_parenthesis(text[: both.start()], n.start)
        ]
        if between:
            continue
        candidate.reference_year = int(both.group("a"))
        out.append(replace(candidate, reference_year=int(both.group("b"))))
    return out


def none_in_year(text: str, read: list[Candidate]) -> list[Candidate]:
    """ "identified six foreign victims (none in 2018)": a zero of the count read just before the
    parenthesis (same indicator, form and group), in the year the parenthesis names."""
    out = []
    for match in NONE_IN_YEAR.finditer(text):
        before = [c for c in read if c.end <= match.start()]
        if before:
            zero = {"value": 0.0, "value_high": None, "qualifier": None, "rule": "negative.none_in"}
            span = {"start": match.start("none"), "end": match.end()}
            out.append(replace(before[-1], reference_year=int(match.group("y")), **zero, **span))
    return out


def _zero_year(rest: str, report_year: int | None) -> int | None:
    """The year of an explicit zero from the words after it: a year named there, "the previous
    reporting period" (report year − 2), else the reporting period (report year − 1)."""
    if report_year is None:
        return None
    clause = CLAUSE_BREAK.split(rest, maxsplit=1)[0]
    named = YEAR_NEAR.search(clause)
    if named:
        return year_of(named)
    return report_year - 2 if PREVIOUS_PERIOD.search(clause) else report_year - 1


def _object_head(phrase: str) -> tuple[str | None, int]:
    """The class of the first counted noun among the first six words of ``phrase``, and the
    offset just after it ("any forced labor traffickers" → suspect, end of "traffickers")."""
    for word in list(re.finditer(r"[A-Za-z]+", phrase))[:6]:
        if word.group().lower() in HEAD_NOUNS:
            return HEAD_NOUNS[word.group().lower()], word.end()
    return None, len(phrase)

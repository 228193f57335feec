"""Rules that turn a sentence's figures into facts: what is counted, by which verb, for which year.

Each figure found by :mod:`analysis.extract.figures.numbers` is classified by

1. the **noun it counts** (victims, suspects, cases, investigations, shelters, officials, …;
   a unit such as "years" or "offices" means it is not an enforcement figure);
2. the **verb that governs it** — a participle after it ("699 identified", "94 were convicted")
   or the nearest verb before it in its clause ("initiated prosecutions of 78 suspects");
3. otherwise the **anchor** of its list: a figure naming only a group or form ("763 were women",
   "50 for sex trafficking", "(204 Peruvian, 15 Venezuelan …)", "compared with 1,054 in 2019")
   takes the indicator of the figure it belongs to, in the same sentence or the one before.

Clauses about complicit officials turn investigations, prosecutions and convictions into
``complicity_*``. Explicit negatives give 0 ("no traffickers were convicted", "did not
prosecute or convict any complicit officials"). The reference year is a year written with the
figure ("in 2019", "(2006)", "the May 2018 raid"), "the previous reporting period"
(report year − 2), a "compared with" figure without a year (report year − 2), or else the
reporting period (report year − 1). Rule ids (``method = rule:<id>``) say which family fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from analysis.extract.figures.numbers import DIGIT_RE, NUMBER_WORDS, Number, find_numbers
from analysis.extract.figures.prefilter import Prefiltered
from analysis.extract.figures.vocabulary import (
    AID_NOUNS,
    ANY_VERB_RE,
    ARTICLE_CLASSES,
    ARTICLE_VERB_BEFORE,
    BARE_VERB,
    CASES_TO_PERSONS,
    COMPLICITY,
    COMPLICITY_CLAUSE,
    CUMULATIVE,
    ENFORCEMENT,
    FORMS,
    GROUP_NOUNS,
    GROUP_PATTERNS,
    GROUP_WORDS,
    HEAD_NOUNS,
    INDICATOR_BY_VERB,
    ING_CONTINUES,
    MODIFIERS,
    MONTHS,
    NEGATED_NOUNS,
    NEGATION_LEADS,
    NEGATION_VERBS,
    NEGATIVE_VERB,
    NOT_NEW,
    NOUN_INDICATOR,
    PART_OF_COUNTED,
    PART_OPENERS,
    PARTICIPLES,
    PERSONS_TO_CASES,
    PROVISION_VERBS,
    RULE_IDS,
    SUBSET_CUES,
    SUSPECT_INDICATORS,
    UNIT_CASES,
    VERB_RE,
    VICTIM_INDICATORS,
    VOCABULARY,
)

CLAUSE_BREAK = re.compile(r";|\s[—–]\s|—|:\s|\.\s")
REPORTED_BEFORE = re.compile(
    r"\b(?:reported|recorded|registered|counted|documented|logged|listed)\s+"
    r"(?:(?:a total of|approximately|about|at least|more than|nearly)\s+)?$",
    re.IGNORECASE,
)
PREVALENCE = Prefiltered(
    r"\bestimat\w*|\bare trafficked|\bwere trafficked|\bvulnerable\b|\bat risk\b|\bprevalence\b",
    re.IGNORECASE,
)
REFERENCE_NOUN_BEFORE = re.compile(
    r"\b(?:law|laws|article|articles|decree|decrees|resolution|no\.|number|section|"
    r"chapter|paragraph|act|code|protocol|convention|phase|tier|level|grade)\s*$",
    re.IGNORECASE,
)
#: how far back a reference noun can end before a figure ("paragraph 3": the longest noun, a space)
REFERENCE_NOUN_REACH = 16
AGE_BEFORE = re.compile(
    r"\b(?:ages? of|aged|age|under|younger than|older than|over the age of|between the ages of)"
    r"(?:\s+[\w,.]+\s+(?:and|to|or|-|–))?\s*$",
    re.IGNORECASE,
)
#: "a 40-person shelter", "a 20-bed facility": a size, not a count
SIZE_AFTER = re.compile(r"^-(?:person|people|bed|room|member|capacity)\b", re.IGNORECASE)
AGE_AFTER = re.compile(r"^\s*(?:-|\s)?(?:years?[ -]old|years? of age|year-olds?)", re.IGNORECASE)
CHANGE_BEFORE = re.compile(
    r"\b(?:increased|decreased|rose|fell|grew|declined|dropped|went|up|down|increase|decrease)"
    r"\s+from\s+[^;]*$",
    re.IGNORECASE,
)
COMPARED_BEFORE = re.compile(
    r"\b(?:compared (?:with|to)|versus|vs\.?|up from|down from|an? (?:increase|decrease|"
    r"drop|rise|decline) from|(?:increase|decrease)d? from)\b[^;]*$",
    re.IGNORECASE,
)
# "…, and convicted 6" / "…, and courts convicted 6": a coordinated clause with its own verb
NEW_VERB_CLAUSE = re.compile(
    r",?\s+and\s+(?P<subject>(?:[A-Za-z]+\s+){0,2}?)(?:also\s+)?(?P<verb>[a-z]+ed)\b", re.IGNORECASE
)
SUBSET_OPENERS = Prefiltered(
    r"^\s*(?:these (?:victims|cases|suspects|individuals|traffickers)|of (?:these|those|them|whom)|"
    r"of the [\d,]+ |this (?:was|is|represents|represented|compared|marked)\b|"
    r"among (?:them|these|those)|this included|they included|including|"
    # "Of the victims identified, …", "Among the identified victims, …": the group just counted
    r"(?:of|among) (?:the|all) (?:[\w-]+ ){0,2}?(?P<noun>victims|survivors|cases|suspects|defendants|"
    r"traffickers|individuals|persons)(?: [\w-]+)?,)",
    re.IGNORECASE,
)
OF_THE_RE = re.compile(r"\b(?:[Oo]f the|[Aa]ll(?: of the)?|[Tt]hese|[Tt]hose|[Bb]oth)\s+$")
YEAR_NEAR = re.compile(
    rf"(?:\b(?:in|during|for|by|through|throughout|as of|since|in calendar year|in fiscal year|"
    rf"in the year)\s+(?:(?:{MONTHS})\s+)?(?:calendar |fiscal )?(?P<y1>(?:19|20)\d{{2}})\b)|"
    rf"(?:\((?P<y2>(?:19|20)\d{{2}})\))|(?:\b(?:{MONTHS})\s+(?P<y3>(?:19|20)\d{{2}})\b)"
)
PREVIOUS_PERIOD = re.compile(
    r"\b(?:previous|prior|preceding|last) (?:reporting )?(?:period|year)\b|"
    r"\bthe year before\b",
    re.IGNORECASE,
)
NATIONALS = re.compile(r"\b(?:citizens|nationals)\b(?! of)", re.IGNORECASE)
TIER_PHRASE = Prefiltered(
    r"\b(?:was|were|is|remained|remains|be|been|being)?\s*(?:upgraded|downgraded|moved|placed|"
    r"remained|remains|kept|ranked)\s+(?:on|to|at|in)\s+(?:the\s+)?Tier\s+(?P<tier>[123])"
    r"(?P<wl>\s+Watch\s+List)?",
    re.IGNORECASE,
)

_LEADS = "|".join(NEGATION_LEADS)
_NEGATED_VERBS = "|".join(pattern for pattern, _ in NEGATION_VERBS.values())
NEGATIVE_DID_NOT = Prefiltered(
    rf"\b(?:{_LEADS})\s+(?P<verbs>(?:(?:{_NEGATED_VERBS})(?:\s+any)?[\s,]*(?:or|and|nor)?\s*){{1,4}})"
    r"any\s+(?:new\s+|other\s+|further\s+)?(?P<object>[^.;:]{0,90})",
    re.IGNORECASE,
)
#: the stem of each negated verb, in the order of the rules file
NEGATED_STEM = re.compile(r"\b(" + "|".join(NEGATION_VERBS) + ")", re.IGNORECASE)
_NO = r"\bno\s+(?:reported\s+|new\s+|known\s+|other\s+)?(?P<mods>(?:[\w-]+\s+){0,4}?)"
_NEGATED = "|".join(NEGATED_NOUNS)
NEGATIVE_NO = re.compile(rf"{_NO}(?P<noun>{_NEGATED})\b(?=(?P<rest>[^.;]{{0,100}}))", re.IGNORECASE)
_ARTICLE_NOUNS = "|".join(word for word, cls in HEAD_NOUNS.items() if cls in ARTICLE_CLASSES)
#: without a digit or number word, a sentence can hold a figure only as a negation these rules
#: read, as "a/an <counted noun>", or as a tier: a looser form of the same patterns, to skip the rest
MAY_HOLD_FIGURE = re.compile(
    rf"\b(?:{_LEADS})\b[^.;]{{0,60}}\bany\b|{_NO.replace('?P<mods>', '?:')}(?:{_NEGATED})\b|"
    rf"\ban?\s+(?:[\w\-]+\s+){{0,4}}?(?:{_ARTICLE_NOUNS})|\bTier\b",
    re.IGNORECASE,
)


@dataclass
class Candidate:
    """A fact proposed for one figure, before the document-level pass."""

    indicator: str
    value: float
    value_high: float | None
    qualifier: str | None
    reference_year: int | None
    scope: str
    breakdown: str
    rule: str
    start: int  # within the sentence
    end: int
    compared: bool = False  # the earlier side of a comparison or change ("compared with 40")

    def __post_init__(self) -> None:
        if self.rule not in RULE_IDS:
            raise ValueError(f"rule id {self.rule!r} is not declared in extractor_rules.yml")


def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    start = 0
    for match in CLAUSE_BREAK.finditer(text, 0, position):
        start = match.end()
    end_match = CLAUSE_BREAK.search(text, position)
    return start, end_match.start() if end_match else len(text)


HEAD_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*|[(),]|\d[\d,.]*")
LOWER_WORD = re.compile(r"[a-z]+")
#: "a former public university official": up to two free words before an official (after a word)
OFFICIAL_AHEAD = re.compile(r"\W*(?:[a-z]+\W+){0,2}(?:officials?|officers?)\b")
NEXT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'’\-]*)")
NATIONALITY_WORD = re.compile(r"[A-Z][a-z]+(?:an|ian|ese|ish|i|ean|ic)")
LEADING_PARENTHESIS = re.compile(r"^\([^()]*\)\s*")
FIRST_WORD = re.compile(r"^([A-Za-z][A-Za-z'’\-]*)\s*")
#: where a figure's own phrase ends: a comma or "and"
PHRASE_END = re.compile(r",|\band\b")


def _head(after: str, article: bool) -> tuple[str | None, str | None, int]:
    """The noun a figure counts: (word, class, end offset in ``after``) or Nones.

    Skips up to five modifiers ("suspected", "sex trafficking", "Venezuelan", "new"); stops at
    anything else, so "45 from Venezuela" and "763 were women" have no head.
    """
    sized = False
    for step, match in enumerate(HEAD_TOKEN.finditer(after)):
        word = match.group().lower().strip("'’")
        if sized:
            sized = False
            continue  # the "person" of "a 40-person shelter"
        if word[0].isdigit():
            sized = bool(SIZE_AFTER.match(after[match.end() :]))
            if sized:
                continue
            break  # another figure: "an additional 150 prosecutions" does not count one
        if step > 6 or (article and step > 4):
            break
        if (
            article
            and step <= 3
            and LOWER_WORD.fullmatch(word)
            and word not in HEAD_NOUNS
            and OFFICIAL_AHEAD.match(after, match.end())
        ):
            continue  # "a former public university official": one free word before an official
        if word in HEAD_NOUNS:
            # a compound takes its last noun: "prosecution offices", "victim shelters"; a plural
            # then a singular is two nouns ("gave 40 victims shelter"), the figure counting the first
            following = NEXT_WORD.match(after, match.end())
            two_nouns = following is not None and word.endswith("s") and not following.group(1).endswith("s")
            if following and following.group(1).lower() in HEAD_NOUNS and not two_nouns:
                nxt = following.group(1).lower()
                return nxt, HEAD_NOUNS[nxt], following.end()
            return word, HEAD_NOUNS[word], match.end()
        if word in ("(", ")", ","):
            break
        capitalised = (match.group()[0].isupper() and step > 0) or (
            NATIONALITY_WORD.fullmatch(match.group()) is not None
        )
        if word in MODIFIERS or capitalised or ("-" in word and not word.startswith("-")):
            continue
        break
    return None, None, 0


NOUN_FORM = re.compile(r"(?:tion|tions|ance|al|als)$")
NOUN_GAP = re.compile(r"\s*(?:of|into|against|for|to|involving)?\s*(?:the\s+|all\s+|a total of\s+)?")
OPERATE_GAP = re.compile(r"\s*(?:a total of\s+|an? |the\s+)?")


def _verbs(text: str) -> list[tuple[int, int, str, bool]]:
    """Verb-family matches in text: (start, end, family, is_noun_form)."""
    found = []
    lowered = text.lower()
    for pattern, family in VERB_RE:
        for match in pattern.finditer(text, lowered=lowered):
            word = match.group().lower()
            noun = bool(NOUN_FORM.search(word.split()[-1])) or word == "assistance"
            found.append((match.start(), match.end(), family, noun))
    # a verb inside a longer one is not a verb of its own ("prosecution" in "referred for prosecution")
    return sorted(
        v
        for v in found
        if not any(o[0] <= v[0] and v[1] <= o[1] and o[1] - o[0] > v[1] - v[0] for o in found)
    )


def _verb_before(before: str, clause_verbs: list[tuple[int, int, str, bool]]) -> tuple[str | None, bool, int]:
    """The governing verb family before a figure: (family, is_noun_form, distance in chars).

    ``clause_verbs`` are ``_verbs`` of the whole clause that ``before`` begins (computed once
    per clause, offsets from the clause start); only those ending inside ``before`` count.
    """
    verbs = [v for v in clause_verbs if v[1] <= len(before)]
    for _start, end, family, noun in reversed(verbs):  # the nearest qualifying verb governs
        gap = before[end:]
        if noun and not NOUN_GAP.fullmatch(gap):
            continue
        if family == "operate" and not OPERATE_GAP.fullmatch(gap):
            continue
        if _new_verb_clause(gap) or _ing_clause(gap):
            break  # "convicted 19, and trained 300 officers": another verb of no family governs
        return family, noun, len(before) - end
    return None, False, 10**6


PROVIDED_BEFORE = re.compile(
    rf"\b(?:{'|'.join(PROVISION_VERBS)})\s+(?:a total of\s+|at least\s+|approximately\s+)?$", re.IGNORECASE
)
WITH_AID_AFTER = re.compile(rf"^\s*with\s+(?:[\w-]+\s+){{0,3}}?(?:{'|'.join(AID_NOUNS)})\b", re.IGNORECASE)
PERCENT_PAREN_BEFORE = re.compile(
    r"(?:\d[\d.,]*|[A-Za-z-]+)\s*(?:percent|per cent|%)\s*\(\s*$", re.IGNORECASE
)
#: how far back the end-anchored "before" patterns can reach (their longest match, with margin)
TAIL = 120
FROM_BEFORE = re.compile(r"\bfrom\s+$")
# "referred 45 of the 120 victims": the second figure is the group the first was drawn from
BASE_OF_BEFORE = re.compile(r"\d[\d,]*\s+of\s+(?:the\s+|all\s+)?$")

PARTICIPLE = re.compile(
    r"^(?:(?:were|was|had been|have been|being|who were|that were|which were)\s+)?"
    rf"(?P<verb>{PARTICIPLES})\b"
)


AGE_RANGE = re.compile(
    r"(?:between the ages of|aged|ages?)\s+[\w]+\s*(?:and|to|-|–)\s*[\w]+\s*", re.IGNORECASE
)


def _verb_after(after: str) -> str | None:
    """A participle right after the figure and its noun: '699 identified', '94 were convicted',
    '59 teenagers between the ages of 11 and 17 were discovered'. Modifiers, the counted noun,
    an age phrase or a parenthesis may come between; another clause ('and convicted …') may not."""
    rest = after.lstrip()
    rest = LEADING_PARENTHESIS.sub("", rest)
    for _ in range(10):
        match = PARTICIPLE.match(rest)
        if match:
            break
        age = AGE_RANGE.match(rest)
        if age:
            rest = rest[age.end() :]
            continue
        token = FIRST_WORD.match(rest)
        if (
            not token
            or not (
                token.group(1).lower() in MODIFIERS
                or token.group(1).lower() in HEAD_NOUNS
                or token.group(1)[0].isupper()
            )
            or token.group(1).lower() in ("and", "or")
        ):
            return None
        rest = rest[token.end() :]
    else:
        return None
    return _family_of(match.group("verb")) if match else None


RELATIVE_VERB = re.compile(
    r"^\s*(?:(?:that|whom|which)\s+)?(?:it|they|police|authorities|officials|officers|the government)\s+"
    r"(?:had\s+)?(?:also\s+)?(?P<verb>[a-z]+)\b"
)


def _relative_verb(after_noun: str) -> str | None:
    """The verb family of a relative clause right after the counted noun ("… suspects it arrested")."""
    match = RELATIVE_VERB.match(after_noun)
    return _family_of(match.group("verb")) if match else None


def _family_of(verb: str) -> str | None:
    """The verb family a whole phrase belongs to ("convicted" → convict), or None."""
    return next((family for pattern, family in VERB_RE if pattern.fullmatch(verb)), None)


#: "from Venezuela", "Venezuelan": a nationality in a figure's phrase
NATIONALITY_IN_WINDOW = re.compile(
    r"\bfrom (?P<c>[A-Z][a-z]+(?: [A-Z][a-z]+)?)|\b(?P<adj>[A-Z][a-z]+(?:an|ian|ese|ean))\b"
)


def _scope_and_breakdown(window: str) -> tuple[str, str]:
    scope = "all"
    lowered = window.lower()
    for pattern, name in FORMS:
        if pattern.search(window, lowered=lowered):
            scope = name
            break
    parts: list[str] = []
    for pattern, label in GROUP_PATTERNS:
        if pattern.search(window, lowered=lowered):
            parts = label.split(";")
            break
    nationality = NATIONALITY_IN_WINDOW.search(window)
    if nationality:
        parts.append(f"citizenship={nationality.group('c') or nationality.group('adj')}")
    elif "citizenship=foreign" not in parts and NATIONALS.search(window):
        parts.append("citizenship=national")  # "18 were citizens": the country's own nationals
    parts.extend(_subsets(window, after_figure=True))
    return scope, ";".join(parts) or "total"


#: each cue tried only on text holding a word it needs ("operation", "hotline", "referred", …)
_SUBSET_PATTERNS = [(label, Prefiltered(pattern, re.IGNORECASE)) for label, pattern in SUBSET_CUES.items()]


def _counts_in(text: str) -> bool:
    """Whether a stretch of text holds a figure (a count or money; "an additional" holds none)."""
    return any(n.kind in ("count", "money") for n in find_numbers(text))


def _subsets(window: str, counted_within: int | None = None, after_figure: bool = False) -> list[str]:
    """Breakdown labels of a clause that covers part of the cases ('arrested during operations').

    With ``counted_within``, a label of who counted (``…_by=…``) is kept only when its cue ends
    that many characters or fewer before the end of ``window`` (the subject of the figure's own
    verb: "embassies referred three, NGOs referred 23" — the 23 are the NGOs'). With
    ``after_figure`` (``window`` runs from the figure on), such a label needs the passive "by"."""
    out: list[str] = []
    lowered = window.lower()
    for label, pattern in _SUBSET_PATTERNS:
        if not pattern.may_match(window, lowered):
            continue
        if after_figure and "_by=" in label:
            # after the figure only the passive names who counted it ("12 victims identified by
            # NGOs") or a reflexive ("31 victims self-referred"); an active subject there ("…, NGOs
            # referred 23") belongs to the next figure
            if any(re.search(r"\bby\b|\bself-", m.group()) for m in pattern.finditer(window)):
                out.append(label)
        elif counted_within is not None and "_by=" in label:
            gaps = (window[m.end() :] for m in pattern.finditer(window))
            if any(len(gap) <= counted_within and not _counts_in(gap) for gap in gaps):
                out.append(label)  # no other figure between who counted and this figure
        elif pattern.search(window):
            out.append(label)
    return out


def _new_verb_clause(text: str) -> bool:
    """An "and" clause with its own verb: any past tense right after "and", or a verb of the
    families after a short subject that is not a figure ("and courts convicted", not "and seven
    suspected")."""
    for match in NEW_VERB_CLAUSE.finditer(text):
        subject = match.group("subject").split()
        if not subject:
            return True
        if not any(word.lower() in NUMBER_WORDS for word in subject) and ANY_VERB_RE.fullmatch(
            match.group("verb")
        ):
            return True
    return False


ING_AFTER_COMMA = re.compile(r",\s+([a-z]+ing)\b", re.IGNORECASE)


def _ing_clause(text: str) -> bool:
    """ "referred them to care, upgrading 12 of 14 shelters": an -ing word after a comma opens a
    clause of its own, unless it goes on with the verb before ("…, including 12 children")."""
    return any(word.lower() not in ING_CONTINUES for word in ING_AFTER_COMMA.findall(text))


YEAR_THEN_PARENTHESIS = re.compile(r"(?P<y>(?:19|20)\d{2})\s*\(\s*$")
FROM_PREVIOUS_PERIODS = re.compile(r"\bfrom previous reporting periods\b", re.IGNORECASE)
#: "In 2019, …", "During March 2020 …": a year that opens the clause
LEADING_YEAR = re.compile(
    rf"\s*(?:[Ii]n|[Dd]uring|[Bb]y|[Tt]hroughout)\s+(?:(?:{MONTHS})\s+)?(?P<y>(?:19|20)\d{{2}})\b"
)


def _reference_year(
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
    if _inside_parenthesis(sentence, number.start) and ")" in own:
        own = own[: own.index(")")]  # "(€10,000) in 2020": a year after the parenthesis is not its own
    match = YEAR_NEAR.search(own)
    if match and _inside_parenthesis(own, match.start()) and not match.group("y2"):
        match = None  # "six victims (none in 2018)": the parenthesis's year is not this figure's
    if match and SAME_AS.search(own, 0, match.start()):
        match = None  # "… the same amount as in 2018": the year of a comparison
    if match and own[: match.start()].strip() and YEAR_RIGHT_BEFORE.search(own, match.start()):
        match = None  # "12 million in 2020 and, in 2021, 15 million": the year leads the next figure
    # (sentences have their spaces collapsed: the match is a few characters long)
    parenthesised = YEAR_THEN_PARENTHESIS.search(sentence, max(0, number.start - 16), number.start)
    # "in 2021 (36)": the year before the parenthesis, unless it names its own ("(11 in 2020)")
    if parenthesised and not (match and ")" not in own[: match.start()]):
        return int(parenthesised.group("y"))
    if match:
        return _year_of(match)
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
            return _year_of(shared)
        return report_year - 2
    before = sentence[clause[0] : number.start]
    right_before = YEAR_RIGHT_BEFORE.search(before)
    if right_before:  # "… and in fiscal year 2021, 37.67 million"
        return int(right_before.group("y"))
    lead = LEADING_YEAR.match(before)
    if lead and not DIGIT_RE.search(before, lead.end()):
        return int(lead.group("y"))
    # "In 2019, 134 were victims of sex trafficking …; 173 were female": a year that opens the
    # sentence holds for its figures until another year is named outside a parenthesis
    opening = SENTENCE_YEAR.match(sentence)
    if opening and not ANY_YEAR.search(PARENTHESIS.sub("", sentence[opening.end() : number.start])):
        return int(opening.group("y"))
    # "… from the previous reporting period, when the government investigated 592 cases, …"
    when = next(reversed(list(PERIOD_WHEN.finditer(sentence, 0, number.start))), None)
    if when and not ANY_YEAR.search(PARENTHESIS.sub("", sentence[when.end() : number.start])):
        return report_year - 2
    if change_from:
        return report_year - 2
    return passage_year if passage_year is not None else report_year - 1


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
        _new_verb_clause(between) or PREVIOUS_PERIOD.search(between) or "(" in between or ")" in between
    )


def _inside_parenthesis(text: str, position: int) -> bool:
    """Whether ``position`` of ``text`` is inside a parenthesis opened in ``text``."""
    return text.rfind("(", 0, position) > text.rfind(")", 0, position)


def _year_of(match: re.Match[str]) -> int:
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


PART_PHRASE = re.compile(
    r"^\s*(?:were |was |are |being |who were )?(?:victims of |exploited in |subjected to |of |in |for )?"
    r"(?:an? |the )?(?P<part>(?!(?:from|for|were|was|the|identified|referred|assisted|in)\b)[A-Za-z][\w-]*"
    r"(?: (?!and\b|or\b|in\b|of\b|were\b|during\b|to\b)[a-z][\w-]*){0,2})"
)


NATIONALITY = re.compile(r"[A-Z][a-z]+(?:an|ian|ese|ish|i|ean)")


EXPLOITED_IN = re.compile(r"\bin\s+(?P<part>[a-z][\w-]*(?:\s+(?!in\b|and\b)[a-z][\w-]*)?)")
#: "four were from the DRC": where a part of the group comes from
FROM_PLACE = re.compile(
    r"^\s*(?:were |was )?from (?:the )?(?P<place>[A-Z][\w-]*(?: (?:of (?:the )?)?[A-Z][\w-]*)*)"
)


def _named_part(after: str) -> str:
    """The breakdown of a figure that names only a part of the group just counted, in the words
    the text names it by ("65 of forced begging" → ``part=forced begging``, "182 were
    transnational" → ``part=transnational``); ``total`` when no part is named after it."""
    if not GROUP_WORDS.match(after):
        return "total"
    place = FROM_PLACE.match(after)
    if place:
        return f"origin={place.group('place')}"
    found = PART_PHRASE.match(after)
    if not found:
        return "total"
    if NATIONALITY.fullmatch(found.group("part").split()[0]):
        return f"citizenship={found.group('part').split()[0]}"  # "38 Nepali", "21 were Kazakhstani"
    return f"part={found.group('part').lower()}"


def _complicity(clause_text: str, own_phrase: str, head_class: str | None) -> bool:
    """Whether a figure counts complicit officials: it counts officials, its clause speaks of
    complicity, or its own phrase names a group of officials ("cases against police officers")."""
    if head_class == "official":
        return True
    return bool(COMPLICITY_CLAUSE.search(clause_text)) or bool(COMPLICITY.search(own_phrase))


def _with_complicity(indicator: str, complicit: bool) -> str:
    return f"complicity_{indicator}" if complicit and indicator in ENFORCEMENT else indicator


#: money counts as a budget in a sentence about budgets or funding, never as a fine or an award
BUDGET_CONTEXT = Prefiltered(VOCABULARY.budget_words, re.IGNORECASE)
NOT_BUDGET = Prefiltered(VOCABULARY.not_budget_words, re.IGNORECASE)
BUDGET_PARTS = {
    label: re.compile(pattern, re.IGNORECASE) for label, pattern in VOCABULARY.budget_parts.items()
}
WORDS = re.compile(r"[A-Za-z]+")
#: nouns a figure can count (every class but "other")
COUNTED_NOUNS = frozenset(word for word, cls in HEAD_NOUNS.items() if cls != "other")


def _may_count(text: str) -> bool:
    """Whether a sentence names a counted noun or a verb of any family (a cheap test that lets a
    sentence of neither skip the per-figure rules, which all need one of them or an anchor)."""
    lowered = text.lower()
    if any(pattern.search(text, lowered=lowered) for pattern, _family in VERB_RE):
        return True  # each family's pattern runs only on text holding one of its words
    return not COUNTED_NOUNS.isdisjoint(w.lower() for w in WORDS.findall(text))


#: ", foreign embassies referred …": a new subject and its verb after a figure's phrase
NEW_SUBJECT = re.compile(r",\s+(?:and\s+)?(?:[A-Za-z-]+\s+){1,3}?(?:[a-z]+ed|reported|were|was)\b")


@dataclass
class Figure:
    """One figure of a sentence and the text around it, as the stages below read it."""

    text: str  # the sentence
    number: Number
    index: int  # position among the sentence's figures
    numbers: list[Number]
    clause: tuple[int, int]
    before: str  # the clause up to the figure
    after: str  # up to 90 characters after the figure
    tail: int  # where the end-anchored "before" patterns start looking
    may_compare: bool  # a comparison keyword before the figure (the costly patterns run only then)

    @property
    def next_start(self) -> int:
        numbers = self.numbers
        return numbers[self.index + 1].start if self.index + 1 < len(numbers) else len(self.text)

    @property
    def clause_text(self) -> str:
        return self.text[self.clause[0] : self.clause[1]]

    @property
    def window(self) -> str:
        """The figure's own phrase, up to the next figure in its clause or a new subject with its
        own verb (", foreign embassies referred …"): it names form and group."""
        phrase = self.text[self.number.start : min(self.clause[1], self.next_start)]
        new_subject = NEW_SUBJECT.search(phrase)
        return phrase[: new_subject.start()] if new_subject else phrase


@dataclass
class HeadVerb:
    """What a figure counts and the verb that governs it (stage 2)."""

    head: str | None
    head_class: str | None
    head_end: int
    article: bool
    verb_after: str | None
    verb_before: str | None
    verb_is_noun: bool
    distance: int
    share: re.Match[str] | None
    verbs: list[tuple[int, int, str, bool]]  # the clause's verbs


@dataclass(frozen=True)
class Anchor:
    """What a sentence leaves for the next one: the indicator its last figure counted, and the
    year of that indicator's first figure in it ("… 900 victims in 2016. Of the victims, 410
    were …": the parts are 2016's, not the reporting period's)."""

    indicator: str
    year: int | None


@dataclass
class SentenceState:
    """What the figures of one sentence share as they are read in order."""

    text: str
    report_year: int | None
    section: str
    seen_values: set[tuple[str, float]]
    local_anchor: str | None
    previous: Anchor | None  # what the sentence before left
    passage_year: int | None  # the year a sentence that goes on counting the group before holds
    budget_context: re.Match[str] | None
    out: list[Candidate]
    cumulative: dict[tuple[int, int], bool]
    clause_verbs: dict[tuple[int, int], list[tuple[int, int, str, bool]]]


def sentence_candidates(
    text: str,
    report_year: int | None,
    section: str,
    anchor: Anchor | None,
    seen_values: set[tuple[str, float]],
) -> tuple[list[Candidate], Anchor | None]:
    """Candidates for one sentence, and the anchor it leaves for the next one.

    Each figure goes through named stages: filter (:func:`_ruled_out`) → money
    (:func:`_budget`) → head and verb (:func:`_head_and_verb`) → indicator
    (:func:`_indicator`: by noun, by noun class × verb family, or for a bare figure by its verb,
    participle or anchor) → year (:func:`_reference_year`) → breakdown (:func:`_breakdown`). Then
    the sentence-level passes: cases paired with persons, one figure for two years, zeros.
    """
    opening = _opens_with_parts(text)
    carried = _carried_anchor(text, anchor.indicator if anchor else None, opening)
    budget_context = BUDGET_CONTEXT.search(text)
    if carried is None and budget_context is None and not _may_count(text):
        # nothing to carry, no counted noun, no verb of any family, no budget: no rule below can read it
        return [], (anchor if opening else None)
    numbers = [n for n in find_numbers(text) if n.kind in ("count", "article", "money")]
    state = SentenceState(
        text,
        report_year,
        section,
        seen_values,
        carried,
        anchor,
        anchor.year if carried and anchor else None,
        budget_context,
        [],
        {},
        {},
    )
    for index in range(len(numbers)):
        _read_figure(state, _figure(text, numbers, index))
    out = state.out
    _pair_cases_with_persons(text, out)
    out.extend(_both_years(text, out, numbers))
    out.extend(_none_in_year(text, out))
    out.extend(_negatives(text, report_year, state.local_anchor or carried))
    last = next((c.indicator for c in reversed(out) if c.indicator not in ("budget",)), None)
    if last is None:
        return out, (anchor if opening else None)
    if carried and anchor and last == anchor.indicator:
        return out, anchor  # a sentence of parts leaves the group it went on counting, and its year
    return out, Anchor(last, _group_year(out, last, anchor))


def _group_year(read: list[Candidate], indicator: str, before: Anchor | None) -> int | None:
    """The year of the group a sentence counted, for the sentence after it: its first figure of
    ``indicator`` that is not a comparison; a sentence that only compares ("This compared with 13
    in the previous reporting period") leaves the year of the group before it."""
    year = next((c.reference_year for c in read if c.indicator == indicator and not c.compared), None)
    if year is None and before is not None and before.indicator == indicator:
        return before.year
    return year


def _opens_with_parts(text: str) -> re.Match[str] | None:
    """An opener saying the sentence goes on counting the group before ("Of these, …")."""
    return SUBSET_OPENERS.search(text) or PART_OPENERS.match(text)


def _carried_anchor(text: str, anchor: str | None, opener: re.Match[str] | None) -> str | None:
    """The indicator a sentence carries from the one before: after an opener or a parenthesis,
    and only when a group the opener names is what the anchor counts."""
    carried = anchor if opener or text.lstrip().startswith("(") else None
    if carried and opener and opener.group("noun"):
        named = HEAD_NOUNS.get(opener.group("noun").lower())
        if not anchor_fits(
            carried, VICTIM_INDICATORS if named == "victim" else SUSPECT_INDICATORS | ENFORCEMENT
        ):
            carried = None
    return carried


def _figure(text: str, numbers: list[Number], index: int) -> Figure:
    number = numbers[index]
    clause = _clause_bounds(text, number.start)
    before = text[clause[0] : number.start]
    # end-anchored patterns of bounded width look at the last characters only (``pos`` keeps
    # word boundaries exact); the unbounded comparisons only where their keyword occurs
    lowered = before.lower()
    return Figure(
        text,
        number,
        index,
        numbers,
        clause,
        before,
        text[number.end : min(len(text), number.end + 90)],
        max(0, len(before) - TAIL),
        "from" in lowered or "compar" in lowered or "versus" in lowered or "vs" in lowered,
    )


def _read_figure(state: SentenceState, fig: Figure) -> None:
    """Read one figure through the stages; append what it gives to ``state.out``."""
    if _ruled_out(fig, state.cumulative):
        return
    if fig.number.kind == "money":
        budget = _budget(fig, state)
        if budget:
            state.out.append(budget)
        return
    hv = _head_and_verb(fig, state.clause_verbs)
    if hv is None or _bare_and_alone(fig, hv, state.local_anchor) or _not_new(fig):
        return
    comparison = COMPARED_BEFORE.search(fig.before) if fig.may_compare else None
    # in "from A to B" B is the new figure, not the comparison; "compared with 15 in 2022, and
    # convicted 6": a new coordinated verb ends the comparison
    compared = (
        comparison is not None
        and not re.search(r"\bfrom\b[^;]*\bto\s+$", fig.before)
        and not _new_verb_clause(fig.before[comparison.start() :])
    )
    change_from = bool(FROM_BEFORE.search(fig.before, fig.tail)) and bool(CHANGE_BEFORE.search(fig.before))
    if hv.head_class == "case" and re.search(r"\d[^;]*\b(?:in|involving|across)\s+$", fig.before):
        persons = state.out[-1] if state.out else None  # "convicted 16 traffickers in 10 cases"
        if persons and _joins(
            PERSONS_THEN_CASES, fig.text[persons.end : fig.number.start], persons, cases=False
        ):
            state.out.append(_in_cases(persons, fig.number))
        return
    found = _indicator(fig, hv, state, compared, change_from)
    if found is None:
        return
    indicator, rule = found
    indicator = _with_complicity(indicator, _complicit(fig, hv) and indicator in ENFORCEMENT)
    if OF_THE_RE.search(fig.before, fig.tail) and (indicator, fig.number.value) in state.seen_values:
        state.local_anchor = (
            indicator  # "Of the 841 sex trafficking victims, …" restates a figure already read
        )
        return
    if (
        state.passage_year is None
        and state.previous is not None
        and state.previous.indicator == indicator
        and PART_OF_COUNTED.match(fig.after)
    ):
        state.passage_year = state.previous.year  # "410 of the victims were …": the group's year
    year = _reference_year(
        fig.text,
        fig.number,
        fig.next_start,
        fig.clause,
        state.report_year,
        compared,
        change_from,
        state.passage_year,
    )
    scope, breakdown = _breakdown(fig, rule)
    breakdown = _inherit_counter(
        breakdown, rule, indicator, state.out, _whole_before_parenthesis(fig, state.out)
    )
    number = fig.number
    candidate = Candidate(
        indicator,
        number.value,
        number.value_high,
        number.qualifier,
        year,
        scope,
        breakdown,
        rule,
        number.start,
        number.end,
        compared or change_from,
    )
    state.out.append(candidate)
    state.seen_values.add((indicator, number.value))
    state.local_anchor = indicator
    if indicator in VICTIM_INDICATORS and rule.startswith("victim."):
        rest = fig.text[number.end : fig.clause[1]]
        state.out.extend(_counted_again(candidate, fig.before, rest, hv.verbs))


def _ruled_out(fig: Figure, cumulative: dict[tuple[int, int], bool]) -> bool:
    """Stage 1, filter: a figure that is a law's number, an age, a size, or in a cumulative clause."""
    if (
        REFERENCE_NOUN_BEFORE.search(fig.before, max(0, len(fig.before) - REFERENCE_NOUN_REACH))
        or AGE_BEFORE.search(fig.before, fig.tail)
        or AGE_AFTER.match(fig.after)
        or SIZE_AFTER.match(fig.after)
    ):
        return True
    if fig.clause not in cumulative:
        cumulative[fig.clause] = bool(CUMULATIVE.search(fig.clause_text))
    return cumulative[fig.clause]  # "since 2010, the government has convicted more than 400 traffickers"


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


def _budget(fig: Figure, state: SentenceState) -> Candidate | None:
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
        year = _reference_year(fig.text, amount, next_start, fig.clause, state.report_year, compared, False)
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


#: "… to open and operate a shelter": an infinitive (one or two coordinated verbs) before an article
INFINITIVE_BEFORE = Prefiltered(r"\bto\s+(?:[a-z]+\s+(?:and|or)\s+)?[a-z]+\s+$", re.IGNORECASE)
#: "continued to operate a shelter": what before "to" makes the infinitive a count after all
INFINITIVE_DONE = re.compile(rf"\b(?:{VOCABULARY.article_infinitive_done})\s+$", re.IGNORECASE)
#: "each operated a shelter": an article after "each", "every" or "per" in the clause counts nothing
EACH_BEFORE = Prefiltered(r"\b(?:each|every|per)\b[^,;]*$", re.IGNORECASE)


def _head_and_verb(fig: Figure, clause_verbs: dict) -> HeadVerb | None:
    """Stage 2: the noun a figure counts and the verb that governs it; None when the noun rules
    the figure out (a unit such as "years", an article before a noun that is not counted one by
    one, "each operated a shelter")."""
    article = fig.number.kind == "article"
    head, head_class, head_end = _head(fig.after, article)
    if head_class == "other" or (article and head_class not in ARTICLE_CLASSES):
        return None
    if article and EACH_BEFORE.search(fig.before):
        return None  # "each operated a victim shelter" is not a count of one
    planned = INFINITIVE_BEFORE.search(fig.before, fig.tail) if article else None
    if planned and not INFINITIVE_DONE.search(fig.before, 0, planned.start()):
        return None  # "worked with an NGO to open a shelter": a purpose, not a count of one
    if fig.clause not in clause_verbs:
        clause_verbs[fig.clause] = _verbs(fig.clause_text)
    verbs = clause_verbs[fig.clause]
    verb_before, verb_is_noun, distance = _verb_before(fig.before, verbs)
    share = (
        PERCENT_PAREN_BEFORE.search(fig.before, fig.tail)
        if head_class is None and fig.before.rstrip().endswith("(")
        else None
    )
    if share:  # "assisted 60 percent (33) of them": the count takes the share's verb
        verb_before, verb_is_noun, distance = _verb_before(fig.before[: share.start()], verbs)
    return HeadVerb(
        head,
        head_class,
        head_end,
        article,
        _verb_after(fig.after),
        verb_before,
        verb_is_noun,
        distance,
        share,
        verbs,
    )


def _bare_and_alone(fig: Figure, hv: HeadVerb, local_anchor: str | None) -> bool:
    """A bare figure with no verb beside it and nothing to carry: no rule reads it."""
    return (
        hv.head_class is None
        and not hv.article
        and local_anchor is None
        and hv.verb_after is None
        and (hv.verb_before is None or hv.verb_is_noun or hv.distance > 2)
        and not (fig.may_compare and CHANGE_BEFORE.search(fig.before))
    )


def _not_new(fig: Figure) -> bool:
    """A figure that is not a new count of the period ("remained pending", "continued")."""
    text, number, clause = fig.text, fig.number, fig.clause
    own_phrase = PHRASE_END.split(text[number.end : min(clause[1], fig.next_start)], maxsplit=1)[0]
    return bool(
        NOT_NEW.search(own_phrase) or NOT_NEW.search(text[max(clause[0], number.start - 30) : number.start])
    )


def _complicit(fig: Figure, hv: HeadVerb) -> bool:
    # the phrase a figure counts runs to the next counted figure ("an investigation against a
    # soldier": the article "a" counts nothing here)
    numbers, text = fig.numbers, fig.text
    next_count = next((n.start for n in numbers[fig.index + 1 :] if n.kind != "article"), len(text))
    phrase_end = min(fig.clause[1], next_count)
    counted_phrase = PHRASE_END.split(text[fig.number.start : phrase_end], maxsplit=1)[0]
    return _complicity(fig.clause_text, counted_phrase, hv.head_class)


def _indicator(
    fig: Figure, hv: HeadVerb, state: SentenceState, compared: bool, change_from: bool
) -> tuple[str, str] | None:
    """Stage 3: the indicator and rule id of a figure, by its noun, by its noun class and verb
    family, or (a figure with no noun) by its verb, a participle after it or the anchor."""
    if hv.head_class in NOUN_INDICATOR:
        found = _by_noun(fig, hv)
    elif hv.head_class in INDICATOR_BY_VERB:
        found = _by_class(fig, hv, state)
    elif hv.head_class is None and not hv.article:
        found = _of_bare_figure(fig, hv, state.local_anchor, compared, change_from)
    else:
        found = None
    return found if found and found[0] is not None else None


def _by_noun(fig: Figure, hv: HeadVerb) -> tuple[str, str] | None:
    """ "12 prosecutions", "opened two shelters": the noun is the indicator."""
    indicator, rule = NOUN_INDICATOR[hv.head_class]
    if hv.head_class == "shelter" and hv.verb_before not in (None, "operate"):
        return None
    if hv.article and hv.verb_before is None and not ARTICLE_VERB_BEFORE.search(fig.before, fig.tail):
        return None  # "stay in a shelter", "participate in an investigation": no count of one
    if hv.article and hv.head and hv.head.lower().endswith("s"):
        return None  # "a trafficking investigations database": the noun names something else
    return indicator, rule


#: the rule id of a count of suspects or cases continuing the anchor's count
ANCHOR_RULE = {"suspect": "suspect.anchor", "case": "case.anchor"}
#: a verb this close before a figure governs it over a participle after its noun (characters)
VERB_CLOSE = 12
ANCHORS_OF_SUSPECTS = SUSPECT_INDICATORS | {f"complicity_{i}" for i in ENFORCEMENT}


def _by_class(fig: Figure, hv: HeadVerb, state: SentenceState) -> tuple[str, str] | None:
    """Victims, suspects, cases, officials: the class × family rule, or the forms that need more
    than the verb ("of the 15 suspects it arrested", "provided 40 victims with shelter", a group
    after a count of suspects, a figure continuing the anchor's count)."""
    before, tail, after, local_anchor = fig.before, fig.tail, fig.after, state.local_anchor
    family = hv.verb_after or hv.verb_before
    if (
        hv.verb_after
        and hv.verb_before
        and not hv.verb_is_noun
        and hv.distance <= VERB_CLOSE
        and not re.search(r"\d|,|\band\b", before[len(before) - hv.distance :])
    ):
        family = hv.verb_before  # "referred the other 42 victims identified in May": the verb governs
    cls = hv.head_class
    persons = ("individuals", "persons", "people", "individual", "person")
    if cls == "victim" and hv.head in persons and family in ("investigate", "prosecute", "convict", "arrest"):
        cls = "suspect"
    if hv.article and cls == "official" and (hv.verb_is_noun or hv.verb_before is None):
        family = None
    indicator, rule = INDICATOR_BY_VERB[cls].get(family, (None, None)) if family else (None, None)
    if BASE_OF_BEFORE.search(before, tail) and hv.verb_after is None:
        own_verb = _relative_verb(after[hv.head_end :])  # "of the 15 suspects it arrested"
        if own_verb and INDICATOR_BY_VERB[cls].get(own_verb):
            return INDICATOR_BY_VERB[cls][own_verb][0], "base.relative_verb"
        if cls != "victim" or family not in ("refer", "assist"):
            return None  # "convicted 5 of the 12 defendants": what the 12 count is not said
        return "victims_identified", "victim.base"  # "referred 45 of the 120 victims"
    if (
        indicator is None
        and cls == "victim"
        and PROVIDED_BEFORE.search(before, tail)
        and WITH_AID_AFTER.match(after[hv.head_end :])
    ):
        return "victims_assisted", "victim.provided_with"  # "gave 40 victims shelter"
    if (
        indicator is None
        and cls == "victim"
        and hv.head in GROUP_NOUNS
        and anchor_fits(local_anchor, ANCHORS_OF_SUSPECTS)
        and (re.search(r"\(\s*$|\b(?:including|of whom|and)\s+$|,\s*$", before))
    ):
        return local_anchor, "group.anchor"  # "40 suspects (25 men and 15 women)"
    if indicator is None and family is None:
        if cls == "victim":
            if anchor_fits(local_anchor, VICTIM_INDICATORS):
                return local_anchor, "victim.anchor"
            if (
                state.section == "protection"
                and REPORTED_BEFORE.search(before, tail)
                and not PREVALENCE.search(fig.clause_text)
            ):
                return "victims_identified", "victim.reported"  # "the ministry reported 882 victims"
        elif cls in ("suspect", "case") and anchor_fits(local_anchor, ANCHORS_OF_SUSPECTS):
            return local_anchor, ANCHOR_RULE[cls]
    return (indicator, rule) if indicator else None


#: a participle after a bare figure continues an anchor of these indicators
PARTICIPLE_FITS = {
    "identify": VICTIM_INDICATORS | {"suspects_identified"},
    "assist": {"victims_assisted"},
    "refer": {"victims_referred"},
    "convict": {"convictions", "complicity_convictions"},
    "prosecute": {"prosecutions", "complicity_prosecutions"},
    "investigate": {"investigations", "complicity_investigations"},
}


def _of_bare_figure(
    fig: Figure, hv: HeadVerb, local_anchor: str | None, compared: bool, change_from: bool
) -> tuple[str, str] | None:
    """A figure with no noun: a verb right before it ("convicted 79"), a participle after it
    ("94 were convicted"), the subject of a change ("increased from 39 to 96"), or a part or
    comparison of the anchor's count ("763 were women", "(36 in 2019)")."""
    before, after = fig.before, fig.after
    subset = (
        GROUP_WORDS.match(after)
        or re.search(r"\(\s*$", before)
        or re.match(
            r"^\s*(?:\)|,|;|\.|and\b|$|in (?:19|20)\d{2}|(?:during|in) the (?:previous|prior) )", after
        )
    )
    participle = hv.verb_after
    bare = BARE_VERB.get(hv.verb_before) if hv.distance <= 2 and not hv.verb_is_noun else None
    found = None
    if bare and bare[0] not in VICTIM_INDICATORS:
        found = bare  # "compared with prosecuting 36"
    elif bare and (
        re.match(r"^\s*(?:to|for|of|in|,|;|\.|and)\b|^\s*[,;.]", after)
        or (hv.share and after.lstrip()[:1] == ")")
    ):
        found = bare  # "referred 650 to NGO shelters": victims need a stop after them
    elif participle and local_anchor and local_anchor in PARTICIPLE_FITS.get(participle, set()):
        found = local_anchor, "subset.participle"
    elif participle in INDICATOR_BY_VERB["victim"] and anchor_fits(local_anchor, VICTIM_INDICATORS):
        # "21 victims identified and five referred": the group is the anchor's, the verb its own
        found = INDICATOR_BY_VERB["victim"][participle][0], "victim.participle"
    elif participle == "convict":
        found = "convictions", "subset.participle"
    if found is None and fig.may_compare and CHANGE_BEFORE.search(before):
        found = _change_subject(before), "change"
    if (found is None or found[0] is None) and (subset or compared or change_from) and local_anchor:
        found = local_anchor, "subset.anchor"
    return found


#: how far before a figure the party that counted it may be named (characters)
SUBJECT_REACH = 60


def _whole_before_parenthesis(fig: Figure, read: list[Candidate]) -> Candidate | None:
    """The count a figure is a part of when it stands in a parenthesis that opens right after
    that count's noun phrase and is no larger: "identified 200 victims (193 victims of forced
    labor, …)"; None otherwise."""
    if not _inside_parenthesis(fig.text, fig.number.start):
        return None
    opened = fig.text.rfind("(", 0, fig.number.start)
    whole = next((c for c in reversed(read) if c.end <= opened), None)
    if (
        whole is None
        or fig.number.value > whole.value
        or not re.fullmatch(r"[^\d()]{0,40}", fig.text[whole.end : opened])
    ):
        return None
    return whole


def _inherit_counter(
    breakdown: str, rule: str, indicator: str, read: list[Candidate], whole: Candidate | None = None
) -> str:
    """A part of a count keeps who counted it: "NGOs reported assisting 76 victims …; among these,
    21 were nationals" — the 21 are the NGOs' too (``assisted_by=ngo``); so do the parts of a
    count in a parenthesis after it (``whole``, that count)."""
    if whole is not None and whole.indicator != indicator:
        whole = None
    if whole is None and not (rule.endswith(".anchor") or rule == "subset.participle"):
        return breakdown
    whole = whole or next((c for c in reversed(read) if c.indicator == indicator), None)
    if whole is None:
        return breakdown
    counters = [part for part in whole.breakdown.split(";") if "_by=" in part and part not in breakdown]
    if not counters:
        return breakdown
    return ";".join([*([] if breakdown == "total" else [breakdown]), *counters])


def _breakdown(fig: Figure, rule: str) -> tuple[str, str]:
    """Stage 6: the form (scope) and the group (breakdown) a figure's own phrase names; a part of
    the group just counted is a named part, never the total; "NGOs identified 40" is theirs."""
    scope, breakdown = _scope_and_breakdown(fig.window)
    if rule == "subset.anchor" and breakdown == "total" and scope == "all":
        breakdown = _named_part(fig.after)  # "65 of forced begging": a part, never the total
    elif rule == "victim.exploited" and breakdown == "total" and scope == "all":
        # "exploited four victims in cattle herding": a part by the exploitation it names
        named = EXPLOITED_IN.search(fig.window)
        breakdown = f"part={named.group('part').lower()}" if named else "part=unnamed"
    # "NGOs identified 40": who counted, named just before the figure (not an earlier subject of
    # the clause: "embassies referred three, NGOs referred 23")
    subject = [
        label for label in _subsets(fig.before, counted_within=SUBJECT_REACH) if label not in breakdown
    ]
    if subject:
        breakdown = ";".join(p for p in [*([] if breakdown == "total" else [breakdown]), *subject])
    return scope, breakdown


_QUALIFIED = r"(?:(?:at least|more than|about|approximately|nearly|over)\s+)?"
#: between a count of cases and the persons they involve: "14 [trafficking] cases involving [at least] 31"
CASES_THEN_PERSONS = re.compile(
    rf"\s+(?:[\w-]+\s+){{0,3}}?cases?\s+(?:{'|'.join(CASES_TO_PERSONS)})\s+{_QUALIFIED}", re.IGNORECASE
)
#: between a count of persons and the cases they were counted in: "16 [sex] traffickers in 10"
PERSONS_THEN_CASES = re.compile(
    rf"\s+(?:[\w-]+\s+){{0,3}}?(?:{'|'.join(PERSONS_TO_CASES)})\s+{_QUALIFIED}", re.IGNORECASE
)


def _joins(link: re.Pattern[str], between: str, first: Candidate, cases: bool) -> bool:
    """Whether the text between two figures joins them as one count in two units."""
    return (
        first.rule.startswith("case.") == cases
        and UNIT_CASES not in first.breakdown
        and link.fullmatch(between) is not None
    )


def _with_unit(breakdown: str) -> str:
    return UNIT_CASES if breakdown == "total" else f"{breakdown};{UNIT_CASES}"


def _in_cases(persons: Candidate, number: Number) -> Candidate:
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


def _pair_cases_with_persons(text: str, out: list[Candidate]) -> None:
    """Cases then the persons they involve: persons stay the total, the cases become ``unit=cases``.

    Mutates the sentence's candidates in place.

    "Prosecuted 14 cases involving 31 suspects" is one count of prosecutions in two units. Keeping
    both as totals would put two competing figures in one year; the persons are kept as the total
    (the unit UNODC counts in) and the cases as a breakdown labelled with their unit, so a series
    compares persons with persons. The persons figure takes the cases' indicator and year.
    """
    for cases, persons in pairwise(out):
        if (
            _joins(CASES_THEN_PERSONS, text[cases.end : persons.start], cases, cases=True)
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


def _counted_again(
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
        families.append(_family_of(whole.group("verb")))
    out = []
    for family in families:
        indicator, rule = INDICATOR_BY_VERB["victim"].get(family, (None, None))
        if indicator in VICTIM_INDICATORS and indicator != first.indicator:
            out.append(replace(first, indicator=indicator, rule=rule))
    return out


COORDINATED = re.compile(r"\s+(?:and|or)\s+", re.IGNORECASE)
WHOLE_COUNT_AGAIN = [re.compile(pattern, re.IGNORECASE) for pattern in VOCABULARY.whole_count_again]


def anchor_fits(anchor: str | None, allowed: set[str]) -> bool:
    return anchor is not None and anchor in allowed


def _change_subject(before: str) -> str | None:
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
            for _, _, fam, _ in _verbs(subject):
                family = fam
            return INDICATOR_BY_VERB[cls].get(family, (None,))[0] if family else None
    return None


def _negatives(text: str, report_year: int | None, anchor: str | None) -> list[Candidate]:
    """Explicit zeros: 'no traffickers were convicted', 'did not prosecute or convict any …'."""
    out: list[Candidate] = []
    year = report_year - 1 if report_year else None
    for match in NEGATIVE_DID_NOT.finditer(text):
        obj = match.group("object")
        head, head_end = _object_head(obj)
        if head not in ZERO_HEADS:
            continue
        # what each negated verb's zero counts: a verb family, the nouns listed after it, or none
        zeroes = [NEGATION_VERBS[v.lower()][1] for v in NEGATED_STEM.findall(match.group("verbs"))]
        complicit = head == "official" or bool(COMPLICITY.search(obj))
        # "did not convict any labor traffickers": a zero for that form only
        scope = _scope_and_breakdown(obj[:head_end])[0]
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
            indicator = _with_complicity(indicator, complicit)
            ref = year
            found = YEAR_NEAR.search(obj)
            if found:
                ref = _year_of(found)
            out.append(
                Candidate(
                    indicator,
                    0.0,
                    None,
                    None,
                    ref,
                    scope,
                    ";".join(_subsets(obj)) or "total",
                    "negative.did_not",
                    match.start(),
                    match.end(),
                )
            )
    for match in NEGATIVE_NO.finditer(text):
        noun = match.group("noun").lower()
        rest = match.group("rest")
        cls = HEAD_NOUNS.get(noun)
        mods = match.group("mods").split()
        if any(word.lower() not in MODIFIERS for word in mods):
            continue  # "no evidence that prosecutions …" is not a zero
        scope = _scope_and_breakdown(match.group("mods"))[0]  # "no labor trafficking prosecutions"
        indicators = []
        if cls in NOUN_INDICATOR:
            indicators.append(NOUN_INDICATOR[cls][0])
            for extra in re.findall(
                r"\bor (investigations|prosecutions|convictions)\b", rest[:40], re.IGNORECASE
            ):
                indicators.append(NOUN_INDICATOR[HEAD_NOUNS[extra.lower()]][0])
        else:
            verb = _verb_after(rest)
            if verb in ("investigate", "prosecute", "convict", "arrest"):
                indicators.append(NEGATIVE_VERB[verb])
        complicit = cls == "official" or bool(COMPLICITY.search(rest[:80]))
        # "no shelters for male victims": a zero for that group only
        breakdown = _scope_and_breakdown(rest[:60])[1] if cls == "shelter" else "total"
        for indicator in dict.fromkeys(indicators):
            out.append(
                Candidate(
                    _with_complicity(indicator, complicit),
                    0.0,
                    None,
                    None,
                    _zero_year(rest, report_year),
                    scope,
                    breakdown,
                    "negative.no",
                    match.start(),
                    match.end("rest"),  # the evidence runs to the clause end
                )
            )
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
            Candidate(
                _with_complicity(indicator, complicit),
                0.0,
                None,
                None,
                _zero_year(rest, report_year),
                "all",
                "total",
                "negative.not_achieved",
                match.start(),
                match.end(),
            )
        )
    # "122 girls, 17 boys, 38 women, and no men": a zero member of a list of victims
    for match in re.finditer(r"\b(?:and|,)\s+no\s+(?P<group>men|women|boys|girls|children|adults)\b", text):
        if anchor in VICTIM_INDICATORS:
            out.append(
                Candidate(
                    anchor,
                    0.0,
                    None,
                    None,
                    year,
                    "all",
                    _scope_and_breakdown(match.group())[1],
                    "negative.list",
                    match.start("group") - 3,
                    match.end(),
                )
            )
    return out


#: the classes of what a "did not … any" zero can count
ZERO_HEADS = frozenset(cls for cls in HEAD_NOUNS.values() if cls != "other")
NEGATIVE_ACHIEVED = Prefiltered(
    rf"\b(?:{_LEADS})\s+(?:report\s+)?(?:secur\w*|obtain\w*|achiev\w*|record\w*)\s+(?:any\s+)?(?:new\s+)?"
    r"(?P<noun>investigations?|prosecutions?|convictions?)\b",
    re.IGNORECASE,
)
NONE_IN_YEAR = Prefiltered(r"\(\s*(?P<none>none|zero)\s+in\s+(?P<y>(?:19|20)\d{2})\b", re.IGNORECASE)


BOTH_YEARS = Prefiltered(r"\bin both (?P<a>(?:19|20)\d{2}) and (?P<b>(?:19|20)\d{2})\b", re.IGNORECASE)


def _both_years(text: str, read: list[Candidate], numbers: list[Number]) -> list[Candidate]:
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
            and not _inside_parenthesis(text[: both.start()], n.start)
        ]
        if between:
            continue
        candidate.reference_year = int(both.group("a"))
        out.append(replace(candidate, reference_year=int(both.group("b"))))
    return out


def _none_in_year(text: str, read: list[Candidate]) -> list[Candidate]:
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
        return _year_of(named)
    return report_year - 2 if PREVIOUS_PERIOD.search(clause) else report_year - 1


def _object_head(phrase: str) -> tuple[str | None, int]:
    """The class of the first counted noun among the first six words of ``phrase``, and the
    offset just after it ("any forced labor traffickers" → suspect, end of "traffickers")."""
    for word in list(re.finditer(r"[A-Za-z]+", phrase))[:6]:
        if word.group().lower() in HEAD_NOUNS:
            return HEAD_NOUNS[word.group().lower()], word.end()
    return None, len(phrase)


def tier_from_heading(tier: str) -> float | None:
    return {"1": 1.0, "2": 2.0, "2.5": 2.5, "3": 3.0}.get(tier)


def tier_from_sentence(text: str) -> tuple[float, int, int] | None:
    """'Nigeria was upgraded to Tier 2' → (2.0, start, end)."""
    match = TIER_PHRASE.search(text)
    if not match:
        return None
    value = 2.5 if match.group("tier") == "2" and match.group("wl") else float(match.group("tier"))
    return value, match.start(), match.end()

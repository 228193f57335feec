"""Reading a figure's clause: the noun it counts, the verbs around it, its scope, breakdown and parts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.extract.figures.numbers import NUMBER_WORDS, find_numbers
from analysis.extract.figures.patterns import CLAUSE_BREAK, NATIONALS, NEW_VERB_CLAUSE, SIZE_AFTER
from analysis.extract.figures.prefilter import Prefiltered
from analysis.extract.figures.vocabulary import (
    AID_NOUNS,
    ANY_VERB_RE,
    COMPLICITY,
    COMPLICITY_CLAUSE,
    ENFORCEMENT,
    FORMS,
    GROUP_PATTERNS,
    GROUP_WORDS,
    HEAD_NOUNS,
    ING_CONTINUES,
    MODIFIERS,
    PARTICIPLES,
    PROVISION_VERBS,
    RULE_IDS,
    SUBSET_CUES,
    VERB_RE,
    VOCABULARY,
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


def clause_bounds(text: str, position: int) -> tuple[int, int]:
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


def head_noun_after(after: str, article: bool) -> tuple[str | None, str | None, int]:
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


def verbs_in(text: str) -> list[tuple[int, int, str, bool]]:
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


def verb_right_before(
    before: str, clause_verbs: list[tuple[int, int, str, bool]]
) -> tuple[str | None, bool, int]:
    """The governing verb family before a figure: (family, is_noun_form, distance in chars).

    ``clause_verbs`` are ``verbs_in`` of the whole clause that ``before`` begins (computed once
    per clause, offsets from the clause start); only those ending inside ``before`` count.
    """
    verbs = [v for v in clause_verbs if v[1] <= len(before)]
    for _start, end, family, noun in reversed(verbs):  # the nearest qualifying verb governs
        gap = before[end:]
        if noun and not NOUN_GAP.fullmatch(gap):
            continue
        if family == "operate" and not OPERATE_GAP.fullmatch(gap):
            continue
        if new_verb_clause(gap) or _ing_clause(gap):
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


def verb_right_after(after: str) -> str | None:
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
    return family_of(match.group("verb")) if match else None


RELATIVE_VERB = re.compile(
    r"^\s*(?:(?:that|whom|which)\s+)?(?:it|they|police|authorities|officials|officers|the government)\s+"
    r"(?:had\s+)?(?:also\s+)?(?P<verb>[a-z]+)\b"
)


def relative_verb(after_noun: str) -> str | None:
    """The verb family of a relative clause right after the counted noun ("… suspects it arrested")."""
    match = RELATIVE_VERB.match(after_noun)
    return family_of(match.group("verb")) if match else None


def family_of(verb: str) -> str | None:
    """The verb family a whole phrase belongs to ("convicted" → convict), or None."""
    return next((family for pattern, family in VERB_RE if pattern.fullmatch(verb)), None)


#: "from Venezuela", "Venezuelan": a nationality in a figure's phrase
NATIONALITY_IN_WINDOW = re.compile(
    r"\bfrom (?P<c>[A-Z][a-z]+(?: [A-Z][a-z]+)?)|\b(?P<adj>[A-Z][a-z]+(?:an|ian|ese|ean))\b"
)


def scope_and_breakdown(window: str) -> tuple[str, str]:
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
    parts.extend(subsets_in(window, after_figure=True))
    return scope, ";".join(parts) or "total"


#: each cue tried only on text holding a word it needs ("operation", "hotline", "referred", …)
_SUBSET_PATTERNS = [(label, Prefiltered(pattern, re.IGNORECASE)) for label, pattern in SUBSET_CUES.items()]


def _counts_in(text: str) -> bool:
    """Whether a stretch of text holds a figure (a count or money; "an additional" holds none)."""
    return any(n.kind in ("count", "money") for n in find_numbers(text))


def subsets_in(window: str, counted_within: int | None = None, after_figure: bool = False) -> list[str]:
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


def new_verb_clause(text: str) -> bool:
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


def named_part(after: str) -> str:
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


def counts_complicit_officials(clause_text: str, own_phrase: str, head_class: str | None) -> bool:
    """Whether a figure counts complicit officials: it counts officials, its clause speaks of
    complicity, or its own phrase names a group of officials ("cases against police officers")."""
    if head_class == "official":
        return True
    return bool(COMPLICITY_CLAUSE.search(clause_text)) or bool(COMPLICITY.search(own_phrase))


def with_complicity(indicator: str, complicit: bool) -> str:
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


def may_count(text: str) -> bool:
    """Whether a sentence names a counted noun or a verb of any family (a cheap test that lets a
    sentence of neither skip the per-figure rules, which all need one of them or an anchor)."""
    lowered = text.lower()
    if any(pattern.search(text, lowered=lowered) for pattern, _family in VERB_RE):
        return True  # each family's pattern runs only on text holding one of its words
    return not COUNTED_NOUNS.isdisjoint(w.lower() for w in WORDS.findall(text))


#: ", foreign embassies referred …": a new subject and its verb after a figure's phrase
NEW_SUBJECT = re.compile(r",\s+(?:and\s+)?(?:[A-Za-z-]+\s+){1,3}?(?:[a-z]+ed|reported|were|was)\b")

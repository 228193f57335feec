"""The patterns the rules share: clause breaks, references, subsets, negations and tier phrases,
compiled once."""

from __future__ import annotations

import re

from analysis.extract.figures.prefilter import Prefiltered
from analysis.extract.figures.vocabulary import (
    ARTICLE_CLASSES,
    HEAD_NOUNS,
    MONTHS,
    NEGATED_NOUNS,
    NEGATION_LEADS,
    NEGATION_VERBS,
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


LEADS = "|".join(NEGATION_LEADS)


_NEGATED_VERBS = "|".join(pattern for pattern, _ in NEGATION_VERBS.values())


NEGATIVE_DID_NOT = Prefiltered(
    rf"\b(?:{LEADS})\s+(?P<verbs>(?:(?:{_NEGATED_VERBS})(?:\s+any)?[\s,]*(?:or|and|nor)?\s*){{1,4}})"
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
    rf"\b(?:{LEADS})\b[^.;]{{0,60}}\bany\b|{_NO.replace('?P<mods>', '?:')}(?:{_NEGATED})\b|"
    rf"\ban?\s+(?:[\w\-]+\s+){{0,4}}?(?:{_ARTICLE_NOUNS})|\bTier\b",
    re.IGNORECASE,
)

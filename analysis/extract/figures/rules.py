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

from analysis.extract.figures.budget import budget_candidate
from analysis.extract.figures.cases import (
    PERSONS_THEN_CASES,
    counted_again,
    in_cases,
    joins_as_one,
    pair_cases_with_persons,
)
from analysis.extract.figures.clauses import (
    BASE_OF_BEFORE,
    BUDGET_CONTEXT,
    EXPLOITED_IN,
    FROM_BEFORE,
    PERCENT_PAREN_BEFORE,
    PHRASE_END,
    PROVIDED_BEFORE,
    TAIL,
    WITH_AID_AFTER,
    Candidate,
    clause_bounds,
    counts_complicit_officials,
    head_noun_after,
    may_count,
    named_part,
    new_verb_clause,
    relative_verb,
    scope_and_breakdown,
    subsets_in,
    verb_right_after,
    verb_right_before,
    verbs_in,
    with_complicity,
)
from analysis.extract.figures.negatives import both_years, change_subject, negatives, none_in_year
from analysis.extract.figures.numbers import Number, find_numbers
from analysis.extract.figures.patterns import (
    AGE_AFTER,
    AGE_BEFORE,
    CHANGE_BEFORE,
    COMPARED_BEFORE,
    OF_THE_RE,
    PREVALENCE,
    REFERENCE_NOUN_BEFORE,
    REFERENCE_NOUN_REACH,
    REPORTED_BEFORE,
    SIZE_AFTER,
    SUBSET_OPENERS,
    TIER_PHRASE,
)
from analysis.extract.figures.prefilter import Prefiltered
from analysis.extract.figures.state import Anchor, Figure, HeadVerb, SentenceState
from analysis.extract.figures.vocabulary import (
    ARTICLE_CLASSES,
    ARTICLE_VERB_BEFORE,
    BARE_VERB,
    CUMULATIVE,
    ENFORCEMENT,
    GROUP_NOUNS,
    GROUP_WORDS,
    HEAD_NOUNS,
    INDICATOR_BY_VERB,
    NOT_NEW,
    NOUN_INDICATOR,
    PART_OF_COUNTED,
    PART_OPENERS,
    SUSPECT_INDICATORS,
    VICTIM_INDICATORS,
    VOCABULARY,
)
from analysis.extract.figures.years import inside_parenthesis, year_counted


def sentence_candidates(
    text: str,
    report_year: int | None,
    section: str,
    anchor: Anchor | None,
    seen_values: set[tuple[str, float]],
) -> tuple[list[Candidate], Anchor | None]:
    """Candidates for one sentence, and the anchor it leaves for the next one.

    Each figure goes through named stages: filter (:func:`_ruled_out`) → money
    (:func:`budget_candidate`) → head and verb (:func:`_head_and_verb`) → indicator
    (:func:`_indicator`: by noun, by noun class × verb family, or for a bare figure by its verb,
    participle or anchor) → year (:func:`year_counted`) → breakdown (:func:`_breakdown`). Then
    the sentence-level passes: cases paired with persons, one figure for two years, zeros.
    """
    opening = _opens_with_parts(text)
    carried = _carried_anchor(text, anchor.indicator if anchor else None, opening)
    budget_context = BUDGET_CONTEXT.search(text)
    if carried is None and budget_context is None and not may_count(text):
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
    pair_cases_with_persons(text, out)
    out.extend(both_years(text, out, numbers))
    out.extend(none_in_year(text, out))
    out.extend(negatives(text, report_year, state.local_anchor or carried))
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
    clause = clause_bounds(text, number.start)
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
        budget = budget_candidate(fig, state)
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
        and not new_verb_clause(fig.before[comparison.start() :])
    )
    change_from = bool(FROM_BEFORE.search(fig.before, fig.tail)) and bool(CHANGE_BEFORE.search(fig.before))
    if hv.head_class == "case" and re.search(r"\d[^;]*\b(?:in|involving|across)\s+$", fig.before):
        persons = state.out[-1] if state.out else None  # "convicted 16 traffickers in 10 cases"
        if persons and joins_as_one(
            PERSONS_THEN_CASES, fig.text[persons.end : fig.number.start], persons, cases=False
        ):
            state.out.append(in_cases(persons, fig.number))
        return
    found = _indicator(fig, hv, state, compared, change_from)
    if found is None:
        return
    indicator, rule = found
    indicator = with_complicity(indicator, _complicit(fig, hv) and indicator in ENFORCEMENT)
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
    year = year_counted(
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
        state.out.extend(counted_again(candidate, fig.before, rest, hv.verbs))


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
    head, head_class, head_end = head_noun_after(fig.after, article)
    if head_class == "other" or (article and head_class not in ARTICLE_CLASSES):
        return None
    if article and EACH_BEFORE.search(fig.before):
        return None  # "each operated a victim shelter" is not a count of one
    planned = INFINITIVE_BEFORE.search(fig.before, fig.tail) if article else None
    if planned and not INFINITIVE_DONE.search(fig.before, 0, planned.start()):
        return None  # "worked with an NGO to open a shelter": a purpose, not a count of one
    if fig.clause not in clause_verbs:
        clause_verbs[fig.clause] = verbs_in(fig.clause_text)
    verbs = clause_verbs[fig.clause]
    verb_before, verb_is_noun, distance = verb_right_before(fig.before, verbs)
    share = (
        PERCENT_PAREN_BEFORE.search(fig.before, fig.tail)
        if head_class is None and fig.before.rstrip().endswith("(")
        else None
    )
    if share:  # "assisted 60 percent (33) of them": the count takes the share's verb
        verb_before, verb_is_noun, distance = verb_right_before(fig.before[: share.start()], verbs)
    return HeadVerb(
        head,
        head_class,
        head_end,
        article,
        verb_right_after(fig.after),
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
    return counts_complicit_officials(fig.clause_text, counted_phrase, hv.head_class)


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
        own_verb = relative_verb(after[hv.head_end :])  # "of the 15 suspects it arrested"
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
        found = change_subject(before), "change"
    if (found is None or found[0] is None) and (subset or compared or change_from) and local_anchor:
        found = local_anchor, "subset.anchor"
    return found


#: how far before a figure the party that counted it may be named (characters)
SUBJECT_REACH = 60


def _whole_before_parenthesis(fig: Figure, read: list[Candidate]) -> Candidate | None:
    """The count a figure is a part of when it stands in a parenthesis that opens right after
    that count's noun phrase and is no larger: "identified 200 victims (193 victims of forced
    labor, …)"; None otherwise."""
    if not inside_parenthesis(fig.text, fig.number.start):
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
    scope, breakdown = scope_and_breakdown(fig.window)
    if rule == "subset.anchor" and breakdown == "total" and scope == "all":
        breakdown = named_part(fig.after)  # "65 of forced begging": a part, never the total
    elif rule == "victim.exploited" and breakdown == "total" and scope == "all":
        # "exploited four victims in cattle herding": a part by the exploitation it names
        named = EXPLOITED_IN.search(fig.window)
        breakdown = f"part={named.group('part').lower()}" if named else "part=unnamed"
    # "NGOs identified 40": who counted, named just before the figure (not an earlier subject of
    # the clause: "embassies referred three, NGOs referred 23")
    subject = [
        label for label in subsets_in(fig.before, counted_within=SUBJECT_REACH) if label not in breakdown
    ]
    if subject:
        breakdown = ";".join(p for p in [*([] if breakdown == "total" else [breakdown]), *subject])
    return scope, breakdown


def anchor_fits(anchor: str | None, allowed: set[str]) -> bool:
    return anchor is not None and anchor in allowed


def tier_from_heading(tier: str) -> float | None:
    return {"1": 1.0, "2": 2.0, "2.5": 2.5, "3": 3.0}.get(tier)


def tier_from_sentence(text: str) -> tuple[float, int, int] | None:
    """'Nigeria was upgraded to Tier 2' → (2.0, start, end)."""
    match = TIER_PHRASE.search(text)
    if not match:
        return None
    value = 2.5 if match.group("tier") == "2" and match.group("wl") else float(match.group("tier"))
    return value, match.start(), match.end()

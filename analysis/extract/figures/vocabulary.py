"""Word lists of the narrative extractor, read from ``analysis/data/extractor_rules.yml``.

Families of phrasing, not sentences: a figure is classified by the noun it counts
(victims, suspects, cases, investigations, shelters, officials, …) and the verb that governs
it (identified, assisted, referred, investigated, prosecuted, convicted, …). Every cue word and
every class × family → indicator rule lives in the rules file; this module reads it once,
checks it (unknown keys, classes, families or indicators are refused with file and line) and
compiles it into the names :mod:`analysis.extract.figures.rules` uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from analysis.extract.figures.prefilter import Prefiltered
from analysis.extract.rulefile import RuleDoc, alternatives, compile_pattern, read_rules
from analysis.paths import PACKAGE_DATA_DIR
from analysis.schema import indicators, indicators_counting

RULES_FILE = PACKAGE_DATA_DIR / "extractor_rules.yml"

#: the top-level keys of the rules file, and what each holds
KEYS = {
    "nouns": "noun class → the words of that class",
    "group_nouns": "victim-class nouns that name a group (men, girls, …)",
    "modifiers": "words allowed between a figure and its noun",
    "article_classes": "noun classes that 'a'/'an' counts as one",
    "article_verbs": "verbs right before 'a'/'an' that make it a count of one",
    "article_infinitive_done": "words before 'to <verb> a' that make it a count, not a plan",
    "received_aid": "pattern of 'received assistance/care/…'",
    "verbs": "verb family → patterns",
    "participles": "participles read right after a figure",
    "ing_continues": "-ing words after a comma that go on with the verb before it",
    "provision_verbs": "verbs that give ('provided 40 victims with care')",
    "aid_nouns": "what they give",
    "counted": "rules: noun class × verb family → indicator",
    "noun_indicators": "rules: a noun that is itself an indicator",
    "bare": "rules: a figure right after a verb, with no noun",
    "negation": "explicit zeros: leads, nouns, verbs, zero_of",
    "not_new": "phrases that say a figure is not a new count",
    "cumulative": "phrases of figures over several years",
    "complicity": "words of complicity, anywhere in a figure's clause",
    "complicit_groups": "groups of officials, complicit when a figure counts them",
    "forms": "form of trafficking → patterns",
    "groups": "group patterns → breakdown",
    "subsets": "breakdown label → patterns of a part of the cases",
    "links": "words joining a count of cases and of persons",
    "part_words": "what a figure naming only a part of a group says after it",
    "part_openers": "sentence openers that go on counting parts of the group before",
    "part_of_counted": "what follows a figure that counts part of a group already counted",
    "budget_words": "words that make money in a sentence a budget",
    "whole_count_again": "a second verb whose object is the whole count just read",
    "budget_parts": "breakdown label → words in a budget's clause that make it a part, not the whole",
    "not_budget_words": "words around money that make it a fine, an award or bail",
    "code_rules": "rule id → what it reads, for the ids the code writes itself",
}
#: verb families and noun classes the rules code names: the file must declare them (it may declare
#: more: a new family or class is a new key there, used by rows of `counted`)
CODE_FAMILIES = ("identify", "assist", "refer", "investigate", "prosecute", "convict", "arrest", "operate")
CODE_CLASSES = ("victim", "suspect", "case", "official", "shelter", "other")
REF = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class CountRule:
    """One class × family (or noun) → indicator rule of the rules file."""

    id: str
    noun: str | None
    verb: str | None
    indicator: str


def _words(doc: RuleDoc, mapping, key) -> list[str]:
    """A list of strings under ``key`` (refused with its line when it is anything else)."""
    value = mapping.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise doc.error(mapping, key, f"{key!r} must be a list of words or patterns (strings)")
    return value


def _rows(doc: RuleDoc, key: str, fields: tuple[str, ...], classes, families) -> list[CountRule]:
    known = set(indicators()["name"])
    seen: set[str] = set()
    out = []
    for entry in doc[key]:
        doc.check_keys(entry, fields, f"field of a {key} rule")
        for field in fields:
            if field not in entry:
                raise doc.error(entry, None, f"a {key} rule needs {', '.join(fields)}; {field!r} is missing")
        if entry["id"] in seen:
            raise doc.error(entry, "id", f"rule id {entry['id']!r} appears twice")
        seen.add(entry["id"])
        if "noun" in entry:
            doc.check_values(entry, "noun", entry["noun"], classes, "noun class (a key of nouns)")
        if "verb" in entry:
            doc.check_values(entry, "verb", entry["verb"], families, "verb family (a key of verbs)")
        doc.check_values(entry, "indicator", entry["indicator"], known, "indicator (indicators.csv)")
        out.append(CountRule(entry["id"], entry.get("noun"), entry.get("verb"), entry["indicator"]))
    return out


def _declares(doc: RuleDoc, mapping, names, what: str) -> None:
    missing = [name for name in names if name not in mapping]
    if missing:
        raise doc.error(doc, None, f"the rules code needs the {what} {', '.join(missing)}; declare it")


def _expand(doc: RuleDoc, mapping, key, pattern: str, refs: dict[str, str]) -> str:
    def ref(match: re.Match[str]) -> str:
        if match.group(1) not in refs:
            raise doc.error(mapping, key, f"{{{match.group(1)}}} is not defined; known: {', '.join(refs)}")
        return refs[match.group(1)]

    return REF.sub(ref, pattern)


@dataclass(frozen=True)
class Vocabulary:
    """The compiled rules file."""

    head_nouns: dict[str, str]
    group_nouns: frozenset[str]
    modifiers: frozenset[str]
    article_classes: tuple[str, ...]
    article_verbs: str
    article_infinitive_done: str
    received_aid: str
    verbs: list[tuple[str, str]]
    participles: str
    ing_continues: frozenset[str]
    provision_verbs: tuple[str, ...]
    aid_nouns: tuple[str, ...]
    counted: list[CountRule]
    noun_indicators: list[CountRule]
    bare: list[CountRule]
    negation_leads: tuple[str, ...]
    negated_nouns: tuple[str, ...]
    negation_verbs: dict[str, tuple[str, str]]  # stem → (pattern, what its zero counts)
    zero_of: dict[str, str]
    not_new: str
    cumulative: str
    complicity: str
    complicit_groups: str
    forms: list[tuple[str, str]]
    groups: list[tuple[str, str]]
    subsets: dict[str, str]
    links: dict[str, list[str] | str]
    part_words: str
    part_openers: str
    part_of_counted: str
    budget_words: str
    whole_count_again: tuple[str, ...]  # each with a group "verb": matched one by one
    budget_parts: dict[str, str]
    code_rules: dict[str, str]
    not_budget_words: str


BREAKDOWN_LABEL = re.compile(r"\w+=\w+")


RULE_ID = re.compile(r"[a-z]+(?:[._][a-z]+)*")


def _code_rules(doc: RuleDoc) -> dict[str, str]:
    """The rule ids the code writes, each with what it reads; none may repeat a row's id."""
    spec = doc["code_rules"]
    row_ids = {entry["id"] for key in ("counted", "noun_indicators", "bare") for entry in doc[key]}
    out = {}
    for rule_id in spec:
        if not RULE_ID.fullmatch(str(rule_id)) or not isinstance(spec[rule_id], str):
            raise doc.error(
                spec, rule_id, f"code rule {rule_id!r} needs an id of words and dots and a description"
            )
        if rule_id in row_ids:
            raise doc.error(spec, rule_id, f"rule id {rule_id!r} is also a row's id")
        out[str(rule_id)] = spec[rule_id]
    return out


def _verb_patterns(doc: RuleDoc, key: str) -> tuple[str, ...]:
    """Patterns that each name a verb (group ``verb``): kept apart, as two may not share a group."""
    patterns = _words(doc, doc, key)
    for pattern in patterns:
        compile_pattern(doc, doc, key, pattern)
        if "(?P<verb>" not in pattern:
            raise doc.error(doc, key, f"each pattern of {key!r} needs a group (?P<verb>…)")
    return tuple(patterns)


def _labelled_patterns(doc: RuleDoc, key: str) -> dict[str, str]:
    """A mapping of breakdown label → cue patterns, each label's cues joined and compiled."""
    spec = doc[key]
    out = {}
    for label in spec:
        if not BREAKDOWN_LABEL.fullmatch(str(label)):
            raise doc.error(spec, label, f"breakdown label {label!r} is not of the form key=value")
        out[label] = "|".join(_words(doc, spec, label))
        compile_pattern(doc, spec, label, out[label])
    return out


#: keys whose words a Vocabulary field holds as alternatives kept whole (``(?:a)|(?:b)``), as
#: plain alternatives (``a|b``), as a frozenset and as a tuple
ALTERNATIVE_KEYS = (
    "article_verbs",
    "article_infinitive_done",
    "part_words",
    "part_openers",
    "part_of_counted",
    "budget_words",
    "not_budget_words",
)
JOINED_KEYS = ("not_new", "cumulative", "complicity", "complicit_groups")
SET_KEYS = ("group_nouns", "modifiers", "ing_continues")
TUPLE_KEYS = ("article_classes", "provision_verbs", "aid_nouns")


def load_vocabulary(path: Path = RULES_FILE) -> Vocabulary:
    """Read and check the extractor's rules file.

    Raises:
        RulesFileError: a missing or unknown key, a noun in two classes, an unknown class, verb
            family or indicator, a rule id twice, or a pattern that does not compile — each named
            with ``file:line``.
    """
    doc = read_rules(path, KEYS)
    head_nouns = _head_nouns(doc)
    verbs_spec = doc["verbs"]
    _declares(doc, verbs_spec, CODE_FAMILIES, "verb family")
    families, classes = list(verbs_spec), [c for c in doc["nouns"] if c != "other"]
    refs = {"received_aid": doc["received_aid"]}
    verbs = []
    for family in verbs_spec:
        pattern = "|".join(_expand(doc, verbs_spec, family, p, refs) for p in _words(doc, verbs_spec, family))
        compile_pattern(doc, verbs_spec, family, pattern)
        verbs.append((pattern, family))
    negation = doc["negation"]
    zero_of, negation_verbs = _negation(doc, families)
    links = doc["links"]
    doc.check_keys(links, ("cases_to_persons", "persons_to_cases", "unit_breakdown"), "link key")
    for key in (*JOINED_KEYS, *ALTERNATIVE_KEYS):
        compile_pattern(doc, doc, key, alternatives(_words(doc, doc, key)))
    return Vocabulary(
        head_nouns=head_nouns,
        received_aid=doc["received_aid"],
        verbs=verbs,
        participles="|".join(
            _expand(doc, doc, "participles", p, refs) for p in _words(doc, doc, "participles")
        ),
        counted=_rows(doc, "counted", ("id", "noun", "verb", "indicator"), classes, families),
        noun_indicators=_rows(doc, "noun_indicators", ("id", "noun", "indicator"), classes, families),
        bare=_rows(doc, "bare", ("id", "verb", "indicator"), classes, families),
        negation_leads=tuple(_words(doc, negation, "leads")),
        negated_nouns=tuple(_words(doc, negation, "nouns")),
        negation_verbs=negation_verbs,
        zero_of=zero_of,
        forms=[(alternatives(_words(doc, doc["forms"], scope)), scope) for scope in doc["forms"]],
        groups=_groups(doc),
        subsets=_labelled_patterns(doc, "subsets"),
        links={key: links[key] for key in links},
        whole_count_again=_verb_patterns(doc, "whole_count_again"),
        budget_parts=_labelled_patterns(doc, "budget_parts"),
        code_rules=_code_rules(doc),
        **{key: alternatives(_words(doc, doc, key)) for key in ALTERNATIVE_KEYS},
        **{key: "|".join(_words(doc, doc, key)) for key in JOINED_KEYS},
        **{key: frozenset(_words(doc, doc, key)) for key in SET_KEYS},
        **{key: tuple(_words(doc, doc, key)) for key in TUPLE_KEYS},
    )


def _head_nouns(doc: RuleDoc) -> dict[str, str]:
    """Noun → its class; every class the code names declared, no noun in two classes."""
    nouns = doc["nouns"]
    _declares(doc, nouns, CODE_CLASSES, "noun class")
    head_nouns: dict[str, str] = {}
    for cls in nouns:
        for word in _words(doc, nouns, cls):
            if word in head_nouns:
                raise doc.error(nouns, cls, f"noun {word!r} is in two classes ({head_nouns[word]}, {cls})")
            head_nouns[word] = cls
    return head_nouns


def _negation(doc: RuleDoc, families: list[str]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """The explicit zeros: verb family → indicator it zeroes, and negated verb → (pattern, zero kind)."""
    negation = doc["negation"]
    doc.check_keys(negation, ("leads", "nouns", "verbs", "zero_of"), "negation key")
    zero_of = dict(negation["zero_of"])
    for family, indicator in zero_of.items():
        doc.check_values(negation["zero_of"], family, family, families, "verb family (a key of verbs)")
        doc.check_values(negation["zero_of"], family, indicator, set(indicators()["name"]), "indicator")
    negation_verbs = {}
    for stem, entry in negation["verbs"].items():
        doc.check_keys(entry, ("pattern", "zeroes"), "negated verb field")
        doc.check_values(entry, "zeroes", entry["zeroes"], {*zero_of, "listed", "none"}, "zero kind")
        negation_verbs[stem] = (entry["pattern"], entry["zeroes"])
    return zero_of, negation_verbs


def _groups(doc: RuleDoc) -> list[tuple[str, str]]:
    """(group pattern, breakdown) pairs, each entry's fields checked."""
    groups = []
    for entry in doc["groups"]:
        doc.check_keys(entry, ("pattern", "breakdown"), "group field")
        groups.append((entry["pattern"], entry["breakdown"]))
    return groups


VOCABULARY = load_vocabulary()

#: noun (singular and plural forms) → class of what is counted
HEAD_NOUNS: dict[str, str] = VOCABULARY.head_nouns
#: nouns of the victim class that name a group
GROUP_NOUNS = VOCABULARY.group_nouns
#: "no prosecutions", "no sex traffickers": the nouns a "no …" negation reads as a zero of
NEGATED_NOUNS = VOCABULARY.negated_nouns
#: "did not / failed to … any": the words that open a negated verb
NEGATION_LEADS = VOCABULARY.negation_leads
#: classes of nouns that "a"/"an" counts as one ("an investigation", "a shelter")
ARTICLE_CLASSES = VOCABULARY.article_classes
ARTICLE_VERB_BEFORE = re.compile(rf"\b(?:{VOCABULARY.article_verbs})\s+$", re.IGNORECASE)
#: words allowed between a figure and the noun it counts ("1,134 suspected victims")
MODIFIERS = VOCABULARY.modifiers
#: "61 victims received assistance": receiving these is being assisted (verb before or after)
RECEIVED_AID = VOCABULARY.received_aid
#: verb families: stem regex → family
VERBS: list[tuple[str, str]] = VOCABULARY.verbs
VERB_RE = [(Prefiltered(rf"\b(?:{pattern})\b", re.IGNORECASE), family) for pattern, family in VERBS]
#: "provided 40 victims with shelter": the verbs that give, and what they give, read as assistance
#: "…, including 12 children": -ing words after a comma that go on with the verb before it
ING_CONTINUES = VOCABULARY.ing_continues
PROVISION_VERBS = VOCABULARY.provision_verbs
AID_NOUNS = VOCABULARY.aid_nouns
#: any verb of any family: one pass to rule a clause out before the per-family passes
ANY_VERB_RE = re.compile(r"\b(?:" + "|".join(pattern for pattern, _ in VERBS) + r")\b", re.IGNORECASE)
#: noun class → verb family → (indicator, rule id)
INDICATOR_BY_VERB: dict[str, dict[str, tuple[str, str]]] = {}
for _rule in VOCABULARY.counted:
    INDICATOR_BY_VERB.setdefault(_rule.noun, {})[_rule.verb] = (_rule.indicator, _rule.id)
#: a noun that is itself the indicator: noun class → (indicator, rule id)
NOUN_INDICATOR = {rule.noun: (rule.indicator, rule.id) for rule in VOCABULARY.noun_indicators}
#: a figure right after a verb, with no noun: verb family → (indicator, rule id)
BARE_VERB = {rule.verb: (rule.indicator, rule.id) for rule in VOCABULARY.bare}
#: every rule id the extractor may write into ``method`` (``rule:<id>``): rows and code rules
RULE_IDS = frozenset(
    [r.id for r in (*VOCABULARY.counted, *VOCABULARY.noun_indicators, *VOCABULARY.bare)]
    + list(VOCABULARY.code_rules)
)
#: the participles read right after a figure ("699 identified"), as one pattern
PARTICIPLES = VOCABULARY.participles
#: verb family → the indicator its explicit zero counts
NEGATIVE_VERB = VOCABULARY.zero_of
#: the verbs a negation may govern: stem → (pattern, what its zero counts)
NEGATION_VERBS = VOCABULARY.negation_verbs

#: verb families that say a figure is not a new count ("continued prosecuting", "remained pending")
NOT_NEW = Prefiltered(rf"\b(?:{VOCABULARY.not_new})\b", re.IGNORECASE)
#: cumulative figures over several years are not a reporting period's count
CUMULATIVE = Prefiltered(VOCABULARY.cumulative, re.IGNORECASE)
#: complicity turns investigations/prosecutions/convictions into complicity_*: words that mark it
#: anywhere in a figure's clause, and (with them) the groups that mark it in the figure's own phrase
COMPLICITY_CLAUSE = re.compile(VOCABULARY.complicity, re.IGNORECASE)
COMPLICITY = Prefiltered(f"{VOCABULARY.complicity}|{VOCABULARY.complicit_groups}", re.IGNORECASE)
FORMS = [(Prefiltered(pattern, re.IGNORECASE), scope) for pattern, scope in VOCABULARY.forms]
GROUP_PATTERNS = [(Prefiltered(pattern, re.IGNORECASE), label) for pattern, label in VOCABULARY.groups]

#: what the indicators count, from indicators.csv: victims, suspects (enforcement), and the
#: enforcement counts that have a complicity twin (complicity_investigations, …)
VICTIM_INDICATORS = frozenset(indicators_counting("victims"))
SUSPECT_INDICATORS = frozenset(indicators_counting("suspects", core_only=True))
ENFORCEMENT = frozenset(i for i in SUSPECT_INDICATORS if f"complicity_{i}" in set(indicators()["name"]))

#: groups and forms a subset figure names ("763 were women", "50 for sex trafficking")
GROUP_WORDS = re.compile(
    rf"^\s*(?:\(|were |was |are |being |all |who were )?\s*(?:{VOCABULARY.part_words})", re.UNICODE
)
#: sentences that go on counting parts of the group the sentence before counted
PART_OPENERS = re.compile(rf"^\s*(?:{VOCABULARY.part_openers})", re.IGNORECASE)
PART_OF_COUNTED = re.compile(rf"^\s*(?:{VOCABULARY.part_of_counted})", re.IGNORECASE)

MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"

#: "prosecuted 14 cases involving 31 suspects" and "convicted 8 traffickers in 5 cases": one count in
#: two units. The words that join a count of cases to a count of persons, and persons to cases.
CASES_TO_PERSONS = tuple(VOCABULARY.links["cases_to_persons"])
PERSONS_TO_CASES = tuple(VOCABULARY.links["persons_to_cases"])
#: the breakdown label of the case count when persons are counted beside it
UNIT_CASES = str(VOCABULARY.links["unit_breakdown"])

#: A figure about part of the cases is a breakdown, never a total: breakdown label → the phrases
#: that say so, looked for in the figure's clause (one operation, cases an NGO identified, …).
SUBSET_CUES = VOCABULARY.subsets

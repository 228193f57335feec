"""Code the nine TIP protection criteria of a narrative, with evidence offsets and the rule.

Each criterion of ``analysis/data/protection_criteria.csv`` gets one status per narrative:
``met`` / ``partial`` / ``not_met`` / ``not_reported``, following the coding rules of the
hand-coded gold (the README's "Protection criteria"). The rules and their cue words are data,
in ``analysis/data/criteria_rules.yml``; this module only applies them:

1. The narrative is read as sentences (:func:`analysis.extract.text.document.read_document`); only
   sentences of the protection section, the summary and the intro count as findings, never
   the recommendations, and never text of another country's narrative.
2. A sentence is cut into clauses at ";" and at contrast words ("but", "although", …); a rule
   fires on a clause when all its cues match and none of its exclusions do.
3. General modifiers: a ``met`` rarely done is ``not_met``; one stated only as a law on paper
   is ``partial`` for the criteria that need victims to have received the help; one with a stated shortfall or
   limited to some victims, or qualified by the next contrast clause ("…, although police
   were often unaware of them"), is ``partial``; a clause saying the outcome is unknown codes
   nothing; a ``not_met`` limited to part of the victims is ``partial``.
4. Per criterion: only ``met`` → met; only ``not_met`` → not_met; a mixture, a ``partial``,
   or a referral practice without a named mechanism → partial; victims served soften a stated
   absence of referral to partial and code nothing alone. No rule → ``not_reported``
   (a criterion the narrative is silent on is not assessed, not failed).

Evidence is the sentence's character span in the text as read (``start``/``end``), never the
text itself; ``rule`` names the rule (and modifier) that decided the code.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from analysis.extract.rulefile import RulesFileError, read_rules
from analysis.extract.text.document import Document, DocumentError, read_document
from analysis.paths import PACKAGE_DATA_DIR
from analysis.schema import CRITERION_STATUSES, protection_criteria

RULES_FILE = PACKAGE_DATA_DIR / "criteria_rules.yml"
FINDING_SECTIONS = ("protection", "summary", "intro")
CRITERIA_COLUMNS = [
    "country",
    "iso3",
    "report_year",
    "criterion",
    "status",
    "section",
    "start",
    "end",
    "rule",
]
RULE_STATUSES = ("met", "partial", "not_met", "practice", "served", "weak")
CUE_REF = re.compile(r"\{(\w+)\}")


class CriteriaRulesError(RulesFileError):
    """The rules file is malformed (names the file, the line, the rule and what is wrong)."""


#: the top-level keys of the criteria rules file (``topics`` may be left out)
KEYS = {
    "clause_breaks": "where a sentence is cut into clauses",
    "provision_criteria": "criteria a law on paper does not meet",
    "topics": "criterion → the cue that names it",
    "cues": "named lists of patterns",
    "rules": "the rules: id, criterion, status, all, none, scope",
    "broad_cues": "cues that match many clauses: a rule tests them after its other patterns",
}
RULE_FIELDS = ("id", "criterion", "status", "all", "none", "scope")


@dataclass(frozen=True)
class Rule:
    id: str
    criterion: str
    status: str
    all: tuple[re.Pattern[str], ...]
    none: tuple[re.Pattern[str], ...]
    sentence: bool  # look at the whole sentence rather than one clause


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    shortfall: re.Pattern[str]
    subgroup: re.Pattern[str]
    partly: re.Pattern[str]
    rarely: re.Pattern[str]
    unknown: re.Pattern[str]
    qualifier: re.Pattern[str]
    on_paper: re.Pattern[str]
    provision: frozenset[str]
    topics: dict[str, re.Pattern[str]]  # criterion → the words that name it
    clause_break: re.Pattern[str]


@functools.cache
def _compile(pattern: str) -> re.Pattern[str]:
    """One compiled pattern per expanded cue (rules that share a cue share its pattern object)."""
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


def load_rules(path: Path = RULES_FILE) -> Rules:
    """Read and compile the rules file; a malformed rule is refused with its id and reason.

    Raises:
        CriteriaRulesError: an unknown criterion, status or cue, or a pattern that does not
            compile.
    """
    try:
        spec = read_rules(path, KEYS, required=[k for k in KEYS if k not in ("topics", "broad_cues")])
    except RulesFileError as error:
        raise CriteriaRulesError(str(error)) from None
    cues = _cues(spec)
    criteria = set(protection_criteria()["criterion"])
    broad_cues = frozenset(spec.get("broad_cues", []))
    rules = []
    seen: set[str] = set()
    for entry in spec["rules"]:
        rules.append(_rule(spec, entry, cues, criteria, broad_cues, seen))
    return Rules(
        tuple(rules),
        _compile(cues["shortfall"]),
        _compile(cues["subgroup"]),
        _compile(cues["partly"]),
        _compile(cues["rarely"]),
        _compile(cues["unknown"]),
        _compile(cues["qualifier"]),
        _compile(cues["on_paper"]),
        frozenset(spec["provision_criteria"]),
        {criterion: _compile(cues[name]) for criterion, name in spec.get("topics", {}).items()},
        re.compile("|".join(f"(?:{p})" for p in spec["clause_breaks"]), re.IGNORECASE),
    )


def _cues(spec) -> dict[str, str]:
    """Each named cue as one pattern; a cue may name a cue defined above it: ``{name}``."""
    cues: dict[str, str] = {}
    for name, alts in spec["cues"].items():

        def earlier(match: re.Match[str], name: str = name) -> str:
            if match.group(1) not in cues:
                raise CriteriaRulesError(
                    f"{spec.where(spec['cues'], name)}: cue {name!r} uses {{{match.group(1)}}}, "
                    "which is not defined above it"
                )
            return f"(?:{cues[match.group(1)]})"

        cues[name] = "|".join(f"(?:{CUE_REF.sub(earlier, alt)})" for alt in alts)
    return cues


def _expand(spec, cues: dict[str, str], pattern: str, rule_id: str, entry) -> re.Pattern[str]:
    """A rule's pattern with its ``{cue}`` names replaced, compiled."""

    def cue(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in cues:
            known = ", ".join(sorted(cues))
            raise CriteriaRulesError(
                f"{spec.where(entry)}: rule {rule_id!r} uses unknown cue {{{name}}}; known: {known}"
            )
        return f"(?:{cues[name]})"

    try:
        return _compile(CUE_REF.sub(cue, pattern))
    except re.error as error:
        raise CriteriaRulesError(
            f"{spec.where(entry)}: rule {rule_id!r}: pattern {pattern!r}: {error}"
        ) from None


def _rule(
    spec, entry, cues: dict[str, str], criteria: set[str], broad_cues: frozenset[str], seen: set[str]
) -> Rule:
    """One checked, compiled rule (its id added to ``seen``).

    Its ``all`` patterns are tested topic cues first and the cues that match many clauses last
    (speed); a rule whose id was seen, or with an unknown field, criterion or status, is refused.
    """
    rule_id = entry.get("id", "?")
    try:
        spec.check_keys(entry, RULE_FIELDS, f"field of rule {rule_id!r}")
    except RulesFileError as error:
        raise CriteriaRulesError(str(error)) from None
    if rule_id in seen:
        raise CriteriaRulesError(f"{spec.where(entry, 'id')}: rule id {rule_id!r} appears twice")
    seen.add(rule_id)
    if entry.get("criterion") not in criteria:
        raise CriteriaRulesError(
            f"{spec.where(entry, 'criterion')}: rule {rule_id!r}: unknown criterion "
            f"{entry.get('criterion')!r}; accepted: {', '.join(sorted(criteria))}"
        )
    if entry.get("status") not in RULE_STATUSES:
        raise CriteriaRulesError(
            f"{spec.where(entry, 'status')}: rule {rule_id!r}: unknown status {entry.get('status')!r}; "
            f"accepted: {', '.join(RULE_STATUSES)}"
        )

    def broad(pattern: str) -> bool:
        names = set(CUE_REF.findall(pattern))
        return bool(names) and names <= broad_cues

    return Rule(
        rule_id,
        entry["criterion"],
        entry["status"],
        tuple(_expand(spec, cues, p, rule_id, entry) for p in sorted(entry.get("all", []), key=broad)),
        tuple(_expand(spec, cues, p, rule_id, entry) for p in entry.get("none", [])),
        entry.get("scope", "clause") == "sentence",
    )


@functools.cache
def rules() -> Rules:
    """The package's rules, compiled once."""
    return load_rules()


@dataclass(frozen=True)
class Finding:
    criterion: str
    status: str  # met | partial | not_met | practice | served | weak
    rule: str
    section: str
    start: int
    end: int


def clauses(sentence: str, table: Rules | None = None) -> list[str]:
    """A sentence cut at the rules' clause breaks (";", contrast words, …): each clause is read
    on its own."""
    table = table or rules()
    return [part for part in table.clause_break.split(sentence) if part and part.strip()]


def _fires(rule: Rule, text: str) -> bool:
    return all(p.search(text) for p in rule.all) and not any(p.search(text) for p in rule.none)


def _modified(rule: Rule, clause: str, sentence: str, table: Rules) -> tuple[str, str]:
    """The rule's status after the general modifiers, and the rule id that says why.

    The modifiers read the clause, except the law on paper, which reads the sentence ("passed
    Law 1, which …, while providing protection for witnesses")."""
    if rule.status == "met":
        if table.rarely.search(clause):
            return "not_met", f"{rule.id}+rarely"
        if rule.criterion in table.provision and table.on_paper.search(sentence):
            return "partial", f"{rule.id}+on_paper"
        if table.shortfall.search(clause):
            return "partial", f"{rule.id}+shortfall"
        if table.subgroup.search(clause):
            return "partial", f"{rule.id}+subgroup"
    if rule.status == "not_met" and table.partly.search(clause):
        return "partial", f"{rule.id}+partly"
    if rule.status == "not_met" and table.subgroup.search(clause):
        return "partial", f"{rule.id}+subgroup"  # absent only for a group ("no shelters for men": rule 8)
    return rule.status, rule.id


def _finding(rule: Rule, text: str, sentence, table: Rules) -> Finding:
    status, rule_id = _modified(rule, text, sentence.text, table)
    return Finding(rule.criterion, status, rule_id, sentence.section, sentence.start, sentence.end)


def findings(doc: Document, table: Rules | None = None) -> list[Finding]:
    """Every rule that fired in the narrative's finding sections, in text order."""
    table = table or rules()
    out: list[Finding] = []
    for sentence in doc.sentences:
        if sentence.foreign or sentence.section not in FINDING_SECTIONS:
            continue
        parts = clauses(sentence.text, table)
        whole: set[str] = set()  # criteria a sentence-wide rule decided: its clauses add nothing
        for rule in table.rules:
            if rule.sentence and rule.criterion not in whole and _fires(rule, sentence.text):
                out.append(_finding(rule, sentence.text, sentence, table))
                whole.add(rule.criterion)
        previous: list[int] = []  # indexes in ``out`` of the findings of the clause before
        for part in parts:
            if table.unknown.search(part):
                if previous and table.qualifier.search(part):
                    # "…; did not report whether the remaining 95 victims received any": known for some
                    _qualify(out, [i for i in previous if out[i].status == "met"])
                previous = []
                continue  # "did not report whether …": the outcome is unknown, nothing is coded
            fired = set(whole)  # one finding per criterion and clause: the first rule that fires
            here = []
            for rule in table.rules:
                if not rule.sentence and rule.criterion not in fired and _fires(rule, part):
                    here.append(len(out))
                    out.append(_finding(rule, part, sentence, table))
                    fired.add(rule.criterion)
            if not here and previous and table.qualifier.search(part):
                # "…, although police were often unaware of them"; a clause that names a criterion
                # ("…, though victims could not leave shelters") qualifies that criterion's finding only
                met = [i for i in previous if out[i].status == "met"]
                named = [i for i in met if (t := table.topics.get(out[i].criterion)) and t.search(part)]
                _qualify(out, named or met)
            previous = here
    return out


def _qualify(out: list[Finding], indexes: list[int]) -> None:
    """Make the findings at ``indexes`` partial: a clause after them qualifies what they found.
    Mutates ``out``."""
    for index in indexes:
        out[index] = replace(out[index], status="partial", rule=f"{out[index].rule}+qualified")


def combine(statuses: list[str]) -> str:
    """One criterion's code from its findings (see the module docstring, step 4)."""
    kinds = set(statuses)
    if "served" in kinds:  # victims served only soften a stated absence of referral (rule 7)
        kinds.discard("served")
        if kinds == {"not_met"}:
            return "partial"
    if "weak" in kinds:  # practice with a shortfall: partial, unless the thing itself is absent
        kinds.discard("weak")
        if "not_met" not in kinds:
            kinds.discard("met")
            kinds.add("partial")
    if not kinds:
        return "not_reported"
    if "practice" in kinds:
        kinds.discard("practice")
        kinds.add("met" if "met" in kinds else "partial")
    if kinds == {"met"}:
        return "met"
    if kinds == {"not_met"}:
        return "not_met"
    return "partial"


def code_document(doc: Document) -> pd.DataFrame:
    """The nine criteria of one narrative: one row each, in vocabulary order.

    Returns:
        Columns ``CRITERIA_COLUMNS``. ``start``/``end`` are the character offsets of the
        deciding sentence in ``doc.text`` (NA for ``not_reported``); ``rule`` is the rule id,
        with ``+shortfall`` / ``+subgroup`` / ``+partly`` when a modifier changed the status,
        or ``combined:<ids>`` when findings of different statuses were combined.
    """
    found = findings(doc)
    rows = []
    for criterion in protection_criteria()["criterion"]:
        own = [f for f in found if f.criterion == criterion]
        status = combine([f.status for f in own])
        if not own:
            rows.append((criterion, status, pd.NA, pd.NA, pd.NA, pd.NA))
            continue
        deciding = next((f for f in own if f.status == status), None)
        if deciding is None:  # a mixture: the first stated shortfall or absence is the evidence
            deciding = next((f for f in own if f.status in ("not_met", "partial")), own[0])
        rule = deciding.rule
        if len({f.status for f in own}) > 1:
            rule = "combined:" + "+".join(dict.fromkeys(f.rule for f in own))
        rows.append((criterion, status, deciding.section, deciding.start, deciding.end, rule))
    frame = pd.DataFrame(rows, columns=["criterion", "status", "section", "start", "end", "rule"])
    frame.insert(0, "report_year", doc.report_year)
    frame.insert(0, "iso3", doc.iso3)
    frame.insert(0, "country", doc.country)
    frame["report_year"] = frame["report_year"].astype("Int64")
    frame["start"] = frame["start"].astype("Int64")
    frame["end"] = frame["end"].astype("Int64")
    return frame[CRITERIA_COLUMNS]


def code_text(text: str, country: str | None = None, report_year: int | None = None) -> pd.DataFrame:
    """Code a narrative given as text. Empty or non-narrative text gives all ``not_reported``.

    Example:
        >>> codes = code_text("PERU (Tier 2)\\nPROTECTION\\nThe government did not penalize "
        ...                   "victims for unlawful acts committed as a direct result of being "
        ...                   "trafficked.\\n", report_year=2008)
        >>> codes.set_index("criterion").loc["non_penalization", "status"]
        'met'
    """
    try:
        doc = read_document(text, country, report_year)
    except DocumentError:
        doc = Document(text, None, None, report_year)
        if country:
            from analysis.countries import canonical_name, try_iso3

            doc.iso3 = try_iso3(country)
            doc.country = canonical_name(doc.iso3) if doc.iso3 else None
    return code_document(doc)


def has_findings_text(doc: Document) -> bool:
    """Whether the narrative has any sentence the coder reads (protection, summary, intro), the
    country-and-tier heading aside."""
    headings = [(h.start, h.end) for h in doc.headings]
    return any(
        s.section in FINDING_SECTIONS
        and not s.foreign
        and not any(start <= s.start < end for start, end in headings)
        for s in doc.sentences
    )


def coverage_note(
    codes: pd.DataFrame, text: str, country: str | None = None, report_year: int | None = None
) -> str | None:
    """Why every criterion is ``not_reported``, when it is: no text, no finding sections, or no rule."""
    if (codes["status"] != "not_reported").any():
        return None
    try:
        doc = read_document(text, country, report_year)
    except DocumentError:
        return "the text is empty: every criterion is not_reported"
    if not has_findings_text(doc):
        return "no protection section, summary or intro found: every criterion is not_reported"
    return "no finding on any protection criterion: every criterion is not_reported"


def as_panel_rows(codes: pd.DataFrame, source_url: str, document: str | None = None) -> pd.DataFrame:
    """Coder output in the panel's criteria layout (``analysis.schema.CRITERIA_COLUMNS``).

    ``evidence_ref`` is ``<section>:<start>-<end>`` (character offsets of the deciding sentence in
    the document's text as read), ``method`` is ``rule:<id>``; ``document`` (the SHA-256 of the
    text), ``section``, ``start`` and ``end`` are kept beside them for review.
    """
    out = codes[["country", "iso3", "report_year", "criterion", "status"]].copy()
    located = codes["start"].notna()
    out["evidence_ref"] = pd.Series(pd.NA, index=codes.index, dtype="string")
    out.loc[located, "evidence_ref"] = (
        codes.loc[located, "section"].astype(str)
        + ":"
        + codes.loc[located, "start"].astype(str)
        + "-"
        + codes.loc[located, "end"].astype(str)
    )
    out["source_url"] = source_url
    out["method"] = "rule:" + codes["rule"].fillna("none").astype(str)
    out["note"] = pd.Series(pd.NA, index=codes.index, dtype="string")
    out["document"] = document
    out[["section", "start", "end"]] = codes[["section", "start", "end"]]
    return out


def status_counts(codes: pd.DataFrame) -> pd.Series:
    """Codes per status, in the vocabulary's order (zeros kept)."""
    return codes["status"].value_counts().reindex(CRITERION_STATUSES, fill_value=0)

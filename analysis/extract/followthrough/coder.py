"""Did the government act on last year's recommendations? Items of edition Y, coded from Y+1.

For each recommended action of edition Y
(:func:`analysis.extract.followthrough.recommendations.recommendation_items`)
the Y+1 narrative is searched clause by clause for statements on the same theme and object (key
words shared with the item), and what they say decides the code (the gold's coding rules,
``../shared/gold/README.md``; every cue in ``analysis/data/followthrough_rules.yml``):

- ``acted``: the step is reported done ("opened four new prosecution offices", "convicted more
  traffickers"), with no shortfall stated beside it;
- ``partial``: steps reported but short of the item (done beside a shortfall, "not always",
  "inconsistently"; done while the Y+1 list repeats the item);
- ``not_acted``: "did not", no steps, or the measure fell ("fewer prosecutions", "cut its
  budget"); for an "increase X" item, X called inadequate with no increase; the Y+1 list repeats
  the item and nothing was done;
- ``unclear``: the Y+1 text available says nothing on it — never ``not_acted`` for silence.

Where the panel holds the related enforcement figure for both reporting periods (Y−1 and Y), its
direction is a signal too (prosecutions up: done; down: fell).

Each row keeps the item's offsets in the Y text and the evidence sentence's offsets in the Y+1
text, never the text, and the rule that decided.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pandas as pd

from analysis.extract.followthrough.recommendations import (
    Item,
    recommendation_items,
    rules,
    theme_of,
)
from analysis.extract.rulefile import alternatives
from analysis.extract.text.document import Document
from analysis.schema import FOLLOWTHROUGH_STATUSES

FOLLOWTHROUGH_COLUMNS = [
    "country",
    "iso3",
    "year_from",
    "year_to",
    "item_no",
    "start",
    "end",
    "theme",
    "status",
    "evidence_start",
    "evidence_end",
    "rule",
]
STATUSES = FOLLOWTHROUGH_STATUSES
CLAUSE_BREAK = re.compile(
    r";|:\s|,\s+(?:and|but|while|although|though)\s+(?!(?:investigat|prosecut|convict|sentenc|punish)ing\b)"
    r"|\s+but\s+|\s+although\s+"
    # ", the government did not …": a new subject; ", adopting …": the next item of a list of efforts
    r"|,\s+(?=(?:the government|authorities|officials|it|the \w+ government|police|prosecutors|courts)\b)"
    # (the criminal-justice chain stays one clause: "investigating, prosecuting, and convicting more")
    r"|,\s+(?:and\s+)?(?=(?!(?:investigat|prosecut|convict|sentenc|punish)ing\b)[a-z]+ing\b)",
    re.IGNORECASE,
)
#: after a contrast the summary's list of steps done is over ("…; however, it did not …")
CONTRAST = re.compile(r"\b(?:however|but|although|though|while|despite)\b", re.IGNORECASE)
#: a clause that opens with a verb or auxiliary has no subject of its own ("… but did not convict")
NO_SUBJECT = re.compile(
    r"\s*(?:did|does|do|had|has|have|was|were|is|are|not|never|also|only|then|yet)\b", re.I
)
#: enforcement words an item can name, and the panel indicator that measures them
PANEL_INDICATORS = {"prosecut": "prosecutions", "convict": "convictions", "investigat": "investigations"}


class FollowThroughError(ValueError):
    """Two narratives that cannot be compared (named, with what would be accepted)."""


@dataclass(frozen=True)
class Signals:
    """The rules file's ``signals`` compiled, and its ``matching`` settings."""

    # words anywhere in a clause: what it says happened
    done: re.Pattern[str]
    fell: re.Pattern[str]
    negative: re.Pattern[str]
    uneven: re.Pattern[str]
    inadequate: re.Pattern[str]
    persisted: re.Pattern[str]
    implement_item: re.Pattern[str]
    adoption: re.Pattern[str]
    # words an item or a sentence opens with
    increase_item: re.Pattern[str]
    decrease_item: re.Pattern[str]
    steps_summary: re.Pattern[str]
    # action stem → its words
    actions: dict[str, re.Pattern[str]]
    lead_actions: dict[str, re.Pattern[str]]
    # matching settings
    stopwords: frozenset[str]
    narrowing: frozenset[str]
    min_shared: int
    repeat_share: float


#: signals read anywhere in a clause, and those an item or sentence opens with (→ what may come first)
CLAUSE_SIGNALS = (
    "done",
    "fell",
    "negative",
    "uneven",
    "inadequate",
    "persisted",
    "implement_item",
    "adoption",
)
OPENING_SIGNALS = {"increase_item": r"(?:\w+\s+)?", "decrease_item": r"(?:\w+\s+)?", "steps_summary": ""}


@functools.cache
def signals() -> Signals:
    """The rules file's signals and matching settings, compiled once."""
    spec = rules().spec
    s, m = spec["signals"], spec["matching"]

    def compile_(words) -> re.Pattern[str]:
        return re.compile(rf"\b(?:{alternatives(words)})\b", re.IGNORECASE)

    return Signals(
        **{name: compile_(s[name]) for name in CLAUSE_SIGNALS},
        **{
            name: re.compile(rf"^\s*{lead}(?:{alternatives(s[name])})\b", re.IGNORECASE)
            for name, lead in OPENING_SIGNALS.items()
        },
        actions={stem: compile_(words) for stem, words in s["actions"].items()},
        lead_actions={verb: compile_(words) for verb, words in s["lead_actions"].items()},
        stopwords=frozenset(m["stopwords"]),
        narrowing=frozenset(m["narrowing_themes"]),
        min_shared=int(m["min_shared_words"]),
        repeat_share=float(m["repeat_share"]),
    )


def _stem(word: str) -> str:
    """A crude stem: lower case, the first five letters ("prosecutions" and "prosecuted" meet, and
    so does a word a cut-off text ends in: "crimi" and "criminal")."""
    return word.lower()[:5]


@functools.cache
def _stop_stems(stopwords: frozenset[str]) -> frozenset[str]:
    return frozenset(_stem(w) for w in stopwords if len(w) > 4)


def key_words(text: str, stopwords: frozenset[str]) -> set[str]:
    """The stems of an item's words that say what it asks (words sharing a stopword's stem left
    out: "traffickers" with "trafficking")."""
    stop_stems = _stop_stems(stopwords)
    words = re.findall(r"[A-Za-z][A-Za-z'-]+", text)
    return {
        _stem(w) for w in words if w.lower() not in stopwords and len(w) > 2 and _stem(w) not in stop_stems
    }


@dataclass(frozen=True)
class Clause:
    """One clause of the Y+1 narrative, with what every item compares against (computed once)."""

    start: int  # the sentence's span (the evidence)
    end: int
    text: str
    recommendation: bool
    keys: frozenset[str]  # key-word stems (:func:`key_words`)
    stems: frozenset[str]  # the stem of every word (a repeat must ask the same action)
    theme: str | None  # the clause's own theme (:func:`theme_of`)
    step: bool = False  # a step the summary lists as done ("These efforts included training …")


def _clauses(doc: Document, sig: Signals) -> list[Clause]:
    out = []
    for sentence in doc.sentences:
        if sentence.foreign:
            continue
        rec = sentence.section == "recommendations"
        # "These efforts included training …, establishing …": each step before a contrast is done
        steps = not rec and sig.steps_summary.match(sentence.text) is not None
        for part in CLAUSE_BREAK.split(sentence.text):
            if part and part.strip():
                keys = frozenset(key_words(part, sig.stopwords))
                stems = frozenset(_stem(w) for w in re.findall(r"[A-Za-z]+", part))
                clause = Clause(sentence.start, sentence.end, part, rec, keys, stems, theme_of(part), steps)
                out.append(clause)
                steps = steps and not CONTRAST.search(part)
    return out


def _panel_signal(item_text: str, facts: pd.DataFrame | None, iso3: str, year_from: int) -> str | None:
    """``done`` or ``fell`` when the panel holds the item's enforcement figure for both periods."""
    if facts is None or facts.empty:
        return None
    for stem, indicator in PANEL_INDICATORS.items():
        if stem not in item_text.lower():
            continue
        rows = facts[
            (facts["iso3"] == iso3)
            & (facts["indicator"] == indicator)
            & (facts["breakdown"] == "total")
            & (facts["scope"] == "all")
            & (facts["source"] == "tip_narrative")
        ]
        # the Y report covers year Y-1; the Y+1 report covers year Y
        before = rows.loc[rows["reference_year"] == year_from - 1, "value"]
        after = rows.loc[rows["reference_year"] == year_from, "value"]
        if before.empty or after.empty:
            continue
        if float(after.iloc[-1]) > float(before.iloc[-1]):
            return "done"
        if float(after.iloc[-1]) < float(before.iloc[-1]):
            return "fell"
    return None


@dataclass(frozen=True)
class ItemCues:
    """What one recommendation item asks, as the clauses of the next narrative are tested for it."""

    keys: set[str]  # key-word stems (:func:`key_words`)
    objects: list[re.Pattern[str]]  # the item's objects (the rules file's ``objects`` of its theme)
    actions: list[re.Pattern[str]]  # the core actions it names: one of them must be reported
    lead_actions: list[re.Pattern[str]]  # its opening action's words: a step must be of that action
    lead_stem: str | None  # the stem of its opening action ("Increase", "(Vigorously) investigate")
    increase: bool  # asks for more ("increase X")
    decrease: bool  # asks for less ("reduce X")


def _item_cues(item: Item, item_text: str, sig: Signals) -> ItemCues:
    """The cues of one item (its theme's objects, actions, opening action)."""
    lead = re.match(r"\s*(?:\w+ly\s+)?([A-Za-z]+)", item_text)
    # an item that opens with one of these actions is answered only by a step of that action
    # ("refer them to services" is not answered by "establishing commissions to provide assistance")
    lead_verb = lead.group(1).lower() if lead else ""
    return ItemCues(
        keys=key_words(item_text, sig.stopwords),
        objects=[p for theme, _, p in rules().objects if theme == item.theme and p.search(item_text)],
        actions=[p for stem, p in sig.actions.items() if stem in item_text.lower()],
        lead_actions=[p for verb, p in sig.lead_actions.items() if lead_verb.startswith(verb)],
        lead_stem=_stem(lead.group(1)) if lead else None,
        increase=bool(sig.increase_item.search(item_text)),
        decrease=bool(sig.decrease_item.search(item_text)),
    )


def code_item(item: Item, item_text: str, clauses: list[Clause], sig: Signals, panel: str | None = None):
    """(status, evidence start, evidence end, rule) of one item against the Y+1 clauses.

    A clause relates to the item when it names one of the item's objects (see the rules file),
    or shares ``min_shared_words`` of its key words, unless it is about a narrower theme
    (complicit officials) than the item.
    """
    cues = _item_cues(item, item_text, sig)
    found, repeated = _findings(item, cues, clauses, sig)
    if panel == "done" and "done" not in found:
        found["panel_done"] = None
    if panel == "fell" and "fell" not in found:
        found["panel_fell"] = None
    return _decide(found, repeated, cues, item_text, sig)


def _findings(item: Item, cues: ItemCues, clauses: list[Clause], sig: Signals) -> tuple[dict, Clause | None]:
    """The first clause of each kind of finding about the item, and the first repeat of it."""
    found: dict[str, Clause] = {}
    repeated = None
    previous: Clause | None = None  # the last related clause
    for clause in clauses:
        shared = cues.keys & clause.keys
        if clause.recommendation:
            # a repeat asks the same action on the same object ("implement the mechanism" after
            # "establish a mechanism" is the next step, not a repeat)
            same_action = cues.lead_stem is not None and cues.lead_stem in clause.stems
            if cues.keys and same_action and len(shared) / len(cues.keys) >= sig.repeat_share:
                repeated = repeated or clause
            continue
        primary = clause.theme
        narrowed = primary in sig.narrowing and primary != item.theme
        same_object = any(p.search(clause.text) for p in cues.objects) and not narrowed
        related = same_object or (len(shared) >= sig.min_shared and not narrowed)
        # "…, but did not convict any of them": a clause of the same sentence with no subject (or
        # no theme) of its own continues the related clause before it
        continues = (
            previous is not None
            and previous.start == clause.start
            and (primary is None or NO_SUBJECT.match(clause.text) is not None)
        )
        if not (related or continues):
            previous = None
            continue
        previous = clause
        for kind in _clause_kinds(clause, same_object, cues, sig):
            found.setdefault(kind, clause)
    return found, repeated


def _clause_kinds(clause: Clause, same_object: bool, cues: ItemCues, sig: Signals) -> list[str]:
    """What a related clause says about the item: done, negative, fell, uneven, inadequate, persisted."""
    text = clause.text
    kinds = []
    negative = sig.negative.search(text)
    fell = sig.fell.search(text)
    core = not cues.actions or any(p.search(text) for p in cues.actions)  # the core action decides
    own_action = all(p.search(text) for p in cues.lead_actions)  # "did not" / "fewer" of that action
    # a step the summary lists counts when it names the item's object, not a few shared words
    step = clause.step and same_object
    if (sig.done.search(text) or step) and not negative and not fell and core and own_action:
        kinds.append("done")
    if negative and own_action:
        kinds.append("negative")
    if fell and own_action:
        kinds.append("fell")
    if sig.uneven.search(text):
        kinds.append("uneven")
    if sig.inadequate.search(text):
        kinds.append("inadequate")
    if cues.decrease and sig.persisted.search(text):
        kinds.append("persisted")
    return kinds


def _decide(found: dict, repeated: Clause | None, cues: ItemCues, item_text: str, sig: Signals):
    """The item's (status, start, end, rule) from what the clauses said (see the module's rules)."""

    def evidence(kind: str | None, status: str, rule: str):
        clause = found.get(kind) if kind else None
        return (status, clause.start if clause else None, clause.end if clause else None, rule)

    fell = next((k for k in ("fell", "panel_fell") if k in found), None)
    done = next((k for k in ("done", "panel_done") if k in found), None)
    short = next((k for k in ("negative", "uneven", "inadequate") if k in found), None)
    if cues.increase and fell:  # "increase X" and X fell: not acted, whatever else was done
        return evidence(fell, "not_acted", fell)
    if done:
        clause = found.get(done)
        if short or fell:
            return evidence(done, "partial", f"{done}+{short or fell}")
        if repeated:
            return evidence(done, "partial", f"{done}+repeated")
        adopted_only = (
            clause is not None
            and sig.implement_item.search(item_text) is not None
            and sig.implement_item.search(clause.text) is None
            and sig.adoption.search(clause.text) is not None
        )
        if adopted_only:  # "adopt and implement X": adopted, implementation not reported
            return evidence(done, "partial", f"{done}+not_implemented")
        return evidence(done, "acted", done)
    for kind, status in (
        ("negative", "not_acted"),
        ("persisted", "not_acted"),  # "reduce X" and X went on
    ):
        if kind in found:
            return evidence(kind, status, kind)
    if fell:
        return evidence(fell, "not_acted", fell)
    for kind, status in (
        ("inadequate", "not_acted"),  # called inadequate and no step reported
        ("uneven", "partial"),  # applied unevenly: some steps
    ):
        if kind in found:
            return evidence(kind, status, kind)
    if repeated:
        return ("not_acted", repeated.start, repeated.end, "repeated")
    return ("unclear", None, None, "silent")


def follow_through(
    doc_from: Document,
    doc_to: Document,
    facts: pd.DataFrame | None = None,
    allow_gap: bool = False,
) -> pd.DataFrame:
    """One row per recommendation item of ``doc_from``, coded from ``doc_to``.

    Args:
        doc_from, doc_to: the narratives of editions Y and Y+1 of one country.
        facts: the panel's facts, for the direction of enforcement figures (optional).
        allow_gap: accept editions more than one year apart.

    Returns:
        Columns ``FOLLOWTHROUGH_COLUMNS``; ``start``/``end`` are offsets of the item in
        ``doc_from.text``, ``evidence_start``/``evidence_end`` of the deciding sentence in
        ``doc_to.text`` (NA when ``unclear``). No rows when Y has no recommendations.

    Raises:
        FollowThroughError: different countries, a missing edition year, Y+1 not after Y, or
            editions more than one year apart without ``allow_gap``.
    """
    if doc_from.iso3 != doc_to.iso3:
        raise FollowThroughError(
            f"the two narratives are of different countries ({doc_from.country} and {doc_to.country}); "
            "give two editions of one country"
        )
    if doc_from.report_year is None or doc_to.report_year is None:
        raise FollowThroughError("an edition year is missing: give --report-year or a text that names it")
    gap = doc_to.report_year - doc_from.report_year
    if gap < 1:
        raise FollowThroughError(
            f"edition {doc_to.report_year} is not after {doc_from.report_year}; give FILE_Y then FILE_Y1"
        )
    if gap > 1 and not allow_gap:
        raise FollowThroughError(
            f"editions {doc_from.report_year} and {doc_to.report_year} are {gap} years apart; follow-through "
            "compares consecutive editions (give --allow-gap to compare them anyway)"
        )
    sig = signals()
    clauses = _clauses(doc_to, sig)
    rows = []
    for item in recommendation_items(doc_from):
        text = doc_from.text[item.start : item.end]
        panel = _panel_signal(text, facts, doc_from.iso3, doc_from.report_year)
        status, ev_start, ev_end, rule = code_item(item, text, clauses, sig, panel)
        rows.append(
            {
                "country": doc_from.country,
                "iso3": doc_from.iso3,
                "year_from": doc_from.report_year,
                "year_to": doc_to.report_year,
                "item_no": item.item_no,
                "start": item.start,
                "end": item.end,
                "theme": item.theme or theme_of(text) or "other",
                "status": status,
                "evidence_start": ev_start,
                "evidence_end": ev_end,
                "rule": rule,
            }
        )
    out = pd.DataFrame(rows, columns=FOLLOWTHROUGH_COLUMNS)
    for column in ("year_from", "year_to", "item_no", "start", "end", "evidence_start", "evidence_end"):
        out[column] = out[column].astype("Int64")
    return out

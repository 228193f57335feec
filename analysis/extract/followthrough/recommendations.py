"""A narrative's recommendations as single actions, each with a theme and its offsets.

Where they are read:

- a headed list ("PRIORITIZED RECOMMENDATIONS:", "RECOMMENDATIONS FOR PERU"), or an inline
  "Recommendations for Peru: …" paragraph (the sentences the document reader puts in the
  ``recommendations`` section);
- in older editions without such a list, the "the government should …" sentences of the
  narrative.

How they are split (the gold's coding rules, ``../shared/gold/README.md``; every word list in
``analysis/data/followthrough_rules.yml``):

1. at semicolons, bullets and sentence ends;
2. at "and <action verb>" ("conduct raids and employ screening"), except where the verbs form
   the criminal-justice chain ("investigate and prosecute …, and convict"), where two verbs
   share one object ("finalize and implement a policy"), or where an outcome verb continues a
   purpose clause ("training … to increase understanding and improve identification");
3. at "X for, and Y to, Z" (two actions on one object: the first item's span runs to the end of
   the shared object, the second starts at Y);
4. at "and <noun phrase>" when the two objects belong to different themes and the verb is not
   itself a theme ("approve regulations for the law and the national plan"; but "train police on
   identification and referral" stays one item).

Each item keeps its character offsets in the document's text (never the text) and a theme from
the themes vocabulary (the first theme, in priority order, whose cue the item matches).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.extract.rulefile import alternatives, read_rules
from analysis.extract.text.document import Document
from analysis.paths import PACKAGE_DATA_DIR

RULES_FILE = PACKAGE_DATA_DIR / "followthrough_rules.yml"
INLINE_HEAD = re.compile(r"\s*Recommendations for [^:]{1,60}:\s*", re.IGNORECASE)
SHOULD = re.compile(r"\b(?:government|it|authorities)\s+should\s+", re.IGNORECASE)


#: the top-level keys of the follow-through rules file
KEYS = {
    "splitting": "how a recommendations list is cut into items",
    "themes": "themes in priority order, their objects and cues",
    "gold_themes": "theme → the gold's coarse theme",
    "matching": "how an item is matched to next-edition sentences",
    "signals": "the cues of each follow-through status",
    "lead_themes": "themes an item takes from its leading action verb",
}


@dataclass(frozen=True)
class Rules:
    spec: dict
    themes: tuple[tuple[str, re.Pattern[str]], ...]
    objects: tuple[tuple[str, str, re.Pattern[str]], ...]  # theme, object, cue
    action: frozenset[str]
    chain: frozenset[str]
    outcome: frozenset[str]
    noun_openers: frozenset[str]
    paired: re.Pattern[str]
    purpose: re.Pattern[str]


@functools.cache
def rules(path: Path = RULES_FILE) -> Rules:
    """The follow-through rules file, compiled once."""
    spec = read_rules(path, KEYS)
    split = spec["splitting"]
    themes = tuple(
        (
            entry["theme"],
            re.compile(
                rf"\b(?:{alternatives([c for cues in entry['objects'].values() for c in cues])})\b",
                re.IGNORECASE,
            ),
        )
        for entry in spec["themes"]
    )
    objects = tuple(
        (entry["theme"], name, re.compile(rf"\b(?:{alternatives(cues)})\b", re.IGNORECASE))
        for entry in spec["themes"]
        for name, cues in entry["objects"].items()
    )
    verbs = {*split["action_verbs"], *split["outcome_verbs"], *split["purpose_verbs"]}
    return Rules(
        spec,
        themes,
        objects,
        frozenset(split["action_verbs"]),
        frozenset(split["chain_verbs"]),
        frozenset(split["outcome_verbs"]),
        frozenset(split["noun_openers"]),
        re.compile(split["paired_prepositions"], re.IGNORECASE),
        re.compile(rf"\bto (?:{alternatives(sorted(verbs))})\b", re.IGNORECASE),
    )


@dataclass(frozen=True)
class Item:
    """One recommended action: its number in the list, its span in the text, its theme."""

    item_no: int
    start: int
    end: int
    theme: str | None


def item_theme(text: str, table: Rules | None = None) -> str | None:
    """An item's theme: its leading action's (``lead_themes`` of the rules file) when it opens with
    one of those verbs, unless its first theme by cue is one of that entry's ``unless`` themes;
    else the first theme, in priority order, whose cue it matches."""
    table = table or rules()
    own = theme_of(text, table)
    lead = re.match(r"\s*(?:\w+ly\s+)?([A-Za-z]+)", text)
    verb = lead.group(1).lower() if lead else ""
    for entry in table.spec["lead_themes"]:
        if verb in entry["verbs"] and own not in entry.get("unless", []):
            return entry["theme"]
    return own


def theme_of(text: str, table: Rules | None = None) -> str | None:
    """The first theme, in priority order, whose cue the text matches (None when none does)."""
    table = table or rules()
    for theme, pattern in table.themes:
        if pattern.search(text):
            return theme
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding spaces, punctuation and a leading 'and'/'or'."""
    while start < end and text[start] in " \t\n•;,.-–—:":
        start += 1
    lead = re.match(r"(?:and|or)\s+", text[start:end], re.IGNORECASE)
    if lead:
        start += lead.end()
    while end > start and text[end - 1] in " \t\n•;,:.":
        end -= 1
    return start, end


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in re.finditer(r"[A-Za-z][\w'-]*", text)]


def _verb_splits(text: str, table: Rules) -> list[int]:
    """Offsets (in ``text``) where an "and <verb>" opens a new action."""
    words = _words(text)
    cuts = []
    part_start = 0
    for i in range(1, len(words) - 1):
        if words[i][2] != "and":
            continue
        verb = words[i + 1][2]
        if verb not in table.action:
            continue
        before = text[part_start : words[i][0]]
        before_words = [w for _, _, w in _words(before)]
        if not before_words:
            continue
        if all(w in table.action for w in before_words):
            continue  # "finalize and implement a policy": two verbs, one object
        if verb in table.chain and any(w in table.chain for w in before_words):
            continue  # "investigate and prosecute …, and convict": the chain stays one item
        if verb in table.outcome and table.purpose.search(before):
            continue  # "… to increase understanding and improve identification": one purpose
        cut = words[i][0]
        cuts.append(cut)
        part_start = cut
    return cuts


def _noun_split(text: str, table: Rules) -> int | None:
    """Where "and <noun phrase>" joins objects of different themes (None: no such split)."""
    words = _words(text)
    if not words or theme_of(words[0][2], table) is not None:
        return None  # a verb that is itself a theme ("train …", "fund …") keeps its objects together
    for i in range(1, len(words) - 1):
        if words[i][2] != "and" or words[i + 1][2] not in table.noun_openers:
            continue
        if text[words[i][0] - 2 : words[i][0]].strip() == ",":
            continue  # ", and the …" closes a list of objects
        left, right = text[: words[i][0]], text[words[i][1] :]
        a, b = theme_of(left, table), theme_of(right, table)
        if a and b and a != b:
            return words[i][0]
    return None


def _segments(doc: Document, table: Rules) -> list[tuple[int, int]]:
    """Spans of the recommendation text cut at semicolons, bullets and sentence ends."""
    spans = []
    listed = [s for s in doc.sentences if s.section == "recommendations" and not s.foreign]
    if listed:
        sources = [(s.start, s.end) for s in listed]
    else:  # older editions: "the government should …"
        sources = []
        for s in doc.sentences:
            if s.foreign or s.section == "recommendations":
                continue
            match = SHOULD.search(doc.text, s.start, s.end)
            if match:
                sources.append((match.end(), s.end))
    for start, end in sources:
        head = INLINE_HEAD.match(doc.text, start, end)
        if head:
            start = head.end()
        cursor = start
        for match in re.finditer(r";|\s•\s", doc.text[start:end]):
            spans.append((cursor, start + match.start()))
            cursor = start + match.end()
        spans.append((cursor, end))
    return spans


def recommendation_items(doc: Document) -> list[Item]:
    """The recommended actions of a narrative, in order (empty when it has none)."""
    table = rules()
    items: list[Item] = []
    for seg_start, seg_end in _segments(doc, table):
        seg_start, seg_end = _trim(doc.text, seg_start, seg_end)
        if seg_end - seg_start < 3:
            continue
        text = doc.text[seg_start:seg_end]
        cuts = [seg_start + c for c in _verb_splits(text, table)]
        parts = list(zip([seg_start, *cuts], [*cuts, seg_end], strict=True))
        for part_start, part_end in parts:
            part_start, part_end = _trim(doc.text, part_start, part_end)
            part = doc.text[part_start:part_end]
            paired = table.paired.search(part)
            if paired:  # "increase funding for, and access to, services"
                second = part_start + paired.start("second")
                items.append(Item(0, part_start, part_end, item_theme(part, table)))
                tail = doc.text[second:part_end]
                items.append(Item(0, second, part_end, item_theme(tail, table)))
                continue
            noun = _noun_split(part, table)
            if noun is not None:
                left_end = _trim(doc.text, part_start, part_start + noun)[1]
                right_start = _trim(doc.text, part_start + noun, part_end)[0]
                items.append(Item(0, part_start, left_end, item_theme(doc.text[part_start:left_end], table)))
                items.append(
                    Item(0, right_start, part_end, item_theme(doc.text[right_start:part_end], table))
                )
                continue
            items.append(Item(0, part_start, part_end, item_theme(part, table)))
    return [Item(i + 1, it.start, it.end, it.theme) for i, it in enumerate(items)]

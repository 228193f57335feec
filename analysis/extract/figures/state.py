"""What a sentence is read with: each figure in its context (Figure), what it counts and the verb that
governs it (HeadVerb), and what one sentence leaves for the next (Anchor, SentenceState)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.extract.figures.clauses import (
    NEW_SUBJECT,
    Candidate,
)
from analysis.extract.figures.numbers import Number


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

"""Literal prefilters: a pattern behind a prefilter finds exactly what it finds alone."""

import re
from pathlib import Path

import pytest

from analysis.extract.figures import (
    budget,
    cases,
    clauses,
    negatives,
    patterns,
    rules,
    state,
    vocabulary,
    years,
)
from analysis.extract.figures.prefilter import Prefiltered, required_literals
from analysis.extract.text.document import read_document


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"\bhotlines?\b", re.IGNORECASE, ("hotline",)),
        (r"\b(?:during|in)\s+(?:\w+\s+){0,4}?(?:operations?|raids?)\b", 0, ("operation", "raid")),
        (r"(?:referred|referral)s?", 0, ("referr",)),  # the parser keeps their common start
        (r"\bby\b", 0, None),  # too short to filter anything
        (r"(?:abc|)def", 0, ("def",)),  # an empty branch requires nothing; the run after it does
        (r"(?:abc)?\d+", 0, None),  # an optional group and a class: nothing required
        (r"(?i:Tier)\s+\d", 0, ("tier",)),
        (r"(?:refer|referred)\s", 0, ("refer",)),  # a piece holding another is tested by that one
    ],
)
def test_required_literals(pattern, flags, expected):
    assert required_literals(pattern, flags) == expected


def test_prefiltered_keeps_the_compiled_patterns_interface():
    pattern = Prefiltered(r"\bshelters?\b", re.IGNORECASE)
    assert pattern.search("Two SHELTERS opened").group() == "SHELTERS"
    assert pattern.search("no such word") is None
    assert [m.start() for m in pattern.finditer("a shelter, two shelters", 5)] == [15]
    assert pattern.match("shelter").group() == "shelter"  # other methods are the pattern's own
    assert pattern.pattern == r"\bshelters?\b"


def _prefiltered_patterns() -> dict[str, Prefiltered]:
    found = {}
    for module in (patterns, clauses, years, negatives, state, cases, budget, rules, vocabulary):
        for name, value in vars(module).items():
            if isinstance(value, Prefiltered):
                found[f"{module.__name__}.{name}"] = value
            elif isinstance(value, list) and value and isinstance(value[0], tuple):
                for i, item in enumerate(value):
                    for part in item:
                        if isinstance(part, Prefiltered):
                            found[f"{module.__name__}.{name}[{i}]"] = part
    return found


def test_every_prefiltered_pattern_finds_what_the_plain_pattern_finds_on_real_text(
    corpus_dir, world_corpus_dir
):
    """Every sentence of the corpus and corpus-world, every prefiltered pattern of the rules:
    the prefilter may only ever rule out text the pattern does not match."""
    sentences = []
    for path in sorted([*corpus_dir.glob("*/*.txt"), *world_corpus_dir.glob("*/*.txt")]):
        sentences += [s.text for s in read_document(Path(path).read_text(encoding="utf-8")).sentences]
    patterns = _prefiltered_patterns()
    assert len(patterns) >= 30, sorted(patterns)
    matched = 0
    for name, pattern in patterns.items():
        for text in sentences:
            plain = [m.span() for m in pattern.compiled.finditer(text)]
            assert [m.span() for m in pattern.finditer(text)] == plain, (name, text[:80])
            matched += bool(plain)
    assert matched > 1000  # the patterns do match real text: the test compares something

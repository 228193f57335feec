"""Literal prefilters for regular expressions: words a match must contain, tested with ``in``.

Python's ``re`` tries an alternation such as ``\\b(?:during|in|from)\\s+…operations?`` at every
position of a sentence; most sentences hold none of the words any match needs. A
:class:`Prefiltered` pattern first asks whether the lower-cased text contains one of the
literal pieces every match of the pattern must contain (found from the pattern's parse tree),
and runs the pattern only then. Results are the same as the pattern's own: the prefilter only
ever says "cannot match".

Example:
    >>> required_literals(r"\\b(?:during|in)\\s+(?:\\w+\\s+){0,4}?(?:operations?|raids?)\\b")
    ('operation', 'raid')
    >>> pattern = Prefiltered(r"\\bhotlines?\\b", re.IGNORECASE)
    >>> pattern.search("a call to the Hotline") is not None, pattern.search("no such call")
    (True, None)
"""

from __future__ import annotations

import re

try:  # Python 3.11 moved the parser; both names work there
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse  # type: ignore[no-redef]

#: a required piece shorter than this filters too little to be worth testing
MIN_LITERAL = 3


def required_literals(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Lower-cased literals of which every match of ``pattern`` contains at least one, or None
    when no such set of literals of ``MIN_LITERAL`` characters or more can be read from it."""
    tree = sre_parse.parse(pattern, flags)
    found = _sequence(list(tree))
    if found is None or min(len(x) for x in found) < MIN_LITERAL:
        return None
    # a piece that holds another piece is tested by that one ("referr" by "refer")
    pieces = {x for x in found if not any(y != x and y in x for y in found)}
    return tuple(sorted(pieces, key=lambda x: (-len(x), x)))


def _better(a: list[str] | None, b: list[str] | None) -> list[str] | None:
    """The more selective of two requirements: the longer shortest piece, then fewer pieces."""
    if a is None:
        return b
    if b is None:
        return a
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _sequence(items: list) -> list[str] | None:
    """The best requirement of a sequence: a run of literal characters, or one of its parts'."""
    best: list[str] | None = None
    run: list[str] = []
    for op, arg in items:
        if op is sre_parse.LITERAL:
            run.append(chr(arg).lower())
            continue
        if run:
            best = _better(best, ["".join(run)])
            run = []
        best = _better(best, _item(op, arg))
    if run:
        best = _better(best, ["".join(run)])
    return best


def _item(op, arg) -> list[str] | None:
    if op is sre_parse.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is sre_parse.BRANCH:
        branches = [_sequence(list(branch)) for branch in arg[1]]
        if any(b is None for b in branches):
            return None
        return [piece for branch in branches for piece in branch]
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
        low, _high, body = arg
        return _sequence(list(body)) if low >= 1 else None
    return None  # classes, anchors, look-arounds, back-references: nothing required


class Prefiltered:
    """A compiled pattern with a literal prefilter: ``search`` and ``finditer`` give what the
    pattern's own give; every other attribute is the compiled pattern's."""

    def __init__(self, pattern: str, flags: int = 0):
        self.compiled = re.compile(pattern, flags)
        self.literals = required_literals(pattern, flags)

    def __getattr__(self, name: str):
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"Prefiltered({self.compiled.pattern!r}, literals={self.literals})"

    def may_match(self, text: str, lowered: str | None = None) -> bool:
        """False only when ``text`` holds none of the literals every match needs (``lowered``:
        ``text.lower()``, when the caller tries several patterns on one text)."""
        if self.literals is None:
            return True
        if lowered is None:
            lowered = text.lower()
        for literal in self.literals:  # noqa: SIM110 - a loop is faster than any() over a generator here
            if literal in lowered:
                return True
        return False

    def search(
        self, text: str, pos: int = 0, endpos: int | None = None, *, lowered: str | None = None
    ) -> re.Match[str] | None:
        if not self.may_match(text, lowered):
            return None
        return self.compiled.search(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None, *, lowered: str | None = None):
        if not self.may_match(text, lowered):
            return iter(())
        return self.compiled.finditer(text, pos, len(text) if endpos is None else endpos)

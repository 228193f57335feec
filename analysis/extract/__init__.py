"""Narrative extractor: TIP country-narrative text → candidate facts with their evidence.

A reviewer reads the output, accepts what is right, and the accepted rows go into
``data/raw/tip_narratives/facts.csv`` (method ``rule:<id>``). Nothing here writes data.

Example:
    >>> from analysis.extract import extract_text
    >>> rows = extract_text("PERU (Tier 2)\\nProsecution\\nThe government convicted 12 traffickers "
    ...                     "in 2007.", report_year=2008)
    >>> rows[["indicator", "value", "reference_year"]].values.tolist()
    [['tier', 2.0, 2008], ['convictions', 12.0, 2007]]
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path

import pandas as pd

from analysis.extract.figures.numbers import NUMBER_WORDS
from analysis.extract.figures.patterns import MAY_HOLD_FIGURE
from analysis.extract.figures.rules import sentence_candidates, tier_from_heading, tier_from_sentence
from analysis.extract.text.document import ODD_SPACE, DocumentError, read_document
from analysis.schema import table_columns

#: the columns of an extracted row (analysis/data/columns.csv, table ``extracted_figures``), and
#: those only the frame of a whole text has
COLUMNS = [c for c in table_columns("extracted_figures") if c != "source_url"]
EXTRA_COLUMNS = ["source_url"]
SKIP_SECTIONS = {"recommendations"}
WORD_SPLIT = re.compile(r"[^a-z]+")
DIGIT = re.compile(r"\d")


def _may_hold_figures(text: str) -> bool:
    """Fast path: a digit, a number word, a negation, or an article before a counted noun."""
    if DIGIT.search(text):
        return True
    if not NUMBER_WORDS.isdisjoint(WORD_SPLIT.split(text.lower())):
        return True
    return bool(MAY_HOLD_FIGURE.search(text))


SUBSET_HINT = re.compile(r"^\s*(?:these|of (?:these|those|them)|including)\b", re.IGNORECASE)


class ExtractError(ValueError):
    """An input the extractor cannot read (names the path and the reason)."""


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=[*COLUMNS, *EXTRA_COLUMNS], dtype="object")


def extract_text(
    text: str, country: str | None = None, report_year: int | None = None, source_url: str | None = None
) -> pd.DataFrame:
    """Candidate facts in a narrative's text, as a frame (see :func:`extract_records`).

    Example:
        >>> extract_text("PERU (Tier 2)\\nNo traffickers were convicted.", report_year=2008)["value"].tolist()
        [2.0, 0.0]
    """
    return _frame(extract_records(text, country, report_year, source_url))


def extract_texts(
    narratives: Iterable[tuple[Hashable, str, str | None, int | None]], key: str = "document"
) -> pd.DataFrame:
    """Candidate facts of many narratives as one frame, with a ``key`` column first naming the
    narrative each row comes from.

    ``narratives`` yields ``(key value, text, country, report_year)``; country and year may be
    None (read from the text). Same rows as :func:`extract_text` on each narrative, built as one
    frame: for a corpus of short excerpts pandas' per-frame cost (~0.25 ms) is a tenth of the
    reading time, so many narratives are faster read this way than one frame each and a concat.

    Example:
        >>> text = "PERU (Tier 2)\\nNo traffickers were convicted."
        >>> extract_texts([("a", text, None, 2008)])["document"].tolist()
        ['a', 'a']
    """
    keys: list[Hashable] = []
    rows: list[dict] = []
    for name, text, country, report_year in narratives:
        found = extract_records(text, country, report_year)
        keys.extend([name] * len(found))
        rows.extend(found)
    frame = _frame(rows)
    frame.insert(0, key, keys)
    return frame


def _frame(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return _empty()
    # a dict of columns builds faster than a list of rows (pandas infers each column once)
    return pd.DataFrame({column: [row[column] for row in rows] for column in (*COLUMNS, *EXTRA_COLUMNS)})


def extract_records(
    text: str, country: str | None = None, report_year: int | None = None, source_url: str | None = None
) -> list[dict]:
    """Candidate facts in a narrative's text.

    Args:
        text: the narrative, plain or in the corpus layout.
        country, report_year: override what the text says (title block, heading, header).
        source_url: URL for facts whose chunk names none.

    Returns:
        One row per figure (``COLUMNS`` plus ``source_url``): offsets ``start``/``end`` into
        ``text``, ``evidence`` the sentence. Never raises on odd text: an unreadable input
        gives no rows.
    """
    try:
        doc = read_document(text, country, report_year)
    except DocumentError:
        return []
    year = doc.report_year
    heading = _heading_tier(doc, source_url)
    rows: list[dict] = [heading] if heading else []
    tier_done = heading is not None
    anchor = None
    seen: set[tuple[str, float]] = set()
    previous_section, previous_paragraph = None, None
    for sentence in doc.sentences:
        if sentence.foreign or doc.iso3 is None:
            anchor = None
            continue
        if sentence.section != previous_section or sentence.paragraph != previous_paragraph:
            anchor = None if sentence.section != previous_section else anchor
        previous_section, previous_paragraph = sentence.section, sentence.paragraph
        tier = None if tier_done else tier_from_sentence(sentence.text)
        if tier:
            value, a, b = tier
            url = sentence.source_url or source_url
            rows.append(
                _tier_row(
                    doc,
                    sentence.section,
                    value,
                    "rule:tier.phrase",
                    sentence.start + a,
                    sentence.start + b,
                    sentence.text,
                    url,
                )
            )
            tier_done = True
        if sentence.section in SKIP_SECTIONS:
            continue
        text_ = sentence.text
        if sentence.truncated_tail:  # never read a word cut in half as a noun
            text_ = text_[: len(text_) - len(text_.split()[-1])] if text_.split() else text_
        if not _may_hold_figures(text_):
            anchor = anchor if SUBSET_HINT.search(text_) else None
            continue
        candidates, anchor = sentence_candidates(text_, year, sentence.section, anchor, seen)
        if candidates:
            rows += _candidate_rows(doc, sentence, candidates, source_url)
    return _once(sorted(rows, key=lambda r: (r["start"], r["end"])))


def _tier_row(doc, section, value, rule, start, end, evidence, url) -> dict:
    """A tier placement as a row: the edition's own year, all forms, no range or qualifier."""
    year = doc.report_year
    return _row(
        doc, year, year, section, "tier", "all", "total", value, None, None, rule, start, end, evidence, url
    )


def _heading_tier(doc, source_url: str | None) -> dict | None:
    """The tier the country's own heading states ("PERU: Tier 2"), or None."""
    own = [h for h in doc.headings if h.iso3 == doc.iso3 and h.iso3 is not None]
    if not own or not own[0].tier:
        return None
    heading = own[0]
    value = tier_from_heading(heading.tier)
    if value is None:
        return None
    url = next((s.source_url for s in doc.sentences if s.start >= heading.start), source_url)
    return _tier_row(
        doc, "intro", value, "rule:tier.heading", heading.start, heading.end, heading.text, url or source_url
    )


def _candidate_rows(doc, sentence, candidates, source_url: str | None) -> list[dict]:
    """A sentence's candidates as rows, their offsets mapped back into the document's text."""
    offsets = _offset_map(doc.text, sentence.start, sentence.end)
    rows = []
    for c in candidates:
        start = offsets[min(c.start, len(offsets) - 1)]
        end = offsets[min(max(c.end - 1, 0), len(offsets) - 1)] + 1
        rows.append(
            _row(
                doc,
                doc.report_year,
                c.reference_year,
                sentence.section,
                c.indicator,
                c.scope,
                c.breakdown,
                c.value,
                c.value_high,
                c.qualifier,
                f"rule:{c.rule}",
                start,
                end,
                sentence.text,
                sentence.source_url or source_url,
            )
        )
    return rows


#: what makes two rows of one narrative the same fact, stated twice: every column of a fact but
#: where it was read (its country and edition are the document's)
SAME_FACT = tuple(
    c for c in COLUMNS if c not in ("country", "report_year", "method", "start", "end", "evidence")
)


def _once(rows: list[dict]) -> list[dict]:
    """Each fact once per section: a section that states the same fact twice ("convicted 25
    individuals in nine cases" … "convicted 25 traffickers in nine cases") gives one row, its first
    mention. The summary and the section it summarises keep a row each (each is a source line)."""
    seen: set[tuple] = set()
    out = []
    for row in rows:
        key = tuple(row[k] for k in SAME_FACT)
        if key in seen:
            continue
        seen.add(key)
        out.append(row)
    return out


def _offset_map(text: str, start: int, end: int) -> Sequence[int]:
    """Map positions in a sentence's whitespace-collapsed text back to file offsets: each
    character that is not a space, and the first of each run of spaces after the first one."""
    if not ODD_SPACE.search(text, start, end) and not text[start : start + 1].isspace():
        return range(start, end) if end > start else [start]  # already collapsed: one to one
    out: list[int] = []
    previous_space = False
    for i in range(start, end):
        if text[i].isspace():
            if not previous_space and out:
                out.append(i)
            previous_space = True
        else:
            out.append(i)
            previous_space = False
    return out or [start]


def _row(
    doc,
    report_year,
    reference_year,
    section,
    indicator,
    scope,
    breakdown,
    value,
    value_high,
    qualifier,
    method,
    start,
    end,
    evidence,
    url,
) -> dict:
    return {
        "country": doc.country,
        "report_year": report_year,
        "reference_year": reference_year,
        "section": section,
        "indicator": indicator,
        "scope": scope,
        "breakdown": breakdown,
        "value": value,
        "value_high": value_high,
        "qualifier": qualifier,
        "method": method,
        "start": start,
        "end": end,
        "evidence": evidence,
        "source_url": url,
    }


def read_text_file(path: Path) -> str:
    """Read a narrative file as UTF-8 text.

    Raises:
        ExtractError: a directory, a missing or unreadable file, an empty file, or one that
            is not UTF-8 text — the message names the path.
    """
    path = Path(path)
    if path.is_dir():
        raise ExtractError(f"{path}: is a directory; give narrative text files")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise ExtractError(f"{path}: file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractError(f"{path}: not UTF-8 text (byte {exc.start}); save the narrative as UTF-8") from exc
    if "\x00" in text:
        raise ExtractError(f"{path}: binary data, not narrative text")
    return text


def extract_file(path: Path, country: str | None = None, report_year: int | None = None) -> pd.DataFrame:
    """Candidate facts of a narrative file (see :func:`extract_text`)."""
    return extract_text(read_text_file(path), country, report_year)

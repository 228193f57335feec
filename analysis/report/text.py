"""Numbers in sentences: one place for how figures are written in report prose.

Report text is rendered from computed values, never typed; these helpers keep the style
consistent ("1,234", "×2.46", "+146%", "0.81"). Names come from the data dictionaries
(indicator and tier labels from ``analysis/data/``, source labels from the sources registry),
so writing a sentence never imports the plotting stack.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis import sources
from analysis.schema import indicator_label, tier_levels


def count(value) -> str:
    """A count with thousands separators; NA as 'not reported'."""
    if value is None or pd.isna(value):
        return "not reported"
    value = float(value)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def ratio(value, digits: int = 2) -> str:
    """A ratio with two decimals; NA as 'undefined'."""
    if value is None or pd.isna(value):
        return "undefined"
    return f"{float(value):.{digits}f}"


def times(value) -> str:
    """A change ratio as '×2.46'."""
    if value is None or pd.isna(value):
        return "undefined"
    return f"×{float(value):.2f}"


def change_over(ratio, gap) -> str:
    """A change ratio with its span: '×2.46' for adjacent years, '×0.00, a 12-year change' else.

    Example:
        >>> change_over(2.4615, 1), change_over(0.0, 12)
        ('×2.46', '×0.00, a 12-year change')
    """
    if gap is None or pd.isna(gap) or int(gap) == 1:
        return times(ratio)
    return f"{times(ratio)}, {span(gap)}"


def span(gap) -> str:
    """What a change between two reported years is called: 'year-over-year' for adjacent years,
    'a 4-year change' otherwise (one wording for every report).

    Example:
        >>> span(1), span(4)
        ('year-over-year', 'a 4-year change')
    """
    return "year-over-year" if gap is None or pd.isna(gap) or int(gap) == 1 else f"a {int(gap)}-year change"


def verb(n, singular: str, plural_form: str) -> str:
    """The verb agreeing with a count: verb(1, 'is', 'are') → 'is'."""
    return singular if n is not None and float(n) == 1 else plural_form


def pct_change(value) -> str:
    """A percentage change with its sign: '+146%', '-25%'."""
    if value is None or pd.isna(value):
        return "undefined"
    return f"{float(value):+.0f}%"


def indicator(name: str) -> str:
    """'suspects_identified' → 'suspects identified' (the vocabulary's label, lower case)."""
    return indicator_label(name).lower()


def source(name: str) -> str:
    """'unodc_glotip' → 'UNODC GLOTIP'; a tier sub-source 'kelley_cho' → 'Kelley (2017) coded tiers'."""
    return sources.label(name)


def tier(value: str) -> str:
    """'2.5' → 'Watch List', '1' → 'Tier 1' (labels of ``tier_levels.csv``)."""
    labels = dict(zip(tier_levels()["tier"], tier_levels()["label"], strict=True))
    return labels.get(value, str(value))


def change(before, after) -> str:
    """The verb for a move from ``before`` to ``after``: 'rose', 'fell' or 'stayed'.

    Example:
        >>> change(96960, 90354), change(1, 2), change(3, 3)
        ('fell', 'rose', 'stayed')
    """
    if before is None or after is None or pd.isna(before) or pd.isna(after):
        raise ValueError(f"change needs two figures; got {before!r} and {after!r}")
    if float(after) > float(before):
        return "rose"
    return "fell" if float(after) < float(before) else "stayed"


def listing(items: Iterable[str], conjunction: str = "and") -> str:
    """['a', 'b', 'c'] → 'a, b and c'."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def year_ranges(years: Iterable[int]) -> str:
    """[2010, 2011, 2014] → '2010-2011 and 2014'."""
    years = sorted({int(y) for y in years})
    runs: list[str] = []
    for year in years:
        if runs and year == int(runs[-1].split("-")[-1]) + 1:
            runs[-1] = f"{runs[-1].split('-')[0]}-{year}"
        else:
            runs.append(str(year))
    return listing(runs)


def plural(n, singular: str, plural_form: str | None = None) -> str:
    """'1 upgrade', '2 upgrades' (the count written with :func:`count`)."""
    word = singular if n is not None and float(n) == 1 else (plural_form or singular + "s")
    return f"{count(n)} {word}"


def region(name: str) -> str:
    """Region names as they read in a sentence: 'the Americas', 'Europe'."""
    return f"the {name}" if name in {"Americas", "Western Hemisphere", "Near East"} else name

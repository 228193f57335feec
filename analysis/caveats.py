"""Caveats: each written once (``analysis/data/caveats.csv``), read by figures and prose alike.

A caveat is a sentence a reader needs to interpret a figure or a number correctly (a same-year
ratio is not a conviction rate; UNODC's ``<5``; partial tier years; TIP and UNODC counting
different things). Figures put it in their note line and reports in their text, from the same
row, so the two never drift apart. Placeholders in braces are filled by :func:`caveat`.
"""

from __future__ import annotations

import string
from functools import lru_cache

import pandas as pd

from analysis.paths import PACKAGE_DATA_DIR

CAVEATS_CSV = PACKAGE_DATA_DIR / "caveats.csv"


@lru_cache(maxsize=1)
def caveats() -> pd.DataFrame:
    """Every caveat: ``id, text`` (text may hold ``{placeholders}``)."""
    return pd.read_csv(CAVEATS_CSV, dtype=str, keep_default_na=False)


def fields(caveat_id: str) -> list[str]:
    """The placeholders a caveat's text needs ('partial_tier_years' → ['complete'])."""
    text = _text(caveat_id)
    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def caveat(caveat_id: str, **values) -> str:
    """The caveat's text with its placeholders filled.

    Example:
        >>> caveat("suppressed_lt5")
        'UNODC suppresses counts below 5: a <5 is kept as the interval 0-4, never as a number.'

    Raises:
        KeyError: an unknown caveat id (the accepted ids are listed) or a missing placeholder.
    """
    text = _text(caveat_id)
    missing = [name for name in fields(caveat_id) if name not in values]
    if missing:
        raise KeyError(f"caveat {caveat_id!r} needs {', '.join(missing)}")
    return text.format(**values)


def _text(caveat_id: str) -> str:
    table = caveats()
    rows = table.loc[table["id"] == caveat_id, "text"]
    if rows.empty:
        raise KeyError(f"unknown caveat {caveat_id!r}; accepted: {', '.join(table['id'])}")
    return rows.iloc[0]

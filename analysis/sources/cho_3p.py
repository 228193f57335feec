"""The Cho–Dreher–Neumayer 3P anti-trafficking policy index (``data/raw/cho_3p/``).

From Kelley's replication file ``cho_3p_index_and_tiers_1999_2014.csv``: ``prosecution``,
``protection`` and ``prevention`` are scored 1–5 and ``p`` (here ``total``) is their sum,
3–15. Rows where no score is reported are left out (NA = not scored). ``year`` is Cho's year,
which looks like the *assessment* year (scores start in 2000, tiers in 2001): see SOURCE.yml
before lagging. The same file's ``tierupdated`` column is read by :mod:`analysis.sources.tiers`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.countries import canonical_name
from analysis.rawio import parse_number, raise_at, read_raw_csv, resolve_countries

SOURCE = "cho_3p"
DATA_FILE = "cho_3p_index_and_tiers_1999_2014.csv"
SOURCE_URL = (
    "https://github.com/andrewheiss/scorecard-diplomacy/blob/"
    "f8c06be83c75c34c97bc3992e24fedc8d275c83b/data/original/"
    "criminalization-cho-tiers_jk_2015-08-10.dta"
)
COUNTRY_COLUMNS = ("name",)
COMPONENTS = ("prosecution", "protection", "prevention")
COLUMNS = ["country", "iso3", "year", *COMPONENTS, "total", "source", "source_url", "method"]


def read_raw(raw_dir: Path) -> pd.DataFrame:
    """The raw Kelley/Cho rows as strings, with ``_file``/``_line``."""
    return read_raw_csv(
        Path(raw_dir) / "cho_3p" / DATA_FILE, ("name", "year", "tierupdated", *COMPONENTS, "p")
    )


def read_scores(raw_dir: Path) -> pd.DataFrame:
    """The 3P scores per country and year: ``country, iso3, year, prosecution, protection,
    prevention, total, source, source_url, method``.

    Raises:
        RawDataError: a component outside 1–5 or a total outside 3–15 (file and line).
    """
    raw = read_raw(raw_dir)
    scores = pd.DataFrame({c: parse_number(raw, c) for c in COMPONENTS})
    scores["total"] = parse_number(raw, "p")
    for column, (low, high) in {**dict.fromkeys(COMPONENTS, (1, 5)), "total": (3, 15)}.items():
        raise_at(
            raw,
            scores[column].notna() & ~scores[column].between(low, high),
            lambda r, c=column, lo=low, hi=high: f"{c} = {r[c if c != 'total' else 'p']} outside {lo}-{hi}",
        )
    keep = scores.notna().any(axis=1)
    raw, scores = raw[keep], scores[keep]
    iso3 = resolve_countries(raw, "name")
    out = pd.DataFrame(
        {
            "country": iso3.map(lambda c: canonical_name(c)),
            "iso3": iso3,
            "year": parse_number(raw, "year").astype("Int64"),
            **{c: scores[c] for c in [*COMPONENTS, "total"]},
            "source": SOURCE,
            "source_url": SOURCE_URL,
            "method": "import",
        }
    )
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)[COLUMNS]

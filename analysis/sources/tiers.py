"""Tier placements from every tier source, and the documented choice of one per country-year.

Sources (``source`` column of ``tiers_all_sources.csv``), in order of precedence:

1. ``tip_narrative`` – the tier heading of a curated TIP country narrative (the report itself).
2. ``kelley_cho`` – Kelley's coded tiers: ``tierupdated`` of the Cho/Kelley file (report
   years 2001–2014) and ``tiers_2015.csv`` (2015). The academic panel, complete for rated
   countries.
3. ``kelley_simmons`` – the Kelley & Simmons (2015) panel's ``tier`` (2001–2011).
4. ``tier_lists_web`` – complete lists transcribed from web pages (2009, 2021; Tier 1 and 2
   of 2020 and 2023).
5. ``tier_lists_2016_2025`` – partial placements 2016–2025 from many pages.
6. ``cia_factbook`` – Factbook Watch List / Tier 3 entries, by the TIP year they cite.

Tier values: ``1``, ``2``, ``2.5`` (Tier 2 Watch List), ``3``, ``special`` (special case).
Kelley's code 555 ("not in the report / missing") is kept in ``tiers_all_sources`` as
``not_rated`` from 2001 on, so that a disagreement such as South Korea 2001–2009 (555 in one
Kelley file, rated in the other and in the 2009 list) is visible; ``not_rated`` is never chosen.

Choice (``tiers.csv``): the highest-precedence source that rates the country that year. When
one source holds several placements for a country-year (the 2016–2025 file keeps conflicting
pages; Factbook editions repeat a year), in this order:

1. a row its transcriber flags as doubtful (its note says it CONFLICTS with other sources, or
   that the wording "may fold" / "may loosely mean" another tier) loses;
2. State Department narrative pages and their mirrors win over news and NGO pages, which win
   over Factbook entries (whose year citations lag);
3. the placement seen on more pages wins;
4. between Tier 2 and Tier 2 Watch List, the Watch List wins: news paraphrases drop
   "Watch List" ("remains on Tier 2") but do not add it;
5. the first row in the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.countries import canonical_name
from analysis.rawio import parse_number, raise_at, read_raw_csv, resolve_countries
from analysis.schema import table_columns
from analysis.sources import cho_3p, tip_narratives

PRECEDENCE = (
    "tip_narrative",
    "kelley_cho",
    "kelley_simmons",
    "tier_lists_web",
    "tier_lists_2016_2025",
    "cia_factbook",
)
RATED = ("1", "2", "2.5", "3", "special")
NOT_RATED = "not_rated"

KELLEY_URL = (
    "https://github.com/andrewheiss/scorecard-diplomacy/blob/"
    "f8c06be83c75c34c97bc3992e24fedc8d275c83b/data/original/"
)
FACTBOOK_URL = "https://github.com/MilkMp/CIA-World-Factbooks-Archive-1990-2025"

ALL_COLUMNS = list(table_columns("tiers_all_sources"))
CHOSEN_COLUMNS = list(table_columns("tiers"))

#: Kelley numeric codes → tier value.
KELLEY_CODES = {"1": "1", "2": "2", "2.5": "2.5", "3": "3", "666": "special", "555": NOT_RATED}
#: Tier labels as the web lists and the Factbook write them → tier value.
LABELS = {
    "tier 1": "1",
    "tier 2": "2",
    "tier 2 watch list": "2.5",
    "tier 3": "3",
    "special case": "special",
}

#: Files and the column holding country names, for the "every name maps" test.
COUNTRY_COLUMNS = {
    "kelley_tiers_2015.csv": "countryname",
    "kelley_simmons_tiers_2001_2011.csv": "name",
    "tier_lists_2009_2020_2021_2023.csv": "country_as_written",
    "tiers_2016_2025.csv": "country_as_written",
    "factbook_tip_tiers_2006_2025.csv": "country_factbook",
}

_NARRATIVE_PAGE = re.compile(r"state\.gov|refworld|ecoi\.net|usembassy|gvnet", re.I)
_DOUBT = re.compile(r"CONFLICTS|may fold|may loosely", re.I)
DOUBT_NOTE = "transcriber flags this row as conflicting with other sources or loosely worded"


def _code(value: str) -> str:
    """Normalise a Kelley numeric code: '2.0' → '2', '2.50' → '2.5', '555.0' → '555'."""
    try:
        return f"{float(value):g}"
    except ValueError:
        return value


def _resolve(raw: pd.DataFrame, column: str) -> pd.Series:
    """ISO3 per row (NA for names on the exclusion list); unknown names raise with line."""
    return resolve_countries(raw, column, excluded="na")


def _tiers(raw: pd.DataFrame, values: pd.Series, column: str, mapping: dict) -> pd.Series:
    tiers = values.map(mapping)
    raise_at(
        raw,
        values.ne("") & tiers.isna(),
        lambda r: f"{column} = {r[column]!r} is not a tier; accepted: {', '.join(mapping)}",
    )
    return tiers


def _frame(raw, iso3, year, tier, source, url, note=pd.NA) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "iso3": iso3,
            "report_year": year,
            "tier": tier,
            "source": source,
            "source_url": url,
            "method": "import",
            "note": note,
            "_file": raw["_file"],
            "_line": raw["_line"],
        }
    )
    return frame[frame["iso3"].notna() & frame["tier"].notna()]


def read_kelley(raw_dir: Path) -> pd.DataFrame:
    """Kelley's coded tiers: ``tierupdated`` (2001–2014) and ``tiers_2015.csv`` (2015)."""
    raw = cho_3p.read_raw(raw_dir)
    year = parse_number(raw, "year").astype("Int64")
    raw = raw[year >= 2001]
    year = year[year >= 2001]
    codes = raw["tierupdated"].map(_code)
    tiers = _tiers(raw, codes, "tierupdated", KELLEY_CODES)
    note = codes.map({"555": "Kelley code 555: not in the report / missing"})
    older = _frame(
        raw,
        resolve_countries(raw, "name"),
        year,
        tiers,
        "kelley_cho",
        KELLEY_URL + "criminalization-cho-tiers_jk_2015-08-10.dta",
        note,
    )

    raw15 = read_raw_csv(Path(raw_dir) / "tiers" / "kelley_tiers_2015.csv", ("countryname", "tier"))
    tiers15 = _tiers(raw15, raw15["tier"].map(_code), "tier", KELLEY_CODES)
    newer = _frame(
        raw15, _resolve(raw15, "countryname"), 2015, tiers15, "kelley_cho", KELLEY_URL + "tiers_2015.csv"
    )
    return pd.concat([older, newer], ignore_index=True)


def read_kelley_simmons(raw_dir: Path) -> pd.DataFrame:
    """The Kelley & Simmons (2015) panel's ``tier`` column, 2001–2011."""
    raw = read_raw_csv(
        Path(raw_dir) / "tiers" / "kelley_simmons_tiers_2001_2011.csv", ("name", "year", "tier")
    )
    codes = raw["tier"].map(_code)
    tiers = _tiers(raw, codes, "tier", KELLEY_CODES)
    note = codes.map({"555": "Kelley code 555: not in the report / missing"})
    return _frame(
        raw,
        _resolve(raw, "name"),
        parse_number(raw, "year").astype("Int64"),
        tiers,
        "kelley_simmons",
        KELLEY_URL + "kelley_simmons_ajps_2014_replication.dta",
        note,
    )


def _read_labelled(raw_dir: Path, file: str, source: str, note_column: str) -> pd.DataFrame:
    raw = read_raw_csv(
        Path(raw_dir) / "tiers" / file,
        ("report_year", "country_as_written", "tier", "source_url", note_column),
    )
    tiers = _tiers(raw, raw["tier"].str.strip().str.lower(), "tier", LABELS)
    doubt = raw[note_column].str.contains(_DOUBT)
    note = pd.Series(pd.NA, index=raw.index, dtype="string").where(~doubt, DOUBT_NOTE)
    return _frame(
        raw,
        _resolve(raw, "country_as_written"),
        parse_number(raw, "report_year").astype("Int64"),
        tiers,
        source,
        raw["source_url"],
        note,
    )


def read_web_lists(raw_dir: Path) -> pd.DataFrame:
    """Complete tier lists transcribed from web pages (2009, 2021; Tier 1+2 of 2020, 2023)."""
    return _read_labelled(raw_dir, "tier_lists_2009_2020_2021_2023.csv", "tier_lists_web", "completeness")


def read_lists_2016_2025(raw_dir: Path) -> pd.DataFrame:
    """Partial tier placements 2016–2025, one row per placement seen."""
    return _read_labelled(raw_dir, "tiers_2016_2025.csv", "tier_lists_2016_2025", "completeness_note")


def read_factbook(raw_dir: Path) -> pd.DataFrame:
    """Factbook Watch List / Tier 3 entries by the TIP year they cite.

    Rows without a cited TIP year are dropped: the Factbook edition lags the report and mixes
    years, so the edition year is not the report year. One row per country, cited year and
    tier is kept (the latest edition's).
    """
    raw = read_raw_csv(
        Path(raw_dir) / "tiers" / "factbook_tip_tiers_2006_2025.csv",
        ("factbook_edition", "country_factbook", "tier_rating", "tip_year_cited"),
    )
    raw = raw[raw["tip_year_cited"].str.strip() != ""]
    tiers = _tiers(raw, raw["tier_rating"].str.strip().str.lower(), "tier_rating", LABELS)
    note = "Factbook edition " + raw["factbook_edition"]
    frame = _frame(
        raw,
        _resolve(raw, "country_factbook"),
        parse_number(raw, "tip_year_cited").astype("Int64"),
        tiers,
        "cia_factbook",
        FACTBOOK_URL,
        note,
    )
    frame = frame.assign(_edition=raw["factbook_edition"].astype(int))
    frame = frame.sort_values("_edition", kind="stable").drop_duplicates(
        ["iso3", "report_year", "tier"], keep="last"
    )
    return frame.drop(columns="_edition").sort_index()


def all_placements(raw_dir: Path, narrative_tiers: pd.DataFrame) -> pd.DataFrame:
    """Every tier placement from every source (``tiers_all_sources.csv``), sorted.

    ``narrative_tiers`` is :func:`analysis.sources.tip_narratives.tier_rows` of the curated
    narrative facts.
    """
    narrative = narrative_tiers.assign(note="tier stated by the narrative")
    frames = [
        narrative,
        read_kelley(raw_dir),
        read_kelley_simmons(raw_dir),
        read_web_lists(raw_dir),
        read_lists_2016_2025(raw_dir),
        read_factbook(raw_dir),
    ]
    out = pd.concat(frames, ignore_index=True)
    out["report_year"] = out["report_year"].astype("Int64")
    out["country"] = out["iso3"].map({c: canonical_name(c) for c in out["iso3"].unique()})
    rank = out["source"].map({s: i for i, s in enumerate(PRECEDENCE)})
    out = out.assign(_rank=rank).sort_values(
        ["iso3", "report_year", "_rank", "tier", "source_url"], kind="stable"
    )
    keep = [*ALL_COLUMNS, "_file", "_line"]
    return out[keep].reset_index(drop=True)


def read_placements(raw_dir: Path) -> pd.DataFrame:
    """Every placement from every tier source, with ``_file``/``_line`` (the registry's reader).

    The narrative placements are the ``tier`` facts of the curated narratives.
    """
    return all_placements(raw_dir, tip_narratives.tier_rows(tip_narratives.read_facts(raw_dir)))


def _page_rank(url: str) -> int:
    if "factbook" in str(url).lower():
        return 2
    return 0 if _NARRATIVE_PAGE.search(str(url) or "") else 1


def choose(all_sources: pd.DataFrame) -> pd.DataFrame:
    """One placement per country and report year, by the module's documented precedence.

    Args:
        all_sources: rows as in ``tiers_all_sources.csv``.

    Returns:
        ``country, iso3, report_year, tier, source, source_url, method``; country-years that
        only a ``not_rated`` code covers are absent (NA = no placement known).
    """
    rated = all_sources[all_sources["tier"].isin(RATED)].copy()
    rated["_source_rank"] = rated["source"].map({s: i for i, s in enumerate(PRECEDENCE)})
    rated["_page_rank"] = rated["source_url"].map(_page_rank)
    rated["_doubt"] = rated["note"].eq(DOUBT_NOTE).fillna(False).astype(int)
    rated["_specific"] = rated["tier"].map({"2": 1}).fillna(0)
    rated["_order"] = range(len(rated))
    best_source = rated.groupby(["iso3", "report_year"])["_source_rank"].transform("min")
    rated = rated[rated["_source_rank"] == best_source]
    trusted = rated.groupby(["iso3", "report_year"])["_doubt"].transform("min")
    rated = rated[rated["_doubt"] == trusted]
    rated["_count"] = rated.groupby(["iso3", "report_year", "tier"])["tier"].transform("size")
    rated["_tier_page_rank"] = rated.groupby(["iso3", "report_year", "tier"])["_page_rank"].transform("min")
    rated = rated.sort_values(
        ["iso3", "report_year", "_tier_page_rank", "_count", "_specific", "_order"],
        ascending=[True, True, True, False, True, True],
    )
    chosen = rated.drop_duplicates(["iso3", "report_year"], keep="first")
    return chosen[CHOSEN_COLUMNS].sort_values(["iso3", "report_year"]).reset_index(drop=True)

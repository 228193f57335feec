"""Country names: the one country table and the lookup every source goes through.

The table (``analysis/data/countries.csv``) has one row per ISO 3166-1 alpha-3 code (plus
``XKX`` Kosovo and the dissolved ``ANT`` Netherlands Antilles): canonical short English name,
the State Department's six TIP regions and UNODC's region and subregion. Names as written in the
sources ("Korea, South", "CzechRep", "Bolivia (Plurinational State of)", "Cote D’Ivoire",
"Congo (ROC)", …) are resolved through pycountry's names and our alias table
(``analysis/data/country_aliases.csv``). Names that are not countries ("World",
"Aruba/Curacao", …) sit on an explicit exclusion list (``country_exclusions.csv``) with a reason.

Lookup ignores case, accents, punctuation and spacing: ``"perú"``, ``" Peru "`` and ``"PERU"``
all resolve to ``PER``. An unknown name raises :class:`UnknownCountryError` naming up to three
close matches.

Example:
    >>> from analysis.countries import to_iso3, canonical_name
    >>> to_iso3("Korea, South"), canonical_name("perú")
    ('KOR', 'Peru')
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from functools import lru_cache

import pandas as pd
import pycountry

from analysis.paths import PACKAGE_DATA_DIR

COUNTRIES_CSV = PACKAGE_DATA_DIR / "countries.csv"
ALIASES_CSV = PACKAGE_DATA_DIR / "country_aliases.csv"
EXCLUSIONS_CSV = PACKAGE_DATA_DIR / "country_exclusions.csv"

TIP_REGIONS = (
    "Africa",
    "East Asia & Pacific",
    "Europe",
    "Near East",
    "South & Central Asia",
    "Western Hemisphere",
)


#: region schemes → the country table's column: the TIP Report's six regions, UNODC's five
REGION_SCHEMES = {"tip": "tip_region", "unodc": "unodc_region"}


class UnknownRegionError(LookupError):
    """A region no scheme of the country table names (the message lists the accepted ones)."""

    def __str__(self) -> str:
        return self.args[0]


def regions(scheme: str | None = None) -> list[str]:
    """The regions of a scheme (``tip`` or ``unodc``; None: both), sorted.

    Raises:
        ValueError: an unknown scheme.
    """
    table = country_table()
    return sorted({r for column in _region_columns(scheme) for r in table[column].dropna()})


def _region_columns(scheme: str | None) -> list[str]:
    if scheme is None:
        return list(REGION_SCHEMES.values())
    if scheme not in REGION_SCHEMES:
        raise ValueError(f"unknown region scheme {scheme!r}; accepted: {', '.join(REGION_SCHEMES)}")
    return [REGION_SCHEMES[scheme]]


def in_region(region: str, scheme: str | None = None) -> pd.DataFrame:
    """The rows of the country table in ``region`` (name matched regardless of case and outer
    spaces), in table order, with the region's name as the table writes it under ``region``.

    Args:
        region: a region's name.
        scheme: ``tip`` or ``unodc``; None: either scheme (a name both use, such as "Europe",
            gives the countries either scheme puts in it).

    Raises:
        UnknownRegionError: no region of the scheme has that name (close matches and the
            scheme's regions are listed).
        ValueError: an unknown scheme.
    """
    table = country_table()
    wanted = region.strip().casefold()
    found = pd.Series(False, index=table.index)
    name = pd.Series(pd.NA, index=table.index, dtype="object")
    for column in _region_columns(scheme):  # with both schemes, a name either uses ("Europe")
        here = table[column].fillna("").str.casefold().eq(wanted)
        name = name.where(~here | name.notna(), table[column])
        found |= here
    if found.any():
        return table[found].assign(region=name[found])
    accepted = regions(scheme)
    close = difflib.get_close_matches(region, accepted, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    what = f"{scheme.upper()} region" if scheme else "region"
    raise UnknownRegionError(f"unknown {what} {region!r}; {hint}accepted: {'; '.join(accepted)}")


class UnknownCountryError(LookupError):
    """A country name that neither the country table nor the alias table knows.

    Attributes:
        name: the name as given.
        suggestions: up to three canonical names that are close to it.
    """

    def __init__(self, name: str, suggestions: list[str] | None = None, detail: str = ""):
        self.name = name
        self.suggestions = list(suggestions or [])
        if detail:
            message = f"{name!r}: {detail}"
        elif self.suggestions:
            quoted = " or ".join(repr(s) for s in self.suggestions)
            message = f"unknown country {name!r}; did you mean {quoted}?"
        else:
            message = (
                f"unknown country {name!r}; no close match. "
                "`python -m analysis countries` lists the accepted names."
            )
        super().__init__(message)

    def __str__(self) -> str:  # LookupError would otherwise repr() the message
        return self.args[0]


class ExcludedNameError(UnknownCountryError):
    """A name on the exclusion list (a region, an aggregate or an ambiguous label)."""


_ST_RE = re.compile(r"\bst\b\.?")


_THE_RE = re.compile(r"^\s*the\s+")
_NOT_KEY_RE = re.compile(r"[^0-9a-z]+")


def normalize_name(name: str) -> str:
    """Return the lookup key of a country name.

    Case, accents, HTML entities, punctuation, spacing and a leading "the" are ignored; "&"
    reads as "and" and "St." as "Saint". ``normalize_name(" Perú ") == "peru"``.
    """
    text = html.unescape(str(name)).replace("\xa0", " ")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("&", " and ")
    text = _ST_RE.sub("saint ", text)
    text = _THE_RE.sub("", text)
    return _NOT_KEY_RE.sub("", text)


@lru_cache(maxsize=1)
def country_table() -> pd.DataFrame:
    """The country table: ``iso3, name, tip_region, unodc_region, unodc_subregion``.

    Empty strings in the CSV (a territory outside the TIP regions, a country UNODC does not
    list) are NA here.
    """
    table = pd.read_csv(COUNTRIES_CSV, dtype=str, keep_default_na=False)
    table = table.replace("", pd.NA)
    return table


@lru_cache(maxsize=1)
def alias_table() -> pd.DataFrame:
    """Names as written in the sources that pycountry does not know: ``alias, iso3, seen_in``."""
    return pd.read_csv(ALIASES_CSV, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def exclusion_table() -> pd.DataFrame:
    """Names that are deliberately not countries: ``name, seen_in, reason``."""
    return pd.read_csv(EXCLUSIONS_CSV, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, str]]:
    """Map normalised key → ISO3, and normalised key → exclusion reason."""
    table = country_table()
    known = set(table["iso3"])
    index: dict[str, str] = {}

    def add(key_source: str, iso3: str) -> None:
        key = normalize_name(key_source)
        if key and iso3 in known:
            index.setdefault(key, iso3)

    # Aliases first: they are our decisions and win over pycountry's looser names.
    for row in alias_table().itertuples(index=False):
        add(row.alias, row.iso3)
    for row in table.itertuples(index=False):
        add(row.name, row.iso3)
        add(row.iso3, row.iso3)
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                add(value, c.alpha_3)
    excluded = {normalize_name(row.name): row.reason for row in exclusion_table().itertuples(index=False)}
    return index, excluded


def to_iso3(name: str) -> str:
    """Resolve a country name (any source's spelling, or an ISO3 code) to its ISO3 code.

    Raises:
        ExcludedNameError: the name is on the exclusion list (with the reason).
        UnknownCountryError: the name is unknown; the message names up to three close matches.
    """
    if name is None or (isinstance(name, float) and pd.isna(name)):
        raise UnknownCountryError(str(name), detail="country name is missing")
    index, excluded = _index()
    key = normalize_name(name)
    if key in excluded:  # ambiguous labels ("Congo") are refused even if pycountry knows them
        raise ExcludedNameError(str(name), detail=f"not a country: {excluded[key]}")
    if key in index:
        return index[key]
    raise UnknownCountryError(str(name), suggest(name))


def try_iso3(name: str) -> str | None:
    """Like :func:`to_iso3` but returns None for unknown or excluded names."""
    try:
        return to_iso3(name)
    except UnknownCountryError:
        return None


def canonical_name(name_or_iso3: str) -> str:
    """The canonical short English name of a country ("perú" → "Peru", "KOR" → "South Korea")."""
    iso3 = to_iso3(name_or_iso3)
    return _names()[iso3]


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    table = country_table()
    return dict(zip(table["iso3"], table["name"], strict=True))


def suggest(name: str, n: int = 3) -> list[str]:
    """Up to ``n`` canonical names close to ``name`` (by normalised spelling)."""
    index, _ = _index()
    names = _names()
    key = normalize_name(name)
    if not key:
        return []
    hits = difflib.get_close_matches(key, list(index), n=12, cutoff=0.6)
    out: list[str] = []
    for hit in hits:
        canonical = names[index[hit]]
        if canonical not in out:
            out.append(canonical)
        if len(out) == n:
            break
    return out

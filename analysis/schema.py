"""The vocabulary and the facts schema: one place for what a fact is and what it may say.

The vocabularies are tables, not code: indicators (``analysis/data/indicators.csv``: name,
label, section, unit, colour, core, kind, description), protection criteria
(``protection_criteria.csv``), their statuses (``criterion_statuses.csv``: symbol, colour),
tier levels (``tier_levels.csv``: label, colour, position) and non-country aggregates
(``aggregates.csv``). The fact sources are the ``facts`` entries of the sources registry
(:mod:`analysis.sources`). The facts table has one row per reported figure (see ``FACT_COLUMNS``); every loader
runs :func:`validate_facts` so a bad row is reported with its file and line.

Rules that hold for every fact:

- NA means *not reported*; 0 means *reported as none*.
- ``value`` is the figure, or the lower end of a range; ``value_high`` the upper end (else NA).
- ``qualifier`` keeps what the source says about the figure ("at least", "<5 suppressed", …);
  it is never resolved silently.
- ``method`` is ``import``, ``manual`` or ``rule:<id>``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis.paths import PACKAGE_DATA_DIR
from analysis.sources import FACT_SOURCES, of_table

INDICATORS_CSV = PACKAGE_DATA_DIR / "indicators.csv"
CRITERIA_CSV = PACKAGE_DATA_DIR / "protection_criteria.csv"
AGGREGATES_CSV = PACKAGE_DATA_DIR / "aggregates.csv"
STATUSES_CSV = PACKAGE_DATA_DIR / "criterion_statuses.csv"
TIER_LEVELS_CSV = PACKAGE_DATA_DIR / "tier_levels.csv"

#: Columns of the facts table, in order, with their pandas dtypes.
FACT_COLUMNS: dict[str, str] = {
    "country": "string",
    "iso3": "string",
    "source": "string",
    "report_year": "Int64",
    "reference_year": "Int64",
    "indicator": "string",
    "scope": "string",
    "breakdown": "string",
    "value": "Float64",
    "value_high": "Float64",
    "qualifier": "string",
    "note": "string",
    "source_url": "string",
    "method": "string",
}

#: Columns of a protection-criteria table (one row per country, report and criterion).
CRITERIA_COLUMNS: dict[str, str] = {
    "country": "string",
    "iso3": "string",
    "report_year": "Int64",
    "criterion": "string",
    "status": "string",
    "evidence_ref": "string",
    "source_url": "string",
    "method": "string",
    "note": "string",
}

#: Sources a fact may come from (the registry's ``facts`` sources).
SOURCES = FACT_SOURCES

#: Form of trafficking a figure covers.
SCOPES = ("all", "sex", "labor", "other", "unspecified")

#: What a source may say about a figure. Anything else is a schema error.
QUALIFIERS = (
    "at least",
    "more than",
    "fewer than",
    "up to",
    "approximately",
    "projected",
    "<5 suppressed",
)


def _table(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


#: Status values of a protection criterion in a criteria table (``criterion_statuses.csv``).
CRITERION_STATUSES = tuple(_table(STATUSES_CSV)["status"])

#: Tier values of the tier tables (``tier_levels.csv``; 2.5 = Tier 2 Watch List).
TIERS = tuple(_table(TIER_LEVELS_CSV)["tier"])

YEAR_MIN, YEAR_MAX = 1990, 2030

_METHOD_RE = re.compile(r"^(import|manual|rule:[A-Za-z0-9_.\-]+)$")
_BREAKDOWN_RE = re.compile(r"^(total|[a-z_]+=[^;=]+(;[a-z_]+=[^;=]+)*)$")


class SchemaError(ValueError):
    """A row that breaks the facts schema; the message names the file and the line."""


@lru_cache(maxsize=1)
def indicators() -> pd.DataFrame:
    """The indicator vocabulary: ``name, label, section, unit, colour, core, kind, description``."""
    table = _table(INDICATORS_CSV)
    table["core"] = table["core"].eq("true")
    return table


def indicator_label(name: str) -> str:
    """The display label of an indicator ('suspects_identified' → 'Suspects identified').

    An unknown name is returned with underscores as spaces (never an error: labels only).
    """
    labels = dict(zip(indicators()["name"], indicators()["label"]))
    return labels.get(name, name.replace("_", " "))


@lru_cache(maxsize=1)
def tier_levels() -> pd.DataFrame:
    """Tier levels in display order: ``tier, label, axis_label, colour, position``."""
    table = _table(TIER_LEVELS_CSV)
    table["position"] = table["position"].astype(float)
    return table


@lru_cache(maxsize=1)
def criterion_statuses() -> pd.DataFrame:
    """Criterion statuses in display order: ``status, label, symbol, colour, text_colour``."""
    return _table(STATUSES_CSV)


def core_indicators() -> list[str]:
    """Names of the core indicators (the extractor's scored set)."""
    table = indicators()
    return table.loc[table["core"], "name"].tolist()


@lru_cache(maxsize=1)
def protection_criteria() -> pd.DataFrame:
    """The protection-criteria vocabulary: ``criterion, label, description``."""
    return _table(CRITERIA_CSV)


@lru_cache(maxsize=1)
def aggregates() -> pd.DataFrame:
    """Non-country entities a fact may describe (``WLD`` world, ``TIP-AF`` … TIP regions)."""
    return _table(AGGREGATES_CSV)


def coerce_facts(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the schema's columns (missing ones NA) and dtypes.

    Extra columns whose names start with ``_`` (``_file``, ``_line``: where the row came
    from) are kept at the end for error messages; other extra columns are dropped.
    """
    out = pd.DataFrame(index=frame.index)
    for column, dtype in FACT_COLUMNS.items():
        if column in frame:
            series = frame[column]
            if dtype == "string":
                series = series.astype("string").replace("", pd.NA)
            elif dtype == "Int64":
                series = pd.to_numeric(series, errors="raise").astype("Int64")
            else:
                series = pd.to_numeric(series, errors="raise").astype("Float64")
            out[column] = series
        else:
            out[column] = pd.Series(pd.NA, index=frame.index, dtype=dtype)
    for column in frame.columns:
        if column.startswith("_"):
            out[column] = frame[column]
    return out


def _where(frame: pd.DataFrame, index, default: str) -> str:
    if "_file" in frame and "_line" in frame:
        return f"{frame.at[index, '_file']}, line {frame.at[index, '_line']}"
    return f"{default}, row {index}"


def validate_facts(frame: pd.DataFrame, origin: str = "facts") -> pd.DataFrame:
    """Check a facts table against the schema; return it unchanged when it passes.

    Rejected: a missing column; an unknown indicator, source, scope or qualifier; a negative
    value; ``value_high < value``; a year outside 1990–2030; a missing value; a malformed
    ``method`` or ``breakdown``; an ISO3 code that is neither a country nor an aggregate.

    Raises:
        SchemaError: naming the file and line (when the frame carries ``_file``/``_line``,
            as raw readers attach) or ``origin`` and the row index, and what is accepted.
    """
    missing = [c for c in FACT_COLUMNS if c not in frame.columns]
    if missing:
        raise SchemaError(f"{origin}: missing column(s) {missing}; expected {list(FACT_COLUMNS)}")

    from analysis.countries import country_table  # local import: countries is heavier

    known_indicators = set(indicators()["name"])
    known_iso3 = set(country_table()["iso3"]) | set(aggregates()["code"])

    def fail(mask: pd.Series, problem) -> None:
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            index = mask[mask].index[0]
            raise SchemaError(f"{_where(frame, index, origin)}: {problem(frame.loc[index])}")

    fail(
        ~frame["indicator"].isin(known_indicators),
        lambda r: f"unknown indicator {r['indicator']!r}; accepted indicators are listed in "
        f"{INDICATORS_CSV.name} (e.g. prosecutions, convictions, victims_identified)",
    )
    known_sources = [source.id for source in of_table("facts")]  # read now: the registry may grow
    fail(
        ~frame["source"].isin(known_sources),
        lambda r: f"unknown source {r['source']!r}; accepted: {', '.join(known_sources)}",
    )
    fail(
        ~frame["scope"].isin(SCOPES),
        lambda r: f"unknown scope {r['scope']!r}; accepted: {', '.join(SCOPES)}",
    )
    fail(
        frame["qualifier"].notna() & ~frame["qualifier"].isin(QUALIFIERS),
        lambda r: f"unknown qualifier {r['qualifier']!r}; accepted: {', '.join(QUALIFIERS)}",
    )
    fail(
        ~frame["iso3"].isin(known_iso3),
        lambda r: f"unknown ISO3 code {r['iso3']!r} for {r['country']!r}",
    )
    fail(frame["value"].isna(), lambda r: "missing value (a fact row must carry a figure)")
    fail(
        frame["value"] < 0,
        lambda r: f"negative count {r['value']} for {r['indicator']} (counts are >= 0; "
        "a reported 'none' is 0)",
    )
    fail(
        frame["value_high"].notna() & (frame["value_high"] < frame["value"]),
        lambda r: f"value_high {r['value_high']} is below value {r['value']} "
        "(a range keeps its lower end in value)",
    )
    for column in ("report_year", "reference_year"):
        fail(
            frame[column].notna() & ~frame[column].between(YEAR_MIN, YEAR_MAX),
            lambda r, c=column: f"{c} {r[c]} outside {YEAR_MIN}-{YEAR_MAX}",
        )
    fail(frame["reference_year"].isna(), lambda r: "missing reference_year")
    fail(
        ~frame["method"].fillna("").str.match(_METHOD_RE),
        lambda r: f"method {r['method']!r} is not 'import', 'manual' or 'rule:<id>'",
    )
    fail(
        ~frame["breakdown"].fillna("").str.match(_BREAKDOWN_RE),
        lambda r: f"breakdown {r['breakdown']!r} is not 'total' or 'key=value[;key=value]'",
    )
    fail(frame["source_url"].isna(), lambda r: "missing source_url (every figure is sourced)")
    return frame


def validate_criteria(frame: pd.DataFrame, origin: str = "criteria") -> pd.DataFrame:
    """Check a protection-criteria table; return it unchanged when it passes.

    Rejected: a missing column, a criterion outside the vocabulary, a status other than
    ``met | partial | not_met | not_reported``, a report year outside 1990–2030, an assessed
    status without ``evidence_ref``, a missing ``source_url``, or the same criterion twice for
    one country and report.

    Raises:
        SchemaError: naming the file and line (or row) and what is accepted.
    """
    missing = [c for c in CRITERIA_COLUMNS if c not in frame.columns]
    if missing:
        raise SchemaError(f"{origin}: missing column(s) {missing}; expected {list(CRITERIA_COLUMNS)}")
    known = protection_criteria()["criterion"].tolist()
    checks = [
        (~frame["criterion"].isin(known),
         lambda r: f"unknown criterion {r['criterion']!r}; accepted: {', '.join(known)}"),
        (~frame["status"].isin(CRITERION_STATUSES),
         lambda r: f"unknown status {r['status']!r}; accepted: {', '.join(CRITERION_STATUSES)}"),
        (~frame["report_year"].between(YEAR_MIN, YEAR_MAX),
         lambda r: f"report_year {r['report_year']} outside {YEAR_MIN}-{YEAR_MAX}"),
        (frame["status"].isin(["met", "partial", "not_met"]) & frame["evidence_ref"].isna(),
         lambda r: f"status {r['status']!r} needs an evidence_ref (section:sentence)"),
        (frame["source_url"].isna(), lambda r: "missing source_url"),
        (frame.duplicated(["iso3", "report_year", "criterion"], keep="first"),
         lambda r: f"criterion {r['criterion']!r} appears twice for {r['country']} {r['report_year']}"),
    ]
    for mask, problem in checks:
        mask = mask.fillna(True).astype(bool)
        if mask.any():
            index = mask[mask].index[0]
            raise SchemaError(f"{_where(frame, index, origin)}: {problem(frame.loc[index])}")
    return frame

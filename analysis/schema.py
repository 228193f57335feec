"""The vocabulary and the facts schema: one place for what a fact is and what it may say.

The vocabularies are tables, not code: indicators (``analysis/data/indicators.csv``: name,
label, section, unit, colour, core, kind, description), protection criteria
(``protection_criteria.csv``), their statuses (``criterion_statuses.csv``: symbol, colour),
tier levels (``tier_levels.csv``: label, colour, position) and non-country aggregates
(``aggregates.csv``). The fact sources are the ``facts`` entries of the sources registry
(:mod:`analysis.registry`). The facts table has one row per reported figure (see
``FACT_COLUMNS``); every loader runs :func:`validate_facts` so a bad row is reported with its file and line.

Rules that hold for every fact:

- NA means *not reported*; 0 means *reported as none*.
- ``value`` is the figure, or the lower end of a range; ``value_high`` the upper end (else NA).
- ``qualifier`` keeps what the source says about the figure ("at least", "<5 suppressed", …);
  it is never resolved silently.
- ``method`` is ``import``, ``manual`` or ``rule:<id>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa

from analysis.paths import PACKAGE_DATA_DIR
from analysis.registry import FACT_SOURCES, of_table

#: the narrative sections that report what a government did (the summary and recommendations only
#: restate or ask)
FINDING_SECTIONS = ("prosecution", "protection", "prevention")

COLUMNS_CSV = PACKAGE_DATA_DIR / "columns.csv"
#: the processed tables the column registry describes, in build order
PROCESSED_TABLES = ("facts", "tiers", "tiers_all_sources", "cho_3p", "criteria", "followthrough")
#: the other tables it describes: what ingest writes to data/raw/tip_narratives/ (extracted.csv,
#: criteria_extracted.csv) and the rows the narrative extractor returns
RAW_TABLES = ("narrative_extracted", "narrative_criteria_extracted", "extracted_figures")
#: pandas dtype → Frictionless field type
FIELD_TYPES = {"string": "string", "Int64": "integer", "Float64": "number"}


@lru_cache(maxsize=1)
def column_registry() -> pd.DataFrame:
    """Every table's columns, in order: ``table, column, dtype, description``
    (``analysis/data/columns.csv``: the one place a column is declared; the schemas, the build's
    ``datapackage.json``, the README's data dictionary, ingest's raw tables (``RAW_TABLES``) and
    the extractor's rows are read from it).

    Raises:
        ValueError: an unknown table or dtype, or a column without a description (line named).
    """
    registry = pd.read_csv(COLUMNS_CSV, dtype=str, keep_default_na=False)
    tables = (*PROCESSED_TABLES, *RAW_TABLES)
    for line, row in enumerate(registry.itertuples(index=False), start=2):
        if row.table not in tables or row.dtype not in FIELD_TYPES or not row.description:
            raise ValueError(
                f"{COLUMNS_CSV.name}, line {line}: table {row.table!r}, dtype {row.dtype!r}; accepted tables "
                f"{', '.join(tables)}, dtypes {', '.join(FIELD_TYPES)}, and a description"
            )
    return registry


def table_columns(table: str) -> dict[str, str]:
    """A table's columns in order, with their pandas dtypes (from :func:`column_registry`)."""
    registry = column_registry()
    rows = registry[registry["table"] == table]
    if rows.empty:
        raise KeyError(f"unknown table {table!r}; accepted: {', '.join((*PROCESSED_TABLES, *RAW_TABLES))}")
    return dict(zip(rows["column"], rows["dtype"], strict=True))


#: Columns of the facts table, in order, with their pandas dtypes.
FACT_COLUMNS: dict[str, str] = table_columns("facts")
#: Columns of a protection-criteria table (one row per country, report and criterion).
CRITERIA_COLUMNS: dict[str, str] = table_columns("criteria")
#: Recommendation follow-through: one row per recommendation item of edition ``year_from``, coded
#: from edition ``year_to`` (offsets into the two documents, never their text).
FOLLOWTHROUGH_COLUMNS: dict[str, str] = table_columns("followthrough")

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


def _table(name: str) -> pd.DataFrame:
    """A data dictionary of the package, ``analysis/data/<name>.csv``, as strings."""
    return pd.read_csv(PACKAGE_DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


#: Status values of a protection criterion in a criteria table (``criterion_statuses.csv``).
CRITERION_STATUSES = tuple(_table("criterion_statuses")["status"])
#: Status values of a recommendation item's follow-through (``followthrough_statuses.csv``).
FOLLOWTHROUGH_STATUSES = tuple(_table("followthrough_statuses")["status"])

#: Tier values of the tier tables (``tier_levels.csv``; 2.5 = Tier 2 Watch List).
TIERS = tuple(_table("tier_levels")["tier"])

YEAR_MIN, YEAR_MAX = 1990, 2030

_METHOD_RE = re.compile(r"^(import|manual|reviewed|rule:[A-Za-z0-9_.\-]+)$")
_BREAKDOWN_RE = re.compile(r"^(total|[a-z_]+=[^;=]+(;[a-z_]+=[^;=]+)*)$")


class SchemaError(ValueError):
    """A row that breaks a table's schema; the message names the file and line and what is accepted."""


@lru_cache(maxsize=1)
def indicators() -> pd.DataFrame:
    """The indicator vocabulary: name, label, section, unit, colour, core, kind, counts, flow, description.

    ``counts`` says what an indicator counts (``victims``, ``suspects``, ``officials``,
    ``facilities``, ``money``, ``tier``, ``other``): the lists of indicators by kind that the
    extractor, the protection measures and the reports use come from it (:func:`indicators_counting`);
    ``flow`` orders the enforcement counts along a case (:func:`case_flow`).
    """
    table = _table("indicators")
    table["core"] = table["core"].eq("true")
    return table


def indicator_label(name: str) -> str:
    """The display label of an indicator ('suspects_identified' → 'Suspects identified').

    An unknown name is returned with underscores as spaces (never an error: labels only).
    """
    labels = dict(zip(indicators()["name"], indicators()["label"], strict=True))
    return labels.get(name, name.replace("_", " "))


@lru_cache(maxsize=1)
def tier_levels() -> pd.DataFrame:
    """Tier levels in display order: ``tier, label, axis_label, colour, position``."""
    table = _table("tier_levels")
    table["position"] = table["position"].astype(float)
    return table


@lru_cache(maxsize=1)
def criterion_statuses() -> pd.DataFrame:
    """Criterion statuses in display order: ``status, label, symbol, colour, text_colour``."""
    return _table("criterion_statuses")


@lru_cache(maxsize=1)
def followthrough_statuses() -> pd.DataFrame:
    """Follow-through statuses in display order: ``status, label, colour``."""
    return _table("followthrough_statuses")


def indicators_counting(what: str, core_only: bool = False) -> list[str]:
    """Names of the yearly counts (``kind`` count) of ``what``, in the vocabulary's order.

    Example:
        >>> indicators_counting("victims", core_only=True)
        ['victims_identified', 'victims_referred', 'victims_assisted']
    """
    table = indicators()
    if what not in set(table["counts"]):
        accepted = ", ".join(sorted(set(table["counts"])))
        raise ValueError(f"unknown kind of count {what!r}; accepted: {accepted}")
    chosen = (table["counts"] == what) & (table["kind"] == "count")
    if core_only:
        chosen &= table["core"]
    return table.loc[chosen, "name"].tolist()


def case_flow() -> list[str]:
    """The enforcement counts in the order a case moves through them (``flow`` in indicators.csv):
    suspects identified, investigations, prosecutions, convictions.

    Example:
        >>> case_flow()
        ['suspects_identified', 'investigations', 'prosecutions', 'convictions']
    """
    table = indicators()
    staged = table[table["flow"] != ""]
    return staged.assign(step=staged["flow"].astype(int)).sort_values("step")["name"].tolist()


def core_indicators() -> list[str]:
    """Names of the core indicators (the extractor's scored set)."""
    table = indicators()
    return table.loc[table["core"], "name"].tolist()


@lru_cache(maxsize=1)
def protection_criteria() -> pd.DataFrame:
    """The protection-criteria vocabulary: ``criterion, label, description, sections`` (the
    narrative sections that report on the criterion, ``;``-separated)."""
    return _table("protection_criteria")


def sections_needed(kind: str) -> dict[str, frozenset[str]]:
    """What each criterion (``kind="criterion"``) or recommendation theme (``kind="theme"``)
    needs read to be coded: the narrative sections that report on it. A theme not listed
    needs any of the finding sections."""
    table = protection_criteria() if kind == "criterion" else _table("theme_sections")
    return {row[kind]: frozenset(row["sections"].split(";")) for _, row in table.iterrows()}


@lru_cache(maxsize=1)
def aggregates() -> pd.DataFrame:
    """Non-country entities a fact may describe (``WLD`` world, ``TIP-AF`` … TIP regions)."""
    return _table("aggregates")


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


# --- validation (pandera) ----------------------------------------------------------------------
#
# Each table's schema is a pandera DataFrameSchema whose checks carry a name. A failure is
# reported as one line naming the file and line (or row) of the first failing row, for the
# first failing check in the schema's order, with a message written for people: what is wrong
# and what is accepted. Messages are keyed by (column, check name).

Message = Callable[[pd.Series], str]


def _isin(accepted) -> Callable[[pd.Series], pd.Series]:
    accepted = set(accepted)
    return lambda series: series.isin(accepted)


def _check(name: str, test, element_wise: bool = False) -> pa.Check:
    return pa.Check(test, name=name, element_wise=element_wise)


def _validated(frame: pd.DataFrame, schema_and_messages: tuple, origin: str) -> pd.DataFrame:
    """``frame`` unchanged when it passes the schema; else the first failure as a SchemaError."""
    _raise_first(frame, *schema_and_messages, origin)
    return frame


def _raise_first(
    frame: pd.DataFrame, schema: pa.DataFrameSchema, messages: dict[tuple, Message], origin: str
) -> pd.DataFrame:
    """Validate ``frame``; on failure raise SchemaError for the first failing check and row."""
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    missing = cases.loc[cases["check"] == "column_in_dataframe", "failure_case"].tolist()
    if missing:
        raise SchemaError(f"{origin}: missing column(s) {missing}; expected {list(schema.columns)}") from None
    order = {key: i for i, key in enumerate(messages)}
    position = {label: i for i, label in enumerate(frame.index)}
    cases = cases.assign(
        _key=[
            (c if isinstance(c, str) else None, k)
            for c, k in zip(cases["column"], cases["check"], strict=True)
        ]
    )
    cases = cases.assign(
        _order=cases["_key"].map(lambda key: order.get(key, order.get((None, key[1]), len(order)))),
        _row=cases["index"].map(lambda i: position.get(i, -1) if i is not None else -1),
    ).sort_values(["_order", "_row"], kind="stable")
    first = cases.iloc[0]
    key = first["_key"] if first["_key"] in messages else (None, first["check"])
    if first["index"] is None or key not in messages:  # a dtype or other table-wide failure
        raise SchemaError(
            f"{origin}: column {first['column']!r} fails {first['check']} ({first['failure_case']!r})"
        ) from None
    raise SchemaError(
        f"{_where(frame, first['index'], origin)}: {messages[key](frame.loc[first['index']])}"
    ) from None


def facts_schema() -> tuple[pa.DataFrameSchema, dict[tuple, Message]]:
    """The facts schema and its messages, built from the vocabularies and the registry now.

    Rejected: a missing column; an unknown indicator, source, scope or qualifier; an ISO3 code
    that is neither a country nor an aggregate; a missing or negative value;
    ``value_high < value``; a year outside 1990–2030; a missing reference year, a malformed
    ``method`` or ``breakdown``; a missing ``source_url``. Other columns (``_file``,
    ``_line``) are allowed.
    """
    from analysis.countries import country_table  # local import: countries is heavier

    known_indicators = indicators()["name"].tolist()
    known_sources = [source.id for source in of_table("facts")]  # read now: the registry may grow
    known_iso3 = set(country_table()["iso3"]) | set(aggregates()["code"])
    in_years = lambda s: s.between(YEAR_MIN, YEAR_MAX)
    columns = {
        "country": pa.Column("string", nullable=True),
        "iso3": pa.Column("string", _check("known", _isin(known_iso3))),
        "source": pa.Column("string", _check("known", _isin(known_sources))),
        "report_year": pa.Column("Int64", _check("in_years", in_years), nullable=True),
        "reference_year": pa.Column("Int64", _check("in_years", in_years)),
        "indicator": pa.Column("string", _check("known", _isin(known_indicators))),
        "scope": pa.Column("string", _check("known", _isin(SCOPES))),
        "breakdown": pa.Column("string", _check("format", lambda s: s.str.match(_BREAKDOWN_RE))),
        "value": pa.Column("Float64", _check("non_negative", lambda s: s >= 0)),
        "value_high": pa.Column("Float64", nullable=True),
        "qualifier": pa.Column("string", _check("known", _isin(QUALIFIERS)), nullable=True),
        "note": pa.Column("string", nullable=True),
        "source_url": pa.Column("string"),
        "method": pa.Column("string", _check("format", lambda s: s.str.match(_METHOD_RE))),
    }
    range_order = _check("range_order", lambda f: ~(f["value_high"] < f["value"]).fillna(False))
    schema = pa.DataFrameSchema(columns, checks=[range_order], strict=False, name="facts")

    def unknown(column: str, accepted: str) -> Message:
        return lambda r: f"unknown {column.replace('_', ' ')} {r[column]!r}; accepted: {accepted}"

    messages: dict[tuple, Message] = {
        ("indicator", "known"): lambda r: (
            f"unknown indicator {r['indicator']!r}; accepted indicators are listed "
            f"in indicators.csv (e.g. prosecutions, convictions, victims_identified)"
        ),
        ("indicator", "not_nullable"): lambda r: "missing indicator",
        ("source", "known"): unknown("source", ", ".join(known_sources)),
        ("source", "not_nullable"): lambda r: "missing source",
        ("scope", "known"): unknown("scope", ", ".join(SCOPES)),
        ("scope", "not_nullable"): lambda r: "missing scope",
        ("qualifier", "known"): unknown("qualifier", ", ".join(QUALIFIERS)),
        ("iso3", "known"): lambda r: f"unknown ISO3 code {r['iso3']!r} for {r['country']!r}",
        ("iso3", "not_nullable"): lambda r: f"unknown ISO3 code {r['iso3']!r} for {r['country']!r}",
        ("value", "not_nullable"): lambda r: "missing value (a fact row must carry a figure)",
        ("value", "non_negative"): lambda r: (
            f"negative count {r['value']} for {r['indicator']} (counts are >= 0; a reported 'none' is 0)"
        ),
        (None, "range_order"): lambda r: (
            f"value_high {r['value_high']} is below value {r['value']} (a range keeps its lower end in value)"
        ),
        ("report_year", "in_years"): lambda r: (
            f"report_year {r['report_year']} outside {YEAR_MIN}-{YEAR_MAX}"
        ),
        ("reference_year", "in_years"): lambda r: (
            f"reference_year {r['reference_year']} outside {YEAR_MIN}-{YEAR_MAX}"
        ),
        ("reference_year", "not_nullable"): lambda r: "missing reference_year",
        ("method", "format"): lambda r: (
            f"method {r['method']!r} is not 'import', 'manual', 'reviewed' or 'rule:<id>'"
        ),
        ("method", "not_nullable"): lambda r: "method <NA> is not 'import', 'manual' or 'rule:<id>'",
        ("breakdown", "format"): lambda r: (
            f"breakdown {r['breakdown']!r} is not 'total' or 'key=value[;key=value]'"
        ),
        ("breakdown", "not_nullable"): lambda r: "missing breakdown ('total' or 'key=value[;key=value]')",
        ("source_url", "not_nullable"): lambda r: "missing source_url (every figure is sourced)",
    }
    return schema, messages


def validate_facts(frame: pd.DataFrame, origin: str = "facts") -> pd.DataFrame:
    """Check a facts table against :func:`facts_schema`; return it unchanged when it passes.

    Raises:
        SchemaError: naming the file and line (when the frame carries ``_file``/``_line``,
            as raw readers attach) or ``origin`` and the row index, and what is accepted.
    """
    return _validated(frame, facts_schema(), origin)


def criteria_schema() -> tuple[pa.DataFrameSchema, dict[tuple, Message]]:
    """The protection-criteria schema and its messages.

    Rejected: a missing column, a criterion outside the vocabulary, a status other than
    ``met | partial | not_met | not_reported``, a report year outside 1990–2030, an assessed
    status without ``evidence_ref``, a missing ``source_url``, or the same criterion twice for
    one country and report.
    """
    known = protection_criteria()["criterion"].tolist()
    columns = {
        "country": pa.Column("string", nullable=True),
        "iso3": pa.Column("string", nullable=True),
        "report_year": pa.Column("Int64", _check("in_years", lambda s: s.between(YEAR_MIN, YEAR_MAX))),
        "criterion": pa.Column("string", _check("known", _isin(known))),
        "status": pa.Column("string", _check("known", _isin(CRITERION_STATUSES))),
        "evidence_ref": pa.Column("string", nullable=True),
        "source_url": pa.Column("string"),
        "method": pa.Column("string", nullable=True),
        "note": pa.Column("string", nullable=True),
    }
    evidence = _check(
        "evidence",
        lambda f: ~(f["status"].isin(["met", "partial", "not_met"]) & f["evidence_ref"].isna()).fillna(False),
    )
    unique = _check("unique", lambda f: ~f.duplicated(["iso3", "report_year", "criterion"], keep="first"))
    schema = pa.DataFrameSchema(columns, checks=[evidence, unique], strict=False, name="criteria")
    messages: dict[tuple, Message] = {
        ("criterion", "known"): lambda r: (
            f"unknown criterion {r['criterion']!r}; accepted: {', '.join(known)}"
        ),
        ("criterion", "not_nullable"): lambda r: f"unknown criterion <NA>; accepted: {', '.join(known)}",
        ("status", "known"): lambda r: (
            f"unknown status {r['status']!r}; accepted: {', '.join(CRITERION_STATUSES)}"
        ),
        ("status", "not_nullable"): lambda r: (
            f"unknown status <NA>; accepted: {', '.join(CRITERION_STATUSES)}"
        ),
        ("report_year", "in_years"): lambda r: (
            f"report_year {r['report_year']} outside {YEAR_MIN}-{YEAR_MAX}"
        ),
        ("report_year", "not_nullable"): lambda r: f"report_year <NA> outside {YEAR_MIN}-{YEAR_MAX}",
        (None, "evidence"): lambda r: f"status {r['status']!r} needs an evidence_ref (section:sentence)",
        ("source_url", "not_nullable"): lambda r: "missing source_url",
        (None, "unique"): lambda r: (
            f"criterion {r['criterion']!r} appears twice for {r['country']} {r['report_year']}"
        ),
    }
    return schema, messages


def validate_criteria(frame: pd.DataFrame, origin: str = "criteria") -> pd.DataFrame:
    """Check a protection-criteria table against :func:`criteria_schema` (SchemaError naming the
    file and line, or row, and what is accepted); return it unchanged."""
    return _validated(frame, criteria_schema(), origin)


def followthrough_schema() -> tuple[pa.DataFrameSchema, dict[tuple, Message]]:
    """The follow-through schema: a known status, report years in range with ``year_to`` after
    ``year_from``, item offsets, and one row per country, edition and item."""
    columns = {
        "iso3": pa.Column("string"),
        "year_from": pa.Column("Int64", _check("in_years", lambda s: s.between(YEAR_MIN, YEAR_MAX))),
        "year_to": pa.Column("Int64", _check("in_years", lambda s: s.between(YEAR_MIN, YEAR_MAX))),
        "item_no": pa.Column("Int64", _check("positive", lambda s: s >= 1)),
        "status": pa.Column("string", _check("known", _isin(FOLLOWTHROUGH_STATUSES))),
        "theme": pa.Column("string"),
    }
    order = _check("order", lambda f: (f["year_to"] > f["year_from"]).fillna(False))
    unique = _check("unique", lambda f: ~f.duplicated(["iso3", "year_from", "item_no"], keep="first"))
    schema = pa.DataFrameSchema(columns, checks=[order, unique], strict=False, name="followthrough")
    accepted = ", ".join(FOLLOWTHROUGH_STATUSES)
    messages: dict[tuple, Message] = {
        ("status", "known"): lambda r: f"unknown status {r['status']!r}; accepted: {accepted}",
        ("status", "not_nullable"): lambda r: f"unknown status <NA>; accepted: {accepted}",
        ("year_from", "in_years"): lambda r: f"year_from {r['year_from']} outside {YEAR_MIN}-{YEAR_MAX}",
        ("year_to", "in_years"): lambda r: f"year_to {r['year_to']} outside {YEAR_MIN}-{YEAR_MAX}",
        ("item_no", "positive"): lambda r: f"item_no {r['item_no']} is not a positive number",
        (None, "order"): lambda r: f"year_to {r['year_to']} is not after year_from {r['year_from']}",
        (None, "unique"): lambda r: (
            f"item {r['item_no']} appears twice for {r['iso3']} {r['year_from']}->{r['year_to']}"
        ),
    }
    return schema, messages


def validate_followthrough(frame: pd.DataFrame, origin: str = "followthrough") -> pd.DataFrame:
    """Check a follow-through table against :func:`followthrough_schema`; return it unchanged or
    raise SchemaError (file and line, or row, and what is accepted)."""
    return _validated(frame, followthrough_schema(), origin)


def tiers_schema(all_sources: bool = False) -> tuple[pa.DataFrameSchema, dict[tuple, Message]]:
    """The tier-table schema: a known tier (``not_rated`` only in the all-sources table), an
    ``Int64`` report year in 1990–2030, an ISO3 code and a source."""
    allowed = [*TIERS, *(["not_rated"] if all_sources else [])]
    columns = {
        "iso3": pa.Column("string"),
        "report_year": pa.Column("Int64", _check("in_years", lambda s: s.between(YEAR_MIN, YEAR_MAX))),
        "tier": pa.Column("string", _check("known", _isin(allowed))),
        "source": pa.Column("string"),
    }
    accepted = ", ".join(sorted(allowed))
    messages: dict[tuple, Message] = {
        ("tier", "known"): lambda r: f"tier {r['tier']!r}; accepted: {accepted}",
        ("tier", "not_nullable"): lambda r: f"tier <NA>; accepted: {accepted}",
        ("report_year", "in_years"): lambda r: (
            f"report_year {r['report_year']} outside {YEAR_MIN}-{YEAR_MAX}"
        ),
        ("report_year", "not_nullable"): lambda r: "missing report_year",
        ("iso3", "not_nullable"): lambda r: "missing iso3",
        ("source", "not_nullable"): lambda r: "missing source",
    }
    return pa.DataFrameSchema(columns, strict=False, name="tiers"), messages


def validate_tiers(frame: pd.DataFrame, origin: str = "tiers", all_sources: bool = False) -> pd.DataFrame:
    """Check a tier table against :func:`tiers_schema`; return it unchanged when it passes."""
    return _validated(frame, tiers_schema(all_sources), origin)

"""Turning facts into series: one figure per series and year, with the edition chosen openly.

A *series* is one (country, source, scope, breakdown, indicator). Within a series the facts
may hold several figures for one reference year:

- **several report editions** — the TIP Report restates earlier years, often revised. Which
  edition to use is a parameter (``edition``), never hidden: ``"latest"`` takes the newest
  report's figure, ``"first"`` the oldest, an ``int`` one given edition (years that edition
  does not report are absent). Figures without an edition (NA ``report_year``) count as the
  oldest.
- **several figures in one edition** — competing agencies (police vs prosecutors) or a
  contradiction inside a paragraph. They are not resolved: the year becomes the interval
  from the smallest to the largest figure, with the note ``several figures``.

:func:`year_values` returns one row per series and year with the interval ``low``–``high``
(equal for an exact figure), so ratio functions can treat a range, a suppressed count
(``<5`` → 0–4) and several figures alike.
"""

from __future__ import annotations

import pandas as pd

SERIES_KEY = ["country", "iso3", "source", "scope", "breakdown", "indicator"]

Edition = str | int

NOTE_RANGE = "range"
NOTE_SUPPRESSED = "suppressed"
NOTE_SEVERAL = "several figures"


def empty_table(columns: list[str]) -> pd.DataFrame:
    """A table with ``columns`` (object dtype) and no rows: what a measure returns for no input."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


#: Columns a facts frame needs for the series functions (and every ratio built on them).
NEEDED = [*SERIES_KEY, "reference_year", "report_year", "value", "value_high", "qualifier"]


def check_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """Refuse a frame the series functions cannot read, naming the column; return it unchanged.

    Raises:
        ValueError: a missing column; ``value``, ``value_high``, ``reference_year`` or
            ``report_year`` that is not numeric (text, mixed types); a negative or infinite
            ``value`` or ``value_high`` (counts are finite and >= 0; NA means not reported).

    Example:
        >>> check_facts(pd.DataFrame({c: [] for c in NEEDED}).assign(value=pd.Series(["7"])))
        Traceback (most recent call last):
        ...
        ValueError: column 'value' must be numeric; found dtype str (e.g. '7')
    """
    missing = [c for c in NEEDED if c not in facts.columns]
    if missing:
        raise ValueError(
            f"facts frame lacks column(s) {missing}; expected the facts table's columns "
            "(analysis.schema.FACT_COLUMNS, as load_facts returns them)"
        )
    for column in ("value", "value_high", "reference_year", "report_year"):
        series = facts[column]
        if not pd.api.types.is_numeric_dtype(series.dtype) and series.notna().any():
            example = series[series.notna()].iloc[0]
            raise ValueError(
                f"column {column!r} must be numeric; found dtype {series.dtype} (e.g. {example!r})"
            )
    for column in ("value", "value_high"):
        numbers = pd.to_numeric(facts[column], errors="coerce").astype(float)
        bad = (numbers < 0) | numbers.isin([float("inf"), float("-inf")])
        if bad.any():
            row = facts.loc[bad[bad].index[0]]
            raise ValueError(
                f"column {column!r} holds {row[column]} for {row['indicator']} {row['reference_year']} "
                f"({row['iso3']}, {row['source']}); counts are finite and >= 0 (NA = not reported)"
            )
    return facts


def select_edition(facts: pd.DataFrame, edition: Edition = "latest") -> pd.DataFrame:
    """Keep, for each series and reference year, the figures of one report edition.

    Args:
        facts: a facts table.
        edition: ``"latest"`` (newest ``report_year``), ``"first"`` (oldest; NA counts as
            oldest) or an ``int`` report year (only that edition's rows are kept).

    Returns:
        The rows of ``facts`` of the chosen edition (all of them, if several share it).

    Raises:
        ValueError: an edition that is none of the above.
    """
    if isinstance(edition, bool) or not (isinstance(edition, int) or edition in ("latest", "first")):
        raise ValueError(f"edition must be 'latest', 'first' or a report year (int); got {edition!r}")
    if isinstance(edition, int):
        return facts[facts["report_year"] == edition]
    # NA editions rank as the oldest: -1 keeps them below every real year.
    rank = facts["report_year"].astype("Float64").fillna(-1)
    key = [*SERIES_KEY, "reference_year"]
    grouped = rank.groupby([facts[c] for c in key], dropna=False)
    best = grouped.transform("max" if edition == "latest" else "min")
    return facts[rank == best]


def year_values(facts: pd.DataFrame, edition: Edition = "latest", urls: bool = False) -> pd.DataFrame:
    """One row per series and reference year: the figure as an interval, with notes.

    Returns:
        Columns ``SERIES_KEY + [year, report_year, low, high, note]``: ``low``/``high`` are
        equal for an exact figure; for a range they are its ends; for a suppressed count
        (``<5``) 0 and 4; for several figures in one edition the smallest and largest.
        ``note`` names what made the interval (``range``, ``suppressed``,
        ``several figures``), NA for an exact figure. ``extracted`` is True when every figure
        behind the row was read by the extractor and not reviewed (method ``rule:<id>``).
        Rows whose value is NA are dropped (NA means not reported). With ``urls=True`` a
        ``source_url`` column holds the URLs of the facts behind each row (several joined by
        ``"; "``), for source-data files.

    Raises:
        ValueError: a frame :func:`check_facts` refuses (the column is named).
    """
    check_facts(facts)
    rows = select_edition(facts[facts["value"].notna()], edition)
    columns = [
        *SERIES_KEY,
        "year",
        "report_year",
        "low",
        "high",
        "note",
        "extracted",
        *(["source_url"] if urls else []),
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    low = rows["value"].astype(float)
    high = rows["value_high"].astype(float).fillna(low)
    suppressed = rows["qualifier"].eq("<5 suppressed").fillna(False)
    ranged = (high > low) & ~suppressed
    work = pd.DataFrame(
        {
            **{c: rows[c] for c in SERIES_KEY},
            "year": rows["reference_year"],
            "report_year": rows["report_year"],
            "low": low,
            "high": high,
            "_suppressed": suppressed,
            "_range": ranged,
            "_url": rows["source_url"] if urls and "source_url" in rows else "",
            "_rule": rows["method"].fillna("").str.startswith("rule:") if "method" in rows else False,
        }
    )
    key = [*SERIES_KEY, "year"]
    out = work.groupby(key, dropna=False, sort=True).agg(
        report_year=("report_year", "max"),
        low=("low", "min"),
        high=("high", "max"),
        n=("low", "size"),
        n_distinct=("low", "nunique"),
        suppressed=("_suppressed", "any"),
        ranged=("_range", "any"),
        extracted=("_rule", "all"),
    )
    out = out.reset_index()
    several = (out["n"] > 1) & ((out["n_distinct"] > 1) | (out["high"] > out["low"]))
    notes = pd.Series("", index=out.index, dtype="string")
    for mask, label in (
        (out["ranged"], NOTE_RANGE),
        (out["suppressed"], NOTE_SUPPRESSED),
        (several & ~out["suppressed"], NOTE_SEVERAL),
    ):
        notes = notes.where(~mask, notes + "; " + label)
    out["note"] = notes.str.removeprefix("; ").replace("", pd.NA)
    out["year"] = out["year"].astype("Int64")
    out["report_year"] = out["report_year"].astype("Int64")
    if urls:
        joined = work.groupby(key, dropna=False, sort=True)["_url"].agg(
            lambda u: "; ".join(sorted({str(x) for x in u if pd.notna(x) and x}))
        )
        out["source_url"] = joined.to_numpy()
    return out[columns]


def editions(facts: pd.DataFrame) -> pd.DataFrame:
    """What each report edition says about each series and year, to show revisions honestly.

    A *revision* is a later edition giving another figure for a year than an earlier one; it is
    counted between editions, never between two figures of the same edition (those are
    competing figures, e.g. two pages transcribing one table differently).

    Returns:
        One row per series, reference year and edition (``report_year``; NA = edition not
        stated): ``values`` (the edition's distinct figures, sorted), ``several`` (the edition
        gives more than one figure) and ``revised`` (the year's editions do not all give the same
        figures). Rows with NA value are dropped (not reported).

    Example:
        >>> from analysis.schema import coerce_facts
        >>> rows = coerce_facts(pd.DataFrame({"iso3": "WLD", "source": "tip_global", "scope": "all",
        ...     "breakdown": "total", "indicator": "prosecutions", "reference_year": [2005, 2005, 2016, 2016],
        ...     "report_year": [2008, None, 2017, 2017], "value": [6178, 6618, 14894, 14897]}))
        >>> [(int(r.year), r.values, r.several, r.revised) for r in editions(rows).itertuples()][1:]
        [(2005, [6618.0], False, True), (2016, [14894.0, 14897.0], True, False)]
    """
    rows = facts[facts["value"].notna()]
    columns = [*SERIES_KEY, "year", "report_year", "values", "several", "revised"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    work = rows.assign(year=rows["reference_year"], _edition=rows["report_year"].astype("Float64").fillna(-1))
    key = [*SERIES_KEY, "year"]
    grouped = work.groupby([*key, "_edition"], dropna=False, sort=True)["value"]
    out = grouped.agg(lambda v: sorted({float(x) for x in v})).rename("values").reset_index()
    out["several"] = out["values"].map(len) > 1
    signature = out["values"].map(tuple)
    out["revised"] = signature.groupby([out[c] for c in key], dropna=False).transform("nunique") > 1
    out["report_year"] = out["_edition"].where(out["_edition"] >= 0).astype("Int64")
    out["year"] = out["year"].astype("Int64")
    order = out["report_year"].astype("Float64").fillna(float("inf"))  # stated editions first, in order
    out = out.assign(_order=order).sort_values([*key, "_order"], kind="stable")
    return out[columns].reset_index(drop=True)

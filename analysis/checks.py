"""Checks of each processed table as a whole, run by every build (``analysis/data/table_checks.csv``).

Row-by-row validation (:mod:`analysis.schema`) cannot see a table gone wrong as a whole: an
edition with ten times the rows it should have (a document filed twice), a column that is
suddenly empty everywhere, a country's series jumping tenfold since the last build. Each check is
one row of the data file: the table, the kind of check, an optional filter (``where``,
``column=value``), the columns a group is keyed by (``by``, ``;``-separated), bounds and a note
saying why. Kinds:

- ``rows_per``: every group of ``by`` has between ``low`` and ``high`` rows;
- ``not_all_empty``: no column is empty (NA) in every row;
- ``jump``: no value changed by more than ``high``-fold since the last build for the same key
  (``by``), unless ``analysis/data/change_notes.csv`` explains that country, source, indicator and
  year. Zeros have no fold-change and are left out; so are keys new in this build.

A failing check names the table, the check, why it exists and the rows (:class:`TableCheckError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from analysis.paths import PACKAGE_DATA_DIR
from analysis.rawio import RawDataError

CHECKS_CSV = PACKAGE_DATA_DIR / "table_checks.csv"
NOTES_CSV = PACKAGE_DATA_DIR / "change_notes.csv"
TABLES = ("facts", "tiers", "tiers_all_sources", "cho_3p", "criteria", "followthrough")
KINDS = ("rows_per", "not_all_empty", "jump")
#: rows a failure message shows (the rest are counted)
SHOWN = 5


class TableCheckError(RawDataError):
    """A processed table that fails a whole-table check (the message names table, check, rows)."""


@dataclass(frozen=True)
class Failure:
    """One failed check: which, why, and the offending rows (or groups)."""

    table: str
    check: str
    note: str
    rows: pd.DataFrame

    def message(self) -> str:
        shown = self.rows.head(SHOWN).to_string(index=False)
        more = f"\n  … and {len(self.rows) - SHOWN} more" if len(self.rows) > SHOWN else ""
        return (
            f"{self.table}: {self.check} ({self.note}):\n"
            + "\n".join(f"  {line}" for line in shown.splitlines())
            + more
        )


@lru_cache(maxsize=1)
def table_checks() -> pd.DataFrame:
    """The checks, validated: a known table and kind in every row (the file and line are named)."""
    checks = pd.read_csv(CHECKS_CSV, dtype=str, keep_default_na=False)
    for line, row in enumerate(checks.itertuples(index=False), start=2):
        if row.table not in TABLES or row.check not in KINDS:
            raise ValueError(
                f"{CHECKS_CSV.name}, line {line}: table {row.table!r} / check {row.check!r}; accepted "
                f"tables {', '.join(TABLES)}, checks {', '.join(KINDS)}"
            )
    return checks


def _where(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    if not where:
        return frame
    column, value = where.split("=", 1)
    return frame[frame[column].astype(str) == value]


def _rows_per(frame: pd.DataFrame, by: list[str], low: int, high: int) -> pd.DataFrame:
    counts = frame.groupby(by, dropna=False).size().rename("rows").reset_index()
    return counts[(counts["rows"] < low) | (counts["rows"] > high)]


def _all_empty(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=["column"])
    return pd.DataFrame({"column": [c for c in frame.columns if frame[c].isna().all()]})


def _jumps(frame: pd.DataFrame, previous: pd.DataFrame | None, by: list[str], factor: float) -> pd.DataFrame:
    columns = [*by, "before", "now"]
    if previous is None or previous.empty or frame.empty:
        return pd.DataFrame(columns=columns)
    now = frame.groupby(by, dropna=False)["value"].max().rename("now")
    before = previous.groupby(by, dropna=False)["value"].max().rename("before")
    both = pd.concat([before, now], axis=1, join="inner").reset_index()
    both = both[(both["before"] > 0) & (both["now"] > 0)]
    fold = both["now"] / both["before"]
    moved = both[(fold > factor) | (fold < 1 / factor)]
    notes = pd.read_csv(NOTES_CSV, dtype=str, keep_default_na=False)
    noted = set(zip(notes["iso3"], notes["source"], notes["indicator"], notes["reference_year"], strict=True))
    keep = [
        (r.iso3, r.source, r.indicator, str(int(r.reference_year))) not in noted for r in moved.itertuples()
    ]
    return moved.loc[pd.Series(keep, index=moved.index, dtype=bool), columns]


def check_tables(
    tables: dict[str, pd.DataFrame], previous: dict[str, pd.DataFrame] | None = None
) -> list[Failure]:
    """Run every check of ``table_checks.csv`` on ``tables`` (name → frame); ``previous`` holds the
    last build's tables for the ``jump`` checks (None: no earlier build, no jump checked)."""
    failures = []
    for row in table_checks().itertuples(index=False):
        if row.table not in tables:
            continue
        frame = _where(tables[row.table], row.where)
        by = [c for c in row.by.split(";") if c]
        if row.check == "rows_per":
            bad = _rows_per(frame, by, int(row.low), int(row.high))
            label = f"rows per {', '.join(by)} outside {row.low}-{row.high}"
        elif row.check == "not_all_empty":
            bad = _all_empty(frame)
            label = "columns empty in every row"
        else:
            before = (previous or {}).get(row.table)
            bad = _jumps(frame, None if before is None else _where(before, row.where), by, float(row.high))
            label = f"values moved more than {row.high}-fold since the last build, with no note"
        if not bad.empty:
            failures.append(
                Failure(row.table, label + (f" [{row.where}]" if row.where else ""), row.note, bad)
            )
    return failures


def raise_failures(failures: list[Failure]) -> None:
    """Raise one :class:`TableCheckError` naming every failure (nothing when there is none)."""
    if failures:
        raise TableCheckError(
            "the build is refused: a processed table fails a whole-table check "
            "(analysis/data/table_checks.csv)\n" + "\n".join(f.message() for f in failures)
        )

"""The review sheet: a person checks extracted figures against their sentences, then applies.

``python -m analysis review --country Peru --report-year 2020`` writes a CSV sheet of the
extracted figures of that country and edition, one row each, with the sentence read from the
document at review time (from the ingest cache, ``data/interim/narratives/``); the sentence is
in the user's sheet only, never stored in the repository. The reviewer fills ``decision``:

- ``accept``: the figure is right as extracted;
- ``correct``: the reviewer edited the row's value, value_high, qualifier, indicator, scope,
  breakdown or reference year, and the edited row is right;
- ``reject``: the figure is wrong (not a figure of that kind, another country, …);
- empty: not decided yet (left as it is).

``review --apply SHEET`` first checks every decided row against the extracted row it came from
(``document``, ``start``, ``end``): a row that matches none, or that differs anywhere but in
``decision`` and, for ``correct``, the corrected columns (:data:`CORRECTABLE`), is refused with
its line and column; the accepted and corrected rows then go through the build's facts schema
(and a reference year after the edition is refused), and nothing is written unless every row
passes. A fact the sheet holds twice with one value (the summary and its section) is curated
once. Then it moves accepted and corrected rows into the curated facts
(``facts.csv``) with method ``reviewed`` and a note naming the document and offsets, and records
rejected ones in ``rejected.csv`` (document, offsets, indicator), which the build drops. Both files
are written together or not at all. Curated rows win over extracted ones in the build, so
re-ingesting never overwrites a reviewed row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from analysis.atomic import locked, write_all_atomic
from analysis.countries import canonical_name, to_iso3
from analysis.extract.text.document import read_document
from analysis.extract.text.ingest import INTERIM_DIR, cached_text
from analysis.paths import RAW_DIR
from analysis.rawio import RawDataError, parse_number, read_raw_csv, resolve_countries
from analysis.schema import SchemaError, coerce_facts, validate_facts
from analysis.sources.tip_narratives import (
    EXTRACTED_COLUMNS,
    EXTRACTED_FILE,
    REJECTED_FILE,
    SOURCE,
    WRITE_LOCK_FILE,
)

DECISIONS = ("accept", "correct", "reject", "")
SHEET_COLUMNS = ["decision", *(c for c in EXTRACTED_COLUMNS if c != "iso3"), "sentence"]
REJECTED_COLUMNS = ["document", "start", "end", "indicator", "country", "report_year", "reviewed_note"]


class ReviewError(ValueError):
    """A sheet that cannot be applied; the message names the file and line."""


def sentence_at(text: str, start: int) -> str:
    """The sentence of ``text`` that holds character ``start`` (whitespace collapsed)."""
    document = read_document(text)
    for sentence in document.sentences:
        if sentence.start <= start < sentence.end:
            return " ".join(sentence.text.split())
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min((i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0), default=len(text))
    return " ".join(text[left : right + 1].split())


def sheet(
    country: str, report_year: int, raw_dir: Path = RAW_DIR, interim_dir: Path = INTERIM_DIR
) -> pd.DataFrame:
    """The review sheet of one country and edition (an empty frame when nothing was extracted).

    Raises:
        UnknownCountryError: an unknown country.
    """
    iso3 = to_iso3(country)
    path = Path(raw_dir) / "tip_narratives" / EXTRACTED_FILE
    if not path.exists():
        return pd.DataFrame(columns=SHEET_COLUMNS)
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = rows[(rows["iso3"] == iso3) & (rows["report_year"] == str(report_year))].copy()
    texts: dict[str, str | None] = {}
    sentences = []
    for row in rows.itertuples():
        if row.document not in texts:
            texts[row.document] = cached_text(row.document, interim_dir)
        text = texts[row.document]
        missing = "(text not cached here: ingest the document)"
        sentences.append(sentence_at(text, int(row.start)) if text else missing)
    rows["sentence"] = sentences
    rows["decision"] = ""
    return rows[SHEET_COLUMNS].reset_index(drop=True)


def _read_sheet(path: Path) -> pd.DataFrame:
    frame = read_raw_csv(Path(path), ["decision", *SHEET_COLUMNS[1:-1]], edited=True)
    frame["decision"] = frame["decision"].str.strip().str.lower()
    bad = frame[~frame["decision"].isin(DECISIONS)]
    if not bad.empty:
        row = bad.iloc[0]
        raise ReviewError(
            f"{row['_file']}, line {row['_line']}: decision {row['decision']!r}; accepted: "
            "accept, correct, reject, or empty (not decided)"
        )
    return frame


def apply_sheet(path: Path, raw_dir: Path = RAW_DIR) -> dict[str, int]:
    """Apply a filled sheet: accepted and corrected rows become curated facts (method
    ``reviewed``), rejected rows are recorded in ``rejected.csv``. Returns counts by decision.
    Holds the folder's write lock, as ingest does.

    Raises:
        ReviewError: an unknown decision, or a row whose key the curated facts already hold
            (file and line named); nothing is written then.
    """
    with locked(Path(raw_dir) / "tip_narratives" / WRITE_LOCK_FILE):
        return _apply_sheet(path, raw_dir)


#: what a reviewer may edit in a row decided ``correct`` (everything else is the extracted row's)
CORRECTABLE = ("reference_year", "indicator", "scope", "breakdown", "value", "value_high", "qualifier")
#: what ties a row of the sheet to the figure it came from
ORIGIN_KEY = ("document", "start", "end")
NUMERIC = {"reference_year", "report_year", "value", "value_high", "start", "end"}


def _same(column: str, a: str, b: str) -> bool:
    """Whether two cells say the same (numbers compared as numbers: a spreadsheet writes 12.0)."""
    a, b = str(a).strip(), str(b).strip()
    if a == b:
        return True
    if column in NUMERIC:
        try:
            return float(a.replace(",", "")) == float(b.replace(",", ""))
        except ValueError:
            return False
    return False


def check_against_extracted(
    sheet_rows: pd.DataFrame,
    extracted: pd.DataFrame,
    columns: list[str] | None = None,
    origin_key: tuple[str, ...] = ORIGIN_KEY,
    correctable: tuple[str, ...] = CORRECTABLE,
    match: str = "indicator",
) -> None:
    """Refuse a decided row of a sheet that is not the extracted row it claims to be: no
    extracted row with its ``origin_key`` (document and offsets), or an edit outside
    ``decision`` and (for ``correct``) ``correctable``. ``columns`` are the sheet's columns that
    come from the extracted table (default: the figures sheet's); among extracted rows sharing an
    origin, the one with the same ``match`` column is compared.

    Raises:
        ReviewError: naming file, line and column, and what may be edited.
    """
    columns = columns or [c for c in SHEET_COLUMNS if c not in ("decision", "sentence")]
    by_origin: dict[tuple, list[dict]] = {}
    for row in extracted.to_dict("records"):
        by_origin.setdefault(tuple(str(row[k]).strip() for k in origin_key), []).append(row)
    for row in sheet_rows[sheet_rows["decision"] != ""].to_dict("records"):
        where = f"{row['_file']}, line {row['_line']}"
        origin = tuple(str(row[k]).strip() for k in origin_key)
        candidates = by_origin.get(origin)
        if not candidates:
            named = ", ".join(
                f"{k} {v[:12] if len(v) == 64 else v!r}" for k, v in zip(origin_key, origin, strict=True)
            )
            raise ReviewError(
                f"{where}: no extracted row with {named}; the columns {', '.join(origin_key)} tie a row "
                "of the sheet to what was extracted: make the sheet again with review"
            )
        same = [c for c in candidates if c.get(match) == row.get(match)]
        extracted_row = (same or candidates)[0]
        editable = correctable if row["decision"] == "correct" else ()
        for column in (c for c in columns if c not in editable):
            if not _same(column, row[column], extracted_row[column]):
                raise ReviewError(
                    f"{where}, column {column}: {row[column]!r} is not the extracted "
                    f"{extracted_row[column]!r}; only decision may be edited, and "
                    f"{', '.join(correctable)} when the decision is correct"
                )


def _apply_sheet(path: Path, raw_dir: Path) -> dict[str, int]:
    sheet_rows = _read_sheet(path)
    folder = Path(raw_dir) / "tip_narratives"
    extracted_path = folder / EXTRACTED_FILE
    extracted = (
        read_raw_csv(extracted_path) if extracted_path.exists() else pd.DataFrame(columns=EXTRACTED_COLUMNS)
    )
    check_against_extracted(sheet_rows, extracted)
    facts_path, rejected_path = folder / "facts.csv", folder / REJECTED_FILE
    curated = pd.read_csv(facts_path, dtype=str, keep_default_na=False)
    key = ["country", "report_year", "reference_year", "indicator", "scope", "breakdown"]
    taken = {tuple(r) for r in curated[key].to_numpy()}
    in_sheet: dict[tuple, dict] = {}
    new_facts, new_rejected = [], []
    for row in sheet_rows.to_dict("records"):
        if row["decision"] in ("accept", "correct"):
            name = canonical_name(to_iso3(row["country"]))
            fact = {
                "country": name,
                "report_year": row["report_year"],
                "reference_year": row["reference_year"],
                "section": row["section"],
                "indicator": row["indicator"],
                "scope": row["scope"] or "all",
                "breakdown": row["breakdown"] or "total",
                "value": row["value"],
                "value_high": row["value_high"],
                "qualifier": row["qualifier"],
                "note": f"reviewed ({row['decision']}) extraction of document {row['document'][:12]}, "
                f"characters {row['start']}-{row['end']}",
                "source_url": row["source_url"],
                "method": "reviewed",
            }
            fact_key = tuple(str(fact[k]) for k in key)
            twin = in_sheet.get(fact_key)
            if twin is not None:  # the summary and its section state one fact: curated once
                if all(_same(c, twin[c], fact[c]) for c in ("value", "value_high", "qualifier")):
                    continue
                raise ReviewError(
                    f"{row['_file']}, lines {twin['_line']} and {row['_line']}: one fact ({name} "
                    f"{row['report_year']} {row['indicator']} {row['reference_year']}, {fact['breakdown']}) "
                    f"with two values ({twin['value']!r}, {fact['value']!r}); decide one of them"
                )
            if fact_key in taken:
                raise ReviewError(
                    f"{row['_file']}, line {row['_line']}: {name} {row['report_year']} "
                    f"{row['indicator']} {row['reference_year']} ({fact['breakdown']}) is "
                    f"already "
                    "curated in facts.csv; edit it there or leave this row undecided"
                )
            taken.add(fact_key)
            in_sheet[fact_key] = {**fact, "_line": row["_line"], "_file": row["_file"]}
            new_facts.append(fact)
        elif row["decision"] == "reject":
            new_rejected.append(
                {
                    "document": row["document"],
                    "start": row["start"],
                    "end": row["end"],
                    "indicator": row["indicator"],
                    "country": row["country"],
                    "report_year": row["report_year"],
                    "reviewed_note": "rejected on review",
                }
            )
    _check_facts(list(in_sheet.values()))
    files = {}
    if new_facts:  # in the curated file's own column order
        files[facts_path] = append_csv(facts_path, list(curated.columns), new_facts)
    if new_rejected:
        files[rejected_path] = append_csv(rejected_path, REJECTED_COLUMNS, new_rejected)
    if files:
        write_all_atomic(files)
    decided = sheet_rows["decision"].value_counts()
    return {d: int(decided.get(d, 0)) for d in ("accept", "correct", "reject")}


def _check_facts(rows: list[dict]) -> None:
    """The accepted and corrected rows through the build's facts schema, before anything is
    written; a reference year after the edition is refused too.

    Raises:
        ReviewError: the first problem, with the sheet's file and line.
    """
    if not rows:
        return
    raw = pd.DataFrame(rows).astype("string").fillna("")
    try:
        frame = raw.copy()
        frame["iso3"] = resolve_countries(raw, "country")
        frame["source"] = SOURCE
        for column in ("value", "value_high", "report_year", "reference_year"):
            frame[column] = parse_number(raw, column)
        frame = coerce_facts(frame)
        validate_facts(frame, "sheet")
    except (RawDataError, SchemaError, ValueError, TypeError) as exc:
        raise ReviewError(str(exc)) from exc
    late = frame[frame["reference_year"] > frame["report_year"]]
    if not late.empty:
        row = late.iloc[0]
        raise ReviewError(
            f"{row['_file']}, line {row['_line']}: reference_year {row['reference_year']} is after the "
            f"{row['report_year']} edition (a report counts its reporting period or earlier years)"
        )


def append_csv(path: Path, columns: list[str], rows: list[dict]) -> bytes:
    """The bytes of ``path`` with ``rows`` appended (the header written when the file is new)."""
    buffer = io.StringIO()
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    if not existing:
        writer.writeheader()
    writer.writerows(rows)
    if existing and not existing.endswith("\n"):
        existing += "\n"
    return (existing + buffer.getvalue()).encode("utf-8")

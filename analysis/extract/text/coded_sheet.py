"""Review sheets for coded tables: protection criteria and recommendation follow-through.

``python -m analysis review --criteria --country Peru --report-year 2020`` and
``review --followthrough --country Peru --report-year 2020`` (the edition whose recommendations
are coded) write a CSV sheet of the coder's rows, one per criterion or item, with the sentences
they rest on read from the ingest cache at review time (in the user's sheet only, never stored in
the repository). The reviewer fills ``decision``:

- ``accept``: the status is right as coded;
- ``correct``: the reviewer edited ``status`` (and, where the coder had no sentence, the evidence
  offsets: ``evidence_ref`` as ``<section>:<start>-<end>`` for a criterion, ``evidence_start`` and
  ``evidence_end`` for an item); ``not_reported`` / ``unclear`` when the narrative says nothing;
- empty: not decided yet (left as it is).

``review --apply SHEET`` adds accepted and corrected rows to the curated table (``criteria.csv``
or ``followthrough.csv``) with method ``reviewed``; the build keeps them over the coder's, so
re-ingesting never overwrites a reviewed row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.atomic import locked, write_all_atomic
from analysis.countries import canonical_name, to_iso3
from analysis.extract.text.ingest import INTERIM_DIR, cached_text
from analysis.extract.text.sheet import ReviewError, append_csv, check_against_extracted, sentence_at
from analysis.paths import RAW_DIR
from analysis.rawio import read_raw_csv
from analysis.schema import (
    CRITERIA_COLUMNS,
    CRITERION_STATUSES,
    FOLLOWTHROUGH_COLUMNS,
    FOLLOWTHROUGH_STATUSES,
)
from analysis.sources.tip_narratives import (
    CRITERIA_EXTRACTED_COLUMNS,
    CRITERIA_EXTRACTED_FILE,
    CRITERIA_FILE,
    FOLLOWTHROUGH_EXTRACTED_COLUMNS,
    FOLLOWTHROUGH_EXTRACTED_FILE,
    FOLLOWTHROUGH_FILE,
    WRITE_LOCK_FILE,
)

DECISIONS = ("accept", "correct", "")


@dataclass(frozen=True)
class SheetKind:
    """What one kind of review sheet reads and writes."""

    name: str
    extracted_file: str
    curated_file: str
    columns: tuple[str, ...]  # the extracted table's columns
    curated_columns: tuple[str, ...]  # the curated table's columns
    year_column: str
    key: tuple[str, ...]  # one curated row per key
    statuses: tuple[str, ...]
    silent: str  # the status that needs no evidence
    sentences: tuple[tuple[str, str, str], ...]  # (sheet column, document column, start column)
    evidence: tuple[str, ...]  # columns an assessed status needs filled
    origin: tuple[str, ...]  # what ties a sheet row to the coded row it came from
    correctable: tuple[str, ...]  # what a reviewer may edit when the decision is correct


CRITERIA = SheetKind(
    "criteria",
    CRITERIA_EXTRACTED_FILE,
    CRITERIA_FILE,
    CRITERIA_EXTRACTED_COLUMNS,
    tuple(CRITERIA_COLUMNS),
    "report_year",
    ("country", "report_year", "criterion"),
    CRITERION_STATUSES,
    "not_reported",
    (("sentence", "document", "start"),),
    ("evidence_ref",),
    ("document", "criterion"),
    ("status", "evidence_ref", "start", "end", "section"),
)
FOLLOWTHROUGH = SheetKind(
    "followthrough",
    FOLLOWTHROUGH_EXTRACTED_FILE,
    FOLLOWTHROUGH_FILE,
    FOLLOWTHROUGH_EXTRACTED_COLUMNS,
    tuple(FOLLOWTHROUGH_COLUMNS),
    "year_from",
    ("country", "year_from", "item_no"),
    FOLLOWTHROUGH_STATUSES,
    "unclear",
    (("item", "document_from", "start"), ("evidence", "document_to", "evidence_start")),
    ("evidence_start", "evidence_end"),
    ("document_from", "document_to", "item_no"),
    ("status", "evidence_start", "evidence_end"),
)
KINDS = {kind.name: kind for kind in (CRITERIA, FOLLOWTHROUGH)}


def sheet_columns(kind: SheetKind) -> list[str]:
    return ["decision", *(c for c in kind.columns if c != "iso3"), *(s[0] for s in kind.sentences)]


def kind_of_sheet(path: Path) -> SheetKind | None:
    """The kind of a filled sheet from its header (None: a sheet of extracted figures)."""
    header = set(read_raw_csv(Path(path), edited=True).columns)
    if "criterion" in header:
        return CRITERIA
    if "item_no" in header:
        return FOLLOWTHROUGH
    return None


def coded_sheet(
    kind: SheetKind, country: str, report_year: int, raw_dir: Path = RAW_DIR, interim_dir: Path = INTERIM_DIR
) -> pd.DataFrame:
    """The review sheet of one country and edition (empty when nothing was coded).

    Raises:
        UnknownCountryError: an unknown country.
    """
    iso3 = to_iso3(country)
    path = Path(raw_dir) / "tip_narratives" / kind.extracted_file
    if not path.exists():
        return pd.DataFrame(columns=sheet_columns(kind))
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = rows[(rows["iso3"] == iso3) & (rows[kind.year_column] == str(report_year))].copy()
    texts: dict[str, str | None] = {}

    def text_of(sha: str) -> str | None:
        if sha not in texts:
            texts[sha] = cached_text(sha, interim_dir)
        return texts[sha]

    for column, document, start in kind.sentences:
        values = []
        for row in rows.to_dict("records"):
            text = text_of(row[document])
            if not row[start]:
                values.append("")  # nothing decided it (not reported, unclear)
            elif text is None:
                values.append("(text not cached here: ingest the document)")
            else:
                values.append(sentence_at(text, int(row[start])))
        rows[column] = values
    rows["decision"] = ""
    return rows[sheet_columns(kind)].reset_index(drop=True)


def apply_coded_sheet(kind: SheetKind, path: Path, raw_dir: Path = RAW_DIR) -> dict[str, int]:
    """Add accepted and corrected rows to the curated table (method ``reviewed``).

    Returns counts by decision.

    Raises:
        ReviewError: an unknown decision or status, an assessed status without evidence, or a
            row the curated table already holds (file and line named); nothing is written then.
    """
    with locked(Path(raw_dir) / "tip_narratives" / WRITE_LOCK_FILE):
        return _apply_coded_sheet(kind, path, raw_dir)


def _apply_coded_sheet(kind: SheetKind, path: Path, raw_dir: Path) -> dict[str, int]:
    frame = read_raw_csv(
        Path(path), [c for c in sheet_columns(kind) if c not in {s[0] for s in kind.sentences}], edited=True
    )
    extracted_path = Path(raw_dir) / "tip_narratives" / kind.extracted_file
    extracted = (
        read_raw_csv(extracted_path) if extracted_path.exists() else pd.DataFrame(columns=kind.columns)
    )
    frame["decision"] = frame["decision"].str.strip().str.lower()
    sheet_only = {"decision", *(s[0] for s in kind.sentences)}
    check_against_extracted(
        frame,
        extracted,
        [c for c in sheet_columns(kind) if c not in sheet_only],
        kind.origin,
        kind.correctable,
        match=kind.origin[-1],
    )
    curated_path = Path(raw_dir) / "tip_narratives" / kind.curated_file
    if curated_path.exists():
        curated = pd.read_csv(curated_path, dtype=str, keep_default_na=False)
    else:
        curated = pd.DataFrame(columns=list(kind.curated_columns))
    columns = list(curated.columns)
    taken = {tuple(r) for r in curated[list(kind.key)].to_numpy()}
    new, counts = [], {"accept": 0, "correct": 0}
    for row in frame.to_dict("records"):
        decision = row["decision"].strip().lower()
        where = f"{row['_file']}, line {row['_line']}"
        if decision not in DECISIONS:
            raise ReviewError(
                f"{where}: decision {row['decision']!r}; accepted: accept, correct, or empty (not decided); "
                f"when the narrative says nothing, correct the status to {kind.silent}"
            )
        if not decision:
            continue
        status = row["status"].strip()
        if status not in kind.statuses:
            raise ReviewError(f"{where}: status {status!r}; accepted: {', '.join(kind.statuses)}")
        if status != kind.silent and not all(str(row[c]).strip() for c in kind.evidence):
            raise ReviewError(
                f"{where}: status {status!r} needs {' and '.join(kind.evidence)} (the deciding sentence's "
                "character offsets in the document)"
            )
        name = canonical_name(to_iso3(row["country"]))
        out = {c: row.get(c, "") for c in columns}
        out.update(country=name, status=status, method="reviewed")
        if status == kind.silent:
            for column in kind.evidence:
                out[column] = ""
        documents = " and ".join(row[d][:12] for _, d, _ in kind.sentences if row.get(d))
        out["note"] = f"reviewed ({decision}) code of document {documents} (was {row['method']})"
        key = tuple(str(out[k]) for k in kind.key)
        if key in taken:
            raise ReviewError(
                f"{where}: {name} {' '.join(key[1:])} is already curated in {kind.curated_file}; edit it "
                "there or leave this row undecided"
            )
        taken.add(key)
        new.append(out)
        counts[decision] += 1
    if new:
        write_all_atomic({curated_path: append_csv(curated_path, columns, new)})
    return counts

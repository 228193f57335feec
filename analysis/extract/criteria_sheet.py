"""The criteria review sheet: a person checks the coder's nine codes of a narrative, then applies.

``python -m analysis review --criteria --country Peru --report-year 2020`` writes a CSV sheet of
the coded criteria of that country and edition (``criteria_extracted.csv``), one row per
criterion, with the deciding sentence read from the ingest cache at review time (in the user's
sheet only, never stored in the repository). The reviewer fills ``decision``:

- ``accept``: the status is right as coded;
- ``correct``: the reviewer edited ``status`` (and, for a status the coder had no sentence for,
  ``evidence_ref`` as ``<section>:<start>-<end>``); ``not_reported`` when the narrative says
  nothing on the criterion;
- empty: not decided yet (left as it is).

``review --apply SHEET`` adds accepted and corrected codes to the curated ``criteria.csv`` with
method ``reviewed``; the build then keeps them over the coder's (a curated code wins), so
re-ingesting never overwrites a reviewed code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.atomic import write_all_atomic
from analysis.countries import canonical_name, to_iso3
from analysis.extract.ingest import INTERIM_DIR
from analysis.extract.sheet import ReviewError, append_csv, sentence_at
from analysis.paths import RAW_DIR
from analysis.rawio import read_raw_csv
from analysis.schema import CRITERION_STATUSES
from analysis.sources.tip_narratives import CRITERIA_EXTRACTED_COLUMNS, CRITERIA_EXTRACTED_FILE, CRITERIA_FILE

DECISIONS = ("accept", "correct", "")
CRITERIA_SHEET_COLUMNS = ["decision", *(c for c in CRITERIA_EXTRACTED_COLUMNS if c != "iso3"), "sentence"]


def is_criteria_sheet(path: Path) -> bool:
    """Whether a filled sheet is a criteria sheet (it has a ``criterion`` column)."""
    with open(path, encoding="utf-8") as handle:
        header = handle.readline()
    return "criterion" in header.strip().split(",")


def criteria_sheet(
    country: str, report_year: int, raw_dir: Path = RAW_DIR, interim_dir: Path = INTERIM_DIR
) -> pd.DataFrame:
    """The criteria review sheet of one country and edition (empty when nothing was coded).

    Raises:
        UnknownCountryError: an unknown country.
    """
    iso3 = to_iso3(country)
    path = Path(raw_dir) / "tip_narratives" / CRITERIA_EXTRACTED_FILE
    if not path.exists():
        return pd.DataFrame(columns=CRITERIA_SHEET_COLUMNS)
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = rows[(rows["iso3"] == iso3) & (rows["report_year"] == str(report_year))].copy()
    sentences = []
    for row in rows.itertuples():
        cached = Path(interim_dir) / f"{row.document}.txt"
        if not row.start:
            sentences.append("")  # not_reported: no sentence decided it
        elif cached.exists():
            sentences.append(sentence_at(cached.read_text(encoding="utf-8"), int(row.start)))
        else:
            sentences.append("(text not cached here: ingest the document)")
    rows["sentence"] = sentences
    rows["decision"] = ""
    return rows[CRITERIA_SHEET_COLUMNS].reset_index(drop=True)


def apply_criteria_sheet(path: Path, raw_dir: Path = RAW_DIR) -> dict[str, int]:
    """Add accepted and corrected codes to ``criteria.csv`` (method ``reviewed``).

    Returns counts by decision.

    Raises:
        ReviewError: an unknown decision or status, an assessed status without evidence, or a
            code the curated table already holds (file and line named); nothing is written then.
    """
    frame = read_raw_csv(Path(path), ["decision", *CRITERIA_SHEET_COLUMNS[1:-1]])
    folder = Path(raw_dir) / "tip_narratives"
    curated_path = folder / CRITERIA_FILE
    curated = pd.read_csv(curated_path, dtype=str, keep_default_na=False)
    key = ["country", "report_year", "criterion"]
    taken = {tuple(r) for r in curated[key].to_numpy()}
    new, counts = [], {"accept": 0, "correct": 0}
    for row in frame.to_dict("records"):
        decision = row["decision"].strip().lower()
        where = f"{row['_file']}, line {row['_line']}"
        if decision not in DECISIONS:
            raise ReviewError(
                f"{where}: decision {row['decision']!r}; accepted: accept, correct, or empty (not decided); "
                "to say the narrative is silent, correct the status to not_reported"
            )
        if not decision:
            continue
        status = row["status"].strip()
        if status not in CRITERION_STATUSES:
            raise ReviewError(f"{where}: status {status!r}; accepted: {', '.join(CRITERION_STATUSES)}")
        evidence = row["evidence_ref"].strip()
        if status != "not_reported" and not evidence:
            raise ReviewError(
                f"{where}: status {status!r} needs evidence_ref as <section>:<start>-<end> (the sentence's "
                "character offsets in the document)"
            )
        name = canonical_name(to_iso3(row["country"]))
        code = {
            "country": name,
            "report_year": row["report_year"],
            "criterion": row["criterion"],
            "status": status,
            "evidence_ref": evidence if status != "not_reported" else "",
            "source_url": row["source_url"],
            "method": "reviewed",
            "note": f"reviewed ({decision}) code of document {row['document'][:12]} (was {row['method']})",
        }
        if tuple(str(code[k]) for k in key) in taken:
            raise ReviewError(
                f"{where}: {name} {row['report_year']} {row['criterion']} is already curated in "
                f"{CRITERIA_FILE}; edit it there or leave this row undecided"
            )
        taken.add(tuple(str(code[k]) for k in key))
        new.append(code)
        counts[decision] += 1
    if new:
        write_all_atomic({curated_path: append_csv(curated_path, list(curated.columns), new)})
    return counts

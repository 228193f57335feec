"""Figures from TIP country narratives: curated by hand, and extracted from ingested documents.

- ``facts.csv`` is curated (method ``manual``, or ``reviewed`` for extractor output a person
  checked). Each row is one figure with its report edition, reference year, scope, breakdown,
  qualifier, a short note in our own words (never the narrative's prose) and its URL.
- ``extracted.csv`` is written by ``python -m analysis ingest`` (:mod:`analysis.extract.text.ingest`):
  the extractor's figures (method ``rule:<id>``) with the document's SHA-256 and the figure's
  character offsets.
- ``criteria.csv`` holds curated protection-criteria codes; ``criteria_extracted.csv`` the
  criteria coder's codes written at ingest (method ``rule:<id>``, evidence as offsets). A
  curated code wins over a coded one for the same country, edition and criterion.

Precedence, one rule: a curated row wins over an extracted row with the same country,
report_year, reference_year, indicator, scope and breakdown; the extracted row is dropped. An
extracted row a reviewer rejected (``rejected.csv``: document, offsets, indicator) is dropped
too.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.rawio import parse_number, raise_at, read_raw_csv, refuse_duplicates, resolve_countries
from analysis.schema import (
    CRITERIA_COLUMNS,
    FINDING_SECTIONS,
    FOLLOWTHROUGH_COLUMNS,
    coerce_facts,
    sections_needed,
    table_columns,
    validate_criteria,
    validate_followthrough,
)

SOURCE = "tip_narrative"
FACTS_FILE = "facts.csv"
CRITERIA_FILE = "criteria.csv"
EXTRACTED_FILE = "extracted.csv"
#: the lock every writer of the folder's tables holds for its read-merge-write (ingest, review)
WRITE_LOCK_FILE = ".write.lock"
CRITERIA_EXTRACTED_FILE = "criteria_extracted.csv"
FOLLOWTHROUGH_EXTRACTED_FILE = "followthrough_extracted.csv"
FOLLOWTHROUGH_FILE = "followthrough.csv"
REJECTED_FILE = "rejected.csv"
#: the documents ingest read: one row per document with the sections it holds
DOCUMENTS_FILE = "documents.csv"
#: An extracted row a reviewer rejected: its document, offsets and indicator.
REJECTED_KEY = ["document", "start", "end", "indicator"]
#: The key on which a curated row replaces an extracted one.
PRECEDENCE_KEY = ["iso3", "report_year", "reference_year", "indicator", "scope", "breakdown"]
#: Figures written by ``ingest`` (the extractor's ``rule:<id>``, offsets, document).
EXTRACTED_COLUMNS = tuple(table_columns("narrative_extracted"))
#: Protection-criteria codes written by ``ingest`` (the coder's ``rule:<id>``, offsets, document).
CRITERIA_EXTRACTED_COLUMNS = tuple(table_columns("narrative_criteria_extracted"))
#: The key on which a curated criteria code replaces a coded one.
CRITERIA_KEY = ["iso3", "report_year", "criterion"]
REQUIRED = (
    "country",
    "report_year",
    "reference_year",
    "indicator",
    "scope",
    "breakdown",
    "value",
    "value_high",
    "qualifier",
    "note",
    "source_url",
    "method",
)


def read_facts(raw_dir: Path) -> pd.DataFrame:
    """The narrative facts: curated rows, and extracted rows no curated row replaces.

    Raises:
        RawDataError: as :func:`read_curated` and :func:`read_extracted`.
    """
    curated = read_curated(raw_dir)
    extracted = read_extracted(raw_dir)
    if extracted.empty:
        return curated
    return curated_first(curated, extracted, PRECEDENCE_KEY)


def curated_first(curated: pd.DataFrame, extracted: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """``curated`` rows, then the ``extracted`` rows whose ``key`` no curated row holds (the one
    precedence rule of this source: facts, criteria codes and follow-through alike)."""
    taken = set(map(tuple, curated[key].astype(str).to_numpy()))
    keep = [tuple(row) not in taken for row in extracted[key].astype(str).to_numpy()]
    return pd.concat([curated, extracted[keep]], ignore_index=True)


#: a curated note that says its figure is part of another count
SUBSET_NOTE = r"\bsubset of\b"


def refuse_subsets_as_totals(raw: pd.DataFrame) -> None:
    """A part of a count stored as the count itself (scope ``all``, breakdown ``total``, while its
    note says "subset of …") would enter the panel as a competing total: Nigeria 2022's 94
    convictions under one law beside the 97 in all drew a 3–97 range. Refused with the line.

    Raises:
        RawDataError: naming the file and line, and what to give instead.
    """
    mask = (
        raw["breakdown"].fillna("").str.strip().isin(["", "total"])
        & raw["scope"].fillna("").str.strip().isin(["", "all"])
        & raw["note"].fillna("").str.contains(SUBSET_NOTE, case=False, regex=True)
    )
    raise_at(
        raw,
        mask,
        lambda r: (
            f"{r['indicator']} {r['value']} is noted as a subset ({r['note']!r}) but stored as the total "
            "(scope all, breakdown total); give the part it is as a breakdown (e.g. law=…, "
            "subset=operation, identified_by=…) or its scope"
        ),
    )


def read_curated(raw_dir: Path) -> pd.DataFrame:
    """Read the curated narrative facts (``facts.csv``) as a facts table (source ``tip_narrative``).

    Raises:
        RawDataError: unreadable file, a non-numeric value, an unknown country (with line), or
            the same fact twice (both lines).
    """
    raw = read_raw_csv(Path(raw_dir) / "tip_narratives" / FACTS_FILE, REQUIRED)
    refuse_duplicates(raw, REQUIRED, "fact")
    refuse_subsets_as_totals(raw)
    frame = raw.copy()
    frame["iso3"] = resolve_countries(raw, "country")
    frame["source"] = SOURCE
    for column in ("value", "value_high", "report_year", "reference_year"):
        frame[column] = parse_number(raw, column)
    return coerce_facts(frame)


def read_extracted(raw_dir: Path) -> pd.DataFrame:
    """Read the extracted narrative facts (``extracted.csv``; none when the file is absent).

    Each row's note names its document and character offsets, so a reader can find the sentence.

    Raises:
        RawDataError: unreadable file, a non-numeric value or an unknown country (with line).
    """
    path = Path(raw_dir) / "tip_narratives" / EXTRACTED_FILE
    if not path.exists():
        return coerce_facts(pd.DataFrame(columns=REQUIRED))
    raw = read_raw_csv(path, EXTRACTED_COLUMNS)
    rejected_path = Path(raw_dir) / "tip_narratives" / REJECTED_FILE
    if rejected_path.exists():  # extractions a reviewer rejected (python -m analysis review --apply)
        rejected = read_raw_csv(rejected_path, REJECTED_KEY)
        gone = set(map(tuple, rejected[REJECTED_KEY].to_numpy()))
        raw = raw[[tuple(r) not in gone for r in raw[REJECTED_KEY].to_numpy()]]
    frame = raw.copy()
    frame["iso3"] = resolve_countries(raw, "country")
    frame["source"] = SOURCE
    for column in ("value", "value_high", "report_year", "reference_year"):
        frame[column] = parse_number(raw, column)
    frame["note"] = (
        "extracted from document "
        + raw["document"].str[:12]
        + ", characters "
        + raw["start"]
        + "-"
        + raw["end"]
        + " ("
        + raw["section"]
        + ")"
    )
    return coerce_facts(frame)


def read_sections(raw_dir: Path) -> dict[str, frozenset[str]]:
    """Coverage: each ingested document's SHA-256 → the narrative sections its text holds
    (``documents.csv``, written by ingest). Empty when no document was ingested."""
    path = Path(raw_dir) / "tip_narratives" / DOCUMENTS_FILE
    if not path.exists():
        return {}
    raw = read_raw_csv(path, ["sha256", "sections"])
    return {
        sha: frozenset(filter(None, sections.split(";")))
        for sha, sections in zip(raw["sha256"], raw["sections"], strict=True)
    }


def mark_not_read(
    frame: pd.DataFrame, silent: str, document: str, needs: pd.Series, sections: dict[str, frozenset[str]]
) -> pd.DataFrame:
    """Rows whose status is ``silent`` ("not_reported", "unclear") and whose document holds none
    of the sections they need (``needs``: a set of sections per row) become ``not_read``: the
    text is silent because that part of the narrative was never read, not because the report
    says nothing. Rows of documents not in ``sections`` are left as they are."""
    held = frame[document].map(lambda sha: sections.get(sha) if isinstance(sha, str) else None)
    unread = [have is not None and need.isdisjoint(have) for have, need in zip(held, needs, strict=True)]
    mask = (frame["status"] == silent) & pd.Series(unread, index=frame.index, dtype=bool)
    if not mask.any():
        return frame
    out = frame.copy()
    missing = [", ".join(sorted(need)) for need in needs[mask]]
    out.loc[mask, "status"] = "not_read"
    out.loc[mask, "note"] = [
        f"{note}; not read: the document holds no {sections_} section"
        for note, sections_ in zip(out.loc[mask, "note"], missing, strict=True)
    ]
    return out


def read_criteria(raw_dir: Path) -> pd.DataFrame:
    """The protection-criteria codes: curated ones, and coded ones no curated code replaces.

    Curated codes (``criteria.csv``: method ``manual``, or ``reviewed``) win over codes the
    criteria coder wrote at ingest (``criteria_extracted.csv``, method ``rule:<id>``) with the
    same country, report year and criterion. Where two ingested documents code the same
    country and edition, the codes of one document are kept (the first by SHA-256), so a
    narrative ingested twice (text and PDF) is not counted twice.

    Raises:
        RawDataError: unreadable file or an unknown country (file and line named).
        SchemaError: an unknown criterion or status, an assessed status without evidence, or the
            same criterion twice for one country and edition (file and line named).
    """
    curated = read_curated_criteria(raw_dir)
    coded = read_coded_criteria(raw_dir)
    if not coded.empty:
        curated = curated_first(curated, coded, CRITERIA_KEY)
    frame = curated.sort_values(["iso3", "report_year", "criterion"], kind="stable")
    return frame[list(CRITERIA_COLUMNS)].reset_index(drop=True)


def _typed_criteria(raw: pd.DataFrame) -> pd.DataFrame:
    frame = raw.replace("", pd.NA)
    frame["iso3"] = resolve_countries(raw, "country")
    frame["report_year"] = parse_number(raw, "report_year").astype("Int64")
    for column, dtype in CRITERIA_COLUMNS.items():
        if dtype == "string":
            frame[column] = frame[column].astype("string")
    return frame


def read_curated_criteria(raw_dir: Path) -> pd.DataFrame:
    """Read the curated protection-criteria assessments (``criteria.csv``), validated.

    ``evidence_ref`` points into the narrative at ``source_url`` as ``<section>:s<n>`` (the
    n-th sentence of that section; several joined by ``;``), so a reader can check each
    status without the prose being copied here.
    """
    raw = read_raw_csv(
        Path(raw_dir) / "tip_narratives" / CRITERIA_FILE, [c for c in CRITERIA_COLUMNS if c != "iso3"]
    )
    frame = _typed_criteria(raw)
    validate_criteria(frame, "criteria")
    return frame


def read_coded_criteria(raw_dir: Path) -> pd.DataFrame:
    """Read the codes the criteria coder wrote at ingest (``criteria_extracted.csv``), validated.

    ``evidence_ref`` is ``<section>:<start>-<end>``, the deciding sentence's character offsets in
    the document (``note`` names the document's SHA-256), so a reader finds the sentence
    without the prose being stored. None when the file is absent.
    """
    path = Path(raw_dir) / "tip_narratives" / CRITERIA_EXTRACTED_FILE
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in CRITERIA_COLUMNS.items()})
    raw = read_raw_csv(path, CRITERIA_EXTRACTED_COLUMNS)
    raw = raw.sort_values(["iso3", "report_year", "document", "criterion"], kind="stable")
    first = raw.groupby(["iso3", "report_year"])["document"].transform("first")
    raw = raw[raw["document"] == first]
    raw = raw.assign(note="coded from document " + raw["document"].str[:12])
    needs = sections_needed("criterion")
    raw = mark_not_read(
        raw,
        "not_reported",
        "document",
        raw["criterion"].map(lambda c: needs.get(c, frozenset(FINDING_SECTIONS))),
        read_sections(raw_dir),
    )
    frame = _typed_criteria(raw)
    validate_criteria(frame, CRITERIA_EXTRACTED_FILE)
    return frame


#: Follow-through codes written by ``ingest`` (the matcher's ``rule:<id>``, offsets, documents).
FOLLOWTHROUGH_EXTRACTED_COLUMNS = tuple(c for c in FOLLOWTHROUGH_COLUMNS if c != "note")
FOLLOWTHROUGH_KEY = ["iso3", "year_from", "item_no"]


def read_followthrough(raw_dir: Path) -> pd.DataFrame:
    """Recommendation follow-through: reviewed codes, and coded ones no reviewed code replaces.

    ``followthrough_extracted.csv`` is written by ``ingest`` (:mod:`analysis.extract.followthrough.coder`:
    one row per recommendation item of edition Y coded from edition Y+1, method ``rule:<id>``,
    item offsets in document_from, evidence offsets in document_to). ``followthrough.csv``
    (curated: ``review --followthrough``, method ``reviewed``) wins for the same country, edition
    and item. Empty when neither file exists.

    Raises:
        RawDataError: unreadable file or an unknown country (file and line named).
        SchemaError: an unknown status, years out of order, or an item twice (file and line).
    """
    frames = []
    sections, needs = read_sections(raw_dir), sections_needed("theme")
    for name in (FOLLOWTHROUGH_FILE, FOLLOWTHROUGH_EXTRACTED_FILE):
        path = Path(raw_dir) / "tip_narratives" / name
        if not path.exists():
            continue
        raw = read_raw_csv(path, FOLLOWTHROUGH_EXTRACTED_COLUMNS)
        if "note" not in raw:
            raw = raw.assign(
                note="coded from documents "
                + raw["document_from"].str[:12]
                + " and "
                + raw["document_to"].str[:12]
            )
            # an item the next edition is silent on, in a document without the sections that
            # report on its theme, was not read (reviewed codes keep what the reviewer decided)
            themes = raw["theme"].map(lambda t: needs.get(t, frozenset(FINDING_SECTIONS)))
            raw = mark_not_read(raw, "unclear", "document_to", themes, sections)
        frame = raw.replace("", pd.NA)
        frame["iso3"] = resolve_countries(raw, "country")
        for column, dtype in FOLLOWTHROUGH_COLUMNS.items():
            frame[column] = (
                parse_number(raw, column).astype("Int64")
                if dtype == "Int64"
                else frame[column].astype("string")
            )
        validate_followthrough(frame, name)
        frames.append(frame)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in FOLLOWTHROUGH_COLUMNS.items()})
    merged = frames[0]
    for frame in frames[1:]:
        merged = curated_first(merged, frame, FOLLOWTHROUGH_KEY)
    merged = merged.sort_values(["iso3", "year_from", "item_no"], kind="stable")
    return merged[list(FOLLOWTHROUGH_COLUMNS)].reset_index(drop=True)


def tier_rows(facts: pd.DataFrame) -> pd.DataFrame:
    """The tier placements stated by narratives, in the tier-table layout.

    ``facts`` is the output of :func:`read_facts`; tier values 1, 2, 2.5, 3 become the strings
    of :data:`analysis.schema.TIERS`.
    """
    rows = facts[facts["indicator"] == "tier"]
    return pd.DataFrame(
        {
            "country": rows["country"],
            "iso3": rows["iso3"],
            "report_year": rows["report_year"],
            "tier": rows["value"].map(lambda v: f"{float(v):g}"),
            "source": SOURCE,
            "source_url": rows["source_url"],
            "method": rows["method"],
            "_file": rows.get("_file"),
            "_line": rows.get("_line"),
        }
    )

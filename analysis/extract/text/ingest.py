"""Ingest narrative documents: register each by hash, extract its figures, never store its text.

``python -m analysis ingest PATH...`` reads narrative text files (the two layouts the extractor
reads: text as pasted, and the corpus layout with ``# COUNTRY | TIP Report YEAR`` headers and
``----- source: URL`` chunks), folders of them, and writes, all or none:

- ``data/raw/tip_narratives/documents.csv``: one row per document: country, iso3,
  report_year, the SHA-256 of its normalised text, its length in characters, the sections
  found, its origin (file name as given) and URL, and when it was first ingested. Ingesting the
  same text again keeps its row as it was.
- ``data/raw/tip_narratives/criteria_extracted.csv``: the nine protection-criteria codes of
  each narrative with protection, summary or intro text (:mod:`analysis.extract.criteria.coder`):
  status, evidence as ``<section>:<start>-<end>``, ``method`` ``rule:<id>``, the document.
- ``data/raw/tip_narratives/followthrough_extracted.csv``: for each pair of consecutive editions
  of a country, each recommendation item of the first coded from the second
  (:mod:`analysis.extract.followthrough.coder`; item and evidence offsets, ``rule:<id>``, both documents).
- ``data/raw/tip_narratives/extracted.csv``: the extractor's figures, one row per figure, with
  the facts columns, the rule (``method`` ``rule:<id>``), the document's SHA-256, the section
  and the figure's character offsets in the file's text as read. No prose: a reader finds the
  sentence through the offsets (the text stays where the user keeps it, and in the
  git-ignored cache ``data/interim/narratives/<sha256>.txt`` for review).

The build (:mod:`analysis.sources.tip_narratives`) merges extracted figures into the facts;
a curated row (``manual`` or ``reviewed``) wins over an extracted one with the same key.

Saved country pages (``.html``: the main text) and PDFs (one narrative, or a whole report split
on its country headings, :mod:`analysis.extract.text.readers`) are read too; a file with another
suffix is refused with a message saying what is accepted.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.atomic import locked, write_all_atomic, write_atomic
from analysis.extract import ExtractError, extract_records, read_text_file
from analysis.extract.criteria.coder import as_panel_rows, code_document, has_findings_text
from analysis.extract.followthrough.coder import follow_through
from analysis.extract.text.document import read_document
from analysis.extract.text.readers import NOTE, ReadError, read_html, read_pdf
from analysis.paths import DATA_DIR, RAW_DIR
from analysis.rawio import frame_to_csv_bytes
from analysis.schema import protection_criteria
from analysis.sources.tip_narratives import (
    CRITERIA_EXTRACTED_COLUMNS,
    CRITERIA_EXTRACTED_FILE,
    EXTRACTED_COLUMNS,
    EXTRACTED_FILE,
    FOLLOWTHROUGH_EXTRACTED_COLUMNS,
    FOLLOWTHROUGH_EXTRACTED_FILE,
    WRITE_LOCK_FILE,
)

DOCUMENTS_FILE = "documents.csv"
#: File suffixes read as narrative text, saved web pages and PDFs.
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, *PDF_SUFFIXES)
#: Larger files are refused (a whole TIP Report's PDF is well below; its text ~5 MB).
MAX_BYTES = 40 * 1024 * 1024
INTERIM_DIR = DATA_DIR / "interim" / "narratives"

DOCUMENT_COLUMNS = [
    "country",
    "iso3",
    "report_year",
    "sha256",
    "characters",
    "sections",
    "origin",
    "url",
    "ingested_at",
]


class IngestError(ValueError):
    """A document that cannot be ingested; the message names the file and what is accepted."""


def normalised(text: str) -> str:
    """The text whose hash identifies a document: NFC, '\\n' line ends, no trailing blanks.

    Example:
        >>> normalised("PERU (Tier 2)\\r\\n") == normalised("PERU (Tier 2)\\n")
        True
    """
    lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip() + "\n"


def sha256_of(text: str) -> str:
    """SHA-256 of the normalised text (hex)."""
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def files_in(path: Path) -> list[Path]:
    """The narrative files a path names: the file itself, or the text files under a folder.

    Raises:
        IngestError: a missing path, or a file whose suffix is not a narrative's.
    """
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not path.exists():
        raise IngestError(f"{path}: no such file or folder")
    if path.suffix.lower() not in SUFFIXES:
        raise IngestError(
            f"{path}: {path.suffix or 'a file without suffix'} is not read; accepted: narrative text "
            f"({', '.join(TEXT_SUFFIXES)}), saved web pages ({', '.join(HTML_SUFFIXES)}) and PDFs, or "
            "folders of them (save a Word file as PDF or text)"
        )
    return [path]


@dataclass
class Ingested:
    """What one ``ingest`` call read: documents, their figures, their texts, and the errors."""

    documents: list[dict] = field(default_factory=list)
    extracted: list[dict] = field(default_factory=list)
    criteria: list[dict] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what save decided that the user should know


def _origin(file: Path, given: Path) -> str:
    """The file's name as the user gave it: relative to a folder given, else its name."""
    if given.is_dir():
        return str(file.relative_to(given))
    return file.name


def read_one(
    file: Path, origin: str, country: str | None, report_year: int | None, now: str, url: str | None = None
) -> tuple[dict, list[dict], list[dict], str]:
    """One narrative file → its document row, its figures, its criteria codes and its text.

    Raises:
        IngestError: unreadable, too large, not text, or no country or edition found.
    """
    try:
        text = read_text_file(file)
    except ExtractError as exc:
        raise IngestError(str(exc)) from exc
    return register(text, origin, country, report_year, now, url, file)


WEB_URL = re.compile(r"https?://[^\s\"'<>]+", re.IGNORECASE)


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None.

    Example:
        >>> web_url("https://www.state.gov/x"), web_url("=HYPERLINK(1)")
        ('https://www.state.gov/x', None)
    """
    return url if url and WEB_URL.fullmatch(url.strip()) else None


def register(
    text: str,
    origin: str,
    country: str | None,
    report_year: int | None,
    now: str,
    url: str | None = None,
    file: Path | str = "",
) -> tuple[dict, list[dict], list[dict], str]:
    """A narrative's text → its document row, its figures, its criteria codes and the text.

    Criteria codes (nine rows) are written only for a narrative with protection, summary or
    intro text: a fragment of the prosecution section says nothing on protection.

    Raises:
        IngestError: no country or no edition found.
    """
    file = file or origin
    document = read_document(text, country, report_year)
    if document.iso3 is None:
        raise IngestError(
            f"{file}: no country found (no 'COUNTRY: Tier N' heading or header); give --country"
        )
    if document.report_year is None:
        raise IngestError(f"{file}: no report edition found in the text; give --report-year")
    sha = sha256_of(text)
    sections = sorted({s.section for s in document.sentences} - {"intro"})
    # only web addresses are stored as sources: a source line holding anything else (a formula,
    # a path) is not one
    urls = sorted({u for s in document.sentences if (u := web_url(s.source_url))}) or (
        [url] if web_url(url) else []
    )
    doc_row = {
        "country": document.country,
        "iso3": document.iso3,
        "report_year": document.report_year,
        "sha256": sha,
        "characters": len(text),
        "sections": ";".join(sections),
        "origin": origin,
        "url": " ; ".join(urls),
        "ingested_at": now,
    }
    figures = []
    for record in extract_records(text, country, report_year):
        figures.append(
            {
                "country": document.country,
                "iso3": document.iso3,
                "report_year": record["report_year"],
                "reference_year": record["reference_year"],
                "indicator": record["indicator"],
                "scope": record["scope"],
                "breakdown": record["breakdown"],
                "value": record["value"],
                "value_high": record["value_high"],
                "qualifier": record["qualifier"],
                "method": record["method"],
                "document": sha,
                "section": record["section"],
                "start": record["start"],
                "end": record["end"],
                "source_url": web_url(record["source_url"]) or (urls[0] if urls else f"file:{origin}"),
            }
        )
    criteria = []
    if has_findings_text(document):
        source_url = urls[0] if urls else f"file:{origin}"
        criteria = as_panel_rows(code_document(document), source_url, sha).to_dict("records")
    return doc_row, figures, criteria, text


def ingest(
    paths,
    country: str | None = None,
    report_year: int | None = None,
    now: str | None = None,
    url: str | None = None,
) -> Ingested:
    """Read every narrative under ``paths``; a file that fails is recorded in ``errors`` and the
    others are still read. Nothing is written (see :func:`save`)."""
    now = now or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = Ingested()
    for given in map(Path, paths):
        try:
            files = files_in(given)
        except IngestError as exc:
            result.errors.append(str(exc))
            continue
        if not files:
            result.errors.append(
                f"{given}: no narrative text files ({', '.join(TEXT_SUFFIXES)}) in this folder"
            )
        for file in files:
            try:
                for doc_row, figures, criteria, text in read_file(
                    file, _origin(file, given), country, report_year, now, url, result.errors, result.notes
                ):
                    result.documents.append(doc_row)
                    result.extracted.extend(figures)
                    result.criteria.extend(criteria)
                    result.texts[doc_row["sha256"]] = text
            except IngestError as exc:
                result.errors.append(str(exc))
    return result


def read_file(
    file: Path,
    origin: str,
    country,
    report_year,
    now,
    url,
    problems: list[str],
    notes: list[str] | None = None,
):
    """Every narrative of one file (a PDF may hold many), as ``register`` rows.

    Problems that leave the rest of the file readable (a heading naming no known country) are
    appended to ``problems``; what was left out on purpose (a report's pages before its first
    narrative) to ``notes`` (to ``problems`` when no list is given).

    Raises:
        IngestError: the file cannot be read at all (named, with the reason).
    """
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(
            f"{file}: {size / 1024 / 1024:.0f} MB is larger than a TIP Report "
            f"({MAX_BYTES // 1024 // 1024} MB at most); split it, or ingest the narratives as text"
        )
    suffix = file.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return [read_one(file, origin, country, report_year, now, url)]
    try:
        if suffix in HTML_SUFFIXES:
            text = read_html(file)
            if read_document(text, country, report_year).iso3 is None:
                raise IngestError(
                    f"{file}: no TIP narrative found in this page (no heading such as "
                    "'PERU: Tier 2'); save the country's narrative page, or give --country"
                )
            return [register(text, origin, country, report_year, now, url, file)]
        parts, found = read_pdf(file, report_year)
    except ReadError as exc:
        raise IngestError(str(exc)) from exc
    for problem in found:
        if problem.startswith(NOTE) and notes is not None:
            notes.append(problem.removeprefix(NOTE))
        else:
            problems.append(problem.removeprefix(NOTE))
    rows = []
    for part in parts:
        where = origin if part.origin == file.name else part.origin.replace(file.name, origin, 1)
        try:
            rows.append(
                register(
                    part.text,
                    where,
                    country,
                    report_year or part.report_year,
                    now,
                    url,
                    f"{file} ({part.origin.partition('#')[2] or 'all pages'})",
                )
            )
        except IngestError as exc:
            problems.append(str(exc))
    return rows


def _table(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=columns)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def save(
    result: Ingested,
    raw_dir: Path = RAW_DIR,
    interim_dir: Path = INTERIM_DIR,
    replace: bool = False,
    keep_existing: bool = False,
) -> tuple[Path, Path]:
    """Merge what was read into ``documents.csv``, ``extracted.csv``, ``criteria_extracted.csv``
    and ``followthrough_extracted.csv``: one transaction under a lock (``.write.lock`` in the
    folder), all four written or none; a concurrent ``save`` waits its turn and merges with what
    this one wrote.

    A country's edition has one document. A document already registered (same SHA-256, same
    country and edition) keeps its row, ``ingested_at`` included; its figures are replaced by
    this extraction's. Another text of an edition already ingested (a revised narrative), or the
    same text under another country or edition, is refused with a message in ``result.errors``
    unless ``replace`` (it supersedes the old document: its row, figures, codes and
    follow-through go) or ``keep_existing`` (the old one stays; a note says so). Rows are sorted,
    so the files are the same bytes for the same documents whatever the order they were given in.
    """
    folder = Path(raw_dir) / "tip_narratives"
    with locked(folder / WRITE_LOCK_FILE):
        return _save_locked(result, folder, Path(interim_dir), replace, keep_existing)


def _admit(result: Ingested, old_docs: pd.DataFrame, replace: bool, keep_existing: bool) -> set[str]:
    """Decide which documents read may go in (``result`` keeps only those) and return the SHA-256
    of the old documents they supersede."""
    editions = {(d.iso3, str(d.report_year)): d for d in old_docs.itertuples()}
    by_sha = {d.sha256: d for d in old_docs.itertuples()}
    admitted, superseded, seen = [], set(), {}
    for doc in result.documents:
        edition = (doc["iso3"], str(doc["report_year"]))
        name = f"{doc['country']} {doc['report_year']}"
        if edition in seen and seen[edition]["sha256"] != doc["sha256"]:
            result.errors.append(
                f"{name}: {seen[edition]['origin']} and {doc['origin']} are two texts of one edition "
                "in this run; ingest one of them (a country's edition has one document)"
            )
            continue
        same = by_sha.get(doc["sha256"])
        if same is not None and (same.iso3, str(same.report_year)) != edition and not replace:
            result.errors.append(
                f"{doc['origin']}: this text is already ingested as {same.country} {same.report_year} "
                f"(from {same.origin}); run ingest with --replace to file it as {name} instead"
            )
            continue
        old = editions.get(edition)
        if old is not None and old.sha256 != doc["sha256"]:
            if keep_existing:
                result.notes.append(f"{name}: kept the document already ingested from {old.origin}")
                continue
            if not replace:
                result.errors.append(
                    f"{name} is already ingested from {old.origin} ({old.sha256[:12]}); "
                    f"{doc['origin']} is another text of that edition: run ingest again with "
                    "--replace to make it the edition's text, or leave it out"
                )
                continue
            superseded.add(old.sha256)
            result.notes.append(f"{name}: {doc['origin']} replaces {old.origin}")
        if same is not None and (same.iso3, str(same.report_year)) != edition:
            superseded.add(same.sha256)  # --replace: the same text, filed anew
            result.notes.append(f"{name}: refiled from {same.country} {same.report_year}")
        seen[edition] = doc
        admitted.append(doc)
    kept = {d["sha256"] for d in admitted}
    result.documents = admitted
    result.extracted = [r for r in result.extracted if r["document"] in kept]
    result.criteria = [r for r in result.criteria if r["document"] in kept]
    result.texts = {sha: text for sha, text in result.texts.items() if sha in kept}
    return superseded


def _save_locked(
    result: Ingested, folder: Path, interim_dir: Path, replace: bool, keep_existing: bool
) -> tuple[Path, Path]:
    documents_path, extracted_path = folder / DOCUMENTS_FILE, folder / EXTRACTED_FILE
    old_docs = _table(documents_path, DOCUMENT_COLUMNS)
    superseded = _admit(result, old_docs, replace, keep_existing)
    old_docs = old_docs[~old_docs["sha256"].isin(superseded)]
    new_docs = pd.DataFrame(result.documents, columns=DOCUMENT_COLUMNS).astype(str)
    new_docs = new_docs[~new_docs["sha256"].isin(old_docs["sha256"])].drop_duplicates("sha256")
    documents = pd.concat([old_docs, new_docs], ignore_index=True)
    documents = documents.sort_values(["iso3", "report_year", "sha256"], kind="stable")[DOCUMENT_COLUMNS]
    old_figures = _table(extracted_path, list(EXTRACTED_COLUMNS))
    ingested = {d["sha256"] for d in result.documents} | superseded
    new_figures = pd.DataFrame(result.extracted, columns=list(EXTRACTED_COLUMNS))
    for column in ("value", "value_high"):
        new_figures[column] = new_figures[column].map(
            lambda v: "" if v is None or pd.isna(v) else f"{float(v):g}"
        )
    new_figures = new_figures.astype(str).replace({"None": "", "nan": "", "<NA>": ""})
    extracted = pd.concat(
        [old_figures[~old_figures["document"].isin(ingested)], new_figures], ignore_index=True
    )
    extracted["_start"] = extracted["start"].astype(int)
    extracted = extracted.sort_values(
        ["iso3", "report_year", "document", "_start", "indicator", "breakdown"], kind="stable"
    )[list(EXTRACTED_COLUMNS)].drop_duplicates()
    criteria_path = folder / CRITERIA_EXTRACTED_FILE
    old_codes = _table(criteria_path, list(CRITERIA_EXTRACTED_COLUMNS))
    new_codes = pd.DataFrame(result.criteria, columns=list(CRITERIA_EXTRACTED_COLUMNS))
    for column in ("start", "end"):
        new_codes[column] = new_codes[column].map(lambda v: "" if v is None or pd.isna(v) else str(int(v)))
    new_codes = new_codes.astype(str).replace({"None": "", "nan": "", "<NA>": ""})
    codes = pd.concat([old_codes[~old_codes["document"].isin(ingested)], new_codes], ignore_index=True)
    order = {c: i for i, c in enumerate(protection_criteria()["criterion"])}
    codes["_order"] = codes["criterion"].map(order)
    codes = codes.sort_values(["iso3", "report_year", "document", "_order"], kind="stable")[
        list(CRITERIA_EXTRACTED_COLUMNS)
    ].drop_duplicates()
    followthrough_path = folder / FOLLOWTHROUGH_EXTRACTED_FILE
    old_items = _table(followthrough_path, list(FOLLOWTHROUGH_EXTRACTED_COLUMNS))
    new_items, coded_pairs = _followthrough_rows(documents, ingested, result.texts, Path(interim_dir))
    keep = [
        (a, b) not in coded_pairs and a not in superseded and b not in superseded
        for a, b in zip(old_items["document_from"], old_items["document_to"], strict=True)
    ]
    items = pd.concat([old_items[keep], new_items], ignore_index=True)
    items["_item"] = items["item_no"].astype(int)
    items = items.sort_values(["iso3", "year_from", "_item"], kind="stable")[
        list(FOLLOWTHROUGH_EXTRACTED_COLUMNS)
    ].drop_duplicates()
    write_all_atomic(
        {
            documents_path: frame_to_csv_bytes(documents),
            extracted_path: frame_to_csv_bytes(extracted),
            criteria_path: frame_to_csv_bytes(codes),
            followthrough_path: frame_to_csv_bytes(items),
        }
    )
    for sha, text in result.texts.items():  # the git-ignored cache review reads sentences from
        write_atomic(cache_path(sha, interim_dir), text.encode("utf-8"))
    return documents_path, extracted_path


def _followthrough_rows(
    documents: pd.DataFrame, ingested: set[str], texts: dict[str, str], interim_dir: Path
) -> tuple[pd.DataFrame, set[tuple[str, str]]]:
    """Follow-through of every pair of consecutive editions of a country with a document just
    ingested (one document per country and edition: the first by SHA-256, as the build does).

    The other edition's text comes from this ingest or the cache; a pair whose text is in neither
    is left as it was. Returns the rows (strings) and the (document_from, document_to) pairs coded.
    """
    chosen = documents.sort_values(["iso3", "report_year", "sha256"]).drop_duplicates(["iso3", "report_year"])
    rows, pairs = [], set()

    def text_of(sha: str) -> str | None:
        return texts[sha] if sha in texts else cached_text(sha, interim_dir)

    for _, group in chosen.groupby("iso3", sort=True):
        group = group.assign(year=group["report_year"].astype(int)).sort_values("year")
        for a, b in zip(group.itertuples(), group.iloc[1:].itertuples(), strict=False):
            if b.year - a.year != 1 or not ({a.sha256, b.sha256} & ingested):
                continue
            text_from, text_to = text_of(a.sha256), text_of(b.sha256)
            if text_from is None or text_to is None:
                continue
            doc_from = read_document(text_from, a.country, a.year)
            doc_to = read_document(text_to, b.country, b.year)
            coded = follow_through(doc_from, doc_to)
            pairs.add((a.sha256, b.sha256))
            source_url = b.url.split(" ; ")[0] if b.url else f"file:{b.origin}"
            for row in coded.to_dict("records"):
                rows.append(
                    {
                        **{k: "" if pd.isna(v) else str(v) for k, v in row.items() if k != "rule"},
                        "method": f"rule:{row['rule']}",
                        "document_from": a.sha256,
                        "document_to": b.sha256,
                        "source_url": source_url,
                    }
                )
    return pd.DataFrame(rows, columns=list(FOLLOWTHROUGH_EXTRACTED_COLUMNS)).astype(str), pairs


def cache_path(sha: str, interim_dir: Path = INTERIM_DIR) -> Path:
    """Where ingest keeps a document's text (git-ignored), by its SHA-256."""
    return Path(interim_dir) / f"{sha}.txt"


def cached_text(sha: str, interim_dir: Path = INTERIM_DIR) -> str | None:
    """A document's text from the ingest cache, or None when it is not cached here."""
    path = cache_path(sha, interim_dir)
    return path.read_text(encoding="utf-8") if path.exists() else None


def summary(result: Ingested) -> list[str]:
    """One line per document read: country, edition, figures, origin."""
    counts: dict[str, int] = {}
    for row in result.extracted:
        counts[row["document"]] = counts.get(row["document"], 0) + 1
    return [
        f"{d['country']} {d['report_year']}: {counts.get(d['sha256'], 0)} figures from {d['origin']}"
        for d in result.documents
    ]


def report_tables(result: Ingested) -> list[str]:
    """For each file that held several narratives (a whole report), a table of what was read:
    country, pages, figures and sections found, with a warning line for a narrative with no
    section headings (its figures are read, their sections unknown)."""
    counts: dict[str, int] = {}
    for row in result.extracted:
        counts[row["document"]] = counts.get(row["document"], 0) + 1
    by_file: dict[str, list[dict]] = {}
    for doc in result.documents:
        by_file.setdefault(doc["origin"].split("#", 1)[0], []).append(doc)
    lines = []
    for name, docs in by_file.items():
        if len(docs) < 2:
            continue
        table = pd.DataFrame(
            {
                "country": [f"{d['country']} {d['report_year']}" for d in docs],
                "pages": [d["origin"].partition("#pages=")[2] or "all" for d in docs],
                "figures": [counts.get(d["sha256"], 0) for d in docs],
                "sections": [d["sections"].replace(";", ", ") or "(none found)" for d in docs],
            }
        )
        lines += [f"{name}: {len(docs)} narratives", *table.to_string(index=False).splitlines()]
        lines += [
            f"warning: {d['country']} {d['report_year']} (pages {d['origin'].partition('#pages=')[2]}): no "
            "section headings found; its figures are read, their sections are unknown"
            for d in docs
            if not d["sections"]
        ]
    return lines

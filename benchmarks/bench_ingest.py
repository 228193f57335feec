"""Ingest a whole-report PDF: ~600 pages, ~190 country narratives, two columns with running headers.

Target: <= 60 s for the ingest (reading, splitting, extracting, writing). The PDF is built first
from text we write plus the corpus narratives (../shared/corpus, when present), laid out by
tests/fixtures/pdfs.py; building it is not timed. Also times `make data`'s build with the
extracted facts (target <= 5 s).

Run:  .venv/bin/python benchmarks/bench_ingest.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from machine import describe  # benchmarks/machine.py: run as python benchmarks/<file>.py

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.pdfs import two_column_pdf  # noqa: E402

from analysis.build import build  # noqa: E402
from analysis.countries import country_table  # noqa: E402
from analysis.extract.text.document import COUNTRY_HEADING_RE  # noqa: E402
from analysis.extract.text.ingest import ingest, save  # noqa: E402
from analysis.paths import CORPUS_DIR, RAW_DIR  # noqa: E402

N_NARRATIVES = 190


def body() -> str:
    """About 26,000 characters of narrative prose per country (~5 MB for 190 narratives) (corpus text "
    "when it is there)."""
    corpus = sorted(CORPUS_DIR.glob("*/*.txt")) if CORPUS_DIR.exists() else []
    texts = [p.read_text() for p in corpus]
    filler = (
        "The government increased efforts to prosecute traffickers. It prosecuted 25 suspects in 2023, "
        "compared with 19 in 2022, and convicted 11 traffickers. It identified 340 victims and referred "
        "all of them to shelters.\n"
    )
    prose = "\n".join(t.split("\n", 2)[-1] for t in texts) if texts else filler * 60
    prose = COUNTRY_HEADING_RE.sub("", prose)  # one country heading per narrative: the one we add
    return prose[:26000]


def main() -> None:
    print(describe())
    names = country_table()["name"].tolist()[:N_NARRATIVES]
    text = body()
    work = Path(tempfile.mkdtemp())
    pdf = work / "tip-report-2024.pdf"
    started = time.perf_counter()
    two_column_pdf([f"{name.upper()}: Tier 2\n{text}" for name in names], pdf, edition=2024, unicode=True)
    print(f"built {pdf.stat().st_size / 1e6:.1f} MB PDF in {time.perf_counter() - started:.1f} s (not timed)")
    raw = work / "raw"
    shutil.copytree(RAW_DIR, raw)
    started = time.perf_counter()
    result = ingest([pdf])
    save(result, raw, work / "interim")
    elapsed = time.perf_counter() - started
    characters = sum(len(t) for t in result.texts.values())
    from pypdf import PdfReader

    pages = len(PdfReader(str(pdf)).pages)
    print(
        f"ingest: {pages} pages, {len(result.documents)} narratives, {characters / 1e6:.1f} MB of text, "
        f"{len(result.extracted)} figures, {len(result.errors)} problems: {elapsed:.1f} s (target <= 60 s)"
    )
    for problem in result.errors:
        print("   ", problem)
    started = time.perf_counter()
    build(raw, work / "processed")
    print(f"build with the extracted facts: {time.perf_counter() - started:.1f} s (target <= 5 s)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()

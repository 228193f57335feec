"""Real narratives laid out as whole-report PDFs: does the PDF path read what the text path reads?

For each edition in a labelled corpus (default ../shared/corpus-world), the narratives are laid
out as one report PDF in each layout of tests/fixtures/pdfs.py — ``two-column`` (a narrative per
page, two columns, running header and page numbers) and ``flowing`` (one column, each narrative
starting where the last one ends, the page footer naming the country the page ends in) — then
read back with :func:`analysis.extract.text.readers.read_pdf`. Prints, per layout: whether the
documents are exactly the countries laid out (one each), the problems the reader reported, and
precision/recall of the PDF path next to the text path on the same narratives, over the core
indicators but the tier (each narrative is given a heading, ``NAME: Tier N`` with the panel's
tier, which most excerpts' labels do not hold).

Targets (issue 20): documents exactly the countries, one each; PDF-path P and R within 0.02 of
the text path. Run:  .venv/bin/python benchmarks/report_pdf_layouts.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from machine import describe  # benchmarks/machine.py: run as python benchmarks/<file>.py

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.report_layouts import LAYOUTS, narratives  # noqa: E402

from analysis.extract import extract_texts  # noqa: E402
from analysis.extract.figures.evaluate import core_indicators, evaluate  # noqa: E402
from analysis.extract.text.document import read_document  # noqa: E402
from analysis.extract.text.readers import read_pdf  # noqa: E402
from analysis.paths import WORLD_CORPUS_DIR  # noqa: E402


def main() -> None:
    print(describe())
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=str(WORLD_CORPUS_DIR))
    args = parser.parse_args()
    corpus = Path(args.corpus)
    editions = narratives(corpus)
    text_items = [(f"{y}/{n}", t, n, y) for y, items in editions.items() for n, t in items]
    indicators = [i for i in core_indicators() if i != "tier"]
    text_scores = evaluate(corpus, indicators, preds=extract_texts(text_items)).overall()
    print(
        f"{corpus.name}: {len(text_items)} narratives, {len(editions)} editions; text path "
        f"P {text_scores['precision']:.3f} / R {text_scores['recall']:.3f}"
    )
    work = Path(tempfile.mkdtemp())
    for layout, write in LAYOUTS.items():
        pdf_items, wrong, problems, pages, seconds = [], [], [], 0, 0.0
        for year, items in sorted(editions.items()):
            path = work / f"{layout}-{year}.pdf"
            write(items, path, year)
            started = time.perf_counter()
            parts, notes = read_pdf(path)
            seconds += time.perf_counter() - started
            from pypdf import PdfReader

            pages += len(PdfReader(str(path)).pages)
            problems += [n for n in notes if not n.startswith("note: ")]
            got = [read_document(p.text, None, year).country for p in parts]
            want = [name for name, _ in items]
            if got != want:
                wrong.append(f"{year}: laid out {want}, read {got}")
            pdf_items += [(f"{year}/{i}", p.text, None, year) for i, p in enumerate(parts)]
        scores = evaluate(corpus, indicators, preds=extract_texts(pdf_items)).overall()
        print(
            f"{layout:>15}: {pages} pages read in {seconds:.1f} s; documents "
            f"{'exactly the countries, one each' if not wrong else f'WRONG in {len(wrong)} editions'}; "
            f"PDF path P {scores['precision']:.3f} / R {scores['recall']:.3f} "
            f"(text − PDF: {text_scores['precision'] - scores['precision']:+.3f} / "
            f"{text_scores['recall'] - scores['recall']:+.3f})"
        )
        for line in wrong + problems:
            print("   ", line)


if __name__ == "__main__":
    main()

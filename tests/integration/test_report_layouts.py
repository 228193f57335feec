"""Real narratives (../shared/corpus-world) laid out as whole-report PDFs in three layouts: the
documents are exactly the countries laid out, one each, and the PDF path reads what the text path
reads (issue 20: precision and recall within 0.02)."""

import tempfile
from pathlib import Path

import pytest
from fixtures.report_layouts import LAYOUTS, narratives

from analysis.extract import extract_texts
from analysis.extract.figures.evaluate import core_indicators, evaluate
from analysis.extract.text.document import read_document
from analysis.extract.text.readers import read_pdf
from analysis.paths import WORLD_CORPUS_DIR


@pytest.fixture(scope="module")
def editions():
    if not (WORLD_CORPUS_DIR / "labels.csv").exists():
        pytest.skip(
            f"real-narrative corpus not found at {WORLD_CORPUS_DIR} (../shared is not beside the repo)"
        )
    return narratives(WORLD_CORPUS_DIR)


@pytest.fixture(scope="module")
def text_scores(editions):
    world_corpus_dir = WORLD_CORPUS_DIR
    items = [(f"{y}/{n}", t, n, y) for y, narrated in editions.items() for n, t in narrated]
    indicators = [i for i in core_indicators() if i != "tier"]
    return evaluate(world_corpus_dir, indicators, preds=extract_texts(items)).overall()


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_report_pdf_gives_each_country_once_and_the_figures_its_text_gives(layout, editions, text_scores):
    world_corpus_dir = WORLD_CORPUS_DIR
    work = Path(tempfile.mkdtemp())
    items = []
    for year, narrated in sorted(editions.items()):
        path = work / f"{year}.pdf"
        LAYOUTS[layout](narrated, path, year)
        parts, problems = read_pdf(path)
        assert [p for p in problems if not p.startswith("note: ")] == [], (year, problems)
        read = [read_document(p.text, None, year).country for p in parts]
        assert read == [name for name, _ in narrated], year
        items += [(f"{year}/{i}", p.text, None, year) for i, p in enumerate(parts)]
    indicators = [i for i in core_indicators() if i != "tier"]
    scores = evaluate(world_corpus_dir, indicators, preds=extract_texts(items)).overall()
    assert abs(scores["precision"] - text_scores["precision"]) <= 0.02, (scores, text_scores)
    assert abs(scores["recall"] - text_scores["recall"]) <= 0.02, (scores, text_scores)

"""analysis.extract.text.readers: PDFs (a narrative, or a whole report split by country) and web pages."""

import struct
import zlib

import pandas as pd
import pytest
from fixtures.pdfs import image_only_pdf, two_column_pdf

from analysis.cli import main
from analysis.extract import extract_text
from analysis.extract.text import ingest as ingesting
from analysis.extract.text.readers import ReadError, edition_of, read_html, read_pdf
from analysis.paths import RAW_DIR

COUNTRIES = [
    "PERU",
    "CHILE",
    "BOLIVIA",
    "ECUADOR",
    "COLOMBIA",
    "NIGERIA",
    "GHANA",
    "NEPAL",
    "FRANCE",
    "POLAND",
]
TIERS = [
    "(Tier 2)",
    ": Tier 1",
    ": TIER 2 WATCH LIST",
    ": Tier 2",
    "(Tier 2 Watch List)",
    ": Tier 3",
    ": Tier 2",
    ": Tier 1",
    "(Tier 1)",
    ": Tier 2",
]


def narrative(name: str, tier: str, n: int) -> str:
    """A short narrative in our own words, laid out as the reports lay them out."""
    return (
        f"{name}{' ' if tier.startswith('(') else ''}{tier}\nThe government made uneven progress.\n"
        f"PROSECUTION\nThe government prosecuted {n} suspected traffickers in 2023, compared with {n + 3} "
        f"in 2022, and convicted {n // 2} traffickers.\nPROTECTION\nThe government identified {10 * n} "
        "victims in 2023 and referred all of them to care.\n"
    )


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    two_column_pdf(
        [narrative(c, t, 11 + i) for i, (c, t) in enumerate(zip(COUNTRIES, TIERS, strict=True))], path
    )
    return path


def test_a_whole_report_is_split_into_its_country_narratives(report_pdf):
    parts, problems = read_pdf(report_pdf)
    assert not problems
    assert [p.text.split("\n", 1)[0].split(":")[0].split(" (")[0] for p in parts] == COUNTRIES
    assert all(p.report_year == 2024 for p in parts)  # the edition, read from the running header
    assert parts[0].origin == "report.pdf#pages=1"
    for part in parts:
        assert "TRAFFICKING IN PERSONS REPORT" not in part.text  # running header dropped
        assert not any(line.strip().isdigit() for line in part.text.splitlines())  # page numbers dropped


def test_ingesting_the_pdf_gives_ten_documents_with_the_right_countries(report_pdf, tmp_path, capsys):
    raw = tmp_path / "raw"
    (raw / "tip_narratives").mkdir(parents=True)
    assert main(["ingest", str(report_pdf), "--raw", str(raw)]) == 0
    out = capsys.readouterr().out
    documents = (raw / "tip_narratives" / ingesting.DOCUMENTS_FILE).read_text()
    for country in (
        "Peru",
        "Chile",
        "Bolivia",
        "Ecuador",
        "Colombia",
        "Nigeria",
        "Ghana",
        "Nepal",
        "France",
        "Poland",
    ):
        assert f"{country} 2024: " in out and f"{country}," in documents
    extracted = (raw / "tip_narratives" / ingesting.EXTRACTED_FILE).read_text()
    assert "Chile,CHL,2024,2023,prosecutions,all,total,12," in extracted
    assert "Chile,CHL,2024,2022,prosecutions,all,total,15," in extracted  # the comparison year


def test_a_pdf_gives_the_figures_its_text_gives(tmp_path, corpus_dir):
    text = (corpus_dir / "peru" / "2008.txt").read_text()
    text = text[text.index("PERU (Tier 2)") :]
    path = tmp_path / "peru.pdf"
    two_column_pdf([text], path, edition=2008)
    parts, _ = read_pdf(path)
    from_pdf = extract_text(parts[0].text, report_year=2008)
    from_text = extract_text(text, report_year=2008)
    key = ["indicator", "reference_year", "value"]
    assert sorted(map(tuple, from_pdf[key].values.tolist())) == sorted(
        map(tuple, from_text[key].values.tolist())
    )


def test_bad_pdfs_are_named_with_the_reason(tmp_path):
    locked = tmp_path / "locked.pdf"
    two_column_pdf([narrative("PERU", "(Tier 2)", 5)], locked, password="secret")
    with pytest.raises(ReadError, match=r"locked\.pdf: the PDF is encrypted"):
        read_pdf(locked)
    png = tmp_path / "scan.png"
    raw = b"\x00" + b"\xff\xff\xff" * 4
    chunk = lambda kind, data: (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    )
    png.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    scanned = tmp_path / "scan.pdf"
    image_only_pdf(scanned, png)
    with pytest.raises(ReadError, match=r"scan\.pdf: the PDF has no text layer"):
        read_pdf(scanned)
    whole = tmp_path / "whole.pdf"
    two_column_pdf([narrative("PERU", "(Tier 2)", 5)], whole)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole.read_bytes()[:400])
    with pytest.raises(ReadError, match=r"cut\.pdf: not a readable PDF"):
        read_pdf(cut)


def test_a_heading_naming_no_known_country_is_reported_with_its_page(tmp_path, capsys):
    path = tmp_path / "mixed.pdf"
    two_column_pdf(
        [
            narrative("PERU", "(Tier 2)", 5),
            narrative("ATLANTIS", ": Tier 2", 6),
            narrative("CHILE", ": Tier 1", 7),
        ],
        path,
    )
    raw = tmp_path / "raw"
    (raw / "tip_narratives").mkdir(parents=True)
    assert main(["ingest", str(path), "--raw", str(raw)]) == 1
    captured = capsys.readouterr()
    assert "mixed.pdf, page 2: the heading 'ATLANTIS: Tier 2' names no known country" in captured.err
    assert "Peru 2024" in captured.out and "Chile 2024" in captured.out


HTML = """<html><head><title>Peru</title><script>var x = 5;</script></head><body>
<nav><a href="/">Home</a> <a href="/reports">Reports 2024</a> 12 menus</nav>
<header class="site-header">U.S. Department of State</header>
<main><h1>2024 Trafficking in Persons Report: Peru</h1>
<h2>PERU: Tier 2</h2><p>The government prosecuted 40 suspected traffickers in 2023.</p>
<h3>PROTECTION</h3><p>The government identified 1,200 victims in 2023.</p>
<ol class="footnotes"><li>See 99 cases in the 2019 annex.</li></ol></main>
<footer>Page 7 of 9</footer></body></html>"""


def test_a_saved_page_gives_its_main_text_only(tmp_path):
    page = tmp_path / "peru.html"
    page.write_text(HTML)
    text = read_html(page)
    assert "PERU: Tier 2" in text and "1,200 victims" in text
    for furniture in ("Home", "menus", "Department of State", "99 cases", "Page 7", "var x"):
        assert furniture not in text
    assert edition_of(text) == 2024
    figures = extract_text(text)
    assert {(r.indicator, r.value) for r in figures.itertuples()} >= {
        ("prosecutions", 40.0),
        ("victims_identified", 1200.0),
    }


def test_a_page_that_is_no_tip_narrative_is_refused(tmp_path, capsys):
    page = tmp_path / "news.html"
    page.write_text("<html><body><main><p>Weather today: 25 degrees, 3 showers.</p></main></body></html>")
    raw = tmp_path / "raw"
    (raw / "tip_narratives").mkdir(parents=True)
    assert main(["ingest", str(page), "--raw", str(raw), "--report-year", "2024"]) == 1
    assert "news.html: no TIP narrative found in this page" in capsys.readouterr().err
    assert not (raw / "tip_narratives" / ingesting.EXTRACTED_FILE).exists()
    assert RAW_DIR.exists()


def test_extract_reads_pdfs_and_pages_as_ingest_does(report_pdf, tmp_path, capsys):
    """A PDF given to extract failed as 'not UTF-8'; an HTML file yielded nothing."""
    import io

    out = io.StringIO()
    assert main(["extract", str(report_pdf)], out=out) == 0
    table = pd.read_csv(io.StringIO(out.getvalue()))
    assert set(table["country"]) >= {"Peru", "Chile", "Poland"} and (table["report_year"] == 2024).all()
    page = tmp_path / "peru.html"
    page.write_text(HTML)
    out = io.StringIO()
    assert main(["extract", str(page)], out=out) == 0
    assert "prosecutions" in out.getvalue() and "1200.0" in out.getvalue()


def test_an_aes_encrypted_pdf_opens_and_a_locked_one_does_not_stop_the_folder(tmp_path, capsys):
    """An AES PDF with no password to open gave a traceback (pypdf's crypto dependency was
    missing), and it aborted the whole folder."""
    from analysis.cli import EXIT_DATA, main

    folder = tmp_path / "pdfs"
    folder.mkdir()
    two_column_pdf([narrative("PERU", "(Tier 2)", 5)], folder / "aes.pdf", aes=True)
    parts, _ = read_pdf(folder / "aes.pdf", 2024)
    assert "prosecuted 5 suspected traffickers" in " ".join(parts[0].text.split())
    two_column_pdf([narrative("CHILE", "(Tier 1)", 6)], folder / "locked.pdf", password="secret")
    two_column_pdf([narrative("GHANA", "(Tier 2)", 7)], folder / "open.pdf")
    raw = tmp_path / "raw"
    assert main(["ingest", str(folder), "--report-year", "2024", "--raw", str(raw)]) == EXIT_DATA
    captured = capsys.readouterr()
    assert "locked.pdf: the PDF is encrypted with a password" in captured.err
    assert "Traceback" not in captured.err
    assert "Peru 2024" in captured.out and "Ghana 2024" in captured.out


def test_a_heading_before_a_title_line_and_the_pages_before_the_first_heading(tmp_path, capsys):
    """'PERU: Tier 2' followed by '2021 Trafficking in Persons Report: Peru' was joined into one
    line and not recognised, and the text before the first recognised heading was dropped
    without a word (issue 20)."""
    from analysis.cli import main

    intro = "INTRODUCTION\nThis report covers the governments of the world and their efforts.\n" * 3
    peru = narrative("PERU:", "Tier 2", 5).replace(
        "Tier 2\n", "Tier 2\n2021 Trafficking in Persons Report: Peru\n", 1
    )
    chile = narrative("CHILE:", "Tier 1", 6)
    path = tmp_path / "report.pdf"
    two_column_pdf([intro, peru, chile], path, edition=2021)
    parts, problems = read_pdf(path)
    assert [p.text.split(":")[0] for p in parts] == ["PERU", "CHILE"]
    assert any(p.startswith("note: ") and "before the first country heading" in p for p in problems)
    raw = tmp_path / "raw"
    assert main(["ingest", str(path), "--raw", str(raw)]) == 0  # a note is not an error
    out = capsys.readouterr().out
    assert "Peru 2021" in out and "Chile 2021" in out
    assert "note: " in out and "page 1: " in out and "left out" in out
    # a whole report: a table of what was read, one row per narrative
    assert "report.pdf: 2 narratives" in out
    table = out[out.index("report.pdf: 2 narratives") :].splitlines()[1:4]
    assert table[0].split()[:4] == ["country", "pages", "figures", "sections"]
    assert [row.split()[0] for row in table[1:]] == ["Peru", "Chile"]
    assert all("protection" in row for row in table[1:])


def test_page_furniture_naming_a_country_is_dropped_and_headings_never_are(tmp_path, capsys):
    """A footer naming the next country ("BRAZIL  41") cut a sentence in two and read its page
    number as a count; in a short PDF a country or section heading, or sentences of the same shape,
    at the edges of most pages were taken for running lines (issue 20)."""
    from fixtures.pdfs import flowing_pdf

    peru = narrative("PERU", ": Tier 2", 5) + "Police identified 45 victims of forced labor in mining. " * 40
    chile = narrative("CHILE", ": Tier 1", 6)
    path = tmp_path / "flow.pdf"
    flowing_pdf([("Peru", peru), ("Chile", chile)], path, edition=2024, lines_per_page=20)
    parts, problems = read_pdf(path)
    assert [p.text.split(":")[0] for p in parts] == ["PERU", "CHILE"] and not problems
    assert all("CHILE  4" not in p.text and "PERU  4" not in p.text for p in parts)  # footers gone
    from_pdf = extract_text(parts[0].text, report_year=2024)
    assert set(from_pdf["value"]) == set(extract_text(peru, report_year=2024)["value"])

    again = narrative("PERU", ": Tier 2", 9)
    path = tmp_path / "twice.pdf"
    two_column_pdf([narrative("PERU", ": Tier 2", 5), chile, again], path, edition=2024)
    parts, _ = read_pdf(path)
    assert parts[0].text.split("\n")[:2] == [
        "PERU: Tier 2",
        "The government made uneven progress.",
    ]
    assert all("PROSECUTION" in p.text and "prosecuted" in p.text for p in parts)
    raw = tmp_path / "raw"
    assert main(["ingest", str(path), "--raw", str(raw)]) == 1  # one document per country and edition
    err = capsys.readouterr().err + capsys.readouterr().out
    assert "Peru 2024: twice.pdf#pages=1 and twice.pdf#pages=3 are two texts of one edition" in err


def test_special_case_and_watch_list_headings_in_capitals_start_narratives_mid_page(tmp_path):
    from fixtures.pdfs import flowing_pdf

    narratives = [
        ("Peru", narrative("PERU", ": TIER 2 WATCH LIST", 5)),
        ("Libya", "LIBYA: SPECIAL CASE\nThe government did not report law enforcement statistics.\n"),
        ("Yemen", "YEMEN (Special Case)\nNo government data were available.\n"),
        ("Chile", narrative("CHILE", ": TIER 1", 6)),
    ]
    path = tmp_path / "flow.pdf"
    flowing_pdf(narratives, path, edition=2024, lines_per_page=9, footer="first")
    parts, problems = read_pdf(path)
    assert [p.text.split("\n")[0] for p in parts] == [
        "PERU: TIER 2 WATCH LIST",
        "LIBYA: SPECIAL CASE",
        "YEMEN (Special Case)",
        "CHILE: TIER 1",
    ]
    assert not [p for p in problems if not p.startswith("note: ")]

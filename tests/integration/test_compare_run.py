"""A comparison run end to end: the compare command, its notebook under papermill, the HTML page
in a real browser (key table, links to each figure's data, methods note, data version, citation)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.paths import ROOT
from analysis.report import folders
from analysis.report.footer import data_version


@pytest.fixture(scope="module")
def compare_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("compare")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "compare",
            "Peru",
            "NGA",
            "colombia",
            "--output-dir",
            str(base),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return folders.runs(base)[-1][0] / "compare-PER-NGA-COL"


def test_the_comparison_page_shows_its_table_links_its_data_and_says_how_it_was_made(compare_run):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it with apt-get)")
    from playwright.sync_api import sync_playwright

    html = compare_run / "compare_countries.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            remote = []
            page.on(
                "request",
                lambda r: remote.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
            )
            page.goto(html.resolve().as_uri(), wait_until="load")
            title = page.title()
            rows = page.evaluate(
                "Array.from(document.querySelectorAll('table.tip-table tbody tr'))"
                ".map(r => r.cells[0].textContent.trim())"
            )
            links = page.evaluate(
                "Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))"
            )
            body = page.evaluate("document.body.innerText")
            widths = page.evaluate("Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)")
        finally:
            browser.close()
    assert title == "Countries compared (Peru, Nigeria, Colombia): TIP Report analysis, all editions"
    assert rows == ["Peru", "Nigeria", "Colombia"]
    data = [link for link in links if link and link.endswith(".csv")]
    assert {Path(link).name for link in data} == {
        "comparison.csv",
        "compare_conversion.csv",
        "compare_tiers.csv",
    }
    assert all((html.parent / link).resolve().is_file() for link in data), data
    assert "Methods and limitations" in body and "How to cite." in body
    assert f"data version {data_version()}" in body
    assert widths and all(w > 0 for w in widths) and not remote, (widths, remote)

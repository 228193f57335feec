"""Report runs end to end: real batches, killed workers, timeouts, dask, HTML in a real browser."""

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.atomic import read_json
from analysis.paths import ROOT
from analysis.report import folders
from analysis.report import run as reports
from analysis.report.headline import read_headline


def run_cli(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "analysis", "report", *args], capture_output=True, text=True, cwd=cwd
    )


def read_summary(run_dir: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO((run_dir / "summary.csv").read_text())))


# --- parameters ---------------------------------------------------------------------------------


def test_bad_parameter_exits_2_before_anything_is_created(tmp_path):
    result = run_cli("--country", "Peru", "--param", "first_year=soon", "--output-dir", str(tmp_path))
    assert result.returncode == 2
    assert "first_year" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())
    result = run_cli("--country", "Peru", "--param", "colour=red", "--output-dir", str(tmp_path))
    assert result.returncode == 2 and "accepted: country" in result.stderr
    result = run_cli("--country", "Peru", "--kernel", "nope", "--output-dir", str(tmp_path))
    assert result.returncode == 2 and "make kernel" in result.stderr
    assert not list(tmp_path.iterdir())


# --- a real batch -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Peru, Bolivia and an unknown country, two at a time: the issue's acceptance run."""
    base = tmp_path_factory.mktemp("runs")
    result = run_cli(
        "--country",
        "Peru",
        "--country",
        "Bolivia",
        "--country",
        "Atlantis",
        "--jobs",
        "2",
        "--output-dir",
        str(base),
        "--quiet",
    )
    return result, folders.runs(base)[-1][0]


def test_batch_finishes_real_reports_and_names_the_unknown_country(batch):
    result, run_dir = batch
    assert result.returncode == 1
    assert "Atlantis" in result.stderr and "did you mean" in result.stderr
    assert "2 of 3 reports ok; run folder" in result.stdout  # --quiet keeps the one-line result
    assert "summary:" not in result.stdout
    rows = {r["label"]: r for r in read_summary(run_dir)}
    assert rows["PER"]["status"] == "ok" and rows["BOL"]["status"] == "ok"
    atlantis = [r for label, r in rows.items() if label.startswith("unknown-")]
    assert len(atlantis) == 1 and atlantis[0]["status"] == "invalid"
    for label in ("PER", "BOL"):
        folder = run_dir / label
        assert (folder / "country_report.ipynb").exists() and (folder / "country_report.html").exists()
        assert read_json(folder / "run.json")["status"] == "ok"
    html = (run_dir / "PER" / "country_report.html").read_text()
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.startswith("Peru: TIP Report analysis, editions ")  # was "country_report"


def test_summary_headlines_come_from_the_executed_notebooks(batch):
    import json

    from analysis.report.country import CountryReport

    _, run_dir = batch
    row = {r["label"]: r for r in read_summary(run_dir)}["PER"]
    recorded = read_headline(json.loads((run_dir / "PER" / "country_report.ipynb").read_text()))
    assert float(row["protection_gap_criteria"]) == recorded["protection_gap_criteria"]
    assert recorded == json.loads(json.dumps(CountryReport("Peru").headline()))
    assert row["tier"] == "2"


def test_exported_html_loads_in_a_real_browser_without_network(batch):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it with apt-get)")
    from playwright.sync_api import sync_playwright

    _, run_dir = batch
    html = (run_dir / "PER" / "country_report.html").resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page()
            failed, remote = [], []
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on(
                "request",
                lambda r: remote.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
            )
            page.goto(html, wait_until="load")
            widths = page.evaluate("Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)")
            alts = page.evaluate("Array.from(document.images).map(i => i.alt)")
            headings = page.evaluate(
                "Array.from(document.querySelectorAll('h1, h2')).map(h => h.textContent)"
            )
        finally:
            browser.close()
    assert widths and all(w > 0 for w in widths), widths
    # every image says what it shows: its caption, never nbconvert's placeholder
    assert all(alt.startswith("Peru: ") and "Source: " in alt for alt in alts), alts
    assert not [alt for alt in alts if "No description has been provided" in alt]
    for heading in (
        "Peru: TIP country report",
        "At a glance",
        "Enforcement over time",
        "Attrition",
        "Protection",
        "Tier trajectory",
        "Sources and caveats",
    ):
        assert any(h.startswith(heading) for h in headings), (heading, headings)
    assert not failed and not remote, (failed, remote)


# --- failures stay contained --------------------------------------------------------------------------


def _jobs(run_dir: Path, countries, **params):
    params.setdefault("figures_dir", str(run_dir / "figures"))
    return reports.make_jobs("country_report", countries, params, run_dir)


def test_a_killed_worker_is_marked_failed_and_the_others_complete(tmp_path, monkeypatch):
    real = reports.worker_command

    def command(job_file):
        if Path(job_file).parent.name == "BOL":  # simulate a worker killed mid-run (SIGKILL)
            return [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"]
        return real(job_file)

    monkeypatch.setattr(reports, "worker_command", command)
    records = {r["label"]: r for r in reports.run_jobs(_jobs(tmp_path, ["Peru", "Bolivia"]), 2, quiet=True)}
    assert records["PER"]["status"] == "ok"
    assert records["BOL"]["status"] == "failed"
    assert "killed by a signal" in records["BOL"]["error"]["message"]
    assert read_json(tmp_path / "BOL" / "run.json")["status"] == "failed"


def test_a_failing_cell_is_recorded_with_its_index_and_the_partial_notebook_kept(tmp_path):
    blocker = tmp_path / "not-a-folder"
    jobs = _jobs(tmp_path, ["Peru"], figures_dir=str(blocker))  # valid when checked ...
    blocker.write_text("a file where the figures folder should be")  # ... then taken by a file
    record = reports.run_jobs(jobs, 1, quiet=True)[0]
    assert record["status"] == "failed"
    assert record["error"]["name"] in ("NotADirectoryError", "FileExistsError")
    assert isinstance(record["error"]["cell_index"], int)
    assert (tmp_path / "PER" / "country_report.ipynb").exists()


def test_a_notebook_over_its_timeout_is_stopped_and_marked(tmp_path):
    jobs = _jobs(tmp_path, ["Peru"])
    jobs[0].timeout = 0.5
    record = reports.run_jobs(jobs, 1, quiet=True)[0]
    assert record["status"] == "failed" and "timed out" in record["error"]["message"], record


def test_runs_on_a_dask_cluster(tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        records = reports.run_jobs(
            _jobs(tmp_path, ["Peru", "Nigeria"]), quiet=True, dask_scheduler=cluster.scheduler_address
        )
    assert [r["label"] for r in records] == ["PER", "NGA"]
    assert all(r["status"] == "ok" for r in records)

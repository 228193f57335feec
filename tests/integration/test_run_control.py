"""Report runs that stop when told, notice a dead kernel at once, and never delete what is not theirs."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from analysis.atomic import read_json
from analysis.paths import ROOT
from analysis.report import folders

TWENTY = [
    "Peru",
    "Bolivia",
    "Chile",
    "Ecuador",
    "Colombia",
    "Brazil",
    "Argentina",
    "Mexico",
    "Nigeria",
    "Ghana",
    "Kenya",
    "India",
    "Nepal",
    "Thailand",
    "Vietnam",
    "France",
    "Spain",
    "Italy",
    "Poland",
    "Romania",
]


def report_command(base: Path, countries, *extra) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "analysis",
        "report",
        "--output-dir",
        str(base),
        "--quiet",
        "--no-html",
        *extra,
    ]
    for country in countries:
        command += ["--country", country]
    return command


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def workers_of(base: Path) -> list[str]:
    """Worker processes whose job file lies under ``base``."""
    result = subprocess.run(["pgrep", "-f", f"analysis.report.worker {base}"], capture_output=True, text=True)
    return result.stdout.split()


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_a_20_country_batch_within_5_s_with_a_summary(tmp_path, signum, code):
    """Ctrl-C kept starting pending reports and ended after 20 s with a traceback and no summary;
    SIGTERM orphaned the running worker and left no record of the reports never started."""
    proc = subprocess.Popen(
        report_command(tmp_path, TWENTY, "--jobs", "2"),
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_for(lambda: len(list(tmp_path.glob("*/*/run.json"))) >= 2, 60), "no report started"
    started = time.monotonic()
    os.killpg(proc.pid, signum)  # as a terminal's Ctrl-C does: the runner's whole process group
    _, stderr = proc.communicate(timeout=30)
    elapsed = time.monotonic() - started
    assert proc.returncode == code, stderr
    assert elapsed <= 5, elapsed
    assert "Traceback" not in stderr
    assert stderr.strip().count("\n") == 0 and f"cancelled by {signal.Signals(signum).name}" in stderr
    run = next(p for p in tmp_path.iterdir() if (p / folders.MARKER).exists() and not p.is_symlink())
    rows = (run / "summary.csv").read_text().splitlines()[1:]
    assert len(rows) == 20
    statuses = [row.split(",")[2] for row in rows]
    assert set(statuses) <= {"ok", "cancelled"} and statuses.count("cancelled") >= 15
    for country_dir in (p for p in run.iterdir() if p.is_dir()):
        assert read_json(country_dir / "run.json")["status"] in ("ok", "cancelled")
    assert read_json(run / folders.MARKER)["state"] == "cancelled"
    ok = {p.name for p in run.iterdir() if p.is_dir() and read_json(p / "run.json")["status"] == "ok"}
    assert {p.name for p in (tmp_path / "latest").iterdir()} == ok  # only finished reports are linked
    assert all((tmp_path / "latest" / label).resolve() == (run / label).resolve() for label in ok)
    assert wait_for(lambda: not workers_of(tmp_path), 3), workers_of(tmp_path)


def test_a_dead_kernel_fails_its_job_at_once(tmp_path):
    """A kernel that died mid-notebook hung its job until the timeout (10 min by default)."""
    killer = tmp_path / "killer.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
        nbformat.v4.new_code_cell("print('never')"),
    ]
    nbformat.write(notebook, killer)
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from analysis.report import worker
        from analysis.report.run import Job
        worker.notebook_path = lambda name: Path({str(killer)!r})
        sys.exit(worker.main(Job("country_report", "DIE", {{}}, {str(tmp_path)!r}, timeout=120, html=False)))
    """)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=150
    )
    elapsed = time.monotonic() - started
    record = json.loads((tmp_path / "DIE" / "run.json").read_text())
    assert result.returncode == 1 and record["status"] == "failed"
    assert record["error"]["message"] == "kernel died (exit -9, SIGKILL)"
    assert elapsed < 30, elapsed


def test_keep_last_next_to_a_users_folder_and_a_run_in_progress_loses_nothing(tmp_path):
    """--keep-last removed folders named 20* (a user's 2019_thesis_data/) and a run in progress."""
    thesis = tmp_path / "2019_thesis_data"
    thesis.mkdir()
    (thesis / "interviews.csv").write_text("precious\n")
    first = subprocess.Popen(
        report_command(tmp_path, ["Peru", "Bolivia", "Chile"], "--jobs", "1"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_for(lambda: len(list(tmp_path.glob("2*T*Z*"))) >= 1, 30)
    second = subprocess.run(
        report_command(tmp_path, ["Nepal"], "--keep-last", "1"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert second.returncode == 0, second.stderr
    _, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    run_dirs = sorted(p for p in tmp_path.iterdir() if (p / folders.MARKER).exists() and not p.is_symlink())
    assert len(run_dirs) == 2  # the second run kept the first: it was still in progress
    first_run = run_dirs[0]
    assert [read_json(first_run / c / "run.json")["status"] for c in ("PER", "BOL", "CHL")] == ["ok"] * 3
    assert (thesis / "interviews.csv").read_text() == "precious\n"
    loud = [arg for arg in report_command(tmp_path, ["Nepal"], "--keep-last", "1") if arg != "--quiet"]
    third = subprocess.run(loud, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert third.returncode == 0, third.stderr
    # the second run (Nepal, now superseded) goes; the first stays: reports/latest/PER, BOL and CHL
    # still point into it, the newest reports of those countries
    assert "pruned 1 older run(s)" in third.stdout  # and says so
    remaining = [p for p in tmp_path.iterdir() if (p / folders.MARKER).exists() and not p.is_symlink()]
    assert sorted(remaining) == sorted([first_run, (tmp_path / "latest" / "NPL").resolve().parent])
    assert (thesis / "interviews.csv").exists()

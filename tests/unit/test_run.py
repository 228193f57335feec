"""analysis.report.run without a kernel: jobs, the kernel check, cancelling a batch."""

import pytest

from analysis.report import run as reports


def test_missing_kernel_says_how_to_fix_it():
    with pytest.raises(reports.KernelMissingError, match="make kernel"):
        reports.check_kernel("no-such-kernel-here")


def test_one_country_named_three_ways_makes_one_job():
    """--country Peru --country perú --country PER made three PER jobs writing to one folder."""
    jobs = reports.make_jobs(
        "country_report", ["Peru", "perú", "PER", "Atlantis", "atlantis", "Atlantis"], {}
    )
    assert [job.label for job in jobs] == ["PER", "unknown-Atlantis", "unknown-atlantis"]
    assert jobs[0].parameters["country"] == "Peru" and jobs[1].error


def test_the_worker_imports_neither_pandas_nor_the_notebook_stack():
    """A report worker starts fast: analysis.report.worker and what it imports stay light."""
    import subprocess
    import sys

    from analysis.paths import ROOT

    code = (
        "import sys, analysis.report.worker; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'papermill', 'nbconvert') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"

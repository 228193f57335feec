"""Report runs without a kernel: parameter schemas, job lists, run folders (analysis.report.run)."""

import pytest

from analysis.countries import UnknownCountryError
from analysis.report import run as reports


def test_unknown_parameter_lists_the_accepted_keys():
    with pytest.raises(reports.ParameterError) as info:
        reports.validate_parameters("country_report", {"contry": "Peru"})
    for key in ("country", "first_year", "last_year", "sources", "figures_dir", "formats"):
        assert key in str(info.value)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"first_year": "2010"}, "expected int or None"),
        ({"first_year": True}, "expected int or None"),
        ({"formats": "png"}, "expected list of str"),
        ({"formats": ["png", "gif"]}, "accepted: png, svg, pdf"),
        ({"sources": ["wikipedia"]}, "accepted: tip_narrative"),
        ({"first_year": 2015, "last_year": 2010}, "after last_year"),
    ],
)
def test_wrong_types_and_values_are_refused(params, message):
    with pytest.raises(reports.ParameterError, match=message):
        reports.validate_parameters("country_report", params)


def test_country_is_checked_and_defaults_are_filled():
    with pytest.raises(UnknownCountryError, match="did you mean 'Peru'"):
        reports.validate_parameters("country_report", {"country": "Peruu"})
    params = reports.validate_parameters("country_report", {"country": "perú", "first_year": 2010})
    assert (
        params["country"] == "Peru" and params["first_year"] == 2010 and params["formats"] == ["png", "svg"]
    )


def test_param_values_are_read_as_yaml():
    assert reports.parse_param("first_year=2010") == ("first_year", 2010)
    assert reports.parse_param("sources=[unodc_glotip]") == ("sources", ["unodc_glotip"])
    assert reports.parse_param("last_year=null") == ("last_year", None)
    with pytest.raises(reports.ParameterError, match="KEY=VALUE"):
        reports.parse_param("first_year")


def test_missing_kernel_says_how_to_fix_it():
    with pytest.raises(reports.KernelMissingError, match="make kernel"):
        reports.check_kernel("no-such-kernel-here")


def test_keep_last_removes_older_runs(tmp_path):
    for name in ("20250101T000000Z", "20250102T000000Z", "20250103T000000Z"):
        (tmp_path / name).mkdir()
    removed = reports.keep_last(tmp_path, 2)
    assert [p.name for p in removed] == ["20250101T000000Z"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["20250102T000000Z", "20250103T000000Z"]


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

"""analysis.report.params: notebook parameters checked before any kernel starts."""

import pytest

from analysis.countries import UnknownCountryError
from analysis.report import params as reports
from analysis.report.params import ParameterError


def test_unknown_parameter_lists_the_accepted_keys():
    with pytest.raises(ParameterError) as info:
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
    with pytest.raises(ParameterError, match=message):
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
    with pytest.raises(ParameterError, match="KEY=VALUE"):
        reports.parse_param("first_year")


@pytest.mark.parametrize(
    "values, message",
    [
        ({"figures_dir": ""}, "parameter 'figures_dir': empty"),
        ({"formats": []}, "parameter 'formats': give at least one of png, svg, pdf"),
    ],
)
def test_no_silent_empties(values, message):
    """figures_dir="" wrote into the repository's figures/; --formats "," made no images silently."""
    with pytest.raises(ParameterError, match=message):
        reports.validate_parameters("country_report", values)


def test_figures_dir_that_is_a_file_or_read_only_is_refused_before_any_kernel(tmp_path):
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    with pytest.raises(ParameterError, match="is a file, not a folder"):
        reports.validate_parameters("country_report", {"figures_dir": str(a_file / "figs")})


def test_a_figures_dir_that_cannot_be_written_is_refused(tmp_path, monkeypatch):
    """Permissions do not bind root (these machines run as root), so os.access stands in."""
    monkeypatch.setattr(reports.os, "access", lambda path, mode: False)
    with pytest.raises(ParameterError, match="is not writable"):
        reports.validate_parameters("country_report", {"figures_dir": str(tmp_path / "figs")})

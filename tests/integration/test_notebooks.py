"""The story notebooks execute under papermill, and their figures are reproducible."""

import ast
import json
from pathlib import Path

import papermill as pm
import pytest

from analysis.paths import FIGURES_DIR, NOTEBOOKS_DIR
from analysis.report.params import SCHEMAS
from analysis.report.run import KERNEL_NAME, check_kernel


@pytest.fixture(scope="module", autouse=True)
def kernel():
    check_kernel(KERNEL_NAME)  # a clear error naming `make kernel` if it is missing


def execute(notebook: str, out_dir: Path, **parameters) -> dict:
    output = out_dir / f"{notebook}.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS_DIR / f"{notebook}.ipynb"),
        str(output),
        parameters=parameters,
        kernel_name=KERNEL_NAME,
        progress_bar=False,
    )
    return json.loads(output.read_text())


def markdown_outputs(notebook: dict) -> str:
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("data", {}).get("text/markdown", "")))
    return "\n".join(texts)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("notebook", sorted(SCHEMAS))
def test_parameters_cell_matches_the_documented_schema(notebook):
    found = pm.inspect_notebook(str(NOTEBOOKS_DIR / f"{notebook}.ipynb"))
    assert list(found) == list(SCHEMAS[notebook])
    for name, info in found.items():
        assert ast.literal_eval(info["default"]) == SCHEMAS[notebook][name].default, name


@pytest.fixture(scope="module")
def peru_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("peru")
    notebook = execute("country_report", out, country="Peru", figures_dir=str(out / "figures"))
    return out, notebook


def test_peru_report_tells_the_founding_story(peru_run):
    _, notebook = peru_run
    text = markdown_outputs(notebook)
    assert "# Peru: TIP country report" in text
    assert "suspects identified from 39 (2006) to 96 (2007, ×2.46)" in text
    assert "0 convictions for 15 prosecutions in 2007" in text
    assert "0.81 in the 2008 report (8 of 9 criteria assessed, coded by hand)" in text  # the founding 0.8125
    assert "the TIP narrative reports 0, UNODC 123" in text


def test_regenerated_peru_figures_equal_the_committed_ones(peru_run):
    out, _ = peru_run
    fresh, committed = snapshot(out / "figures" / "PER"), snapshot(FIGURES_DIR / "PER")
    assert sorted(fresh) == sorted(committed), "run `make report` and commit figures/"
    for name in fresh:
        assert fresh[name] == committed[name], (
            f"figures/PER/{name} differs from a fresh run: run `make report`"
        )


def test_global_overview_executes_and_figures_equal_the_committed_ones(tmp_path):
    notebook = execute("global_overview", tmp_path, figures_dir=str(tmp_path / "figures"))
    assert "Governments reported" in markdown_outputs(notebook)
    fresh, committed = snapshot(tmp_path / "figures" / "global"), snapshot(FIGURES_DIR / "global")
    assert sorted(fresh) == sorted(committed)
    for name in fresh:
        assert fresh[name] == committed[name], f"figures/global/{name} differs from a fresh run"


def test_figures_are_byte_identical_across_two_runs():
    from analysis.plots import figure_bytes
    from analysis.report.country import CountryReport

    first = CountryReport("Peru").sections()
    second = CountryReport("Peru").sections()
    for a, b in zip(first, second, strict=True):
        if a.figure is not None:
            for fmt in ("png", "svg", "pdf"):
                assert figure_bytes(a.figure, fmt) == figure_bytes(b.figure, fmt), (a.key, fmt)


def test_sparse_country_renders_and_says_what_is_missing(tmp_path):
    notebook = execute("country_report", tmp_path, country="Eritrea", figures_dir=str(tmp_path / "figures"))
    text = markdown_outputs(notebook)
    assert "no TIP Report narrative figures and no UNODC GLOTIP figures" in text
    assert "No source reports both convictions and prosecutions" in text
    assert "No protection criteria have been assessed" in text
    drawn = {p.stem for p in (tmp_path / "figures" / "ERI").iterdir()}
    assert drawn == {"tier_trajectory"}  # no empty axes for sections without data


def test_unknown_country_fails_in_the_first_cell_with_did_you_mean(tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as info:
        execute("country_report", tmp_path, country="Peruu")
    assert info.value.ename == "UnknownCountryError"
    assert "did you mean 'Peru'" in info.value.evalue
    source = json.loads((NOTEBOOKS_DIR / "country_report.ipynb").read_text())
    first_code = next(
        c
        for c in source["cells"]
        if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", [])
    )
    assert info.value.source == "".join(first_code["source"])
    assert (tmp_path / "country_report.ipynb").exists()  # the partial output is kept

"""Countries side by side (``analysis.report.compare``): what is compared, what is said, what is drawn."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis.countries import UnknownCountryError, canonical_name, country_table
from analysis.plots.compare import MAX_LINES, conversion_lines
from analysis.report.compare import (
    STALE_YEARS,
    CompareError,
    CompareReport,
    folder_label,
    resolve,
)


@pytest.fixture(scope="module")
def three(panel):
    return CompareReport(["Peru", "NGA", "colombia"], panel=panel)


@pytest.fixture(scope="module")
def region(panel):
    return CompareReport(region="western hemisphere", panel=panel)


def test_countries_resolve_once_each_and_bad_requests_say_what_is_accepted():
    assert resolve(["Peru", "PER", "perú", "Nigeria"], None) == (["PER", "NGA"], None)
    with pytest.raises(CompareError, match="at least two countries; got 1"):
        resolve(["Peru", "PER"], None)
    with pytest.raises(CompareError, match="not both"):
        resolve(["Peru", "Chile"], "Africa")
    with pytest.raises(UnknownCountryError, match="Nigeria"):
        resolve(["Peru", "Nigerria"], None)
    with pytest.raises(CompareError, match="accepted: Africa; East Asia & Pacific"):
        resolve(None, "Atlantis")
    with pytest.raises(CompareError, match="accepted: tip, unodc"):
        resolve(None, "Africa", scheme="un")


def test_a_region_is_every_country_the_country_table_puts_in_it():
    table = country_table()
    members, name = resolve(None, "western hemisphere")
    assert name == "Western Hemisphere" and members == sorted(members, key=canonical_name)
    assert set(members) == set(table.loc[table["tip_region"] == "Western Hemisphere", "iso3"])
    assert folder_label(members, "Western Hemisphere") == "region-western-hemisphere"
    assert folder_label(["PER", "NGA"], None) == "compare-PER-NGA"


def test_the_overview_gives_each_value_with_its_year_and_blanks_what_is_not_coded(three, panel):
    table = three.overview_table
    assert list(table["iso3"]) == ["PER", "NGA", "COL"]
    narrated = set(panel.criteria["iso3"]) | set(panel.followthrough["iso3"])
    for row in table.itertuples():
        assert pd.isna(row.conversion) == pd.isna(row.conversion_year)
        assert pd.isna(row.criteria_gap) == pd.isna(row.criteria_edition) == pd.isna(row.criteria_method)
        if row.iso3 not in narrated:
            assert pd.isna(row.criteria_gap) and pd.isna(row.followthrough_items)
        latest_tier = panel.tiers[panel.tiers["iso3"] == row.iso3]["report_year"].max()
        assert row.tier_edition == latest_tier
    section = three.overview()
    shown = section.table.set_index("Country")
    assert shown.loc["Colombia", "Criteria gap (edition)"] == "–"  # not coded, not zero
    not_narrated = [r.country for r in table.itertuples() if r.iso3 not in narrated]
    assert all(name in section.text for name in not_narrated) and "not coded, not zero" in section.text


def test_a_value_years_older_than_the_newest_compared_is_called_not_current(three):
    table = three.overview_table.dropna(subset=["conversion_year"])
    newest = table["conversion_year"].max()
    old = table[table["conversion_year"] <= newest - STALE_YEARS]
    text = three.overview().text
    for row in old.itertuples():
        assert f"{row.country} ({row.conversion_year})" in text
    assert ("not current" in text) == (not old.empty)


def test_a_criteria_gap_on_few_assessed_criteria_is_not_presented_as_a_measure(three):
    from analysis.protection import WEAK_EVIDENCE_ASSESSED

    table = three.overview_table.dropna(subset=["criteria_assessed"])
    weak = table[table["criteria_assessed"].str.split(" ").str[0].astype(int) <= WEAK_EVIDENCE_ASSESSED]
    text = three.overview().text
    for row in weak.itertuples():
        assert f"{row.country} ({row.criteria_edition}: {row.criteria_assessed})" in text
    assert ("not a measure of the whole protection effort" in text) == (not weak.empty)


def test_conversion_draws_a_line_per_country_from_one_source_and_its_data_match(three):
    section = three.conversion()
    assert set(section.data["source"]) == {"unodc_glotip"}
    latest = section.data.sort_values("year").groupby("country").tail(1).set_index("country")["value"]
    overview = three.overview_table.set_index("country")["conversion"].dropna()
    assert latest.round(6).to_dict() == overview.astype(float).round(6).to_dict()
    lines = [line for line in section.figure.axes[0].get_lines() if line.get_label() in three.names]
    assert len(lines) == len(three.names)
    assert section.caption.startswith("Convictions per prosecution by year: Peru, Nigeria and Colombia")


def test_a_region_too_large_for_lines_draws_each_countrys_latest_value_with_its_year(region):
    assert len(region.codes) > MAX_LINES
    section = region.conversion()
    ax = section.figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][::-1][0] in region.names
    labels = [t.get_text() for t in ax.texts]
    known = region.overview_table.dropna(subset=["conversion"])
    for row in known.itertuples():
        assert f"{row.conversion:.2f} ({row.conversion_year})" in labels
    assert labels.count("no ratio") == len(region.codes) - len(known)


def test_the_tier_grid_has_a_row_per_country_and_a_cell_per_placement(three, panel):
    section = three.tiers()
    ax = section.figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == three.names
    placed = panel.tiers[panel.tiers["iso3"].isin(three.codes)]
    cells = sum(len(container) for container in ax.containers)
    assert cells == len(placed) == len(section.data)


def test_compare_figures_have_title_source_line_labelled_axes_and_labels_apart(three):
    for section in (three.conversion(), three.tiers()):
        fig = section.figure
        texts = [t.get_text() for t in fig.texts]
        assert any(t.startswith("Countries compared:") for t in texts), section.key
        assert any(t.startswith("Source: ") for t in texts), section.key
        assert fig.axes[0].get_xlabel(), section.key
    fig = three.conversion().figure
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    boxes = [t.get_window_extent(canvas.get_renderer()) for t in fig.axes[0].texts]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :]), box


def test_a_line_figure_refuses_more_countries_than_it_can_tell_apart():
    names = [f"C{i}" for i in range(MAX_LINES + 1)]
    frame = pd.DataFrame({"country": names, "year": 2020, "ratio": 0.5})
    with pytest.raises(ValueError, match=f"at most {MAX_LINES}"):
        conversion_lines(frame, names, "t", "Source: s")


def test_compare_parameters_are_checked_before_any_kernel_starts():
    from analysis.report.params import ParameterError, validate_parameters

    out = validate_parameters("compare_countries", {"countries": ["perú", "NGA"]})
    assert out["countries"] == ["Peru", "Nigeria"] and out["region"] is None
    with pytest.raises(ParameterError, match="at least two countries"):
        validate_parameters("compare_countries", {"countries": ["Peru"]})
    with pytest.raises(ParameterError, match="unknown TIP region 'Atlantis'; accepted: Africa"):
        validate_parameters("compare_countries", {"region": "Atlantis"})
    with pytest.raises(UnknownCountryError, match="Nigeria"):
        validate_parameters("compare_countries", {"countries": ["Peru", "Nigerria"]})


def test_one_compare_job_for_all_countries_or_the_region():
    from analysis.report.run import make_jobs

    jobs = make_jobs("compare_countries", ["Peru", "Nigeria"], {})
    assert [(j.label, j.parameters["countries"]) for j in jobs] == [("compare-PER-NGA", ["Peru", "Nigeria"])]
    jobs = make_jobs("compare_countries", [], {"region": "Near East"})
    assert [j.label for j in jobs] == ["region-near-east"]


def test_compare_command_refuses_one_country_and_countries_with_a_region(capsys):
    from analysis.cli import main

    assert main(["compare", "Peru"]) == 2
    assert "two or more countries" in capsys.readouterr().err
    assert main(["compare", "Peru", "Chile", "--region", "Africa"]) == 2
    assert "not both" in capsys.readouterr().err


def test_the_footer_notes_methods_resolves_caveats_and_names_the_data_version(tmp_path):
    from datetime import UTC, datetime

    from analysis.caveats import caveat
    from analysis.report.footer import citation, data_version, footer_markdown, methods_note

    assert caveat("same_year_ratio") in methods_note() and all(methods_note())
    (tmp_path / "manifest.json").write_text('{"facts.csv": "aa"}')
    first = data_version(tmp_path)
    (tmp_path / "manifest.json").write_text('{"facts.csv": "ab"}')
    assert len(first) == 12 and data_version(tmp_path) != first
    assert data_version(tmp_path / "none") == "unknown"
    cff = tmp_path / "CITATION.cff"
    cff.write_text(
        'title: "T"\nversion: 1.2.0\ndate-released: "2027-01-02"\nauthors:\n  - given-names: Ada\n'
        "    family-names: Lovelace\n"
    )
    assert citation(cff).startswith("Ada Lovelace (2027). T (version 1.2.0).")
    text = footer_markdown(datetime(2027, 1, 2, 3, 4, tzinfo=UTC), tmp_path)
    assert "Run 2027-01-02 03:04 UTC · data version " + data_version(tmp_path) in text
    assert "### Methods and limitations" in text and "**How to cite.**" in text


def test_links_to_figure_data_are_relative_to_the_report_page(tmp_path, monkeypatch):
    from analysis.paths import REPORT_DIR_ENV
    from analysis.report.notebook import data_link, table_html

    page = tmp_path / "run" / "PER"
    data = tmp_path / "run" / "figures" / "PER" / "enforcement.csv"
    monkeypatch.setenv(REPORT_DIR_ENV, str(page))
    assert data_link(data) == "../figures/PER/enforcement.csv"
    html = table_html(pd.DataFrame({"Country": ["<b>Peru</b>"], "Gap": [pd.NA]}))
    assert "&lt;b&gt;Peru&lt;/b&gt;" in html and "–" in html and "<th>Country</th>" in html


def test_every_figures_source_data_says_how_each_value_was_obtained(drawn, three, panel):
    """method (import, manual, reviewed, rule:<id>) is a column of every figure's source data, filled
    from the panel row by row (issue 22: a figure mixing hand-coded and rule-coded values did not
    say which were which)."""
    from analysis.report.country import CountryReport

    sections = [*drawn["double"].values(), *CountryReport("Nigeria", panel=panel).sections()]
    sections += [three.overview(), three.conversion(), three.tiers()]
    kinds = ("import", "manual", "reviewed", "rule:", "coded by")
    for section in sections:
        if section.data is None or section.data.empty:
            continue
        assert "method" in section.data, section.key
        methods = section.data["method"]
        assert methods.notna().all(), (section.key, section.data[methods.isna()].head())
        assert all(any(k in m for k in kinds) for m in methods), (section.key, set(methods))

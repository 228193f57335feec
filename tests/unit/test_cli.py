import io
import subprocess
import sys

import pandas as pd
import pytest

from analysis.cli import main
from analysis.paths import ROOT


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.mark.parametrize("name", ["peru", "Perú", " Peru ", "PER"])
def test_facts_accepts_any_spelling(name):
    code, text = run("facts", "--country", name, "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(text))
    assert set(frame["iso3"]) == {"PER"}
    assert {"tip_narrative", "unodc_glotip"} <= set(frame["source"])


def test_facts_filters_by_indicator_and_source():
    code, text = run(
        "facts",
        "--country",
        "Peru",
        "--indicator",
        "convictions",
        "--source",
        "unodc_glotip",
        "--format",
        "csv",
    )
    frame = pd.read_csv(io.StringIO(text))
    assert code == 0 and set(frame["indicator"]) == {"convictions"}
    assert set(frame["source"]) == {"unodc_glotip"}
    assert (frame["breakdown"] == "total").all()


def test_unknown_country_exits_2_with_did_you_mean():
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "facts", "--country", "Peruu"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "did you mean 'Peru'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_indicator_lists_accepted_ones(capsys):
    code, _ = run("facts", "--country", "Peru", "--indicator", "hugs")
    assert code == 2
    assert "accepted: tier, investigations" in capsys.readouterr().err


def test_tiers_for_a_country_lists_its_placements():
    code, text = run("tiers", "--country", "peru", "--format", "csv")
    frame = pd.read_csv(io.StringIO(text))
    assert code == 0
    assert set(frame["iso3"]) == {"PER"}
    assert frame["report_year"].is_unique
    assert frame.loc[frame["report_year"] == 2008, "tier"].tolist() == [
        2
    ]  # PERU (Tier 2), the founding narrative


def test_partial_coverage_note_only_when_a_partial_year_is_shown():
    from analysis.sources import complete_tier_years

    code, text = run("tiers", "--country", "Peru")  # placements up to 2025: partial years shown
    assert code == 0 and "Note: Tier coverage is complete for report years 2001-2015 and 2021" in text
    assert complete_tier_years() == frozenset(range(2001, 2016)) | {2021}  # read from tiers/SOURCE.yml
    code, text = run("tiers", "--country", "Peru", "--format", "csv")
    assert "Note:" not in text  # csv stays machine-readable


def test_tiers_conflicts_lists_south_korea():
    code, text = run("tiers", "--conflicts", "--format", "csv")
    frame = pd.read_csv(io.StringIO(text))
    assert code == 0
    assert {"country", "iso3", "report_year", "placements", "chosen_tier", "chosen_source"} <= set(
        frame.columns
    )
    assert set(range(2001, 2010)) <= set(frame.loc[frame["iso3"] == "KOR", "report_year"])


def test_sources_and_countries_commands():
    code, text = run("sources")
    assert code == 0
    for source in ("tip_global", "tiers", "cho_3p", "unodc_glotip", "tip_narratives"):
        assert f"{source}:" in text
    assert "licence:" in text and "citation:" in text
    code, text = run("countries", "--format", "csv", "--region", "Western Hemisphere")
    frame = pd.read_csv(io.StringIO(text))
    assert "PER" in set(frame["iso3"]) and "NGA" not in set(frame["iso3"])


def test_countries_of_a_region_match_its_name_in_any_case_and_an_unknown_one_names_close_ones(capsys):
    code, text = run("countries", "--format", "csv", "--region", "western hemisphere")
    assert code == 0 and "PER" in set(pd.read_csv(io.StringIO(text))["iso3"])
    code, _ = run("countries", "--region", "Afrika")
    assert code == 2
    assert "unknown region 'Afrika'; did you mean 'Africa'" in capsys.readouterr().err


def test_ratios_csv_has_exactly_the_documented_columns():
    from analysis.enforcement import YOY_COLUMNS

    code, text = run("ratios", "--country", "Peru", "--format", "csv")
    frame = pd.read_csv(io.StringIO(text))
    assert code == 0
    assert list(frame.columns) == YOY_COLUMNS
    assert {"tip_narrative", "unodc_glotip"} <= set(frame["source"])


def test_attrition_and_gaps_commands():
    from analysis.enforcement import ATTRITION_COLUMNS

    code, text = run("attrition", "--country", "Peru", "--format", "csv")
    frame = pd.read_csv(io.StringIO(text))
    assert code == 0 and list(frame.columns) == ATTRITION_COLUMNS
    code, text = run("gaps", "--country", "Peru", "--kind", "criteria", "--format", "csv")
    frame = pd.read_csv(io.StringIO(text)).set_index("report_year")
    assert code == 0 and frame.loc[2008, "gap"] == 0.8125  # the founding narrative, hand-coded
    assert frame.index.is_unique and len(frame) > 1  # one row per edition with narrative text
    code, text = run("gaps", "--country", "Peru")
    assert code == 0 and "by criteria" in text and "by count" in text


def test_attrition_refuses_mixed_sources_with_exit_2(capsys):
    code, _ = run(
        "attrition",
        "--country",
        "Peru",
        "--numerator",
        "unodc_glotip:convictions",
        "--denominator",
        "tip_narrative:prosecutions",
    )
    assert code == 2
    assert "never mixes sources" in capsys.readouterr().err


def test_followthrough_for_a_country_reads_the_panel_and_names_editions_without_a_next_one(capsys):
    from analysis.panel import load_followthrough

    code, text = run("followthrough", "--country", "Peru", "--from", "2018", "--to", "2022")
    frame = pd.read_csv(io.StringIO(text))
    assert code == 0 and set(frame["year_from"]) <= {2018, 2019, 2020, 2021}
    panel = load_followthrough()
    expected = panel[(panel["iso3"] == "PER") & panel["year_from"].between(2018, 2021)]
    assert len(frame) == len(expected) > 0
    # editions whose next edition is missing are named, not silently dropped
    documents = pd.read_csv(ROOT / "data" / "raw" / "tip_narratives" / "documents.csv")
    years = set(documents.loc[documents["iso3"] == "PER", "report_year"])
    lone = sorted(y for y in years if y + 1 not in years and y >= 2005 and y + 1 <= 2014)
    run("followthrough", "--country", "Peru", "--from", "2005", "--to", "2014")
    assert f"no next edition ingested for Peru {', '.join(map(str, lone))}" in capsys.readouterr().err

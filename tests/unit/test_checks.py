"""Whole-table checks (analysis.checks): what row-by-row validation cannot see, declared as data."""

import shutil

import pandas as pd
import pytest

from analysis import checks
from analysis.build import build
from analysis.checks import TableCheckError, check_tables, raise_failures, table_checks
from analysis.cli import main

TABLES = checks.TABLES


@pytest.fixture
def tables(panel):
    return {name: getattr(panel, name).copy() for name in TABLES}


def test_the_committed_panel_passes_every_check_and_every_table_is_checked(tables):
    assert check_tables(tables, tables) == []
    declared = table_checks()
    assert set(declared["table"]) == set(TABLES)
    assert all(declared["note"].str.len() > 20)  # each check says why it exists


def test_an_edition_with_a_criterion_missing_names_the_table_check_and_rows(tables):
    criteria = tables["criteria"]
    tables["criteria"] = criteria.drop(criteria.index[0])
    failures = check_tables(tables)
    assert [(f.table, f.check) for f in failures] == [("criteria", "rows per iso3, report_year outside 9-9")]
    row = failures[0].rows.iloc[0]
    assert (row["iso3"], row["report_year"], row["rows"]) == (
        criteria.iloc[0]["iso3"],
        criteria.iloc[0]["report_year"],
        8,
    )
    with pytest.raises(TableCheckError, match=r"criteria: rows per iso3, report_year outside 9-9 \(the nine"):
        raise_failures(failures)


def test_a_column_empty_everywhere_fails(tables):
    tables["tiers"]["source_url"] = pd.NA
    failures = check_tables(tables)
    assert [(f.table, list(f.rows["column"])) for f in failures] == [("tiers", ["source_url"])]


def test_a_tenfold_jump_since_the_last_build_needs_a_note(tables, tmp_path, monkeypatch):
    previous = {"facts": tables["facts"].copy()}
    facts = tables["facts"]
    i = facts.index[(facts["source"] == "unodc_glotip") & (facts["value"] > 10)][0]
    facts.loc[i, "value"] = facts.loc[i, "value"] * 12
    failures = check_tables(tables, previous)
    assert [f.table for f in failures] == ["facts"] and len(failures[0].rows) == 1
    assert failures[0].rows.iloc[0]["now"] == facts.loc[i, "value"]
    assert check_tables(tables, None) == []  # a first build has nothing to compare with
    notes = tmp_path / "change_notes.csv"
    row = facts.loc[i]
    notes.write_text(
        "iso3,source,indicator,reference_year,note\n"
        f"{row['iso3']},{row['source']},{row['indicator']},{row['reference_year']},corrected in the release\n"
    )
    monkeypatch.setattr(checks, "NOTES_CSV", notes)
    assert check_tables(tables, previous) == []


def test_a_build_that_fails_a_check_is_refused_and_leaves_the_panel_as_it_was(
    raw_copy, tmp_path, monkeypatch
):
    out = tmp_path / "processed"
    build(raw_copy, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    strict = tmp_path / "table_checks.csv"
    shutil.copy(checks.CHECKS_CSV, strict)
    with strict.open("a") as handle:
        handle.write('criteria,rows_per,,iso3;report_year,10,10,"a stricter rule than the data meets"\n')
    monkeypatch.setattr(checks, "CHECKS_CSV", strict)
    table_checks.cache_clear()
    try:
        with pytest.raises(TableCheckError, match="the build is refused"):
            build(raw_copy, out)
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
        assert main(["build-data", "--raw", str(raw_copy), "--out", str(out)]) == 1
    finally:
        table_checks.cache_clear()

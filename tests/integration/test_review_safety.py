"""Review sheets meant for people: never evaluated as formulas, never overwritten with the user's
decisions in them, read back as spreadsheets save them (BOM, Windows-1252)."""

import csv
import re
import shutil

import pandas as pd
import pytest

from analysis.cli import extract as cli
from analysis.extract.text import ingest as ingesting
from analysis.extract.text import sheet as review
from analysis.paths import DATA_DIR, RAW_DIR
from analysis.rawio import FORMULA_START

FORMULA_NARRATIVE = (
    '# NEPAL | TIP Report 2025\n----- source: =HYPERLINK("http://evil.example","x")\n'
    "NEPAL (Tier 2)\nPROSECUTION\n=cmd|' /C calc'!A0 The government convicted 12 traffickers. "
    "@SUM(A1) Police arrested 30 suspects.\n"
)


def _sheet(tmp_path, text=FORMULA_NARRATIVE):
    raw, interim = tmp_path / "raw", tmp_path / "interim"
    (raw / "tip_narratives").mkdir(parents=True)
    shutil.copy(RAW_DIR / "tip_narratives" / "facts.csv", raw / "tip_narratives" / "facts.csv")
    (tmp_path / "nepal.txt").write_text(text)
    result = ingesting.ingest([tmp_path / "nepal.txt"], report_year=2025)
    assert not result.errors, result.errors
    ingesting.save(result, raw, interim)
    return raw, review.sheet("Nepal", 2025, raw, interim)


def _cells(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_no_cell_of_a_review_sheet_is_a_formula_and_a_source_line_formula_is_no_source(tmp_path):
    raw, table = _sheet(tmp_path)
    extracted = pd.read_csv(raw / "tip_narratives" / ingesting.EXTRACTED_FILE, dtype=str)
    assert not extracted["source_url"].str.contains("HYPERLINK").any()
    assert extracted["source_url"].str.startswith("file:").all()
    assert table["sentence"].str.startswith(("=", "@")).any()  # the text itself holds them
    target = cli._write_sheet(tmp_path / "sheet.csv", table, force=False)
    assert not [c for c in _cells(target) if c.startswith(FORMULA_START)]
    # the sheet applies as written: every row accepted, the values as extracted
    filled = pd.read_csv(target, dtype=str, keep_default_na=False)
    filled["decision"] = "accept"
    filled.to_csv(target, index=False)
    assert review.apply_sheet(target, raw)["accept"] == len(table)


def test_a_sheet_with_decisions_is_not_overwritten_without_force(tmp_path):
    _, table = _sheet(tmp_path)
    target = cli._write_sheet(tmp_path / "sheet.csv", table, force=False)
    cli._write_sheet(target, table, force=False)  # no decisions yet: written again
    filled = pd.read_csv(target, dtype=str, keep_default_na=False)
    filled.loc[0, "decision"] = "accept"
    filled.to_csv(target, index=False)
    with pytest.raises(cli.UsageError, match="has decisions in it; apply it first"):
        cli._write_sheet(target, table, force=False)
    assert pd.read_csv(target, dtype=str, keep_default_na=False).loc[0, "decision"] == "accept"
    cli._write_sheet(target, table, force=True)
    assert pd.read_csv(target, dtype=str, keep_default_na=False)["decision"].eq("").all()
    assert cli.REVIEW_DIR.relative_to(DATA_DIR).as_posix() == "interim/review"  # git-ignored


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_a_sheet_saved_by_a_spreadsheet_applies(tmp_path, encoding):
    text = "NEPAL (Tier 2)\nPROSECUTION\nThe government convicted 12 traffickers in São Paulo’s courts.\n"
    raw, table = _sheet(tmp_path, text)
    table["decision"] = "accept"
    target = tmp_path / "sheet.csv"
    target.write_bytes(table.to_csv(index=False).encode(encoding, errors="replace"))
    assert review.apply_sheet(target, raw)["accept"] == len(table)


def test_a_sheet_in_neither_encoding_or_binary_is_refused_by_name(tmp_path):
    from analysis.rawio import RawDataError, read_raw_csv

    binary = tmp_path / "sheet.csv"
    binary.write_bytes(b"decision,country\n\x00\x01\x02\n")
    with pytest.raises(RawDataError, match="a binary file, not CSV text"):
        read_raw_csv(binary, edited=True)
    with pytest.raises(RawDataError, match="is a folder, not a CSV file"):
        read_raw_csv(tmp_path, edited=True)


PLAIN = (
    "NEPAL (Tier 2)\nThe government convicted 12 traffickers and identified 40 victims.\n"
    "PROSECUTION\nThe government convicted 12 traffickers. Police arrested 30 suspects.\n"
)


def _filled(tmp_path, decision="accept"):
    raw, table = _sheet(tmp_path, PLAIN)
    table["decision"] = decision
    return raw, table


@pytest.mark.parametrize(
    ("column", "value", "decision", "message"),
    [
        ("country", "Peru", "accept", "column country: 'Peru' is not the extracted 'Nepal'"),
        ("report_year", "2019", "correct", "column report_year: '2019' is not the extracted '2025'"),
        ("value", "13", "accept", "column value: '13' is not the extracted"),
        ("start", "9999", "correct", "no extracted row with document"),
        ("value", "abc", "correct", "value = 'abc' is not a number"),
        ("value", "-5", "correct", "negative count"),
        ("value", "nan", "correct", "value = 'nan' is not a number"),
        ("indicator", "victims_guessed", "correct", "unknown indicator 'victims_guessed'"),
        ("reference_year", "1900", "correct", "reference_year 1900 outside"),
        ("reference_year", "2026", "correct", "reference_year 2026 is after the 2025 edition"),
    ],
)
def test_apply_refuses_a_sheet_edited_outside_its_decision_and_corrected_values(
    tmp_path, column, value, decision, message
):
    raw, table = _filled(tmp_path, decision)
    row = table.index[table["indicator"] == "arrests"][0]
    table.loc[row, column] = value
    target = tmp_path / "sheet.csv"
    table.to_csv(target, index=False)
    facts = raw / "tip_narratives" / "facts.csv"
    before = facts.read_bytes()
    with pytest.raises(review.ReviewError, match=re.escape(message)):
        review.apply_sheet(target, raw)
    assert facts.read_bytes() == before  # nothing applied unless every row passes


def test_an_all_accept_sheet_applies_a_fact_the_summary_repeats_once(tmp_path):
    raw, table = _filled(tmp_path)
    assert (table["indicator"] == "convictions").sum() == 2  # the summary and its section
    target = tmp_path / "sheet.csv"
    table.to_csv(target, index=False)
    assert review.apply_sheet(target, raw)["accept"] == len(table)
    facts = pd.read_csv(raw / "tip_narratives" / "facts.csv", dtype=str)
    assert (facts[facts["country"] == "Nepal"]["indicator"] == "convictions").sum() == 1


def test_a_criteria_sheet_row_moved_to_another_country_is_refused(tmp_path):
    from analysis.extract.text.coded_sheet import CRITERIA, apply_coded_sheet, coded_sheet

    text = (
        "NEPAL (Tier 2)\nPROTECTION\nThe government identified 40 victims and referred all of them to "
        "shelters. The government did not penalize victims for unlawful acts traffickers compelled them "
        "to commit.\n"
    )
    raw, _ = _sheet(tmp_path, text)
    table = coded_sheet(CRITERIA, "Nepal", 2025, raw, tmp_path / "interim")
    assert len(table) == 9
    table["decision"] = "accept"
    table.loc[0, "country"] = "Peru"
    target = tmp_path / "criteria.csv"
    table.to_csv(target, index=False)
    with pytest.raises(
        review.ReviewError, match=re.escape("column country: 'Peru' is not the extracted 'Nepal'")
    ):
        apply_coded_sheet(CRITERIA, target, raw)
    table.loc[0, "country"] = "Nepal"  # as generated, every row accepted: applies
    table.to_csv(target, index=False)
    assert apply_coded_sheet(CRITERIA, target, raw)["accept"] == 9

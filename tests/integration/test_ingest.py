"""analysis.extract.text.ingest and the build's merge: documents in, extracted figures into the panel."""

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from analysis.build import assemble
from analysis.cli import main
from analysis.extract.text import ingest as ingesting
from analysis.paths import RAW_DIR, ROOT

NARRATIVE = "PERU (Tier 2)\nPROSECUTION\nThe government convicted 12 traffickers in 2029.\n"


def _raw(tmp_path):
    """data/raw without the extracted tables (a fresh start for ingest)."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    for name in (
        ingesting.DOCUMENTS_FILE,
        ingesting.EXTRACTED_FILE,
        ingesting.CRITERIA_EXTRACTED_FILE,
        ingesting.FOLLOWTHROUGH_EXTRACTED_FILE,
    ):
        (raw / "tip_narratives" / name).unlink(missing_ok=True)
    return raw


def test_ingesting_the_corpus_reproduces_the_committed_extracted_table(corpus_dir, tmp_path):
    raw = _raw(tmp_path)
    result = ingesting.ingest([corpus_dir], now="2026-01-01T00:00:00Z")
    assert not result.errors and len(result.documents) == 22
    ingesting.save(result, raw, tmp_path / "interim")
    for name in (
        ingesting.EXTRACTED_FILE,
        ingesting.CRITERIA_EXTRACTED_FILE,
        ingesting.FOLLOWTHROUGH_EXTRACTED_FILE,
    ):
        committed = RAW_DIR / "tip_narratives" / name
        assert (raw / "tip_narratives" / name).read_bytes() == committed.read_bytes(), (
            f"run `make data` and commit data/raw/tip_narratives/{name}"
        )
    again = ingesting.ingest([corpus_dir], now="2030-01-01T00:00:00Z")  # re-ingesting changes nothing
    documents = raw / "tip_narratives" / ingesting.DOCUMENTS_FILE
    before = documents.read_bytes()
    ingesting.save(again, raw, tmp_path / "interim")
    assert documents.read_bytes() == before  # ingested_at kept: the same text is the same document


def test_documents_hold_hashes_and_offsets_never_prose(tmp_path):
    raw = _raw(tmp_path)
    (tmp_path / "peru.txt").write_text(NARRATIVE)
    result = ingesting.ingest([tmp_path / "peru.txt"], report_year=2030, url="https://example.org/peru")
    ingesting.save(result, raw, tmp_path / "interim")
    documents = pd.read_csv(raw / "tip_narratives" / ingesting.DOCUMENTS_FILE)
    extracted = pd.read_csv(raw / "tip_narratives" / ingesting.EXTRACTED_FILE)
    assert (
        documents.loc[0, "sha256"] == ingesting.sha256_of(NARRATIVE)
        and documents.loc[0, "origin"] == "peru.txt"
    )
    row = extracted[extracted["indicator"] == "convictions"].iloc[0]
    assert NARRATIVE[row["start"] : row["end"]] == "12"  # offsets into the file's text as read
    assert row["source_url"] == "https://example.org/peru" and row["method"].startswith("rule:")
    text = (raw / "tip_narratives" / ingesting.EXTRACTED_FILE).read_text()
    assert "convicted" not in text  # no prose
    assert (tmp_path / "interim" / f"{documents.loc[0, 'sha256']}.txt").read_text() == NARRATIVE  # cache


PROTECTION = (
    "GHANA (Tier 2)\nPROTECTION\nOfficials had no written procedures to identify victims. "
    "The government did not penalize victims for unlawful acts traffickers compelled them to commit.\n"
)


def test_ingest_codes_the_criteria_and_curated_codes_win(tmp_path):
    raw = _raw(tmp_path)
    (tmp_path / "ghana.txt").write_text(PROTECTION)
    (tmp_path / "prosecution_only.txt").write_text(NARRATIVE)
    result = ingesting.ingest([tmp_path / "ghana.txt", tmp_path / "prosecution_only.txt"], report_year=2030)
    ingesting.save(result, raw, tmp_path / "interim")
    codes = pd.read_csv(raw / "tip_narratives" / ingesting.CRITERIA_EXTRACTED_FILE)
    assert set(codes["iso3"]) == {"GHA"} and len(codes) == 9  # the prosecution fragment codes nothing
    coded = codes.set_index("criterion")
    assert coded.loc["identification_procedures", "status"] == "not_met"
    assert coded.loc["non_penalization", "method"] == "rule:non_penalization.none"
    section, span = coded.loc["non_penalization", "evidence_ref"].split(":")
    start, end = map(int, span.split("-"))
    assert section == "protection" and PROTECTION[start:end].startswith("The government did not penalize")
    assert "penalize" not in (raw / "tip_narratives" / ingesting.CRITERIA_EXTRACTED_FILE).read_text()
    criteria = assemble(raw).criteria
    ghana = criteria[criteria["iso3"] == "GHA"].set_index("criterion")
    assert ghana.loc["non_penalization", "status"] == "met" and ghana["method"].str.startswith("rule:").all()
    # a curated code (here Peru 2008, hand-coded) is never replaced by the coder's
    (tmp_path / "peru2008.txt").write_text(
        "PERU (Tier 2)\nPROTECTION\nVictims were informed of their rights.\n"
    )
    ingesting.save(ingesting.ingest([tmp_path / "peru2008.txt"], report_year=2008), raw, tmp_path / "interim")
    peru = assemble(raw).criteria
    peru = peru[(peru["iso3"] == "PER") & (peru["report_year"] == 2008)].set_index("criterion")
    assert peru.loc["rights_information", "status"] == "not_met" and (peru["method"] == "manual").all()


def test_curated_rows_win_over_extracted_ones(tmp_path):
    raw = _raw(tmp_path)
    (tmp_path / "peru.txt").write_text(
        "PERU (Tier 2)\nPROSECUTION\nThe government convicted 99 traffickers in 2007. "
        "It convicted 12 traffickers in 2029.\n"
    )
    ingesting.save(ingesting.ingest([tmp_path / "peru.txt"], report_year=2008), raw, tmp_path / "interim")
    facts = assemble(raw).facts
    rows = facts[
        (facts["iso3"] == "PER")
        & (facts["source"] == "tip_narrative")
        & (facts["report_year"] == 2008)
        & (facts["indicator"] == "convictions")
    ]
    by_year = {int(r.reference_year): (r.value, r.method) for r in rows.itertuples()}
    assert by_year[2007] == (0.0, "manual")  # the curated 0 wins over an extracted 99
    assert by_year[2029][0] == 12.0 and by_year[2029][1].startswith("rule:")


def test_a_bad_file_is_named_and_the_others_are_still_ingested(tmp_path, capsys):
    raw = _raw(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "peru.txt").write_text(NARRATIVE)
    (docs / "nowhere.txt").write_text("Nothing here names a country.\n")
    (docs / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04 a word file")
    status = main(
        ["ingest", str(docs), str(tmp_path / "report.docx"), "--report-year", "2026", "--raw", str(raw)]
    )
    captured = capsys.readouterr()
    assert status == 1
    assert (
        "report.docx: .docx is not read; accepted: narrative text (.txt, .text), saved web pages"
        in captured.err
    )
    assert "nowhere.txt: no country found" in captured.err and "binary.txt" in captured.err
    assert "Traceback" not in captured.err
    assert "Peru 2026: 2 figures from peru.txt" in captured.out
    assert (raw / "tip_narratives" / ingesting.EXTRACTED_FILE).exists()


def test_a_huge_file_and_bad_options_are_refused(tmp_path, capsys):
    raw = _raw(tmp_path)
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:  # 50 MB (sparse: nothing is written to disk)
        handle.truncate(50 * 1024 * 1024)
    assert main(["ingest", str(big), "--report-year", "2026", "--raw", str(raw)]) == 1
    assert "big.pdf: 50 MB is larger than a TIP Report (40 MB at most)" in capsys.readouterr().err
    assert not (raw / "tip_narratives" / ingesting.EXTRACTED_FILE).exists()  # nothing read, nothing written
    assert main(["ingest", str(big), "--country", "Peruu"]) == 2
    assert "did you mean 'Peru'" in capsys.readouterr().err
    assert main(["ingest", str(big), "--report-year", "1800"]) == 2
    assert "--report-year 1800: accepted 2001 to" in capsys.readouterr().err


def test_facts_by_method():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "facts",
            "--country",
            "Peru",
            "--method",
            "rule",
            "--breakdowns",
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    table = pd.read_csv(pd.io.common.StringIO(result.stdout))
    assert result.returncode == 0 and len(table) > 0 and table["method"].str.startswith("rule:").all()
    assert table["note"].str.startswith("extracted from document").all()


def test_review_sheet_then_apply_accept_correct_and_reject(tmp_path, capsys):
    from analysis.extract.text import sheet as review

    raw = _raw(tmp_path)
    text = (
        "PERU (Tier 2)\nPROSECUTION\nThe government convicted 12 traffickers in 2029. Police arrested "
        "30 suspects in 2029. The government identified 41 victims in 2029.\n"
    )
    (tmp_path / "peru.txt").write_text(text)
    interim = tmp_path / "interim"
    ingesting.save(ingesting.ingest([tmp_path / "peru.txt"], report_year=2030), raw, interim)
    table = review.sheet("Peru", 2030, raw, interim)
    row = table[table["indicator"] == "convictions"].iloc[0]
    assert "convicted 12 traffickers" in row["sentence"]  # read at review time, from the cache
    decisions = {"convictions": "accept", "arrests": "correct", "victims_identified": "reject"}
    table["decision"] = table["indicator"].map(decisions).fillna("")
    table.loc[table["indicator"] == "arrests", "value"] = "31"  # the reviewer's correction
    filled = tmp_path / "filled.csv"
    table.to_csv(filled, index=False)
    assert review.apply_sheet(filled, raw) == {"accept": 1, "correct": 1, "reject": 1}
    facts = assemble(raw).facts
    mine = facts[(facts["iso3"] == "PER") & (facts["report_year"] == 2030)]
    by_indicator = {r.indicator: (r.value, r.method) for r in mine.itertuples()}
    assert by_indicator["convictions"] == (12.0, "reviewed") and by_indicator["arrests"] == (31.0, "reviewed")
    assert "victims_identified" not in by_indicator  # rejected: dropped from the panel
    ingesting.save(ingesting.ingest([tmp_path / "peru.txt"], report_year=2030), raw, interim)  # re-ingest
    again = assemble(raw).facts
    assert again[(again["report_year"] == 2030) & (again["indicator"] == "arrests")]["value"].tolist() == [
        31.0
    ]
    with pytest.raises(review.ReviewError, match=r"already curated in facts\.csv"):
        review.apply_sheet(filled, raw)  # applying twice would curate the same figures twice


def test_a_sheet_with_an_unknown_decision_is_refused_with_its_line(tmp_path):
    from analysis.extract.text import sheet as review

    raw = _raw(tmp_path)
    (tmp_path / "peru.txt").write_text(NARRATIVE)
    ingesting.save(ingesting.ingest([tmp_path / "peru.txt"], report_year=2030), raw, tmp_path / "interim")
    table = review.sheet("Peru", 2030, raw, tmp_path / "interim")
    table["decision"] = "maybe"
    filled = tmp_path / "filled.csv"
    table.to_csv(filled, index=False)
    before = (raw / "tip_narratives" / "facts.csv").read_bytes()
    with pytest.raises(review.ReviewError, match=r"filled.csv, line 2: decision 'maybe'; accepted: accept"):
        review.apply_sheet(filled, raw)
    assert (raw / "tip_narratives" / "facts.csv").read_bytes() == before


def test_criteria_review_sheet_then_apply_makes_reviewed_codes_win(tmp_path):
    from analysis.extract.text.coded_sheet import CRITERIA, apply_coded_sheet, coded_sheet, kind_of_sheet
    from analysis.extract.text.sheet import ReviewError

    raw = _raw(tmp_path)
    interim = tmp_path / "interim"
    (tmp_path / "ghana.txt").write_text(PROTECTION)
    ingesting.save(ingesting.ingest([tmp_path / "ghana.txt"], report_year=2030), raw, interim)
    table = coded_sheet(CRITERIA, "Ghana", 2030, raw, interim)
    assert len(table) == 9
    row = table[table["criterion"] == "non_penalization"].iloc[0]
    assert row["sentence"].startswith("The government did not penalize")  # read at review time
    # the reviewer accepts one code and corrects another to not reported
    table.loc[table["criterion"] == "non_penalization", "decision"] = "accept"
    ident = table["criterion"] == "identification_procedures"
    table.loc[ident, ["decision", "status"]] = ["correct", "not_reported"]
    filled = tmp_path / "filled.csv"
    table.to_csv(filled, index=False)
    assert kind_of_sheet(filled) is CRITERIA
    assert apply_coded_sheet(CRITERIA, filled, raw) == {"accept": 1, "correct": 1}
    ingesting.save(ingesting.ingest([tmp_path / "ghana.txt"], report_year=2030), raw, interim)  # re-ingest
    codes = assemble(raw).criteria
    ghana = codes[codes["iso3"] == "GHA"].set_index("criterion")
    reviewed = ghana.loc["identification_procedures", ["status", "method"]].tolist()
    assert reviewed == ["not_reported", "reviewed"]
    assert ghana.loc["non_penalization", "method"] == "reviewed"
    assert ghana.loc["referral_mechanism", "method"].startswith("rule:")  # undecided: still the coder's
    with pytest.raises(ReviewError, match=r"already curated in criteria\.csv"):
        apply_coded_sheet(CRITERIA, filled, raw)
    table.loc[ident, ["decision", "status", "evidence_ref"]] = ["correct", "met", ""]
    table.loc[table["criterion"] == "non_penalization", "decision"] = ""
    table.to_csv(filled, index=False)
    with pytest.raises(ReviewError, match=r"line 2: status 'met' needs evidence_ref"):
        apply_coded_sheet(CRITERIA, filled, raw)


def test_followthrough_review_sheet_shows_item_and_evidence_then_reviewed_codes_win(tmp_path, capsys):
    from analysis.cli import main

    raw = _raw(tmp_path)
    interim = tmp_path / "interim"
    (tmp_path / "a.txt").write_text(
        "GHANA (Tier 2)\n\nRECOMMENDATIONS:\nOpen a shelter for boys. • Amend the act.\n"
    )
    (tmp_path / "b.txt").write_text("GHANA (Tier 2)\n\nThe government opened a shelter for boys.\n")
    ingesting.save(ingesting.ingest([tmp_path / "a.txt"], report_year=2021), raw, interim)
    ingesting.save(ingesting.ingest([tmp_path / "b.txt"], report_year=2022), raw, interim)
    from analysis.extract.text.coded_sheet import FOLLOWTHROUGH, coded_sheet

    table = coded_sheet(FOLLOWTHROUGH, "Ghana", 2021, raw, interim)
    assert table[["item", "status", "evidence"]].values.tolist() == [
        ["Open a shelter for boys.", "acted", "The government opened a shelter for boys."],
        ["Amend the act.", "unclear", ""],
    ]
    table.loc[0, ["decision", "status"]] = ["correct", "partial"]
    filled = tmp_path / "sheet.csv"
    table.to_csv(filled, index=False)
    assert main(["review", "--apply", str(filled), "--raw", str(raw)]) == 0
    assert "1 corrected followthrough codes" in capsys.readouterr().out
    ingesting.save(ingesting.ingest([tmp_path / "b.txt"], report_year=2022), raw, interim)  # re-ingest
    merged = assemble(raw).followthrough
    mine = merged[merged["iso3"] == "GHA"].set_index("item_no")
    assert mine.loc[1, ["status", "method"]].tolist() == ["partial", "reviewed"]
    assert mine.loc[2, "method"].startswith("rule:")


def test_ingest_codes_follow_through_for_consecutive_editions_only(tmp_path):
    raw = _raw(tmp_path)
    interim = tmp_path / "interim"
    editions = {
        2021: "GHANA (Tier 2)\n\nPRIORITIZED RECOMMENDATIONS:\nOpen a shelter for boys. • Amend the act.\n",
        2022: "GHANA (Tier 2)\n\nThe government opened a shelter for boys.\n",
        2024: "GHANA (Tier 2)\n\nRECOMMENDATIONS:\nAmend the act.\n",
    }
    for year, text in editions.items():
        (tmp_path / f"ghana{year}.txt").write_text(text)
    # one edition at a time: the pair is coded when its second text arrives (the first from the cache)
    ingesting.save(ingesting.ingest([tmp_path / "ghana2021.txt"], report_year=2021), raw, interim)
    ingesting.save(ingesting.ingest([tmp_path / "ghana2022.txt"], report_year=2022), raw, interim)
    ingesting.save(ingesting.ingest([tmp_path / "ghana2024.txt"], report_year=2024), raw, interim)
    rows = pd.read_csv(raw / "tip_narratives" / ingesting.FOLLOWTHROUGH_EXTRACTED_FILE)
    assert rows[["year_from", "year_to", "item_no", "status"]].values.tolist() == [
        [2021, 2022, 1, "acted"],
        [2021, 2022, 2, "unclear"],  # 2023 is missing, so 2022 -> 2024 is not a pair
    ]
    start, end = rows.loc[0, ["start", "end"]]
    assert editions[2021][start:end] == "Open a shelter for boys"
    assert "shelter" not in (raw / "tip_narratives" / ingesting.FOLLOWTHROUGH_EXTRACTED_FILE).read_text()
    table = assemble(raw).followthrough
    # the 2022 text holds no prosecution section, where amending the act would be reported: the
    # build says the item was not read rather than that the next edition is silent on it
    assert table.loc[table["iso3"] == "GHA", "status"].tolist() == ["acted", "not_read"]

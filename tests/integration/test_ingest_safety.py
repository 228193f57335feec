"""Ingest as a transaction: concurrent runs, revised narratives, the same text filed twice."""

import multiprocessing
import subprocess
import sys

import pandas as pd
import pytest

from analysis.cli import EXIT_DATA, main
from analysis.extract.text import ingest as ingesting
from analysis.paths import ROOT

COUNTRIES = ["PERU", "CHILE", "GHANA", "NEPAL", "KENYA"]


def _narrative(country: str, convicted: int = 12) -> str:
    return (
        f"{country} (Tier 2)\nPROSECUTION\nThe government convicted {convicted} traffickers.\n"
        "PROTECTION\nThe government identified 40 victims and referred 30 to shelters.\n"
    )


def _documents(raw) -> pd.DataFrame:
    return pd.read_csv(raw / "tip_narratives" / ingesting.DOCUMENTS_FILE, dtype=str)


def _ingest_one(path, raw, interim) -> None:
    result = ingesting.ingest([path], report_year=2025)
    ingesting.save(result, raw, interim)


def test_concurrent_ingests_of_one_edition_each_end_with_their_document_in(tmp_path):
    """Five runs at once, twenty times: every run's document is in documents.csv, its figures
    in extracted.csv (before the lock, one document in two trials of four was lost)."""
    files = []
    for country in COUNTRIES:
        files.append(tmp_path / f"{country.lower()}.txt")
        files[-1].write_text(_narrative(country))
    context = multiprocessing.get_context("fork")
    for trial in range(20):
        raw, interim = tmp_path / f"raw{trial}", tmp_path / f"interim{trial}"
        workers = [context.Process(target=_ingest_one, args=(f, raw, interim)) for f in files]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert [w.exitcode for w in workers] == [0] * 5
        documents = _documents(raw)
        assert sorted(documents["iso3"]) == ["CHL", "GHA", "KEN", "NPL", "PER"], f"trial {trial}"
        extracted = pd.read_csv(raw / "tip_narratives" / ingesting.EXTRACTED_FILE, dtype=str)
        assert set(extracted["document"]) == set(documents["sha256"]), f"trial {trial}"


def test_concurrent_ingest_commands_queue(tmp_path):
    raw = tmp_path / "raw"
    runs = []
    for country in COUNTRIES:
        path = tmp_path / f"{country.lower()}.txt"
        path.write_text(_narrative(country))
        command = [sys.executable, "-m", "analysis", "ingest", str(path), "--report-year", "2025"]
        runs.append(subprocess.Popen([*command, "--raw", str(raw)], cwd=ROOT, stdout=subprocess.DEVNULL))
    assert [run.wait(120) for run in runs] == [0] * 5
    assert len(_documents(raw)) == 5


def test_a_revised_narrative_replaces_its_edition_only_when_asked(tmp_path, capsys):
    raw = tmp_path / "raw"
    first, revised = tmp_path / "peru.txt", tmp_path / "peru-revised.txt"
    first.write_text(_narrative("PERU", 12))
    revised.write_text(_narrative("PERU", 14))
    assert main(["ingest", str(first), "--report-year", "2025", "--raw", str(raw)]) == 0
    before = _documents(raw)
    capsys.readouterr()
    assert main(["ingest", str(revised), "--report-year", "2025", "--raw", str(raw)]) == EXIT_DATA
    err = capsys.readouterr().err
    assert "Peru 2025 is already ingested from peru.txt" in err and "--replace" in err
    assert _documents(raw).equals(before)  # nothing doubled, nothing written
    assert main(["ingest", str(revised), "--report-year", "2025", "--replace", "--raw", str(raw)]) == 0
    assert "Peru 2025: peru-revised.txt replaces peru.txt" in capsys.readouterr().out
    documents = _documents(raw)
    assert documents["origin"].tolist() == ["peru-revised.txt"]
    extracted = pd.read_csv(raw / "tip_narratives" / ingesting.EXTRACTED_FILE, dtype=str)
    assert set(extracted["document"]) == set(documents["sha256"])
    convictions = extracted.loc[extracted["indicator"] == "convictions", "value"].tolist()
    assert convictions == ["14"]
    codes = pd.read_csv(raw / "tip_narratives" / ingesting.CRITERIA_EXTRACTED_FILE, dtype=str)
    assert set(codes["document"]) == set(documents["sha256"])
    # --keep-existing (what `make data` uses for the shared corpus) keeps the user's document
    assert main(["ingest", str(first), "--report-year", "2025", "--keep-existing", "--raw", str(raw)]) == 0
    assert "Peru 2025: kept the document already ingested from peru-revised.txt" in capsys.readouterr().out
    assert _documents(raw)["origin"].tolist() == ["peru-revised.txt"]


def test_the_same_text_under_another_edition_is_refused_then_refiled_on_request(tmp_path, capsys):
    raw = tmp_path / "raw"
    path = tmp_path / "peru.txt"
    path.write_text(_narrative("PERU"))
    assert main(["ingest", str(path), "--report-year", "2025", "--raw", str(raw)]) == 0
    capsys.readouterr()
    assert main(["ingest", str(path), "--report-year", "2024", "--raw", str(raw)]) == EXIT_DATA
    assert "already ingested as Peru 2025" in capsys.readouterr().err
    assert _documents(raw)["report_year"].tolist() == ["2025"]
    assert main(["ingest", str(path), "--report-year", "2024", "--replace", "--raw", str(raw)]) == 0
    documents = _documents(raw)
    assert documents["report_year"].tolist() == ["2024"]
    extracted = pd.read_csv(raw / "tip_narratives" / ingesting.EXTRACTED_FILE, dtype=str)
    assert set(extracted["report_year"]) == {"2024"}


def test_two_texts_of_one_edition_in_one_run_are_refused(tmp_path, capsys):
    raw = tmp_path / "raw"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_narrative("PERU", 12))
    (folder / "b.txt").write_text(_narrative("PERU", 13))
    assert main(["ingest", str(folder), "--report-year", "2025", "--raw", str(raw)]) == EXIT_DATA
    assert "a.txt and b.txt are two texts of one edition in this run" in capsys.readouterr().err
    assert _documents(raw)["origin"].tolist() == ["a.txt"]


@pytest.mark.parametrize("flags", [["--replace", "--keep-existing"]])
def test_replace_and_keep_existing_exclude_each_other(tmp_path, flags):
    with pytest.raises(SystemExit):
        main(["ingest", str(tmp_path), *flags])


def test_make_datas_corpus_ingest_keeps_a_users_documents_and_the_build_shows_them(corpus_dir, tmp_path):
    """What `make data` runs (the shared corpus ingested with --keep-existing, then the build)
    after a user ingested their own text of an edition the corpus holds, and one it does not."""
    import shutil

    from analysis.build import assemble
    from analysis.paths import RAW_DIR

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    mine = tmp_path / "peru-2008-mine.txt"
    mine.write_text(
        "PERU (Tier 2)\nPROSECUTION\nIn 2007, the government convicted 3 traffickers.\n", encoding="utf-8"
    )
    nepal = tmp_path / "nepal.txt"
    nepal.write_text(_narrative("NEPAL", 17))
    assert main(["ingest", str(mine), "--report-year", "2008", "--replace", "--raw", str(raw)]) == 0
    assert main(["ingest", str(nepal), "--report-year", "2025", "--raw", str(raw)]) == 0
    assert main(["ingest", "--keep-existing", str(corpus_dir), "--raw", str(raw)]) == 0
    documents = _documents(raw)
    assert documents.loc[
        (documents["iso3"] == "PER") & (documents["report_year"] == "2008"), "origin"
    ].tolist() == ["peru-2008-mine.txt"]
    facts = assemble(raw).facts
    nepal_facts = facts[(facts["iso3"] == "NPL") & (facts["report_year"] == 2025)]
    assert nepal_facts.loc[nepal_facts["indicator"] == "convictions", "value"].tolist() == [17.0]

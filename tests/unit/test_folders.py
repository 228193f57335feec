"""analysis.report.folders: run folders are marked and locked, and pruning touches only ended runs."""

import os

import pytest

from analysis.atomic import read_json
from analysis.report import folders


def _ended_run(base, state="finished"):
    run = folders.new_run(base)
    run.end(state)
    return run.path


def test_a_new_run_is_marked_and_locked_until_it_ends(tmp_path):
    run = folders.new_run(tmp_path)
    marker = read_json(run.path / folders.MARKER)
    assert marker["tool"] == folders.TOOL and marker["state"] == "running" and marker["pid"] == os.getpid()
    assert folders.in_progress(run.path)
    run.end("finished")
    assert not folders.in_progress(run.path)
    assert read_json(run.path / folders.MARKER)["state"] == "finished"


def test_prune_never_touches_a_users_folders(tmp_path):
    """--keep-last removed every folder whose name starts with '20'."""
    (tmp_path / "2019_thesis_data").mkdir()
    (tmp_path / "2019_thesis_data" / "interviews.csv").write_text("precious\n")
    (tmp_path / "20250101T000000Z").mkdir()  # looks like a run, has no marker: not ours
    old = [_ended_run(tmp_path) for _ in range(3)]
    current = _ended_run(tmp_path)
    pruned = folders.prune(tmp_path, 2, current=current)
    assert pruned.removed == old[:2]
    assert (tmp_path / "2019_thesis_data" / "interviews.csv").read_text() == "precious\n"
    assert (tmp_path / "20250101T000000Z").is_dir() and old[2].is_dir() and current.is_dir()


def test_prune_never_touches_a_run_in_progress(tmp_path):
    """A second run with --keep-last 1 deleted the first run while it was still writing."""
    first = folders.new_run(tmp_path)  # still running: its lock is held
    second = _ended_run(tmp_path)
    pruned = folders.prune(tmp_path, 1, current=second)
    assert pruned.removed == [] and pruned.left_unfinished == [first.path]
    assert first.path.is_dir()
    first.end("finished")
    assert folders.prune(tmp_path, 1, current=second).removed == [first.path]


def test_a_run_whose_process_died_is_kept_and_reported(tmp_path):
    crashed = folders.new_run(tmp_path)
    crashed._lock.close()  # the process died: the OS released the lock, the marker still says running
    crashed._lock = None
    newest = _ended_run(tmp_path)
    pruned = folders.prune(tmp_path, 1, current=newest)
    assert pruned.removed == [] and pruned.left_unfinished == [crashed.path]


def test_cancelled_runs_count_as_ended(tmp_path):
    cancelled = _ended_run(tmp_path, "cancelled")
    newest = _ended_run(tmp_path)
    assert folders.prune(tmp_path, 1, current=newest).removed == [cancelled]
    with pytest.raises(ValueError, match="keep at least 1"):
        folders.prune(tmp_path, 0)


def test_an_output_dir_that_is_a_file_or_read_only_is_refused_in_one_line(tmp_path, monkeypatch):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(folders.RunFolderError, match="is a file, not a folder"):
        folders.new_run(a_file)
    with pytest.raises(folders.RunFolderError, match="is a file, not a folder"):
        folders.new_run(a_file / "runs")
    monkeypatch.setattr(folders.os, "access", lambda path, mode: False)  # root ignores permissions
    with pytest.raises(folders.RunFolderError, match="is not writable"):
        folders.new_run(tmp_path / "runs")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing created


def test_a_relative_output_dir_is_taken_from_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert folders.resolve_base("runs") == tmp_path / "runs"


def test_summary_has_one_row_per_report(tmp_path):
    records = [
        {
            "label": "PER",
            "notebook": "country_report",
            "status": "ok",
            "parameters": {"country": "Peru"},
            "durations": {"total": 3.2},
            "headline": {"tier": "2"},
        },
        {
            "label": "BOL",
            "notebook": "country_report",
            "status": "cancelled",
            "parameters": {},
            "error": {"name": "Cancelled", "message": "not started"},
        },
    ]
    text = folders.write_summary(tmp_path, records).read_text().splitlines()
    assert text[0] == "label,notebook,status,country,error,duration_s,html,tier"
    assert text[2].startswith("BOL,country_report,cancelled,,Cancelled: not started")


def test_latest_holds_the_newest_report_of_each_country_and_the_world(tmp_path):
    """A Nigeria run moved reports/latest away from Peru and the world (issue 22, item 9)."""
    from analysis.atomic import write_json
    from analysis.report.folders import latest_reports, link_latest, prune

    def run(labels, status="ok"):
        made = folders.new_run(tmp_path)
        for label in labels:
            (made.path / label).mkdir()
            write_json(made.path / label / "run.json", {"status": status})
        made.end("finished")
        link_latest(made.path)
        return made.path

    first = run(["PER", "global"])
    second = run(["NGA"])
    failed = run(["PER"], status="failed")
    latest = latest_reports(tmp_path)
    assert latest == {
        "PER": (first / "PER").resolve(),
        "global": (first / "global").resolve(),
        "NGA": (second / "NGA").resolve(),
    }
    assert failed.name not in {p.parent.name for p in latest.values()}  # a failed report links nothing
    assert prune(tmp_path, 1).removed == []  # the runs latest points to are kept
    assert first.exists() and second.exists()

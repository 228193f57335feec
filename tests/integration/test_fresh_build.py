"""The committed panel equals a fresh build from data/raw, byte for byte, and a killed build is never read."""

import os
import shutil
from pathlib import Path

import pytest

from analysis.build import build
from analysis.paths import PROCESSED_DIR


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_committed_processed_files_equal_a_fresh_rebuild(tmp_path):
    counts = build(out_dir=tmp_path)
    assert counts["facts"] > 30_000
    fresh, committed = _snapshot(tmp_path), _snapshot(PROCESSED_DIR)
    assert sorted(fresh) == sorted(committed), "run `make data` and commit data/processed/"
    for name in fresh:
        assert fresh[name] == committed[name], f"{name} differs from a rebuild: run `make data`"


def test_rebuild_is_deterministic(tmp_path):
    build(out_dir=tmp_path / "a")
    build(out_dir=tmp_path / "b")
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


def _line_of(path: Path, needle: str) -> int:
    for number, text in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in text:
            return number
    raise AssertionError(needle)


def _edit_line(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def _stage(raw_copy: Path, tmp_path: Path) -> Path:
    """A processed folder holding today's panel, and raw files whose next build differs."""
    out = tmp_path / "processed"
    shutil.copytree(PROCESSED_DIR, out)
    path = raw_copy / "tip_narratives" / "facts.csv"
    line = _line_of(path, "Peru,2008,2007,prosecution,prosecutions,all,total,15,")
    _edit_line(path, line, ",total,15,", ",total,16,")
    return out


def _load_all(out: Path):
    from analysis.panel import Panel

    return Panel.load(out)


@pytest.mark.parametrize("kill_at", range(7))  # before each of the 5 renames, before the manifest, never
def test_a_build_killed_at_any_step_is_never_read_as_a_mixed_set(raw_copy, tmp_path, monkeypatch, kill_at):
    """A kill between the renames left a mixed old/new set and a stray .tmp."""
    from analysis import atomic
    from analysis.panel import PanelIncompleteError

    out = _stage(raw_copy, tmp_path)
    old = _snapshot(out)
    calls = {"n": 0}
    real_replace = os.replace

    def replace(src, dst):
        if calls["n"] == kill_at:
            raise KeyboardInterrupt("killed")  # what a kill looks like from inside: nothing after runs
        calls["n"] += 1
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    completed = True
    try:
        build(raw_copy, out)
    except KeyboardInterrupt:
        completed = False
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    try:
        panel = _load_all(out)
    except PanelIncompleteError:
        assert not completed  # a set mixed by the kill is refused, never read
    else:  # read whole: all old (killed before the first rename) or all new (completed)
        value = panel.facts.query(
            "iso3 == 'PER' and report_year == 2008 and reference_year == 2007 and indicator == 'prosecutions'"
        )["value"].tolist()
        assert value == ([16.0] if completed else [15.0])
        if not completed:  # every file as it was, not just facts.csv
            assert {k: v for k, v in _snapshot(out).items() if k.endswith((".csv", ".json"))} == old
    build(raw_copy, out)  # the next build repairs the set and removes the strays
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert _load_all(out).facts.query(
        "iso3 == 'PER' and report_year == 2008 and reference_year == 2007 and indicator == 'prosecutions'"
    )["value"].tolist() == [16.0]

"""The committed panel equals a fresh build from data/raw, byte for byte."""

from pathlib import Path

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

"""analysis.atomic: a file is replaced whole or not at all."""

import os

import pytest

from analysis.atomic import umask_mode, write_all_atomic, write_atomic


def test_write_atomic_replaces_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "sub" / "a.csv"
    write_atomic(path, b"one\n")
    write_atomic(path, b"two\n")
    assert path.read_bytes() == b"two\n"
    assert [p.name for p in path.parent.iterdir()] == ["a.csv"]
    assert (os.stat(path).st_mode & 0o777) == umask_mode()


def test_write_all_atomic_writes_none_when_one_fails(tmp_path):
    first, blocked = tmp_path / "first.csv", tmp_path / "blocked"
    first.write_bytes(b"old\n")
    blocked.write_bytes(b"a file where a folder is needed")
    with pytest.raises(OSError):
        write_all_atomic({first: b"new\n", blocked / "second.csv": b"new\n"})
    assert first.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked", "first.csv"]

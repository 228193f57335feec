"""Atomic file writes: write to a temporary name in the target folder, then rename.

A reader never sees a half-written file; a failure leaves the previous file in place. Writers
that read, merge and write tables shared with other runs hold :func:`locked` around it; JSON
records (run.json, job files) are written and read here too. Kept
free of heavy imports so that report workers start fast.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def umask_mode() -> int:
    """The mode a plainly created file gets (0o666 minus the umask); mkstemp uses 0o600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, umask_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Write several files so that either all are replaced or none is.

    Every file is first written to a temporary name; only when all writes succeeded are they
    renamed into place (renames within one folder do not fail for lack of space).
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, umask_mode())
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)


@contextmanager
def locked(path: Path, timeout: float = 600.0) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) for a read-merge-write of the
    files beside it: a second holder waits its turn, up to ``timeout`` seconds.

    Raises:
        TimeoutError: the lock was not free within ``timeout`` (names the lock file).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"{path}: another run has held this lock for over {timeout:.0f} s; if no "
                        "other run is going on, delete the file and try again"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def write_json(path: Path, data: dict) -> None:
    """Write a JSON record atomically (sorted keys, so records diff cleanly)."""
    write_atomic(Path(path), (json.dumps(data, indent=2, sort_keys=True, default=str) + "\n").encode())


def read_json(path: Path) -> dict | None:
    """A JSON record, or None when it is missing or unreadable."""
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None

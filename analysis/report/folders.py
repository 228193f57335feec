"""Run folders: made, marked, locked while in progress, summarised, and pruned safely.

Every run folder this tool makes holds a marker, ``.tip-analysis-run.json`` (who made it, when,
and its state: ``running``, ``finished`` or ``cancelled``), and a lock file that the running
process holds (``fcntl.flock``) until the run ends; the operating system releases the lock if
the process dies. :func:`prune` deletes only folders that carry the marker, are finished or
cancelled, and whose lock is free: a user's own folders (``2019_thesis_data/``) and a run still in
progress in another process are never touched, whatever their names.

Layout of a run::

    <base>/<run-id>/.tip-analysis-run.json      marker: tool, created, pid, state
    <base>/<run-id>/.tip-analysis-run.lock      held by the running process
    <base>/<run-id>/<ISO3 | global>/...         one folder per report (see analysis.report.run)
    <base>/<run-id>/summary.csv                 one row per report
    <base>/latest/<ISO3 | global> -> ../<run-id>/<ISO3 | global>
                                                the newest report of each country and of the
                                                world that finished ok, whichever run made it
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from analysis.atomic import read_json, write_atomic, write_json
from analysis.paths import REPORTS_DIR

try:  # POSIX; elsewhere a run marked "running" is simply never pruned
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

MARKER = ".tip-analysis-run.json"
LOCK = ".tip-analysis-run.lock"
TOOL = "tip-analysis report"
ENDED = ("finished", "cancelled")


class RunFolderError(OSError):
    """An output folder that cannot hold runs (a file, read-only, …); the message says which."""


def resolve_base(base: str | Path | None) -> Path:
    """The folder that holds runs: ``reports/`` of the repository by default; a relative path is
    taken from the current folder (as the shell user means it)."""
    return Path(base).resolve() if base else REPORTS_DIR


def check_base(base: Path) -> Path:
    """Refuse a base folder that is a file or cannot be written, before anything is created.

    Raises:
        RunFolderError: naming the path and the problem.
    """
    probe = Path(base)
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise RunFolderError(f"--output-dir {base}: {probe} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise RunFolderError(f"--output-dir {base}: {probe} is not writable")
    return Path(base)


@dataclass
class RunFolder:
    """A run folder this process made and holds the lock of (release with :meth:`end`)."""

    path: Path
    _lock: object = field(default=None, repr=False)

    def end(self, state: str) -> None:
        """Record the final state (``finished`` or ``cancelled``) and release the lock."""
        marker = read_json(self.path / MARKER) or {}
        marker.update(state=state, ended=_now())
        write_json(self.path / MARKER, marker)
        if self._lock is not None:
            self._lock.close()  # closing the file releases the flock
            self._lock = None


def _now() -> str:
    """UTC time to the microsecond, so runs made within one second still sort in order."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_run(base: Path | None = None) -> RunFolder:
    """Make a fresh ``<base>/<run-id>`` (run-id = UTC time, unique), mark it and lock it.

    Raises:
        RunFolderError: the base is a file or cannot be written.
    """
    base = check_base(resolve_base(base))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1000):
        path = base / (stamp if n == 0 else f"{stamp}-{n}")
        try:
            path.mkdir(parents=True)
        except FileExistsError:
            continue
        except OSError as exc:
            raise RunFolderError(f"--output-dir {base}: cannot create a run folder ({exc.strerror})") from exc
        lock = (path / LOCK).open("w")
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        write_json(path / MARKER, {"tool": TOOL, "created": _now(), "pid": os.getpid(), "state": "running"})
        return RunFolder(path, lock)
    raise RunFolderError(f"--output-dir {base}: cannot find a free run name for {stamp}")


def in_progress(path: Path) -> bool:
    """True while another process holds the run's lock (or, without flock, while it says running)."""
    marker = read_json(Path(path) / MARKER) or {}
    if fcntl is None:
        return marker.get("state") == "running"
    try:
        with (Path(path) / LOCK).open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(handle, fcntl.LOCK_UN)
        return False
    except BlockingIOError:
        return True
    except OSError:
        return marker.get("state") == "running"


def runs(base: Path) -> list[tuple[Path, dict]]:
    """This tool's run folders under ``base`` (those with a marker), oldest first."""
    found = []
    for path in sorted(Path(base).iterdir()) if Path(base).is_dir() else []:
        if path.is_dir() and not path.is_symlink():
            marker = read_json(path / MARKER)
            if marker and marker.get("tool") == TOOL:
                found.append((path, marker))
    return sorted(found, key=lambda item: (item[1].get("created", ""), item[0].name))


@dataclass
class Pruned:
    """What :func:`prune` did: folders removed, and runs it left because they were not ended."""

    removed: list[Path]
    left_unfinished: list[Path]


def prune(base: Path, keep: int, current: Path | None = None) -> Pruned:
    """Keep the newest ``keep`` ended runs of this tool under ``base``; delete the older ones.

    Only folders with this tool's marker are considered. A run in progress (its lock is held)
    or never ended (its process died: state still ``running``) is never deleted and does not
    count; ``current`` (the run just made) is never deleted, nor a run that ``<base>/latest``
    still points to (the newest report of some country lives there).

    Raises:
        ValueError: ``keep`` below 1.
    """
    if keep < 1:
        raise ValueError(f"--keep-last {keep}: keep at least 1 run")
    ended, unfinished = [], []
    for path, marker in runs(base):
        is_current = current is not None and path.resolve() == Path(current).resolve()
        if is_current or (marker.get("state") in ENDED and not in_progress(path)):
            ended.append(path)
        else:
            unfinished.append(path)
    linked = {target.parent for target in latest_reports(base).values()}
    removed = [
        p
        for p in ended[:-keep]
        if (current is None or p.resolve() != Path(current).resolve()) and p.resolve() not in linked
    ]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return Pruned(removed, unfinished)


def latest_reports(base: Path) -> dict[str, Path]:
    """Report label → the run's report folder that ``<base>/latest/<label>`` points to."""
    latest = Path(base) / "latest"
    if not latest.is_dir() or latest.is_symlink():
        return {}
    return {link.name: link.resolve() for link in latest.iterdir() if link.is_symlink()}


def link_latest(run_dir: Path) -> None:
    """Point ``<base>/latest/<label>`` at this run's report of each label that finished ok, each
    link replaced atomically: a Nigeria run leaves the latest Peru and world reports in place.
    A ``latest`` link to a whole run (the layout before) becomes a folder of its reports first."""
    run_dir = Path(run_dir)
    latest = run_dir.parent / "latest"
    if latest.is_symlink():  # the old layout: one link to the newest run
        old_run = latest.resolve()
        latest.unlink()
        latest.mkdir()
        if old_run.is_dir():
            for folder in sorted(p for p in old_run.iterdir() if p.is_dir()):
                _link(latest / folder.name, Path("..") / old_run.name / folder.name)
    latest.mkdir(exist_ok=True)
    for folder in sorted(p for p in run_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if (read_json(folder / "run.json") or {}).get("status") == "ok":
            _link(latest / folder.name, Path("..") / run_dir.name / folder.name)


def _link(link: Path, target: Path) -> None:
    """Make ``link`` point to ``target``, replacing what was there in one rename."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}")
    try:
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(target)
        os.replace(tmp, link)
    except OSError:
        tmp.unlink(missing_ok=True)


SUMMARY_FIXED = ["label", "notebook", "status", "country", "error", "duration_s", "html"]


def write_summary(run_dir: Path, records: list[dict]) -> Path:
    """``summary.csv``: one row per report with its status and headline numbers."""
    headline_keys: list[str] = []
    for record in records:
        for key in record.get("headline") or {}:
            if key not in headline_keys and key not in ("country", "iso3"):
                headline_keys.append(key)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUMMARY_FIXED + headline_keys, lineterminator="\n")
    writer.writeheader()
    for record in records:
        error = record.get("error") or {}
        row = {
            "label": record["label"],
            "notebook": record["notebook"],
            "status": record["status"],
            "country": record.get("parameters", {}).get("country", ""),
            "error": f"{error.get('name', '')}: {error.get('message', '')}" if error else "",
            "duration_s": (record.get("durations") or {}).get("total", ""),
            "html": record.get("html", ""),
        }
        row.update({k: v for k, v in (record.get("headline") or {}).items() if k in headline_keys})
        writer.writerow(row)
    path = Path(run_dir) / "summary.csv"
    write_atomic(path, buffer.getvalue().encode())
    return path

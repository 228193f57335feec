"""Report runs: execute the story notebooks for many parameter sets, safely and in parallel.

``python -m analysis report`` (:func:`analysis.cli.cmd_report`) validates every parameter set against the
notebook's typed schema *before any kernel starts*, then runs each notebook in its own worker
process (``python -m analysis.report.worker``), which executes it with papermill on the named
kernel, exports HTML without input cells and without network requests, and writes
``run.json``. One failing or killed report never stops the others; the batch ends with a
summary, a ``summary.csv`` of each report's headline numbers (read from the executed
notebooks), and exit status 1 if anything failed.

Layout of a run (all paths absolute; nothing ever changes directory)::

    reports/<run-id>/<ISO3 | global>/<notebook>.ipynb   executed (partial if it failed)
    reports/<run-id>/<ISO3 | global>/<notebook>.html    exported, offline-safe
    reports/<run-id>/<ISO3 | global>/run.json            status, parameters, durations, error
    reports/<run-id>/summary.csv                         one row per report
    reports/latest -> <run-id>

The job and record helpers (:class:`Job`, :func:`write_json`, :func:`read_json`, …) are
shared with the worker process, which imports this module: it is kept free of pandas and the
notebook stack at import time (heavier modules are imported inside the functions that need
them), so that a worker starts in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

from analysis.atomic import read_json, write_json
from analysis.paths import PACKAGE_DIR, ROOT
from analysis.report.params import notebook_path, validate_parameters

KERNEL_NAME = "tip-analysis"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
DEFAULT_TIMEOUT = 600  # seconds per notebook


@dataclass
class Job:
    """One notebook run: what to run, with which parameters, where to write."""

    notebook: str
    label: str  # ISO3 or "global"
    parameters: dict
    output_dir: str
    kernel: str = KERNEL_NAME
    timeout: float = DEFAULT_TIMEOUT
    html: bool = True
    error: str | None = None  # set when validation failed: the job is recorded, never run

    @property
    def folder(self) -> Path:
        return Path(self.output_dir) / self.label

    @property
    def run_json(self) -> Path:
        return self.folder / "run.json"


KERNEL_FIX = (
    f"install it with `make kernel` (runs: .venv/bin/python -m ipykernel install --sys-prefix "
    f"--name {KERNEL_NAME})"
)


class KernelMissingError(RuntimeError):
    """The named Jupyter kernel is not installed."""


# --- kernel ----------------------------------------------------------------------------------------


def check_kernel(name: str = KERNEL_NAME) -> str:
    """Return the kernel's Python executable; raise KernelMissingError saying how to fix it."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel as exc:
        raise KernelMissingError(f"Jupyter kernel {name!r} is not installed; {KERNEL_FIX}") from exc
    return spec.argv[0]


# --- jobs --------------------------------------------------------------------------------------------


def make_jobs(
    notebook: str,
    countries: Sequence[str],
    parameters: dict,
    run_dir: Path | None = None,
    *,
    kernel: str = KERNEL_NAME,
    timeout: float = DEFAULT_TIMEOUT,
    html: bool = True,
) -> list[Job]:
    """Validated jobs; an unknown country becomes a job recorded as invalid (never run).

    Countries are deduplicated after their names are resolved: ``Peru``, ``perú`` and ``PER``
    make one job (the first spelling given), never several jobs writing into one folder.
    Without ``run_dir`` the jobs are not placed yet (see :func:`place_jobs`).

    Raises:
        ParameterError: a parameter problem common to all jobs (before anything runs).
    """
    from analysis.countries import UnknownCountryError, to_iso3

    notebook_path(notebook)
    own_figures = "figures_dir" in parameters
    if notebook == "global_overview":
        jobs = [Job(notebook, "global", validate_parameters(notebook, parameters), "", kernel, timeout, html)]
        return place_jobs(jobs, run_dir, own_figures) if run_dir else jobs
    if notebook == "compare_countries":  # one job for all the countries (or the region) given
        from analysis.report.compare import folder_label, resolve

        params = validate_parameters(
            notebook, {**parameters, **({"countries": list(countries)} if countries else {})}
        )
        codes, region = resolve(
            None if params["region"] else params["countries"], params["region"], params["scheme"]
        )
        jobs = [Job(notebook, folder_label(codes, region), params, "", kernel, timeout, html)]
        return place_jobs(jobs, run_dir, own_figures) if run_dir else jobs
    validate_parameters(notebook, {**parameters, "country": "Peru"})  # common errors fail the whole run
    jobs = []
    labels: set[str] = set()
    for country in countries:
        try:
            params = validate_parameters(notebook, {**parameters, "country": country})
            label = to_iso3(country)
            if label not in labels:
                labels.add(label)
                jobs.append(Job(notebook, label, params, "", kernel, timeout, html))
        except UnknownCountryError as exc:
            label = "unknown-" + "".join(c if c.isalnum() else "_" for c in country)[:40]
            if label in labels:
                continue
            labels.add(label)
            jobs.append(
                Job(
                    notebook,
                    label,
                    {**parameters, "country": country},
                    "",
                    kernel,
                    timeout,
                    html,
                    error=str(exc),
                )
            )
    return place_jobs(jobs, run_dir, own_figures) if run_dir else jobs


def place_jobs(jobs: list[Job], run_dir: Path, own_figures: bool) -> list[Job]:
    """Put jobs in a run folder. Their figures go to ``<run_dir>/figures`` unless the user
    named a ``figures_dir`` (``own_figures``), so batch runs never write into ``figures/``."""
    for job in jobs:
        job.output_dir = str(run_dir)
        if not own_figures:
            job.parameters["figures_dir"] = str(Path(run_dir) / "figures")
    return jobs


def all_countries() -> list[str]:
    """ISO3 of every country with facts or a tier placement in the panel."""
    from analysis.panel import load_facts, load_tiers

    facts, tiers = load_facts(), load_tiers()
    from analysis.countries import country_table

    known = set(country_table()["iso3"])
    return sorted((set(facts["iso3"]) | set(tiers["iso3"])) & known)


# --- running -----------------------------------------------------------------------------------------

#: Seconds a worker is given to stop its kernel and record itself after SIGTERM, before SIGKILL.
STOP_GRACE = 3.0


class Batch:
    """The jobs of one run in flight: the worker processes running, and whether to stop.

    :meth:`cancel` (called from a SIGINT or SIGTERM handler) makes every job not yet started
    return at once as ``cancelled`` and sends SIGTERM to every running worker, which stops its
    kernel and records itself as ``cancelled``; a worker still alive after :data:`STOP_GRACE`
    seconds is killed with its process group.
    """

    def __init__(self) -> None:
        self.cancelled = threading.Event()
        self.signal: int | None = None
        self._procs: dict[str, subprocess.Popen] = {}
        self._lock = threading.Lock()

    def started(self, label: str, proc: subprocess.Popen) -> None:
        with self._lock:
            self._procs[label] = proc

    def ended(self, label: str) -> None:
        with self._lock:
            self._procs.pop(label, None)

    def running(self) -> list[str]:
        with self._lock:
            return sorted(self._procs)

    def cancel(self, signum: int = signal.SIGINT) -> None:
        """Stop the batch: no new job starts; running workers get SIGTERM (non-blocking)."""
        if self.cancelled.is_set():
            return
        self.signal = signum
        self.cancelled.set()
        with self._lock:
            procs = list(self._procs.values())
        for proc in procs:
            _signal_group(proc, signal.SIGTERM)
        threading.Thread(target=self._kill_after_grace, args=(procs,), daemon=True).start()

    @staticmethod
    def _kill_after_grace(procs: list[subprocess.Popen]) -> None:
        deadline = time.monotonic() + STOP_GRACE
        for proc in procs:
            try:
                proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)


def _signal_group(proc: subprocess.Popen, signum: int) -> None:
    """Signal a worker and its process group (a worker leads its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signum)


@contextlib.contextmanager
def stop_on_signals(batch: Batch):
    """While the block runs, SIGINT (Ctrl-C) and SIGTERM cancel ``batch`` instead of raising.

    Only the main thread can install handlers; elsewhere the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield batch
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda signum, frame: batch.cancel(signum))
    try:
        yield batch
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def worker_command(job_file: Path) -> list[str]:
    return [sys.executable, "-m", "analysis.report.worker", str(job_file)]


def _base_record(job: Job) -> dict:
    return {
        "notebook": job.notebook,
        "label": job.label,
        "parameters": job.parameters,
        "kernel": job.kernel,
        "folder": str(job.folder),
    }


def _cancelled_record(job: Job, batch: Batch, started: bool) -> dict:
    name = signal.Signals(batch.signal).name if batch.signal else "a signal"
    message = (
        f"stopped: the run was cancelled ({name})"
        if started
        else f"not started: the run was cancelled ({name})"
    )
    return {
        **_base_record(job),
        "status": "cancelled",
        "error": {"name": "Cancelled", "message": message},
        "durations": {},
    }


def run_job(job: Job, batch: Batch | None = None) -> dict:
    """Run one job in its own worker process; return its final ``run.json`` record.

    A worker that dies (killed, out of memory) or overruns ``job.timeout`` leaves the record
    marked ``failed`` with the reason; other jobs are unaffected. When ``batch`` is cancelled,
    a job not yet started is recorded as ``cancelled`` without running, and a running one is
    stopped and recorded as ``cancelled``.
    """
    job.folder.mkdir(parents=True, exist_ok=True)
    base = _base_record(job)
    if job.error:
        record = {
            **base,
            "status": "invalid",
            "error": {"name": "UnknownCountryError", "message": job.error},
            "durations": {},
        }
        write_json(job.run_json, record)
        return record
    if batch is not None and batch.cancelled.is_set():
        record = _cancelled_record(job, batch, started=False)
        write_json(job.run_json, record)
        return record
    job_file = job.folder / "job.json"
    write_json(job_file, asdict(job))
    start = time.perf_counter()
    reason = None
    proc = subprocess.Popen(
        worker_command(job_file),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # Ctrl-C reaches the runner only; it stops workers itself
    )
    if batch is not None:
        batch.started(job.label, proc)
    try:
        _, stderr = proc.communicate(timeout=job.timeout)
        if proc.returncode not in (0, 1):
            reason = f"worker exited with code {proc.returncode}" + (
                " (killed by a signal)" if proc.returncode < 0 else ""
            )
            if stderr.strip():
                reason += ": " + stderr.strip().splitlines()[-1][:300]
    except subprocess.TimeoutExpired:
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
        reason = f"timed out after {job.timeout:g} s"
    finally:
        if batch is not None:
            batch.ended(job.label)
    record = read_json(job.run_json) or {**base, "status": "running"}
    if (
        batch is not None
        and batch.cancelled.is_set()
        and record.get("status") in ("running", "cancelled", None)
    ):
        record = {**record, **_cancelled_record(job, batch, started=True)}
        record.setdefault("durations", {})["total"] = round(time.perf_counter() - start, 3)
        write_json(job.run_json, record)
    elif reason and record.get("status") in ("running", "cancelled", None):  # our SIGTERM on a timeout
        record.update(status="failed", error={"name": "WorkerError", "message": reason, "cell_index": None})
        record.setdefault("durations", {})["total"] = round(time.perf_counter() - start, 3)
        write_json(job.run_json, record)
    return record


def _run_on_dask(jobs: list[Job], address: str, progress: Callable[[dict], None]) -> list[dict]:
    from distributed import Client
    from distributed import as_completed as dask_completed

    with Client(address) as client:
        futures = client.map(run_job, jobs, pure=False)
        records = []
        for future in dask_completed(futures):
            record = future.result()
            progress(record)
            records.append(record)
        return records


def run_jobs(
    jobs: list[Job],
    n_jobs: int | None = None,
    quiet: bool = False,
    dask_scheduler: str | None = None,
    batch: Batch | None = None,
) -> list[dict]:
    """Run jobs with ``n_jobs`` worker processes at a time (default: CPU count), or on a
    ``dask.distributed`` scheduler; return their records in job order.

    With a ``batch`` (see :func:`stop_on_signals`), cancelling it ends the call within a few
    seconds with every job recorded: ``ok``/``failed`` if it had ended, ``cancelled`` otherwise.

    Raises:
        ValueError: ``n_jobs`` below 1.
    """
    from tqdm import tqdm

    if n_jobs is not None and n_jobs < 1:
        raise ValueError(f"--jobs {n_jobs}: run at least 1 report at a time")
    n_jobs = n_jobs or os.cpu_count() or 1
    bar = tqdm(total=len(jobs), disable=quiet, unit="report", file=sys.stderr)

    def progress(record: dict) -> None:
        bar.set_postfix_str(f"{record['label']}: {record['status']}")
        bar.update(1)

    try:
        if dask_scheduler:
            records = _run_on_dask(jobs, dask_scheduler, progress)
        else:
            records = []
            with ThreadPoolExecutor(max_workers=n_jobs) as pool:
                futures = [pool.submit(run_job, job, batch) for job in jobs]
                for future in as_completed(futures):
                    record = future.result()
                    progress(record)
                    records.append(record)
    finally:
        bar.close()
    order = {job.label: i for i, job in enumerate(jobs)}
    return sorted(records, key=lambda r: order.get(r["label"], 0))

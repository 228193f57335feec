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

import csv
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from analysis.atomic import write_atomic
from analysis.paths import NOTEBOOKS_DIR, PACKAGE_DIR, REPORTS_DIR, ROOT

KERNEL_NAME = "tip-analysis"
NOTEBOOKS = ("country_report", "global_overview")
TEMPLATES_DIR = PACKAGE_DIR / "templates"
DEFAULT_TIMEOUT = 600  # seconds per notebook


class ParameterError(ValueError):
    """Parameters that do not fit a notebook's schema (raised before any kernel starts)."""


def notebook_path(notebook: str) -> Path:
    """Absolute path of a story notebook by name."""
    if notebook not in NOTEBOOKS:
        raise ParameterError(f"unknown notebook {notebook!r}; accepted: {', '.join(NOTEBOOKS)}")
    return NOTEBOOKS_DIR / f"{notebook}.ipynb"


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


def write_json(path: Path, data: dict) -> None:
    """Write a JSON record atomically (sorted keys, so records diff cleanly)."""
    write_atomic(Path(path), (json.dumps(data, indent=2, sort_keys=True, default=str) + "\n").encode())


def read_json(path: Path) -> dict | None:
    """A JSON record, or None when it is missing or unreadable."""
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


KERNEL_FIX = (
    f"install it with `make kernel` (runs: .venv/bin/python -m ipykernel install --sys-prefix "
    f"--name {KERNEL_NAME})"
)
FIGURE_FORMATS = ("png", "svg", "pdf")


class KernelMissingError(RuntimeError):
    """The named Jupyter kernel is not installed."""


# --- parameter schemas --------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One notebook parameter: accepted types, default, and what it means.

    ``choices`` names the allowed items of a list parameter (``"sources"``: the registry's
    fact sources; ``"formats"``: :data:`FIGURE_FORMATS`).
    """

    types: tuple[type, ...]
    default: object
    help: str
    items: type | None = None  # element type of a list parameter
    choices: str | None = None

    def accepts(self, value) -> bool:
        """True when ``value`` has one of the accepted types (a bool is not an int here)."""
        if isinstance(value, bool) and bool not in self.types:
            return False
        return isinstance(value, self.types)

    def type_name(self) -> str:
        names = [t.__name__ if t is not type(None) else "None" for t in self.types]
        if self.items is not None:
            names = [f"list of {self.items.__name__}" if n == "list" else n for n in names]
        return " or ".join(names)


def _choices(name: str | None) -> tuple[str, ...]:
    if name == "sources":
        from analysis.schema import SOURCES

        return SOURCES
    return FIGURE_FORMATS if name == "formats" else ()


def parameter_schema(notebook: str):
    """The notebook's parameters as a pandera schema over a one-row frame (one column each).

    Checks, in order: no unknown key (strict); each value's type; the items of a list
    parameter (type, then allowed values); ``first_year <= last_year``.
    """
    import pandera.pandas as pa

    columns = {}
    for key, param in SCHEMAS[notebook].items():
        checks = [pa.Check(param.accepts, element_wise=True, name="type")]
        if param.items is not None:
            checks.append(
                pa.Check(
                    lambda v, p=param: not isinstance(v, list) or all(isinstance(i, p.items) for i in v),
                    element_wise=True,
                    name="items",
                )
            )
        if param.choices:
            allowed = _choices(param.choices)
            checks.append(
                pa.Check(
                    lambda v, a=allowed: not isinstance(v, list) or all(i in a for i in v),
                    element_wise=True,
                    name="choices",
                )
            )
        columns[key] = pa.Column(object, checks, nullable=type(None) in param.types, required=False)

    def ordered(frame):
        if not {"first_year", "last_year"} <= set(frame):
            return True
        first, last = frame["first_year"].iloc[0], frame["last_year"].iloc[0]
        return not (isinstance(first, int) and isinstance(last, int) and first > last)

    return pa.DataFrameSchema(columns, checks=[pa.Check(ordered, name="year_order")], strict=True)


def _parameter_message(notebook: str, key: str | None, check: str, value, values: dict) -> str:
    schema = SCHEMAS[notebook]
    if check == "column_in_schema":
        unknown = sorted(set(values) - set(schema))
        accepted = ", ".join(f"{k} ({p.type_name()})" for k, p in schema.items())
        return f"unknown parameter(s) {', '.join(unknown)} for {notebook}; accepted: {accepted}"
    if check == "year_order":
        return f"first_year {values['first_year']} is after last_year {values['last_year']}"
    param = schema[key]
    if check in ("type", "not_nullable"):
        shown = f"{value!r}" if isinstance(value, bool) else f"{value!r} ({type(value).__name__})"
        return f"parameter {key!r}: expected {param.type_name()}, got {shown}"
    if check == "items":
        bad = [v for v in value if not isinstance(v, param.items)]
        return f"parameter {key!r}: every item must be {param.items.__name__}; got {bad!r}"
    allowed = _choices(param.choices)
    return (
        f"parameter {key!r}: unknown {[v for v in value if v not in allowed]}; accepted: {', '.join(allowed)}"
    )


NONE = type(None)
SCHEMAS: dict[str, dict[str, Param]] = {
    "country_report": {
        "country": Param((str,), "Peru", "country name or ISO3 (any spelling the sources use)"),
        "first_year": Param((int, NONE), None, "first reference / report year, or None"),
        "last_year": Param((int, NONE), None, "last reference / report year, or None"),
        "sources": Param((list,), ["tip_narrative", "unodc_glotip"], "fact sources to use", str, "sources"),
        "figures_dir": Param((str,), "figures", "folder for figures (relative to the repository)"),
        "formats": Param((list,), ["png", "svg"], "figure formats: png, svg, pdf", str, "formats"),
    },
    "global_overview": {
        "first_year": Param((int, NONE), None, "first data / report year, or None"),
        "last_year": Param((int, NONE), None, "last data / report year, or None"),
        "figures_dir": Param((str,), "figures", "folder for figures (relative to the repository)"),
        "formats": Param((list,), ["png", "svg"], "figure formats: png, svg, pdf", str, "formats"),
    },
}


def validate_parameters(notebook: str, parameters: dict) -> dict:
    """Check parameters against the notebook's schema; return them with defaults filled.

    Raises:
        ParameterError: an unknown key (the message lists the accepted keys), a wrong type,
            an unknown source or figure format, or first_year after last_year.
        UnknownCountryError: an unknown country (with close matches).
    """
    import pandas as pd
    import pandera.pandas as pa

    from analysis.countries import canonical_name

    notebook_path(notebook)
    values = dict(parameters)
    frame = pd.DataFrame({key: pd.Series([value], dtype=object) for key, value in values.items()})
    try:
        parameter_schema(notebook).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        keys = list(SCHEMAS[notebook])
        order = ["column_in_schema", "not_nullable", "type", "items", "choices", "year_order"]
        cases = cases.assign(
            _check=cases["check"].map(lambda c: order.index(c) if c in order else len(order)),
            _key=cases["column"].map(lambda c: keys.index(c) if c in keys else -1),
        ).sort_values(["_check", "_key"], kind="stable")
        first = cases.iloc[0]
        key = first["column"] if first["column"] in SCHEMAS[notebook] else None
        raise ParameterError(
            _parameter_message(notebook, key, first["check"], values.get(key) if key else None, values)
        ) from None
    out = {key: param.default for key, param in SCHEMAS[notebook].items()}
    out.update(values)
    if "country" in out:
        out["country"] = canonical_name(out["country"])  # UnknownCountryError names close matches
    return out


def parse_param(text: str) -> tuple[str, object]:
    """``KEY=VALUE`` with VALUE read as YAML: ``first_year=2010``, ``sources=[unodc_glotip]``."""
    import yaml

    if "=" not in text:
        raise ParameterError(f"--param {text!r}: expected KEY=VALUE")
    key, raw = text.split("=", 1)
    try:
        value = yaml.safe_load(raw) if raw != "" else ""
    except yaml.YAMLError as exc:
        raise ParameterError(f"--param {text!r}: cannot read the value ({exc})") from exc
    return key.strip(), value


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


def new_run_dir(base: Path | None = None) -> Path:
    """A fresh ``reports/<run-id>`` folder (run-id = UTC time, unique)."""
    base = Path(base) if base else REPORTS_DIR
    base = base if base.is_absolute() else ROOT / base
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1000):
        run_dir = base / (stamp if n == 0 else f"{stamp}-{n}")
        try:
            run_dir.mkdir(parents=True)
            return run_dir
        except FileExistsError:
            continue
    raise RuntimeError(f"cannot create a run folder under {base}")


# --- running -----------------------------------------------------------------------------------------


def worker_command(job_file: Path) -> list[str]:
    return [sys.executable, "-m", "analysis.report.worker", str(job_file)]


def run_job(job: Job) -> dict:
    """Run one job in its own worker process; return its final ``run.json`` record.

    A worker that dies (killed, out of memory) or overruns ``job.timeout`` leaves the
    record marked ``failed`` with the reason; other jobs are unaffected.
    """
    job.folder.mkdir(parents=True, exist_ok=True)
    base = {
        "notebook": job.notebook,
        "label": job.label,
        "parameters": job.parameters,
        "kernel": job.kernel,
        "folder": str(job.folder),
    }
    if job.error:
        record = {
            **base,
            "status": "invalid",
            "error": {"name": "UnknownCountryError", "message": job.error},
            "durations": {},
        }
        write_json(job.run_json, record)
        return record
    job_file = job.folder / "job.json"
    write_json(job_file, asdict(job))
    start = time.perf_counter()
    reason = None
    try:
        proc = subprocess.run(
            worker_command(job_file), capture_output=True, text=True, timeout=job.timeout, cwd=ROOT
        )
        if proc.returncode not in (0, 1):
            reason = f"worker exited with code {proc.returncode}" + (
                " (killed by a signal)" if proc.returncode < 0 else ""
            )
            if proc.stderr.strip():
                reason += ": " + proc.stderr.strip().splitlines()[-1][:300]
    except subprocess.TimeoutExpired:
        reason = f"timed out after {job.timeout:g} s"
    record = read_json(job.run_json) or {**base, "status": "running"}
    if reason and record.get("status") in ("running", None):
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
    jobs: list[Job], n_jobs: int | None = None, quiet: bool = False, dask_scheduler: str | None = None
) -> list[dict]:
    """Run jobs with ``n_jobs`` worker processes at a time (default: CPU count), or on a
    ``dask.distributed`` scheduler; return their records in job order."""
    from tqdm import tqdm

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
                futures = [pool.submit(run_job, job) for job in jobs]
                for future in as_completed(futures):
                    record = future.result()
                    progress(record)
                    records.append(record)
    finally:
        bar.close()
    order = {job.label: i for i, job in enumerate(jobs)}
    return sorted(records, key=lambda r: order.get(r["label"], 0))


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


def link_latest(run_dir: Path) -> None:
    """Point ``<reports>/latest`` at this run (atomically replaced)."""
    link = Path(run_dir).parent / "latest"
    tmp = link.with_name(f".latest.{os.getpid()}")
    try:
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(Path(run_dir).name)
        os.replace(tmp, link)
    except OSError:
        tmp.unlink(missing_ok=True)


def keep_last(base: Path, n: int) -> list[Path]:
    """Delete all but the newest ``n`` run folders under ``base``; return what was removed."""
    import shutil

    runs = sorted(
        (p for p in Path(base).iterdir() if p.is_dir() and not p.is_symlink() and p.name[:2] == "20"),
        key=lambda p: p.name,
    )
    removed = runs[:-n] if n > 0 else []
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed

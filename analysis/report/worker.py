"""Worker process of a report run: ``python -m analysis.report.worker JOB.json``.

Executes one notebook with papermill on the named kernel, exports it to HTML (no input cells,
no network requests, images embedded) and keeps ``run.json`` up to date: ``running`` while it
works, then ``ok`` or ``failed`` with the failing cell's index, the exception name and message.
The partial output notebook of a failed run is kept. If the kernel fails to start, it is tried
once more.

Start-up cost: jsonschema's optional IRI format checker (``rfc3987_syntax``) compiles a Lark
grammar on import, about a second on these machines, and papermill, nbformat and nbconvert all
import jsonschema. Nothing here validates IRIs, so this process blocks that one optional import
(jsonschema then skips the "iri" formats); no dependency is added or removed.
"""

from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # see module docstring: optional, slow to import

import asyncio  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from analysis.atomic import read_json, write_json  # noqa: E402
from analysis.paths import REPORT_DIR_ENV  # noqa: E402
from analysis.report.headline import read_headline  # noqa: E402
from analysis.report.params import notebook_path  # noqa: E402
from analysis.report.run import TEMPLATES_DIR, Job  # noqa: E402

KERNEL_START_ERRORS = ("Kernel didn't respond", "kernel died", "Kernel died", "Timeout waiting for kernel")


def export_html(notebook_file: Path, html_file: Path) -> None:
    """Export an executed notebook to self-contained HTML without input cells or CDN scripts."""
    import nbformat
    from nbconvert import HTMLExporter

    from analysis.atomic import write_atomic

    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    notebook = nbformat.read(str(notebook_file), as_version=4)
    notebook.metadata["title"] = html_title(notebook)  # the page's <title>, not the file's name
    body, _ = exporter.from_notebook_node(notebook)
    write_atomic(html_file, body.encode("utf-8"))


def html_title(notebook: dict) -> str:
    """A report page's title: who it is about and which editions, from the headline the notebook
    recorded and the parameters papermill ran it with.

    Example:
        >>> html_title({"metadata": {"papermill": {"parameters": {"first_year": 2010, "last_year": 2020}}},
        ...             "cells": []})
        'World overview: TIP Report analysis, editions 2010–2020'
        >>> html_title({"metadata": {"papermill": {"parameters": {"countries": ["Peru", "Chile"]}}},
        ...             "cells": []})
        'Countries compared (Peru, Chile): TIP Report analysis, all editions'
    """
    parameters = ((notebook.get("metadata") or {}).get("papermill") or {}).get("parameters") or {}
    headline = read_headline(notebook) or {}
    compared = parameters.get("region") or ", ".join(parameters.get("countries") or [])
    name = (
        headline.get("country")
        or parameters.get("country")
        or (f"Countries compared ({compared})" if compared else "World overview")
    )
    first, last = parameters.get("first_year"), parameters.get("last_year")
    if first and last:
        editions = f"{first}–{last}"
    elif headline.get("editions"):
        editions = headline["editions"]
    else:
        editions = f"from {first}" if first else f"up to {last}" if last else "all editions"
    return f"{name}: TIP Report analysis, {'editions ' if editions[0].isdigit() else ''}{editions}"


#: modules the story notebooks import; the kernel loads them while it boots, in parallel with
#: this process's own imports (the notebook imports them again, which is then instant)
PRELOAD = "import analysis.report.country, analysis.report.global_, analysis.report.notebook"


def start_kernel(name: str):
    """Start the named kernel now (returns its manager; None if it cannot start: retried later).

    An asynchronous manager: with a synchronous one given to papermill, a kernel that dies
    mid-notebook goes unnoticed until the execution timeout (nbclient's liveness poll cannot
    run); with this one the death is seen within seconds.
    """
    from jupyter_client.manager import AsyncKernelManager

    try:
        km = AsyncKernelManager(kernel_name=name)
        asyncio.run(km.start_kernel(extra_arguments=[f"--IPKernelApp.exec_lines={PRELOAD}"]))
        return km
    except Exception:  # papermill will try again and report the error
        return None


def _shutdown(km):
    if km is not None:
        with contextlib.suppress(Exception):  # already gone
            asyncio.run(km.shutdown_kernel(now=True))
    return None


def kernel_exit(km) -> str:
    """How the kernel ended, for the record: 'exit -9, SIGKILL', 'exit 1' or 'exit unknown'."""
    process = getattr(getattr(km, "provisioner", None), "process", None)
    code = process.poll() if process is not None else None
    if code is None:
        return "exit unknown"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"exit {code}, {signal.Signals(-code).name}"
    return f"exit {code}"


class JobCancelled(BaseException):
    """SIGTERM from the runner: stop the kernel, record the job as cancelled, exit 143."""


def _on_sigterm(signum, frame):
    raise JobCancelled(signum)


def _import_exporter() -> None:
    import nbconvert.exporters.html  # noqa: F401


def _kernel_start_failure(exc: BaseException, output: Path) -> bool:
    """True when the kernel never ran a cell (a start-up failure worth one retry)."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return False
    try:
        notebook = json.loads(output.read_text())
        ran = any(c.get("execution_count") for c in notebook.get("cells", []))
    except (OSError, ValueError):
        ran = False
    return not ran and (
        any(s in str(exc) for s in KERNEL_START_ERRORS)
        or type(exc).__name__ in ("DeadKernelError", "TimeoutError", "RuntimeError")
    )


def main(job: Job) -> int:
    folder = job.folder
    output = folder / f"{job.notebook}.ipynb"
    html = folder / f"{job.notebook}.html"
    record = {
        "notebook": job.notebook,
        "label": job.label,
        "parameters": job.parameters,
        "kernel": job.kernel,
        "folder": str(folder),
        "status": "running",
        "notebook_file": str(output),
        "durations": {},
        "attempts": 0,
    }
    write_json(job.run_json, record)
    started = time.perf_counter()
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _run(job, record, started, output, html)
    except JobCancelled:
        record["status"] = "cancelled"
        record["error"] = {"name": "Cancelled", "message": "stopped by SIGTERM", "cell_index": None}
        record["durations"]["total"] = round(time.perf_counter() - started, 3)
        write_json(job.run_json, record)
        return 128 + signal.SIGTERM


def _run(job: Job, record: dict, started: float, output: Path, html: Path) -> int:
    kernel: dict = {"km": None}  # whatever kernel is up when a SIGTERM arrives is shut down
    try:
        return _execute(job, record, started, output, html, kernel)
    except JobCancelled:
        _shutdown(kernel["km"])
        raise


def _execute(job: Job, record: dict, started: float, output: Path, html: Path, kernel: dict) -> int:
    # Start the kernel first: it boots while this process imports papermill, and the HTML
    # exporter is imported in the background while the notebook runs (the process only waits).
    # links under figures are written relative to the folder the HTML page goes to
    os.environ[REPORT_DIR_ENV] = str(Path(job.folder).resolve())
    km = kernel["km"] = start_kernel(job.kernel)
    warm = threading.Thread(target=_import_exporter, daemon=True)
    warm.start()
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    record["durations"]["import"] = round(time.perf_counter() - started, 3)
    error = None
    for attempt in (1, 2):
        record["attempts"] = attempt
        t0 = time.perf_counter()
        try:
            if km is None:
                km = kernel["km"] = start_kernel(job.kernel)
            pm.execute_notebook(
                str(notebook_path(job.notebook)),
                str(output),
                parameters=job.parameters,
                kernel_name=job.kernel,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=True,
                execution_timeout=job.timeout,
                km=km,
            )
            error = None
        except PapermillExecutionError as exc:
            error = {"name": exc.ename, "message": str(exc.evalue), "cell_index": exc.cell_index}
        except Exception as exc:  # kernel could not start, died, or timed out
            error = {"name": type(exc).__name__, "message": str(exc)[:1000], "cell_index": None}
            if type(exc).__name__ == "DeadKernelError":
                error["message"] = f"kernel died ({kernel_exit(km)})"
            if attempt == 1 and _kernel_start_failure(exc, output):
                record["durations"][f"execute_attempt_{attempt}"] = round(time.perf_counter() - t0, 3)
                km = kernel["km"] = _shutdown(km)
                continue
        record["durations"]["execute"] = round(time.perf_counter() - t0, 3)
        break
    km = kernel["km"] = _shutdown(km)
    warm.join()

    if output.exists():
        try:
            record["headline"] = read_headline(json.loads(output.read_text()))
        except ValueError:
            record["headline"] = None
        if job.html:
            t0 = time.perf_counter()
            try:
                export_html(output, html)
                record["html"] = str(html)
            except Exception as exc:  # a failed export must not hide the run's own status
                record["html_error"] = f"{type(exc).__name__}: {exc}"
            record["durations"]["html"] = round(time.perf_counter() - t0, 3)
    record["status"] = "failed" if error else "ok"
    if error:
        record["error"] = error
    record["durations"]["total"] = round(time.perf_counter() - started, 3)
    write_json(job.run_json, record)
    return 1 if error else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m analysis.report.worker JOB.json", file=sys.stderr)
        sys.exit(2)
    spec = read_json(Path(sys.argv[1]))
    if spec is None:
        print(f"error: cannot read job file {sys.argv[1]}", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Job(**spec)))

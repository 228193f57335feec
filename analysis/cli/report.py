"""Report commands: report, compare, figures (the story notebooks and publication figures)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from analysis.cli.common import (
    EXIT_DATA,
    UsageError,
    check_choice,
    check_range,
    command_adder,
)
from analysis.countries import canonical_name, to_iso3
from analysis.report.params import NOTEBOOKS


def cmd_report(args, out) -> int:
    from analysis.report import folders, params
    from analysis.report import run as reports

    notebooks = args.notebook or ["country_report"]
    try:
        parameters = _run_parameters(args, notebooks)
        countries = reports.all_countries() if args.all else (args.country or [])
        if "country_report" in notebooks and not countries:
            raise UsageError("report: give --country NAME (repeatable) or --all")
        reports.check_kernel(args.kernel)
        # Every parameter set is validated before the run folder exists.
        jobs = []
        for notebook in notebooks:
            chosen = {k: v for k, v in parameters.items() if k in params.SCHEMAS[notebook]}
            jobs += reports.make_jobs(
                notebook, countries, chosen, kernel=args.kernel, timeout=args.timeout, html=not args.no_html
            )
        run = folders.new_run(args.output_dir)
    except (params.ParameterError, reports.KernelMissingError, folders.RunFolderError) as exc:
        raise UsageError(str(exc)) from exc
    reports.place_jobs(jobs, run.path, own_figures="figures_dir" in parameters)
    batch = reports.Batch()
    with reports.stop_on_signals(batch):
        records = reports.run_jobs(jobs, args.jobs, args.quiet, args.dask_scheduler, batch)
        summary = folders.write_summary(run.path, records)
        run.end("cancelled" if batch.cancelled.is_set() else "finished")
        folders.link_latest(run.path)
    if batch.cancelled.is_set():
        return _report_cancelled(batch, records, summary)
    if args.keep_last:
        _prune_runs(run.path, args.keep_last, args.quiet, out)
    return _report_result(records, run.path, summary, args.quiet, out)


def _run_parameters(args, notebooks: list[str]) -> dict:
    """The notebook parameters of ``--param``/``--formats``, checked against the chosen notebooks.

    Raises:
        UsageError: an option out of range or ``--param country=``.
        ParameterError: a parameter no chosen notebook accepts, or a bad value.
    """
    from analysis.report import params

    check_range("--jobs", args.jobs, 1, 256)
    check_range("--timeout", args.timeout, 1, 7 * 24 * 3600)
    check_range("--keep-last", args.keep_last, 1, 10_000)
    parameters: dict = dict(params.parse_param(item) for item in args.param or [])
    if args.formats is not None:
        parameters["formats"] = [f.strip() for f in args.formats.split(",") if f.strip()]
    if isinstance(parameters.get("figures_dir"), str) and parameters["figures_dir"].strip():
        # relative to the current folder, not the notebook's
        parameters["figures_dir"] = str(Path(parameters["figures_dir"]).resolve())
    if "country" in parameters:
        raise UsageError("give countries with --country NAME (repeatable) or --all, not --param country=")
    known = set().union(*(params.SCHEMAS[n] for n in notebooks))
    unknown = sorted(set(parameters) - known)
    if unknown:  # a key no chosen notebook accepts
        params.validate_parameters(notebooks[0], {k: parameters[k] for k in unknown})
    return parameters


def _report_cancelled(batch, records: list[dict], summary: Path) -> int:
    """Say which reports a signal cancelled; the exit status is 128 + the signal."""
    cancelled = [r["label"] for r in records if r["status"] == "cancelled"]
    name = signal.Signals(batch.signal).name
    print(
        f"cancelled by {name}: {len(cancelled)} of {len(records)} reports cancelled "
        f"({', '.join(cancelled[:10])}{', …' if len(cancelled) > 10 else ''}); summary {summary}",
        file=sys.stderr,
    )
    return 128 + batch.signal


def _prune_runs(run_path: Path, keep_last: int, quiet: bool, out) -> None:
    """Delete all but the newest ``keep_last`` finished runs beside this one, saying which."""
    from analysis.report import folders

    pruned = folders.prune(run_path.parent, keep_last, current=run_path)
    if quiet:
        return
    if pruned.removed:
        print(
            f"pruned {len(pruned.removed)} older run(s): {', '.join(p.name for p in pruned.removed)}",
            file=out,
        )
    if pruned.left_unfinished:
        print(
            f"kept {len(pruned.left_unfinished)} run(s) in progress or never finished: "
            f"{', '.join(p.name for p in pruned.left_unfinished)}",
            file=out,
        )


def _report_result(records: list[dict], run_path: Path, summary: Path, quiet: bool, out) -> int:
    """The one-line result (even with --quiet: a cron mail says where the run went) and each failure."""
    failed = [r for r in records if r["status"] != "ok"]
    print(f"{len(records) - len(failed)} of {len(records)} reports ok; run folder {run_path}", file=out)
    if not quiet:
        print(f"summary: {summary}", file=out)
    for record in failed:
        error = record.get("error") or {}
        cell = error.get("cell_index")
        where = f" (cell {cell})" if cell is not None else ""
        print(
            f"FAILED {record['label']} [{record['status']}]{where}: {error.get('name', '')}: "
            f"{error.get('message', '')}",
            file=sys.stderr,
        )
    return 1 if failed else 0


def run_options(p: argparse.ArgumentParser) -> None:
    """The options of every command that runs notebooks (report, compare)."""
    p.add_argument(
        "--param",
        action="append",
        metavar="KEY=VALUE",
        help="notebook parameter, VALUE read as YAML (e.g. first_year=2010)",
    )
    p.add_argument("--jobs", type=int, default=None, help="reports run at once (default: CPU count)")
    p.add_argument(
        "--output-dir",
        default=None,
        help="base folder of runs (default reports/ of the repository; relative to the current folder)",
    )
    p.add_argument("--no-html", action="store_true", help="skip the HTML export")
    p.add_argument("--formats", help="figure formats, comma-separated (png,svg,pdf)")
    p.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar; print the one-line result and the failures (cron)",
    )
    p.add_argument(
        "--dask-scheduler", metavar="ADDRESS", help="submit the reports to a dask.distributed scheduler"
    )
    p.add_argument("--timeout", type=float, default=600, help="seconds per notebook (default 600)")
    p.add_argument("--kernel", default="tip-analysis", help="Jupyter kernel name (default tip-analysis)")
    p.add_argument(
        "--keep-last",
        type=int,
        default=None,
        metavar="N",
        help="after the run, delete all but the newest N finished runs this tool made (never other folders, "
        "never a run in progress)",
    )


def cmd_compare(args, out) -> int:
    """``compare A B C`` / ``compare --region R``: the compare_countries notebook as one run."""
    if args.region and args.countries:
        raise UsageError("compare: give countries or --region, not both")
    if not args.region and len(args.countries) < 2:
        raise UsageError(
            "compare: give two or more countries (e.g. compare Peru Nigeria Colombia) or --region NAME"
        )
    args.param = [*(args.param or []), f"scheme={args.scheme}"]
    if args.region:
        args.param.append(f"region={json.dumps(args.region)}")
    args.notebook, args.all, args.country = ["compare_countries"], False, args.countries or None
    return cmd_report(args, out)


def cmd_figures(args, out) -> int:
    from analysis.plots import remove_figure, save_figure
    from analysis.report.country import CountryReport
    from analysis.report.global_ import GlobalReport
    from analysis.report.params import FIGURE_FORMATS, ParameterError, check_figures_dir
    from analysis.report.section import Panel

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if not formats:
        raise UsageError(f"--formats {args.formats!r}: give at least one of {', '.join(FIGURE_FORMATS)}")
    for fmt in formats:
        check_choice(fmt, FIGURE_FORMATS, "figure format")
    if not args.country and not args.world:
        raise UsageError("figures: give --country NAME (repeatable) and/or --world")
    isos = list(dict.fromkeys(to_iso3(c) for c in args.country or []))  # unknown names fail before drawing
    out_dir = Path(args.out).resolve()
    try:
        check_figures_dir(str(out_dir))
    except ParameterError as exc:
        raise UsageError(str(exc).replace("parameter 'figures_dir'", "--out")) from exc
    panel = Panel.load()
    try:
        reports = [CountryReport(iso3, panel=panel, width=args.width) for iso3 in isos]
        if args.world:
            reports.append(GlobalReport(panel=panel, width=args.width))
    except ValueError as exc:  # the width
        raise UsageError(f"--{exc}") from exc
    written = 0
    for report in reports:
        label = getattr(report, "iso3", None)
        for section in report.sections():
            if section.figure is None:
                remove_figure(section.key, label, out_dir)
                continue
            paths = save_figure(
                section.figure,
                section.key,
                label,
                formats,
                out_dir,
                {"command": "figures", "width": args.width},
                section.data,
                section.caption,
                args.width,
            )
            written += 1
            print("  ".join(str(p) for p in paths.values()), file=out)
    print(f"{written} figures written to {out_dir}", file=out)
    if written == 0:  # a country the panel holds nothing to draw for: say so, and fail
        names = ", ".join(canonical_name(iso3) for iso3 in isos) or "the world"
        print(
            f"error: no figure for {names}: the panel holds no data they draw (python -m analysis facts "
            "--country NAME shows what it holds)",
            file=sys.stderr,
        )
        return EXIT_DATA
    return 0


def register(sub) -> None:
    """Add this group's commands to the parser."""
    add = command_adder(sub)
    p = add("report", cmd_report, "run the story notebooks for one, several or all countries")
    p.add_argument("--country", action="append", help="country name or ISO3 (repeatable)")
    p.add_argument("--all", action="store_true", help="every country with data in the panel")
    p.add_argument(
        "--notebook",
        action="append",
        choices=NOTEBOOKS,
        help="notebook to run (repeatable; default country_report)",
    )
    run_options(p)

    p = add("compare", cmd_compare, "compare countries side by side, or every country of a region (notebook)")
    p.add_argument("countries", nargs="*", metavar="COUNTRY", help="two or more country names or ISO3 codes")
    p.add_argument(
        "--region", help="compare every country of this region instead (e.g. 'Western Hemisphere')"
    )
    p.add_argument("--scheme", choices=("tip", "unodc"), default="tip", help="region scheme (default tip)")
    run_options(p)

    p = add(
        "figures",
        cmd_figures,
        "a country's (or the world's) figures with their source data and captions, without a notebook",
    )
    p.add_argument("--country", action="append", help="country name or ISO3 (repeatable)")
    p.add_argument("--world", action="store_true", help="also the global overview's figures")
    p.add_argument(
        "--out", default="figures", help="folder (default figures/, relative to the current folder)"
    )
    p.add_argument(
        "--formats", default="png,svg,pdf", help="comma-separated: png, svg, pdf (default all three)"
    )
    p.add_argument("--width", default="double", help="single (3.5 in), double (7.2 in) or inches")

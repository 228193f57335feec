"""Command line: ``python -m analysis <command>``.

Commands:
    build-data   rebuild data/processed/ from data/raw/ (atomically)
    sources      each source: coverage, licence, citation
    countries    the country table (ISO3, name, TIP region, UNODC region)
    facts        the facts of one country (filter by indicator, source)
    tiers        tier history of one country, or the disagreements between tier sources
    ratios       year-over-year ratios of a country's series
    attrition    conversion ratios (convictions per prosecution, …) of a country
    gaps         protection gaps of a country: by count and by criteria
    report       run the story notebooks (papermill) for one, several or all countries
    extract      candidate facts in TIP narrative text files (for review)
    evaluate-extractor   precision / recall of the extractor on a labelled corpus

Errors a user can fix (an unknown country, a bad raw file, an unbuilt panel) print one line
to stderr and exit with status 2 (usage) or 1 (data); never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.atomic import write_atomic
from analysis.build import BuildOutputError
from analysis.caveats import caveat
from analysis.countries import UnknownCountryError, canonical_name, country_table, to_iso3
from analysis.panel import PanelIncompleteError
from analysis.paths import DATA_DIR, PROCESSED_DIR, RAW_DIR
from analysis.rawio import RawDataError, for_spreadsheets, frame_to_csv_bytes
from analysis.report.params import NOTEBOOKS
from analysis.report.text import year_ranges
from analysis.schema import SOURCES, SchemaError, indicators
from analysis.sources import REGISTRY, complete_tier_years

EXIT_DATA, EXIT_USAGE = 1, 2
TABLE_MAX_WIDTH = 48
#: How a figure was obtained (facts' method column; ``rule`` stands for every ``rule:<id>``).
METHODS = ("import", "manual", "reviewed", "rule")


#: where review writes its sheets unless told otherwise (git-ignored, never the repository root)
REVIEW_DIR = DATA_DIR / "interim" / "review"


class UsageError(Exception):
    """A command-line argument that cannot be used (exit status 2)."""


def _emit(frame: pd.DataFrame, fmt: str, out) -> None:
    if fmt == "csv":  # people open it in a spreadsheet: no cell is evaluated as a formula
        for_spreadsheets(frame).to_csv(out, index=False, lineterminator="\n")
        return
    if frame.empty:
        print("(no rows)", file=out)
        return
    shown = frame.astype("object").where(frame.notna(), "")
    shown = shown.map(lambda v: (str(v)[: TABLE_MAX_WIDTH - 1] + "…") if len(str(v)) > TABLE_MAX_WIDTH else v)
    print(shown.to_string(index=False), file=out)


def _check_range(option: str, value, low, high) -> None:
    """A numeric option within [low, high] (None = not given)."""
    if value is not None and not (low <= value <= high):
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        raise UsageError(f"{option} {shown}: accepted {low:g} to {high:g}")


def _check_known(value: str | None, accepted: Sequence[str], what: str, shown: int = 12) -> None:
    """Refuse a value outside ``accepted`` with close matches first, then the accepted values."""
    if value is None or value in accepted:
        return
    close = difflib.get_close_matches(value, list(accepted), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    listed = ", ".join(accepted[:shown]) + (f", … ({len(accepted)} in all)" if len(accepted) > shown else "")
    raise UsageError(f"unknown {what} {value!r}; {hint}accepted: {listed}")


def _check_choice(value: str | None, accepted: Sequence[str], what: str) -> None:
    if value is not None and value not in accepted:
        raise UsageError(f"unknown {what} {value!r}; accepted: {', '.join(accepted)}")


# --- commands -------------------------------------------------------------------------------


def cmd_build_data(args, out) -> int:
    from analysis.build import build

    counts = build(Path(args.raw), Path(args.out))
    summary = ", ".join(f"{name} {rows:,} rows" for name, rows in counts.items())
    print(f"built {args.out}: {summary}", file=out)
    return 0


def cmd_sources(args, out) -> int:
    for source in REGISTRY:
        meta = source.meta(Path(args.raw))
        citation = meta.get("citation", "")
        if isinstance(citation, list):
            citation = "\n             ".join(citation)
        print(f"{source.folder}: {meta.get('title', '')}", file=out)
        print(f"  coverage:  {meta.get('coverage', '')}", file=out)
        print(f"  licence:   {meta.get('licence', '')}", file=out)
        print(f"  citation:  {citation}", file=out)
        print(f"  url:       {meta.get('url', '')}", file=out)
        print(file=out)
    return 0


def cmd_countries(args, out) -> int:
    table = country_table()
    if args.region:
        regions = sorted(set(table["tip_region"].dropna()) | set(table["unodc_region"].dropna()))
        _check_known(args.region, regions, "region")
        table = table[
            table["tip_region"].eq(args.region).fillna(False)
            | table["unodc_region"].eq(args.region).fillna(False)
        ]
    _emit(table, args.format, out)
    return 0


def cmd_facts(args, out) -> int:
    from analysis.panel import load_facts

    iso3 = to_iso3(args.country)
    _check_choice(args.source, SOURCES, "source")
    known = indicators()["name"].tolist()
    for indicator in args.indicator or []:
        _check_choice(indicator, known, "indicator")
    facts = load_facts(args.processed)
    rows = facts[facts["iso3"] == iso3]
    if args.indicator:
        rows = rows[rows["indicator"].isin(args.indicator)]
    if args.source:
        rows = rows[rows["source"] == args.source]
    if args.method:
        _check_choice(args.method, METHODS, "method")
        extracted = rows["method"].str.startswith("rule:")
        rows = rows[extracted if args.method == "rule" else rows["method"] == args.method]
    if not args.breakdowns:
        rows = rows[rows["breakdown"] == "total"]
    rows = rows.sort_values(["source", "indicator", "scope", "reference_year", "report_year"])
    _emit(rows, args.format, out)
    return 0


def cmd_tiers(args, out) -> int:
    from analysis.panel import load_tiers
    from analysis.tiers import conflicts

    chosen = load_tiers(args.processed)
    iso3 = to_iso3(args.country) if args.country else None
    if args.conflicts:
        rows = conflicts(load_tiers(args.processed, all_sources=True), chosen)
        if iso3:
            rows = rows[rows["iso3"] == iso3]
    elif args.all_sources:
        rows = load_tiers(args.processed, all_sources=True)
        if iso3:
            rows = rows[rows["iso3"] == iso3]
    else:
        if not iso3:
            raise UsageError("tiers: give --country NAME, or --conflicts to list disagreements")
        rows = chosen[chosen["iso3"] == iso3]
    _emit(rows, args.format, out)
    complete = complete_tier_years()
    if args.format == "table" and "report_year" in rows and not rows["report_year"].isin(complete).all():
        print("Note: " + caveat("partial_tier_years", complete=year_ranges(complete)), file=out)
    return 0


def _country_rows(args):
    from analysis.panel import load_facts

    iso3 = to_iso3(args.country)
    _check_choice(args.source, SOURCES, "source")
    facts = load_facts(args.processed)
    rows = facts[facts["iso3"] == iso3]
    if args.source:
        rows = rows[rows["source"] == args.source]
    return rows


def _edition(value: str, rows: pd.DataFrame | None = None):
    """``latest``, ``first`` or a report year that the rows hold (checked when rows are given)."""
    if value in ("latest", "first"):
        return value
    if not value.isdigit():
        raise UsageError(f"unknown edition {value!r}; accepted: latest, first, or a report year")
    if rows is not None:
        editions = sorted({int(y) for y in rows["report_year"].dropna()})
        if int(value) not in editions:
            raise UsageError(
                f"no edition {value} among these facts; accepted: latest, first, or one of "
                f"{year_ranges(editions) or 'none (no facts)'}"
            )
    return int(value)


def cmd_ratios(args, out) -> int:
    from analysis.enforcement import ratio_indicators, yoy_ratios

    for indicator in args.indicator or []:
        _check_choice(indicator, ratio_indicators(), "indicator")
    rows = _country_rows(args)
    breakdowns = sorted(set(rows["breakdown"].dropna()), key=lambda b: (b != "total", b))
    _check_known(args.breakdown, breakdowns, "breakdown")
    _check_range("--max-gap", args.max_gap, 1, 100)
    table = yoy_ratios(
        rows,
        indicators=args.indicator,
        breakdown=args.breakdown,
        edition=_edition(args.edition, rows),
        max_gap=args.max_gap,
    )
    _emit(table, args.format, out)
    return 0


def cmd_attrition(args, out) -> int:
    from analysis.enforcement import MAX_LAG, MixedSourcesError, attrition, parse_term

    _check_range("--lag", args.lag, 0, MAX_LAG)
    try:
        named = {source for source, _ in map(parse_term, (args.numerator, args.denominator)) if source}
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if args.source and named - {args.source}:
        raise UsageError(
            f"--source {args.source} contradicts --numerator {args.numerator} / --denominator "
            f"{args.denominator}; drop --source or name the same source in both"
        )
    rows = _country_rows(args)
    try:
        table = attrition(
            rows, args.numerator, args.denominator, lag=args.lag, edition=_edition(args.edition, rows)
        )
    except (MixedSourcesError, ValueError) as exc:
        raise UsageError(str(exc)) from exc
    _emit(table, args.format, out)
    return 0


def cmd_gaps(args, out) -> int:
    from analysis.panel import load_criteria
    from analysis.protection import protection_gap_counts, protection_gap_criteria

    rows = _country_rows(args)
    counts = protection_gap_counts(rows, edition=_edition(args.edition, rows))
    criteria = load_criteria(args.processed)
    criteria = criteria[criteria["iso3"] == to_iso3(args.country)]
    by_criteria = protection_gap_criteria(criteria)
    if args.kind == "counts":
        _emit(counts, args.format, out)
    elif args.kind == "criteria":
        _emit(by_criteria, args.format, out)
    else:
        if args.format == "csv":
            raise UsageError("gaps --format csv needs --kind counts or --kind criteria (two tables)")
        print("Protection gap by count (1 - assisted / identified):", file=out)
        _emit(counts, args.format, out)
        print("\nProtection gap by criteria (share of assessed criteria not met; partial = 1/2):", file=out)
        _emit(by_criteria, args.format, out)
    return 0


def cmd_report(args, out) -> int:
    from analysis.report import folders, params
    from analysis.report import run as reports

    notebooks = args.notebook or ["country_report"]
    parameters: dict = {}
    try:
        _check_range("--jobs", args.jobs, 1, 256)
        _check_range("--timeout", args.timeout, 1, 7 * 24 * 3600)
        _check_range("--keep-last", args.keep_last, 1, 10_000)
        for item in args.param or []:
            key, value = params.parse_param(item)
            parameters[key] = value
        if args.formats is not None:
            parameters["formats"] = [f.strip() for f in args.formats.split(",") if f.strip()]
        if isinstance(parameters.get("figures_dir"), str) and parameters["figures_dir"].strip():
            parameters["figures_dir"] = str(
                Path(parameters["figures_dir"]).resolve()
            )  # from the current folder
        if "country" in parameters:
            raise UsageError("give countries with --country NAME (repeatable) or --all, not --param country=")
        known = set().union(*(params.SCHEMAS[n] for n in notebooks))
        unknown = sorted(set(parameters) - known)
        if unknown:  # a key no chosen notebook accepts
            params.validate_parameters(notebooks[0], {k: parameters[k] for k in unknown})
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
        cancelled = [r["label"] for r in records if r["status"] == "cancelled"]
        name = signal.Signals(batch.signal).name
        print(
            f"cancelled by {name}: {len(cancelled)} of {len(records)} reports cancelled "
            f"({', '.join(cancelled[:10])}{', …' if len(cancelled) > 10 else ''}); summary {summary}",
            file=sys.stderr,
        )
        return 128 + batch.signal
    if args.keep_last:
        pruned = folders.prune(run.path.parent, args.keep_last, current=run.path)
        if pruned.removed and not args.quiet:
            print(
                f"pruned {len(pruned.removed)} older run(s): {', '.join(p.name for p in pruned.removed)}",
                file=out,
            )
        if pruned.left_unfinished and not args.quiet:
            print(
                f"kept {len(pruned.left_unfinished)} run(s) in progress or never finished: "
                f"{', '.join(p.name for p in pruned.left_unfinished)}",
                file=out,
            )
    failed = [r for r in records if r["status"] != "ok"]
    # the one-line result is printed even with --quiet: a cron mail says where the run went
    print(f"{len(records) - len(failed)} of {len(records)} reports ok; run folder {run.path}", file=out)
    if not args.quiet:
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
        _check_choice(fmt, FIGURE_FORMATS, "figure format")
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


def cmd_ingest(args, out) -> int:
    from analysis.extract.ingest import ingest, report_tables, save, summary, web_url

    if args.report_year is not None:
        _check_range("--report-year", args.report_year, 2001, datetime.now(UTC).year + 1)
    if args.country:
        to_iso3(args.country)  # an unknown name is a usage error, with close matches
    if args.url is not None and web_url(args.url) is None:
        raise UsageError(f"--url {args.url!r}: give an http(s) address, such as https://www.state.gov/…")
    result = ingest(args.paths, args.country, args.report_year, url=args.url)
    if result.documents:
        documents, extracted = save(
            result, Path(args.raw), replace=args.replace, keep_existing=args.keep_existing
        )
        for line in [*summary(result), *report_tables(result)]:
            print(line, file=out)
        print(
            f"{len(result.documents)} documents, {len(result.extracted)} figures: {documents} and "
            f"{extracted}",
            file=out,
        )
        if result.documents:
            first = result.documents[0]
            print(
                "next: `make data` builds the panel with these figures; `python -m analysis review "
                f"--country {first['iso3']} --report-year {first['report_year']}` lists them to check",
                file=out,
            )
    for note in result.notes:  # what was decided or left out on purpose, said once
        print(f"note: {note}", file=out)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    return EXIT_DATA if result.errors else 0


def cmd_review(args, out) -> int:
    from analysis.extract.coded_sheet import KINDS, apply_coded_sheet, coded_sheet, kind_of_sheet
    from analysis.extract.sheet import ReviewError, apply_sheet, sheet

    if args.apply:
        if not Path(args.apply).is_file():
            raise UsageError(f"{args.apply}: no such sheet; give the CSV that review wrote")
        try:
            kind = kind_of_sheet(Path(args.apply))
            if kind is not None:
                counts = apply_coded_sheet(kind, Path(args.apply), Path(args.raw))
                print(
                    f"applied {args.apply}: {counts['accept']} accepted and {counts['correct']} corrected "
                    f"{kind.name} codes are now curated (method reviewed); run `make data`",
                    file=out,
                )
                return 0
            counts = apply_sheet(Path(args.apply), Path(args.raw))
        except ReviewError as exc:
            raise UsageError(str(exc)) from exc
        print(
            f"applied {args.apply}: {counts['accept']} accepted and {counts['correct']} corrected rows are "
            f"now curated (method reviewed), {counts['reject']} rejected; run `make data`",
            file=out,
        )
        return 0
    if not args.country or args.report_year is None:
        raise UsageError("review: give --country NAME --report-year YEAR, or --apply SHEET")
    kind = KINDS["criteria"] if args.criteria else KINDS["followthrough"] if args.followthrough else None
    if kind is not None:
        table = coded_sheet(kind, args.country, args.report_year, Path(args.raw))
        if table.empty:
            raise UsageError(
                f"no coded {kind.name} for {args.country} {args.report_year}; ingest its narrative first"
            )
        name = f"review-{kind.name}-{to_iso3(args.country)}-{args.report_year}.csv"
        target = _write_sheet(Path(args.out) if args.out else REVIEW_DIR / name, table, args.force)
        print(
            f"{len(table)} {kind.name} codes to review in {target}: fill 'decision' (accept, or correct "
            f"after editing status), then python -m analysis review --apply {target}",
            file=out,
        )
        return 0
    table = sheet(args.country, args.report_year, Path(args.raw))
    if table.empty:
        raise UsageError(
            f"no extracted figures for {args.country} {args.report_year}; ingest its narrative first"
        )
    name = f"review-{to_iso3(args.country)}-{args.report_year}.csv"
    target = _write_sheet(Path(args.out) if args.out else REVIEW_DIR / name, table, args.force)
    print(
        f"{len(table)} figures to review in {target}: fill 'decision' (accept, correct, reject), then "
        f"python -m analysis review --apply {target}",
        file=out,
    )
    return 0


def _write_sheet(target: Path, table: pd.DataFrame, force: bool) -> Path:
    """Write a review sheet, safe to open in a spreadsheet; never over a sheet with decisions in
    it unless ``force`` (the user's work would be lost)."""
    from analysis.rawio import read_raw_csv

    target = target.resolve()
    if target.exists() and not force:
        try:
            decided = read_raw_csv(target, edited=True).get("decision", pd.Series(dtype="string"))
        except RawDataError:
            decided = pd.Series(["?"])  # not a sheet we can read: keep it all the same
        if decided.fillna("").str.strip().ne("").any():
            raise UsageError(
                f"{target} has decisions in it; apply it first (review --apply), give another --out, "
                "or --force to overwrite it"
            )
    write_atomic(target, frame_to_csv_bytes(for_spreadsheets(table)))
    return target


def _narrative_texts(args):
    """(path, text, report year) of every narrative in ``args.files``, read as ``ingest`` reads them.

    Checks ``--country`` and ``--report-year`` first; a file that cannot be read, or a text with
    no country and no ``--country``, is a usage error naming the file.
    """
    from analysis.extract import ExtractError, read_text_file
    from analysis.extract.document import read_document
    from analysis.extract.readers import ReadError, read_html, read_pdf

    if args.country:
        to_iso3(args.country)  # an unknown name: exit 2 with close matches
    if args.report_year is not None:
        _check_range("--report-year", args.report_year, 2001, datetime.now(UTC).year + 1)
    for name in args.files:
        path = Path(name)
        try:  # PDFs and saved pages are read as ingest reads them
            if path.suffix.lower() == ".pdf":
                parts, problems = read_pdf(path, args.report_year)
                for problem in problems:  # e.g. a heading naming no known country: that part is left out
                    kind = "note" if problem.startswith("note: ") else "warning"
                    print(f"{kind}: {problem.removeprefix('note: ')}", file=sys.stderr)
                texts = [(p.text, p.report_year) for p in parts]
            elif path.suffix.lower() in (".html", ".htm"):
                texts = [(read_html(path), None)]
            else:
                texts = [(read_text_file(path), None)]
        except (ExtractError, ReadError) as exc:
            raise UsageError(str(exc)) from exc
        for text, year in texts:
            if read_document(text, args.country, args.report_year or year).iso3 is None:
                raise UsageError(
                    f"{path}: no country found (no 'COUNTRY: Tier N' heading or '# COUNTRY | TIP "
                    "Report YEAR' header); give --country NAME"
                )
            yield path, text, args.report_year or year


def _write_records(table: pd.DataFrame, fmt: str, out) -> None:
    if fmt == "json":
        out.write(table.to_json(orient="records", indent=1, force_ascii=False) + "\n")
    else:
        _emit(table, "csv", out)


def cmd_extract(args, out) -> int:
    from analysis.extract import COLUMNS, extract_texts
    from analysis.extract.review import mark_against

    narratives = ((str(path), text, args.country, year) for path, text, year in _narrative_texts(args))
    table = extract_texts(narratives, key="path")
    columns = list(COLUMNS)
    if args.against:
        table = mark_against(table, Path(args.against))
        columns.append("status")
    _write_records(table[columns], args.format, out)
    return 0


def cmd_criteria(args, out) -> int:
    from analysis.extract.criteria import CRITERIA_COLUMNS, code_text, coverage_note

    frames = []
    for path, text, year in _narrative_texts(args):
        codes = code_text(text, args.country, year)
        note = coverage_note(codes, text, args.country, year)
        if note:
            print(f"note: {path}: {note}", file=sys.stderr)
        frames.append(codes)
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CRITERIA_COLUMNS)
    _write_records(table, args.format, out)
    return 0


def cmd_followthrough(args, out) -> int:
    from analysis.extract.followthrough import FOLLOWTHROUGH_COLUMNS, FollowThroughError, follow_through

    if args.files:
        if len(args.files) != 2:
            raise UsageError("followthrough: give two narratives, FILE_Y then FILE_Y1 (or --country alone)")
        docs = []
        from analysis.extract.document import read_document

        for path, text, year in _narrative_texts(args):
            doc = read_document(text, args.country, year)
            if doc.report_year is None:
                raise UsageError(
                    f"{path}: no report edition found in the text; name it in the text or the file"
                )
            docs.append(doc)
        if len(docs) != 2:
            raise UsageError(
                "followthrough: each FILE must hold one narrative (a whole-report PDF holds many)"
            )
        try:
            facts = _load_facts_or_none(args.processed)
            table = follow_through(docs[0], docs[1], facts, allow_gap=args.allow_gap)
        except FollowThroughError as exc:
            raise UsageError(str(exc)) from exc
        if table.empty:
            print(f"note: {args.files[0]}: no recommendations found: no rows", file=sys.stderr)
        _write_records(table[FOLLOWTHROUGH_COLUMNS], args.format, out)
        return 0
    if not args.country:
        raise UsageError("followthrough: give FILE_Y FILE_Y1, or --country NAME for the ingested narratives")
    from analysis.panel import load_followthrough

    iso3 = to_iso3(args.country)
    latest = datetime.now(UTC).year + 1
    _check_range("--from", args.year_from, 2001, latest)
    _check_range("--to", args.year_to, 2001, latest)
    if args.year_from is not None and args.year_to is not None and args.year_from >= args.year_to:
        raise UsageError(
            f"--from {args.year_from} --to {args.year_to}: --from names the earlier edition "
            "(e.g. --from 2018 --to 2025)"
        )
    table = load_followthrough(args.processed)
    table = table[table["iso3"] == iso3]
    if args.year_from is not None:
        table = table[table["year_from"] >= args.year_from]
    if args.year_to is not None:
        table = table[table["year_to"] <= args.year_to]
    if table.empty:
        print(
            f"note: no follow-through for {canonical_name(iso3)} in these years: ingest consecutive editions "
            "of its narrative (python -m analysis ingest), then make data",
            file=sys.stderr,
        )
    lone = _editions_without_next(iso3, args.year_from, args.year_to)
    if lone:
        print(
            f"note: no next edition ingested for {canonical_name(iso3)} {', '.join(map(str, lone))}: their "
            "recommendations have no follow-through rows",
            file=sys.stderr,
        )
    _write_records(table.drop(columns=["document_from", "document_to"]), args.format, out)
    return 0


def _editions_without_next(iso3: str, first: int | None, last: int | None) -> list[int]:
    """Ingested editions of a country whose next edition is not ingested (within the years asked)."""
    from analysis.paths import RAW_DIR

    path = RAW_DIR / "tip_narratives" / "documents.csv"
    if not path.exists():
        return []
    documents = pd.read_csv(path, dtype={"report_year": "Int64"})
    years = set(documents.loc[documents["iso3"] == iso3, "report_year"].dropna().astype(int))
    return sorted(
        y
        for y in years
        if y + 1 not in years and (first is None or y >= first) and (last is None or y + 1 <= last)
    )


def _offsets(start, end, missing: str = "-", prefix: str = "") -> str:
    """Character offsets as the evaluate commands print them: 'start-end', or ``missing``."""
    return missing if pd.isna(start) else f"{prefix}{start}-{end}"


def _three_decimals(frame: pd.DataFrame, columns: list[str]) -> None:
    """Scores as printed by the evaluate commands: three decimals, blank when undefined."""
    for column in columns:
        frame[column] = frame[column].map(lambda v: "" if pd.isna(v) else f"{v:.3f}")


def _load_facts_or_none(processed):
    """The panel's facts for the direction of enforcement figures, or None when not built."""
    from analysis.panel import load_facts

    try:
        return load_facts(processed)
    except (FileNotFoundError, RuntimeError):
        return None


def cmd_evaluate_followthrough(args, out) -> int:
    from analysis.extract.followthrough_eval import GoldError, evaluate_followthrough

    try:
        result = evaluate_followthrough(Path(args.gold), Path(args.corpus) if args.corpus else None)
    except GoldError as exc:
        raise UsageError(str(exc)) from exc
    overall = result.overall.copy()
    _three_decimals(overall, ["value"])
    print("Follow-through against the gold codes:", file=out)
    print(overall.to_string(index=False), file=out)
    print("\nConfusion over matched items (rows gold, columns coded):", file=out)
    print(result.confusion.to_string(), file=out)
    if args.by_country:
        countries = result.by_country()
        _three_decimals(countries, ["found", "extra", "agreement"])
        print("\nPer country:", file=out)
        print(countries.to_string(index=False), file=out)
    if args.details:
        pairs = result.pairs
        wrong = pairs[(pairs["gold"] != pairs["coded"])]
        print(
            f"\nDisagreements, misses and extra items ({len(wrong)}; offsets are characters in the files):",
            file=out,
        )
        for row in wrong.itertuples():
            item = _offsets(row.start, row.end, "missed", "item ")
            evidence = _offsets(row.evidence_start, row.evidence_end)
            gold = "extra (no gold item)" if pd.isna(row.gold) else f"gold item {int(row.item_no)} {row.gold}"
            print(
                f"  {row.file_from} {gold}; coded {row.coded or '-'} ({item}, evidence {evidence}, rule "
                f"{row.rule or '-'})",
                file=out,
            )
    return 0


def cmd_evaluate_criteria(args, out) -> int:
    from analysis.extract.criteria_eval import GoldError, evaluate_criteria

    try:
        result = evaluate_criteria(Path(args.gold), Path(args.corpus) if args.corpus else None)
    except GoldError as exc:
        raise UsageError(str(exc)) from exc
    overall = result.overall.copy()
    _three_decimals(overall, ["agreement", "kappa"])
    print("Agreement with the gold codes (assessed: gold is not not_reported):", file=out)
    print(overall.to_string(index=False), file=out)
    per = result.per_criterion.copy()
    _three_decimals(per, ["agreement", "assessed_agreement"])
    print("\nPer criterion:", file=out)
    print(per.to_string(index=False), file=out)
    print("\nConfusion (rows gold, columns coded):", file=out)
    print(result.confusion.to_string(), file=out)
    if args.by_country:
        countries = result.by_country()
        _three_decimals(countries, ["agreement", "assessed_agreement"])
        print("\nPer country:", file=out)
        print(countries.to_string(index=False), file=out)
    if args.details:
        wrong = result.pairs[result.pairs["gold"] != result.pairs["coded"]]
        print(f"\nDisagreements ({len(wrong)}; offsets are characters in the file):", file=out)
        for row in wrong.itertuples():
            gold_at = _offsets(row.gold_start, row.gold_end, "no evidence located")
            coded_at = _offsets(row.coded_start, row.coded_end)
            print(
                f"  {row.file} {row.criterion}: gold {row.gold} (sentence {gold_at}), coded {row.coded} "
                f"(sentence {coded_at}, rule {row.rule if isinstance(row.rule, str) else '-'})",
                file=out,
            )
    return 0


def cmd_evaluate_extractor(args, out) -> int:
    from analysis.extract.evaluate import evaluate

    corpus = Path(args.corpus)
    if not (corpus / "labels.csv").exists():
        raise UsageError(f"{corpus}: no labels.csv here; give the corpus folder (e.g. ../shared/corpus)")
    result = evaluate(corpus)
    scores = result.scores.copy()
    _three_decimals(scores, ["precision", "recall", "f1"])
    print(scores.to_string(index=False), file=out)
    if args.by_country:
        countries = result.by_country.copy()
        _three_decimals(countries, ["precision", "recall", "f1"])
        print("\nPer country (core indicators):", file=out)
        print(countries.to_string(index=False), file=out)
    if args.details:
        print("\nMisses (labels not found):", file=out)
        for row in result.misses.itertuples():
            print(
                f"  {row.country} {row.report_year} {row.indicator} = {row.value} (ref "
                f"{row.reference_year}): "
                f"{row.evidence}",
                file=out,
            )
        print("\nFalse positives (predictions matching no label):", file=out)
        for row in result.false_positives.itertuples():
            print(
                f"  {row.file} {row.indicator} = {row.value:g} (ref {row.reference_year}, {row.method}): "
                f"{row.evidence}",
                file=out,
            )
    overall = result.overall()
    if args.min_precision is not None and not overall["precision"] >= args.min_precision:
        print(f"precision {overall['precision']:.3f} is below {args.min_precision}", file=sys.stderr)
        return EXIT_DATA
    if args.min_recall is not None and not overall["recall"] >= args.min_recall:
        print(f"recall {overall['recall']:.3f} is below {args.min_recall}", file=sys.stderr)
        return EXIT_DATA
    return 0


# --- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="A sourced country-year panel of government anti-trafficking efforts.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    def fmt(p: argparse.ArgumentParser, default: str = "table") -> None:
        p.add_argument(
            "--format", choices=("csv", "table"), default=default, help=f"output format (default {default})"
        )

    p = add("build-data", cmd_build_data, "rebuild data/processed/ from data/raw/")
    p.add_argument("--raw", default=str(RAW_DIR), help="raw data folder")
    p.add_argument("--out", default=str(PROCESSED_DIR), help="output folder")

    p = add("sources", cmd_sources, "each source: coverage, licence, citation")
    p.add_argument("--raw", default=str(RAW_DIR), help="raw data folder")

    p = add("countries", cmd_countries, "the country table (ISO3, name, regions)")
    p.add_argument("--region", help="only this TIP or UNODC region (e.g. 'Western Hemisphere')")
    fmt(p)

    p = add("facts", cmd_facts, "the facts of one country")
    p.add_argument("--country", required=True, help="country name or ISO3 (any spelling)")
    p.add_argument("--indicator", action="append", help="only this indicator (repeatable)")
    p.add_argument("--source", help=f"only this source ({', '.join(SOURCES)})")
    p.add_argument("--method", help="only figures obtained so: import, manual, reviewed or rule (extracted)")
    p.add_argument(
        "--breakdowns",
        action="store_true",
        help="include breakdown rows (by sex, age, citizenship); default totals only",
    )
    p.add_argument("--processed", default=None, help=argparse.SUPPRESS)
    fmt(p)

    p = add("tiers", cmd_tiers, "tier history of a country, or disagreements between sources")
    p.add_argument("--country", help="country name or ISO3")
    p.add_argument(
        "--conflicts", action="store_true", help="list country-years on which tier sources disagree"
    )
    p.add_argument(
        "--all-sources", action="store_true", help="every source's placement instead of the chosen one"
    )
    p.add_argument("--processed", default=None, help=argparse.SUPPRESS)
    fmt(p)

    def country_command(name, func, help_):
        p = add(name, func, help_)
        p.add_argument("--country", required=True, help="country name or ISO3 (any spelling)")
        p.add_argument("--source", help=f"only this source ({', '.join(SOURCES)})")
        p.add_argument(
            "--edition",
            default="latest",
            help="report edition when several report a year: latest (default), first, or a report year",
        )
        p.add_argument("--processed", default=None, help=argparse.SUPPRESS)
        fmt(p)
        return p

    p = country_command("ratios", cmd_ratios, "year-over-year ratios of a country's series")
    p.add_argument("--indicator", action="append", help="only this indicator (repeatable)")
    p.add_argument("--breakdown", default="total", help="breakdown (default total)")
    p.add_argument(
        "--max-gap",
        type=int,
        default=None,
        metavar="YEARS",
        help="leave ratios across more than YEARS years undefined (1: year-over-year only)",
    )

    p = country_command(
        "attrition", cmd_attrition, "conversion ratios numerator[t] / denominator[t - lag] (same source)"
    )
    p.add_argument("--numerator", default="convictions", help="indicator (default convictions)")
    p.add_argument("--denominator", default="prosecutions", help="indicator (default prosecutions)")
    p.add_argument("--lag", type=int, default=0, help="years between denominator and numerator")

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

    p = add(
        "ingest",
        cmd_ingest,
        "register narrative documents and extract their figures into the panel's raw data",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="narrative text files, or folders of them")
    p.add_argument("--country", help="country of the narratives (default: read from each text)")
    p.add_argument("--report-year", type=int, help="TIP Report edition (default: read from each text)")
    p.add_argument("--url", help="where the documents were read, for texts that name no source URL")
    again = p.add_mutually_exclusive_group()
    again.add_argument(
        "--replace",
        action="store_true",
        help="a text of an edition already ingested (a revised narrative) replaces the old document",
    )
    again.add_argument(
        "--keep-existing",
        action="store_true",
        help="keep the document already ingested for an edition; skip another text of it with a note",
    )
    p.add_argument("--raw", default=str(RAW_DIR), help=argparse.SUPPRESS)

    p = add("review", cmd_review, "a sheet of extracted figures to accept, correct or reject; then apply it")
    p.add_argument("--country", help="country name or ISO3")
    p.add_argument("--report-year", type=int, help="TIP Report edition")
    p.add_argument(
        "--out", help="sheet to write (default data/interim/review/review-<ISO3>-<YEAR>.csv, git-ignored)"
    )
    p.add_argument("--force", action="store_true", help="overwrite a sheet that has decisions in it")
    p.add_argument("--apply", metavar="SHEET", help="apply a filled sheet to the curated facts or criteria")
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--criteria", action="store_true", help="review the coded protection criteria instead of the figures"
    )
    what.add_argument(
        "--followthrough",
        action="store_true",
        help="review the follow-through of the edition's recommendations instead of the figures",
    )
    p.add_argument("--raw", default=str(RAW_DIR), help=argparse.SUPPRESS)

    p = add("extract", cmd_extract, "candidate facts in TIP narrative text files (for review)")
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="narratives: text (plain or corpus layout), saved pages (.html) or PDFs",
    )
    p.add_argument("--country", help="country of the narrative (default: read from the text)")
    p.add_argument("--report-year", type=int, help="TIP Report edition (default: read from the text)")
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")
    p.add_argument(
        "--against",
        metavar="FACTS_CSV",
        help="mark each row new / curated / conflict against curated facts (e.g. "
        "data/raw/tip_narratives/facts.csv)",
    )

    p = add(
        "criteria", cmd_criteria, "code the nine protection criteria of narratives, with evidence offsets"
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="narratives: text (plain or corpus layout), saved pages (.html) or PDFs",
    )
    p.add_argument("--country", help="country of the narrative (default: read from the text)")
    p.add_argument("--report-year", type=int, help="TIP Report edition (default: read from the text)")
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")

    p = add("evaluate-criteria", cmd_evaluate_criteria, "score the criteria coder against hand codes")
    p.add_argument("--gold", required=True, help="gold CSV (e.g. ../shared/gold/criteria_dev.csv)")
    p.add_argument(
        "--corpus", help="folder the gold's file paths are relative to (default: ../corpus beside the gold)"
    )
    p.add_argument(
        "--details", action="store_true", help="list every disagreement with both sentences' offsets"
    )
    p.add_argument("--by-country", action="store_true", help="agreement per country as well")

    p = add(
        "followthrough",
        cmd_followthrough,
        "did the government act on last year's recommendations? items of edition Y coded from Y+1",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="FILE_Y FILE_Y1: two editions of one narrative")
    p.add_argument("--country", help="country (default: read from the text; alone: the ingested narratives)")
    p.add_argument("--from", dest="year_from", type=int, help="with --country: first edition Y")
    p.add_argument("--to", dest="year_to", type=int, help="with --country: last edition Y+1")
    p.add_argument("--allow-gap", action="store_true", help="compare editions more than one year apart")
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")
    p.add_argument("--processed", default=None, help=argparse.SUPPRESS)
    p.add_argument("--report-year", type=int, default=None, help=argparse.SUPPRESS)

    p = add("evaluate-followthrough", cmd_evaluate_followthrough, "score follow-through against hand codes")
    p.add_argument("--gold", required=True, help="gold CSV (e.g. ../shared/gold/followthrough_dev.csv)")
    p.add_argument(
        "--corpus", help="folder the gold's file paths are relative to (default: ../corpus beside the gold)"
    )
    p.add_argument("--details", action="store_true", help="list every disagreement, miss and extra item")
    p.add_argument("--by-country", action="store_true", help="items found and agreement per country as well")

    p = add("evaluate-extractor", cmd_evaluate_extractor, "score the extractor against a labelled corpus")
    p.add_argument("--corpus", required=True, help="corpus folder with labels.csv (e.g. ../shared/corpus)")
    p.add_argument("--details", action="store_true", help="list every miss and false positive with evidence")
    p.add_argument("--by-country", action="store_true", help="scores per country as well as per indicator")
    p.add_argument("--min-precision", type=float, help="exit 1 when overall precision is below this")
    p.add_argument("--min-recall", type=float, help="exit 1 when overall recall is below this")

    p = country_command("gaps", cmd_gaps, "protection gaps: by count and by criteria")
    p.add_argument(
        "--kind",
        choices=("both", "counts", "criteria"),
        default="both",
        help="which table (csv output needs counts or criteria)",
    )
    return parser


def main(argv: Sequence[str] | None = None, out=None) -> int:
    """Run the command line; return the exit status."""
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args, out)
    except UnknownCountryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (RawDataError, SchemaError, FileNotFoundError, PanelIncompleteError, BuildOutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except BrokenPipeError:  # `python -m analysis facts … | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())

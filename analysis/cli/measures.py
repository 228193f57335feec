"""Measure commands: ratios, attrition, gaps (what the panel says about one country)."""

from __future__ import annotations

import pandas as pd

from analysis.cli.common import (
    UsageError,
    check_choice,
    check_known,
    check_range,
    country_command_adder,
    emit,
)
from analysis.countries import to_iso3
from analysis.report.text import year_ranges
from analysis.schema import SOURCES


def _country_rows(args):
    from analysis.panel import load_facts

    iso3 = to_iso3(args.country)
    check_choice(args.source, SOURCES, "source")
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
        check_choice(indicator, ratio_indicators(), "indicator")
    rows = _country_rows(args)
    breakdowns = sorted(set(rows["breakdown"].dropna()), key=lambda b: (b != "total", b))
    check_known(args.breakdown, breakdowns, "breakdown")
    check_range("--max-gap", args.max_gap, 1, 100)
    table = yoy_ratios(
        rows,
        indicators=args.indicator,
        breakdown=args.breakdown,
        edition=_edition(args.edition, rows),
        max_gap=args.max_gap,
    )
    emit(table, args.format, out)
    return 0


def cmd_attrition(args, out) -> int:
    from analysis.enforcement import MAX_LAG, MixedSourcesError, attrition, parse_term

    check_range("--lag", args.lag, 0, MAX_LAG)
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
    emit(table, args.format, out)
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
        emit(counts, args.format, out)
    elif args.kind == "criteria":
        emit(by_criteria, args.format, out)
    else:
        if args.format == "csv":
            raise UsageError("gaps --format csv needs --kind counts or --kind criteria (two tables)")
        print("Protection gap by count (1 - assisted / identified):", file=out)
        emit(counts, args.format, out)
        print("\nProtection gap by criteria (share of assessed criteria not met; partial = 1/2):", file=out)
        emit(by_criteria, args.format, out)
    return 0


def register(sub) -> None:
    """Add this group's commands to the parser."""
    country_command = country_command_adder(sub)
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

    p = country_command("gaps", cmd_gaps, "protection gaps: by count and by criteria")
    p.add_argument(
        "--kind",
        choices=("both", "counts", "criteria"),
        default="both",
        help="which table (csv output needs counts or criteria)",
    )

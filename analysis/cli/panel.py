"""Panel commands: build-data, sources, countries, facts, tiers (the data and what it holds)."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.caveats import caveat
from analysis.cli.common import (
    METHODS,
    UsageError,
    check_choice,
    command_adder,
    country_options,
    emit,
    fmt,
)
from analysis.countries import UnknownRegionError, country_table, in_region, to_iso3
from analysis.paths import PROCESSED_DIR, RAW_DIR
from analysis.report.text import year_ranges
from analysis.schema import SOURCES, indicators
from analysis.sources import REGISTRY, complete_tier_years


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
        try:
            table = table.loc[in_region(args.region).index]
        except UnknownRegionError as exc:
            raise UsageError(str(exc)) from None
    emit(table, args.format, out)
    return 0


def cmd_facts(args, out) -> int:
    from analysis.panel import load_facts

    iso3 = to_iso3(args.country)
    check_choice(args.source, SOURCES, "source")
    known = indicators()["name"].tolist()
    for indicator in args.indicator or []:
        check_choice(indicator, known, "indicator")
    facts = load_facts(args.processed)
    rows = facts[facts["iso3"] == iso3]
    if args.indicator:
        rows = rows[rows["indicator"].isin(args.indicator)]
    if args.source:
        rows = rows[rows["source"] == args.source]
    if args.method:
        check_choice(args.method, METHODS, "method")
        extracted = rows["method"].str.startswith("rule:")
        rows = rows[extracted if args.method == "rule" else rows["method"] == args.method]
    if not args.breakdowns:
        rows = rows[rows["breakdown"] == "total"]
    rows = rows.sort_values(["source", "indicator", "scope", "reference_year", "report_year"])
    emit(rows, args.format, out)
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
    emit(rows, args.format, out)
    complete = complete_tier_years()
    if args.format == "table" and "report_year" in rows and not rows["report_year"].isin(complete).all():
        print("Note: " + caveat("partial_tier_years", complete=year_ranges(complete)), file=out)
    return 0


def register(sub) -> None:
    """Add this group's commands to the parser."""
    add = command_adder(sub)
    p = add("build-data", cmd_build_data, "rebuild data/processed/ from data/raw/")
    p.add_argument("--raw", default=str(RAW_DIR), help="raw data folder")
    p.add_argument("--out", default=str(PROCESSED_DIR), help="output folder")

    p = add("sources", cmd_sources, "each source: coverage, licence, citation")
    p.add_argument("--raw", default=str(RAW_DIR), help="raw data folder")

    p = add("countries", cmd_countries, "the country table (ISO3, name, regions)")
    p.add_argument("--region", help="only this TIP or UNODC region (e.g. 'Western Hemisphere')")
    fmt(p)

    p = add("facts", cmd_facts, "the facts of one country")
    country_options(p)
    p.add_argument("--indicator", action="append", help="only this indicator (repeatable)")
    p.add_argument("--method", help="only figures obtained so: import, manual, reviewed or rule (extracted)")
    p.add_argument(
        "--breakdowns",
        action="store_true",
        help="include breakdown rows (by sex, age, citizenship); default totals only",
    )
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

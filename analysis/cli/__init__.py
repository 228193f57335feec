"""Command line: ``python -m analysis <command>``.

Commands, one module per layer of what they run (each command defined next to its options):
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
import sys
from collections.abc import Sequence

from analysis.build import BuildOutputError
from analysis.cli import extract, measures, panel, report
from analysis.cli.common import EXIT_DATA, EXIT_USAGE, UsageError
from analysis.countries import UnknownCountryError
from analysis.panel import PanelIncompleteError
from analysis.rawio import RawDataError
from analysis.schema import SchemaError

__all__ = ["EXIT_DATA", "EXIT_USAGE", "UsageError", "build_parser", "main"]

#: the command groups, in the order `python -m analysis --help` lists them
GROUPS = (panel, measures, report, extract)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="A sourced country-year panel of government anti-trafficking efforts.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(sub)
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

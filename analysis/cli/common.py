"""What every command shares: exit codes, the usage error, output, argument checks and the
options several commands take (country, source, edition, format), each defined once."""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Sequence

import pandas as pd

from analysis.paths import DATA_DIR
from analysis.rawio import for_spreadsheets
from analysis.schema import SOURCES

EXIT_DATA, EXIT_USAGE = 1, 2
TABLE_MAX_WIDTH = 48
#: How a figure was obtained (facts' method column; ``rule`` stands for every ``rule:<id>``).
METHODS = ("import", "manual", "reviewed", "rule")
#: where review writes its sheets unless told otherwise (git-ignored, never the repository root)
REVIEW_DIR = DATA_DIR / "interim" / "review"


class UsageError(Exception):
    """A command-line argument that cannot be used (exit status 2)."""


def emit(frame: pd.DataFrame, fmt: str, out) -> None:
    if fmt == "csv":  # people open it in a spreadsheet: no cell is evaluated as a formula
        for_spreadsheets(frame).to_csv(out, index=False, lineterminator="\n")
        return
    if frame.empty:
        print("(no rows)", file=out)
        return
    shown = frame.astype("object").where(frame.notna(), "")
    shown = shown.map(lambda v: (str(v)[: TABLE_MAX_WIDTH - 1] + "…") if len(str(v)) > TABLE_MAX_WIDTH else v)
    print(shown.to_string(index=False), file=out)


def check_range(option: str, value, low, high) -> None:
    """A numeric option within [low, high] (None = not given)."""
    if value is not None and not (low <= value <= high):
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        raise UsageError(f"{option} {shown}: accepted {low:g} to {high:g}")


def check_known(value: str | None, accepted: Sequence[str], what: str, shown: int = 12) -> None:
    """Refuse a value outside ``accepted`` with close matches first, then the accepted values."""
    if value is None or value in accepted:
        return
    close = difflib.get_close_matches(value, list(accepted), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    listed = ", ".join(accepted[:shown]) + (f", … ({len(accepted)} in all)" if len(accepted) > shown else "")
    raise UsageError(f"unknown {what} {value!r}; {hint}accepted: {listed}")


def check_choice(value: str | None, accepted: Sequence[str], what: str) -> None:
    if value is not None and value not in accepted:
        raise UsageError(f"unknown {what} {value!r}; accepted: {', '.join(accepted)}")


def fmt(p: argparse.ArgumentParser, default: str = "table") -> None:
    """The --format option (csv or table)."""
    p.add_argument(
        "--format", choices=("csv", "table"), default=default, help=f"output format (default {default})"
    )


def country_options(p: argparse.ArgumentParser) -> None:
    """--country (one, required), --source and the hidden --processed folder (tests)."""
    p.add_argument("--country", required=True, help="country name or ISO3 (any spelling)")
    p.add_argument("--source", help=f"only this source ({', '.join(SOURCES)})")
    p.add_argument("--processed", default=None, help=argparse.SUPPRESS)


def command_adder(sub):
    """``add(name, func, help)``: a subcommand that runs ``func(args, out)``."""

    def add(name: str, func, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    return add


def country_command_adder(sub):
    """``country_command(name, func, help)``: a subcommand about one country, with the options
    such commands share (--country, --source, --edition, --format)."""
    add = command_adder(sub)

    def country_command(name: str, func, help_: str) -> argparse.ArgumentParser:
        p = add(name, func, help_)
        country_options(p)
        p.add_argument(
            "--edition",
            default="latest",
            help="report edition when several report a year: latest (default), first, or a report year",
        )
        fmt(p)
        return p

    return country_command

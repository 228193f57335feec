"""The command line by layer: each command is defined in the module of what it runs, next to its
options, and the options several commands share are defined once (analysis.cli.common)."""

import argparse

from analysis.cli import GROUPS, build_parser, common, extract, measures, panel, report


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_runs_a_function_of_its_own_group_module():
    assert (panel, measures, report, extract) == GROUPS
    commands = _subparsers(build_parser())
    owners = {}
    for group in GROUPS:
        parser = argparse.ArgumentParser()
        group.register(parser.add_subparsers())
        for name, sub in _subparsers(parser).items():
            func = sub.get_default("func")
            assert func.__module__ == group.__name__, (name, func.__module__)
            owners[name] = group.__name__.rsplit(".", 1)[1]
    assert sorted(owners) == sorted(commands)  # one group each, none left out
    assert owners["facts"] == "panel" and owners["gaps"] == "measures"
    assert owners["compare"] == "report" and owners["evaluate-extractor"] == "extract"


def test_country_commands_share_one_definition_of_their_options():
    commands = _subparsers(build_parser())

    def options(name: str) -> dict:
        return {
            a.dest: (a.required, a.default, a.help)
            for a in commands[name]._actions
            if a.dest in ("country", "source", "edition", "format")
        }

    assert options("ratios") == options("attrition") == options("gaps")
    assert set(options("ratios")) == {"country", "source", "edition", "format"}
    fmt_parser = argparse.ArgumentParser()
    common.fmt(fmt_parser)
    assert options("facts")["format"] == (False, "table", "output format (default table)")
    assert fmt_parser.parse_args([]).format == "table"

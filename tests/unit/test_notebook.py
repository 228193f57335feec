"""analysis.report.notebook: a section shown in a notebook writes its figure files (or removes stale ones)."""

import json

from analysis import plots
from analysis.report.headline import HEADLINE_KEY, read_headline
from analysis.report.notebook import ReportOutput
from analysis.report.section import Section


def _figure():
    fig, axes = plots.new_figure()
    axes[0, 0].plot([2010, 2011], [1, 2])
    axes[0, 0].set_xlabel("Year")
    axes[0, 0].set_ylabel("Count")
    return fig


def test_show_writes_the_figure_and_its_sidecar_then_removes_it_when_there_is_nothing_to_draw(tmp_path):
    out = ReportOutput("PER", str(tmp_path), ["png"], {"country": "Peru"})
    out.show(Section("demo", "Some computed prose.", _figure()))
    assert sorted(p.name for p in (tmp_path / "PER").iterdir()) == ["demo.json", "demo.png"]
    assert json.loads((tmp_path / "PER" / "demo.json").read_text())["parameters"] == {"country": "Peru"}
    out.show(Section("demo", "Nothing to draw for these years."))
    assert not list((tmp_path / "PER").iterdir())


def test_headline_round_trip_through_output_metadata(capsys):
    ReportOutput().record_headline({"tier": "2"})
    notebook = {"cells": [{"outputs": [{"metadata": {HEADLINE_KEY: {"tier": "2"}}}]}]}
    assert read_headline(notebook) == {"tier": "2"}
    assert read_headline({"cells": [{"outputs": []}]}) is None

"""The committed figures (figures/PER, figures/global) are what the code draws today, byte for
byte: a change that moves a pixel or a value of a figure's data shows here (regenerate them with
`make report` and look at them before committing), and a refactoring that should change nothing
is checked by it."""

import subprocess
import sys

import pytest

from analysis.paths import FIGURES_DIR, ROOT


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "figures",
            "--country",
            "Peru",
            "--world",
            "--formats",
            "png,svg",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("folder", ["PER", "global"])
def test_committed_figures_and_their_data_equal_what_the_code_draws(drawn, folder):
    committed = {p.name: p for p in (FIGURES_DIR / folder).iterdir() if p.suffix in (".png", ".svg", ".csv")}
    fresh = {p.name: p for p in (drawn / folder).iterdir() if p.suffix in (".png", ".svg", ".csv")}
    assert sorted(fresh) == sorted(committed), "run `make report` and commit figures/"
    differ = [name for name in sorted(fresh) if fresh[name].read_bytes() != committed[name].read_bytes()]
    assert not differ, f"{differ} differ from what the code draws: run `make report`, look, commit"

"""Shared fixtures: paths, the built panel, and a scratch copy of data/raw."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from analysis.paths import CORPUS_DIR, RAW_DIR, WORLD_CORPUS_DIR

# Property tests: 150 examples each in `make test` (CI); `make test-fast` asks for fewer.
settings.register_profile("ci", max_examples=150)
settings.register_profile("fast", max_examples=30)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def facts():
    from analysis.panel import load_facts

    return load_facts()


@pytest.fixture(scope="session")
def tiers():
    from analysis.panel import load_tiers

    return load_tiers()


@pytest.fixture(scope="session")
def tiers_all():
    from analysis.panel import load_tiers

    return load_tiers(all_sources=True)


@pytest.fixture(scope="session")
def panel():
    """The processed panel, loaded once for every test that reads it (never modified)."""
    from analysis.panel import Panel

    return Panel.load()


@pytest.fixture(scope="session")
def drawn(panel):
    """Every figure of the Peru report and the global overview at each width, drawn once."""
    from analysis.report.country import CountryReport
    from analysis.report.global_ import GlobalReport

    out = {}
    # the world figures built from country narratives are drawn only over 10 countries or more; the
    # package's own data holds two, so the styling of those figures is checked with the bar at one
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("analysis.report.global_.MIN_WORLD_COUNTRIES", 1)
        for width in ("single", "double"):
            reports = [
                CountryReport("Peru", panel=panel, width=width),
                GlobalReport(panel=panel, width=width),
            ]
            out[width] = {s.key: s for r in reports for s in r.sections()}
    return out


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A writable copy of data/raw to break on purpose."""
    target = tmp_path / "raw"
    shutil.copytree(RAW_DIR, target)
    return target


@pytest.fixture
def world_corpus_dir() -> Path:
    if not (WORLD_CORPUS_DIR / "labels.csv").exists():
        pytest.skip(
            f"real-narrative corpus not found at {WORLD_CORPUS_DIR} (../shared is not beside the repo)"
        )
    return WORLD_CORPUS_DIR


@pytest.fixture
def corpus_dir() -> Path:
    if not (CORPUS_DIR / "labels.csv").exists():
        pytest.skip(f"narrative corpus not found at {CORPUS_DIR} (../shared is not beside the repo)")
    return CORPUS_DIR

"""Report sections as modules (analysis.report.sections): one module per section, one registry line
each, and the reports are the lists of them."""

import sys
import types

import pytest

from analysis.paths import PACKAGE_DIR
from analysis.report import sections
from analysis.report.compare import CompareReport
from analysis.report.country import CountryReport
from analysis.report.global_ import GlobalReport
from analysis.report.section import Section
from analysis.report.sections.compare import (  # every comparison section module
    conversion,
    overview,
)
from analysis.report.sections.compare import tiers as compare_tiers
from analysis.report.sections.country import (  # every country section module
    at_a_glance,
    attrition,
    caveats,
    count_gaps,
    coverage,
    criteria_gap,
    enforcement,
    protection_counts,
    protection_criteria,
    recommendations,
    tier_trajectory,
)
from analysis.report.sections.world import (  # every world section module
    criteria_by_region,
    followthrough_by_theme,
    ratios,
    regions,
    tiers_per_year,
)
from analysis.report.sections.world import enforcement as world_enforcement

COUNTRY_MODULES = [
    at_a_glance,
    attrition,
    caveats,
    count_gaps,
    coverage,
    criteria_gap,
    enforcement,
    protection_counts,
    protection_criteria,
    recommendations,
    tier_trajectory,
]
COMPARE_MODULES = [overview, conversion, compare_tiers]
WORLD_MODULES = [
    criteria_by_region,
    followthrough_by_theme,
    ratios,
    regions,
    tiers_per_year,
    world_enforcement,
]


@pytest.mark.parametrize(
    ("folder", "registered", "modules"),
    [
        ("country", (*sections.COUNTRY, *sections.COUNTRY_EXTRA), COUNTRY_MODULES),
        ("world", sections.WORLD, WORLD_MODULES),
        ("compare", sections.COMPARE, COMPARE_MODULES),
    ],
)
def test_every_section_module_is_registered_once_and_builds(folder, registered, modules):
    files = {p.stem for p in (PACKAGE_DIR / "report" / "sections" / folder).glob("*.py")} - {"__init__"}
    assert files == set(registered) and len(registered) == len(set(registered))
    assert {m.__name__.rsplit(".", 1)[1] for m in modules} == files
    assert all(callable(m.build) for m in modules)


def test_a_report_is_its_list_of_sections_in_registry_order(panel):
    country = CountryReport("Peru", panel=panel)
    assert [s.key for s in country.sections()][:2] == ["yoy_headline", "enforcement"]
    assert len(country.sections()) == len(sections.COUNTRY)
    assert country.enforcement().text == country.section("enforcement").text
    world = GlobalReport(panel=panel)
    assert world.sections()[0].key == "global_enforcement"
    assert len(world.sections()) == len(sections.WORLD)
    compared = CompareReport(["Peru", "Nigeria"], panel=panel)
    assert "overview_table" not in vars(compared)  # the shared table is built when first asked for
    assert [s.key for s in compared.sections()] == ["comparison", "compare_conversion", "compare_tiers"]
    with pytest.raises(KeyError, match="accepted: at_a_glance, enforcement"):
        country.section("nope")
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = country.nope


def test_a_new_section_is_one_module_plus_one_line(panel, monkeypatch):
    toy = types.ModuleType("analysis.report.sections.country.toy")
    toy.build = lambda report: report.make_section("toy", f"{report.name} has {len(report.totals)} totals.")
    monkeypatch.setitem(sys.modules, "analysis.report.sections.country.toy", toy)
    monkeypatch.setattr(CountryReport, "SECTIONS", (*sections.COUNTRY, "toy"))
    report = CountryReport("Peru", panel=panel)
    built = report.toy()
    assert isinstance(built, Section) and built.text.startswith("Peru has ")
    assert report.sections()[-1].key == "toy"


def test_shared_data_is_selected_once_when_first_asked_for(panel):
    report = CountryReport("Peru", panel=panel)
    assert "facts" not in vars(report) and "criteria" not in vars(report)  # nothing selected yet
    first = report.facts
    assert report.facts is first and "facts" in vars(report)

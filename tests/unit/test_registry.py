"""The sources registry and the data dictionaries that replace labels, colours and caveats in code."""

import re
import sys
import types

import pandas as pd
import pytest

from analysis import registry, sources
from analysis.caveats import caveat, caveats, fields
from analysis.paths import RAW_DIR
from analysis.rawio import RawDataError
from analysis.schema import SOURCES, criterion_statuses, indicators, tier_levels

HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def test_every_raw_folder_is_registered_and_every_entry_has_a_documented_folder():
    folders = {p.name for p in RAW_DIR.iterdir() if (p / "SOURCE.yml").exists()}
    assert folders == {s.folder for s in sources.REGISTRY}
    for source in sources.REGISTRY:
        assert source.table in sources.TABLES
        assert source.meta()["licence"] and source.meta()["citation"]


def test_fact_sources_come_from_the_registry():
    assert SOURCES == ("tip_narrative", "tip_global", "unodc_glotip")
    assert sources.label("unodc_glotip") == "UNODC GLOTIP"
    assert sources.label("kelley_cho") == "Kelley (2017) coded tiers"  # a tier sub-source
    assert sources.label("nobody") == "nobody"
    with pytest.raises(KeyError, match="accepted: tip_narrative"):
        sources.get("nobody")


def test_every_indicator_has_a_label_unit_and_colour():
    table = indicators()
    assert table["label"].str.len().gt(0).all() and table["label"].is_unique
    assert table["unit"].str.len().gt(0).all()
    assert table["colour"].str.match(HEX).all()


def test_tier_levels_and_statuses_are_tables():
    assert tier_levels()["tier"].tolist() == ["1", "2", "2.5", "3", "special"]
    assert tier_levels()["colour"].str.match(HEX).all()
    assert criterion_statuses()["status"].tolist() == [
        "met",
        "partial",
        "not_met",
        "not_reported",
        "not_read",
    ]


def test_coverage_years_are_read_from_source_yml(raw_copy):
    assert sources.complete_tier_years() == frozenset(range(2001, 2016)) | {2021}
    assert sources.coverage_years("cho_3p", "score_years") == frozenset(range(2000, 2014))
    yml = raw_copy / "tiers" / "SOURCE.yml"
    yml.write_text(
        yml.read_text().replace(
            "complete_report_years: [2001-2015, 2021]", "complete_report_years: [2001-2010]"
        )
    )
    assert max(sources.complete_tier_years(raw_copy)) == 2010
    yml.write_text(
        yml.read_text().replace("complete_report_years: [2001-2010]", "complete_report_years: [soon]")
    )
    registry._source_yml.cache_clear()
    with pytest.raises(RawDataError, match="complete_report_years: 'soon' is not a year"):
        sources.complete_tier_years(raw_copy)


def test_each_caveat_is_written_once_and_filled_by_name():
    table = caveats()
    assert table["id"].is_unique and table["text"].is_unique
    assert fields("partial_tier_years") == ["complete"]
    assert "2001-2015" in caveat("partial_tier_years", complete="2001-2015")
    with pytest.raises(KeyError, match="needs complete"):
        caveat("partial_tier_years")
    with pytest.raises(KeyError, match="accepted: same_year_ratio"):
        caveat("same_year_ration")


def test_a_new_fact_source_is_one_module_and_one_registry_entry(raw_copy, monkeypatch):
    """A toy source: its module (here built in memory) and its entry; the build picks it up."""
    from analysis.build import assemble
    from analysis.schema import coerce_facts

    (raw_copy / "toy").mkdir()
    (raw_copy / "toy" / "SOURCE.yml").write_text("id: toy\ntitle: Toy\nlicence: CC0\ncitation: Toy (2026)\n")
    module = types.ModuleType("analysis.sources.toy")
    module.read_facts = lambda raw_dir: coerce_facts(
        pd.DataFrame(
            [
                {
                    "country": "Peru",
                    "iso3": "PER",
                    "source": "toy",
                    "report_year": 2026,
                    "reference_year": 2025,
                    "indicator": "convictions",
                    "scope": "all",
                    "breakdown": "total",
                    "value": 7,
                    "source_url": "https://example.org/toy",
                    "method": "import",
                }
            ]
        )
    )
    monkeypatch.setitem(sys.modules, "analysis.sources.toy", module)
    yml = raw_copy / "sources.yml"  # the registry file with one entry added
    yml.write_text(
        registry.SOURCES_YML.read_text()
        + "- id: toy\n  folder: toy\n  reader: toy:read_facts\n"
        + "  table: facts\n  label: Toy data\n  cite: Toy\n"
    )
    monkeypatch.setattr(registry, "REGISTRY", registry.read_registry(yml))
    facts = assemble(raw_copy).facts
    assert facts.loc[facts["source"] == "toy", "value"].tolist() == [7]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  colour: red\n", r"entry 6 \('toy'\): unknown \['colour'\]"),
        ("", "no error"),
    ],
)
def test_a_registry_entry_with_an_unknown_field_or_table_is_refused_by_entry(tmp_path, entry, message):
    yml = tmp_path / "sources.yml"
    toy = "- id: toy\n  folder: toy\n  reader: toy:read_facts\n  table: facts\n  label: Toy\n  cite: Toy\n"
    yml.write_text(registry.SOURCES_YML.read_text() + toy + entry)
    if message == "no error":
        assert registry.read_registry(yml)[-1].id == "toy"
        yml.write_text(registry.SOURCES_YML.read_text() + toy.replace("table: facts", "table: counts"))
        message = "unknown table 'counts'; accepted: facts, tiers, scores"
    with pytest.raises(ValueError, match=message):
        registry.read_registry(yml)


def test_the_registry_lives_below_the_schema_and_the_sources_package_shows_the_same_objects():
    """analysis.registry holds the registry (the schema reads it; the readers in analysis.sources
    import the schema): the package re-exports its names, so there is one registry."""
    import analysis.schema

    assert sources.REGISTRY is registry.REGISTRY and sources.get is registry.get
    assert tuple(s.id for s in registry.of_table("facts")) == analysis.schema.FACT_SOURCES

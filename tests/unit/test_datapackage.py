"""One column registry (analysis/data/columns.csv): the schemas and the build's datapackage.json are
read from it, and the package opens in Frictionless."""

import json

import pandas as pd
import pytest

from analysis.build import DATAPACKAGE
from analysis.paths import PROCESSED_DIR, ROOT
from analysis.schema import PROCESSED_TABLES, column_registry, table_columns


def test_every_processed_file_has_the_registrys_columns_in_order():
    for table in PROCESSED_TABLES:
        path = PROCESSED_DIR / f"{table}.csv"
        path = path if path.exists() else PROCESSED_DIR / f"{table}.csv.gz"
        header = list(pd.read_csv(path, nrows=0).columns)
        assert header == list(table_columns(table)), table
    with pytest.raises(KeyError, match="accepted: facts, tiers"):
        table_columns("documents")


def test_the_datapackage_describes_each_table_from_the_registry_and_is_valid():
    import frictionless

    path = PROCESSED_DIR / DATAPACKAGE
    package = json.loads(path.read_text())
    registry = column_registry()
    assert [r["path"].split(".")[0] for r in package["resources"]] == list(PROCESSED_TABLES)
    for resource in package["resources"]:
        table = resource["path"].split(".")[0]
        rows = registry[registry["table"] == table]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(rows["column"])
        assert [f["description"] for f in fields] == list(rows["description"])
    assert len(package["sources"]) == 5 and package["licenses"]
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["type", "message"])[:5]


def test_the_readmes_data_dictionary_lists_the_registrys_facts_columns():
    readme = (ROOT / "README.md").read_text()
    data = readme[readme.index("## The data") : readme.index("## Layout")]
    listed = data[data.index("`data/processed/facts.csv`") :].split("`", 4)[3]
    assert [c.strip() for c in listed.split(",")] == list(table_columns("facts"))
    assert "analysis/data/columns.csv" in data and "datapackage.json" in data


def test_ingest_tables_and_extractor_rows_take_their_columns_from_the_registry():
    from analysis.extract import COLUMNS, EXTRA_COLUMNS
    from analysis.paths import RAW_DIR
    from analysis.sources.tip_narratives import CRITERIA_EXTRACTED_COLUMNS, EXTRACTED_COLUMNS

    assert [*COLUMNS, *EXTRA_COLUMNS] == list(table_columns("extracted_figures"))
    for table, columns, name in (
        ("narrative_extracted", EXTRACTED_COLUMNS, "extracted.csv"),
        ("narrative_criteria_extracted", CRITERIA_EXTRACTED_COLUMNS, "criteria_extracted.csv"),
    ):
        assert list(columns) == list(table_columns(table))
        header = (RAW_DIR / "tip_narratives" / name).read_text().splitlines()[0]
        assert header.split(",") == list(columns), name

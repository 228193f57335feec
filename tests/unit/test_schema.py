import hashlib
import json

import pandas as pd
import pytest

from analysis.schema import (
    FACT_COLUMNS,
    SchemaError,
    coerce_facts,
    core_indicators,
    indicators,
    protection_criteria,
    validate_facts,
)


def _fact(**overrides):
    row = {
        "country": "Peru",
        "iso3": "PER",
        "source": "tip_narrative",
        "report_year": 2008,
        "reference_year": 2007,
        "indicator": "prosecutions",
        "scope": "all",
        "breakdown": "total",
        "value": 15,
        "value_high": None,
        "qualifier": None,
        "note": None,
        "source_url": "https://example.org",
        "method": "manual",
        "_file": "facts.csv",
        "_line": 7,
    }
    row.update(overrides)
    return coerce_facts(pd.DataFrame([row]))


def test_a_valid_fact_passes():
    frame = _fact()
    assert validate_facts(frame) is frame
    assert list(frame.columns)[: len(FACT_COLUMNS)] == list(FACT_COLUMNS)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"value": -3}, "negative count"),
        ({"value": 10, "value_high": 5}, "value_high 5.0 is below value 10.0"),
        ({"indicator": "traffickers_hugged"}, "unknown indicator 'traffickers_hugged'"),
        ({"reference_year": 1889}, "reference_year 1889 outside 1990-2030"),
        ({"report_year": 2031}, "report_year 2031 outside 1990-2030"),
        ({"scope": "organs"}, "unknown scope"),
        ({"qualifier": "roughly-ish"}, "unknown qualifier"),
        ({"method": "guess"}, "method 'guess'"),
        ({"iso3": "XXX"}, "unknown ISO3"),
        ({"breakdown": "children"}, "breakdown 'children'"),
        ({"source_url": None}, "missing source_url"),
    ],
)
def test_bad_rows_are_rejected_naming_file_and_line(overrides, message):
    with pytest.raises(SchemaError) as info:
        validate_facts(_fact(**overrides))
    assert "facts.csv, line 7" in str(info.value)
    assert message in str(info.value)


def test_zero_is_a_value_and_na_high_is_allowed():
    frame = _fact(value=0)
    validate_facts(frame)
    assert frame.at[0, "value"] == 0
    assert pd.isna(frame.at[0, "value_high"])


def test_vocabularies_are_tables():
    table = indicators()
    assert {"name", "section", "unit", "description"} <= set(table.columns)
    assert table["name"].is_unique
    assert set(core_indicators()) == {
        "tier",
        "investigations",
        "suspects_identified",
        "arrests",
        "prosecutions",
        "convictions",
        "complicity_investigations",
        "complicity_prosecutions",
        "complicity_convictions",
        "victims_identified",
        "victims_referred",
        "victims_assisted",
        "shelters",
        "budget",
    }
    assert len(protection_criteria()) == 9


def test_a_missing_column_is_named_with_the_expected_ones():
    with pytest.raises(SchemaError, match=r"facts: missing column\(s\) \['value'\]; expected \['country'"):
        validate_facts(_fact().drop(columns="value"))


def test_the_first_bad_row_is_reported_among_many():
    frame = coerce_facts(pd.concat([_fact().drop(columns=["_file", "_line"])] * 3, ignore_index=True))
    frame.loc[2, "indicator"] = "hugs"
    frame.loc[1, "value"] = -1
    with pytest.raises(SchemaError, match=r"^facts, row 2: unknown indicator 'hugs'"):  # indicators first
        validate_facts(frame)


def test_a_processed_tier_file_names_its_csv_line(tmp_path):
    from analysis.panel import load_tiers
    from analysis.paths import PROCESSED_DIR

    lines = (PROCESSED_DIR / "tiers.csv").read_text().splitlines()
    lines[5] = lines[5].replace(",2,", ",4,", 1) if ",2," in lines[5] else lines[5].replace(",1,", ",4,", 1)
    data = ("\n".join(lines) + "\n").encode()
    (tmp_path / "tiers.csv").write_bytes(data)
    manifest = {"files": {"tiers.csv": hashlib.sha256(data).hexdigest()}}  # as a build would write it
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SchemaError, match=r"tiers.csv, line 6: tier '4'; accepted: 1, 2, 2.5, 3, special"):
        load_tiers(tmp_path)

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
        "country": "Peru", "iso3": "PER", "source": "tip_narrative", "report_year": 2008,
        "reference_year": 2007, "indicator": "prosecutions", "scope": "all",
        "breakdown": "total", "value": 15, "value_high": None, "qualifier": None,
        "note": None, "source_url": "https://example.org", "method": "manual",
        "_file": "facts.csv", "_line": 7,
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
        "tier", "investigations", "suspects_identified", "arrests", "prosecutions",
        "convictions", "complicity_investigations", "complicity_prosecutions",
        "complicity_convictions", "victims_identified", "victims_referred",
        "victims_assisted", "shelters", "budget",
    }
    assert len(protection_criteria()) == 9

import pandas as pd
import pytest

from analysis.protection import (
    COUNT_COLUMNS,
    criteria_changes,
    protection_gap_counts,
    protection_gap_criteria,
)
from analysis.schema import SchemaError
from tests.helpers import make_facts


def _criteria(statuses: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "country": "Peru",
                "iso3": "PER",
                "report_year": 2008,
                "criterion": c,
                "status": s,
                "evidence_ref": None if s == "not_reported" else "protection:s1",
                "source_url": "https://example.org",
                "method": "manual",
                "note": None,
            }
            for c, s in statuses.items()
        ]
    ).astype({"report_year": "Int64"})


def test_founding_criteria_gap_is_0_8125():
    from analysis.panel import load_criteria

    criteria = load_criteria()
    gap = protection_gap_criteria(criteria[(criteria["iso3"] == "PER") & (criteria["report_year"] == 2008)])
    row = gap.iloc[0]
    assert row["gap"] == pytest.approx(6.5 / 8) == 0.8125
    assert (row["n_assessed"], row["n_met"], row["n_partial"], row["n_not_met"], row["n_not_reported"]) == (
        8,
        1,
        1,
        6,
        1,
    )
    assert row["unmet"].startswith("identification_procedures; specialized_services")
    assert "referral_mechanism (partial)" in row["unmet"]
    assert "non_penalization" not in row["unmet"] and "foreign_victim_relief" not in row["unmet"]


def test_criteria_gap_counts_only_assessed_criteria():
    gap = protection_gap_criteria(
        _criteria({"identification_procedures": "met", "referral_mechanism": "not_reported"})
    )
    assert gap.iloc[0]["gap"] == 0 and gap.iloc[0]["n_assessed"] == 1
    none = protection_gap_criteria(_criteria({"identification_procedures": "not_reported"}))
    assert pd.isna(none.iloc[0]["gap"])


def test_criteria_table_is_validated():
    with pytest.raises(SchemaError, match="unknown status 'mostly'"):
        protection_gap_criteria(_criteria({"identification_procedures": "mostly"}))
    with pytest.raises(SchemaError, match="unknown criterion 'hugs'"):
        protection_gap_criteria(_criteria({"hugs": "met"}))


def test_count_gap_and_its_na_rules():
    facts = make_facts(
        [
            {"reference_year": 2020, "indicator": "victims_identified", "value": 200},
            {"reference_year": 2020, "indicator": "victims_assisted", "value": 50},
            {"reference_year": 2020, "indicator": "victims_referred", "value": 150},
            {"reference_year": 2021, "indicator": "victims_identified", "value": 100},
            {"reference_year": 2022, "indicator": "victims_identified", "value": 10},
            {"reference_year": 2022, "indicator": "victims_assisted", "value": 12},
            {"reference_year": 2023, "indicator": "victims_identified", "value": 0},
            {"reference_year": 2023, "indicator": "victims_assisted", "value": 0},
        ]
    )
    table = protection_gap_counts(facts).set_index("year")
    assert list(table.columns) == COUNT_COLUMNS[:3] + COUNT_COLUMNS[4:]
    assert table.at[2020, "assistance_gap"] == 0.75
    assert table.at[2020, "referral_gap"] == 0.25
    assert pd.isna(table.at[2021, "assistance_gap"])  # assisted not reported: NA, not 1
    assert pd.isna(table.at[2021, "victims_assisted"])
    assert table.at[2022, "assistance_gap"] == pytest.approx(-0.2)  # kept, never clipped, and flagged
    assert table.at[2022, "note"].startswith("assisted > identified: different agencies or periods")
    assert pd.isna(table.at[2023, "assistance_gap"]) and "identified is 0" in table.at[2023, "note"]


def test_count_gap_on_the_panel(facts):
    table = protection_gap_counts(facts[facts["iso3"] == "NGA"])
    row = table[(table["source"] == "tip_narrative") & (table["year"] == 2022)].iloc[0]
    assert row["victims_identified"] == 1634 and row["assistance_gap"] == 0


def test_criteria_changes_compare_the_first_and_last_assessed_years():
    early = _criteria({"identification_procedures": "not_met", "referral_mechanism": "partial"})
    middle = _criteria({"identification_procedures": "not_reported", "referral_mechanism": "partial"})
    late = _criteria({"identification_procedures": "met", "referral_mechanism": "not_met"})
    frames = [early, middle.assign(report_year=2015), late.assign(report_year=2021)]
    table = pd.concat(frames, ignore_index=True).astype({"report_year": "Int64"})
    changes = criteria_changes(table).set_index("criterion")
    assert changes.loc["identification_procedures", ["first_year", "last_year"]].tolist() == [2008, 2021]
    assert changes.loc["identification_procedures", "direction"] == "better"
    assert changes.loc["referral_mechanism", ["first_status", "last_status", "direction"]].tolist() == [
        "partial",
        "not_met",
        "worse",
    ]
    # silence is not a change: a criterion assessed once, or the same at both ends, gives no row
    same = pd.concat([early, early.assign(report_year=2021)], ignore_index=True).astype(
        {"report_year": "Int64"}
    )
    assert criteria_changes(same).empty


def test_criteria_gaps_by_region_take_the_latest_assessed_edition():
    from analysis.protection import criteria_gaps_by_region

    peru = _criteria({"identification_procedures": "not_met", "referral_mechanism": "met"})
    later = _criteria({"identification_procedures": "met", "referral_mechanism": "met"}).assign(
        report_year=2021
    )
    silent = _criteria({"identification_procedures": "not_reported"}).assign(report_year=2022)
    chile = later.assign(country="Chile", iso3="CHL", report_year=2021)
    criteria = pd.concat([peru, later, silent, chile], ignore_index=True).astype({"report_year": "Int64"})
    countries = pd.DataFrame({"iso3": ["PER", "CHL"], "tip_region": ["Western Hemisphere", ""]})
    table = criteria_gaps_by_region(criteria, countries)
    # 2022 assesses nothing, so 2021 is the latest edition with a gap; Chile has no TIP region here
    assert table[["region", "iso3", "report_year", "gap"]].values.tolist() == [
        ["Western Hemisphere", "PER", 2021, 0.0],
        ["unassigned", "CHL", 2021, 0.0],
    ]
    assert criteria_gaps_by_region(criteria, countries, report_year=2008)["gap"].tolist() == [0.5]

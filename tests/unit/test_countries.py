import pandas as pd
import pytest

from analysis import countries
from analysis.countries import (
    ExcludedNameError,
    UnknownCountryError,
    canonical_name,
    country_table,
    to_iso3,
)
from analysis.paths import RAW_DIR
from analysis.rawio import read_raw_csv
from analysis.sources import cho_3p, tiers, unodc


@pytest.mark.parametrize(
    "name, iso3",
    [
        ("Peru", "PER"),
        ("perú", "PER"),
        (" Peru ", "PER"),
        ("PERU", "PER"),
        ("Korea, South", "KOR"),
        ("CzechRep", "CZE"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Cote D'Ivoire", "CIV"),
        ("Cote D’Ivoire", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Congo (ROC)", "COG"),
        ("Congo, Democratic Republic of the", "COD"),
        ("St Vincent & Gren", "VCT"),
        ("Laos&nbsp;", "LAO"),
        ("Kosovo", "XKX"),
        ("PER", "PER"),
    ],
)
def test_lookup_ignores_case_accents_spacing_and_source_spellings(name, iso3):
    assert to_iso3(name) == iso3


def test_canonical_name_is_short_english():
    assert canonical_name("perú") == "Peru"
    assert canonical_name("Korea, Republic of") == "South Korea"


def test_unknown_country_names_close_matches():
    with pytest.raises(UnknownCountryError) as info:
        to_iso3("Peruu")
    assert "did you mean 'Peru'" in str(info.value)
    assert info.value.suggestions[0] == "Peru"
    assert len(info.value.suggestions) <= 3


def test_ambiguous_name_is_refused_with_its_reason():
    with pytest.raises(ExcludedNameError, match="ambiguous"):
        to_iso3("Congo")


def test_table_has_one_row_per_iso3_and_tip_regions_are_the_six():
    table = country_table()
    assert table["iso3"].is_unique
    assert set(table["tip_region"].dropna()) == set(countries.TIP_REGIONS)
    assert table.set_index("iso3").at["PER", "unodc_region"] == "Americas"


def test_aliases_point_at_known_codes_and_exclusions_have_reasons():
    known = set(country_table()["iso3"])
    aliases = countries.alias_table()
    assert set(aliases["iso3"]) <= known, set(aliases["iso3"]) - known
    exclusions = countries.exclusion_table()
    assert exclusions["reason"].str.len().gt(10).all()


def _raw_name_columns():
    """(file, column) of every country-name column in every raw file."""
    yield RAW_DIR / "cho_3p" / cho_3p.DATA_FILE, cho_3p.COUNTRY_COLUMNS
    for file, column in tiers.COUNTRY_COLUMNS.items():
        yield RAW_DIR / "tiers" / file, (column,)
    yield RAW_DIR / "unodc_glotip" / unodc.DATA_FILE, unodc.COUNTRY_COLUMNS
    yield RAW_DIR / "tip_narratives" / "facts.csv", ("country",)


def test_every_country_name_in_every_raw_file_maps_or_is_excluded_with_a_reason():
    excluded = {countries.normalize_name(n) for n in countries.exclusion_table()["name"]}
    problems = []
    for path, columns in _raw_name_columns():
        raw = read_raw_csv(path)
        for column in columns:
            for name in pd.unique(raw[column]):
                if name == "":  # an empty cell names nothing (UNODC rows carry name or code)
                    continue
                if countries.try_iso3(name) is None and countries.normalize_name(name) not in excluded:
                    problems.append(f"{path.name}:{column}:{name!r}")
    assert not problems, problems


def test_a_region_is_found_in_either_scheme_regardless_of_case_and_named_as_the_table_writes_it():
    from analysis.countries import UnknownRegionError, country_table, in_region

    table = country_table()
    west = in_region("  western hemisphere ", "tip")
    assert set(west["iso3"]) == set(table.loc[table["tip_region"] == "Western Hemisphere", "iso3"])
    assert set(west["region"]) == {"Western Hemisphere"}
    # a name both schemes use gives the countries either puts in it
    europe = in_region("Europe")
    either = table["tip_region"].eq("Europe") | table["unodc_region"].eq("Europe")
    assert set(europe["iso3"]) == set(table.loc[either, "iso3"])
    assert set(in_region("Europe", "unodc")["iso3"]) <= set(europe["iso3"])
    with pytest.raises(UnknownRegionError, match="unknown UNODC region 'Afrika'; did you mean 'Africa'"):
        in_region("Afrika", "unodc")
    with pytest.raises(ValueError, match="accepted: tip, unodc"):
        in_region("Africa", "un")

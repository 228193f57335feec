"""What the panel must hold, checked against the raw files it was built from."""

import pandas as pd

from analysis import countries
from analysis.paths import RAW_DIR
from analysis.rawio import read_raw_csv
from analysis.sources import tip_global, unodc
from tests.helpers import only_row


def test_founding_peru_2008_figures(facts):
    peru = facts[
        (facts["iso3"] == "PER") & (facts["source"] == "tip_narrative") & (facts["report_year"] == 2008)
    ]
    total = peru[peru["breakdown"] == "total"]
    assert only_row(total, indicator="suspects_identified", reference_year=2006)["value"] == 39
    assert only_row(total, indicator="suspects_identified", reference_year=2007)["value"] == 96
    assert only_row(total, indicator="prosecutions", reference_year=2006)["value"] == 7
    assert only_row(total, indicator="prosecutions", reference_year=2007)["value"] == 15
    convictions = only_row(total, indicator="convictions", reference_year=2007)
    assert convictions["value"] == 0 and pd.notna(convictions["value"])
    assert only_row(total, indicator="tier", reference_year=2008)["value"] == 2
    assert (total["method"] == "manual").all() and peru["source_url"].notna().all()  # the totals are curated
    assert peru["method"].str.match(r"^(manual|rule:)").all()  # the rest is extracted (ingest)


def _imported_unodc_rows():
    """Raw GLOTIP rows of the imported dimensions whose country resolves (not excluded)."""
    raw = unodc.read_raw(RAW_DIR)
    raw = raw[raw["Dimension"].isin(unodc.DIMENSIONS)]
    label = raw["Country"].where(raw["Country"] != "", raw["Iso3_code"])
    return raw[label.map(countries.try_iso3).notna()]


def test_unodc_suppressed_counts_are_kept_as_zero_to_four(facts):
    raw = _imported_unodc_rows()
    ours = facts[facts["source"] == "unodc_glotip"]
    suppressed = ours[ours["qualifier"] == "<5 suppressed"]
    assert len(suppressed) == int(raw["txtVALUE"].str.strip().eq("<5").sum()) > 10_000
    assert (suppressed["value"] == 0).all() and (suppressed["value_high"] == 4).all()
    assert len(ours) == len(raw)  # nothing dropped, nothing invented


def test_unodc_every_non_suppressed_value_matches_the_raw_text(facts):
    raw = _imported_unodc_rows()
    raw = raw[raw["txtVALUE"].ne("<5")]
    expected = pd.to_numeric(raw["txtVALUE"].str.replace(",", "")).sum()
    ours = facts[(facts["source"] == "unodc_glotip") & facts["qualifier"].isna()]
    assert ours["value"].sum() == expected


def test_unodc_covers_at_least_150_countries(facts):
    totals = facts[
        (facts["source"] == "unodc_glotip") & (facts["breakdown"] == "total") & (facts["scope"] == "all")
    ]
    assert totals["iso3"].nunique() >= 150
    peru_2007 = only_row(totals, iso3="PER", indicator="convictions", reference_year=2007)
    assert peru_2007["value"] == 123  # UNODC counts persons convicted where TIP reports none


def test_tip_global_table_2003_2023_is_in_the_panel(facts):
    table = tip_global.read_table(RAW_DIR)
    world = facts[(facts["source"] == "tip_global") & (facts["iso3"] == "WLD")]
    assert set(world["reference_year"]) == set(range(2003, 2024))
    for column, (indicator, scope) in tip_global.COLUMNS.items():
        for year, value in zip(table["year"], table[column], strict=True):
            if pd.isna(value):
                continue
            seen = world[
                (world["indicator"] == indicator)
                & (world["scope"] == scope)
                & (world["reference_year"] == year)
            ]
            assert value in set(seen["value"]), (column, year, value)


def test_tip_global_keeps_revisions_by_edition(facts):
    world = facts[
        (facts["source"] == "tip_global") & (facts["indicator"] == "prosecutions") & (facts["scope"] == "all")
    ]
    y2005 = world[world["reference_year"] == 2005]
    assert set(y2005["value"]) == {6178, 6618}
    assert 2008 in set(y2005["report_year"].dropna())


def test_every_kelley_rated_country_year_has_a_tier(tiers):
    raw = read_raw_csv(RAW_DIR / "cho_3p" / "cho_3p_index_and_tiers_1999_2014.csv")
    codes = raw["tierupdated"].map(lambda v: f"{float(v):g}" if v else "")
    years = raw["year"].astype(int)
    rated = raw[(years >= 2001) & codes.isin(["1", "2", "2.5", "3", "666"])]
    per_year = rated.groupby(rated["year"].astype(int)).size()
    assert per_year.loc[2001] == 79
    chosen = tiers.groupby("report_year").size()
    for year, n in per_year.items():
        assert chosen.loc[year] >= n, year
    raw15 = read_raw_csv(RAW_DIR / "tiers" / "kelley_tiers_2015.csv")
    n_rated_2015 = int(raw15["tier"].isin(["1", "2", "2.5", "3"]).sum())
    assert n_rated_2015 == 186
    assert (tiers[tiers["report_year"] == 2015]["tier"].isin(["1", "2", "2.5", "3"])).sum() >= 186


def test_tiers_after_2015_are_present_but_partial(tiers):
    later = tiers[tiers["report_year"] > 2015].groupby("report_year").size()
    assert set(later.index) == set(range(2016, 2026))
    peru = tiers[(tiers["iso3"] == "PER") & (tiers["report_year"] >= 2016)]
    assert set(peru["report_year"]) >= {2016, *range(2018, 2026)}
    assert set(tiers["tier"]) <= {"1", "2", "2.5", "3", "special"}


def test_conflicting_tier_sources_are_all_kept(tiers_all, tiers):
    from analysis.tiers import conflicts

    found = conflicts(tiers_all, tiers)
    korea = found[found["iso3"] == "KOR"]
    assert set(range(2001, 2011)) <= set(korea["report_year"])
    row = korea[korea["report_year"] == 2005].iloc[0]
    assert "kelley_cho: not_rated" in row["placements"] and "kelley_simmons: 1" in row["placements"]
    assert row["chosen_tier"] == "1"


def test_narrative_facts_hold_every_label_and_no_evidence_prose(corpus_dir):
    labels = pd.read_csv(corpus_dir / "labels.csv", dtype=str, keep_default_na=False)
    ours = read_raw_csv(RAW_DIR / "tip_narratives" / "facts.csv")

    def keys(frame):
        return {
            (country.lower(), report, reference, indicator, float(value))
            for country, report, reference, indicator, value in zip(
                frame["country"],
                frame["report_year"],
                frame["reference_year"],
                frame["indicator"],
                frame["value"],
                strict=True,
            )
        }

    missing = keys(labels) - keys(ours)
    assert not missing, sorted(missing)[:5]
    text = (RAW_DIR / "tip_narratives" / "facts.csv").read_text(encoding="utf-8")
    copied = [e for e in labels["evidence"] if len(e) >= 30 and e in text]
    assert not copied, copied[:3]


def test_narrative_criteria_and_tier_rows():
    from analysis.sources import tip_narratives

    criteria = tip_narratives.read_criteria(RAW_DIR)
    peru = criteria[(criteria["iso3"] == "PER") & (criteria["report_year"] == 2008)]
    assert len(peru) == 9 and peru["criterion"].is_unique
    tiers = tip_narratives.tier_rows(tip_narratives.read_facts(RAW_DIR))
    assert tiers.loc[(tiers["iso3"] == "PER") & (tiers["report_year"] == 2008), "tier"].tolist() == ["2"]


def test_a_curated_part_of_a_count_stored_as_the_total_is_refused(tmp_path):
    """Nigeria 2022's 94 convictions under one law sat beside the 97 in all as a second total,
    and the panel drew a 3–97 range (issue 22, item 6)."""
    import shutil

    import pytest

    from analysis.rawio import RawDataError
    from analysis.sources.tip_narratives import read_curated

    raw = tmp_path / "raw"
    (raw / "tip_narratives").mkdir(parents=True)
    facts = raw / "tip_narratives" / "facts.csv"
    shutil.copy(RAW_DIR / "tip_narratives" / "facts.csv", facts)
    curated = read_curated(raw)
    nigeria = curated[(curated["iso3"] == "NGA") & (curated["report_year"] == 2023)]
    totals = nigeria[(nigeria["indicator"] == "convictions") & (nigeria["breakdown"] == "total")]
    assert sorted(totals.loc[totals["scope"] == "all", "value"]) == [13, 97]
    lines = facts.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if ",law=2015 TIPLEAA,94," in line)
    lines[number] = lines[number].replace(",law=2015 TIPLEAA,", ",total,")
    facts.write_text("\n".join(lines) + "\n")
    with pytest.raises(RawDataError, match=rf"line {number + 1}: convictions 94 is noted as a subset"):
        read_curated(raw)


def test_money_and_its_conversion_are_one_figure_in_two_units():
    from analysis.extract import extract_text

    rows = extract_text(
        "PERU (Tier 2)\nPROTECTION\nThe ministry allocated 752,000 soles ($260,000) to victim care.\n",
        report_year=2015,
    )
    budget = rows[rows["indicator"] == "budget"]
    assert budget["breakdown"].tolist() == ["total", "unit=USD"]

"""Coverage: silence in a text that lacks the section a code needs is "not read", not "not reported".

The documents registry (``documents.csv``, written by ingest) says which sections each document
holds; a criterion needs the protection section, a recommendation item the sections of its theme.
"""

import shutil

import pandas as pd

from analysis.paths import RAW_DIR
from analysis.schema import sections_needed
from analysis.sources import tip_narratives


def _raw_copy(tmp_path, sections_of: dict[str, str]):
    """data/raw copied, with the sections of some documents (by SHA-256 prefix) replaced."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    path = raw / "tip_narratives" / "documents.csv"
    documents = pd.read_csv(path, dtype=str, keep_default_na=False)
    for prefix, sections in sections_of.items():
        documents.loc[documents["sha256"].str.startswith(prefix), "sections"] = sections
    documents.to_csv(path, index=False)
    return raw, documents


def _document(report_year: int, country: str = "Peru") -> str:
    documents = pd.read_csv(RAW_DIR / "tip_narratives" / "documents.csv", dtype=str)
    row = documents[(documents["country"] == country) & (documents["report_year"] == str(report_year))]
    return row["sha256"].iloc[0]


def test_every_criterion_and_theme_names_the_sections_it_needs():
    finding = {"prosecution", "protection", "prevention"}
    for kind in ("criterion", "theme"):
        needs = sections_needed(kind)
        assert needs and all(need and need <= finding for need in needs.values()), kind


def test_a_criterion_the_text_is_silent_on_is_not_read_only_where_its_section_is_missing(tmp_path):
    sha = _document(2021)  # Peru 2021 was read with its protection section
    with_section, _ = _raw_copy(tmp_path / "a", {sha: "protection;summary"})
    without, _ = _raw_copy(tmp_path / "b", {sha: "recommendations;summary"})

    def statuses(raw):
        codes = tip_narratives.read_criteria(raw)
        return codes[(codes["iso3"] == "PER") & (codes["report_year"] == 2021)].set_index("criterion")

    read, unread = statuses(with_section), statuses(without)
    silent = read["status"] == "not_reported"
    assert silent.any() and (read["status"] != "not_read").all()
    # the same silence, with the protection section missing, is "not read" and says why
    assert (unread.loc[silent, "status"] == "not_read").all()
    assert unread.loc[silent, "note"].str.contains("no protection section").all()
    # what the text did decide stays decided
    assert (unread.loc[~silent, "status"] == read.loc[~silent, "status"]).all()


def test_a_follow_through_item_is_not_read_when_the_next_edition_lacks_its_themes_sections(tmp_path):
    raw, _ = _raw_copy(tmp_path, {})
    items = tip_narratives.read_followthrough(raw)
    unclear = items[items["status"] == "unclear"]
    assert not unclear.empty
    item = unclear.iloc[0]
    needs = sections_needed("theme").get(item["theme"])
    documents = pd.read_csv(raw / "tip_narratives" / "documents.csv", dtype=str, keep_default_na=False)
    held = documents.loc[documents["sha256"] == item["document_to"], "sections"].iloc[0]
    # make the next edition hold only sections the item's theme does not need
    others = sorted({"summary", "recommendations", "prosecution", "protection", "prevention"} - set(needs))
    assert held != ";".join(others)
    raw2, _ = _raw_copy(tmp_path / "b", {item["document_to"]: ";".join(others)})
    after = tip_narratives.read_followthrough(raw2).set_index(["iso3", "year_from", "item_no"])
    row = after.loc[(item["iso3"], item["year_from"], item["item_no"])]
    assert row["status"] == "not_read"
    assert "not read" in row["note"]


def test_every_theme_of_the_follow_through_rules_has_its_sections():
    import yaml

    from analysis.paths import PACKAGE_DATA_DIR

    rules = yaml.safe_load((PACKAGE_DATA_DIR / "followthrough_rules.yml").read_text())
    themes = {entry["theme"] for entry in rules["themes"]} | {"other"}
    assert themes <= set(sections_needed("theme")), themes - set(sections_needed("theme"))


def test_every_consecutive_pair_whose_first_edition_recommends_is_coded(corpus_dir):
    """The panel codes follow-through for every pair of consecutive editions in the corpus whose
    first edition holds recommendation items, each item once (issue 22: a pair was missing)."""
    from analysis.extract.followthrough.recommendations import recommendation_items
    from analysis.extract.text.document import read_document
    from analysis.panel import load_followthrough

    coded = load_followthrough().groupby(["iso3", "year_from", "year_to"])["item_no"].nunique()
    expected = {}
    for folder in sorted(p for p in corpus_dir.iterdir() if p.is_dir()):
        years = {int(p.stem): p for p in folder.glob("*.txt")}
        for year, path in years.items():
            if year + 1 not in years:
                continue
            doc = read_document(path.read_text(encoding="utf-8"), None, year)
            items = recommendation_items(doc)
            if items:
                expected[(doc.iso3, year, year + 1)] = len(items)
    assert expected  # the corpus has such pairs
    assert {key: int(coded.get(key, 0)) for key in expected} == expected

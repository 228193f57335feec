"""UNODC GLOTIP country data, release of 30 May 2023 (``data/raw/unodc_glotip/``).

Imported: dimension ``Total`` and ``by form of exploitation``, every sex and age breakdown.
Not imported: ``by citizenship`` and ``by country of repatriation`` (free-text nationality
labels in several languages).

Mapping (UNODC → facts):

- Indicator: Persons prosecuted → ``prosecutions``; Persons convicted → ``convictions``;
  Detected trafficking victims → ``victims_identified``; Persons brought into formal contact →
  ``suspects_identified``; Offences of trafficking in persons → ``offences``.
- Category (form): Total → scope ``all``; Sexual exploitation → ``sex``; Forced labour →
  ``labor``; Other forms of exploitation → ``other``.
- Sex / Age other than Total → breakdown ``sex=female``, ``age=0-17``,
  ``sex=male;age=18+``, … (``total`` when both are Total).
- ``"<5"`` is a suppressed count of 0–4: ``value`` 0, ``value_high`` 4, qualifier
  ``<5 suppressed``. It is never dropped, never read as 5, never NA.
- ``report_year`` is the data release (``release_year`` of ``SOURCE.yml``: 2023);
  ``reference_year`` is UNODC's calendar year.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.countries import canonical_name
from analysis.rawio import (
    RawDataError,
    display_path,
    parse_number,
    raise_at,
    read_raw_csv,
    read_source_yml,
    resolve_countries,
)
from analysis.schema import coerce_facts

SOURCE = "unodc_glotip"
DATA_FILE = "data_glotip_2023-05-30.csv.gz"
SOURCE_URL = "https://dataunodc.un.org/dp-trafficking-persons"
SUPPRESSED = "<5"

INDICATORS = {
    "Persons prosecuted": "prosecutions",
    "Persons convicted": "convictions",
    "Detected trafficking victims": "victims_identified",
    "Persons brought into formal contact": "suspects_identified",
    "Offences of trafficking in persons": "offences",
}
SCOPES = {
    "Total": "all",
    "Sexual exploitation": "sex",
    "Forced labour": "labor",
    "Other forms of exploitation": "other",
}
DIMENSIONS = ("Total", "by form of exploitation")
SEX = {"Total": None, "Female": "female", "Male": "male", "Other": "other", "Unknown": "unknown"}
AGE = {"Total": None, "0 to 17 years": "0-17", "18 years or over": "18+", "Unknown": "unknown"}

COUNTRY_COLUMNS = ("Country", "Iso3_code")
REQUIRED = (
    "Iso3_code",
    "Country",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "txtVALUE",
)


def read_raw(raw_dir: Path) -> pd.DataFrame:
    """The raw GLOTIP rows (all dimensions), strings, with ``_file``/``_line``."""
    return read_raw_csv(Path(raw_dir) / "unodc_glotip" / DATA_FILE, REQUIRED)


def release_year(raw_dir: Path) -> int:
    """The release the data come from (``release_year`` of the folder's ``SOURCE.yml``).

    Raises:
        RawDataError: the key is missing or not a year.
    """
    folder = Path(raw_dir) / "unodc_glotip"
    year = read_source_yml(folder).get("release_year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise RawDataError(
            f"{display_path(folder / 'SOURCE.yml')}: release_year {year!r} is not a year "
            "(the UNODC release, e.g. 2023)"
        )
    return year


def read_facts(raw_dir: Path) -> pd.DataFrame:
    """Read UNODC GLOTIP totals and sex/age/form breakdowns as facts (source ``unodc_glotip``).

    Raises:
        RawDataError: an unknown indicator, category, sex, age or country, or a value that is
            neither a number nor ``<5``, naming the file and line.
    """
    raw = read_raw(raw_dir)
    raw = raw[raw["Dimension"].isin(DIMENSIONS)].copy()
    _check_vocabulary(raw)

    # a row names its country, or only its code (Sark, "Aruba/Curacao"); excluded names → NA
    raw["_country_label"] = raw["Country"].where(raw["Country"] != "", raw["Iso3_code"])
    iso3 = resolve_countries(raw, "_country_label", excluded="na")
    raw = raw[iso3.notna()]
    iso3 = iso3[iso3.notna()]

    text = raw["txtVALUE"].str.strip()
    suppressed = text.eq(SUPPRESSED)
    numbers = parse_number(raw.assign(txtVALUE=text.where(~suppressed, "")), "txtVALUE")
    raise_at(
        raw,
        ~suppressed & numbers.isna(),
        lambda r: f"txtVALUE {r['txtVALUE']!r} is neither a number nor '<5'",
    )

    breakdown, notes = _breakdowns(raw)
    names = {code: canonical_name(code) for code in iso3.unique()}
    frame = pd.DataFrame(
        {
            "country": iso3.map(names),
            "iso3": iso3,
            "source": SOURCE,
            "report_year": release_year(raw_dir),
            "reference_year": parse_number(raw, "Year"),
            "indicator": raw["Indicator"].map(INDICATORS),
            "scope": raw["Category"].map(SCOPES),
            "breakdown": breakdown,
            "value": numbers.where(~suppressed, 0.0),
            "value_high": pd.Series(pd.NA, index=raw.index, dtype="Float64").where(~suppressed, 4.0),
            "qualifier": pd.Series(pd.NA, index=raw.index, dtype="string").where(
                ~suppressed, "<5 suppressed"
            ),
            "note": notes,
            "source_url": SOURCE_URL,
            "method": "import",
            "_file": raw["_file"],
            "_line": raw["_line"],
        }
    )
    return coerce_facts(frame)


#: raw column → (its mapping, what the error calls it): a value outside the mapping is refused,
#: so a new indicator, form, sex or age group is noticed rather than dropped.
VOCABULARY = {
    "Indicator": (INDICATORS, "indicator"),
    "Category": (SCOPES, "form of exploitation"),
    "Sex": (SEX, "sex"),
    "Age": (AGE, "age group"),
}


def _check_vocabulary(raw: pd.DataFrame) -> None:
    """Refuse a raw row whose indicator, form, sex or age is not mapped, naming file and line."""
    for column, (mapping, what) in VOCABULARY.items():
        raise_at(
            raw,
            ~raw[column].isin(list(mapping)),
            lambda r, column=column, mapping=mapping, what=what: (
                f"unknown {what} {r[column]!r}; accepted: {', '.join(mapping)}"
            ),
        )


def _breakdowns(raw: pd.DataFrame) -> tuple[list[str], list]:
    """Each row's breakdown (``total``, ``sex=…;age=…``, ``part=k``) and note.

    UNODC lists several unnamed rows under "Other forms of exploitation" for some country-years
    (the sub-form names are not in this copy). They are kept, each as its own part, so no row is
    lost and none is mistaken for the total of other forms.
    """
    sex = raw["Sex"].map(SEX)
    age = raw["Age"].map(AGE)
    key = [raw[c] for c in ("Iso3_code", "Country", "Indicator", "Category", "Sex", "Age", "Year")]
    n_parts = raw.groupby(key, dropna=False)["Year"].transform("size")
    part = raw.groupby(key, dropna=False).cumcount() + 1
    breakdown = []
    notes = []
    for s, a, n, k in zip(sex, age, n_parts, part, strict=True):
        pieces = [f"sex={s}" if pd.notna(s) else "", f"age={a}" if pd.notna(a) else ""]
        note = pd.NA
        if n > 1:
            pieces.append(f"part={k}")
            note = f"one of {n} unnamed sub-forms UNODC lists for this country-year"
        breakdown.append(";".join(p for p in pieces if p) or "total")
        notes.append(note)
    return breakdown, notes

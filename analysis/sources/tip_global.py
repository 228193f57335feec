"""The TIP Report "Global Law Enforcement Data" table (``data/raw/tip_global/``).

Every numeric cell of ``table_all_sources.csv`` becomes one fact of the ``World`` aggregate
(``WLD``): ``prosecutions``, ``convictions``, ``victims_identified`` (scope ``all``), their
``*_labor`` columns (scope ``labor``: the labour-trafficking subset the reports print in
parentheses) and ``new_or_amended_legislation``. ``report_year`` is the report edition when
the source names a single one, else NA. ``regional.csv`` (data year 2016) gives the six TIP
regions as aggregates ``TIP-AF`` … ``TIP-WHA``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.rawio import parse_number, raise_at, read_raw_csv
from analysis.schema import aggregates, coerce_facts

SOURCE = "tip_global"

#: raw column → (indicator, scope)
COLUMNS = {
    "prosecutions": ("prosecutions", "all"),
    "prosecutions_labor": ("prosecutions", "labor"),
    "convictions": ("convictions", "all"),
    "convictions_labor": ("convictions", "labor"),
    "victims_identified": ("victims_identified", "all"),
    "victims_identified_labor": ("victims_identified", "labor"),
    "new_or_amended_legislation": ("new_or_amended_legislation", "all"),
}


def _edition(text: str) -> object:
    """A single report edition ("2008") as int; anything else ("2007/2016 …", "") as NA."""
    match = re.fullmatch(r"\s*(\d{4})\s*", text or "")
    return int(match.group(1)) if match else pd.NA


def _melt(raw: pd.DataFrame, country: pd.Series, iso3: pd.Series, edition: pd.Series) -> pd.DataFrame:
    parts = []
    for column, (indicator, scope) in COLUMNS.items():
        values = parse_number(raw, column)
        keep = values.notna()
        parts.append(
            pd.DataFrame(
                {
                    "country": country[keep],
                    "iso3": iso3[keep],
                    "source": SOURCE,
                    "report_year": edition[keep],
                    "reference_year": parse_number(raw, "year")[keep],
                    "indicator": indicator,
                    "scope": scope,
                    "breakdown": "total",
                    "value": values[keep],
                    "source_url": raw["source_url"][keep],
                    "method": "import",
                    "_file": raw["_file"][keep],
                    "_line": raw["_line"][keep],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def read_facts(raw_dir: Path) -> pd.DataFrame:
    """Read the global and regional TIP law-enforcement totals as facts (source ``tip_global``)."""
    folder = Path(raw_dir) / "tip_global"
    required = ("year", *COLUMNS, "report_edition", "source_url")
    observations = read_raw_csv(folder / "table_all_sources.csv", required)
    edition = observations["report_edition"].map(_edition).astype("Int64")
    world = _melt(
        observations,
        pd.Series("World", index=observations.index),
        pd.Series("WLD", index=observations.index),
        edition,
    )
    # The same figure seen on several pages of one edition is one fact.
    world = world.drop_duplicates(
        ["reference_year", "indicator", "scope", "value", "report_year"], keep="first"
    )

    regional = read_raw_csv(folder / "regional.csv", ("region", *required))
    regions = aggregates().query("kind == 'tip_region'")
    code_of = {
        name.replace(" (TIP region)", ""): code
        for code, name in zip(regions["code"], regions["name"], strict=True)
    }
    name_of = dict(zip(regions["code"], regions["name"], strict=True))
    raise_at(
        regional,
        ~regional["region"].isin(list(code_of)),
        lambda r: f"unknown TIP region {r['region']!r}; accepted: {', '.join(code_of)}",
    )
    codes = regional["region"].map(code_of)
    region_facts = _melt(
        regional,
        codes.map(name_of),
        codes,
        regional["report_edition"].map(_edition).astype("Int64"),
    )
    return coerce_facts(pd.concat([world, region_facts], ignore_index=True))


def read_table(raw_dir: Path) -> pd.DataFrame:
    """``table.csv``: the one-row-per-year table as published by the transcriber (numbers)."""
    raw = read_raw_csv(Path(raw_dir) / "tip_global" / "table.csv", ("year", *COLUMNS, "source_url"))
    out = pd.DataFrame({"year": parse_number(raw, "year").astype("Int64")})
    for column in COLUMNS:
        out[column] = parse_number(raw, column)
    out["source_url"] = raw["source_url"]
    return out

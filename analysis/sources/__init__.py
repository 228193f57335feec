"""The sources registry, and one reader per raw source.

Each raw source is one folder ``data/raw/<folder>/`` (its files and a ``SOURCE.yml`` with
publisher, licence, citation, coverage and quirks), one reader module in this package, and one
entry in ``analysis/data/sources.yml`` (read into :data:`REGISTRY`). Everything else loops over
the registry: the build reads every ``facts`` source, the ``sources`` command lists them all,
figures and prose take their labels, markers and source lines from it, and coverage facts
(complete tier years, the UNODC release) come from each ``SOURCE.yml`` through
:func:`coverage_years` and :meth:`Source.meta`.

Adding a source of facts takes one module and one entry (see the README, "Adding a source")::

    # analysis/sources/ilo_forced_labour.py
    def read_facts(raw_dir: Path) -> pd.DataFrame:   # a facts table (schema.FACT_COLUMNS)
        ...

    # analysis/data/sources.yml
    - id: ilo_forced_labour
      folder: ilo_forced_labour
      reader: ilo_forced_labour:read_facts
      table: facts
      label: ILO forced-labour statistics
      cite: ILO
      edition_word: release
      marker: "^"

Readers take the raw folder as an argument (no hidden paths), read files strictly through
:func:`analysis.rawio.read_raw_csv` and return frames that carry ``_file``/``_line`` so that a
schema error names the raw file and line it came from. The registry itself lives in
:mod:`analysis.registry` (below the schema, which reads it); its names are re-exported here.
"""

from analysis.registry import (
    FACT_SOURCES,
    REGISTRY,
    TABLES,
    Source,
    complete_tier_years,
    coverage_years,
    get,
    label,
    of_table,
    parse_years,
    tier_source_label,
)

__all__ = [
    "FACT_SOURCES",
    "REGISTRY",
    "TABLES",
    "Source",
    "complete_tier_years",
    "coverage_years",
    "get",
    "label",
    "of_table",
    "parse_years",
    "tier_source_label",
]

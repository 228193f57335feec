"""The sources registry: every raw source, what its reader returns and how it is named.

The lowest place the registry can live: the schema (allowed ``source`` values), the readers in
:mod:`analysis.sources`, figures and prose all read it, and it imports nothing of the package but
:mod:`analysis.paths` (and :mod:`analysis.rawio` when a ``SOURCE.yml`` is read). Its entries are
data, in ``analysis/data/sources.yml``. See
:mod:`analysis.sources` for how a source is added.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import MISSING, dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from analysis.paths import PACKAGE_DATA_DIR, RAW_DIR

#: What a source's reader returns: facts rows, tier placements, or index scores.
TABLES = ("facts", "tiers", "scores")


@dataclass(frozen=True)
class Source:
    """One raw source.

    Attributes:
        id: the value of the ``source`` column its rows carry (facts, tiers or scores).
        folder: its folder under ``data/raw/``.
        reader: ``"module:function"`` in :mod:`analysis.sources`, called with the raw folder.
        table: ``facts``, ``tiers`` or ``scores`` (what the reader returns).
        label: how prose and legends name it ("UNODC GLOTIP").
        cite: how a figure's source line names it ("US TIP Report narratives").
        edition_word: what its editions are called in a source line ("edition", "release").
        marker: matplotlib marker of its points in figures.
        parts: sub-sources inside the folder (``source`` values of their rows) → label.
    """

    id: str
    folder: str
    reader: str
    table: str
    label: str
    cite: str
    edition_word: str = "edition"
    marker: str = "o"
    parts: dict[str, str] = field(default_factory=dict)

    def read(self, raw_dir: Path = RAW_DIR):
        """Run the reader on ``raw_dir`` (the folder holding every source's folder)."""
        module, function = self.reader.split(":")
        return getattr(importlib.import_module(f"analysis.sources.{module}"), function)(Path(raw_dir))

    def meta(self, raw_dir: Path = RAW_DIR) -> dict:
        """The source's ``SOURCE.yml`` (RawDataError when missing)."""
        return _source_yml(Path(raw_dir) / self.folder)


#: the registry's entries, as data
SOURCES_YML = PACKAGE_DATA_DIR / "sources.yml"


def read_registry(path: Path = SOURCES_YML) -> tuple[Source, ...]:
    """The entries of ``sources.yml``, in order.

    Raises:
        ValueError: an entry with an unknown or missing field, or an unknown table (the entry named).
    """
    import yaml

    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    known = [f.name for f in fields(Source)]
    required = [f.name for f in fields(Source) if f.default is MISSING and f.default_factory is MISSING]
    out = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}, entry {number} ({entry.get('id', '?')!r})"
        unknown = sorted(set(entry) - set(known))
        missing = [k for k in required if k not in entry]
        if unknown or missing:
            raise ValueError(f"{where}: unknown {unknown} / missing {missing}; fields: {', '.join(known)}")
        if entry["table"] not in TABLES:
            raise ValueError(f"{where}: unknown table {entry['table']!r}; accepted: {', '.join(TABLES)}")
        out.append(Source(**entry))
    return tuple(out)


REGISTRY: tuple[Source, ...] = read_registry()


def get(source_id: str) -> Source:
    """The registry entry of ``source_id`` (a ``source`` value or a folder name).

    Raises:
        KeyError: naming the accepted ids.
    """
    for source in REGISTRY:
        if source_id in (source.id, source.folder):
            return source
    raise KeyError(f"unknown source {source_id!r}; accepted: {', '.join(s.id for s in REGISTRY)}")


def of_table(table: str) -> tuple[Source, ...]:
    """The sources whose reader returns ``table`` (``facts``, ``tiers`` or ``scores``), in order."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; accepted: {', '.join(TABLES)}")
    return tuple(s for s in REGISTRY if s.table == table)


#: ``source`` values a fact may carry, in registry order.
FACT_SOURCES: tuple[str, ...] = tuple(s.id for s in REGISTRY if s.table == "facts")


def label(source_id: str) -> str:
    """How prose names a source or a tier sub-source ('unodc_glotip' → 'UNODC GLOTIP').

    Unknown ids are returned as given.
    """
    for source in REGISTRY:
        if source.id == source_id:
            return source.label
    for source in REGISTRY:
        if source_id in source.parts:
            return source.parts[source_id]
    return source_id


def tier_source_label(source_id: str) -> str:
    """How a tier sub-source is named on the tier figures (``kelley_cho`` → 'Kelley (2017) …')."""
    return get("tiers").parts.get(source_id, source_id)


@lru_cache(maxsize=32)
def _source_yml(folder: Path) -> dict:
    from analysis.rawio import read_source_yml

    return read_source_yml(folder)


_YEARS = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


def parse_years(items: Iterable) -> frozenset[int]:
    """Years from ``SOURCE.yml`` notation: ``[2001-2015, 2021]`` → {2001, …, 2015, 2021}.

    Example:
        >>> sorted(parse_years(["2001-2003", 2021]))
        [2001, 2002, 2003, 2021]

    Raises:
        ValueError: an item that is neither a year nor ``YYYY-YYYY``.
    """
    years: set[int] = set()
    for item in items:
        match = _YEARS.match(str(item))
        if not match:
            raise ValueError(f"{item!r} is not a year or a YYYY-YYYY range")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        years.update(range(first, last + 1))
    return frozenset(years)


def coverage_years(source_id: str, key: str, raw_dir: Path = RAW_DIR) -> frozenset[int]:
    """A set of years that a source's ``SOURCE.yml`` states under ``key``.

    Used for ``tiers``' ``complete_report_years`` (report years whose tier lists are complete)
    and ``cho_3p``'s ``score_years``.

    Raises:
        RawDataError: the SOURCE.yml is missing, lacks ``key``, or holds something that is not
            a list of years and ``YYYY-YYYY`` ranges (the file is named).
    """
    from analysis.rawio import RawDataError, display_path

    source = get(source_id)
    path = Path(raw_dir) / source.folder / "SOURCE.yml"
    value = source.meta(raw_dir).get(key)
    if value is None:
        raise RawDataError(f"{display_path(path)}: missing {key!r} (a list of years and YYYY-YYYY ranges)")
    try:
        return parse_years(value if isinstance(value, list) else [value])
    except ValueError as exc:
        raise RawDataError(f"{display_path(path)}: {key}: {exc}") from exc


def complete_tier_years(raw_dir: Path = RAW_DIR) -> frozenset[int]:
    """Report years whose tier placements are complete (``tiers/SOURCE.yml``)."""
    return coverage_years("tiers", "complete_report_years", raw_dir)

"""Reading raw files strictly, and CSV/gzip bytes that are the same on every run.

Raw CSVs are read with the ``csv`` module so that every row is checked against the header:
a truncated or malformed file (a row with too few or too many fields, a gzip stream cut short,
a last line with no newline) raises :class:`RawDataError` naming the file and line, instead of
pandas quietly filling the gap with NA.

Processed files are written atomically by :mod:`analysis.atomic`.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import yaml

from analysis.paths import ROOT


class RawDataError(ValueError):
    """A raw input file that cannot be read as documented (names the file and line)."""


def display_path(path: Path) -> str:
    """``path`` relative to the repository root when inside it (for messages)."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _read_text(path: Path, edited: bool = False) -> str:
    shown = display_path(path)
    if not path.exists():
        raise RawDataError(f"{shown}: file not found")
    if path.is_dir():
        raise RawDataError(f"{shown}: is a folder, not a CSV file")
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
                return handle.read()
        data = path.read_bytes()
    except (EOFError, gzip.BadGzipFile, OSError) as exc:
        raise RawDataError(f"{shown}: cannot decompress ({exc}); the file is truncated or not gzip") from exc
    if b"\x00" in data:
        raise RawDataError(f"{shown}: a binary file, not CSV text")
    try:
        return data.decode("utf-8-sig")  # a spreadsheet's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as exc:
        if not edited:
            raise RawDataError(f"{shown}: not UTF-8 text ({exc})") from exc
    try:
        return data.decode("cp1252")  # a spreadsheet's "CSV" on Windows
    except UnicodeDecodeError as exc:
        raise RawDataError(
            f"{shown}: neither UTF-8 nor Windows-1252 text ({exc}); save the sheet as CSV UTF-8"
        ) from exc


def read_raw_csv(path: Path, required: Iterable[str] = (), edited: bool = False) -> pd.DataFrame:
    """Read a raw CSV strictly: all columns as strings, with ``_file`` and ``_line`` columns.

    Empty cells are empty strings (callers decide what NA means for their source). ``_line``
    is the 1-based line on which the row starts (the header is line 1). A byte-order mark is
    dropped. ``edited``: a sheet people filled in a spreadsheet: Windows-1252 is read when the
    text is not UTF-8, and the quote :func:`for_spreadsheets` put before a formula-like cell is
    taken off again.

    Raises:
        RawDataError: missing file, not UTF-8, gzip stream cut short, missing required
            column, a row whose field count differs from the header, or a file that does not
            end with a newline (the usual sign of a truncated download).
    """
    path = Path(path)
    shown = display_path(path)
    text = _read_text(path, edited)
    if not text.strip():
        raise RawDataError(f"{shown}: file is empty")
    if not text.endswith("\n"):
        last = text.count("\n") + 1
        raise RawDataError(f"{shown}, line {last}: file does not end with a newline; it looks truncated")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        rows: list[list[str]] = []
        lines: list[int] = []
        start = reader.line_num + 1
        for row in reader:
            if not row:  # a blank line
                start = reader.line_num + 1
                continue
            if len(row) != len(header):
                raise RawDataError(
                    f"{shown}, line {start}: expected {len(header)} fields "
                    f"({', '.join(header[:4])}, …), found {len(row)}; the row is truncated "
                    "or malformed"
                )
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RawDataError(f"{shown}, line {reader.line_num}: malformed CSV ({exc})") from exc
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise RawDataError(f"{shown}: missing column(s) {missing}; found {header}")
    frame = (
        pd.DataFrame(rows, columns=header, dtype="string")
        if rows
        else pd.DataFrame({h: pd.Series(dtype="string") for h in header})
    )
    if edited:
        for column in header:
            frame[column] = frame[column].str.replace(QUOTED_FORMULA, r"\1", regex=True)
    frame["_file"] = shown
    frame["_line"] = lines
    return frame


#: what a spreadsheet evaluates at the start of a cell (OWASP, "CSV injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTED_FORMULA = r"^'([=+\-@\t\r])"


def for_spreadsheets(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` safe to open in a spreadsheet: a text cell that starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (shown as text, never
    evaluated); :func:`read_raw_csv` with ``edited`` takes it off again. Numbers are left alone.

    Example:
        >>> for_spreadsheets(pd.DataFrame({"a": ["=HYPERLINK(1)", "ok"], "n": [-5, 2]}))["a"].tolist()
        ["'=HYPERLINK(1)", 'ok']
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            text = out[column]
            risky = text.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
            out[column] = text.mask(risky, "'" + text.astype("string"))
    return out


def raise_at(frame: pd.DataFrame, mask: pd.Series, problem) -> None:
    """Raise RawDataError at the first row where ``mask`` holds, naming its file and line.

    ``problem`` is a message, or a function of the row returning one.
    """
    mask = mask.fillna(False).astype(bool)
    if mask.any():
        row = frame.loc[mask[mask].index[0]]
        message = problem(row) if callable(problem) else problem
        raise RawDataError(f"{row['_file']}, line {row['_line']}: {message}")


def refuse_duplicates(frame: pd.DataFrame, columns, what: str = "row") -> None:
    """Raise RawDataError when two rows agree on ``columns``, naming the file and both lines.

    Example:
        >>> frame = pd.DataFrame({"a": ["1", "1"], "_file": "facts.csv", "_line": [2, 5]})
        >>> refuse_duplicates(frame, ["a"], "fact")
        Traceback (most recent call last):
        ...
        analysis.rawio.RawDataError: facts.csv, lines 2 and 5: the same fact twice; keep one
    """
    columns = list(columns)
    repeated = frame.duplicated(columns, keep="first")
    if repeated.any():
        second = frame.loc[repeated[repeated].index[0]]
        same = (frame[columns] == second[columns]).all(axis=1) | (
            frame[columns].isna() & second[columns].isna()
        ).all(axis=1)
        first = frame.loc[same[same].index[0]]
        raise RawDataError(
            f"{second['_file']}, lines {first['_line']} and {second['_line']}: the same {what} "
            "twice; keep one"
        )


def resolve_countries(frame: pd.DataFrame, column: str, excluded: str = "raise") -> pd.Series:
    """ISO3 of each row's country name (each distinct name resolved once).

    Args:
        excluded: ``"na"`` turns names on the exclusion list into NA (rows to drop);
            ``"raise"`` treats them as errors.

    Raises:
        RawDataError: an unknown name, naming file and line and the close matches.
    """
    from analysis.countries import ExcludedNameError, UnknownCountryError, to_iso3

    out: dict[str, object] = {}
    for name in frame[column].unique():
        try:
            out[name] = to_iso3(name)
        except ExcludedNameError as exc:
            if excluded != "na":
                raise_at(frame, frame[column] == name, str(exc))
            out[name] = pd.NA
        except UnknownCountryError as exc:
            raise_at(frame, frame[column] == name, str(exc))
    return frame[column].map(out).astype("string")


def parse_number(frame: pd.DataFrame, column: str) -> pd.Series:
    """Parse a column of a raw frame as numbers (thousands separators allowed; '' → NA).

    Raises:
        RawDataError: naming file and line of the first cell that is not a number.
    """
    text = frame[column].fillna("").str.replace(",", "", regex=False).str.strip()
    numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
    raise_at(frame, text.ne("") & numbers.isna(), lambda r: f"{column} = {r[column]!r} is not a number")
    return numbers.astype("Float64")


def read_source_yml(folder: Path) -> dict:
    """Read ``SOURCE.yml`` of a raw source folder.

    Raises:
        RawDataError: missing, not YAML (with the line), not UTF-8, or not a mapping.
    """
    path = Path(folder) / "SOURCE.yml"
    if not path.exists():
        raise RawDataError(f"{display_path(path)}: missing (every raw source documents itself)")
    try:
        with path.open(encoding="utf-8") as handle:
            meta = yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RawDataError(f"{display_path(path)}{where}: not valid YAML ({problem})") from exc
    except UnicodeDecodeError as exc:
        raise RawDataError(f"{display_path(path)}: not UTF-8 text ({exc.reason})") from exc
    if not isinstance(meta, dict):
        raise RawDataError(
            f"{display_path(path)}: expected a mapping of keys (id, title, licence, citation, …), "
            f"found {type(meta).__name__}"
        )
    return meta


def frame_to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """Deterministic CSV bytes of a frame (no index, '\\n' line ends, NA as empty)."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (mtime 0, no file name) of ``data``."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as handle:
        handle.write(data)
    return buffer.getvalue()

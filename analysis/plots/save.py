"""Saving figures: files a journal accepts, with deterministic bytes, source data and a caption.

:func:`save_figure` writes ``figures/<ISO3 or global>/<name>.<fmt>`` atomically:

- PDF with TrueType (Type 42) fonts, embedded and subset; SVG with text as ``<text>`` elements
  (editable in Inkscape or Illustrator) naming a font family with fallbacks; PNG at 200 dpi.
  The rc settings that decide this (:data:`SAVE_RC`) are in force when the file is written, not
  only when the figure is drawn.
- Deterministic bytes: fixed SVG hash salt; no date, creation-date or software metadata.
- ``<name>.csv``: the source data, one row per mark drawn, with each row's ``source_url``.
- ``<name>.json``: a sidecar with the parameters, the caption, each file's SHA-256 and the
  source-data file's name and SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from analysis.atomic import write_atomic
from analysis.paths import FIGURES_DIR, ROOT
from analysis.plots.theme import parse_width
from analysis.rawio import frame_to_csv_bytes

PNG_DPI = 200
SVG_HASH_SALT = "tip-analysis"

#: In force while a file is written: TrueType fonts in PDF (and PS), text as text in SVG.
SAVE_RC = {"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "none", "pdf.fonttype": 42, "ps.fonttype": 42}

#: SVG text names the theme's font with fallbacks, so an editor without DejaVu shows a sans-serif.
SVG_FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, Helvetica, sans-serif"
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "Producer": None},
}


class FigureFormatError(ValueError):
    """A figure format that save_figure cannot write."""


def _resolve_dir(figures_dir: str | Path | None) -> Path:
    folder = Path(figures_dir) if figures_dir else FIGURES_DIR
    return folder if folder.is_absolute() else ROOT / folder


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """The figure in ``fmt`` (png, svg, pdf) with deterministic bytes and :data:`SAVE_RC`."""
    if fmt not in _METADATA:
        raise FigureFormatError(f"unknown figure format {fmt!r}; accepted: {', '.join(_METADATA)}")
    buffer = io.BytesIO()
    with matplotlib.rc_context(SAVE_RC):
        fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=_METADATA[fmt])
    payload = buffer.getvalue()
    if fmt == "svg":
        payload = re.sub(
            rb"font-family: ?'DejaVu Sans'(?=[;\"])", b"font-family: " + SVG_FONT_FAMILY.encode(), payload
        )
    return payload


def save_figure(
    fig: Figure,
    name: str,
    country: str | None = None,
    formats: Sequence[str] = ("png", "svg"),
    figures_dir: str | Path | None = None,
    parameters: dict | None = None,
    data: pd.DataFrame | None = None,
    caption: str | None = None,
    width: str | float | None = None,
) -> dict[str, Path]:
    """Write ``<figures_dir>/<ISO3 or global>/<name>.<fmt>`` for each format, atomically.

    Args:
        fig: the figure.
        name: file stem (``enforcement``, ``tier_trajectory``, …).
        country: ISO3 code, or None for global figures.
        formats: any of ``png`` (200 dpi), ``svg``, ``pdf``.
        figures_dir: base folder; relative paths are taken from the repository root
            (default ``figures/``).
        parameters: what produced the figure (notebook parameters), stored in the sidecar.
        data: the source data, one row per mark drawn (with ``source_url``), written as
            ``<name>.csv``; its file name and SHA-256 go in the sidecar.
        caption: what the figure shows, its countries, years, sources and caveat.
        width: the print width the file is for (``single``, ``double`` or inches). Fonts and
            layout are decided when a figure is drawn, so the figure must have been drawn at it
            (``with figure_width("single"): fig = plots.…``, or a report's ``width``); a figure
            of another width is refused rather than squeezed. Recorded in the sidecar.

    Returns:
        The written paths by format, ``csv`` for the source data and ``json`` for the sidecar.
    """
    for fmt in formats:
        if fmt not in _METADATA:
            raise FigureFormatError(f"unknown figure format {fmt!r}; accepted: {', '.join(_METADATA)}")
    if not formats:
        raise FigureFormatError(f"no figure format given; accepted: {', '.join(_METADATA)}")
    inches = parse_width(width) if width is not None else fig.get_figwidth()
    if abs(fig.get_figwidth() - inches) > 0.01:
        raise FigureFormatError(
            f"figure {name!r} was drawn {fig.get_figwidth():g} in wide, not {inches:g} in: draw it at that "
            f"width (with analysis.plots.figure_width({width!r}): …) so that fonts and layout fit"
        )
    folder = _resolve_dir(figures_dir) / (country or "global")
    written: dict[str, Path] = {}
    hashes: dict[str, str] = {}
    for fmt in formats:
        payload = figure_bytes(fig, fmt)
        path = folder / f"{name}.{fmt}"
        write_atomic(path, payload)
        written[fmt] = path
        hashes[fmt] = hashlib.sha256(payload).hexdigest()
    source_data = None
    if data is not None:
        payload = frame_to_csv_bytes(data)
        path = folder / f"{name}.csv"
        write_atomic(path, payload)
        written["csv"] = path
        source_data = {"file": path.name, "sha256": hashlib.sha256(payload).hexdigest(), "rows": len(data)}
    sidecar = {
        "name": name,
        "country": country or "global",
        "caption": caption,
        "width_in": round(fig.get_figwidth(), 3),
        "formats": list(formats),
        "files_sha256": hashes,
        "parameters": parameters or {},
        "source_data": source_data,
    }
    path = folder / f"{name}.json"
    write_atomic(path, (json.dumps(sidecar, indent=2, sort_keys=True, default=str) + "\n").encode())
    written["json"] = path
    return written


def save_table(
    data: pd.DataFrame, name: str, country: str | None = None, figures_dir: str | Path | None = None
) -> Path:
    """Write a table-only section's data as ``<figures_dir>/<ISO3 or global>/<name>.csv``
    atomically (a section with a figure writes its data through :func:`save_figure`), removing
    any figure files of that name left from an earlier run."""
    remove_figure(name, country, figures_dir)
    path = _resolve_dir(figures_dir) / (country or "global") / f"{name}.csv"
    write_atomic(path, frame_to_csv_bytes(data))
    return path


def remove_figure(name: str, country: str | None = None, figures_dir: str | Path | None = None) -> list[Path]:
    """Delete a figure's files (every format and the sidecar), so no stale figure survives a
    run in which the figure has nothing to show. Returns the removed paths."""
    folder = _resolve_dir(figures_dir) / (country or "global")
    removed = []
    for suffix in (*_METADATA, "csv", "json"):
        path = folder / f"{name}.{suffix}"
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed

"""Saving figures: deterministic bytes, atomic files, a JSON sidecar.

:func:`save_figure` writes ``figures/<ISO3 or global>/<name>.<fmt>`` atomically with
deterministic bytes (fixed SVG hash salt; no date, creation-date or software metadata), plus a
JSON sidecar with the parameters and a hash of the data drawn.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from analysis.atomic import write_atomic
from analysis.paths import FIGURES_DIR, ROOT
from analysis.rawio import frame_to_csv_bytes

PNG_DPI = 200
SVG_HASH_SALT = "tip-analysis"
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
    """The figure in ``fmt`` (png, svg, pdf) with deterministic bytes."""
    if fmt not in _METADATA:
        raise FigureFormatError(f"unknown figure format {fmt!r}; accepted: {', '.join(_METADATA)}")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASH_SALT}):
        fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=_METADATA[fmt])
    return buffer.getvalue()


def save_figure(
    fig: Figure,
    name: str,
    country: str | None = None,
    formats: Sequence[str] = ("png", "svg"),
    figures_dir: str | Path | None = None,
    parameters: dict | None = None,
    data: pd.DataFrame | None = None,
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
        data: the frame drawn; its SHA-256 goes in the sidecar, so a changed figure can be
            traced to changed data.

    Returns:
        The written paths by format (and ``json`` for the sidecar).
    """
    for fmt in formats:
        if fmt not in _METADATA:
            raise FigureFormatError(f"unknown figure format {fmt!r}; accepted: {', '.join(_METADATA)}")
    folder = _resolve_dir(figures_dir) / (country or "global")
    written: dict[str, Path] = {}
    hashes: dict[str, str] = {}
    for fmt in formats:
        payload = figure_bytes(fig, fmt)
        path = folder / f"{name}.{fmt}"
        write_atomic(path, payload)
        written[fmt] = path
        hashes[fmt] = hashlib.sha256(payload).hexdigest()
    sidecar = {
        "name": name,
        "country": country or "global",
        "formats": list(formats),
        "files_sha256": hashes,
        "parameters": parameters or {},
        "data_sha256": hashlib.sha256(frame_to_csv_bytes(data)).hexdigest() if data is not None else None,
        "data_rows": None if data is None else len(data),
    }
    path = folder / f"{name}.json"
    write_atomic(path, (json.dumps(sidecar, indent=2, sort_keys=True, default=str) + "\n").encode())
    written["json"] = path
    return written


def remove_figure(name: str, country: str | None = None, figures_dir: str | Path | None = None) -> list[Path]:
    """Delete a figure's files (every format and the sidecar), so no stale figure survives a
    run in which the figure has nothing to show. Returns the removed paths."""
    folder = _resolve_dir(figures_dir) / (country or "global")
    removed = []
    for suffix in (*_METADATA, "json"):
        path = folder / f"{name}.{suffix}"
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed

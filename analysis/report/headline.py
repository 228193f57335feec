"""Headline numbers: how a report notebook hands its key figures to the batch runner.

The notebook stores them as output metadata under :data:`HEADLINE_KEY`
(:meth:`analysis.report.notebook.ReportOutput.record_headline`); the runner reads them back from
the executed notebook (:func:`read_headline`) for ``summary.csv`` instead of recomputing. Kept
free of pandas and the notebook stack: the report worker imports it.
"""

from __future__ import annotations

HEADLINE_KEY = "tip-analysis/headline"


def read_headline(notebook: dict) -> dict | None:
    """The headline dict recorded in an executed notebook (parsed JSON), or None.

    Example:
        >>> read_headline({"cells": [{"outputs": [{"metadata": {HEADLINE_KEY: {"tier": "2"}}}]}]})
        {'tier': '2'}
    """
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            metadata = output.get("metadata") or {}
            if HEADLINE_KEY in metadata:
                return metadata[HEADLINE_KEY]
    return None

"""Showing report sections in a notebook: prose, figure, and the files behind them.

The story notebooks call :class:`ReportOutput` so that each section is one line:
``out.show(report.enforcement())`` displays the computed prose, saves the figure with its source
data and caption (:func:`analysis.plots.save_figure`), and displays the saved PNG with the
caption under it and as its alt text (so the notebook, its HTML export and ``figures/`` hold the
same image).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.paths import REPORT_DIR_ENV
from analysis.plots import figure_bytes, remove_figure, save_figure
from analysis.plots.save import save_table
from analysis.report.headline import HEADLINE_KEY

DISPLAY_WIDTH = 820


def data_link(path: Path) -> str:
    """A link to a data file relative to where the report page is: the folder the report worker
    names in :data:`analysis.paths.REPORT_DIR_ENV`, else (JupyterLab) the notebook's folder."""
    base = os.environ.get(REPORT_DIR_ENV) or os.getcwd()
    return Path(os.path.relpath(Path(path).resolve(), Path(base).resolve())).as_posix()


def table_html(table) -> str:
    """A key table as HTML: no index, values escaped, the theme's plain style."""
    shown = table.astype(object).where(table.notna(), "–")  # pd.NA in an object column, too
    return shown.to_html(index=False, border=0, classes="tip-table", escape=True)


@dataclass
class ReportOutput:
    """Where a notebook's figures go and with which parameters they were made."""

    country: str | None = None
    figures_dir: str = "figures"
    formats: Sequence[str] = ("png", "svg")
    parameters: dict = field(default_factory=dict)

    def title(self, text: str) -> None:
        from IPython.display import Markdown, display

        display(Markdown(f"# {text}"))

    def show(self, section) -> None:
        """Display a section's prose and figure; write the figure files."""
        from IPython.display import HTML, Image, Markdown, display

        display(Markdown(section.text))
        if section.table is not None:
            display(HTML(table_html(section.table)))
        if section.figure is None:  # nothing to draw: say so in prose, leave no stale file
            if section.table is not None and section.data is not None:
                path = save_table(section.data, section.key, self.country, self.figures_dir)
                display(Markdown(f"Data: [{path.name}]({data_link(path)})"))
            else:
                remove_figure(section.key, self.country, self.figures_dir)
            return
        paths = save_figure(
            section.figure,
            section.key,
            self.country,
            self.formats,
            self.figures_dir,
            self.parameters,
            section.data,
            section.caption,
        )
        png = paths["png"].read_bytes() if "png" in paths else figure_bytes(section.figure, "png")
        alt = section.caption or section.key.replace("_", " ")
        display(Image(data=png, format="png", width=DISPLAY_WIDTH, metadata={"alt": alt}))
        if section.caption:
            display(Markdown(f"*{section.caption}*"))
        if "csv" in paths:
            display(Markdown(f"Data behind this figure: [{paths['csv'].name}]({data_link(paths['csv'])})"))

    def footer(self) -> None:
        """Close the report: methods and limitations, run date, data version, how to cite."""
        from IPython.display import Markdown, display

        from analysis.report.footer import footer_markdown

        display(Markdown(footer_markdown()))

    def record_headline(self, headline: dict) -> None:
        """Store headline numbers in the executed notebook (output metadata ``HEADLINE_KEY``).

        Batch runs read them from there (:func:`analysis.report.headline.read_headline`) instead of
        recomputing; the output itself renders as nothing.
        """
        from IPython.display import display

        display({"text/markdown": ""}, raw=True, metadata={HEADLINE_KEY: headline})

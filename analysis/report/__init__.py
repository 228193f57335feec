"""Reports: computed prose and figures per section (presentation), and report runs (runs).

- :mod:`analysis.report.section`: :class:`~analysis.report.section.Section`, the panel a report
  reads, and the year window every report applies.
- :mod:`analysis.report.text`: how numbers and names are written in prose.
- :mod:`analysis.report.country`, :mod:`analysis.report.global_`: the sections of the country
  report and of the global overview.
- :mod:`analysis.report.notebook`: showing sections in a notebook (prose, figure, files).
- :mod:`analysis.report.run`: running the notebooks with papermill for many parameter sets.
- :mod:`analysis.report.worker`: one report in its own process.

This ``__init__`` imports nothing, so that a worker process starts fast.
"""

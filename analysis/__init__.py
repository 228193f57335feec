"""tip-analysis: a sourced country-year panel of government anti-trafficking efforts.

Four layers, imported in one direction (a module imports only from its own layer or earlier
ones; ``tests/unit/test_layout.py`` checks it):

1. **panel** – raw sources to the tidy, validated panel: :mod:`analysis.paths`,
   :mod:`analysis.atomic`, :mod:`analysis.rawio`, :mod:`analysis.countries`,
   :mod:`analysis.schema`, :mod:`analysis.caveats`, :mod:`analysis.sources` (the registry and one
   reader per source), :mod:`analysis.build`, :mod:`analysis.panel`, :mod:`analysis.series`.
2. **measures** – what the panel says: :mod:`analysis.enforcement`, :mod:`analysis.protection`,
   :mod:`analysis.tiers`, and the narrative extractor :mod:`analysis.extract`.
3. **presentation** – figures and prose: :mod:`analysis.plots` and the report sections in
   :mod:`analysis.report` (``section``, ``headline``, ``text``, ``country``, ``global_``,
   ``notebook``).
4. **runs** – executing the notebooks: :mod:`analysis.report.run`, :mod:`analysis.report.worker`
   and the command line :mod:`analysis.cli`.

Labels, colours, caveats and vocabularies are data (``analysis/data/*.csv``); coverage facts
come from each source's ``SOURCE.yml``.
"""

__version__ = "0.1.0"

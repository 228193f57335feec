"""tip-analysis: a sourced country-year panel of government anti-trafficking efforts.

Modules are named for what they compute or hold:

- :mod:`analysis.countries` – the one country table and name lookup.
- :mod:`analysis.schema` – the indicator vocabulary and the facts schema (with validation).
- :mod:`analysis.sources` – one reader per raw source, each returning tidy frames.
- :mod:`analysis.build` – rebuilds ``data/processed/`` from ``data/raw/`` (atomically).
- :mod:`analysis.panel` – loads the processed panel (validated on load).
"""

__version__ = "0.1.0"

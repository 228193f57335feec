"""Publication figures (presentation layer).

- :mod:`analysis.plots.theme`: the one theme, colours and labels, :func:`finish` (title,
  legend and source line) and the helpers shared by every figure.
- :mod:`analysis.plots.save`: deterministic PNG / SVG / PDF files and their JSON sidecar.
- :mod:`analysis.plots.enforcement`, :mod:`analysis.plots.protection` and
  :mod:`analysis.plots.tiers`: the country report's figures.
- :mod:`analysis.plots.global_`: the global overview's figures.

The names below are re-exported so that ``from analysis import plots; plots.save_figure(...)``
works without knowing which module holds what.
"""

from analysis.plots.enforcement import (
    attrition_vs_region,
    enforcement_over_time,
    source_disagreements,
    yoy_headline,
)
from analysis.plots.global_ import (
    criteria_gaps_by_region,
    followthrough_by_theme,
    global_enforcement,
    global_ratios,
    regional_medians,
    tier_distribution,
)
from analysis.plots.protection import (
    count_gaps,
    criteria_gap,
    criteria_strip,
    followthrough_bars,
    protection_counts,
)
from analysis.plots.save import FigureFormatError, figure_bytes, remove_figure, save_figure
from analysis.plots.theme import (
    INDICATOR_LABELS,
    SOURCE_LABELS,
    TIER_LABELS,
    TIER_SOURCE_LABELS,
    WIDTHS,
    figure_width,
    new_figure,
    parse_width,
    source_line,
    theme_rc,
    use_theme,
)
from analysis.plots.tiers import tier_trajectory

__all__ = [
    "INDICATOR_LABELS",
    "SOURCE_LABELS",
    "TIER_LABELS",
    "TIER_SOURCE_LABELS",
    "WIDTHS",
    "FigureFormatError",
    "attrition_vs_region",
    "count_gaps",
    "criteria_gap",
    "criteria_gaps_by_region",
    "criteria_strip",
    "enforcement_over_time",
    "figure_bytes",
    "figure_width",
    "followthrough_bars",
    "followthrough_by_theme",
    "global_enforcement",
    "global_ratios",
    "new_figure",
    "parse_width",
    "protection_counts",
    "regional_medians",
    "remove_figure",
    "save_figure",
    "source_disagreements",
    "source_line",
    "theme_rc",
    "tier_distribution",
    "tier_trajectory",
    "use_theme",
    "yoy_headline",
]

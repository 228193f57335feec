"""Report sections, one module each, registered in report order.

A country report is the list :data:`COUNTRY`: each name is a module of
:mod:`analysis.report.sections.country` whose ``build(report)`` returns the section (computed prose,
at most one figure, its source data and caption) from a
:class:`~analysis.report.country.CountryReport`, which holds what the sections share (the
country's facts, tiers, criteria, … loaded once, lazily). The global overview is the list
:data:`WORLD` of :mod:`analysis.report.sections.world` over a
:class:`~analysis.report.global_.GlobalReport`; a comparison of countries the list :data:`COMPARE`
of :mod:`analysis.report.sections.compare` over a :class:`~analysis.report.compare.CompareReport`.

A new section is one module with ``build(report)`` plus one line here (and one cell in the
notebook that shows it: ``out.show(report.<name>())``).
"""

#: the country report's sections, in report order
COUNTRY = (
    "at_a_glance",
    "enforcement",
    "attrition",
    "protection_counts",
    "count_gaps",
    "protection_criteria",
    "criteria_gap",
    "recommendations",
    "tier_trajectory",
    "caveats",
)
#: country sections shown on request only (``report.coverage()``: what the panel holds)
COUNTRY_EXTRA = ("coverage",)
#: the comparison's sections (:class:`~analysis.report.compare.CompareReport`), in report order
COMPARE = ("overview", "conversion", "tiers")
#: the global overview's sections, in report order
WORLD = (
    "enforcement",
    "ratios",
    "tiers_per_year",
    "regions",
    "criteria_by_region",
    "followthrough_by_theme",
)

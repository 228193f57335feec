"""The comparison's sections: one module per section, each with ``build(report)``; their order is
:data:`analysis.report.sections.COMPARE`."""

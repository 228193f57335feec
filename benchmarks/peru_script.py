"""The Peru country report's analysis as a plain Python script (no notebook, no kernel).

The baseline for benchmarks/bench_reports.py: same sections, same figures, written to a
temporary folder.
"""

import sys
import tempfile

from analysis.plots import save_figure
from analysis.report.country import CountryReport


def main(country: str = "Peru") -> None:
    report = CountryReport(country)
    with tempfile.TemporaryDirectory() as folder:
        for section in [report.coverage(), *report.sections()]:
            print(section.text[:60])
            if section.figure is not None:
                save_figure(
                    section.figure, section.key, report.iso3, ("png", "svg"), folder, {}, section.data
                )
        report.headline()


if __name__ == "__main__":
    main(*sys.argv[1:])

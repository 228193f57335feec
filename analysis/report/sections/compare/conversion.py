"""The comparison's ``conversion`` section: convictions per prosecution (UNODC), a line per country or each
country's latest value."""

from __future__ import annotations

from analysis import plots
from analysis.caveats import caveat
from analysis.plots.compare import MAX_LINES, conversion_lines, latest_dots
from analysis.report import text
from analysis.report.compare import CONVERSION_SOURCE, CompareReport
from analysis.report.section import Section, caption, marks, years_label


def build(report: CompareReport) -> Section:
    """Convictions per prosecution (UNODC): a line per country when few are compared, else
    each country's latest value."""
    ratios = report.conversion_ratios()
    drawn = ratios[ratios["ratio"].notna()]
    source_rows = report.facts[
        (report.facts["source"] == CONVERSION_SOURCE)
        & report.facts["indicator"].isin(["convictions", "prosecutions"])
    ]
    source_line = plots.source_line(source_rows)
    latest = report.overview_table[["country", "conversion", "conversion_year"]]
    with_ratio = latest["conversion"].notna().sum()
    sentences = [
        f"{text.plural(int(with_ratio), 'country', 'countries')} of {len(latest)} report both "
        f"convictions and prosecutions to UNODC for at least one year. {caveat('same_year_ratio')}"
    ]
    if with_ratio:
        best = latest.loc[latest["conversion"].idxmax()]
        low = latest.loc[latest["conversion"].idxmin()]
        if best["country"] != low["country"]:
            sentences.append(
                f"Latest values run from {text.ratio(low['conversion'])} ({low['country']}, "
                f"{int(low['conversion_year'])}) to {text.ratio(best['conversion'])} ({best['country']}, "
                f"{int(best['conversion_year'])})."
            )
    title = f"{report.region or 'Countries compared'}: convictions per prosecution"
    if len(report.codes) <= MAX_LINES:
        names = dict(zip(report.codes, report.names, strict=True))
        frame = drawn.assign(country=drawn["iso3"].map(names))
        figure = report.draw(conversion_lines, frame, report.names, title, source_line)
        what = f"Convictions per prosecution by year: {report.subject}"
    else:
        frame = latest.rename(columns={"conversion": "value", "conversion_year": "year"})
        figure = report.draw(
            latest_dots,
            frame,
            title + " (latest year)",
            source_line,
            "Convictions per prosecution (same year, persons)",
        )
        what = f"Latest convictions per prosecution: {report.subject}"
    data = marks(
        drawn.rename(columns={"ratio": "value"}),
        indicator="convictions_per_prosecution",
    )
    data["source_url"] = data["iso3"].map(source_rows.groupby("iso3")["source_url"].first())
    years = sorted(drawn["year"].dropna().astype(int).unique())
    return report.make_section(
        "compare_conversion",
        " ".join(sentences),
        figure,
        data,
        caption(what, years_label(years), source_line, caveat("same_year_ratio")),
    )

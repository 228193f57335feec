"""The global overview's ``ratios`` section: convictions per prosecution and the labour-trafficking
shares, year by year.
"""

from __future__ import annotations

from analysis import plots
from analysis.caveats import caveat
from analysis.report import text
from analysis.report.global_ import GlobalReport
from analysis.report.section import Section, caption, marks, years_label


def build(report: GlobalReport) -> Section:
    table = report.table
    conv = table[table["convictions_per_prosecution"].notna()]
    sentences = []
    if not conv.empty:
        low = conv.loc[conv["convictions_per_prosecution"].idxmin()]
        high = conv.loc[conv["convictions_per_prosecution"].idxmax()]
        sentences.append(
            f"Convictions per prosecution ranged from {text.ratio(low['convictions_per_prosecution'])} "
            f"({int(low['year'])}) to {text.ratio(high['convictions_per_prosecution'])} "
            f"({int(high['year'])}). " + caveat("same_year_ratio")
        )
    labor = table[table["labor_share_prosecutions"].notna()]
    if not labor.empty:
        last = labor.iloc[-1]
        sentences.append(
            f"Labour trafficking made up {text.ratio(last['labor_share_prosecutions'], 1)}% of "
            f"prosecutions and {text.ratio(last['labor_share_convictions'], 1)}% of convictions in "
            f"{int(last['year'])}."
        )
    world = report.world()
    source_line = plots.source_line(world)
    figure = report.draw(
        plots.global_ratios,
        table,
        report.figure_title("conversion and labour-trafficking share"),
        source_line,
    )
    measures = [
        "convictions_per_prosecution",
        "labor_share_prosecutions",
        "labor_share_convictions",
        "labor_share_victims",
    ]
    long = table.melt(
        id_vars=["year", "report_year"], value_vars=measures, var_name="indicator", value_name="value"
    ).dropna(subset=["value"])
    long["note"] = long["indicator"].map(
        lambda m: "ratio" if m.startswith("conv") else "percent of the total"
    )
    urls = world.groupby("reference_year")["source_url"].agg(lambda u: "; ".join(sorted(set(u.dropna()))))
    data = marks(long, country="World", iso3="WLD", source="tip_global")
    data["source_url"] = data["year"].map(urls)
    text_caption = caption(
        "World: convictions per prosecution and the labour-trafficking share of "
        "prosecutions, convictions and victims",
        years_label(long["year"]),
        source_line,
        caveat("same_year_ratio"),
    )
    return report.make_section("global_ratios", " ".join(sentences), figure, data, text_caption)

import json

import pandas as pd
import pytest
from helpers import FIGURE_KEYS

from analysis import plots
from analysis.plots import save, theme


def _figure():
    values = pd.DataFrame(
        {
            "source": ["unodc_glotip"] * 3,
            "indicator": ["convictions"] * 3,
            "year": [2010, 2011, 2013],
            "low": [4.0, 0.0, 9.0],
            "high": [4.0, 4.0, 9.0],
            "note": [None, "suppressed", None],
        }
    )
    yoy = pd.DataFrame(
        {
            "source": ["unodc_glotip"],
            "indicator": ["convictions"],
            "year": [2013],
            "previous_year": [2011],
            "ratio": [float("nan")],
        }
    )
    return plots.enforcement_over_time(values, yoy, "Testland: law enforcement", "Source: test"), values


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_figure_bytes_are_deterministic_and_carry_no_dates(fmt):
    fig, _ = _figure()
    first, second = plots.figure_bytes(fig, fmt), plots.figure_bytes(_figure()[0], fmt)
    assert first == second
    if fmt == "svg":
        assert b"<dc:date>" not in first
    if fmt == "pdf":
        assert b"/CreationDate" not in first
    if fmt == "png":
        assert b"Software" not in first


def test_save_figure_writes_files_and_sidecar(tmp_path):
    fig, values = _figure()
    paths = plots.save_figure(
        fig, "enforcement", "XKX", ("png", "svg", "pdf"), tmp_path, {"country": "Kosovo"}, values
    )
    assert {p.name for p in (tmp_path / "XKX").iterdir()} == {
        "enforcement.png",
        "enforcement.svg",
        "enforcement.pdf",
        "enforcement.csv",
        "enforcement.json",
    }
    sidecar = json.loads(paths["json"].read_text())
    assert sidecar["parameters"] == {"country": "Kosovo"} and sidecar["source_data"]["rows"] == 3
    assert len(sidecar["source_data"]["sha256"]) == 64
    with pytest.raises(plots.FigureFormatError, match="accepted: png, svg, pdf"):
        save.save_figure(fig, "x", None, ("gif",), tmp_path)
    assert plots.remove_figure("enforcement", "XKX", tmp_path)
    assert not list((tmp_path / "XKX").iterdir())


@pytest.fixture(scope="module")
def every_figure(drawn):
    """Every figure the two reports draw (Peru's seven, the global four), by key."""
    return {key: s.figure for key, s in drawn["double"].items() if s.figure is not None}


def test_the_reports_draw_every_figure_function(every_figure):
    from analysis.plots import enforcement, global_, protection, tiers

    drawn = FIGURE_KEYS
    assert set(every_figure) == drawn
    functions = [
        name
        for module in (enforcement, protection, tiers, global_)
        for name in dir(module)
        if callable(getattr(module, name))
        and not name.startswith("_")  # private helpers of the figure functions
        and getattr(getattr(module, name), "__module__", "") == module.__name__
    ]
    assert len(functions) == len(drawn)  # one figure per plot function: none is left untested


def test_every_figure_has_title_source_line_and_labelled_axes(every_figure):
    for key, fig in every_figure.items():
        texts = [t.get_text() for t in fig.texts]
        assert any(t.startswith(("Peru:", "World:", "World (")) for t in texts), key
        assert any(t.startswith("Source: ") for t in texts), key
        for ax in fig.axes:
            if (
                ax.axison
            ):  # a label on the axes, on one it shares the axis with, or on a panel in its row/column
                spec = ax.get_subplotspec()
                row = [a for a in fig.axes if a.get_subplotspec().rowspan == spec.rowspan]
                column = [a for a in fig.axes if a.get_subplotspec().colspan == spec.colspan]
                xs = [ax, *ax.get_shared_x_axes().get_siblings(ax), *column]
                ys = [ax, *ax.get_shared_y_axes().get_siblings(ax), *row]
                categories = any(c.isalpha() for label in ax.get_yticklabels() for c in label.get_text())
                assert any(a.get_xlabel() for a in xs), (key, "x")
                assert any(a.get_ylabel() for a in ys) or categories, (key, "y")


def test_theme_uses_okabe_ito_and_leaves_global_state_alone():
    import matplotlib

    before = matplotlib.rcParams["axes.prop_cycle"]
    rc = theme.theme_rc()
    colors = [c["color"].upper().lstrip("#") for c in rc["axes.prop_cycle"]]
    assert colors[:4] == ["0072B2", "E69F00", "009E73", "D55E00"]
    _figure()
    assert matplotlib.rcParams["axes.prop_cycle"] == before


def test_source_line_names_sources_and_editions():
    rows = pd.DataFrame(
        {
            "source": ["tip_narrative", "tip_narrative", "tip_narrative", "unodc_glotip"],
            "report_year": [2008, 2019, 2020, 2023],
        }
    )
    assert plots.source_line(rows) == (
        "Source: US TIP Report narratives (2008, 2019-2020 editions); UNODC GLOTIP (2023 release)"
    )


def test_pdf_fonts_are_embedded_truetype_subsets():
    """The PDFs embedded DejaVu as Type 3 fonts, which publishers' checks reject."""
    import io

    from pypdf import PdfReader

    fig, _ = _figure()
    reader = PdfReader(io.BytesIO(plots.figure_bytes(fig, "pdf")))
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/Type0", font["/Subtype"]  # not /Type3
        descendant = font["/DescendantFonts"][0].get_object()
        assert descendant["/Subtype"] == "/CIDFontType2"  # TrueType outlines (matplotlib's Type 42)
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # embedded
        assert "+" in str(font["/BaseFont"])  # subset: ABCDEF+DejaVuSans


def test_svg_text_is_editable_text_with_a_font_fallback():
    """The SVGs drew every label as paths: an editor could not fix a label."""
    fig, _ = _figure()
    svg = plots.figure_bytes(fig, "svg").decode()
    assert svg.count("<text") >= 5 and "Testland: law enforcement" in svg
    assert "font-family: 'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, Helvetica, sans-serif" in svg
    assert "<defs>" not in svg.split('<g id="text_')[0] or "glyph" not in svg  # no glyph outlines


def test_save_figure_writes_source_data_and_caption(tmp_path):
    fig, values = _figure()
    data = values.assign(country="Testland", source_url="https://example.org/t")
    paths = plots.save_figure(fig, "enforcement", "XKX", ("svg",), tmp_path, {}, data, "Testland: a caption.")
    sidecar = json.loads(paths["json"].read_text())
    assert sidecar["caption"] == "Testland: a caption."
    assert sidecar["source_data"]["file"] == "enforcement.csv" and sidecar["source_data"]["rows"] == 3
    csv = paths["csv"].read_bytes()
    assert sidecar["source_data"]["sha256"] == __import__("hashlib").sha256(csv).hexdigest()
    assert b"https://example.org/t" in csv
    assert set(plots.remove_figure("enforcement", "XKX", tmp_path)) >= {paths["csv"], paths["json"]}


@pytest.fixture(scope="module")
def enforcement_figures(drawn, panel):
    """The enforcement figure of Peru and of Nigeria at both widths: Nigeria's UNODC panel was
    the crowded one (issue 22, item 8)."""
    from analysis.report.country import CountryReport

    figures = {f"PER-{w}": drawn[w]["enforcement"].figure for w in ("single", "double")}
    for width in ("single", "double"):
        figures[f"NGA-{width}"] = CountryReport("Nigeria", panel=panel, width=width).enforcement().figure
    return figures


def _marker_boxes(fig):
    from matplotlib.transforms import Bbox

    from analysis.plots.labels import MARKER_HALF

    half = MARKER_HALF * fig.dpi / 72 - 1
    centres = []
    for ax in fig.axes:
        for line in ax.get_lines():
            if line.get_marker() not in (None, "None", ""):
                centres += [ax.transData.transform((x, y)) for x, y in line.get_xydata()]
        for collection in ax.collections:  # the scatter markers of each series
            centres += list(collection.get_offset_transform().transform(collection.get_offsets()))
    return [Bbox([[px - half, py - half], [px + half, py + half]]) for px, py in centres]


def test_ratio_labels_of_the_enforcement_figure_meet_no_other_label_nor_a_marker(enforcement_figures):
    """Ratio labels overlapped each other and the markers in the enforcement figures (issue 22,
    item 8): each is placed apart once the figure is laid out, or left out (the note says so)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from analysis.plots.labels import overlap

    for key, fig in enforcement_figures.items():
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        boxes, hidden = [], 0
        for ax in fig.axes:
            ratio_texts = [t for t in ax.texts if t.get_text().startswith("×")]
            hidden += sum(not t.get_visible() for t in ratio_texts)
            boxes += [(ax, t.get_window_extent(renderer)) for t in ratio_texts if t.get_visible()]
        markers = _marker_boxes(fig)
        assert boxes and hidden <= len(boxes), (key, hidden, len(boxes))  # most changes stay labelled
        for i, (ax, box) in enumerate(boxes):
            assert all(overlap(box, other) == 0 for _, other in boxes[i + 1 :]), (key, box)
            assert all(overlap(box, m) == 0 for m in markers), (key, box)
            inside = ax.bbox
            assert box.x0 >= inside.x0 - 1 and box.x1 <= inside.x1 + 1 and box.y0 >= inside.y0 - 1, (key, box)


def test_no_enforcement_axes_draws_tens_under_hundreds(enforcement_figures):
    """Series whose peaks differ more than MAGNITUDE_SPREAD times get axes of their own (Nigeria's
    UNODC suspects, in the hundreds, squashed prosecutions and convictions, in the tens); a series
    of zeros joins the smallest, never an axes of its own."""
    import numpy as np

    from analysis.plots.enforcement import MAGNITUDE_SPREAD

    for key, fig in enforcement_figures.items():
        for ax in fig.axes:
            if not ax.axison:
                continue
            peaks = []
            for line in ax.get_lines():
                ys = np.asarray(line.get_ydata(), dtype=float)
                if not line.get_label().startswith("_") and np.isfinite(ys).any():
                    peaks.append(np.nanmax(ys))
            assert any(p > 0 for p in peaks), (key, ax.get_title())  # no axes for zeros alone
            sized = [p for p in peaks if p > 0]
            assert max(sized) <= MAGNITUDE_SPREAD * min(sized), (key, ax.get_title(), peaks)

"""Figures at journal widths: single (3.5 in) and double (7.2 in); no text below 6 pt; nothing overlaps."""

import itertools

import matplotlib.text
import pytest
from helpers import FIGURE_KEYS
from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis.plots import figure_width, parse_width, save_figure
from analysis.plots.save import FigureFormatError
from analysis.plots.theme import MIN_FONT_PT, current_width

KEYS = FIGURE_KEYS


@pytest.fixture(params=["single", "double"])
def figures(request, drawn):
    figures = {key: s.figure for key, s in drawn[request.param].items() if s.figure is not None}
    assert set(figures) == KEYS
    return request.param, figures


def test_widths_are_named_or_inches():
    assert parse_width("single") == 3.5 and parse_width("double") == 7.2 and parse_width(5) == 5.0
    for bad in ("triple", 1, 40, True, None):
        with pytest.raises(ValueError, match="accepted single"):
            parse_width(bad)
    with figure_width("single"):
        assert current_width() == 3.5
    assert current_width() == 7.2


def test_every_figure_is_as_wide_as_asked(figures):
    width, drawn = figures
    for key, fig in drawn.items():
        assert fig.get_figwidth() <= parse_width(width) + 1e-9, key


def test_no_text_is_below_6_pt(figures):
    _, drawn = figures
    for key, fig in drawn.items():
        small = [
            (t.get_text(), t.get_fontsize())
            for t in fig.findobj(matplotlib.text.Text)
            if t.get_visible() and t.get_text().strip() and t.get_fontsize() < MIN_FONT_PT
        ]
        assert not small, (key, small)


def test_title_legend_and_source_line_do_not_overlap_and_stay_inside(figures):
    width, drawn = figures
    for key, fig in drawn.items():
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        boxes = [t.get_window_extent(renderer) for t in fig.texts if t.get_text().strip()]
        boxes += [legend.get_window_extent(renderer) for legend in fig.legends]
        for ax in fig.axes:
            if ax.axison:
                boxes.append(ax.get_tightbbox(renderer))
        figure_box = fig.bbox
        for box in boxes:
            assert box.x0 >= figure_box.x0 - 1 and box.x1 <= figure_box.x1 + 1, (width, key, "outside", box)
            assert box.y0 >= figure_box.y0 - 1 and box.y1 <= figure_box.y1 + 1, (width, key, "outside", box)
        figure_level = boxes[: len(fig.texts) + len(fig.legends)]
        for a, b in itertools.combinations(figure_level, 2):
            assert not a.overlaps(b), (width, key, a, b)


def test_a_figure_is_saved_only_at_the_width_it_was_drawn_at(tmp_path, drawn):
    section = drawn["double"]["attrition"]
    with pytest.raises(FigureFormatError, match=r"drawn 7\.2 in wide, not 3\.5 in"):
        save_figure(section.figure, "attrition", "PER", ("png",), tmp_path, width="single")
    narrow = drawn["single"]["attrition"]
    paths = save_figure(narrow.figure, "attrition", "PER", ("png",), tmp_path, width="single")
    assert '"width_in": 3.5' in paths["json"].read_text()

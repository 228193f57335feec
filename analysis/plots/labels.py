"""Labels placed without collisions: each moved, in order, to the first of its candidate
offsets where it overlaps no label placed before it and no marked point.

Matplotlib lays a figure out when it is drawn, so :func:`place_apart` draws the figure once (on
an Agg canvas, as saving does) and then moves the labels in points, which the layout keeps. The
result is deterministic: the same figure gives the same placement, hence the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

#: vertical offsets (points) tried for a segment's label: above and below, further out each time
OFFSETS = (3, -3, 10, -10, 17, -17, 24, -24)
#: half the side (points) of the square kept free around each marked point
MARKER_HALF = 3.0
#: how much worse a label's area outside its axes counts than an overlap of the same area
OUTSIDE_PENALTY = 10.0


def overlap(a: Bbox, b: Bbox) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def place_apart(
    fig: Figure,
    labels: Sequence[Annotation],
    points: Sequence[tuple[object, float, float]] = (),
    hide_unplaceable: bool = False,
) -> int:
    """Move each label of ``labels`` to the first of :data:`OFFSETS` (its own sign first) where it
    meets no label already placed, no point of ``points`` (``(axes, x, y)`` in data units) and
    stays inside its axes; when every offset meets something, to the one that costs least (area
    overlapped, area outside the axes counted :data:`OUTSIDE_PENALTY` times) or, with
    ``hide_unplaceable``, hide it (the figure's note should say that such labels are left out).

    Returns:
        How many labels were hidden.
    """
    if not labels:
        return 0
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    scale = fig.dpi / 72
    obstacles = []
    for ax, x, y in points:
        px, py = ax.transData.transform((x, y))
        half = MARKER_HALF * scale
        obstacles.append(Bbox([[px - half, py - half], [px + half, py + half]]))
    placed: list[Bbox] = []
    hidden = 0
    for label in labels:
        first = label.xyann[1]
        tries = sorted(OFFSETS, key=lambda dy: (abs(dy), (dy > 0) != (first > 0)))
        best, best_cost = None, float("inf")
        for dy in tries:
            label.xyann = (label.xyann[0], dy)
            label.set_va("bottom" if dy > 0 else "top")
            box = label.get_window_extent(renderer)
            cost = sum(overlap(box, other) for other in [*placed, *obstacles])
            inside = overlap(box, label.axes.bbox)  # a label outside its axes meets the ticks
            cost += OUTSIDE_PENALTY * (box.width * box.height - inside)
            if cost < best_cost:
                best, best_cost = dy, cost
            if cost == 0:
                break
        if best_cost > 0 and hide_unplaceable:
            label.set_visible(False)  # a label on another label or a marker reads as neither
            hidden += 1
            continue
        label.xyann = (label.xyann[0], best)
        label.set_va("bottom" if best > 0 else "top")
        placed.append(label.get_window_extent(renderer))
    return hidden

"""Checks of drawn figures as a reader sees them: text size once the figure is scaled into the
book's text column, legends that never cover data, no empty panel, lines never drawn across a
missing value. Used by the EGDI figure tests (fast, no notebook run)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from egovreport.egdi_plots import MIN_RENDERED_PT, TEXT_COLUMN_PX

SAVE_DPI = 150  # figures.apply_style: savefig.dpi


def saved_width_px(fig) -> int:
    """Width of the PNG the book shows: savefig's tight bounding box plus its 0.1-inch padding at
    the report's 150 dpi (measured from the layout, without encoding a PNG)."""
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    return round((box.width + 2 * 0.1) * SAVE_DPI)


def visible_texts(fig):
    fig.canvas.draw()
    return [t for t in fig.findobj(match=plt.Text)
            if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0 and t.get_figure() is not None]


def rendered_min_pt(fig, column_px: int = TEXT_COLUMN_PX) -> tuple[float, str]:
    """Smallest text of ``fig`` in CSS points as shown in the text column (the image is scaled
    down to the column when wider, shown at its natural size otherwise), and that text."""
    natural = saved_width_px(fig)
    shown = min(natural, column_px)
    smallest = min(visible_texts(fig), key=lambda t: t.get_fontsize())
    # font px in the PNG = pt * dpi / 72; CSS pt = CSS px * 72 / 96
    pt = smallest.get_fontsize() * SAVE_DPI / 96 * shown / natural
    return pt, smallest.get_text()


def data_points(ax) -> np.ndarray:
    """Display coordinates of every data point drawn in ``ax`` (line vertices, scatter points,
    bar ends), NaN dropped."""
    pts = []
    for line in ax.get_lines():
        xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) and line.get_visible():
            pts.append(ax.transData.transform(xy))
    for coll in ax.collections:
        if isinstance(coll, PathCollection) and len(coll.get_offsets()):
            off = np.asarray(coll.get_offsets(), float)
            off = off[np.isfinite(off).all(axis=1)]
            if len(off):
                pts.append(coll.get_offset_transform().transform(off))
    for patch in ax.patches:
        # bars (in data coordinates); axvspan/axhspan bands are drawn in blended coordinates
        if isinstance(patch, Rectangle) and patch.get_data_transform() is ax.transData and patch.get_fill():
            x, y, w, h = patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()
            if w and h and np.isfinite([x, y, w, h]).all():
                corners = np.array([[x + w, y + h / 2], [x + w / 2, y + h]])
                pts.append(ax.transData.transform(corners))
    return np.vstack(pts) if pts else np.empty((0, 2))


def legend_overlaps(fig) -> list[str]:
    """Legends whose box contains a data point of any axes."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legends = [lg for lg in fig.legends] + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    bad = []
    for lg in legends:
        box = lg.get_window_extent(renderer)
        for ax in fig.axes:
            pts = data_points(ax)
            inside = (pts[:, 0] > box.x0) & (pts[:, 0] < box.x1) & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)
            if inside.any():
                bad.append(f"legend over data of axes {ax.get_title(loc='left') or ax.get_title()!r}")
    return bad


def empty_axes(fig) -> list[str]:
    """Visible axes (with a frame) that show no data at all."""
    out = []
    for ax in fig.axes:
        if not ax.axison:
            continue
        if not len(data_points(ax)):
            out.append(ax.get_title(loc="left") or ax.get_title() or "axes")
    return out


def lines_across_gaps(ax, x_values) -> list[str]:
    """Lines of ``ax`` that join two points across an ``x`` in ``x_values`` (a missing edition)."""
    bad = []
    for line in ax.get_lines():
        x = np.asarray(line.get_xdata(), float)
        y = np.asarray(line.get_ydata(), float)
        ok = np.isfinite(x) & np.isfinite(y)
        xs = x[ok]
        for a, b in zip(xs, xs[1:]):
            # consecutive finite points with a missing edition between them and no NaN in between
            if any(a < g < b for g in x_values):
                i, j = np.where(x == a)[0][0], np.where(x == b)[0][0]
                if np.isfinite(y[i:j + 1]).all():
                    bad.append(f"{line.get_label()}: {a:g}–{b:g}")
    return bad


__all__ = ["MIN_RENDERED_PT", "rendered_min_pt", "legend_overlaps", "empty_axes", "lines_across_gaps",
           "saved_width_px", "Line2D"]

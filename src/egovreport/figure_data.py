"""The numbers a matplotlib figure actually draws, as one tidy table (the "data (CSV)" of a figure).

:func:`egovreport.figures.save_figure` calls :func:`figure_data` after the figure is drawn, so
the CSV holds what the reader sees, read back from the artists, whatever code drew them: lines
(every vertex), bars and histograms (position, length, base), scatter points (position and
colour value), heat maps (``imshow`` images and ``pcolormesh`` meshes: one row per cell),
reference lines and bands (``axhline``/``axvline``/``axhspan``/``axvspan``) and text placed at
data coordinates (labels and annotations, e.g. a value written on a bar).

Columns: ``panel`` (the axes' title, or "panel N"), ``kind``, ``series`` (the legend label),
``x``, ``y``, ``value`` (bar length, cell or colour value, band end), ``base`` (bar start, band
start), ``width`` (bar thickness, e.g. a histogram bin), ``text``, ``x_axis``, ``y_axis``
(axis labels). On a categorical axis (tick labels that are not numbers) a position is replaced
by the label of its tick.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.category import UnitData
from matplotlib.collections import PathCollection, PolyCollection, QuadMesh
from matplotlib.container import BarContainer
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from matplotlib.ticker import FixedFormatter

COLUMNS = ["panel", "kind", "series", "x", "y", "value", "base", "width", "text", "x_axis", "y_axis"]


def _plain(v):
    """A CSV-friendly scalar: numbers as Python floats (NaN/masked → empty), text as text."""
    if v is None or v is np.ma.masked:
        return None
    if isinstance(v, (np.floating, float)):
        return None if math.isnan(float(v)) else float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def _label(artist) -> str:
    label = artist.get_label() or ""
    return "" if label.startswith("_") else label


def _number(label: str) -> float | None:
    text = label.replace("−", "-").replace("–", "-").replace("\u2009", "").replace(",", "").strip()
    percent = text.endswith("%")
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        return None
    return value / 100 if percent else value


class _Axis:
    """Tick positions and labels of one axis: positions on a categorical axis become labels.

    An axis is categorical when matplotlib's category units drew it (``ax.bar(["2003", ...])``)
    or when its tick labels are not the numbers at their positions (names, or editions written
    at positions 0, 1, 2 ...)."""

    def __init__(self, axis):
        ticks = list(axis.get_ticklocs())
        labels = [t.get_text() for t in axis.get_ticklabels()]
        pairs = [(float(p), lab) for p, lab in zip(ticks, labels) if lab.strip()]
        if isinstance(axis.units, UnitData):
            pairs = [(float(v), str(k)) for k, v in axis.units._mapping.items()]
            self.categorical = True
        else:
            numbers = [(p, _number(lab)) for p, lab in pairs]
            if any(n is None for _, n in numbers):
                self.categorical = True  # names
            elif isinstance(axis.get_major_formatter(), FixedFormatter):
                # numbers written by hand at positions that are not those numbers (e.g. editions
                # at 0, 1, 2); percentages of the position (25% at 0.25 or 25) are not categories
                self.categorical = not all(
                    math.isclose(n, p, rel_tol=1e-3, abs_tol=1e-9) or math.isclose(n * 100, p, rel_tol=1e-3)
                    for p, n in numbers)
            else:
                self.categorical = False
        self.pairs = pairs
        spacing = np.diff(sorted(p for p, _ in pairs)) if len(pairs) > 1 else np.array([1.0])
        self.tolerance = float(spacing.min()) / 2 if len(spacing) else 0.5

    def __call__(self, position, snap: bool = True):
        """The tick label at ``position`` on a categorical axis: the nearest tick within half a
        tick spacing (``snap``: grouped bars, jittered points) or only an exact match (lines)."""
        position = _plain(position)
        if not self.categorical or not isinstance(position, (int, float)):
            return position
        best = min(self.pairs, key=lambda pl: abs(pl[0] - position))
        limit = self.tolerance if snap else 0.0
        return best[1] if abs(best[0] - position) <= limit + 1e-9 else position


def _axes_rows(ax, panel: str) -> list[dict]:
    rows: list[dict] = []
    xs, ys = _Axis(ax.xaxis), _Axis(ax.yaxis)
    common = {"panel": panel, "x_axis": ax.get_xlabel(), "y_axis": ax.get_ylabel()}

    def add(kind, series="", **values):
        rows.append({**common, "kind": kind, "series": series,
                     **{k: _plain(v) for k, v in values.items()}})

    data_t = ax.transData
    # bars (bar, barh, hist): one row per bar; the patches are remembered so spans are not repeated
    in_containers = set()
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        series = _label(container)
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        for patch in container.patches:
            in_containers.add(id(patch))
            x0, y0, w, h = patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()
            if horizontal:
                add("bar", series, y=ys(y0 + h / 2), value=w, base=x0, width=h)
            else:
                add("bar", series, x=xs(x0 + w / 2), value=h, base=y0, width=w)
    for patch in ax.patches:
        if id(patch) in in_containers:
            continue
        transform = patch.get_data_transform()  # get_transform() would include the patch's own
        if isinstance(patch, (Rectangle, Polygon)) and transform != data_t:
            # axhspan/axvspan: one data coordinate, the other in axes coordinates
            verts = patch.get_patch_transform().transform(patch.get_path().vertices) \
                if isinstance(patch, Rectangle) else np.asarray(patch.get_xy())
            if transform == ax.get_yaxis_transform():
                add("band", _label(patch), y=None, base=verts[:, 1].min(), value=verts[:, 1].max(),
                    text="horizontal band (y from base to value)")
            elif transform == ax.get_xaxis_transform():
                add("band", _label(patch), base=verts[:, 0].min(), value=verts[:, 0].max(),
                    text="vertical band (x from base to value)")
        elif isinstance(patch, Rectangle) and transform == data_t:
            # e.g. a hatched "not assessed" cell of a heat map: its centre (the cell) and size
            w, h = patch.get_width(), patch.get_height()
            add("rectangle", _label(patch), x=xs(patch.get_x() + w / 2), y=ys(patch.get_y() + h / 2),
                width=w, text=f"{w:g} × {h:g}")
    for line in ax.lines:
        if not isinstance(line, Line2D):
            continue
        series = _label(line)
        transform = line.get_transform()
        x = np.asarray(line.get_xdata(orig=True), dtype=object)
        y = np.asarray(line.get_ydata(orig=True), dtype=object)
        if transform == ax.get_yaxis_transform():  # axhline
            add("reference_line", series, y=ys(y[0], snap=False), text="horizontal line")
        elif transform == ax.get_xaxis_transform():  # axvline
            add("reference_line", series, x=xs(x[0], snap=False), text="vertical line")
        elif transform == data_t:
            for xv, yv in zip(x, y):
                add("line", series, x=xs(xv, snap=False), y=ys(yv, snap=False))
    for coll in ax.collections:
        series = _label(coll)
        if isinstance(coll, QuadMesh):  # pcolormesh / seaborn heatmap
            values = np.ma.masked_invalid(np.ma.asarray(coll.get_array()))
            coords = coll.get_coordinates()  # (rows+1, cols+1, 2)
            n_rows, n_cols = coords.shape[0] - 1, coords.shape[1] - 1
            values = values.reshape(n_rows, n_cols)
            for i in range(n_rows):
                for j in range(n_cols):
                    cx = coords[i:i + 2, j:j + 2, 0].mean()
                    cy = coords[i:i + 2, j:j + 2, 1].mean()
                    add("cell", series, x=xs(cx), y=ys(cy), value=values[i, j])
        elif isinstance(coll, PathCollection):  # scatter
            offsets = coll.get_offsets()
            if coll.get_offset_transform() != data_t:
                continue
            colour = coll.get_array()
            for k, (xv, yv) in enumerate(np.asarray(offsets)):
                value = colour[k] if colour is not None and k < len(colour) else None
                add("point", series, x=xs(xv), y=ys(yv), value=value)
        elif isinstance(coll, PolyCollection) and coll.get_transform() == data_t:  # fill_between
            for path in coll.get_paths():
                for xv, yv in path.vertices:
                    add("area", series, x=xs(xv, snap=False), y=ys(yv, snap=False))
    for image in ax.images:
        if not isinstance(image, AxesImage):
            continue
        values = np.ma.masked_invalid(np.ma.asarray(image.get_array()))
        if values.ndim != 2:
            continue  # an RGB picture, not a heat map
        left, right, bottom, top = image.get_extent()
        n_rows, n_cols = values.shape
        dx, dy = (right - left) / n_cols, (top - bottom) / n_rows
        for i in range(n_rows):
            for j in range(n_cols):
                cy = (top - (i + 0.5) * dy) if image.origin == "upper" else (bottom + (i + 0.5) * dy)
                add("cell", _label(image), x=xs(left + (j + 0.5) * dx), y=ys(cy), value=values[i, j])
    for text in ax.texts:
        content = text.get_text().strip()
        if not content or not text.get_visible():
            continue
        xy = getattr(text, "xy", None)  # annotations point at xy (in data coordinates by default)
        if xy is not None and getattr(text, "xycoords", "data") == "data":
            add("text", "", x=xs(xy[0], snap=False), y=ys(xy[1], snap=False), text=content)
        elif text.get_transform() == data_t:
            tx, ty = text.get_position()
            add("text", "", x=xs(tx, snap=False), y=ys(ty, snap=False), text=content)
        elif content:
            add("text", "", text=content)  # placed in axes or figure coordinates: no position
    return rows


def figure_data(fig) -> pd.DataFrame:
    """One row per drawn data element of every axes of ``fig`` (colour bars and empty axes
    skipped); call it after the figure has been drawn (saved), so tick labels exist."""
    rows: list[dict] = []
    axes = [ax for ax in fig.get_axes() if ax.get_label() != "<colorbar>" and ax.get_visible()]
    for n, ax in enumerate(axes, start=1):
        title = ax.get_title() or ax.get_title("left") or ax.get_title("right")
        rows += _axes_rows(ax, title or f"panel {n}")
    return pd.DataFrame(rows, columns=COLUMNS)

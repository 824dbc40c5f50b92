"""Drawing of the 4 × 6 pillar × element heat map shared by the governance figures.

The six elements are the rows and the four pillars the columns: element names are long
(two lines in the column width) and pillar names a single word, so the column labels never
run into each other in either language and the grid fits the book's text column
(:data:`~egovreport.figures.COLUMN_WIDTH_IN`) with no text under 9 pt.

Used by the desk-review heat map (:mod:`.evidence_figures`) and the level, survey
and gap heat maps (:mod:`.plots`); the cell and axis helpers also draw the
element × role grid. Levels use ColorBrewer's sequential YlGnBu, readable with
the common colour-vision deficiencies. "Not assessed" (white, diagonal
hatching) and "suppressed" (grey, dotted) are drawn differently from any level
and from each other.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_rgb
from matplotlib.patches import Patch, Rectangle

from ..figures import COLUMN_WIDTH_IN, MIN_FONT_PT
from .framework import ELEMENTS, PILLARS, cell_id, element_label, pillar_label

LEVEL_COLOURS = [colormaps["YlGnBu"](x) for x in (0.08, 0.3, 0.5, 0.7, 0.92)]
NOT_ASSESSED_FACE = "#ffffff"
SUPPRESSED_FACE = "#d9d9d9"
NOT_ASSESSED = "not_assessed"
SUPPRESSED = "suppressed"
# six element rows under the four pillar columns, the key below
GRID_FIGSIZE = (COLUMN_WIDTH_IN, 5.9)
ROW_LABEL_CHARS = 18  # an element name in two lines beside the grid


@dataclass(frozen=True)
class CellFonts:
    """Font sizes (points) and vertical positions (share of the cell) of a cell's texts."""

    value: float = 13
    value_y: float = 0.6
    note: float = MIN_FONT_PT
    note_y: float = 0.25
    missing: float = MIN_FONT_PT  # "not assessed" / "suppressed"


def wrap_label(text: str, width: int = 16) -> str:
    """Break a label into lines of at most ``width`` characters (words kept whole)."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def text_colour(colour) -> str:
    """Black or white, whichever reads better on ``colour`` (perceived luminance)."""
    r, g, b = to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def draw_value_cell(ax, x: float, y: float, colour, value: str, note: str | None = None,
                    fonts: CellFonts = CellFonts()) -> None:
    """A unit cell at (x, y) filled with ``colour``: ``value`` in bold, ``note`` in small print below."""
    ax.add_patch(Rectangle((x, y), 1, 1, facecolor=colour, edgecolor="white", linewidth=2))
    tc = text_colour(colour)
    ax.text(x + 0.5, y + fonts.value_y, value, ha="center", va="center", fontsize=fonts.value,
            fontweight="bold", color=tc)
    if note:
        ax.text(x + 0.5, y + fonts.note_y, note, ha="center", va="center", fontsize=fonts.note, color=tc)


def draw_not_assessed_cell(ax, x: float, y: float, text: str, fontsize: float) -> None:
    """A unit cell at (x, y) for "not assessed": white with diagonal hatching, italic text."""
    ax.add_patch(Rectangle((x, y), 1, 1, facecolor=NOT_ASSESSED_FACE, edgecolor="#bbbbbb", hatch="///",
                           linewidth=1))
    ax.text(x + 0.5, y + 0.5, text, ha="center", va="center", fontsize=fontsize, style="italic",
            color="#333333", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})


def draw_suppressed_cell(ax, x: float, y: float, text: str, fontsize: float) -> None:
    """A unit cell at (x, y) for a suppressed statistic: grey with dots, italic text."""
    ax.add_patch(Rectangle((x, y), 1, 1, facecolor=SUPPRESSED_FACE, edgecolor="white", hatch="..",
                           linewidth=2))
    ax.text(x + 0.5, y + 0.5, text, ha="center", va="center", fontsize=fontsize, style="italic",
            color="#333333")


def style_grid_axes(ax, column_labels: list[str], row_labels: list[str], *,
                    column_size: float | None = None, row_size: float | None = None) -> None:
    """Axes of a grid of unit cells: labels on top and left (rows listed top to bottom), no ticks or frame."""
    ax.set_xlim(0, len(column_labels))
    ax.set_ylim(0, len(row_labels))
    ax.set_xticks(np.arange(len(column_labels)) + 0.5)
    ax.set_xticklabels(column_labels, **({} if column_size is None else {"fontsize": column_size}))
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(len(row_labels)) + 0.5)
    ax.set_yticklabels(row_labels[::-1], **({} if row_size is None else {"fontsize": row_size}))
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)


def draw_cell_heatmap(ax, values: dict, colours: list, *, lang: str, value_text, not_assessed_text: str,
                      status: dict | None = None, notes: dict | None = None, suppressed_text: str = "",
                      fonts: CellFonts = CellFonts()) -> None:
    """Draw the 4 × 6 pillar × element grid (elements as rows, pillars as columns).

    ``values`` maps cell id → number, coloured with ``colours[floor(value)]``
    (clipped to the list) and written as ``value_text(value)``; a missing
    value, or status ``"not_assessed"``, is drawn as not assessed; status
    ``"suppressed"`` as suppressed. ``notes`` (cell id → text) go in small
    print under the value.
    """
    status, notes = status or {}, notes or {}
    for i, e in enumerate(ELEMENTS):
        for j, p in enumerate(PILLARS):
            cid = cell_id(p, e)
            s, v = status.get(cid), values.get(cid)
            y = len(ELEMENTS) - 1 - i
            if s == SUPPRESSED:
                draw_suppressed_cell(ax, j, y, suppressed_text, fonts.missing)
            elif s == NOT_ASSESSED or v is None or pd.isna(v):
                draw_not_assessed_cell(ax, j, y, not_assessed_text, fonts.missing)
            else:
                colour = colours[int(np.clip(np.floor(float(v) + 1e-9), 0, len(colours) - 1))]
                note = notes.get(cid)
                draw_value_cell(ax, j, y, colour, value_text(v), note if isinstance(note, str) else None, fonts)
    style_grid_axes(ax, [wrap_label(pillar_label(p, lang), 12) for p in PILLARS],
                    [wrap_label(element_label(e, lang), ROW_LABEL_CHARS) for e in ELEMENTS],
                    column_size=9.5, row_size=9.5)


def grid_legend(ax, handles: list, *, title: str | None = None, ncol: int = 2) -> None:
    """The key under a grid; two columns by default, so that long (Mongolian) labels stay within the figure."""
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, -0.03), ncol=ncol, fontsize=MIN_FONT_PT,
              handlelength=1.6, columnspacing=1.2, title=title, title_fontsize=MIN_FONT_PT)


def legend_handles(colours: list, labels: list[str], *, not_assessed_label: str | None = None,
                   suppressed_label: str | None = None) -> list[Patch]:
    """Legend patches: one per colour, then "not assessed" and "suppressed" when labels are given."""
    handles = [Patch(facecolor=c, edgecolor="#999999", label=lab) for c, lab in zip(colours, labels)]
    if not_assessed_label is not None:
        handles.append(Patch(facecolor=NOT_ASSESSED_FACE, edgecolor="#999999", hatch="///",
                             label=not_assessed_label))
    if suppressed_label is not None:
        handles.append(Patch(facecolor=SUPPRESSED_FACE, edgecolor="#999999", hatch="..", label=suppressed_label))
    return handles

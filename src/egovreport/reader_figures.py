"""Figures of the reader pages, each drawn for the desktop text column and for a phone.

Every function takes ``width`` (inches): :data:`~egovreport.figures.COLUMN_WIDTH_IN` for
the book's text column, :data:`~egovreport.figures.PHONE_WIDTH_IN` for the phone variant
(``save_figure(..., narrow=...)``); on the narrow variant the layout is stacked or
simplified (fewer tick labels, wrapped names, a transposed grid), never smaller text.
No text is set below :data:`~egovreport.figures.MIN_FONT_PT`; tests check the rendered
size of every figure of the reader pages. The data come from the analysis notebooks'
results (``load_results``) and the workshop record; labels from the catalogues.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt

from .figures import COMPONENT_COLOURS, CONTEXT, HIGHLIGHT, MIN_FONT_PT, OKABE_ITO, PHONE_WIDTH_IN, apply_style
from .i18n import fmt_index, t

SMALL = MIN_FONT_PT  # smallest text (tick labels, notes)
BASE = 10.0  # axis labels, legends


def _tr(key: str, lang: str, **values) -> str:
    return t(f"report.figure.{key}", lang, **values)


def is_narrow(width: float) -> bool:
    return width <= PHONE_WIDTH_IN + 0.01


def _wrap(text: str, width: float, chars_per_inch: float = 7.5) -> str:
    return "\n".join(textwrap.wrap(str(text), max(8, int(width * chars_per_inch)), break_long_words=False,
                                   break_on_hyphens=False)) or str(text)


def _title(ax, text: str, width: float) -> None:
    ax.set_title(_wrap(text, width, 6.5), loc="left", fontsize=BASE + 1, fontweight="bold")


def egdi_trend(series: list[dict], lang: str, width: float, *, title: str):
    """EGDI and its three components in every edition of the Survey (lines)."""
    apply_style()
    narrow = is_narrow(width)
    fig, ax = plt.subplots(figsize=(width, 3.4 if narrow else 3.6))
    series = sorted(series, key=lambda s: s["edition"])
    for comp in ("osi", "tii", "hci", "egdi"):
        pts = [(s["edition"], s[comp]) for s in series if s.get(comp) is not None]
        if pts:
            xs, ys = zip(*pts)
            ax.plot(xs, ys, marker="o", markersize=3.5 if comp == "egdi" else 2.5,
                    linewidth=2.6 if comp == "egdi" else 1.5, color=COMPONENT_COLOURS[comp],
                    label=t(f"brief.component_short.{comp}", lang), zorder=3 if comp == "egdi" else 2)
    ax.set_ylim(0, 1)
    editions = [s["edition"] for s in series]
    step = 8 if narrow else 4  # round years; editions are every one to four years
    ax.set_xticks([y for y in range(editions[0], editions[-1] + 1) if y % step == 0])
    ax.tick_params(labelsize=SMALL)
    ax.set_ylabel(_tr("index_value", lang), fontsize=BASE)
    ax.legend(loc="lower right", fontsize=SMALL, ncol=2 if narrow else 4, handlelength=1.5, columnspacing=1)
    _title(ax, title, width)
    return fig


def value_dots(rows: list[dict], highlight: str, lang: str, width: float, *, title: str, xlabel: str,
               references: list[tuple[str, float]] = ()):
    """Dot plot of one index for a few countries, with the exact values written next to the dots
    and an axis that starts near the lowest value (small differences stay visible)."""
    apply_style()
    rows = sorted((r for r in rows if r.get("value") is not None), key=lambda r: r["value"])
    narrow = is_narrow(width)
    fig, ax = plt.subplots(figsize=(width, 0.9 + 0.36 * len(rows) + (0.5 if references else 0)),
                           layout="constrained")  # the country names stay inside the width
    # the axis spans the countries only, so their small differences stay visible; an average
    # outside that span is named in the legend with its value instead of stretching the axis
    values = [r["value"] for r in rows]
    lo, hi = min(values), max(values)
    pad = max(0.02, (hi - lo) * 0.08)
    for y, r in enumerate(rows):
        own = r["id"] == highlight
        colour = HIGHLIGHT if own else CONTEXT
        ax.plot([lo - pad, r["value"]], [y, y], color="#d0d0d0", linewidth=1, zorder=1)
        ax.plot(r["value"], y, "o", color=colour, markersize=7 if own else 6, zorder=3)
        ax.text(r["value"] + pad * 0.25, y, fmt_index(r["value"]), va="center", fontsize=SMALL,
                fontweight="bold" if own else "normal")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([_wrap(r["label"], 1.4 if narrow else 2.4, 8) for r in rows], fontsize=SMALL)
    for label in ax.get_yticklabels():
        if label.get_text().replace("\n", " ") in {r["label"] for r in rows if r["id"] == highlight}:
            label.set_fontweight("bold")
    styles = [("--", OKABE_ITO["black"]), (":", OKABE_ITO["blue"])]
    from matplotlib.lines import Line2D

    handles = []
    for (name, value), (style, colour) in zip(references, styles):
        if value is None:
            continue
        if lo - pad <= value <= hi + pad:
            ax.axvline(value, linestyle=style, color=colour, linewidth=1.2)
            label = f"{name} ({fmt_index(value)})"
        else:
            label = f"{name}: {fmt_index(value)} ({_tr('outside_axis', lang)})"
        handles.append(Line2D([], [], linestyle=style, color=colour, linewidth=1.2,
                              label=_wrap(label, width - 1.3, 7.5)))
    ax.set_xlim(lo - pad, hi + pad * (3.2 if narrow else 2.5))
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="x", labelsize=SMALL)
    if narrow:
        ax.xaxis.set_major_locator(plt.MaxNLocator(3))
    ax.set_xlabel(xlabel, fontsize=BASE)
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(-0.02, -0.2 if narrow else -0.16), ncol=1,
                  fontsize=SMALL, frameon=False)
    _title(ax, title, width)
    return fig


def level_grid(levels: dict, lang: str, width: float, *, title: str, changed: dict | None = None):
    """The 4 pillars × 6 elements of the data-governance framework with a 0–4 level per cell.

    Elements as rows and pillars as columns on every screen: the element names are long, the
    pillar names one word, so the column names never run into each other (on a phone they are
    written upwards). ``changed`` maps cells to the level participants agreed: the cell then
    shows "desk → agreed".
    """
    from .governance.framework import ELEMENTS, PILLARS, element_label, level_label, pillar_label
    from .governance.heatmap import LEVEL_COLOURS, text_colour

    apply_style()
    narrow = is_narrow(width)
    rows, cols = ELEMENTS, PILLARS
    row_label, col_label = element_label, pillar_label
    height = 0.55 * len(rows) + 1.9
    # the grid takes the width left by the element names (about 1.2 in on a phone, 1.7 in beside the column)
    fig, ax = plt.subplots(figsize=(width - (1.2 if narrow else 1.7), height))
    if not narrow:
        fig.subplots_adjust(left=0.01, right=0.99)
    changed = changed or {}
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            cid = f"{c}.{r}"
            level = levels.get(cid)
            y = len(rows) - 1 - i
            if level is None:
                ax.add_patch(plt.Rectangle((j, y), 1, 1, facecolor="white", edgecolor="#bbbbbb", hatch="///",
                                           linewidth=0.8))
                text, colour = "–", "#333333"
            else:
                fill = LEVEL_COLOURS[int(level)]
                ax.add_patch(plt.Rectangle((j, y), 1, 1, facecolor=fill, edgecolor="white", linewidth=1.5))
                text, colour = str(int(level)), text_colour(fill)
            if cid in changed:
                text = f"{text}→{changed[cid]}"
                ax.add_patch(plt.Rectangle((j + 0.04, y + 0.04), 0.92, 0.92, fill=False,
                                           edgecolor=OKABE_ITO["vermillion"], linewidth=2.2))
            ax.text(j + 0.5, y + 0.5, text, ha="center", va="center", fontsize=BASE + 1, color=colour,
                    fontweight="bold")
    ax.set_xlim(0, len(cols))
    ax.set_ylim(0, len(rows))
    ax.set_xticks([j + 0.5 for j in range(len(cols))])
    if narrow:  # column names written upwards: four pillars do not fit side by side on a phone
        col_names = [col_label(c, lang) for c in cols]
        ax.set_xticklabels(col_names, fontsize=SMALL, rotation=90, va="bottom")
    else:
        col_names = [col_label(c, lang) for c in cols]
        ax.set_xticklabels(col_names, fontsize=SMALL)
    ax.xaxis.tick_top()
    ax.set_yticks([len(rows) - 1 - i + 0.5 for i in range(len(rows))])
    ax.set_yticklabels([_wrap(row_label(r, lang), 1.0 if narrow else 2.4, 7.5) for r in rows], fontsize=SMALL)
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=LEVEL_COLOURS[lv], label=f"{lv} {level_label(lv, lang)}") for lv in range(5)]
    handles.append(Patch(facecolor="white", edgecolor="#bbbbbb", hatch="///", label=_tr("not_assessed", lang)))
    if changed:
        handles.append(Patch(facecolor="white", edgecolor=OKABE_ITO["vermillion"], linewidth=2,
                             label=_tr("changed_at_workshop", lang)))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(-0.35 if narrow else -0.3, -0.02),
              ncol=1 if narrow else 3, fontsize=SMALL, frameon=False, handlelength=1.0, columnspacing=0.6)
    # above the column names (on top of the grid): as many lines as the longest name, and a gap
    if narrow:
        label_height = max(len(name) for name in col_names) * SMALL * 0.62
    else:
        label_height = max(name.count("\n") + 1 for name in col_names) * SMALL * 1.3
    ax.set_title(_wrap(title, width, 6.5), loc="left", fontsize=BASE + 1, fontweight="bold",
                 pad=10 + label_height, x=-0.35 if narrow else -0.3)
    return fig


def grouped_bars(categories: list[str], series: dict[str, list[float]], lang: str, width: float, *, title: str,
                 xlabel: str, colours: list[str] | None = None, stacked: bool = False, value_format="{:g}"):
    """Horizontal bars per category for one or more series (side by side, or stacked shares),
    with the values written on or next to the bars. On the phone variant each category's name
    is written above its bars across the whole width (stacked layout) instead of beside them."""
    import numpy as np
    from matplotlib.patches import Patch

    from .governance.heatmap import text_colour

    apply_style()
    narrow = is_narrow(width)
    names = list(series)
    colours = colours or [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"], CONTEXT]
    bar = 0.34 if stacked else 0.26  # inches per bar
    block = bar if stacked else bar * len(names)
    line = SMALL * 1.3 / 72  # inches per line of label text
    labels = [_wrap(c, width - 0.3 if narrow else 2.2, 7.5) for c in categories]
    heights = [(block + 0.14 + line * (lab.count("\n") + 1)) if narrow
               else max(block + 0.14, line * (lab.count("\n") + 1) + 0.06) for lab in labels]
    total = sum(heights)
    fig, ax = plt.subplots(figsize=(width, total + 1.5))
    top = total
    vmax = 1.0 if stacked else max(max(np.nan_to_num(v)) for v in series.values()) * 1.2
    for i, (lab, h) in enumerate(zip(labels, heights)):
        centre = top - h + (block + 0.14) / 2 if narrow else top - h / 2
        if narrow:
            ax.text(0, top - 0.02, lab, va="top", ha="left", fontsize=SMALL, zorder=4,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
        else:
            ax.text(-0.01 * vmax, centre, lab, va="center", ha="right", fontsize=SMALL)
        left = 0.0
        for k, name in enumerate(names):
            v = float(series[name][i])
            if v != v:
                continue
            y = centre if stacked else centre + block / 2 - bar * (k + 0.5)
            colour = colours[k % len(colours)]
            ax.barh(y, v, left=left if stacked else 0, height=bar * 0.88, color=colour)
            if stacked:
                if v >= (0.12 if narrow else 0.07):
                    ax.text(left + v / 2, y, value_format.format(v), ha="center", va="center", fontsize=SMALL,
                            color=text_colour(colour))
                left += v
            elif v:
                ax.text(v, y, " " + value_format.format(v), va="center", fontsize=SMALL)
        top -= h
    ax.set_ylim(0, total)
    ax.set_xlim(0, vmax)
    ax.set_yticks([])
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="x", labelsize=SMALL)
    ax.set_xlabel(xlabel, fontsize=BASE)
    if stacked:
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    if narrow:
        ax.xaxis.set_major_locator(plt.MaxNLocator(4))
    legend_lines = 0
    if len(names) > 1:
        handles = [Patch(color=colours[k % len(colours)], label=n) for k, n in enumerate(names)]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(names), fontsize=SMALL,
                  frameon=False, handlelength=1.2, columnspacing=0.8, borderaxespad=0.2)
        legend_lines = 1
    ax.set_title(_wrap(title, width, 6.5), loc="left", fontsize=BASE + 1, fontweight="bold",
                 pad=6 + legend_lines * SMALL * 2.0)
    return fig

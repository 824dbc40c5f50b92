"""Figures of the evidence and stakeholder notebooks: desk-review heat map, evidence and role charts.

Style from :mod:`egovreport.figures` (DejaVu Sans covers Cyrillic, so every
figure can be drawn in Mongolian with labels from the i18n domain
``governance``). Levels use the same sequential YlGnBu steps as the scoring
figures; "not assessed" is white with diagonal hatching, never a level colour.
Each function returns ``(fig, alt)``: the figure and an alt text generated from
the data, to pass to :func:`egovreport.figures.save_figure`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.ticker import MaxNLocator

from ..figures import COLUMN_WIDTH_IN, MIN_FONT_PT, OKABE_ITO, apply_style
from ..i18n import t
from .evidence import CONTEXT_ELEMENT, GRADES
from .framework import ELEMENTS, LEVELS, element_label, level_label
from .heatmap import (GRID_FIGSIZE, LEVEL_COLOURS, ROW_LABEL_CHARS, CellFonts, draw_cell_heatmap, draw_value_cell,
                      grid_legend, legend_handles, style_grid_axes, wrap_label)
from .stakeholders import ROLES, institutions_by_type, role_label, role_matrix, type_label

GRADE_COLOURS = {"A": OKABE_ITO["blue"], "B": OKABE_ITO["orange"], "C": OKABE_ITO["green"]}
DESK_CELL_FONTS = CellFonts(value=14, value_y=0.6, note=MIN_FONT_PT, note_y=0.24)
ROLE_CELL_FONTS = CellFonts(value=12, value_y=0.62, note=MIN_FONT_PT, note_y=0.24)


def _g(key: str, lang: str, **kw) -> str:
    return t(f"governance.{key}", lang, **kw)


def _fmt_level(v, lang: str) -> str:
    return _g("text.dash", lang) if pd.isna(v) else str(int(v))


def desk_review_heatmap(desk: pd.DataFrame, *, lang: str = "en") -> tuple:
    """4 × 6 heat map of desk-review levels; hatched "not assessed" cells; de jure/de facto and grade in small print."""
    apply_style()
    values = dict(zip(desk["cell_id"], desk["level"]))
    notes = {r["cell_id"]: _g("fig.cell_note", lang, dj=_fmt_level(r["level_de_jure"], lang),
                              df=_fmt_level(r["level_de_facto"], lang), grade=r["confidence"])
             for r in desk.to_dict("records")}
    fig, ax = plt.subplots(figsize=GRID_FIGSIZE)
    draw_cell_heatmap(ax, values, LEVEL_COLOURS, lang=lang, value_text=lambda v: str(int(v)), notes=notes,
                      not_assessed_text=_g("fig.not_assessed", lang), fonts=DESK_CELL_FONTS)
    handles = legend_handles(LEVEL_COLOURS, [f"{lv} {level_label(lv, lang)}" for lv in LEVELS],
                             not_assessed_label=_g("fig.not_assessed_key", lang))
    grid_legend(ax, handles, title=_g("fig.cell_note_key", lang))
    ax.set_title(_g("fig.desk_heatmap_title", lang), pad=22)
    assessed = desk[desk["assessed"]]
    counts = assessed["level"].astype(int).value_counts()
    parts = [f"{int(counts.get(lv, 0))} at level {lv} ({level_label(lv, 'en')})" for lv in LEVELS]
    alt = (f"Heat map of 6 elements (rows) by 4 pillars (columns) showing the desk-review maturity "
           f"level of each cell: {', '.join(parts)}; {int((~desk['assessed']).sum())} cells not assessed, "
           f"drawn white with hatching.")
    return fig, alt


def evidence_by_element_chart(register: pd.DataFrame, *, lang: str = "en") -> tuple:
    """Horizontal stacked bars: scorable evidence items (verified or secondary) per element and grade."""
    apply_style()
    usable = register[register["scorable"]]
    order = list(ELEMENTS) + [CONTEXT_ELEMENT]
    table = (usable.groupby(["element", "grade"]).size().unstack(fill_value=0)
             .reindex(index=order, columns=list(GRADES), fill_value=0))
    labels = [element_label(e, lang) if e != CONTEXT_ELEMENT else _g("fig.context_label", lang) for e in order]
    labels = [wrap_label(lab, ROW_LABEL_CHARS) for lab in labels]
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH_IN, 4.6))
    y = np.arange(len(order))[::-1]
    left = np.zeros(len(order))
    for g in GRADES:
        vals = table[g].to_numpy()
        ax.barh(y, vals, left=left, color=GRADE_COLOURS[g], edgecolor="white",
                label=_g("fig.grade_key", lang, grade=g, meaning=_g(f"grade.{g}", lang)))
        left += vals
    for yy, total in zip(y, left):
        ax.text(total + 0.15, yy, str(int(total)), va="center", fontsize=9)
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    ax.set_xlabel(_g("fig.evidence_axis", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(left.max() * 1.15, 1))
    ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.14), ncol=1, fontsize=MIN_FONT_PT)
    ax.set_title(_g("fig.evidence_title", lang))
    ax.grid(axis="y", visible=False)
    parts = [f"{labels_en}: {int(n)}" for labels_en, n in
             zip([e for e in order], table.sum(axis=1).to_numpy())]
    alt = (f"Horizontal stacked bar chart of {int(len(usable))} verified or secondary evidence items by "
           f"element ({'; '.join(parts)}), split by grade A, B and C "
           f"({', '.join(f'{g}: {int(table[g].sum())}' for g in GRADES)}).")
    return fig, alt


def institutions_by_type_chart(stakeholders: pd.DataFrame, *, lang: str = "en") -> tuple:
    """Horizontal bars: number of invited institutions per type (types with none are left out)."""
    apply_style()
    counts = institutions_by_type(stakeholders)
    counts = counts[counts > 0].sort_values()
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH_IN, 3.6))
    ax.barh([wrap_label(type_label(k, lang), 26) for k in counts.index], counts.to_numpy(), color=OKABE_ITO["blue"])
    for yy, n in enumerate(counts.to_numpy()):
        ax.text(n + 0.2, yy, str(int(n)), va="center", fontsize=9)
    ax.set_xlabel(_g("fig.types_axis", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, counts.max() * 1.15)
    ax.set_title(_g("fig.types_title", lang))
    ax.grid(axis="y", visible=False)
    alt = (f"Horizontal bar chart of the {int(len(stakeholders))} invited institutions by type: "
           + "; ".join(f"{type_label(k, 'en')} {int(n)}" for k, n in counts[::-1].items()) + ".")
    return fig, alt


def role_matrix_chart(roles: pd.DataFrame, *, lang: str = "en") -> tuple:
    """Element × role grid: number of institutions per role, with the number of leads in small print."""
    apply_style()
    m = role_matrix(roles)
    leads = role_matrix(roles[roles["lead"]])
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH_IN - 1.6, 4.8))  # the element names take the rest of the column
    vmax = max(int(m.to_numpy().max()), 1)
    cmap = colormaps["Blues"]
    for i, e in enumerate(ELEMENTS):
        for j, r in enumerate(ROLES):
            n = int(m.loc[e, r])
            colour = cmap(0.08 + 0.84 * (n / vmax) ** 0.5) if n else "#f4f4f4"
            k = int(leads.loc[e, r])
            draw_value_cell(ax, j, len(ELEMENTS) - 1 - i, colour, str(n),
                            _g("fig.roles_cell_leads", lang, n_leads=k) if k else None, ROLE_CELL_FONTS)
    style_grid_axes(ax, [wrap_label(role_label(r, lang), 11) for r in ROLES],
                    [wrap_label(element_label(e, lang), ROW_LABEL_CHARS) for e in ELEMENTS])
    ax.set_title(_g("fig.roles_title", lang), pad=34)
    ax.text(0.5, -0.04, wrap_label(_g("fig.roles_key", lang), 60), transform=ax.transAxes, ha="center", va="top",
            fontsize=MIN_FONT_PT, color="#444444")
    parts = []
    for e in ELEMENTS:
        parts.append(f"{e}: " + ", ".join(f"{int(m.loc[e, r])} {r}" for r in ROLES)
                     + f" ({int(leads.loc[e].sum())} lead)")
    alt = ("Grid of 6 elements (rows) by 4 roles (columns) giving the number of invited institutions "
           "with each role; " + "; ".join(parts) + ".")
    return fig, alt

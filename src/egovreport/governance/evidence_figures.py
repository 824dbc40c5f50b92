"""Figures of the evidence and stakeholder notebooks: desk-review heat map, evidence and role charts.

Style from :mod:`egovreport.figures` (DejaVu Sans covers Cyrillic, so every
figure can be drawn in Mongolian with labels from the i18n domain
``governance``). Levels use the same sequential YlGnBu steps as the scoring
figures; "not assessed" is white with diagonal hatching, never a level colour.
Each function returns ``(fig, alt)``: the figure and an alt text generated from
the data, to pass to :func:`egovreport.figures.save_figure`.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_rgb
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from ..figures import OKABE_ITO, apply_style
from ..i18n import t
from .evidence import CONTEXT_ELEMENT, GRADES
from .framework import ELEMENTS, LEVELS, PILLARS, cell_id, element_label, level_label, pillar_label
from .stakeholders import ROLES, institutions_by_type, role_label, role_matrix, type_label

LEVEL_COLOURS = [colormaps["YlGnBu"](x) for x in (0.08, 0.3, 0.5, 0.7, 0.92)]
GRADE_COLOURS = {"A": OKABE_ITO["blue"], "B": OKABE_ITO["orange"], "C": OKABE_ITO["green"]}
NOT_ASSESSED_FACE = "#ffffff"


def _g(key: str, lang: str, **kw) -> str:
    return t(f"governance.{key}", lang, **kw)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _text_colour(colour) -> str:
    r, g, b = to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def _fmt_level(v, lang: str) -> str:
    return _g("text.dash", lang) if pd.isna(v) else str(int(v))


def desk_review_heatmap(desk: pd.DataFrame, *, lang: str = "en") -> tuple:
    """4 × 6 heat map of desk-review levels; hatched "not assessed" cells; de jure/de facto and grade in small print."""
    apply_style()
    rows = desk.set_index("cell_id")
    fig, ax = plt.subplots(figsize=(9.4, 4.9))
    for i, p in enumerate(PILLARS):
        for j, e in enumerate(ELEMENTS):
            r = rows.loc[cell_id(p, e)]
            y = len(PILLARS) - 1 - i
            if pd.isna(r["level"]):
                ax.add_patch(Rectangle((j, y), 1, 1, facecolor=NOT_ASSESSED_FACE, edgecolor="#bbbbbb",
                                       hatch="///", linewidth=1))
                ax.text(j + 0.5, y + 0.5, _g("fig.not_assessed", lang), ha="center", va="center",
                        fontsize=8.5, style="italic", color="#333333",
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
                continue
            colour = LEVEL_COLOURS[int(r["level"])]
            tc = _text_colour(colour)
            ax.add_patch(Rectangle((j, y), 1, 1, facecolor=colour, edgecolor="white", linewidth=2))
            ax.text(j + 0.5, y + 0.6, str(int(r["level"])), ha="center", va="center", fontsize=14,
                    fontweight="bold", color=tc)
            note = _g("fig.cell_note", lang, dj=_fmt_level(r["level_de_jure"], lang),
                      df=_fmt_level(r["level_de_facto"], lang), grade=r["confidence"])
            ax.text(j + 0.5, y + 0.24, note, ha="center", va="center", fontsize=7.5, color=tc)
    ax.set_xlim(0, len(ELEMENTS))
    ax.set_ylim(0, len(PILLARS))
    ax.set_xticks(np.arange(len(ELEMENTS)) + 0.5)
    ax.set_xticklabels([_wrap(element_label(e, lang), 14) for e in ELEMENTS], fontsize=8.5)
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(len(PILLARS)) + 0.5)
    ax.set_yticklabels([pillar_label(p, lang) for p in reversed(PILLARS)], fontsize=9.5)
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    handles = [Patch(facecolor=c, edgecolor="#999999", label=f"{lv} {level_label(lv, lang)}")
               for lv, c in zip(LEVELS, LEVEL_COLOURS)]
    handles.append(Patch(facecolor=NOT_ASSESSED_FACE, edgecolor="#999999", hatch="///",
                         label=_g("fig.not_assessed_key", lang)))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.03), ncol=3,
              fontsize=8, handlelength=1.6, columnspacing=1.2, title=_g("fig.cell_note_key", lang),
              title_fontsize=8)
    ax.set_title(_g("fig.desk_heatmap_title", lang), pad=36)
    assessed = desk[desk["assessed"]]
    counts = assessed["level"].astype(int).value_counts()
    parts = [f"{int(counts.get(lv, 0))} at level {lv} ({level_label(lv, 'en')})" for lv in LEVELS]
    alt = (f"Heat map of 4 pillars (rows) by 6 elements (columns) showing the desk-review maturity "
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
    fig, ax = plt.subplots(figsize=(7.5, 4.0))
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
    ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.16), ncol=1, fontsize=8)
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
    fig, ax = plt.subplots(figsize=(7.0, 3.6))
    ax.barh([type_label(k, lang) for k in counts.index], counts.to_numpy(), color=OKABE_ITO["blue"])
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
    fig, ax = plt.subplots(figsize=(7.2, 4.4))
    vmax = max(int(m.to_numpy().max()), 1)
    cmap = colormaps["Blues"]
    for i, e in enumerate(ELEMENTS):
        for j, r in enumerate(ROLES):
            n = int(m.loc[e, r])
            y = len(ELEMENTS) - 1 - i
            colour = cmap(0.08 + 0.84 * (n / vmax) ** 0.5) if n else "#f4f4f4"
            ax.add_patch(Rectangle((j, y), 1, 1, facecolor=colour, edgecolor="white", linewidth=2))
            tc = _text_colour(colour)
            ax.text(j + 0.5, y + 0.58, str(n), ha="center", va="center", fontsize=12, fontweight="bold",
                    color=tc)
            k = int(leads.loc[e, r])
            if k:
                ax.text(j + 0.5, y + 0.24, _g("fig.roles_cell_leads", lang, n_leads=k), ha="center",
                        va="center", fontsize=7.5, color=tc)
    ax.set_xlim(0, len(ROLES))
    ax.set_ylim(0, len(ELEMENTS))
    ax.set_xticks(np.arange(len(ROLES)) + 0.5)
    ax.set_xticklabels([role_label(r, lang) for r in ROLES])
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(len(ELEMENTS)) + 0.5)
    ax.set_yticklabels([element_label(e, lang) for e in reversed(ELEMENTS)])
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(_g("fig.roles_title", lang), pad=26)
    ax.text(0.5, -0.06, _g("fig.roles_key", lang), transform=ax.transAxes, ha="center", va="top",
            fontsize=8, color="#444444")
    parts = []
    for e in ELEMENTS:
        parts.append(f"{e}: " + ", ".join(f"{int(m.loc[e, r])} {r}" for r in ROLES)
                     + f" ({int(leads.loc[e].sum())} lead)")
    alt = ("Grid of 6 elements (rows) by 4 roles (columns) giving the number of invited institutions "
           "with each role; " + "; ".join(parts) + ".")
    return fig, alt

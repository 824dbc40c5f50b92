"""Figures of the gap assessment: heat maps, perception vs evidence, priorities, sensitivity, Gantt.

Style from :mod:`egovreport.figures` (Okabe–Ito colours, DejaVu Sans so the
same figure can be drawn in Mongolian). Levels use ColorBrewer's YlGnBu and
gaps OrRd, sequential maps that stay readable with the common colour-vision
deficiencies. "Not assessed" (white, diagonal hatching, "n/a") and "suppressed"
(grey, dotted, "sup.") are drawn differently from any level and from each
other. Every function returns ``(fig, alt)``: the figure and an alt text
generated from the data; pass both to :func:`egovreport.figures.save_figure`.
With ``illustrative=True`` the title starts with "ILLUSTRATIVE DATA" and a
watermark crosses the figure.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch, Rectangle

from ..figures import COLUMN_WIDTH_IN, HIGHLIGHT, MIN_FONT_PT, OKABE_ITO, apply_style
from ..i18n import t
from .framework import ELEMENTS, LEVELS, PILLARS, cell_label, element_label, level_label, pillar_label, split_cell
from .heatmap import (GRID_FIGSIZE, LEVEL_COLOURS, ROW_LABEL_CHARS, draw_cell_heatmap, grid_legend,
                      legend_handles, text_colour, wrap_label)
from .scoring import HORIZON_MONTHS

# numbers of the framework named in the figures' alt texts
TITLE_CHARS = 56  # a bold 11-pt title line across the column width (figures.COLUMN_WIDTH_IN)
GRID_WORDS = {"n_pillars": len(PILLARS), "n_elements": len(ELEMENTS), "lo": LEVELS[0], "hi": LEVELS[-1]}
GANTT_MONTHS = max(end for _, end in HORIZON_MONTHS.values())  # the timeline ends with the long term
GAP_COLOURS = [colormaps["OrRd"](x) for x in (0.05, 0.3, 0.5, 0.7, 0.9)]
HORIZON_COLOURS = {"short": OKABE_ITO["vermillion"], "medium": OKABE_ITO["blue"], "long": OKABE_ITO["green"],
                   "none": "#9a9a9a"}


def _r(key: str, lang: str, **kw) -> str:
    return t(f"governance_results.{key}", lang, **kw)


def caption_prefix(illustrative: bool, lang: str = "en") -> str:
    """"[ILLUSTRATIVE DATA] " for captions and table titles built from illustrative responses."""
    return f"[{t('common.illustrative_label', lang)}] " if illustrative else ""


def _title(ax_or_fig, text: str, illustrative: bool, lang: str, **kw) -> None:
    if illustrative:
        text = f"{_r('illustrative_prefix', lang)} — {text}"
    text = wrap_label(text, TITLE_CHARS)  # the figure is no wider than the text column
    if hasattr(ax_or_fig, "suptitle"):
        ax_or_fig.suptitle(text, fontweight="bold", **kw)
    else:
        ax_or_fig.set_title(text, **kw)


def _watermark(fig, illustrative: bool, lang: str) -> None:
    if illustrative:
        fig.text(0.5, 0.5, _r("illustrative_watermark", lang), fontsize=56, color="#888888", alpha=0.16,
                 ha="center", va="center", rotation=25, fontweight="bold", zorder=100)


def _cell_heatmap(ax, values: dict, status: dict, notes: dict, colours: list, lang: str) -> None:
    """The shared 4 × 6 grid (:func:`.heatmap.draw_cell_heatmap`) with this module's wording."""
    draw_cell_heatmap(ax, values, colours, lang=lang, value_text=lambda v: f"{float(v):g}", status=status,
                      notes=notes, not_assessed_text=_r("fig.not_assessed_cell", lang),
                      suppressed_text=_r("fig.suppressed_cell", lang))


def _legend_handles(colours, labels, lang, min_group_size, with_suppressed: bool, with_not_assessed: bool):
    return legend_handles(
        colours, labels,
        not_assessed_label=_r("fig.not_assessed_key", lang) if with_not_assessed else None,
        suppressed_label=_r("fig.suppressed_key", lang, k=min_group_size) if with_suppressed else None)


def level_heatmap(scores: pd.DataFrame, *, lang: str = "en", illustrative: bool = False,
                  title_key: str = "fig.level_heatmap_title") -> tuple:
    """4 × 6 heat map of the current level per cell, with the basis of each level.

    ``scores`` is :func:`scoring.score_cells` output. Each cell shows the level
    and, underneath, its basis (desk review with evidence grade, or survey).
    """
    apply_style()
    values = dict(zip(scores["cell_id"], scores["current_level"]))
    status = {c: ("not_assessed" if pd.isna(v) else "ok") for c, v in values.items()}
    notes = {}
    for r in scores.to_dict("records"):
        if r["basis"] == "desk":
            notes[r["cell_id"]] = _r("basis_short.desk", lang, grade=r["desk_confidence"])
        elif r["basis"] in ("survey", "imputed"):
            notes[r["cell_id"]] = _r(f"basis_short.{r['basis']}", lang)
    fig, ax = plt.subplots(figsize=GRID_FIGSIZE)
    _cell_heatmap(ax, values, status, notes, LEVEL_COLOURS, lang)
    labels = [f"{lv} {level_label(lv, lang)}" for lv in range(5)]
    handles = _legend_handles(LEVEL_COLOURS, labels, lang, 5, False, any(s != "ok" for s in status.values()))
    grid_legend(ax, handles)
    _title(ax, t(f"governance_results.{title_key}", lang), illustrative, lang, pad=22)
    _watermark(fig, illustrative, lang)
    counts = pd.Series([v for v in values.values() if not pd.isna(v)], dtype=float).round().value_counts()
    parts = [f"{lv} {level_label(lv, lang)}: {int(counts.get(lv, 0))}" for lv in range(5)]
    alt = _r("alt.level", lang, counts=", ".join(parts), n_na=sum(1 for s in status.values() if s != "ok"),
             **GRID_WORDS)
    return fig, alt


def survey_heatmap(by_cell: pd.DataFrame, *, min_group_size: int, lang: str = "en",
                   illustrative: bool = False) -> tuple:
    """4 × 6 heat map of the survey median per cell; suppressed cells drawn apart."""
    apply_style()
    values = dict(zip(by_cell["cell_id"], by_cell["median"]))
    status = {r["cell_id"]: ("suppressed" if r["suppressed"] else "ok") for r in by_cell.to_dict("records")}
    notes = {r["cell_id"]: f"n = {r['n']}" for r in by_cell.to_dict("records") if not r["suppressed"]}
    fig, ax = plt.subplots(figsize=GRID_FIGSIZE)
    _cell_heatmap(ax, values, status, notes, LEVEL_COLOURS, lang)
    labels = [f"{lv} {level_label(lv, lang)}" for lv in range(5)]
    n_sup = sum(1 for s in status.values() if s == "suppressed")
    handles = _legend_handles(LEVEL_COLOURS, labels, lang, min_group_size, n_sup > 0, False)
    grid_legend(ax, handles)
    _title(ax, _r("fig.survey_heatmap_title", lang), illustrative, lang, pad=22)
    _watermark(fig, illustrative, lang)
    alt = _r("alt.survey", lang, k=min_group_size, n_sup=n_sup, **GRID_WORDS)
    return fig, alt


def gap_heatmap(scores: pd.DataFrame, horizon: str = "long", *, lang: str = "en",
                illustrative: bool = False) -> tuple:
    """4 × 6 heat map of the gap to the ``horizon`` target (0 = target met)."""
    apply_style()
    values = dict(zip(scores["cell_id"], scores[f"gap_{horizon}"]))
    status = {c: ("not_assessed" if pd.isna(v) else "ok") for c, v in values.items()}
    targets = dict(zip(scores["cell_id"], scores[f"target_{horizon}"]))
    notes = {c: f"{_r('col.target', lang)} {int(targets[c])}" for c in values if status[c] == "ok"}
    fig, ax = plt.subplots(figsize=GRID_FIGSIZE)
    _cell_heatmap(ax, values, status, notes, GAP_COLOURS, lang)
    labels = [str(g) for g in range(5)]
    handles = _legend_handles(GAP_COLOURS, labels, lang, 5, False, any(s != "ok" for s in status.values()))
    grid_legend(ax, handles, title=_r("fig.gap_axis", lang), ncol=len(handles))  # short labels: one row
    h = _r(f"horizon_in_text.{horizon}", lang)
    _title(ax, _r("fig.gap_heatmap_title", lang, horizon=h), illustrative, lang, pad=22)
    _watermark(fig, illustrative, lang)
    gaps = pd.Series([v for v in values.values() if not pd.isna(v)], dtype=float)
    alt = _r("alt.gap", lang, horizon=h, n_zero=int((gaps == 0).sum()),
             max_gap="–" if gaps.empty else f"{gaps.max():g}", **GRID_WORDS)
    return fig, alt


def perception_vs_evidence(scores: pd.DataFrame, by_cell: pd.DataFrame, *, min_group_size: int,
                           lang: str = "en", illustrative: bool = False) -> tuple:
    """Per cell: desk-review level (evidence) vs survey median and IQR (perception).

    One panel per pillar; cells flagged for discussion (≥ 2 levels apart) are
    shaded; suppressed survey cells say so instead of showing a median.
    """
    apply_style()
    s = scores.set_index("cell_id")
    b = by_cell.set_index("cell_id")
    fig, axes = plt.subplots(len(PILLARS), 1, figsize=(COLUMN_WIDTH_IN, 11.5), sharex=True)
    for ax, p in zip(axes, PILLARS):
        for j, e in enumerate(ELEMENTS):
            cid = f"{p}.{e}"
            y = len(ELEMENTS) - 1 - j
            if bool(s.at[cid, "disagreement"]):
                ax.axhspan(y - 0.45, y + 0.45, color=HIGHLIGHT, alpha=0.13, linewidth=0)
            if b.at[cid, "suppressed"]:
                ax.text(4.35, y, _r("fig.suppressed_cell", lang), va="center", ha="left", fontsize=MIN_FONT_PT,
                        style="italic", color="#555555")
            else:
                ax.plot([b.at[cid, "q1"], b.at[cid, "q3"]], [y, y], color=OKABE_ITO["sky"], linewidth=5,
                        alpha=0.6, solid_capstyle="round", zorder=2)
                ax.plot(b.at[cid, "median"], y, "o", color=OKABE_ITO["blue"], markersize=8, zorder=3)
            dl = s.at[cid, "desk_level"]
            if not pd.isna(dl):
                ax.plot(dl, y, "D", color="black", markersize=7, markerfacecolor="none", markeredgewidth=1.8,
                        zorder=4)
            else:
                ax.text(-0.85, y, _r("fig.no_desk_level", lang), va="center", ha="left", fontsize=MIN_FONT_PT,
                        style="italic", color="#555555")
        ax.set_yticks(range(len(ELEMENTS)))
        ax.set_yticklabels([wrap_label(element_label(e, lang), ROW_LABEL_CHARS) for e in reversed(ELEMENTS)],
                           fontsize=MIN_FONT_PT)
        ax.set_ylim(-0.6, len(ELEMENTS) - 0.4)
        ax.set_xlim(-0.9, 4.9)
        ax.set_title(pillar_label(p, lang), loc="left", fontsize=10)
        ax.grid(axis="y", visible=False)
    axes[-1].set_xticks(range(5))
    axes[-1].set_xticklabels([f"{lv}\n{level_label(lv, lang)}" for lv in range(5)], fontsize=MIN_FONT_PT)
    axes[-1].set_xlabel(_r("fig.level_axis", lang))
    handles = [
        plt.Line2D([], [], marker="D", color="black", markerfacecolor="none", linestyle="none",
                   markeredgewidth=1.8, label=_r("fig.desk_marker", lang)),
        plt.Line2D([], [], marker="o", color=OKABE_ITO["blue"], linestyle="none", label=_r("fig.survey_marker", lang)),
        plt.Line2D([], [], color=OKABE_ITO["sky"], linewidth=5, alpha=0.6, label=_r("fig.survey_range", lang)),
        Patch(facecolor=HIGHLIGHT, alpha=0.13, label=_r("fig.flagged", lang)),
    ]
    if by_cell["suppressed"].any():
        handles.append(Patch(facecolor="none", edgecolor="none", label=_r("fig.suppressed_key", lang, k=min_group_size)))
    _title(fig, _r("fig.perception_title", lang), illustrative, lang, fontsize=12)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.legend(handles=handles, loc="lower center", ncol=1, fontsize=MIN_FONT_PT, bbox_to_anchor=(0.5, 0.0))
    _watermark(fig, illustrative, lang)
    alt = _r("alt.perception", lang, n_flag=int(scores["disagreement"].sum()))
    return fig, alt


def priority_chart(scores: pd.DataFrame, *, top_n: int = 12, priority_horizon: str = "long",
                   lang: str = "en", illustrative: bool = False) -> tuple:
    """Horizontal bars of the ``top_n`` priority scores, coloured by action horizon."""
    apply_style()
    top = scores[scores["rank"].notna() & (scores["priority"] > 0)].sort_values("rank").head(top_n)
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH_IN - 1.8, 0.5 * len(top) + 1.6))  # cell names take 1.8 in
    y = np.arange(len(top))[::-1]
    colours = [HORIZON_COLOURS[h] for h in top["action_horizon"]]
    ax.barh(y, top["priority"], color=colours, height=0.7)
    for yi, r in zip(y, top.to_dict("records")):
        gap = _r("fig.gap_label", lang, gap=f"{r['gap_' + priority_horizon]:g}")
        ax.text(r["priority"] + 0.15, yi, f"{gap} × {r['importance_weight']:.1f}", va="center", fontsize=MIN_FONT_PT)
    ax.set_yticks(y)
    ax.set_yticklabels([wrap_label(f"{int(r)}. {cell_label(c, lang)}", 24) for r, c in zip(top["rank"], top["cell_id"])],
                       fontsize=MIN_FONT_PT)
    ax.set_xlabel(wrap_label(_r("fig.priority_axis", lang), 44))
    ax.set_xlim(0, top["priority"].max() * 1.4 if len(top) else 1)  # room for the "gap × weight" notes
    ax.grid(axis="y", visible=False)
    present = [h for h in ("short", "medium", "long") if h in set(top["action_horizon"])]
    ax.legend(handles=[Patch(color=HORIZON_COLOURS[h], label=_r(f"horizon.{h}", lang)) for h in present],
              loc="upper center", bbox_to_anchor=(0.4, -0.9 / (0.5 * len(top) + 1.6) - 0.06), ncol=3,
              fontsize=MIN_FONT_PT)
    _title(ax, _r("fig.priority_title", lang), illustrative, lang)
    _watermark(fig, illustrative, lang)
    alt = _r("alt.priority", lang, n=len(top),
             cells="; ".join(f"{int(r)}. {cell_label(c, lang)}" for r, c in zip(top["rank"], top["cell_id"])))
    return fig, alt


def sensitivity_chart(rankings: pd.DataFrame, stability: pd.DataFrame, *, top_n: int = 10,
                      lang: str = "en", illustrative: bool = False) -> tuple:
    """Rank of the baseline's ``top_n`` cells (rows) under each scenario (columns), with τ-b."""
    apply_style()
    base = rankings[(rankings["scenario"] == "baseline") & rankings["rank"].notna()].nsmallest(top_n, "rank")
    cells = base["cell_id"].tolist()
    scen = stability["scenario"].tolist()
    wide = rankings.pivot(index="cell_id", columns="scenario", values="rank").reindex(index=cells, columns=scen)
    n_max = int(rankings["rank"].max())
    # scenarios are numbered columns with a key below: eleven names side by side do not fit the column
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH_IN - 1.8, 0.42 * len(cells) + 1.0))
    cmap = ListedColormap(colormaps["Blues_r"](np.linspace(0.05, 0.85, n_max)))
    data = wide.astype(float).to_numpy()
    masked = np.ma.masked_invalid(data)
    ax.imshow(masked, cmap=cmap, norm=BoundaryNorm(np.arange(0.5, n_max + 1.5), cmap.N), aspect="auto")
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            v = data[i, j]
            if np.isnan(v):
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white", hatch="///",
                                       edgecolor="#bbbbbb"))
                ax.text(j, i, _r("fig.not_assessed_cell", lang), ha="center", va="center", fontsize=MIN_FONT_PT,
                        style="italic")
            else:
                colour = cmap(int(v) - 1)
                ax.text(j, i, f"{int(v)}", ha="center", va="center", fontsize=MIN_FONT_PT, color=text_colour(colour))
    taus = dict(zip(stability["scenario"], stability["kendall_tau"]))
    ax.set_xticks(range(len(scen)))
    ax.set_xticklabels([str(k) for k in range(1, len(scen) + 1)], fontsize=MIN_FONT_PT)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(cells)))
    ax.set_yticklabels([wrap_label(cell_label(c, lang), 24) for c in cells], fontsize=MIN_FONT_PT)
    ax.tick_params(length=0)
    ax.grid(False)
    key = [f"{k}  " + _r(f"scenario.{s}", lang) + ("  (τ = –)" if pd.isna(taus[s]) else f"  (τ = {taus[s]:.2f})")
           for k, s in enumerate(scen, start=1)]
    if np.isnan(data).any():
        key.append(_r("fig.not_assessed_key", lang))
    ax.text(-0.5, len(cells) - 0.3, "\n".join(key), ha="left", va="top", fontsize=MIN_FONT_PT,
            transform=ax.transData, linespacing=1.35)
    _title(ax, _r("fig.sensitivity_title", lang), illustrative, lang, pad=10)
    _watermark(fig, illustrative, lang)
    moved = stability[stability["scenario"] != "baseline"]
    taus_moved = moved["kendall_tau"].dropna()
    alt = _r("alt.sensitivity", lang, n=len(cells), m=len(moved),
             lo="–" if taus_moved.empty else f"{taus_moved.min():.2f}",
             hi="–" if taus_moved.empty else f"{taus_moved.max():.2f}")
    return fig, alt


def gantt_chart(plan: pd.DataFrame, *, lang: str = "en", illustrative: bool = False) -> tuple:
    """Gantt-style timeline of the action plan: one bar per intervention × element.

    Bars span the horizon's window (short 0–12, medium 12–36, long 36–60
    months); rows are ordered by horizon, then priority.
    """
    apply_style()
    fig, ax = plt.subplots(figsize=(COLUMN_WIDTH_IN - 2.0, 0.5 * max(len(plan), 1) + 1.9))  # names: 2 in
    y = np.arange(len(plan))[::-1]
    for yi, r in zip(y, plan.to_dict("records")):
        ax.barh(yi, r["end_month"] - r["start_month"], left=r["start_month"], height=0.62,
                color=HORIZON_COLOURS[r["horizon"]], edgecolor="white")
        pillars = ", ".join(pillar_label(split_cell(c)[0], lang) for c in r["cells"].split(";"))
        inside = r["end_month"] >= 60  # no room on the right of the last window
        colour = HORIZON_COLOURS[r["horizon"]]
        ax.text(r["start_month"] + 0.8 if inside else r["end_month"] + 0.8, yi, f"#{r['best_rank']} · {pillars}",
                va="center", fontsize=MIN_FONT_PT, color=text_colour(colour)
                if inside else "black")
    ax.set_yticks(y)
    ax.set_yticklabels([wrap_label(f"{r['intervention_id']} · {element_label(r['element'], lang)}", 24)
                        for r in plan.to_dict("records")], fontsize=MIN_FONT_PT)
    for m in sorted({end for _, end in HORIZON_MONTHS.values()} - {GANTT_MONTHS}):
        ax.axvline(m, color="#777777", linewidth=0.8, linestyle="--")
    ax.set_xlim(0, GANTT_MONTHS)
    ax.set_xticks(range(0, GANTT_MONTHS + 1, 12))
    ax.set_xlabel(_r("fig.months_axis", lang))
    ax.grid(axis="y", visible=False)
    present = [h for h in ("short", "medium", "long") if h in set(plan["horizon"])]
    ax.legend(handles=[Patch(color=HORIZON_COLOURS[h], label=_r(f"horizon.{h}", lang)) for h in present],
              loc="upper center", bbox_to_anchor=(0.4, -0.13 if len(plan) > 6 else -0.25), ncol=3,
              fontsize=MIN_FONT_PT)
    _title(ax, _r("fig.gantt_title", lang), illustrative, lang)
    _watermark(fig, illustrative, lang)
    counts = plan["horizon"].value_counts()
    alt = _r("alt.gantt", lang, n=len(plan), months=GANTT_MONTHS, **{h: int(counts.get(h, 0)) for h in ("short", "medium", "long")})
    return fig, alt

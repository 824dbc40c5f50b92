"""All EGDI figures, in the report's one style, with labels from the ``egdi`` catalogue.

Every function returns an :class:`EgdiFigure` (matplotlib figure + name, caption,
source and alt text, all in the requested language). Notebooks call ``.save()``
(PNG, SVG and PDF through :func:`egovreport.figures.save_figure`); the
193-country batch calls ``.png_base64()`` to embed the image in a self-contained
HTML page. Colours: Okabe–Ito; the run's state is always vermillion, other states
grey; markers differ as well as colours so the figures survive greyscale printing.
"""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from . import figures
from .egdi_analysis import (COMPONENTS, FIRST_RESCALED_EDITION, INPUT_INDICATORS, LEVEL_LOWER_BOUNDS, LEVELS,
                            RATING_CLASS_FIRST_EDITION, SPECIAL_GROUPS)
from .figures import COMPONENT_COLOURS, CONTEXT, HIGHLIGHT, OKABE_ITO, save_figure
from .i18n import catalogue, country_name, t

# Benchmark lines: colour + marker + dash, distinguishable without colour.
BENCHMARK_STYLE = {
    "world": dict(color=OKABE_ITO["black"], marker="s", linestyle="--"),
    "region": dict(color=OKABE_ITO["blue"], marker="^", linestyle="-."),
    "sub_region": dict(color=OKABE_ITO["sky"], marker="v", linestyle=":"),
    "lldc": dict(color=OKABE_ITO["green"], marker="D", linestyle="--"),
    "ldc": dict(color=OKABE_ITO["pink"], marker="P", linestyle="--"),
    "sids": dict(color=OKABE_ITO["pink"], marker="X", linestyle="--"),
    "income_group": dict(color=OKABE_ITO["orange"], marker="o", linestyle=(0, (5, 1, 1, 1))),
}
COUNTRY_STYLE = dict(color=HIGHLIGHT, marker="o", linestyle="-", linewidth=2.6, markersize=6, zorder=5)
LEVEL_SHADES = {"low": "#f2f2f2", "middle": "#e6e6e6", "high": "#d9d9d9", "very_high": "#cccccc"}
PEER_COLOUR = OKABE_ITO["blue"]
LIGHT_BAR = "#c4c4c4"


@dataclass
class EgdiFigure:
    """A drawn figure with what :func:`egovreport.figures.save_figure` needs."""

    fig: Figure
    name: str
    caption: str
    source: str
    alt: str

    def save(self):
        """Write PNG/SVG/PDF + sidecar; returns the :class:`~egovreport.figures.SavedFigure`."""
        return save_figure(self.fig, self.name, caption=self.caption, source=self.source, alt=self.alt)

    def png_base64(self, dpi: int = 110) -> str:
        """PNG as base64 text (for self-contained HTML); closes the figure."""
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
        plt.close(self.fig)
        return base64.b64encode(buf.getvalue()).decode("ascii")

    def close(self) -> None:
        plt.close(self.fig)


# --------------------------------------------------------------------------- labels

def fig_name(kind: str, iso3: str, lang: str) -> str:
    """File name of a figure: ``egdi_<kind>_<iso3>_<lang>`` (unique per state and language, so
    runs for several states or both languages never overwrite each other's figures)."""
    return f"egdi_{kind}_{iso3.lower()}_{lang}"


def L(key: str, lang: str, **values) -> str:
    """A string of the ``egdi`` catalogue."""
    return t(f"egdi.{key}", lang, **values)


def indicator_label(ind: str, lang: str, long: bool = False) -> str:
    return L(f"indicator.{ind}.{'long' if long else 'short'}", lang)


def level_label(level: str | None, lang: str) -> str:
    return L(f"level.{level}", lang) if isinstance(level, str) and level else "–"


def place_name(name: str | None, lang: str) -> str:
    """M49 region/sub-region or World Bank income group name in ``lang`` (English if no entry)."""
    if not name:
        return "–"
    key = f"egdi.place.{name}"
    return str(catalogue(lang).get(key) or catalogue("en").get(key) or name)


def state_name(iso3: str, english_name: str, lang: str) -> str:
    """State name in ``lang`` (:func:`egovreport.i18n.country_name`: catalogue, e.g. Монгол Улс, then
    the Unicode CLDR name in Mongolian), else the UN English name."""
    return country_name(iso3, lang, english=english_name)


def benchmark_label(bid: str, name: str, lang: str) -> str:
    """Legend label of a benchmark line."""
    if bid == "world":
        return L("benchmark.world", lang)
    if bid in SPECIAL_GROUPS:
        return L("benchmark.group", lang, group=L(f"group.{bid}.short", lang))
    return L("benchmark.mean_of", lang, name=place_name(name, lang))


def source_text(lang: str, *, groupings: bool = False, extra: str | None = None, editions=None) -> str:
    first, last = (editions[0], editions[-1]) if editions else (2003, 2024)
    parts = [L("source.survey", lang, first=first, last=last) if first != last else L("source.survey_one", lang, edition=first)]
    if groupings:
        parts.append(L("source.groupings", lang))
    if extra:
        parts.append(extra)
    return "; ".join(parts)


def _fmt(v, digits=4):
    return "–" if v is None or pd.isna(v) else f"{v:.{digits}f}"


def _new(figsize=None, **kw):
    figures.apply_style()
    return plt.subplots(figsize=figsize, **kw) if figsize else plt.subplots(**kw)


def spread_positions(values, min_gap: float, lo: float | None = None, hi: float | None = None) -> list[float]:
    """Label positions as close as possible to ``values`` but at least ``min_gap`` apart
    (keeps the input order; used for end-of-line labels)."""
    vals = np.asarray(values, dtype=float)
    order = np.argsort(vals, kind="stable")
    pos = vals[order].copy()
    for _ in range(200):
        moved = False
        for i in range(1, len(pos)):
            if pos[i] - pos[i - 1] < min_gap - 1e-12:
                mid = (pos[i] + pos[i - 1]) / 2
                pos[i - 1], pos[i] = mid - min_gap / 2, mid + min_gap / 2
                moved = True
        if lo is not None and len(pos) and pos[0] < lo:
            pos += lo - pos[0]
            moved = True
        if hi is not None and len(pos) and pos[-1] > hi:
            pos -= pos[-1] - hi
            moved = True
        if not moved:
            break
    out = np.empty_like(pos)
    out[order] = pos
    return out.tolist()


def _text_box(ann, renderer):
    """Display box of an annotation's text alone (``get_window_extent`` adds the arrow)."""
    ann.update_positions(renderer)
    return Text.get_window_extent(ann, renderer)


def place_labels(ax, items, obstacles=(), radii=(10, 18, 28, 40, 54, 70)) -> None:
    """Annotate points without overlaps: each label tries offsets around its point (nearest
    first) and keeps the first whose box stays inside the axes and clears every label already
    placed, every marked point and every ``obstacles`` artist. ``items``: list of
    ``(x, y, text, style)`` in placement order (most important first); ``style`` holds
    ``color``, ``fontsize``, ``weight``.
    """
    fig = ax.figure
    fig.canvas.draw()  # fixes the layout so extents are final
    renderer = fig.canvas.get_renderer()
    axbox = ax.get_window_extent(renderer)
    taken = [a.get_window_extent(renderer).expanded(1.02, 1.05) for a in obstacles]
    for x, y, _, _ in items:  # keep the marked points themselves visible
        px, py = ax.transData.transform((x, y))
        taken.append(Bbox.from_extents(px - 5, py - 5, px + 5, py + 5))
    directions = [(1, 0.5), (-1, 0.5), (1, -0.5), (-1, -0.5), (0, 1), (0, -1), (1, 0), (-1, 0)]
    for x, y, text, style in items:
        ann = None
        for r in radii:
            for dx, dy in directions:
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                ann = ax.annotate(text, (x, y), xytext=(dx * r, dy * r * 0.8), textcoords="offset points",
                                  ha=ha, va="center", zorder=8, fontsize=style.get("fontsize", 8),
                                  color=style.get("color", "black"), weight=style.get("weight", "normal"),
                                  bbox=dict(fc="white", ec="none", alpha=0.85, pad=0.4),
                                  arrowprops=dict(arrowstyle="-", color=style.get("color", "black"), lw=0.7,
                                                  shrinkA=0, shrinkB=3))
                box = _text_box(ann, renderer)
                inside = (box.x0 >= axbox.x0 and box.x1 <= axbox.x1 and box.y0 >= axbox.y0 and box.y1 <= axbox.y1)
                if inside and not any(box.overlaps(t) for t in taken):
                    taken.append(box.expanded(1.04, 1.1))
                    break
                ann.remove()
                ann = None
            if ann is not None:
                break
        if ann is None:  # no free spot: put it at the first candidate rather than drop it
            ann = ax.annotate(text, (x, y), xytext=(radii[0], radii[0] * 0.4), textcoords="offset points",
                              fontsize=style.get("fontsize", 8), color=style.get("color", "black"),
                              weight=style.get("weight", "normal"), zorder=8,
                              bbox=dict(fc="white", ec="none", alpha=0.85, pad=0.4))
            taken.append(_text_box(ann, renderer))


def _shade_unrescaled(ax, editions, lang, label=True):
    early = [e for e in editions if e < FIRST_RESCALED_EDITION]
    if early:
        ax.axvspan(min(early) - 0.5, FIRST_RESCALED_EDITION - 1, color="#eeeeee", zorder=0, lw=0)
        if label:
            ax.text(min(early) - 0.3, 0.02, L("note.not_rescaled_short", lang), fontsize=7.5,
                    color="#555555", transform=ax.get_xaxis_transform(), va="bottom")


def _edition_axis(ax, editions):
    """A tick per edition; labels on the first, the last and every fourth year between,
    so neighbouring editions (2003/2004/2005) never print on top of each other."""
    editions = list(editions)
    first, last = editions[0], editions[-1]
    ax.set_xticks(editions)
    ax.set_xticklabels([str(e) if e in (first, last) or (e % 4 == 0 and e - first >= 4 and last - e >= 4)
                        else "" for e in editions])
    ax.set_xlim(min(editions) - 0.7, max(editions) + 0.7)


# --------------------------------------------------------------------------- 01 framework

def fig_framework(iso3: str, name: str, edition: int, values: dict, lang: str = "en") -> EgdiFigure:
    """Diagram: EGDI = 1/3 OSI + 1/3 TII + 1/3 HCI, with the state's values; OSI's five
    subindices and E-Participation; the inputs of TII and HCI."""
    fig, ax = _new(figsize=(10.5, 6.0))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)

    renderer = fig.canvas.get_renderer()

    def box(x, y, w, h, text, colour, size=9.5, weight="normal", fill=0.15):
        patch = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.008",
                               fc=(*to_rgb(colour), fill), ec=colour, lw=1.4)
        ax.add_patch(patch)
        txt = ax.text(x, y, text, ha="center", va="center", fontsize=size, weight=weight, wrap=False)
        # shrink the font until the text fits its box (translations differ in length)
        limit = ax.transData.transform((x + w / 2 * 0.94, y + h / 2 * 0.92)) - ax.transData.transform((x, y))
        while size > 5.5:
            ext = txt.get_window_extent(renderer)
            if ext.width / 2 <= limit[0] and ext.height / 2 <= limit[1]:
                break
            size -= 0.3
            txt.set_fontsize(size)

    def arrow(x0, y0, x1, y1, label=None):
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops=dict(arrowstyle="-|>", color="#555555", lw=1))
        if label:
            ax.text((x0 + x1) / 2 + 0.012, (y0 + y1) / 2, label, fontsize=9, color="#333333",
                    ha="left", va="center", bbox=dict(fc="white", ec="none", pad=0.5))

    top = f"{indicator_label('egdi', lang)} {edition} = {_fmt(values.get('egdi'))}\n{indicator_label('egdi', lang, long=True)}"
    box(0.5, 0.88, 0.50, 0.13, top, COMPONENT_COLOURS["egdi"], size=10.5, weight="bold", fill=0.06)
    xs = {"osi": 0.17, "tii": 0.5, "hci": 0.83}
    for comp, x in xs.items():
        txt = f"{indicator_label(comp, lang)} = {_fmt(values.get(comp))}\n{L(f'framework.{comp}_what', lang)}"
        box(x, 0.60, 0.30, 0.15, txt, COMPONENT_COLOURS[comp], size=8.8)
        arrow(x, 0.675, 0.5 + (x - 0.5) * 0.45, 0.815, label="⅓")
    sub_keys = ["if", "cp", "sp", "ep", "tec"]
    sub_txt = "\n".join(f"• {L(f'subindex.{k}', lang)}" for k in sub_keys)
    box(0.17, 0.27, 0.30, 0.30, f"{L('framework.osi_subindices', lang)}\n{sub_txt}", COMPONENT_COLOURS["osi"],
        size=8.2, fill=0.05)
    arrow(0.17, 0.42, 0.17, 0.525)
    box(0.5, 0.27, 0.30, 0.30, f"{L('framework.tii_inputs_title', lang)}\n{L('framework.tii_inputs', lang)}",
        COMPONENT_COLOURS["tii"], size=8.2, fill=0.05)
    arrow(0.5, 0.42, 0.5, 0.525)
    box(0.83, 0.27, 0.30, 0.30, f"{L('framework.hci_inputs_title', lang)}\n{L('framework.hci_inputs', lang)}",
        COMPONENT_COLOURS["hci"], size=8.2, fill=0.05)
    arrow(0.83, 0.42, 0.83, 0.525)
    epi = f"{indicator_label('epi', lang)} = {_fmt(values.get('epi'))} — {L('framework.epi_what', lang)}"
    ax.text(0.17, 0.06, epi, ha="center", va="center", fontsize=8.2, color=COMPONENT_COLOURS["epi"],
            bbox=dict(fc="white", ec=COMPONENT_COLOURS["epi"], boxstyle="round,pad=0.3"))
    ax.set_title(L("fig.framework.title", lang, country=name, edition=edition), loc="left")
    return EgdiFigure(
        fig, fig_name("framework", iso3, lang),
        L("fig.framework.caption", lang, country=name, edition=edition),
        source_text(lang, editions=(edition, edition)),
        L("fig.framework.alt", lang, country=name, edition=edition, egdi=_fmt(values.get("egdi")),
          osi=_fmt(values.get("osi")), tii=_fmt(values.get("tii")), hci=_fmt(values.get("hci"))))


def fig_level_distribution(states: pd.DataFrame, iso3: str, name: str, edition: int,
                           class_bounds: dict | None, lang: str = "en") -> EgdiFigure:
    """All states' EGDI in ``edition`` as a histogram over the four level bands, the state
    marked, and (if given) the rating-class boundaries inside its level under each rule."""
    fig, ax = _new(figsize=(8, 4.2))
    for lvl in LEVELS:
        lo = LEVEL_LOWER_BOUNDS[lvl]
        hi = LEVEL_LOWER_BOUNDS[LEVELS[LEVELS.index(lvl) + 1]] if lvl != LEVELS[-1] else 1.0
        ax.axvspan(lo, hi, color=LEVEL_SHADES[lvl], zorder=0, lw=0)
        ax.text((lo + hi) / 2, 1.01, level_label(lvl, lang), transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontsize=9, weight="bold")
    ax.hist(states["egdi"], bins=np.arange(0, 1.0001, 0.025), color=OKABE_ITO["sky"], edgecolor="white", zorder=2)
    own = float(states.set_index("iso3").loc[iso3, "egdi"])
    ax.axvline(own, color=HIGHLIGHT, lw=2.4, zorder=4)
    ax.text(own, 0.93, f"{name} {_fmt(own)}", color=HIGHLIGHT, transform=ax.get_xaxis_transform(),
            ha="center" if 0.15 < own < 0.85 else ("left" if own <= 0.15 else "right"), va="top", fontsize=9,
            weight="bold", zorder=6, bbox=dict(fc="white", ec=HIGHLIGHT, lw=0.8, boxstyle="round,pad=0.25"))
    handles = [Line2D([], [], color=HIGHLIGHT, lw=2.4, label=name)]
    if class_bounds:
        styles = {"quartile": dict(color=OKABE_ITO["black"], ls="--"),
                  "equal_width": dict(color=OKABE_ITO["orange"], ls=":")}
        for rule, bounds in class_bounds.items():
            for b in bounds:
                ax.axvline(b, lw=1.3, zorder=3, **styles[rule])
            handles.append(Line2D([], [], lw=1.3, label=L(f"rating_rule.{rule}", lang), **styles[rule]))
    ax.set_xlim(0, 1)
    ax.set_xlabel(L("axis.egdi_value", lang, edition=edition))
    ax.set_ylabel(L("axis.n_states", lang))
    ax.set_ylim(0, ax.get_ylim()[1] * 1.18)  # headroom for the label
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.14), ncol=1, fontsize=8.5)
    ax.set_title(L("fig.levels.title", lang, edition=edition), loc="left", pad=18)
    return EgdiFigure(fig, fig_name("level_distribution", iso3, lang),
                      L("fig.levels.caption", lang, country=name, edition=edition, n=len(states)),
                      source_text(lang, editions=(edition, edition)),
                      L("fig.levels.alt", lang, country=name, edition=edition, egdi=_fmt(own)))


# --------------------------------------------------------------------------- 02 profile

def fig_components_over_time(series: pd.DataFrame, bench: pd.DataFrame, iso3: str, name: str,
                             lang: str = "en", indicators=("egdi", "osi", "tii", "hci"),
                             kind: str = "components_time") -> EgdiFigure:
    """Small multiples: the state's EGDI and components per edition against benchmark means.

    ``kind`` selects the catalogue entry for title/caption/alt and the file name
    (``components_time`` or ``epi_time`` for the E-Participation Index alone)."""
    n = len(indicators)
    ncols = 2 if n > 1 else 1
    nrows = int(np.ceil(n / ncols))
    fig, axes = _new(figsize=(9, 3.1 * nrows + 0.8) if n > 1 else (8, 4.4), nrows=nrows, ncols=ncols,
                     sharex=True, squeeze=False)
    editions = list(series["edition"])
    order = [b for b in BENCHMARK_STYLE if b in set(bench["benchmark"])]
    for ax, ind in zip(axes.flat, indicators):
        if ind in ("egdi", "tii", "hci"):  # OSI and EPI were always rescaled to [0, 1]
            _shade_unrescaled(ax, editions, lang, label=(ind == indicators[0]))
        for bid in order:
            b = bench[bench["benchmark"] == bid]
            ax.plot(b["edition"], b[ind], lw=1.3, markersize=4, alpha=0.95, **BENCHMARK_STYLE[bid])
        ax.plot(series["edition"], series[ind], **COUNTRY_STYLE)
        ax.set_title(indicator_label(ind, lang, long=True), loc="left", fontsize=10.5)
        ax.set_ylim(0, 1.02)
        _edition_axis(ax, editions)
    for ax in list(axes.flat)[n:]:
        ax.set_axis_off()
    handles = [Line2D([], [], label=state_name(iso3, name, lang), **COUNTRY_STYLE)]
    for bid in order:
        nm = bench.loc[bench["benchmark"] == bid, "name"].iloc[0]
        handles.append(Line2D([], [], lw=1.3, markersize=4, label=benchmark_label(bid, nm, lang),
                              **BENCHMARK_STYLE[bid]))
    fig.legend(handles=handles, loc="lower center", ncol=min(4, len(handles)), bbox_to_anchor=(0.5, -0.01))
    fig.suptitle(L(f"fig.{kind}.title", lang, country=state_name(iso3, name, lang)),
                 x=0.01, ha="left", fontsize=12, weight="bold")
    bottom = (0.07 + 0.03 * (len(handles) > 4)) * (1 if n > 1 else 1.9)
    fig.tight_layout(rect=(0, bottom, 1, 0.97))
    names = ", ".join(benchmark_label(b, bench.loc[bench['benchmark'] == b, 'name'].iloc[0], lang) for b in order)
    fname = "components_over_time" if kind == "components_time" else kind
    return EgdiFigure(fig, fig_name(fname, iso3, lang),
                      L(f"fig.{kind}.caption", lang, country=state_name(iso3, name, lang),
                        first=editions[0], last=editions[-1], rescaled=FIRST_RESCALED_EDITION),
                      source_text(lang, groupings=True, editions=editions),
                      L(f"fig.{kind}.alt", lang, country=state_name(iso3, name, lang), benchmarks=names,
                        first=editions[0], last=editions[-1]))


def fig_rank_trajectory(traj: pd.DataFrame, iso3: str, name: str, lang: str = "en") -> EgdiFigure:
    """EGDI rank per edition (1 at the top), each point labelled, with the reminder that ranks are relative."""
    fig, ax = _new(figsize=(8, 4))
    d = traj.dropna(subset=["egdi_rank"])
    ax.plot(d["edition"], d["egdi_rank"], **COUNTRY_STYLE)
    ranks = d["egdi_rank"].tolist()
    for i, (_, r) in enumerate(d.iterrows()):
        # label below a point that is worse than its neighbours (a valley), above otherwise
        neighbours = [ranks[j] for j in (i - 1, i + 1) if 0 <= j < len(ranks)]
        below = all(r["egdi_rank"] >= v for v in neighbours)
        ax.annotate(f"{int(r['egdi_rank'])}", (r["edition"], r["egdi_rank"]), textcoords="offset points",
                    xytext=(0, -13 if below else 8), ha="center", fontsize=8.5, color="#222222")
    n_max = int(traj["n_ranked"].max())
    ax.set_ylim(n_max + 5, -max(10, 0.07 * n_max))  # headroom above rank 1 for its label
    ax.set_yticks([1, 25, 50, 75, 100, 125, 150, 175, n_max] if n_max > 175 else [1, 50, 100, 150])
    ax.set_ylabel(L("axis.rank", lang, n=n_max))
    _edition_axis(ax, list(traj["edition"]))
    ax.text(0, 1.02, L("note.ranks_relative", lang), transform=ax.transAxes, ha="left", va="bottom",
            fontsize=8.5, style="italic", color="#444444")
    sn = state_name(iso3, name, lang)
    ax.set_title(L("fig.rank.title", lang, country=sn), loc="left", pad=20)
    ranks = ", ".join(f"{int(r['edition'])}: {int(r['egdi_rank'])}" for _, r in d.iterrows())
    return EgdiFigure(fig, fig_name("rank_trajectory", iso3, lang),
                      L("fig.rank.caption", lang, country=sn),
                      source_text(lang, editions=list(traj["edition"])),
                      L("fig.rank.alt", lang, country=sn, ranks=ranks))


def fig_level_per_edition(series: pd.DataFrame, iso3: str, name: str, lang: str = "en") -> EgdiFigure:
    """The state's EGDI per edition over the four level bands, each point labelled with its
    rating class when one is available."""
    fig, ax = _new(figsize=(8, 4.2))
    editions = list(series["edition"])
    for lvl in LEVELS:
        lo = LEVEL_LOWER_BOUNDS[lvl]
        hi = LEVEL_LOWER_BOUNDS[LEVELS[LEVELS.index(lvl) + 1]] if lvl != LEVELS[-1] else 1.0
        ax.axhspan(lo, hi, color=LEVEL_SHADES[lvl], zorder=0, lw=0)
        ax.text(1.01, (lo + hi) / 2, level_label(lvl, lang), transform=ax.get_yaxis_transform(),
                va="center", ha="left", fontsize=9)
    ax.plot(series["edition"], series["egdi"], **COUNTRY_STYLE)
    for _, r in series.dropna(subset=["egdi"]).iterrows():
        rc = r.get("rating_class")
        if isinstance(rc, str) and rc and r["edition"] >= RATING_CLASS_FIRST_EDITION:
            ax.annotate(rc, (r["edition"], r["egdi"]), textcoords="offset points", xytext=(0, 8),
                        ha="center", fontsize=8.5)
    ax.set_ylim(0, 1)
    ax.set_ylabel(indicator_label("egdi", lang))
    _edition_axis(ax, editions)
    sn = state_name(iso3, name, lang)
    ax.set_title(L("fig.level_time.title", lang, country=sn), loc="left")
    lv = ", ".join(f"{int(r['edition'])}: {level_label(r['level'], lang)}" for _, r in series.dropna(subset=['egdi']).iterrows())
    return EgdiFigure(fig, fig_name("level_per_edition", iso3, lang),
                      L("fig.level_time.caption", lang, country=sn, first=RATING_CLASS_FIRST_EDITION),
                      source_text(lang, editions=editions),
                      L("fig.level_time.alt", lang, country=sn, levels=lv))


# --------------------------------------------------------------------------- 03 diagnosis

def fig_component_position(diag: pd.DataFrame, limiting: str | None, iso3: str, name: str, edition: int,
                           lang: str = "en") -> EgdiFigure:
    """The state's OSI, TII and HCI as bars (the limiting one highlighted) with the world,
    sub-region and special-group means and the best value as markers."""
    fig, ax = _new(figsize=(8, 3.6))
    comps = list(diag["component"])
    y = np.arange(len(comps))[::-1]
    colours = [HIGHLIGHT if c == limiting else LIGHT_BAR for c in comps]
    ax.barh(y, diag["value"], color=colours, height=0.55, zorder=2)
    for yi, v, c in zip(y, diag["value"], comps):
        ax.text(0.01, yi, _fmt(v), va="center", ha="left", fontsize=9, weight="bold", zorder=3,
                color="white" if c == limiting else "#222222")
    marker_cols = [("world_mean", "world"), ("sub_region_mean", "sub_region")] + \
                  [(f"{g}_mean", g) for g in SPECIAL_GROUPS] + [("income_group_mean", "income_group")]
    handles = [Patch(color=HIGHLIGHT, label=L("legend.limiting", lang)), Patch(color=LIGHT_BAR, label=L("legend.other_components", lang))]
    offsets = np.linspace(-0.18, 0.18, 4)
    k = 0
    for col, bid in marker_cols:
        if col in diag.columns and diag[col].notna().any():
            st = BENCHMARK_STYLE[bid]
            ax.scatter(diag[col], y + offsets[k % 4], marker=st["marker"], color=st["color"], s=42, zorder=4,
                       edgecolor="white", linewidth=0.6)
            handles.append(Line2D([], [], marker=st["marker"], color=st["color"], lw=0,
                                  label=L(f"legend.mean.{bid}", lang)))
            k += 1
    ax.set_yticks(y)
    ax.set_yticklabels([indicator_label(c, lang) for c in comps])
    ax.set_xlim(0, 1.0)
    ax.set_xlabel(L("axis.value", lang, edition=edition))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8.5)
    sn = state_name(iso3, name, lang)
    ax.set_title(L("fig.component_position.title", lang, country=sn, edition=edition), loc="left")
    vals = ", ".join(f"{indicator_label(c, lang)} {_fmt(v)}" for c, v in zip(comps, diag["value"]))
    return EgdiFigure(fig, fig_name("component_position", iso3, lang),
                      L("fig.component_position.caption", lang, country=sn, edition=edition,
                        limiting=indicator_label(limiting, lang) if limiting else "–"),
                      source_text(lang, groupings=True, editions=(edition, edition)),
                      L("fig.component_position.alt", lang, country=sn, edition=edition, values=vals,
                        limiting=indicator_label(limiting, lang) if limiting else "–"))


def distance_reference_label(ref: str, lang: str) -> str:
    """Label of a reference of :func:`egovreport.egdi_analysis.distance_to_leaders`
    (``leader``, ``top10_mean``, ``sub_region_leader``, ``<group>_leader``)."""
    if ref == "leader":
        return L("distance.leader", lang)
    if ref == "sub_region_leader":
        return L("distance.sub_region_leader", lang)
    if ref.endswith("_leader"):
        return L("distance.group_leader", lang, group=L(f"group.{ref.split('_')[0]}.short", lang))
    return L("distance.top_mean", lang, n=ref[3:].split("_")[0])


def distances_key(next_level: str | None) -> str:
    """Catalogue key of the distance figure and table: a Very High state has no next level."""
    return "distances" if next_level is not None else "distances_top"


def fig_distances(distances: pd.DataFrame, next_level: str | None, dist_next: float | None, iso3: str,
                  name: str, edition: int, names: dict, lang: str = "en") -> EgdiFigure:
    """Horizontal bars: EGDI points from the state to the next level and to the leaders."""
    rows = []
    if next_level is not None:
        rows.append((L("distance.next_level", lang, level=level_label(next_level, lang)), dist_next))
    for _, r in distances.iterrows():
        who = f" ({names.get(r['iso3'], r['iso3'])})" if isinstance(r["iso3"], str) else ""
        rows.append((distance_reference_label(r["reference"], lang) + who, float(r["distance"])))
    fig, ax = _new(figsize=(8, 0.55 * len(rows) + 1.4))
    y = np.arange(len(rows))[::-1]
    vals = [v for _, v in rows]
    ax.barh(y, vals, color=[OKABE_ITO["blue"] if v >= 0 else OKABE_ITO["green"] for v in vals], height=0.55)
    span = max(abs(v) for v in vals) if vals else 1
    for yi, v in zip(y, vals):
        ax.text(v + (0.01 * span if v >= 0 else -0.01 * span), yi, f"{v:+.4f}", va="center",
                ha="left" if v >= 0 else "right", fontsize=9)
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels([r for r, _ in rows])
    lo = min(0, min(vals)) * 1.25 if vals else 0
    ax.set_xlim(lo - 0.02 * span, max(0, max(vals)) * 1.22 + 0.02 * span)
    ax.set_xlabel(L("axis.distance", lang))
    sn = state_name(iso3, name, lang)
    key = distances_key(next_level)
    ax.set_title(L(f"fig.{key}.title", lang, country=sn, edition=edition), loc="left")
    alt = "; ".join(f"{r}: {v:+.4f}" for r, v in rows)
    return EgdiFigure(fig, fig_name("distances", iso3, lang),
                      L(f"fig.{key}.caption", lang, country=sn, edition=edition),
                      source_text(lang, groupings=True, editions=(edition, edition)),
                      L("fig.distances.alt", lang, country=sn, edition=edition, values=alt))


def fig_decomposition(dec: pd.DataFrame, iso3: str, name: str, lang: str = "en") -> EgdiFigure:
    """Stacked bars: each edition pair's EGDI change split into ΔOSI/3, ΔTII/3, ΔHCI/3,
    with the published change as a diamond; pairs across a methodology break are marked °."""
    fig, ax = _new(figsize=(9, 4.4))
    x = np.arange(len(dec))
    pos_base = np.zeros(len(dec))
    neg_base = np.zeros(len(dec))
    for comp in COMPONENTS:
        v = dec[f"{comp}_contribution"].to_numpy(dtype=float)
        base = np.where(v >= 0, pos_base, neg_base)
        ax.bar(x, v, bottom=base, color=COMPONENT_COLOURS[comp], width=0.62, edgecolor="white", lw=0.5,
               label=L("legend.contribution", lang, component=indicator_label(comp, lang)),
               hatch={"osi": None, "tii": "//", "hci": ".."}[comp])
        pos_base += np.where(v >= 0, v, 0)
        neg_base += np.where(v < 0, v, 0)
    ax.scatter(x, dec["egdi_change"], marker="D", color="black", s=30, zorder=5,
               label=L("legend.egdi_change", lang))
    ax.axhline(0, color="#333333", lw=0.8)
    labels = [f"{a}–{str(b)[2:]}" + ("°" if not c else "") for a, b, c in
              zip(dec["from_edition"], dec["to_edition"], dec["comparable"])]
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=0 if len(x) <= 8 else 35, ha="center" if len(x) <= 8 else "right")
    ax.set_ylabel(L("axis.egdi_change", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.text(1.01, 0.02, L("note.method_break", lang, year=FIRST_RESCALED_EDITION), transform=ax.transAxes, fontsize=8, ha="left",
            va="bottom", color="#444444", wrap=True)
    sn = state_name(iso3, name, lang)
    ax.set_title(L("fig.decomposition.title", lang, country=sn), loc="left")
    alt = "; ".join(f"{a}→{b}: {c:+.4f}" for a, b, c in zip(dec["from_edition"], dec["to_edition"], dec["egdi_change"]))
    return EgdiFigure(fig, fig_name("decomposition", iso3, lang),
                      L("fig.decomposition.caption", lang, country=sn, rescaled=FIRST_RESCALED_EDITION),
                      source_text(lang, editions=sorted(set(dec["from_edition"]) | set(dec["to_edition"]))),
                      L("fig.decomposition.alt", lang, country=sn, changes=alt))


# --------------------------------------------------------------------------- 04 peers

def fig_slope(table: pd.DataFrame, iso3: str, previous: int, edition: int, lang: str = "en") -> EgdiFigure:
    """Slope chart: EGDI of the state and its peers in the previous and the current edition;
    end labels spread so they never overlap."""
    d = table.dropna(subset=["egdi", "egdi_previous"]).reset_index(drop=True)
    fig, ax = _new(figsize=(7.5, 5.2))
    lo = float(min(d["egdi"].min(), d["egdi_previous"].min()))
    hi = float(max(d["egdi"].max(), d["egdi_previous"].max()))
    pad = max(0.02, (hi - lo) * 0.06)
    gap = max((hi - lo + 2 * pad) * 0.055, 0.004)
    left_pos = spread_positions(d["egdi_previous"], gap)
    right_pos = spread_positions(d["egdi"], gap)
    for i, r in d.iterrows():
        own = r["iso3"] == iso3
        colour = HIGHLIGHT if own else PEER_COLOUR
        ax.plot([0, 1], [r["egdi_previous"], r["egdi"]], color=colour, lw=2.8 if own else 1.4,
                marker="o", markersize=6 if own else 4, zorder=5 if own else 3, alpha=1 if own else 0.85)
        nm = state_name(r["iso3"], r["country"], lang)
        w = "bold" if own else "normal"
        ax.text(-0.04, left_pos[i], f"{nm} {r['egdi_previous']:.4f}", ha="right", va="center", fontsize=8.5,
                color=colour, weight=w)
        ax.text(1.04, right_pos[i], f"{r['egdi']:.4f} {nm}", ha="left", va="center", fontsize=8.5,
                color=colour, weight=w)
    ymin = min(lo, *left_pos, *right_pos) - pad
    ymax = max(hi, *left_pos, *right_pos) + pad
    ax.set_ylim(ymin, ymax)
    ax.set_xlim(-0.9, 1.9)
    ax.set_xticks([0, 1])
    ax.set_xticklabels([str(previous), str(edition)], fontsize=10, weight="bold")
    ax.set_yticks([])
    ax.grid(False)
    for s in ("left", "right", "top"):
        ax.spines[s].set_visible(False)
    sn = state_name(iso3, table.loc[table["iso3"] == iso3, "country"].iloc[0], lang)
    ax.set_title(L("fig.slope.title", lang, country=sn, previous=previous, edition=edition), loc="left")
    alt = "; ".join(f"{r['iso3']}: {r['egdi_previous']:.4f} → {r['egdi']:.4f}" for _, r in d.iterrows())
    return EgdiFigure(fig, fig_name("peer_slope", iso3, lang),
                      L("fig.slope.caption", lang, country=sn, previous=previous, edition=edition),
                      source_text(lang, editions=(previous, edition)),
                      L("fig.slope.alt", lang, country=sn, values=alt, previous=previous, edition=edition))


def fig_peer_components(table: pd.DataFrame, iso3: str, edition: int, lang: str = "en",
                        indicators=("egdi", "osi", "tii", "hci")) -> EgdiFigure:
    """Small multiples: one panel per index, the state and peers as bars (state highlighted)."""
    d = table.dropna(subset=["egdi"]).sort_values("egdi", ascending=True).reset_index(drop=True)
    fig, axes = _new(figsize=(9.5, 0.36 * len(d) + 1.9), ncols=len(indicators), sharey=True)
    y = np.arange(len(d))
    names = [state_name(c, n, lang) for c, n in zip(d["iso3"], d["country"])]
    colours = [HIGHLIGHT if c == iso3 else CONTEXT for c in d["iso3"]]
    for ax, ind in zip(axes, indicators):
        ax.barh(y, d[ind], color=colours, height=0.65)
        for yi, v in zip(y, d[ind]):
            if pd.notna(v):
                ax.text(v - 0.02, yi, f"{v:.2f}", ha="right", va="center", fontsize=7.5, color="white")
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.5, 1])
        ax.set_title(indicator_label(ind, lang), fontsize=10.5)
        ax.grid(axis="y", visible=False)
    axes[0].set_yticks(y)
    axes[0].set_yticklabels(names)
    for lbl, c in zip(axes[0].get_yticklabels(), d["iso3"]):
        if c == iso3:
            lbl.set_color(HIGHLIGHT)
            lbl.set_fontweight("bold")
    sn = state_name(iso3, d.loc[d["iso3"] == iso3, "country"].iloc[0], lang)
    fig.suptitle(L("fig.peer_components.title", lang, country=sn, edition=edition), x=0.01, ha="left",
                 fontsize=12, weight="bold")
    fig.tight_layout()
    alt = "; ".join(f"{r['iso3']}: " + ", ".join(f"{indicator_label(i, lang)} {r[i]:.4f}" for i in indicators)
                    for _, r in d.iterrows())
    return EgdiFigure(fig, fig_name("peer_components", iso3, lang),
                      L("fig.peer_components.caption", lang, country=sn, edition=edition),
                      source_text(lang, editions=(edition, edition)),
                      L("fig.peer_components.alt", lang, country=sn, values=alt))


def fig_all_states(states: pd.DataFrame, iso3: str, peers, edition: int, lang: str = "en") -> EgdiFigure:
    """Dot plot of every state's EGDI by M49 region (jittered), the state highlighted and
    labelled, peers marked and labelled by ISO3 code."""
    regions = sorted(states["region"].dropna().unique())
    fig, ax = _new(figsize=(9, 0.75 * len(regions) + 1.6))
    rng = np.random.default_rng(20241203)  # fixed jitter: identical figure on every run
    ypos = {r: i for i, r in enumerate(regions[::-1])}
    for lvl in LEVELS:
        lo = LEVEL_LOWER_BOUNDS[lvl]
        hi = LEVEL_LOWER_BOUNDS[LEVELS[LEVELS.index(lvl) + 1]] if lvl != LEVELS[-1] else 1.0
        ax.axvspan(lo, hi, color=LEVEL_SHADES[lvl], zorder=0, lw=0, alpha=0.6)
        ax.text((lo + hi) / 2, 1.0, level_label(lvl, lang), transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontsize=8.5)
    jit = rng.uniform(-0.25, 0.25, len(states))
    d = states.assign(y=[ypos.get(r, np.nan) for r in states["region"]] + jit)
    peers = [p for p in peers if p != iso3]
    others = d[~d["iso3"].isin([iso3, *peers])]
    ax.scatter(others["egdi"], others["y"], s=16, color=CONTEXT, alpha=0.8, zorder=2, lw=0)
    pe = d[d["iso3"].isin(peers)]
    ax.scatter(pe["egdi"], pe["y"], s=34, color=PEER_COLOUR, zorder=3, marker="s", edgecolor="white", lw=0.5)
    me = d[d["iso3"] == iso3]
    if len(me):
        ax.scatter([me.iloc[0]["egdi"]], [me.iloc[0]["y"]], s=90, color=HIGHLIGHT, zorder=5, edgecolor="black", lw=0.8)
    ax.set_yticks(list(ypos.values()))
    ax.set_yticklabels([place_name(r, lang) for r in ypos])
    ax.set_ylim(-0.7, len(regions) - 0.3)
    ax.set_xlim(0, 1.02)  # room for the marker of a state at the top
    ax.set_xlabel(L("axis.egdi_value", lang, edition=edition))
    ax.grid(axis="y", visible=False)
    handles = [Line2D([], [], marker="o", color=HIGHLIGHT, lw=0, markeredgecolor="black", label=state_name(iso3, me.iloc[0]["country"], lang) if len(me) else iso3),
               Line2D([], [], marker="s", color=PEER_COLOUR, lw=0, label=L("legend.peers", lang)),
               Line2D([], [], marker="o", color=CONTEXT, lw=0, label=L("legend.other_states", lang))]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.13), ncol=3)
    sn = handles[0].get_label()
    ax.set_title(L("fig.all_states.title", lang, n=len(states), edition=edition), loc="left", pad=16)
    items = []
    if len(me):
        r = me.iloc[0]
        items.append((r["egdi"], r["y"], f"{state_name(iso3, r['country'], lang)} {r['egdi']:.4f}",
                      {"color": HIGHLIGHT, "fontsize": 9, "weight": "bold"}))
    items += [(r["egdi"], r["y"], r["iso3"], {"color": PEER_COLOUR, "fontsize": 7.5})
              for _, r in pe.sort_values("egdi", ascending=False).iterrows()]
    place_labels(ax, items)
    rank = int(me.iloc[0]["egdi_rank"]) if len(me) and pd.notna(me.iloc[0]["egdi_rank"]) else None
    return EgdiFigure(fig, fig_name("all_states", iso3, lang),
                      L("fig.all_states.caption", lang, country=sn, n=len(states), edition=edition),
                      source_text(lang, groupings=True, editions=(edition, edition)),
                      L("fig.all_states.alt", lang, country=sn, n=len(states), edition=edition,
                        rank=rank if rank else "–", egdi=_fmt(me.iloc[0]["egdi"]) if len(me) else "–"))


# --------------------------------------------------------------------------- 05 e-participation

def fig_epi_vs_osi(states: pd.DataFrame, iso3: str, peers, edition: int, lang: str = "en") -> EgdiFigure:
    """Scatter of E-Participation against OSI for every state, the state and peers marked."""
    fig, ax = _new(figsize=(7, 5))
    d = states.dropna(subset=["epi", "osi"])
    others = d[~d["iso3"].isin([iso3, *peers])]
    ax.scatter(others["osi"], others["epi"], s=16, color=CONTEXT, alpha=0.8, lw=0, zorder=2)
    pe = d[d["iso3"].isin([p for p in peers if p != iso3])]
    ax.scatter(pe["osi"], pe["epi"], s=34, color=PEER_COLOUR, marker="s", zorder=3, edgecolor="white", lw=0.5)
    me = d[d["iso3"] == iso3]
    sn = iso3
    if len(me):
        r = me.iloc[0]
        sn = state_name(iso3, r["country"], lang)
        ax.scatter([r["osi"]], [r["epi"]], s=90, color=HIGHLIGHT, edgecolor="black", lw=0.8, zorder=5)
    ax.plot([0, 1], [0, 1], color="#777777", lw=0.8, ls=":")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel(indicator_label("osi", lang, long=True))
    ax.set_ylabel(indicator_label("epi", lang, long=True))
    r_ = float(d["epi"].corr(d["osi"]))
    r_text = ax.text(0.02, 0.97, f"r = {r_:.2f}", transform=ax.transAxes, va="top", fontsize=9)
    ax.set_title(L("fig.epi_osi.title", lang, edition=edition), loc="left")
    items = [(r["osi"], r["epi"], sn, {"color": HIGHLIGHT, "fontsize": 9.5, "weight": "bold"}) for _, r in me.iterrows()]
    items += [(r["osi"], r["epi"], r["iso3"], {"color": PEER_COLOUR, "fontsize": 7.5}) for _, r in pe.iterrows()]
    place_labels(ax, items, obstacles=[r_text])
    return EgdiFigure(fig, fig_name("epi_vs_osi", iso3, lang),
                      L("fig.epi_osi.caption", lang, country=sn, edition=edition, n=len(d)),
                      source_text(lang, editions=(edition, edition)),
                      L("fig.epi_osi.alt", lang, country=sn, edition=edition, r=f"{r_:.2f}",
                        epi=_fmt(me.iloc[0]["epi"]) if len(me) else "–", osi=_fmt(me.iloc[0]["osi"]) if len(me) else "–"))


def fig_bars(values: pd.DataFrame, label_col: str, value_col: str, name: str, title: str, caption: str,
             source: str, alt: str, highlight=None, xlabel: str = "", xlim=(0, 1)) -> EgdiFigure:
    """Generic horizontal bar chart (OSI subindices, OGDI, LOSI components when the official
    files are present)."""
    fig, ax = _new(figsize=(7.5, 0.45 * len(values) + 1.3))
    y = np.arange(len(values))[::-1]
    colours = [HIGHLIGHT if highlight is not None and lbl == highlight else OKABE_ITO["blue"]
               for lbl in values[label_col]]
    ax.barh(y, values[value_col], color=colours, height=0.6)
    for yi, v in zip(y, values[value_col]):
        if pd.notna(v):
            ax.text(v + 0.01 * (xlim[1] - xlim[0]), yi, f"{v:.4f}", va="center", fontsize=8.5)
    ax.set_yticks(y)
    ax.set_yticklabels(values[label_col])
    ax.set_xlim(*xlim)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    return EgdiFigure(fig, name, caption, source, alt)


# --------------------------------------------------------------------------- 03 inputs

def input_label(indicator: str, lang: str) -> str:
    return L(f"input.{indicator}", lang)


def fig_input_trends(trends: pd.DataFrame, missing: dict, iso3: str, name: str, lang: str = "en") -> EgdiFigure:
    """Small multiples: each available TII/HCI input of the state over the years against the
    median of the Member States; the last panel lists the inputs this build lacks."""
    present = set(trends["indicator"])
    indicators = [i for comp in INPUT_INDICATORS.values() for i in comp if i in present]
    n = len(indicators) + 1
    ncols = 3
    nrows = int(np.ceil(n / ncols))
    fig, axes = _new(figsize=(10, 3.0 * nrows + 0.6), nrows=nrows, ncols=ncols, squeeze=False)
    sn = state_name(iso3, name, lang)
    for ax, ind in zip(axes.flat, indicators):
        d = trends[trends["indicator"] == ind].sort_values("year")
        comp = d["component"].iloc[0]
        ax.plot(d["year"], d["median"], color=CONTEXT, lw=1.6, ls="--", label=L("legend.median_states", lang))
        ax.plot(d["year"], d["value"], color=HIGHLIGHT, lw=2.2, label=sn)
        ax.set_title("\n".join(textwrap.wrap(f"{indicator_label(comp, lang)}: {input_label(ind, lang)}", 34)),
                     loc="left", fontsize=9.5)
        ax.set_xlim(max(2000, d["year"].min()), d["year"].max() + 0.5)
        ax.set_ylim(bottom=0)
    handles = [Line2D([], [], color=HIGHLIGHT, lw=2.2, label=sn),
               Line2D([], [], color=CONTEXT, lw=1.6, ls="--", label=L("legend.median_states", lang))]
    rest = list(axes.flat)[len(indicators):]
    note_ax = rest[0]
    note_ax.set_axis_off()
    lines = [L("note.missing_inputs_title", lang)]
    for comp, items in missing.items():
        for it in items:
            lines.extend(textwrap.wrap(f"• {indicator_label(comp, lang)}: {input_label(it, lang)}", 40,
                                       subsequent_indent="   "))
    note_ax.text(0.0, 1.0, "\n".join(lines), va="top", ha="left", fontsize=8.5, transform=note_ax.transAxes,
                 wrap=True)
    note_ax.legend(handles=handles, loc="lower left", frameon=False)
    for ax in rest[1:]:
        ax.set_axis_off()
    fig.suptitle(L("fig.inputs.title", lang, country=sn), x=0.01, ha="left", fontsize=12, weight="bold")
    fig.tight_layout()
    return EgdiFigure(fig, fig_name("input_trends", iso3, lang),
                      L("fig.inputs.caption", lang, country=sn),
                      L("source.inputs", lang),
                      L("fig.inputs.alt", lang, country=sn,
                        indicators=", ".join(input_label(i, lang) for i in indicators)))


def fig_component_vs_input(pairs: list, iso3: str, name: str, edition: int, lang: str = "en") -> EgdiFigure:
    """Scatter panels: a component in ``edition`` against one of its inputs across states
    (state highlighted, Pearson r shown). ``pairs``: list of (table, component, indicator, year)."""
    fig, axes = _new(figsize=(4.6 * len(pairs), 4.2), ncols=len(pairs), squeeze=False)
    sn = state_name(iso3, name, lang)
    alts = []
    labels = []
    for ax, (df, comp, ind, year) in zip(axes.flat, pairs):
        others = df[df["iso3"] != iso3]
        ax.scatter(others[ind], others[comp], s=14, color=CONTEXT, alpha=0.8, lw=0)
        me = df[df["iso3"] == iso3]
        r = float(df[comp].corr(df[ind])) if len(df) > 2 else float("nan")
        r_text = ax.text(0.03, 0.96, f"r = {r:.2f}, n = {len(df)}", transform=ax.transAxes, va="top", fontsize=8.5)
        ax.set_xlabel(f"{input_label(ind, lang)}, {year}")
        ax.set_ylabel(f"{indicator_label(comp, lang)} {edition}")
        ax.set_ylim(-0.02, 1.1)
        if len(me):
            ax.scatter(me[ind], me[comp], s=80, color=HIGHLIGHT, edgecolor="black", lw=0.8, zorder=5)
            labels.append((ax, [(me[ind].iloc[0], me[comp].iloc[0], sn,
                                 {"color": HIGHLIGHT, "fontsize": 9, "weight": "bold"})], [r_text]))
        alts.append(f"{indicator_label(comp, lang)} ~ {input_label(ind, lang)} (r = {r:.2f})")
    fig.suptitle(L("fig.component_input.title", lang, edition=edition), x=0.01, ha="left", fontsize=12,
                 weight="bold")
    fig.tight_layout()
    for ax, items, obstacles in labels:
        place_labels(ax, items, obstacles=obstacles)
    return EgdiFigure(fig, fig_name("component_vs_input", iso3, lang),
                      L("fig.component_input.caption", lang, country=sn, edition=edition),
                      source_text(lang, editions=(edition, edition), extra=L("source.inputs", lang)),
                      L("fig.component_input.alt", lang, country=sn, pairs="; ".join(alts)))

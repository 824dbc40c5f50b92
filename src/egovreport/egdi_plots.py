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
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from . import figures
from .egdi_analysis import (COMPONENTS, FIRST_RESCALED_EDITION, INPUT_INDICATORS, LEVEL_LOWER_BOUNDS, LEVELS,
                            RATING_CLASS_FIRST_EDITION, SPECIAL_GROUPS)
from .figures import COMPONENT_COLOURS, CONTEXT, HIGHLIGHT, OKABE_ITO, save_figure
from .i18n import catalogue, country_name, fmt_index, t

# Legibility: the book shows a figure scaled to its text column, 672 CSS px wide on a 1280-px desktop
# window (measured in Chromium). An EGDI figure is drawn at most FIG_WIDTH inches wide (about the
# column at 96 px per inch once savefig's 0.1-inch padding is added) and no text is smaller than
# FS_MIN points, so every label reads at 9 pt or more (tests/test_egdi_figures.py measures it).
TEXT_COLUMN_PX = 672
MIN_RENDERED_PT = 9.0
FIG_WIDTH = 6.8
FS_MIN = 9.5
FS_LABEL = 10.0
FS_TITLE = 11.5

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
    """Index value on a figure: the report's one formatting function (half up, as published)."""
    return fmt_index(v, digits)


def _new(figsize=None, **kw):
    """A figure in the report's style, with the EGDI figures' minimum text sizes."""
    figures.apply_style()
    plt.rcParams.update({"xtick.labelsize": FS_MIN, "ytick.labelsize": FS_MIN, "legend.fontsize": FS_MIN,
                         "axes.labelsize": FS_LABEL, "axes.titlesize": FS_TITLE, "font.size": FS_LABEL,
                         "legend.title_fontsize": FS_LABEL})
    figsize = figsize or (FIG_WIDTH, 3.8)
    return plt.subplots(figsize=figsize, **kw)


def short_name(iso3: str, name: str, limit: int = 22) -> str:
    """A state's name for a label inside a plot: its ISO3 code when the name is too long to sit
    next to a point ("United Kingdom of Great Britain and Northern Ireland" → GBR); the caption and
    the alt text keep the full name."""
    return name if len(name) <= limit else iso3


def wrap_title(text: str, width_in: float = FIG_WIDTH, fontsize: float = FS_TITLE) -> str:
    """``text`` broken into lines that fit ``width_in`` inches at ``fontsize`` (bold DejaVu Sans is
    about 0.62 em per character in English, wider in Cyrillic: 0.7 leaves room), so a long country name never widens the figure."""
    chars = max(20, int(width_in * 72 / (0.7 * fontsize)))
    return "\n".join(textwrap.wrap(text, chars)) or text


def _suptitle(fig, text: str) -> None:
    fig.suptitle(wrap_title(text), x=0.01, ha="left", fontsize=FS_TITLE, weight="bold")


def _title(ax, text: str, **kw) -> None:
    """The figure's title, left-aligned on the figure (not on the axes, which long tick labels
    push right), wrapped to the figure's width."""
    _suptitle(ax.figure, text)


def assessed_span(series: pd.DataFrame, column: str = "egdi") -> tuple[int, int] | None:
    """First and last edition in which the state has a value of ``column`` (None: never)."""
    have = series.dropna(subset=[column])["edition"].astype(int)
    return (int(have.min()), int(have.max())) if len(have) else None


def _within(df: pd.DataFrame, span) -> pd.DataFrame:
    return df[(df["edition"] >= span[0]) & (df["edition"] <= span[1])]


def _mark_not_assessed(ax, series: pd.DataFrame, column: str = "egdi") -> bool:
    """Hatch the editions inside the span in which the state was not assessed (missing stays
    missing: the line is broken there, never drawn across); True when there is any."""
    gaps = series.loc[series[column].isna(), "edition"].astype(int).tolist()
    for e in gaps:
        ax.axvspan(e - 0.45, e + 0.45, facecolor="none", edgecolor="#8a8a8a", hatch="///", lw=0, zorder=0.5)
    return bool(gaps)


def _not_assessed_handle(lang: str) -> Patch:
    return Patch(facecolor="white", edgecolor="#8a8a8a", hatch="///", label=L("legend.not_assessed", lang))


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
                                  ha=ha, va="center", zorder=8, fontsize=style.get("fontsize", FS_MIN),
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
                              fontsize=style.get("fontsize", FS_MIN), color=style.get("color", "black"),
                              weight=style.get("weight", "normal"), zorder=8,
                              bbox=dict(fc="white", ec="none", alpha=0.85, pad=0.4))
            taken.append(_text_box(ann, renderer))


def _shade_unrescaled(ax, editions, lang):
    """Grey band over the editions before 2012 (TII and HCI not rescaled); True when drawn."""
    early = [e for e in editions if e < FIRST_RESCALED_EDITION]
    if early:
        ax.axvspan(min(early) - 0.5, FIRST_RESCALED_EDITION - 1, color="#eeeeee", zorder=0, lw=0)
    return bool(early)


def _edition_axis(ax, editions):
    """A tick per edition (whole editions only, never a fractional year); labels on the first, the
    last and every fourth year between, so neighbouring editions (2003/2004/2005) never collide."""
    editions = [int(e) for e in editions]
    first, last = editions[0], editions[-1]
    ax.set_xticks(editions)
    ax.set_xticklabels([str(e) if e in (first, last) or (e % 4 == 0 and e - first >= 4 and last - e >= 4)
                        else "" for e in editions])
    ax.set_xlim(min(editions) - 0.7, max(editions) + 0.7)


def _legend_below(fig, handles, ncol: int) -> None:
    """The legend outside every axes, under the figure (constrained layout makes room): never on
    data. Long labels (translations, notes) are wrapped to the column so the figure never widens."""
    chars = max(16, int(FIG_WIDTH * 72 / (0.62 * FS_MIN) / ncol) - 6)
    for h in handles:
        h.set_label("\n".join(textwrap.wrap(h.get_label(), chars)) or h.get_label())
    fig.legend(handles=handles, loc="outside lower center", ncol=ncol, frameon=False, fontsize=FS_MIN)


# --------------------------------------------------------------------------- 01 framework

def _fit_box_text(text: str, width_in: float, fontsize: float) -> str:
    """Wrap each line of a box's text so it fits ``width_in`` inches at ``fontsize`` (the font is
    never shrunk below the legibility minimum; a longer translation gets more lines)."""
    chars = max(8, int(width_in * 72 / (0.56 * fontsize)))
    out = []
    for line in text.split("\n"):
        indent = "   " if line.startswith("•") else ""
        out.extend(textwrap.wrap(line, chars, subsequent_indent=indent) or [""])
    return "\n".join(out)


def fig_framework(iso3: str, name: str, edition: int, values: dict, lang: str = "en") -> EgdiFigure:
    """Diagram: EGDI = 1/3 OSI + 1/3 TII + 1/3 HCI, with the state's values; OSI's five
    subindices and E-Participation; the inputs of TII and HCI."""
    fig, ax = _new(figsize=(FIG_WIDTH, 6.6))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    col_w = 0.315  # axes fraction of one column of boxes

    renderer = fig.canvas.get_renderer()

    def box(x, y, w, h, text, colour, weight="normal", fill=0.15, size=FS_MIN, align="center"):
        patch = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.006",
                               fc=(*to_rgb(colour), fill), ec=colour, lw=1.4)
        ax.add_patch(patch)
        tx = x if align == "center" else x - w / 2 + 0.012
        limit = (ax.transData.transform((x + w / 2, y)) - ax.transData.transform((x - w / 2, y)))[0] * 0.94
        width_in = w * FIG_WIDTH
        while True:  # wrap more narrowly until the text fits its box (the font never shrinks)
            txt = ax.text(tx, y, _fit_box_text(text, width_in, size), ha=align if align == "center" else "left",
                          va="center", fontsize=size, weight=weight, linespacing=1.15)
            if txt.get_window_extent(renderer).width <= limit or width_in < 0.5:
                break
            txt.remove()
            width_in *= 0.92

    def arrow(x0, y0, x1, y1, label=None):
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops=dict(arrowstyle="-|>", color="#555555", lw=1))
        if label:
            ax.text((x0 + x1) / 2 + 0.012, (y0 + y1) / 2, label, fontsize=FS_LABEL, color="#333333",
                    ha="left", va="center", bbox=dict(fc="white", ec="none", pad=0.5))

    top = f"{indicator_label('egdi', lang)} {edition} = {_fmt(values.get('egdi'))}\n{indicator_label('egdi', lang, long=True)}"
    box(0.5, 0.91, 0.62, 0.12, top, COMPONENT_COLOURS["egdi"], weight="bold", fill=0.06, size=FS_LABEL)
    xs = {"osi": 0.165, "tii": 0.5, "hci": 0.835}
    for comp, x in xs.items():
        txt = f"{indicator_label(comp, lang)} = {_fmt(values.get(comp))}\n{L(f'framework.{comp}_what', lang).replace(chr(10), ' ')}"
        box(x, 0.66, col_w, 0.17, txt, COMPONENT_COLOURS[comp])
        arrow(x, 0.745, 0.5 + (x - 0.5) * 0.5, 0.85, label="⅓")
    sub_txt = "\n".join(f"• {L(f'subindex.{k}', lang)}" for k in ("if", "cp", "sp", "ep", "tec"))
    box(0.165, 0.30, col_w, 0.40, f"{L('framework.osi_subindices', lang)}\n{sub_txt}", COMPONENT_COLOURS["osi"],
        fill=0.05, align="left")
    arrow(0.165, 0.50, 0.165, 0.575)
    box(0.5, 0.30, col_w, 0.40, f"{L('framework.tii_inputs_title', lang)}\n{L('framework.tii_inputs', lang)}",
        COMPONENT_COLOURS["tii"], fill=0.05, align="left")
    arrow(0.5, 0.50, 0.5, 0.575)
    box(0.835, 0.30, col_w, 0.40, f"{L('framework.hci_inputs_title', lang)}\n{L('framework.hci_inputs', lang)}",
        COMPONENT_COLOURS["hci"], fill=0.05, align="left")
    arrow(0.835, 0.50, 0.835, 0.575)
    epi = f"{indicator_label('epi', lang)} = {_fmt(values.get('epi'))} — {L('framework.epi_what', lang)}"
    ax.text(0.5, 0.035, epi, ha="center", va="center", fontsize=FS_MIN, color="#7a2a5e",
            bbox=dict(fc="white", ec=COMPONENT_COLOURS["epi"], boxstyle="round,pad=0.3"))
    _title(ax, L("fig.framework.title", lang, country=name, edition=edition))
    return EgdiFigure(
        fig, fig_name("framework", iso3, lang),
        L("fig.framework.caption", lang, country=name, edition=edition),
        source_text(lang, editions=(edition, edition)),
        L("fig.framework.alt", lang, country=name, edition=edition, egdi=_fmt(values.get("egdi")),
          osi=_fmt(values.get("osi")), tii=_fmt(values.get("tii")), hci=_fmt(values.get("hci"))))


def fig_level_distribution(states: pd.DataFrame, iso3: str, name: str, edition: int,
                           class_bounds: dict | None, lang: str = "en") -> EgdiFigure:
    """All states' EGDI in ``edition`` as a histogram over the four level bands, the state
    marked, and (if given) the rating-class boundaries inside its level under each (inferred) rule."""
    fig, ax = _new(figsize=(FIG_WIDTH, 4.2), layout="constrained")
    for lvl in LEVELS:
        lo = LEVEL_LOWER_BOUNDS[lvl]
        hi = LEVEL_LOWER_BOUNDS[LEVELS[LEVELS.index(lvl) + 1]] if lvl != LEVELS[-1] else 1.0
        ax.axvspan(lo, hi, color=LEVEL_SHADES[lvl], zorder=0, lw=0)
        ax.text((lo + hi) / 2, 1.01, level_label(lvl, lang), transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontsize=FS_MIN, weight="bold")
    ax.hist(states["egdi"], bins=np.arange(0, 1.0001, 0.025), color=OKABE_ITO["sky"], edgecolor="white", zorder=2)
    own = float(states.set_index("iso3").loc[iso3, "egdi"])
    ax.axvline(own, color=HIGHLIGHT, lw=2.4, zorder=4)
    ax.set_ylim(0, ax.get_ylim()[1] * 1.3)  # headroom for the state's label above the bars
    ax.text(own, 0.95, f"{name} {_fmt(own)}", color="#9c3f00", transform=ax.get_xaxis_transform(),
            ha="center" if 0.2 < own < 0.8 else ("left" if own <= 0.2 else "right"), va="top", fontsize=FS_MIN,
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
    _legend_below(fig, handles, ncol=1)
    _title(ax, L("fig.levels.title", lang, edition=edition), pad=18)
    return EgdiFigure(fig, fig_name("level_distribution", iso3, lang),
                      L("fig.levels.caption", lang, country=name, edition=edition, n=len(states)),
                      source_text(lang, editions=(edition, edition)),
                      L("fig.levels.alt", lang, country=name, edition=edition, egdi=_fmt(own)))


# --------------------------------------------------------------------------- 02 profile

def fig_components_over_time(series: pd.DataFrame, bench: pd.DataFrame, iso3: str, name: str,
                             lang: str = "en", indicators=("egdi", "osi", "tii", "hci"),
                             kind: str = "components_time") -> EgdiFigure:
    """Small multiples: the state's EGDI and components per edition against benchmark means.

    The editions shown are those from the state's first to its last assessment (the title says
    which); an edition in between in which it was not assessed is hatched and its line broken.
    ``kind`` selects the catalogue entry for title/caption/alt and the file name
    (``components_time`` or ``epi_time`` for the E-Participation Index alone)."""
    n = len(indicators)
    ncols = 2 if n > 1 else 1
    nrows = int(np.ceil(n / ncols))
    span = assessed_span(series, indicators[0]) or (int(series["edition"].min()), int(series["edition"].max()))
    s = _within(series, span)
    b_all = _within(bench, span)
    editions = [int(e) for e in s["edition"]]
    fig, axes = _new(figsize=(FIG_WIDTH, 2.55 * nrows + 1.5) if n > 1 else (FIG_WIDTH, 4.0), nrows=nrows,
                     ncols=ncols, sharex=True, squeeze=False, layout="constrained")
    order = [b for b in BENCHMARK_STYLE if b in set(b_all["benchmark"])]
    shaded = gaps = False
    for ax, ind in zip(axes.flat, indicators):
        if ind in ("egdi", "tii", "hci"):  # OSI and EPI were always rescaled to [0, 1]
            shaded = _shade_unrescaled(ax, editions, lang) or shaded
        gaps = _mark_not_assessed(ax, s, ind) or gaps
        for bid in order:
            b = b_all[b_all["benchmark"] == bid]
            ax.plot(b["edition"], b[ind], lw=1.3, markersize=4, alpha=0.95, **BENCHMARK_STYLE[bid])
        ax.plot(s["edition"], s[ind], **COUNTRY_STYLE)  # NaN breaks the line: missing stays missing
        ax.set_title(indicator_label(ind, lang, long=n == 1) if n == 1 else indicator_label(ind, lang),
                     loc="left", fontsize=FS_LABEL)
        ax.set_ylim(0, 1.02)
        _edition_axis(ax, editions)
    for ax in list(axes.flat)[n:]:
        ax.set_axis_off()
    handles = [Line2D([], [], label=state_name(iso3, name, lang), **COUNTRY_STYLE)]
    for bid in order:
        nm = b_all.loc[b_all["benchmark"] == bid, "name"].iloc[0]
        handles.append(Line2D([], [], lw=1.3, markersize=4, label=benchmark_label(bid, nm, lang),
                              **BENCHMARK_STYLE[bid]))
    if shaded:
        handles.append(Patch(color="#eeeeee", label=L("legend.not_rescaled", lang)))
    if gaps:
        handles.append(_not_assessed_handle(lang))
    _legend_below(fig, handles, ncol=2)
    sn = state_name(iso3, name, lang)
    _suptitle(fig, L(f"fig.{kind}.title", lang, country=sn, first=span[0], last=span[1]))
    names = ", ".join(benchmark_label(b, b_all.loc[b_all['benchmark'] == b, 'name'].iloc[0], lang) for b in order)
    fname = "components_over_time" if kind == "components_time" else kind
    return EgdiFigure(fig, fig_name(fname, iso3, lang),
                      L(f"fig.{kind}.caption", lang, country=sn, first=span[0], last=span[1],
                        rescaled=FIRST_RESCALED_EDITION),
                      source_text(lang, groupings=True, editions=editions),
                      L(f"fig.{kind}.alt", lang, country=sn, benchmarks=names, first=span[0], last=span[1]))


def fig_rank_trajectory(traj: pd.DataFrame, iso3: str, name: str, lang: str = "en") -> EgdiFigure:
    """EGDI rank per edition (1 at the top), each point labelled; the line is broken where the
    state was not assessed, and the editions shown run from its first to its last assessment."""
    span = assessed_span(traj, "egdi_rank")
    t = _within(traj, span)
    editions = [int(e) for e in t["edition"]]
    fig, ax = _new(figsize=(FIG_WIDTH, 3.9), layout="constrained")
    gaps = _mark_not_assessed(ax, t, "egdi_rank")
    ax.plot(t["edition"], t["egdi_rank"], **COUNTRY_STYLE)
    d = t.dropna(subset=["egdi_rank"])
    ranks = d["egdi_rank"].tolist()
    for i, (_, r) in enumerate(d.iterrows()):
        # label below a point that is worse than its neighbours (a valley), above otherwise
        neighbours = [ranks[j] for j in (i - 1, i + 1) if 0 <= j < len(ranks)]
        below = all(r["egdi_rank"] >= v for v in neighbours)
        ax.annotate(f"{int(r['egdi_rank'])}", (r["edition"], r["egdi_rank"]), textcoords="offset points",
                    xytext=(0, -15 if below else 8), ha="center", fontsize=FS_MIN, color="#222222")
    n_max = int(traj["n_ranked"].max())
    ax.set_ylim(n_max + 12, -max(12, 0.08 * n_max))  # room above rank 1 and below the last rank
    ax.set_yticks([1, 50, 100, 150, n_max] if n_max > 175 else [1, 50, 100, 150])
    ax.set_ylabel(L("axis.rank", lang, n=n_max))
    _edition_axis(ax, editions)
    if gaps:
        _legend_below(fig, [_not_assessed_handle(lang)], ncol=1)
    sn = state_name(iso3, name, lang)
    _title(ax, L("fig.rank.title", lang, country=sn, first=span[0], last=span[1]))
    ranks = ", ".join(f"{int(r['edition'])}: {int(r['egdi_rank'])}" for _, r in d.iterrows())
    return EgdiFigure(fig, fig_name("rank_trajectory", iso3, lang),
                      L("fig.rank.caption", lang, country=sn),
                      source_text(lang, editions=editions),
                      L("fig.rank.alt", lang, country=sn, ranks=ranks))


def fig_level_per_edition(series: pd.DataFrame, iso3: str, name: str, lang: str = "en") -> EgdiFigure:
    """The state's EGDI per edition over the four level bands, each point labelled with its
    (inferred) rating class when one is available; editions from its first to its last assessment."""
    span = assessed_span(series, "egdi")
    s = _within(series, span)
    editions = [int(e) for e in s["edition"]]
    fig, ax = _new(figsize=(FIG_WIDTH - 1.3, 4.0), layout="constrained")
    for lvl in LEVELS:
        lo = LEVEL_LOWER_BOUNDS[lvl]
        hi = LEVEL_LOWER_BOUNDS[LEVELS[LEVELS.index(lvl) + 1]] if lvl != LEVELS[-1] else 1.0
        ax.axhspan(lo, hi, color=LEVEL_SHADES[lvl], zorder=0, lw=0)
        ax.text(1.01, (lo + hi) / 2, level_label(lvl, lang), transform=ax.get_yaxis_transform(),
                va="center", ha="left", fontsize=FS_MIN)
    gaps = _mark_not_assessed(ax, s, "egdi")
    ax.plot(s["edition"], s["egdi"], **COUNTRY_STYLE)
    for _, r in s.dropna(subset=["egdi"]).iterrows():
        rc = r.get("rating_class")
        if isinstance(rc, str) and rc and r["edition"] >= RATING_CLASS_FIRST_EDITION:
            ax.annotate(rc, (r["edition"], r["egdi"]), textcoords="offset points", xytext=(0, 8),
                        ha="center", fontsize=FS_MIN)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(indicator_label("egdi", lang))
    _edition_axis(ax, editions)
    if gaps:
        _legend_below(fig, [_not_assessed_handle(lang)], ncol=1)
    sn = state_name(iso3, name, lang)
    _title(ax, L("fig.level_time.title", lang, country=sn, first=span[0], last=span[1]))
    lv = ", ".join(f"{int(r['edition'])}: {level_label(r['level'], lang)}" for _, r in s.dropna(subset=['egdi']).iterrows())
    return EgdiFigure(fig, fig_name("level_per_edition", iso3, lang),
                      L("fig.level_time.caption", lang, country=sn, first=span[0], last=span[1],
                        classes_from=RATING_CLASS_FIRST_EDITION),
                      source_text(lang, editions=editions),
                      L("fig.level_time.alt", lang, country=sn, levels=lv))


# --------------------------------------------------------------------------- 03 diagnosis

def fig_component_position(diag: pd.DataFrame, limiting: str | None, iso3: str, name: str, edition: int,
                           lang: str = "en") -> EgdiFigure:
    """The state's OSI, TII and HCI as bars (the limiting one highlighted) with the world,
    sub-region and special-group means and the best value as markers; values in dark text
    beside the bars (never white on a coloured bar)."""
    fig, ax = _new(figsize=(FIG_WIDTH, 3.9), layout="constrained")
    comps = list(diag["component"])
    y = np.arange(len(comps))[::-1]
    colours = [HIGHLIGHT if c == limiting else LIGHT_BAR for c in comps]
    ax.barh(y, diag["value"], color=colours, height=0.55, zorder=2)
    marker_cols = [("world_mean", "world"), ("sub_region_mean", "sub_region")] + \
                  [(f"{g}_mean", g) for g in SPECIAL_GROUPS] + [("income_group_mean", "income_group")]
    handles = [Patch(color=HIGHLIGHT, label=L("legend.limiting", lang)),
               Patch(color=LIGHT_BAR, label=L("legend.other_components", lang))]
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
    for yi, v in zip(y, diag["value"]):
        ax.text(1.02, yi, _fmt(v), va="center", ha="left", fontsize=FS_MIN, weight="bold", color="#222222",
                transform=ax.get_yaxis_transform())
    ax.set_yticks(y)
    ax.set_yticklabels([indicator_label(c, lang) for c in comps])
    ax.set_xlim(0, 1.0)
    ax.set_xlabel(L("axis.value", lang, edition=edition))
    _legend_below(fig, handles, ncol=2)
    sn = state_name(iso3, name, lang)
    _title(ax, L("fig.component_position.title", lang, country=sn, edition=edition))
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
        who = (f" ({short_name(r['iso3'], state_name(r['iso3'], names.get(r['iso3'], r['iso3']), lang))})"
               if isinstance(r["iso3"], str) else "")
        rows.append((distance_reference_label(r["reference"], lang) + who, float(r["distance"])))
    rows = [("\n".join(textwrap.wrap(label, 26)), v) for label, v in rows]
    fig, ax = _new(figsize=(FIG_WIDTH, 0.62 * len(rows) + 1.4), layout="constrained")
    y = np.arange(len(rows))[::-1]
    vals = [v for _, v in rows]
    ax.barh(y, vals, color=[OKABE_ITO["blue"] if v >= 0 else OKABE_ITO["green"] for v in vals], height=0.55)
    span = max(abs(v) for v in vals) if vals and max(abs(v) for v in vals) > 0 else 0.1
    for yi, v in zip(y, vals):
        ax.text(v + (0.02 * span if v >= 0 else -0.02 * span), yi, _fmt(v) if v == 0 else fmt_index(v, sign=True),
                va="center", ha="left" if v >= 0 else "right", fontsize=FS_MIN)
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels([r for r, _ in rows])
    lo = min(0, min(vals)) * 1.35 if vals else 0
    ax.set_xlim(lo - 0.03 * span, max(0, max(vals)) * 1.35 + 0.03 * span)
    ax.set_xlabel(L("axis.distance", lang))
    sn = state_name(iso3, name, lang)
    key = distances_key(next_level)
    _title(ax, L(f"fig.{key}.title", lang, country=sn, edition=edition))
    alt = "; ".join(f"{r}: {fmt_index(v, sign=True)}" for r, v in rows)
    return EgdiFigure(fig, fig_name("distances", iso3, lang),
                      L(f"fig.{key}.caption", lang, country=sn, edition=edition),
                      source_text(lang, groupings=True, editions=(edition, edition)),
                      L("fig.distances.alt", lang, country=sn, edition=edition, values=alt.replace("\n", " ")))


def fig_decomposition(dec: pd.DataFrame, iso3: str, name: str, lang: str = "en") -> EgdiFigure:
    """Stacked bars: each edition pair's EGDI change split into ΔOSI/3, ΔTII/3, ΔHCI/3,
    with the published change as a diamond; pairs across a methodology break are marked °.
    A pair skips the editions in which the state was not assessed (its label says so)."""
    fig, ax = _new(figsize=(FIG_WIDTH, 4.6), layout="constrained")
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
    ax.set_xticklabels(labels, rotation=0 if len(x) <= 6 else 40, ha="center" if len(x) <= 6 else "right",
                       rotation_mode="anchor")
    ax.set_ylabel(L("axis.egdi_change", lang))
    handles, texts = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], lw=0, label=L("note.method_break", lang, year=FIRST_RESCALED_EDITION).replace("\n", " ")))
    _legend_below(fig, handles, ncol=2)
    sn = state_name(iso3, name, lang)
    editions = sorted(set(dec["from_edition"]) | set(dec["to_edition"]))
    span = (int(editions[0]), int(editions[-1])) if editions else (None, None)
    _title(ax, L("fig.decomposition.title", lang, country=sn, first=span[0], last=span[1]))
    alt = "; ".join(f"{a}→{b}: {fmt_index(c, sign=True)}" for a, b, c in
                    zip(dec["from_edition"], dec["to_edition"], dec["egdi_change"]))
    return EgdiFigure(fig, fig_name("decomposition", iso3, lang),
                      L("fig.decomposition.caption", lang, country=sn, rescaled=FIRST_RESCALED_EDITION),
                      source_text(lang, editions=editions),
                      L("fig.decomposition.alt", lang, country=sn, changes=alt))


# --------------------------------------------------------------------------- 04 peers

def fig_slope(table: pd.DataFrame, iso3: str, previous: int, edition: int, lang: str = "en") -> EgdiFigure:
    """Slope chart: EGDI of the state and its peers in the previous and the current edition;
    end labels spread so they never overlap."""
    d = table.dropna(subset=["egdi", "egdi_previous"]).reset_index(drop=True)
    fig, ax = _new(figsize=(FIG_WIDTH, 5.2), layout="constrained")
    lo = float(min(d["egdi"].min(), d["egdi_previous"].min()))
    hi = float(max(d["egdi"].max(), d["egdi_previous"].max()))
    pad = max(0.02, (hi - lo) * 0.06)
    gap = max((hi - lo + 2 * pad) * 0.062, 0.004)
    left_pos = spread_positions(d["egdi_previous"], gap)
    right_pos = spread_positions(d["egdi"], gap)
    for i, r in d.iterrows():
        own = r["iso3"] == iso3
        colour = HIGHLIGHT if own else PEER_COLOUR
        text_colour = "#9c3f00" if own else PEER_COLOUR
        ax.plot([0, 1], [r["egdi_previous"], r["egdi"]], color=colour, lw=2.8 if own else 1.4,
                marker="o", markersize=6 if own else 4, zorder=5 if own else 3, alpha=1 if own else 0.85)
        nm = state_name(r["iso3"], r["country"], lang)
        nm = short_name(r["iso3"], nm)
        w = "bold" if own else "normal"
        ax.text(-0.05, left_pos[i], f"{nm} {_fmt(r['egdi_previous'])}", ha="right", va="center", fontsize=FS_MIN,
                color=text_colour, weight=w)
        ax.text(1.05, right_pos[i], f"{_fmt(r['egdi'])} {nm}", ha="left", va="center", fontsize=FS_MIN,
                color=text_colour, weight=w)
    ymin = min(lo, *left_pos, *right_pos) - pad
    ymax = max(hi, *left_pos, *right_pos) + pad
    ax.set_ylim(ymin, ymax)
    ax.set_xlim(-1.0, 2.0)
    ax.set_xticks([0, 1])
    ax.set_xticklabels([str(previous), str(edition)], fontsize=FS_LABEL, weight="bold")
    ax.set_yticks([])
    ax.grid(False)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    sn = state_name(iso3, table.loc[table["iso3"] == iso3, "country"].iloc[0], lang)
    _title(ax, L("fig.slope.title", lang, country=sn, previous=previous, edition=edition))
    alt = "; ".join(f"{r['iso3']}: {_fmt(r['egdi_previous'])} → {_fmt(r['egdi'])}" for _, r in d.iterrows())
    return EgdiFigure(fig, fig_name("peer_slope", iso3, lang),
                      L("fig.slope.caption", lang, country=sn, previous=previous, edition=edition),
                      source_text(lang, editions=(previous, edition)),
                      L("fig.slope.alt", lang, country=sn, values=alt, previous=previous, edition=edition))


def fig_peer_components(table: pd.DataFrame, iso3: str, edition: int, lang: str = "en",
                        indicators=("egdi", "osi", "tii", "hci")) -> EgdiFigure:
    """Small multiples, one panel per index: the state and its peers as dots on an axis that spans
    the values shown (not 0–1, which would hide 0.80–0.94 differences), each labelled with its
    value to 4 decimals in dark text, so two peers never both read "0.85"."""
    d = table.dropna(subset=["egdi"]).sort_values("egdi", ascending=True).reset_index(drop=True)
    n = len(indicators)
    ncols = 2
    nrows = int(np.ceil(n / ncols))
    fig, axes = _new(figsize=(FIG_WIDTH, nrows * (0.36 * len(d) + 1.0) + 0.8), nrows=nrows, ncols=ncols,
                     sharey=True, squeeze=False, layout="constrained")
    y = np.arange(len(d))
    names = [state_name(c, nm, lang) for c, nm in zip(d["iso3"], d["country"])]
    names = [short_name(c, nm, 18) for nm, c in zip(names, d["iso3"])]
    for ax, ind in zip(axes.flat, indicators):
        v = d[ind].astype(float)
        lo, hi = float(v.min()), float(v.max())
        pad = max(0.01, (hi - lo) * 0.08)
        ax.set_xlim(lo - pad, hi + pad + max(0.02, (hi - lo) * 0.42))  # room right of each dot for its label
        ax.hlines(y, lo - pad, v, color="#d0d0d0", lw=1, zorder=1)
        for yi, val, c in zip(y, v, d["iso3"]):
            own = c == iso3
            ax.scatter([val], [yi], s=60 if own else 36, color=HIGHLIGHT if own else PEER_COLOUR, zorder=3,
                       marker="o" if own else "s", edgecolor="black" if own else "white", lw=0.6)
            if pd.notna(val):
                ax.annotate(_fmt(val), (val, yi), xytext=(6, 0), textcoords="offset points", va="center",
                            ha="left", fontsize=FS_MIN, color="#9c3f00" if own else "#222222",
                            weight="bold" if own else "normal")
        ax.set_title(indicator_label(ind, lang), loc="left", fontsize=FS_LABEL, weight="bold")
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_locator(MaxNLocator(3))
    for ax in axes[:, 0]:
        ax.set_yticks(y)
        ax.set_yticklabels(names)
        for lbl, c in zip(ax.get_yticklabels(), d["iso3"]):
            if c == iso3:
                lbl.set_color("#9c3f00")
                lbl.set_fontweight("bold")
    for ax in list(axes.flat)[n:]:
        ax.set_axis_off()
    sn = state_name(iso3, d.loc[d["iso3"] == iso3, "country"].iloc[0], lang)
    _suptitle(fig, L("fig.peer_components.title", lang, country=sn, edition=edition))
    alt = "; ".join(f"{r['iso3']}: " + ", ".join(f"{indicator_label(i, lang)} {_fmt(r[i])}" for i in indicators)
                    for _, r in d.iterrows())
    return EgdiFigure(fig, fig_name("peer_components", iso3, lang),
                      L("fig.peer_components.caption", lang, country=sn, edition=edition),
                      source_text(lang, editions=(edition, edition)),
                      L("fig.peer_components.alt", lang, country=sn, values=alt))


def fig_all_states(states: pd.DataFrame, iso3: str, peers, edition: int, lang: str = "en") -> EgdiFigure:
    """Dot plot of every state's EGDI by M49 region (jittered), the state highlighted and
    labelled, peers marked and labelled by ISO3 code."""
    regions = sorted(states["region"].dropna().unique())
    fig, ax = _new(figsize=(FIG_WIDTH, 0.8 * len(regions) + 1.8), layout="constrained")
    rng = np.random.default_rng(20241203)  # fixed jitter: identical figure on every run
    ypos = {r: i for i, r in enumerate(regions[::-1])}
    for lvl in LEVELS:
        lo = LEVEL_LOWER_BOUNDS[lvl]
        hi = LEVEL_LOWER_BOUNDS[LEVELS[LEVELS.index(lvl) + 1]] if lvl != LEVELS[-1] else 1.0
        ax.axvspan(lo, hi, color=LEVEL_SHADES[lvl], zorder=0, lw=0, alpha=0.6)
        ax.text((lo + hi) / 2, 1.0, level_label(lvl, lang), transform=ax.get_xaxis_transform(),
                ha="center", va="bottom", fontsize=FS_MIN)
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
    me_name = state_name(iso3, me.iloc[0]["country"], lang) if len(me) else iso3
    handles = [Line2D([], [], marker="o", color=HIGHLIGHT, lw=0, markeredgecolor="black", label=me_name),
               Line2D([], [], marker="s", color=PEER_COLOUR, lw=0, label=L("legend.peers", lang)),
               Line2D([], [], marker="o", color=CONTEXT, lw=0, label=L("legend.other_states", lang))]
    _legend_below(fig, handles, ncol=3)
    _title(ax, L("fig.all_states.title", lang, n=len(states), edition=edition), pad=16)
    items = []
    if len(me):
        r = me.iloc[0]
        items.append((r["egdi"], r["y"], f"{short_name(iso3, me_name)} {_fmt(r['egdi'])}",
                      {"color": "#9c3f00", "fontsize": FS_MIN, "weight": "bold"}))
    items += [(r["egdi"], r["y"], r["iso3"], {"color": PEER_COLOUR, "fontsize": FS_MIN})
              for _, r in pe.sort_values("egdi", ascending=False).iterrows()]
    place_labels(ax, items)
    rank = int(me.iloc[0]["egdi_rank"]) if len(me) and pd.notna(me.iloc[0]["egdi_rank"]) else None
    return EgdiFigure(fig, fig_name("all_states", iso3, lang),
                      L("fig.all_states.caption", lang, country=me_name, n=len(states), edition=edition),
                      source_text(lang, groupings=True, editions=(edition, edition)),
                      L("fig.all_states.alt", lang, country=me_name, n=len(states), edition=edition,
                        rank=rank if rank else "–", egdi=_fmt(me.iloc[0]["egdi"]) if len(me) else "–"))


# --------------------------------------------------------------------------- 05 e-participation

def fig_epi_vs_osi(states: pd.DataFrame, iso3: str, peers, edition: int, lang: str = "en") -> EgdiFigure:
    """Scatter of E-Participation against OSI for every state, the state and peers marked."""
    fig, ax = _new(figsize=(FIG_WIDTH - 0.8, 5.0), layout="constrained")
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
    r_text = ax.text(0.02, 0.97, f"r = {r_:.2f}", transform=ax.transAxes, va="top", fontsize=FS_MIN)
    _title(ax, L("fig.epi_osi.title", lang, edition=edition))
    items = [(r["osi"], r["epi"], short_name(iso3, sn), {"color": "#9c3f00", "fontsize": FS_MIN, "weight": "bold"})
             for _, r in me.iterrows()]
    items += [(r["osi"], r["epi"], r["iso3"], {"color": PEER_COLOUR, "fontsize": FS_MIN}) for _, r in pe.iterrows()]
    place_labels(ax, items, obstacles=[r_text])
    return EgdiFigure(fig, fig_name("epi_vs_osi", iso3, lang),
                      L("fig.epi_osi.caption", lang, country=sn, edition=edition, n=len(d)),
                      source_text(lang, editions=(edition, edition)),
                      L("fig.epi_osi.alt", lang, country=sn, edition=edition, r=f"{r_:.2f}",
                        epi=_fmt(me.iloc[0]["epi"]) if len(me) else "–", osi=_fmt(me.iloc[0]["osi"]) if len(me) else "–"))


def fig_bars(values: pd.DataFrame, label_col: str, value_col: str, name: str, title: str, caption: str,
             source: str, alt: str, highlight=None, xlabel: str = "", xlim=(0, 1)) -> EgdiFigure:
    """Generic horizontal bar chart (OSI subindices, OGDI, LOSI components when the official
    files are present); values in dark text beside the bars."""
    fig, ax = _new(figsize=(FIG_WIDTH, 0.5 * len(values) + 1.4), layout="constrained")
    y = np.arange(len(values))[::-1]
    colours = [HIGHLIGHT if highlight is not None and lbl == highlight else OKABE_ITO["blue"]
               for lbl in values[label_col]]
    ax.barh(y, values[value_col], color=colours, height=0.6)
    for yi, v in zip(y, values[value_col]):
        if pd.notna(v):
            ax.text(v + 0.01 * (xlim[1] - xlim[0]), yi, _fmt(v), va="center", fontsize=FS_MIN, color="#222222")
    ax.set_yticks(y)
    ax.set_yticklabels(values[label_col])
    ax.set_xlim(xlim[0], xlim[1] * 1.12)
    ax.set_xlabel(xlabel)
    _title(ax, title)
    return EgdiFigure(fig, name, caption, source, alt)


# --------------------------------------------------------------------------- 03 inputs

def input_label(indicator: str, lang: str) -> str:
    return L(f"input.{indicator}", lang)


def fig_input_trends(trends: pd.DataFrame, missing: dict, iso3: str, name: str, lang: str = "en") -> EgdiFigure:
    """Small multiples: each available TII/HCI input of the state over the years against the
    median of the Member States (whole years on the axis; the state's line broken where it has
    no value); the inputs this build lacks are listed under the panels."""
    present = set(trends["indicator"])
    indicators = [i for comp in INPUT_INDICATORS.values() for i in comp if i in present]
    ncols = 2
    nrows = int(np.ceil(len(indicators) / ncols))
    fig, axes = _new(figsize=(FIG_WIDTH, 2.5 * nrows + 1.6), nrows=nrows, ncols=ncols, squeeze=False,
                     layout="constrained")
    sn = state_name(iso3, name, lang)
    years = []
    for ax, ind in zip(axes.flat, indicators):
        d = trends[(trends["indicator"] == ind) & (trends["year"] >= 2000)].sort_values("year")
        own = d.dropna(subset=["value"])
        comp = d["component"].iloc[0]
        # every year on the axis, so a year without a value breaks the lines instead of being bridged;
        # markers show the years that have a value (a lone year is a dot, not an invisible segment)
        d = d.set_index("year").reindex(range(int(d["year"].min()), int(d["year"].max()) + 1)).rename_axis("year")
        d = d.reset_index()
        ax.plot(d["year"], d["median"], color=CONTEXT, lw=1.6, ls="--", marker="o", markersize=2.2)
        ax.plot(d["year"], d["value"], color=HIGHLIGHT, lw=2.2, marker="o", markersize=3)
        if len(own):
            years += [int(own["year"].min()), int(own["year"].max())]
        ax.set_title("\n".join(textwrap.wrap(f"{indicator_label(comp, lang)}: {input_label(ind, lang)}", 36)),
                     loc="left", fontsize=FS_MIN)
        ax.set_xlim(d["year"].min() - 0.5, d["year"].max() + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))  # whole years only
        ax.set_ylim(bottom=0)
    for ax in list(axes.flat)[len(indicators):]:
        ax.set_axis_off()
    handles = [Line2D([], [], color=HIGHLIGHT, lw=2.2, marker="o", markersize=3, label=sn),
               Line2D([], [], color=CONTEXT, lw=1.6, ls="--", marker="o", markersize=2.2,
                      label=L("legend.median_states", lang))]
    items = [f"{indicator_label(comp, lang)}: {input_label(it, lang)}" for comp, its in missing.items() for it in its]
    handles.append(Line2D([], [], lw=0, label=L("note.missing_inputs_title", lang) + " " + "; ".join(items)))
    _legend_below(fig, handles, ncol=1)
    first, last = (min(years), max(years)) if years else (None, None)
    _suptitle(fig, L("fig.inputs.title", lang, country=sn, first=first, last=last))
    return EgdiFigure(fig, fig_name("input_trends", iso3, lang),
                      L("fig.inputs.caption", lang, country=sn),
                      L("source.inputs", lang),
                      L("fig.inputs.alt", lang, country=sn,
                        indicators=", ".join(input_label(i, lang) for i in indicators)))


def fig_component_vs_input(pairs: list, iso3: str, name: str, edition: int, lang: str = "en") -> EgdiFigure:
    """Scatter panels: a component in ``edition`` against one of its inputs across states
    (state highlighted, Pearson r shown). ``pairs``: list of (table, component, indicator, year)."""
    fig, axes = _new(figsize=(FIG_WIDTH, 3.9), ncols=len(pairs), squeeze=False, layout="constrained")
    sn = state_name(iso3, name, lang)
    alts = []
    labels = []
    for ax, (df, comp, ind, year) in zip(axes.flat, pairs):
        others = df[df["iso3"] != iso3]
        ax.scatter(others[ind], others[comp], s=14, color=CONTEXT, alpha=0.8, lw=0)
        me = df[df["iso3"] == iso3]
        r = float(df[comp].corr(df[ind])) if len(df) > 2 else float("nan")
        r_text = ax.text(0.03, 0.97, f"r = {r:.2f}, n = {len(df)}", transform=ax.transAxes, va="top", fontsize=FS_MIN)
        ax.set_xlabel("\n".join(textwrap.wrap(f"{input_label(ind, lang)}, {year}", 32)))
        ax.set_ylabel(f"{indicator_label(comp, lang)} {edition}")
        ax.set_ylim(-0.02, 1.12)
        if len(me):
            ax.scatter(me[ind], me[comp], s=80, color=HIGHLIGHT, edgecolor="black", lw=0.8, zorder=5)
            labels.append((ax, [(me[ind].iloc[0], me[comp].iloc[0], short_name(iso3, sn),
                                 {"color": "#9c3f00", "fontsize": FS_MIN, "weight": "bold"})], [r_text]))
        alts.append(f"{indicator_label(comp, lang)} ~ {input_label(ind, lang)} (r = {r:.2f})")
    _suptitle(fig, L("fig.component_input.title", lang, edition=edition))
    for ax, items, obstacles in labels:
        place_labels(ax, items, obstacles=obstacles)
    return EgdiFigure(fig, fig_name("component_vs_input", iso3, lang),
                      L("fig.component_input.caption", lang, country=sn, edition=edition),
                      source_text(lang, editions=(edition, edition), extra=L("source.inputs", lang)),
                      L("fig.component_input.alt", lang, country=sn, pairs="; ".join(alts)))

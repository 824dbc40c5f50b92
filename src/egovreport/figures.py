"""One figure style for the whole report, and saving figures with their provenance.

Colours are the Okabe–Ito palette (safe for the common colour-vision
deficiencies); text uses DejaVu Sans, which covers Latin and Cyrillic, so the
same figure can be drawn with English or Mongolian labels.

Legibility. A PNG is shown at its natural size in the book (``savefig.dpi`` pixels per
inch, one image pixel per CSS pixel) unless it is wider than the text column, which
scales it down. The smallest text of a figure therefore renders at
``font pt × dpi/72 × min(1, column px / PNG px) × 0.75`` CSS points
(:func:`rendered_pt`); the report asks for at least 9 pt in the desktop column
(1280 px screen) and on a 390 px phone. The style below sets no text under 9 pt and a
default width that fits the desktop column; a figure too wide for a phone can carry a
narrow variant (``save_figure(..., narrow=...)``), which the book serves to small
screens (``<picture>``, egovreport.book_chrome). Every saved figure's sidecar records
its smallest font and pixel width, so tests can check the rendered size.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from cycler import cycler  # noqa: E402

from . import paths  # noqa: E402
from .citation import item_citation  # noqa: E402
from .figure_data import figure_data  # noqa: E402
from .i18n import LANGUAGES, t  # noqa: E402
from .provenance import track_write  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "pink": "#CC79A7",
    "sky": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "black": "#000000",
}
PALETTE = list(OKABE_ITO.values())
COMPONENT_COLOURS = {
    "egdi": OKABE_ITO["black"],
    "osi": OKABE_ITO["blue"],
    "tii": OKABE_ITO["orange"],
    "hci": OKABE_ITO["green"],
    "epi": OKABE_ITO["pink"],
}
HIGHLIGHT = OKABE_ITO["vermillion"]  # the country of the run
CONTEXT = "#9a9a9a"  # other countries, benchmarks

FIGURE_FORMATS = ("png", "svg", "pdf")

# The book's text column in CSS pixels, measured in Chromium (tests/test_browser_layout.py
# checks these): 1280 px desktop screen (three-column layout) and 390 px phone.
DESKTOP_COLUMN_PX = 688
PHONE_COLUMN_PX = 358
CSS_PX_PER_IN = 96
MIN_RENDERED_PT = 9.0
SAVE_DPI = 150
# Width of a figure drawn for the text column, and of its phone variant (inches).
COLUMN_WIDTH_IN = 6.4
PHONE_WIDTH_IN = 3.3
# Smallest font the style sets (points); plot code must not go below it.
MIN_FONT_PT = 9.0


# seaborn 0.13's "whitegrid" style in its "notebook" context, i.e. what
# ``sns.set_theme(context="notebook", style="whitegrid")`` writes into rcParams
# (sns.axes_style("whitegrid") | sns.plotting_context("notebook")), written out: importing
# seaborn imports scipy.stats, 0.5 s of every notebook's start-up (benchmarks/README.md).
# "image.cmap" ("rocket", a seaborn colormap) is left out: every figure names its colormap.
# tests/test_determinism.py checks that this equals seaborn's settings.
SEABORN_WHITEGRID_NOTEBOOK = {
    "figure.facecolor": "white", "axes.facecolor": "white", "axes.labelcolor": ".15",
    "text.color": ".15", "xtick.color": ".15", "ytick.color": ".15",
    "xtick.direction": "out", "ytick.direction": "out", "axes.axisbelow": True,
    "axes.grid": True, "grid.linestyle": "-", "grid.color": ".8", "axes.edgecolor": ".8",
    "font.family": ["sans-serif"],
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "lines.solid_capstyle": "round", "patch.edgecolor": "w", "patch.force_edgecolor": True,
    "xtick.top": False, "ytick.right": False, "xtick.bottom": False, "ytick.left": False,
    "axes.spines.left": True, "axes.spines.bottom": True, "axes.spines.right": True, "axes.spines.top": True,
    "axes.linewidth": 1.25, "grid.linewidth": 1, "lines.linewidth": 1.5, "lines.markersize": 6,
    "patch.linewidth": 1, "xtick.major.width": 1.25, "ytick.major.width": 1.25,
    "xtick.minor.width": 1, "ytick.minor.width": 1, "xtick.major.size": 6, "ytick.major.size": 6,
    "xtick.minor.size": 4, "ytick.minor.size": 4, "font.size": 12, "axes.labelsize": 12,
    "axes.titlesize": 12, "xtick.labelsize": 11, "ytick.labelsize": 11, "legend.fontsize": 11,
    "legend.title_fontsize": 12,
}


def apply_style() -> None:
    """Set the report's matplotlib style (idempotent): seaborn's whitegrid look, the Okabe–Ito
    colour cycle and DejaVu Sans, then the report's own sizes."""
    plt.rcParams.update(SEABORN_WHITEGRID_NOTEBOOK)
    plt.rcParams.update({"axes.prop_cycle": cycler(color=PALETTE), "font.family": ["DejaVu Sans"]})
    plt.rcParams.update({
        "figure.dpi": 110,
        "savefig.dpi": SAVE_DPI,
        "savefig.bbox": "tight",
        # fits the desktop text column (DESKTOP_COLUMN_PX) at SAVE_DPI without scaling text under 9 pt
        "figure.figsize": (COLUMN_WIDTH_IN, 3.9),
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.labelsize": 10,
        "legend.fontsize": 9.5,
        "legend.title_fontsize": 10,
        "legend.frameon": False,
        "xtick.labelsize": 9.5,
        "ytick.labelsize": 9.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        # deterministic vector output: fixed ids, no dates
        "svg.hashsalt": "egovreport",
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
    })


_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


def min_font_pt(fig, *, draw: bool = True) -> float | None:
    """Smallest font size (points) of the visible, non-empty texts of ``fig`` (``draw=False``
    when the figure was just drawn, e.g. saved: its tick labels exist only once drawn)."""
    from matplotlib.text import Text

    if draw:
        fig.canvas.draw()
    sizes = [t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0]
    return min(sizes) if sizes else None


def png_width_px(path: str | Path) -> int:
    """Pixel width of a PNG file (from its header)."""
    with open(path, "rb") as fh:
        head = fh.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    return int.from_bytes(head[16:20], "big")


def rendered_pt(font_pt: float, png_px: int, column_px: int, dpi: float = SAVE_DPI) -> float:
    """CSS points at which text of ``font_pt`` renders when a PNG ``png_px`` wide, saved at ``dpi``,
    is shown in a text column ``column_px`` wide (natural size, or scaled down to the column)."""
    scale = min(1.0, column_px / png_px)
    return font_pt * dpi / 72 * scale * 0.75


_LANGUAGE_SUFFIX = re.compile(r"_(%s)(?:_ILLUSTRATIVE)?$" % "|".join(LANGUAGES))


def figure_language(language: str | None = None, name: str = "") -> str:
    """The language of a figure's caption words: the argument, else the run's
    (``EGOVREPORT_LANGUAGE``, set by the pipeline for per-language notebooks), else the suffix of
    the figure's name (``..._mn``, ``..._en_ILLUSTRATIVE``) or of the running notebook's id
    (``key_findings_mn``), else English."""
    if language or os.environ.get("EGOVREPORT_LANGUAGE"):
        return language or os.environ["EGOVREPORT_LANGUAGE"]
    for text in (name, current_notebook()):
        m = _LANGUAGE_SUFFIX.search(text)
        if m:
            return m.group(1)
    return "en"


@dataclass
class SavedFigure:
    """A figure written to disk; renders in the book as a captioned MyST figure."""

    name: str
    caption: str
    source: str
    alt: str
    notebook: str
    commit: str
    files: dict
    language: str = "en"
    png_width_px: int | None = None
    min_font_pt: float | None = None
    narrow: dict | None = None  # {"file", "png_width_px", "min_font_pt"} of the phone variant
    citation: str = ""

    def caption_text(self) -> str:
        from .i18n import t

        lang = self.language
        made_by = f"{t('common.notebook', lang)} `{self.notebook}`" + (
            f", {t('common.commit', lang)} `{self.commit[:10]}`" if self.commit else "")
        return (f"{self.caption} *{t('common.source', lang)}:* {self.source}. "
                f"*{t('common.made_by', lang)}:* {made_by}.")

    def data_line(self) -> str:
        """The figure's "data (CSV)" download and its suggested citation (MyST)."""
        lang = self.language
        parts = []
        if "csv" in self.files:
            parts.append(f"{{download}}`{t('release.data_csv', lang)} <figures/{self.files['csv']}>` "
                         f"({t('release.data_csv_note', lang)}).")
        if self.citation:
            parts.append(f"*{t('release.suggested_citation', lang)}:* {self.citation}")
        return " ".join(parts)

    def _repr_markdown_(self) -> str:
        # Paths are relative to the executed notebook in book/generated/. A phone variant is a
        # second image in the figure's legend; egovreport.book_chrome turns the pair into one
        # <picture> (the narrow image for small screens), so a browser loads only one of them.
        alt = self.alt.replace("\n", " ")
        narrow = ""
        figclass = ""
        if self.narrow:
            figclass = ":figclass: egov-picture\n"
            narrow = (f"\n\n```{{image}} figures/{self.narrow['file']}\n:alt: {alt}\n"
                      f":class: egov-narrow-source\n```\n")
        legend = self.data_line()
        return (
            f":::{{figure}} figures/{self.name}.png\n:alt: {alt}\n:name: fig-{self.name}\n{figclass}\n"
            f"{self.caption_text()}" + (f" {legend}" if legend else "") + f"{narrow}\n:::\n"
        )


def current_notebook() -> str:
    return os.environ.get("EGOVREPORT_NOTEBOOK_ID", "interactive")


def current_commit() -> str:
    return os.environ.get("EGOVREPORT_GIT_COMMIT", "")


def write_figure_data(fig, target: Path) -> Path:
    """The numbers ``fig`` draws (:func:`egovreport.figure_data.figure_data`) as CSV."""
    data = figure_data(fig)
    target.write_bytes(data.to_csv(index=False, lineterminator="\n", float_format="%.12g").encode("utf-8"))
    return track_write(target)


def save_figure(fig, name: str, *, caption: str, source: str, alt: str, narrow=None,
                language: str | None = None, lang: str | None = None,
                formats: tuple[str, ...] = FIGURE_FORMATS) -> SavedFigure:
    """Write ``fig`` as PNG, SVG and PDF, the numbers it draws as CSV (read back from the drawn
    artists, :mod:`egovreport.figure_data`) and a JSON sidecar, then close it.

    ``caption`` says what the figure shows, ``source`` where the data come from,
    ``alt`` describes the figure for screen readers (required: WCAG 1.1.1).
    ``narrow`` is an optional variant of the same figure drawn for a phone screen
    (``PHONE_WIDTH_IN`` wide), saved as ``<name>_narrow.png``. ``language`` (or ``lang``) is that
    of the caption's words ("Source", "Made by"), the data link and the suggested citation; see
    :func:`figure_language`. ``formats``: the PNG is always written (the book shows it); SVG and
    PDF by default.
    """
    if not alt or not caption or not source:
        raise ValueError(f"figure {name!r}: caption, source and alt text are all required")
    out = paths.output_dir() / "figures"
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    smallest = None
    for fmt in ("png", *(f for f in formats if f != "png")):
        target = out / f"{name}.{fmt}"
        fig.savefig(target, format=fmt, metadata=_METADATA[fmt])
        files[fmt] = track_write(target).name
        if smallest is None:
            smallest = min_font_pt(fig, draw=False)  # drawn by savefig: no second drawing
    files["csv"] = write_figure_data(fig, out / f"{name}.csv").name  # after drawing: tick labels exist
    plt.close(fig)
    narrow_info = None
    if narrow is not None:
        target = out / f"{name}_narrow.png"
        narrow.savefig(target, format="png", metadata=_METADATA["png"])
        narrow_smallest = min_font_pt(narrow, draw=False)
        plt.close(narrow)
        narrow_info = {"file": track_write(target).name, "png_width_px": png_width_px(target),
                       "min_font_pt": narrow_smallest}
    lang = figure_language(language or lang, name)
    saved = SavedFigure(name=name, caption=caption, source=source, alt=alt,
                        notebook=current_notebook(), commit=current_commit(), files=files,
                        language=lang, png_width_px=png_width_px(out / f"{name}.png"),
                        min_font_pt=smallest, narrow=narrow_info,
                        citation=item_citation("figure", name, lang))
    sidecar = out / f"{name}.json"
    sidecar.write_text(json.dumps(asdict(saved), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                       encoding="utf-8")
    track_write(sidecar)
    return saved

"""One figure style for the whole report, and saving figures with their provenance.

Colours are the Okabe–Ito palette (safe for the common colour-vision
deficiencies); text uses DejaVu Sans, which covers Latin and Cyrillic, so the
same figure can be drawn with English or Mongolian labels.
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
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "figure.figsize": (7.5, 4.2),
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
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
    citation: str = ""

    def caption_text(self) -> str:
        made_by = f"Notebook `{self.notebook}`" + (f", commit `{self.commit[:10]}`" if self.commit else "")
        return f"{self.caption} *Source:* {self.source}. *Made by:* {made_by}."

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
        # Paths are relative to the executed notebook in book/generated/.
        alt = self.alt.replace("\n", " ")
        legend = self.data_line()
        return (
            f":::{{figure}} figures/{self.name}.png\n:alt: {alt}\n:name: fig-{self.name}\n\n"
            f"{self.caption_text()}\n" + (f"\n{legend}\n" if legend else "") + ":::\n"
        )


def current_notebook() -> str:
    return os.environ.get("EGOVREPORT_NOTEBOOK_ID", "interactive")


def current_commit() -> str:
    return os.environ.get("EGOVREPORT_GIT_COMMIT", "")


_LANGUAGE_SUFFIX = re.compile(r"_(%s)(?:_ILLUSTRATIVE)?$" % "|".join(LANGUAGES))


def figure_language(name: str) -> str:
    """Language of a figure: its name's suffix (``..._mn``, ``..._en_ILLUSTRATIVE``), else the
    running notebook's (``key_findings_mn``), else English."""
    for text in (name, current_notebook()):
        m = _LANGUAGE_SUFFIX.search(text)
        if m:
            return m.group(1)
    return "en"


def write_figure_data(fig, target: Path) -> Path:
    """The numbers ``fig`` draws (:func:`egovreport.figure_data.figure_data`) as CSV."""
    data = figure_data(fig)
    target.write_bytes(data.to_csv(index=False, lineterminator="\n", float_format="%.12g").encode("utf-8"))
    return track_write(target)


def save_figure(fig, name: str, *, caption: str, source: str, alt: str, lang: str | None = None) -> SavedFigure:
    """Write ``fig`` as PNG, SVG and PDF, the numbers it draws as CSV (read back from the drawn
    artists, :mod:`egovreport.figure_data`) and a JSON sidecar, then close it.

    ``caption`` says what the figure shows, ``source`` where the data come from,
    ``alt`` describes the figure for screen readers (required: WCAG 1.1.1); ``lang`` (default:
    from the figure's name) is the language of the data link and the suggested citation.
    """
    if not alt or not caption or not source:
        raise ValueError(f"figure {name!r}: caption, source and alt text are all required")
    out = paths.output_dir() / "figures"
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for fmt in FIGURE_FORMATS:
        target = out / f"{name}.{fmt}"
        fig.savefig(target, format=fmt, metadata=_METADATA[fmt])
        files[fmt] = track_write(target).name
    files["csv"] = write_figure_data(fig, out / f"{name}.csv").name  # after drawing: tick labels exist
    plt.close(fig)
    lang = lang or figure_language(name)
    saved = SavedFigure(name=name, caption=caption, source=source, alt=alt,
                        notebook=current_notebook(), commit=current_commit(), files=files, language=lang,
                        citation=item_citation("figure", name, lang))
    sidecar = out / f"{name}.json"
    sidecar.write_text(json.dumps(asdict(saved), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                       encoding="utf-8")
    track_write(sidecar)
    return saved

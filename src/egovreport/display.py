"""Markdown building blocks that notebooks display in the book.

myst-nb renders ``text/markdown`` outputs with the MyST parser, so admonitions,
figures and tables written here look like hand-written pages.
"""

from __future__ import annotations

from IPython.display import Markdown, display

import pandas as pd

from .citation import item_citation
from .i18n import capitalise, t
from .results import save_table


def md(text: str) -> None:
    """Display Markdown (prose whose numbers come from the data); blank text displays nothing.

    An empty ``Markdown`` object has no ``text/markdown`` content, so the book would print its
    ``text/plain`` fallback, ``<IPython.core.display.Markdown object>``, instead.
    """
    if text is None or not str(text).strip():
        return
    display(Markdown(text))


def admonition(kind: str, title: str, body: str) -> str:
    return f":::{{admonition}} {title}\n:class: {kind}\n\n{body}\n:::\n"


def parameter_value(value, lang: str = "en") -> str:
    """A run parameter's value as a table cell: code for a value, a list as its comma-separated
    items (`KAZ, KGZ`), and an empty list or text as the word for none ("None" / "Байхгүй", a cell
    starts with a capital), never Python's ``[]`` or ``''``."""
    if isinstance(value, (list, tuple, set)):
        items = sorted(value) if isinstance(value, set) else list(value)
        value = ", ".join(str(v) for v in items)
    if value is None or str(value).strip() == "":
        return capitalise(t("common.none", lang))
    return f"`{value}`"


def run_parameters_box(params: dict, lang: str = "en") -> None:
    """Visible box with the run's parameters (papermill's injected cell is hidden)."""
    rows = "\n".join(f"| `{k}` | {parameter_value(v, lang)} |" for k, v in params.items())
    body = f"| {t('common.parameter', lang)} | {t('common.value', lang)} |\n|---|---|\n{rows}"
    md(admonition("note", t("common.run_parameters", lang), body))


def illustrative_banner(lang: str = "en") -> None:
    """Banner for any page that uses illustrative (not real) survey responses."""
    md(admonition("warning illustrative-data", t("common.illustrative_title", lang),
                  t("common.illustrative_body", lang)))


def not_available(what: str, how_to_add: str, lang: str = "en") -> None:
    """Say plainly that an input is absent and how to add it, instead of failing."""
    md(admonition("important not-available", f"{t('common.not_available_title', lang)}: {what}", how_to_add))


def table(df: pd.DataFrame, name: str, *, caption: str, source: str, lang: str = "en",
          floatfmt: str = ".4f", illustrative: bool = False, numparse: bool = True) -> None:
    """Show ``df`` as a captioned Markdown table and save it as a downloadable CSV.

    ``numparse=False`` keeps pre-formatted strings verbatim ("+0.2075", "0.6990", "74"):
    tabulate's number parsing would drop signs and trailing zeros in mixed columns.
    """
    path = save_table(df, name)
    title = caption
    if illustrative:
        title = f"[{t('common.illustrative_label', lang)}] {caption}"
    # a literal "|" would end a Markdown table cell
    safe = df.rename(columns=lambda c: str(c).replace("|", "\\|"))
    safe = safe.map(lambda v: v.replace("|", "\\|") if isinstance(v, str) else v)
    body = safe.to_markdown(index=False, floatfmt=floatfmt, disable_numparse=not numparse)
    md(f"**{title}**\n\n{body}\n\n*{t('common.source', lang)}:* {source}. "
       f"{{download}}`{t('common.download_csv', lang)} <tables/{path.name}>`\n\n"
       f"*{t('release.suggested_citation', lang)}:* {item_citation('table', name, lang)}\n")

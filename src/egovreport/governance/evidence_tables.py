"""Tables and Markdown blocks of the evidence notebook: evidence list with anchors, linked desk matrix.

Every evidence item gets a MyST target (``(ev-...)=``), and every desk-review
score links to the items behind it, so a reader can go from a level to its
sources in one click. Tables shown with links are saved as plain CSV (ids
without Markdown) for download.
"""

from __future__ import annotations

import pandas as pd

from ..display import md
from ..i18n import t
from ..results import save_table
from .evidence import CONTEXT_ELEMENT, EVIDENCE_COLUMNS, evidence_anchor, evidence_links
from .framework import ELEMENTS, cell_label, element_label
from .stakeholders import type_label


def _g(key: str, lang: str, **kw) -> str:
    return t(f"governance.{key}", lang, **kw)


def _cells_text(cells: list[str], lang: str) -> str:
    return "; ".join(cell_label(c, lang) for c in cells) if cells else _g("text.no_cells", lang)


def evidence_items_markdown(register: pd.DataFrame, lang: str = "en", anchor_prefix: str = "ev") -> str:
    """All evidence items as Markdown, grouped by element, each preceded by its MyST target.

    The facts, titles and notes are in the register's language (English);
    labels (element, grade, status) follow ``lang``.
    """
    blocks = []
    for e in list(ELEMENTS) + [CONTEXT_ELEMENT]:
        sub = register[register["element"] == e]
        if sub.empty:
            continue
        head = element_label(e, lang) if e != CONTEXT_ELEMENT else _g("fig.context_label", lang)
        blocks.append(f"**{head}**\n")
        for r in sub.itertuples():
            urls = r.source_urls
            links = f"[{r.source_title}]({urls[0]})" + "".join(
                f" · [{i + 2}]({u})" for i, u in enumerate(urls[1:]))
            meta = " · ".join(x for x in (
                r.date or "n.d.", r.kind,
                f"{_g('col.grade', lang)} {r.grade} ({_g(f'grade.{r.grade}', lang)})",
                _g(f"status.{r.status}", lang), _g(f"basis.{r.de_jure_or_de_facto}", lang)) if x)
            notes = f" *{_g('col.notes', lang)}:* {r.notes}" if r.notes else ""
            blocks.append(
                f"({evidence_anchor(r.evidence_id, anchor_prefix)})=\n"
                f"**{r.evidence_id}** — {meta}. *{_g('col.cells', lang)}:* {_cells_text(r.cell_list, lang)}\n\n"
                f"{r.fact} *{_g('col.source', lang)}:* {links} ({r.publisher}).{notes}\n")
    return "\n".join(blocks)


def register_csv(register: pd.DataFrame) -> pd.DataFrame:
    """The register's own columns (as in the input file), for download."""
    return register[EVIDENCE_COLUMNS].copy()


def download_link(df: pd.DataFrame, name: str, lang: str = "en") -> str:
    """Save ``df`` as a downloadable CSV and return the MyST download link to it."""
    path = save_table(df, name)
    return f"{{download}}`{t('common.download_csv', lang)} <tables/{path.name}>`"


def desk_review_tables(desk: pd.DataFrame, lang: str = "en", anchor_prefix: str = "ev") -> tuple:
    """(plain, linked) desk-review matrices: cell, level, de jure, de facto, confidence, evidence, rationale.

    ``linked`` has Markdown links from each evidence id to its target in the
    evidence list; ``plain`` has the ids as text (for the CSV download).
    """
    dash = _g("text.dash", lang)

    def fmt(v):
        return dash if pd.isna(v) else str(int(v))

    rows_plain, rows_linked = [], []
    for r in desk.itertuples():
        level = fmt(r.level) if r.assessed else _g("fig.not_assessed", lang)
        base = {
            _g("col.cell", lang): cell_label(r.cell_id, lang),
            _g("col.level", lang): level,
            _g("col.level_de_jure", lang): fmt(r.level_de_jure),
            _g("col.level_de_facto", lang): fmt(r.level_de_facto),
            _g("col.confidence", lang): r.confidence or dash,
        }
        rows_plain.append({**base, _g("col.evidence", lang): "; ".join(r.evidence_list) or dash,
                           _g("col.rationale", lang): r.rationale})
        rows_linked.append({**base, _g("col.evidence", lang): evidence_links(r.evidence_list, anchor_prefix) or dash,
                            _g("col.rationale", lang): r.rationale})
    return pd.DataFrame(rows_plain), pd.DataFrame(rows_linked)


def show_linked_table(plain: pd.DataFrame, linked: pd.DataFrame, name: str, *, caption: str, source: str,
                      lang: str = "en") -> None:
    """Display ``linked`` as a captioned Markdown table and save ``plain`` as the downloadable CSV."""
    path = save_table(plain, name)
    body = linked.to_markdown(index=False)
    md(f"**{caption}**\n\n{body}\n\n*{t('common.source', lang)}:* {source}. "
       f"{{download}}`{t('common.download_csv', lang)} <tables/{path.name}>`\n")


def institutions_table(stakeholders: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Invited institutions in concept-note order: number, name (in ``lang``), type, sector."""
    name = "name_mn" if lang == "mn" else "name_en"
    df = stakeholders.sort_values("concept_note_no")
    return pd.DataFrame({
        _g("col.concept_note_no", lang): df["concept_note_no"].astype("Int64"),
        _g("col.institution", lang): df[name],
        _g("col.type", lang): [type_label(k, lang) for k in df["type"]],
        _g("col.sector", lang): df["sector"],
    })


def leads_table(leads: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`stakeholders.element_leads` output with headers in ``lang``."""
    return pd.DataFrame({
        _g("col.element", lang): leads["element_label"],
        _g("col.leads", lang): leads["leads"],
        _g("col.n_contributors", lang): leads["n_contributors"],
        _g("col.contributors", lang): leads["contributors"],
    })

"""Generated pages of the workshop summary report: annexes, expected outcomes, downloads.

Every page here is rendered from files (raw-data cards, the data dictionary,
the stakeholder list) or from the analysis notebooks' results, never typed,
so it changes when the data change. Notebooks ``31_expected_outcomes`` and
``9x_annex_*`` display the Markdown these functions return.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from . import paths
from .brief import BriefInputs, evaluation_summary, horizon_counts, load_inputs, topics_higher_after
from .i18n import capitalise, catalogue, t
from .provenance import track_read

# From an executed notebook in book/generated/ to the project root (for {download} links).
ROOT_FROM_GENERATED = "../.."


def _tr(key: str, lang: str, **values) -> str:
    return t(f"brief.{key}", lang, **values)


def _cell(text) -> str:
    """A Markdown table cell: no pipes or line breaks, and '<' escaped, so a placeholder such as
    ``data/raw/<source>/SOURCE.md`` shows as written instead of becoming an HTML tag ('<br>',
    which separates lines inside a cell, is kept). Cells stay as written (column names of the data
    dictionary are identifiers): a table of prose capitalises its text cells itself."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    text = str(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ").strip()
    return re.sub(r"<(?!br>)", "&lt;", text)


def breakable_paths(text: str) -> str:
    """Let long file paths and identifiers wrap in narrow table cells (a zero-width space
    after each '/' or '_' inside a word; the CSV download keeps the plain text)."""
    return re.sub(r"(?<=[\w.])([/_])(?=[\w.])", "\\1\u200b", str(text))


def markdown_table(header: list[str], rows: list[list]) -> str:
    """A GitHub/MyST pipe table."""
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- downloads


def project_download(rel_path: str, label: str) -> str:
    """``{download}`` role for a project file (e.g. ``data/processed/egdi_long.csv``) from a
    page in ``book/generated/``; the file must exist when the book is built."""
    if not paths.locate(rel_path).exists():
        raise FileNotFoundError(f"{rel_path}: cannot link a file that does not exist")
    return f"{{download}}`{label} <{ROOT_FROM_GENERATED}/{rel_path}>`"


def notebook_download(label: str, notebook_id: str | None = None) -> str:
    """``{download}`` role for the executed notebook of the current page (``book/generated/<id>.ipynb``)."""
    notebook_id = notebook_id or os.environ.get("EGOVREPORT_NOTEBOOK_ID")
    if not notebook_id:
        return ""
    return f"{{download}}`{label} <{notebook_id}.ipynb>`"


def processed_csv_links(tables: list[str]) -> list[str]:
    """Download links for processed tables (``data/processed/<table>.csv``) that exist."""
    out = []
    for name in tables:
        rel = f"data/processed/{name}.csv"
        if paths.locate(rel).exists():
            out.append(project_download(rel, f"{name}.csv"))
    return out


# --------------------------------------------------------------------------- annex: data sources


def data_sources_markdown(lang: str = "en") -> str:
    """Annex 'Data sources and licences', from the ``SOURCE.md`` cards in ``data/raw``:
    a summary table (source, publisher, licence), then, in English, one block per source (the
    cards are written in English; other languages link to the English page for them)."""
    from .sources import raw_root, read_source_card, source_ids

    summary, blocks = [], []
    for sid in source_ids():
        track_read(raw_root() / sid / "SOURCE.md")
        card = read_source_card(sid)
        title = card.get("title") or sid
        summary.append([title, card.get("upstream_publisher") or "",
                        card.get("licence") or ""])
        commit = str(card.get("commit") or "")
        origin = card.get("origin_repo") or ""
        snapshot = f"{origin}" + (f", commit `{commit[:12]}`" if commit else "")
        retrieved = re.match(r"\d{4}-\d{2}-\d{2}", str(card.get("retrieved") or ""))
        if retrieved:  # the date only: the rest of the card's note is about the project's own tooling
            snapshot += f" ({retrieved.group(0)})"
        files = card.get("files") or []
        items = [(_tr("annex.col_publisher", lang), card.get("upstream_publisher")),
                 (_tr("annex.col_licence", lang), card.get("licence")),
                 (_tr("annex.col_used_for", lang), card.get("used_for")),
                 (_tr("annex.col_files", lang), ", ".join(f"`{f}`" for f in files)),
                 (_tr("annex.col_origin", lang), snapshot)]
        card_link = project_download(f"data/raw/{sid}/SOURCE.md", "SOURCE.md")
        blocks += [f"### {_cell(title)}", "",
                   *[f"- **{label}:** {_cell(value)}" for label, value in items if value],
                   f"- {card_link} (`data/raw/{sid}/`)", ""]
    header = [_tr(f"annex.{c}", lang) for c in ("col_source", "col_publisher", "col_licence")]
    out = [t("report.annex.sources_intro", lang), "", f"**{_tr('annex.sources_table', lang)}**", "",
           markdown_table(header, summary), ""]
    if lang == "en":
        out += blocks
    else:
        out += [t("report.annex.sources_details", lang, link="{doc}`annex_data_sources_en`"), ""]
    extras = [project_download(f"data/raw/{name}", name) for name in ("README.md", "SHA256SUMS")
              if (paths.raw_dir() / name).exists()]
    if extras:
        out += [" · ".join(extras), ""]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- annex: data dictionary


def data_dictionary_markdown(lang: str = "en") -> str:
    """Annex 'Data dictionary', from ``data/processed/data_dictionary.csv``; one section per
    table (the per-edition ``egdi_wide_<edition>`` tables share one section)."""
    from . import datasets

    dictionary = datasets.load_data_dictionary()
    try:
        from .data_dictionary import TABLE_DESCRIPTIONS
    except ImportError:
        TABLE_DESCRIPTIONS = {}
    dictionary["group"] = dictionary["table"].str.replace(r"^egdi_wide_\d{4}$", "egdi_wide", regex=True)
    out = [_tr("annex.dictionary_intro", lang), ""]
    for group, part in dictionary.groupby("group", sort=False):
        tables = list(dict.fromkeys(part["table"]))
        first = part[part["table"] == tables[0]]
        title = "egdi_wide_<edition>" if group == "egdi_wide" else group
        out += [f"### `{title}`", ""]
        if TABLE_DESCRIPTIONS.get(group):
            out += [TABLE_DESCRIPTIONS[group], ""]
        links = processed_csv_links(tables)
        if links:
            out += [" · ".join(links), ""]
        rows = [[f"`{r.column}`", r.type, r.unit, breakable_paths(r.description), breakable_paths(r.source)]
                for r in first.itertuples()]
        out += [markdown_table(["Column", "Type", "Unit", "Description", "Source"], rows), ""]
    notes = paths.processed_dir() / "data_notes.md"
    if notes.exists():
        out += [project_download("data/processed/data_notes.md", "data_notes.md"), ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- annex: stakeholders


def load_stakeholder_table(country: str) -> pd.DataFrame:
    """The invited institutions of ``country`` (gov-evidence team's loader when present)."""
    try:
        from .governance import stakeholders as st
        for name in ("load_stakeholders", "load_institutions"):
            if hasattr(st, name):
                return getattr(st, name)(country)
    except ImportError:
        pass
    source = paths.project_root() / "data" / "country" / country / "stakeholders.csv"
    if not source.exists():
        raise FileNotFoundError(f"{source}: stakeholder list not found")
    return pd.read_csv(track_read(source), dtype=str, keep_default_na=False)


def stakeholders_markdown(country: str, lang: str = "en") -> str:
    """Annex 'Invited institutions' by type (institutions only, no people). The sector is free
    English text in the list, so it is shown on the English page only."""
    try:
        df = load_stakeholder_table(country)
    except FileNotFoundError:
        from .display import admonition

        return admonition("important not-available",
                          f"{t('common.not_available_title', lang)}: {t('report.annex.institutions_what', lang)}",
                          t("report.annex.institutions_how", lang, path=f"data/country/{country}/stakeholders.csv"))
    name_col = "name_mn" if lang == "mn" and "name_mn" in df else "name_en"
    order = "concept_note_no" if "concept_note_no" in df else None
    if order:
        df = df.assign(_n=pd.to_numeric(df[order], errors="coerce")).sort_values("_n")
    with_sector = lang == "en" and "sector" in df
    rows = []
    for r in df.to_dict("records"):
        kind = r.get("type", "")
        key = f"governance.institution_type.{kind}"
        kind_label = t(key, lang) if key in catalogue("en") else kind.replace("_", " ")
        rows.append([r.get(order, "") if order else "", r.get(name_col) or r.get("name_en", ""), kind_label]
                    + ([capitalise(r.get("sector", ""))] if with_sector else []))
    columns = ("col_no", "col_institution", "col_type") + (("col_sector",) if with_sector else ())
    header = [_tr(f"annex.{c}", lang) for c in columns]
    rel = f"data/country/{country}/stakeholders.csv"
    link = project_download(rel, Path(rel).name) if paths.locate(rel).exists() else ""
    # "invited ... in the order of the concept note" only for a list that follows a concept note
    from_concept_note = bool(order) and bool(pd.to_numeric(df[order], errors="coerce").notna().all())
    intro = (_tr("annex.stakeholders_intro", lang, n=len(df)) if from_concept_note
             else _tr("annex.stakeholders_intro_list", lang, n=len(df), path=rel))
    return "\n".join([intro, "", markdown_table(header, rows), "", link, ""])


# --------------------------------------------------------------------------- annex: methodology


def methodology_markdown(lang: str = "en") -> str:
    """Annex 'Methodology': the EGDI levels, the data-governance scale and rules, the
    evaluation statistics and the data step's notes — all from the package's constants,
    the framework instrument and ``data/processed/data_notes.md``."""
    from . import evaluation, methodology
    from .governance.framework import CELL_IDS, load_framework

    out = [f"### {_tr('methodology.egdi_title', lang)}", "", _tr("methodology.egdi_text", lang), ""]
    rows = [[_tr(f"level.{name.lower().replace(' ', '_')}", lang), f"{lo:.2f}", f"{hi:.2f}"]
            for name, (lo, hi) in methodology.LEVEL_BOUNDS.items()]
    out += [markdown_table([_tr("methodology.col_level", lang), _tr("methodology.col_from", lang),
                            _tr("methodology.col_to", lang)], rows), "",
            f"*{_tr('methodology.rating_note_label', lang)}:* " + (
                methodology.RATING_CLASS_NOTE if lang == "en"  # the note is written in English
                else t("report.annex.rating_note_details", lang, link="{doc}`annex_methodology_en`")), ""]

    framework = load_framework(lang)
    levels = framework["levels"]
    out += [f"### {_tr('methodology.governance_title', lang)}", "",
            _tr("methodology.governance_text", lang, n_cells=len(CELL_IDS)), "",
            markdown_table([_tr("methodology.col_level", lang), _tr("methodology.col_name", lang),
                            _tr("methodology.col_criterion", lang)],
                           [[int(r.level), r.name, r.description] for r in levels.itertuples()]), ""]
    out += [_tr("methodology.rules_label", lang), ""]
    out += [f"- {r.description}" for r in framework["rules"].itertuples()] + [""]
    out += [_tr("methodology.horizons", lang) + " " + "; ".join(framework["horizons"]["name"]) + ".", ""]

    out += [f"### {_tr('methodology.evaluation_title', lang)}", "",
            _tr("methodology.evaluation_text", lang, alpha=evaluation.ALPHA,
                confidence=f"{evaluation.CONFIDENCE:.0%}", resamples=evaluation.BOOTSTRAP_RESAMPLES,
                seed=evaluation.BOOTSTRAP_SEED, k=evaluation.DEFAULT_MIN_GROUP_SIZE), ""]

    notes = paths.processed_dir() / "data_notes.md"
    if notes.exists() and lang != "en":  # the data step writes its notes in English
        out += [f"### {_tr('methodology.data_notes_title', lang)}", "",
                t("report.annex.data_notes_details", lang, link="{doc}`annex_methodology_en`"), ""]
    elif notes.exists():
        text = track_read(notes).read_text(encoding="utf-8")
        text = re.sub(r"\A# [^\n]*\n", "", text)  # the page has its own title
        text = re.sub(r"^#{2,} (.+)$", r"**\1**", text, flags=re.M)  # sub-headings of an output: bold lines
        text = re.sub(r"^Rating classes[^\n]*\n?", "", text, flags=re.M)  # given once, under the EGDI levels
        out += [f"### {_tr('methodology.data_notes_title', lang)}", "", text.strip(), "",
                project_download("data/processed/data_notes.md", "data_notes.md"), ""]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- expected outcomes


def expected_outcomes(inp: BriefInputs) -> list[dict]:
    """The concept note's five expected outcomes with what the analysis found for each.

    Each item: ``outcome`` (text), ``found`` (list of ``(Markdown sentence, illustrative)``),
    ``pages`` (executed-notebook ids holding the details).
    """
    from .brief import egdi_findings, governance_findings

    lang = inp.language
    egdi = {f.key: f for f in egdi_findings(inp)}
    gov = {f.key: f for f in governance_findings(inp)}
    ev = inp.get("evaluation")
    ev_illu = bool(ev and ev.get("illustrative"))
    topic_day = evaluation_topic_days()

    def findings(pool: dict, keys) -> list[tuple[str, bool]]:
        return [(pool[k].text, pool[k].illustrative) for k in keys if k in pool]

    def eval_sentence(day: int) -> list[tuple[str, bool]]:
        if not evaluation_summary(ev):
            return [(_tr("outcomes.no_evaluation", lang), False)]
        n_up, n_tested = topics_higher_after(ev, lambda topic: topic_day.get(topic) == day)
        if not n_tested:
            return []
        return [(_tr("outcomes.eval_topics", lang, n_up=n_up, n_topics=n_tested, n_paired=ev.get("n_paired")),
                 ev_illu)]

    # A country without data-governance inputs (the gap assessment assessed no cell): outcomes 2-5
    # say so instead of quoting counts of 0
    from .governance.framework import country_name as gov_country_name

    gaps_res = inp.get("gaps")
    if gaps_res is not None and not gaps_res.get("assessed", bool(gaps_res.get("cells_assessed"))):
        gov = {}
        no_inputs = [(t("governance.inputs.outcome_not_assessed", lang,
                        country=gov_country_name(inp.country, lang)), False)]
    else:
        no_inputs = []
    shared = []
    survey = _optional_results("governance_survey")
    gaps = inp.get("gaps") or {}
    n_disagree = (survey or {}).get("n_disagreements", ((gaps.get("counts") or {}).get("n_disagreements")))
    if survey is not None and n_disagree is not None:
        shared.append((_tr("outcomes.disagreements_only", lang, n=n_disagree), bool(survey.get("illustrative"))))
    stakeholders = _optional_results("governance_stakeholders")
    if stakeholders and stakeholders.get("n_institutions"):
        shared.append((_tr("outcomes.stakeholder_roles", lang, n_roles=stakeholders.get("n_roles", 0),
                           n_institutions=stakeholders["n_institutions"],
                           n_without=len(stakeholders.get("elements_without_lead") or [])), False))
    return [
        {"outcome": _tr("outcomes.o1", lang),
         "found": findings(egdi, ("egdi_headline", "egdi_components")) + eval_sentence(1),
         "pages": OUTCOME_PAGES[0]},
        {"outcome": _tr("outcomes.o2", lang),
         "found": (findings(gov, ("gov_evidence", "gov_assessed")) or no_inputs) + eval_sentence(2),
         "pages": OUTCOME_PAGES[1]},
        {"outcome": _tr("outcomes.o3", lang), "found": shared or no_inputs, "pages": OUTCOME_PAGES[2]},
        {"outcome": _tr("outcomes.o4", lang), "found": findings(gov, ("gov_strengths", "gov_priorities")) or no_inputs,
         "pages": OUTCOME_PAGES[3]},
        {"outcome": _tr("outcomes.o5", lang), "found": findings(gov, ("gov_actions",)) or no_inputs,
         "pages": OUTCOME_PAGES[4]},
    ]


def evaluation_topic_days() -> dict[str, int]:
    """Workshop day (1 = EGDI, 2 = data governance) of each knowledge topic, from the
    evaluation instrument (``data/instruments/workshop_pre_survey.yml``)."""
    try:
        from .evaluation import load_instrument
        instrument = load_instrument("workshop_pre_survey")
    except (ImportError, FileNotFoundError, ValueError):
        return {}
    return {q.topic: q.day for q in instrument.questions if q.topic and q.day}


def _optional_results(name: str) -> dict | None:
    from .results import load_results
    try:
        return load_results(name)
    except FileNotFoundError:
        return None


# Pages (executed-notebook ids) holding the details of each expected outcome.
OUTCOME_PAGES = (
    ["egdi_framework", "egdi_country_profile", "egdi_component_diagnosis", "workshop_evaluation"],
    ["governance_evidence", "workshop_evaluation"],
    ["governance_survey", "governance_stakeholders", "governance_gaps"],
    ["governance_gaps", "governance_sensitivity"],
    ["governance_action_plan"],
)


def outcomes_use_illustrative_data(inp: BriefInputs) -> bool:
    """True when the 'Expected outcomes' page shows any number from illustrative responses."""
    survey = _optional_results("governance_survey") or {}
    return inp.illustrative or bool(survey.get("illustrative"))


def existing_pages(ids: list[str]) -> list[str]:
    """Those of ``ids`` whose executed notebook is in ``book/generated`` (so a link resolves)."""
    return [i for i in ids if (paths.generated_dir() / f"{i}.ipynb").exists()]


def expected_outcomes_markdown(country: str, edition: int, lang: str = "en") -> str:
    """The 'Expected outcomes' page: a table outcome → findings → pages."""
    inp = load_inputs(country, edition, lang)
    label = t("common.illustrative_label", lang)
    rows = []
    for item in expected_outcomes(inp):
        found = "<br>".join((f"*[{label}]* " if illu else "") + text for text, illu in item["found"]) or "–"
        links = ", ".join(f"{{doc}}`{pid}`" for pid in existing_pages(item["pages"])) or "–"
        rows.append([item["outcome"], found, links])
    header = [_tr(f"outcomes.col_{c}", lang) for c in ("outcome", "found", "where")]
    return "\n".join([_tr("outcomes.intro", lang), "", markdown_table(header, rows)])


def next_steps_markdown(country: str, edition: int, lang: str = "en") -> str:
    """Counts of the action plan per horizon, for the 'Next course of action' page."""
    inp = load_inputs(country, edition, lang)
    plan = inp.get("actions")
    if not plan or not plan.get("actions"):
        return ""
    counts = horizon_counts(plan["actions"])
    rows = [[_tr(f"horizon.{h}", lang), counts.get(h, 0)] for h in ("short", "medium", "long")]
    return markdown_table([_tr("brief.col_horizon", lang), "n"], rows)

"""Sentences of the Day-2 pages (notebooks 10–15), right for every country and every count.

Each function returns one Markdown paragraph built from the catalogue
(``governance`` and ``governance_results`` domains) with plural forms
(:func:`egovreport.i18n.tn`), so "1 of 24 cells is assessed" and "3 actions" are both right,
and never a sentence about something that is not there: a caller shows
:func:`egovreport.governance.availability.section_not_shown` instead when a count is 0.
"""

from __future__ import annotations

import pandas as pd

from ..i18n import capitalise, t, tn
from .framework import ELEMENTS, level_label


def _r(key: str, lang: str, **kw) -> str:
    return t(f"governance_results.{key}", lang, **kw)


def assessed_cells(scores: pd.DataFrame) -> int:
    """Number of cells with a current level (0 without desk review and survey)."""
    return int(scores["current_level"].notna().sum()) if len(scores) else 0


def level_counts_sentence(results: dict, lang: str = "en") -> str:
    """Notebook 12: how many cells are assessed, from which source, and their (lower) median level."""
    c = results["counts"]
    median = results.get("median_current_level")
    parts = [tn("governance_results.nb.counts_assessed", c["n_assessed"], lang, n_cells=c["n_cells"],
                n_desk=c["n_from_desk"], n_survey=c["n_from_survey"], n_na=c["n_not_assessed"])]
    if median is not None:
        parts.append(_r("nb.counts_median", lang, median=f"{median:g}", median_name=level_label(int(median), lang)))
    return " ".join(parts)


def actions_sentence(plan: pd.DataFrame, matched: pd.DataFrame, lang: str = "en", with_leads: bool = True) -> str:
    """Notebook 14: how many cells got actions and how many actions per horizon.

    Counts the cells actually considered (``matched``: the highest-priority cells with a gap,
    at most ``top_n``), not the ``top_n`` parameter, so a country with 3 cells with a gap reads
    "the 3 highest-priority cells", never "the 8". 0 cells: the targets are met. ``with_leads``:
    the stakeholder map named the leads (False without one: every lead is to be agreed)."""
    n_cells = int(matched["cell_id"].nunique()) if len(matched) else 0
    if n_cells == 0:
        return _r("nb.actions_none", lang)
    by_h = plan["horizon"].value_counts() if len(plan) else pd.Series(dtype=int)
    cells = tn("governance_results.nb.actions_cells", n_cells, lang)
    actions = tn("governance_results.nb.actions_n", len(plan), lang)
    if not len(plan):
        return _r("nb.actions_no_match", lang, cells=cells)
    text = _r("nb.actions", lang, cells=cells, actions=actions, short=int(by_h.get("short", 0)),
              medium=int(by_h.get("medium", 0)), long=int(by_h.get("long", 0)))
    # the leads come from the stakeholder map only when there is one
    return text + (" " + _r("nb.actions_leads", lang) if with_leads else "")


def effective_top_k(rankings: pd.DataFrame, top_k: int) -> int:
    """The size of the top group the sensitivity page can compare: ``top_k``, or fewer when the
    baseline ranks fewer cells (never "top 5" of 3 cells, never "top 0")."""
    base = rankings[(rankings["scenario"] == "baseline") & rankings["rank"].notna()]
    return min(int(top_k), int(len(base)))


def sensitivity_sentences(summary: dict, n_scenarios: int, k: int, lang: str = "en") -> list[str]:
    """Notebook 15: what is compared, how many top cells are robust, the weakest rule."""
    from .scoring import cell_list_text

    robust = summary["robust_top_cells"]
    out = [_r("nb.sensitivity", lang, n=n_scenarios,
              top=tn("governance_results.nb.top_cells", k, lang))]
    cells = (": " + cell_list_text(robust, lang)) if robust else ""
    if k == 1:
        base_top = summary.get("baseline_top") or []
        out.append(_r("nb.robust_single_yes" if robust else "nb.robust_single_no", lang,
                      cells=": " + cell_list_text(base_top, lang) if base_top else ""))
    else:
        out.append(tn("governance_results.nb.robust_n", len(robust), lang, k=k, cells=cells))
    if summary.get("weakest_scenario"):
        out.append(_r("nb.weakest", lang, scenario=_r(f"scenario.{summary['weakest_scenario']}", lang),
                      tau=f"{summary['weakest_tau']:.2f}"))
    return out


def desk_summary_sentence(summary: dict, lang: str = "en") -> str:
    """Notebook 10: cells the desk review assessed, their median level, the evidence they cite."""
    g = lambda key, **kw: t(f"governance.{key}", lang, **kw)  # noqa: E731
    parts = [tn("governance.text.desk_assessed", summary["n_assessed"], lang, n_cells=summary["n_cells"],
                n_not_assessed=summary["n_not_assessed"])]
    median = summary.get("median_level")
    if median is not None:
        parts.append(g("text.desk_median", median=f"{median:g}", median_label=level_label(int(median), lang)))
    parts.append(tn("governance.text.desk_cited", summary["n_evidence_cited"], lang,
                    n_conf_a=summary["by_confidence"]["A"], n_conf_b=summary["by_confidence"]["B"]))
    return " ".join(parts)


def stakeholder_summary_sentence(stakeholders: pd.DataFrame, roles: pd.DataFrame, by_type: pd.Series,
                                 n_without_lead: int, lang: str = "en") -> str:
    """Notebook 13: the institutions listed (invited in the concept note only when the list says
    so), their types, the roles recorded and how many elements have a lead institution — true
    for every stakeholder map, not only Mongolia's."""
    from .stakeholders import type_label

    g = lambda key, **kw: t(f"governance.{key}", lang, **kw)  # noqa: E731
    # "label (n)": a count before a singular type label would read "16 ministry"
    type_list = "; ".join(f"{type_label(k, lang).lower()} ({n})" for k, n in by_type.items() if n)
    from_note = "concept_note_no" in stakeholders and stakeholders["concept_note_no"].notna().any()
    key = "governance.text.stakeholders_invited" if from_note else "governance.text.stakeholders_listed"
    parts = [tn(key, len(stakeholders), lang, type_list=type_list)]
    n_elements = len(ELEMENTS)
    n_led = n_elements - n_without_lead
    parts.append(tn("governance.text.stakeholder_roles", len(roles), lang))
    if n_without_lead == 0:
        parts.append(g("text.stakeholder_all_led", n_elements=n_elements))
    else:
        parts.append(tn("governance.text.stakeholder_some_led", n_led, lang, n_elements=n_elements))
    return " ".join(capitalise(p) for p in parts)


def stakeholder_captions(stakeholders: pd.DataFrame, country: str, lang: str = "en") -> dict:
    """Captions and source line of notebook 13: "invited to the workshop" (concept note) only when
    the list carries the concept note's numbers, "on the stakeholder list" otherwise."""
    from .framework import country_name

    from_note = "concept_note_no" in stakeholders and stakeholders["concept_note_no"].notna().any()
    sfx = "" if from_note else "_listed"
    g = lambda key, **kw: t(f"governance.caption.{key}{sfx}", lang, **kw)  # noqa: E731
    return {"types_chart": g("types_chart", country=country_name(country, lang)),
            "source": g("stakeholder_source", country_code=country),
            "institutions_table": g("institutions_table"),
            "roles_chart": g("roles_chart")}


def stakeholder_page_summary(roles: pd.DataFrame, lang: str = "en") -> str:
    """Summary of notebook 13: how many elements have a lead (never "every element" unless true)."""
    from .framework import element_label
    from .stakeholders import elements_without_lead

    without = elements_without_lead(roles)
    if not without:
        return t("governance.text.stakeholder_page_all_led", lang)
    names = [element_label(e, lang) for e in without]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + t("governance_results.list_and", lang) + names[-1]
    return tn("governance.text.stakeholder_page_some_led", len(ELEMENTS) - len(without), lang,
              n_elements=len(ELEMENTS), elements=listed)


def evidence_page_summary(has_register: bool, has_desk: bool, country_label: str, lang: str = "en") -> str:
    """Summary of notebook 10: what is in place for the country (never "in place" when it is not)."""
    key = "evidence_page_full" if has_desk else "evidence_page_register_only" if has_register else "evidence_page_none"
    return t(f"governance.text.{key}", lang, country=country_label)

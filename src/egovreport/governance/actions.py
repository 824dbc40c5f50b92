"""Prioritised action plan: interventions for the weakest cells, who leads them, and when.

The interventions come from an editable catalogue,
``data/instruments/governance_interventions.csv`` (project-authored; each row
names where the idea comes from: the rubric's next-level criterion, a maturity
model of the research notes, the desk review's finding, or a challenge named in
the workshop concept note). Columns::

    intervention_id, cell_id, applies_from_level, applies_to_level, horizon,
    lead_role, needs, description_en, description_mn, instrument_en,
    instrument_mn, indicator_en, indicator_mn, source

``cell_id`` is a cell (``policy.privacy``), a whole element (``*.privacy``) or a
whole pillar (``policy.*``). An intervention **applies** to a cell when the
pattern covers it and ``applies_from_level ≤ current level < applies_to_level``
(it helps the cell climb from where it is towards ``applies_to_level``).

**Keyed by evidence**: ``needs`` lists the tags of the country's legal and
institutional landscape the text names (``{privacy_law}``, ``{exchange_platform}``
…; :mod:`egovreport.recommendations`). With ``country`` given,
:func:`load_interventions` fills them with the named law, system or body and its
evidence ids, and leaves out the rows whose tags the country's landscape does
not document; ``{element}`` (pillar-wide rows) is filled with the element's
name when the row is matched to a cell. No text ever says "this element".

**Matching** (:func:`match_interventions`): the ``top_n`` highest-priority
cells that still have a gap get up to ``max_per_cell`` interventions, the most
specific first (exact cell, then element-wide, then pillar-wide; ties by
``intervention_id``); a generic row is left out when a row keyed by evidence covers
the same cell pattern and level range (:func:`superseded`).

**Who** (:func:`action_plan`): from the stakeholder map
(``stakeholder_roles.csv``: ``institution_id, element, role, lead, basis``), the
*lead* institutions of an action are those flagged ``lead`` for the cell's
element whose role is the catalogue's ``lead_role``; if there are none, every
institution flagged lead for the element (``lead_basis = "element_lead"``);
if none either, "to be agreed at the workshop". *Partners* are the other
institutions with a role for that element — first the other leads, then the
institutions with the lead role — at most ``max_partners`` names.

**When**: the catalogue's horizon — short 0–12 months, medium 1–3 years (months
12–36), long 3–5 years (months 36–60) — drawn as a Gantt-style timeline.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .. import paths
from ..tabular import read_text_table
from ..i18n import t
from .inputs import MissingInputError
from .framework import CELL_IDS, ELEMENTS, HORIZONS, PILLARS, element_label, split_cell
from .inputs import split_list, text_column, validate_frame
from .scoring import HORIZON_MONTHS

CATALOGUE_FILE = "governance_interventions.csv"
TEXT_COLUMNS = ["description_en", "description_mn", "instrument_en", "instrument_mn", "indicator_en", "indicator_mn"]
CATALOGUE_COLUMNS = ["intervention_id", "cell_id", "applies_from_level", "applies_to_level", "horizon",
                     "lead_role", "needs", *TEXT_COLUMNS, "source"]
LEAD_ROLES = ("producer", "steward", "regulator", "user")
CELL_PATTERNS = tuple(CELL_IDS) + tuple(f"*.{e}" for e in ELEMENTS) + tuple(f"{p}.*" for p in PILLARS)
SPECIFICITY = {"cell": 2, "element": 1, "pillar": 0}
TO_BE_AGREED = "to_be_agreed"


def _catalogue_schema() -> pa.DataFrameSchema:
    from ..recommendations import LANDSCAPE_TAGS

    levels = [str(v) for v in range(5)]
    tag = "|".join(LANDSCAPE_TAGS)
    return pa.DataFrameSchema({
        "intervention_id": text_column(pattern=r"[A-Z]{2,}-[A-Z]{3}-\d{2}", unique=True,
                                       error="intervention id like GI-POL-01, unique"),
        "cell_id": text_column(allowed=CELL_PATTERNS,
                               error="cell id, '*.<element>' or '<pillar>.*'"),
        "applies_from_level": text_column(allowed=levels, error="level 0–4"),
        "applies_to_level": text_column(allowed=levels, error="level 0–4"),
        "horizon": text_column(allowed=HORIZONS),
        "lead_role": text_column(allowed=LEAD_ROLES),
        "needs": text_column(pattern=rf"(?:{tag})(?:;(?:{tag}))*", required=False,
                             error=f"';'-separated landscape tags: {', '.join(LANDSCAPE_TAGS)}"),
        **{c: text_column() for c in TEXT_COLUMNS},
        "source": text_column(),
    }, checks=[pa.Check(lambda d: d["applies_from_level"].astype(int) < d["applies_to_level"].astype(int),
                        error="applies_from_level must be below applies_to_level"),
               pa.Check(lambda d: _placeholders_listed(d), error="a {tag} placeholder that 'needs' does not list")],
        strict=True)


def _placeholders_listed(d: pd.DataFrame) -> pd.Series:
    from ..recommendations import placeholders

    def ok(row) -> bool:
        from ..recommendations import LANDSCAPE_TAGS

        needs = set(split_list(row["needs"]))
        if not needs <= set(LANDSCAPE_TAGS):
            return True  # an unknown tag is reported on the 'needs' column
        used = set().union(*(placeholders(row[c]) for c in TEXT_COLUMNS)) - {"element"}
        return used <= needs
    return d.apply(ok, axis=1)


def load_interventions(path=None, *, country: str | None = None, landscape=None) -> pd.DataFrame:
    """The intervention catalogue, validated (InputError names file, row, column).

    Levels become integers; ``scope`` says whether a row targets a ``cell``, an
    ``element`` or a ``pillar``. The rows are resolved against the legal and
    institutional landscape of ``country`` (or the ``landscape`` given,
    :func:`egovreport.recommendations.load_landscape`): a row whose ``needs`` the
    landscape does not document is left out, the others have their ``{tag}``
    placeholders filled with the named law, system or body and its evidence ids.
    Without a country only the rows that need nothing remain.
    """
    from ..recommendations import fill_tags, landscape_by_tag, load_landscape

    path = path or paths.instruments_dir() / CATALOGUE_FILE
    df = validate_frame(read_text_table(path, required_columns=CATALOGUE_COLUMNS), _catalogue_schema(), path)
    for col in ("applies_from_level", "applies_to_level"):
        df[col] = df[col].astype(int)
    df["scope"] = df["cell_id"].map(lambda c: "element" if c.startswith("*.") else
                                    "pillar" if c.endswith(".*") else "cell")
    if landscape is None and country is not None:
        landscape = load_landscape(country)
    tags = landscape_by_tag(landscape or [])
    df["needs"] = df["needs"].map(split_list)
    df = df[df["needs"].map(lambda needs: set(needs) <= set(tags))].copy()
    for col in TEXT_COLUMNS:
        lang = col.rsplit("_", 1)[1]
        df[col] = [fill_tags(text, tags, lang) for text in df[col]]
    df["evidence_ids"] = [sorted({e for tag in needs for e in tags[tag].evidence_ids}) for needs in df["needs"]]
    return df.reset_index(drop=True)


def fill_element(text: str, element: str, lang: str) -> str:
    """Fill the ``{element}`` placeholder of a catalogue text with the element's name in ``lang``;
    the text is a sentence or a table cell, so it starts with a capital letter ("«Өгөгдлийн
    аюулгүй байдал» чиглэлийн …", not "«өгөгдлийн …")."""
    from ..i18n import capitalise
    from ..recommendations import element_phrase

    return capitalise(text.replace("{element}", element_phrase(element, lang)))


def _covers(pattern: str, cid: str) -> bool:
    pillar, element = split_cell(cid)
    return pattern in (cid, f"*.{element}", f"{pillar}.*")


def superseded(hits: pd.DataFrame) -> pd.Series:
    """True for a generic row (no ``needs``) that a row keyed by evidence replaces: same
    ``cell_id`` pattern and level range, but naming the country's documented law, system or
    body (GI-INF-10 "… the National Data Center …" replaces GI-INF-13 "… a data centre …").
    Without this both would be listed, the second repeating the first's action as a fragment."""
    if hits.empty:
        return pd.Series(False, index=hits.index)
    keyed = {(r["cell_id"], r["applies_from_level"], r["applies_to_level"])
             for r in hits.to_dict("records") if r.get("needs")}
    return pd.Series([not r.get("needs") and (r["cell_id"], r["applies_from_level"], r["applies_to_level"]) in keyed
                      for r in hits.to_dict("records")], index=hits.index, dtype=bool)


def match_interventions(scores: pd.DataFrame, catalogue: pd.DataFrame, *, top_n: int = 8,
                        max_per_cell: int = 2, priority_horizon: str = "long") -> pd.DataFrame:
    """Interventions for the ``top_n`` highest-priority cells with a gap (rules: module docstring).

    ``scores`` is :func:`scoring.score_cells` output. One row per cell ×
    intervention: ``rank, cell_id, pillar, element, current_level, gap,
    action_horizon`` plus the catalogue columns. A cell for which the catalogue
    has nothing gets one row with an empty ``intervention_id`` (so the gap in
    the catalogue is visible rather than silently dropped).
    """
    gap_col = f"gap_{priority_horizon}"
    cells = scores[scores["rank"].notna() & (scores[gap_col] > 0)].sort_values("rank").head(top_n)
    rows = []
    for cell in cells.to_dict("records"):
        level = cell["current_level"]
        hits = catalogue[catalogue["cell_id"].map(lambda p: _covers(p, cell["cell_id"]))
                         & (catalogue["applies_from_level"] <= level) & (level < catalogue["applies_to_level"])]
        hits = hits[~superseded(hits)]
        hits = hits.assign(_spec=hits["scope"].map(SPECIFICITY)).sort_values(
            ["_spec", "intervention_id"], ascending=[False, True]).head(max_per_cell)
        base = {"rank": cell["rank"], "cell_id": cell["cell_id"], "pillar": cell["pillar"],
                "element": cell["element"], "current_level": level, "gap": cell[gap_col],
                "action_horizon": cell["action_horizon"]}
        if hits.empty:
            rows.append({**base, "intervention_id": ""})
        for hit in hits.drop(columns=["_spec", "cell_id"]).to_dict("records"):
            rows.append({**base, **hit})
    # typed even when no cell qualifies (no inputs, every target met): callers select columns
    columns = ["rank", "cell_id", "pillar", "element", "current_level", "gap", "action_horizon",
               *(c for c in (*CATALOGUE_COLUMNS, "scope") if c != "cell_id")]
    return pd.DataFrame(rows, columns=columns)


def _is_true(values: pd.Series) -> pd.Series:
    """``lead`` flags as booleans, whether read as text ("true"/"false") or already bool."""
    return values.astype(str).str.strip().str.lower().isin(["true", "1", "yes"]).astype(bool)


def _institution_names(ids: list[str], stakeholders: pd.DataFrame, lang: str) -> list[str]:
    col = "name_mn" if lang == "mn" and "name_mn" in stakeholders else "name_en"
    names = stakeholders.set_index("institution_id")[col]
    return [str(names.get(i, i)) or str(i) for i in ids]


def institutions_for(element: str, lead_role: str, roles: pd.DataFrame,
                     max_partners: int = 6) -> tuple[list[str], list[str], str]:
    """Lead and partner institution ids for an action on ``element`` led by ``lead_role``.

    Returns ``(leads, partners, lead_basis)``; ``lead_basis`` is ``"role_lead"``,
    ``"element_lead"`` or ``"to_be_agreed"`` (rules: module docstring).
    Ids are sorted, so the result is the same for the same stakeholder map.
    """
    r = roles[roles["element"] == element]
    is_lead = _is_true(r["lead"])
    leads = sorted(r.loc[is_lead & (r["role"] == lead_role), "institution_id"].unique())
    basis = "role_lead"
    if not leads:
        leads = sorted(r.loc[is_lead, "institution_id"].unique())
        basis = "element_lead" if leads else TO_BE_AGREED
    other_leads = sorted(set(r.loc[is_lead, "institution_id"]) - set(leads))
    same_role = sorted(set(r.loc[r["role"] == lead_role, "institution_id"]) - set(leads) - set(other_leads))
    partners = (other_leads + same_role)[:max_partners]
    return leads, partners, basis


def action_plan(scores: pd.DataFrame, catalogue: pd.DataFrame, stakeholders: pd.DataFrame,
                roles: pd.DataFrame, *, lang: str = "en", top_n: int = 8, max_per_cell: int = 2,
                max_partners: int = 6, priority_horizon: str = "long") -> pd.DataFrame:
    """The prioritised action plan: one row per intervention × element.

    Columns: ``intervention_id, element, cells`` (cell ids it addresses,
    ';'-separated), ``best_rank`` (highest priority among them), ``horizon``,
    ``start_month``, ``end_month``, ``lead_role``, ``description``, ``leads``
    and ``partners`` (institution names in ``lang``, '; '-separated),
    ``lead_ids``/``partner_ids`` (lists), ``n_partners_more`` (partners not
    listed), ``lead_basis``, ``source``.
    Sorted by horizon, then best rank. Cells without a catalogue match are not
    in the plan: see :func:`match_interventions`.
    """
    matched = match_interventions(scores, catalogue, top_n=top_n, max_per_cell=max_per_cell,
                                  priority_horizon=priority_horizon)
    if matched.empty:
        matched = pd.DataFrame(columns=["intervention_id", "element"])
    matched = matched[matched["intervention_id"] != ""]
    if matched.empty:
        return pd.DataFrame(columns=["intervention_id", "element", "cells", "best_rank", "horizon",
                                     "start_month", "end_month", "lead_role", "description", "leads",
                                     "partners", "lead_ids", "partner_ids", "n_partners_more", "lead_basis",
                                     "source"])
    desc = "description_mn" if lang == "mn" else "description_en"
    rows = []
    for (iid, element), grp in matched.groupby(["intervention_id", "element"], sort=False):
        first = grp.iloc[0]
        first = first.copy()
        first[desc] = fill_element(first[desc], element, lang)
        leads, partners, basis = institutions_for(element, first["lead_role"], roles, max_partners=10_000)
        shown = partners[:max_partners]
        rows.append({
            "intervention_id": iid, "element": element,
            "cells": ";".join(grp.sort_values("rank")["cell_id"]),
            "best_rank": int(grp["rank"].min()), "horizon": first["horizon"],
            "start_month": HORIZON_MONTHS[first["horizon"]][0], "end_month": HORIZON_MONTHS[first["horizon"]][1],
            "lead_role": first["lead_role"], "description": first[desc],
            "leads": "; ".join(_institution_names(leads, stakeholders, lang)),
            "partners": "; ".join(_institution_names(shown, stakeholders, lang)),
            "lead_ids": leads, "partner_ids": shown,
            "n_partners_more": len(partners) - len(shown), "lead_basis": basis, "source": first["source"],
        })
    plan = pd.DataFrame(rows)
    plan["_h"] = plan["horizon"].map({h: i for i, h in enumerate(HORIZONS)})
    return plan.sort_values(["_h", "best_rank", "intervention_id"]).drop(columns="_h").reset_index(drop=True)


def format_action_plan(plan: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Publishable action-plan table with translated headers and labels.

    Seven columns so that it fits a page without scrolling: the element and
    the pillars it addresses share one column, the lead's role follows its name.
    """
    k = lambda key: t(f"governance_results.col.{key}", lang)  # noqa: E731
    agreed = t("governance_results.to_be_agreed", lang)
    more = lambda n: t("governance_results.and_more", lang, n=n) if n else ""  # noqa: E731
    where = [element_label(e, lang) + ": " + ", ".join(t(f"governance.pillar.{split_cell(c)[0]}", lang)
                                                      for c in cs.split(";"))
             for e, cs in zip(plan["element"], plan["cells"])]
    leads = [f"{lead or agreed} ({t(f'governance_results.role.{role}', lang)})"
             for lead, role in zip(plan["leads"], plan["lead_role"])]
    return pd.DataFrame({
        k("rank"): plan["best_rank"],
        "ID": plan["intervention_id"],
        k("horizon"): plan["horizon"].map(lambda h: t(f"governance_results.horizon.{h}", lang)),
        k("element_pillars"): where,
        k("intervention"): plan["description"],
        k("lead_with_role"): leads,
        k("partners"): [p + more(n) for p, n in zip(plan["partners"], plan["n_partners_more"])],
    })


def load_stakeholder_map(country: str) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Institutions and their roles per element (gov-evidence's validated stakeholder map).

    Returns ``(stakeholders, roles, missing)``; when a file is absent the
    table is empty (every lead is then "to be agreed at the workshop") and
    ``missing`` holds the :class:`MissingInputError` to show.
    """
    from .stakeholders import (ROLE_COLUMNS, STAKEHOLDER_COLUMNS, load_stakeholder_roles,
                               load_stakeholders)

    empty = lambda cols: pd.DataFrame({c: pd.Series(dtype=str) for c in cols})  # noqa: E731
    try:
        stakeholders = load_stakeholders(country)
    except MissingInputError as exc:
        return empty(STAKEHOLDER_COLUMNS), empty(ROLE_COLUMNS), [exc]
    try:
        roles = load_stakeholder_roles(country, stakeholders=stakeholders)
    except MissingInputError as exc:
        return stakeholders, empty(ROLE_COLUMNS), [exc]
    return stakeholders, roles, []


def action_plan_results(assessment, catalogue: pd.DataFrame, stakeholders: pd.DataFrame, roles: pd.DataFrame,
                        *, top_n: int = 8, max_per_cell: int = 2) -> dict:
    """Key numbers of the action plan for ``save_results("governance_action_plan", ...)``.

    Language-neutral (both languages' descriptions and institution names), so
    the English and Mongolian runs write the same file. Each action:
    ``intervention_id, element, cell_id`` (its best-ranked cell), ``cells``,
    ``best_rank, horizon, start_month, end_month, lead_role, description_en/mn,
    lead_ids, lead_names_en/mn, partner_names_en/mn, lead_basis, source``.
    """
    kw = dict(top_n=top_n, max_per_cell=max_per_cell, priority_horizon=assessment.priority_horizon)
    plans = {lang: action_plan(assessment.scores, catalogue, stakeholders, roles, lang=lang, **kw)
             for lang in ("en", "mn")}
    matched = match_interventions(assessment.scores, catalogue, **kw)
    out = []
    for en, mn in zip(plans["en"].to_dict("records"), plans["mn"].to_dict("records")):
        cells = en["cells"].split(";")
        out.append({
            "intervention_id": en["intervention_id"], "element": en["element"], "cell_id": cells[0],
            "cells": cells, "best_rank": en["best_rank"], "horizon": en["horizon"],
            "start_month": en["start_month"], "end_month": en["end_month"], "lead_role": en["lead_role"],
            "description_en": en["description"], "description_mn": mn["description"],
            "lead_ids": list(en["lead_ids"]),
            "lead_names_en": _institution_names(en["lead_ids"], stakeholders, "en"),
            "lead_names_mn": _institution_names(en["lead_ids"], stakeholders, "mn"),
            "partner_names_en": _institution_names(en["partner_ids"], stakeholders, "en"),
            "partner_names_mn": _institution_names(en["partner_ids"], stakeholders, "mn"),
            "lead_basis": en["lead_basis"], "source": en["source"],
        })
    counts = plans["en"]["horizon"].value_counts()
    return {
        "country": assessment.country, "illustrative": assessment.illustrative, "top_n": top_n,
        "max_per_cell": max_per_cell, "n_actions": len(out),
        "n_by_horizon": {h: int(counts.get(h, 0)) for h in HORIZONS},
        "horizon_months": {h: list(m) for h, m in HORIZON_MONTHS.items()},
        "cells_without_intervention": matched.loc[matched["intervention_id"] == "", "cell_id"].tolist()
        if len(matched) else [],
        "actions": out,
    }

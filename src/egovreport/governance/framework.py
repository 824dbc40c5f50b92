"""UN DESA National Data Governance Framework: identifiers, labels, rubric.

The framework (UN DESA/DPIDG; workshop concept note, Ulaanbaatar, December 2024)
reads national data governance through **4 pillars** (policy, institutions,
people, processes) × **6 elements** (standards, sharing, security, privacy,
infrastructure, identity) = 24 cells, with the three SDG 16 principles
(accountability, effectiveness, inclusiveness) as review lenses.

UN DESA publishes no rubric: the 0–4 maturity scale and its criteria
(``data/instruments/governance_maturity_rubric.csv``) are **project-defined**,
following ``research/data-governance.md`` §B.3 (Global Data Barometer
existence/extent logic, CMMI/COBIT process levels with a zero level, World Bank
Global Data Regulation Diagnostic for de jure vs de facto).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pandera.pandas as pa
import yaml

from .. import i18n, paths
from ..errors import InputError
from ..i18n import t
from ..provenance import track_read
from ..tabular import read_text_table, record_lines
from .inputs import text_column, validate_frame

PILLARS: tuple[str, ...] = ("policy", "institutions", "people", "processes")
ELEMENTS: tuple[str, ...] = ("standards", "sharing", "security", "privacy", "infrastructure", "identity")
PRINCIPLES: tuple[str, ...] = ("accountability", "effectiveness", "inclusiveness")
LEVELS: tuple[int, ...] = (0, 1, 2, 3, 4)
IMPORTANCE: tuple[int, ...] = (1, 2, 3, 4, 5)
HORIZONS: tuple[str, ...] = ("short", "medium", "long")
CELL_SEPARATOR = "."
CELL_IDS: tuple[str, ...] = tuple(f"{p}{CELL_SEPARATOR}{e}" for p in PILLARS for e in ELEMENTS)

FRAMEWORK_FILE = "governance_framework.yml"
RUBRIC_FILE = "governance_maturity_rubric.csv"
RUBRIC_COLUMNS = ["cell_id", "level", "criterion_en", "criterion_mn"]


def cell_id(pillar: str, element: str) -> str:
    """Cell identifier ``<pillar>.<element>``, e.g. ``cell_id("policy", "privacy") == "policy.privacy"``."""
    if pillar not in PILLARS:
        raise ValueError(f"unknown pillar {pillar!r}; expected one of {', '.join(PILLARS)}")
    if element not in ELEMENTS:
        raise ValueError(f"unknown element {element!r}; expected one of {', '.join(ELEMENTS)}")
    return f"{pillar}{CELL_SEPARATOR}{element}"


def split_cell(cid: str) -> tuple[str, str]:
    """``"policy.privacy"`` → ``("policy", "privacy")``; ValueError for an unknown cell id."""
    if cid not in CELL_IDS:
        raise ValueError(f"unknown cell id {cid!r}; expected '<pillar>.<element>' with pillar in "
                         f"{', '.join(PILLARS)} and element in {', '.join(ELEMENTS)}")
    pillar, element = cid.split(CELL_SEPARATOR)
    return pillar, element


def is_cell_id(cid: str) -> bool:
    """True when ``cid`` is one of the 24 cell ids."""
    return cid in CELL_IDS


# --- labels (i18n domain ``governance``) -------------------------------------------------

def pillar_label(pillar: str, lang: str = "en") -> str:
    """Short display label of a pillar (e.g. for heat-map rows)."""
    return t(f"governance.pillar.{pillar}", lang)


def element_label(element: str, lang: str = "en") -> str:
    """Short display label of an element (e.g. for heat-map columns)."""
    return t(f"governance.element.{element}", lang)


def level_label(level: int, lang: str = "en") -> str:
    """Name of a maturity level 0–4 (Absent … Advanced)."""
    return t(f"governance.level.{int(level)}", lang)


def principle_label(principle: str, lang: str = "en") -> str:
    return t(f"governance.principle.{principle}", lang)


def cell_label(cid: str, lang: str = "en") -> str:
    """``"Policy × Privacy"``-style label of a cell."""
    pillar, element = split_cell(cid)
    return f"{pillar_label(pillar, lang)} × {element_label(element, lang)}"


def country_name(country: str, lang: str = "en") -> str:
    """Country name in ``lang`` (:func:`egovreport.i18n.country_name`), or the ISO3 code if unknown."""
    return i18n.country_name(country, lang)


def cell_grid(values: dict[str, object] | pd.Series, fill=pd.NA) -> pd.DataFrame:
    """4 × 6 DataFrame (rows = pillars, columns = elements) from a mapping cell id → value."""
    values = dict(values)
    unknown = [k for k in values if k not in CELL_IDS]
    if unknown:
        raise ValueError(f"unknown cell id(s): {', '.join(map(str, unknown))}")
    grid = pd.DataFrame(index=list(PILLARS), columns=list(ELEMENTS), dtype=object)
    for p in PILLARS:
        for e in ELEMENTS:
            grid.loc[p, e] = values.get(cell_id(p, e), fill)
    grid.index.name, grid.columns.name = "pillar", "element"
    return grid


# --- instruments ---------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _framework_document(path_str: str) -> dict:
    with open(path_str, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_framework(lang: str = "en") -> dict[str, pd.DataFrame]:
    """The framework instrument as tables: pillars, elements, principles, levels, rules, horizons.

    Reads ``data/instruments/governance_framework.yml`` and checks that its ids
    are exactly :data:`PILLARS`, :data:`ELEMENTS`, :data:`PRINCIPLES`,
    :data:`LEVELS` and :data:`HORIZONS`. Each table has ``id``, ``label`` (short
    label from the i18n catalogue in ``lang``) and ``name``/``description`` in
    ``lang`` (full wording from the instrument); ``levels`` also has the
    per-pillar criteria of §B.3 as ``criterion_<pillar>``.
    """
    path = paths.instruments_dir() / FRAMEWORK_FILE
    track_read(path)
    doc = _framework_document(str(path))
    suffix = "mn" if lang == "mn" else "en"
    expected = {"pillars": list(PILLARS), "elements": list(ELEMENTS), "principles": list(PRINCIPLES),
                "horizons": list(HORIZONS)}
    for section, ids in expected.items():
        got = [item.get("id") for item in doc.get(section, [])]
        if got != ids:
            raise InputError(path, f"section '{section}' must list ids {ids} in this order, got {got}")
    got_levels = [item.get("level") for item in doc.get("levels", [])]
    if got_levels != list(LEVELS):
        raise InputError(path, f"section 'levels' must list levels {list(LEVELS)}, got {got_levels}")

    pillars = pd.DataFrame([{
        "id": p["id"], "label": pillar_label(p["id"], lang), "name": p[f"name_{suffix}"],
        "description": p[f"scope_{suffix}"]} for p in doc["pillars"]])
    elements = pd.DataFrame([{
        "id": e["id"], "label": element_label(e["id"], lang), "name": e[f"name_{suffix}"]}
        for e in doc["elements"]])
    principles = pd.DataFrame([{
        "id": p["id"], "label": principle_label(p["id"], lang), "name": p[f"name_{suffix}"],
        "description": p[f"lens_{suffix}"]} for p in doc["principles"]])
    level_rows = []
    for lv in doc["levels"]:
        row = {"level": lv["level"], "label": level_label(lv["level"], lang), "name": lv[f"name_{suffix}"],
               "description": lv[f"generic_{suffix}"]}
        for p in doc["pillars"]:
            row[f"criterion_{p['id']}"] = p[f"level_criteria_{suffix}"][lv["level"]]
        level_rows.append(row)
    rules = pd.DataFrame([{"id": r["id"], "description": r[suffix]} for r in doc["rules"]])
    horizons = pd.DataFrame([{"id": h["id"], "name": h[f"name_{suffix}"]} for h in doc["horizons"]])
    return {"pillars": pillars, "elements": elements, "principles": principles,
            "levels": pd.DataFrame(level_rows), "rules": rules, "horizons": horizons,
            "meta": doc.get("_meta", {})}


def _rubric_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "cell_id": text_column(allowed=CELL_IDS, error="unknown cell id (expected '<pillar>.<element>')"),
        "level": text_column(allowed=[str(v) for v in LEVELS], error="level must be an integer 0..4"),
        "criterion_en": text_column(),
        "criterion_mn": text_column(),
    }, strict=False)


def load_rubric(path=None) -> pd.DataFrame:
    """The project-defined maturity rubric: one row per cell × level (24 × 5 = 120 rows).

    Columns ``cell_id, pillar, element, level (int), criterion_en, criterion_mn``,
    ordered by pillar, element and level. Raises InputError (file/row/column)
    for an unknown cell id, a level outside 0–4, an empty criterion, a duplicate
    cell × level or a missing cell × level.
    """
    path = path or paths.instruments_dir() / RUBRIC_FILE
    df = read_text_table(path, required_columns=RUBRIC_COLUMNS)
    lines = record_lines(df)
    df = validate_frame(df, _rubric_schema(), path)
    key = df["cell_id"] + "/" + df["level"]
    dup = key.duplicated(keep="first")
    if dup.any():
        i = int(dup.idxmax())
        raise InputError(path, f"duplicate criterion for cell {df.at[i, 'cell_id']} level {df.at[i, 'level']}",
                         row=lines[i], column="level")
    missing = [f"{c} level {lv}" for c in CELL_IDS for lv in LEVELS if f"{c}/{lv}" not in set(key)]
    if missing:
        raise InputError(path, f"rubric incomplete: no criterion for {', '.join(missing[:5])}"
                               + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""))
    df["level"] = df["level"].astype(int)
    df[["pillar", "element"]] = df["cell_id"].str.split(CELL_SEPARATOR, expand=True)
    order = {c: i for i, c in enumerate(CELL_IDS)}
    df = df.assign(_o=df["cell_id"].map(order)).sort_values(["_o", "level"]).drop(columns="_o")
    return df[["cell_id", "pillar", "element", "level", "criterion_en", "criterion_mn"]].reset_index(drop=True)


def rubric_matrix(rubric: pd.DataFrame, pillar: str, lang: str = "en") -> pd.DataFrame:
    """Criteria of one pillar as a table: rows = levels, columns = element labels."""
    col = "criterion_mn" if lang == "mn" else "criterion_en"
    sub = rubric[rubric["pillar"] == pillar]
    wide = sub.pivot(index="level", columns="element", values=col)[list(ELEMENTS)]
    wide.columns = [element_label(e, lang) for e in ELEMENTS]
    wide.index = [f"{lv} {level_label(lv, lang)}" for lv in wide.index]
    wide.index.name = t("governance.label.level", lang)
    return wide.reset_index()

"""Evidence register and desk-review scores of a country's data governance.

The **evidence register** (``data/country/<ISO3>/evidence_register.csv``) lists dated
facts about laws, institutions, systems and indicators, each with its source
address, publisher, evidence grade and verification status, mapped to cells of
the 4 × 6 matrix. The **desk review** (``desk_review_scores.csv``) gives an initial
level per cell with the evidence behind it.

Rules enforced here (project-defined scale, ``research/data-governance.md`` §B.3):

* evidence grades: A documentary or legal text, B official statement or news,
  C workshop testimony;
* a score may cite only evidence with status ``verified`` or ``secondary`` —
  unverified evidence is never the basis of a score — and only evidence the
  register maps to that cell;
* de jure and de facto levels are recorded separately and combined by
  :func:`combine_de_jure_de_facto`: a law on the books without evidence of
  implementation reaches at most level 2 (World Bank Global Data Regulation
  Diagnostic distinction; GDB "force of law" vs "effective implementation");
* a score's confidence grade cannot be better than the best grade it cites.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from ..errors import InputError
from ..tabular import read_text_table, record_lines
from .framework import CELL_IDS, CELL_SEPARATOR, ELEMENTS, LEVELS, PILLARS, cell_grid, split_cell
from .inputs import country_file, split_list, text_column, validate_frame
from .survey import lower_median

EVIDENCE_FILE = "evidence_register.csv"
DESK_REVIEW_FILE = "desk_review_scores.csv"

EVIDENCE_COLUMNS = ["evidence_id", "date", "element", "cells", "kind", "fact", "source_title",
                    "source_url", "publisher", "grade", "status", "de_jure_or_de_facto", "notes"]
DESK_COLUMNS = ["cell_id", "level", "level_de_jure", "level_de_facto", "confidence",
                "evidence_ids", "rationale"]

KINDS = ("law", "regulation", "strategy", "institution", "system", "indicator", "programme",
         "assessment")
GRADES = ("A", "B", "C")
GRADE_MEANING = {"A": "documentary or legal text", "B": "official statement or news",
                 "C": "workshop testimony only"}
STATUSES = ("verified", "secondary", "unverified")
SCORABLE_STATUSES = ("verified", "secondary")
BASES = ("de_jure", "de_facto", "both")
# Evidence that informs the assessment as a whole but no single element (e.g. EGDI ranks).
CONTEXT_ELEMENT = "context"
LAW_ONLY_CAP = 2

_ID_PATTERN = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+"
_DATE_PATTERN = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
_URL = re.compile(r"^https?://\S+$")


def _list_check(valid, what: str) -> pa.Check:
    valid = set(valid)

    def ok(value: str) -> bool:
        return all(item in valid for item in split_list(value))
    return pa.Check(ok, element_wise=True, error=f"unknown {what} in the ';'-separated list")


def _url_check() -> pa.Check:
    def ok(value: str) -> bool:
        return all(_URL.match(u) for u in split_list(value))
    return pa.Check(ok, element_wise=True,
                    error="source_url must be one or more http(s) addresses separated by ';'")


def _register_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "evidence_id": text_column(pattern=_ID_PATTERN, unique=True,
                                   error="evidence_id must look like 'MN-POL-01'"),
        "date": text_column(pattern=_DATE_PATTERN, required=False,
                            error="date must be YYYY, YYYY-MM or YYYY-MM-DD (or empty when the source is undated)"),
        "element": text_column(allowed=list(ELEMENTS) + [CONTEXT_ELEMENT]),
        "cells": pa.Column(str, checks=[_list_check(CELL_IDS, "cell id")]),
        "kind": text_column(allowed=KINDS),
        "fact": text_column(),
        "source_title": text_column(),
        "source_url": pa.Column(str, checks=[
            pa.Check(lambda s: s != "", element_wise=False, error="source URL is missing"),
            _url_check()]),
        "publisher": text_column(),
        "grade": text_column(allowed=GRADES),
        "status": text_column(allowed=STATUSES),
        "de_jure_or_de_facto": text_column(allowed=BASES),
        "notes": pa.Column(str),
    }, strict=False)


def validate_evidence_register(df: pd.DataFrame, path) -> pd.DataFrame:
    """Validate a register read as text; returns it with ``cells`` and ``source_urls`` as lists."""
    lines = record_lines(df)
    df = validate_frame(df, _register_schema(), path)
    out = df.copy()
    out["cell_list"] = out["cells"].map(split_list)
    out["source_urls"] = out["source_url"].map(split_list)
    out["scorable"] = out["status"].isin(SCORABLE_STATUSES)
    out["row"] = lines
    return out


def load_evidence_register(country: str = "MNG", path=None) -> pd.DataFrame:
    """The country's evidence register, validated (file, row and column named on error).

    Columns are those of the file plus ``cell_list`` (list of cell ids),
    ``source_urls`` (list), ``scorable`` (status verified/secondary) and ``row``
    (line in the file). Raises :class:`~egovreport.governance.inputs.MissingInputError`
    when the country has no register.
    """
    path = path or country_file(country, EVIDENCE_FILE, "evidence register")
    return validate_evidence_register(read_text_table(path, required_columns=EVIDENCE_COLUMNS), path)


# --- desk review ------------------------------------------------------------------------

def combine_de_jure_de_facto(level_de_jure, level_de_facto):
    """Cell level from its de jure and de facto levels (either may be missing).

    * both known → the lower of the two (a cell is only as mature as its weakest side);
    * de jure only → at most 2: a law on the books without evidence of
      implementation cannot reach "established";
    * de facto only → the de facto level (practice observed directly);
    * neither → ``None`` (not assessed).
    """
    dj = None if pd.isna(level_de_jure) else int(level_de_jure)
    df = None if pd.isna(level_de_facto) else int(level_de_facto)
    if dj is not None and df is not None:
        return min(dj, df)
    if dj is not None:
        return min(dj, LAW_ONLY_CAP)
    return df


def _desk_schema() -> pa.DataFrameSchema:
    level = "|".join(str(v) for v in LEVELS)
    return pa.DataFrameSchema({
        "cell_id": text_column(allowed=CELL_IDS, unique=True,
                               error="unknown cell id (expected '<pillar>.<element>')"),
        "level": text_column(pattern=level, required=False,
                             error="level must be an integer 0..4 or empty (not assessed)"),
        "level_de_jure": text_column(pattern=level, required=False,
                                     error="level_de_jure must be an integer 0..4 or empty"),
        "level_de_facto": text_column(pattern=level, required=False,
                                      error="level_de_facto must be an integer 0..4 or empty"),
        "confidence": text_column(allowed=GRADES, required=False),
        "evidence_ids": pa.Column(str),
        "rationale": text_column(),
    }, strict=False)


def _int_or_na(value: str):
    return pd.NA if value == "" else int(value)


def validate_desk_review(df: pd.DataFrame, path, register: pd.DataFrame) -> pd.DataFrame:
    """Check desk-review rows against the schema, the scale's rules and the register."""
    lines = record_lines(df)
    df = validate_frame(df, _desk_schema(), path)
    reg = register.set_index("evidence_id")
    for i, r in df.iterrows():
        row = lines[i]
        cid = r["cell_id"]
        ids = split_list(r["evidence_ids"])
        for eid in ids:
            if eid not in reg.index:
                raise InputError(path, f"unknown evidence id {eid!r} (not in the evidence register)",
                                 row=row, column="evidence_ids")
            if reg.at[eid, "status"] not in SCORABLE_STATUSES:
                raise InputError(path, f"evidence {eid} has status '{reg.at[eid, 'status']}'; "
                                       "unverified evidence is never the basis of a score",
                                 row=row, column="evidence_ids")
            if cid not in reg.at[eid, "cell_list"]:
                raise InputError(path, f"evidence {eid} is not mapped to cell {cid} in the register "
                                       f"(its cells: {reg.at[eid, 'cells'] or 'none'})",
                                 row=row, column="evidence_ids")
        level, dj, dfac = (_int_or_na(r[c]) for c in ("level", "level_de_jure", "level_de_facto"))
        if pd.isna(level):
            extra = [c for c in ("level_de_jure", "level_de_facto", "confidence", "evidence_ids") if r[c]]
            if extra:
                raise InputError(path, f"level is empty (not assessed) but {extra[0]} is given; "
                                       "fill in the level or clear the row", row=row, column="level")
            continue
        if not ids:
            raise InputError(path, "a desk-review level needs at least one evidence id",
                             row=row, column="evidence_ids")
        if not r["confidence"]:
            raise InputError(path, "a desk-review level needs a confidence grade (A, B or C)",
                             row=row, column="confidence")
        if pd.isna(dj) and pd.isna(dfac):
            raise InputError(path, "give level_de_jure and/or level_de_facto for an assessed cell",
                             row=row, column="level_de_jure")
        expected = combine_de_jure_de_facto(dj, dfac)
        if level != expected:
            raise InputError(path, f"level {level} does not follow from de jure {r['level_de_jure'] or '-'} "
                                   f"and de facto {r['level_de_facto'] or '-'} (expected {expected}: the lower "
                                   f"of the two; a law without implementation evidence reaches at most "
                                   f"{LAW_ONLY_CAP})", row=row, column="level")
        bases = {reg.at[e, "de_jure_or_de_facto"] for e in ids}
        if not pd.isna(dj) and not bases & {"de_jure", "both"}:
            raise InputError(path, "level_de_jure is given but no cited evidence is de jure",
                             row=row, column="level_de_jure")
        if not pd.isna(dfac) and not bases & {"de_facto", "both"}:
            raise InputError(path, "level_de_facto is given but no cited evidence is de facto",
                             row=row, column="level_de_facto")
        best = min(reg.at[e, "grade"] for e in ids)  # 'A' < 'B' < 'C'
        if r["confidence"] < best:
            raise InputError(path, f"confidence {r['confidence']} is better than the best grade of the "
                                   f"cited evidence ({best})", row=row, column="confidence")
    out = df.copy()
    for c in ("level", "level_de_jure", "level_de_facto"):
        out[c] = pd.array([_int_or_na(v) for v in out[c]], dtype="Int64")
    out["evidence_list"] = out["evidence_ids"].map(split_list)
    out["row"] = lines
    # cells absent from the file are not assessed
    missing = [c for c in CELL_IDS if c not in set(out["cell_id"])]
    if missing:
        filler = pd.DataFrame({"cell_id": missing, "rationale": "Not in the desk-review file.",
                               "confidence": "", "evidence_ids": ""})
        filler["evidence_list"] = [[] for _ in missing]
        for c in ("level", "level_de_jure", "level_de_facto"):
            filler[c] = pd.array([pd.NA] * len(missing), dtype="Int64")
        filler["row"] = pd.NA
        out = pd.concat([out, filler], ignore_index=True)
    out["assessed"] = out["level"].notna()
    out[["pillar", "element"]] = out["cell_id"].str.split(CELL_SEPARATOR, expand=True)
    order = {c: i for i, c in enumerate(CELL_IDS)}
    out = out.assign(_o=out["cell_id"].map(order)).sort_values("_o").drop(columns="_o")
    return out.reset_index(drop=True)


def load_desk_review(country: str = "MNG", path=None, register: pd.DataFrame | None = None) -> pd.DataFrame:
    """The country's desk-review scores (one row per cell, all 24 cells), validated.

    ``level`` is empty (``<NA>``) for cells not assessed. Every cited evidence id
    must exist in the register, be verified or secondary, and be mapped to the
    cell. This is an **initial desk assessment by the project, to be challenged
    at the workshop**, not an official rating.
    """
    if register is None:
        register = load_evidence_register(country)
    path = path or country_file(country, DESK_REVIEW_FILE, "desk-review scores")
    return validate_desk_review(read_text_table(path, required_columns=DESK_COLUMNS), path, register)


# --- summaries for the book -------------------------------------------------------------

def desk_review_grid(desk: pd.DataFrame) -> pd.DataFrame:
    """Desk-review levels as a 4 × 6 grid (pillars × elements); ``<NA>`` = not assessed."""
    return cell_grid(dict(zip(desk["cell_id"], desk["level"])))


def evidence_counts(register: pd.DataFrame) -> dict:
    """Numbers of evidence items by grade, status, element and kind (for prose and results)."""
    def counts(col, keys):
        vc = register[col].value_counts()
        return {k: int(vc.get(k, 0)) for k in keys}
    return {
        "n_items": int(len(register)),
        "by_grade": counts("grade", GRADES),
        "by_status": counts("status", STATUSES),
        "by_element": counts("element", list(ELEMENTS) + [CONTEXT_ELEMENT]),
        "by_kind": counts("kind", KINDS),
        "n_scorable": int(register["scorable"].sum()),
    }


def desk_review_summary(desk: pd.DataFrame, register: pd.DataFrame) -> dict:
    """Key numbers of the desk review: cells assessed, median level, level counts, evidence used."""
    assessed = desk[desk["assessed"]]
    levels = assessed["level"].astype(int)
    cited = sorted({e for ids in assessed["evidence_list"] for e in ids})
    return {
        "n_cells": int(len(desk)),
        "n_assessed": int(len(assessed)),
        "n_not_assessed": int(len(desk) - len(assessed)),
        # ordinal scale: the lower median (always a level of the scale), never the mean (§B.3 rule 5)
        "median_level": lower_median(levels) if len(levels) else None,
        "level_counts": {str(lv): int((levels == lv).sum()) for lv in LEVELS},
        "by_confidence": {g: int((assessed["confidence"] == g).sum()) for g in GRADES},
        "n_evidence_cited": len(cited),
        "n_evidence_uncited": int(len(register) - len(set(cited) & set(register["evidence_id"]))),
        "median_level_by_pillar": _median_by_pillar(desk),
        "levels": {c: (None if pd.isna(lv) else int(lv)) for c, lv in zip(desk["cell_id"], desk["level"])},
    }


def _median_by_pillar(desk: pd.DataFrame) -> dict:
    out = {}
    for p in PILLARS:
        lv = desk.loc[(desk["pillar"] == p) & desk["assessed"], "level"].astype(int)
        out[p] = lower_median(lv) if len(lv) else None
    return out


def evidence_anchor(evidence_id: str, prefix: str = "ev") -> str:
    """MyST target label of an evidence item, e.g. ``ev-mn-pol-01``."""
    return f"{prefix}-{evidence_id.lower()}"


def evidence_links(ids, prefix: str = "ev") -> str:
    """Markdown links from evidence ids to their anchors in the evidence list."""
    return ", ".join(f"[{e}](#{evidence_anchor(e, prefix)})" for e in ids)


def cells_of_element(element: str) -> list[str]:
    """The four cells (one per pillar) of an element."""
    return [c for c in CELL_IDS if split_cell(c)[1] == element]

"""Stakeholder map of the People pillar: institutions and their roles per element.

``stakeholders.csv`` lists the institutions invited to the workshop (names of
institutions only, never of people) with their type; ``stakeholder_roles.csv``
gives, per element of the framework, each institution's role — producer,
steward, regulator or user of data (roles as in UN DESA's framing of the data
ecosystem) — whether it leads, and the basis of the classification. The roles
are an **initial desk classification by the project**, to be corrected by the
institutions themselves at the workshop.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from ..errors import InputError
from ..i18n import t
from ..tabular import read_text_table, record_lines
from .framework import ELEMENTS, element_label
from .inputs import country_file, text_column, validate_frame

STAKEHOLDERS_FILE = "stakeholders.csv"
ROLES_FILE = "stakeholder_roles.csv"
STAKEHOLDER_COLUMNS = ["institution_id", "name_en", "name_mn", "type", "sector", "concept_note_no"]
ROLE_COLUMNS = ["institution_id", "element", "role", "lead", "basis"]

INSTITUTION_TYPES = ("ministry", "agency", "regulator", "public_it_centre", "state_enterprise",
                     "academia", "private_sector", "civil_society", "central_bank", "other_public")
ROLES = ("producer", "steward", "regulator", "user")


def _stakeholder_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "institution_id": text_column(pattern=r"[a-z][a-z0-9_]*", unique=True,
                                      error="institution_id must be lower-case letters, digits and '_'"),
        "name_en": text_column(unique=True),
        "name_mn": text_column(),
        "type": text_column(allowed=INSTITUTION_TYPES),
        "sector": text_column(),
        "concept_note_no": text_column(pattern=r"[1-9]\d*", required=False, unique=True,
                                       error="concept_note_no must be a positive integer (or empty)"),
    }, strict=False)


def _roles_schema(institution_ids) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "institution_id": text_column(allowed=sorted(institution_ids),
                                      error="unknown institution_id (not in stakeholders.csv)"),
        "element": text_column(allowed=ELEMENTS),
        "role": text_column(allowed=ROLES),
        "lead": text_column(allowed=("true", "false"), error="lead must be true or false"),
        "basis": text_column(),
    }, strict=False)


def load_stakeholders(country: str = "MNG", path=None) -> pd.DataFrame:
    """Institutions invited to the workshop: id, names (EN/MN), type, sector, concept-note number."""
    path = path or country_file(country, STAKEHOLDERS_FILE, "stakeholder list")
    df = validate_frame(read_text_table(path, required_columns=STAKEHOLDER_COLUMNS), _stakeholder_schema(), path)
    df["concept_note_no"] = pd.array([int(v) if v else pd.NA for v in df["concept_note_no"]], dtype="Int64")
    return df


def load_stakeholder_roles(country: str = "MNG", path=None,
                           stakeholders: pd.DataFrame | None = None) -> pd.DataFrame:
    """Roles per institution and element (``lead`` as bool), checked against the stakeholder list.

    Rejects unknown institutions, elements or roles, a ``lead`` other than
    true/false, an empty basis, and the same institution × element × role twice.
    """
    if stakeholders is None:
        stakeholders = load_stakeholders(country)
    path = path or country_file(country, ROLES_FILE, "stakeholder roles")
    df = read_text_table(path, required_columns=ROLE_COLUMNS)
    lines = record_lines(df)
    df = validate_frame(df, _roles_schema(stakeholders["institution_id"]), path)
    key = df["institution_id"] + "|" + df["element"] + "|" + df["role"]
    dup = key.duplicated(keep="first")
    if dup.any():
        i = int(dup.idxmax())
        raise InputError(path, f"{df.at[i, 'institution_id']} has role '{df.at[i, 'role']}' for "
                               f"'{df.at[i, 'element']}' twice", row=lines[i], column="role")
    df["lead"] = df["lead"] == "true"
    return df


def _name_column(lang: str) -> str:
    return "name_mn" if lang == "mn" else "name_en"


def element_leads(roles: pd.DataFrame, stakeholders: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Who leads and who contributes per element (one row per element, framework order).

    Columns: ``element``, ``element_label``, ``leads`` and ``contributors`` (institution
    names joined by '; '), ``n_leads``, ``n_contributors``. An institution leads an
    element if any of its roles there has ``lead = true``; every other institution
    with a role in the element contributes.
    """
    names = stakeholders.set_index("institution_id")[_name_column(lang)]
    rows = []
    for e in ELEMENTS:
        sub = roles[roles["element"] == e]
        lead_ids = list(dict.fromkeys(sub.loc[sub["lead"], "institution_id"]))
        contrib_ids = [i for i in dict.fromkeys(sub["institution_id"]) if i not in lead_ids]
        rows.append({
            "element": e, "element_label": element_label(e, lang),
            "leads": "; ".join(names[i] for i in lead_ids),
            "contributors": "; ".join(names[i] for i in contrib_ids),
            "n_leads": len(lead_ids), "n_contributors": len(contrib_ids),
        })
    return pd.DataFrame(rows)


def role_matrix(roles: pd.DataFrame) -> pd.DataFrame:
    """Number of institutions per element (rows, framework order) and role (columns)."""
    m = (roles.drop_duplicates(["institution_id", "element", "role"])
         .pivot_table(index="element", columns="role", values="institution_id", aggfunc="count", fill_value=0))
    return m.reindex(index=list(ELEMENTS), columns=list(ROLES), fill_value=0).astype(int)


def institutions_by_type(stakeholders: pd.DataFrame) -> pd.Series:
    """Number of institutions per type (all types listed, zeros included)."""
    return stakeholders["type"].value_counts().reindex(list(INSTITUTION_TYPES), fill_value=0).astype(int)


def type_label(kind: str, lang: str = "en") -> str:
    return t(f"governance.institution_type.{kind}", lang)


def role_label(role: str, lang: str = "en") -> str:
    return t(f"governance.role.{role}", lang)


def elements_without_lead(roles: pd.DataFrame) -> list[str]:
    """Elements where no institution is marked as lead (should be empty)."""
    led = set(roles.loc[roles["lead"], "element"])
    return [e for e in ELEMENTS if e not in led]

"""pandera schemas of the EGDI data, and conversion of pandera failures to :class:`InputError`.

Two stages per Survey file (see :mod:`egovreport.ingest`):

1. :func:`egov_parse_schema` on the file as read (canonical column names, the DataFrame
   index is the 1-based line number in the file): numbers parse, names present and unique,
   ranks whole numbers in 1..193, survey year right.
2. :func:`egov_edition_schema` after names are mapped to ISO3 and the known defects of
   ``data/raw/known_defects.yml`` are applied: ISO3 unique, the 193 Member States, every
   index in [0, 1] (the only documented exceptions, HCI > 1 in 2003, are set to missing
   before this check), EGDI = mean(OSI, TII, HCI) within the edition's tolerance, ranks
   consistent with the EGDI order.

Processed tables are checked again by :func:`egdi_long_schema` and :func:`egdi_wide_schema`
before they are written.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .errors import InputError

INDICATORS: tuple[str, ...] = ("egdi", "osi", "tii", "hci", "epi")
N_MEMBER_STATES = 193

# Order in which failures are reported (a value that does not parse hides its range check).
_PRIORITY = [
    ("coerce_dtype", 0), ("dtype", 0), ("not_nullable", 1), ("field_uniqueness", 2),
    ("unique_iso3", 2), ("multiple_fields_uniqueness", 2), ("whole_number", 3), ("survey_year", 3), ("in_range", 4),
    ("member_state", 5), ("egdi_equals_component_mean", 6), ("rank_consistent_with_egdi", 7),
    ("n_member_states", 8),
]

_MESSAGES = {
    "coerce_dtype": "value is not a number",
    "dtype": "value is not a number",
    "not_nullable": "value is missing",
    "field_uniqueness": "duplicated value (each country must appear once)",
    "unique_iso3": "duplicated country (a second row maps to the same ISO3 code)",
    "multiple_fields_uniqueness": "duplicated row (the same key appears twice)",
    "whole_number": "rank must be a whole number",
    "survey_year": "survey year does not match the edition",
    "in_range": "value outside [0, 1]",
    "member_state": "not one of the 193 UN Member States",
    "egdi_equals_component_mean": "EGDI differs from the mean of OSI, TII and HCI by more than the edition's tolerance",
    "rank_consistent_with_egdi": "EGDI rank is inconsistent with the EGDI order (a country with a higher EGDI has the same or a worse rank)",
    "n_member_states": "the file must hold exactly the 193 UN Member States",
}


def _check_key(check: str) -> str:
    for key, _ in _PRIORITY:
        if str(check).startswith(key):
            return key
    return str(check)


def _priority(check: str) -> int:
    return dict(_PRIORITY).get(_check_key(check), 9)


def raise_input_error(err: pa.errors.SchemaErrors, file: str | Path,
                      column_names: dict[str, str], report_column: dict[str, str] | None = None) -> None:
    """Turn a lazy pandera failure into an :class:`InputError` naming file, row and column.

    The validated frame's index must be the 1-based line number in ``file`` (header = line 1).
    ``column_names`` maps canonical column names to the names written in the file.
    ``report_column`` maps a DataFrame-level check name to the canonical column to report.
    The first failure (by kind, then line, then column) is reported; the message says how many
    more there are.
    """
    report_column = report_column or {}
    fc = err.failure_cases.copy()
    fc["_prio"] = fc["check"].map(_priority)
    fc["_key"] = fc["check"].map(_check_key)
    col = fc["column"].where(fc["column"].notna(), fc["_key"].map(report_column))
    fc["_col"] = col
    fc["_line"] = pd.to_numeric(fc["index"], errors="coerce")
    # Row-wise DataFrame checks list every column of a failing row; keep the one that matters.
    keep = ~((fc["schema_context"] == "DataFrameSchema") & fc["_key"].isin(report_column)
             & fc["column"].notna() & (fc["column"] != fc["_key"].map(report_column)))
    fc = fc[keep]
    order = {c: i for i, c in enumerate(column_names)}
    fc["_colpos"] = fc["_col"].map(order).fillna(len(order))
    fc = fc.sort_values(["_prio", "_line", "_colpos"], na_position="last", kind="mergesort")
    first = fc.iloc[0]
    n_more = len(fc.drop_duplicates(["_key", "_line", "_col"])) - 1
    canonical = first["_col"] if isinstance(first["_col"], str) else None
    column = column_names.get(canonical, canonical) if canonical else None
    row = int(first["_line"]) if pd.notna(first["_line"]) else None
    reason = _MESSAGES.get(first["_key"], f"failed check {first['check']}")
    if row is not None and first["failure_case"] is not None and first["_key"] not in ("n_member_states",):
        reason += f" (found {first['failure_case']!r})"
    if n_more > 0:
        reason += f"; {n_more} more problem(s) in this file"
    raise InputError(file, reason, row=row, column=column) from None


def _whole_number(s: pd.Series) -> pd.Series:
    return s.isna() | (np.floor(s) == s)


def egov_parse_schema(edition: int | None, has_year: bool, has_rank: bool, has_epi: bool = True) -> pa.DataFrameSchema:
    """Schema of a Survey file as read: names present and unique, numbers parse, ranks whole."""
    cols: dict[str, pa.Column] = {
        "country": pa.Column(str, nullable=False, unique=True, report_duplicates="exclude_first"),
    }
    for ind in INDICATORS:
        if ind == "epi" and not has_epi:
            continue
        cols[ind] = pa.Column(float, coerce=True, nullable=True)
    if has_rank:
        cols["egdi_rank"] = pa.Column(float, coerce=True, nullable=True, checks=[
            pa.Check(_whole_number, name="whole_number"),
            pa.Check.in_range(1, N_MEMBER_STATES),
        ])
    if has_year:
        cols["survey_year"] = pa.Column(float, coerce=True, nullable=False, checks=[
            pa.Check(lambda s: s == edition, name="survey_year")])
    return pa.DataFrameSchema(cols, strict=False)


def _component_mean_ok(tolerance: float):
    def check(df: pd.DataFrame) -> pd.Series:
        mean = (df["osi"] + df["tii"] + df["hci"]) / 3
        dev = (df["egdi"] - mean).abs()
        return dev.isna() | (dev <= tolerance + 1e-12)
    return check


def rank_order_violations(egdi: pd.Series, rank: pd.Series) -> pd.Series:
    """True where a country with a strictly higher EGDI has the same or a worse (larger) rank.

    Ties in the rounded EGDI may carry different ranks (the UN ranks unrounded values), so only
    strict EGDI differences are tested. Missing EGDI or rank is never a violation.
    """
    ok = egdi.notna() & rank.notna()
    e, r = egdi[ok], rank[ok]
    out = pd.Series(False, index=egdi.index)
    if e.empty:
        return out
    by_value = r.groupby(e).agg(["min", "max"]).sort_index(ascending=False)
    # worst (largest) rank among countries with a strictly higher EGDI than each value
    worst_above = by_value["max"].cummax().shift(1)
    bad_values = by_value.index[(by_value["min"] <= worst_above).to_numpy()]
    for v in bad_values:
        limit = worst_above[v]
        hit = (e == v) & (r <= limit)
        out.loc[hit[hit].index] = True
    return out


def egov_edition_schema(edition: int, tolerance: float, members: set[str]) -> pa.DataFrameSchema:
    """Schema of one edition after ISO3 mapping and defect treatment (see module docstring)."""
    cols: dict[str, pa.Column] = {
        "iso3": pa.Column(str, nullable=False, unique=True, report_duplicates="exclude_first",
                          checks=pa.Check.isin(sorted(members), name="member_state")),
        "egdi_rank": pa.Column(float, nullable=True),
    }
    for ind in INDICATORS:
        cols[ind] = pa.Column(float, nullable=True, checks=pa.Check.in_range(0.0, 1.0))
    return pa.DataFrameSchema(cols, strict=False, checks=[
        pa.Check(_component_mean_ok(tolerance), name="egdi_equals_component_mean"),
        pa.Check(lambda df: ~rank_order_violations(df["egdi"], df["egdi_rank"]),
                 name="rank_consistent_with_egdi"),
        pa.Check(lambda df: len(df) == N_MEMBER_STATES and set(df["iso3"]) == set(members),
                 name="n_member_states"),
    ])


EDITION_REPORT_COLUMNS = {
    "egdi_equals_component_mean": "egdi",
    "rank_consistent_with_egdi": "egdi_rank",
    "n_member_states": "country",
}


def egdi_long_schema(members: set[str], editions: list[int]) -> pa.DataFrameSchema:
    """Schema of ``data/processed/egdi_long``: one row per iso3 × edition × indicator."""
    return pa.DataFrameSchema({
        "iso3": pa.Column(str, pa.Check.isin(sorted(members))),
        "country": pa.Column(str),
        "edition": pa.Column(int, pa.Check.isin(editions)),
        "indicator": pa.Column(str, pa.Check.isin(list(INDICATORS))),
        "value": pa.Column(float, pa.Check.in_range(0.0, 1.0), nullable=True),
        "rank": pa.Column("Int64", pa.Check.in_range(1, N_MEMBER_STATES), nullable=True),
        "rank_source": pa.Column(str, pa.Check.isin(["published", "computed"])),
        "not_assessed": pa.Column(bool),
        "flags": pa.Column(str),
    }, strict=True, unique=["iso3", "edition", "indicator"], checks=[
        pa.Check(lambda df: (df.groupby(["edition", "indicator"])["iso3"].nunique() == N_MEMBER_STATES).all(),
                 name="n_member_states_per_edition"),
    ])


def egdi_wide_schema(members: set[str]) -> pa.DataFrameSchema:
    """Schema of ``data/processed/egdi_wide_<edition>``: one row per iso3 for one edition."""
    cols = {
        "iso3": pa.Column(str, pa.Check.isin(sorted(members)), unique=True),
        "country": pa.Column(str),
        "edition": pa.Column(int),
        "not_assessed": pa.Column(bool),
        "level": pa.Column(str, nullable=True, checks=pa.Check.isin(["Very High", "High", "Middle", "Low"])),
        "rating_class": pa.Column(str, nullable=True),
        "flags": pa.Column(str),
    }
    for ind in INDICATORS:
        cols[ind] = pa.Column(float, pa.Check.in_range(0.0, 1.0), nullable=True)
        cols[f"{ind}_rank"] = pa.Column("Int64", pa.Check.in_range(1, N_MEMBER_STATES), nullable=True)
    return pa.DataFrameSchema(cols, strict=False, checks=[
        pa.Check(lambda df: len(df) == N_MEMBER_STATES, name="n_member_states"),
        pa.Check(lambda df: (df["egdi"].isna() == df["not_assessed"]).all(), name="missing_egdi_iff_not_assessed"),
    ])

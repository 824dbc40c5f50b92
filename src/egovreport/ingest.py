"""The data step: ``data/raw`` → ``data/processed`` (validated, documented, deterministic).

Run it with ``python -m egovreport.ingest`` or call :func:`build_processed`. It reads only the
files registered in :mod:`egovreport.sources`, never modifies them, and writes:

- ``egdi_long.{csv,parquet}``: iso3 × edition × indicator (egdi, osi, tii, hci, epi)
- ``egdi_wide_<edition>.{csv,parquet}``: one per edition, one row per Member State
- ``country_groupings.{csv,parquet}``, ``income_history.{csv,parquet}``,
  ``tii_hci_inputs.{csv,parquet}``
- ``data_dictionary.{csv,md}``, ``data_notes.md``, ``validation_report.json``,
  ``processed_manifest.json``, ``datapackage.json`` (Frictionless Data Package, see
  :mod:`egovreport.datapackage`)

Bad input stops the step with :class:`~egovreport.errors.InputError` naming file, row
(1-based line, header = 1) and column. Country names become ISO3 codes only through the UN
name key (``aaravgupta10``) and the explicit alias table ``data/raw/country_name_aliases.csv``.
Known defects are applied as declared in ``data/raw/known_defects.yml``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.parquet as pq
import yaml

from . import methodology, paths, schemas
from .datapackage import write_datapackage
from .data_dictionary import DICTIONARY, TABLE_DESCRIPTIONS, dictionary_frame
from .errors import InputError
from .provenance import relative_to_root, sha256_file, track_read, track_write
from .sources import EDITIONS, RAW_FILES, raw_path, raw_root, verify_raw_checksums
from .tabular import name_difference, normalise_name, read_text_table, record_lines

INDICATORS = schemas.INDICATORS
FLOAT_FORMAT = "%.10g"

#: Canonical name → column name in the UN Data Center exports.
UN_COLUMNS = {
    "survey_year": "Survey Year",
    "country": "Country Name",
    "egdi_rank": "E-Government Rank",
    "egdi": "E-Government Index",
    "epi": "E-Participation Index",
    "osi": "Online Service Index",
    "hci": "Human Capital Index",
    "tii": "Telecommunication Infrastructure Index",
}
MARYLIACRUZS_COLUMNS = {
    "survey_year": "Survey Year", "country": "Country", "egdi_rank": "Rank", "egdi": "E_Index",
    "epi": "E_Participation", "osi": "Online_Service", "hci": "Human_Capital", "tii": "Tele_Infra",
}
KEY_COLUMNS = {"iso3": "ISO3", "country": "Country_UN", "egdi": "EGDI", "osi": "OSI", "tii": "TII", "hci": "HCI"}
ALIAS_COLUMNS = {"source_id": "source_id", "name": "name", "iso3": "iso3", "kind": "kind", "note": "note"}


def merged_columns(year: int) -> dict[str, str]:
    """Canonical name → column of the DataPicasso merged file for one year."""
    return {"country": "Country Name",
            **{k: f"{v} {year}" for k, v in UN_COLUMNS.items() if k not in ("survey_year", "country")}}


# --------------------------------------------------------------------------- reading

@contextmanager
def _reading(path: Path, what: str):
    """Report a raw file that a parser cannot read (damaged spreadsheet, YAML syntax, wrong
    structure) as an :class:`InputError` naming the file instead of a library traceback."""
    try:
        yield
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - only the read of one file is inside the block
        first = (str(exc).strip().splitlines() or [""])[0][:160]
        raise InputError(relative_to_root(path), f"cannot be read as {what} ({type(exc).__name__}: {first}); "
                                                 f"restore the raw snapshot (data/raw/SHA256SUMS)") from None


#: What to do about a raw CSV that is not readable text (encoding, CSV syntax, ragged rows).
RAW_ADVICE = "the raw snapshot is damaged: restore it (data/raw/SHA256SUMS)"


def read_raw_text(path: Path, *, encoding: str = "utf-8", label: str | None = None,
                  required_columns: list[str] | None = None) -> pd.DataFrame:
    """A raw CSV snapshot as text (:func:`egovreport.tabular.read_text_table`): stripped cells,
    empty cells missing, the index the line on which each record starts (header = 1; a blank
    line or a quoted cell spanning lines does not shift later records).

    Every raw snapshot is rectangular: a row with fewer or more fields than the header, text
    that is not ``encoding``, malformed CSV, an empty file or a bad header → :class:`InputError`.
    """
    df = read_text_table(path, encoding=encoding, label=label or str(path), pad_short_rows=False,
                         advice=RAW_ADVICE, required_columns=required_columns)
    lines = record_lines(df)
    df = df.replace("", np.nan)
    df.index = pd.Index(lines, dtype="int64")
    return df


def read_csv_table(path: Path, columns: dict[str, str], *, encoding: str = "utf-8",
                   label: str | None = None) -> pd.DataFrame:
    """Read a CSV as text with canonical column names; the index is the line number (header = 1).

    Empty file, text that is not ``encoding``, malformed CSV, a row whose number of fields differs
    from the header's, no data rows or a missing column → :class:`InputError` (row 1 = header).
    Cells are stripped; empty cells become missing. Extra columns are ignored.
    """
    label = label or str(path)
    df = read_raw_text(path, encoding=encoding, label=label, required_columns=list(columns.values()))
    if df.empty:
        raise InputError(label, "file has a header but no data rows", row=2, column=next(iter(columns.values())))
    df = df[list(columns.values())].copy()
    df.columns = list(columns.keys())
    return df


def validate(schema: pa.DataFrameSchema, df: pd.DataFrame, label: str, colnames: dict[str, str],
             report_columns: dict[str, str] | None = None) -> pd.DataFrame:
    """Validate ``df`` with pandera; failures become an :class:`InputError` (file, row, column)."""
    try:
        return schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        schemas.raise_input_error(err, label, colnames, report_columns)
        raise  # unreachable


# --------------------------------------------------------------------------- names

@dataclass
class NameResolver:
    """UN name → ISO3 through the key, plus the explicit alias table (no ad hoc code)."""

    key: dict[str, str]
    aliases: dict[tuple[str, str], tuple[str, str]]  # (source_id, name) -> (iso3, kind)
    extra_names: dict[str, str] = field(default_factory=dict)  # M49 + WB names (input series only)
    # names matched only after Unicode normalisation (tabular.normalise_name), for the report
    normalised: list[dict] = field(default_factory=list)
    _index: dict = field(default_factory=dict, repr=False)  # id(table) -> (table, {normalised: key})

    @property
    def members(self) -> set[str]:
        return set(self.key.values())

    def _find(self, table: dict, name, label: str, line, source_id: str | None = None):
        """``table[name]``, else the entry whose name differs only in its Unicode form (curly
        apostrophe, decomposed accents, look-alike dashes or spaces): matched, and recorded
        with the differing character."""
        key = (source_id, name) if source_id is not None else name
        if key in table:
            return table[key]
        if not isinstance(name, str):
            return None
        index = self._index.get(id(table))
        if index is None or index[0] is not table:
            index = (table, {(k[0], normalise_name(k[1])) if isinstance(k, tuple) else normalise_name(k): k
                             for k in table if isinstance(k[1] if isinstance(k, tuple) else k, str)})
            self._index[id(table)] = index
        wanted = normalise_name(name)
        k = index[1].get((source_id, wanted) if source_id is not None else wanted)
        if k is None:
            return None
        other = k[1] if source_id is not None else k
        self.normalised.append({"file": label, "row": int(line), "name": name, "matched": other,
                                "difference": name_difference(name, other)})
        return table[k]

    def _closest(self, name) -> str:
        """" (closest known name: ...)" for an error about an unknown name, when there is one."""
        import difflib

        if not isinstance(name, str):
            return ""
        names = list(self.key) + list(self.extra_names)
        close = difflib.get_close_matches(normalise_name(name), [normalise_name(n) for n in names], n=1,
                                          cutoff=0.85)
        if not close:
            return ""
        match = next(n for n in names if normalise_name(n) == close[0])
        return f" (closest known name {match!r}: {name_difference(name, match)})"

    def iso3_for_egov(self, df: pd.DataFrame, source_id: str, label: str, column: str) -> pd.Series:
        """ISO3 for each row of a Survey file; an unmapped name is an :class:`InputError`."""
        out = {}
        for line, name in df["country"].items():
            iso3 = self._find(self.key, name, label, line)
            if iso3 is None:
                alias = self._find(self.aliases, name, label, line, source_id)
                if alias is None or alias[1] != "alias":
                    raise InputError(label, f"unknown country name {name!r}: not in the UN name key "
                                            f"({RAW_FILES['name_key'].relpath}) nor in data/raw/country_name_aliases.csv "
                                            f"for source '{source_id}'{self._closest(name)}", row=int(line),
                                     column=column)
                iso3 = alias[0]
            out[line] = iso3
        return pd.Series(out, dtype="object").reindex(df.index)

    def iso3_for_series(self, names: pd.Series, source_id: str, label: str, column: str) -> pd.Series:
        """ISO3 (or None for a known non-member/aggregate) for names of an input series file."""
        out = {}
        for line, name in names.items():
            alias = self._find(self.aliases, name, label, line, source_id)
            if alias is not None:
                out[line] = alias[0] if alias[1] == "alias" else None
                continue
            iso3 = self._find(self.key, name, label, line) or self._find(self.extra_names, name, label, line)
            if iso3 is None:
                raise InputError(label, f"unknown country name {name!r}: not in the UN key, the M49 or World "
                                        f"Bank tables, nor in data/raw/country_name_aliases.csv for source "
                                        f"'{source_id}'{self._closest(name)}", row=int(line), column=column)
            out[line] = iso3 if iso3 in self.members else None
        return pd.Series(out, dtype="object").reindex(names.index)


def load_name_resolver(raw: Path) -> tuple[NameResolver, pd.DataFrame]:
    """Read and validate the name key and the alias table."""
    kpath = raw_path("name_key", raw)
    klabel = relative_to_root(kpath)
    key = read_csv_table(kpath, KEY_COLUMNS, label=klabel)
    key = validate(pa.DataFrameSchema({
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), unique=True, report_duplicates="exclude_first"),
        "country": pa.Column(str, unique=True, report_duplicates="exclude_first"),
        **{k: pa.Column(float, coerce=True, nullable=True) for k in ("egdi", "osi", "tii", "hci")},
    }, checks=pa.Check(lambda d: len(d) == schemas.N_MEMBER_STATES, name="n_member_states")),
        key, klabel, KEY_COLUMNS, {"n_member_states": "country"})
    apath = raw_path("name_aliases", raw)
    alabel = relative_to_root(apath)
    al = read_csv_table(apath, ALIAS_COLUMNS, label=alabel)
    al = validate(pa.DataFrameSchema({
        "source_id": pa.Column(str), "name": pa.Column(str),
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "kind": pa.Column(str, pa.Check.isin(["alias", "not_member"])),
    }, unique=["source_id", "name"]), al, alabel, ALIAS_COLUMNS)
    for line, r in al.iterrows():
        if r["kind"] == "alias" and r["iso3"] not in set(key["iso3"]):
            raise InputError(alabel, f"alias target {r['iso3']} is not in the name key", row=int(line), column="iso3")
    resolver = NameResolver(
        key=dict(zip(key["country"], key["iso3"])),
        aliases={(r.source_id, r.name): (r.iso3, r.kind) for r in al.itertuples()},
    )
    return resolver, key


# --------------------------------------------------------------------------- defects

def load_defects(raw: Path) -> dict:
    """``data/raw/known_defects.yml`` as ``{id: entry}`` plus the tolerance table."""
    p = raw_path("known_defects", raw)
    track_read(p)
    with _reading(p, "a YAML list of defects"):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        return {d["id"]: d for d in data["defects"]}


def _listed(defect: dict, edition: int) -> set[str]:
    aff = defect.get("affected")
    if isinstance(aff, dict):
        return set(aff.get(edition, []) or [])
    return set()


def _check_affected(defect: dict, edition: int, found: pd.Series, df: pd.DataFrame, label: str,
                    column: str) -> None:
    """The rows a defect rule finds must be exactly those the registry lists."""
    listed = _listed(defect, edition)
    found_set = set(found)
    if found_set == listed:
        return
    extra = sorted(found_set - listed)
    missing = sorted(listed - found_set)
    line = None
    pick = extra[0] if extra else missing[0]
    hit = df.index[df["iso3"] == pick]
    if len(hit):
        line = int(hit[0])
    raise InputError(label, f"known defect '{defect['id']}' does not match data/raw/known_defects.yml for "
                            f"{edition}: found but not listed {extra}, listed but not found {missing}",
                     row=line, column=column)


def tolerance_for(edition: int, defects: dict) -> float:
    """Tolerance of the EGDI = mean(OSI, TII, HCI) check for an edition (from the registry)."""
    tol = defects["egdi_component_mean_deviation_2008_2010"]["tolerance"]
    return float(tol.get(edition, tol["default"]))


def apply_known_defects(df: pd.DataFrame, edition: int, defects: dict, label: str,
                        colnames: dict[str, str]) -> tuple[pd.DataFrame, dict[str, list[str]], dict]:
    """Apply the registry's treatments to one edition (canonical columns + iso3, index = line).

    Returns the treated frame (with ``not_assessed``), ``{defect id: [iso3, ...]}`` and the
    flags ``{line: {indicator: set(flags)}}``.
    """
    df = df.copy()
    flags: dict[int, dict[str, set[str]]] = {int(i): {ind: set() for ind in INDICATORS} for i in df.index}
    applied: dict[str, list[str]] = {}
    raw = df.copy()

    def flag(mask: pd.Series, inds, name: str) -> None:
        for line in df.index[mask.fillna(False).to_numpy()]:
            for ind in inds:
                flags[int(line)][ind].add(name)

    # Detect on the published values first, then treat.
    d_blank = defects["not_assessed_blank_rank"]
    m_blank = raw["egdi_rank"].isna()
    _check_affected(d_blank, edition, raw.loc[m_blank, "iso3"], raw, label, colnames["egdi_rank"])

    d_zero = defects["not_assessed_zero_egdi"]
    m_zero = (edition <= 2012) & (raw["egdi"] == 0) & raw["egdi_rank"].notna()
    _check_affected(d_zero, edition, raw.loc[m_zero, "iso3"], raw, label, colnames["egdi"])

    d_hci0 = defects["hci_zero_missing"]
    m_hci0 = (edition <= 2010) & (raw["hci"] == 0)
    _check_affected(d_hci0, edition, raw.loc[m_hci0, "iso3"], raw, label, colnames["hci"])

    d_tii0 = defects["tii_zero_missing"]
    m_tii0 = (edition <= 2010) & (raw["tii"] == 0)
    _check_affected(d_tii0, edition, raw.loc[m_tii0, "iso3"], raw, label, colnames["tii"])

    # HCI > 1: only the listed cells are treated; any other value > 1 is left to the range check.
    d_hci1 = defects["hci_above_one_2003"]
    listed_hci1 = _listed(d_hci1, edition)
    m_hci1 = raw["iso3"].isin(listed_hci1) & (raw["hci"] > 1)
    _check_affected(d_hci1, edition, raw.loc[m_hci1, "iso3"], raw, label, colnames["hci"])

    not_assessed = m_blank | m_zero
    assessed = ~not_assessed
    # not assessed with a blank rank: every value missing
    df.loc[m_blank, list(INDICATORS)] = np.nan
    # not assessed with EGDI 0: EGDI, rank and zero components missing
    df.loc[m_zero, "egdi"] = np.nan
    for ind in ("osi", "tii", "hci", "epi"):
        df.loc[m_zero & (raw[ind] == 0), ind] = np.nan
    df.loc[not_assessed, "egdi_rank"] = np.nan
    flag(not_assessed, INDICATORS, "not_assessed")

    df.loc[m_hci0, "hci"] = np.nan
    flag(m_hci0, ["hci"], "hci_zero_missing")
    df.loc[m_tii0, "tii"] = np.nan
    flag(m_tii0, ["tii"], "tii_zero_missing")
    flag((m_hci0 | m_tii0) & assessed, ["egdi"], "egdi_computed_with_missing_component")

    df.loc[m_hci1, "hci"] = np.nan
    flag(m_hci1, ["hci"], "hci_above_one")
    flag(m_hci1 & assessed, ["egdi"], "egdi_computed_with_invalid_component")

    # EGDI vs mean of components: flag deviations beyond rounding (tolerance checked by the schema).
    default_tol = float(defects["egdi_component_mean_deviation_2008_2010"]["tolerance"]["default"])
    dev = (df["egdi"] - methodology.egdi_from_components(df["osi"], df["tii"], df["hci"])).abs()
    m_dev = dev > default_tol + 1e-12
    flag(m_dev, ["egdi"], "egdi_deviates_from_component_mean")

    df["not_assessed"] = not_assessed.astype(bool)
    for did, mask in [("not_assessed_blank_rank", m_blank), ("not_assessed_zero_egdi", m_zero),
                      ("hci_zero_missing", m_hci0), ("tii_zero_missing", m_tii0),
                      ("hci_above_one_2003", m_hci1), ("egdi_component_mean_deviation_2008_2010", m_dev)]:
        if mask.any():
            applied[did] = sorted(df.loc[mask, "iso3"])
    return df, applied, flags


# --------------------------------------------------------------------------- editions

@dataclass
class EditionData:
    edition: int
    label: str
    source_key: str
    raw_values: pd.DataFrame  # parsed, published values (before defect treatment), index = line
    data: pd.DataFrame  # treated
    applied: dict
    flags: dict
    colnames: dict


def _parse_egov(path: Path, columns: dict[str, str], edition: int | None, label: str,
                resolver: NameResolver, source_id: str) -> pd.DataFrame:
    df = read_csv_table(path, columns, label=label)
    schema = schemas.egov_parse_schema(edition, has_year="survey_year" in columns,
                                       has_rank="egdi_rank" in columns, has_epi="epi" in columns)
    df = validate(schema, df, label, columns)
    df["iso3"] = resolver.iso3_for_egov(df, source_id, label, columns["country"])
    dup = df["iso3"].duplicated()
    if dup.any():
        line = int(df.index[dup.to_numpy()][0])
        raise InputError(label, f"duplicated country: a second row maps to {df.loc[line, 'iso3']}",
                         row=line, column=columns["country"])
    return df


def read_edition(edition: int, raw: Path, resolver: NameResolver, defects: dict) -> EditionData:
    """Read, map, treat and validate one Survey edition."""
    if edition == 2024:
        key, columns, source_id = "egov_merged_2005_2024", merged_columns(2024), "datapicasso_ogdi"
    else:
        key, columns, source_id = f"egov_{edition}", UN_COLUMNS, "un_datacenter_sevenChrisK"
    path = raw_path(key, raw)
    label = relative_to_root(path)
    parsed = _parse_egov(path, columns, edition, label, resolver, source_id)
    treated, applied, flags = apply_known_defects(parsed, edition, defects, label, columns)
    schema = schemas.egov_edition_schema(edition, tolerance_for(edition, defects), resolver.members)
    validate(schema, treated, label, columns, schemas.EDITION_REPORT_COLUMNS)
    return EditionData(edition, label, key, parsed, treated, applied, flags, columns)


# --------------------------------------------------------------------------- tables

def _flags_str(s: set[str]) -> str:
    return ";".join(sorted(s))


def build_egdi_tables(eds: list[EditionData], resolver: NameResolver, key: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, pd.DataFrame]]:
    """The long table and the per-edition wide tables."""
    names = dict(zip(key["iso3"], key["country"]))
    long_rows = []
    wides = {}
    for ed in eds:
        d = ed.data
        wide = pd.DataFrame({"iso3": d["iso3"].astype(str).to_numpy()})
        wide["country"] = wide["iso3"].map(names)
        wide["edition"] = np.int64(ed.edition)
        for ind in INDICATORS:
            wide[ind] = d[ind].astype("float64").to_numpy()
        wide["egdi_rank"] = pd.array(d["egdi_rank"].to_numpy(), dtype="Float64").astype("Int64")
        for ind in INDICATORS[1:]:
            wide[f"{ind}_rank"] = methodology.recompute_ranks(wide[ind])
        wide["not_assessed"] = d["not_assessed"].to_numpy().astype(bool)
        wide["level"] = methodology.egdi_levels(wide["egdi"])
        wide["rating_class"] = methodology.rating_class(wide["egdi"], method="quartile")
        wide["rating_class_equal_width"] = methodology.rating_class(wide["egdi"], method="equal_width")
        line_flags = [ed.flags[int(line)] for line in d.index]
        wide["flags"] = [_flags_str(set().union(*f.values())) for f in line_flags]
        for ind in INDICATORS:
            wide[f"_flags_{ind}"] = [_flags_str(f[ind]) for f in line_flags]
        wide = wide.sort_values("iso3", kind="mergesort").reset_index(drop=True)
        for ind in INDICATORS:
            long_rows.append(pd.DataFrame({
                "iso3": wide["iso3"], "country": wide["country"], "edition": wide["edition"],
                "indicator": ind, "value": wide[ind], "rank": wide[f"{ind}_rank"],
                "rank_source": "published" if ind == "egdi" else "computed",
                "not_assessed": wide["not_assessed"], "flags": wide[f"_flags_{ind}"],
            }))
        wides[ed.edition] = wide.drop(columns=[f"_flags_{ind}" for ind in INDICATORS])
    long = pd.concat(long_rows, ignore_index=True)
    order = {ind: i for i, ind in enumerate(INDICATORS)}
    long = (long.assign(_o=long["indicator"].map(order))
                .sort_values(["edition", "iso3", "_o"], kind="mergesort").drop(columns="_o")
                .reset_index(drop=True))
    long["rank"] = long["rank"].astype("Int64")
    long["edition"] = long["edition"].astype("int64")
    for c in ("iso3", "country", "indicator", "rank_source", "flags"):
        long[c] = long[c].astype(str)
    return long, wides


def _excel(path: Path, sheet: str, **kw) -> pd.DataFrame:
    track_read(path)
    with warnings.catch_warnings(), _reading(path, f"a spreadsheet with a sheet '{sheet}'"):
        warnings.simplefilter("ignore")
        return pd.read_excel(path, sheet_name=sheet, **kw)


def build_groupings(raw: Path, resolver: NameResolver, key: pd.DataFrame, defects: dict) -> tuple[pd.DataFrame, dict]:
    """M49 regions, LLDC, SIDS; LDC and ISO2 (country-codes, 2024 vintage); World Bank FY2025 income group/region."""
    mpath = raw_path("m49", raw)
    mlabel = relative_to_root(mpath)
    mcols = {"region": "Region Name", "sub_region": "Sub-region Name",
             "intermediate_region": "Intermediate Region Name", "m49_name": "Country or Area",
             "m49": "M49 Code", "iso3": "ISO-alpha3 Code", "ldc": "Least Developed Countries (LDC)",
             "lldc": "Land Locked Developing Countries (LLDC)", "sids": "Small Island Developing States (SIDS)",
             "development_status": "Developed / Developing Countries"}
    m_all = read_csv_table(mpath, mcols, encoding="utf-8-sig", label=mlabel)
    m = m_all[m_all["iso3"].isin(resolver.members)]
    m = validate(pa.DataFrameSchema({
        "iso3": pa.Column(str, unique=True, report_duplicates="exclude_first"),
        "m49": pa.Column(int, coerce=True), "region": pa.Column(str), "sub_region": pa.Column(str),
        "development_status": pa.Column(str, pa.Check.isin(["Developed", "Developing"])),
        **{c: pa.Column(str, pa.Check.isin(["x"]), nullable=True) for c in ("ldc", "lldc", "sids")},
    }, checks=pa.Check(lambda d: set(d["iso3"]) == resolver.members, name="n_member_states")),
        m, mlabel, mcols, {"n_member_states": "iso3"})

    cpath = raw_path("wb_class", raw)
    clabel = f"{relative_to_root(cpath)} [sheet 'List of economies']"
    c_all = _excel(cpath, "List of economies", dtype=str)  # read once: the name table below uses it too
    ccols = {"iso3": "Code", "wb_name": "Economy", "wb_region": "Region", "income_group": "Income group",
             "lending_category": "Lending category"}
    miss = [v for v in ccols.values() if v not in c_all.columns]
    if miss:
        raise InputError(clabel, "required column missing", row=1, column=miss[0])
    c = c_all[list(ccols.values())].set_axis(list(ccols), axis=1)
    c.index = pd.RangeIndex(2, 2 + len(c))
    c = c[c["iso3"].isin(resolver.members)]
    c = validate(pa.DataFrameSchema({
        "iso3": pa.Column(str, unique=True, report_duplicates="exclude_first"),
        "income_group": pa.Column(str, pa.Check.isin(["Low income", "Lower middle income",
                                                      "Upper middle income", "High income"])),
        "wb_region": pa.Column(str),
    }, checks=pa.Check(lambda d: set(d["iso3"]) == resolver.members, name="n_member_states")),
        c, clabel, ccols, {"n_member_states": "iso3"})

    # LDC from datasets/country-codes (2024 vintage); LLDC/SIDS must agree with M49.
    ccpath = raw_path("country_codes", raw)
    cclabel = relative_to_root(ccpath)
    cccols = {"iso3": "ISO3166-1-Alpha-3", "iso2": "ISO3166-1-Alpha-2", "ldc": "Least Developed Countries (LDC)",
              "lldc": "Land Locked Developing Countries (LLDC)", "sids": "Small Island Developing States (SIDS)"}
    cc = read_csv_table(ccpath, cccols, label=cclabel)
    cc = cc[cc["iso3"].isin(resolver.members)]
    cc = validate(pa.DataFrameSchema({
        "iso3": pa.Column(str, unique=True, report_duplicates="exclude_first"),
        # ISO2 keys the country names of the Unicode CLDR (egovreport.i18n.country_name); Namibia's is "NA"
        "iso2": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{2}$"), unique=True, report_duplicates="exclude_first"),
        **{c: pa.Column(str, pa.Check.isin(["x"]), nullable=True) for c in ("ldc", "lldc", "sids")},
    }, checks=pa.Check(lambda d: set(d["iso3"]) == resolver.members, name="n_member_states")),
        cc, cclabel, cccols, {"n_member_states": "iso3"})
    m_flags = m.set_index("iso3")[["ldc", "lldc", "sids"]].eq("x")
    c_flags = cc.set_index("iso3")[["ldc", "lldc", "sids"]].eq("x").reindex(m_flags.index)
    for col in ("lldc", "sids"):
        diff = sorted(m_flags.index[m_flags[col] != c_flags[col]])
        if diff:
            line = int(cc.index[cc["iso3"] == diff[0]][0])
            raise InputError(cclabel, f"{col.upper()} flag differs from {RAW_FILES['m49'].relpath} for {diff}",
                             row=line, column=cccols[col])
    m49_only = sorted(m_flags.index[m_flags["ldc"] & ~c_flags["ldc"]])
    cc_only = sorted(m_flags.index[~m_flags["ldc"] & c_flags["ldc"]])
    listed = defects["m49_ldc_vintage"]["affected"]
    if m49_only != sorted(listed.get("m49_only", [])) or cc_only != sorted(listed.get("country_codes_only", [])):
        raise InputError(cclabel, f"LDC flags differ from {RAW_FILES['m49'].relpath} in a way data/raw/known_defects.yml "
                                  f"(m49_ldc_vintage) does not list: only in M49 {m49_only}, only here {cc_only}",
                         column=cccols["ldc"])

    names = dict(zip(key["iso3"], key["country"]))
    g = pd.DataFrame({"iso3": m["iso3"].astype(str).to_numpy()})
    g["iso2"] = g["iso3"].map(cc.set_index("iso3")["iso2"]).astype(str)
    g["country"] = g["iso3"].map(names)
    g["m49"] = m["m49"].astype("int64").to_numpy()
    g["m49_name"] = m["m49_name"].astype(str).to_numpy()
    for col in ("region", "sub_region"):
        g[col] = m[col].astype(str).to_numpy()
    g["intermediate_region"] = pd.array(m["intermediate_region"].to_numpy(), dtype="str")
    for col in ("lldc", "sids"):
        g[col] = (m[col] == "x").to_numpy()
    g["ldc"] = g["iso3"].map(c_flags["ldc"]).astype(bool)
    g = g[["iso3", "iso2", "country", "m49", "m49_name", "region", "sub_region", "intermediate_region",
           "ldc", "lldc", "sids"]]
    g["development_status"] = m["development_status"].astype(str).to_numpy()
    cc = c.set_index("iso3")
    g["income_group"] = g["iso3"].map(cc["income_group"]).astype(str)
    g["wb_region"] = g["iso3"].map(cc["wb_region"]).astype(str)
    g["lending_category"] = pd.array(g["iso3"].map(cc["lending_category"]).to_numpy(), dtype="str")
    g = g.sort_values("iso3", kind="mergesort").reset_index(drop=True)
    extra: dict[str, str] = {}
    # names of M49 and WB tables (all areas and aggregates) for resolving input-series names
    for n, i in zip(m_all["m49_name"], m_all["iso3"]):
        if isinstance(n, str) and isinstance(i, str):
            extra.setdefault(n, i)
    c_all = c_all.dropna(subset=["Economy", "Code"])
    for n, i in zip(c_all["Economy"], c_all["Code"]):
        extra.setdefault(str(n).strip(), str(i).strip())
    resolver.extra_names = extra
    info = {"n_member_states": int(len(g)), "ldc": int(g["ldc"].sum()), "lldc": int(g["lldc"].sum()),
            "sids": int(g["sids"].sum()), "ldc_only_in_m49_copy": m49_only,
            "income_group_fy2025": {k: int(v) for k, v in g["income_group"].value_counts().sort_index().items()}}
    return g, info


INCOME_CODES = {"L": "Low income", "LM": "Lower middle income", "LM*": "Lower middle income",
                "UM": "Upper middle income", "H": "High income", "..": None, None: None}


def build_income_history(raw: Path, resolver: NameResolver) -> pd.DataFrame:
    """World Bank income group of each Member State by fiscal year FY1989-FY2025 (long)."""
    path = raw_path("wb_oghist", raw)
    sheet = "Country Analytical History"
    label = f"{relative_to_root(path)} [sheet '{sheet}']"
    x = _excel(path, sheet, header=None, dtype=str)
    hdr = x.index[x[1].astype(str).str.strip() == "Bank's fiscal year:"]
    if not len(hdr):
        raise InputError(label, "header row \"Bank's fiscal year:\" not found", column="B")
    h = int(hdr[0])
    fy_cols = {j: str(x.iat[h, j]).strip() for j in range(2, x.shape[1]) if str(x.iat[h, j]).strip().startswith("FY")}
    rows = []
    seen = set()
    for i in range(h + 1, len(x)):
        iso3 = str(x.iat[i, 0]).strip()
        if iso3 not in resolver.members:
            continue
        if iso3 in seen:
            raise InputError(label, f"duplicated country {iso3}", row=i + 1, column="A")
        seen.add(iso3)
        for j, fy in fy_cols.items():
            code = x.iat[i, j]
            code = None if pd.isna(code) else str(code).strip()
            if code not in INCOME_CODES:
                raise InputError(label, f"unknown income code {code!r} (expected L, LM, UM, H or '..')",
                                 row=i + 1, column=fy)
            year = int(fy[2:])
            rows.append({"iso3": iso3, "fiscal_year": 1900 + year if year >= 50 else 2000 + year,
                         "income_group_code": None if code in ("..", None) else code.rstrip("*"),
                         "income_group": INCOME_CODES[code]})
    missing = resolver.members - seen
    if missing:
        raise InputError(label, f"Member States missing: {sorted(missing)}", column="A")
    df = pd.DataFrame(rows)
    df["fiscal_year"] = df["fiscal_year"].astype("int64")
    for c in ("income_group_code", "income_group"):
        df[c] = pd.array(df[c].to_numpy(), dtype="str")
    return df.sort_values(["iso3", "fiscal_year"], kind="mergesort").reset_index(drop=True)


@dataclass(frozen=True)
class InputSeries:
    indicator: str
    component: str
    unit: str
    description: str


INPUT_SERIES = {
    "eys": InputSeries("eys", "hci", "years", "Expected years of schooling (UNDP HDR 2023/24)"),
    "mys": InputSeries("mys", "hci", "years", "Mean years of schooling (UNDP HDR 2023/24)"),
    "mobile_cellular_per100": InputSeries("mobile_cellular_per100", "tii", "per 100 inhabitants",
                                          "Mobile-cellular telephone subscriptions per 100 inhabitants (ITU i911)"),
    "internet_users_pct_itu": InputSeries("internet_users_pct_itu", "tii", "% of population",
                                          "Individuals using the Internet (ITU i99H)"),
    "fixed_broadband_per100": InputSeries("fixed_broadband_per100", "tii", "per 100 people",
                                          "Fixed broadband subscriptions per 100 people (WDI IT.NET.BBND.P2, from ITU)"),
    "internet_users_pct_wdi": InputSeries("internet_users_pct_wdi", "tii", "% of population",
                                          "Individuals using the Internet (WDI IT.NET.USER.ZS naming; DataPicasso copy)"),
}


def _melt_years(df: pd.DataFrame, year_cols: dict[str, int], indicator: str, source: str, label: str,
                col_label: dict[str, str]) -> pd.DataFrame:
    """Wide year columns → long rows (iso3, year, value); values checked numeric with pandera."""
    schema = pa.DataFrameSchema({c: pa.Column(float, coerce=True, nullable=True) for c in year_cols})
    df = validate(schema, df, label, col_label)
    parts = []
    for c, year in year_cols.items():
        v = df[c]
        ok = v.notna()
        parts.append(pd.DataFrame({"iso3": df.loc[ok, "iso3"].to_numpy(), "year": year,
                                   "value": v[ok].astype("float64").to_numpy()}))
    out = pd.concat(parts, ignore_index=True)
    out["indicator"] = indicator
    out["source"] = source
    return out


def build_tii_hci_inputs(raw: Path, resolver: NameResolver) -> tuple[pd.DataFrame, dict]:
    """TII and HCI input series of the 193 Member States, long (iso3, year, indicator, value, unit, source)."""
    parts = []
    # UNDP HDR: iso3 codes
    p = raw_path("hdr", raw)
    label = relative_to_root(p)
    h = read_raw_text(p, encoding="utf-8-sig", label=label, required_columns=["iso3"])
    h = h[h["iso3"].isin(resolver.members)]
    for ind in ("eys", "mys"):
        ycols = {c: int(c[-4:]) for c in h.columns if re.fullmatch(rf"{ind}_\d{{4}}", c)}
        if not ycols:
            raise InputError(label, "required columns missing", row=1, column=f"{ind}_<year>")
        parts.append(_melt_years(h, ycols, ind, RAW_FILES["hdr"].relpath, label, {c: c for c in ycols}))

    def itu(key: str, sheet: str, name_col: str, indicator: str):
        path = raw_path(key, raw)
        lab = f"{relative_to_root(path)} [sheet '{sheet}']"
        x = _excel(path, sheet, dtype=object)
        if name_col not in x.columns:
            raise InputError(lab, "required column missing", row=1, column=name_col)
        x.index = pd.RangeIndex(2, 2 + len(x))
        x = x[x[name_col].notna()]
        x[name_col] = x[name_col].astype(str).str.strip()
        x["iso3"] = resolver.iso3_for_series(x[name_col], RAW_FILES[key].source_id, lab, name_col)
        x = x[x["iso3"].notna()]
        dup = x["iso3"].duplicated()
        if dup.any():
            raise InputError(lab, f"duplicated country {x.loc[dup, 'iso3'].iloc[0]}",
                             row=int(x.index[dup.to_numpy()][0]), column=name_col)
        ycols = {c: int(str(c)[:4]) for c in x.columns if str(c).endswith("_value")}
        return _melt_years(x, ycols, indicator, RAW_FILES[key].relpath, lab, {c: c for c in ycols})

    parts.append(itu("itu_mobile", "i911", "Country", "mobile_cellular_per100"))
    parts.append(itu("itu_internet", "Data", "ShortName", "internet_users_pct_itu"))

    # WDI: header on the 4th row, ISO3 in 'Country Code'
    path = raw_path("wdi_fixed_broadband", raw)
    lab = f"{relative_to_root(path)} [sheet 'Data']"
    w = _excel(path, "Data", header=3, dtype=object)
    if "Country Code" not in w.columns:
        raise InputError(lab, "required column missing", row=4, column="Country Code")
    w.index = pd.RangeIndex(5, 5 + len(w))
    w = w[w["Country Code"].isin(resolver.members)]
    ycols = {c: int(float(c)) for c in w.columns if str(c).replace(".0", "").isdigit()}
    w = w.rename(columns={c: str(int(float(c))) for c in ycols})
    ycols = {str(y): y for y in ycols.values()}
    w["iso3"] = w["Country Code"]
    parts.append(_melt_years(w, ycols, "fixed_broadband_per100", RAW_FILES["wdi_fixed_broadband"].relpath,
                             lab, {c: c for c in ycols}))

    # Internet penetration (long, WB names)
    path = raw_path("internet_penetration", raw)
    lab = relative_to_root(path)
    cols = {"name": "Country Name", "year": "Year", "value": "Internet Penetration"}
    ip = read_csv_table(path, cols, label=lab)
    ip = validate(pa.DataFrameSchema({"name": pa.Column(str), "year": pa.Column(int, coerce=True),
                                      "value": pa.Column(float, coerce=True, nullable=True)}), ip, lab, cols)
    ip["iso3"] = resolver.iso3_for_series(ip["name"], "datapicasso_ogdi", lab, cols["name"])
    ip = ip[ip["iso3"].notna() & ip["value"].notna()]
    dup = ip.duplicated(["iso3", "year"])
    if dup.any():
        raise InputError(lab, "duplicated country-year", row=int(ip.index[dup.to_numpy()][0]), column=cols["name"])
    parts.append(pd.DataFrame({"iso3": ip["iso3"].to_numpy(), "year": ip["year"].astype("int64").to_numpy(),
                               "value": ip["value"].astype("float64").to_numpy(),
                               "indicator": "internet_users_pct_wdi",
                               "source": RAW_FILES["internet_penetration"].relpath}))

    df = pd.concat(parts, ignore_index=True)
    df["component"] = df["indicator"].map({k: v.component for k, v in INPUT_SERIES.items()})
    df["unit"] = df["indicator"].map({k: v.unit for k, v in INPUT_SERIES.items()})
    df = df[["iso3", "year", "component", "indicator", "value", "unit", "source"]]
    df["year"] = df["year"].astype("int64")
    for c in ("iso3", "component", "indicator", "unit", "source"):
        df[c] = df[c].astype(str)
    df = df.sort_values(["iso3", "indicator", "year"], kind="mergesort").reset_index(drop=True)
    validate(pa.DataFrameSchema({
        "iso3": pa.Column(str, pa.Check.isin(sorted(resolver.members))),
        "value": pa.Column(float, pa.Check.ge(0)),
        "unit": pa.Column(str),
    }, unique=["iso3", "indicator", "year"], checks=[
        pa.Check(lambda d: ~(d["unit"].eq("% of population") & (d["value"] > 100)), name="percent_at_most_100"),
        pa.Check(lambda d: ~(d["unit"].eq("years") & (d["value"] > 30)), name="schooling_years_plausible"),
    ]), df, "tii_hci_inputs", {})
    info = {ind: {"n_countries": int(g["iso3"].nunique()), "years": [int(g["year"].min()), int(g["year"].max())],
                  "n_values": int(len(g))}
            for ind, g in df.groupby("indicator", sort=True)}
    return df, info


# --------------------------------------------------------------------------- cross-checks

def _compare(a: pd.DataFrame, b: pd.DataFrame, cols: list[str]) -> dict:
    j = a.set_index("iso3")[cols].add_suffix("_a").join(b.set_index("iso3")[cols].add_suffix("_b"), how="outer")
    out = {"n_a": int(len(a)), "n_b": int(len(b)), "same_countries": bool(set(a["iso3"]) == set(b["iso3"]))}
    for c in cols:
        d = (j[f"{c}_a"] - j[f"{c}_b"]).abs()
        both_missing = j[f"{c}_a"].isna() & j[f"{c}_b"].isna()
        one_missing = j[f"{c}_a"].isna() ^ j[f"{c}_b"].isna()
        out[c] = {"max_abs_diff": round(float(d.max()), 10) if d.notna().any() else None,
                  "n_missing_in_one_copy": int(one_missing.sum()), "n_missing_in_both": int(both_missing.sum())}
    return out


def cross_checks(eds: dict[int, EditionData], raw: Path, resolver: NameResolver, key: pd.DataFrame) -> dict:
    """Compare the copies of the same data (published values, before defect treatment)."""
    res: dict = {}
    main24 = eds[2024].raw_values
    cols = ["egdi", "osi", "tii", "hci", "epi", "egdi_rank"]
    p = raw_path("egov_2024_maryliacruzs", raw)
    mc = _parse_egov(p, MARYLIACRUZS_COLUMNS, 2024, relative_to_root(p), resolver, "maryliacruzs")
    res["2024_datapicasso_vs_maryliacruzs"] = _compare(main24, mc, cols)
    k = key.copy()
    res["2024_datapicasso_vs_aaravgupta10"] = _compare(main24, k, ["egdi", "osi", "tii", "hci"])
    p = raw_path("egov_2020_undp", raw)
    undp = _parse_egov(p, UN_COLUMNS, 2020, relative_to_root(p), resolver, "undp_digital_development_compass")
    res["2020_sevenChrisK_vs_undp"] = _compare(eds[2020].raw_values, undp, cols)
    p = raw_path("egov_merged_2005_2024", raw)
    merged = {}
    for year in EDITIONS:
        if year < 2005 or year == 2024:
            continue
        mg = _parse_egov(p, merged_columns(year), year, relative_to_root(p), resolver, "datapicasso_ogdi")
        merged[str(year)] = _compare(eds[year].raw_values, mg, cols)
    res["2005_2022_sevenChrisK_vs_datapicasso_merged"] = merged
    return res


# --------------------------------------------------------------------------- writing

def _write_csv(df: pd.DataFrame, path: Path) -> None:
    text = df.to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT)
    path.write_bytes(text.encode("utf-8"))
    track_write(path)


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    table = pa_arrow.Table.from_pandas(df, preserve_index=False)
    pq.write_table(table, path, compression="zstd", compression_level=9, use_dictionary=True,
                   write_statistics=True)
    track_write(path)


def _write_table(df: pd.DataFrame, out: Path, name: str) -> list[Path]:
    _write_csv(df, out / f"{name}.csv")
    _write_parquet(df, out / f"{name}.parquet")
    return [out / f"{name}.csv", out / f"{name}.parquet"]


def _json(obj) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _edition_report(ed: EditionData, wide: pd.DataFrame, defects: dict) -> dict:
    tol = tolerance_for(ed.edition, defects)
    mean = methodology.egdi_from_components(wide["osi"], wide["tii"], wide["hci"])
    dev = (wide["egdi"] - mean).abs()
    worst = dev.idxmax() if dev.notna().any() else None
    violations = schemas.rank_order_violations(wide["egdi"], wide["egdi_rank"].astype("Float64").astype("float64"))
    recomputed = methodology.recompute_ranks(wide["egdi"])
    same = (recomputed == wide["egdi_rank"]).fillna(True)
    return {
        "source_file": f"data/raw/{RAW_FILES[ed.source_key].relpath}",
        "n_states": int(len(wide)),
        "n_assessed": int((~wide["not_assessed"]).sum()),
        "n_not_assessed": int(wide["not_assessed"].sum()),
        "egdi_component_mean_check": {
            "tolerance": tol,
            "n_checked": int(dev.notna().sum()),
            "max_abs_deviation": round(float(dev.max()), 6) if worst is not None else None,
            "max_abs_deviation_iso3": wide.loc[worst, "iso3"] if worst is not None else None,
            "max_abs_deviation_country": wide.loc[worst, "country"] if worst is not None else None,
            "n_above_rounding_tolerance": int((dev > float(defects["egdi_component_mean_deviation_2008_2010"]["tolerance"]["default"]) + 1e-12).sum()),
            "passed": bool((dev.dropna() <= tol + 1e-12).all()),
        },
        "rank_consistency": {
            "passed": bool(not violations.any()),
            "n_violations": int(violations.sum()),
            "n_published_ranks_differing_from_recomputed_min_rank": int((~same).sum()),
            "note": "published ranks are tested against the EGDI order (strictly higher EGDI => better rank); "
                    "published and recomputed ranks can differ where rounded EGDI values tie",
        },
        "defects_applied": ed.applied,
        "levels": {k: int(v) for k, v in wide["level"].value_counts().sort_index().items()},
    }


def _data_notes(report: dict, defects: dict) -> str:
    """Markdown notes on the data for the book (numbers from this build)."""
    ed = report["editions"]
    lines = ["# Notes on the EGDI data", "",
             "These notes are generated by the data step (`egovreport.ingest`) from "
             "`data/raw/known_defects.yml` and this build's checks.", "",
             "## Sources", "",
             "UN E-Government Survey data as exported by the UN DESA Data Center (editions "
             f"{', '.join(ed)}), 2024 from the DataPicasso merged file (cross-checked against two other "
             "copies); country groups from UN M49 (UNSD) and the World Bank classification (CLASS FY2025, "
             "OGHIST FY89-FY25). Origins, commits and licences: `data/raw/<source>/SOURCE.md`.", "",
             "## How known defects are treated", ""]
    for d in defects.values():
        counts = {y: len(v.get(d["id"], [])) for y, v in ((y, e["defects_applied"]) for y, e in ed.items())}
        counts = {y: n for y, n in counts.items() if n}
        extra = f" Applied in this build: {', '.join(f'{y}: {n}' for y, n in counts.items())}." if counts else ""
        flag = f" Flag: `{d['flag']}`." if d.get("flag") else ""
        lines.append(f"- **{d['title']}.** {' '.join(str(d['treatment']).split())}{flag}{extra}")
    lines += ["", "## EGDI = mean(OSI, TII, HCI): largest deviation per edition", "",
              "| Edition | States | Assessed | Tolerance | Largest deviation | Country |",
              "|---|---|---|---|---|---|"]
    for y, e in ed.items():
        c = e["egdi_component_mean_check"]
        lines.append(f"| {y} | {e['n_states']} | {e['n_assessed']} | {c['tolerance']:g} | "
                     f"{c['max_abs_deviation']:.5f} | {c['max_abs_deviation_country']} |")
    lines += ["", "Component ranks (OSI, TII, HCI, EPI) are computed here (ties share the best rank); "
                  "EGDI ranks are the UN's published ranks. Indices from 2003-2010 were computed with "
                  "different methods; compare ranks and relative positions across editions, not levels.",
              "", methodology.RATING_CLASS_NOTE, ""]
    return "\n".join(lines)


def processed_outputs() -> list[str]:
    """File names the data step writes into ``data/processed`` (for the pipeline's cache)."""
    tables = ["egdi_long", "country_groupings", "income_history", "tii_hci_inputs",
              *(f"egdi_wide_{y}" for y in EDITIONS)]
    names = [f"{t}.{ext}" for t in tables for ext in ("csv", "parquet")]
    names += ["data_dictionary.csv", "data_dictionary.md", "data_notes.md", "validation_report.json",
              "processed_manifest.json", "datapackage.json"]
    return sorted(names)


def raw_inputs(raw_dir: str | Path | None = None) -> list[Path]:
    """Raw files the data step reads (for the pipeline's cache)."""
    raw = raw_root(raw_dir)
    return [raw / rel for rel in sorted({e.relpath for e in RAW_FILES.values()})]


def build_processed(raw_dir: str | Path | None = None, out_dir: str | Path | None = None) -> dict:
    """Run the data step: read and validate ``raw_dir``, write ``out_dir``; deterministic.

    Defaults: ``paths.raw_dir()`` and ``paths.processed_dir()`` (both follow ``EGOVREPORT_ROOT``).
    Returns a summary ``{"out_dir", "outputs": [file names], "editions", "n_rows": {...},
    "validation_report": path}``. Raises :class:`InputError` on bad input (file, row, column).
    """
    raw = raw_root(raw_dir)
    out = Path(out_dir) if out_dir is not None else paths.processed_dir()
    resolver, key = load_name_resolver(raw)
    defects = load_defects(raw)
    groupings, groupings_info = build_groupings(raw, resolver, key, defects)
    eds = {y: read_edition(y, raw, resolver, defects) for y in EDITIONS}
    long, wides = build_egdi_tables(list(eds.values()), resolver, key)
    members = resolver.members
    validate(schemas.egdi_long_schema(members, list(EDITIONS)), long, "egdi_long", {})
    for y, w in wides.items():
        validate(schemas.egdi_wide_schema(members), w, f"egdi_wide_{y}", {})
    income = build_income_history(raw, resolver)
    inputs, inputs_info = build_tii_hci_inputs(raw, resolver)

    tables: dict[str, pd.DataFrame] = {"egdi_long": long, "country_groupings": groupings,
                                       "income_history": income, "tii_hci_inputs": inputs}
    for y, w in wides.items():
        tables[f"egdi_wide_{y}"] = w
    dictionary = dictionary_frame(tables)

    fy25 = income[income["fiscal_year"] == 2025].set_index("iso3")["income_group"]
    mism = sorted(i for i, gname in zip(groupings["iso3"], groupings["income_group"]) if fy25.get(i) != gname)
    report = {
        "editions": {str(y): _edition_report(eds[y], wides[y], defects) for y in EDITIONS},
        "cross_checks": cross_checks(eds, raw, resolver, key),
        "groupings": {**groupings_info, "class_fy2025_vs_oghist_fy25_mismatches": mism},
        "tii_hci_inputs": inputs_info,
        "raw_checksums": [str(m) for m in verify_raw_checksums(raw)] if (raw / "SHA256SUMS").exists() else ["SHA256SUMS missing"],
        # country names that matched the key only after Unicode normalisation, with the character
        "name_normalisations": resolver.normalised,
    }

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, df in tables.items():
        written += _write_table(df, out, name)
    dictionary_csv = out / "data_dictionary.csv"
    _write_csv(dictionary, dictionary_csv)
    (out / "data_dictionary.md").write_bytes(_dictionary_md(dictionary).encode("utf-8"))
    (out / "data_notes.md").write_bytes(_data_notes(report, defects).encode("utf-8"))
    (out / "validation_report.json").write_bytes(_json(report).encode("utf-8"))
    written += [dictionary_csv, out / "data_dictionary.md", out / "data_notes.md", out / "validation_report.json"]
    for p in written[-3:]:
        track_write(p)
    written.append(write_datapackage(out, tables, dictionary, raw))

    raw_inputs = sorted({RAW_FILES[k].relpath for k in RAW_FILES})
    manifest = {
        "description": "Inputs and outputs of the data step (egovreport.ingest.build_processed)",
        "raw_inputs": [{"path": f"data/raw/{r}", "sha256": sha256_file(raw / r)} for r in raw_inputs],
        "outputs": [{"path": f"data/processed/{p.name}", "sha256": sha256_file(p),
                     **({"rows": int(len(tables[p.stem]))} if p.stem in tables else {})}
                    for p in sorted(written, key=lambda q: q.name)],
    }
    mpath = out / "processed_manifest.json"
    mpath.write_bytes(_json(manifest).encode("utf-8"))
    track_write(mpath)
    return {"out_dir": str(out), "outputs": sorted(p.name for p in written + [mpath]),
            "editions": list(EDITIONS), "n_rows": {k: int(len(v)) for k, v in tables.items()},
            "validation_report": str(out / "validation_report.json")}


def _dictionary_md(d: pd.DataFrame) -> str:
    lines = ["# Data dictionary: `data/processed/`", "",
             "Every column of every processed table (CSV and Parquet hold the same columns). "
             "Generated by the data step.", ""]
    wide_tables = [t for t in d["table"].unique() if t.startswith("egdi_wide_")]
    for table, g in d.groupby("table", sort=False):
        heading = table
        if table in wide_tables:
            if table != wide_tables[0]:
                continue  # the per-edition wide tables share one layout
            heading = "egdi_wide_<edition>"
            editions = ", ".join(t.rsplit("_", 1)[1] for t in wide_tables)
            lines += [f"## `{heading}`", "", TABLE_DESCRIPTIONS["egdi_wide"] + f" Editions: {editions}.", ""]
        else:
            lines += [f"## `{heading}`", "", TABLE_DESCRIPTIONS.get(table, ""), ""]
        lines += ["| Column | Type | Unit | Description | Source |", "|---|---|---|---|---|"]
        for r in g.itertuples():
            desc = str(r.description).replace("|", "\\|")
            lines.append(f"| `{r.column}` | {r.type} | {r.unit} | {desc} | {r.source} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m egovreport.ingest [--raw-dir D] [--out-dir D]``."""
    ap = argparse.ArgumentParser(prog="python -m egovreport.ingest", description=__doc__.splitlines()[0])
    ap.add_argument("--raw-dir", default=None)
    ap.add_argument("--out-dir", default=None)
    args = ap.parse_args(argv)
    try:
        summary = build_processed(args.raw_dir, args.out_dir)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"wrote {len(summary['outputs'])} files to {summary['out_dir']}")
    for k, v in summary["n_rows"].items():
        print(f"  {k}: {v} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

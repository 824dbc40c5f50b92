"""Loaders for official UN files the project does not hold yet (drop-in, optional).

- :func:`load_osi_subindices` — 2024 OSI subindices: Institutional Framework (IF), Content
  Provision (CP; the concept note's "data/content provision"), Services Provision (SP),
  E-Participation (EPI), Technology (TEC)
- :func:`load_ogdi` — Open Government Data Index
- :func:`load_losi` — Local Online Service Index (cities), layout of Table 12 of the 2024
  Technical Appendix: City | Country | Region | LOSI Group | Rank | LOSI 2024 | IF | CP | SP |
  EPI | TEC | OSI Group | OSI 2024

Expected files and columns: ``data/raw/un_official/README.md``. Each loader returns an
:class:`OptionalDataset`; when the file is absent ``available`` is False, ``data`` is None and
``message``/``how_to_add`` say so — values are never invented. A file that is present but
malformed raises :class:`~egovreport.errors.InputError` (file, row, column).
Source of the layouts: UN DESA, *E-Government Survey 2024 — Technical Appendix* (see
``shared/data/egov/SOURCES.md`` §5).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import sources
from .errors import InputError
from .ingest import read_csv_table, validate
from .provenance import relative_to_root

OFFICIAL_DIR = "un_official"
SUBINDICES = ("if", "cp", "sp", "epi", "tec")
SUBINDEX_NAMES = {
    "if": "Institutional Framework",
    "cp": "Content Provision",
    "sp": "Services Provision",
    "epi": "E-Participation",
    "tec": "Technology",
}
_HOW_TO_ADD = (
    "Save the table from UN DESA, E-Government Survey {edition} (Technical Appendix / Data Center) as "
    "data/raw/un_official/{file} with the columns {columns}; add a SOURCE.md card there and regenerate "
    "data/raw/SHA256SUMS (see data/raw/un_official/README.md)."
)


@dataclass
class OptionalDataset:
    """An official dataset that may be absent from this build."""

    name: str
    available: bool
    data: pd.DataFrame | None
    path: Path
    message: str
    how_to_add: str
    key: str = ""  # i18n key under data.official (osi_subindices, ogdi, losi)

    def show_not_available(self, lang: str = "en") -> None:
        """Display the 'not available in this build' box in ``lang`` (notebooks); no-op when available."""
        if not self.available:
            from .display import not_available
            from .i18n import t
            what = t(f"data.official.{self.key}", lang) if self.key else self.name
            not_available(what, t("data.official.how_to_add", lang, file=self.path.name), lang)


def _absent(name: str, path: Path, edition: int, columns: list[str], key: str) -> OptionalDataset:
    return OptionalDataset(
        name=name, available=False, data=None, path=path, key=key,
        message=f"{name}: not available in this build (expected {relative_to_root(path)}).",
        how_to_add=_HOW_TO_ADD.format(edition=edition, file=path.name,
                                      columns=", ".join(f"'{c}'" for c in columns)))


def _official_path(file: str, raw_dir: str | Path | None) -> Path:
    return sources.raw_root(raw_dir) / OFFICIAL_DIR / file


def _name_key() -> dict[str, str]:
    key = read_csv_table(sources.raw_path("name_key"), {"iso3": "ISO3", "country": "Country_UN"})
    return dict(zip(key["country"], key["iso3"]))


def _iso3(df: pd.DataFrame, label: str, colnames: dict[str, str]) -> pd.Series:
    """ISO3 from an ``ISO3`` column when given (format checked), else from the UN name key."""
    if "iso3" in df.columns and df["iso3"].notna().all():
        bad = ~df["iso3"].str.fullmatch(r"[A-Z]{3}")
        if bad.any():
            line = int(df.index[bad.to_numpy()][0])
            raise InputError(label, f"not an ISO3 code: {df.loc[line, 'iso3']!r}", row=line, column=colnames["iso3"])
        return df["iso3"]
    key = _name_key()
    out = {}
    for line, name in df["country"].items():
        if name not in key:
            raise InputError(label, f"unknown country name {name!r}: not in the UN name key "
                                    f"({sources.RAW_FILES['name_key'].relpath}); use the UN short name or add an "
                                    f"ISO3 column", row=int(line), column=colnames["country"])
        out[line] = key[name]
    return pd.Series(out).reindex(df.index)


def _index_cols(cols: list[str]) -> dict[str, pa.Column]:
    return {c: pa.Column(float, pa.Check.in_range(0.0, 1.0), coerce=True, nullable=True) for c in cols}


def _read(path: Path, columns: dict[str, str], optional: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str], str]:
    label = path.as_posix()
    header = pd.read_csv(path, nrows=0).columns.str.strip() if path.stat().st_size else []
    present = {k: v for k, v in optional.items() if v in list(header)}
    colnames = {**columns, **present}
    return read_csv_table(path, colnames, label=label), colnames, label


def load_osi_subindices(edition: int = 2024, raw_dir: str | Path | None = None) -> OptionalDataset:
    """OSI and its five subindices (IF, CP, SP, EPI, TEC) per Member State, if the file is present.

    File ``data/raw/un_official/osi_subindices_<edition>.csv``, columns ``Country``, ``ISO3``,
    ``OSI <edition>``, ``IF``, ``CP``, ``SP``, ``EPI``, ``TEC`` (ISO3 optional: then the country must
    be the UN short name). Returns columns iso3, country, edition, osi, if, cp, sp, epi, tec.
    The subindices were introduced in the 2022 Survey; their weights are not in a stored source.
    """
    name = f"OSI subindices {edition}"
    path = _official_path(f"osi_subindices_{edition}.csv", raw_dir)
    req = {"country": "Country", "osi": f"OSI {edition}", **{k: k.upper() for k in SUBINDICES}}
    if not path.exists():
        return _absent(name, path, edition, list(req.values()) + ["ISO3"], "osi_subindices")
    df, colnames, label = _read(path, req, {"iso3": "ISO3"})
    df = validate(pa.DataFrameSchema({
        "country": pa.Column(str, unique=True, report_duplicates="exclude_first"),
        **_index_cols(["osi", *SUBINDICES])}), df, label, colnames)
    df["iso3"] = _iso3(df, label, colnames)
    df["edition"] = edition
    out = df[["iso3", "country", "edition", "osi", *SUBINDICES]].sort_values("iso3").reset_index(drop=True)
    return OptionalDataset(name, True, out, path, f"{name}: loaded from {relative_to_root(path)} ({len(out)} rows).", "", "osi_subindices")


def load_ogdi(edition: int = 2024, raw_dir: str | Path | None = None) -> OptionalDataset:
    """Open Government Data Index per Member State, if ``data/raw/un_official/ogdi_<edition>.csv`` is present.

    Columns ``Country``, ``ISO3`` (optional), ``OGDI``, optional ``OGDI Rank`` and ``OGDI Group``.
    Returns iso3, country, edition, ogdi[, ogdi_rank][, ogdi_group].
    """
    name = f"Open Government Data Index (OGDI) {edition}"
    path = _official_path(f"ogdi_{edition}.csv", raw_dir)
    req = {"country": "Country", "ogdi": "OGDI"}
    if not path.exists():
        return _absent(name, path, edition, list(req.values()) + ["ISO3"], "ogdi")
    df, colnames, label = _read(path, req, {"iso3": "ISO3", "ogdi_rank": "OGDI Rank", "ogdi_group": "OGDI Group"})
    cols = {"country": pa.Column(str, unique=True, report_duplicates="exclude_first"), **_index_cols(["ogdi"])}
    if "ogdi_rank" in df.columns:
        cols["ogdi_rank"] = pa.Column("Int64", pa.Check.ge(1), coerce=True, nullable=True)
    df = validate(pa.DataFrameSchema(cols), df, label, colnames)
    df["iso3"] = _iso3(df, label, colnames)
    df["edition"] = edition
    keep = ["iso3", "country", "edition", "ogdi"] + [c for c in ("ogdi_rank", "ogdi_group") if c in df.columns]
    out = df[keep].sort_values("iso3").reset_index(drop=True)
    return OptionalDataset(name, True, out, path, f"{name}: loaded from {relative_to_root(path)} ({len(out)} rows).", "", "ogdi")


def load_losi(edition: int = 2024, raw_dir: str | Path | None = None) -> OptionalDataset:
    """Local Online Service Index (one row per city), if ``data/raw/un_official/losi_<edition>.csv`` is present.

    Layout of the 2024 Technical Appendix, Table 12: City | Country | Region | LOSI Group | Rank |
    LOSI <edition> | IF | CP | SP | EPI | TEC | OSI Group | OSI <edition> (optional ``ISO3``).
    Returns city, country, iso3, region, losi_group, rank, losi, if, cp, sp, epi, tec, osi_group,
    osi, edition. From 2022 the LOSI covers the most populous city of each Member State.
    """
    name = f"Local Online Service Index (LOSI) {edition}"
    path = _official_path(f"losi_{edition}.csv", raw_dir)
    req = {"city": "City", "country": "Country", "region": "Region", "losi_group": "LOSI Group",
           "rank": "Rank", "losi": f"LOSI {edition}", **{k: k.upper() for k in SUBINDICES},
           "osi_group": "OSI Group", "osi": f"OSI {edition}"}
    if not path.exists():
        return _absent(name, path, edition, list(req.values()), "losi")
    df, colnames, label = _read(path, req, {"iso3": "ISO3"})
    df = validate(pa.DataFrameSchema({
        "city": pa.Column(str),
        "country": pa.Column(str),
        "rank": pa.Column("Int64", pa.Check.ge(1), coerce=True, nullable=True),
        **_index_cols(["losi", "osi", *SUBINDICES]),
    }, unique=["city", "country"], report_duplicates="exclude_first"), df, label, colnames,
        {"multiple_fields_uniqueness": "city"})
    df["iso3"] = _iso3(df, label, colnames)
    df["edition"] = edition
    keep = ["city", "country", "iso3", "region", "losi_group", "rank", "losi", *SUBINDICES, "osi_group", "osi", "edition"]
    out = df[keep].sort_values(["rank", "city"], na_position="last").reset_index(drop=True)
    return OptionalDataset(name, True, out, path, f"{name}: loaded from {relative_to_root(path)} ({len(out)} rows).", "", "losi")

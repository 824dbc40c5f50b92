"""Registry of the raw input files and their checksums.

``data/raw/`` holds byte-for-byte snapshots of public files (one folder per source, each
with a ``SOURCE.md`` metadata card) and one checksum manifest ``data/raw/SHA256SUMS`` in
the format of ``sha256sum`` (``cd data/raw && sha256sum -c SHA256SUMS`` works).
The data step reads files only through :func:`raw_path`, so every input is listed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from . import paths
from .errors import InputError
from .provenance import sha256_file

CHECKSUM_MANIFEST = "SHA256SUMS"

#: Survey editions held, in order.
EDITIONS: tuple[int, ...] = (2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024)


@dataclass(frozen=True)
class RawFile:
    """One raw input: a stable key, its path under ``data/raw`` and what it is used for."""

    key: str
    relpath: str
    source_id: str
    role: str


def _un_export(year: int) -> RawFile:
    return RawFile(f"egov_{year}", f"un_datacenter_sevenChrisK/EGOV_DATA_{year}.csv",
                   "un_datacenter_sevenChrisK", f"UN Data Center export, edition {year}")


RAW_FILES: dict[str, RawFile] = {f.key: f for f in [
    *(_un_export(y) for y in EDITIONS if y != 2024),
    RawFile("egov_merged_2005_2024", "datapicasso_ogdi/EGOV_MERGED_2005_2024.csv", "datapicasso_ogdi",
            "edition 2024 (its 2024 columns); its 2005-2022 columns are a cross-check"),
    RawFile("egov_2024_maryliacruzs", "maryliacruzs/EGOV_DATA_2024_modified.csv", "maryliacruzs",
            "cross-check of edition 2024"),
    RawFile("name_key", "aaravgupta10/Step12_EGDI_2024_Full.csv", "aaravgupta10",
            "UN name -> ISO3 key; cross-check of edition 2024 (4 dp)"),
    RawFile("egov_2020_undp", "undp_digital_development_compass/countries_epi_EGOV_DATA_2020.csv",
            "undp_digital_development_compass", "cross-check of edition 2020"),
    RawFile("m49", "unsd_m49/UNSD_Methodology_M49.csv", "unsd_m49", "UN M49 regions, LLDC, SIDS"),
    RawFile("country_codes", "datasets_country_codes/country-codes.csv", "datasets_country_codes",
            "LDC status (2024 vintage); cross-check of LLDC and SIDS"),
    RawFile("wb_class", "worldbank_income/CLASS_FY2025.xlsx", "worldbank_income",
            "World Bank income group and region FY2025"),
    RawFile("wb_oghist", "worldbank_income/OGHIST_FY89-FY25.xlsx", "worldbank_income",
            "World Bank income group history FY89-FY25"),
    RawFile("hdr", "undp_hdr/HDR23-24_Composite_indices_complete_time_series.csv", "undp_hdr",
            "HCI inputs: expected and mean years of schooling"),
    RawFile("itu_mobile", "undp_compass_itu_wdi/itu_i911_mobile_cellular_per100_2000-2019.xlsx",
            "undp_compass_itu_wdi", "TII input: mobile-cellular subscriptions per 100"),
    RawFile("itu_internet", "undp_compass_itu_wdi/itu_i99H_internet_users_pct_2000-2020.xlsx",
            "undp_compass_itu_wdi", "TII input: individuals using the Internet (%)"),
    RawFile("wdi_fixed_broadband", "undp_compass_itu_wdi/wdi_IT.NET.BBND.P2_fixed_broadband_per100_1960-2020.xls",
            "undp_compass_itu_wdi", "TII input: fixed broadband subscriptions per 100"),
    RawFile("internet_penetration", "datapicasso_ogdi/internet_penetration_ogdi.csv", "datapicasso_ogdi",
            "TII input: individuals using the Internet (%), WDI naming, to 2024"),
    RawFile("known_defects", "known_defects.yml", "project", "registry of known defects (project-authored)"),
    RawFile("name_aliases", "country_name_aliases.csv", "project", "explicit country-name alias table (project-authored)"),
]}


def raw_root(raw_dir: str | Path | None = None) -> Path:
    """``raw_dir`` if given, else ``paths.raw_dir()`` (follows ``EGOVREPORT_ROOT``)."""
    return Path(raw_dir) if raw_dir is not None else paths.raw_dir()


def raw_path(key: str, raw_dir: str | Path | None = None) -> Path:
    """Path of the registered raw file ``key``; :class:`InputError` when it is missing."""
    try:
        entry = RAW_FILES[key]
    except KeyError:
        raise KeyError(f"unknown raw file key {key!r}; known: {sorted(RAW_FILES)}") from None
    p = raw_root(raw_dir) / entry.relpath
    if not p.exists():
        raise InputError(p, f"raw input '{key}' ({entry.role}) is missing; restore it from git "
                            f"(data/raw is versioned) or from the origin named in its SOURCE.md")
    return p


def read_checksum_manifest(raw_dir: str | Path | None = None) -> dict[str, str]:
    """``{relative path: sha256}`` from ``data/raw/SHA256SUMS``."""
    manifest = raw_root(raw_dir) / CHECKSUM_MANIFEST
    if not manifest.exists():
        raise InputError(manifest, "checksum manifest is missing")
    out: dict[str, str] = {}
    for lineno, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            raise InputError(manifest, "expected '<sha256>  <path>' (sha256sum format)", row=lineno)
        out[name.strip()] = digest
    return out


@dataclass(frozen=True)
class ChecksumMismatch:
    """A raw file that no longer matches the manifest (``actual`` is None when the file is gone)."""

    file: str
    expected: str | None
    actual: str | None

    def __str__(self) -> str:
        if self.actual is None:
            return f"{self.file}: listed in {CHECKSUM_MANIFEST} but missing"
        if self.expected is None:
            return f"{self.file}: not listed in {CHECKSUM_MANIFEST}"
        return f"{self.file}: SHA-256 {self.actual} does not match {CHECKSUM_MANIFEST} ({self.expected})"


def _data_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.name != CHECKSUM_MANIFEST)


def verify_raw_checksums(raw_dir: str | Path | None = None) -> list[ChecksumMismatch]:
    """Compare every file under ``data/raw`` with ``SHA256SUMS``.

    Returns the mismatches (changed, missing or unlisted files), each naming the file;
    an empty list means the raw snapshot is exactly the one recorded.
    """
    root = raw_root(raw_dir)
    expected = read_checksum_manifest(root)
    problems = []
    for rel, digest in sorted(expected.items()):
        p = root / rel
        if not p.exists():
            problems.append(ChecksumMismatch(rel, digest, None))
        else:
            actual = sha256_file(p)
            if actual != digest:
                problems.append(ChecksumMismatch(rel, digest, actual))
    for rel in _data_files(root):
        if rel not in expected:
            problems.append(ChecksumMismatch(rel, None, sha256_file(root / rel)))
    return problems


def write_checksum_manifest(raw_dir: str | Path | None = None) -> Path:
    """(Re)write ``SHA256SUMS`` for every file under ``data/raw``.

    Only for a deliberate change of the snapshot (a new source); never run it to make
    a failing checksum test pass.
    """
    root = raw_root(raw_dir)
    lines = [f"{sha256_file(root / rel)}  {rel}\n" for rel in _data_files(root)]
    target = root / CHECKSUM_MANIFEST
    target.write_text("".join(lines), encoding="utf-8", newline="\n")
    return target


def read_source_card(source_id: str, raw_dir: str | Path | None = None) -> dict:
    """The YAML front matter of ``data/raw/<source_id>/SOURCE.md``."""
    card = raw_root(raw_dir) / source_id / "SOURCE.md"
    text = card.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise InputError(card, "metadata card must start with a YAML front-matter block ('---')", row=1)
    front, sep, _ = text[4:].partition("\n---\n")
    if not sep:
        raise InputError(card, "YAML front-matter block is not closed with '---'")
    return yaml.safe_load(front)


def source_ids(raw_dir: str | Path | None = None) -> list[str]:
    """Folders of ``data/raw`` that carry a ``SOURCE.md`` card."""
    root = raw_root(raw_dir)
    return sorted(p.parent.name for p in root.glob("*/SOURCE.md"))

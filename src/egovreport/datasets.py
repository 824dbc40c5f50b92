"""Loaders of the processed data — the contract the notebooks and other modules use.

All read ``data/processed/`` (built by the data step, :func:`egovreport.ingest.build_processed`;
run ``python -m egovreport.ingest``), call :func:`~egovreport.provenance.track_read` on the files
they read, and cache in-process (each call returns a fresh copy, so callers may modify it).

- :func:`load_egdi_panel` — long: iso3, country, edition, indicator, value, rank, rank_source,
  not_assessed, flags
- :func:`load_egdi_wide` — one row per iso3 × edition: egdi, osi, tii, hci, epi, their ranks,
  not_assessed, level, rating_class, rating_class_equal_width, flags
- :func:`load_groupings`, :func:`load_income_history`, :func:`load_tii_hci_inputs`
- :func:`editions`, :func:`member_states`, :func:`country_name`
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .errors import ParameterError
from .provenance import track_read


class ProcessedDataMissing(FileNotFoundError):
    """A processed file is absent: the data step has not been run."""


def _file(name: str) -> Path:
    p = paths.processed_dir() / name
    if not p.exists():
        raise ProcessedDataMissing(
            f"{p}: processed data not found. Run the data step first: "
            f"`python -m egovreport.ingest` (or the pipeline's data step), which builds data/processed/ "
            f"from data/raw/.")
    return p


@lru_cache(maxsize=64)
def _read_parquet_cached(path: str, mtime_ns: int) -> pd.DataFrame:
    return pd.read_parquet(path)


def _read(name: str) -> pd.DataFrame:
    p = _file(name)
    track_read(p)
    return _read_parquet_cached(str(p.resolve()), p.stat().st_mtime_ns).copy()


def clear_cache() -> None:
    """Forget cached tables (after re-running the data step in the same process)."""
    _read_parquet_cached.cache_clear()


def load_egdi_panel() -> pd.DataFrame:
    """The tidy EGDI panel, one row per iso3 × edition × indicator (egdi, osi, tii, hci, epi).

    ``value`` is the published index (missing = not assessed or 'no data', see ``flags``);
    ``rank`` is the UN's published EGDI rank (``rank_source='published'``) or a rank computed
    here for the components (``'computed'``, ties share the best rank).
    """
    return _read("egdi_long.parquet")


def load_egdi_wide(edition: int | None = None) -> pd.DataFrame:
    """One row per iso3 × edition (all editions when ``edition`` is None).

    Columns: iso3, country, edition, egdi, osi, tii, hci, epi, egdi_rank, osi_rank, tii_rank,
    hci_rank, epi_rank, not_assessed, level, rating_class, rating_class_equal_width, flags.
    """
    if edition is None:
        frames = [_read(f"egdi_wide_{e}.parquet") for e in editions()]
        return pd.concat(frames, ignore_index=True)
    if int(edition) not in editions():
        raise ParameterError(f"edition {edition} not available; editions: {editions()}")
    return _read(f"egdi_wide_{int(edition)}.parquet")


def load_groupings() -> pd.DataFrame:
    """The 193 Member States (iso3, iso2, UN name) with M49 region/sub-region, LDC/LLDC/SIDS, WB income group FY2025."""
    return _read("country_groupings.parquet")


def load_income_history() -> pd.DataFrame:
    """World Bank income group by Member State and fiscal year (FY1989-FY2025), long."""
    return _read("income_history.parquet")


def load_tii_hci_inputs() -> pd.DataFrame:
    """TII/HCI input series (HDR schooling; ITU/WDI telecom), long: iso3, year, component,
    indicator, value, unit, source."""
    return _read("tii_hci_inputs.parquet")


def load_validation_report() -> dict:
    """The data step's validation report (per-edition checks, cross-checks, defects applied)."""
    p = _file("validation_report.json")
    track_read(p)
    return json.loads(p.read_text(encoding="utf-8"))


def load_data_dictionary() -> pd.DataFrame:
    """Every column of every processed table: table, column, type, unit, description, source."""
    p = _file("data_dictionary.csv")
    track_read(p)
    return pd.read_csv(p, keep_default_na=False)


def data_notes_path() -> Path:
    """Markdown notes on the data (known defects and checks) for the book to include."""
    p = _file("data_notes.md")
    track_read(p)
    return p


def editions() -> list[int]:
    """Survey editions in the processed data, ascending (2003 … 2024)."""
    return sorted(int(e) for e in load_egdi_panel()["edition"].unique())


def member_states() -> list[str]:
    """ISO3 codes of the 193 UN Member States, sorted."""
    return sorted(load_groupings()["iso3"])


def country_name(iso3: str) -> str:
    """UN short name (as in the E-Government Survey) of a Member State; ParameterError if unknown."""
    g = load_groupings()
    hit = g.loc[g["iso3"] == str(iso3).upper(), "country"]
    if hit.empty:
        raise ParameterError(f"unknown ISO3 code {iso3!r}: not one of the 193 UN Member States")
    return str(hit.iloc[0])

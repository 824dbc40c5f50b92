"""The loader contract (egovreport.datasets) other teams rely on."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from _data_helpers import processed  # noqa: F401  (fixture)
from egovreport import datasets
from egovreport.errors import ParameterError


WIDE_COLUMNS = ["iso3", "country", "edition", "egdi", "osi", "tii", "hci", "epi", "egdi_rank", "osi_rank",
                "tii_rank", "hci_rank", "epi_rank", "not_assessed", "level", "rating_class",
                "rating_class_equal_width", "flags"]


def test_public_api_shapes(processed):
    assert list(datasets.load_egdi_wide(2024).columns) == WIDE_COLUMNS
    assert list(datasets.load_egdi_panel().columns) == ["iso3", "country", "edition", "indicator", "value", "rank",
                                                        "rank_source", "not_assessed", "flags"]
    assert len(datasets.load_egdi_wide()) == 193 * 12
    assert datasets.load_egdi_wide(2024)["edition"].eq(2024).all()
    assert len(datasets.load_groupings()) == 193
    assert {"iso3", "fiscal_year", "income_group"} <= set(datasets.load_income_history().columns)
    assert {"iso3", "year", "indicator", "value", "unit", "source"} <= set(datasets.load_tii_hci_inputs().columns)
    ms = datasets.member_states()
    assert len(ms) == 193 and ms == sorted(ms) and "MNG" in ms
    assert datasets.load_validation_report()["editions"]["2024"]["n_states"] == 193
    assert "hci_above_one" in datasets.data_notes_path().read_text()
    assert {"table", "column", "description"} <= set(datasets.load_data_dictionary().columns)


def test_bad_parameters(processed):
    with pytest.raises(ParameterError):
        datasets.load_egdi_wide(2019)
    with pytest.raises(ParameterError):
        datasets.country_name("XXX")
    assert datasets.country_name("mng") == "Mongolia"


def test_loaders_track_reads_and_cache(processed, tmp_path, monkeypatch):
    log = tmp_path / "reads.jsonl"
    monkeypatch.setenv("EGOVREPORT_READS_LOG", str(log))
    a = datasets.load_egdi_wide(2024)
    hits = datasets._read_parquet_cached.cache_info().hits
    b = datasets.load_egdi_wide(2024)
    assert datasets._read_parquet_cached.cache_info().hits > hits  # second call served from the cache
    pd.testing.assert_frame_equal(a, b)
    a.loc[0, "egdi"] = -1.0  # callers get copies: the cache is not poisoned
    assert datasets.load_egdi_wide(2024).loc[0, "egdi"] != -1.0
    read = [json.loads(line)["path"] for line in log.read_text().splitlines()]
    assert any(p.endswith("data/processed/egdi_wide_2024.parquet") for p in read)


def test_missing_processed_data_says_how_to_build(tmp_path, monkeypatch):
    monkeypatch.setenv("EGOVREPORT_ROOT", str(tmp_path))
    with pytest.raises(datasets.ProcessedDataMissing, match="python -m egovreport.ingest"):
        datasets.load_egdi_panel()
    with pytest.raises(FileNotFoundError):
        datasets.load_groupings()

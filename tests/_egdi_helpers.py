"""Helpers shared by the EGDI tests (tests/test_egdi_*.py).

The processed data come from the data step run once per test process into a temporary
project (``_data_helpers.built_root``); nothing is read from the developer's own
``data/processed``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from _data_helpers import built_root

SRC = Path(__file__).resolve().parents[1] / "src"
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@contextmanager
def project_env(**extra):
    """Point the package at the test project (``EGOVREPORT_ROOT``) for the duration of the block."""
    root = built_root()
    values = {"EGOVREPORT_ROOT": str(root), **{k: str(v) for k, v in extra.items()}}
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    from egovreport import egdi_analysis as ea

    ea.load_inputs.cache_clear()
    try:
        yield root
    finally:
        ea.load_inputs.cache_clear()
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def inputs():
    """``egdi_analysis.load_inputs()`` on the test project, once per module (a fixture: the
    EGDI test modules import it)."""
    from egovreport import egdi_analysis as ea

    with project_env():
        yield ea.load_inputs()


def processed_wide(edition: int | None = None) -> pd.DataFrame:
    """The processed wide table straight from the parquet files (for hand computations)."""
    root = built_root()
    files = sorted((root / "data" / "processed").glob("egdi_wide_*.parquet"))
    df = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    return df if edition is None else df[df["edition"] == edition].reset_index(drop=True)


def processed_groupings() -> pd.DataFrame:
    return pd.read_parquet(built_root() / "data" / "processed" / "country_groupings.parquet")

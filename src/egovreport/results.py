"""Key numbers and tables that notebooks hand to the book, the brief and the tests.

A notebook saves the numbers it states in prose with :func:`save_results`; later
notebooks (key findings, policy brief) read them with :func:`load_results`
instead of recomputing or typing them, and tests compare them with the
processed data.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from . import paths
from .provenance import track_read, track_write


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy / pandas scalars
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def save_results(name: str, data: dict) -> Path:
    """Write ``data`` (JSON-serialisable after numpy scalars are unwrapped)."""
    out = paths.output_dir() / "results"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.json"
    target.write_text(json.dumps(_plain(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                      encoding="utf-8")
    return track_write(target)


def load_results(name: str) -> dict:
    """Read results published by an earlier notebook of the pipeline."""
    source = paths.generated_dir() / "results" / f"{name}.json"
    if not source.exists():
        raise FileNotFoundError(
            f"{source}: results '{name}' not found; run the notebook that produces them first "
            f"(python -m egovreport build)")
    return json.loads(track_read(source).read_text(encoding="utf-8"))


def save_table(df: pd.DataFrame, name: str) -> Path:
    """Write a table as CSV for download (UTF-8, LF line endings, no index)."""
    out = paths.output_dir() / "tables"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.csv"
    df.to_csv(target, index=False, lineterminator="\n")
    return track_write(target)

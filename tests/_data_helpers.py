"""Helpers shared by the data-layer tests (tests/test_data_*.py).

The data step is run once per test process into a temporary project whose ``data/raw`` is a
symlink to the real, read-only snapshot; tests that corrupt inputs work on copies.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_BUILT: dict[str, Path] = {}


def built_root() -> Path:
    """A project root with ``data/raw`` → the real snapshot and a fresh ``data/processed``."""
    if "root" not in _BUILT:
        from egovreport.ingest import build_processed

        root = Path(tempfile.mkdtemp(prefix="egov-data-test-"))
        atexit.register(shutil.rmtree, root, True)
        (root / "data").mkdir()
        (root / "data" / "raw").symlink_to(RAW, target_is_directory=True)
        build_processed(raw_dir=RAW, out_dir=root / "data" / "processed")
        _BUILT["root"] = root
    return _BUILT["root"]


@pytest.fixture
def processed(monkeypatch):
    """``data/processed`` of :func:`built_root`, with the package pointed at that project."""
    root = built_root()
    monkeypatch.setenv("EGOVREPORT_ROOT", str(root))
    return root / "data" / "processed"


def copy_raw(dest: Path) -> Path:
    """A private copy of the raw snapshot (tests corrupt the copy, never the original)."""
    target = dest / "raw"
    shutil.copytree(RAW, target)
    return target


def line_of(path: Path, needle: str) -> int:
    """1-based line number of the first line containing ``needle``."""
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")

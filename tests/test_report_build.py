"""The real report (this repository's pipeline.yml, notebooks, data and book) builds end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from egovreport.pipeline import build, verify_manifest
from egovreport.pipeline.book import find_remote_resources

pytestmark = pytest.mark.slow
SKIP = {".git", ".venv", "build", "_build", "generated", "__pycache__", ".pytest_cache", "node_modules"}


def _copy_project(dest: Path) -> Path:
    def ignore(folder, names):
        skip = {n for n in names if n in SKIP or n.startswith("_build.")}
        if Path(folder) == REPO / "data" / "processed":
            skip |= {n for n in names if n != "README.md"}
        return skip
    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


def test_report_builds_from_raw_data_into_a_non_empty_offline_book(tmp_path, monkeypatch):
    root = _copy_project(tmp_path / "report")
    monkeypatch.setenv("EGOVREPORT_ROOT", str(root))
    result = build(log=lambda *a: None)
    assert result.data_step == "executed"
    assert result.notebooks and set(result.notebooks.values()) == {"executed"}
    assert result.book == "built"
    html = root / "book" / "_build" / "html"
    intro = html / "intro.html"
    assert intro.stat().st_size > 5000
    for nid in result.notebooks:
        page = html / "generated" / f"{nid}.html"
        assert page.is_file() and page.stat().st_size > 5000, nid
    assert find_remote_resources(html) == []
    manifest = json.loads((root / "book" / "generated" / "manifest.json").read_text())
    assert manifest["parameters"]["country"] == "MNG"
    assert verify_manifest()[1] == []
    # nothing changed: nothing runs
    again = build(log=lambda *a: None)
    assert again.executed == [] and again.data_step == "cached" and again.book == "cached"

"""Shared fixtures: a tiny project (pipeline.yml, notebooks, data, book) in a temp folder."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES))  # fixture_data_step, imported by the fixture's pipeline.yml

# Reference lists the fixture parameters are checked against (real code reads egovreport.datasets).
FIXTURE_MEMBER_STATES = ["MNG", "KAZ", "KGZ", "CHN", "RUS", "UZB", "TJK"]
FIXTURE_EDITIONS = [2022, 2024]


def make_project(dest: Path) -> Path:
    """Copy the fixture project into ``dest``, with the real book configuration and pages."""
    shutil.copytree(FIXTURES / "project", dest, dirs_exist_ok=True)
    for name in ("_config.yml", "intro.md", "reproduce.md"):
        shutil.copyfile(REPO / "book" / name, dest / "book" / name)
    if (REPO / "book" / "_static").is_dir():
        shutil.copytree(REPO / "book" / "_static", dest / "book" / "_static", dirs_exist_ok=True)
    return dest


@pytest.fixture
def fixture_lists(monkeypatch):
    """Member states and editions for parameter checks, without the real data step."""
    from egovreport.pipeline import parameters

    monkeypatch.setattr(parameters, "member_states", lambda: list(FIXTURE_MEMBER_STATES))
    monkeypatch.setattr(parameters, "editions", lambda: list(FIXTURE_EDITIONS))


@pytest.fixture
def project(tmp_path, monkeypatch, fixture_lists) -> Path:
    """A fresh fixture project; the package points at it through EGOVREPORT_ROOT."""
    root = make_project(tmp_path / "project")
    monkeypatch.setenv("EGOVREPORT_ROOT", str(root))
    return root


@pytest.fixture(scope="session")
def built_project_template(tmp_path_factory) -> Path:
    """The fixture project after one cold build (notebooks only), built once per session."""
    from egovreport.pipeline import build, parameters

    root = make_project(tmp_path_factory.mktemp("built") / "project")
    mp = pytest.MonkeyPatch()
    mp.setenv("EGOVREPORT_ROOT", str(root))
    mp.setattr(parameters, "member_states", lambda: list(FIXTURE_MEMBER_STATES))
    mp.setattr(parameters, "editions", lambda: list(FIXTURE_EDITIONS))
    try:
        result = build(book=False, jobs=2, log=lambda *a: None)
        assert sorted(result.executed) == ["fx_edition", "fx_profile", "fx_summary_en", "fx_summary_mn"]
    finally:
        mp.undo()
    return root


@pytest.fixture
def built_project(built_project_template, tmp_path, monkeypatch, fixture_lists) -> Path:
    """A private copy of the cold-built fixture project."""
    root = tmp_path / "project"
    shutil.copytree(built_project_template, root, symlinks=True)
    monkeypatch.setenv("EGOVREPORT_ROOT", str(root))
    return root

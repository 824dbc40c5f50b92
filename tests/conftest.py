"""Shared fixtures: a tiny project (pipeline.yml, notebooks, data, book) in a temp folder."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES))  # fixture_data_step, imported by the fixture's pipeline.yml

# Reference lists the fixture parameters are checked against (real code reads egovreport.datasets).
FIXTURE_MEMBER_STATES = ["MNG", "KAZ", "KGZ", "CHN", "RUS", "UZB", "TJK"]
FIXTURE_EDITIONS = [2022, 2024]


def launcher_script(argv: str = "sys.argv[1:]") -> str:
    """A Python script that runs the command line (``egovreport.cli.main(argv)``) in a fresh
    process with the fixture's lists of member states and editions."""
    return (f"import sys; sys.path[:0] = [{str(REPO / 'tests')!r}, {str(FIXTURES)!r}]\n"
            "import conftest\n"
            "from egovreport.pipeline import parameters\n"
            "parameters.member_states = lambda: conftest.FIXTURE_MEMBER_STATES\n"
            "parameters.editions = lambda: conftest.FIXTURE_EDITIONS\n"
            "from egovreport.cli import main\n"
            "if __name__ == '__main__':\n"
            f"    sys.exit(main({argv}))\n")


def make_project(dest: Path) -> Path:
    """Copy the fixture project into ``dest``, with the real book configuration and pages
    (the fixture has one book, in English: its own ``_toc.yml`` and front page ``intro.md``)."""
    shutil.copytree(FIXTURES / "project", dest, dirs_exist_ok=True)
    for name in ("_config.yml", "reproduce.md"):
        shutil.copyfile(REPO / "book" / name, dest / "book" / name)
    for folder in ("_static", "_templates", "_locales"):
        if (REPO / "book" / folder).is_dir():
            shutil.copytree(REPO / "book" / folder, dest / "book" / folder, dirs_exist_ok=True)
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


@pytest.fixture(scope="session")
def book_project_template(built_project_template, tmp_path_factory):
    """The cold-built fixture project with its book built, once per session."""
    from egovreport.pipeline import build, parameters

    root = tmp_path_factory.mktemp("book") / "project"
    shutil.copytree(built_project_template, root, symlinks=True)
    mp = pytest.MonkeyPatch()
    mp.setenv("EGOVREPORT_ROOT", str(root))
    mp.setattr(parameters, "member_states", lambda: list(FIXTURE_MEMBER_STATES))
    mp.setattr(parameters, "editions", lambda: list(FIXTURE_EDITIONS))
    try:
        result = build(log=lambda *a: None, jobs=2)
        assert result.executed == [] and result.book == "built"
    finally:
        mp.undo()
    return root


@pytest.fixture
def book_project(book_project_template, tmp_path, monkeypatch, fixture_lists):
    """A private copy of the fixture project with notebooks executed and the book built."""
    root = tmp_path / "project"
    shutil.copytree(book_project_template, root, symlinks=True)
    monkeypatch.setenv("EGOVREPORT_ROOT", str(root))
    return root


# --- the real report, built once per session ------------------------------------------------

def copy_real_project(dest: Path) -> Path:
    """Copy this repository's project (sources, data, notebooks, book) to ``dest``, without build
    products, so a test can build or break it without touching the real checkout."""
    from egovreport.pipeline.workspace import copy_project

    return copy_project(dest, REPO)


@dataclass
class RealReport:
    """The real report after one cold build (data step, every notebook, PDFs, book)."""

    root: Path
    result: object  # egovreport.pipeline.BuildResult of the cold build
    log: list

    @property
    def html(self) -> Path:
        return self.root / "book" / "_build" / "html"


@pytest.fixture(scope="session")
def real_report(tmp_path_factory) -> RealReport:
    """``python -m egovreport build`` with the default parameters (Mongolia) on a copy of this
    project, once per test session; the report, browser, accessibility, determinism and
    bad-input tests share it (copy ``root`` before changing anything in it)."""
    from egovreport import datasets
    from egovreport.pipeline import build

    root = copy_real_project(tmp_path_factory.mktemp("real") / "report")
    lines: list[str] = []
    mp = pytest.MonkeyPatch()
    mp.setenv("EGOVREPORT_ROOT", str(root))
    datasets.clear_cache()
    try:
        result = build(log=lambda *a: lines.append(" ".join(map(str, a))))
    finally:
        mp.undo()
        datasets.clear_cache()
    return RealReport(root=root, result=result, log=lines)


# --- Chromium (Playwright) and the built book on localhost -----------------------------------

@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, once per session."""
    from playwright.sync_api import sync_playwright

    from _browser_helpers import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def book_site(real_report):
    """The real report's HTML served on an ephemeral localhost port: ``(html folder, base URL)``."""
    from _browser_helpers import serve

    with serve(real_report.html) as base:
        yield real_report.html, base


@pytest.fixture(scope="session")
def visits(book_site, browser) -> dict:
    """``{page: PageVisit}``: every HTML page of the real report loaded once in Chromium (console
    errors, failed and blocked requests, links, images with their alt text)."""
    from _browser_helpers import book_pages, visit

    html, base = book_site
    return {rel: visit(browser, html, base, rel) for rel in book_pages(html)}


@pytest.fixture
def real_report_copy(real_report, tmp_path, monkeypatch) -> Path:
    """A private copy of the session's built real report (the package points at it); a test may
    break its inputs and rebuild without disturbing the shared build."""
    from egovreport import datasets

    root = tmp_path / "report"
    shutil.copytree(real_report.root, root, symlinks=True)
    monkeypatch.setenv("EGOVREPORT_ROOT", str(root))
    datasets.clear_cache()
    yield root
    datasets.clear_cache()

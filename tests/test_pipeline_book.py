"""The fixture pipeline with the real book configuration: HTML exists, works offline, is only
replaced by a successful build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, launcher_script
from egovreport.pipeline import PipelineError, build
from egovreport.pipeline.book import find_remote_resources

pytestmark = pytest.mark.slow
QUIET = {"log": lambda *a: None, "jobs": 2}


def test_built_book_has_pages_for_every_notebook_and_provenance(book_project):
    html = book_project / "book" / "_build" / "html"
    index = html / "index.html"
    assert 'url=intro.html' in index.read_text()  # sphinx-external-toc redirects to the root page
    for page in ("intro", "reproduce", "generated/fx_profile", "generated/fx_edition",
                 "generated/fx_summary_en", "generated/fx_summary_mn", "generated/provenance"):
        text = (html / f"{page}.html").read_text(encoding="utf-8")
        assert "<article" in text and len(text) > 2000, page
    profile = (html / "generated" / "fx_profile.html").read_text(encoding="utf-8")
    assert "The fixture score of <strong>MNG</strong> in 2024 is 0.6." in profile
    assert "# Parameters" not in profile  # papermill's injected cell is removed from the page
    assert "Run parameters" in profile  # ... and shown as a box instead
    # the executed notebook is offered for download from its page
    assert 'href="../_sources/generated/fx_profile.ipynb"' in profile
    downloaded = json.loads((html / "_sources" / "generated" / "fx_profile.ipynb").read_text())
    assert downloaded["metadata"]["papermill"]["parameters"]["country"] == "MNG"
    # the figure made by a notebook is on its page
    edition = (html / "generated" / "fx_edition.html").read_text(encoding="utf-8")
    assert "fx_edition_bars.png" in edition and "Made by:" in edition
    assert list((html / "_images").glob("fx_edition_bars*.png"))


def test_provenance_page_lists_parameters_checksums_and_manifest_download(book_project):
    manifest = json.loads((book_project / "book" / "generated" / "manifest.json").read_text())
    page = (book_project / "book" / "_build" / "html" / "generated" / "provenance.html").read_text()
    png = next(o for o in manifest["outputs"] if o["path"].endswith("fx_edition_bars.png"))
    raw = next(i for i in manifest["inputs"] if i["path"] == "data/raw/scores_fixture.csv")
    assert png["sha256"] in page and raw["sha256"] in page
    assert "fx_summary_mn" in page and "<code class=\"docutils literal notranslate\"><span class=\"pre\">MNG</span>" in page
    downloads = list((book_project / "book" / "_build" / "html" / "_downloads").rglob("manifest.json"))
    assert len(downloads) == 1
    assert json.loads(downloads[0].read_text())["parameters"]["country"] == "MNG"


def test_html_loads_nothing_from_the_internet(book_project):
    html = book_project / "book" / "_build" / "html"
    pages = list(html.rglob("*.html"))
    assert len(pages) >= 8
    assert find_remote_resources(html) == []


def test_noop_build_skips_the_book_and_keeps_it(book_project):
    index = book_project / "book" / "_build" / "html" / "index.html"
    before = index.stat().st_mtime_ns
    result = build(**QUIET)
    assert result.book == "cached" and result.executed == []
    assert index.stat().st_mtime_ns == before


def test_failed_book_build_leaves_the_published_book_untouched(book_project):
    published = book_project / "book" / "_build" / "html"
    before = {p.relative_to(published): p.read_bytes() for p in published.rglob("*.html")}
    toc = book_project / "book" / "_toc.yml"
    good_toc = toc.read_text()
    toc.write_text(good_toc + "  - file: no_such_page\n")
    with pytest.raises(PipelineError, match="book build failed.*published book is untouched"):
        build({"country": "KAZ"}, **QUIET)
    after = {p.relative_to(published): p.read_bytes() for p in published.rglob("*.html")}
    assert after == before
    # the notebooks did run and published their sources; the fixed book then builds
    toc.write_text(good_toc)
    result = build({"country": "KAZ"}, **QUIET)
    assert result.book == "built" and result.executed == []
    page = (published / "generated" / "fx_profile.html").read_text(encoding="utf-8")
    assert "<strong>KAZ</strong>" in page


def test_book_with_a_remote_resource_is_not_published(book_project):
    page = book_project / "book" / "reproduce.md"
    page.write_text(page.read_text() + '\n<img src="https://example.com/tracker.png" alt="x">\n')
    with pytest.raises(PipelineError, match="reproduce.html loads https://example.com/tracker.png"):
        build(**QUIET)
    assert "tracker" not in (book_project / "book" / "_build" / "html" / "reproduce.html").read_text()


def _unshare_works() -> bool:
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not shutil.which("unshare") or not _unshare_works(),
                    reason="needs `unshare -n` (a network namespace) to cut the network")
def test_full_build_runs_with_the_network_off(built_project):
    """Cold-ish build (forced) inside a network namespace that has only loopback."""
    script = launcher_script("['build', '--force', '--jobs', '2']")
    (built_project / "offline_build.py").write_text(script)
    env = {**os.environ, "EGOVREPORT_ROOT": str(built_project),
           "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(["unshare", "-n", "sh", "-c", f"ip link set lo up 2>/dev/null; "
                           f"exec {sys.executable} offline_build.py"],
                          cwd=built_project, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "4 notebook(s) executed" in proc.stdout and "book built" in proc.stdout
    assert (built_project / "book" / "_build" / "html" / "intro.html").stat().st_size > 2000


@pytest.mark.browser
def test_pages_request_nothing_remote_in_a_browser(book_project, browser):
    """Load every page in Chromium and record each request the page (or its scripts) makes."""
    html = book_project / "book" / "_build" / "html"
    # index.html only redirects to the root page; _static holds theme templates, not pages
    pages = [p for p in sorted(html.rglob("*.html")) if "_static" not in p.parts and p.name != "index.html"]
    remote, missing = [], []
    context = browser.new_context()  # the session's Chromium (conftest), one Playwright per process
    page = context.new_page()
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:", "about:"))
            else remote.append(r.url))
    page.on("requestfailed", lambda r: missing.append(r.url))
    try:
        for f in pages:
            page.goto(f.as_uri(), wait_until="load")
    finally:
        context.close()
    assert len(pages) >= 8
    assert remote == []
    assert missing == []

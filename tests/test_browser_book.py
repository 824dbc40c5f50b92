"""The built report in a real browser (Debian's Chromium through Playwright), served on
localhost: every page loads cleanly, shows its images, links only to files that exist, loads
nothing from the internet; the search and the downloads work.

All pages of whatever book the pipeline built are checked (the list is read from the HTML
folder, never hard-coded). Each page is visited once per session (conftest ``visits``).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlparse

import pytest

from _browser_helpers import ARTIFACTS, anchors_of, local_target, page_in_fresh_context

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _report(problems: dict) -> str:
    return "\n".join(f"{page}: {item}" for page, items in sorted(problems.items()) for item in items)


def _page_of(nid: str) -> str:
    """Where a notebook's page is: the Mongolian book is published in mn/."""
    return f"mn/generated/{nid}.html" if nid.endswith("_mn") else f"generated/{nid}.html"


def test_the_book_has_its_pages(visits, real_report):
    pages = set(visits)
    assert {"index.html", "search.html", "mn/index.html", "mn/search.html"} <= pages
    assert "genindex.html" not in pages  # no empty index page (the pages define no index entries)
    for nid in real_report.result.notebooks:
        assert _page_of(nid) in pages, nid
    # every content page has a real title, not Sphinx's placeholder
    for rel, v in visits.items():
        assert v.title and "<no title>" not in v.title, rel


def test_every_page_loads_without_console_errors_or_failed_requests(visits):
    problems = {rel: [f"console error: {e}" for e in v.console_errors]
                + [f"uncaught exception: {e}" for e in v.page_errors]
                + [f"request failed ({status}): {url}" for status, url in v.failed_requests]
                for rel, v in visits.items()}
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, "pages with errors in the browser:\n" + _report(problems)


def test_no_request_leaves_localhost(visits):
    blocked = {rel: v.blocked for rel, v in visits.items() if v.blocked}
    total = sum(len(b) for b in blocked.values())
    assert total == 0, f"{total} request(s) to the internet were blocked:\n" + _report(blocked)


def test_every_image_is_displayed(visits):
    broken = {rel: [f"image not displayed: {img['src']}" for img in v.images if img["width"] == 0]
              for rel, v in visits.items()}
    broken = {k: v for k, v in broken.items() if v}
    assert not broken, _report(broken)
    # the check has something to check: the report has figures
    assert sum(len(v.images) for v in visits.values()) >= 1


def test_internal_links_point_at_existing_files_and_anchors(visits, book_site):
    html, base = book_site
    problems: dict[str, list] = {}
    checked = 0
    for rel, v in visits.items():
        for link in v.urls:
            url = link["abs"]
            if not url.startswith(base):
                continue  # another site (links to sources are fine; loading them is not)
            target, fragment = local_target(html, base, url)
            checked += 1
            if not target.is_file():
                problems.setdefault(rel, []).append(f"<{link['tag']}> {link['raw']} -> missing file")
            elif fragment and target.suffix == ".html" and fragment not in anchors_of(target):
                problems.setdefault(rel, []).append(f"<{link['tag']}> {link['raw']} -> no anchor #{fragment}")
    assert checked > 10 * len(visits)
    assert not problems, "broken internal links:\n" + _report(problems)


def _download_urls(visits, base) -> set[str]:
    urls = set()
    for v in visits.values():
        for link in v.urls:
            path = urlparse(link["abs"]).path
            if link["abs"].startswith(base) and ("/_downloads/" in path
                                                 or ("/_sources/" in path and path.endswith(".ipynb"))):
                urls.add(link["abs"].split("#")[0])
    return urls


def test_download_links_return_the_file(visits, book_site, browser, real_report):
    html, base = book_site
    urls = _download_urls(visits, base)
    # every executed notebook is offered for download from its page
    notebooks = {u for u in urls if u.endswith(".ipynb")}
    for nid in real_report.result.notebooks:
        prefix = "/mn" if nid.endswith("_mn") else ""
        assert any(u.endswith(f"{prefix}/_sources/generated/{nid}.ipynb") for u in notebooks), nid
    assert any("/_downloads/" in u for u in urls), "no {download} link anywhere in the book"
    blocked: list = []
    bad = []
    with page_in_fresh_context(browser, blocked) as page:
        for url in sorted(urls):
            response = page.request.get(url)
            body = response.body()
            if response.status != 200 or not body:
                bad.append(f"{response.status} ({len(body)} bytes) {url}")
    assert not bad, "downloads that do not work:\n" + "\n".join(bad)
    assert not blocked


def _search(browser, base: str, word: str) -> tuple[str, list[str]]:
    """Run Sphinx's search for ``word``; returns the summary line and the result links."""
    blocked: list = []
    with page_in_fresh_context(browser, blocked) as page:
        page.goto(f"{base}search.html?q={quote(word)}", wait_until="load")
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results .search-summary, "
            "#search-results p');  return s && /found|did not match/i.test(s.textContent); }",
            timeout=20000)
        summary = page.inner_text("#search-results").split("\n")[0]
        links = page.eval_on_selector_all("#search-results ul.search li a",
                                          "els => els.map(e => e.href)")
    assert not blocked
    return summary, links


KNOWN_PAGE = "generated/egdi_country_profile.html"


def _article_text(browser, url: str) -> str:
    """The rendered text of a page's main content (the theme's ``<article>``, no sidebars)."""
    blocked: list = []
    with page_in_fresh_context(browser, blocked) as page:
        page.goto(url, wait_until="load")
        text = page.inner_text("main article")
    assert not blocked
    return text


def test_search_finds_the_pages_that_contain_the_word(book_site, browser):
    html, base = book_site
    summary, links = _search(browser, base, "EGDI")
    pages_with_word = [p for p in html.rglob("*.html") if "_static" not in p.parts
                       and re.search(r"\bEGDI\b", p.read_text(encoding="utf-8", errors="replace"))]
    assert pages_with_word
    assert links, f"search for EGDI found nothing ({summary!r})"
    targets = {}
    for url in links:
        target, _ = local_target(html, base, url)
        assert target.is_file(), url
        targets[target.relative_to(html).as_posix()] = url
    # nearly every page has "EGDI" in its navigation sidebar: check that a page with the word in
    # its text is found, and that the result leads to the word in the page's main content
    assert KNOWN_PAGE in targets, (summary, sorted(targets))
    article = _article_text(browser, targets[KNOWN_PAGE])
    assert re.search(r"\bEGDI\b", article), f"{KNOWN_PAGE}: EGDI not in the article"
    # and it discriminates: a word that is nowhere finds nothing
    summary, links = _search(browser, base, "zyxwvutsrq")
    assert links == [] and "did not match" in summary.lower()


def test_the_mongolian_book_searches_its_own_pages_in_mongolian(book_site, browser):
    html, base = book_site
    blocked: list = []
    with page_in_fresh_context(browser, blocked) as page:
        page.goto(f"{base}mn/search.html?q={quote('өгөгдлийн')}", wait_until="load")
        # the heading says "searching" until the search has finished, then "search results"
        page.wait_for_function("() => { const h = document.querySelector('#search-results h2');"
                               " return h && h.innerText.trim() === 'Хайлтын үр дүн'; }", timeout=20000)
        title = page.inner_text("#search-results h2")
        links = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    assert not blocked
    assert title == "Хайлтын үр дүн"  # the search page's own words are Mongolian (sphinx.js catalogue)
    assert links and all("/mn/" in u for u in links), links


def test_front_page_screenshot(book_site, browser):
    html, base = book_site
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "front_page.png"
    blocked: list = []
    with page_in_fresh_context(browser, blocked) as page:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(base, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(shot), full_page=True)
        heading = page.inner_text("main h1")
    assert shot.stat().st_size > 10_000
    assert heading.strip()
    assert not blocked

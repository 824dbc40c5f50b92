"""The interactive charts of the real report ("Explore the data", English and Mongolian) opened
from file:// in Chromium: every chart renders, with zero requests that leave the files of the book,
no script error, no WCAG 2.1 A/AA violation (axe, light mode; colour contrast in dark mode too),
and every interaction works from the keyboard. Pages without charts do not load the Vega scripts."""

from __future__ import annotations

import pytest

from _browser_helpers import page_in_fresh_context
from test_a11y_book import AXE, DARK_MODE_JS, WCAG_TAGS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGES = ["generated/explore_data_en.html", "mn/generated/explore_data_mn.html"]  # the Mongolian book is in mn/
CHARTS = ["all-states", "components", "rank-trajectories", "governance-heatmap", "sensitivity"]
ALL_DRAWN = ("() => Array.from(document.querySelectorAll('.egov-vega'))"
             ".every(e => ['rendered', 'error'].includes(e.getAttribute('data-state')))")


def _open(browser, url: str, requests: list, errors: list, dark: bool = False):
    """A fresh page at ``url`` (file://) that records every request and every script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def gate(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", gate)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    if dark:
        page.add_init_script(DARK_MODE_JS)
    page.goto(url, wait_until="load")
    page.wait_for_function(ALL_DRAWN, timeout=30000)
    return context, page


def _axe(page, kind: str, values: list) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async ([kind, values]) => {
      const r = await axe.run(document, {runOnly: {type: kind, values: values}, resultTypes: ['violations']});
      return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""", [kind, values])


@pytest.mark.parametrize("rel", PAGES)
def test_every_chart_renders_from_file_with_no_external_request_and_passes_axe(real_report, browser, rel):
    html = real_report.html
    url = (html / rel).resolve().as_uri()
    requests, errors = [], []
    context, page = _open(browser, url, requests, errors)
    try:
        lang = rel.rsplit("_", 1)[1][:2]
        states = page.evaluate("Array.from(document.querySelectorAll('.egov-vega'))"
                               ".map(e => [e.id, e.getAttribute('data-state'), e.getAttribute('data-error')])")
        assert [s[0] for s in states] == [f"chart-explore-{c}-{lang}" for c in CHARTS]
        assert all(s[1] == "rendered" for s in states), states
        assert page.locator(".egov-vega svg").count() == len(CHARTS)  # drawn as SVG (ARIA, screen readers)
        external = [u for u in requests if not u.startswith("file://")]
        assert external == [], external
        assert any(u.endswith("vendor/vega-embed.min.js") or "vega-embed.min.js?" in u for u in requests)
        assert errors == []
        assert _axe(page, "tag", WCAG_TAGS) == []
    finally:
        context.close()
    context, page = _open(browser, url, [], [], dark=True)
    try:
        assert _axe(page, "rule", ["color-contrast"]) == []
    finally:
        context.close()


def test_charts_are_usable_with_the_keyboard(real_report, browser):
    url = (real_report.html / PAGES[0]).resolve().as_uri()
    context, page = _open(browser, url, [], [])
    try:
        def label_of(chart: str) -> str:
            return page.locator(f"#chart-explore-{chart}-en svg text").all_text_contents()

        # the state list of the first chart: Tab reaches it, an arrow key picks the next state
        state = page.locator("#chart-explore-all-states-en select")
        before = label_of("all-states")
        state.focus()
        assert page.evaluate("document.activeElement.tagName") == "SELECT"
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(300)
        assert label_of("all-states") != before
        # the heat map: choosing a cell in the list shows its evidence items
        box = page.locator("#chart-explore-governance-heatmap-en-evidence h3")
        first = box.text_content()
        cell = page.locator("#chart-explore-governance-heatmap-en select")
        cell.focus()
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(300)
        assert box.text_content() != first
        # ... and so does a click on a cell
        page.locator("#chart-explore-governance-heatmap-en svg path[role='graphics-symbol']").first.click()
        page.wait_for_timeout(300)
        assert box.text_content() == first
        # the sliders of the sensitivity view: an arrow key changes the target and the ranking
        bars = lambda: page.locator("#chart-explore-sensitivity-en svg text").all_text_contents()  # noqa: E731
        ranking = bars()
        slider = page.locator("#chart-explore-sensitivity-en input[type=range]").first
        slider.focus()
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(300)
        assert bars() != ranking
    finally:
        context.close()


def test_pages_without_charts_load_no_vega_script(real_report):
    intro = (real_report.html / "generated" / "key_findings_en.html").read_text(encoding="utf-8")
    assert "vendor/vega" not in intro
    explore = (real_report.html / PAGES[0]).read_text(encoding="utf-8")
    order = [explore.index(f"vendor/{name}") for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")]
    assert order == sorted(order)

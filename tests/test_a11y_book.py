"""Accessibility of the built report: an automated WCAG 2.1 AA audit of every page with axe-core
(from npm, pinned in package.json / package-lock.json, injected into Chromium by Playwright),
and alt text on every figure.

Pages are audited in the theme's default light mode with every WCAG 2.0/2.1 A and AA rule, and
again in its dark mode (which readers can switch to) for colour contrast, the only rule that
depends on the mode.

A violation fails the test unless ``tests/a11y_allowlist.yml`` lists it: that file is only for
issues of the Jupyter Book theme that the project cannot change, each with its reason. An
allow-list entry that no longer matches anything fails too, so the list cannot go stale.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import pytest
import yaml

from _browser_helpers import REPO, page_in_fresh_context

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ALLOWLIST = Path(__file__).resolve().parent / "a11y_allowlist.yml"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# mode -> what axe runs: all WCAG 2.1 A/AA rules in light mode, colour contrast again in dark mode
AUDITS = {"light": ("tag", WCAG_TAGS), "dark": ("rule", ["color-contrast"])}
DARK_MODE_JS = "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
IMAGE_FILE = re.compile(r"^[\w.\-/]+\.(png|svg|jpe?g|gif|webp|pdf)$", re.I)

_RUN_AXE = """
async ([kind, values]) => {
  const result = await axe.run(document, {runOnly: {type: kind, values: values},
                                          resultTypes: ['violations']});
  return {version: axe.version,
          violations: result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.map(t => Array.isArray(t) ? t.join(' ') : t).join(' '),
                                      html: n.html.slice(0, 200)}))}))};
}
"""


def load_allowlist() -> list[dict]:
    """Entries ``{rule, selector, reason[, pages]}``; ``selector`` is a regular expression matched
    against axe's CSS target of the node, ``pages`` an optional glob of page paths."""
    entries = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8")) or []
    for e in entries:
        assert {"rule", "selector", "reason"} <= set(e), f"{ALLOWLIST.name}: incomplete entry {e}"
        assert len(str(e["reason"]).strip()) > 20, f"{ALLOWLIST.name}: say why for {e['rule']}"
    return entries


def allowed_by(entries: list[dict], page: str, rule: str, target: str) -> int | None:
    """Index of the allow-list entry covering this violation (``page`` may end in " [mode]")."""
    for i, e in enumerate(entries):
        if (e["rule"] == rule and re.search(e["selector"], target)
                and fnmatch.fnmatch(page.split(" [")[0], e.get("pages", "*"))):
            return i
    return None


@pytest.fixture(scope="session")
def axe_results(book_site, browser) -> dict:
    """``{"<page> [<mode>]": {version, violations}}`` from axe-core for every page of the real
    report, in light and dark mode."""
    from _browser_helpers import book_pages

    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(REPO)} is missing: run `npm ci` in {REPO} (make test does)")
    html, base = book_site
    results = {}
    for rel in book_pages(html):
        if rel.split("/")[-1] == "index.html":
            continue  # only redirects to the root page of its book, which is audited itself
        for mode, audit in AUDITS.items():
            if mode == "dark" and rel.startswith("mn/"):
                continue  # the Mongolian book has the English one's CSS: its contrast is audited there
            blocked: list = []
            with page_in_fresh_context(browser, blocked) as page:
                if mode == "dark":
                    page.add_init_script(DARK_MODE_JS)  # what the theme's mode switch stores
                page.goto(base + rel, wait_until="load")
                page.add_script_tag(path=str(AXE))
                results[f"{rel} [{mode}]"] = page.evaluate(_RUN_AXE, list(audit))
            assert not blocked, (rel, blocked)
    return results


def test_axe_is_the_pinned_version(axe_results):
    import json

    lock = json.loads((REPO / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/axe-core"]["version"]
    versions = {r["version"] for r in axe_results.values()}
    assert versions == {pinned}


def test_every_page_meets_wcag_2_1_aa(axe_results):
    entries = load_allowlist()
    problems = []
    for page, result in sorted(axe_results.items()):
        for v in result["violations"]:
            for node in v["nodes"]:
                if allowed_by(entries, page, v["id"], node["target"]) is None:
                    problems.append(f"[{v['impact']}] {v['id']} on {page}: {node['target']}\n"
                                    f"    {v['help']}\n    {node['html']}")
    assert not problems, (f"{len(problems)} WCAG 2.1 AA violation(s) (fix them; "
                          f"{ALLOWLIST.name} is only for theme issues):\n" + "\n".join(problems))


def test_every_allowlist_entry_is_still_needed(axe_results):
    entries = load_allowlist()
    used = {allowed_by(entries, page, v["id"], node["target"])
            for page, result in axe_results.items() for v in result["violations"] for node in v["nodes"]}
    stale = [e for i, e in enumerate(entries) if i not in used]
    assert not stale, f"{ALLOWLIST.name}: entries that match nothing any more, remove them: {stale}"


def test_every_figure_has_alt_text_that_describes_it(visits):
    bad, figures = [], 0
    for rel, v in sorted(visits.items()):
        for img in v.images:
            if not img["inContent"]:
                continue
            figures += 1
            alt = (img["alt"] or "").strip()
            stem = Path(img["src"] or "").stem
            if len(alt) < 15 or IMAGE_FILE.match(alt) or alt == stem or (stem and stem in alt):
                bad.append(f"{rel}: {img['src']} has alt {img['alt']!r}")
    assert figures >= 1
    assert not bad, "figures without a real description:\n" + "\n".join(bad)

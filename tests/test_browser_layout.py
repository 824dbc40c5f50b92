"""The report as a reader sees it, in Chromium at 1280 px (desktop) and 390 px (phone), in both
books: the language of every page, the language switch, tables and figures that fit the text
column or scroll visibly, chart text of at least 9 pt, reader pages no wider than a phone.

Every page of the built report is checked (the list is read from the HTML folder).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _browser_helpers import book_pages, page_in_fresh_context

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SIZES = {"desktop": 1280, "phone": 390}

# Measured inside each page after load (egov-tables.js has run): the text column, every table
# and figure image with the width it gets and whether an element that scrolls sideways holds it.
_MEASURE_JS = """
async () => {
  for (const img of document.images) { img.loading = 'eager'; if (!img.complete) { try { await img.decode(); } catch (e) {} } }
  const article = document.querySelector('.bd-article');
  const col = article ? article.getBoundingClientRect().width
      - parseFloat(getComputedStyle(article).paddingLeft) - parseFloat(getComputedStyle(article).paddingRight) : 0;
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== article; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll') && p.clientWidth < document.documentElement.clientWidth) return p;
    }
    return null;
  };
  const tables = [...document.querySelectorAll('.bd-article table')].map(t => {
    const s = scroller(t);
    const cue = t.closest('.egov-scroll-cue');
    return {width: t.getBoundingClientRect().width, scroller: !!s,
            scrollerWidth: s ? s.clientWidth : null,
            cue: !!(cue && cue.classList.contains('egov-scrolls')
                    && getComputedStyle(cue.querySelector('.egov-scroll-hint')).display !== 'none')};
  });
  const figures = [...document.querySelectorAll('.bd-article figure img')].map(img => {
    const s = scroller(img);
    return {src: img.currentSrc.split('/').pop(), width: img.getBoundingClientRect().width,
            natural: img.naturalWidth, scroller: !!s, scrollerWidth: s ? s.clientWidth : null};
  });
  const captions = [...document.querySelectorAll('.bd-article figure figcaption')].map(c =>
      Math.max(c.getBoundingClientRect().width, ...[...c.children].map(e => e.getBoundingClientRect().width)));
  const link = document.querySelector('.egov-language-switch a');
  return {lang: document.documentElement.lang, column: col, tables, figures, captions,
          pageWidth: document.documentElement.scrollWidth,
          switchHref: link ? link.href : null, switchLang: link ? link.getAttribute('hreflang') : null};
}
"""


@pytest.fixture(scope="session")
def layouts(book_site, browser) -> dict:
    """``{(page, size): measurements}`` for every page of both books at both sizes."""
    html, base = book_site
    out = {}
    pages = [p for p in book_pages(html) if p != "index.html" and not p.startswith(("_downloads/", "mn/_downloads/"))
             and not p.endswith("/index.html")]
    for size, width in SIZES.items():
        blocked: list = []
        with page_in_fresh_context(browser, blocked) as page:
            page.set_viewport_size({"width": width, "height": 900})
            for rel in pages:
                page.goto(base + rel, wait_until="load")
                out[(rel, size)] = page.evaluate(_MEASURE_JS)
        assert not blocked
    return out


def _mongolian(page: str) -> bool:
    return page.startswith("mn/")


def test_every_page_declares_its_language(layouts):
    wrong = [f"{page}: lang={m['lang']!r}" for (page, size), m in layouts.items() if size == "desktop"
             and m["lang"] != ("mn" if _mongolian(page) else "en")]
    assert not wrong, "\n".join(wrong)
    assert any(_mongolian(p) for p, _ in layouts) and any(not _mongolian(p) for p, _ in layouts)


def test_the_language_switch_leads_to_a_page_in_the_other_language(layouts, book_site):
    from _browser_helpers import local_target

    html, base = book_site
    for (page, size), m in layouts.items():
        if size != "desktop" or page.endswith("search.html"):
            continue
        assert m["switchHref"], f"{page}: no language switch"
        target, _ = local_target(html, base, m["switchHref"])
        assert target.is_file(), (page, m["switchHref"])
        rel = target.relative_to(html).as_posix()
        assert _mongolian(rel) != _mongolian(page) and m["switchLang"] == ("en" if _mongolian(page) else "mn")
        # a reader page leads to the same page in the other language
        name = Path(page).stem
        if name.endswith(("_en", "_mn")):
            assert Path(rel).stem == name[:-3] + ("_en" if _mongolian(page) else "_mn"), (page, rel)


def test_the_text_column_is_the_width_the_figures_are_drawn_for(layouts):
    from egovreport.figures import DESKTOP_COLUMN_PX, PHONE_COLUMN_PX

    columns = {size: {round(m["column"]) for (p, s), m in layouts.items() if s == size and m["column"]}
               for size in SIZES}
    assert columns["desktop"] == {DESKTOP_COLUMN_PX}, columns
    assert columns["phone"] == {PHONE_COLUMN_PX}, columns


def test_no_table_is_wider_than_the_column_without_a_visible_scroll(layouts):
    problems = []
    for (page, size), m in layouts.items():
        for i, t in enumerate(m["tables"]):
            if t["width"] > m["column"] + 1:
                if not t["scroller"] or t["scrollerWidth"] > m["column"] + 1:
                    problems.append(f"{page} ({size}): table {i + 1} is {t['width']:.0f} px wide, cut off")
                elif not t["cue"]:
                    problems.append(f"{page} ({size}): table {i + 1} scrolls without the visible cue")
    assert not problems, "\n".join(problems)
    # the check has something to check: some tables do scroll on a phone
    assert any(t["width"] > m["column"] + 1 for (p, s), m in layouts.items() if s == "phone" for t in m["tables"])


def test_chart_text_renders_at_9_pt_or_more(layouts, real_report):
    from egovreport.figures import MIN_RENDERED_PT, SAVE_DPI

    figures = real_report.root / "book" / "generated" / "figures"
    problems, checked = [], 0
    for (page, size), m in layouts.items():
        for f in m["figures"]:
            name = f["src"].removesuffix(".png")
            narrow = name.endswith("_narrow")
            sidecar_file = figures / f"{name.removesuffix('_narrow')}.json"
            if not sidecar_file.exists():
                continue
            sidecar = json.loads(sidecar_file.read_text(encoding="utf-8"))
            info = sidecar["narrow"] if narrow else sidecar
            pt = info["min_font_pt"] * SAVE_DPI / 72 * 0.75 * f["width"] / f["natural"]
            checked += 1
            if pt < MIN_RENDERED_PT - 0.1:
                problems.append(f"{page} ({size}): {f['src']} text at {pt:.1f} pt")
            if f["width"] > m["column"] + 1 and not f["scroller"]:
                problems.append(f"{page} ({size}): {f['src']} wider than the column without a scroll")
    assert checked > 20
    assert not problems, "\n".join(problems)


def test_figures_fit_the_desktop_column_and_captions_wrap_to_the_column(layouts):
    """On a desktop no figure scrolls sideways (each is drawn for the text column with 9-pt text);
    on every screen a caption wraps to the column, also under a figure that scrolls."""
    problems = []
    for (page, size), m in layouts.items():
        if size == "desktop":
            problems += [f"{page}: {f['src']} is {f['width']:.0f} px wide, scrolls in a {m['column']:.0f} px column"
                         for f in m["figures"] if f["width"] > m["column"] + 1]
        problems += [f"{page} ({size}): caption {i + 1} is {w:.0f} px wide" for i, w in enumerate(m["captions"])
                     if w > m["column"] + 1]
    assert not problems, "\n".join(problems)
    assert sum(len(m["captions"]) for m in layouts.values()) > 40


def test_phones_get_the_narrow_figures_and_reader_pages_fit_the_screen(layouts):
    reader = [(page, m) for (page, size), m in layouts.items() if size == "phone"
              and Path(page).stem.endswith(("_en", "_mn")) and "policy_brief" not in page]
    assert len(reader) >= 20
    narrow = [f["src"] for _, m in reader for f in m["figures"] if f["src"].endswith("_narrow.png")]
    assert len(narrow) >= 10, narrow
    desktop_narrow = [f["src"] for (p, s), m in layouts.items() if s == "desktop" for f in m["figures"]
                      if f["src"].endswith("_narrow.png")]
    assert not desktop_narrow
    too_wide = [f"{page}: {m['pageWidth']} px" for page, m in reader if m["pageWidth"] > SIZES["phone"]]
    assert not too_wide, "reader pages wider than a 390 px phone:\n" + "\n".join(too_wide)


def test_the_downloadable_brief_fits_a_phone_and_keeps_its_a4_print_layout(book_site, browser):
    """The standalone brief (the HTML printed to the PDF) opened on a phone: one column, no page
    wider than 390 px; the print layout (two columns of tiles, A4 width) is unchanged."""
    html, base = book_site
    briefs = [p for p in book_pages(html) if p.startswith(("_downloads/", "mn/_downloads/"))
              and Path(p).name.startswith("policy_brief_")]
    assert {Path(p).name for p in briefs} == {"policy_brief_en.html", "policy_brief_mn.html"}
    blocked: list = []
    with page_in_fresh_context(browser, blocked) as page:
        for rel in briefs:
            page.set_viewport_size({"width": SIZES["phone"], "height": 844})
            page.goto(base + rel, wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= SIZES["phone"], f"{rel}: {width} px wide on a 390 px phone"
            cut = page.evaluate("[...document.querySelectorAll('figure.table')]"
                                ".filter(f => f.scrollWidth > f.clientWidth + 1).map(f => f.querySelector('figcaption').textContent)")
            assert not cut, f"{rel}: tables cut at the phone's edge: {cut}"
            page.emulate_media(media="print")
            columns = page.evaluate("getComputedStyle(document.querySelector('.figures, .tables-pair,"
                                    " .closing')).gridTemplateColumns.split(' ').length")
            assert columns == 2, f"{rel}: the printed brief lost its two columns"
            page.emulate_media(media="screen")
    assert not blocked

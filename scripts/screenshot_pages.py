"""Screenshots of every page of the built book, on a desktop and a phone screen.

    python scripts/screenshot_pages.py                      # book/_build/html -> build/screenshots/
    python scripts/screenshot_pages.py --label before       # build/screenshots/before/
    python scripts/screenshot_pages.py --pages key_findings # pages whose path contains a word
    python scripts/screenshot_pages.py --html other/html --out /tmp/shots

The book is served on an ephemeral localhost port and opened in Debian's Chromium
(``/usr/bin/chromium``, driven by Playwright; nothing is downloaded). Every request that
would leave localhost is blocked, as for a reader offline. Each page is captured full
length at 1280 px (desktop) and 390 px (phone) into ``<out>/<label>/{desktop,phone}/``,
one PNG per page named after its path (``mn/generated/key_findings_mn.html`` →
``mn__generated__key_findings_mn.png``). ``build/`` is git-ignored.

The script prints, per page, the language of ``<html lang>``, the page width at each size
and any element wider than the screen (what a reader would have to scroll sideways).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
# Lazy images are loaded before the capture (a full-page screenshot would show them blank).
_PREPARE_JS = """
async () => {
  for (const img of document.images) {
    img.loading = 'eager';
    if (!img.complete) { try { await img.decode(); } catch (e) {} }
  }
  const wide = [];
  const limit = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('.bd-article table, .bd-article img, .bd-article pre')) {
    const r = el.getBoundingClientRect();
    if (r.right > limit + 1 && !el.closest('.pst-scrollable-table-container, .egov-figure-scroll')) {
      wide.push(el.tagName.toLowerCase());
    }
  }
  return {lang: document.documentElement.lang, width: document.documentElement.scrollWidth, wide};
}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def pages_of(html: Path, words: list[str] | None) -> list[str]:
    """Every HTML page of the book (both languages), without the theme's templates and the
    redirecting index pages."""
    out = []
    for p in sorted(html.rglob("*.html")):
        rel = p.relative_to(html).as_posix()
        if "_static" in rel.split("/") or "_sources" in rel.split("/"):
            continue
        if 'http-equiv="refresh"' in p.read_text(encoding="utf-8", errors="replace")[:2000]:
            continue
        if words and not any(w in rel for w in words):
            continue
        out.append(rel)
    return out


def shoot(html: Path, out: Path, words: list[str] | None = None, sizes=SIZES) -> list[dict]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    report = []
    for kind in sizes:
        (out / kind).mkdir(parents=True, exist_ok=True)
    with serve(html) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            for kind, (width, height) in sizes.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              is_mobile=kind == "phone", has_touch=kind == "phone")
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                              or route.request.url.startswith("data:") else route.abort())
                page = context.new_page()
                for rel in pages_of(html, words):
                    page.goto(base + rel, wait_until="load")
                    try:
                        info = page.evaluate(_PREPARE_JS)
                    except Exception:  # noqa: BLE001 - the page navigated (a script); look again
                        page.wait_for_load_state("load")
                        info = page.evaluate(_PREPARE_JS)
                    target = out / kind / (rel.replace("/", "__").removesuffix(".html") + ".png")
                    page.screenshot(path=str(target), full_page=True)
                    report.append({"page": rel, "size": kind, "png": target, **info})
                context.close()
        finally:
            browser.close()
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--html", type=Path, default=ROOT / "book" / "_build" / "html")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    ap.add_argument("--label", default="current", help="sub-folder of --out (e.g. before, after)")
    ap.add_argument("--pages", nargs="*", help="only pages whose path contains one of these words")
    args = ap.parse_args(argv)
    if not (args.html / "index.html").exists():
        print(f"error: {args.html}/index.html not found: build the book first (make report)", file=sys.stderr)
        return 1
    report = shoot(args.html, args.out / args.label, args.pages)
    for r in report:
        wide = f"  WIDER THAN THE SCREEN: {', '.join(sorted(set(r['wide'])))}" if r["wide"] else ""
        print(f"{r['size']:7} lang={r['lang'] or '?':3} width={r['width']:5}  {r['page']}{wide}")
    print(f"{len(report)} screenshots in {args.out / args.label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Helpers for the browser and accessibility tests: serve the built book on localhost, drive
Debian's Chromium through Playwright, and record what each page does.

Every page is opened in a fresh browser context (empty storage, as a first visit), with every
request that would leave localhost blocked and counted.
"""

from __future__ import annotations

import functools
import re
import http.server
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
NOT_NETWORK = ("data:", "blob:", "about:", "javascript:", "mailto:", "tel:")


def chromium_path() -> str:
    """Debian's Chromium (never a Playwright-downloaded browser); fails with the fix if absent."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is not installed: `sudo apt-get install chromium` (or deselect the "
                    "browser tests with `-m 'not browser'`)")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on an ephemeral localhost port; yields the base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def book_pages(html: Path) -> list[str]:
    """Every HTML page of the built book, relative to its root (``_static`` holds theme
    templates, not pages)."""
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                   if "_static" not in p.relative_to(html).parts)
    assert pages, f"no HTML page under {html}"
    return pages


def is_local(url: str) -> bool:
    """True for a URL that does not need the network."""
    if url.startswith(NOT_NETWORK):
        return True
    parsed = urlparse(url)
    return parsed.scheme in ("", "file") or (parsed.hostname or "") in LOCAL_HOSTS


@contextmanager
def page_in_fresh_context(browser, blocked: list):
    """A page in its own browser context; requests that would leave localhost are aborted and
    appended to ``blocked``."""
    context = browser.new_context()

    def gate(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", gate)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


# Collected inside the page: every URL an element points at, images (loaded eagerly, even
# lazy ones below the fold) with their alt text, and every id/name that a fragment can target.
_COLLECT_JS = """
async () => {
  const urls = [];
  const attrs = [['a', 'href'], ['link', 'href'], ['area', 'href'], ['img', 'src'],
                 ['script', 'src'], ['source', 'src'], ['iframe', 'src'], ['video', 'src'],
                 ['audio', 'src'], ['embed', 'src'], ['object', 'data']];
  for (const [tag, attr] of attrs) {
    for (const el of document.querySelectorAll(`${tag}[${attr}]`)) {
      const raw = el.getAttribute(attr);
      let abs = raw;
      try { abs = new URL(raw, document.baseURI).href; } catch (e) {}
      urls.push({tag, raw, abs});
    }
  }
  const images = [];
  for (const img of document.images) {
    img.loading = 'eager';
    if (!img.complete || img.naturalWidth === 0) {
      try { await img.decode(); } catch (e) {}
    }
    const inContent = !!img.closest('main, article, .bd-article');
    images.push({src: img.getAttribute('src'), alt: img.getAttribute('alt'),
                 width: img.naturalWidth, inContent,
                 inFigure: !!img.closest('figure')});
  }
  return {urls, images, title: document.title, url: location.href};
}
"""


@dataclass
class PageVisit:
    """What one page did when loaded in Chromium."""

    page: str
    final_url: str = ""
    title: str = ""
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)  # (status or error, url), local only
    blocked: list = field(default_factory=list)  # remote URLs the page tried to load
    urls: list = field(default_factory=list)
    images: list = field(default_factory=list)


def visit(browser, html: Path, base: str, rel: str) -> PageVisit:
    """Load page ``rel`` of the book in folder ``html``, served at ``base``, in a fresh context and record console errors, uncaught exceptions,
    failed or blocked requests, links and images."""
    v = PageVisit(page=rel)
    with page_in_fresh_context(browser, v.blocked) as page:
        page.on("console", lambda m: v.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: v.page_errors.append(str(e)))

        def response(r):
            if r.status >= 400:
                v.failed_requests.append((r.status, r.url))

        def failed(r):
            if is_local(r.url):  # blocked remote requests are counted in `blocked`
                v.failed_requests.append((r.failure, r.url))

        page.on("response", response)
        page.on("requestfailed", failed)
        source = (html / rel).read_text(encoding="utf-8", errors="replace")
        refresh = re.search(r'<meta[^>]+http-equiv="refresh"[^>]+url=([^"\'>]+)', source, re.I)
        page.goto(base + rel, wait_until="commit" if refresh else "load")
        if refresh:  # index.html: follow the redirect to the root page before looking
            page.wait_for_url(urljoin(base + rel, refresh.group(1).strip()), wait_until="load")
        data = page.evaluate(_COLLECT_JS)
        v.final_url, v.title, v.urls, v.images = data["url"], data["title"], data["urls"], data["images"]
    return v


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key == "id" or (key == "name" and tag == "a"):
                self.ids.add(value or "")


@functools.lru_cache(maxsize=None)
def anchors_of(file: Path) -> frozenset[str]:
    """Ids (and ``<a name>``) a fragment can point at in a built HTML file."""
    parser = _Anchors()
    parser.feed(file.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


def local_target(html: Path, base: str, url: str) -> tuple[Path, str] | None:
    """``(file, fragment)`` a same-site URL points at, or ``None`` for another site."""
    if not url.startswith(base):
        return None
    parsed = urlparse(url)
    path = unquote(parsed.path).lstrip("/")
    target = html / path
    if path == "" or target.is_dir():
        target = target / "index.html"
    return target, unquote(parsed.fragment)

"""Building the Jupyter Book (the whole HTML) into a folder the pipeline chooses.

:func:`build_html` builds the book from a source folder (the run's ``build/next/book``:
the book's sources next to the run's staged ``generated/``) into a destination folder (the
run's ``build/next/html``), and checks it: warnings are errors, the front page must not be
empty, and no page may load anything from the internet. Publishing it
(``book/_build/html``, together with everything else the run made) is the pipeline's job
(:mod:`egovreport.pipeline.stage`), so a failed build leaves the published book as it was.
Sphinx doctrees are kept between builds (in ``build/book/_build/.doctrees``) so unchanged
pages are not parsed again; they are dropped after a failed build, because Sphinx would not
repeat the warnings of pages it does not re-read.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

from .. import paths
from .config import PipelineError
from .processes import subprocess_preexec


def work_dir() -> Path:
    return paths.build_dir() / "book"


def published_dir() -> Path:
    return paths.book_dir() / "_build" / "html"


def book_sources(hasher, source: Path | None = None, *, generated: bool = True) -> dict[str, str]:
    """``{"book/<path>": sha256}`` of the book's source files in ``source`` (default ``book/``):
    what a rebuild depends on. ``generated=False`` leaves out the notebooks' outputs (for the
    manifest's list of code and configuration)."""
    source = Path(source or paths.book_dir())
    out = {}
    for dirpath, dirnames, filenames in os.walk(source):
        rel_dir = Path(dirpath).relative_to(source)
        dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", ".ipynb_checkpoints")
                             and not (rel_dir == Path(".") and (d.startswith("_build")
                                                                 or (d == "generated" and not generated))))
        for name in sorted(filenames):
            if name.endswith(".pyc") or name == ".DS_Store":
                continue
            out[f"book/{(rel_dir / name).as_posix()}"] = hasher.file(Path(dirpath) / name)
    return dict(sorted(out.items()))


def effective_toc(pipeline_ids: set[str]) -> str:
    """The book's ``_toc.yml`` without entries for pipeline notebooks absent from this run.

    A run with ``--languages en`` produces no ``*_mn`` pages, and a page from an
    earlier run with other parameters must never be published, so the entries
    of pipeline notebooks whose executed notebook is missing are dropped. Any
    other missing file stays in, and the build fails on it.
    """
    toc_file = paths.book_dir() / "_toc.yml"
    if not toc_file.exists():
        raise PipelineError(f"{toc_file}: the book has no table of contents")
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    generated = paths.generated_dir()

    def absent(entry) -> bool:
        name = entry.get("file", "") if isinstance(entry, dict) else ""
        m = re.fullmatch(r"generated/([a-z0-9_]+)(\.ipynb)?", name)
        return bool(m) and m.group(1) in pipeline_ids and not (generated / f"{m.group(1)}.ipynb").exists()

    def prune(node):
        if isinstance(node, dict):
            return {k: (prune(v) if k in ("parts", "chapters", "sections") else v) for k, v in node.items()}
        if isinstance(node, list):
            return [prune(e) for e in node if not absent(e)]
        return node

    return yaml.safe_dump(prune(toc), sort_keys=False, allow_unicode=True)


class _ResourceScanner(HTMLParser):
    """Collects the URLs a page *loads* (not plain links)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "data", "poster"):
            if a.get(key):
                self.urls.append(a[key])
        if a.get("srcset"):
            self.urls.extend(part.strip().split(" ")[0] for part in a["srcset"].split(","))
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"])
        if a.get("style"):
            self.urls.extend(css_urls(a["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls.extend(css_urls(data))


def css_urls(css: str) -> list[str]:
    """URLs referenced by ``url(...)`` and ``@import`` in CSS."""
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    found += re.findall(r"@import\s+['\"]([^'\"]+)['\"]", css)
    return found


def is_remote(url: str) -> bool:
    """True for a URL that needs the network (anything not local or inline)."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parsed = urlparse(url)
    if parsed.scheme in ("", "file", "data", "blob", "about", "javascript", "mailto"):
        return False
    return parsed.hostname not in ("localhost", "127.0.0.1", "::1")


def loaded_urls(file: Path) -> list[str]:
    """URLs an HTML page or a stylesheet loads."""
    text = Path(file).read_text(encoding="utf-8", errors="replace")
    if Path(file).suffix == ".css":
        return css_urls(text)
    scanner = _ResourceScanner()
    scanner.feed(text)
    return scanner.urls


def local_files(page: Path, urls: list[str]) -> list[Path]:
    """Existing local files among ``urls`` (relative to ``page``), e.g. a page's images."""
    out = []
    for u in urls:
        parsed = urlparse(u)
        if parsed.scheme in ("", "file") and parsed.path:
            p = (Path(page).parent / unquote(parsed.path)).resolve()
            if p.is_file() and p not in out:
                out.append(p)
    return out


def find_remote_resources(html_dir: Path) -> list[tuple[str, str]]:
    """``(file, url)`` for every resource a built page or stylesheet would load from the internet."""
    hits = []
    for f in sorted(Path(html_dir).rglob("*")):
        if f.suffix in (".html", ".css"):
            hits.extend((f.relative_to(html_dir).as_posix(), u) for u in loaded_urls(f) if is_remote(u))
    return hits


def _empty_book(html: Path) -> str | None:
    """Why the built HTML is unusable (no index page, or an index that leads to an empty page)."""
    index = html / "index.html"
    if not index.is_file():
        return "no index.html was produced"
    text = index.read_text(encoding="utf-8", errors="replace")
    redirect = re.search(r'http-equiv="refresh"[^>]*url=([^"\'>]+)', text, flags=re.I)
    landing = html / redirect.group(1) if redirect else index
    if not landing.is_file() or landing.stat().st_size < 1000:
        return f"the front page {landing.name} is missing or empty"
    return None


def _first_problem(log: str) -> str:
    for line in log.splitlines():
        if re.search(r"(WARNING|ERROR|CRITICAL|Exception|Error:)", line):
            return re.sub(r"\x1b\[[0-9;]*m", "", line).strip()[:300]
    return "see the log"


def build_html(source: Path, dest: Path, toc_text: str, *, fresh: bool) -> dict:
    """Build the whole HTML book from ``source`` into ``dest`` (which must not exist yet).

    ``jupyter-book build -W --keep-going`` in the work folder ``build/book``; the result is
    moved to ``dest`` only if the build succeeded, the front page is not empty and no page
    loads a remote resource. Raises :class:`PipelineError` otherwise (``dest`` is then not
    created). Returns ``{"seconds", "pages"}``.
    """
    work = work_dir()
    out = work / "_build"
    html = out / "html"
    doctrees = out / ".doctrees"
    for stale in (html, out / "jupyter_execute"):
        shutil.rmtree(stale, ignore_errors=True)
    if fresh:
        shutil.rmtree(doctrees, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    toc_file = work / "_toc.yml"
    if not toc_file.exists() or toc_file.read_text(encoding="utf-8") != toc_text:
        toc_file.write_text(toc_text, encoding="utf-8")
    log_file = work / "build.log"
    cmd = [sys.executable, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())",
           "build", str(source), "--path-output", str(work), "--toc", str(toc_file),
           "-W", "--keep-going"]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          cwd=paths.project_root(), preexec_fn=subprocess_preexec)
    seconds = round(time.monotonic() - t0, 1)
    log_file.write_text(proc.stdout, encoding="utf-8")
    rel_log = log_file.relative_to(paths.project_root())

    def fail(reason: str) -> PipelineError:
        shutil.rmtree(doctrees, ignore_errors=True)  # next build re-reads every page
        return PipelineError(f"book build failed: {reason}; the published book is untouched "
                             f"(log: {rel_log})")

    if proc.returncode != 0:
        raise fail(f"jupyter-book exited with {proc.returncode}: {_first_problem(proc.stdout)}")
    empty = _empty_book(html)
    if empty:
        raise fail(empty)
    remote = find_remote_resources(html)
    if remote:
        page, url = remote[0]
        raise fail(f"{page} loads {url} from the internet ({len(remote)} remote resource(s); "
                   f"the HTML must work offline)")
    (html / ".buildinfo").unlink(missing_ok=True)  # Sphinx's own cache note, not for readers
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.rename(html, dest)
    pages = sum(1 for _ in dest.rglob("*.html"))
    return {"seconds": seconds, "pages": pages}

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

import json
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


DEFAULT_LANGUAGE = "en"


def toc_file(language: str = DEFAULT_LANGUAGE) -> Path:
    """ToC of the book in ``language``: ``book/_toc.yml`` (English), ``book/_toc_<lang>.yml``."""
    name = "_toc.yml" if language == DEFAULT_LANGUAGE else f"_toc_{language}.yml"
    return paths.book_dir() / name


def book_languages() -> list[str]:
    """Languages that have a book: English (``_toc.yml``) first, then each ``_toc_<lang>.yml``."""
    others = sorted(p.stem.removeprefix("_toc_") for p in paths.book_dir().glob("_toc_*.yml"))
    return [DEFAULT_LANGUAGE] + [lang for lang in others if lang != DEFAULT_LANGUAGE]


def effective_toc(pipeline_ids: set[str], language: str = DEFAULT_LANGUAGE) -> str:
    """The book's ToC (``_toc.yml``, or ``_toc_<language>.yml``) without entries for pipeline
    notebooks absent from this run.

    A run with ``--languages en`` produces no ``*_mn`` pages, and a page from an
    earlier run with other parameters must never be published, so the entries
    of pipeline notebooks whose executed notebook is missing are dropped. Any
    other missing file stays in, and the build fails on it. A root page that is
    absent is replaced by the first remaining entry (e.g. an English book of a
    ``--languages mn`` run keeps its methods part); parts left empty are dropped.
    """
    toc_path = toc_file(language)
    if not toc_path.exists():
        raise PipelineError(f"{toc_path}: the book has no table of contents")
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    generated = paths.generated_dir()

    def absent_file(name: str) -> bool:
        m = re.fullmatch(r"generated/([a-z0-9_]+)(\.ipynb)?", name or "")
        return bool(m) and m.group(1) in pipeline_ids and not (generated / f"{m.group(1)}.ipynb").exists()

    def absent(entry) -> bool:
        return isinstance(entry, dict) and absent_file(entry.get("file", ""))

    def prune(node):
        if isinstance(node, dict):
            out = {k: (prune(v) if k in ("parts", "chapters", "sections") else v) for k, v in node.items()}
            # an emptied list is invalid in _toc.yml: drop the key ("sections") or the part
            return {k: v for k, v in out.items() if not (k in ("sections", "chapters") and v == [])}
        if isinstance(node, list):
            kept = [prune(e) for e in node if not absent(e)]
            # a part whose chapters were all dropped (the Mongolian part of a `--languages en` run)
            return [e for e in kept if not (isinstance(e, dict) and "caption" in e and "chapters" not in e
                                            and "file" not in e)]
        return node

    toc = prune(toc)
    if absent_file(toc.get("root", "")):
        boxes = [*toc.get("parts", []), toc]
        first = next((c for box in boxes for c in box.get("chapters", []) if isinstance(c, dict) and "file" in c),
                     None)
        toc["root"] = first["file"] if first else None
        if first:
            next(box for box in boxes if first in box.get("chapters", []))["chapters"].remove(first)
            if "parts" in toc:
                toc["parts"] = [part for part in toc["parts"] if part.get("chapters")]
    for key in ("parts", "chapters"):
        if toc.get(key) == []:  # an empty list is invalid in _toc.yml
            del toc[key]
    return yaml.safe_dump(toc, sort_keys=False, allow_unicode=True)


def run_tocs(pipeline_ids: set[str], toc_text: str | None = None) -> dict[str, str]:
    """``{language: ToC}`` of the books this run has: a language gets a book only when the run
    produced pages in it, not for its static pages alone (a ``--languages en`` run has no
    Mongolian book). ``toc_text`` is the English ToC when the caller has it already."""
    tocs = {}
    for lang in book_languages():
        text = toc_text if (lang == DEFAULT_LANGUAGE and toc_text is not None) else effective_toc(pipeline_ids, lang)
        if any(page.startswith("generated/") for page in toc_pages(text)):
            tocs[lang] = text
    return tocs


def toc_pages(toc_text: str) -> list[str]:
    """Every document of a ToC (root first)."""
    toc = yaml.safe_load(toc_text) or {}
    out = [toc["root"]] if toc.get("root") else []

    def walk(node):
        if isinstance(node, dict):
            if node.get("file"):
                out.append(node["file"])
            for key in ("parts", "chapters", "sections"):
                walk(node.get(key))
        elif isinstance(node, list):
            for e in node:
                walk(e)
    walk(toc.get("parts") or toc.get("chapters"))
    return out


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


# --------------------------------------------------------------------------- per-language books
# The English book is published at the root of the HTML folder, every other language's book in
# a sub-folder named after the language (``html/mn/``), each with its own ToC (``_toc.yml``,
# ``_toc_<lang>.yml``), Sphinx ``language`` (so ``<html lang="mn">``), configuration
# overrides (``_config_<lang>.yml``: title, search text, footer) and the theme's strings from
# gettext catalogues (``book/_locales/<lang>/LC_MESSAGES/*.po``, compiled here). Every page
# links to its counterpart in the other languages (egovreport.book_chrome).


def edition_prefix(language: str) -> str:
    """Folder of a language's book inside the published HTML folder ('' for English)."""
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def compile_catalogues(target: Path) -> dict[str, Path]:
    """Compile ``book/_locales/<lang>/LC_MESSAGES/*.po`` into ``target`` (``.mo`` files, and
    Sphinx's ``sphinx.js`` for the search page's strings); returns ``{language: folder}``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    out = {}
    source = paths.book_dir() / "_locales"
    for po_file in sorted(source.glob("*/LC_MESSAGES/*.po")):
        lang = po_file.parent.parent.name
        dest = target / lang / "LC_MESSAGES"
        dest.mkdir(parents=True, exist_ok=True)
        with open(po_file, "rb") as fh:
            catalog = read_po(fh, locale=lang, domain=po_file.stem)
        with open(dest / f"{po_file.stem}.mo", "wb") as fh:
            write_mo(fh, catalog, use_fuzzy=True)
        if po_file.stem == "sphinx":
            messages = {m.id: m.string for m in catalog if m.id and m.string and isinstance(m.id, str)
                        and any(loc[0].endswith(".js") for loc in m.locations)}
            (dest / "sphinx.js").write_text(
                "Documentation.addTranslations(" + json.dumps(
                    {"locale": lang, "messages": messages, "plural_expr": "(n != 1)"},
                    ensure_ascii=False, sort_keys=True) + ");\n", encoding="utf-8")
        out[lang] = target
    return out


def language_config(language: str, editions: dict, locale_dir: Path | None) -> dict:
    """The Jupyter Book configuration of one language's book: ``_config.yml`` with
    ``_config_<language>.yml`` merged over it, the Sphinx language, the compiled catalogues and
    what the language switch needs (``egov_*`` values, read by egovreport.book_chrome)."""
    base = yaml.safe_load((paths.book_dir() / "_config.yml").read_text(encoding="utf-8")) or {}
    over_file = paths.book_dir() / f"_config_{language}.yml"
    if over_file.exists():
        base = _merge(base, yaml.safe_load(over_file.read_text(encoding="utf-8")) or {})
    depth = {lang: edition_prefix(lang) for lang in editions}
    own = depth[language]
    links = {}
    for lang, info in editions.items():
        # from this book's root to the other book's root ('' for itself)
        up = "../" * own.count("/")
        links[lang] = {"root_url": "" if lang == language else up + depth[lang], "root": info["root"], "pages": info["pages"],
                       "titles": info.get("titles", {})}
    sphinx_cfg = {"language": language, "egov_language": language, "egov_editions": links}
    if locale_dir is not None:
        sphinx_cfg["locale_dirs"] = [str(locale_dir)]
        sphinx_cfg["egov_locale_dir"] = str(locale_dir)
    return _merge(base, {"sphinx": {"config": sphinx_cfg}})


def _jupyter_book_command(source: Path, out: Path, config: Path, toc: Path) -> list[str]:
    return [sys.executable, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())",
            "build", str(source), "--path-output", str(out), "--config", str(config), "--toc", str(toc),
            "-W", "--keep-going"]


def page_title(docname: str, book: Path | None = None) -> str:
    """Title of a book page: the first level-1 heading of its source (for a per-language
    notebook, of the cells of its language), else the document name."""
    from ..book_language_cells import keep_cell, page_language

    book = Path(book or paths.book_dir())
    notebook = book / f"{docname}.ipynb"
    if notebook.exists():
        try:
            nb = json.loads(notebook.read_text(encoding="utf-8"))
        except ValueError:
            return docname
        language = page_language(nb)
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "markdown" and keep_cell(cell, language):
                source = cell.get("source", "")
                for line in ("".join(source) if isinstance(source, list) else source).splitlines():
                    if line.startswith("# "):
                        return line[2:].strip()
        return docname
    page = book / f"{docname}.md"
    if page.exists():
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return docname


def _build_languages(source: Path, toc_text: str | None = None, *, fresh: bool) -> tuple[Path, float, dict]:
    """Build the book of every language into ``build/book/_build/html`` (English at its root,
    other languages in ``<lang>/``); the Sphinx builds of the languages run in parallel.

    ``toc_text`` is the English ToC of this run (:func:`effective_toc`); the others are derived
    here. A language whose ToC has no page in this run (e.g. ``--languages en``) gets no book.
    Returns the HTML folder, the seconds taken and ``{language: log file}``. Raises
    :class:`PipelineError` naming the language and the first problem.
    """
    from .config import load_pipeline
    from ..i18n import LANGUAGES

    work = work_dir()
    work.mkdir(parents=True, exist_ok=True)
    tocs = run_tocs(load_pipeline().all_possible_ids(LANGUAGES), toc_text)
    if not tocs:
        raise PipelineError("book build failed: no table of contents has a page in this run")
    editions = {}
    for lang, text in tocs.items():
        pages = toc_pages(text)
        editions[lang] = {"root": pages[0], "pages": pages, "titles": {p: page_title(p, source) for p in pages}}
    locale_root = work / "locale"
    shutil.rmtree(locale_root, ignore_errors=True)
    compiled = compile_catalogues(locale_root)
    jobs = {}
    t0 = time.monotonic()
    for lang, text in tocs.items():
        lang_work = work if lang == DEFAULT_LANGUAGE else work / lang
        out = lang_work / "_build"
        for stale in (out / "html", out / "jupyter_execute"):
            shutil.rmtree(stale, ignore_errors=True)
        if fresh:
            shutil.rmtree(out / ".doctrees", ignore_errors=True)
        lang_work.mkdir(parents=True, exist_ok=True)
        toc = lang_work / "_toc.yml"
        if not toc.exists() or toc.read_text(encoding="utf-8") != text:
            toc.write_text(text, encoding="utf-8")
        config = lang_work / "_config.yml"
        config_text = yaml.safe_dump(language_config(lang, editions, compiled.get(lang)), sort_keys=False,
                                     allow_unicode=True)
        if not config.exists() or config.read_text(encoding="utf-8") != config_text:
            config.write_text(config_text, encoding="utf-8")
        log = lang_work / "build.log"
        with open(log, "w", encoding="utf-8") as log_fh:  # the child keeps its own copy of the handle
            jobs[lang] = (subprocess.Popen(_jupyter_book_command(source, lang_work, config, toc),
                                           stdout=log_fh, stderr=subprocess.STDOUT, cwd=paths.project_root(),
                                           preexec_fn=subprocess_preexec),
                          log, out)
    failures = []
    for lang, (proc, log, out) in jobs.items():
        code = proc.wait()
        if code != 0:
            text = log.read_text(encoding="utf-8", errors="replace")
            failures.append(f"{lang} book: jupyter-book exited with {code}: {_first_problem(text)} "
                            f"(log: {log.relative_to(paths.project_root())})")
    seconds = round(time.monotonic() - t0, 1)
    if failures:
        for lang, (_, _, out) in jobs.items():
            shutil.rmtree(out / ".doctrees", ignore_errors=True)  # next build re-reads every page
        raise PipelineError("; ".join(failures))
    html = work / "_build" / "html"
    if DEFAULT_LANGUAGE not in jobs:  # e.g. --languages mn with no English page at all
        shutil.rmtree(html, ignore_errors=True)
        html.mkdir(parents=True)
    for lang, (_, _, out) in jobs.items():
        if lang != DEFAULT_LANGUAGE:
            os.rename(out / "html", html / lang)
    if DEFAULT_LANGUAGE not in jobs:
        first = next(iter(jobs))
        (html / "index.html").write_text(
            f'<!DOCTYPE html>\n<html lang="{first}"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={first}/index.html"></head></html>\n', encoding="utf-8")
    return html, seconds, {lang: log for lang, (_, log, _) in jobs.items()}


def build_html(source: Path, dest: Path, toc_text: str, *, fresh: bool) -> dict:
    """Build the whole HTML from ``source`` into ``dest`` (which must not exist yet): the book of
    every language (English at the root, the others in ``<lang>/``, :func:`_build_languages`).

    The result is moved to ``dest`` only if every build succeeded, the front page is not empty
    and no page loads a remote resource. Raises :class:`PipelineError` otherwise (``dest`` is
    then not created). Returns ``{"seconds", "pages"}``.
    """
    work = work_dir()
    rel_log = (work / "build.log").relative_to(paths.project_root())

    def fail(reason: str) -> PipelineError:
        for lang in book_languages():
            lang_work = work if lang == DEFAULT_LANGUAGE else work / lang
            shutil.rmtree(lang_work / "_build" / ".doctrees", ignore_errors=True)  # re-read every page
        log = "" if "(log: " in reason else f" (log: {rel_log})"
        return PipelineError(f"book build failed: {reason}; the published book is untouched{log}")

    try:
        html, seconds, _logs = _build_languages(source, toc_text, fresh=fresh)
    except PipelineError as exc:
        raise fail(str(exc).removeprefix("book build failed: ")) from None
    empty = _empty_book(html)
    if empty:
        raise fail(empty)
    remote = find_remote_resources(html)
    if remote:
        page, url = remote[0]
        raise fail(f"{page} loads {url} from the internet ({len(remote)} remote resource(s); "
                   f"the HTML must work offline)")
    for buildinfo in html.rglob(".buildinfo"):
        buildinfo.unlink()  # Sphinx's own cache note, not for readers
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.rename(html, dest)
    pages = sum(1 for _ in dest.rglob("*.html"))
    return {"seconds": seconds, "pages": pages}

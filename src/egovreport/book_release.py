"""Sphinx extension (``extra_extensions`` in ``book/_config.yml``): the citation, the version and
the code on every page of the book, and the vendored Vega scripts on the pages with interactive
charts.

- Every page's footer gives the suggested citation (from ``CITATION.cff``, in the page's
  language), the version and commit of the build, and links to the source code of the build, the
  citation file, the data sources and the provenance page. Also ``citation_*`` meta tags, which
  reference managers (Zotero) read.
- After a successful build the book's ``downloads/`` folder holds the source archive of the
  build (``egovreport-<version>-src.tar.gz``: the project's files as ``git`` lists them, build
  products left out, i.e. code, notebooks, book sources and the raw snapshots with their
  ``SHA256SUMS`` and source cards), ``CITATION.cff``, the raw data's ``SHA256SUMS`` and the run's
  RO-Crate (``ro-crate-metadata.json``, :mod:`egovreport.rocrate`): so every
  page reaches the code and the exact raw data, offline, even before the project has a public
  repository. When ``CITATION.cff`` names one (``repository-code``), the footer links to it too.

- Pages that hold an interactive chart (:mod:`egovreport.interactive`, marked by the class
  ``egov-vega``) get the three vendored scripts of ``book/_static/vendor`` (Vega, Vega-Lite,
  Vega-Embed), once, in the page head; other pages load none of them.

The archive is deterministic (sorted names, fixed times and owners, gzip without a time stamp).
The page language is the page's own (a per-language page ``<id>_mn``), else the book's
``language`` setting (a Mongolian book built with ``language: mn``), else English.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import shutil
import tarfile
from pathlib import Path

from . import __version__, paths
from .citation import authors_text, citation_text, metadata, repository, version
from .i18n import LANGUAGES, t

DOWNLOADS = "downloads"
VENDOR_SCRIPTS = ("vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js")
CHART_MARK = "egov-vega"
CSS_FILE = "egovreport-release.css"
# pages the footer links to, when the book has them (docnames)
DATA_SOURCES_PAGE = "generated/annex_data_sources"
PROVENANCE_PAGE = "generated/provenance"


def archive_name() -> str:
    return f"egovreport-{version()}-src.tar.gz"


def _build_commit() -> dict:
    """Commit of the build: the published manifest's (what the pages were made from), else git's."""
    manifest = paths.generated_dir() / "manifest.json"
    try:
        git = json.loads(manifest.read_text(encoding="utf-8")).get("git") or {}
    except (OSError, ValueError):
        from .pipeline.manifest import git_info

        git = git_info()
    return {"commit": git.get("commit"), "dirty": git.get("dirty")}


def source_files(root: Path) -> list[str]:
    """Project files that make up the source archive (what ``copy_project`` copies)."""
    from .pipeline.workspace import _is_build_product, _listed_files

    files = _listed_files(root)
    if files is None:  # not a git checkout (e.g. an unpacked archive)
        files = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    return sorted(f for f in files if (root / f).is_file() and not _is_build_product(Path(f)))


def write_source_archive(target: Path, root: Path | None = None) -> Path:
    """A deterministic ``.tar.gz`` of the project's source files under ``egovreport-<version>/``."""
    root = Path(root) if root is not None else paths.project_root()
    prefix = f"egovreport-{version()}"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel in source_files(root):
            path = root / rel
            info = tarfile.TarInfo(f"{prefix}/{rel}")
            info.size = path.stat().st_size
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            info.mode = 0o755 if path.stat().st_mode & 0o100 else 0o644
            with open(path, "rb") as fh:
                tar.addfile(info, fh)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(buffer.getvalue())
    return target


def page_language(app, context) -> str:
    lang = context.get("egovreport_language")
    if lang in LANGUAGES:
        return lang
    configured = (app.config.language or "en").split("_")[0]
    return configured if configured in LANGUAGES else "en"


def footer_html(lang: str, link, has_page, build: dict, has_crate: bool = False) -> str:
    """The footer block; ``link(path, resource)`` makes a relative URL, ``has_page(docname)``
    says whether the book has a page."""
    e = html.escape
    cite = e(citation_text(lang, markdown=False))
    commit = build.get("commit")
    version_line = f"{e(t('release.footer_version', lang))} {e(version())}"
    if commit:
        dirty = " +" if build.get("dirty") else ""
        version_line += f", {e(t('release.footer_commit', lang))} <code>{e(commit[:10])}{dirty}</code>"
    links = [f'<a href="{e(link(f"{DOWNLOADS}/{archive_name()}", True))}">{e(t("release.footer_code", lang))}</a>'
             f" (tar.gz)",
             f'<a href="{e(link(f"{DOWNLOADS}/CITATION.cff", True))}">CITATION.cff</a>']
    repo = repository()
    if repo:
        links.append(f'<a href="{e(repo)}">{e(t("release.footer_code_repository", lang))}</a>')
    if has_page(DATA_SOURCES_PAGE):
        links.append(f'<a href="{e(link(DATA_SOURCES_PAGE, False))}">{e(t("release.footer_data", lang))}</a>')
    links.append(f'<a href="{e(link(f"{DOWNLOADS}/SHA256SUMS", True))}">SHA256SUMS (data/raw)</a>')
    if has_page(PROVENANCE_PAGE):
        links.append(f'<a href="{e(link(PROVENANCE_PAGE, False))}">{e(t("release.footer_provenance", lang))}</a>')
    if has_crate:
        links.append(f'<a href="{e(link(f"{DOWNLOADS}/ro-crate-metadata.json", True))}">'
                     f'{e(t("release.footer_rocrate", lang))}</a>')
    return (f'<div class="egov-citation" lang="{lang}">'
            f'<p><strong>{e(t("release.footer_cite", lang))}:</strong> {cite}</p>'
            f'<p>{version_line} · {" · ".join(links)}</p>'
            f'<p>{e(t("release.footer_licence", lang))}</p></div>')


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if CHART_MARK in (context.get("body") or ""):
        for n, script in enumerate(VENDOR_SCRIPTS):  # for this page only; in this order
            app.add_js_file(script, priority=510 + n)  # (vega-embed reads the other two on load)
    lang = page_language(app, context)
    pathto = context.get("pathto")
    if pathto is None:
        return

    def link(target: str, resource: bool) -> str:
        return pathto(target, 1) if resource else pathto(target)

    footer = footer_html(lang, link, lambda doc: doc in app.env.all_docs, app.egovreport_build,
                         has_crate=(paths.generated_dir() / "ro-crate-metadata.json").is_file())
    context["theme_extra_footer"] = footer
    meta = metadata()
    tags = [("citation_title", str(meta.get("title") or "")), ("citation_author", authors_text(meta)),
            ("citation_version", version())]
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<meta name="{n}" content="{html.escape(v)}" />' for n, v in tags if v)


def _add_language(app, pagename, templatename, context, doctree) -> None:
    """A per-language page (``key_findings_mn``) is in its language; others in the book's."""
    if pagename.endswith(tuple(f"_{code}" for code in LANGUAGES)):
        context["egovreport_language"] = pagename.rsplit("_", 1)[1]


def _config_inited(app, config) -> None:
    """Jupyter Book adds every ``.js`` under ``book/_static`` to every page (``html_js_files``):
    the vendored Vega scripts (840 KB) are taken out, and added only to chart pages, in order."""
    def entry_name(entry) -> str:
        return str(entry[0] if isinstance(entry, (tuple, list)) else entry).replace("\\", "/")

    config.html_js_files = [e for e in config.html_js_files
                            if not entry_name(e).lstrip("./").startswith("vendor/")]


def _builder_inited(app) -> None:
    app.egovreport_build = _build_commit()
    static = Path(__file__).resolve().parent / "static" / "book"
    if static.is_dir() and str(static) not in app.config.html_static_path:
        app.config.html_static_path.append(str(static))
    app.add_css_file(CSS_FILE)


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / DOWNLOADS
    root = paths.project_root()
    write_source_archive(out / archive_name(), root)
    copies = ((root / "CITATION.cff", "CITATION.cff"), (paths.raw_dir() / "SHA256SUMS", "SHA256SUMS"),
              (paths.generated_dir() / "ro-crate-metadata.json", "ro-crate-metadata.json"))
    for src, name in copies:
        if src.is_file():
            shutil.copyfile(src, out / name)


def setup(app):
    app.connect("config-inited", _config_inited, priority=900)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _add_language, priority=400)
    app.connect("html-page-context", _page_context, priority=500)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": __version__}


"""Sphinx extension (``extra_extensions`` in ``book/_config.yml``): the page chrome of the
per-language books.

The pipeline builds one book per language (``egovreport.pipeline.book.build_html``): English
at the root of the HTML folder, Mongolian in ``mn/``. It passes each book

``egov_language``
    the book's language;
``egov_editions``
    ``{language: {"root_url": ..., "root": docname, "pages": [docnames], "titles": {...}}}``
    for every book of the run: the URL of that book's root folder relative to this book's
    root, its root page, its pages and their titles;
``egov_locale_dir``
    the compiled gettext catalogues (``book/_locales``), from which the theme's own
    ``booktheme`` strings are translated too (Sphinx reads ``locale_dirs`` only for its
    ``sphinx`` catalogue).

On every page this extension provides ``egov_language_links`` to the
``language-switch.html`` template (a link to the same page in each other language: the page
``<name>_<other>`` when that book has it, else the other book's front page) and adds
``<link rel="alternate" hreflang=...>`` to the page head.

Every page of a book whose translation is still a draft starts with the draft-translation
notice (:func:`egovreport.i18n.draft_notice_text`), inserted here once for all pages (reader
pages, the policy brief, the data explorer, the annexes and the methods page alike).

A ``{doc}`` reference to a page that only another book has (a Mongolian page pointing at an
English methods page) is resolved to that page in the other book, instead of failing the build:
its title in this book's language (:func:`other_book_label`) followed, once, by the language the
page is in ("Семинарын үнэлгээний статистик шинжилгээ (англи хэлээр)").
"""

from __future__ import annotations

import re
from html import escape

from .i18n import LANGUAGE_NAMES

# Pages Sphinx writes without a source document; each book has its own.
_BUILT_IN_PAGES = {"search", "genindex"}


def counterpart(pagename: str, language: str, other: str, pages: list[str], root: str) -> str:
    """The page of the ``other`` book that corresponds to ``pagename`` of the ``language`` book."""
    if pagename in _BUILT_IN_PAGES:
        return pagename
    suffix = f"_{language}"
    if pagename.endswith(suffix):
        candidate = pagename[: -len(suffix)] + f"_{other}"
        if candidate in pages:
            return candidate
    if pagename in pages:  # a page both books share (none today)
        return pagename
    return root


def language_links(pagename: str, language: str, editions: dict) -> list[dict]:
    """``[{lang, label, url}]``: the counterpart of ``pagename`` in every other book."""
    up = "../" * pagename.count("/")
    links = []
    for other, info in editions.items():
        if other == language:
            continue
        target = counterpart(pagename, language, other, info.get("pages") or [], info["root"])
        links.append({"lang": other, "label": LANGUAGE_NAMES.get(other, other),
                      "url": f"{up}{info['root_url']}{target}.html"})
    return links


def other_book_label(target: str, language: str, own_titles: dict, other_title: str) -> str:
    """Link text, in ``language``, for the page ``target`` of another book: the title the
    catalogue gives it (``report.english_page.<page>``, the methods notebooks), else the title of
    its counterpart in this book (``annex_methodology_en`` → the Mongolian annex's title), else its
    own title."""
    from .i18n import catalogue

    page = target.rsplit("/", 1)[-1]
    label = catalogue(language).get(f"report.english_page.{page}")
    if label:
        return str(label)
    from .i18n import LANGUAGES

    for lang in LANGUAGES:  # a per-language page "<name>_<lang>": its counterpart "<name>_<language>"
        if page.endswith(f"_{lang}"):
            counterpart = target[: -len(lang) - 1] + f"_{language}"
            if own_titles.get(counterpart):
                return own_titles[counterpart]
    return other_title


def _other_book_reference(app, env, node, contnode):
    """``missing-reference`` handler: a ``{doc}`` target that another book of the run has."""
    from docutils import nodes
    from sphinx.locale import _
    from sphinx.util import docname_join

    if node.get("reftype") != "doc":
        return None
    refdoc = node.get("refdoc", "")
    target = docname_join(refdoc, node.get("reftarget", ""))
    language = app.config.egov_language or "en"
    for other, info in (app.config.egov_editions or {}).items():
        if other == language or target not in (info.get("pages") or []):
            continue
        url = "../" * refdoc.count("/") + info["root_url"] + target + ".html"
        if node.get("refexplicit"):
            children = contnode.deepcopy().children
        else:
            own_titles = {doc: title.astext() for doc, title in env.titles.items()}
            title = other_book_label(target, language, own_titles, (info.get("titles") or {}).get(target, target))
            children = [nodes.Text(title)]
        name = _("in English") if other == "en" else LANGUAGE_NAMES.get(other, other)
        ref = nodes.reference("", "", *children, internal=False, refuri=url,
                              classes=["egov-other-language"])
        return nodes.inline("", "", ref, nodes.Text(f" ({name})"))
    return None


# A figure written by egovreport.figures.SavedFigure with a phone variant: the figure has the
# class egov-picture and its legend holds the narrow image (class egov-narrow-source).
_PICTURE_FIGURE = re.compile(r'<figure class="[^"]*\begov-picture\b[^"]*"[^>]*>.*?</figure>', re.S)
_IMG = re.compile(r'<img\b[^>]*>')
_NARROW_IMG = re.compile(r'<img\b[^>]*\begov-narrow-source\b[^>]*>')
_SRC = re.compile(r'\bsrc="([^"]+)"')
_EMPTY_LEGEND = re.compile(r'<div class="legend">\s*(?:<p>\s*</p>\s*)?</div>')
PHONE_MEDIA = "(max-width: 40em)"


def picture_markup(body: str) -> str:
    """Turn each figure with a phone variant into one ``<picture>``: the narrow image becomes a
    ``<source>`` for small screens, so a browser loads one image, the one that fits."""
    def one(match):
        fig = match.group(0)
        narrow = _NARROW_IMG.search(fig)
        if not narrow:
            return fig
        src = _SRC.search(narrow.group(0))
        fig = fig.replace(narrow.group(0), "", 1)
        fig = _EMPTY_LEGEND.sub("", fig)
        main = _IMG.search(fig)
        if not main or not src:
            return fig
        picture = (f'<picture><source media="{PHONE_MEDIA}" srcset="{src.group(1)}">'
                   f'{main.group(0)}</picture>')
        return fig[:main.start()] + picture + fig[main.end():]
    return _PICTURE_FIGURE.sub(one, body)


# Figures stay legible on every screen: a figure image may not shrink below the width at which
# its smallest text renders at MIN_RENDERED_PT (read from the figure's sidecar JSON); if the
# column is narrower, the figure scrolls sideways in a container (egov-tables.js adds the cue).
_FIGURE_IMG = re.compile(r'(<picture>.*?</picture>|<img\b[^>]*>)', re.S)


def legible_width_px(sidecar: dict, narrow: bool = False) -> int | None:
    """Smallest display width (CSS px) at which the figure's smallest text is MIN_RENDERED_PT."""
    from .figures import MIN_RENDERED_PT, SAVE_DPI

    info = sidecar.get("narrow") if narrow else sidecar
    if not info or not info.get("png_width_px") or not info.get("min_font_pt"):
        return None
    per_pt = SAVE_DPI / 72 * 0.75  # rendered pt per font pt at natural size
    width = info["png_width_px"] * MIN_RENDERED_PT / (info["min_font_pt"] * per_pt)
    return int(min(info["png_width_px"], -(-width // 1)))


def legible_figures(body: str, sidecar_of) -> str:
    """Wrap every figure image with a known sidecar in ``.egov-figure-scroll`` with the widths
    below which it must not shrink (desktop image, phone variant)."""
    def one(match):
        markup = match.group(0)
        srcs = re.findall(r'(?:src|srcset)="([^"]+)"', markup)
        main = srcs[-1] if srcs else ""
        sidecar = sidecar_of(main.rsplit("/", 1)[-1].removesuffix(".png"))
        if not sidecar:
            return markup
        wide = legible_width_px(sidecar)
        phone = legible_width_px(sidecar, narrow=True) if "<picture>" in markup else wide
        style = f"--egov-min-w: {wide}px; --egov-min-w-phone: {phone or wide}px"
        return f'<div class="egov-figure-scroll" style="{style}">{markup}</div>'
    out, pos = [], 0
    for fig in re.finditer(r"<figure\b.*?</figure>", body, re.S):
        out.append(body[pos:fig.start()])
        out.append(_FIGURE_IMG.sub(one, fig.group(0), count=1))
        pos = fig.end()
    out.append(body[pos:])
    return "".join(out)


def _sidecar_reader(app):
    import json
    from pathlib import Path

    folder = Path(app.srcdir) / "generated" / "figures"
    cache = {}

    def read(name: str):
        if name not in cache:
            path = folder / f"{name}.json"
            try:
                cache[name] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
            except ValueError:
                cache[name] = None
        return cache[name]
    return read


def _config_inited(app, config) -> None:
    if config.egov_locale_dir:
        # sphinx-book-theme translates its buttons from its own "booktheme" catalogue
        app.add_message_catalog("booktheme", config.egov_locale_dir)


def _page_context(app, pagename, templatename, context, doctree) -> None:
    cfg = app.config
    editions = cfg.egov_editions or {}
    language = cfg.egov_language or "en"
    links = language_links(pagename, language, editions) if len(editions) > 1 else []
    if context.get("body") and "egov-narrow-source" in context["body"]:
        context["body"] = picture_markup(context["body"])
    if context.get("body") and "<figure" in context["body"]:
        if not hasattr(app, "_egov_sidecars"):
            app._egov_sidecars = _sidecar_reader(app)
        context["body"] = legible_figures(context["body"], app._egov_sidecars)
    context["egov_language"] = language
    context["egov_language_links"] = links
    alternates = "".join(f'<link rel="alternate" hreflang="{escape(x["lang"])}" href="{escape(x["url"])}">\n'
                         for x in links)
    if alternates:
        context["metatags"] = context.get("metatags", "") + alternates


def add_draft_notice(doctree, language: str) -> bool:
    """Put the draft-translation notice of ``language`` at the top of a page's doctree, right
    after the page title (nothing for English, a reviewed translation, or a page that has it)."""
    from docutils import nodes

    from .i18n import draft_notice_text

    notice = draft_notice_text(language)
    if notice is None or any("egov-draft-translation" in n.get("classes", [])
                             for n in doctree.findall(nodes.Element)):
        return False
    title, body = notice
    box = nodes.admonition("", nodes.title("", title), nodes.paragraph("", body),
                           classes=["important", "egov-draft-translation"])
    title_node = next(iter(doctree.findall(nodes.title)), None)  # the page title (first heading)
    if title_node is not None and isinstance(title_node.parent, (nodes.section, nodes.document)):
        parent = title_node.parent
        parent.insert(parent.index(title_node) + 1, box)
    else:
        doctree.insert(0, box)
    return True


def _doctree_resolved(app, doctree, docname) -> None:
    add_draft_notice(doctree, app.config.egov_language or "en")


def setup(app):
    """Register the configuration values and handlers (Sphinx entry point)."""
    app.add_config_value("egov_language", "en", "html")
    app.add_config_value("egov_editions", {}, "html")
    app.add_config_value("egov_locale_dir", "", "html")
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    app.connect("missing-reference", _other_book_reference)
    app.connect("doctree-resolved", _doctree_resolved)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

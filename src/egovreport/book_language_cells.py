"""Sphinx extension (``extra_extensions`` in ``book/_config.yml``): language-specific
Markdown cells in per-language notebooks.

A notebook that the pipeline runs once per language (``per_language: true``)
has one source, but its page title and prose must be in the run's language.
Markdown cells tagged ``lang-<code>`` (e.g. ``lang-mn``) are kept only on the
page whose papermill parameter ``language`` is ``<code>``; untagged cells
appear on every page. Headings written by code outputs become rubrics in
myst-nb, so titles have to live in Markdown cells: this is how they get translated.
"""

from __future__ import annotations

import json

TAG_PREFIX = "lang-"


def page_language(nb: dict) -> str | None:
    """The ``language`` papermill injected into an executed notebook (None if not executed so)."""
    params = nb.get("metadata", {}).get("papermill", {}).get("parameters", {}) or {}
    return params.get("language")


def keep_cell(cell: dict, language: str | None) -> bool:
    """False for a cell tagged for another language than the page's."""
    tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith(TAG_PREFIX)]
    if not tags:
        return True
    return f"{TAG_PREFIX}{language or 'en'}" in tags  # not run by papermill: English


def filter_notebook(text: str) -> str:
    """The notebook JSON ``text`` without the cells of other languages."""
    nb = json.loads(text)
    language = page_language(nb)
    cells = nb.get("cells", [])
    kept = [c for c in cells if keep_cell(c, language)]
    if len(kept) == len(cells):
        return text
    nb["cells"] = kept
    return json.dumps(nb, ensure_ascii=False)


def _source_read(app, docname, source):
    path = app.env.doc2path(docname)
    if str(path).endswith(".ipynb"):
        source[0] = filter_notebook(source[0])


def setup(app):
    """Register the filter (Sphinx entry point)."""
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

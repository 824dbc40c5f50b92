"""Sphinx extension: fixes to the HTML that Jupyter Book's stack writes, found by the browser
and accessibility tests (``tests/test_browser_book.py``, ``tests/test_a11y_book.py``).

Listed in ``book/_config.yml`` under ``sphinx: extra_extensions``.

1. Inline scripts added after the builder started (sphinx-thebe's ``const THEBE_JS_URL = ...``)
   are written twice by Sphinx 7.4 (``_JavaScript(None)`` and ``_JavaScript('')`` compare
   unequal), so every page threw "Identifier 'THEBE_JS_URL' has already been declared".
   Duplicate scripts are dropped from each page's script list.
2. myst-nb labels the "Show code cell source" toggle ``aria-label="Toggle hidden content"``,
   a name that does not contain the visible text (WCAG 2.1 SC 2.5.3 *Label in Name*); the
   label is removed so the toggle is named by the text it shows.

(The theme's search and colour-mode buttons have the same SC 2.5.3 problem; they are fixed by
the template overrides in ``book/_templates/``.)
"""

from __future__ import annotations

import re

_TOGGLE_LABEL = re.compile(r'<summary aria-label="Toggle hidden content">')


def _script_key(script) -> tuple:
    """What makes two scripts the same (``None`` and ``""`` both mean an inline script)."""
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {}) or {}
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def fix_page(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context`` handler: de-duplicate scripts, name code toggles by their text."""
    scripts = context.get("script_files")
    if scripts:
        seen, unique = set(), []
        for script in scripts:
            key = _script_key(script)
            if key not in seen:
                seen.add(key)
                unique.append(script)
        scripts[:] = unique  # the builder restores its own list after each page
    body = context.get("body")
    if body and "Toggle hidden content" in body:
        context["body"] = _TOGGLE_LABEL.sub("<summary>", body)


def setup(app):
    """Register the handler late (after the extensions that add scripts)."""
    app.connect("html-page-context", fix_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

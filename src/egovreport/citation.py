"""The project's citation, from ``CITATION.cff`` (the one place it is written): the suggested
citation under every figure and table, and the book's footer (:mod:`egovreport.book_release`).

Honest by construction: the citation names the project's contributors, the version and, when
``CITATION.cff`` has one, the release date and the public repository; it says that the report
is an open-source project's draft, not an official UN publication.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from . import __version__, paths
from .i18n import t

CITATION_FILE = "CITATION.cff"


@lru_cache(maxsize=8)
def _read(path: str, mtime: float) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


def metadata() -> dict:
    """``CITATION.cff`` of the project (``{}`` when the file is absent, e.g. an installed wheel)."""
    path = paths.project_root() / CITATION_FILE
    if not path.is_file():
        return {}
    return _read(str(path), path.stat().st_mtime)


def authors_text(meta: dict | None = None) -> str:
    meta = metadata() if meta is None else meta
    names = []
    for a in meta.get("authors") or []:
        if a.get("name"):
            names.append(str(a["name"]))
        else:
            names.append(" ".join(str(a[k]) for k in ("given-names", "family-names") if a.get(k)))
    return ", ".join(n for n in names if n) or "The egovreport contributors"


def version() -> str:
    return str(metadata().get("version") or __version__)


def repository() -> str | None:
    """The public code repository (``repository-code`` in CITATION.cff), ``None`` until there is one."""
    return metadata().get("repository-code") or None


def citation_text(lang: str = "en", *, markdown: bool = True) -> str:
    """The suggested citation of the report, e.g. "The egovreport contributors. *Title*
    (version 0.1.0). Draft of an open-source project, not an official UN publication."."""
    meta = metadata()
    title = str(meta.get("title") or "Digital government and national data governance: a reproducible report")
    year = str(meta.get("date-released", ""))[:4]
    title = f"*{title}*" if markdown else title
    parts = [f"{authors_text(meta)}{f' ({year})' if year else ''}.", f"{title}",
             t("release.version_paren", lang, version=version()) + ".", t("release.draft_note", lang)]
    repo = repository()
    if repo:
        parts.append(f"{repo}.")
    return " ".join(parts)


def item_citation(kind: str, name: str, lang: str = "en") -> str:
    """Suggested citation of one figure or table (``kind``: figure | table) of the report."""
    return t("release.cite_item", lang, item=t(f"release.{kind}", lang), name=name,
             citation=citation_text(lang))

"""Canonical project paths (showyourwork's ``paths.py`` idea).

Everything that reads or writes project files takes its locations from here, so
tests can point the whole package at a temporary copy with ``EGOVREPORT_ROOT``.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
ILLUSTRATIVE_MARK = "ILLUSTRATIVE"


def project_root() -> Path:
    """Root of the project checkout (``EGOVREPORT_ROOT`` overrides it)."""
    env = os.environ.get("EGOVREPORT_ROOT")
    return Path(env).resolve() if env else _PACKAGE_ROOT


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def instruments_dir() -> Path:
    """Project-authored instruments: rubric, questionnaires, catalogues (``data/instruments``)."""
    return project_root() / "data" / "instruments"


def country_dir(iso3: str) -> Path:
    """Inputs of one country (``data/country/<ISO3>``); the code is upper-cased, not validated."""
    return project_root() / "data" / "country" / iso3.upper()


def is_illustrative_file(path: str | Path) -> bool:
    """True when the file name marks its data as illustrative, not real (contains ILLUSTRATIVE, any case)."""
    return ILLUSTRATIVE_MARK in Path(path).name.upper()


def processed_dir() -> Path:
    """Processed data (``data/processed``); during a build, the run's staged copy
    (``EGOVREPORT_PROCESSED_DIR``, set by the pipeline while the data step has a new version
    that is not published yet)."""
    env = os.environ.get("EGOVREPORT_PROCESSED_DIR")
    return Path(env).resolve() if env else published_processed_dir()


def published_processed_dir() -> Path:
    """``data/processed`` itself, whatever run is in progress."""
    return project_root() / "data" / "processed"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def book_dir() -> Path:
    return project_root() / "book"


def build_dir() -> Path:
    """Scratch space of the pipeline: caches, staging, failed notebooks (git-ignored)."""
    return project_root() / "build"


def generated_dir() -> Path:
    """Notebook outputs that the book reads: executed notebooks, figures, results.

    ``book/generated`` when nothing runs; during a build, the run's staging copy
    (``EGOVREPORT_GENERATED_DIR``, set by the pipeline), so that a notebook reads the results
    of the notebooks executed before it in the same run, and nothing is published before the
    whole run succeeded.
    """
    env = os.environ.get("EGOVREPORT_GENERATED_DIR")
    return Path(env).resolve() if env else published_generated_dir()


def published_generated_dir() -> Path:
    """``book/generated`` itself, whatever run is in progress."""
    return book_dir() / "generated"


def locate(rel_path: str) -> Path:
    """Where the project file ``rel_path`` (e.g. ``data/processed/egdi_long.csv``) is now: in
    the run's staged ``data/processed`` or ``book/generated`` during a build, else in the
    project."""
    rel = Path(rel_path).as_posix()
    for published, current in (("data/processed", processed_dir), ("book/generated", generated_dir)):
        if rel == published or rel.startswith(published + "/"):
            return current() / rel[len(published):].lstrip("/")
    return project_root() / rel


def output_dir() -> Path:
    """Where the running notebook writes figures, tables and results.

    The pipeline sets ``EGOVREPORT_OUTPUT_DIR`` to a staging folder and moves its
    content into :func:`generated_dir` only when the notebook succeeds, so a
    failing notebook never overwrites the last good outputs. Run by hand (no
    variable), a notebook writes straight into :func:`generated_dir`.
    """
    env = os.environ.get("EGOVREPORT_OUTPUT_DIR")
    return Path(env).resolve() if env else generated_dir()

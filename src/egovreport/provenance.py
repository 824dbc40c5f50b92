"""Checksums and the record of what a running notebook reads and writes.

The pipeline sets ``EGOVREPORT_READS_LOG`` / ``EGOVREPORT_WRITES_LOG`` for each
notebook it executes; every loader in the package calls :func:`track_read` and
every writer :func:`track_write`, so the run manifest and the execution cache
know exactly which files a notebook depended on and produced.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import paths

_CHUNK = 1 << 20


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# A build stages its outputs before publishing them (egovreport.pipeline.stage); a staged file
# is named by the published path it will have, so logs, caches, manifests and pages never
# mention the staging folder.
_STAGED = (("EGOVREPORT_GENERATED_DIR", "book/generated"), ("EGOVREPORT_PROCESSED_DIR", "data/processed"))


def relative_to_root(path: str | Path) -> str:
    """Path relative to the project root when inside it (stable across checkouts); a file of
    the run's staging copy of ``book/generated`` or ``data/processed`` gets its published name."""
    p = Path(path).resolve()
    for env, published in _STAGED:
        staged = os.environ.get(env)
        if staged:
            try:
                rest = p.relative_to(Path(staged).resolve()).as_posix()
            except ValueError:
                continue
            return published if rest == "." else f"{published}/{rest}"
    try:
        return p.relative_to(paths.project_root()).as_posix()
    except ValueError:
        return p.as_posix()


def _append(env_var: str, path: str | Path) -> None:
    log = os.environ.get(env_var)
    if not log:
        return
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"path": str(Path(path).resolve())}) + "\n")


def track_read(path: str | Path) -> Path:
    """Record that the current notebook read ``path``; returns the path."""
    _append("EGOVREPORT_READS_LOG", path)
    return Path(path)


def track_write(path: str | Path) -> Path:
    """Record that the current notebook wrote ``path``; returns the path."""
    _append("EGOVREPORT_WRITES_LOG", path)
    return Path(path)


def read_log(log: str | Path) -> list[str]:
    """Unique paths from a reads/writes log, in first-seen order."""
    seen: dict[str, None] = {}
    p = Path(log)
    if p.exists():
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.setdefault(json.loads(line)["path"], None)
    return list(seen)

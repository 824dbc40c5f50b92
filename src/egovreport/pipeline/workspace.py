"""A copy of the project without its build products, for runs that must not touch the checkout
(the benchmark, the tests that build or break the real report)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .. import paths

# folders that hold build products, environments or caches, wherever they appear
BUILD_PRODUCTS = {".git", ".venv", "build", "_build", "generated", "__pycache__", ".pytest_cache",
                  "node_modules", "test-artifacts"}


def _listed_files(root: Path) -> list[str] | None:
    """Files of a git checkout (tracked, plus untracked ones git does not ignore); ``None`` outside git."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=root, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return [f for f in out.stdout.decode().split("\0") if f]


def _is_build_product(rel: Path) -> bool:
    parts = rel.parts
    return (bool(BUILD_PRODUCTS & set(parts)) or any(p.startswith("_build.") for p in parts)
            or (parts[:2] == ("data", "processed") and parts[-1] != "README.md"))


def copy_project(dest: str | Path, root: str | Path | None = None) -> Path:
    """Copy the project at ``root`` (default: :func:`paths.project_root`) to ``dest``: sources,
    data, notebooks and book, as ``make clean`` would leave them (no processed data, no
    generated outputs, no built book, no pipeline state). Returns ``dest``."""
    root = Path(root) if root is not None else paths.project_root()
    dest = Path(dest)
    files = _listed_files(root)
    if files is None:  # not a git checkout (e.g. an unpacked release)
        files = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    for rel in files:
        src = root / rel
        if not src.is_file() or _is_build_product(Path(rel)):
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel)
    return dest

"""Checksums with a stat cache, and the pipeline's state file (``build/cache/state.json``).

The state remembers, per notebook, the key it was executed with (code hash,
package hash, parameters), the SHA-256 of every file it read and wrote. A
notebook is re-executed when any of those changed; that covers outputs of other
notebooks it read, because they are files too (a Merkle-style chain).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .. import paths
from ..provenance import relative_to_root, sha256_file

STATE_VERSION = 1
_SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git"}


def state_path() -> Path:
    return paths.build_dir() / "cache" / "state.json"


def _hash_index_path() -> Path:
    return paths.build_dir() / "cache" / "hashes.json"


def write_json_atomic(path: Path, data) -> None:
    """Write JSON through a temporary file so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


class Hasher:
    """SHA-256 of files, remembered by (size, mtime, ctime, inode) so no-op builds stay fast.

    ``verify`` never uses this cache: it always re-reads the files.
    """

    def __init__(self):
        self._file = _hash_index_path()
        try:
            self._index = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._index = {}
        self._dirty = False
        self._used: set[str] = set()

    def file(self, path: str | Path) -> str | None:
        """SHA-256 of ``path``; ``None`` when it does not exist; a directory hashes its tree."""
        p = Path(path)
        try:
            st = p.stat()
        except OSError:
            return None
        if p.is_dir():
            return tree_digest(self.tree(p))
        stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        key = str(p.resolve())
        self._used.add(key)
        hit = self._index.get(key)
        if hit and hit[0] == stamp:
            return hit[1]
        digest = sha256_file(p)
        self._index[key] = [stamp, digest]
        self._dirty = True
        return digest

    def tree(self, folder: Path, skip_dir=lambda name: False) -> dict[str, str]:
        """``{path relative to the project root: sha256}`` for every file under ``folder``
        (folders for which ``skip_dir(name)`` is true are left out)."""
        out: dict[str, str] = {}
        if not folder.is_dir():
            return out
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not skip_dir(d))
            for name in sorted(filenames):
                if name.endswith(".pyc"):
                    continue
                full = Path(dirpath) / name
                out[relative_to_root(full)] = self.file(full)
        return out

    def save(self) -> None:
        """Write the index, keeping only files looked at in this run (deleted files drop out)."""
        if self._dirty or set(self._index) - self._used:
            self._index = {k: v for k, v in self._index.items() if k in self._used}
            write_json_atomic(self._file, self._index)
            self._dirty = False


def tree_digest(files: dict[str, str | None]) -> str:
    """One SHA-256 over sorted ``path: sha`` pairs."""
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(f"{rel}\0{files[rel]}\n".encode())
    return h.hexdigest()


def package_digest(hasher: Hasher) -> str:
    """Hash of the package source ``src/egovreport/**`` (code and locales).

    Notebooks are thin and call the package, so any change to it may change
    their output; keyed on the package's own location (not the project root).
    """
    pkg = Path(__file__).resolve().parents[1]
    files = {}
    for dirpath, dirnames, filenames in os.walk(pkg):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        for name in sorted(filenames):
            if not name.endswith(".pyc"):
                full = Path(dirpath) / name
                files[full.relative_to(pkg).as_posix()] = hasher.file(full)
    return tree_digest(files)


def load_state() -> dict:
    try:
        state = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    if state.get("version") != STATE_VERSION:
        state = {"version": STATE_VERSION}
    state.setdefault("notebooks", {})
    return state


def save_state(state: dict) -> None:
    write_json_atomic(state_path(), state)


def absolute(rel: str) -> Path:
    """A path stored relative to the project root (or absolute when outside it)."""
    p = Path(rel)
    return p if p.is_absolute() else paths.project_root() / p

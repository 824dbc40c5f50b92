"""The run's staging tree, and publishing it all at once.

A build never writes into what is published. It prepares the next published set in
``build/next/`` and swaps it in only after every step succeeded:

==============================  =========================================  =====================
published                       staged by a run in                         when
==============================  =========================================  =====================
``book/generated``              ``build/next/book/generated``              every run (a copy)
``data/processed``              ``build/next/data/processed``              the data step ran
``book/_build/html``            ``build/next/html``                        the book was rebuilt
``book/_build/published.json``  ``build/next/published.json``              every publish
``build/cache/state.json``      ``build/next/state.json``                  every publish
==============================  =========================================  =====================

While a build runs, ``paths.generated_dir()`` and ``paths.processed_dir()`` name the staged
folders (``EGOVREPORT_GENERATED_DIR``/``EGOVREPORT_PROCESSED_DIR``), so notebooks read the
results of earlier notebooks of the same run, and ``provenance.relative_to_root`` names a
staged file by its published path.

Publishing is crash-consistent: the list of swaps is written to a journal
(``build/publish.json``) first, then each folder is exchanged with its staged version
(``renameat2(RENAME_EXCHANGE)``, one atomic call per folder). A run that is killed between two
swaps leaves the journal; the next ``build`` (or ``verify``) completes it, so readers see the old
set or the new one, never a mix for longer than the interrupted run. Each swap is idempotent:
the journal records the inode of every staged folder, and a folder that already holds it is
done.

A failed run publishes nothing and keeps ``build/next/`` with what it finished; the next run
resumes from it (its notebooks are cached against the stage) as long as the published set has
not changed in between.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from .. import paths
from .cache import write_json_atomic
from .config import PipelineError

STAGE_VERSION = 1
PUBLISHED_RECORD_VERSION = 1
GENERATED, PROCESSED, HTML = "book/generated", "data/processed", "book/_build/html"
PUBLISHED_RECORD = "book/_build/published.json"
# published folders, walked file by file by `verify` (anything added to them is covered)
PUBLISHED_FOLDERS = (GENERATED, PROCESSED, HTML)
# documentation kept in git inside a generated folder: carried into each new version
PROCESSED_KEEP = ("README.md",)
BOOK_SOURCE_SKIP = ("_build", "generated")  # not book sources (outputs), never copied
_SKIP_NAMES = {"__pycache__", ".ipynb_checkpoints", ".git", ".DS_Store"}


def stage_root() -> Path:
    return paths.build_dir() / "next"


def journal_path() -> Path:
    return paths.build_dir() / "publish.json"


def state_file() -> Path:
    from .cache import state_path

    return state_path()


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def listed_files(folder: Path) -> list[str]:
    """Paths (relative to ``folder``, sorted) of the files a published folder holds."""
    out = []
    if folder.is_dir():
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if d not in _SKIP_NAMES]
            out += [(Path(dirpath) / n).relative_to(folder).as_posix() for n in filenames
                    if n not in _SKIP_NAMES and not n.endswith(".pyc")]
    return sorted(out)


def walk(folder: Path, hasher) -> dict[str, str]:
    """``{path relative to folder: sha256}`` of every file under ``folder`` (sorted)."""
    return {rel: hasher.file(folder / rel) for rel in listed_files(folder)}


def _top_level_kept(name: str, skip) -> bool:
    return name not in _SKIP_NAMES and name not in skip and not name.startswith("_build")


def _copy_tree(src: Path, dest: Path, skip=()) -> None:
    """Make ``dest`` a copy of ``src`` (top-level folders in ``skip`` and ``_build*`` are neither
    copied nor touched in ``dest``), keeping modification times: Sphinx decides by them what to
    re-read. Files already the same (size and time) are left alone; extra files are removed."""
    dest.mkdir(parents=True, exist_ok=True)
    wanted: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(src):
        rel_dir = Path(dirpath).relative_to(src)
        top = rel_dir == Path(".")
        dirnames[:] = sorted(d for d in dirnames if (_top_level_kept(d, skip) if top else d not in _SKIP_NAMES))
        for name in filenames:
            if name in _SKIP_NAMES or name.endswith(".pyc"):
                continue
            rel = (rel_dir / name).as_posix()
            wanted.add(rel)
            s, d = Path(dirpath) / name, dest / rel
            try:
                ss, ds = s.stat(), d.stat()
                if ss.st_size == ds.st_size and ss.st_mtime_ns == ds.st_mtime_ns:
                    continue
            except OSError:
                pass
            d.parent.mkdir(parents=True, exist_ok=True)
            if d.is_symlink() or d.is_file():
                d.unlink()
            shutil.copy2(s, d)
    folders = []
    for dirpath, dirnames, filenames in os.walk(dest):
        rel_dir = Path(dirpath).relative_to(dest)
        if rel_dir == Path("."):
            dirnames[:] = [d for d in dirnames if d not in skip and not d.startswith("_build")]
        else:
            folders.append(Path(dirpath))
        for name in filenames:
            if (rel_dir / name).as_posix() not in wanted:
                (Path(dirpath) / name).unlink()
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def _link(link: Path, target: Path) -> None:
    if link.is_symlink() and os.readlink(link) == str(target):
        return
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.is_dir():
        return  # a staged folder: never replaced by a link
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)


def fresh_processed(folder: Path) -> Path:
    """An empty ``folder`` for a new version of ``data/processed`` (its README carried over)."""
    if folder.is_symlink():
        folder.unlink()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in PROCESSED_KEEP:
        src = paths.published_processed_dir() / name
        if src.is_file():
            shutil.copy2(src, folder / name)
    return folder


class Stage:
    """The next published set, being prepared in ``build/next``."""

    def __init__(self):
        self.root = stage_root()
        self.book = self.root / "book"
        self.generated = self.book / "generated"
        self.processed = self.root / "data" / "processed"
        self.html = self.root / "html"
        self.record = self.root / "published.json"
        self.state_file = self.root / "state.json"

    # --- opening -------------------------------------------------------------------------
    @staticmethod
    def published_base() -> str:
        """Identifies the published set a stage was made from (the published state's checksum)."""
        return file_sha256(state_file()) or "none"

    @classmethod
    def open(cls, published_state: dict, log) -> tuple["Stage", dict]:
        """The stage of an earlier failed run if it was made from what is published now (its
        finished work is reused), else a new one: a copy of ``book/generated``."""
        stage = cls()
        base = cls.published_base()
        try:
            resumed = json.loads(stage.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            resumed = None
        if (resumed and resumed.get("stage", {}).get("base") == base
                and resumed.get("stage", {}).get("version") == STAGE_VERSION and stage.generated.is_dir()):
            shutil.rmtree(stage.html, ignore_errors=True)  # a book of the failed run is rebuilt
            stage.record.unlink(missing_ok=True)
            log("stage: resuming the work of the last unfinished run (build/next)")
            return stage, resumed
        shutil.rmtree(stage.root, ignore_errors=True)
        stage.generated.parent.mkdir(parents=True, exist_ok=True)
        published = paths.published_generated_dir()
        if published.is_dir():
            shutil.copytree(published, stage.generated, copy_function=shutil.copy2, symlinks=False)
        else:
            stage.generated.mkdir(parents=True)
        state = json.loads(json.dumps(published_state))
        state["stage"] = {"version": STAGE_VERSION, "base": base}
        stage.save_state(state)
        return stage, state

    def save_state(self, state: dict) -> None:
        write_json_atomic(self.state_file, state)

    # --- where things are during the run -------------------------------------------------
    @property
    def processed_staged(self) -> bool:
        return self.processed.is_dir() and not self.processed.is_symlink()

    def new_processed(self) -> Path:
        """An empty staged ``data/processed`` for the data step (with the kept documentation)."""
        return fresh_processed(self.processed)

    def env(self) -> dict[str, str]:
        """Environment that points the package (and the kernels) at this stage."""
        env = {"EGOVREPORT_GENERATED_DIR": str(self.generated)}
        if self.processed_staged:
            env["EGOVREPORT_PROCESSED_DIR"] = str(self.processed)
        return env

    def locate(self, rel: str) -> Path:
        """Where the file with published path ``rel`` is during this run."""
        p = Path(rel)
        if p.is_absolute():
            return p
        root = paths.project_root()
        for published, staged in ((GENERATED, self.generated), (PROCESSED, self.processed)):
            if rel == published or rel.startswith(published + "/"):
                if published == PROCESSED and not self.processed_staged:
                    break
                return staged / rel[len(published):].lstrip("/")
        return root / p

    def sync_book_sources(self) -> Path:
        """Copy the book's sources (``book/`` without ``_build`` and ``generated``) next to the
        staged ``generated`` folder: the book of this run is built from ``build/next/book``.

        Pages link project files by relative paths (``../../data/raw/...`` from
        ``generated/``), so ``build/next`` mirrors the project root: the staged folders are
        real, every other top-level entry (and ``data/*``) is a symbolic link to the project's.
        """
        _copy_tree(paths.book_dir(), self.book, skip=BOOK_SOURCE_SKIP)
        root = paths.project_root()
        for entry in sorted(root.iterdir()):
            if entry.name not in ("book", "build", "data", ".git"):
                _link(self.root / entry.name, entry)
        data = root / "data"
        if data.is_dir():
            for entry in sorted(data.iterdir()):
                if entry.name != "processed" or not self.processed_staged:
                    _link(self.root / "data" / entry.name, entry)
        return self.book

    # --- the record of the published set -------------------------------------------------
    def folder_now(self, published: str) -> Path:
        """The version of a published folder that this run would publish."""
        staged = {GENERATED: self.generated, PROCESSED: self.processed, HTML: self.html}[published]
        return staged if staged.is_dir() and not staged.is_symlink() else paths.project_root() / published

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


# --- the published record (checksums of every published file) --------------------------------

def read_published_record(path: Path | None = None) -> dict | None:
    path = path or paths.project_root() / PUBLISHED_RECORD
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("version") == PUBLISHED_RECORD_VERSION else None


def published_files_now(hasher) -> dict[str, dict[str, str]]:
    """Checksums of what is published at this moment, folder by folder."""
    root = paths.project_root()
    return {f: walk(root / f, hasher) for f in PUBLISHED_FOLDERS}


# --- publishing --------------------------------------------------------------------------------

def _exchange(a: Path, b: Path) -> None:
    """Swap two directories atomically (Linux ``renameat2(RENAME_EXCHANGE)``).

    Falls back to two renames where the call is unavailable (a crash between them leaves
    ``b`` missing, which the journal then repairs).
    """
    libc_name = ctypes.util.find_library("c")
    if libc_name and sys.platform.startswith("linux"):
        libc = ctypes.CDLL(libc_name, use_errno=True)
        if hasattr(libc, "renameat2"):
            AT_FDCWD, RENAME_EXCHANGE = -100, 2
            if libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
                return
    tmp = b.with_name(b.name + f".old-{os.getpid()}")
    os.rename(b, tmp)
    os.rename(a, b)
    os.rename(tmp, a)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _signals_held():
    """SIGINT/SIGTERM wait until the swaps are done (they take milliseconds)."""
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    except (AttributeError, ValueError, OSError):
        old = None
    try:
        yield
    finally:
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def publish(stage: Stage, log) -> list[str]:
    """Swap every staged folder (and the record and state files) into place, all together."""
    root = paths.project_root()
    pairs = [(stage.processed, PROCESSED), (stage.generated, GENERATED), (stage.html, HTML),
             (stage.record, PUBLISHED_RECORD), (stage.state_file, state_file().relative_to(root).as_posix())]
    return publish_moves([(staged, published) for staged, published in pairs
                          if staged.exists() and not staged.is_symlink()], stage.root, log)


def publish_moves(pairs: list[tuple[Path, str]], cleanup: Path, log) -> list[str]:
    """Move each staged path to its published place (``pairs``: staged path, project-relative
    published path) through the journal; then delete ``cleanup`` (which then holds the
    previous versions)."""
    root = paths.project_root()
    moves = [{"from": staged.relative_to(root).as_posix(), "to": published,
              "inode": staged.stat().st_ino, "folder": staged.is_dir()} for staged, published in pairs]
    journal = {"version": 1, "moves": moves, "cleanup": cleanup.relative_to(root).as_posix()}
    with _signals_held():
        write_json_atomic(journal_path(), journal)
        _fsync_dir(journal_path().parent)
        _complete(journal)
    log(f"published: {', '.join(m['to'] for m in moves if m['to'] != 'build/cache/state.json')}")
    return [m["to"] for m in moves]


def _complete(journal: dict) -> None:
    root = paths.project_root()
    for move in journal["moves"]:
        src, dst = root / move["from"], root / move["to"]
        try:
            if dst.stat().st_ino == move["inode"]:
                continue  # done before an interruption
        except FileNotFoundError:
            pass
        if not src.exists():
            raise PipelineError(f"cannot complete the interrupted publish in {journal_path()}: "
                                f"{move['from']} is gone; run `python -m egovreport build --force`")
        dst.parent.mkdir(parents=True, exist_ok=True)
        if move["folder"] and dst.exists():
            _exchange(src, dst)
        else:
            os.replace(src, dst)  # a file, or a folder published for the first time
        _fsync_dir(dst.parent)
    journal_path().unlink(missing_ok=True)
    _fsync_dir(journal_path().parent)
    # the previous versions now sit in the staging folder: drop them with it
    shutil.rmtree(root / journal.get("cleanup", "build/next"), ignore_errors=True)


def recover(log=print) -> bool:
    """Complete a publish that was interrupted (journal present); True if there was one."""
    path = journal_path()
    if not path.exists():
        return False
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise PipelineError(f"{path}: the journal of an interrupted publish is damaged; run "
                            f"`python -m egovreport build --force`") from None
    with _signals_held():
        _complete(journal)
    log("completed the publish of an interrupted run")
    return True

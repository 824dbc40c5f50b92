"""Helpers for the bad-input tests (tests/test_bad_inputs_*.py): checksums of folders, editing
CSV files of a project copy, and running the command line the way a user does."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def checksums(folder: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under ``folder``."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


class ProjectState:
    """What a failed run must leave as it was: raw and country inputs, processed data, the
    published outputs and the published HTML book (checksums of every file)."""

    FOLDERS = ("data/raw", "data/instruments", "data/country", "data/processed", "book/generated",
               "book/_build/html")

    def __init__(self, root: Path):
        self.root = root
        self.sums = {f: checksums(root / f) for f in self.FOLDERS}
        self.index = root / "book" / "_build" / "html" / "index.html"
        self.index_mtime = self.index.stat().st_mtime_ns

    def changed(self) -> dict[str, list[str]]:
        """Files changed, added or removed since, per folder."""
        out = {}
        for folder, before in self.sums.items():
            after = checksums(self.root / folder)
            diff = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            if diff:
                out[folder] = diff
        if self.index.stat().st_mtime_ns != self.index_mtime:
            out.setdefault("book/_build/html", []).append("index.html (mtime)")
        return out


def edit_csv_row(path: Path, row: int, column: str, value: str) -> None:
    """Set ``column`` of line ``row`` (1-based as a spreadsheet shows it; 1 = header) of a
    one-line-per-record CSV file, keeping every other byte."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[row - 1]]))
    cells[header.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    lines[row - 1] = buf.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8")


def files_containing(folder: Path, needle: str) -> list[str]:
    """Files under ``folder`` whose bytes contain ``needle`` (UTF-8, or JSON-escaped)."""
    needles = {needle.encode("utf-8"), needle.encode("unicode_escape")}
    return sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*")
                  if p.is_file() and any(n in p.read_bytes() for n in needles))


def run_cli(root: Path, *args, timeout: float = 600) -> subprocess.CompletedProcess:
    """``python -m egovreport ARGS`` in a fresh process on the project at ``root`` (arguments
    may be bytes, e.g. text that is not UTF-8)."""
    env = {**os.environ, "EGOVREPORT_ROOT": str(root),
           "PYTHONPATH": os.pathsep.join(p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH")) if p)}
    return subprocess.run([sys.executable, "-m", "egovreport", *args], cwd=root, env=env,
                          capture_output=True, timeout=timeout)

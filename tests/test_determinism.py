"""Two builds from the same sources publish the same bytes (issue 13, problem 9).

The shared cold build of the real report (``real_report``) is compared with a second,
independent cold build (data step, every notebook, PDFs, HTML book) of another copy of the
project in a folder of another name and depth, so absolute paths, clocks, random seeds,
set/dict ordering and library metadata (matplotlib, fontTools, papermill, Chromium, Sphinx)
would all show up as differences.

Every published file is compared byte for byte, with no exception: ``book/generated``
(executed notebooks, figures, tables, results, brief, PDFs, manifest, provenance page),
``data/processed``, the whole HTML book ``book/_build/html`` and the checksum record
``book/_build/published.json``. The one documented place for times is the run record
(``build/runs/<time>.json``), which is not published; the only date in published files is the
source date (``SOURCE_DATE_EPOCH``, else the commit time, else the newest source file),
which both copies share.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_real_project

pytestmark = pytest.mark.slow

PUBLISHED = ("book/generated", "data/processed", "book/_build/html")


@pytest.fixture(scope="session")
def second_build(real_report, tmp_path_factory) -> Path:
    """A second cold build of the same project, in another folder (another name and depth)."""
    from egovreport import datasets
    from egovreport.pipeline import build

    root = copy_real_project(tmp_path_factory.mktemp("again") / "a-longer-folder-name" / "report")
    mp = pytest.MonkeyPatch()
    mp.setenv("EGOVREPORT_ROOT", str(root))
    datasets.clear_cache()
    try:
        result = build(log=lambda *a: None)
    finally:
        mp.undo()
        datasets.clear_cache()
    assert set(result.executed) == set(real_report.result.notebooks) and result.book == "built"
    return root


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_published_file_is_byte_identical_across_two_clones(real_report, second_build):
    """Issue 13, problem 9: two cold builds differed in executed notebooks (papermill times and
    the machine's paths), PDF dates, the manifest and the provenance page. Now nothing differs."""
    compared, different, only_one = 0, [], []
    for folder in PUBLISHED:
        first, second = _files(real_report.root / folder), _files(second_build / folder)
        assert first, f"{folder} is empty"
        only_one += [f"{folder}/{rel}" for rel in sorted(set(first) ^ set(second))]
        for rel in sorted(set(first) & set(second)):
            compared += 1
            if first[rel].read_bytes() != second[rel].read_bytes():
                different.append(f"{folder}/{rel}")
    record = "book/_build/published.json"
    first_record, second_record = real_report.root / record, second_build / record
    if not (first_record.exists() and second_record.exists()):
        only_one.append(record)
    elif first_record.read_bytes() != second_record.read_bytes():
        different.append(record)
    assert not different, f"{len(different)} of {compared} published files differ: {different[:20]}"
    assert not only_one, f"files published by one build only: {only_one[:10]}"
    kinds = {Path(rel).suffix for folder in PUBLISHED for rel in _files(real_report.root / folder)}
    assert {".html", ".ipynb", ".pdf", ".png", ".svg", ".json", ".csv", ".parquet"} <= kinds
    assert compared > 500


def test_published_files_name_no_folder_of_the_build_machine(real_report, second_build):
    for root in (real_report.root, second_build):
        leaks = [f"{folder}/{rel}" for folder in PUBLISHED for rel, p in _files(root / folder).items()
                 if str(root).encode() in p.read_bytes() or str(Path.home()).encode() + b"/" in p.read_bytes()]
        assert not leaks, f"published files that name {root}: {leaks[:10]}"

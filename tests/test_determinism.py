"""Two builds from the same inputs give the same report.

The shared cold build of the real report (``real_report``) is compared with a second,
independent cold build (data step + every notebook + PDFs) in another temporary folder, so
absolute paths, clocks, random seeds, set/dict ordering and library metadata (matplotlib,
fontTools, papermill) would all show up as differences.

- processed data, figures (PNG, SVG, PDF), tables, results: byte for byte;
- executed notebooks: identical once papermill/nbclient timing fields are removed;
- the standalone policy brief: HTML byte for byte, PDF apart from its creation dates.

The brief prints the build date: the second build is given the first one's date
(``EGOVREPORT_BUILD_DATE``), so a test run across midnight compares like with like.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import copy_real_project

pytestmark = pytest.mark.slow

# Per-run records: they hold times by design and are checked by `verify`, not compared here.
PER_RUN = {"manifest.json", "provenance.md", "ro-crate-metadata.json"}  # the crate: the manifest as RO-Crate
FIGURE_SUFFIXES = {".png", ".svg", ".pdf"}
# fields that legitimately differ between two executions of the same notebook
PAPERMILL_RUN_FIELDS = {"start_time", "end_time", "duration", "input_path", "output_path"}
BUILT_ON = re.compile(r"Built (\d{4}-\d{2}-\d{2})")
PDF_DATES = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")


@pytest.fixture(scope="session")
def second_build(real_report, tmp_path_factory) -> Path:
    """A second cold build (no HTML book) of the same project, in another folder."""
    from egovreport import datasets
    from egovreport.pipeline import build

    root = copy_real_project(tmp_path_factory.mktemp("again") / "report")
    brief = real_report.root / "book" / "generated" / "brief" / "policy_brief_en.html"
    built_on = BUILT_ON.search(brief.read_text(encoding="utf-8")).group(1)
    mp = pytest.MonkeyPatch()
    mp.setenv("EGOVREPORT_ROOT", str(root))
    mp.setenv("EGOVREPORT_BUILD_DATE", built_on)
    datasets.clear_cache()
    try:
        result = build(book=False, log=lambda *a: None)
    finally:
        mp.undo()
        datasets.clear_cache()
    assert set(result.executed) == set(real_report.result.notebooks)
    return root


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def _pairs(real_report, second_build, sub: str) -> list[tuple[str, Path, Path]]:
    first, second = _files(real_report.root / sub), _files(second_build / sub)
    assert first, f"{sub} is empty"
    assert sorted(first) == sorted(second), f"{sub}: the two builds wrote different files"
    return [(rel, first[rel], second[rel]) for rel in first]


def normalised_notebook(path: Path) -> dict:
    """An executed notebook without the fields that record when and where it ran."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for key in PAPERMILL_RUN_FIELDS:
        nb.get("metadata", {}).get("papermill", {}).pop(key, None)
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {})
        meta.pop("execution", None)  # nbclient's iopub/shell timestamps
        for key in PAPERMILL_RUN_FIELDS:
            meta.get("papermill", {}).pop(key, None)
    return nb


def test_processed_data_is_byte_identical(real_report, second_build):
    pairs = _pairs(real_report, second_build, "data/processed")
    assert any(rel.endswith(".parquet") for rel, _, _ in pairs)
    different = [rel for rel, a, b in pairs if a.read_bytes() != b.read_bytes()]
    assert not different, f"processed files that differ between two data steps: {different}"


def test_figures_tables_and_results_are_byte_identical(real_report, second_build):
    pairs = [(rel, a, b) for rel, a, b in _pairs(real_report, second_build, "book/generated")
             if rel not in PER_RUN and not rel.endswith(".ipynb")
             and not rel.startswith(("brief/", "downloads/policy_brief"))]
    figures = [rel for rel, _, _ in pairs if rel.startswith("figures/") and Path(rel).suffix in FIGURE_SUFFIXES]
    assert {Path(f).suffix for f in figures} == FIGURE_SUFFIXES, "expected PNG, SVG and PDF figures"
    different = [rel for rel, a, b in pairs if a.read_bytes() != b.read_bytes()]
    assert not different, (f"{len(different)} of {len(pairs)} output files differ between two builds "
                           f"from the same inputs: {different}")


def test_executed_notebooks_are_identical_apart_from_timing(real_report, second_build):
    pairs = [(rel, a, b) for rel, a, b in _pairs(real_report, second_build, "book/generated")
             if rel.endswith(".ipynb")]
    assert len(pairs) == len(real_report.result.notebooks)
    different = []
    for rel, a, b in pairs:
        na, nb = normalised_notebook(a), normalised_notebook(b)
        if na != nb:
            cells = [i for i, (x, y) in enumerate(zip(na["cells"], nb["cells"])) if x != y]
            different.append(f"{rel} (cells {cells[:5]})" if cells else f"{rel} (metadata)")
    assert not different, f"executed notebooks that differ: {different}"


def test_standalone_brief_is_identical_apart_from_the_pdf_dates(real_report, second_build):
    pairs = [(rel, a, b) for rel, a, b in _pairs(real_report, second_build, "book/generated")
             if rel.startswith(("brief/", "downloads/policy_brief"))]
    assert {Path(rel).suffix for rel, _, _ in pairs} >= {".html", ".pdf"}
    different = []
    for rel, a, b in pairs:
        first, second = a.read_bytes(), b.read_bytes()
        if rel.endswith(".pdf"):
            first, second = PDF_DATES.sub(b"<date>", first), PDF_DATES.sub(b"<date>", second)
        if first != second:
            different.append(rel)
    assert not different, f"brief files that differ between two builds: {different}"

"""Fast checks of the pipeline's parts (no notebook is executed here)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
import yaml

from egovreport.pipeline import book as bookmod
from egovreport.pipeline import stage as stagemod
from egovreport.pipeline.config import PipelineError, load_pipeline, select
from egovreport.pipeline.execute import failure_of, tag_for_book
from egovreport.pipeline.manifest import verify_manifest
from egovreport.provenance import sha256_file


# --- pipeline.yml ---------------------------------------------------------------------------

def test_plan_fans_out_per_language_notebooks(project):
    pipeline = load_pipeline()
    plan = pipeline.plan({"country": "KAZ", "edition": 2022, "peers": ["KGZ"], "languages": ["en", "mn"]})
    assert [s.id for s in plan] == ["fx_profile", "fx_edition", "fx_summary_en", "fx_summary_mn"]
    by_id = {s.id: s for s in plan}
    # only the parameters a notebook declares in pipeline.yml are injected
    assert by_id["fx_edition"].parameters == {"edition": 2022}
    assert by_id["fx_profile"].parameters == {"country": "KAZ", "edition": 2022, "peers": ["KGZ"]}
    assert by_id["fx_summary_mn"].parameters == {"country": "KAZ", "language": "mn"}
    assert by_id["fx_summary_mn"].after == ("fx_profile",)
    assert [s.id for s in select(plan, ["fx_summary"])] == ["fx_summary_en", "fx_summary_mn"]


def _edit_pipeline(root: Path, change) -> None:
    data = yaml.safe_load((root / "pipeline.yml").read_text())
    change(data)
    (root / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(notebookz=[]), "unknown key"),
    (lambda d: d["notebooks"][0].update(after=["fx_summary"]), "not a notebook listed above"),
    (lambda d: d["notebooks"][1].update(parameters=["country"]), "does not define \\['country'\\]"),
    (lambda d: d["notebooks"][1].update(path="notebooks/missing.ipynb"), "missing.ipynb does not exist"),
    (lambda d: d["notebooks"][1].update(id="fx_profile"), "duplicate id"),
    (lambda d: d["notebooks"][0].update(parameters=["colour"]), "unknown parameter 'colour'"),
    (lambda d: d["parameters"]["country"].update(type="country"), "unknown type"),
])
def test_pipeline_file_errors_name_the_entry(project, change, message):
    _edit_pipeline(project, change)
    with pytest.raises(PipelineError, match=message):
        load_pipeline()


def test_unknown_only_id_is_rejected(project):
    from egovreport.errors import ParameterError

    plan = load_pipeline().plan({"country": "MNG", "edition": 2024, "peers": [], "languages": ["en"]})
    with pytest.raises(ParameterError, match="--only: unknown notebook id"):
        select(plan, ["nope"])


# --- executed notebooks ---------------------------------------------------------------------

def _executed(cells, exception=False) -> dict:
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"exception": exception, "parameters": {"country": "KAZ"}}
    nb.cells = cells
    return nb


def _code(source, tags=(), outputs=()):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = list(tags)
    cell.outputs = list(outputs)
    return cell


def test_tag_for_book_removes_parameter_cells_and_hides_code(tmp_path):
    nb = _executed([
        nbformat.v4.new_markdown_cell("# Title"),
        _code('country = "MNG"', ["parameters"]),
        _code('country = "KAZ"', ["injected-parameters"]),
        _code("x = 1"),
        _code("y = 2", ["remove-input"]),
        _code("z = 3", ["hide-output"]),
    ])
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    tag_for_book(path)
    tags = [c.metadata.get("tags") for c in nbformat.read(path, as_version=4).cells]
    assert tags == [None, ["parameters", "remove-cell"], ["injected-parameters", "remove-cell"],
                    ["hide-input"], ["remove-input"], ["hide-output"]]
    assert nbformat.read(path, as_version=4).metadata["papermill"]["parameters"] == {"country": "KAZ"}


def test_failure_names_source_cell_index_first_line_and_exception(tmp_path):
    error = nbformat.v4.new_output("error", ename="ValueError", evalue="boom 42\nmore", traceback=[])
    banner = nbformat.v4.new_markdown_cell("An Exception was encountered")
    banner.metadata["tags"] = ["papermill-error-cell-tag"]
    nb = _executed([banner, nbformat.v4.new_markdown_cell("# T"), _code("a = 1", ["parameters"]),
                    _code("b = 2", ["injected-parameters"]), _code("\n# compute\nraise ValueError('boom')",
                                                                   outputs=[error])], exception=True)
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    assert failure_of(path) == "cell 2 [# compute]: ValueError: boom 42"


def test_failure_flag_without_error_output_is_still_a_failure(tmp_path):
    nb = _executed([_code("import time; time.sleep(99)")], exception=True)
    nb.cells[0].metadata["papermill"] = {"exception": True}
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    assert failure_of(path, "CellTimeoutError: timed out") == \
        "cell 0 [import time; time.sleep(99)]: CellTimeoutError: timed out"


def test_clean_notebook_and_sys_exit_zero_are_not_failures(tmp_path):
    exit0 = nbformat.v4.new_output("error", ename="SystemExit", evalue="0", traceback=[])
    path = tmp_path / "nb.ipynb"
    nbformat.write(_executed([_code("x = 1"), _code("raise SystemExit(0)", outputs=[exit0])]), path)
    assert failure_of(path) is None
    assert failure_of(tmp_path / "absent.ipynb", "DeadKernelError: kernel died") == "DeadKernelError: kernel died"


# --- book -----------------------------------------------------------------------------------

REMOTE_PAGE = """<html><head>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Lato">
<script src="//cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>
<script src="_static/local.js"></script>
<style>@import "https://example.org/x.css"; body { background: url(data:image/png;base64,AAA) }</style>
</head><body>
<a href="https://publicadministration.un.org/egovkb">a plain link is fine</a>
<img src="figures/a.png" srcset="figures/a.png 1x, https://cdn.example.com/a@2x.png 2x">
<div style="background-image: url('http://example.com/bg.png')"></div>
<iframe src="http://localhost:8000/ok"></iframe>
</body></html>"""


def test_remote_resource_scan_flags_loads_but_not_links(tmp_path):
    (tmp_path / "page.html").write_text(REMOTE_PAGE)
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "theme.css").write_text("@import url(https://fonts.example.com/f.css);\n"
                                                    "a { background: url(../img/x.svg) }")
    found = sorted(bookmod.find_remote_resources(tmp_path))
    assert found == sorted([
        ("_static/theme.css", "https://fonts.example.com/f.css"),
        ("page.html", "https://fonts.googleapis.com/css?family=Lato"),
        ("page.html", "//cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"),
        ("page.html", "https://example.org/x.css"),
        ("page.html", "https://cdn.example.com/a@2x.png"),
        ("page.html", "http://example.com/bg.png"),
    ])


def test_effective_toc_drops_only_pipeline_pages_absent_from_this_run(project):
    generated = project / "book" / "generated"
    generated.mkdir(parents=True)
    for name in ("fx_profile", "fx_edition", "fx_summary_en"):
        (generated / f"{name}.ipynb").write_text("{}")
    ids = load_pipeline().all_possible_ids(["en", "mn"])
    toc = yaml.safe_load(bookmod.effective_toc(ids))
    files = [c["file"] for c in toc["chapters"]]
    # fx_summary_mn (not built) is dropped; provenance (not a pipeline notebook) stays even if absent
    assert files == ["generated/fx_profile", "generated/fx_edition", "generated/fx_summary_en",
                     "reproduce", "generated/provenance"]


def test_exchange_swaps_two_folders(tmp_path):
    a, b = tmp_path / "new", tmp_path / "published"
    a.mkdir(), b.mkdir()
    (a / "index.html").write_text("new")
    (b / "index.html").write_text("old")
    stagemod._exchange(a, b)
    assert (b / "index.html").read_text() == "new" and (a / "index.html").read_text() == "old"


# --- verify ---------------------------------------------------------------------------------

def test_verify_names_changed_and_missing_files(project):
    raw = project / "data" / "raw" / "scores_fixture.csv"
    nb = project / "notebooks" / "fx_profile.ipynb"
    manifest = {
        "manifest_version": 1,
        "inputs": [{"path": "data/raw/scores_fixture.csv", "sha256": sha256_file(raw)}],
        "notebooks": [{"source": "notebooks/fx_profile.ipynb", "source_sha256": sha256_file(nb),
                       "output": "book/generated/fx_profile.ipynb", "output_sha256": "0" * 64}],
        "outputs": [{"path": "notebooks/fx_edition.ipynb", "sha256": "1" * 64}],
    }
    path = project / "m.json"
    path.write_text(json.dumps(manifest))
    checked, problems = verify_manifest(path)
    assert checked == 4
    assert problems == ["missing: book/generated/fx_profile.ipynb", "changed: notebooks/fx_edition.ipynb"]
    raw.write_text(raw.read_text() + "MNG,2026,0.9\n")
    assert "changed: data/raw/scores_fixture.csv" in verify_manifest(path)[1]


def test_verify_rejects_a_file_that_is_not_a_manifest(project):
    path = project / "pipeline.yml"
    with pytest.raises(PipelineError, match="not a valid JSON manifest"):
        verify_manifest(path)
    with pytest.raises(PipelineError, match="manifest not found"):
        verify_manifest(project / "nope.json")


def test_empty_or_redirect_only_book_is_rejected(tmp_path):
    assert bookmod._empty_book(tmp_path) == "no index.html was produced"
    (tmp_path / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=intro.html" />')
    assert bookmod._empty_book(tmp_path) == "the front page intro.html is missing or empty"
    (tmp_path / "intro.html").write_text("<html></html>")
    assert bookmod._empty_book(tmp_path) == "the front page intro.html is missing or empty"
    (tmp_path / "intro.html").write_text("<html>" + "<p>content</p>" * 100 + "</html>")
    assert bookmod._empty_book(tmp_path) is None

"""End-to-end runs of the fixture pipeline (papermill executes real notebooks; no book here)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
import yaml

from egovreport.pipeline import PipelineError, build, verify_manifest
from egovreport.pipeline.cache import load_state

pytestmark = pytest.mark.slow
QUIET = {"log": lambda *a: None, "book": False, "jobs": 2}


def _results(root: Path, name: str) -> dict:
    return json.loads((root / "book" / "generated" / "results" / f"{name}.json").read_text())


def test_cold_build_publishes_notebooks_outputs_and_manifest(built_project):
    generated = built_project / "book" / "generated"
    assert _results(built_project, "fx_profile") == {"country": "MNG", "edition": 2024, "peers": [],
                                                     "score": 0.6}
    # the per-language notebook read the profile's published results
    assert _results(built_project, "fx_summary_mn") == {"language": "mn", "score": 0.6}
    for rel in ("figures/fx_edition_bars.png", "figures/fx_edition_bars.svg", "tables/fx_edition_table.csv",
                "fx_profile.ipynb", "fx_summary_en.ipynb", "fx_summary_mn.ipynb", "provenance.md"):
        assert (generated / rel).is_file(), rel
    assert not list((built_project / "build" / "staging").rglob("*.png"))  # moved, not copied

    nb = nbformat.read(generated / "fx_profile.ipynb", as_version=4)
    assert nb.metadata.papermill.parameters == {"country": "MNG", "edition": 2024, "peers": []}
    tags = {c.metadata.get("tags", [None])[0]: c.metadata.get("tags") for c in nb.cells if c.cell_type == "code"}
    assert "remove-cell" in tags["injected-parameters"]
    assert all("hide-input" in t for k, t in tags.items() if k not in ("injected-parameters", "parameters"))

    manifest = json.loads((generated / "manifest.json").read_text())
    assert manifest["parameters"] == {"country": "MNG", "edition": 2024, "peers": [], "languages": ["en", "mn"]}
    assert [n["id"] for n in manifest["notebooks"]] == ["fx_profile", "fx_edition", "fx_summary_en",
                                                        "fx_summary_mn"]
    profile = next(n for n in manifest["notebooks"] if n["id"] == "fx_profile")
    assert profile["reads"] == ["data/processed/scores_fixture.csv"]
    # what happened in this run (times, cache decisions) is in the run record, not in the manifest
    record = json.loads(next((built_project / "build" / "runs").glob("*.json")).read_text())
    assert {n["id"]: n["status"] for n in record["notebooks"]} == {
        "fx_profile": "executed", "fx_edition": "executed", "fx_summary_en": "executed",
        "fx_summary_mn": "executed"}
    profile_run = next(n for n in record["notebooks"] if n["id"] == "fx_profile")
    assert profile_run["started"] <= profile_run["finished"]
    assert "started" not in profile and "status" not in profile
    made_by = {o["path"]: o["made_by"] for o in manifest["outputs"]}
    assert made_by["book/generated/figures/fx_edition_bars.png"] == "fx_edition"
    assert made_by["book/generated/results/fx_summary_en.json"] == "fx_summary_en"
    kinds = {i["path"]: i["kind"] for i in manifest["inputs"]}
    assert kinds == {"data/raw/scores_fixture.csv": "raw", "data/processed/scores_fixture.csv": "processed"}
    assert manifest["environment"]["packages"]["papermill"]
    assert set(manifest["git"]) == {"commit", "dirty", "branch"}
    runs = list((built_project / "build" / "runs").glob("*.json"))
    assert len(runs) == 1 and json.loads(runs[0].read_text())["run"]["status"] == "success"


def test_noop_build_executes_nothing(built_project):
    result = build(**QUIET)
    assert result.executed == []
    assert set(result.notebooks.values()) == {"cached"}
    assert result.data_step == "cached"


def test_changing_one_parameter_reruns_only_the_notebooks_receiving_it(built_project):
    result = build({"country": "KAZ"}, **QUIET)
    assert sorted(result.executed) == ["fx_profile", "fx_summary_en", "fx_summary_mn"]
    assert result.notebooks["fx_edition"] == "cached"  # receives only `edition`
    assert result.reasons["fx_profile"] == "parameter changed: country"
    assert _results(built_project, "fx_summary_en")["score"] == 0.8

    result = build({"country": "KAZ", "edition": "2022"}, **QUIET)
    # fx_summary does not receive `edition`, and the profile's results changed: it reruns for that
    assert sorted(result.executed) == ["fx_edition", "fx_profile", "fx_summary_en", "fx_summary_mn"]
    assert result.reasons["fx_summary_en"] == "input changed: book/generated/results/fx_profile.json"


def test_changed_input_reruns_the_notebooks_that_read_it(built_project):
    raw = built_project / "data" / "raw" / "scores_fixture.csv"
    # a row no notebook result depends on: the profile reruns (it read the file) but its results are
    # identical, so the summaries that read only those results stay cached
    raw.write_text(raw.read_text() + "UZB,2024,0.3\n")
    result = build(**QUIET)
    assert result.data_step == "executed"
    assert result.executed == ["fx_profile"]
    assert result.reasons["fx_profile"] == "input changed: data/processed/scores_fixture.csv"

    raw.write_text(raw.read_text().replace("MNG,2024,0.6", "MNG,2024,0.65"))
    result = build(**QUIET)
    assert sorted(result.executed) == ["fx_profile", "fx_summary_en", "fx_summary_mn"]
    assert _results(built_project, "fx_summary_mn")["score"] == 0.65


def test_missing_or_altered_output_reruns_its_notebook(built_project):
    (built_project / "book" / "generated" / "figures" / "fx_edition_bars.svg").unlink()
    result = build(**QUIET)
    assert result.executed == ["fx_edition"]
    assert result.reasons["fx_edition"].startswith("output missing or altered")


def test_force_reruns_everything(built_project):
    result = build(force=True, **QUIET)
    assert len(result.executed) == 4 and result.data_step == "executed"


def test_only_runs_the_selected_notebook(built_project):
    result = build({"country": "KGZ"}, only=["fx_profile"], **QUIET)
    assert result.executed == ["fx_profile"]
    assert result.notebooks["fx_summary_en"] == "not selected"


def test_dropping_a_language_removes_its_pages(built_project):
    result = build({"languages": "en"}, **QUIET)
    assert result.executed == []
    generated = built_project / "book" / "generated"
    assert not (generated / "fx_summary_mn.ipynb").exists()
    assert not (generated / "results" / "fx_summary_mn.json").exists()
    assert (generated / "fx_summary_en.ipynb").exists()
    assert "fx_summary_mn" not in load_state()["notebooks"]


def test_verify_passes_then_names_altered_input_and_output(built_project):
    manifest = built_project / "book" / "generated" / "manifest.json"
    checked, problems = verify_manifest(manifest)
    assert problems == [] and checked > 10
    raw = built_project / "data" / "raw" / "scores_fixture.csv"
    raw.write_bytes(raw.read_bytes().replace(b"0.7", b"0.9"))
    png = built_project / "book" / "generated" / "figures" / "fx_edition_bars.png"
    png.write_bytes(png.read_bytes() + b"\0")
    (built_project / "book" / "generated" / "results" / "fx_profile.json").unlink()
    _, problems = verify_manifest(manifest)
    assert sorted(problems) == ["changed: book/generated/figures/fx_edition_bars.png",
                                "changed: data/raw/scores_fixture.csv",
                                "missing: book/generated/results/fx_profile.json"]


def _add_failing_notebook(root: Path) -> None:
    data = yaml.safe_load((root / "pipeline.yml").read_text())
    data["notebooks"].append({"id": "fx_fail", "path": "notebooks/fx_fail.ipynb", "parameters": ["country"],
                              "after": ["fx_profile"]})
    (root / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))


def test_failing_notebook_stops_the_run_and_keeps_book_and_outputs(built_project):
    _add_failing_notebook(built_project)
    published = built_project / "book" / "_build" / "html"
    published.mkdir(parents=True)
    (published / "index.html").write_text("previous book")
    before = {p: p.read_bytes() for p in (built_project / "book" / "generated").rglob("*") if p.is_file()}

    with pytest.raises(PipelineError) as err:
        build({"country": "KAZ"}, **QUIET)
    msg = str(err.value)
    assert "notebook 'fx_fail' (notebooks/fx_fail.ipynb)" in msg
    assert "cell 3 [value = 41 + 1]: ValueError: boom in fixture 42" in msg  # 0-based, as nbformat
    assert "build/failed/fx_fail.ipynb" in msg

    kept = nbformat.read(built_project / "build" / "failed" / "fx_fail.ipynb", as_version=4)
    assert kept.metadata.papermill.exception is True
    assert (published / "index.html").read_text() == "previous book"
    generated = built_project / "book" / "generated"
    assert not (generated / "results" / "fx_fail.json").exists()  # staged output not published
    assert (built_project / "build" / "staging" / "fx_fail" / "outputs" / "results" / "fx_fail.json").exists()
    assert (generated / "manifest.json").read_bytes() == before[generated / "manifest.json"]
    run = json.loads(sorted((built_project / "build" / "runs").glob("*.json"))[-1].read_text())
    assert run["run"]["status"] == "failed" and "fx_fail" in run["run"]["error"]


def test_failure_does_not_trust_exit_codes(built_project, monkeypatch):
    """papermill "succeeds" but the executed notebook says it failed: the run must fail."""
    from egovreport.pipeline import execute

    _add_failing_notebook(built_project)

    def fake_job(job):
        nb = nbformat.read(job["input"], as_version=4)
        nb.metadata["papermill"] = {"exception": True}
        nbformat.write(nb, job["output"])
        return {"id": job["id"], "started": "t0", "finished": "t1", "seconds": 0.0, "error": None}

    monkeypatch.setattr(execute, "run_notebook_job", fake_job)
    from egovreport.pipeline import run as runmod
    monkeypatch.setattr(runmod, "run_notebook_job", fake_job)
    monkeypatch.setattr(runmod, "ProcessPoolExecutor", _InlineExecutor)
    with pytest.raises(PipelineError, match="notebook 'fx_fail'.*papermill marked the notebook as failed"):
        build(only=["fx_fail"], force=True, **QUIET)


class _InlineExecutor:
    """Runs jobs in the test process (so the fake job above can be used)."""

    def __init__(self, *a, **k):
        pass

    def submit(self, fn, *args):
        from concurrent.futures import Future

        fut = Future()
        fut.set_result(fn(*args))
        return fut

    def shutdown(self, *a, **k):
        pass


def test_undeclared_dependency_is_reported(built_project, capsys):
    data = yaml.safe_load((built_project / "pipeline.yml").read_text())
    data["notebooks"][2]["after"] = []  # fx_summary reads fx_profile's results without `after`
    (built_project / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    lines = []
    build({"country": "KGZ"}, book=False, jobs=1, log=lines.append)
    assert any("read book/generated/results/fx_profile.json, made by 'fx_profile'" in ln for ln in lines)


def test_kernel_environment_points_at_staging(built_project):
    """Outputs are written to build/staging/<id> and only then moved (never straight into the book)."""
    state = load_state()
    assert state["notebooks"]["fx_edition"]["outputs"]["book/generated/figures/fx_edition_bars.png"]
    log = (built_project / "build" / "staging" / "fx_edition" / "writes.jsonl").read_text()
    assert "/project/build/staging/fx_edition/outputs/figures/fx_edition_bars.png" in log
    assert os.environ.get("EGOVREPORT_OUTPUT_DIR") is None  # the parent process is untouched

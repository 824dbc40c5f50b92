"""Declared inputs: which survey and workshop files a run reads is decided before anything runs
(issue 13, problem 1).

Fast checks of the rules on the fixture project (resolution, pairs, pipeline.yml errors), then
the real report: real responses added to a warm checkout are read, validated and scanned
before any notebook runs, re-run exactly the notebooks that read them, and the book says so.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from _bad_input_helpers import ProjectState, checksums, edit_csv_row, files_containing
from egovreport.cli import main
from egovreport.pipeline import PipelineError, load_pipeline

INPUTS = {
    "survey": {"real": "data/country/{country}/survey.csv",
               "illustrative": "data/country/{country}/survey_ILLUSTRATIVE.csv"},
    "workshop": {"pre": {"real": "data/country/{country}/pre.csv",
                         "illustrative": "data/country/{country}/pre_ILLUSTRATIVE.csv"},
                 "post": {"real": "data/country/{country}/post.csv",
                          "illustrative": "data/country/{country}/post_ILLUSTRATIVE.csv"}},
}


@pytest.fixture
def declared(project) -> Path:
    data = yaml.safe_load((project / "pipeline.yml").read_text())
    data["inputs"] = INPUTS
    (project / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    folder = project / "data" / "country" / "MNG"
    folder.mkdir(parents=True)
    for name in ("survey_ILLUSTRATIVE.csv", "pre_ILLUSTRATIVE.csv", "post_ILLUSTRATIVE.csv"):
        (folder / name).write_text("a\n1\n")
    return folder


def _choices(country="MNG"):
    from egovreport.pipeline.inputs import resolve_inputs

    resolved = resolve_inputs(load_pipeline().inputs, {"country": country})
    return {name: (r.choice, r.files) for name, r in resolved.items()}


def test_illustrative_until_real_files_exist_then_real_never_mixed(declared):
    """Issue 13, problem 1: notebooks read the ILLUSTRATIVE file by name; now the real file is
    chosen when present, as a whole pair for instruments used together."""
    assert _choices()["survey"] == ("illustrative", {"file": "data/country/MNG/survey_ILLUSTRATIVE.csv"})
    (declared / "survey.csv").write_text("a\n1\n")
    (declared / "pre.csv").write_text("a\n1\n")
    (declared / "post.csv").write_text("a\n1\n")
    assert _choices() == {"survey": ("real", {"file": "data/country/MNG/survey.csv"}),
                          "workshop": ("real", {"pre": "data/country/MNG/pre.csv",
                                                "post": "data/country/MNG/post.csv"})}
    # a country with neither version: empty paths, so the pages can say "not available"
    assert _choices("KAZ") == {"survey": ("absent", {"file": ""}),
                               "workshop": ("absent", {"pre": "", "post": ""})}


def test_a_real_file_without_its_partner_is_an_error_naming_the_missing_one(declared):
    """Issue 13, problem 1: one real workshop file without its pair silently fell back to the
    illustrative data."""
    (declared / "post.csv").write_text("a\n1\n")
    with pytest.raises(PipelineError) as err:
        _choices()
    message = str(err.value)
    assert "data/country/MNG/post.csv is present but data/country/MNG/pre.csv is missing" in message
    assert "never mixed" in message


def test_notebooks_receive_the_chosen_paths_as_parameters(declared):
    data = yaml.safe_load((declared.parents[2] / "pipeline.yml").read_text())
    data["notebooks"][0]["inputs"] = {"country": "survey"}
    (declared.parents[2] / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(PipelineError, match="given both as run parameter"):
        load_pipeline()
    data["notebooks"][0]["parameters"] = ["edition", "peers"]
    (declared.parents[2] / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    plan = {s.id: s for s in load_pipeline().plan({"country": "MNG", "edition": 2024, "peers": [],
                                                   "languages": ["en"]})}
    assert plan["fx_profile"].parameters["country"] == "data/country/MNG/survey_ILLUSTRATIVE.csv"
    assert plan["fx_profile"].inputs == {"country": "survey"}


@pytest.mark.parametrize("change, message", [
    (lambda i: i["survey"].update(real="data/country/{country}/survey_ILLUSTRATIVE2.csv"), "must not"),
    (lambda i: i["survey"].update(illustrative="/etc/passwd"), "inside the project"),
    (lambda i: i["workshop"]["pre"].pop("real"), "needs exactly 'real' and 'illustrative'"),
    (lambda i: i["survey"].update(check="no_colon"), "package.module:function"),
])
def test_bad_input_declarations_name_the_input(declared, change, message):
    root = declared.parents[2]
    data = yaml.safe_load((root / "pipeline.yml").read_text())
    change(data["inputs"])
    (root / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(PipelineError, match=message):
        load_pipeline()


# --- the real report -----------------------------------------------------------------------------

COUNTRY = "data/country/MNG"
SURVEY_READERS = {"governance_survey", "governance_gaps", "governance_action_plan", "governance_sensitivity"}


def _make_real(root: Path, *names: str) -> None:
    for name in names:
        shutil.copyfile(root / COUNTRY / f"{name}_ILLUSTRATIVE.csv", root / COUNTRY / f"{name}.csv")


@pytest.mark.slow
def test_real_responses_on_a_warm_checkout_are_read_and_rerun_their_notebooks(real_report_copy):
    """Issue 13, problem 1: real responses saved where the README says were ignored (the book
    kept the illustrative data and nothing re-ran). Now the notebooks that read them re-run,
    their results and the provenance page name the real files, and nothing says illustrative
    for them any more."""
    from egovreport.pipeline import build

    root = real_report_copy
    _make_real(root, "governance_survey", "workshop_pre_survey", "workshop_post_evaluation")
    result = build(log=lambda *a: None)
    assert SURVEY_READERS | {"workshop_evaluation"} <= set(result.executed)
    assert result.reasons["governance_survey"] == "parameter changed: survey_file"
    assert not {"egdi_framework", "egdi_country_profile", "data_overview"} & set(result.executed)
    results = root / "book" / "generated" / "results"
    gaps = json.loads((results / "governance_gaps.json").read_text())
    assert gaps["survey_file"] == "governance_survey.csv" and gaps["illustrative"] is False
    evaluation = json.loads((results / "workshop_evaluation.json").read_text())
    assert evaluation["pre_file"] == f"{COUNTRY}/workshop_pre_survey.csv" and evaluation["illustrative"] is False
    assert result.inputs == {"governance_survey": "real", "workshop_responses": "real",
                             "workshop_record": "illustrative", "workshop_attendance": "illustrative"}
    manifest = json.loads((root / "book" / "generated" / "manifest.json").read_text())
    assert manifest["declared_inputs"]["governance_survey"]["choice"] == "real"
    assert manifest["declared_inputs"]["workshop_responses"]["files"]["post"]["path"] == \
        f"{COUNTRY}/workshop_post_evaluation.csv"
    page = (root / "book" / "_build" / "html" / "generated" / "provenance.html").read_text()
    assert "governance_survey.csv" in page and "<strong>real</strong> responses" in page
    survey_page = (root / "book" / "_build" / "html" / "generated" / "governance_survey.html").read_text()
    assert f"{COUNTRY}/governance_survey.csv" in survey_page and "ILLUSTRATIVE" not in survey_page
    assert build(log=lambda *a: None).executed == []


@pytest.mark.slow
def test_real_survey_with_personal_data_stops_before_any_notebook_runs(real_report_copy, capsys):
    """Issue 13, problems 1 and 7: a real file with an e-mail address built with exit 0 and was
    never scanned. Now it is scanned before anything runs: exit 1, the file, row and column
    named, nothing executed or published."""
    root = real_report_copy
    _make_real(root, "governance_survey")
    edit_csv_row(root / COUNTRY / "governance_survey.csv", row=5, column="evidence_text",
                 value="ask b.erdene[at]gov.mn or tel 9911.2233")
    state = ProjectState(root)
    staging = checksums(root / "build" / "staging")
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {COUNTRY}/governance_survey.csv, row 5, column 'evidence_text'"), err
    assert "e-mail address" in err and "phone number" in err and "nothing was run" in err
    assert "9911" not in err and "b.erdene" not in err
    assert state.changed() == {}
    assert checksums(root / "build" / "staging") == staging  # no notebook ran
    assert files_containing(root / "book", "b.erdene") == []


@pytest.mark.slow
def test_one_real_workshop_file_alone_stops_the_build(real_report_copy, capsys):
    """Issue 13, problem 1: a real pre-survey without its post-evaluation silently fell back to
    the illustrative pair; now the build stops and names the missing partner."""
    root = real_report_copy
    _make_real(root, "workshop_pre_survey")
    state = ProjectState(root)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert (f"{COUNTRY}/workshop_pre_survey.csv is present but {COUNTRY}/workshop_post_evaluation.csv "
            f"is missing") in err
    assert state.changed() == {}


@pytest.mark.slow
def test_real_workshop_record_is_declared_checked_and_reruns_the_record_pages(real_report_copy, capsys):
    """Issue 13 ("inputs are declared, not discovered") for the workshop record of issue 14: the
    rapporteurs' real notes (workshop_record.yml) replace the illustrative ones on a warm checkout,
    the pages built from them re-run because their parameter changed, and a name or e-mail
    address in the notes stops the build before anything runs."""
    from egovreport.pipeline import build

    root = real_report_copy
    illustrative = root / COUNTRY / "workshop_record_ILLUSTRATIVE.yml"
    real = root / COUNTRY / "workshop_record.yml"
    shutil.copyfile(illustrative, real)
    result = build(log=lambda *a: None)
    assert result.inputs["workshop_record"] == "real"
    readers = {f"{page}_{lang}" for page in ("background", "day1", "day2", "outcomes", "key_findings")
               for lang in ("en", "mn")}
    assert readers <= set(result.executed)
    assert result.reasons["day1_en"] == "parameter changed: record_file"
    manifest = json.loads((root / "book" / "generated" / "manifest.json").read_text())
    assert manifest["declared_inputs"]["workshop_record"]["choice"] == "real"

    real.write_text(real.read_text(encoding="utf-8").replace("main_points:", "main_points:\n      - en: Write to a.bold@gov.mn\n", 1),
                    encoding="utf-8")
    state = ProjectState(root)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {COUNTRY}/workshop_record.yml") and "e-mail address" in err, err
    assert "a.bold" not in err and "nothing was run" in err
    assert state.changed() == {}

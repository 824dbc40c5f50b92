"""The assessment on the shipped Mongolia inputs, the result sets the brief reads, failed files."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from egovreport import paths
from egovreport.governance import actions, scoring, survey
from egovreport.governance.evidence import load_desk_review
from egovreport.governance.survey import SurveyValidationError

SURVEY = survey.ILLUSTRATIVE_SURVEY_FILE


@pytest.fixture(scope="module")
def assessment():
    return scoring.gap_assessment("MNG", SURVEY)


def test_desk_levels_graded_a_or_b_are_kept_as_they_are(assessment):
    desk = load_desk_review("MNG").set_index("cell_id")
    s = assessment.scores.set_index("cell_id")
    confident = desk[desk["level"].notna() & desk["confidence"].isin(["A", "B"])]
    assert len(confident) > 0
    for cid, row in confident.iterrows():
        assert s.at[cid, "current_level"] == row["level"] and s.at[cid, "basis"] == "desk"
    # every other cell rests on an unsuppressed survey median or is not assessed
    others = s.drop(index=confident.index)
    assert set(others["basis"]) <= {"survey", "not_assessed"}
    assert (others.loc[others["basis"] == "survey", "survey_suppressed"] == False).all()  # noqa: E712


def test_illustrative_flag_comes_from_the_file_name(assessment):
    assert assessment.illustrative
    assert scoring.gaps_results(assessment)["illustrative"] is True


def test_gaps_results_hold_what_the_brief_reads(assessment):
    r = json.loads(json.dumps(scoring.gaps_results(assessment)))  # JSON-serialisable
    assert r["cells_total"] == 24 and r["cells_assessed"] == 24 - len(r["not_assessed"])
    assert r["median_current_level"] in (0, 1, 2, 3, 4)
    p = r["priorities"]
    assert [x["rank"] for x in p] == sorted(x["rank"] for x in p)
    for x in p:
        assert x["gap"] == x["target_level"] - x["current_level"] > 0
        assert x["target_horizon"] == r["priority_horizon"] == "long"
        assert x["next_horizon"] in ("short", "medium", "long")
    assert all(s["level"] >= 3 for s in r["strengths"])
    assert {"cell_id", "desk_level", "survey_median", "difference"} <= set(r["disagreements"][0]) \
        if r["disagreements"] else True


def test_action_plan_results_are_language_neutral(assessment):
    st, roles, missing = actions.load_stakeholder_map("MNG")
    assert missing == []
    r = actions.action_plan_results(assessment, actions.load_interventions(), st, roles, top_n=8)
    r = json.loads(json.dumps(r))
    assert r["n_actions"] == len(r["actions"]) == sum(r["n_by_horizon"].values()) > 0
    names = set(st["name_en"])
    for a in r["actions"]:
        assert a["description_en"] and a["description_mn"] and a["cell_id"] in a["cells"]
        assert set(a["lead_names_en"]) <= names
        assert len(a["lead_names_en"]) == len(a["lead_names_mn"])
        assert a["end_month"] - a["start_month"] in (12, 24)


def test_survey_summary_publishes_no_statistic_for_suppressed_cells(assessment):
    summary = survey.survey_summary(assessment.survey)
    for cell in summary["cells"]:
        if cell["suppressed"]:
            assert set(cell) == {"cell_id", "n", "n_dont_know", "suppressed"}
    suppressed_types = assessment.survey.respondents_by_org_type.query("suppressed")["org_type"]
    assert all(summary["respondents_by_org_type"][o] is None for o in suppressed_types)
    assert "evidence_text" not in json.dumps(summary)


def test_missing_survey_file_falls_back_to_the_desk_review():
    a = scoring.gap_assessment("MNG", "governance_survey.csv")  # no real responses yet
    assert a.survey is None and not a.illustrative and len(a.notes) == 1
    assert set(a.scores["basis"]) <= {"desk", "not_assessed"}


def test_a_failed_survey_file_stops_the_assessment_before_any_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("EGOVREPORT_OUTPUT_DIR", str(out))
    bad = tmp_path / "governance_survey_ILLUSTRATIVE.csv"
    text = survey.survey_path("MNG", SURVEY).read_text(encoding="utf-8").splitlines()
    text[10] = text[10].rsplit(",", 1)[0] + ",write to someone@example.mn"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(SurveyValidationError) as exc:
        scoring.gap_assessment("MNG", str(bad))
    assert exc.value.row == 11 and exc.value.column == "evidence_text"
    assert list(out.rglob("*")) == []


@pytest.mark.slow
def test_notebook_fails_on_a_bad_survey_file_and_publishes_nothing(tmp_path):
    """Run notebook 12 with papermill on a file with an out-of-range level."""
    out = tmp_path / "out"
    bad = tmp_path / "governance_survey_ILLUSTRATIVE.csv"
    lines = survey.survey_path("MNG", SURVEY).read_text(encoding="utf-8").splitlines()
    fields = lines[5].split(",")
    fields[3] = "7"
    lines[5] = ",".join(fields)
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {"EGOVREPORT_OUTPUT_DIR": str(out), "PYTHONPATH": str(paths.project_root() / "src"),
           "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "papermill", "--cwd", str(paths.notebooks_dir()),
           str(paths.notebooks_dir() / "12_governance_gap_assessment.ipynb"), str(tmp_path / "run.ipynb"),
           "-p", "survey_file", str(bad)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "row 6" in proc.stderr + proc.stdout and "current_level" in proc.stderr + proc.stdout
    produced = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert produced == []


def test_mongolia_headlines_rest_on_the_desk_review_while_the_survey_is_illustrative(assessment):
    r = scoring.gaps_results(assessment)
    head = r["headline"]
    desk = load_desk_review("MNG")
    assessed = desk[desk["level"].notna()]
    assert head["basis"] == "desk_review" and head["cells_assessed"] == len(assessed)
    assert all(s["basis"] == "desk" for s in head["strengths"] + head["weaknesses"] + head["priorities"])
    # the survey-only cell of the first brief (few answers, mostly "don't know") is no headline
    assert "processes.privacy" not in {s["cell_id"] for s in head["strengths"]}
    assert "processes.privacy" in head["not_assessed"]
    # nothing was agreed: the targets are the labelled defaults
    assert r["targets_status"] == "default"


def test_report_table_and_results_state_the_same_gap(assessment):
    """One definition of gap: the report's per-cell table and the result set the brief reads."""
    r = scoring.gaps_results(assessment)
    table = scoring.format_scores(assessment.scores, "en", assessment.priority_horizon)
    shown = dict(zip(table["Cell"] if "Cell" in table else table.iloc[:, 1], table["Gap"]))
    from egovreport.governance.framework import cell_label

    for p in r["priorities"]:
        assert shown[cell_label(p["cell_id"], "en")] == f"{p['gap']:.0f}"
        assert p["gap"] == p[f"gap_{r['priority_horizon']}"] == p["target_level"] - p["current_level"]

"""Scoring rules on small hand-made cases with known answers."""

import pandas as pd
import pytest

from egovreport.errors import ParameterError
from egovreport.governance.scoring import (current_levels, disagreements, rank_stability, score_cells,
                                           sensitivity_rankings, strengths_and_weaknesses, summary_counts,
                                           target_table)

from _governance_helpers import desk, survey_agg

FIVE = lambda level: [level] * 5  # noqa: E731  five identical answers: not suppressed


def _by_cell(df):
    return df.set_index("cell_id")


def test_combined_rule_each_branch():
    d = desk({"policy.privacy": (1, "A"), "policy.security": (2, "B"), "policy.identity": (3, "C"),
              "policy.sharing": (1, "C")})
    s = survey_agg({"policy.privacy": FIVE(4), "policy.identity": FIVE(0), "policy.standards": FIVE(2),
                    "policy.infrastructure": [1, 2, 3, 3]})  # last: n = 4, suppressed
    lv = _by_cell(current_levels(d, s))
    assert lv.loc["policy.privacy", ["current_level", "basis"]].tolist() == [1, "desk"]      # A beats survey
    assert lv.loc["policy.security", ["current_level", "basis"]].tolist() == [2, "desk"]     # B, no survey
    assert lv.loc["policy.identity", ["current_level", "basis"]].tolist() == [0, "survey"]   # C -> survey
    assert lv.loc["policy.standards", ["current_level", "basis"]].tolist() == [2, "survey"]  # desk empty
    assert lv.loc["policy.sharing", "basis"] == "not_assessed"        # C and no survey
    assert lv.loc["policy.infrastructure", "basis"] == "not_assessed"  # desk empty, survey suppressed
    assert pd.isna(lv.loc["policy.infrastructure", "current_level"])


def test_survey_median_of_even_n_is_the_lower_median():
    lv = _by_cell(current_levels(desk({}), survey_agg({"policy.privacy": [1, 1, 2, 3, 3, 4]})))
    assert lv.loc["policy.privacy", "current_level"] == 2  # middle values 2 and 3 -> 2
    mid = _by_cell(current_levels(desk({}), survey_agg({"policy.privacy": [1, 1, 2, 3, 3, 4]}),
                                  survey_stat="midpoint"))
    assert mid.loc["policy.privacy", "current_level"] == 2.5


def test_alternative_rules_and_missing_treatments():
    d = desk({"policy.privacy": (1, "A"), "people.privacy": (3, "C")})
    s = survey_agg({"policy.privacy": FIVE(3), "institutions.privacy": FIVE(2)})
    by = lambda **kw: _by_cell(current_levels(d, s, **kw))["current_level"]  # noqa: E731
    assert by(rule="survey_first")["policy.privacy"] == 3
    assert by(rule="desk_only")["people.privacy"] == 3 and pd.isna(by(rule="desk_only")["institutions.privacy"])
    assert pd.isna(by(rule="survey_only")["people.privacy"])
    assert by(missing="zero")["processes.identity"] == 0
    # privacy cells known under the baseline: policy 1 (desk A), institutions 2 (survey) -> lower median 1
    em = _by_cell(current_levels(d, s, missing="element_median"))
    assert em.loc["people.privacy", ["current_level", "basis"]].tolist() == [1, "imputed"]
    assert pd.isna(em.loc["policy.standards", "current_level"])  # nothing known in that element


def test_disagreement_flag_at_exactly_two_levels():
    d = desk({"policy.privacy": (1, "A"), "policy.security": (1, "A"), "policy.identity": (3, "C"),
              "policy.sharing": (0, "A")})
    s = survey_agg({"policy.privacy": FIVE(3), "policy.security": FIVE(2), "policy.identity": FIVE(1),
                    "policy.sharing": [4, 4, 4, 4]})  # suppressed: no flag
    flagged = _by_cell(disagreements(current_levels(d, s)))
    assert sorted(flagged.index) == ["policy.identity", "policy.privacy"]
    assert flagged.loc["policy.privacy", "difference"] == 2 and flagged.loc["policy.identity", "difference"] == -2
    scores = _by_cell(score_cells(d, s))
    assert scores.loc["policy.privacy", "disagreement"] and not scores.loc["policy.security", "disagreement"]


def test_gap_is_never_negative_and_action_horizon_is_the_first_missed_target():
    d = desk({"policy.privacy": (4, "A"), "policy.security": (1, "A"), "policy.identity": (2, "A"),
              "policy.sharing": (3, "B")})
    sc = _by_cell(score_cells(d, None, targets={"short": 2, "medium": 3, "long": 4}))
    assert sc.loc["policy.privacy", ["gap_short", "gap_medium", "gap_long"]].tolist() == [0, 0, 0]
    assert sc.loc["policy.security", ["gap_short", "gap_medium", "gap_long"]].tolist() == [1, 2, 3]
    assert sc.loc["policy.privacy", "action_horizon"] == "none"
    assert sc.loc["policy.security", "action_horizon"] == "short"
    assert sc.loc["policy.identity", "action_horizon"] == "medium"
    assert sc.loc["policy.sharing", "action_horizon"] == "long"
    assert (sc[["gap_short", "gap_medium", "gap_long"]].dropna() >= 0).all().all()


def test_priority_ordering_and_deterministic_tie_breaks():
    # all from the desk review; importance from the survey
    d = desk({"policy.standards": (0, "A"), "policy.sharing": (2, "A"), "policy.security": (0, "A"),
              "policy.privacy": (2, "A"), "people.identity": (1, "A")})
    s = survey_agg({"policy.standards": FIVE(0), "policy.sharing": FIVE(2), "policy.security": FIVE(0),
                    "policy.privacy": FIVE(2), "people.identity": FIVE(1)},
                   importance={"policy.standards": 2, "policy.sharing": 4, "policy.security": 2,
                               "policy.privacy": 4, "people.identity": 3})
    sc = score_cells(d, s)  # long target 4: gaps 4, 2, 4, 2, 3
    ranked = sc[sc["rank"].notna()].set_index("cell_id")
    assert ranked["priority"].to_dict() == {"people.identity": 9.0, "policy.standards": 8.0,
                                            "policy.security": 8.0, "policy.sharing": 8.0,
                                            "policy.privacy": 8.0}
    # 8 = 4 × 2 = 2 × 4: larger gap first, then framework order (standards before security,
    # sharing before privacy)
    assert sc["cell_id"].head(5).tolist() == ["people.identity", "policy.standards", "policy.security",
                                              "policy.sharing", "policy.privacy"]
    assert sc["rank"].head(5).tolist() == [1, 2, 3, 4, 5]
    # not-assessed cells come last without a rank
    assert sc["rank"].iloc[5:].isna().all() and len(sc) == 24


def test_equal_priority_and_gap_falls_back_to_importance_then_framework_order():
    d = desk({"processes.identity": (1, "A"), "policy.standards": (1, "A"), "people.sharing": (1, "A")})
    sc = score_cells(d, None, importance="equal")
    assert sc["cell_id"].head(3).tolist() == ["policy.standards", "people.sharing", "processes.identity"]


def test_missing_importance_uses_the_neutral_midpoint():
    d = desk({"policy.privacy": (2, "A")})
    sc = _by_cell(score_cells(d, survey_agg({"policy.privacy": [1, 2, 2, 3]})))  # suppressed
    assert sc.loc["policy.privacy", "importance_weight"] == 3 and sc.loc["policy.privacy", "priority"] == 6


def test_targets_defaults_overrides_and_validation():
    tt = target_table({"short": 1, "medium": 2, "long": 3}, {"policy.privacy": {"long": 4}}).set_index("cell_id")
    h = ["short", "medium", "long"]
    assert tt.loc["policy.privacy", h].tolist() == [1, 2, 4] and tt.loc["policy.security", h].tolist() == [1, 2, 3]
    assert set(tt["target_status"]) == {"parameter"}
    assert set(target_table()["target_status"]) == {"default"}
    with pytest.raises(ParameterError, match="decrease"):
        target_table({"short": 3, "medium": 2, "long": 4})
    with pytest.raises(ParameterError, match="0–4"):
        target_table({"short": 2, "medium": 3, "long": 5})
    with pytest.raises(ParameterError, match="unknown cell"):
        target_table(None, {"policy.banana": {"long": 3}})
    with pytest.raises(ParameterError, match="horizons"):
        target_table({"short": 2, "long": 4})
    sc = _by_cell(score_cells(desk({"policy.privacy": (3, "A"), "policy.security": (3, "A")}), None,
                              target_overrides={"policy.privacy": {"long": 3}}))
    assert sc.loc["policy.privacy", "gap_long"] == 0 and sc.loc["policy.security", "gap_long"] == 1


def test_strengths_weaknesses_and_fallback():
    d = desk({"policy.privacy": (4, "A"), "policy.security": (3, "A"), "policy.identity": (1, "A"),
              "policy.sharing": (2, "A"), "people.sharing": (0, "B")})
    strengths, weaknesses = strengths_and_weaknesses(score_cells(d, None))
    assert strengths["cell_id"].tolist() == ["policy.privacy", "policy.security"]
    assert weaknesses["cell_id"].tolist() == ["people.sharing", "policy.identity"]
    assert set(weaknesses["reason"]) == {"low_level"}
    _, fallback = strengths_and_weaknesses(score_cells(desk({"policy.privacy": (4, "A"),
                                                             "policy.sharing": (2, "A"),
                                                             "policy.security": (3, "A")}), None))
    assert fallback["cell_id"].tolist() == ["policy.sharing", "policy.security"]
    assert set(fallback["reason"]) == {"largest_gap"}


def test_summary_counts():
    d = desk({"policy.privacy": (4, "A"), "policy.security": (1, "A")})
    counts = summary_counts(score_cells(d, survey_agg({"policy.identity": FIVE(2)})))
    assert counts["n_assessed"] == 3 and counts["n_not_assessed"] == 21
    assert counts["n_from_desk"] == 2 and counts["n_from_survey"] == 1
    assert counts["n_by_level"] == {1: 1, 2: 1, 4: 1}


def test_sensitivity_rankings_and_stability():
    d = desk({"policy.standards": (0, "A"), "policy.sharing": (1, "A"), "policy.security": (2, "A"),
              "policy.privacy": (3, "A")})
    # the survey sees the reverse order
    s = survey_agg({"policy.standards": FIVE(3), "policy.sharing": FIVE(2), "policy.security": FIVE(1),
                    "policy.privacy": FIVE(0)})
    r = sensitivity_rankings(d, s)
    stab = rank_stability(r, top_k=2).set_index("scenario")
    assert stab.loc["baseline", "kendall_tau"] == pytest.approx(1.0)
    assert stab.loc["baseline", "top_k_overlap"] == 2 and stab.loc["baseline", "top1_same"]
    assert stab.loc["survey_only", "kendall_tau"] == pytest.approx(-1.0)
    assert stab.loc["survey_only", "top_k_overlap"] == 0 and not stab.loc["survey_only", "top1_same"]
    assert stab.loc["desk_only", "kendall_tau"] == pytest.approx(1.0)
    assert set(r["scenario"]) >= {"baseline", "survey_mean", "desk_only", "survey_only", "equal_importance",
                                  "missing_as_zero"}
    assert stab.loc["missing_as_zero", "n_ranked"] == 24 and stab.loc["baseline", "n_ranked"] == 4


def test_unknown_parameters_are_rejected():
    with pytest.raises(ParameterError):
        score_cells(desk({}), None, rule="average")
    with pytest.raises(ParameterError):
        score_cells(desk({}), None, priority_horizon="forever")
    with pytest.raises(ParameterError):
        score_cells(desk({}), None, importance="cubed")


# --- targets as an input ------------------------------------------------------------

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with the shipped default targets and an empty country folder."""
    import shutil

    (tmp_path / "data" / "country" / "KAZ").mkdir(parents=True)
    shutil.copytree(REPO / "data" / "instruments", tmp_path / "data" / "instruments")
    monkeypatch.setenv("EGOVREPORT_ROOT", str(tmp_path))
    return tmp_path


def test_default_targets_are_uniform_and_labelled_to_be_agreed(project):
    from egovreport.governance.scoring import load_targets, targets_status

    t = load_targets("KAZ")
    assert len(t) == 24 and set(t["target_status"]) == {"default"} and targets_status(t) == "default"
    assert (t[["short", "medium", "long"]].drop_duplicates().values.tolist()) == [[2, 3, 4]]
    assert t["target_basis"].str.contains("to be agreed").all()


def test_country_targets_file_overrides_cell_by_cell(project):
    from egovreport.governance.scoring import load_targets, targets_status

    (project / "data" / "country" / "KAZ" / "governance_targets.csv").write_text(
        "cell_id,short,medium,long,status,basis\n"
        "policy.privacy,1,2,3,agreed,Workshop session 2.3\n", encoding="utf-8")
    t = load_targets("KAZ").set_index("cell_id")
    assert t.loc["policy.privacy", ["short", "medium", "long", "target_status"]].tolist() == [1, 2, 3, "agreed"]
    assert t.loc["policy.security", ["long", "target_status"]].tolist() == [4, "default"]
    assert targets_status(t.reset_index()) == "mixed"
    sc = _by_cell(score_cells(desk({"policy.privacy": (2, "A"), "policy.security": (2, "A")}), None,
                              target_frame=t.reset_index()))
    assert (sc.loc["policy.privacy", "gap"], sc.loc["policy.security", "gap"]) == (1, 2)
    assert sc.loc["policy.privacy", "target_status"] == "agreed"


@pytest.mark.parametrize("row, column, reason", [
    ("policy.banana,1,2,3,agreed,x", "cell_id", "cell id"),
    ("policy.privacy,1,5,3,agreed,x", "medium", "0–4"),
    ("policy.privacy,3,2,4,agreed,x", None, "decrease"),
    ("policy.privacy,1,2,3,default,x", "status", "proposed"),
    ("policy.privacy,1,2,3,agreed,", "basis", "required"),
])
def test_bad_targets_file_names_row_column_and_reason(project, row, column, reason):
    from egovreport.errors import InputError
    from egovreport.governance.scoring import load_targets

    path = project / "data" / "country" / "KAZ" / "governance_targets.csv"
    path.write_text("cell_id,short,medium,long,status,basis\n" + row + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_targets("KAZ")
    assert exc.value.row == 2 and reason in str(exc.value)
    if column:
        assert exc.value.column == column


def test_one_gap_definition_target_at_the_priority_horizon_minus_current():
    d = desk({"policy.privacy": (1, "A"), "policy.security": (3, "A"), "policy.identity": (4, "A")})
    sc = _by_cell(score_cells(d, None))
    assert sc.loc["policy.privacy", ["target", "gap", "action_horizon"]].tolist() == [4, 3, "short"]
    assert sc.loc["policy.security", ["gap", "action_horizon"]].tolist() == [1, "long"]
    assert sc.loc["policy.identity", ["gap", "action_horizon"]].tolist() == [0, "none"]
    med = _by_cell(score_cells(d, None, priority_horizon="medium"))
    assert med.loc["policy.privacy", "gap"] == 2 and (med["gap"].dropna() == med["gap_medium"].dropna()).all()


# --- headlines: desk review while the survey is illustrative; thresholds for real answers ---------

def _assessment(d, by_cell, illustrative):
    from types import SimpleNamespace

    from egovreport.governance.scoring import GapAssessment, disagreements

    sc = score_cells(d, by_cell)
    strengths, weaknesses = strengths_and_weaknesses(sc)
    survey = SimpleNamespace(illustrative=illustrative, by_cell=by_cell, path=__import__("pathlib").Path("s.csv"),
                             min_group_size=5)
    return GapAssessment(country="KAZ", desk=d, survey=survey, scores=sc, strengths=strengths,
                         weaknesses=weaknesses, disagreements=disagreements(sc), targets={}, target_overrides={},
                         priority_horizon="long")


def test_thin_or_dont_know_survey_cells_never_become_headlines():
    """The defect of the first brief: a cell with 5 level answers and 35 of 40 "don't know"
    was the first "strength". It stays in the report but is no headline."""
    from egovreport.governance.scoring import gaps_results

    d = desk({"policy.privacy": (2, "A")})
    by_cell = survey_agg({"processes.privacy": [4] * 5 + [None] * 35,      # n = 5, 35 of 40 don't know
                          "processes.security": [4] * 12 + [None] * 20,    # n = 12 but 20 of 32 don't know
                          "processes.identity": [3] * 12 + [None] * 4})    # n = 12, 4 of 16: fine
    a = _assessment(d, by_cell, illustrative=False)
    r = gaps_results(a)
    assert {s["cell_id"] for s in r["strengths"]} == {"processes.privacy", "processes.security", "processes.identity"}
    head = r["headline"]
    assert head["basis"] == "combined"
    assert head["excluded_cells"] == ["processes.security", "processes.privacy"] or \
        set(head["excluded_cells"]) == {"processes.security", "processes.privacy"}
    assert [s["cell_id"] for s in head["strengths"]] == ["processes.identity"]
    assert "processes.privacy" in head["not_assessed"] and head["cells_assessed"] == 2


def test_illustrative_survey_moves_no_headline():
    from egovreport.governance.scoring import gaps_results

    d = desk({"policy.privacy": (2, "A"), "policy.security": (1, "B")})
    by_cell = survey_agg({"processes.identity": [4] * 30}, importance={"processes.identity": 5})
    a = _assessment(d, by_cell, illustrative=True)
    head = gaps_results(a)["headline"]
    assert head["basis"] == "desk_review" and head["strengths"] == []
    assert [p["cell_id"] for p in head["priorities"]] == ["policy.security", "policy.privacy"]
    assert all(p["basis"] == "desk" and p["importance_weight"] == 3 for p in head["priorities"])
    assert head["cells_assessed"] == 2

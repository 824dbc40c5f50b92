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
    assert tt.loc["policy.privacy"].tolist() == [1, 2, 4] and tt.loc["policy.security"].tolist() == [1, 2, 3]
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

"""Survey responses: validation (each bad kind rejected with row and reason), aggregation, suppression."""

import numpy as np
import pandas as pd
import pytest

from egovreport.errors import InputError
from egovreport.governance import survey
from egovreport.governance.survey import (SurveyValidationError, aggregate_survey, format_cell_statistics,
                                          is_illustrative, load_survey_responses, lower_median,
                                          ordinal_summary, respondent_counts)

from _governance_helpers import HEADER, responses, write_csv

GOOD = [
    ["R001", "ministry", "policy.privacy", "2", "5", "A law, adopted"],
    ["R001", "ministry", "policy.security", "", "4", ""],
    ["R002", "agency", "policy.privacy", "3", "", ""],
]


def _reject(tmp_path, bad_row, header=HEADER):
    path = write_csv(tmp_path / "survey.csv", GOOD + [bad_row], header)
    with pytest.raises(SurveyValidationError) as exc:
        load_survey_responses(path)
    return exc.value


def test_good_file_loads_with_dont_know_as_missing(tmp_path):
    df = load_survey_responses(write_csv(tmp_path / "ok.csv", GOOD))
    assert df["current_level"].tolist()[:1] == [2]
    assert df["current_level"].isna().tolist() == [False, True, False]
    assert df["importance"].isna().tolist() == [False, False, True]
    assert df["source_row"].tolist() == [2, 3, 4]


@pytest.mark.parametrize("bad_row, column, words", [
    (["R003", "agency", "policy.banana", "2", "3", ""], "cell_id", "unknown cell id 'policy.banana'"),
    (["R003", "agency", "policy.privacy", "5", "3", ""], "current_level", "level '5' out of range"),
    (["R003", "agency", "policy.privacy", "-1", "3", ""], "current_level", "out of range"),
    (["R003", "agency", "policy.privacy", "2.5", "3", ""], "current_level", "out of range"),
    (["R003", "agency", "policy.privacy", "two", "3", ""], "current_level", "out of range"),
    (["R003", "agency", "policy.privacy", "2", "0", ""], "importance", "importance '0' out of range"),
    (["R003", "agency", "policy.privacy", "2", "6", ""], "importance", "importance '6' out of range"),
    (["R001", "ministry", "policy.privacy", "1", "3", ""], "cell_id", "duplicate answer: respondent 'R001'"),
    (["R003", "ngo", "policy.privacy", "2", "3", ""], "org_type", "unknown organisation type 'ngo'"),
    (["", "agency", "policy.privacy", "2", "3", ""], "respondent_id", "missing respondent id"),
    (["R003", "agency", "policy.privacy", "2", "3", "ask dorj@example.mn"], "evidence_text", "e-mail"),
    (["R003", "agency", "policy.privacy", "2", "3", "call +976 9911 2233"], "evidence_text", "phone"),
    (["R003", "agency", "policy.privacy", "2", "3", "утас 99112233"], "evidence_text", "phone"),
    (["dorj@example.mn", "agency", "policy.privacy", "2", "3", ""], "respondent_id", "personal data"),
    (["R002", "ministry", "policy.security", "2", "3", ""], "org_type", "differs from the one"),
])
def test_each_bad_kind_is_rejected_with_row_column_and_reason(tmp_path, bad_row, column, words):
    err = _reject(tmp_path, bad_row)
    assert err.row == 5  # header = 1, three good rows, the bad row is line 5
    assert err.column == column
    assert words in err.reason
    assert str(tmp_path / "survey.csv") in str(err)
    assert "row 5" in str(err) and f"column '{column}'" in str(err)


def test_personal_data_is_not_echoed_in_the_error(tmp_path):
    err = _reject(tmp_path, ["R003", "agency", "policy.privacy", "2", "3", "call +976 9911 2233"])
    assert "9911" not in str(err)


def test_all_problems_are_listed_and_the_first_is_raised(tmp_path):
    rows = GOOD + [["R003", "agency", "policy.privacy", "9", "3", ""],
                   ["R004", "agency", "policy.nope", "2", "3", ""]]
    with pytest.raises(SurveyValidationError) as exc:
        load_survey_responses(write_csv(tmp_path / "s.csv", rows))
    f = exc.value.failures
    assert f[["row", "column"]].values.tolist() == [[5, "current_level"], [6, "cell_id"]]
    assert exc.value.row == 5 and "1 more problem" in exc.value.reason


def test_missing_and_unexpected_columns_are_rejected_on_row_1(tmp_path):
    header = [c for c in HEADER if c != "importance"]
    with pytest.raises(SurveyValidationError) as exc:
        load_survey_responses(write_csv(tmp_path / "s.csv", [r[:4] + r[5:] for r in GOOD], header))
    assert (exc.value.row, exc.value.column) == (1, "importance")
    with pytest.raises(SurveyValidationError) as exc:
        load_survey_responses(write_csv(tmp_path / "s2.csv", [r + ["Bat"] for r in GOOD], HEADER + ["name"]))
    assert (exc.value.row, exc.value.column) == (1, "name") and "unexpected column" in exc.value.reason


def test_row_numbers_count_blank_lines_and_multiline_text(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(",".join(HEADER) + "\n"
                    "R001,ministry,policy.privacy,2,5,\"two\nlines\"\n"
                    "\n"
                    "R002,agency,policy.privacy,7,5,\n", encoding="utf-8")
    with pytest.raises(SurveyValidationError) as exc:
        load_survey_responses(path)
    assert exc.value.row == 5


def test_wrong_field_count_and_empty_file(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(",".join(HEADER) + "\nR001,ministry,policy.privacy,2,5,a,b\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_survey_responses(path)
    assert exc.value.row == 2 and "7 fields" in exc.value.reason
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError):
        load_survey_responses(path)


def test_nothing_is_computed_or_written_from_a_failed_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("EGOVREPORT_OUTPUT_DIR", str(out))
    bad = write_csv(tmp_path / "governance_survey_ILLUSTRATIVE.csv",
                    GOOD + [["R003", "agency", "policy.privacy", "2", "3", "a@b.mn"]])
    with pytest.raises(SurveyValidationError):
        survey.survey_results("MNG", str(bad))
    assert list(out.rglob("*")) == []


# --- statistics -------------------------------------------------------------------

@pytest.mark.parametrize("values, expected", [
    ([1, 2, 3, 4], 2), ([3, 1], 1), ([0, 4, 2], 2), ([2, 2, 3, 3], 2), ([4], 4)])
def test_lower_median_takes_the_smaller_middle_value_for_even_n(values, expected):
    assert lower_median(values) == expected


def test_ordinal_summary_known_answers():
    s = ordinal_summary([4, 0, 1, 2, 3, 4, 4, 4])  # sorted: 0 1 2 3 4 4 4 4
    assert (s["n"], s["median"], s["median_midpoint"]) == (8, 3.0, 3.5)
    assert (s["q1"], s["q3"], s["iqr"]) == (1.0, 4.0, 3.0)
    assert s["agreement"] == pytest.approx(6 / 8)  # 2, 3, 4, 4, 4, 4 are within ±1 of 3
    assert s["mean_level"] == pytest.approx(22 / 8)
    assert ordinal_summary([None, np.nan])["n"] == 0


def test_suppression_boundary_and_dont_know_excluded():
    agg = aggregate_survey(responses({
        "policy.privacy": [1, 2, 2, 3],              # n = 4 -> suppressed
        "policy.security": [1, 2, 2, 3, 4],          # n = 5 -> shown
        "policy.identity": [1, 2, 2, 3, None],       # 5 rows but n = 4 -> suppressed
    }), min_group_size=5).set_index("cell_id")
    assert agg.loc["policy.privacy", "suppressed"] and pd.isna(agg.loc["policy.privacy", "median"])
    assert pd.isna(agg.loc["policy.privacy", "median_importance"])
    assert not agg.loc["policy.security", "suppressed"] and agg.loc["policy.security", "median"] == 2
    assert agg.loc["policy.identity", ["n_responses", "n_dont_know", "n"]].tolist() == [5, 1, 4]
    assert agg.loc["policy.identity", "suppressed"]
    assert agg.loc["people.sharing", "n"] == 0 and agg.loc["people.sharing", "suppressed"]
    assert len(agg) == 24
    assert not aggregate_survey(responses({"policy.privacy": [1, 2, 2, 3]}), min_group_size=4) \
        .set_index("cell_id").loc["policy.privacy", "suppressed"]


def test_suppressed_cells_show_the_label_and_no_statistic():
    agg = aggregate_survey(responses({"policy.privacy": [1, 2, 2, 3], "policy.security": [1, 2, 2, 3, 4]}), 5)
    table = format_cell_statistics(agg, 5)
    row = table.iloc[3]  # policy.privacy in framework order
    assert row["Median level"] == "suppressed (n < 5)"
    assert row["Interquartile range"] == row["Agreement (±1 level)"] == row["Importance, median / mode (1–5)"] == ""
    assert table.iloc[2]["Median level"] == "2" and table.iloc[2]["Interquartile range"] == "2–3"
    assert "нууцалсан (n < 5)" in format_cell_statistics(agg, 5, "mn").iloc[3].tolist()


def test_importance_is_summarised_by_lower_median_and_mode_never_the_mean():
    """Importance is an ordinal 1–5 rating: lower median (the priority weight) and mode."""
    agg = aggregate_survey(responses({"policy.privacy": [2, 2, 2, 2, 2, 2]},
                                     importance={"policy.privacy": 1}), 5).set_index("cell_id")
    assert agg.loc["policy.privacy", ["median_importance", "mode_importance"]].tolist() == [1, 1]
    rows = responses({"policy.privacy": [2] * 6})
    rows["importance"] = pd.array([5, 5, 1, 1, 1, 4], dtype="Int64")  # mean 2.83, lower median 1, mode 1
    agg = aggregate_survey(rows, 5).set_index("cell_id")
    assert agg.loc["policy.privacy", "median_importance"] == 1 and agg.loc["policy.privacy", "mode_importance"] == 1
    rows["importance"] = pd.array([5, 5, 4, 4, 1, 3], dtype="Int64")  # tie 4/5 in mode -> the lower, 4
    agg = aggregate_survey(rows, 5).set_index("cell_id")
    assert agg.loc["policy.privacy", ["median_importance", "mode_importance"]].tolist() == [4, 4]
    assert not any("mean_importance" in c for c in agg.columns)
    table = format_cell_statistics(agg.reset_index(), 5)
    assert table.set_index("Cell").loc["Policy × Privacy & ethics", "Importance, median / mode (1–5)"] == "4 / 4"


def test_breakdown_by_org_type_is_suppressed_per_group():
    df = pd.concat([responses({"policy.privacy": [2, 2, 2, 2, 2]}, org_type="ministry"),
                    responses({"policy.privacy": [4, 4]}, org_type="academia")
                    .assign(respondent_id=lambda d: "A" + d["respondent_id"])])
    by = aggregate_survey(df, 5, by="org_type").set_index("org_type")
    assert by.loc["ministry", "median"] == 2 and not by.loc["ministry", "suppressed"]
    assert by.loc["academia", "suppressed"] and pd.isna(by.loc["academia", "median"])


def test_respondent_counts_with_secondary_suppression():
    df = pd.concat([responses({"policy.privacy": [1] * n}, org_type=t).assign(
        respondent_id=lambda d, t=t: t + d["respondent_id"]) for t, n in
        [("ministry", 9), ("agency", 6), ("academia", 5), ("civil_society", 2)]])
    c = respondent_counts(df, 5).set_index("org_type")
    assert c.loc["ministry", "respondents"] == 9 and c.loc["agency", "respondents"] == 6
    # civil society (2) is suppressed; academia, the smallest shown group, is suppressed too
    assert c.loc["civil_society", "suppressed"] and c.loc["academia", "suppressed"]
    assert pd.isna(c.loc["academia", "respondents"])


def test_theme_counts_never_include_text():
    df = responses({"policy.privacy": [1, 2], "people.privacy": [1]})
    df["evidence_text"] = ["The data protection law", "a training course", ""]
    themes = survey.theme_counts(df).set_index("element")
    assert themes.loc["privacy", "n_with_text"] == 2
    assert themes.loc["privacy", "law_regulation"] == 1 and themes.loc["privacy", "skills_training"] == 1
    assert not any(isinstance(v, str) and "law" in v for v in themes.to_numpy().ravel())


def test_illustrative_label_follows_the_file_name():
    assert is_illustrative("governance_survey_ILLUSTRATIVE.csv")
    assert is_illustrative("data/country/MNG/governance_survey_illustrative.csv")
    assert not is_illustrative("governance_survey.csv")
    assert is_illustrative("governance_survey.csv", flag=True)
    assert is_illustrative("governance_survey_ILLUSTRATIVE.csv", flag=False)  # cannot be switched off


# --- the shipped illustrative file --------------------------------------------------

def test_illustrative_file_is_regenerated_byte_identical():
    path = survey.survey_path("MNG", survey.ILLUSTRATIVE_SURVEY_FILE)
    assert path.read_bytes() == survey.illustrative_survey_bytes("MNG"), (
        f"{path} is out of date with the desk review / stakeholder list: run "
        "scripts/make_illustrative_governance_survey.py and commit the file")


def test_illustrative_file_is_valid_and_shaped_as_documented():
    path = survey.survey_path("MNG", survey.ILLUSTRATIVE_SURVEY_FILE)
    df = load_survey_responses(path)
    assert df["respondent_id"].nunique() == survey.ILLUSTRATIVE_RESPONDENTS
    assert len(df) == survey.ILLUSTRATIVE_RESPONDENTS * 24
    assert df["current_level"].isna().any()  # some don't-knows
    assert set(df["evidence_text"]) <= set(survey.ILLUSTRATIVE_TEXTS) | {""}


def test_generator_is_seeded_and_the_seed_matters():
    levels = {c: 2.0 for c in survey.CELL_IDS}
    a = survey.make_illustrative_responses(levels, {"ministry": 3, "agency": 2}, n_respondents=6, seed=1)
    b = survey.make_illustrative_responses(levels, {"ministry": 3, "agency": 2}, n_respondents=6, seed=1)
    c = survey.make_illustrative_responses(levels, {"ministry": 3, "agency": 2}, n_respondents=6, seed=2)
    assert a.equals(b) and not a.equals(c)

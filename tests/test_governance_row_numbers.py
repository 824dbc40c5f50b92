"""Governance loaders name the right line after a quoted cell that spans several lines.

Before the loaders shared :func:`egovreport.tabular.read_text_table` they
numbered rows as ``index + 2``, one line short for every extra line of a
multi-line cell above the bad row.
"""

import pytest

from egovreport.errors import InputError
from egovreport.governance.evidence import load_desk_review, load_evidence_register
from egovreport.governance.stakeholders import (ROLE_COLUMNS, STAKEHOLDER_COLUMNS, load_stakeholder_roles,
                                                load_stakeholders)

from _gov_evidence_helpers import DESK_HEADER, EVIDENCE_HEADER, desk_row, good_evidence_rows, write_dict_csv

TWO_LINES = "First line of a long note.\nSecond line of the same cell."


def _register_with_multiline_first_row(tmp_path, **change_second):
    rows = good_evidence_rows()
    rows[0]["fact"] = TWO_LINES  # record 1 spans lines 2-3, record 2 starts on line 4
    rows[1].update(change_second)
    return write_dict_csv(tmp_path / "evidence_register.csv", EVIDENCE_HEADER, rows)


def test_register_keeps_the_file_line_of_each_record(tmp_path):
    reg = load_evidence_register(path=_register_with_multiline_first_row(tmp_path))
    assert reg["fact"].iloc[0] == TWO_LINES
    assert reg["row"].tolist() == [2, 4, 5, 6]


def test_schema_error_after_a_multiline_cell_names_the_right_line(tmp_path):
    with pytest.raises(InputError) as err:
        load_evidence_register(path=_register_with_multiline_first_row(tmp_path, grade="D"))
    assert (err.value.row, err.value.column) == (4, "grade")


def test_desk_review_rule_error_after_a_multiline_cell_names_the_right_line(tmp_path):
    reg = load_evidence_register(path=_register_with_multiline_first_row(tmp_path))
    rows = [desk_row(cell_id="institutions.privacy", rationale=TWO_LINES),
            desk_row(evidence_ids="XX-POL-99")]  # unknown evidence id: checked in Python, not by pandera
    path = write_dict_csv(tmp_path / "desk_review_scores.csv", DESK_HEADER, rows)
    with pytest.raises(InputError, match="unknown evidence id") as err:
        load_desk_review(path=path, register=reg)
    assert (err.value.row, err.value.column) == (4, "evidence_ids")


def test_duplicate_role_after_a_multiline_cell_names_the_right_line(tmp_path):
    st = load_stakeholders(path=write_dict_csv(tmp_path / "stakeholders.csv", STAKEHOLDER_COLUMNS, [
        {"institution_id": "nso", "name_en": "Statistics office", "name_mn": "Статистик", "type": "agency",
         "sector": "statistics", "concept_note_no": "1"}]))
    role = {"institution_id": "nso", "element": "standards", "role": "steward", "lead": "true", "basis": TWO_LINES}
    path = write_dict_csv(tmp_path / "roles.csv", ROLE_COLUMNS, [role, dict(role, basis="Law on statistics")])
    with pytest.raises(InputError, match="twice") as err:
        load_stakeholder_roles(path=path, stakeholders=st)
    assert (err.value.row, err.value.column) == (4, "role")

"""Bad country inputs through the command line users run (``python -m egovreport build``), on a
copy of the built real report: survey responses, the evidence register and workshop evaluation
responses with personal data, malformed text or impossible values.

Each must stop the build with exit status 1 and one ``error:`` line naming the notebook, the
file, the row and the column; leave every input file, the processed data, the published
outputs and the published HTML book exactly as they were; and publish nothing from the bad
file (personal data in particular never reaches ``book/``). The loaders' own rules are tested
by the teams that wrote them (test_governance_survey, test_governance_evidence,
test_evaluation_validation); these tests cover the entry point end to end.
"""

from __future__ import annotations

import pytest

from _bad_input_helpers import ProjectState, edit_csv_row, files_containing
from egovreport.cli import main

pytestmark = pytest.mark.slow

COUNTRY = "data/country/MNG"
SURVEY = f"{COUNTRY}/governance_survey_ILLUSTRATIVE.csv"
EVIDENCE = f"{COUNTRY}/evidence_register.csv"
PRE_SURVEY = f"{COUNTRY}/workshop_pre_survey_ILLUSTRATIVE.csv"


def _build_fails(root, capsys) -> str:
    """Run `build` on the edited copy; check exit 1, one error line, and that no file changed
    (the bad input file itself included: it is never "cleaned" in place)."""
    state = ProjectState(root)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    changed = state.changed()
    assert changed == {}, f"a failed build changed published or input files: {changed}"
    return err


@pytest.mark.parametrize("free_text, needle", [
    ("Ask Bat-Erdene at b.erdene@example.mn for the data-sharing MoU", "b.erdene@example.mn"),
    ("Call the data office on +976 9911 2233 for details", "9911 2233"),
])
def test_survey_free_text_with_personal_data_fails_and_publishes_nothing(real_report_copy, capsys,
                                                                        free_text, needle):
    root = real_report_copy
    edit_csv_row(root / SURVEY, row=4, column="evidence_text", value=free_text)
    err = _build_fails(root, capsys)
    assert "governance_survey_ILLUSTRATIVE.csv" in err and "row 4" in err and "'evidence_text'" in err
    assert needle not in err  # the message does not repeat the personal data
    # nothing from the file was published, and the failed notebook kept for inspection holds
    # the reason, not the text
    assert files_containing(root / "book", needle) == []
    assert files_containing(root / "build" / "failed", needle) == []


def test_survey_file_that_is_not_utf8_names_the_row(real_report_copy, capsys):
    root = real_report_copy
    path = root / SURVEY
    lines = path.read_bytes().split(b"\n")
    lines[6] = lines[6] + b"\xff\xfe"  # e.g. a spreadsheet saved in a legacy code page
    path.write_bytes(b"\n".join(lines))
    err = _build_fails(root, capsys)
    assert "governance_survey_ILLUSTRATIVE.csv" in err and "row 7" in err and "UTF-8" in err


def test_survey_level_out_of_range_names_row_and_column(real_report_copy, capsys):
    root = real_report_copy
    edit_csv_row(root / SURVEY, row=3, column="current_level", value="$(id)")
    err = _build_fails(root, capsys)
    assert "row 3" in err and "'current_level'" in err


def test_evidence_register_with_a_bad_row_names_file_row_and_column(real_report_copy, capsys):
    root = real_report_copy
    edit_csv_row(root / EVIDENCE, row=5, column="element", value="../../etc/passwd")
    err = _build_fails(root, capsys)
    assert "evidence_register.csv" in err and "row 5" in err and "'element'" in err


def test_evaluation_responses_with_an_email_fail_and_publish_nothing(real_report_copy, capsys):
    root = real_report_copy
    needle = "tsetseg.d@example.gov.mn"
    edit_csv_row(root / PRE_SURVEY, row=6, column="expectations", value=f"Please write to {needle}")
    err = _build_fails(root, capsys)
    assert "workshop_pre_survey_ILLUSTRATIVE.csv" in err and "row 6" in err and "'expectations'" in err
    assert needle not in err
    assert files_containing(root / "book", needle) == []

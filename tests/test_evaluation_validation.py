"""Bad workshop response files are rejected with file, row, column and reason; PII scan."""

from __future__ import annotations

import csv
import io

import pytest

from egovreport import evaluation as ev
from egovreport.errors import InputError

PRE = ev.load_instrument(ev.PRE_SURVEY)
POST = ev.load_instrument(ev.POST_EVALUATION)


def _row(instrument, code, **values):
    row = {q: "" for q in instrument.question_ids}
    row.update(code=code, survey_language="en", org_type="ministry", role_category="it_data")
    for item in instrument.rating_items:
        row[item] = "3"
    row.update(values)
    return row


def _write(path, rows, columns=None):
    columns = columns or list(rows[0])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([r.get(c, "") for c in columns])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def pre_file(tmp_path):
    return _write(tmp_path / "pre.csv", [_row(PRE, c) for c in ("AA0101", "BB0202", "CC0303", "DD0404")])


def _rejected(path, instrument=PRE, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        ev.load_responses(path, instrument, **kwargs)
    return info.value


def test_valid_file_loads_with_types_and_normalised_codes(tmp_path):
    rows = [_row(PRE, " aa0101 ", know_losi="", expectations="More examples")]
    df = ev.load_responses(_write(tmp_path / "ok.csv", rows), PRE)
    assert df.loc[0, "code"] == "AA0101"  # trimmed and upper-cased in memory
    assert str(df["know_losi"].dtype) == "Int64" and df["know_losi"].isna().all()
    assert df.loc[0, "know_egdi_framework"] == 3 and df.loc[0, "source_row"] == 2
    assert (tmp_path / "ok.csv").read_text(encoding="utf-8").count(" aa0101 ") == 1  # file untouched


def test_unknown_item_is_rejected_on_the_header_row(tmp_path):
    rows = [dict(_row(PRE, "AA0101"), know_blockchain="3")]
    err = _rejected(_write(tmp_path / "x.csv", rows))
    assert (err.row, err.column) == (1, "know_blockchain")
    assert "unknown item" in err.reason and str(tmp_path / "x.csv") in str(err)


def test_missing_column_is_rejected(tmp_path):
    row = _row(PRE, "AA0101")
    del row["org_type"]
    err = _rejected(_write(tmp_path / "x.csv", [row]))
    assert (err.row, err.column) == (1, "org_type") and "missing" in err.reason


@pytest.mark.parametrize("value", ["7", "0", "4.5", "three", "-1"])
def test_value_out_of_scale_is_rejected_with_row_and_column(tmp_path, value):
    rows = [_row(PRE, "AA0101"), _row(PRE, "BB0202"), _row(PRE, "CC0303", know_losi=value)]
    err = _rejected(_write(tmp_path / "x.csv", rows))
    assert (err.row, err.column) == (4, "know_losi")
    assert "out of scale" in err.reason and f"'{value}'" in err.reason and "1 to 5" in err.reason


def test_duplicate_code_is_rejected_on_the_second_occurrence(tmp_path):
    rows = [_row(PRE, "AA0101"), _row(PRE, "BB0202"), _row(PRE, "aa0101")]
    err = _rejected(_write(tmp_path / "x.csv", rows))
    assert (err.row, err.column) == (4, "code")
    assert "duplicate code 'AA0101'" in err.reason and "row 2" in err.reason


@pytest.mark.parametrize("code", ["Дулмаа", "A10101", "AB01", "AB 0101X"])
def test_malformed_code_is_rejected(tmp_path, code):
    err = _rejected(_write(tmp_path / "x.csv", [_row(PRE, code)]))
    assert (err.row, err.column) == (2, "code") and "malformed" in err.reason


def test_unknown_org_type_is_rejected(tmp_path):
    rows = [_row(PRE, "AA0101"), _row(PRE, "BB0202", org_type="ngo")]
    err = _rejected(_write(tmp_path / "x.csv", rows))
    assert (err.row, err.column) == (3, "org_type")
    assert "unknown organisation type 'ngo'" in err.reason and "civil_society" in err.reason


def test_missing_required_answer_is_rejected(tmp_path):
    err = _rejected(_write(tmp_path / "x.csv", [_row(PRE, "AA0101", role_category="")]))
    assert (err.row, err.column) == (2, "role_category") and "missing answer" in err.reason


@pytest.mark.parametrize("text, kind", [
    ("Please send slides to d.bold@example.mn", "e-mail address"),
    ("Call me on 9911 2233 after the workshop", "phone number"),
    ("Утас: +976 70112233", "phone number"),
])
def test_free_text_with_personal_data_is_rejected(tmp_path, text, kind):
    err = _rejected(_write(tmp_path / "x.csv", [_row(PRE, "AA0101", expectations=text)]))
    assert (err.row, err.column) == (2, "expectations")
    assert kind in err.reason and "personal data" in err.reason
    assert "2233" not in str(err) and "@" not in str(err)  # the error does not repeat the data


def test_post_without_pre_is_rejected_in_strict_mode(tmp_path, pre_file):
    post = _write(tmp_path / "post.csv", [_row(POST, "AA0101"), _row(POST, "ZZ9999")])
    with pytest.raises(InputError) as info:
        ev.load_workshop_responses(pre_file, post)
    err = info.value
    assert err.file == str(post) and (err.row, err.column) == (3, "code")
    assert "post without pre" in err.reason and "'ZZ9999'" in err.reason and "pre.csv" in err.reason


def test_post_without_pre_is_counted_as_unpaired_when_allowed(tmp_path, pre_file):
    post = _write(tmp_path / "post.csv", [_row(POST, "AA0101"), _row(POST, "ZZ9999")])
    responses = ev.load_workshop_responses(pre_file, post, allow_unpaired_post=True)
    assert ev.pairing_summary(responses.pre, responses.post) == {
        "n_pre": 4, "n_post": 2, "n_paired": 1, "n_pre_only": 3, "n_post_only": 1}
    assert not responses.illustrative


def test_row_numbers_stay_right_after_a_multiline_answer(tmp_path):
    rows = [_row(PRE, "AA0101", expectations="line one\nline two"), _row(PRE, "BB0202", know_ogdi="9")]
    err = _rejected(_write(tmp_path / "x.csv", rows))
    assert (err.row, err.column) == (4, "know_ogdi")  # record 1 spans lines 2-3


def test_all_problems_are_listed_and_the_first_is_raised(tmp_path):
    rows = [_row(PRE, "AA0101", know_ogdi="8"), _row(PRE, "AA0101", org_type="bank")]
    err = _rejected(_write(tmp_path / "x.csv", rows))
    assert (err.row, err.column) == (2, "know_ogdi") and "2 more problem" in err.reason
    assert {(r, c) for r, c, _ in err.problems} == {(2, "know_ogdi"), (3, "code"), (3, "org_type")}


def test_unreadable_files_are_rejected(tmp_path):
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("code,expectations\nAA0101,caf\xe9\n".encode("latin-1"))
    assert "UTF-8" in _rejected(latin1).reason
    wide = tmp_path / "wide.csv"
    wide.write_text("code,org_type\nAA0101,ministry,extra\n", encoding="utf-8")
    err = _rejected(wide)
    assert err.row == 2 and "3 fields" in err.reason
    assert "not found" in _rejected(tmp_path / "missing.csv").reason


def test_followup_multi_choice_answers_are_checked(tmp_path):
    follow = ev.load_instrument(ev.FOLLOWUP_QUESTIONNAIRE)
    ok = _row(follow, "AA0101", actions_taken="shared_with_colleagues; open_data_release", barriers="time")
    df = ev.load_responses(_write(tmp_path / "ok.csv", [ok]), follow)
    assert df.loc[0, "usefulness"] == 3
    bad = _row(follow, "AA0101", actions_taken="shared_with_colleagues;went_fishing")
    err = _rejected(_write(tmp_path / "bad.csv", [bad]), follow)
    assert (err.row, err.column) == (2, "actions_taken") and "went_fishing" in err.reason


# ------------------------------------------------------------- personal-data scan

@pytest.mark.parametrize("text", [
    "name.surname@gov.mn", "write to a_b+c@mail.example.org please",
    "+976 9911 2233", "+976-70112233", "0097699112233", "99112233", "9911-2233", "88 11 22 33",
    "утас 95112233", "+1 212 555 0100",
])
def test_find_personal_data_detects_emails_and_phones(text):
    found = ev.find_personal_data(text)
    assert len(found) == 1
    assert found[0].kind == ("email" if "@" in text else "phone")


@pytest.mark.parametrize("text", [
    "2024", "3-4 December 2024", "from 2020-2024 the plan", "between 2019 and 2024",
    "EGDI rose from 0.3962 in 2005 to 0.8457 in 2024", "58 institutions, 4 pillars, 6 elements",
    "Law No. 12345", "Монгол Улс 2021 онд хууль баталсан", "", None,
])
def test_find_personal_data_has_no_false_positives_on_years_and_numbers(text):
    assert ev.find_personal_data(text) == []

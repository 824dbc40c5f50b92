"""egovreport.tabular: the one reader of hand-edited CSV tables, and pandera failures as InputError."""

import pandera.pandas as pa
import pytest

from egovreport.errors import InputError
from egovreport.tabular import read_text_table, record_lines, schema_input_error


def _write(tmp_path, text: str, name="t.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _rejected(path, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        read_text_table(path, **kwargs)
    return info.value


def test_cells_are_stripped_text_and_lines_survive_multiline_cells_and_blank_records(tmp_path):
    path = _write(tmp_path, "\ufeffid , note,level\n"      # BOM and spaces around a header cell
                            'a," two\r\nlines ",1\n'        # record on lines 2-3
                            "\n"                            # line 4: blank
                            ",,\n"                          # line 5: only empty cells
                            "b, x ,007\r\n"                 # line 6 (CRLF counts as one line end)
                            "c\n")                          # line 7: trailing empty cells dropped
    df = read_text_table(path)
    assert list(df.columns) == ["id", "note", "level"]
    assert df.to_dict("records") == [{"id": "a", "note": "two\nlines", "level": "1"},
                                     {"id": "b", "note": "x", "level": "007"},   # nothing converted
                                     {"id": "c", "note": "", "level": ""}]
    assert record_lines(df) == [2, 6, 7]
    assert (path.read_bytes()).startswith(b"\xef\xbb\xbf")  # the file is untouched


def test_frames_built_in_memory_are_numbered_from_line_2(tmp_path):
    df = read_text_table(_write(tmp_path, "a\n1\n2\n"))
    assert record_lines(df.iloc[:0]) == [] and record_lines(df.copy()) == [2, 3]
    df.attrs.clear()
    assert record_lines(df) == [2, 3]


def test_header_only_file_gives_an_empty_frame_with_the_columns(tmp_path):
    df = read_text_table(_write(tmp_path, "a,b\n"))
    assert list(df.columns) == ["a", "b"] and len(df) == 0 and record_lines(df) == []


@pytest.mark.parametrize("text, row, column, words", [
    ("", 1, None, "empty"),
    ("\na,b\n1,2\n", 1, None, "first line is blank"),
    ("a,,c\n1,2,3\n", 1, None, "header cell 2 is empty"),
    ("a,b,a\n1,2,3\n", 1, "a", "more than once"),
    ("a,b\n1,2\n3,4,5\n", 3, None, "3 fields but the header has 2"),
    ('a,b\n1,2\n3,"open quote\n4,5\n', 3, None, "malformed CSV"),
    ('a,b\n1,"x"y\n', 2, None, "malformed CSV"),
])
def test_bad_files_are_rejected_with_line_and_reason(tmp_path, text, row, column, words):
    err = _rejected(_write(tmp_path, text))
    assert (err.row, err.column) == (row, column) and words in err.reason
    assert str(tmp_path / "t.csv") in str(err)


def test_missing_file_non_utf8_and_required_columns(tmp_path):
    assert "file not found" in _rejected(tmp_path / "nope.csv").reason
    latin1 = _rejected(_write(tmp_path, "a,b\n1,caf\xe9\n", encoding="latin-1"))
    assert "not UTF-8" in latin1.reason and "byte 9" in latin1.reason and latin1.row == 2
    err = _rejected(_write(tmp_path, "a,c\n1,2\n"), required_columns=["a", "b", "c"])
    assert (err.row, err.column) == (1, "b") and "required column missing" in err.reason
    assert list(read_text_table(tmp_path / "t.csv", required_columns=["a"]).columns) == ["a", "c"]


SCHEMA = pa.DataFrameSchema({
    "id": pa.Column(str, pa.Check.str_matches(r"^[a-z]+$", error="lower-case id")),
    "level": pa.Column(str, pa.Check.isin(["0", "1", "2"], error="level 0-2")),
}, strict=True)


def _schema_error(path, **kwargs) -> InputError:
    df = read_text_table(path)
    with pytest.raises(pa.errors.SchemaErrors) as info:
        SCHEMA.validate(df, lazy=True)
    return schema_input_error(info.value, path, df, **kwargs)


def test_schema_failures_name_the_file_line_of_the_record(tmp_path):
    path = _write(tmp_path, 'level,id\n1,a\n"9\n",b\n\n2,C\n')  # record 2 spans lines 3-4, blank line 5
    err = _schema_error(path)
    assert (err.row, err.column) == (3, "level") and "level 0-2" in err.reason
    assert "1 more problem in this file" in err.reason
    assert err.problems == [(3, "level", "level 0-2: got '9'"), (6, "id", "lower-case id: got 'C'")]


def test_schema_failures_sort_by_line_then_file_column_order_and_header_problems_first(tmp_path):
    path = _write(tmp_path, "level,id,extra\n5,B,x\n")
    err = _schema_error(path)
    assert [(r, c) for r, c, _ in err.problems] == [(1, "extra"), (2, "level"), (2, "id")]
    assert (err.row, err.column) == (1, "extra") and "2 more problems" in err.reason


def test_schema_failure_wording_and_error_class_come_from_the_caller(tmp_path):
    class MyError(InputError):
        pass

    path = _write(tmp_path, "id,level\nA,1\nb,7\n")
    err = _schema_error(path, reason=lambda case: None if case.column == "id" else f"bad {case.value}",
                        error_class=MyError)
    assert isinstance(err, MyError) and (err.row, err.column, err.reason) == (3, "level", "bad 7")


# --- issue 13, problem 6: what spreadsheets write -------------------------------------------

def test_semicolon_separator_and_decimal_comma_are_read(tmp_path):
    """Issue 13, problem 6: a semicolon/decimal-comma CSV (Excel in a locale whose decimal mark
    is a comma) was reported as "required column missing" for a column that is visibly there."""
    path = _write(tmp_path, "respondent_id;score;note\nR001;2,5;a, b\nR002;3;\n")
    df = read_text_table(path, required_columns=["respondent_id", "score"])
    assert df.to_dict("records") == [{"respondent_id": "R001", "score": "2.5", "note": "a, b"},
                                     {"respondent_id": "R002", "score": "3", "note": ""}]
    assert df.attrs["delimiter"] == ";" and df.attrs["decimal_comma"] is True
    tabs = _write(tmp_path, "a\tb\n1\t2\n", name="tabs.csv")
    assert read_text_table(tabs).to_dict("records") == [{"a": "1", "b": "2"}]


def test_decimal_comma_in_a_comma_separated_file_is_explained(tmp_path):
    err = _rejected(_write(tmp_path, "id,score\nR001,2,5\n"))
    assert err.row == 2 and "decimal comma" in err.reason


@pytest.mark.parametrize("magic, words", [
    (b"PK\x03\x04\x14\x00\x06\x00", "spreadsheet workbook (Excel .xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "Excel 97-2003 workbook"),
])
def test_a_workbook_saved_as_csv_is_named_as_such(tmp_path, magic, words):
    """Issue 13, problem 6: an .xlsx saved as .csv was reported as "not utf-8 text"."""
    path = tmp_path / "survey.csv"
    path.write_bytes(magic + bytes(range(256)) * 4)
    err = _rejected(path)
    assert words in err.reason and "save it as 'CSV UTF-8" in err.reason and "utf-8" not in err.reason.lower()[:40]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_unicode_text_with_a_byte_order_mark_is_accepted(tmp_path, encoding):
    path = _write(tmp_path, "code,text\nAB1234,Монгол улс\n", encoding=encoding)
    assert read_text_table(path).to_dict("records") == [{"code": "AB1234", "text": "Монгол улс"}]


def test_header_only_file_is_an_error_when_rows_are_required(tmp_path):
    err = _rejected(_write(tmp_path, "a,b\n"), min_rows=1)
    assert err.row == 2 and "header but no data rows" in err.reason
    assert read_text_table(_write(tmp_path, "a,b\n", name="ok.csv")).empty  # allowed by default


def test_header_only_survey_and_pre_survey_files_name_the_right_file(tmp_path):
    """Issue 13, problem 6: a header-only survey file gave a pandas TypeError further on, and a
    header-only pre-survey was blamed on the post-evaluation file."""
    from egovreport.evaluation import load_workshop_responses
    from egovreport.governance.survey import load_survey_responses
    from conftest import REPO

    country = REPO / "data" / "country" / "MNG"
    survey = _write(tmp_path, (country / "governance_survey_ILLUSTRATIVE.csv").read_text().split("\n")[0] + "\n",
                    name="governance_survey.csv")
    err = _rejected_by(load_survey_responses, survey)
    assert err.file.endswith("governance_survey.csv") and "no data rows" in err.reason
    pre = _write(tmp_path, (country / "workshop_pre_survey_ILLUSTRATIVE.csv").read_text().split("\n")[0] + "\n",
                 name="workshop_pre_survey.csv")
    err = _rejected_by(load_workshop_responses, pre, country / "workshop_post_evaluation_ILLUSTRATIVE.csv")
    assert err.file.endswith("workshop_pre_survey.csv") and "no data rows" in err.reason


def _rejected_by(func, *args) -> InputError:
    with pytest.raises(InputError) as info:
        func(*args)
    return info.value


def test_names_differing_only_in_unicode_form_match_and_the_character_is_named():
    from egovreport.tabular import name_difference, normalise_name

    curly, straight = "Côte d\u2019Ivoire", "Côte d'Ivoire"
    decomposed = "Co\u0302te d'Ivoire"
    assert normalise_name(curly) == normalise_name(straight) == normalise_name(decomposed)
    assert normalise_name("Timor\u2011Leste\u00a0 ") == "Timor-Leste"
    assert "U+2019 RIGHT SINGLE QUOTATION MARK" in name_difference(curly, straight)
    assert "U+0027 APOSTROPHE" in name_difference(curly, straight)
    assert "U+0302 COMBINING CIRCUMFLEX ACCENT" in name_difference(decomposed, straight)
    assert "U+006F LATIN SMALL LETTER O" in name_difference("Cote d'Ivoire", straight)


def test_a_required_column_written_with_another_unicode_form_is_pointed_out(tmp_path):
    err = _rejected(_write(tmp_path, "respondent\u2010id,b\nR1,2\n"), required_columns=["respondent-id"])
    assert "U+2010 HYPHEN" in err.reason

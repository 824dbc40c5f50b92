"""Damaged raw snapshots: text that is not UTF-8, binary garbage, ragged or badly quoted CSV,
truncated spreadsheets, broken YAML. The data step must stop with an :class:`InputError` naming
the file (and the row where there is one), never a library traceback, and never modify
``data/raw``; through ``python -m egovreport build`` the run exits 1 and the published book,
the processed data and the outputs stay as they were.

Schema-level problems (a missing column, a non-numeric value, a duplicated country...) are
covered by tests/test_data_bad_inputs.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from _bad_input_helpers import ProjectState, checksums
from _data_helpers import RAW, copy_raw
from egovreport import sources
from egovreport.errors import InputError
from egovreport.ingest import build_processed

UN_2022 = "un_datacenter_sevenChrisK/EGOV_DATA_2022.csv"


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _not_utf8(data: bytes) -> bytes:
    lines = _lines(data)
    lines[5] = lines[5].replace(b",", b",\xff\xfe", 1)  # line 6
    return b"\n".join(lines)


def _short_row(data: bytes) -> bytes:
    lines = _lines(data)
    lines[7] = lines[7].rsplit(b",", 3)[0]  # line 8 loses its last three fields
    return b"\n".join(lines)


def _unclosed_quote(data: bytes) -> bytes:
    lines = _lines(data)
    lines[1] = lines[1].replace(b'",', b",", 1)  # line 2: "Iraq ,146,...
    return b"\n".join(lines)


DAMAGE = [
    # (file, how, words the message must contain)
    (UN_2022, _not_utf8, ["row 6", "not utf-8"]),
    (UN_2022, _short_row, ["row 8", "5 fields", "header has 8"]),
    (UN_2022, _unclosed_quote, ["row 2", "malformed CSV"]),
    (UN_2022, lambda d: bytes(range(256)) * 40, ["not utf-8"]),
    ("undp_hdr/HDR23-24_Composite_indices_complete_time_series.csv", lambda d: d[:300] + b"\xff" + d[300:],
     ["not utf-8"]),
    ("worldbank_income/CLASS_FY2025.xlsx", lambda d: d[: len(d) // 2], ["cannot be read as a spreadsheet"]),
    ("undp_compass_itu_wdi/wdi_IT.NET.BBND.P2_fixed_broadband_per100_1960-2020.xls",
     lambda d: b"<html>not a spreadsheet</html>", ["cannot be read as a spreadsheet"]),
    ("known_defects.yml", lambda d: d + b"\n  - [unclosed\n", ["cannot be read as a YAML"]),
    ("known_defects.yml", lambda d: b"- a list, not the expected mapping\n", ["cannot be read as a YAML"]),
]


@pytest.mark.parametrize("rel, damage, words", DAMAGE, ids=lambda v: v if isinstance(v, str) else None)
def test_damaged_raw_file_gives_a_clear_error_and_is_left_as_it_is(tmp_path, rel, damage, words):
    raw = copy_raw(tmp_path)
    target = raw / rel
    target.write_bytes(damage(target.read_bytes()))
    before = checksums(raw)
    with pytest.raises(InputError) as exc:
        build_processed(raw_dir=raw, out_dir=tmp_path / "out")
    message = str(exc.value)
    assert rel in message.replace("\\", "/"), message
    for word in words:
        assert word in message, (word, message)
    assert "\n" not in message
    assert checksums(raw) == before  # the damaged copy is not "repaired"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert sources.verify_raw_checksums(RAW) == []  # the real snapshot is untouched


@pytest.mark.slow
def test_build_with_a_damaged_raw_file_exits_1_and_keeps_the_last_good_report(real_report_copy, capsys):
    from egovreport.cli import main

    root: Path = real_report_copy
    target = root / "data" / "raw" / UN_2022
    target.write_bytes(_short_row(target.read_bytes()))
    state = ProjectState(root)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    # the data step checks data/raw/SHA256SUMS first: the changed snapshot is named as such
    # (the row-level message of the damage itself is tested on build_processed above)
    assert err.startswith(f"error: data/raw/{UN_2022}: does not match data/raw/SHA256SUMS"), err
    # nothing changed: not the raw data, not the processed data, not the outputs, not the book
    assert state.changed() == {}


def test_line_of_a_ragged_row_counts_blank_lines_and_multiline_cells(tmp_path):
    """The row is named by its line in the file, after a blank line and a quoted cell spanning
    two lines (pandas' own numbering of records would say line 6)."""
    raw = copy_raw(tmp_path)
    target = raw / UN_2022
    lines = _lines(target.read_bytes())
    lines[1] = lines[1].replace(b'"Iraq ', b'"Iraq\n', 1)  # record 1 spans lines 2-3
    lines.insert(2, b"")  # line 4 is blank (after the two lines of record 1)
    lines[6] = lines[6].rsplit(b",", 3)[0]  # the 6th record (5th data row) starts on line 8
    target.write_bytes(b"\n".join(lines))
    assert target.read_bytes().split(b"\n")[7] == lines[6]
    with pytest.raises(InputError) as exc:
        build_processed(raw_dir=raw, out_dir=tmp_path / "out")
    assert exc.value.row == 8 and exc.value.file.endswith(UN_2022), str(exc.value)
    assert "5 fields" in str(exc.value) and "header has 8" in str(exc.value)


def test_read_csv_table_index_is_the_line_of_each_record(tmp_path):
    from egovreport.ingest import read_csv_table

    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\n1,x\n\n2,y\n"3\nz",w\n4,\n')
    df = read_csv_table(path, {"first": "a", "second": "b"}, label="t.csv")
    assert list(df.index) == [2, 4, 5, 7]  # "4," is on line 7, not line 5
    assert df["first"].tolist() == ["1", "2", "3\nz", "4"]
    assert df["second"].isna().tolist() == [False, False, False, True]  # a blank cell is missing

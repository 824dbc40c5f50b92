"""Each bad input stops the data step with an InputError naming file, row and column.

Every test corrupts a private copy of ``data/raw`` and checks that the data step leaves the
(corrupted) copy byte-for-byte as it was and the real snapshot matches its checksums.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from _data_helpers import RAW, copy_raw, line_of
from egovreport import sources
from egovreport.errors import InputError
from egovreport.ingest import build_processed

UN_2022 = "un_datacenter_sevenChrisK/EGOV_DATA_2022.csv"
MERGED = "datapicasso_ogdi/EGOV_MERGED_2005_2024.csv"


def _edit_line(path: Path, needle: str, old: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    n = line_of(path, needle)
    assert old in lines[n - 1]
    lines[n - 1] = lines[n - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return n


def _fails(raw: Path, tmp_path: Path, rel: str) -> InputError:
    before = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    with pytest.raises(InputError) as exc:
        build_processed(raw_dir=raw, out_dir=tmp_path / "out")
    err = exc.value
    assert err.file is not None and err.file.endswith(rel), err.file
    assert {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()} == before  # copy untouched
    assert sources.verify_raw_checksums(RAW) == []  # real snapshot untouched
    return err


def test_missing_column(tmp_path):
    raw = copy_raw(tmp_path)
    f = raw / UN_2022
    f.write_text(f.read_text(encoding="utf-8").replace("Online Service Index", "Online Services", 1), encoding="utf-8")
    err = _fails(raw, tmp_path, UN_2022)
    assert (err.row, err.column) == (1, "Online Service Index")
    assert "missing" in str(err) and UN_2022 in str(err)


def test_non_numeric_value(tmp_path):
    raw = copy_raw(tmp_path)
    line = _edit_line(raw / UN_2022, '"Mongolia "', "0.72090", "0.72O9O")
    err = _fails(raw, tmp_path, UN_2022)
    assert (err.row, err.column) == (line, "E-Government Index")
    assert "not a number" in str(err) and "0.72O9O" in str(err)


def test_duplicated_country(tmp_path):
    raw = copy_raw(tmp_path)
    f = raw / UN_2022
    text = f.read_text(encoding="utf-8")
    mongolia = text.split("\n")[line_of(f, '"Mongolia "') - 1]
    f.write_text(text.rstrip("\n") + "\n" + mongolia + "\n", encoding="utf-8")
    err = _fails(raw, tmp_path, UN_2022)
    assert (err.row, err.column) == (195, "Country Name")  # header + 193 rows + the duplicate
    assert "duplicated" in str(err)


def test_unknown_country_name(tmp_path):
    raw = copy_raw(tmp_path)
    line = _edit_line(raw / UN_2022, '"Mongolia "', '"Mongolia "', '"Mongolland "')
    err = _fails(raw, tmp_path, UN_2022)
    assert (err.row, err.column) == (line, "Country Name")
    assert "unknown country name 'Mongolland'" in str(err)


@pytest.mark.parametrize("rel,needle,old,column", [
    (UN_2022, '"Mongolia "', ",0.62630,", "Online Service Index"),
    (MERGED, "Mongolia ", "0.82219", "Online Service Index 2024"),
])
def test_value_outside_unit_interval(tmp_path, rel, needle, old, column):
    raw = copy_raw(tmp_path)
    line = _edit_line(raw / rel, needle, old, old.replace("0.", "1.", 1))
    err = _fails(raw, tmp_path, rel)
    assert (err.row, err.column) == (line, column)
    assert "outside [0, 1]" in str(err)


def test_empty_file(tmp_path):
    raw = copy_raw(tmp_path)
    (raw / UN_2022).write_bytes(b"")
    err = _fails(raw, tmp_path, UN_2022)
    assert (err.row, err.column) == (1, "Survey Year")
    assert "empty" in str(err)


def test_alias_is_data_not_code(tmp_path):
    """Without its row in country_name_aliases.csv, 'Turkey' (UNDP copy of 2020) is unknown."""
    raw = copy_raw(tmp_path)
    aliases = raw / "country_name_aliases.csv"
    aliases.write_text("\n".join(l for l in aliases.read_text(encoding="utf-8").split("\n")
                                 if not l.startswith("undp_digital_development_compass,Turkey,")), encoding="utf-8")
    rel = "undp_digital_development_compass/countries_epi_EGOV_DATA_2020.csv"
    err = _fails(raw, tmp_path, rel)
    assert (err.row, err.column) == (line_of(raw / rel, '"Turkey "'), "Country Name")


def test_defect_registry_must_match_the_data(tmp_path):
    """Iraq 2003 is listed as not assessed (EGDI 0); a changed value is caught, not silently treated."""
    raw = copy_raw(tmp_path)
    rel = "un_datacenter_sevenChrisK/EGOV_DATA_2003.csv"
    line = _edit_line(raw / rel, '"Iraq "', "174,0.00000", "174,0.10000")
    err = _fails(raw, tmp_path, rel)
    assert (err.row, err.column) == (line, "E-Government Index")
    assert "not_assessed_zero_egdi" in str(err)


def test_rank_inconsistent_with_egdi_order(tmp_path):
    raw = copy_raw(tmp_path)
    line = _edit_line(raw / UN_2022, '"Mongolia "', '"Mongolia ",74,', '"Mongolia ",10,')
    err = _fails(raw, tmp_path, UN_2022)
    assert (err.row, err.column) == (line, "E-Government Rank")
    assert "inconsistent with the EGDI order" in str(err)


def test_missing_member_state(tmp_path):
    raw = copy_raw(tmp_path)
    f = raw / UN_2022
    n = line_of(f, '"Mongolia "')
    lines = f.read_text(encoding="utf-8").split("\n")
    f.write_text("\n".join(lines[: n - 1] + lines[n:]), encoding="utf-8")
    err = _fails(raw, tmp_path, UN_2022)
    assert err.column == "Country Name" and "193 UN Member States" in str(err)


def _blank_line_and_multiline_cell(path: Path, old: str, new: str) -> None:
    """Replace ``old`` on line 2 with ``new`` (a quoted cell spanning two lines) and put a blank
    line after that record: two lines that pandas' own row numbering would not count."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[1] and "\n" in new
    lines[1] = lines[1].replace(old, new, 1)
    lines.insert(2, "")
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("rel, old, new, needle, bad_old, bad_new, column", [
    # an unused column of the merged file holds a two-line cell; Mongolia's 2024 OSI is out of range
    (MERGED, "118.0", '"118\n.0"', "Mongolia ", "0.82219", "1.82219", "Online Service Index 2024"),
    # a note spanning two lines in the alias table; a later row has an unknown kind
    ("country_name_aliases.csv", "\"UN name before 2022 ('Türkiye' in the name key)\"",
     "\"UN name before 2022\n('Türkiye' in the name key)\"", "datapicasso_ogdi,Curacao,", ",not_member,",
     ",not_a_member,", "kind"),
])
def test_line_numbers_count_blank_lines_and_multiline_cells(tmp_path, rel, old, new, needle, bad_old, bad_new,
                                                            column):
    raw = copy_raw(tmp_path)
    _blank_line_and_multiline_cell(raw / rel, old, new)
    line = _edit_line(raw / rel, needle, bad_old, bad_new)
    err = _fails(raw, tmp_path, rel)
    assert (err.row, err.column) == (line, column), str(err)

"""Evidence register and desk review: shipped files and rejection of each kind of bad input."""

import pandas as pd
import pytest

from egovreport.errors import InputError
from egovreport.governance import CELL_IDS
from egovreport.governance.evidence import (DESK_COLUMNS, EVIDENCE_COLUMNS, combine_de_jure_de_facto,
                                            desk_review_grid, desk_review_summary, evidence_anchor,
                                            evidence_counts, evidence_links, load_desk_review,
                                            load_evidence_register)
from egovreport.governance.evidence_tables import desk_review_tables, evidence_items_markdown
from egovreport.governance.inputs import MissingInputError

from _gov_evidence_helpers import (DESK_HEADER, EVIDENCE_HEADER, desk_row, evidence_row,
                                   good_evidence_rows, write_dict_csv)


@pytest.fixture(scope="module")
def register():
    return load_evidence_register("MNG")


@pytest.fixture(scope="module")
def desk(register):
    return load_desk_review("MNG", register=register)


# --- shipped Mongolia files -------------------------------------------------------------

def test_mongolia_register_is_valid_and_sourced(register):
    assert len(register) >= 30
    assert register["evidence_id"].is_unique
    assert register["source_urls"].map(len).min() >= 1
    assert register["source_urls"].explode().str.match(r"^https?://").all()
    counts = evidence_counts(register)
    assert counts["n_items"] == len(register)
    assert sum(counts["by_grade"].values()) == len(register)
    assert counts["by_status"]["unverified"] == int((register["status"] == "unverified").sum())
    # EGDI facts are verified against the UN data by another team: secondary here
    egdi = register[register["evidence_id"].str.startswith("MN-EGDI")]
    assert len(egdi) == 3 and (egdi["status"] == "secondary").all()
    # every verified or secondary item records what was checked
    assert (register.loc[register["status"] != "unverified", "notes"].str.len() > 20).all()


def test_mongolia_desk_review_cites_existing_scorable_evidence(register, desk):
    assert list(desk["cell_id"]) == list(CELL_IDS)
    by_id = register.set_index("evidence_id")
    for r in desk[desk["assessed"]].itertuples():
        assert r.evidence_list, r.cell_id
        for e in r.evidence_list:
            assert e in by_id.index
            assert by_id.at[e, "status"] in ("verified", "secondary")
            assert r.cell_id in by_id.at[e, "cell_list"]
        assert r.level == combine_de_jure_de_facto(r.level_de_jure, r.level_de_facto)
    not_assessed = desk[~desk["assessed"]]
    assert (not_assessed["evidence_list"].map(len) == 0).all()
    assert desk["rationale"].str.len().min() > 30


def test_desk_summary_numbers_come_from_the_file(register, desk):
    s = desk_review_summary(desk, register)
    assessed = desk["level"].dropna().astype(int)
    assert s["n_assessed"] == len(assessed) and s["n_not_assessed"] == 24 - len(assessed)
    assert s["median_level"] == float(assessed.median())
    assert sum(s["level_counts"].values()) == len(assessed)
    grid = desk_review_grid(desk)
    assert grid.shape == (4, 6)
    assert int(grid.notna().sum().sum()) == len(assessed)


def test_evidence_anchors_and_links_match(register, desk):
    text = evidence_items_markdown(register, "en", "ev-en")
    for eid in register["evidence_id"]:
        assert f"({evidence_anchor(eid, 'ev-en')})=" in text
    plain, linked = desk_review_tables(desk, "en", "ev-en")
    first = desk[desk["assessed"]].iloc[0]
    row = linked[linked["Cell"] == plain.loc[desk["assessed"], "Cell"].iloc[0]].iloc[0]
    for e in first["evidence_list"]:
        assert f"[{e}](#ev-en-{e.lower()})" in row["Evidence"]
    assert evidence_links(["MN-POL-01"]) == "[MN-POL-01](#ev-mn-pol-01)"


def test_combine_de_jure_de_facto_rules():
    assert combine_de_jure_de_facto(4, pd.NA) == 2          # law only: at most 2
    assert combine_de_jure_de_facto(1, pd.NA) == 1
    assert combine_de_jure_de_facto(3, 2) == 2              # weakest side
    assert combine_de_jure_de_facto(pd.NA, 3) == 3          # practice observed directly
    assert combine_de_jure_de_facto(pd.NA, pd.NA) is None


def test_missing_country_files_raise_missing_input_error():
    with pytest.raises(MissingInputError) as err:
        load_evidence_register("XYZ")
    assert "evidence register" in str(err.value) and "data/country/XYZ" in err.value.how_to_add


# --- bad evidence registers ---------------------------------------------------------------

def _register(tmp_path, rows):
    return load_evidence_register(path=write_dict_csv(tmp_path / "evidence_register.csv", EVIDENCE_HEADER, rows))


def test_small_good_register_loads(tmp_path):
    reg = _register(tmp_path, good_evidence_rows())
    assert list(reg["cell_list"].iloc[0]) == ["policy.privacy", "institutions.privacy"]
    assert reg["scorable"].tolist() == [True, True, False, True]


@pytest.mark.parametrize("row_index, change, column", [
    (1, {"cells": "policy.privacy;people.privcy"}, "cells"),
    (0, {"grade": "D"}, "grade"),
    (2, {"status": "checked"}, "status"),
    (1, {"evidence_id": "XX-POL-01"}, "evidence_id"),
    (3, {"source_url": ""}, "source_url"),
    (0, {"source_url": "legalinfo.mn/law"}, "source_url"),
    (0, {"date": "17.12.2021"}, "date"),
    (1, {"element": "cyber"}, "element"),
    (1, {"kind": "decree"}, "kind"),
    (0, {"de_jure_or_de_facto": "legal"}, "de_jure_or_de_facto"),
    (2, {"fact": ""}, "fact"),
])
def test_bad_register_rows_name_file_row_and_column(tmp_path, row_index, change, column):
    rows = good_evidence_rows()
    rows[row_index].update(change)
    with pytest.raises(InputError) as err:
        _register(tmp_path, rows)
    assert err.value.column == column
    assert err.value.row == row_index + 2
    assert "evidence_register.csv" in err.value.file


def test_register_missing_column_is_reported_on_header_row(tmp_path):
    header = [c for c in EVIDENCE_HEADER if c != "grade"]
    path = write_dict_csv(tmp_path / "evidence_register.csv", header, good_evidence_rows())
    with pytest.raises(InputError) as err:
        load_evidence_register(path=path)
    assert err.value.row == 1 and err.value.column == "grade"


def test_missing_source_url_message_is_clear(tmp_path):
    rows = good_evidence_rows()
    rows[0]["source_url"] = ""
    with pytest.raises(InputError, match="source URL is missing"):
        _register(tmp_path, rows)


# --- bad desk reviews -----------------------------------------------------------------------

def _desk(tmp_path, rows):
    reg = _register(tmp_path, good_evidence_rows())
    path = write_dict_csv(tmp_path / "desk_review_scores.csv", DESK_HEADER, rows)
    return load_desk_review(path=path, register=reg)


def test_small_good_desk_review_loads_and_fills_missing_cells(tmp_path):
    rows = [desk_row(), desk_row(cell_id="institutions.privacy", level="2", level_de_jure="3", level_de_facto="2",
                                 confidence="B", evidence_ids="XX-POL-01;XX-SYS-01"),
            desk_row(cell_id="people.privacy", level="", level_de_jure="", confidence="", evidence_ids="",
                     rationale="No evidence.")]
    desk = _desk(tmp_path, rows)
    assert len(desk) == 24
    assert desk.set_index("cell_id").at["institutions.privacy", "level"] == 2
    assert int(desk["assessed"].sum()) == 2


@pytest.mark.parametrize("change, column, message", [
    ({"cell_id": "policy.privat"}, "cell_id", "unknown cell id"),
    ({"level": "5", "level_de_jure": "5"}, "level", "0..4"),
    ({"evidence_ids": "XX-POL-99"}, "evidence_ids", "unknown evidence id"),
    ({"evidence_ids": "XX-UNV-01"}, "evidence_ids", "unverified evidence is never the basis"),
    ({"evidence_ids": "XX-SYS-01", "level_de_jure": "", "level_de_facto": "2", "confidence": "B"},
     "evidence_ids", "not mapped to cell"),
    ({"level": "3", "level_de_jure": "3"}, "level", "at most 2"),
    ({"level": "2", "level_de_jure": "3", "level_de_facto": "1"}, "level", "expected 1"),
    ({"confidence": "D"}, "confidence", "must be one of"),
    ({"confidence": ""}, "confidence", "confidence grade"),
    ({"evidence_ids": ""}, "evidence_ids", "at least one evidence id"),
    ({"level_de_jure": ""}, "level_de_jure", "level_de_jure and/or level_de_facto"),
    ({"level": "", "level_de_jure": ""}, "level", "not assessed"),
    ({"level_de_jure": "", "level_de_facto": "2"}, "level_de_facto", "no cited evidence is de facto"),
    ({"rationale": ""}, "rationale", "required"),
])
def test_bad_desk_rows_name_file_row_and_column(tmp_path, change, column, message):
    rows = [desk_row(cell_id="institutions.privacy", evidence_ids="XX-POL-01"), desk_row(**change)]
    with pytest.raises(InputError, match=message) as err:
        _desk(tmp_path, rows)
    assert err.value.column == column
    assert err.value.row == 3
    assert "desk_review_scores.csv" in err.value.file


def test_confidence_cannot_beat_the_evidence_grade(tmp_path):
    rows = [desk_row(cell_id="institutions.privacy", evidence_ids="XX-SYS-01", level_de_jure="",
                     level_de_facto="2", confidence="A")]
    with pytest.raises(InputError, match="better than the best grade") as err:
        _desk(tmp_path, rows)
    assert err.value.row == 2 and err.value.column == "confidence"


def test_duplicate_cell_is_rejected(tmp_path):
    with pytest.raises(InputError) as err:
        _desk(tmp_path, [desk_row(), desk_row()])
    assert err.value.row == 3 and err.value.column == "cell_id"


def test_shipped_files_have_the_contract_columns():
    from egovreport.paths import country_dir
    head = (country_dir("MNG") / "evidence_register.csv").read_text(encoding="utf-8").splitlines()[0]
    assert head.split(",") == EVIDENCE_COLUMNS
    head = (country_dir("MNG") / "desk_review_scores.csv").read_text(encoding="utf-8").splitlines()[0]
    assert head.split(",") == DESK_COLUMNS

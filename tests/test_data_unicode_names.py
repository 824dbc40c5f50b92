"""Country names in raw files that differ from the UN name only in their Unicode form (issue 13,
problem 6): matched, and the differing character named in the validation report; a name that
matches nothing is reported with the closest UN name and the character that differs."""

from __future__ import annotations

import json
import unicodedata

import pytest

from _data_helpers import copy_raw
from egovreport.errors import InputError
from egovreport.ingest import build_processed

UN_2022 = "un_datacenter_sevenChrisK/EGOV_DATA_2022.csv"


def test_curly_apostrophe_and_decomposed_accents_match_and_are_pointed_out(tmp_path):
    """Issue 13, problem 6: "Côte d’Ivoire" (curly apostrophe) or a decomposed "Türkiye" in a
    raw file stopped the data step as an unknown country, with nothing pointing at the one
    invisible difference."""
    raw = copy_raw(tmp_path)
    target = raw / UN_2022
    text = target.read_text(encoding="utf-8")
    assert "Côte d'Ivoire" in text and "Türkiye" in text
    text = text.replace("Côte d'Ivoire", "Côte d\u2019Ivoire", 1)
    text = text.replace("Türkiye", unicodedata.normalize("NFD", "Türkiye"), 1)
    target.write_text(text, encoding="utf-8")
    summary = build_processed(raw_dir=raw, out_dir=tmp_path / "out")
    report = json.loads((tmp_path / "out" / "validation_report.json").read_text())
    found = {n["matched"]: n for n in report["name_normalisations"]}
    assert "U+2019 RIGHT SINGLE QUOTATION MARK" in found["Côte d'Ivoire"]["difference"]
    assert "U+0308 COMBINING DIAERESIS" in found["Türkiye"]["difference"]
    assert found["Côte d'Ivoire"]["file"].endswith(UN_2022) and found["Côte d'Ivoire"]["row"] > 1
    assert summary["n_rows"]["egdi_wide_2022"] == 193


def test_unknown_name_error_names_the_closest_un_name_and_the_character(tmp_path):
    raw = copy_raw(tmp_path)
    target = raw / UN_2022
    target.write_text(target.read_text(encoding="utf-8").replace("Côte d'Ivoire", "Cote d'Ivoire", 1),
                      encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_processed(raw_dir=raw, out_dir=tmp_path / "out")
    message = str(err.value)
    assert "unknown country name \"Cote d'Ivoire\"" in message
    assert "closest known name \"Côte d'Ivoire\"" in message and "U+00F4" in message

"""Framework identifiers, rubric completeness, questionnaire and the governance i18n catalogue."""

import pandas as pd
import pytest
import yaml

from egovreport.errors import InputError
from egovreport.governance import (CELL_IDS, ELEMENTS, LEVELS, PILLARS, cell_grid, cell_id, cell_label,
                                   load_framework, load_rubric, split_cell)
from egovreport.governance.framework import RUBRIC_COLUMNS, rubric_matrix
from egovreport.paths import instruments_dir
from egovreport.governance.questionnaire import load_questionnaire, org_type_ids, questionnaire_markdown
from egovreport.i18n import catalogue

from _gov_evidence_helpers import write_dict_csv


def test_identifiers_follow_the_contract():
    assert PILLARS == ("policy", "institutions", "people", "processes")
    assert ELEMENTS == ("standards", "sharing", "security", "privacy", "infrastructure", "identity")
    assert LEVELS == (0, 1, 2, 3, 4)
    assert len(CELL_IDS) == 24 and len(set(CELL_IDS)) == 24
    assert CELL_IDS[0] == "policy.standards" and CELL_IDS[-1] == "processes.identity"
    assert cell_id("policy", "privacy") == "policy.privacy"
    assert split_cell("people.identity") == ("people", "identity")


@pytest.mark.parametrize("bad", ["policy.privat", "privacy.policy", "policy", ""])
def test_split_cell_rejects_unknown_ids(bad):
    with pytest.raises(ValueError):
        split_cell(bad)


def test_cell_id_rejects_unknown_parts():
    with pytest.raises(ValueError):
        cell_id("politics", "privacy")


def test_cell_grid_places_values_by_pillar_and_element():
    grid = cell_grid({"people.security": 1, "processes.identity": 2})
    assert grid.shape == (4, 6)
    assert grid.loc["people", "security"] == 1 and grid.loc["processes", "identity"] == 2
    assert pd.isna(grid.loc["policy", "standards"])
    with pytest.raises(ValueError):
        cell_grid({"people.secure": 1})


def test_framework_instrument_matches_identifiers_in_both_languages():
    for lang in ("en", "mn"):
        fw = load_framework(lang)
        assert list(fw["pillars"]["id"]) == list(PILLARS)
        assert list(fw["elements"]["id"]) == list(ELEMENTS)
        assert list(fw["levels"]["level"]) == list(LEVELS)
        assert len(fw["rules"]) == 5
        assert fw["levels"].notna().all().all()
    assert load_framework("mn")["levels"].loc[0, "name"] == "Байхгүй"


def test_rubric_is_complete_24_by_5_without_empty_criteria():
    rubric = load_rubric()
    assert len(rubric) == 120
    assert set(rubric["cell_id"]) == set(CELL_IDS)
    assert (rubric.groupby("cell_id")["level"].apply(sorted) == pd.Series([list(LEVELS)] * 24,
                                                                        index=sorted(CELL_IDS))).all()
    for col in ("criterion_en", "criterion_mn"):
        assert (rubric[col].str.len() > 20).all()
    # each level-4 criterion names the principle it shows (rule 4)
    top = rubric[rubric["level"] == 4]
    assert top["criterion_en"].str.contains(r"lens: (?:accountability|effectiveness|inclusiveness)").all()
    assert top["criterion_mn"].str.contains("өнцөг:").all()
    # Mongolian draft is in Cyrillic
    assert rubric["criterion_mn"].str.contains("[А-Яа-яӨөҮү]").all()
    # criteria differ between cells (specialised, not copied)
    assert rubric["criterion_en"].nunique() == 120


def test_rubric_matrix_has_levels_as_rows():
    m = rubric_matrix(load_rubric(), "people", "en")
    assert m.shape == (5, 7)


def _rubric_rows():
    rubric = load_rubric()
    return rubric[RUBRIC_COLUMNS].astype(str).to_dict("records")


def test_rubric_missing_level_is_rejected(tmp_path):
    rows = [r for r in _rubric_rows() if not (r["cell_id"] == "people.privacy" and r["level"] == "3")]
    path = write_dict_csv(tmp_path / "rubric.csv", RUBRIC_COLUMNS, rows)
    with pytest.raises(InputError, match="people.privacy level 3"):
        load_rubric(path)


def _rubric_rejected(path, row_index: int, change: dict) -> InputError:
    rows = _rubric_rows()
    rows[row_index].update(change)
    with pytest.raises(InputError) as err:
        load_rubric(write_dict_csv(path, RUBRIC_COLUMNS, rows))
    return err.value


def test_rubric_bad_level_and_empty_criterion_name_row_and_column(tmp_path):
    err = _rubric_rejected(tmp_path / "rubric.csv", 6, {"level": "5"})
    assert err.row == 8 and err.column == "level"
    err = _rubric_rejected(tmp_path / "rubric2.csv", 0, {"criterion_mn": ""})
    assert err.row == 2 and err.column == "criterion_mn"


def test_questionnaire_is_bilingual_with_rubric_levels_and_privacy_notice():
    for lang in ("en", "mn"):
        q = load_questionnaire(lang)
        assert [i["cell_id"] for i in q["items"]] == list(CELL_IDS)
        assert all(len(i["levels"]) == 5 for i in q["items"])
        assert [s["value"] for s in q["importance"]] == [1, 2, 3, 4, 5]
    en, mn = load_questionnaire("en"), load_questionnaire("mn")
    assert "e-mail" in en["privacy_notice"] and "phone" in en["privacy_notice"]
    assert "цахим шуудан" in mn["privacy_notice"] and "утасны дугаар" in mn["privacy_notice"]
    assert en["items"][0]["levels"][0]["description"] == load_rubric().iloc[0]["criterion_en"]
    assert "private_sector" in org_type_ids() and "civil_society" in org_type_ids()
    doc = yaml.safe_load((instruments_dir() / "governance_questionnaire.yml").read_text(encoding="utf-8"))
    assert doc["_meta"]["mn_status"] == "draft"
    assert questionnaire_markdown("mn").count("- [ ] **0**") == 24


def test_governance_catalogue_is_large_and_labels_cells_in_mongolian():
    # same keys and placeholders in en and mn, draft-or-reviewed status: test_translations
    assert len({k for k in catalogue("en") if k.startswith("governance.")}) > 100
    assert cell_label("policy.privacy", "mn") == "Бодлого × Нууцлал ба ёс зүй"

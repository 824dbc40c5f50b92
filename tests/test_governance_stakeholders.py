"""Stakeholder list and roles: the 58 invited institutions, types, leads, bad inputs."""

import pytest

from egovreport.errors import InputError
from egovreport.governance import ELEMENTS
from egovreport.governance.stakeholders import (INSTITUTION_TYPES, ROLE_COLUMNS, ROLES, STAKEHOLDER_COLUMNS,
                                                element_leads, elements_without_lead, institutions_by_type,
                                                load_stakeholder_roles, load_stakeholders, role_matrix)

from _gov_evidence_helpers import write_dict_csv


@pytest.fixture(scope="module")
def stakeholders():
    return load_stakeholders("MNG")


@pytest.fixture(scope="module")
def roles(stakeholders):
    return load_stakeholder_roles("MNG", stakeholders=stakeholders)


def test_58_institutions_of_the_concept_note(stakeholders):
    assert len(stakeholders) == 58
    assert sorted(stakeholders["concept_note_no"].astype(int)) == list(range(1, 59))
    assert set(stakeholders["type"]) <= set(INSTITUTION_TYPES)
    by_no = stakeholders.set_index("concept_note_no")
    assert by_no.at[34, "name_en"] == "National Statistics Office"
    assert by_no.at[42, "name_en"] == "National Data Center"
    assert by_no.at[33, "name_en"] == "General Authority for State Registration"
    assert by_no.at[58, "type"] == "civil_society"
    assert stakeholders["name_mn"].str.contains("[А-Яа-яӨөҮү]").all()
    counts = institutions_by_type(stakeholders)
    assert counts.sum() == 58 and counts["ministry"] == 16


def test_every_institution_has_a_role_and_every_element_a_lead(stakeholders, roles):
    assert set(roles["institution_id"]) == set(stakeholders["institution_id"])
    assert elements_without_lead(roles) == []
    leads = element_leads(roles, stakeholders)
    assert list(leads["element"]) == list(ELEMENTS)
    assert (leads["n_leads"] >= 1).all()
    lead_of = {e: set(roles.loc[roles["lead"] & (roles["element"] == e), "institution_id"]) for e in ELEMENTS}
    assert "nso" in lead_of["standards"]
    assert "national_data_center" in lead_of["infrastructure"]
    assert "gasr" in lead_of["identity"]
    assert (roles["basis"].str.len() > 15).all()


def test_role_matrix_counts_institutions(roles):
    m = role_matrix(roles)
    assert list(m.index) == list(ELEMENTS) and list(m.columns) == list(ROLES)
    assert int(m.to_numpy().sum()) == len(roles.drop_duplicates(["institution_id", "element", "role"]))


def test_element_leads_in_mongolian(stakeholders, roles):
    leads = element_leads(roles, stakeholders, "mn")
    assert "Үндэсний статистикийн хороо" in leads.set_index("element").at["standards", "leads"]


def _stake_rows():
    return [{"institution_id": "nso", "name_en": "Statistics office", "name_mn": "Статистик", "type": "agency",
             "sector": "statistics", "concept_note_no": "1"},
            {"institution_id": "ministry_x", "name_en": "Ministry X", "name_mn": "Х яам", "type": "ministry",
             "sector": "digital", "concept_note_no": "2"}]


def _role_rows():
    return [{"institution_id": "nso", "element": "standards", "role": "steward", "lead": "true",
             "basis": "Law on statistics"},
            {"institution_id": "ministry_x", "element": "sharing", "role": "regulator", "lead": "false",
             "basis": "Policy ministry"}]


@pytest.mark.parametrize("i, change, column", [
    (1, {"type": "department"}, "type"),
    (1, {"institution_id": "nso"}, "institution_id"),
    (0, {"institution_id": "N S O"}, "institution_id"),
    (1, {"concept_note_no": "two"}, "concept_note_no"),
    (0, {"name_en": ""}, "name_en"),
])
def test_bad_stakeholder_rows(tmp_path, i, change, column):
    rows = _stake_rows()
    rows[i].update(change)
    with pytest.raises(InputError) as err:
        load_stakeholders(path=write_dict_csv(tmp_path / "stakeholders.csv", STAKEHOLDER_COLUMNS, rows))
    assert err.value.row == i + 2 and err.value.column == column


@pytest.mark.parametrize("i, change, column", [
    (1, {"institution_id": "ministry_y"}, "institution_id"),
    (0, {"element": "statistics"}, "element"),
    (1, {"role": "owner"}, "role"),
    (1, {"lead": "yes"}, "lead"),
    (0, {"basis": ""}, "basis"),
])
def test_bad_role_rows(tmp_path, i, change, column):
    st = load_stakeholders(path=write_dict_csv(tmp_path / "stakeholders.csv", STAKEHOLDER_COLUMNS, _stake_rows()))
    rows = _role_rows()
    rows[i].update(change)
    with pytest.raises(InputError) as err:
        load_stakeholder_roles(path=write_dict_csv(tmp_path / "roles.csv", ROLE_COLUMNS, rows), stakeholders=st)
    assert err.value.row == i + 2 and err.value.column == column


def test_duplicate_role_is_rejected(tmp_path):
    st = load_stakeholders(path=write_dict_csv(tmp_path / "stakeholders.csv", STAKEHOLDER_COLUMNS, _stake_rows()))
    rows = _role_rows() + [_role_rows()[0]]
    with pytest.raises(InputError, match="twice") as err:
        load_stakeholder_roles(path=write_dict_csv(tmp_path / "roles.csv", ROLE_COLUMNS, rows), stakeholders=st)
    assert err.value.row == 4

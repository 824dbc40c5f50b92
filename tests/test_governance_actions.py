"""Action plan: catalogue validation, matching weak cells to interventions, leads and partners."""

import pandas as pd
import pytest

from egovreport.errors import InputError
from egovreport.i18n import t
from egovreport.governance import actions
from egovreport.governance.scoring import score_cells

from _governance_helpers import desk, write_csv

COLS = actions.CATALOGUE_COLUMNS


def _new(r: list[str], needs: str = "") -> list[str]:
    """A catalogue row from (id, cell, from, to, horizon, role, description en, mn, source)."""
    return r[:6] + [needs] + r[6:8] + ["Instrument.", "Хэрэгсэл.", "Indicator.", "Үзүүлэлт."] + r[8:]


def _catalogue(tmp_path, rows, **kw):
    return actions.load_interventions(write_csv(tmp_path / "cat.csv", [_new(r) if len(r) == 9 else r for r in rows],
                                                COLS), **kw)


ROWS = [
    ["GI-POL-01", "policy.*", "0", "2", "medium", "regulator", "Adopt an instrument.", "Батлах.", "rubric"],
    ["GI-POL-02", "policy.*", "2", "3", "medium", "regulator", "Secondary rules.", "Журам.", "rubric"],
    ["GI-PRV-01", "*.privacy", "0", "2", "short", "steward", "Privacy rules.", "Дүрэм.", "rubric"],
    ["GI-PRV-02", "policy.privacy", "1", "3", "short", "regulator", "Privacy law.", "Хууль.", "rubric"],
    ["GI-PPL-01", "people.*", "0", "2", "short", "steward", "Map roles.", "Үүрэг.", "rubric"],
]


def test_shipped_catalogue_is_valid_and_sourced():
    cat = actions.load_interventions()
    assert cat["intervention_id"].is_unique and (cat["source"].str.len() > 0).all()
    assert set(cat["scope"]) == {"cell", "element", "pillar"}
    # every pillar has pillar-wide interventions from level 0 up to level 4
    for p in ("policy", "institutions", "people", "processes"):
        sub = cat[cat["cell_id"] == f"{p}.*"]
        covered = {lv for r in sub.itertuples() for lv in range(r.applies_from_level, r.applies_to_level)}
        assert covered == {0, 1, 2, 3}, p


@pytest.mark.parametrize("bad, column", [
    (["GI-X-1", "policy.*", "0", "2", "short", "steward", "d", "d", "s"], "intervention_id"),
    (["GI-POL-09", "policy.banana", "0", "2", "short", "steward", "d", "d", "s"], "cell_id"),
    (["GI-POL-09", "policy.*", "0", "2", "someday", "steward", "d", "d", "s"], "horizon"),
    (["GI-POL-09", "policy.*", "0", "2", "short", "boss", "d", "d", "s"], "lead_role"),
    (["GI-POL-09", "policy.*", "0", "2", "short", "steward", "d", "d", ""], "source"),
    (["GI-POL-01", "policy.*", "0", "2", "short", "steward", "d", "d", "s"], "intervention_id"),
])
def test_bad_catalogue_rows_are_rejected_with_row_and_column(tmp_path, bad, column):
    with pytest.raises(InputError) as exc:
        _catalogue(tmp_path, ROWS + [bad])
    assert exc.value.row == len(ROWS) + 2 and exc.value.column == column


def test_level_range_must_go_up(tmp_path):
    with pytest.raises(InputError) as exc:
        _catalogue(tmp_path, ROWS + [["GI-POL-09", "policy.*", "3", "2", "short", "steward", "d", "d", "s"]])
    assert exc.value.row == len(ROWS) + 2


def test_matching_most_specific_first_within_the_level_range(tmp_path):
    cat = _catalogue(tmp_path, ROWS)
    d = desk({"policy.privacy": (1, "A"), "policy.security": (2, "A"), "people.privacy": (0, "A"),
              "policy.identity": (4, "A")})
    m = actions.match_interventions(score_cells(d, None), cat, top_n=10, max_per_cell=2)
    got = m.groupby("cell_id")["intervention_id"].apply(list).to_dict()
    assert got["policy.privacy"] == ["GI-PRV-02", "GI-PRV-01"]   # cell, then element (pillar-wide dropped)
    assert got["policy.security"] == ["GI-POL-02"]               # level 2: only the 2→3 row applies
    assert got["people.privacy"] == ["GI-PRV-01", "GI-PPL-01"]   # element, then pillar
    assert "policy.identity" not in got                          # at level 4: no gap, no action
    one = actions.match_interventions(score_cells(d, None), cat, top_n=1, max_per_cell=1)
    assert one[["cell_id", "intervention_id"]].values.tolist() == [["people.privacy", "GI-PRV-01"]]


def test_cell_without_catalogue_match_is_kept_visible(tmp_path):
    cat = _catalogue(tmp_path, ROWS)
    m = actions.match_interventions(score_cells(desk({"processes.identity": (0, "A")}), None), cat)
    assert m[["cell_id", "intervention_id"]].values.tolist() == [["processes.identity", ""]]


STAKEHOLDERS = pd.DataFrame({"institution_id": ["A", "B", "C", "D", "E"],
                             "name_en": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"],
                             "name_mn": ["Альфа", "Бета", "Гамма", "Дельта", "Эпсилон"]})
ROLES = pd.DataFrame([
    ("A", "privacy", "regulator", "true"), ("B", "privacy", "steward", "true"),
    ("C", "privacy", "regulator", "false"), ("D", "privacy", "user", "false"),
    ("E", "security", "producer", "true"),
], columns=["institution_id", "element", "role", "lead"]).assign(basis="desk classification")


def test_leads_and_partners_from_the_stakeholder_map():
    assert actions.institutions_for("privacy", "regulator", ROLES) == (["A"], ["B", "C"], "role_lead")
    assert actions.institutions_for("privacy", "producer", ROLES) == (["A", "B"], [], "element_lead")
    assert actions.institutions_for("identity", "steward", ROLES) == ([], [], "to_be_agreed")
    assert actions.institutions_for("privacy", "regulator", ROLES, max_partners=1)[1] == ["B"]


def test_action_plan_rows_names_and_timeline(tmp_path):
    cat = _catalogue(tmp_path, ROWS)
    d = desk({"policy.privacy": (1, "A"), "people.privacy": (0, "A"), "policy.security": (2, "B")})
    plan = actions.action_plan(score_cells(d, None), cat, STAKEHOLDERS, ROLES, top_n=5)
    rows = plan.set_index(["intervention_id", "element"])
    # GI-PRV-01 (element-wide) addresses both privacy cells in one row, best rank first
    assert rows.loc[("GI-PRV-01", "privacy"), "cells"] == "people.privacy;policy.privacy"
    assert rows.loc[("GI-PRV-02", "privacy"), "leads"] == "Alpha"
    assert rows.loc[("GI-PRV-02", "privacy"), "partners"] == "Beta; Gamma"
    assert rows.loc[("GI-POL-02", "security"), "lead_basis"] == "element_lead"
    assert rows.loc[("GI-POL-02", "security"), "leads"] == "Epsilon"
    assert plan["horizon"].tolist() == sorted(plan["horizon"], key=["short", "medium", "long"].index)
    assert rows.loc[("GI-PRV-02", "privacy"), ["start_month", "end_month"]].tolist() == [0, 12]
    assert rows.loc[("GI-POL-02", "security"), ["start_month", "end_month"]].tolist() == [12, 36]
    mn = actions.action_plan(score_cells(d, None), cat, STAKEHOLDERS, ROLES, lang="mn")
    assert "Альфа" in set(mn["leads"]) and "Хууль." in set(mn["description"])
    table = actions.format_action_plan(plan)
    assert len(table) == len(plan) and len(table.columns) == 7
    row = table.set_index("ID").loc["GI-PRV-02"]
    assert row["Lead institution(s) (role)"].startswith("Alpha (")
    assert row["Element: pillars addressed"].endswith(": " + ", ".join(
        t(f"governance.pillar.{c.split('.')[0]}") for c in rows.loc[("GI-PRV-02", "privacy"), "cells"].split(";")))


def test_rows_keyed_by_evidence_name_the_countrys_law_or_are_left_out(tmp_path):
    """A row that names a law ({privacy_law}) applies only where the evidence register documents one,
    and then names it with its evidence ids; pillar-wide rows name the element, never "this element"."""
    from egovreport import recommendations as rc

    law = rc.LandscapeEntry("LAW-PDP", "law", "privacy_law", "privacy", {"en": "Privacy Act", "mn": "Нууцын хууль"},
                            "2021", {"en": "n", "mn": "n"}, ("XX-POL-01",))
    rows = ROWS + [_new(["GI-PRV-09", "policy.privacy", "1", "3", "medium", "regulator",
                         "Issue the regulations of the {privacy_law}.", "{privacy_law}-ийн журам гаргах.", "s"],
                        needs="privacy_law")]
    without = _catalogue(tmp_path, rows)
    assert "GI-PRV-09" not in set(without["intervention_id"])
    with_law = _catalogue(tmp_path, rows, landscape=[law]).set_index("intervention_id")
    assert with_law.loc["GI-PRV-09", "description_en"] == "Issue the regulations of the Privacy Act [XX-POL-01]."
    assert with_law.loc["GI-PRV-09", "description_mn"] == "«Нууцын хууль»-ийн [XX-POL-01] журам гаргах."
    assert with_law.loc["GI-PRV-09", "evidence_ids"] == ["XX-POL-01"]
    generic = [_new(["GI-POL-01", "policy.*", "0", "2", "medium", "regulator", "Adopt a law on {element}.",
                     "«{element}» чиглэлээр хууль батлах.", "rubric"])]
    plan = actions.action_plan(score_cells(desk({"policy.security": (1, "A")}), None), _catalogue(tmp_path, generic),
                               STAKEHOLDERS, ROLES)
    assert plan["description"].tolist() == ["Adopt a law on data security."]


def test_generic_row_is_replaced_by_the_row_keyed_by_evidence(tmp_path):
    """A country with a documented data centre gets the row that names it, not also the generic
    row of the same cell and level range (which repeated the same action as a fragment)."""
    from egovreport import recommendations as rc

    centre = rc.LandscapeEntry("SYS-NDC", "system", "data_centre", "infrastructure",
                               {"en": "National Data Center", "mn": "Үндэсний дата төв"}, "",
                               {"en": "n", "mn": "n"}, ("XX-INF-01",))
    rows = [_new(["GI-INF-10", "policy.infrastructure", "0", "3", "medium", "producer",
                  "Set when agencies use the {data_centre}.", "{data_centre}-ийг ашиглах бодлого батлах.", "s"],
                 needs="data_centre"),
            _new(["GI-INF-13", "policy.infrastructure", "0", "3", "medium", "producer",
                  "Agree a data-centre policy.", "Дата төвийн бодлого батлах.", "s"])]
    scores = score_cells(desk({"policy.infrastructure": (0, "A")}), None)
    keyed = actions.match_interventions(scores, _catalogue(tmp_path, rows, landscape=[centre]), top_n=5)
    assert keyed["intervention_id"].tolist() == ["GI-INF-10"]
    generic = actions.match_interventions(scores, _catalogue(tmp_path, rows), top_n=5)
    assert generic["intervention_id"].tolist() == ["GI-INF-13"]


def test_shipped_mongolian_catalogue_text_has_no_garbled_or_doubled_words():
    """Reviewer's findings: 'хэээ' (a garbled 'хэзээ') and 'ХУР (XYP)' (Cyrillic and Latin
    spellings that read as the same acronym twice) in the action texts."""
    import re

    from egovreport import paths

    for name in ("governance_interventions.csv",):
        text = (paths.instruments_dir() / name).read_text(encoding="utf-8")
        assert "хэээ" not in text
    landscape = (paths.country_dir("MNG") / "legal_landscape.csv").read_text(encoding="utf-8")
    latin_to_cyrillic = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
    for m in re.finditer(r"\b([A-ZА-ЯӨҮ]{2,}) \(([A-ZА-ЯӨҮ]{2,})\)", landscape):
        assert m.group(1).translate(latin_to_cyrillic) != m.group(2).translate(latin_to_cyrillic), m.group(0)

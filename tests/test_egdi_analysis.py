"""EGDI analysis: computed numbers checked against the processed data and hand computations.

Mongolia (the workshop country) and, unchanged, three states of different kinds:
Kazakhstan (LLDC, very high), Fiji (SIDS, high), Denmark (no special group, world leader).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]
from _egdi_helpers import inputs, processed_groupings, processed_wide, project_env  # noqa: F401 (inputs: a fixture)
from egovreport import egdi_analysis as ea
from egovreport.errors import ParameterError

STATES = ("MNG", "KAZ", "FJI", "DNK")


@pytest.fixture(scope="module")
def wide():
    return processed_wide()


# --------------------------------------------------------------------------- Mongolia: concept note

def test_mongolia_profile_reproduces_the_concept_note(inputs):
    r = ea.profile_results(inputs, "MNG", 2024)
    assert round(r["egdi"], 4) == 0.8457
    assert round(r["egdi_2005"], 4) == 0.3962
    assert (r["egdi_rank_previous"], r["egdi_rank"], r["rank_change"]) == (74, 46, 28)
    assert r["level"] == "very_high" and r["rating_class"] == "V2"
    assert r["previous_edition"] == 2022 and r["first_edition"] == 2003
    assert r["groups"] == ["lldc"] and r["sub_region"] == "Eastern Asia"
    (lldc,) = r["group_position"]
    assert lldc["group"] == "lldc"
    assert lldc["rank_change_rank_in_group"] == 1  # largest gain among very-high LLDCs
    assert lldc["osi_rank_in_group"] == 2 and lldc["n_very_high_osi_in_group"] == 5  # "five leading LLDCs on OSI"
    assert lldc["egdi_rank_in_group"] == 2 and lldc["group_leader_iso3"] == "KAZ"


def test_concept_note_claims_are_the_five_statements_of_the_note_and_only_for_mongolia(inputs):
    claims = ea.concept_note_claims(inputs, "MNG", 2024)
    assert list(claims["claim"]) == ["egdi_2005", "egdi_2024", "rank_gain", "largest_gain_lldc", "osi_top5_lldc"]
    assert set(claims["verdict"]) == {"match"}
    # every quote is in the concept note, word for word (whitespace aside); the note states no rank
    note = " ".join((REPO / "tests" / "fixtures" / "concept_note_section1.txt").read_text(encoding="utf-8").split())
    for quote in claims["quote"]:
        assert " ".join(quote.split()) in note, quote
    assert "74" not in " ".join(claims["quote"]) and "46" not in " ".join(claims["quote"])
    assert set(claims["stated"]) == {0.3962, 0.8457, 28, 1, 5}
    gain = claims.set_index("claim").loc["rank_gain"]
    assert gain["in_data"] == 28 and (gain["detail"]["rank_previous"], gain["detail"]["rank"]) == (74, 46)
    # another state: nothing (the note is about Mongolia only); another edition: still the 2024 facts
    assert ea.concept_note_claims(inputs, "KAZ", 2024).empty
    assert set(ea.concept_note_claims(inputs, "MNG", 2022)["verdict"]) == {"match"}


def test_largest_gain_among_very_high_lldcs_by_hand(wide, inputs):
    g = processed_groupings().set_index("iso3")
    cur = wide[wide["edition"] == 2024].set_index("iso3")
    prev = wide[wide["edition"] == 2022].set_index("iso3")["egdi_rank"]
    vh_lldc = cur[(cur["egdi"] >= 0.75) & g["lldc"].reindex(cur.index)]
    gains = (prev.reindex(vh_lldc.index) - vh_lldc["egdi_rank"]).astype(int)
    assert gains.idxmax() == "MNG" and gains.max() == 28
    assert gains.drop("MNG").max() < 28


# --------------------------------------------------------------------------- four states, unchanged code

@pytest.mark.parametrize("iso3", STATES)
def test_profile_values_equal_the_processed_table(inputs, wide, iso3):
    r = ea.profile_results(inputs, iso3, 2024)
    row = wide[(wide["iso3"] == iso3) & (wide["edition"] == 2024)].iloc[0]
    for k in ("egdi", "osi", "tii", "hci", "epi"):
        assert r[k] == pytest.approx(float(row[k]), abs=0)
    assert r["egdi_rank"] == int(row["egdi_rank"])
    prev = wide[(wide["iso3"] == iso3) & (wide["edition"] == 2022)].iloc[0]
    assert r["rank_change"] == int(prev["egdi_rank"]) - int(row["egdi_rank"])
    assert [s["edition"] for s in r["series"]] == sorted(wide["edition"].unique().tolist())
    # contract keys (RESULTS_CONTRACT.md, egdi_country_profile)
    for key in ("country", "country_name", "edition", "previous_edition", "first_edition", "egdi", "osi", "tii",
                "hci", "epi", "egdi_rank", "egdi_rank_previous", "rank_change", "level", "rating_class",
                "egdi_first", "egdi_2005", "series", "benchmarks", "groups", "region", "sub_region",
                "income_group", "group_position"):
        assert key in r


@pytest.mark.parametrize("iso3,expected", [("MNG", "hci"), ("KAZ", "hci"), ("FJI", "osi"), ("DNK", "hci")])
def test_limiting_component_is_the_lowest_component(inputs, wide, iso3, expected):
    row = wide[(wide["iso3"] == iso3) & (wide["edition"] == 2024)].iloc[0]
    by_hand = min(("osi", "tii", "hci"), key=lambda c: row[c])
    assert ea.limiting_component(inputs, iso3, 2024) == by_hand == expected


@pytest.mark.parametrize("iso3", STATES)
def test_decomposition_sums_to_the_egdi_change(inputs, wide, iso3):
    dec = ea.decompose_changes(inputs, iso3)
    s = wide[wide["iso3"] == iso3].set_index("edition").sort_index()
    parts = dec[["osi_contribution", "tii_contribution", "hci_contribution"]].sum(axis=1)
    recent = dec["from_edition"] >= 2012
    # exact identity up to the rounding of the published values (≤ 1e-4 from 2012 on)
    assert np.allclose(parts[recent], dec.loc[recent, "egdi_change"], atol=1e-4)
    # 2008/2010: the UN's EGDI differs from the mean of its components by up to 0.0136
    assert (parts - dec["egdi_change"]).abs().max() < 0.015
    last = dec[dec["to_edition"] == 2024].iloc[0]
    assert last["egdi_change"] == pytest.approx(s.loc[2024, "egdi"] - s.loc[2022, "egdi"])
    assert last["tii_contribution"] == pytest.approx((s.loc[2024, "tii"] - s.loc[2022, "tii"]) / 3)
    # no methodology change is asserted for 2024 (none found in a stored source); 2020 is sourced
    assert not isinstance(last["note"], str) and last["comparable"]
    y2020 = dec[dec["to_edition"] == 2020].iloc[0]
    assert y2020["note"] == "tii_method" and not y2020["comparable"]


def test_group_averages_equal_a_hand_computation(inputs, wide):
    g = processed_groupings().set_index("iso3")
    b = ea.benchmark_series(inputs, "MNG").set_index(["benchmark", "edition"])
    cur = wide[wide["edition"] == 2024].set_index("iso3")
    assert b.loc[("world", 2024), "egdi"] == pytest.approx(cur["egdi"].mean())
    east_asia = cur[g["sub_region"].reindex(cur.index) == "Eastern Asia"]
    assert b.loc[("sub_region", 2024), "egdi"] == pytest.approx(east_asia["egdi"].mean())
    assert b.loc[("sub_region", 2024), "n"] == len(east_asia) == 5
    lldc = cur[g["lldc"].reindex(cur.index)]
    assert b.loc[("lldc", 2024), "osi"] == pytest.approx(lldc["osi"].mean())
    umic = cur[g["income_group"].reindex(cur.index) == "Upper middle income"]
    assert b.loc[("income_group", 2024), "hci"] == pytest.approx(umic["hci"].mean())
    # 2003: states not assessed are missing, not zero, so they are left out of the mean
    y03 = wide[wide["edition"] == 2003]
    assert b.loc[("world", 2003), "egdi"] == pytest.approx(y03["egdi"].dropna().mean())
    assert b.loc[("world", 2003), "n"] == y03["egdi"].notna().sum() < 193
    assert b.loc[("world", 2003), "egdi"] > y03["egdi"].fillna(0).mean()


def test_benchmarks_follow_the_states_groups(inputs):
    assert set(ea.benchmarks_for_edition(inputs, "DNK", 2024)) == {"world", "region", "sub_region", "income_group"}
    assert "sids" in ea.benchmarks_for_edition(inputs, "FJI", 2024)
    assert "lldc" in ea.benchmarks_for_edition(inputs, "KAZ", 2024)


def test_distances_to_next_level_and_leaders(inputs, wide):
    cur = wide[wide["edition"] == 2024].set_index("iso3")
    fji = ea.diagnosis_results(inputs, "FJI", 2024)
    assert fji["next_level"] == "very_high"
    assert fji["distance_to_next_level"] == pytest.approx(0.75 - cur.loc["FJI", "egdi"])
    mng = ea.diagnosis_results(inputs, "MNG", 2024)
    assert mng["next_level"] is None and mng["distance_to_next_level"] is None
    assert mng["leader_iso3"] == cur["egdi"].idxmax() == "DNK"
    assert mng["distance_to_leader"] == pytest.approx(cur["egdi"].max() - cur.loc["MNG", "egdi"])
    assert ea.diagnosis_results(inputs, "DNK", 2024)["distance_to_leader"] == 0
    top10 = cur["egdi"].nlargest(10).mean()
    assert mng["distance_to_top10_mean"] == pytest.approx(top10 - cur.loc["MNG", "egdi"])


def test_level_bounds():
    assert ea.distance_to_next_level(0.25) == ("high", pytest.approx(0.25))
    assert ea.level_id(0.7499) == "high" and ea.level_id(0.75) == "very_high"
    assert ea.distance_to_next_level(0.9) == (None, None)
    assert ea.level_id(None) is None


# --------------------------------------------------------------------------- peers

def test_peers_follow_the_documented_rule(inputs, wide):
    sel = ea.select_peers(inputs, "MNG", 2024)
    assert sel.rule_id == "documented"
    assert sel.peers == ("CHN", "JPN", "ARM", "UZB", "CAN", "LUX")
    assert [sel.reasons[p] for p in sel.peers] == ["sub_region"] * 2 + ["lldc"] * 2 + ["nearest_egdi"] * 2
    # by hand: the two Eastern-Asian states with the EGDI nearest to Mongolia's
    g = processed_groupings().set_index("iso3")
    cur = wide[wide["edition"] == 2024].set_index("iso3")
    ea_states = cur[(g["sub_region"].reindex(cur.index) == "Eastern Asia") & (cur.index != "MNG")]
    nearest = (ea_states["egdi"] - cur.loc["MNG", "egdi"]).abs().nsmallest(2).index.tolist()
    assert nearest == ["CHN", "JPN"]
    # a state in no special group falls back to its income group
    dnk = ea.select_peers(inputs, "DNK", 2024)
    assert "income_group" in dnk.reasons.values() and len(dnk.peers) == 6
    assert all(g.loc[p, "income_group"] == "High income" for p, r in dnk.reasons.items() if r == "income_group")


def test_peers_passed_as_parameter(inputs):
    sel = ea.select_peers(inputs, "MNG", 2024, peers=["kaz", "MNG", "KAZ", " uzb "])
    assert sel.rule_id == "parameter" and sel.peers == ("KAZ", "UZB")
    with pytest.raises(ParameterError, match="XXX"):
        ea.select_peers(inputs, "MNG", 2024, peers=["XXX"])
    table = ea.peer_table(inputs, "MNG", sel.peers, 2024)
    assert list(table["iso3"]) == ["KAZ", "MNG", "UZB"]  # by EGDI, highest first
    assert table.set_index("iso3").loc["MNG", "egdi_rank_previous"] == 74


def test_bad_parameters_are_rejected(inputs):
    with pytest.raises(ParameterError, match="not the ISO3 code"):
        ea.check_country(inputs, "XYZ")
    with pytest.raises(ParameterError, match="not a Survey edition"):
        ea.check_edition(inputs, 2023)
    with pytest.raises(ParameterError, match="not a year"):
        ea.check_edition(inputs, "latest")
    assert ea.check_country(inputs, " mng ") == "MNG"


# --------------------------------------------------------------------------- framework checks

def test_recompute_check_matches_the_known_deviations(inputs):
    rc = ea.recompute_check(inputs, "MNG").set_index("edition")
    assert rc.loc[rc.index >= 2012, "max_abs_deviation"].max() < 1e-4
    assert rc.loc[2008, "max_abs_deviation"] == pytest.approx(0.0136, abs=1e-4)
    assert rc.loc[2008, "state_with_max"] == "CMR"
    assert abs(rc.loc[2024, "own_deviation"]) < 1e-4


def test_rating_class_bounds(inputs, wide):
    b = ea.rating_class_bounds(inputs, 2024, "very_high")
    assert b["equal_width"] == pytest.approx([0.8125, 0.875, 0.9375])
    assert len(b["quartile"]) == 3 and all(0.75 < x < 1 for x in b["quartile"])
    cur = wide[(wide["edition"] == 2024) & (wide["egdi"] >= 0.75)]
    # Mongolia (V2) lies between the first and second quartile bound
    mng = float(cur.set_index("iso3").loc["MNG", "egdi"])
    assert b["quartile"][0] < mng < b["quartile"][1]


def test_epart_summary(inputs, wide):
    e = ea.epart_summary(inputs, "MNG", 2024)
    cur = wide[wide["edition"] == 2024]
    assert e["epi"] == pytest.approx(0.7808)
    assert e["epi_rank"] == int((cur["epi"] > 0.7808).sum()) + 1 == 37
    assert e["epi_rank_previous"] == 57
    assert e["epi_osi_correlation"] == pytest.approx(cur["epi"].corr(cur["osi"]))


def test_input_series_comparison(inputs):
    with project_env():
        series = ea.load_input_series()
    trends = ea.input_trends(series, inputs, "MNG")
    assert set(trends["indicator"]) <= {i for v in ea.INPUT_INDICATORS.values() for i in v}
    eys = trends[(trends["indicator"] == "eys") & (trends["year"] == 2022)].iloc[0]
    assert eys["value"] == pytest.approx(14.52, abs=0.01)  # HDR 2023/24, SOURCES §2.9
    table, year = ea.component_vs_input(series, inputs, 2024, "tii", "internet_users_pct_wdi")
    assert year < 2024 and len(table) > 96 and table["tii"].corr(table["internet_users_pct_wdi"]) > 0.5


def test_official_datasets_absent_report_not_available(inputs):
    with project_env():
        for kind in ea.OFFICIAL_KINDS:
            ds = ea.official_dataset(kind, 2024)
            assert not ds.available and ds.data is None
            assert "not available" in ds.message and ds.how_to_add
            assert ea.official_rows(ds, "MNG").empty
    with pytest.raises(ParameterError):
        ea.official_dataset("egdi_2030")


def test_official_subindices_shown_when_a_file_is_added(tmp_path, inputs):
    """With an official file in the official layout (FIXTURE values, not real data) the page
    shows the state's row and a bar chart of its five subindices instead of the box."""
    from egovreport import egdi_report as er

    folder = tmp_path / "raw" / "un_official"
    folder.mkdir(parents=True)
    (folder / "osi_subindices_2024.csv").write_text(
        "Country,ISO3,OSI 2024,IF,CP,SP,EPI,TEC\n"
        "FIXTURE Mongolia,MNG,0.5000,0.6000,0.4000,0.5500,0.4500,0.5000\n"
        "FIXTURE Other,KAZ,0.9000,1.0000,0.8500,0.9200,0.8000,0.9500\n", encoding="utf-8")
    with project_env(EGOVREPORT_OUTPUT_DIR=tmp_path / "out"):
        ds = ea.official_dataset("osi_subindices", 2024, raw_dir=tmp_path / "raw")
        assert ds.available
        rows = ea.official_rows(ds, "MNG")
        assert len(rows) == 1 and rows.loc[0, "cp"] == pytest.approx(0.4)
        saved = er.show_official("osi_subindices", ds, "MNG", "Mongolia", 2024, "en")
        absent = er.show_official("ogdi", ea.official_dataset("ogdi", 2024, raw_dir=tmp_path / "raw"),
                                  "MNG", "Mongolia", 2024, "en")
    assert saved is not None and saved.name == "egdi_osi_subindices_mng_en"
    # the source line cites the Survey edition and the file, not a loader message
    assert saved.source.startswith("UN DESA, United Nations E-Government Survey 2024")
    assert saved.source.endswith("osi_subindices_2024.csv)") and "loaded from" not in saved.source
    assert (tmp_path / "out" / "figures" / "egdi_osi_subindices_mng_en.png").exists()
    table = (tmp_path / "out" / "tables" / "egdi_osi_subindices_mng_en.csv").read_text(encoding="utf-8")
    assert "FIXTURE Mongolia" in table and "KAZ" not in table
    assert absent is None

"""The data step: concept-note figures, determinism, defects, validation report, dictionary."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from _data_helpers import RAW, processed  # noqa: F401  (fixture)
from egovreport import datasets, sources
from egovreport.ingest import build_processed
from egovreport.provenance import sha256_file


# ---------------------------------------------------------------- concept note (UN DESA, Dec 2024)

def test_mongolia_egdi_2005_and_2024_match_the_concept_note(processed):
    w = datasets.load_egdi_wide().set_index(["iso3", "edition"])
    assert round(w.loc[("MNG", 2005), "egdi"], 4) == 0.3962
    assert round(w.loc[("MNG", 2024), "egdi"], 4) == 0.8457


def test_mongolia_up_28_places_largest_gain_among_very_high_lldcs(processed):
    w = datasets.load_egdi_wide()
    g = datasets.load_groupings()
    r22 = w[w.edition == 2022].set_index("iso3")["egdi_rank"]
    w24 = w[w.edition == 2024].set_index("iso3")
    assert r22["MNG"] == 74 and w24.loc["MNG", "egdi_rank"] == 46
    lldc_vh = w24[w24.index.isin(g.loc[g.lldc, "iso3"]) & (w24.level == "Very High")]
    gain = (r22.reindex(lldc_vh.index) - lldc_vh["egdi_rank"]).sort_values(ascending=False)
    assert gain.index[0] == "MNG" and gain.iloc[0] == 28
    assert gain.iloc[1] < 28  # strictly the largest


def test_mongolia_among_five_lldcs_with_highest_osi_2024(processed):
    w24 = datasets.load_egdi_wide(2024)
    g = datasets.load_groupings()
    top5 = w24[w24.iso3.isin(g.loc[g.lldc, "iso3"])].nlargest(5, "osi")["iso3"].tolist()
    assert "MNG" in top5
    assert w24.set_index("iso3").loc["MNG", "level"] == "Very High"


def test_panel_and_wide_agree_and_cover_193_states_per_edition(processed):
    long = datasets.load_egdi_panel()
    wide = datasets.load_egdi_wide()
    assert datasets.editions() == list(sources.EDITIONS)
    assert len(datasets.member_states()) == 193
    assert long.groupby("edition")["iso3"].nunique().eq(193).all()
    assert len(long) == 193 * 12 * 5
    assert not long.duplicated(["iso3", "edition", "indicator"]).any()
    piv = long.pivot_table(index=["iso3", "edition"], columns="indicator", values="value", dropna=False)
    wi = wide.set_index(["iso3", "edition"])
    for ind in ("egdi", "osi", "tii", "hci", "epi"):
        pd.testing.assert_series_equal(piv[ind].reindex(wi.index), wi[ind], check_names=False)
    egdi_rows = long[long.indicator == "egdi"]
    assert (egdi_rows.rank_source == "published").all()
    assert (long[long.indicator != "egdi"].rank_source == "computed").all()


# ---------------------------------------------------------------- known defects

def test_not_assessed_countries_are_missing_not_zero(processed):
    w = datasets.load_egdi_wide().set_index(["iso3", "edition"])
    iraq = w.loc[("IRQ", 2003)]  # EGDI 0 at tied rank 174 in the file
    assert iraq["not_assessed"] and np.isnan(iraq["egdi"]) and pd.isna(iraq["egdi_rank"])
    assert np.isnan(iraq["osi"])  # OSI 0 → missing
    assert iraq["hci"] == pytest.approx(0.93)  # a real value is kept
    assert "not_assessed" in iraq["flags"]
    ssd = w.loc[("SSD", 2010)]  # blank rank, all zeros
    assert ssd["not_assessed"] and all(np.isnan(ssd[c]) for c in ("egdi", "osi", "tii", "hci", "epi"))
    fsm = w.loc[("FSM", 2008)]  # not assessed but OSI published
    assert fsm["not_assessed"] and fsm["osi"] > 0
    counts = {e: int(w.xs(e, level="edition")["not_assessed"].sum()) for e in (2003, 2004, 2005, 2008, 2010, 2012, 2014, 2024)}
    assert counts == {2003: 20, 2004: 15, 2005: 14, 2008: 11, 2010: 10, 2012: 3, 2014: 0, 2024: 0}
    assert (w.loc[w.not_assessed, "egdi"].isna()).all()
    assert not (w["egdi"] == 0).any()


def test_hci_above_one_and_zero_hci_are_flagged_missing(processed):
    w = datasets.load_egdi_wide().set_index(["iso3", "edition"])
    fsm = w.loc[("FSM", 2003)]
    assert np.isnan(fsm["hci"]) and "hci_above_one" in fsm["flags"]
    assert fsm["egdi"] == pytest.approx(0.52648)  # published EGDI kept, flagged
    assert "egdi_computed_with_invalid_component" in fsm["flags"]
    assert "hci_above_one" in w.loc[("TUV", 2003), "flags"]
    andorra = w.loc[("AND", 2003)]
    assert np.isnan(andorra["hci"]) and "hci_zero_missing" in andorra["flags"]
    assert "egdi_computed_with_missing_component" in andorra["flags"]
    # 2012+: components are min–max normalised, a 0 is the real minimum (Somalia HCI)
    assert w.loc[("SOM", 2014), "hci"] == 0.0
    for ind in ("egdi", "osi", "tii", "hci", "epi"):
        assert w[ind].dropna().between(0, 1).all()


def test_2008_2010_deviations_flagged_and_reported(processed):
    report = json.loads((processed / "validation_report.json").read_text())
    devs = {y: e["egdi_component_mean_check"] for y, e in report["editions"].items()}
    assert devs["2008"]["max_abs_deviation"] == pytest.approx(0.01362, abs=1e-6)
    assert devs["2008"]["max_abs_deviation_iso3"] == "CMR"
    assert devs["2010"]["max_abs_deviation"] == pytest.approx(0.00399, abs=1e-6)
    for y, d in devs.items():
        assert d["passed"]
        if y not in ("2008", "2010"):
            assert d["max_abs_deviation"] <= 1e-4 and d["tolerance"] == 1e-4
    assert all(e["rank_consistency"]["passed"] for e in report["editions"].values())
    assert all(e["n_states"] == 193 for e in report["editions"].values())
    w08 = datasets.load_egdi_wide(2008)
    assert w08["flags"].str.contains("egdi_deviates_from_component_mean").sum() == \
        len(report["editions"]["2008"]["defects_applied"]["egdi_component_mean_deviation_2008_2010"])


def test_published_ranks_follow_egdi_order(processed):
    for e, w in datasets.load_egdi_wide().groupby("edition"):
        a = w.dropna(subset=["egdi"]).sort_values(["egdi", "egdi_rank"], ascending=[False, True])
        assert a["egdi_rank"].is_monotonic_increasing, e


def test_2024_three_copies_agree(processed):
    cc = json.loads((processed / "validation_report.json").read_text())["cross_checks"]
    mc = cc["2024_datapicasso_vs_maryliacruzs"]
    assert mc["same_countries"]
    for ind in ("egdi", "osi", "tii", "hci", "epi", "egdi_rank"):
        assert mc[ind]["max_abs_diff"] == 0.0 and mc[ind]["n_missing_in_one_copy"] == 0
    aa = cc["2024_datapicasso_vs_aaravgupta10"]
    assert aa["same_countries"]
    for ind in ("egdi", "osi", "tii", "hci"):
        assert aa[ind]["max_abs_diff"] <= 5e-5 + 1e-9  # 4-dp rounding of the 5-dp values
    undp = cc["2020_sevenChrisK_vs_undp"]  # 'Turkey' resolved through the alias table
    assert undp["same_countries"] and undp["egdi"]["max_abs_diff"] == 0.0
    for year, c in cc["2005_2022_sevenChrisK_vs_datapicasso_merged"].items():
        assert c["same_countries"] and c["egdi"]["max_abs_diff"] == 0.0, year


# ---------------------------------------------------------------- groupings, inputs

def test_groupings_mongolia_and_counts(processed):
    g = datasets.load_groupings().set_index("iso3")
    assert len(g) == 193
    mng = g.loc["MNG"]
    assert (mng.region, mng.sub_region, mng.m49) == ("Asia", "Eastern Asia", 496)
    assert mng.lldc and not mng.ldc and not mng.sids
    assert mng.income_group == "Upper middle income" and mng.wb_region == "East Asia & Pacific"
    assert (g.lldc.sum(), g.ldc.sum(), g.sids.sum()) == (32, 45, 37)
    assert not g.loc[["BTN", "VUT"], "ldc"].any()  # graduated; the older M49 copy still lists them
    # hand-added regions are not used: Nicaragua is in the Americas
    assert g.loc["NIC", "region"] == "Americas" and g.loc["TON", "region"] == "Oceania"
    assert datasets.country_name("MNG") == "Mongolia" and datasets.country_name("TUR") == "Türkiye"
    # ISO2 (datasets/country-codes) keys the CLDR names; Namibia's "NA" is a code, not a missing value
    assert g.loc["MNG", "iso2"] == "MN" and g.loc["NAM", "iso2"] == "NA"
    assert g["iso2"].str.fullmatch(r"[A-Z]{2}").all() and g["iso2"].is_unique


def test_country_names_in_mongolian_come_from_the_catalogue_then_the_cldr(processed):
    from egovreport.i18n import country_name

    assert country_name("MNG", "mn") == "Монгол Улс" and country_name("MNG", "en") == "Mongolia"
    assert country_name("KAZ", "mn") == "Казахстан" and country_name("NAM", "mn") == "Намиби"
    assert country_name("KAZ", "en") == "Kazakhstan"  # the UN name of the processed data
    assert country_name("KAZ", "en", english="Kazakhstan (UN)") == "Kazakhstan (UN)"
    assert country_name("XXX", "mn") == "XXX"  # unknown: the code, never an error


def test_income_history_mongolia(processed):
    h = datasets.load_income_history()
    mng = h[h.iso3 == "MNG"].set_index("fiscal_year")["income_group_code"]
    assert mng[1995] == "L" and mng[2016] == "UM" and mng[2024] == "LM" and mng[2025] == "UM"
    assert h.iso3.nunique() == 193 and set(h.fiscal_year) == set(range(1989, 2026))
    assert pd.isna(h[(h.iso3 == "VEN") & (h.fiscal_year == 2025)]["income_group"].iloc[0])


def test_tii_hci_inputs(processed):
    x = datasets.load_tii_hci_inputs()
    assert set(x.indicator) == {"eys", "mys", "mobile_cellular_per100", "internet_users_pct_itu",
                                "fixed_broadband_per100", "internet_users_pct_wdi"}
    mng = x[x.iso3 == "MNG"].set_index(["indicator", "year"])["value"]
    assert round(mng[("eys", 2022)], 2) == 14.52 and round(mng[("mys", 2022)], 2) == 9.42
    assert mng[("internet_users_pct_wdi", 2023)] == 83.0
    assert set(x.iso3) <= set(datasets.member_states())
    assert not x.duplicated(["iso3", "indicator", "year"]).any()
    assert set(x[x.indicator.isin(["eys", "mys"])].component) == {"hci"}


# ---------------------------------------------------------------- outputs

def test_rerun_is_byte_identical(processed, tmp_path):
    build_processed(raw_dir=RAW, out_dir=tmp_path / "again")
    first = sorted(p.name for p in processed.iterdir())
    assert first == sorted(p.name for p in (tmp_path / "again").iterdir())
    assert any(n.endswith(".parquet") for n in first)
    for name in first:
        assert (processed / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


def test_csv_files_use_lf_and_fixed_float_format(processed):
    text = (processed / "egdi_wide_2024.csv").read_bytes()
    assert b"\r\n" not in text
    assert b"MNG,Mongolia,2024,0.84569,0.82219,0.93741,0.77748,0.7808,46," in text


def test_every_column_is_in_the_data_dictionary(processed):
    d = pd.read_csv(processed / "data_dictionary.csv", keep_default_na=False)
    documented = set(zip(d.table, d.column))
    for p in processed.glob("*.parquet"):
        for c in pd.read_parquet(p).columns:
            assert (p.stem, c) in documented, (p.stem, c)
    assert (d.description != "").all() and (d.source != "").all()
    md = (processed / "data_dictionary.md").read_text()
    assert "## `egdi_long`" in md and "rating_class" in md
    notes = (processed / "data_notes.md").read_text()
    assert "hci_above_one" in notes and "| 2008 | 193 |" in notes


def test_processed_manifest_lists_inputs_and_outputs_with_hashes(processed):
    m = json.loads((processed / "processed_manifest.json").read_text())
    outs = {o["path"].split("/")[-1]: o for o in m["outputs"]}
    for name, o in outs.items():
        assert sha256_file(processed / name) == o["sha256"]
    assert outs["egdi_long.parquet"]["rows"] == 193 * 12 * 5
    ins = {i["path"]: i["sha256"] for i in m["raw_inputs"]}
    for e in sources.RAW_FILES.values():
        assert ins[f"data/raw/{e.relpath}"] == sha256_file(RAW / e.relpath)


def test_declared_outputs_and_inputs_match_a_build(processed):
    from egovreport.ingest import processed_outputs, raw_inputs

    assert processed_outputs() == sorted(p.name for p in processed.iterdir())
    assert all(p.exists() for p in raw_inputs(RAW))

"""Methodology functions against hand-computed answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from egovreport import methodology as m


@pytest.mark.parametrize("value,level", [
    (1.0, "Very High"), (0.75, "Very High"), (0.7499, "High"), (0.50, "High"), (0.4999, "Middle"),
    (0.25, "Middle"), (0.2499, "Low"), (0.0, "Low"), (0.84569, "Very High"), (0.39198, "Middle"),
])
def test_egdi_level_boundaries(value, level):
    assert m.egdi_level(value) == level


def test_egdi_level_missing_and_out_of_range():
    assert m.egdi_level(float("nan")) is None and m.egdi_level(None) is None
    with pytest.raises(ValueError):
        m.egdi_level(1.2)


def test_rating_class_quartile_rule_by_hand():
    # 8 Very High countries: positions 1-2 → V1, 3-4 → V2, 5-6 → V3, 7-8 → VH (⌈4p/8⌉)
    vh = pd.Series([0.76, 0.78, 0.80, 0.82, 0.85, 0.88, 0.93, 0.97])
    assert m.rating_class(vh).tolist() == ["V1", "V1", "V2", "V2", "V3", "V3", "VH", "VH"]
    # mixed levels are classed within their own level; ties share the lower position
    s = pd.Series([0.30, 0.40, 0.45, 0.45, 0.60, np.nan])
    # Middle: n=4, positions 1,2,3,3 → M1, M2, M3, M3; High: n=1 → ⌈4/1⌉ = HV
    assert m.rating_class(s).tolist() == ["M1", "M2", "M3", "M3", "HV", None]


def test_rating_class_reproduces_togo_m2_and_not_equal_width():
    # 44 Middle countries (2024); Togo (0.3920) is 22nd from the bottom → ⌈4·22/44⌉ = 2 → M2
    values = pd.Series([*np.linspace(0.26, 0.39, 21), 0.3920, *np.linspace(0.40, 0.49, 22)])
    togo = 21  # 22nd value from the bottom
    assert m.rating_class(values)[togo] == "M2"
    assert m.rating_class(values, method="equal_width")[togo] == "M3"  # 0.375 ≤ 0.392 < 0.4375


@pytest.mark.parametrize("value,cls", [
    (0.8457, "V2"), (0.8125, "V2"), (0.8124, "V1"), (0.75, "V1"), (1.0, "VH"), (0.9375, "VH"),
    (0.25, "M1"), (0.4999, "MH"), (0.0, "L1"), (0.2499, "LM"), (0.5, "H1"), (0.74, "HV"),
])
def test_rating_class_equal_width(value, cls):
    assert m.rating_class(pd.Series([value]), method="equal_width")[0] == cls


def test_rating_class_unknown_method():
    with pytest.raises(ValueError):
        m.rating_class(pd.Series([0.5]), method="deciles")


def test_zscore_and_minmax_by_hand():
    z = m.zscore(pd.Series([1.0, 2.0, 3.0]))
    assert z.tolist() == pytest.approx([-math.sqrt(1.5), 0.0, math.sqrt(1.5)])
    assert m.zscore(pd.Series([1.0, 2.0, 3.0]), ddof=1).tolist() == pytest.approx([-1.0, 0.0, 1.0])
    assert m.minmax(pd.Series([2.0, 4.0, 6.0, 10.0])).tolist() == pytest.approx([0.0, 0.25, 0.5, 1.0])
    x = pd.Series([3.0, 7.0, np.nan, 5.0])
    out = m.normalise_component(x)
    assert out.tolist()[:2] == pytest.approx([0.0, 1.0]) and np.isnan(out[2]) and out[3] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        m.minmax(pd.Series([1.0, 1.0]))


def test_egdi_from_components():
    assert m.egdi_from_components(0.8, 0.9, 0.7) == pytest.approx(0.8)
    # Mongolia 2024 as published: OSI 0.82219, TII 0.93741, HCI 0.77748 → EGDI 0.84569
    assert round(m.egdi_from_components(0.82219, 0.93741, 0.77748), 5) == 0.84569


def test_recompute_ranks_ties_and_missing():
    r = m.recompute_ranks(pd.Series([0.5, 0.9, 0.5, np.nan, 0.1]))
    assert r.tolist()[:3] == [2, 1, 2] and pd.isna(r[3]) and r[4] == 4
    assert str(r.dtype) == "Int64"


@pytest.fixture
def tiny():
    wide = pd.DataFrame({
        "iso3": ["AAA", "BBB", "CCC", "DDD", "AAA"],
        "edition": [2024, 2024, 2024, 2024, 2022],
        "egdi": [0.8, 0.6, 0.4, np.nan, 0.1],
        "osi": [0.9, 0.5, 0.2, np.nan, 0.1],
    })
    groupings = pd.DataFrame({
        "iso3": ["AAA", "BBB", "CCC", "DDD"],
        "region": ["Asia", "Asia", "Africa", "Africa"],
        "sub_region": ["Eastern Asia", "Central Asia", "Eastern Africa", "Eastern Africa"],
        "ldc": [False, False, True, True], "lldc": [True, False, True, False], "sids": [False] * 4,
        "income_group": ["Upper middle income", "High income", "Low income", "Low income"],
    })
    history = pd.DataFrame({"iso3": ["AAA", "BBB", "CCC", "DDD"], "fiscal_year": [2024] * 4,
                            "income_group": ["Lower middle income", "High income", "Low income", "Low income"]})
    return wide, groupings, history


def test_group_aggregates_by_hand(tiny):
    wide, groupings, _ = tiny
    a = m.group_aggregates(wide, groupings, 2024, by=["world", "region", "lldc", "ldc", "sids"],
                           indicators=["egdi"]).set_index(["grouping", "group"])
    assert a.loc[("world", "World"), ["n", "mean", "median"]].tolist() == pytest.approx([3, 0.6, 0.6])
    assert a.loc[("region", "Asia"), ["n", "mean", "median"]].tolist() == pytest.approx([2, 0.7, 0.7])
    assert a.loc[("region", "Africa"), ["n", "mean"]].tolist() == pytest.approx([1, 0.4])  # DDD not assessed
    assert a.loc[("lldc", "LLDC"), ["n", "mean"]].tolist() == pytest.approx([2, 0.6])
    assert a.loc[("ldc", "LDC"), "n"] == 1
    assert "sids" not in a.index.get_level_values("grouping")  # no SIDS in the tiny set
    assert set(a["edition"]) == {2024}


def test_group_aggregates_income_now_and_at_survey(tiny):
    wide, groupings, history = tiny
    now = m.group_aggregates(wide, groupings, 2024, by="income_group", indicators=["osi"]).set_index("group")
    assert now.loc["Upper middle income", "mean"] == pytest.approx(0.9)
    then = m.group_aggregates(wide, groupings, 2024, by="income_group", indicators=["osi"],
                              income="at_survey", income_history=history).set_index("group")
    assert then.loc["Lower middle income", "mean"] == pytest.approx(0.9)
    assert "Upper middle income" not in then.index
    with pytest.raises(ValueError):
        m.group_aggregates(wide, groupings, 2024, by="income_group", income="at_survey")
    with pytest.raises(ValueError):
        m.group_aggregates(wide, groupings, 2024, by="continent", indicators=["osi"])
    with pytest.raises(ValueError):
        m.group_aggregates(wide, groupings, 2024, by="region", indicators=["tii"])
    with pytest.raises(ValueError):
        m.group_aggregates(wide, groupings, 2019)


def test_income_fy_for_edition():
    assert m.income_fy_for_edition(2024) == 2024 and m.income_fy_for_edition(2003) == 2003


def test_rank_order_violations():
    from egovreport.schemas import rank_order_violations

    egdi = pd.Series([0.9, 0.8, 0.8, 0.7, np.nan])
    ok = pd.Series([1.0, 3.0, 2.0, 4.0, np.nan])  # tied rounded EGDI may carry different ranks
    assert not rank_order_violations(egdi, ok).any()
    bad = pd.Series([2.0, 1.0, 3.0, 4.0, np.nan])  # 0.8 ranked above 0.9
    assert rank_order_violations(egdi, bad).tolist() == [False, True, False, False, False]

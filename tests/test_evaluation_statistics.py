"""Statistics of the workshop evaluation on small hand-made data with known answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from egovreport import evaluation as ev


# ------------------------------------------------------------- Wilcoxon signed-rank

def test_wilcoxon_tiny_example_matches_hand_computation():
    # d = after - before = 1, 2, -3, 4, 5: ranks 1..5, R+ = 1+2+4+5 = 12, R- = 3, T = 3.
    # Exact null: R+ over the 2^5 = 32 sign patterns; subsets of {1..5} with sum <= 3 are
    # {}, {1}, {2}, {3}, {1,2}: P(R- <= 3) = 5/32, two-sided p = 10/32.
    res = ev.wilcoxon_signed_rank([1, 2, -3, 4, 5])
    assert res["tested"] and res["p_method"] == "exact"
    assert (res["r_plus"], res["r_minus"], res["statistic"]) == (12.0, 3.0, 3.0)
    assert res["p_value"] == pytest.approx(10 / 32)


def test_wilcoxon_zero_differences_are_dropped_and_counted():
    res = ev.wilcoxon_signed_rank([0, 0, 1, 2, -3, 4, 5])
    assert (res["n"], res["n_zero"], res["n_nonzero"]) == (7, 2, 5)
    assert res["p_value"] == pytest.approx(10 / 32)  # same as without the zeros (zero_method="wilcox")
    assert ev.rank_biserial([0, 0, 1, 2, -3, 4, 5]) == pytest.approx(0.6)


def test_wilcoxon_ties_small_sample_uses_exact_permutation():
    # d = 1, 1, 1, -1: all |d| tied (rank 2.5 each), R+ = 7.5, R- = 2.5. Under H0 the number
    # of positive signs is Binomial(4, 1/2); as extreme as 3 of 4 either way: (1+4+4+1)/16.
    res = ev.wilcoxon_signed_rank([1, 1, 1, -1])
    assert res["p_method"] == "permutation"
    assert (res["r_plus"], res["r_minus"]) == (7.5, 2.5)
    assert res["p_value"] == pytest.approx(10 / 16)
    assert ev.rank_biserial([1, 1, 1, -1]) == pytest.approx(0.5)


def test_wilcoxon_ties_larger_sample_uses_tie_corrected_normal_approximation():
    d = [1] * 10 + [2] * 5 + [-1] * 3  # n = 18 > 13 with ties
    res = ev.wilcoxon_signed_rank(d)
    assert res["p_method"] == "normal"
    # by hand: |d| = 1 (13 values, ranks 1..13, mean 7) and 2 (5 values, ranks 14..18, mean 16)
    r_plus = 10 * 7 + 5 * 16
    assert res["r_plus"] == r_plus and res["r_minus"] == 3 * 7
    n = 18
    ties = (13**3 - 13) + (5**3 - 5)
    var = n * (n + 1) * (2 * n + 1) / 24 - ties / 48
    z = (r_plus - n * (n + 1) / 4) / math.sqrt(var)
    assert res["p_value"] == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)


def test_all_equal_pairs_are_not_tested():
    res = ev.wilcoxon_signed_rank([0, 0, 0, 0, 0])
    assert not res["tested"] and res["p_method"] is None
    assert math.isnan(res["p_value"]) and math.isnan(res["statistic"])
    assert math.isnan(ev.rank_biserial([0, 0, 0]))
    assert all(math.isnan(x) for x in ev.rank_biserial_ci([0, 0, 0]))


# ------------------------------------------------------------- rank-biserial and its CI

@pytest.mark.parametrize("d, expected", [
    ([1, 2, -3, 4, 5], 0.6),          # (12 - 3) / 15
    ([1, 1, 2, 3], 1.0),              # every pair improved
    ([-1, -2, -2], -1.0),             # every pair declined
    ([1, -1, 2, -2], 0.0),            # symmetric
    ([3, -1, -1, 0], (3 - 3) / 6),    # ranks of |d| = 1,1,3 -> 1.5,1.5,3: R+ = 3, R- = 3
])
def test_rank_biserial_known_values(d, expected):
    assert ev.rank_biserial(d) == pytest.approx(expected)


def test_rank_biserial_matches_simple_difference_formula_of_kerby():
    # Kerby (2014): r = favourable share of rank sum - unfavourable share; same as (R+ - R-)/(R+ + R-)
    d = np.array([2, 1, 1, -1, 3, 0, 2, -2])
    nz = d[d != 0]
    ranks = stats.rankdata(np.abs(nz))
    s = ranks.sum()
    assert ev.rank_biserial(d) == pytest.approx(ranks[nz > 0].sum() / s - ranks[nz < 0].sum() / s)


def test_vectorised_bootstrap_kernel_equals_scalar_function():
    rng = np.random.default_rng(1)
    d = rng.integers(-2, 3, size=(50, 12)).astype(float)
    d[0] = 0  # a resample with no change counts as r = 0
    got = ev._rank_biserial_rows(d)
    assert got[0] == 0.0
    for row, value in zip(d[1:], got[1:]):
        assert value == pytest.approx(ev.rank_biserial(row))


def test_bootstrap_ci_is_reproducible_and_brackets_the_estimate():
    d = [1, 2, -1, 0, 1, 1, 2, -2, 0, 1, 3, 1]
    low, high = ev.rank_biserial_ci(d)
    assert (low, high) == ev.rank_biserial_ci(d)  # fixed seed
    assert -1 <= low < ev.rank_biserial(d) < high <= 1
    assert ev.rank_biserial_ci(d, seed=7) != (low, high)  # the seed is really used
    assert ev.rank_biserial_ci([1, 1, 2]) == (1.0, 1.0)  # all positive: every resample gives 1


def test_holm_adjustment():
    # sorted 0.01, 0.03, 0.04 -> 3*0.01, max(0.03, 2*0.03), max(0.06, 1*0.04)
    got = ev.holm_adjust([0.01, 0.04, 0.03, math.nan])
    assert got[:3] == pytest.approx([0.03, 0.06, 0.06])
    assert math.isnan(got[3])


# ------------------------------------------------------------- paired knowledge by topic

def _frames(pre_rows, post_rows, items):
    cols = ["code"] + items
    pre = pd.DataFrame(pre_rows, columns=cols)
    post = pd.DataFrame(post_rows, columns=cols)
    for frame in (pre, post):
        for item in items:
            frame[item] = frame[item].astype("Int64")
    return pre, post


@pytest.fixture(scope="module")
def post_instrument():
    return ev.load_instrument(ev.POST_EVALUATION)


def test_unpaired_respondents_are_dropped_and_counted(post_instrument):
    items = post_instrument.knowledge_items
    first = items[0]
    base = {i: 2 for i in items}
    pre = [{"code": c, **base, first: b} for c, b in zip("ABCDEF", [1, 2, 2, 3, 1, 4])]
    post = [{"code": c, **base, first: a} for c, a in zip("ABCDEG", [2, 4, 2, 4, 3, 5])]
    pre_df, post_df = _frames([[r["code"]] + [r[i] for i in items] for r in pre],
                              [[r["code"]] + [r[i] for i in items] for r in post], items)
    assert ev.pairing_summary(pre_df, post_df) == {
        "n_pre": 6, "n_post": 6, "n_paired": 5, "n_pre_only": 1, "n_post_only": 1}
    table = ev.knowledge_change(pre_df, post_df, post_instrument).set_index("item")
    row = table.loc[first]
    # pairs A..E: d = 1, 2, 0, 1, 2 (F only before, G only after: not used)
    assert row["n_pairs"] == 5 and row["status"] == "tested"
    assert (row["n_increase"], row["n_same"], row["n_decrease"]) == (4, 1, 0)
    assert row["median_change"] == 1.0 and row["rank_biserial"] == 1.0
    # the other items: same rating before and after for every pair -> no test
    other = table.loc[items[1]]
    assert other["status"] == "no_change" and math.isnan(other["p_value"])
    assert other["median_change"] == 0.0


def test_blank_answer_drops_the_pair_for_that_item_and_suppression_applies(post_instrument):
    items = post_instrument.knowledge_items
    pre_rows = [[c] + [2] * len(items) for c in "ABCDE"]
    post_rows = [[c] + [3] * len(items) for c in "ABCDE"]
    post_rows[0][1] = None  # A left the first item blank after the workshop
    pre_df, post_df = _frames(pre_rows, post_rows, items)
    table = ev.knowledge_change(pre_df, post_df, post_instrument, min_group_size=5).set_index("item")
    assert table.loc[items[0], "n_pairs"] == 4 and table.loc[items[0], "status"] == "suppressed"
    assert math.isnan(table.loc[items[0], "rank_biserial"])
    assert table.loc[items[1], "n_pairs"] == 5 and table.loc[items[1], "status"] == "tested"
    table4 = ev.knowledge_change(pre_df, post_df, post_instrument, min_group_size=4).set_index("item")
    assert table4.loc[items[0], "status"] == "tested"


# ------------------------------------------------------------- ratings and suppression

def test_rating_summary_and_threshold_boundary():
    df = pd.DataFrame({"a": pd.array([5, 4, 4, 3, 2, None], dtype="Int64"),
                       "b": pd.array([5, 5, 4, 4, None, None], dtype="Int64")})
    table = ev.rating_summary(df, ["a", "b"], min_group_size=5).set_index("item")
    assert table.loc["a", "n"] == 5 and table.loc["a", "status"] == "shown"
    assert table.loc["a", "median"] == 4.0 and table.loc["a", "share_4_or_5"] == pytest.approx(3 / 5)
    assert [table.loc["a", f"n_{v}"] for v in range(1, 6)] == [0, 1, 1, 2, 1]
    assert table.loc["b", "n"] == 4 and table.loc["b", "status"] == "suppressed"
    assert math.isnan(table.loc["b", "median"])


@pytest.mark.parametrize("counts, expected", [
    ({"a": 5, "b": 5}, {"a": 5, "b": 5}),                          # exactly at the threshold: shown
    ({"a": 6, "b": 3, "c": 2}, {"a": 6, ev.SUPPRESSED_GROUP: 5}),  # pool reaches 5
    ({"c": 10, "a": 5, "b": 4}, {"c": 10, ev.SUPPRESSED_GROUP: 9}),  # secondary suppression of a
    ({"a": 4}, {ev.SUPPRESSED_GROUP: None}),                       # nothing can be shown
    ({"a": 7, "b": 0}, {"a": 7}),                                  # empty groups are not listed
])
def test_suppress_small_groups(counts, expected):
    table = ev.suppress_small_groups(pd.Series(counts), 5)
    got = {r["group"]: (None if pd.isna(r["n"]) else int(r["n"])) for r in table.to_dict("records")}
    assert got == expected


# ------------------------------------------------------------- free-text themes

def test_theme_matching_uses_word_beginnings_in_both_languages():
    scheme = ev.load_theme_scheme()
    assert "legal_policy" in ev.match_themes("Хуулийн орчныг сайжруулах", scheme)
    assert "legal_policy" in ev.match_themes("New LAW on personal data", scheme)
    assert "privacy_security" in ev.match_themes("New LAW on personal data", scheme)
    assert "legal_policy" not in ev.match_themes("a flaw in the slides", scheme)  # "law" inside a word
    assert "standards_quality" in ev.match_themes("Өгөгдлийн ангиллаа шинэчилнэ", scheme)
    assert ev.match_themes(None, scheme) == set() and ev.match_themes(pd.NA, scheme) == set()


def test_count_themes_counts_respondents_once_and_hides_small_counts():
    scheme = {"law": ["law", "хууль"], "time": ["more time"]}
    df = pd.DataFrame({"c": pd.array(["law law law", "Хууль", "more time", None, "nothing", "law"],
                                     dtype="string")})
    table = ev.count_themes(df, ["c"], scheme, min_group_size=3).set_index("theme")
    assert table.loc["law", "n"] == 3 and not table.loc["law", "hidden"]
    assert table.loc["time", "n"] == 1 and table.loc["time", "hidden"]
    assert table.loc[ev.UNCLASSIFIED_THEME, "n"] == 1
    assert (table["n_answers"] == 5).all()


# ------------------------------------------------------------- summary sentences

def _numbers(**overrides):
    base = {"n_pre": 10, "n_post": 9, "n_paired": 8, "n_pre_only": 2, "n_post_only": 1,
            "min_group_size": 5, "illustrative": False, "alpha": 0.05, "confidence": 0.95,
            "n_topics_tested": 2, "n_topics_up": 0, "n_topics_down": 0, "n_topics_no_change": 1,
            "n_topics_suppressed": 0, "top_next_step_themes": []}
    base.update(overrides)
    return base


def test_summary_sentences_take_numbers_from_data_and_avoid_causal_claims():
    numbers = _numbers(n_topics_up=1, top_topic={"topic": "losi", "rank_biserial": 0.4123,
                                                 "ci_low": 0.1, "ci_high": 0.7, "median_change": 1.0,
                                                 "n_pairs": 8, "p_holm": 0.01})
    text = " ".join(ev.summary_sentences(numbers, "en"))
    assert "10 people answered the pre-workshop survey" in text and "8 answered both" in text
    assert "1 of the 2 topics" in text and "Local Online Service Index (LOSI)" in text
    assert "r = 0.41" in text and "0.10 to 0.70" in text and "+1" in text
    assert "every respondent gave the same rating" in text
    assert "comparison group" in text and "caused" not in text and "ILLUSTRATIVE" not in text
    mn = ev.summary_sentences(numbers, "mn")
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in s) for s in mn)  # Mongolian Cyrillic


def test_summary_sentences_when_nothing_changed_and_illustrative():
    sentences = ev.summary_sentences(_numbers(illustrative=True), "en")
    assert all(s.startswith("**[ILLUSTRATIVE DATA]**") for s in sentences)
    assert any("For none of the 2 topics" in s for s in sentences)
    assert ev.summary_sentences(_numbers(illustrative=True), "mn")[0].startswith("**[ЖИШЭЭ ӨГӨГДӨЛ]**")


def test_the_top_themes_keep_every_theme_tied_with_the_last_one():
    df = pd.DataFrame({"theme": list("abcde"), "n": [7, 5, 5, 5, 2]})
    assert ev.top_with_ties(df, "n", 3)["theme"].tolist() == ["a", "b", "c", "d"]
    assert ev.top_with_ties(df, "n", 1)["theme"].tolist() == ["a"]
    assert ev.top_with_ties(df.head(2), "n", 3)["theme"].tolist() == ["a", "b"]

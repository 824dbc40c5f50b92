"""The text layer of the brief and the front-page findings for every one of the 193 Member States
(fast: EGDI results computed in memory from the processed data, no notebook, no figure, no PDF).

A state without data-governance inputs gets the EGDI part only, saying so; every sentence is
written for its values (one place, ties for the largest gain, the top-ranked state, regions without
"a/an"), starts with a capital in English and Mongolian, names only the special groups the state
belongs to, and prints index values through the one formatting function."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from _egdi_helpers import inputs, project_env  # noqa: F401 (inputs: a fixture)

REPO = Path(__file__).resolve().parents[1]
EDITION = 2024
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=\S)")
BAD_EN = [
    (re.compile(r"\b1 (places|interventions|cells|participants|Member States)\b"), "plural after 1"),
    (re.compile(r"\b(a|an) (Africa|Americas|Asia|Europe|Oceania|[AEIOU]\w*ern)\b"), "article before a region"),
    (re.compile(r"\ba [AEIOU]"), "'a' before a vowel"),
    (re.compile(r"0\.0000 EGDI points"), "zero distance"),
    (re.compile(r"\{|\}"), "placeholder left"),
    (re.compile(r"\bNone\b|\bnan\b|–%"), "missing value printed"),
]
BAD_MN = [
    # a case ending after a hyphen belongs to numbers and acronyms ("46-р", "НҮБ-ын"), not to words
    (re.compile(r"[а-яёөү]-(ын|ийн|ы|ий|д|т|аас|ээс)(?=[\s,.;:)])"), "case ending hyphenated to a word"),
    (re.compile(r"\{|\}"), "placeholder left"),
    (re.compile(r"\bNone\b|\bnan\b"), "missing value printed"),
]


@pytest.fixture(scope="module")
def states(inputs):  # noqa: F811
    """EGDI results of every Member State: profile, diagnosis and peers, as notebooks 02–04 save them."""
    from egovreport import egdi_analysis as ea

    out = {}
    for iso3 in ea.all_states(inputs, EDITION)["iso3"]:
        sel = ea.select_peers(inputs, iso3, EDITION)
        out[iso3] = {"profile": ea.profile_results(inputs, iso3, EDITION),
                     "diagnosis": ea.diagnosis_results(inputs, iso3, EDITION),
                     "peers": ea.peer_results(inputs, iso3, EDITION, sel)}
    return out


def _compose(iso3: str, res: dict, lang: str, catalogue):
    """The brief of a state without governance inputs, composed as compose_brief does (no figures)."""
    from egovreport import brief
    from egovreport.recommendations import day1_recommendations

    results = {name: None for name in brief.RESULT_SETS}
    results.update(res)
    inp = brief.BriefInputs(country=iso3, edition=EDITION, language=lang, results=results, workshop={})
    findings = brief.key_findings(inp)
    messages = brief.key_messages([f for f in findings if f.key != "egdi_components"])
    recs = {1: day1_recommendations(inp.profile, inp.get("diagnosis"), lang, catalogue=catalogue)}
    tables = {"components": brief.components_table(inp), "peers": brief.peers_table(inp), "gaps": None,
              "landscape": None, "day1": brief.recommendations_table(recs[1], inp, 1), "day2": None}
    return brief.PolicyBrief(inputs=inp, findings=findings, messages=messages, tables=tables, figures=[],
                             built=brief.build_date(), commit="", recommendations=recs,
                             issued=brief.issue_date({}))


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_SPLIT.split(text.replace("**", "")) if s]


def test_every_state_gets_grammatical_findings_and_an_egdi_only_brief(states):
    from egovreport import i18n
    from egovreport.recommendations import load_egdi_catalogue

    catalogue = load_egdi_catalogue(REPO / "data" / "instruments" / "egdi_recommendations.csv")
    assert len(states) == 193
    problems = []
    with project_env():
        for iso3, res in states.items():
            p = res["profile"]
            for lang in ("en", "mn"):
                b = _compose(iso3, res, lang, catalogue)
                by_key = {f.key: f for f in b.findings}
                texts = [f.text for f in b.findings] + b.decisions() + [b.problem()["intro"], b.problem()["conclusion"],
                                                                       b.coverage_note]
                texts += [r.action for r in b.recommendations[1]]
                texts += [c for row in b.tables["components"].rows for c in row] + [b.tables["components"].note]
                for text in filter(None, texts):
                    for pattern, what in (BAD_EN if lang == "en" else BAD_MN):
                        if pattern.search(text):
                            problems.append((iso3, lang, what, text))
                    for s in _sentences(text):
                        first = re.search(r"[^\W_]", s)
                        if first and first.group(0).isalpha() and not first.group(0).isupper():
                            problems.append((iso3, lang, "sentence starts with a small letter", s))
                # the EGDI part only, said plainly
                assert "gov_missing" in by_key and not b.inputs.has_governance, iso3
                assert b.coverage_note and b.tables["day1"] is not None, iso3
                # index values through the one formatting function
                assert f"**{i18n.fmt_index(p['egdi'])}**" in by_key["egdi_headline"].text, iso3
                for comp in ("osi", "tii", "hci"):
                    assert i18n.fmt_index(p[comp]) in by_key["egdi_components"].text, (iso3, comp)
                # special groups: exactly the state's own
                groups = {k.removeprefix("egdi_group_") for k in by_key if k.startswith("egdi_group_")}
                assert groups == set(p["groups"]), (iso3, groups, p["groups"])
                for g in groups:
                    assert i18n.t(f"brief.group.{g}", lang).lower() in by_key[f"egdi_group_{g}"].text.lower()
                    pos = next(x for x in p["group_position"] if x["group"] == g)
                    claims = "largest" in by_key[f"egdi_group_{g}"].text or "хамгийн их" in \
                        by_key[f"egdi_group_{g}"].text
                    strictly = pos["rank_change_rank_in_group"] == 1 and (pos["rank_change"] or 0) > 0 \
                        and pos["n_same_level"] > 1
                    assert claims == strictly, (iso3, g, pos)
                    if claims:
                        shared = "shared by" in by_key[f"egdi_group_{g}"].text or "хуваалцаж" in \
                            by_key[f"egdi_group_{g}"].text
                        assert shared == (pos["n_sharing_rank_change_rank"] > 1), (iso3, g, pos)
                # the top-ranked state is not "0.0000 points behind" itself
                if res["diagnosis"]["leader_iso3"] == iso3:
                    assert by_key["egdi_leader"].text == i18n.t("brief.finding.is_leader", lang, **b.inputs.names)
    examples = {}
    for iso3, lang, what, text in problems:
        examples.setdefault((lang, what), (iso3, text))
    assert not problems, examples


def test_ties_and_plurals_are_worded_for_their_value(states):
    """The cases the all-states loop must meet at least once, so the test above is not vacuous."""
    positions = [pos for r in states.values() for pos in r["profile"]["group_position"]]
    assert any(pos["rank_change"] == 1 for pos in positions) or \
        any(r["profile"]["rank_change"] in (1, -1) for r in states.values())
    assert any((pos["n_sharing_rank_change_rank"] or 0) > 1 for pos in positions)
    assert sum(r["diagnosis"]["leader_iso3"] == iso3 for iso3, r in states.items()) >= 1
    from egovreport import brief
    from _brief_helpers import PROFILE

    one = dict(PROFILE, rank_change=1, egdi_rank_previous=78)
    inp = brief.BriefInputs(country="MNG", edition=2024, language="en",
                            results={"profile": one, **{k: None for k in brief.RESULT_SETS if k != "profile"}},
                            workshop={})
    with project_env():
        text = brief.egdi_findings(inp)[0].text
    assert "**1 place higher** than in 2022 (rank 78)" in text

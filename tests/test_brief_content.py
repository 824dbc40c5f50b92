"""What the policy brief may say: recommendations without template placeholders, every law and
system it names with its evidence id, no illustrative number, no developer reference, sentences
that start with a capital; the Mongolian edition says what it is on page 1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from _brief_helpers import DIAGNOSIS, PROFILE, make_root
from egovreport import recommendations as rc
from egovreport.governance import actions
from egovreport.governance.framework import CELL_IDS

REPO = Path(__file__).resolve().parents[1]
# words a template leaves when a slot was not filled (issue 14), in both languages
PLACEHOLDER_WORDS = re.compile(r"this element|the instrument\b|the mandated body|this law|this system|"
                               r"энэ бүрэлдэхүүн|\{|\}", re.IGNORECASE)
EVIDENCE_IDS = r"\[[A-Z]{2,}(?:-[A-Z0-9]+)+(?:; [A-Z]{2,}(?:-[A-Z0-9]+)+)*\]"


@pytest.fixture(scope="module")
def mongolia():
    st, roles, missing = actions.load_stakeholder_map("MNG")
    assert not missing
    return {"landscape": rc.load_landscape("MNG"), "stakeholders": st, "roles": roles}


@pytest.mark.parametrize("lang", ["en", "mn"])
@pytest.mark.parametrize("with_landscape", [True, False])
def test_no_template_placeholder_in_any_day2_recommendation(mongolia, lang, with_landscape):
    """Every cell at every level below the top gets a recommendation, and none reads "this element"."""
    land = mongolia["landscape"] if with_landscape else None
    catalogue = actions.load_interventions(landscape=land or [])
    for cid in CELL_IDS:
        for level in range(4):
            prio = [{"cell_id": cid, "current_level": float(level), "gap": 4 - level}]
            recs = rc.day2_recommendations(prio, lang, landscape=land, catalogue=catalogue,
                                           stakeholders=mongolia["stakeholders"] if with_landscape else None,
                                           roles=mongolia["roles"] if with_landscape else None)
            assert len(recs) == 1, (cid, level)
            for text in recs[0].texts:
                assert text and not PLACEHOLDER_WORDS.search(text), (cid, level, text)


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_no_template_placeholder_in_the_action_plan(lang):
    from egovreport.governance import scoring

    a = scoring.gap_assessment("MNG", "governance_survey_ILLUSTRATIVE.csv")
    st, roles, _ = actions.load_stakeholder_map("MNG")
    plan = actions.action_plan(a.scores, actions.load_interventions(country="MNG"), st, roles, lang=lang)
    assert len(plan)
    for text in plan["description"]:
        assert not PLACEHOLDER_WORDS.search(text), text


@pytest.mark.parametrize("lang", ["en", "mn"])
@pytest.mark.parametrize("limiting", ["osi", "tii", "hci"])
def test_no_template_placeholder_in_any_day1_recommendation(mongolia, lang, limiting):
    profile = dict(PROFILE, osi=0.8, tii=0.8, hci=0.8, epi=0.4)
    profile[limiting] = 0.5
    diag = dict(DIAGNOSIS, limiting_component=limiting)
    for land, st in ((mongolia["landscape"], mongolia["stakeholders"]), (None, None)):
        recs = rc.day1_recommendations(profile, diag, lang, landscape=land, stakeholders=st)
        assert [r.component for r in recs] == [limiting, "epi", "egdi"]
        for r in recs:
            for text in r.texts:
                assert text and not PLACEHOLDER_WORDS.search(text), (limiting, text)
            if st is None:
                assert r.lead == rc.t("brief.reco.to_be_agreed", lang) and r.lead_basis == "to_be_agreed"


@pytest.fixture
def mongolia_brief(tmp_path, monkeypatch):
    root = make_root(tmp_path / "project")
    monkeypatch.setenv("EGOVREPORT_ROOT", str(root))
    monkeypatch.delenv("EGOVREPORT_OUTPUT_DIR", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733097600")
    from egovreport import brief

    out = {}
    for lang in ("en", "mn"):
        b = brief.compose_brief("MNG", 2024, lang, figures=())
        out[lang] = (b, _plain(brief.render_brief_html(b)), brief.brief_markdown(b))
    return out


def _plain(html: str) -> str:
    html = html.split("</style>", 1)[1]
    html = re.sub(r"</?(strong|em|span|b|code)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&").split())


def test_every_law_and_system_named_in_the_brief_has_its_evidence_id(mongolia_brief):
    land = rc.load_landscape("MNG")
    for lang, (b, text, markdown) in mongolia_brief.items():
        markdown = " ".join(markdown.replace("**", "").split())
        for where in (text, markdown):
            seen = 0
            for entry in land:
                name = entry.label(lang)
                for m in re.finditer(re.escape(name), where):
                    seen += 1
                    after = where[m.end():m.end() + 40]
                    ids = re.search(EVIDENCE_IDS, after)
                    assert ids and set(ids.group(0)[1:-1].split("; ")) >= set(entry.evidence_ids), \
                        (lang, name, after)
            assert seen >= len(land)  # every entry is named at least once (the landscape table)
            # a law named in running text that is not in the landscape would be caught here too
            pattern = r"Law (?:on|of) [A-Z][A-Za-z ]+" if lang == "en" else r"[А-ЯӨҮ][^.;:«»]{3,60}(?:тухай|ерөнхий) хууль"
            for m in re.finditer(pattern, where):
                assert re.match(r"[^\[]{0,30}" + EVIDENCE_IDS, where[m.end():]), (lang, m.group(0))


def test_no_illustrative_number_reaches_the_brief(mongolia_brief):
    """The illustrative result sets say 21 cells assessed, a survey-only strength, 2 interventions
    and 29 paired evaluation answers: none of it may appear, labelled or not."""
    for lang, (b, text, _markdown) in mongolia_brief.items():
        assert "21 of the 24" not in text and "21 / 24" not in text and "21 of 24" not in text
        assert "Processes × Privacy" not in text and "Үйл явц × Нууцлал" not in text
        assert "29 participants" not in text and "29 оролцогч" not in text  # no evaluation count
        assert "ILLUSTRATIVE DATA" not in text and "ЖИШЭЭ ӨГӨГДӨЛ" not in text.upper().replace("Ё", "Е")
        assert not any(f.illustrative for f in b.messages)
        assert ("17 of 24" in text) if lang == "en" else ("17 / 24" in text)


def test_sentences_start_with_a_capital_and_no_developer_reference(mongolia_brief):
    for lang, (b, text, markdown) in mongolia_brief.items():
        sentences = [f.text for f in b.findings] + b.decisions()
        for q in b.problem()["quotes"]:  # quotations stay word for word; an excerpt opens with an ellipsis
            assert q[0].isupper() or q.startswith("…"), q
        for s in sentences:
            first = re.search(r"[^\W_]", s.replace("**", ""))  # a number may open a sentence, a small letter not
            assert first and (first.group(0).isdigit() or first.group(0).isupper()), (lang, s)
        for ref in ("tests/", "TRANSLATING.md", ".py", "pytest", "notebook 12", "ipynb"):
            assert ref not in text, (lang, ref)


def test_mongolian_brief_is_marked_as_an_unreviewed_translation_before_any_finding(mongolia_brief):
    from egovreport import brief

    b, text, _ = mongolia_brief["mn"]
    html = brief.render_brief_html(b)
    assert '<html lang="mn">' in html
    notice = b.text("document.translation_draft")
    assert notice in text and text.index(notice) < text.index(b.text("sections.key_messages"))
    assert brief.title_block_markdown(b).index(notice) > 0  # on the book page too, before the findings


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_policy_brief_page_has_no_developer_reference(lang):
    nb = json.loads((REPO / "notebooks" / "30_policy_brief.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] != "markdown" or "remove-cell" in tags or f"lang-{'mn' if lang == 'en' else 'en'}" in tags:
            continue
        text = "".join(cell["source"])
        assert "tests/" not in text and "TRANSLATING.md" not in text and ".ipynb" not in text, text


def test_targets_are_labelled_defaults_to_be_agreed(mongolia_brief):
    b, text, _ = mongolia_brief["en"]
    assert "project defaults, the same for every cell, to be agreed" in text
    b, text, _ = mongolia_brief["mn"]
    assert "тохиролцох шаардлагатай" in text


def test_day2_recommendations_cover_the_largest_gaps_one_per_element_first(mongolia):
    prios = [{"cell_id": c, "current_level": lv, "gap": 4 - lv} for c, lv in
             (("people.privacy", 1.0), ("people.security", 1.0), ("policy.privacy", 2.0),
              ("policy.sharing", 2.0), ("processes.sharing", 2.0), ("policy.identity", 2.0))]
    recs = rc.day2_recommendations(prios, "en", limit=4, **mongolia)
    assert [r.cells[0] for r in recs] == ["people.privacy", "people.security", "policy.sharing", "policy.identity"]
    assert all(r.evidence_ids for r in recs)  # each names a documented law or system
    assert pd.Series([r.rec_id for r in recs]).is_unique


def test_evidence_sentence_says_what_the_desk_review_cites_from_the_real_register():
    """Issue 14: "the desk review rests on 45 evidence items" while the scores cite 35. The sentence
    now says how many items the register holds and how many the desk-review levels cite."""
    from egovreport import brief
    from egovreport.governance.evidence import (desk_review_summary, evidence_counts, load_desk_review,
                                                load_evidence_register)

    register = load_evidence_register("MNG")
    ev, desk = evidence_counts(register), desk_review_summary(load_desk_review("MNG", register=register), register)
    results = {k: None for k in brief.RESULT_SETS}
    results.update(profile=PROFILE, evidence={"n_evidence": ev["n_items"], "evidence_by_grade": ev["by_grade"],
                                              "n_evidence_cited": desk["n_evidence_cited"]},
                   gaps={"headline": {"basis": "desk_review", "cells_assessed": desk["n_assessed"], "cells_total": 24,
                                      "median_current_level": 2, "strengths": [], "priorities": []}})
    inp = brief.BriefInputs(country="MNG", edition=2024, language="en", results=results, workshop={})
    text = " ".join(next(f for f in brief.governance_findings(inp) if f.key == "gov_evidence").text.split())
    cited = len({e for ids in load_desk_review("MNG", register=register)["evidence_list"] for e in ids})
    assert f"holds {len(register)} dated items" in text and f"the desk-review levels cite {cited} of them" in text
    assert cited < len(register)  # the distinction matters for Mongolia: 35 of 45



def test_every_notebook_cell_has_a_fixed_id():
    """A cell without an id gets a random one at each execution, so two builds would differ."""
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        ids = [c.get("id") for c in json.loads(path.read_text(encoding="utf-8"))["cells"]]
        assert all(ids) and len(set(ids)) == len(ids), path.name

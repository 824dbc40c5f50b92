"""Day-2 pages for a country without data-governance inputs (every state but Mongolia): what is
missing is said plainly, with real paths; the sentences are right for every count (1 cell, 0
actions, fewer ranked cells than the top group); nothing is computed from absent files."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from egovreport import display, paths
from egovreport.governance import actions, availability, pages, scoring
from egovreport.governance.framework import CELL_IDS, ELEMENTS

REPO = Path(__file__).resolve().parents[1]
CODE_SPAN = re.compile(r"`([^`]+)`")


def cited_paths(markdown: str) -> list[str]:
    return [p for p in CODE_SPAN.findall(markdown) if "/" in p]


def test_inputs_of_a_country_without_files_and_of_mongolia():
    kaz = availability.country_inputs("KAZ", survey_file="governance_survey_ILLUSTRATIVE.csv")
    assert not kaz.has_any and not kaz.can_assess
    assert kaz.missing() == list(availability.GOVERNANCE_INPUTS)
    mng = availability.country_inputs("MNG", survey_file="governance_survey_ILLUSTRATIVE.csv")
    assert mng.missing() == [] and mng.can_assess
    # the survey follows the file parameter: empty (no survey for the country) or absent = missing
    assert availability.country_inputs("MNG", survey_file="").missing() == ["governance_survey"]
    assert availability.country_inputs("MNG", survey_file=None).missing() == ["governance_survey"]
    assert availability.country_inputs("MNG", survey_file="nope.csv").missing() == ["governance_survey"]
    absolute = paths.country_dir("MNG") / "governance_survey_ILLUSTRATIVE.csv"
    assert availability.country_inputs("MNG", survey_file=str(absolute)).has("governance_survey")
    assert availability.country_inputs("MNG", evaluation_files=None).missing(
        ("workshop_pre_survey", "workshop_post_evaluation")) == ["workshop_pre_survey", "workshop_post_evaluation"]


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_missing_inputs_box_names_the_files_and_cites_only_real_paths(lang):
    kaz = availability.country_inputs("KAZ")
    ids = (*availability.GOVERNANCE_INPUTS, "workshop_pre_survey", "workshop_post_evaluation")
    box = availability.missing_inputs_markdown(kaz, ids, lang, consequence="Nothing else is shown.")
    assert "not-available" in box and "Nothing else is shown." in box
    for file in availability.INPUT_FILES.values():
        assert f"`{file}`" in box
    cited = cited_paths(box)
    assert "data/country/KAZ/" in cited  # where the files go
    for rel in cited:
        if rel != "data/country/KAZ/":
            assert (REPO / rel).exists(), rel  # every format reference is a real file of the repo
    assert all((REPO / rel).exists() for rel in availability.format_reference_paths())
    # nothing missing, nothing said
    mng = availability.country_inputs("MNG", survey_file="governance_survey_ILLUSTRATIVE.csv")
    assert availability.missing_inputs_markdown(mng, availability.GOVERNANCE_INPUTS, lang) == ""


def test_no_assessment_without_desk_review_and_survey_and_a_typed_empty_plan():
    a = scoring.gap_assessment("KAZ", "", min_group_size=5)
    assert pages.assessed_cells(a.scores) == 0
    catalogue = actions.load_interventions()
    matched = actions.match_interventions(a.scores, catalogue)
    assert matched.empty and "intervention_id" in matched.columns  # was: no columns, KeyError
    assert matched.loc[matched["intervention_id"] == "", "cell_id"].tolist() == []
    stakeholders, roles, _ = actions.load_stakeholder_map("KAZ")
    plan = actions.action_plan(a.scores, catalogue, stakeholders, roles)
    assert plan.empty
    assert actions.action_plan_results(a, catalogue, stakeholders, roles)["n_actions"] == 0
    rankings = scoring.sensitivity_rankings(a.desk, None)
    assert pages.effective_top_k(rankings, 5) == 0  # never "top 0 cells": the page shows nothing


def _counts(n_assessed, n_desk, n_survey, median):
    return {"counts": {"n_assessed": n_assessed, "n_cells": 24, "n_from_desk": n_desk, "n_from_survey": n_survey,
                       "n_not_assessed": 24 - n_assessed}, "median_current_level": median}


def test_sentences_are_right_for_every_count():
    one = pages.level_counts_sentence(_counts(1, 1, 0, 2.0), "en")
    assert one.startswith("1 of 24 cells is assessed") and "median current level is 2 (" in one
    many = pages.level_counts_sentence(_counts(18, 16, 2, 1.0), "en")
    assert many.startswith("18 of 24 cells are assessed")
    assert "–" not in pages.level_counts_sentence(_counts(0, 0, 0, None), "en")

    empty = pd.DataFrame(columns=["cell_id", "horizon"])
    assert pages.actions_sentence(empty, empty, "en") == \
        "No assessed cell has a gap to its target: the plan proposes no action."
    matched = pd.DataFrame({"cell_id": ["policy.privacy", "policy.privacy", "people.security", "processes.sharing"]})
    plan = pd.DataFrame({"horizon": ["short"]})
    text = pages.actions_sentence(plan, matched, "en", with_leads=False)
    assert text.startswith("For the 3 highest-priority cells with a gap, the catalogue proposes 1 action: 1 in the")
    assert "stakeholder map" not in text
    single = pages.actions_sentence(pd.DataFrame({"horizon": ["long", "long"]}),
                                    pd.DataFrame({"cell_id": ["policy.privacy"]}), "en")
    assert single.startswith("For the highest-priority cell with a gap, the catalogue proposes 2 actions")
    assert "No catalogue intervention fits" in pages.actions_sentence(empty, matched, "en")

    summary = {"robust_top_cells": ["policy.privacy"], "baseline_top": ["policy.privacy"],
               "weakest_scenario": None, "weakest_tau": None}
    single_k = " ".join(pages.sensitivity_sentences(summary, 10, 1, "en"))
    assert "top 1 cells" not in single_k and "top cell" in single_k and "stays first" in single_k
    three = " ".join(pages.sensitivity_sentences({**summary, "robust_top_cells": ["policy.privacy"]}, 10, 3, "en"))
    assert "1 of the baseline's top 3 cells stays in the top 3" in three


def test_desk_and_stakeholder_sentences_follow_the_data():
    desk = {"n_assessed": 1, "n_cells": 24, "n_not_assessed": 23, "median_level": 2.0, "n_evidence_cited": 1,
            "by_confidence": {"A": 1, "B": 0, "C": 0}}
    text = pages.desk_summary_sentence(desk, "en")
    assert "assessed 1 of 24 cells" in text and "cite 1 evidence item;" in text and "–" not in text
    stakeholders = pd.DataFrame({"institution_id": ["a", "b"], "type": ["ministry", "agency"],
                                 "concept_note_no": pd.array([pd.NA, pd.NA], dtype="Int64")})
    roles = pd.DataFrame({"institution_id": ["a"] * 5, "element": ELEMENTS[:5], "role": ["steward"] * 5,
                          "lead": [True] * 5, "basis": ["x"] * 5})
    by_type = pd.Series({"ministry": 1, "agency": 1})
    summary = pages.stakeholder_summary_sentence(stakeholders, roles, by_type, 1, "en")
    assert "stakeholder list holds 2 institutions: ministry (1); " in summary and "concept note" not in summary
    assert "5 of 6 elements have a lead institution" in summary and "Every element" not in summary
    page = pages.stakeholder_page_summary(roles, "en")
    assert "5 of 6 elements have a lead" in page and "Every element" not in page
    assert pages.evidence_page_summary(False, False, "Kazakhstan", "en").endswith("so no cell has a level yet.")
    assert "in place" not in pages.evidence_page_summary(False, False, "Kazakhstan", "en")


def test_blank_markdown_displays_nothing(monkeypatch):
    """An empty Markdown output reaches the book as its text/plain repr,
    "<IPython.core.display.Markdown object>" (the front page without a workshop.yml)."""
    shown = []
    monkeypatch.setattr(display, "display", lambda obj: shown.append(obj))
    display.md("")
    display.md("   \n")
    display.md(None)
    assert shown == []
    display.md("text")
    assert len(shown) == 1


def test_a_part_whose_pages_are_all_dropped_leaves_the_table_of_contents(tmp_path, monkeypatch):
    from egovreport.pipeline import book as bookmod

    (tmp_path / "book" / "generated").mkdir(parents=True)
    (tmp_path / "book" / "generated" / "a_en.ipynb").write_text("{}")
    (tmp_path / "book" / "_toc.yml").write_text(yaml.safe_dump({
        "format": "jb-book", "root": "generated/a_en",
        "parts": [{"caption": "English", "chapters": [{"file": "generated/a_en"}]},
                  {"caption": "Mongolian", "chapters": [{"file": "generated/a_mn"}]}]}))
    monkeypatch.setenv("EGOVREPORT_ROOT", str(tmp_path))
    toc = yaml.safe_load(bookmod.effective_toc({"a_en", "a_mn"}))
    assert [p["caption"] for p in toc["parts"]] == ["English"]  # was: an empty part, invalid _toc.yml
    assert len(CELL_IDS) == 24

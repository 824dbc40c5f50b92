"""Instruments, catalogue and illustrative files of the workshop evaluation."""

from __future__ import annotations

import importlib.util
import re

import pytest
import yaml

from egovreport import evaluation as ev
from egovreport import paths
from egovreport.i18n import catalogue

INSTRUMENTS = (ev.PRE_SURVEY, ev.POST_EVALUATION, ev.FOLLOWUP_QUESTIONNAIRE)
# Identifiers fixed by the data-governance teams' shared contract.
PILLARS = ("policy", "institutions", "people", "processes")
ELEMENTS = ("standards", "sharing", "security", "privacy", "infrastructure", "identity")


def _load_script():
    path = paths.project_root() / "scripts" / "make_illustrative_workshop_evaluation.py"
    spec = importlib.util.spec_from_file_location("make_illustrative_workshop_evaluation", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------- instruments

def test_knowledge_items_cover_the_concept_note_topics_and_match_pre_and_post():
    pre, post = ev.load_instrument(ev.PRE_SURVEY), ev.load_instrument(ev.POST_EVALUATION)
    assert pre.knowledge_items == post.knowledge_items
    topics = [pre.question(i).topic for i in pre.knowledge_items]
    assert topics[:5] == ["egdi_framework", "egdi_components", "osi_subindices", "ogdi", "losi"]
    assert topics[5:9] == [f"pillar_{p}" for p in PILLARS]
    assert topics[9:] == [f"element_{e}" for e in ELEMENTS]
    assert [pre.question(i).day for i in pre.knowledge_items] == [1] * 5 + [2] * 10
    assert len(post.session_items) == 6 and "relevance" in post.rating_items
    assert {"next_steps", "comments"} <= set(post.free_text_items)
    assert pre.free_text_items == ["expectations"]


@pytest.mark.parametrize("name", INSTRUMENTS)
def test_every_question_and_choice_has_english_and_mongolian_text(name):
    inst = ev.load_instrument(name)
    assert inst.question_ids[0] == "code" and "org_type" in inst.question_ids
    assert "name" not in " ".join(inst.question_ids)  # never a name field
    for q in inst.questions:
        assert q.text.get("en") and q.text.get("mn"), q.id
    for lang in ("en", "mn"):
        assert inst.title[lang] and inst.privacy_notice[lang] and inst.code_instructions[lang]
    for labels in inst.choice_labels.values():
        for answer in labels.values():
            assert answer["en"] and answer["mn"]
    doc = yaml.safe_load(inst.path.read_text(encoding="utf-8"))
    assert doc["_meta"]["status"]["mn"] == "draft"


def test_code_instructions_example_matches_the_code_pattern():
    inst = ev.load_instrument(ev.PRE_SURVEY)
    assert re.fullmatch(inst.code_pattern, "DU0705")
    assert "DU0705" in inst.code_instructions["en"] and "DU0705" in inst.code_instructions["mn"]


def test_org_types_include_the_stakeholder_types_of_the_governance_contract():
    types = set(ev.load_instrument(ev.PRE_SURVEY).choices["org_type"])
    assert {"ministry", "agency", "regulator", "public_it_centre", "state_enterprise", "academia",
            "private_sector", "civil_society", "central_bank", "other_public"} <= types


# ------------------------------------------------------------- catalogue

def test_the_evaluation_catalogue_is_not_empty():
    # same keys and placeholders in en and mn, draft-or-reviewed status: test_translations
    assert {k for k in catalogue("en") if k.startswith("evaluation.")}


def test_every_instrument_id_has_a_catalogue_label_in_both_languages():
    keys = []
    for name in INSTRUMENTS:
        inst = ev.load_instrument(name)
        keys += [f"topic.{inst.question(i).topic}" for i in inst.knowledge_items]
        keys += [f"session.{inst.question(i).session}" for i in inst.session_items]
        keys += [f"org_type.{o}" for o in inst.choices["org_type"]]
        keys += [f"role_category.{r}" for r in inst.choices["role_category"]]
    keys += [f"theme.{theme}" for theme in ev.load_theme_scheme()] + [f"theme.{ev.UNCLASSIFIED_THEME}"]
    keys += [f"org_type.{ev.SUPPRESSED_GROUP}", "item.relevance"]
    for lang in ("en", "mn"):
        cat = catalogue(lang)
        missing = [k for k in keys if f"evaluation.{k}" not in cat]
        assert not missing, (lang, missing)


# ------------------------------------------------------------- illustrative files

def test_illustrative_files_regenerate_byte_identical(tmp_path):
    script = _load_script()
    written = script.write_illustrative_files(tmp_path)
    committed = paths.country_dir("MNG")
    assert [p.name for p in written] == [script.PRE_FILE, script.POST_FILE]
    for path in written:
        assert "ILLUSTRATIVE" in path.name
        assert path.read_bytes() == (committed / path.name).read_bytes(), path.name


def test_illustrative_files_pass_strict_validation_and_have_unpaired_respondents():
    mng = paths.country_dir("MNG")
    responses = ev.load_workshop_responses(mng / "workshop_pre_survey_ILLUSTRATIVE.csv",
                                           mng / "workshop_post_evaluation_ILLUSTRATIVE.csv")
    assert responses.illustrative
    pairing = ev.pairing_summary(responses.pre, responses.post)
    assert 40 <= pairing["n_pre"] <= 90 and pairing["n_pre_only"] > 0
    assert pairing["n_paired"] == pairing["n_post"]  # strict mode: every post code has a pre record
    orgs = set(responses.pre["org_type"])
    assert {"ministry", "agency", "private_sector", "international_organisation"} <= orgs

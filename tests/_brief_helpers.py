"""Made-up results for the brief's unit tests (never published; values chosen to be
recognisable in rendered text, not taken from any survey)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROFILE = {
    "country": "MNG", "country_name": "Mongolia", "edition": 2024, "previous_edition": 2022,
    "first_edition": 2003, "egdi": 0.61234, "osi": 0.55551, "tii": 0.66662, "hci": 0.61489, "epi": 0.43217,
    "egdi_rank": 77, "egdi_rank_previous": 88, "rank_change": 11, "n_ranked": 193, "level": "high",
    "rating_class": "H2", "egdi_first": 0.31111, "egdi_2005": 0.32222,
    "series": [
        {"edition": 2003, "egdi": 0.31111, "osi": 0.2, "tii": 0.1, "hci": 0.63, "epi": 0.1, "egdi_rank": 101,
         "level": "middle"},
        {"edition": 2022, "egdi": 0.58888, "osi": 0.51111, "tii": 0.62222, "hci": 0.63333, "epi": 0.4,
         "egdi_rank": 88, "level": "high"},
        {"edition": 2024, "egdi": 0.61234, "osi": 0.55551, "tii": 0.66662, "hci": 0.61489, "epi": 0.43217,
         "egdi_rank": 77, "level": "high"},
    ],
    "benchmarks": {"world": {"name": "World", "egdi_mean": 0.63821, "n": 193},
                   "region": {"name": "Asia", "egdi_mean": 0.67661, "n": 47},
                   "sub_region": {"name": "Eastern Asia", "egdi_mean": 0.8, "n": 5}},
    "groups": ["lldc"], "region": "Asia", "sub_region": "Eastern Asia", "income_group": "Lower middle income",
    "group_position": [{"group": "lldc", "egdi_rank_in_group": 5, "n_in_group": 32, "osi_rank_in_group": 6,
                        "rank_change_rank_in_group": 1, "rank_change": 11, "n_same_level": 14,
                        "n_sharing_rank_change_rank": 1, "level": "high"}],
}
DIAGNOSIS = {
    "country": "MNG", "edition": 2024, "limiting_component": "osi",
    "components": {"osi": 0.55551, "tii": 0.66662, "hci": 0.61489}, "level": "high",
    "next_level": "very_high", "distance_to_next_level": 0.13766, "distance_to_leader": 0.37239,
    "leader_iso3": "DNK",
    "decomposition_last_change": {"from_edition": 2022, "to_edition": 2024, "egdi_change": 0.02346,
                                  "osi_contribution": 0.01480, "tii_contribution": 0.01480,
                                  "hci_contribution": -0.00612},
}
PEERS = {
    "country": "MNG", "edition": 2024, "peer_rule": "Peers: made up for a test.", "peer_rule_id": "documented",
    "peers": ["KAZ", "KGZ"],
    "table": [{"iso3": "KAZ", "country": "Kazakhstan", "egdi": 0.7001, "osi": 0.7, "tii": 0.7, "hci": 0.7,
               "egdi_rank": 40, "egdi_rank_previous": 41},
              {"iso3": "MNG", "country": "Mongolia", "egdi": 0.61234, "osi": 0.55551, "tii": 0.66662,
               "hci": 0.61489, "egdi_rank": 77, "egdi_rank_previous": 88},
              {"iso3": "KGZ", "country": "Kyrgyzstan", "egdi": 0.5002, "osi": 0.5, "tii": 0.5, "hci": 0.5,
               "egdi_rank": 99, "egdi_rank_previous": 97}],
}
EVIDENCE = {"n_evidence": 23, "evidence_by_grade": {"A": 13, "B": 9, "C": 1}, "n_cells_assessed": 19,
            "median_desk_level": 2, "n_evidence_cited": 17}
# The combined assessment rests on illustrative answers (numbers that must never reach the brief:
# 21 cells, a survey-based strength); "headline" is the desk review alone.
GAPS = {
    "cells_assessed": 21, "cells_total": 24, "median_current_level": 2, "illustrative": True,
    "survey_file": "governance_survey_ILLUSTRATIVE.csv", "priority_horizon": "long",
    "targets": {"short": 2, "medium": 3, "long": 4}, "targets_status": "default",
    "strengths": [{"cell_id": "processes.privacy", "level": 4, "basis": "survey"}],
    "weaknesses": [{"cell_id": "people.standards", "level": 1, "reason": "low_level", "rank": 1, "basis": "survey"}],
    "priorities": [
        {"rank": 1, "cell_id": "people.standards", "current_level": 1, "basis": "survey", "target_level": 4,
         "gap": 3, "target_horizon": "long", "next_horizon": "short", "next_target": 2, "target_status": "default"},
    ],
    "not_assessed": ["people.identity", "processes.infrastructure", "people.infrastructure"],
    "disagreements": [{"cell_id": "policy.sharing", "desk_level": 2, "survey_median": 4, "difference": 2}],
    "headline": {
        "basis": "desk_review", "excluded_cells": [], "min_n": 10, "max_dont_know_share": 0.5,
        "cells_total": 24, "cells_assessed": 17, "median_current_level": 2,
        "strengths": [{"cell_id": "institutions.identity", "level": 3, "basis": "desk"}],
        "weaknesses": [{"cell_id": "people.privacy", "level": 1, "reason": "low_level", "rank": 1, "basis": "desk"}],
        "not_assessed": ["people.standards", "people.sharing", "people.infrastructure", "people.identity",
                         "processes.privacy", "processes.infrastructure", "policy.standards"],
        "priorities": [
            {"rank": 1, "cell_id": "people.privacy", "current_level": 1, "basis": "desk", "target_level": 4,
             "gap": 3, "target_horizon": "long", "next_horizon": "short", "next_target": 2,
             "target_status": "default"},
            {"rank": 2, "cell_id": "policy.sharing", "current_level": 2, "basis": "desk", "target_level": 4,
             "gap": 2, "target_horizon": "long", "next_horizon": "medium", "next_target": 3,
             "target_status": "default"},
            {"rank": 3, "cell_id": "institutions.sharing", "current_level": 2, "basis": "desk", "target_level": 4,
             "gap": 2, "target_horizon": "long", "next_horizon": "medium", "next_target": 3,
             "target_status": "default"},
        ],
    },
}
ACTIONS = {
    "illustrative": True,
    "actions": [
        {"intervention_id": "GI-STD-01", "cell_id": "people.standards",
         "description_en": "Train data stewards in the national classification",
         "description_mn": "Өгөгдөл хариуцагчдыг үндэсний ангиллаар сургах", "horizon": "short",
         "lead_institutions": ["nso"], "lead_names_en": ["National Statistics Office"],
         "lead_names_mn": ["Үндэсний статистикийн хороо"], "partner_institutions": []},
        {"intervention_id": "GI-SHR-01", "cell_id": "institutions.sharing",
         "description_en": "Mandate a data-sharing coordination body",
         "description_mn": "Өгөгдөл солилцооны зохицуулах байгууллагыг томилох", "horizon": "medium",
         "lead_institutions": ["mddic"],
         "lead_names_en": ["Ministry of Digital Development, Innovation and Communications"],
         "lead_names_mn": ["Цахим хөгжил, инноваци, харилцаа холбооны яам"], "partner_institutions": []},
    ],
}
EVALUATION = {
    "illustrative": True, "n_pre": 41, "n_post": 37, "n_paired": 29, "alpha": 0.05,
    "n_topics": 3, "n_topics_tested": 3, "n_topics_up": 2,
    "top_topic": {"topic": "egdi_framework", "rank_biserial": 0.7, "ci_low": 0.4, "ci_high": 0.9,
                  "median_change": 2.0, "n_pairs": 29, "p_holm": 0.001},
    "knowledge": {
        "egdi_framework": {"status": "tested", "p_holm": 0.001, "rank_biserial": 0.7, "median_change": 2.0},
        "pillar_policy": {"status": "tested", "p_holm": 0.01, "rank_biserial": 0.5, "median_change": 1.0},
        "element_privacy": {"status": "tested", "p_holm": 0.3, "rank_biserial": 0.2, "median_change": 0.0},
    },
}
ALL = {"egdi_country_profile": PROFILE, "egdi_component_diagnosis": DIAGNOSIS, "egdi_peer_benchmarking": PEERS,
       "governance_evidence": EVIDENCE, "governance_gaps": GAPS, "governance_action_plan": ACTIONS,
       "workshop_evaluation": EVALUATION}


COUNTRY_FILES = ("workshop.yml", "policy_brief.yml", "legal_landscape.csv", "evidence_register.csv",
                 "stakeholders.csv", "stakeholder_roles.csv")


def make_root(root: Path, results: dict | None = None, country_files=COUNTRY_FILES) -> Path:
    """A minimal project at ``root``: Mongolia's brief inputs (workshop facts, concept-note
    challenges, legal landscape, evidence register, stakeholder map) and the given results (default: all)."""
    (root / "data" / "country" / "MNG").mkdir(parents=True, exist_ok=True)
    # workshop.yml quotes the concept note copy, checked when it is read
    for name in (*country_files, *(("concept_note.txt",) if "workshop.yml" in country_files else ())):
        shutil.copyfile(REPO / "data" / "country" / "MNG" / name, root / "data" / "country" / "MNG" / name)
    shutil.copytree(REPO / "data" / "instruments", root / "data" / "instruments", dirs_exist_ok=True)
    out = root / "book" / "generated" / "results"
    out.mkdir(parents=True, exist_ok=True)
    for name, data in (ALL if results is None else results).items():
        (out / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    return root


def page_fill(pdf: Path, dpi: int = 30) -> list[float]:
    """How far down each page of ``pdf`` its content reaches (0 = blank, 1 = down to the
    footer), from a low-resolution rendering with poppler's pdftoppm."""
    import subprocess
    import tempfile

    import pytest

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), f"{tmp}/p"], check=True)
        fills = []
        for page in sorted(Path(tmp).glob("p-*.pgm")):
            im = Image.open(page)
            w, h = im.size
            px = im.load()
            top, bottom = int(h * 0.04), int(h * 0.94)  # the running footer is left out
            rows = [y for y in range(top, bottom) if any(px[x, y] < 200 for x in range(int(w * 0.06), int(w * 0.94)))]
            fills.append(round((max(rows) - top) / (bottom - top), 2) if rows else 0.0)
        return fills

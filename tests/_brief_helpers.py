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
                        "rank_change_rank_in_group": 1}],
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
            "median_desk_level": 2}
GAPS = {
    "cells_assessed": 21, "cells_total": 24, "median_current_level": 2, "illustrative": True,
    "strengths": [{"cell_id": "policy.privacy", "pillar": "policy", "element": "privacy", "level": 3}],
    "weaknesses": [{"cell_id": "people.standards", "pillar": "people", "element": "standards", "level": 1,
                    "gap": 2}],
    "priorities": [
        {"rank": 1, "cell_id": "people.standards", "pillar": "people", "element": "standards", "current_level": 1,
         "target_level": 3, "gap": 2, "importance": 5, "horizon": "short"},
        {"rank": 2, "cell_id": "institutions.sharing", "pillar": "institutions", "element": "sharing",
         "current_level": 2, "target_level": 4, "gap": 2, "importance": 4, "horizon": "medium"},
    ],
    "disagreements": [{"cell_id": "policy.sharing", "desk_level": 2, "survey_median": 3.5}],
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


def make_root(root: Path, results: dict | None = None) -> Path:
    """A minimal project at ``root``: workshop facts and the given results (default: all)."""
    (root / "data" / "country" / "MNG").mkdir(parents=True, exist_ok=True)
    for name in ("workshop.yml", "concept_note.txt"):  # workshop.yml quotes the concept note copy
        shutil.copyfile(REPO / "data" / "country" / "MNG" / name, root / "data" / "country" / "MNG" / name)
    shutil.copytree(REPO / "data" / "instruments", root / "data" / "instruments", dirs_exist_ok=True)
    out = root / "book" / "generated" / "results"
    out.mkdir(parents=True, exist_ok=True)
    for name, data in (ALL if results is None else results).items():
        (out / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    return root

"""Generate ILLUSTRATIVE workshop pre-survey and post-evaluation responses for Mongolia.

Why: the "Workshop evaluation" chapter must render and be tested before real
answers exist. These files are invented by a seeded random process; they are
NOT what anyone answered in Ulaanbaatar and every table and figure built from
them is labelled "illustrative" (the word ILLUSTRATIVE in the file names turns
the labels on). Replace them with the real response files
(``workshop_pre_survey.csv``, ``workshop_post_evaluation.csv``) when available.

How the numbers are made (all choices are assumptions of this script, chosen to
look plausible, not estimates):
- who answers: each of the 58 institutions invited in the concept note
  (section 6) sends 0, 1 or 2 respondents (probabilities 0.2, 0.6, 0.2), plus 5
  participants from international organisations; the organisation type comes
  from this script's own rough classification of the 58 names below;
- pre-survey: self-rated knowledge 1-5 per topic around a topic-specific
  baseline (e.g. LOSI less known than data security), shifted by role;
- post-evaluation: about 85% of pre-survey respondents answer it (the rest are
  unpaired and must be dropped from the paired comparison); knowledge after =
  before + a change of -1, 0, +1 or +2 drawn with topic-specific probabilities,
  kept within 1-5; one answer in fifty is left blank;
- session ratings and relevance around fixed session means;
- free text drawn from short English and Mongolian sentences written for this
  script (no personal data), so the theme count has something to count.
The same seed always gives byte-identical files (tests/test_evaluation_illustrative.py).

Run: ``PYTHONPATH=src python scripts/make_illustrative_workshop_evaluation.py [--output-dir DIR]``
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import numpy as np

from egovreport import evaluation, paths

SEED = 3122024
PRE_FILE = "workshop_pre_survey_ILLUSTRATIVE.csv"
POST_FILE = "workshop_post_evaluation_ILLUSTRATIVE.csv"

# Concept note section 6, "Ministries and Agencies to be invited" (numbers 1-58),
# grouped by this script's rough classification (for illustrative weights only).
INVITED_BY_TYPE = {
    "other_public": [1, 3, 26, 32, 41],
    "central_bank": [2],
    "ministry": list(range(4, 20)),
    "agency": [20, 21, 22, 23, 24, 25, 28, 29, 30, 31, 33, 34, 35, 36, 37, 38, 39],
    "regulator": [27, 40],
    "public_it_centre": [42, 43, 44, 45, 46, 47],
    "academia": [48, 49, 50],
    "private_sector": [51, 52, 53, 54, 55, 56],
    "civil_society": [57, 58],
}
INTERNATIONAL_PARTICIPANTS = 5
RESPONDENTS_PER_INSTITUTION = ([0, 1, 2], [0.2, 0.6, 0.2])
POST_RESPONSE_RATE = 0.85
BLANK_RATE = 0.02
MONGOLIAN_FORM_SHARE = 0.75

ROLES = ["senior_management", "middle_management", "policy_legal", "it_data", "statistics_research", "other"]
ROLE_WEIGHTS = {
    "default": [0.15, 0.30, 0.20, 0.25, 0.07, 0.03],
    "academia": [0.05, 0.15, 0.05, 0.15, 0.55, 0.05],
    "international_organisation": [0.20, 0.20, 0.30, 0.10, 0.15, 0.05],
}
ROLE_SHIFT = {"it_data": 0.3, "statistics_research": 0.3, "senior_management": -0.2}

# Mean self-rating before the workshop, and probabilities of a change of -1, 0, +1, +2.
TOPIC_BASELINE = {
    "egdi_framework": 2.6, "egdi_components": 2.3, "osi_subindices": 1.9, "ogdi": 1.8, "losi": 1.6,
    "pillar_policy": 2.7, "pillar_institutions": 2.6, "pillar_people": 2.3, "pillar_processes": 2.4,
    "element_standards": 2.7, "element_sharing": 2.9, "element_security": 3.0, "element_privacy": 2.9,
    "element_infrastructure": 2.8, "element_identity": 2.7,
}
CHANGE_VALUES = [-1, 0, 1, 2]
CHANGE_PROBABILITIES = {
    "egdi_framework": [0.05, 0.35, 0.45, 0.15], "egdi_components": [0.05, 0.35, 0.45, 0.15],
    "osi_subindices": [0.05, 0.30, 0.45, 0.20], "ogdi": [0.05, 0.40, 0.40, 0.15],
    "losi": [0.05, 0.45, 0.40, 0.10],
    "pillar_policy": [0.05, 0.45, 0.40, 0.10], "pillar_institutions": [0.05, 0.50, 0.35, 0.10],
    "pillar_people": [0.05, 0.45, 0.40, 0.10], "pillar_processes": [0.05, 0.50, 0.35, 0.10],
    "element_standards": [0.08, 0.52, 0.32, 0.08], "element_sharing": [0.05, 0.45, 0.40, 0.10],
    "element_security": [0.10, 0.65, 0.22, 0.03], "element_privacy": [0.08, 0.55, 0.30, 0.07],
    "element_infrastructure": [0.10, 0.62, 0.25, 0.03], "element_identity": [0.10, 0.60, 0.25, 0.05],
}
SESSION_MEANS = {
    "d1_egdi_framework": 4.2, "d1_osi_subindices": 3.9, "d1_complementary_indices": 3.5,
    "d2_pillars": 4.1, "d2_elements": 4.0, "d2_next_steps": 3.7,
}
SESSION_ATTENDANCE = 0.93
RELEVANCE_MEAN = 4.1

TEXT_BANK = {
    "expectations": {
        "share": 0.6,
        "en": [
            "Understand how the EGDI is calculated and why the ranking of Mongolia changed.",
            "Learn practical examples of data sharing between agencies.",
            "Learn about the legal framework for data governance and personal data protection.",
            "Better understanding of the OSI subindices and how online services are assessed.",
            "Experience of other countries with a national data governance framework.",
            "How to improve coordination between agencies on data standards.",
            "Learn about open government data and the OGDI.",
        ],
        "mn": [
            "EGDI индексийг хэрхэн тооцдог, Монгол Улсын эрэмбэ яагаад өөрчлөгдсөнийг ойлгох.",
            "Байгууллага хооронд өгөгдөл хуваалцах практик жишээ судлах.",
            "Өгөгдлийн засаглал, хувь хүний мэдээлэл хамгаалах хууль эрх зүйн орчныг ойлгох.",
            "Бусад орны өгөгдлийн засаглалын туршлагаас суралцах.",
            "Өгөгдлийн стандарт, ангиллын талаар мэдлэгээ дээшлүүлэх.",
            "Цахим үйлчилгээний индекс (OSI)-ийн дэд индексүүдийг ойлгох.",
        ],
    },
    "next_steps": {
        "share": 0.55,
        "en": [
            "Brief my colleagues and prepare a short note for management.",
            "Review our online services against the OSI criteria.",
            "Propose a data-sharing agreement with another agency.",
            "Contribute to the action plan for the national data governance framework.",
            "Check our data classification against the national standards.",
            "Organise an internal training on data privacy and security.",
        ],
        "mn": [
            "Хамт олондоо танилцуулж, удирдлагад товч тэмдэглэл бэлтгэнэ.",
            "Манай цахим үйлчилгээг OSI-ийн шалгуураар хянана.",
            "Өгөгдөл хуваалцах тохиролцооны санал боловсруулна.",
            "Өгөгдлийн засаглалын үндэсний тогтолцооны үйл ажиллагааны төлөвлөгөө боловсруулахад оролцоно.",
            "Өгөгдлийн нууцлал, аюулгүй байдлын дотоод сургалт зохион байгуулна.",
            "Өгөгдлийн ангиллаа үндэсний стандарттай тулгана.",
        ],
    },
    "comments": {
        "share": 0.35,
        "en": [
            "More time for group discussion would help.",
            "Please share the slides and materials after the workshop.",
            "Very useful; more practical examples from other countries next time.",
            "The translation was good.",
            "Presentations were too long; more group work please.",
        ],
        "mn": [
            "Бүлгийн хэлэлцүүлэгт илүү их хугацаа гаргавал сайн байна.",
            "Илтгэлийн слайд, материалыг хуваалцана уу.",
            "Маш хэрэгтэй семинар байлаа; дараа нь бусад орны жишээ нэмбэл зүгээр.",
            "Орчуулга сайн байсан.",
            "Илтгэлүүд хэт урт байсан.",
        ],
    },
}


def _rating(rng: np.random.Generator, mean: float, sd: float = 0.8) -> int:
    return int(np.clip(np.rint(rng.normal(mean, sd)), 1, 5))


def _maybe_blank(rng: np.random.Generator, value) -> str:
    return "" if rng.random() < BLANK_RATE else str(value)


def _text(rng: np.random.Generator, field: str, lang: str) -> str:
    bank = TEXT_BANK[field]
    if rng.random() >= bank["share"]:
        return ""
    return str(rng.choice(bank[lang]))


def _codes(rng: np.random.Generator, n: int) -> list[str]:
    letters = np.array(list("ABCDEGHIJKLMNOPRSTUYZ"))
    codes: list[str] = []
    while len(codes) < n:
        code = "".join(rng.choice(letters, 2)) + f"{rng.integers(1, 32):02d}{rng.integers(0, 100):02d}"
        if code not in codes:
            codes.append(code)
    return codes


def make_responses(seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """Illustrative pre-survey and post-evaluation rows (lists of dicts keyed by question id)."""
    rng = np.random.default_rng(seed)
    pre_q = evaluation.load_instrument(evaluation.PRE_SURVEY)
    post_q = evaluation.load_instrument(evaluation.POST_EVALUATION)
    org_types: list[str] = []
    for org_type, numbers in INVITED_BY_TYPE.items():
        for _ in numbers:
            org_types += [org_type] * int(rng.choice(RESPONDENTS_PER_INSTITUTION[0], p=RESPONDENTS_PER_INSTITUTION[1]))
    org_types += ["international_organisation"] * INTERNATIONAL_PARTICIPANTS
    org_types = [org_types[i] for i in rng.permutation(len(org_types))]
    codes = _codes(rng, len(org_types))
    pre_rows, post_rows = [], []
    for code, org_type in zip(codes, org_types):
        role = str(rng.choice(ROLES, p=ROLE_WEIGHTS.get(org_type, ROLE_WEIGHTS["default"])))
        lang = "mn" if org_type != "international_organisation" and rng.random() < MONGOLIAN_FORM_SHARE else "en"
        profile = {"code": code, "survey_language": lang, "org_type": org_type, "role_category": role}
        before = {}
        pre = dict(profile)
        for item in pre_q.knowledge_items:
            topic = pre_q.question(item).topic
            before[item] = _rating(rng, TOPIC_BASELINE[topic] + ROLE_SHIFT.get(role, 0.0))
            pre[item] = _maybe_blank(rng, before[item])
        pre["expectations"] = _text(rng, "expectations", lang)
        pre_rows.append(pre)
        if rng.random() >= POST_RESPONSE_RATE:
            continue  # left before the post-evaluation: unpaired
        post = dict(profile)
        for item in post_q.knowledge_items:
            topic = post_q.question(item).topic
            change = int(rng.choice(CHANGE_VALUES, p=CHANGE_PROBABILITIES[topic]))
            post[item] = _maybe_blank(rng, int(np.clip(before[item] + change, 1, 5)))
        for item in post_q.session_items:
            session = post_q.question(item).session
            attended = rng.random() < SESSION_ATTENDANCE
            post[item] = _maybe_blank(rng, _rating(rng, SESSION_MEANS[session], 0.7)) if attended else ""
        post["relevance"] = _maybe_blank(rng, _rating(rng, RELEVANCE_MEAN, 0.7))
        post["next_steps"] = _text(rng, "next_steps", lang)
        post["comments"] = _text(rng, "comments", lang)
        post_rows.append(post)
    post_rows = [post_rows[i] for i in rng.permutation(len(post_rows))]
    return pre_rows, post_rows


def _csv_bytes(rows: list[dict], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buffer.getvalue().encode("utf-8")


def write_illustrative_files(output_dir: str | Path, seed: int = SEED) -> list[Path]:
    """Write both illustrative CSV files into ``output_dir``; return their paths."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    pre_rows, post_rows = make_responses(seed)
    out = []
    for name, rows, instrument in ((PRE_FILE, pre_rows, evaluation.PRE_SURVEY),
                                   (POST_FILE, post_rows, evaluation.POST_EVALUATION)):
        columns = evaluation.load_instrument(instrument).question_ids
        target = output_dir / name
        target.write_bytes(_csv_bytes(rows, columns))
        out.append(target)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", default=str(paths.country_dir("MNG")),
                        help="folder for the two CSV files (default: data/country/MNG)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    for path in write_illustrative_files(args.output_dir, args.seed):
        print(path)


if __name__ == "__main__":
    main()

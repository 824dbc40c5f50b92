"""The bilingual pre-workshop questionnaire (``data/instruments/governance_questionnaire.yml``).

Questions, answer scales, respondent fields and the privacy notice live in the
YAML file; the level descriptions for each cell come from the maturity rubric,
so the questionnaire and the scoring always use the same criteria.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .. import paths
from ..errors import InputError
from ..provenance import track_read, track_write
from .framework import (CELL_IDS, IMPORTANCE, LEVELS, country_name, element_label, load_rubric,
                        pillar_label, split_cell)

QUESTIONNAIRE_FILE = "governance_questionnaire.yml"


def load_questionnaire(lang: str = "en", country: str = "MNG") -> dict:
    """The questionnaire in one language, with the rubric's level descriptions per cell.

    Returns ``{"title", "introduction", "privacy_notice", "org_types": [{id, label}],
    "importance": [{value, label}], "dont_know", "evidence_question", "evidence_note",
    "items": [{cell_id, question, help, levels: [{level, description}]}]}``.
    """
    if lang not in ("en", "mn"):
        raise ValueError(f"language must be 'en' or 'mn', got {lang!r}")
    path = paths.instruments_dir() / QUESTIONNAIRE_FILE
    track_read(path)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    cq = doc["cell_questions"]
    if cq["current_level"]["answers"] != list(LEVELS):
        raise InputError(path, f"current_level answers must be {list(LEVELS)}", column="cell_questions")
    if [s["value"] for s in cq["importance"]["scale"]] != list(IMPORTANCE):
        raise InputError(path, f"importance scale must be {list(IMPORTANCE)}", column="cell_questions")
    rubric = load_rubric()
    crit = f"criterion_{lang}"
    items = []
    for cid in CELL_IDS:
        pillar, element = split_cell(cid)
        sub = rubric[rubric["cell_id"] == cid]
        items.append({
            "cell_id": cid,
            "question": cq["current_level"]["question"][lang].format(
                pillar=pillar_label(pillar, lang), element=element_label(element, lang)),
            "help": cq["current_level"]["help"][lang],
            "levels": [{"level": int(r.level), "description": getattr(r, crit)} for r in sub.itertuples()],
        })
    return {
        "title": doc["title"][lang].format(country_name=country_name(country, lang)),
        "introduction": doc["introduction"][lang],
        "privacy_notice": doc["privacy_notice"][lang],
        "org_types": [{"id": o["id"], "label": o[lang]} for o in doc["respondent"]["org_type"]["options"]],
        "org_type_question": doc["respondent"]["org_type"]["question"][lang],
        "importance_question": cq["importance"]["question"][lang],
        "importance": [{"value": s["value"], "label": s[lang]} for s in cq["importance"]["scale"]],
        "dont_know": cq["current_level"]["dont_know"][lang],
        "evidence_question": cq["evidence_text"]["question"][lang],
        "evidence_note": cq["evidence_text"]["note"][lang],
        "evidence_max_length": int(cq["evidence_text"]["max_length"]),
        "items": items,
        "meta": doc.get("_meta", {}),
    }


def org_type_ids() -> tuple[str, ...]:
    """Allowed values of ``org_type`` in survey responses (from the questionnaire)."""
    return tuple(o["id"] for o in load_questionnaire("en")["org_types"])


def questionnaire_markdown(lang: str = "en", country: str = "MNG") -> str:
    """Printable Markdown version of the questionnaire (for the workshop pack)."""
    q = load_questionnaire(lang, country)
    lines = [f"# {q['title']}", "", q["introduction"], "", f"> {q['privacy_notice']}", "",
             f"**{q['org_type_question']}**", ""]
    lines += [f"- [ ] {o['label']}" for o in q["org_types"]]
    scale = " · ".join(f"{s['value']} {s['label']}" for s in q["importance"])
    for n, item in enumerate(q["items"], start=1):
        lines += ["", f"## {n}. {item['question']}", "", f"*{item['help']}*", ""]
        lines += [f"- [ ] **{lv['level']}** {lv['description']}" for lv in item["levels"]]
        lines += [f"- [ ] {q['dont_know']}", "", f"**{q['importance_question']}** {scale}", "",
                  f"**{q['evidence_question']}** ({q['evidence_note']})", "", "_______________"]
    return "\n".join(lines) + "\n"


def save_questionnaire(lang: str = "en", country: str = "MNG") -> Path:
    """Write the printable questionnaire as Markdown next to the notebook's tables (for download)."""
    out = paths.output_dir() / "tables"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"governance_questionnaire_{country}_{lang}.md"
    target.write_text(questionnaire_markdown(lang, country), encoding="utf-8")
    return track_write(target)

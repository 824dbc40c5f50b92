"""Helpers for the gov-scoring tests: hand-made survey files and desk reviews."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from egovreport.governance.framework import CELL_IDS
from egovreport.governance.survey import SURVEY_COLUMNS, aggregate_survey

HEADER = list(SURVEY_COLUMNS)


def write_csv(path: Path, rows: list[list], header: list[str] = HEADER) -> Path:
    """Write ``rows`` (lists, in ``header`` order) to ``path``; see also
    ``_gov_evidence_helpers.write_dict_csv`` for rows as dicts."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def responses(answers: dict[str, list], org_type: str = "ministry", importance=3) -> pd.DataFrame:
    """Survey rows from ``{cell_id: [level or None, ...]}``; respondent i answers position i."""
    rows = []
    for cid, levels in answers.items():
        for i, lv in enumerate(levels):
            rows.append({"respondent_id": f"R{i:03d}", "org_type": org_type, "cell_id": cid,
                         "current_level": pd.NA if lv is None else lv,
                         "importance": importance.get(cid, 3) if isinstance(importance, dict) else importance,
                         "evidence_text": ""})
    df = pd.DataFrame(rows, columns=HEADER)
    df["current_level"] = df["current_level"].astype("Int64")
    df["importance"] = pd.array(df["importance"], dtype="Int64")
    return df


def desk(levels: dict[str, tuple]) -> pd.DataFrame:
    """Desk review with ``{cell_id: (level or None, grade)}``; other cells not assessed."""
    rows = [{"cell_id": c, "level": "" if levels.get(c, (None,))[0] is None else str(levels[c][0]),
             "confidence": levels.get(c, (None, ""))[1]} for c in CELL_IDS]
    return pd.DataFrame(rows)


def survey_agg(answers: dict[str, list], min_group_size: int = 5, importance=3) -> pd.DataFrame:
    return aggregate_survey(responses(answers, importance=importance), min_group_size)

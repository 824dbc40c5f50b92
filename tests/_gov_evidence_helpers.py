"""Small hand-made input files for the governance evidence/stakeholder tests."""

from __future__ import annotations

import csv
from pathlib import Path

EVIDENCE_HEADER = ["evidence_id", "date", "element", "cells", "kind", "fact", "source_title", "source_url",
                   "publisher", "grade", "status", "de_jure_or_de_facto", "notes"]
DESK_HEADER = ["cell_id", "level", "level_de_jure", "level_de_facto", "confidence", "evidence_ids", "rationale"]


def evidence_row(**kw) -> dict:
    row = {"evidence_id": "XX-POL-01", "date": "2021-12-17", "element": "privacy",
           "cells": "policy.privacy;institutions.privacy", "kind": "law", "fact": "A law was adopted.",
           "source_title": "Law text", "source_url": "https://example.org/law", "publisher": "Example",
           "grade": "A", "status": "verified", "de_jure_or_de_facto": "de_jure", "notes": ""}
    row.update(kw)
    return row


def good_evidence_rows() -> list[dict]:
    return [
        evidence_row(),
        evidence_row(evidence_id="XX-SYS-01", kind="system", cells="institutions.privacy;processes.privacy",
                     grade="B", de_jure_or_de_facto="de_facto", fact="A system runs."),
        evidence_row(evidence_id="XX-UNV-01", status="unverified", grade="B", cells="policy.privacy",
                     fact="An unverified claim."),
        evidence_row(evidence_id="XX-CTX-01", element="context", cells="", kind="indicator", grade="B",
                     status="secondary", de_jure_or_de_facto="de_facto", date=""),
    ]


def desk_row(**kw) -> dict:
    row = {"cell_id": "policy.privacy", "level": "2", "level_de_jure": "2", "level_de_facto": "",
           "confidence": "A", "evidence_ids": "XX-POL-01", "rationale": "Law in force."}
    row.update(kw)
    return row


def write_dict_csv(path: Path, header: list[str], rows: list[dict]) -> Path:
    """Write ``rows`` (dicts; missing columns left empty) under ``header`` to ``path``."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in header})
    return path

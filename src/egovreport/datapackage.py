"""``data/processed/datapackage.json``: the processed tables as a Frictionless Data Package (v2).

Written by the data step (:func:`egovreport.ingest.build_processed`) from what it already
knows: the data dictionary (field types, units, descriptions, sources), the table
descriptions and the raw sources' metadata cards (``data/raw/<source>/SOURCE.md``: origin,
publisher, licence). Every CSV resource carries its SHA-256 (``hash``) and size, so
``frictionless validate data/processed/datapackage.json`` checks both the content against the
schema and the bytes against the checksum. The Parquet files hold the same tables and are not
listed (a second copy of each resource would need a Parquet reader in every validator).

Deterministic: no dates, keys sorted as written, so an unchanged data step writes the same file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from . import __version__
from .data_dictionary import TABLE_DESCRIPTIONS, doc_key
from .provenance import sha256_file, track_write
from .sources import read_source_card, source_ids

FILE_NAME = "datapackage.json"
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
DIALECT_PROFILE = "https://datapackage.org/profiles/2.0/tabledialect.json"
# data dictionary type -> Table Schema field type
FIELD_TYPES = {"string": "string", "integer": "integer", "float": "number", "boolean": "boolean"}
# the pandas CSV writer's booleans (egovreport.ingest._write_csv)
BOOLEAN_VALUES = {"trueValues": ["True"], "falseValues": ["False"]}
PRIMARY_KEYS = {
    "egdi_long": ["iso3", "edition", "indicator"],
    "egdi_wide": ["iso3"],
    "country_groupings": ["iso3"],
    "income_history": ["iso3", "fiscal_year"],
    "data_dictionary": ["table", "column"],
}
# every table keyed by Member State refers to the 193 rows of country_groupings
MEMBER_STATE_TABLES = ("egdi_long", "egdi_wide", "income_history", "tii_hci_inputs")
_RAW_REF = re.compile(r"data/raw/([A-Za-z0-9_]+)")


def _sources_of(table: str, dictionary: pd.DataFrame, frame: pd.DataFrame | None, known: set[str]) -> list[str]:
    """Raw sources (folders with a SOURCE.md) a table's values come from: those its dictionary
    entries name, plus the ``source`` column's values where the table records them per row."""
    text = " ".join(dictionary.loc[dictionary["table"] == table, "source"].astype(str))
    found = set(_RAW_REF.findall(text))
    if frame is not None and "source" in frame.columns:
        found |= {str(v).split("/", 1)[0] for v in frame["source"].dropna().unique()}
    return sorted(found & known)


def _licence(source_id: str, card: dict) -> dict:
    """A Data Package licence entry from a source card: its licence statement, verbatim, and the
    publisher's page (no open licence is claimed where the card states none)."""
    return {"title": f"{source_id}: {' '.join(str(card.get('licence', 'not stated')).split())}",
            "path": str(card.get("upstream_url") or card.get("origin_repo"))}


def _source(source_id: str, card: dict) -> dict:
    commit = " ".join(str(card.get("commit", "")).split())
    out = {"title": f"{card.get('title', source_id)} — {card.get('upstream_publisher', '')}".strip(" —"),
           "path": str(card.get("origin_repo", "")).split(" ")[0].strip('";')}
    if commit:
        out["version"] = commit
    return out


def _field(row) -> dict:
    field = {"name": row.column, "type": FIELD_TYPES[row.type]}
    description = str(row.description)
    if row.unit:
        description += f" Unit: {row.unit}."
    field["description"] = f"{description} Source: {row.source}."
    if row.type == "boolean":
        field.update(BOOLEAN_VALUES)
    return field


def build_datapackage(out_dir: Path, tables: dict[str, pd.DataFrame], dictionary: pd.DataFrame,
                      raw_dir: Path) -> dict:
    """The Data Package descriptor of the CSV tables in ``out_dir`` (``tables`` maps file stem to
    frame, the data dictionary ``dictionary`` included or not: it is always added)."""
    known = set(source_ids(raw_dir))
    cards = {s: read_source_card(s, raw_dir) for s in sorted(known)}
    frames = {**tables, "data_dictionary": dictionary}
    resources = []
    for name, frame in frames.items():
        path = out_dir / f"{name}.csv"
        rows = dictionary[dictionary["table"] == name]
        key = doc_key(name)
        used = _sources_of(name, dictionary, frame, known)
        schema = {"$schema": SCHEMA_PROFILE, "fields": [_field(r) for r in rows.itertuples()],
                  "missingValues": [""]}
        if key in PRIMARY_KEYS:
            schema["primaryKey"] = PRIMARY_KEYS[key]
        if key in MEMBER_STATE_TABLES:
            schema["foreignKeys"] = [{"fields": ["iso3"],
                                      "reference": {"resource": "country_groupings", "fields": ["iso3"]}}]
        description = TABLE_DESCRIPTIONS.get(key, "")
        if key == "egdi_wide":
            description += f" This table: edition {name.rsplit('_', 1)[1]}."
        resource = {
            "$schema": RESOURCE_PROFILE, "name": name, "type": "table", "path": path.name,
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "title": name, "description": description,
            "bytes": path.stat().st_size, "hash": f"sha256:{sha256_file(path)}",
            "dialect": {"$schema": DIALECT_PROFILE, "delimiter": ",", "header": True},
            "schema": schema,
        }
        if used:
            resource["sources"] = [_source(s, cards[s]) for s in used]
            resource["licenses"] = [_licence(s, cards[s]) for s in used]
        else:  # the dictionary itself: project-made documentation
            resource["licenses"] = [{"name": "MIT", "path": "https://opensource.org/license/mit",
                                     "title": "MIT (the egovreport project's licence)"}]
        resources.append(resource)
    return {
        "$schema": PACKAGE_PROFILE,
        "name": "egovreport-processed-data",
        "title": "Digital government and national data governance: processed data",
        "description": ("Tables built by the data step of the egovreport project (an open-source, "
                        "reproducible draft report for UN DESA capacity-development work; not an official "
                        "UN publication) from the raw snapshots in data/raw, each of which has a metadata "
                        "card (SOURCE.md) and a SHA-256 in data/raw/SHA256SUMS. Each resource lists its raw "
                        "sources and their licence statements as given on the cards; the UN E-Government "
                        "Survey data are © United Nations (cite UN DESA, United Nations E-Government Survey "
                        "<edition>). The same tables are written as Parquet beside each CSV."),
        "version": __version__,
        "contributors": [{"title": "The egovreport contributors", "roles": ["creator"]}],
        "keywords": ["E-Government Development Index", "EGDI", "UN E-Government Survey", "data governance"],
        "sources": [_source(s, cards[s]) for s in sorted(known)],
        "resources": resources,
    }


def write_datapackage(out_dir: Path, tables: dict[str, pd.DataFrame], dictionary: pd.DataFrame,
                      raw_dir: Path) -> Path:
    """Write ``out_dir/datapackage.json`` (after the CSVs it describes); returns its path."""
    descriptor = build_datapackage(Path(out_dir), tables, dictionary, Path(raw_dir))
    target = Path(out_dir) / FILE_NAME
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    target.write_bytes(text.encode("utf-8"))
    return track_write(target)

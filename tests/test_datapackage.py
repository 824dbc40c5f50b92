"""data/processed/datapackage.json (Frictionless Data Package v2), written by the data step: it
validates with ``frictionless validate`` (schema, types, keys, checksums), a changed byte fails the
validation, and every table names its raw sources and their licences from the source cards."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _data_helpers import built_root
from egovreport.ingest import processed_outputs
from egovreport.sources import read_source_card

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def frictionless_validate(descriptor: Path) -> tuple[int, dict]:
    if not FRICTIONLESS.is_file():
        pytest.fail(f"{FRICTIONLESS} is missing: frictionless is pinned in requirements.txt (make setup)")
    proc = subprocess.run([str(FRICTIONLESS), "validate", "--json", descriptor.name], cwd=descriptor.parent,
                          capture_output=True, text=True, timeout=300)
    return proc.returncode, json.loads(proc.stdout)


@pytest.fixture(scope="module")
def package() -> tuple[Path, dict]:
    path = built_root() / "data" / "processed" / "datapackage.json"
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_frictionless_validate_passes(package):
    path, descriptor = package
    code, report = frictionless_validate(path)
    assert code == 0 and report["valid"], [t["errors"][:3] for t in report["tasks"] if not t["valid"]]
    assert len(report["tasks"]) == len(descriptor["resources"])
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"


def test_every_csv_the_data_step_writes_is_a_resource_with_its_checksum(package):
    path, descriptor = package
    csvs = {n[:-4] for n in processed_outputs() if n.endswith(".csv")}
    assert {r["name"] for r in descriptor["resources"]} == csvs
    manifest = json.loads((path.parent / "processed_manifest.json").read_text(encoding="utf-8"))
    sha = {Path(o["path"]).name: o["sha256"] for o in manifest["outputs"]}
    for r in descriptor["resources"]:
        assert r["hash"] == f"sha256:{sha[r['path']]}", r["name"]
        assert r["bytes"] == (path.parent / r["path"]).stat().st_size
    assert "datapackage.json" in sha  # the data step's own manifest lists the descriptor


def test_fields_come_from_the_data_dictionary(package):
    path, descriptor = package
    import pandas as pd

    dictionary = pd.read_csv(path.parent / "data_dictionary.csv", keep_default_na=False)
    for r in descriptor["resources"]:
        rows = dictionary[dictionary["table"] == r["name"]]
        assert [f["name"] for f in r["schema"]["fields"]] == list(rows["column"]), r["name"]
    long = next(r for r in descriptor["resources"] if r["name"] == "egdi_long")
    value = next(f for f in long["schema"]["fields"] if f["name"] == "value")
    assert value["type"] == "number" and "index 0-1" in value["description"]
    assert long["schema"]["primaryKey"] == ["iso3", "edition", "indicator"]


def test_sources_and_licences_are_those_of_the_source_cards(package):
    path, descriptor = package
    raw = path.parents[1] / "raw"
    by_name = {r["name"]: r for r in descriptor["resources"]}
    wide = by_name["egdi_wide_2024"]
    used = {lic["title"].split(":")[0] for lic in wide["licenses"]}
    assert {"un_datacenter_sevenChrisK", "datapicasso_ogdi", "aaravgupta10"} <= used
    card = read_source_card("datapicasso_ogdi", raw)
    lic = next(x for x in wide["licenses"] if x["title"].startswith("datapicasso_ogdi:"))
    assert " ".join(card["licence"].split()) in lic["title"] and lic["path"] == card["upstream_url"]
    inputs = {lic["title"].split(":")[0] for lic in by_name["tii_hci_inputs"]["licenses"]}
    assert {"undp_hdr", "undp_compass_itu_wdi", "datapicasso_ogdi"} <= inputs
    groupings = {lic["title"].split(":")[0] for lic in by_name["country_groupings"]["licenses"]}
    assert {"unsd_m49", "datasets_country_codes", "worldbank_income"} <= groupings
    assert "not an official UN publication" in descriptor["description"]


def test_a_changed_byte_fails_the_validation(package, tmp_path):
    path, descriptor = package
    copy = tmp_path / "processed"
    shutil.copytree(path.parent, copy)
    target = copy / "egdi_wide_2024.csv"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("Mongolia,2024,0.84569", "Mongolia,2024,0.84568"), encoding="utf-8")
    assert target.read_text(encoding="utf-8") != text
    code, report = frictionless_validate(copy / "datapackage.json")
    assert code != 0 and not report["valid"]
    bad = [t for t in report["tasks"] if not t["valid"]]
    assert [t["name"] for t in bad] == ["egdi_wide_2024"]
    assert {e["type"] for e in bad[0]["errors"]} == {"hash-count"}

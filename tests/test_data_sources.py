"""Raw snapshot: checksums, metadata cards, registry."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from _data_helpers import RAW, copy_raw
from egovreport import sources


def test_raw_files_match_their_checksums():
    assert sources.verify_raw_checksums(RAW) == []


def test_manifest_is_sha256sum_format():
    manifest = sources.read_checksum_manifest(RAW)
    for rel, digest in manifest.items():
        assert hashlib.sha256((RAW / rel).read_bytes()).hexdigest() == digest
    if Path("/usr/bin/sha256sum").exists():
        res = subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=RAW, capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr


def test_every_registered_raw_file_exists_and_is_in_the_manifest():
    manifest = sources.read_checksum_manifest(RAW)
    for key, entry in sources.RAW_FILES.items():
        assert sources.raw_path(key, RAW).exists()
        assert entry.relpath in manifest, key


def test_changed_raw_file_is_reported_by_name(tmp_path):
    raw = copy_raw(tmp_path)
    target = raw / "un_datacenter_sevenChrisK" / "EGOV_DATA_2022.csv"
    target.write_bytes(target.read_bytes().replace(b"0.72090", b"0.72091", 1))
    (raw / "aaravgupta10" / "Step12_EGDI_2024_Full.csv").unlink()
    (raw / "unsd_m49" / "extra.csv").write_text("x\n")
    problems = {p.file: p for p in sources.verify_raw_checksums(raw)}
    assert set(problems) == {"un_datacenter_sevenChrisK/EGOV_DATA_2022.csv",
                             "aaravgupta10/Step12_EGDI_2024_Full.csv", "unsd_m49/extra.csv"}
    assert "does not match" in str(problems["un_datacenter_sevenChrisK/EGOV_DATA_2022.csv"])
    assert problems["aaravgupta10/Step12_EGDI_2024_Full.csv"].actual is None
    assert problems["unsd_m49/extra.csv"].expected is None
    # the real snapshot is untouched
    assert sources.verify_raw_checksums(RAW) == []


REQUIRED_CARD_KEYS = {"source_id", "origin_repo", "commit", "upstream_publisher", "licence", "retrieved",
                      "files", "columns", "known_defects"}


@pytest.mark.parametrize("source_id", sources.source_ids(RAW))
def test_metadata_card_is_complete(source_id):
    card = sources.read_source_card(source_id, RAW)
    assert REQUIRED_CARD_KEYS <= set(card), REQUIRED_CARD_KEYS - set(card)
    assert card["source_id"] == source_id
    for f in card["files"]:
        assert (RAW / source_id / f).exists(), f
    import yaml
    registry = {d["id"] for d in yaml.safe_load((RAW / "known_defects.yml").read_text())["defects"]}
    assert set(card["known_defects"]) <= registry


def test_every_raw_data_file_has_a_card():
    carded = {f"{sid}/{f}" for sid in sources.source_ids(RAW) for f in sources.read_source_card(sid, RAW)["files"]}
    data_files = {e.relpath for e in sources.RAW_FILES.values() if e.source_id != "project"}
    assert data_files <= carded


SHARED = Path("/work/shared/data/egov")


@pytest.mark.skipif(not SHARED.exists(), reason="shared snapshot not on this machine")
def test_raw_copies_are_byte_identical_to_the_shared_snapshot():
    mapping = {"unsd_m49": "groupings/unsd_m49", "worldbank_income": "groupings/worldbank_income",
               "datasets_country_codes": "groupings/datasets_country_codes",
               "undp_hdr": "inputs_tii_hci/undp_hdr", "undp_compass_itu_wdi": "inputs_tii_hci/undp_compass_itu_wdi"}
    for entry in sources.RAW_FILES.values():
        if entry.source_id == "project":
            continue
        folder, name = entry.relpath.split("/", 1)
        shared = SHARED / mapping.get(folder, folder) / name
        assert (RAW / entry.relpath).read_bytes() == shared.read_bytes(), entry.relpath

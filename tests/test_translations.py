"""The translation catalogue is complete and the checker finds what a translator broke."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
LOCALES = REPO / "src" / "egovreport" / "locales"
SCRIPT = REPO / "scripts" / "check_translations.py"


def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)


def test_mongolian_catalogue_has_every_english_key_and_placeholder():
    """Every domain (brief, common, data, egdi, evaluation, governance, governance_results):
    same keys, same placeholders, same types in English and Mongolian."""
    proc = _run()
    assert proc.returncode == 0, proc.stdout
    assert "0 problem(s)" in proc.stdout
    domains = sorted(p.name for p in (LOCALES / "en").glob("*.yml"))
    assert len(domains) >= 7
    for name in domains:  # every domain was checked, none skipped
        assert f"STATUS mn/{name}:" in proc.stdout, name


def test_mongolian_files_are_marked_as_drafts_until_reviewed():
    for path in sorted((LOCALES / "mn").glob("*.yml")):
        meta = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("_meta") or {}
        assert meta.get("status") in ("draft", "reviewed"), path.name


def test_checker_reports_missing_extra_and_broken_placeholders(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    mn = locales / "mn" / "brief.yml"
    data = yaml.safe_load(mn.read_text(encoding="utf-8"))
    del data["finding"]["rank_up"]
    data["finding"]["rank_down"] = "ухарсан"  # placeholders dropped
    data["finding"]["invented"] = "шинэ"
    data["sections"]["key_messages"] = "Key messages"  # left in English
    mn.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    proc = _run("brief", "--locales", str(locales))
    assert proc.returncode == 1
    out = proc.stdout
    assert "MISSING mn brief.finding.rank_up" in out
    assert "EXTRA mn brief.finding.invented" in out
    assert "PLACEHOLDERS mn brief.finding.rank_down" in out and "'places'" in out
    assert "UNTRANSLATED mn brief.sections.key_messages" in out


def test_checker_names_a_missing_language_file(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    (locales / "mn" / "brief.yml").unlink()
    proc = _run("--locales", str(locales))
    assert proc.returncode == 1 and "MISSING FILE" in proc.stdout and "brief.yml" in proc.stdout

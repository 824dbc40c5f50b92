"""The Snakemake scale-out (workflow/Snakefile): a dry run plans one full-report job per state ×
edition; a real run builds a state's report in its own project copy, verifies its manifest and
records time and memory; a second run of an unchanged project executes no notebook. (All 193
states: scripts/benchmark.py --only full_reports, never in the tests.)"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from egovreport import scaleout

REPO = Path(__file__).resolve().parents[1]
SNAKEMAKE = Path(sys.executable).parent / "snakemake"


def snakemake(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(SNAKEMAKE), "-s", str(REPO / "workflow" / "Snakefile"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=900)


def test_countries_all_are_the_193_member_states_and_codes_are_checked():
    states = scaleout.resolve_countries("all", REPO)
    assert len(states) == 193 and "MNG" in states and "TUV" in states
    assert scaleout.resolve_countries("fji, mng", REPO) == ["FJI", "MNG"]
    with pytest.raises(ValueError, match="XXX"):
        scaleout.resolve_countries("MNG,XXX", REPO)


def test_dry_run_plans_one_job_per_state_and_edition(tmp_path):
    proc = snakemake("--cores", "2", "-n", "-p", "--config", "countries=MNG,FJI,TUV", "editions=2022,2024",
                     f"out={tmp_path / 'out'}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    counts = dict(re.findall(r"^(\w+)\s+(\d+)$", proc.stdout, re.M))
    assert counts == {"all": "1", "report": "6", "summary": "1", "total": "8"}
    for c in ("MNG", "FJI", "TUV"):
        for e in (2022, 2024):
            assert f"wildcards: edition={e}, country={c}" in proc.stdout
    assert proc.stdout.count("-m egovreport.scaleout report") == 6 and "--jobs 2" in proc.stdout


@pytest.mark.slow
def test_real_run_builds_verifies_and_caches_per_state(real_report, tmp_path):
    """One job on a state workspace that already holds a build (the session's Mongolia report):
    the job syncs the project into it, the pipeline's cache of that state executes nothing,
    `verify` passes; the summary and Snakemake's benchmark are written."""
    out = tmp_path / "out"
    workspace = out / "2024" / "MNG" / "project"
    shutil.copytree(real_report.root, workspace, symlinks=True)
    proc = snakemake("--cores", "2", "--config", "countries=MNG", "editions=2024", f"out={out}", cwd=tmp_path)
    log = (out / "logs" / "2024" / "MNG.log").read_text(encoding="utf-8") if (out / "logs").exists() else ""
    assert proc.returncode == 0, proc.stderr[-2000:] + log[-2000:]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["n_reports"] == summary["n_ok"] == 1
    report = summary["reports"][0]
    assert (report["country"], report["edition"], report["languages"]) == ("MNG", 2024, ["en", "mn"])
    assert report["notebooks_executed"] == 0  # the state's own cache: nothing changed
    assert report["verify"].startswith("verify: all") and Path(report["book"]).is_file()
    assert Path(report["ro_crate"]).is_file()
    assert report["benchmark"]["s"] > 0
    assert "[cached]" in log and "book: sources unchanged" in log

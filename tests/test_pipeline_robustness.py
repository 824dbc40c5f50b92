"""A run stops cleanly whatever happens to it (issue 13): a changed raw snapshot stops the data
step; SIGTERM, SIGINT or SIGKILL of the build stops every notebook worker and kernel at once;
every run, failed or not, leaves a record in build/runs/; stale failed notebooks are cleared.

The build runs in a fresh process (``python -m egovreport``) on a copy of the fixture project,
with a notebook that sleeps, so there is something to interrupt.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml

from _bad_input_helpers import checksums
from conftest import REPO, launcher_script
from egovreport.cli import main
from egovreport.pipeline import verify_manifest

pytestmark = pytest.mark.slow
# the fixture's lists of member states and editions, for a build in a fresh process
LAUNCHER = launcher_script()


def _runs(root: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((root / "build" / "runs").glob("*.json"))]


def _add_sleeper(root: Path) -> None:
    data = yaml.safe_load((root / "pipeline.yml").read_text())
    data["notebooks"].append({"id": "fx_sleep", "path": "notebooks/fx_sleep.ipynb", "parameters": ["country"]})
    (root / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))


def _start_build(root: Path, *args) -> subprocess.Popen:
    (root / "launch_build.py").write_text(LAUNCHER)
    env = {**os.environ, "EGOVREPORT_ROOT": str(root),
           "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "launch_build.py", "build", "--jobs", "2", "--no-book", *args],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_kernel(proc: subprocess.Popen, timeout: float = 120) -> list[psutil.Process]:
    """The build's descendants once a Jupyter kernel runs the sleeping notebook."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        kids = psutil.Process(proc.pid).children(recursive=True)
        if any("ipykernel" in " ".join(k.cmdline()) for k in kids if k.is_running()):
            time.sleep(1.0)  # the kernel is running the notebook
            return psutil.Process(proc.pid).children(recursive=True)
        time.sleep(0.3)
    raise AssertionError("no kernel started")


def _gone_within(procs: list[psutil.Process], seconds: float) -> list[str]:
    _, alive = psutil.wait_procs(procs, timeout=seconds)
    leftover = [f"{p.pid} {' '.join(p.cmdline())[:80]}" for p in alive if p.is_running()]
    for p in alive:
        p.kill()
    return leftover


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_or_sigint_stops_every_worker_and_kernel_and_publishes_nothing(built_project, sig):
    """Issue 13, problem 8: killing the main process left its workers (and their kernels)
    running for minutes. SIGTERM/SIGINT now stop them all within seconds, the build exits
    with 128 + the signal number, says nothing was published, and its record says so."""
    root = built_project
    _add_sleeper(root)
    before = checksums(root / "book" / "generated")
    proc = _start_build(root, "--only", "fx_sleep")
    children = _wait_for_kernel(proc)
    assert len(children) >= 2  # a worker and its kernel at least
    t0 = time.monotonic()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + sig, err
    assert _gone_within(children, 10) == []
    assert time.monotonic() - t0 < 20
    assert err.startswith("error: interrupted") and "nothing was published" in err
    assert checksums(root / "book" / "generated") == before
    assert _runs(root)[-1]["run"]["status"] == "interrupted"


def test_sigkill_of_the_build_stops_its_workers_and_kernels(built_project):
    """Issue 13, problem 8: SIGKILL cannot be caught, so the workers watch their parent
    (PR_SET_PDEATHSIG) and stop their kernels when it dies; the next run marks the killed
    run's record and publishes only what it builds itself."""
    root = built_project
    _add_sleeper(root)
    before = checksums(root / "book" / "generated")
    proc = _start_build(root, "--only", "fx_sleep")
    children = _wait_for_kernel(proc)
    proc.kill()
    proc.communicate(timeout=30)
    assert _gone_within(children, 15) == []
    assert checksums(root / "book" / "generated") == before
    assert _runs(root)[-1]["run"]["status"] == "running"  # it had no chance to say more

    data = yaml.safe_load((root / "pipeline.yml").read_text())
    data["notebooks"] = [n for n in data["notebooks"] if n["id"] != "fx_sleep"]
    (root / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    assert main(["build", "--no-book"]) == 0
    statuses = [r["run"]["status"] for r in _runs(root)]
    assert statuses[-2:] == ["killed", "success"]
    assert verify_manifest()[1] == []


def test_changed_raw_snapshot_stops_the_data_step_and_is_recorded(built_project, capsys):
    """Issue 13, problems 5 and 8: data/raw/SHA256SUMS was recorded but not enforced (a changed
    raw file built with exit 0), and a run that failed before the notebooks left no record.
    Now the data step stops naming the file and how to record a new snapshot; nothing is
    published; build/runs/ has the failed run."""
    from egovreport.sources import write_checksum_manifest

    root = built_project
    write_checksum_manifest(root / "data" / "raw")
    assert main(["build", "--no-book"]) == 0  # the snapshot matches its checksums
    runs_before = len(_runs(root))
    raw = root / "data" / "raw" / "scores_fixture.csv"
    raw.write_text(raw.read_text().replace("MNG,2024,0.6", "MNG,2024,0.99"))
    before = {f: checksums(root / f) for f in ("book/generated", "data/processed")}

    assert main(["build", "--no-book"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: data/raw/scores_fixture.csv") and err.count("\n") == 1, err
    assert "does not match data/raw/SHA256SUMS" in err and "data/raw/README.md" in err
    assert {f: checksums(root / f) for f in before} == before
    runs = _runs(root)
    assert len(runs) == runs_before + 1
    assert runs[-1]["run"]["status"] == "failed" and "SHA256SUMS" in runs[-1]["run"]["error"]

    write_checksum_manifest(root / "data" / "raw")  # a new snapshot, recorded on purpose
    assert main(["build", "--no-book"]) == 0
    assert json.loads((root / "book/generated/results/fx_profile.json").read_text())["score"] == 0.99


def test_stale_failed_notebooks_are_removed_after_a_good_build(built_project):
    """Issue 13, problem 8: build/failed/<id>.ipynb stayed after the notebook was fixed."""
    root = built_project
    data = yaml.safe_load((root / "pipeline.yml").read_text())
    data["notebooks"].append({"id": "fx_fail", "path": "notebooks/fx_fail.ipynb", "parameters": ["country"]})
    (root / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    assert main(["build", "--no-book", "--only", "fx_fail"]) == 1
    kept = root / "build" / "failed" / "fx_fail.ipynb"
    assert kept.exists()
    nb = json.loads((root / "notebooks/fx_fail.ipynb").read_text())
    nb["cells"][3]["source"] = ["value = 1\n"]
    (root / "notebooks/fx_fail.ipynb").write_text(json.dumps(nb))
    assert main(["build", "--no-book", "--only", "fx_fail"]) == 0
    assert not kept.exists()

"""`make report` passes the user's values (COUNTRY, EDITION, PEERS, LANGUAGES) safely (issue 13).

The Makefile's own set-up steps are skipped (STAMP points at a fresh file, no Debian package is
checked) and BIN at a folder whose `python` runs this interpreter, so `make report` runs the real
`python -m egovreport build` of this checkout, on the fixture project (with the fixture's lists
of member states and editions).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, launcher_script

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def _make(tmp_path: Path, project: Path, **values) -> subprocess.CompletedProcess:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    launcher = tmp_path / "launch.py"
    launcher.write_text(launcher_script())
    python = bin_dir / "python"  # called as `python -m egovreport ARGS`
    python.write_text(f'#!/bin/sh\nshift 2\nexec "{sys.executable}" "{launcher}" "$@"\n')
    python.chmod(0o755)
    stamp = tmp_path / "installed"
    stamp.touch()
    args = ["make", "-s", "-C", str(REPO), "report", f"BIN={bin_dir}", f"STAMP={stamp}", "APT_PACKAGES="]
    args += [f"{k}={v}" for k, v in values.items()]
    env = {**os.environ, "EGOVREPORT_ROOT": str(project)}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)


@pytest.mark.parametrize("variable, value", [
    ("COUNTRY", "MNG; touch {marker}"),
    ("COUNTRY", "$(touch {marker})"),
    ("COUNTRY", "`touch {marker}`"),
    ("COUNTRY", "$(shell touch {marker})"),  # make's own expansion
    ("COUNTRY", "MNG' ; touch {marker} ; echo '"),
    ("PEERS", "KAZ,KGZ && touch {marker}"),
    ("EDITION", "2024 | touch {marker}"),
    ("LANGUAGES", "en;touch {marker}"),
])
def test_injected_command_in_a_make_variable_is_not_run(tmp_path, project, variable, value):
    """Issue 13, problem 3: `make report COUNTRY='MNG; touch /tmp/x'` created the file and
    exited 0 (the values were pasted into the shell command unquoted). Now the value reaches
    the pipeline as one argument, which rejects it: exit status non-zero, one clear line, and
    nothing is run."""
    marker = tmp_path / "PWNED"
    proc = _make(tmp_path, project, **{variable: value.format(marker=marker)})
    assert not marker.exists(), proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert f"error: parameter '{variable.lower()}'" in proc.stderr, proc.stderr
    assert not (project / "book" / "generated").exists()


def test_a_line_break_in_a_value_is_refused_by_make(tmp_path, project):
    marker = tmp_path / "PWNED"
    proc = _make(tmp_path, project, COUNTRY=f"MNG\ntouch {marker}")
    assert not marker.exists() and proc.returncode != 0
    assert "COUNTRY: a value cannot contain a line break" in proc.stderr


@pytest.mark.slow
def test_good_values_reach_the_pipeline(tmp_path, project):
    proc = _make(tmp_path, project, COUNTRY="kaz", PEERS="KGZ,UZB", LANGUAGES="en", EDITION="2022")
    assert proc.returncode == 0, proc.stderr
    assert "run record:" in proc.stdout
    manifest = (project / "book" / "generated" / "manifest.json").read_text()
    assert '"country": "KAZ"' in manifest and '"UZB"' in manifest

"""Hostile run parameters given to the real command line, in a fresh process, against a copy of
the built real report: shell-like strings, path traversal, text that is not UTF-8, empty
strings, huge peer lists, unknown codes.

Each must end with exit status 2 and one ``error:`` line naming the parameter, execute nothing
(no shell, no notebook, no book) and leave the published report as it was. The rules
themselves are unit-tested on the fixture project (test_pipeline_params, test_pipeline_cli);
this is the end-to-end check through argv on the real data.
"""

from __future__ import annotations

import json
import shutil

import pytest

from _bad_input_helpers import ProjectState, checksums, run_cli

pytestmark = pytest.mark.slow

# errors found only against the data (after the run started, so the run is recorded)
CHECKED_AGAINST_THE_DATA = ("not one of the 193", "edition of the UN E-Government", "--only: unknown")
HUGE_PEERS = ",".join(["KAZ", "KGZ", "UZB", "CHN", "RUS"] * 2000)  # 10 000 codes, ~40 kB of argv

BAD = [
    # (arguments, words the error must contain)
    (["build", "--country", "MNG; touch PWNED"], ["'country'"]),
    (["build", "--country", "$(touch PWNED)"], ["'country'"]),
    (["build", "--country", "`touch PWNED`"], ["'country'"]),
    (["build", "--country", "../../etc/passwd"], ["'country'", "../../etc/passwd"]),
    (["build", "--country", b"\xff\xfeMNG"], ["'country'"]),
    (["build", "--country", ""], ["'country'"]),
    (["build", "--country", "ZZZ"], ["'country'", "'ZZZ'", "not one of the 193"]),
    (["build", "--edition", ""], ["'edition'"]),
    (["build", "--edition", "2024; touch PWNED"], ["'edition'"]),
    (["build", "--edition", "2023"], ["'edition'", "2023"]),
    (["build", "--peers", HUGE_PEERS], ["'peers'", "at most"]),
    (["build", "--peers", "KAZ,$(touch PWNED)"], ["'peers'"]),
    (["build", "--peers", b"KAZ,\xff"], ["'peers'"]),
    (["build", "--languages", ""], ["'languages'"]),
    (["build", "--languages", "en,../../fr"], ["'languages'"]),
    (["build", "--set", "country=MNG;touch PWNED"], ["'country'"]),
    (["build", "--set", "__import__('os').system('touch PWNED')=1"], ["unknown parameter"]),
    (["build", "--only", "../../etc/passwd"], ["--only", "../../etc/passwd"]),
    (["params", "--country", "MNG\nKAZ"], ["'country'"]),
]


@pytest.fixture(scope="module")
def report_for_parameters(real_report, tmp_path_factory):
    """One copy of the built report shared by these tests: none of them may change it."""
    root = tmp_path_factory.mktemp("params") / "report"
    shutil.copytree(real_report.root, root, symlinks=True)
    return root


@pytest.mark.parametrize("argv, words", BAD, ids=lambda v: repr(v)[:40] if isinstance(v, list) else "")
def test_hostile_parameter_exits_2_names_it_and_runs_nothing(report_for_parameters, argv, words):
    root = report_for_parameters
    state = ProjectState(root)
    runs_before = sorted((root / "build" / "runs").glob("*.json"))
    staging_before = checksums(root / "build" / "staging")  # notebook logs of the last real run
    proc = run_cli(root, *argv)
    err = proc.stderr.decode("utf-8", errors="replace")
    assert proc.returncode == 2, (proc.returncode, err[-500:])
    assert err.startswith("error: ") and err.count("\n") == 1, err[-500:]
    assert "Traceback" not in err
    for word in words:
        assert word in err, (word, err)
    assert len(err) < 600  # a 10 000-code list is not echoed back in full
    assert not list(root.rglob("PWNED")) and not (root.parent / "PWNED").exists()
    assert state.changed() == {}
    assert checksums(root / "build" / "staging") == staging_before  # no notebook ran
    runs = sorted((root / "build" / "runs").glob("*.json"))
    if any(w in err for w in CHECKED_AGAINST_THE_DATA):
        # refused once the run had started (the data say no): recorded as a failed run
        assert len(runs) == len(runs_before) + 1
        assert json.loads(runs[-1].read_text())["run"]["status"] == "failed"
    else:
        assert runs == runs_before  # refused before a run even started

"""The command line: clear one-line errors and exit codes, never a traceback for user errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from conftest import REPO
from egovreport.cli import main


@pytest.mark.parametrize("argv, words", [
    (["build", "--country", "$(id)"], ["'country'", "'$(id)'"]),
    (["build", "--country", "MNG; rm -rf /"], ["'country'", "'MNG; rm -rf /'"]),
    (["build", "--edition", "2023"], ["'edition'", "no 2023 edition"]),
    (["build", "--peers", "KAZ,ZZZ"], ["'peers'", "'ZZZ'"]),
    (["build", "--languages", "fr"], ["'languages'", "'fr'"]),
    (["build", "--set", "colour=red"], ["unknown parameter", "'colour'"]),
    (["build", "--only", "nope"], ["--only", "nope"]),
    (["params", "--country", "QQQ"], ["'country'", "'QQQ'"]),
])
def test_bad_parameters_exit_2_with_one_line_and_run_nothing(project, capsys, argv, words):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    for word in words:
        assert word in err
    assert not (project / "build" / "staging").exists()  # no notebook ran
    assert not (project / "book" / "generated").exists()


def test_shell_like_country_fails_before_the_data_step(project, capsys):
    assert main(["build", "--country", "`touch pwned`"]) == 2
    assert not (project / "data" / "processed").exists()
    assert not (project / "pwned").exists()


def test_params_prints_resolved_parameters_and_what_each_notebook_receives(project, capsys):
    from egovreport.pipeline import run_data_step

    run_data_step(log=lambda *a: None)
    assert main(["params", "--country", "kaz", "--peers", "kgz,uzb", "--languages", "mn"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["parameters"] == {"country": "KAZ", "edition": 2024, "peers": ["KGZ", "UZB"], "languages": ["mn"]}
    assert out["notebooks"]["fx_summary_mn"] == {"country": "KAZ", "language": "mn"}
    assert "fx_summary_en" not in out["notebooks"]


def test_bad_pipeline_file_is_one_line_exit_1(project, capsys):
    (project / "pipeline.yml").write_text("notebooks: [\n")
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: pipeline.yml: not valid YAML") and err.count("\n") == 1


def test_verify_exit_codes_and_messages(project, capsys):
    manifest = project / "m.json"
    manifest.write_text(json.dumps({"manifest_version": 1, "inputs": [
        {"path": "data/raw/scores_fixture.csv", "sha256": "0" * 64}]}))
    assert main(["verify", str(manifest)]) == 1
    captured = capsys.readouterr()
    assert "changed: data/raw/scores_fixture.csv" in captured.out
    assert "1 of 1 files do not match" in captured.err
    assert main(["verify", str(project / "absent.json")]) == 1
    assert "manifest not found" in capsys.readouterr().err


def test_jobs_must_be_positive(project, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--jobs", "0"])
    assert exit_.value.code == 2


def test_module_entry_point_reports_without_traceback(project):
    env = {**os.environ, "EGOVREPORT_ROOT": str(project),
           "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-m", "egovreport", "build", "--country", "$(id)"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip() == ("error: parameter 'country': '$(id)' is not an ISO 3166-1 alpha-3 "
                                   "country code (three letters, e.g. MNG)")


@pytest.mark.slow
def test_failing_notebook_exit_1_names_notebook_and_cell(built_project, capsys):
    data = yaml.safe_load((built_project / "pipeline.yml").read_text())
    data["notebooks"].append({"id": "fx_fail", "path": "notebooks/fx_fail.ipynb", "parameters": ["country"]})
    (built_project / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    assert main(["build", "--only", "fx_fail", "--no-book"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert ("error: notebook 'fx_fail' (notebooks/fx_fail.ipynb) failed at cell 3 [value = 41 + 1]: "
            "ValueError: boom in fixture 42; executed notebook kept in build/failed/fx_fail.ipynb") in err

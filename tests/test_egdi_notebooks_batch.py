"""EGDI notebooks (papermill, slow) and the all-Member-States batch (small list, fast).

The notebooks run unchanged for Mongolia and three other kinds of state; the tests check the
numbers they save (results contract), not just that the cells ran. Mongolia with the default
parameters is read from the session's real build (``real_report``), which runs notebooks
01-05 exactly so; only the other states and other parameters are executed here.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from egovreport.i18n import fmt_index

from _egdi_helpers import NOTEBOOKS, SRC, processed_wide, project_env
from egovreport import batch, cli

NB = {
    "01": "01_egdi_framework.ipynb",
    "02": "02_egdi_country_profile.ipynb",
    "03": "03_egdi_component_diagnosis.ipynb",
    "04": "04_egdi_peer_benchmarking.ipynb",
    "05": "05_egdi_epart_osi_subindices_ogdi_losi.ipynb",
}


def run_notebook(key: str, out: Path, **params) -> dict:
    """Execute one notebook with papermill into ``out``; return its saved results by name."""
    import papermill as pm

    out.mkdir(parents=True, exist_ok=True)
    env = {"EGOVREPORT_OUTPUT_DIR": out, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    with project_env(**env):
        pm.execute_notebook(str(NOTEBOOKS / NB[key]), str(out / NB[key]), parameters=params,
                            cwd=str(NOTEBOOKS), progress_bar=False, log_output=False)
    return _saved_results(out)


def _saved_results(folder: Path) -> dict:
    """The results a run saved in ``folder/results``, by name."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (folder / "results").glob("*.json")}


def _markdown_outputs(path: Path) -> str:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return "\n".join(o["data"]["text/markdown"] for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []) if "text/markdown" in o.get("data", {}))


def test_notebooks_have_parameters_cell_first_and_pythia_sections():
    import nbformat

    for fname in NB.values():
        nb = nbformat.read(NOTEBOOKS / fname, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert "parameters" in code[0].metadata.get("tags", []), fname
        assert 'country = "MNG"' in code[0].source and "edition = 2024" in code[0].source
        assert 'language = "en"' in code[0].source
        heads = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        for section in ("## Overview", "## Prerequisites", "## Imports", "## Summary"):
            assert section in heads, (fname, section)
        assert all(not c.get("outputs") for c in code), f"{fname}: committed with outputs"
    for key in ("04", "05"):
        first = [c for c in nbformat.read(NOTEBOOKS / NB[key], as_version=4).cells if c.cell_type == "code"][0]
        assert "peers = []" in first.source


def _generated(real_report) -> Path:
    return real_report.root / "book" / "generated"


def _check_country_profile(iso3: str, res: dict, text: str, figures: list[str]) -> None:
    """What the country-profile notebook saved (results, prose, figure files) for ``iso3``."""
    row = processed_wide(2024).set_index("iso3").loc[iso3]
    assert res["country"] == iso3 and res["edition"] == 2024
    assert res["egdi"] == pytest.approx(float(row["egdi"])) and res["egdi_rank"] == int(row["egdi_rank"])
    assert len(res["series"]) == 12
    assert fmt_index(row["egdi"]) in text  # the prose number comes from the data (rounded half up)
    assert sorted(figures) == sorted(f"egdi_{k}_{iso3.lower()}_en.png" for k in
                                     ("components_over_time", "rank_trajectory", "level_per_edition"))


@pytest.mark.slow
@pytest.mark.parametrize("iso3", ["KAZ", "FJI", "DNK"])
def test_country_profile_notebook_runs_for_three_other_kinds_of_state(tmp_path, iso3):
    res = run_notebook("02", tmp_path, country=iso3)["egdi_country_profile"]
    figures = [p.name for p in (tmp_path / "figures").glob("*.png")]
    text = _markdown_outputs(tmp_path / NB["02"])
    _check_country_profile(iso3, res, text, figures)
    assert res["concept_note_claims"] == []  # the concept note is about Mongolia only
    assert "concept note" not in text


@pytest.mark.slow
def test_country_profile_of_mongolia_in_the_built_report(real_report):
    """Mongolia with the default parameters: read from the session's real build, which ran
    notebook 02 exactly as papermill would here."""
    gen = _generated(real_report)
    res = _saved_results(gen)["egdi_country_profile"]
    text = _markdown_outputs(gen / "egdi_country_profile.ipynb")
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    # every notebook writes into book/generated/figures: keep the PNGs this one made (the
    # manifest names the notebook of each output; the check below wants egdi_*_mng_en only)
    figures = [Path(o["path"]).name for o in manifest["outputs"] if o["made_by"] == "egdi_country_profile"
               and o["path"].startswith("book/generated/figures/") and o["path"].endswith(".png")]
    assert figures and all((gen / "figures" / name).is_file() for name in figures)
    _check_country_profile("MNG", res, text, figures)
    assert res["rank_change"] == 28 and round(res["egdi_2005"], 4) == 0.3962
    assert {c["verdict"] for c in res["concept_note_claims"]} == {"match"}
    assert "✔" in text and "✘" not in text


@pytest.mark.slow
def test_all_egdi_notebooks_ran_for_mongolia_in_the_built_report(real_report):
    """Notebooks 01, 03, 04 and 05 with the default parameters (Mongolia, 2024, no peer list):
    the results the session's real build saved."""
    gen = _generated(real_report)
    results = _saved_results(gen)
    assert results["egdi_framework"]["rating_class"] == "V2"
    assert abs(results["egdi_framework"]["egdi_recomputed"] - 0.84569) < 1e-4
    diag = results["egdi_component_diagnosis"]
    assert diag["limiting_component"] == "hci" and diag["leader_iso3"] == "DNK"
    last = diag["decomposition_last_change"]
    assert abs(last["osi_contribution"] + last["tii_contribution"] + last["hci_contribution"]
               - last["egdi_change"]) < 1e-4
    peers = results["egdi_peer_benchmarking"]
    assert peers["peers"] == ["CHN", "JPN", "ARM", "UZB", "CAN", "LUX"]
    assert {r["iso3"] for r in peers["table"]} == {"MNG", *peers["peers"]}
    epart = results["egdi_epart_official"]
    assert epart["epi_rank"] == 37 and epart["official_available"] == {"osi_subindices": False, "ogdi": False,
                                                                         "losi": False}
    assert "Not available in this build" in _markdown_outputs(gen / "egdi_epart_official.ipynb")


@pytest.mark.slow
def test_peer_notebook_takes_a_peer_list_and_mongolian_labels(tmp_path):
    res = run_notebook("04", tmp_path, country="MNG", peers=["KAZ", "KGZ"], language="mn")
    assert res["egdi_peer_benchmarking"]["peers"] == ["KAZ", "KGZ"]
    assert res["egdi_peer_benchmarking"]["peer_rule_id"] == "parameter"
    text = _markdown_outputs(tmp_path / NB["04"])
    assert re.search(r"[\u0400-\u04FF]", text) and "Монгол Улс" in text


def test_batch_reports_a_failure_without_stopping_the_others(tmp_path):
    with project_env():
        summary = batch.run_country_profiles(["MNG", "KAZ", "XXX", "DNK"], jobs=2, out_dir=tmp_path,
                                             fail=["DNK"])
    assert (summary["n_requested"], summary["n_ok"], summary["n_failed"]) == (4, 2, 2)
    failed = {f["iso3"]: f["error"] for f in summary["failures"]}
    assert set(failed) == {"XXX", "DNK"}
    assert "not the ISO3 code" in failed["XXX"] and "forced failure" in failed["DNK"]
    assert sorted(p.name for p in tmp_path.glob("*.html")) == ["KAZ.html", "MNG.html", "index.html"]
    on_disk = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert on_disk["n_failed"] == 2 and on_disk["wall_time_s"] > 0 and on_disk["peak_rss_mb"] > 0
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="MNG.html"' in index and "XXX" in index and "forced failure" in index
    page = (tmp_path / "MNG.html").read_text(encoding="utf-8")
    assert "0.8457" in page and "up 28 places" in page and "✔ matches" in page
    assert page.count("data:image/png;base64,") == 3
    # offline: nothing fetched from the network
    assert not re.search(r'(src|href)="(https?:)?//', page) and "<link" not in page and "<script" not in page


def test_batch_in_mongolian_single_process(tmp_path):
    with project_env():
        summary = batch.run_country_profiles(["MNG"], jobs=1, out_dir=tmp_path, language="mn")
    assert summary["n_ok"] == 1
    page = (tmp_path / "MNG.html").read_text(encoding="utf-8")
    assert '<html lang="mn">' in page and "Монгол Улс" in page and "28 байраар дэвшсэн" in page


def test_batch_command_line_exit_status(tmp_path, capsys):
    with project_env():
        # the CLI's options and exit status (the data step it runs first needs a full project)
        args = cli._parser().parse_args(["batch", "--countries", "MNG", "XXX", "--jobs", "1",
                                         "--out-dir", str(tmp_path)])
        status = batch.run_from_args(args)
    out = capsys.readouterr()
    assert status == 1 and '"n_failed": 1' in out.out and "FAILED XXX" in out.err
    assert (tmp_path / "MNG.html").exists() and not (tmp_path / "XXX.html").exists()

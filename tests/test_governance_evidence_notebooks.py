"""Notebooks 10 and 13 run for Mongolia and publish their key numbers (slow: executes notebooks)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.parametrize("notebook, results", [
    ("10_governance_framework_and_evidence.ipynb", "governance_evidence"),
    ("13_governance_stakeholder_map.ipynb", "governance_stakeholders"),
])
def test_notebook_runs_and_saves_results(tmp_path, notebook, results):
    env = {**os.environ, "EGOVREPORT_OUTPUT_DIR": str(tmp_path / "out"),
           "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    subprocess.run([sys.executable, "-m", "papermill", "--no-progress-bar", "-p", "language", "mn",
                    str(ROOT / "notebooks" / notebook), str(tmp_path / notebook)],
                   cwd=ROOT / "notebooks", env=env, check=True, capture_output=True)
    data = json.loads((tmp_path / "out" / "results" / f"{results}.json").read_text(encoding="utf-8"))
    assert data["country"] == "MNG" and data["language"] == "mn"
    if results == "governance_evidence":
        assert data["n_cells"] == 24
        assert data["n_cells_assessed"] + data["n_cells_not_assessed"] == 24
        assert sum(data["evidence_by_grade"].values()) == data["n_evidence"]
        assert (tmp_path / "out" / "figures" / "governance_desk_review_heatmap_mn.png").exists()
    else:
        assert data["n_institutions"] == 58
        assert data["elements_without_lead"] == []
        assert (tmp_path / "out" / "figures" / "governance_role_matrix_mn.png").exists()

"""The workshop-evaluation chapter runs for Mongolia in both languages with the illustrative label."""

from __future__ import annotations

import json
import os

import pytest

from egovreport import paths

NOTEBOOK = "20_workshop_evaluation.ipynb"


def _markdown_outputs(nb: dict) -> str:
    parts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            parts.append("".join(out.get("data", {}).get("text/markdown", "")))
    return "\n".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("language, label", [("en", "ILLUSTRATIVE DATA"), ("mn", "ЖИШЭЭ ӨГӨГДӨЛ")])
def test_chapter_renders_with_illustrative_labels(tmp_path, monkeypatch, language, label):
    papermill = pytest.importorskip("papermill")
    monkeypatch.setenv("EGOVREPORT_OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("PYTHONPATH", str(paths.project_root() / "src") + os.pathsep
                       + os.environ.get("PYTHONPATH", ""))
    executed = tmp_path / "executed.ipynb"
    papermill.execute_notebook(str(paths.notebooks_dir() / NOTEBOOK), str(executed),
                               parameters={"country": "MNG", "language": language},
                               cwd=str(paths.notebooks_dir()), progress_bar=False, kernel_name="python3")
    text = _markdown_outputs(json.loads(executed.read_text(encoding="utf-8")))
    assert "illustrative-data" in text  # the banner
    assert text.count(f"[{label}]") >= 4 + 2  # four tables, two figure captions, summary sentences
    results = json.loads((tmp_path / "out" / "results" / "workshop_evaluation.json").read_text(encoding="utf-8"))
    assert results["illustrative"] is True and results["n_paired"] > 0 and results["language"] == language
    figures = tmp_path / "out" / "figures"
    for name in results["figures"]:
        assert "ILLUSTRATIVE" in name and (figures / f"{name}.png").exists()
        sidecar = json.loads((figures / f"{name}.json").read_text(encoding="utf-8"))
        assert sidecar["caption"].startswith(f"[{label}]") and sidecar["alt"] and sidecar["source"]

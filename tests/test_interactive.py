"""egovreport.interactive: the five Vega-Lite views draw the processed data and the assessment's
scores (fast checks of the specs and their data); the vendored Vega scripts are the npm files
(checksums, licences). Rendering from file:// and the accessibility audit: test_browser_interactive.py."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _data_helpers import built_root
from egovreport import interactive

REPO = Path(__file__).resolve().parents[1]
VENDOR = REPO / "book" / "_static" / "vendor"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """Processed data of the data step plus the real curated inputs (data/country, data/instruments)."""
    from egovreport import datasets

    built = built_root()
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "data" / "processed").symlink_to(built / "data" / "processed", target_is_directory=True)
    for name in ("raw", "country", "instruments"):
        (root / "data" / name).symlink_to(REPO / "data" / name, target_is_directory=True)
    monkeypatch.setenv("EGOVREPORT_ROOT", str(root))
    monkeypatch.setenv("EGOVREPORT_OUTPUT_DIR", str(tmp_path / "out"))
    datasets.clear_cache()
    yield root
    datasets.clear_cache()


def test_vendored_scripts_are_the_npm_files_with_their_licences():
    sums = dict(reversed(line.split("  ")) for line in (VENDOR / "SHA256SUMS").read_text().splitlines())
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "LICENSE-vega.txt",
                 "LICENSE-vega-lite.txt", "LICENSE-vega-embed.txt"):
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == sums[name], name
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    for lib, pattern in (("vega.min.js", r't\.version="([\d.]+)"'), ("vega-lite.min.js", r'var \w="([\d.]+)"')):
        version = re.search(pattern, (VENDOR / lib).read_text(encoding="utf-8")).group(1)
        assert f"@{version}" in readme, (lib, version)
    for name in ("LICENSE-vega.txt", "LICENSE-vega-lite.txt", "LICENSE-vega-embed.txt"):
        assert "Redistribution and use in source and binary forms" in (VENDOR / name).read_text()
    # UMD builds (classic scripts: they load from file://, where module scripts are blocked)
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert (VENDOR / name).read_text(encoding="utf-8")[:200].startswith("!function(")


def test_all_states_chart_draws_every_assessed_state_with_its_published_egdi(project):
    from egovreport import datasets

    chart = interactive.all_states_chart("MNG", 2024, "en")
    values = pd.DataFrame(chart.spec["data"]["values"])
    wide = datasets.load_egdi_wide(2024)
    assert len(values) == wide["egdi"].notna().sum() == 193
    merged = values.merge(wide, on="iso3")
    assert np.allclose(merged["egdi_x"], merged["egdi_y"]) and (merged["egdi_rank_x"] == merged["egdi_rank_y"]).all()
    state = chart.spec["params"][0]
    assert state["value"] == "MNG" and len(state["bind"]["options"]) == 193
    assert dict(zip(state["bind"]["options"], state["bind"]["labels"]))["MNG"] == "Mongolia"
    assert set(chart.data.columns) >= {"iso3", "name", "region_label", "egdi", "egdi_rank"}


def test_components_and_rank_charts(project):
    from egovreport import datasets

    comp = interactive.components_chart("KAZ", 2024, "mn")
    params = {p["name"]: p for p in comp.spec["params"]}
    assert params["component"]["bind"]["options"] == ["osi", "tii", "hci", "epi"]
    assert params["state"]["value"] == "KAZ"
    assert "Онлайн" in params["component"]["bind"]["labels"][0]  # Mongolian labels
    ranks = interactive.rank_trajectories_chart("MNG", 2024, ["KAZ", "KGZ"], "en")
    shown = next(p for p in ranks.spec["params"] if p["name"] == "shown")["value"]
    assert shown == ["MNG", "KAZ", "KGZ"]
    values = pd.DataFrame(ranks.spec["data"]["values"])
    panel = datasets.load_egdi_panel()
    mng = panel[(panel["iso3"] == "MNG") & (panel["indicator"] == "egdi")].dropna(subset=["rank"])
    got = values[values["iso3"] == "MNG"].set_index("edition")["rank"]
    assert got.to_dict() == mng.set_index("edition")["rank"].astype(int).to_dict()
    # without a peers parameter the peers of the peer page (documented rule) are shown
    default = interactive.rank_trajectories_chart("MNG", 2024, [], "en")
    assert len(next(p for p in default.spec["params"] if p["name"] == "shown")["value"]) > 1


def test_heatmap_lists_the_evidence_items_of_each_cell(project):
    from egovreport.governance import evidence as ev

    chart = interactive.governance_heatmap_chart("MNG", "en")
    cells = pd.DataFrame(chart.spec["data"]["values"])
    assert len(cells) == 24 and cells["cell_id"].is_unique
    desk = ev.load_desk_review("MNG").set_index("cell_id")
    store = json.loads(re.search(r'id="[^"]+-evidence-data">(.*?)</script>', chart.after_html, re.S).group(1))
    for row in cells.itertuples():
        ids = [item["id"] for item in store["items"][row.cell_id]]
        assert ids == list(desk.loc[row.cell_id, "evidence_list"]), row.cell_id
        expected = desk.loc[row.cell_id, "level"]
        assert pd.isna(expected) == pd.isna(row.level), row.cell_id
        assert pd.isna(expected) or row.level == int(expected), row.cell_id
    # a state without data-governance inputs: no chart (the page says what is missing)
    assert interactive.governance_heatmap_chart("FJI", "en") is None


def _priorities(values: pd.DataFrame, target: int, power: float) -> pd.DataFrame:
    """The spec's transforms, in Python: gap, weight, priority, rank."""
    df = values.copy()
    df["gap"] = (target - df["current_level"]).clip(lower=0)
    df["priority"] = df["gap"] * df["importance"] ** power
    df["weight"] = df["importance"] ** power
    return df.sort_values(["priority", "gap", "weight", "order"], ascending=[False, False, False, True])


def test_sensitivity_sliders_reproduce_the_reports_ranking_at_the_report_rules(project):
    from egovreport.governance import scoring

    survey = "governance_survey_ILLUSTRATIVE.csv"
    chart = interactive.sensitivity_chart("MNG", survey, "en")
    params = {p["name"]: p for p in chart.spec["params"]}
    assert params["target"]["value"] == 4 and params["power"]["value"] == 1
    assert params["target"]["bind"]["input"] == "range" and params["power"]["bind"]["input"] == "range"
    values = pd.DataFrame(chart.spec["data"]["values"])
    assessment = scoring.gap_assessment("MNG", survey)
    ranked = assessment.scores.dropna(subset=["rank"])
    mine = _priorities(values, 4, 1.0)
    assert mine["cell_id"].tolist() == ranked.sort_values("rank")["cell_id"].tolist()
    assert np.allclose(mine.set_index("cell_id")["priority"],
                       ranked.set_index("cell_id")["priority"].reindex(mine["cell_id"]))
    # power 0 = the "equal importance" scenario of the sensitivity page
    equal = scoring.score_cells(assessment.desk, assessment.survey_by_cell, importance="equal")
    equal = equal.dropna(subset=["rank"]).sort_values("rank")
    assert _priorities(values, 4, 0.0)["priority"].tolist() == equal["priority"].tolist()
    assert chart.extra["illustrative"] is True
    # the caption says where each level comes from (the heat map shows desk-review levels only)
    n_desk = int((ranked["basis"] == "desk").sum())
    assert f"{len(ranked)} cells with a current level ({n_desk} from the desk review, {len(ranked) - n_desk}" \
        in chart.caption
    assert set(values["basis"]) <= {"desk review", "survey median", "imputed"}


def test_chart_html_is_self_contained(project):
    chart = interactive.all_states_chart("MNG", 2024, "en")
    html = chart.html()
    assert 'class="egov-vega"' in html and "vegaEmbed(" in html
    assert "<script src" not in html  # the page head loads the vendored scripts (book_release)
    spec = json.loads(re.search(r'-spec">(.*?)</script>', html, re.S).group(1).replace("<\\/", "</"))
    assert spec == json.loads(json.dumps(chart.spec))
    assert not re.search(r"https?://(?!vega\.github\.io/schema/)", json.dumps(spec))  # no URL but the $schema id
    chart.save_data()
    saved = pd.read_csv(Path(project).parent / "out" / "tables" / f"{chart.name}.csv")
    assert len(saved) == 193

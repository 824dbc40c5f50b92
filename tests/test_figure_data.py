"""Per-figure data: save_figure writes the numbers a figure draws (read back from the matplotlib
artists) as CSV, with a "data (CSV)" link and a suggested citation under the figure. Fast checks
on each kind of artist the report draws, compared with the data they were drawn from; the real
report's figures are checked in tests/test_release_book.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib")
import matplotlib.pyplot as plt  # noqa: E402

from egovreport.figure_data import figure_data  # noqa: E402
from egovreport.figures import apply_style, figure_language, save_figure  # noqa: E402


@pytest.fixture
def out(tmp_path, monkeypatch):
    monkeypatch.setenv("EGOVREPORT_OUTPUT_DIR", str(tmp_path))
    apply_style()
    return tmp_path


def _saved_csv(out, fig, name="fig_en") -> pd.DataFrame:
    save_figure(fig, name, caption="Caption.", source="Test data", alt="A test figure with data")
    return pd.read_csv(out / "figures" / f"{name}.csv", keep_default_na=False, dtype=str)


def test_lines_give_every_vertex_with_the_series_label(out):
    editions = [2003, 2004, 2005, 2008]
    ranks = [98, 93, 75, 82]
    fig, ax = plt.subplots()
    ax.plot(editions, ranks, label="Mongolia", marker="o")
    ax.axhline(50, label="_threshold")
    ax.set_xlabel("Survey edition")
    ax.set_ylabel("EGDI rank")
    df = _saved_csv(out, fig)
    line = df[df["kind"] == "line"]
    assert line["x"].astype(int).tolist() == editions and line["y"].astype(float).tolist() == ranks
    assert set(line["series"]) == {"Mongolia"}
    assert set(line["x_axis"]) == {"Survey edition"} and set(line["y_axis"]) == {"EGDI rank"}
    ref = df[df["kind"] == "reference_line"]
    assert ref["y"].astype(float).tolist() == [50.0]


def test_bars_on_a_categorical_axis_are_named_by_their_category(out):
    counts = {"2003": 173, "2024": 193}
    fig, ax = plt.subplots()
    ax.bar(list(counts), list(counts.values()), label="States")
    for x, v in counts.items():
        ax.text(x, v + 1, f"{v}")  # the value written on the bar
    df = _saved_csv(out, fig)
    bars = df[df["kind"] == "bar"]
    assert dict(zip(bars["x"], bars["value"].astype(float))) == {k: float(v) for k, v in counts.items()}
    assert set(bars["base"].astype(float)) == {0.0}
    texts = df[df["kind"] == "text"]
    assert texts["text"].tolist() == ["173", "193"]


def test_horizontal_stacked_bars_give_length_and_start(out):
    actions = ["Adopt the law", "Set up the registry"]
    start, length = [0, 6], [12, 18]
    fig, ax = plt.subplots()
    ax.barh(actions, length, left=start)
    df = _saved_csv(out, fig)
    bars = df[df["kind"] == "bar"]
    assert bars["y"].tolist() == actions
    assert bars["value"].astype(float).tolist() == length and bars["base"].astype(float).tolist() == start


def test_histogram_bins(out):
    values = np.array([0.1, 0.12, 0.3, 0.31, 0.33, 0.8])
    fig, ax = plt.subplots()
    counts, edges, _ = ax.hist(values, bins=np.arange(0, 1.0001, 0.25))
    df = _saved_csv(out, fig)
    bars = df[df["kind"] == "bar"]
    assert bars["value"].astype(float).tolist() == counts.tolist()
    centers = (edges[:-1] + edges[1:]) / 2
    assert np.allclose(bars["x"].astype(float), centers) and np.allclose(bars["width"].astype(float), 0.25)


def test_scatter_points_with_and_without_colour_values(out):
    osi, epi = [0.82, 0.5, 0.3], [0.78, 0.4, 0.2]
    fig, ax = plt.subplots()
    ax.scatter(osi[1:], epi[1:], color="grey")
    ax.scatter(osi[:1], epi[:1], c=[0.85], cmap="viridis", label="Mongolia")
    ax.annotate("Mongolia", (osi[0], epi[0]))
    df = _saved_csv(out, fig)
    pts = df[df["kind"] == "point"]
    assert list(zip(pts["x"].astype(float), pts["y"].astype(float))) == [(0.5, 0.4), (0.3, 0.2), (0.82, 0.78)]
    assert pts["value"].tolist() == ["", "", "0.85"]
    assert pts["series"].tolist() == ["", "", "Mongolia"]
    note = df[df["kind"] == "text"]
    assert note[["x", "y", "text"]].values.tolist() == [["0.82", "0.78", "Mongolia"]]


def test_imshow_heat_map_gives_one_row_per_cell_with_row_and_column_labels(out):
    pillars = ["Policy", "Institutions", "Technology", "People"]
    elements = ["A", "B", "C", "D", "E", "F"]
    scores = np.ma.masked_invalid(np.arange(24, dtype=float).reshape(4, 6))
    scores[2, 3] = np.ma.masked  # a cell not assessed
    fig, ax = plt.subplots()
    ax.imshow(scores, aspect="auto")
    ax.set_xticks(range(6), elements)
    ax.set_yticks(range(4), pillars)
    df = _saved_csv(out, fig)
    cells = df[df["kind"] == "cell"]
    assert len(cells) == 24
    got = {(r.y, r.x): r.value for r in cells.itertuples()}
    for i, p in enumerate(pillars):
        for j, e in enumerate(elements):
            expected = "" if (i, j) == (2, 3) else str(float(i * 6 + j)).rstrip("0").rstrip(".")
            assert got[(p, e)] == expected, (p, e)


def test_pcolormesh_heat_map(out):
    values = np.array([[1.0, 2.0], [3.0, np.nan]])
    fig, ax = plt.subplots()
    ax.pcolormesh(values)
    ax.set_xticks([0.5, 1.5], ["short", "long"])
    ax.set_yticks([0.5, 1.5], ["law", "data"])
    df = _saved_csv(out, fig)
    cells = {(r.y, r.x): r.value for r in df[df["kind"] == "cell"].itertuples()}
    assert cells == {("law", "short"): "1", ("law", "long"): "2", ("data", "short"): "3", ("data", "long"): ""}


def test_bands_and_panels(out):
    fig, (a, b) = plt.subplots(1, 2)
    a.axhspan(0.75, 1.0, label="Very High")
    a.set_title("Levels")
    b.axvline(2020)
    df = _saved_csv(out, fig)
    band = df[df["kind"] == "band"].iloc[0]
    assert (band["panel"], float(band["base"]), float(band["value"]), band["series"]) == ("Levels", 0.75, 1.0, "Very High")
    assert df[df["kind"] == "reference_line"][["panel", "x"]].values.tolist() == [["panel 2", "2020"]]


def test_figure_gets_a_data_link_and_a_suggested_citation(out):
    from egovreport import __version__

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    saved = save_figure(fig, "trend_mn", caption="Caption.", source="Test data", alt="A test figure with data")
    assert saved.files["csv"] == "trend_mn.csv" and (out / "figures" / "trend_mn.csv").is_file()
    md = saved._repr_markdown_()
    assert "{download}`Өгөгдөл (CSV) <figures/trend_mn.csv>`" in md  # the page's language
    assert f"хувилбар {__version__}" in saved.citation and '"trend_mn"' in saved.citation
    from egovreport.i18n import t

    assert md.index("{download}") > md.index(f"*{t('common.made_by', 'mn')}:*")  # after the caption, inside the figure


def test_language_of_a_figure():
    assert figure_language(name="egdi_rank_trajectory_mng_en") == "en"
    assert figure_language(name="workshop_knowledge_change_mn_ILLUSTRATIVE") == "mn"
    assert figure_language(name="data_overview_coverage") == "en"
    assert figure_language("mn", name="data_overview_coverage") == "mn"  # the argument first


def test_figure_data_skips_colour_bars():
    fig, ax = plt.subplots()
    image = ax.imshow(np.ones((2, 2)))
    fig.colorbar(image)
    fig.canvas.draw()
    df = figure_data(fig)
    assert set(df["kind"]) == {"cell"} and len(df) == 4
    plt.close(fig)

"""EGDI figures: every label from the catalogue, Cyrillic renders, no overlapping labels
for Mongolia's default run, and caption/source/alt always present."""

from __future__ import annotations

import re
import warnings

import matplotlib.pyplot as plt
from matplotlib.text import Annotation
import pytest

from _egdi_helpers import inputs, project_env  # noqa: F401 (inputs: a fixture)
from _figure_checks import MIN_RENDERED_PT, empty_axes, legend_overlaps, lines_across_gaps, rendered_min_pt
from egovreport import egdi_analysis as ea
from egovreport import egdi_plots as ep
from egovreport.i18n import catalogue

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def all_figures(inputs, iso3: str, lang: str, edition: int = 2024) -> list[ep.EgdiFigure]:
    """Every EGDI figure of the five notebooks for one state (as drawn by the notebooks)."""
    name = ea.country_name(inputs, iso3)
    series = ea.country_series(inputs, iso3)
    bench = ea.benchmark_series(inputs, iso3)
    cur = inputs.edition_table(edition).loc[iso3]
    states = ea.all_states(inputs, edition)
    sel = ea.select_peers(inputs, iso3, edition)
    table = ea.peer_table(inputs, iso3, sel.peers, edition)
    leaders = ea.distance_to_leaders(inputs, iso3, edition)
    nxt, dist = ea.distance_to_next_level(cur["egdi"])
    with project_env():
        inp = ea.load_input_series()
    pairs = [(*ea.component_vs_input(inp, inputs, edition, c, i),) for c, i in (("tii", "internet_users_pct_wdi"), ("hci", "eys"))]
    return [
        ep.fig_framework(iso3, ep.state_name(iso3, name, lang), edition, cur.to_dict(), lang),
        ep.fig_level_distribution(states, iso3, ep.state_name(iso3, name, lang), edition,
                                  ea.rating_class_bounds(inputs, edition, ea.level_id(cur["egdi"])), lang),
        ep.fig_components_over_time(series, bench, iso3, name, lang),
        ep.fig_rank_trajectory(ea.rank_trajectory(inputs, iso3), iso3, name, lang),
        ep.fig_level_per_edition(series, iso3, name, lang),
        ep.fig_component_position(ea.component_diagnosis(inputs, iso3, edition),
                                  ea.limiting_component(inputs, iso3, edition), iso3, name, edition, lang),
        ep.fig_distances(leaders, nxt, dist, iso3, name, edition,
                         {c: ea.country_name(inputs, c) for c in leaders["iso3"].dropna()}, lang),
        ep.fig_decomposition(ea.decompose_changes(inputs, iso3), iso3, name, lang),
        ep.fig_input_trends(ea.input_trends(inp, inputs, iso3), ea.MISSING_INPUTS, iso3, name, lang),
        ep.fig_component_vs_input([(p[0], c, i, p[1]) for p, (c, i) in
                                   zip(pairs, (("tii", "internet_users_pct_wdi"), ("hci", "eys")))],
                                  iso3, name, edition, lang),
        ep.fig_slope(table, iso3, 2022, edition, lang),
        ep.fig_peer_components(table, iso3, edition, lang),
        ep.fig_all_states(states, iso3, sel.peers, edition, lang),
        ep.fig_components_over_time(series, bench, iso3, name, lang, indicators=("epi",), kind="epi_time"),
        ep.fig_epi_vs_osi(states, iso3, sel.peers, edition, lang),
    ]


def _texts(fig):
    """Visible, non-empty text artists of a figure (titles, labels, annotations, legends)."""
    out = []
    for t in fig.findobj(match=plt.Text):
        if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0:
            out.append(t)
    return out


def _overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of annotation/data labels (texts drawn inside axes) whose boxes intersect."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    bad = []
    for ax in fig.axes:
        texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        boxes = [(t.get_text(), ep._text_box(t, renderer) if isinstance(t, Annotation)
                  else t.get_window_extent(renderer)) for t in texts]
        boxes = [(s, b.shrunk(0.97, 0.9)) for s, b in boxes]
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                if boxes[i][1].overlaps(boxes[j][1]):
                    bad.append((boxes[i][0], boxes[j][0]))
    return bad


def reader_problems(f: ep.EgdiFigure, inputs=None, iso3: str | None = None) -> list[str]:  # noqa: F811
    """What a reader would see wrong: text under 9 pt in the book's text column, a legend over data,
    an empty panel, the state's line drawn across an edition in which it was not assessed."""
    out = []
    pt, text = rendered_min_pt(f.fig)
    if pt < MIN_RENDERED_PT:
        out.append(f"text {pt:.1f} pt in the column: {text[:30]!r}")
    out += legend_overlaps(f.fig) + [f"empty axes {a!r}" for a in empty_axes(f.fig)]
    if inputs is not None:
        series = ea.country_series(inputs, iso3)
        gaps = series.loc[series["egdi"].isna(), "edition"].tolist()
        for ax in f.fig.axes:
            own = [ln for ln in ax.get_lines() if ln.get_color() == ep.HIGHLIGHT and ln.get_linewidth() >= 2]
            for ln in own:
                out += [f"line across a gap: {x}" for x in lines_across_gaps(ln.axes, gaps) if ln.get_label() in x]
    return out


def test_catalogue_is_large_and_mongolian_labels_are_cyrillic():
    # same keys and placeholders in en and mn, draft-or-reviewed status: test_translations
    assert len({k for k in catalogue("en") if k.startswith("egdi.")}) > 200
    assert all(CYRILLIC.search(catalogue("mn")[k]) for k in ("egdi.level.very_high", "egdi.fig.rank.title"))


def test_mongolia_default_figures_have_no_overlapping_labels(inputs):
    figs = all_figures(inputs, "MNG", "en")
    problems = {}
    for f in figs:
        bad = _overlaps(f.fig) + reader_problems(f)
        if bad:
            problems[f.name] = bad
        assert f.caption and f.source and f.alt
        f.close()
    assert problems == {}
    assert len({f.name for f in figs}) == len(figs)  # no file-name collisions between notebooks


@pytest.mark.parametrize("iso3", ["MNG", "KAZ"])
def test_mongolian_figures_render_cyrillic(inputs, iso3):
    figs = all_figures(inputs, iso3, "mn")
    for f in figs:
        texts = [t.get_text() for t in _texts(f.fig)]
        assert any(CYRILLIC.search(s) for s in texts), f"{f.name}: no Cyrillic label"
        assert CYRILLIC.search(f.caption) and CYRILLIC.search(f.alt)
        assert reader_problems(f) == [], f.name  # longer Mongolian labels never shrink the text
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            f.png_base64(dpi=60)  # renders every glyph
        missing = [str(w.message) for w in caught if "missing from" in str(w.message).lower()]
        assert missing == [], f"{f.name}: {missing[:2]}"


def test_spread_positions_keeps_order_and_gap():
    pos = ep.spread_positions([0.50, 0.501, 0.502, 0.9], 0.02)
    assert pos == sorted(pos)
    assert min(b - a for a, b in zip(pos, pos[1:])) >= 0.02 - 1e-9
    assert pos[3] == pytest.approx(0.9)


@pytest.mark.parametrize("iso3", ["SOM", "DNK", "GBR"])
def test_figures_of_other_states_read_well(inputs, iso3):
    """Somalia (LDC, not assessed in 2004-2010: hatched, the line broken), Denmark (the world leader),
    the United Kingdom (a 52-character official name that must not widen any figure)."""
    problems = {}
    for f in all_figures(inputs, iso3, "en"):
        assert f.caption and f.alt
        bad = reader_problems(f, inputs, iso3)
        if bad:
            problems[f.name] = bad
        f.close()
    assert problems == {}


def test_time_series_titles_state_the_real_span_and_mark_editions_not_assessed(inputs):
    kir = ea.country_series(inputs, "KIR")  # first assessed in 2012
    f = ep.fig_components_over_time(kir, ea.benchmark_series(inputs, "KIR"), "KIR", "Kiribati", "en")
    assert "2012–2024" in f.fig.get_suptitle() and f.fig.axes[0].get_xlim()[0] > 2011
    f.close()
    som = ep.fig_rank_trajectory(ea.rank_trajectory(inputs, "SOM"), "SOM", "Somalia", "en")
    assert "2003–2024" in som.fig.get_suptitle()
    labels = [t.get_text() for lg in som.fig.legends for t in lg.get_texts()]
    assert "Not assessed" in labels
    ticks = som.fig.axes[0].get_xticks()
    assert all(float(t).is_integer() for t in ticks) and set(map(int, ticks)) <= set(inputs.editions)
    som.close()


def test_peer_values_are_told_apart(inputs):
    """Peers with close values read with 4 decimals on an axis spanning the values, not 0–1."""
    sel = ea.select_peers(inputs, "MNG", 2024)
    table = ea.peer_table(inputs, "MNG", sel.peers, 2024)
    f = ep.fig_peer_components(table, "MNG", 2024, "en")
    ax = f.fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert len(set(labels)) == len(labels) == len(table) and all(len(x) == 6 for x in labels)
    assert ax.get_xlim()[0] > 0.5
    assert all(t.get_color() != "white" for a in f.fig.axes for t in a.texts)
    f.close()


@pytest.mark.parametrize("iso3, has_next_level", [("MNG", False), ("FJI", True)])
def test_distance_figure_names_the_next_level_only_below_very_high(inputs, iso3, has_next_level):
    edition = 2024
    leaders = ea.distance_to_leaders(inputs, iso3, edition)
    nxt, dist = ea.distance_to_next_level(inputs.edition_table(edition).loc[iso3, "egdi"])
    assert (nxt is not None) == has_next_level
    f = ep.fig_distances(leaders, nxt, dist, iso3, ea.country_name(inputs, iso3), edition,
                         {c: ea.country_name(inputs, c) for c in leaders["iso3"].dropna()}, "en")
    title = f.fig.get_suptitle()
    labels = [t.get_text() for t in f.fig.axes[0].get_yticklabels()]
    assert ("next level" in title) == has_next_level and ("next EGDI level" in f.caption) == has_next_level
    assert len(labels) == len(leaders) + has_next_level
    f.close()


def test_input_trends_mark_the_years_with_a_value_and_never_bridge_a_missing_year():
    import numpy as np
    import pandas as pd

    years = [2000, 2001, 2005, 2006]  # nothing in 2002–2004
    trends = pd.DataFrame({"indicator": "mys", "component": "hci", "unit": "years", "year": years,
                           "value": [7.0, 7.2, 8.0, np.nan], "median": [8.0, 8.1, 8.5, 8.6], "n": 100})
    fig = ep.fig_input_trends(trends, {}, "MNG", "Mongolia", "en").fig
    own = [ln for ln in fig.axes[0].get_lines() if ln.get_color() == ep.HIGHLIGHT][0]
    assert own.get_marker() == "o"
    drawn = dict(zip(np.asarray(own.get_xdata(), int), np.asarray(own.get_ydata(), float)))
    # every year between has its own (empty) point, so the line stops at 2001 and restarts at 2005
    assert all(np.isnan(drawn[y]) for y in (2002, 2003, 2004, 2006))
    assert drawn[2001] == 7.2 and drawn[2005] == 8.0
    plt.close(fig)

"""Figures: build in both languages, carry the illustrative label, show missing/suppressed apart."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from egovreport.governance import plots
from egovreport.governance.scoring import rank_stability, score_cells, sensitivity_rankings

from _governance_helpers import desk, survey_agg


@pytest.fixture(scope="module")
def inputs():
    d = desk({"policy.privacy": (1, "A"), "policy.security": (3, "B"), "people.identity": (0, "A"),
              "processes.sharing": (2, "A")})
    s = survey_agg({"policy.privacy": [3] * 5, "policy.security": [3, 3, 4, 4, 2],
                    "institutions.sharing": [1, 2, 2, 2, 3], "people.sharing": [1, 2, 3]})
    return d, s, score_cells(d, s)


def _texts(fig):
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [ax.get_title()] + [t.get_text() for t in ax.texts]
        out += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
    if fig._suptitle is not None:
        out.append(fig._suptitle.get_text())
    return out


@pytest.mark.parametrize("lang, label, watermark", [("en", "ILLUSTRATIVE DATA", "ILLUSTRATIVE"),
                                                    ("mn", "ЖИШЭЭ ӨГӨГДӨЛ", "ЖИШЭЭ")])
def test_every_figure_is_labelled_illustrative(inputs, lang, label, watermark):
    d, s, sc = inputs
    r = sensitivity_rankings(d, s)
    figs = [plots.level_heatmap(sc, lang=lang, illustrative=True),
            plots.survey_heatmap(s, min_group_size=5, lang=lang, illustrative=True),
            plots.gap_heatmap(sc, "medium", lang=lang, illustrative=True),
            plots.perception_vs_evidence(sc, s, min_group_size=5, lang=lang, illustrative=True),
            plots.priority_chart(sc, lang=lang, illustrative=True),
            plots.sensitivity_chart(r, rank_stability(r), lang=lang, illustrative=True)]
    for fig, alt in figs:
        texts = _texts(fig)
        assert any(t.startswith(label) for t in texts), texts
        assert watermark in texts
        assert alt
        plt.close(fig)


def test_no_label_for_real_data(inputs):
    _, _, sc = inputs
    fig, _ = plots.level_heatmap(sc, illustrative=False)
    assert not any("ILLUSTRATIVE" in t for t in _texts(fig))
    plt.close(fig)


def test_not_assessed_and_suppressed_cells_are_marked_differently(inputs):
    _, s, sc = inputs
    fig, _ = plots.level_heatmap(sc)
    texts = _texts(fig)
    assert texts.count("n/a") == int(sc["current_level"].isna().sum())
    plt.close(fig)
    fig, alt = plots.survey_heatmap(s, min_group_size=5)
    texts = _texts(fig)
    assert texts.count("sup.") == int(s["suppressed"].sum()) == 21
    assert "n/a" not in texts and alt.endswith("fewer than 5 level answers): 21.")
    plt.close(fig)


def test_caption_prefix():
    assert plots.caption_prefix(True) == "[ILLUSTRATIVE DATA] "
    assert plots.caption_prefix(False) == ""


def _figures(inputs, lang):
    d, s, sc = inputs
    r = sensitivity_rankings(d, s)
    return {"level": plots.level_heatmap(sc, lang=lang, illustrative=True)[0],
            "survey": plots.survey_heatmap(s, min_group_size=5, lang=lang)[0],
            "gap": plots.gap_heatmap(sc, "medium", lang=lang)[0],
            "perception": plots.perception_vs_evidence(sc, s, min_group_size=5, lang=lang, illustrative=True)[0],
            "priority": plots.priority_chart(sc, lang=lang)[0],
            "sensitivity": plots.sensitivity_chart(r, rank_stability(r), lang=lang, illustrative=True)[0]}


def _overlapping(labels) -> list[tuple[str, str]]:
    renderer = labels[0].get_figure().canvas.get_renderer() if labels else None
    boxes = [(lab.get_text(), lab.get_window_extent(renderer)) for lab in labels if lab.get_text().strip()]
    return [(a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1:] if box_a.overlaps(box_b)]


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_grid_labels_never_run_into_each_other(inputs, lang):
    """The 4 × 6 grids (analysis figures and the reader page's, desktop and phone): no two column
    names and no two row names share any pixel."""
    from egovreport import reader_figures
    from egovreport.figures import COLUMN_WIDTH_IN, PHONE_WIDTH_IN

    _, _, sc = inputs
    levels = {c: (None if pd.isna(v) else int(v)) for c, v in zip(sc["cell_id"], sc["current_level"])}
    grids = {name: fig for name, fig in _figures(inputs, lang).items() if name in ("level", "survey", "gap")}
    for width in (COLUMN_WIDTH_IN, PHONE_WIDTH_IN):
        grids[f"reader {width} in"] = reader_figures.level_grid(levels, lang, width, title="Desk-review level")
    for name, fig in grids.items():
        fig.canvas.draw()
        ax = fig.axes[0]
        assert len(ax.get_xticklabels()) == 4 and len(ax.get_yticklabels()) == 6, name  # pillars × elements
        assert not _overlapping(ax.get_xticklabels()), (name, _overlapping(ax.get_xticklabels()))
        assert not _overlapping(ax.get_yticklabels()), (name, _overlapping(ax.get_yticklabels()))
        plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_figures_fit_the_desktop_column_with_text_of_9_pt(inputs, lang):
    """Shown no wider than the desktop text column, the smallest text is still 9 pt: the book
    never needs to scroll these figures sideways on a desktop screen."""
    from _figure_checks import saved_width_px
    from egovreport.book_chrome import legible_width_px
    from egovreport.figures import DESKTOP_COLUMN_PX, min_font_pt

    for name, fig in _figures(inputs, lang).items():
        width = legible_width_px({"png_width_px": saved_width_px(fig), "min_font_pt": min_font_pt(fig)})
        assert width <= DESKTOP_COLUMN_PX, f"{name}: legible only from {width} px"
        plt.close(fig)

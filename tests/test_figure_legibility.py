"""Chart text is at least 9 pt as rendered: in the desktop text column (1280 px screen) and on a
390 px phone. The rendered size is computed from each figure's smallest font, its PNG width and
the column width (egovreport.figures.rendered_pt); tests/test_browser_layout.py measures the
columns and the figures in Chromium."""

from __future__ import annotations

import json
import re

import pytest

from egovreport.figures import DESKTOP_COLUMN_PX, MIN_RENDERED_PT, PHONE_COLUMN_PX, rendered_pt


def test_rendered_size_follows_the_png_width_and_the_column():
    # 9 pt text in a 150-dpi PNG: 18.75 image px; shown 1:1 that is 14.06 CSS pt
    assert rendered_pt(9, 600, 688) == pytest.approx(9 * 150 / 72 * 0.75)
    # a PNG twice as wide as the column is shown at half size
    assert rendered_pt(9, 1376, 688) == pytest.approx(9 * 150 / 72 * 0.75 / 2)


def _series():
    return [{"edition": e, "egdi": 0.3 + i * 0.05, "osi": 0.2 + i * 0.06, "tii": 0.1 + i * 0.07,
             "hci": 0.8 - i * 0.01} for i, e in enumerate([2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016,
                                                            2018, 2020, 2022, 2024])]


def _reader_figures(lang):
    from egovreport import reader_figures as rf
    from egovreport.governance.framework import CELL_IDS

    levels = {c: (None if i % 5 == 0 else i % 5) for i, c in enumerate(CELL_IDS)}
    long_names = ["Government agency or authority", "International organisation or foreign expert",
                  "Other public body (council, secretariat, fund)", "Ministry"]
    return {
        "trend": lambda w: rf.egdi_trend(_series(), lang, w, title="Mongolia: EGDI and its components, 2003–2024"),
        "dots": lambda w: rf.value_dots([{"id": c, "label": n, "value": v} for c, n, v in
                                         [("MNG", "Mongolia", 0.8457), ("KAZ", "Kazakhstan", 0.8896),
                                          ("CHN", "China", 0.8718), ("UZB", "Uzbekistan", 0.8417)]],
                                        "MNG", lang, w, title="EGDI 2024: the country and its peers", xlabel="EGDI",
                                        references=[("World average", 0.6382), ("Asia average", 0.6990)]),
        "grid": lambda w: rf.level_grid(levels, lang, w, title="Desk-review level per pillar and element",
                                        changed={"people.privacy": 2}),
        "bars": lambda w: rf.grouped_bars(long_names, {"Day 1": [20, 6, 5, 21], "Day 2": [19, 6, 4, 19]}, lang, w,
                                          title="Participants by type of organisation", xlabel="Participants"),
        "stacked": lambda w: rf.grouped_bars(long_names, {"higher": [.5, .4, .3, .6], "same": [.4, .5, .6, .3],
                                                          "lower": [.1, .1, .1, .1]}, lang, w, title="Knowledge",
                                             xlabel="Share", stacked=True, value_format="{:.0%}"),
    }


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_reader_figures_are_legible_in_the_column_and_on_a_phone(tmp_path, monkeypatch, lang):
    from egovreport.figures import COLUMN_WIDTH_IN, PHONE_WIDTH_IN, save_figure

    monkeypatch.setenv("EGOVREPORT_OUTPUT_DIR", str(tmp_path))
    for name, draw in _reader_figures(lang).items():
        saved = save_figure(draw(COLUMN_WIDTH_IN), f"{name}_{lang}", caption="c", source="s", alt="a",
                            narrow=draw(PHONE_WIDTH_IN), language=lang)
        assert saved.min_font_pt >= 9 and saved.narrow["min_font_pt"] >= 9, name
        assert rendered_pt(saved.min_font_pt, saved.png_width_px, DESKTOP_COLUMN_PX) >= MIN_RENDERED_PT, name
        assert rendered_pt(saved.narrow["min_font_pt"], saved.narrow["png_width_px"], PHONE_COLUMN_PX) >= \
            MIN_RENDERED_PT, name
        sidecar = json.loads((tmp_path / "figures" / f"{name}_{lang}.json").read_text(encoding="utf-8"))
        assert sidecar["narrow"]["file"] == f"{name}_{lang}_narrow.png" and sidecar["language"] == lang


def test_the_global_style_sets_no_text_under_9_pt():
    import matplotlib.pyplot as plt

    from egovreport.figures import COLUMN_WIDTH_IN, apply_style, min_font_pt

    apply_style()
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4], label="a")
    ax.set_title("t"), ax.set_xlabel("x"), ax.set_ylabel("y"), ax.legend(title="l")
    assert min_font_pt(fig) >= 9
    assert fig.get_size_inches()[0] == COLUMN_WIDTH_IN <= DESKTOP_COLUMN_PX / 96
    plt.close(fig)


# --- the real report -------------------------------------------------------------------------

READER = re.compile(r"^(key_findings|background|day1|day2|outcomes|action_plan|evaluation|policy_brief|"
                    r"annex_methodology|annex_data_sources|annex_stakeholders)_(en|mn)$")


def _figures_of(notebook) -> list[str]:
    text = notebook.read_text(encoding="utf-8")
    return sorted(set(re.findall(r"figures/([A-Za-z0-9_]+?)\.png", text)) - {n for n in re.findall(
        r"figures/([A-Za-z0-9_]+?_narrow)\.png", text)})


@pytest.mark.slow
def test_every_figure_of_the_report_renders_text_of_at_least_9_pt(real_report):
    """Reader pages: no scrolling needed (a phone variant where the column is too narrow).
    Every page (methods too): legible at the width under which the book does not shrink it."""
    from egovreport.book_chrome import legible_width_px

    generated = real_report.root / "book" / "generated"
    reader_figs, problems = set(), []
    for notebook in sorted(generated.glob("*.ipynb")):
        for name in _figures_of(notebook):
            sidecar = json.loads((generated / "figures" / f"{name}.json").read_text(encoding="utf-8"))
            width = legible_width_px(sidecar)
            if rendered_pt(sidecar["min_font_pt"], sidecar["png_width_px"], width) < MIN_RENDERED_PT - 0.05:
                problems.append(f"{notebook.stem}: {name}: smallest text {sidecar['min_font_pt']} pt")
            if READER.match(notebook.stem) and not notebook.stem.startswith("policy_brief"):
                reader_figs.add(name)
                desktop = rendered_pt(sidecar["min_font_pt"], sidecar["png_width_px"], DESKTOP_COLUMN_PX)
                narrow = sidecar.get("narrow")
                phone = rendered_pt(narrow["min_font_pt"], narrow["png_width_px"], PHONE_COLUMN_PX) if narrow \
                    else rendered_pt(sidecar["min_font_pt"], sidecar["png_width_px"], PHONE_COLUMN_PX)
                if desktop < MIN_RENDERED_PT or phone < MIN_RENDERED_PT:
                    problems.append(f"{notebook.stem}: {name}: {desktop:.1f} pt desktop, {phone:.1f} pt phone")
    assert len(reader_figs) >= 10, sorted(reader_figs)  # both languages
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_every_figure_of_the_report_fits_the_desktop_column_with_9_pt_text(real_report):
    """Shown at the desktop text column's width (or narrower), every figure of every page, the
    methods pages too, keeps its smallest text at 9 pt: none has to scroll sideways on a desktop."""
    from egovreport.book_chrome import legible_width_px

    generated = real_report.root / "book" / "generated"
    problems, checked = [], 0
    for notebook in sorted(generated.glob("*.ipynb")):
        for name in _figures_of(notebook):
            sidecar = json.loads((generated / "figures" / f"{name}.json").read_text(encoding="utf-8"))
            checked += 1
            width = legible_width_px(sidecar)
            if width > DESKTOP_COLUMN_PX:
                problems.append(f"{notebook.stem}: {name}: {sidecar['png_width_px']} px with "
                                f"{sidecar['min_font_pt']}-pt text needs {width} px")
    assert checked > 30
    assert not problems, "\n".join(problems)

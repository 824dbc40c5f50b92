"""The per-language books (egovreport.pipeline.book, egovreport.book_chrome): one ToC per
language with the same reader pages, counterpart links, translated page chrome, figures with a
phone variant served as one <picture>, and the reader pages free of tutorial scaffolding."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BOOK = REPO / "book"


def _toc_files(path: Path) -> list[str]:
    from egovreport.pipeline.book import toc_pages

    return toc_pages(path.read_text(encoding="utf-8"))


def test_every_reader_page_has_a_counterpart_in_the_other_book():
    en, mn = _toc_files(BOOK / "_toc.yml"), _toc_files(BOOK / "_toc_mn.yml")
    en_reader = [p for p in en if p.endswith("_en")]
    assert [p[:-3] + "_mn" for p in en_reader] == [p for p in mn if p.endswith("_mn")]
    # the spine of issue 14, in reading order
    spine = [p.split("/")[-1][:-3] for p in en_reader]
    assert spine == ["key_findings", "background", "day1", "day2", "outcomes", "action_plan", "evaluation",
                     "policy_brief", "explore_data", "annex_methodology", "annex_data_sources", "annex_stakeholders",
                     "methods"]
    # the Mongolian book has no English page: its methods part is one page that points at English
    assert all(p.endswith("_mn") for p in mn)


def test_reader_notebooks_are_per_language_in_the_pipeline():
    from egovreport.pipeline.config import load_pipeline
    from egovreport.reader import READER_PAGES

    entries = {e.id: e for e in load_pipeline(REPO).notebooks}
    for page in READER_PAGES:
        assert entries[page].per_language, page


READER_NOTEBOOKS = ["00_key_findings", "40_background", "41_day1", "42_day2", "43_outcomes", "44_action_plan",
                    "45_evaluation", "90_annex_data_sources", "92_annex_stakeholders", "93_annex_methodology"]
SCAFFOLDING = re.compile(r"^#+\s*(Overview|Prerequisites|Imports|Summary|What's next|Time to learn)\b",
                         re.M | re.I)


@pytest.mark.parametrize("name", READER_NOTEBOOKS)
def test_reader_notebooks_show_no_code_and_no_tutorial_scaffolding(name):
    nb = json.loads((REPO / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
    titles = {}
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        tags = cell["metadata"].get("tags", [])
        if cell["cell_type"] == "code":
            # no code on the page: removed, or hidden with its output shown, never a toggle
            assert {"remove-cell", "remove-input", "parameters"} & set(tags), (name, source[:60])
            assert not any(t.startswith("hide-") for t in tags), name
        else:
            assert not SCAFFOLDING.search(source), (name, source[:60])
            for tag in tags:
                if tag.startswith("lang-") and source.startswith("# "):
                    titles[tag] = titles.get(tag, 0) + 1
    assert titles == {"lang-en": 1, "lang-mn": 1}, name


def test_per_language_pages_keep_their_own_language_cells():
    from egovreport.book_language_cells import filter_notebook

    nb = json.loads((REPO / "notebooks" / "41_day1.ipynb").read_text(encoding="utf-8"))
    nb["metadata"]["papermill"] = {"parameters": {"language": "mn"}}
    kept = json.loads(filter_notebook(json.dumps(nb)))["cells"]
    headings = [("".join(c["source"])) for c in kept if c["cell_type"] == "markdown"]
    assert headings[0].startswith("# 1-р өдөр") and not any("Sessions" in h for h in headings)


def test_counterpart_links_lead_to_the_same_page_in_the_other_book():
    from egovreport.book_chrome import language_links

    editions = {"en": {"root_url": "", "root": "generated/key_findings_en",
                       "pages": ["generated/key_findings_en", "generated/day1_en", "generated/egdi_framework"]},
                "mn": {"root_url": "mn/", "root": "generated/key_findings_mn",
                       "pages": ["generated/key_findings_mn", "generated/day1_mn"]}}
    assert language_links("generated/day1_en", "en", editions) == [
        {"lang": "mn", "label": "Монгол", "url": "../mn/generated/day1_mn.html"}]
    # an English-only methods page leads to the front page of the Mongolian book
    assert language_links("generated/egdi_framework", "en", editions)[0]["url"] == \
        "../mn/generated/key_findings_mn.html"
    back = {"en": {**editions["en"], "root_url": "../"}, "mn": {**editions["mn"], "root_url": ""}}
    assert language_links("generated/day1_mn", "mn", back)[0]["url"] == "../../generated/day1_en.html"
    assert language_links("search", "mn", back)[0]["url"] == "../search.html"


def test_a_figure_with_a_phone_variant_becomes_one_picture():
    from egovreport.book_chrome import PHONE_MEDIA, picture_markup

    body = ('<p>x</p><figure class="align-default egov-picture" id="fig-a">\n'
            '<img alt="A chart" src="../_images/a_en.png" />\n<figcaption>\n<p><span class="caption-number">'
            'Fig. 1 </span><span class="caption-text">Caption.</span></p>\n<div class="legend">\n'
            '<img alt="A chart" class="egov-narrow-source" src="../_images/a_en_narrow.png" />\n</div>\n'
            '</figcaption>\n</figure><figure><img src="b.png"/></figure>')
    out = picture_markup(body)
    assert out.count("<img") == 2  # one per figure
    assert (f'<picture><source media="{PHONE_MEDIA}" srcset="../_images/a_en_narrow.png">'
            '<img alt="A chart" src="../_images/a_en.png" /></picture>') in out
    assert 'class="legend"' not in out and '<figure><img src="b.png"/></figure>' in out


def test_saved_figure_markdown_carries_the_phone_variant_and_translated_caption():
    from egovreport.figures import SavedFigure

    fig = SavedFigure(name="x_mn", caption="Гарчиг.", source="НҮБ", alt="Тайлбар", notebook="day1_mn",
                      commit="abcdef1234567", files={}, language="mn",
                      narrow={"file": "x_mn_narrow.png", "png_width_px": 480, "min_font_pt": 9.0})
    text = fig._repr_markdown_()
    assert ":figclass: egov-picture" in text and "figures/x_mn_narrow.png" in text
    assert "*Эх сурвалж:* НҮБ." in text and "*Боловсруулсан:* Дэвтэр `day1_mn`" in text
    assert "Source" not in text and "Made by" not in text


def test_effective_toc_of_each_language_drops_pages_not_built(project):
    from egovreport.pipeline import book as bookmod
    from egovreport.pipeline.config import load_pipeline

    (project / "book" / "_toc_mn.yml").write_text(
        "format: jb-book\nroot: generated/fx_summary_mn\nchapters:\n  - file: generated/fx_profile\n",
        encoding="utf-8")
    generated = project / "book" / "generated"
    generated.mkdir(parents=True)
    (generated / "fx_profile.ipynb").write_text("{}")
    ids = load_pipeline().all_possible_ids(["en", "mn"])
    assert bookmod.book_languages() == ["en", "mn"]
    # the root page is absent (a --languages en run): the first remaining page becomes the root
    toc = yaml.safe_load(bookmod.effective_toc(ids, "mn"))
    assert toc["root"] == "generated/fx_profile" and "chapters" not in toc  # an empty list is invalid


def test_a_language_with_only_static_pages_in_this_run_gets_no_book(project):
    """A `--languages en` run: the Mongolian ToC keeps only its static methods page, which alone
    would make an invalid ToC (`parts: []`) and a book with nothing of this run in it."""
    from egovreport.pipeline import book as bookmod
    from egovreport.pipeline.config import load_pipeline

    (project / "book" / "_toc_mn.yml").write_text(
        "format: jb-book\nroot: generated/fx_summary_mn\nparts:\n  - caption: A\n    chapters:\n"
        "      - file: generated/fx_summary_mn\n  - caption: B\n    chapters:\n      - file: pages/methods_mn\n",
        encoding="utf-8")
    ids = load_pipeline().all_possible_ids(["en", "mn"]) | {"fx_summary_mn"}
    toc = yaml.safe_load(bookmod.effective_toc(ids, "mn"))
    assert toc == {"format": "jb-book", "root": "pages/methods_mn"}
    assert not any(p.startswith("generated/") for p in bookmod.toc_pages(bookmod.effective_toc(ids, "mn")))
    assert "mn" not in bookmod.run_tocs(ids)


def test_chrome_catalogues_compile_with_the_search_page_strings(tmp_path, project):
    from babel.messages.mofile import read_mo

    from egovreport.pipeline.book import compile_catalogues

    (project / "book" / "_locales").mkdir(exist_ok=True)
    import shutil
    shutil.copytree(BOOK / "_locales", project / "book" / "_locales", dirs_exist_ok=True)
    out = compile_catalogues(tmp_path)
    assert set(out) == {"mn"}
    folder = tmp_path / "mn" / "LC_MESSAGES"
    with open(folder / "booktheme.mo", "rb") as fh:
        assert read_mo(fh).get("Download this page").string == "Энэ хуудсыг татах"
    with open(folder / "sphinx.mo", "rb") as fh:
        sphinx = read_mo(fh)
    assert sphinx.get("Fig. %s").string == "Зураг %s"
    js = (folder / "sphinx.js").read_text(encoding="utf-8")
    assert js.startswith("Documentation.addTranslations(") and "Хайлтын үр дүн" in js
    assert "Зураг" not in js  # only the messages the JavaScript uses


def test_language_config_sets_language_title_and_the_other_books(project):
    import shutil

    from egovreport.pipeline.book import language_config

    shutil.copyfile(BOOK / "_config_mn.yml", project / "book" / "_config_mn.yml")
    editions = {"en": {"root": "intro", "pages": ["intro"]}, "mn": {"root": "a_mn", "pages": ["a_mn"]}}
    cfg = language_config("mn", editions, Path("/x/locale"))
    sphinx = cfg["sphinx"]["config"]
    assert sphinx["language"] == "mn" and sphinx["locale_dirs"] == ["/x/locale"]
    assert cfg["title"].startswith("Цахим засаг")
    assert sphinx["html_theme_options"]["search_bar_text"] == "Энэ тайлангаас хайх..."
    assert sphinx["html_theme_options"]["article_header_end"][0] == "language-switch.html"  # merged, not replaced
    assert sphinx["egov_editions"]["en"]["root_url"] == "../" and sphinx["egov_editions"]["mn"]["root_url"] == ""


def test_figures_never_shrink_below_legible_text():
    from egovreport.book_chrome import legible_figures, legible_width_px

    # smallest text 7.5 pt in a 1217 px PNG at 150 dpi: 9 pt needs 1217 * 9 / (7.5 * 1.5625) px
    sidecar = {"png_width_px": 1217, "min_font_pt": 7.5,
               "narrow": {"png_width_px": 500, "min_font_pt": 9.0}}
    assert legible_width_px(sidecar) == 935
    assert legible_width_px(sidecar, narrow=True) == 320
    assert legible_width_px({"png_width_px": 400, "min_font_pt": 3.0}) == 400  # never above natural size
    body = ('<figure id="a"><img alt="x" src="../_images/f_en.png" /><figcaption>c</figcaption></figure>'
            '<p><img src="../_images/logo.png"></p>'
            '<figure id="b"><picture><source media="m" srcset="../_images/g_narrow.png">'
            '<img src="../_images/g.png" /></picture></figure>')
    sidecars = {"f_en": sidecar, "g": sidecar}
    out = legible_figures(body, sidecars.get)
    assert ('<div class="egov-figure-scroll" style="--egov-min-w: 935px; --egov-min-w-phone: 935px">'
            '<img alt="x" src="../_images/f_en.png" /></div>') in out
    assert '--egov-min-w: 935px; --egov-min-w-phone: 320px"><picture>' in out
    assert '<p><img src="../_images/logo.png"></p>' in out  # not a figure: untouched

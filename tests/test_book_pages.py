"""Generated pages of the report: language cells, annexes from the data, expected outcomes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from _brief_helpers import make_root

REPO = Path(__file__).resolve().parents[1]


def _language_cells():
    from egovreport import book_language_cells
    return book_language_cells


def _nb(language):
    meta = {"papermill": {"parameters": {"language": language}}} if language else {}
    cells = [{"cell_type": "markdown", "metadata": {"tags": ["lang-en"]}, "source": "# Key findings"},
             {"cell_type": "markdown", "metadata": {"tags": ["lang-mn"]}, "source": "# Гол дүгнэлт"},
             {"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": []}]
    return json.dumps({"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5})


@pytest.mark.parametrize("language, kept", [("mn", "# Гол дүгнэлт"), ("en", "# Key findings"),
                                            (None, "# Key findings")])
def test_page_keeps_only_the_cells_of_its_language(language, kept):
    out = json.loads(_language_cells().filter_notebook(_nb(language)))
    sources = [c["source"] for c in out["cells"]]
    assert sources == [kept, "x = 1"]


def test_per_language_notebooks_have_a_title_in_every_language():
    from egovreport.i18n import LANGUAGES

    for name in ("00_key_findings.ipynb", "30_policy_brief.ipynb"):
        nb = json.loads((REPO / "notebooks" / name).read_text(encoding="utf-8"))
        for lang in LANGUAGES:
            titles = [c for c in nb["cells"] if c["cell_type"] == "markdown"
                      and f"lang-{lang}" in c["metadata"].get("tags", [])
                      and "".join(c["source"]).startswith("# ")]
            assert len(titles) == 1, (name, lang)


def test_data_sources_annex_lists_every_raw_card_with_its_licence():
    from egovreport import bookpages
    from egovreport.sources import read_source_card, source_ids

    text = bookpages.data_sources_markdown("en")
    ids = source_ids()
    assert len(ids) >= 5
    for sid in ids:
        card = read_source_card(sid)
        # a placeholder such as <year> in a title shows as written, not as an HTML tag
        assert f"### {card['title'].replace('<', '&lt;')}" in text
        assert str(card["licence"]).split(";")[0][:30] in text
        assert f"<../../data/raw/{sid}/SOURCE.md>" in text


def test_data_dictionary_annex_is_built_from_the_dictionary(tmp_path, monkeypatch):
    from egovreport import bookpages, datasets

    processed = tmp_path / "data" / "processed"
    processed.mkdir(parents=True)
    (processed / "data_dictionary.csv").write_text(
        "table,column,type,unit,description,source\n"
        "egdi_wide_2022,iso3,string,,ISO code,UN\n"
        "egdi_wide_2024,iso3,string,,ISO code,UN\n"
        "country_groupings,region,string,,M49 region | with a pipe,UNSD\n", encoding="utf-8")
    for name in ("egdi_wide_2022", "egdi_wide_2024", "country_groupings"):
        (processed / f"{name}.csv").write_text("iso3\nMNG\n", encoding="utf-8")
    monkeypatch.setenv("EGOVREPORT_ROOT", str(tmp_path))
    datasets.clear_cache()
    text = bookpages.data_dictionary_markdown("en")
    assert text.count("### `egdi_wide_<edition>`") == 1 and "### `country_groupings`" in text
    assert "<../../data/processed/egdi_wide_2022.csv>" in text and "<../../data/processed/egdi_wide_2024.csv>" in text
    assert "M49 region \\| with a pipe" in text


def test_placeholders_in_table_cells_are_shown_not_parsed_as_html():
    """'data/raw/<source>/SOURCE.md' in the data dictionary was an unescaped <source> tag."""
    from egovreport.bookpages import markdown_table

    table = markdown_table(["Column", "Source"], [["source", "data/raw/<source>/SOURCE.md"], ["x", "a<br>b"]])
    assert "data/raw/&lt;source>/SOURCE.md" in table and "<source>" not in table
    assert "a<br>b" in table  # a line break inside a cell stays one


def test_stakeholder_annex_lists_institutions_only(tmp_path, monkeypatch):
    from egovreport import bookpages

    folder = tmp_path / "data" / "country" / "MNG"
    folder.mkdir(parents=True)
    (folder / "stakeholders.csv").write_text(
        "institution_id,name_en,name_mn,type,sector,concept_note_no\n"
        "nso,National Statistics Office,Үндэсний статистикийн хороо,agency,statistics,34\n"
        "bom,Bank of Mongolia,Монголбанк,central_bank,finance,2\n", encoding="utf-8")
    monkeypatch.setenv("EGOVREPORT_ROOT", str(tmp_path))
    en = bookpages.stakeholders_markdown("MNG", "en")
    assert "The 2 institutions invited" in en and "order of the concept note" in en
    assert en.index("Bank of Mongolia") < en.index("National Statistics Office")  # concept-note order
    assert "<../../data/country/MNG/stakeholders.csv>" in en
    mn = bookpages.stakeholders_markdown("MNG", "mn")
    assert "Монголбанк" in mn and "Bank of Mongolia" not in mn
    assert not re.search(r"[\w.]+@[\w.]+", en)
    assert "{download}`stakeholders.csv <" in en  # the link names the file, not a repository path
    # another state's list, not from a concept note: no claim that it was invited in its order
    (folder / "stakeholders.csv").write_text("institution_id,name_en,name_mn,type,sector,concept_note_no\n"
                                             "nso,Statistics Agency,Статистикийн агентлаг,agency,statistics,\n",
                                             encoding="utf-8")
    other = bookpages.stakeholders_markdown("MNG", "en")
    assert "concept note" not in other and "invited" not in other and "with their type: 1." in other
    assert "`data/country/MNG/stakeholders.csv`" in other


def test_expected_outcomes_map_all_five_outcomes_to_findings(tmp_path, monkeypatch):
    from egovreport import bookpages
    from egovreport.brief import load_inputs

    root = make_root(tmp_path / "p")
    monkeypatch.setenv("EGOVREPORT_ROOT", str(root))
    items = bookpages.expected_outcomes(load_inputs("MNG", 2024, "en"))
    assert len(items) == 5
    assert "0.6123" in items[0]["found"][0][0] and not items[0]["found"][0][1]
    # day-1 topics only (the instrument says which day each topic belongs to)
    assert ("higher after the workshop on 1 of the 1 topics of this day tested (29 paired responses).", True) in \
        [(t.split("knowledge was ")[-1], i) for t, i in items[0]["found"]]
    assert any("on 1 of the 2 topics of this day" in t for t, _ in items[1]["found"])
    assert items[2]["found"] == []  # no survey or stakeholder results in this build
    assert "2 interventions" in items[4]["found"][0][0]
    (root / "book" / "generated" / "governance_gaps.ipynb").write_text("{}", encoding="utf-8")
    text = bookpages.expected_outcomes_markdown("MNG", 2024, "en")
    assert text.count("{doc}`governance_gaps`") == 2 and "{doc}`egdi_framework`" not in text
    assert "*[ILLUSTRATIVE DATA]*" in text


def test_methodology_annex_takes_levels_and_rules_from_the_package_and_instrument():
    from egovreport import bookpages, evaluation, methodology
    from egovreport.governance.framework import load_framework

    text = bookpages.methodology_markdown("en")
    for name, (lo, hi) in methodology.LEVEL_BOUNDS.items():
        assert f"| {name} | {lo:.2f} | {hi:.2f} |" in text
    for r in load_framework("en")["rules"].itertuples():
        assert f"- {r.description}" in text
    assert f"{evaluation.BOOTSTRAP_RESAMPLES} resamples, seed {evaluation.BOOTSTRAP_SEED}" in " ".join(text.split())
    # the rating-class note once, not again in the data notes
    assert text.count(methodology.RATING_CLASS_NOTE) == 1 and "Rating classes: Rating classes" not in text
    mn = bookpages.methodology_markdown("mn")
    assert "| Маш өндөр | 0.75 | 1.00 |" in mn and "Дүрэм:" in mn

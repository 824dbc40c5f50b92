"""A Mongolian reviewer's findings in the Mongolian book, each kept fixed: action texts, capital
letters at the start of sentences and table cells, link labels to English-only pages, the
draft-translation notice on every page, consistent terms and numbers, the run-parameters box.

The unit tests check the code and the catalogue; the ``slow`` tests read the real report's built
Mongolian pages (``real_report``)."""

from __future__ import annotations

import html
import re

import pytest

from egovreport.i18n import capitalise


@pytest.mark.parametrize("text, expected", [
    ("«өгөгдлийн аюулгүй байдал» чиглэлийн", "«Өгөгдлийн аюулгүй байдал» чиглэлийн"),
    ("«цахим үнэмлэх ба төрийн өгөгдөлтэй уялдаа» чиглэлийн", "«Цахим үнэмлэх ба төрийн өгөгдөлтэй уялдаа» чиглэлийн"),
    ("**[жишээ]** text", "**[Жишээ]** text"),
    ("(“the Africa average” …)", "(“The Africa average” …)"),
    ("the Africa average", "The Africa average"),
    ("e-Mongolia Academy", "E-Mongolia Academy"),
    ("Already capital", "Already capital"),
    ("0.6990", "0.6990"),
    ("`peers`", "`peers`"),
    ("{doc}`annex_methodology_en`", "{doc}`annex_methodology_en`"),
    ("data/raw/<source>/SOURCE.md", "data/raw/<source>/SOURCE.md"),
    ("opendata.gov.mn portal", "opendata.gov.mn portal"),
    ("survey_file", "survey_file"),
    ("", ""),
])
def test_capitalise_skips_leading_quotes_and_brackets_only(text, expected):
    assert capitalise(text) == expected


def test_table_cells_start_with_a_capital_letter():
    from egovreport import bookpages, reader
    from egovreport.brief import Table

    md = reader.table(["a", "b"], [["«өгөгдлийн аюулгүй байдал» чиглэлийн", "`peers`"]])
    assert "| «Өгөгдлийн аюулгүй байдал» чиглэлийн | `peers` |" in md
    assert "| Agriculture |" in bookpages.markdown_table(["x"], [["agriculture"]])
    table = Table(caption="c", header=["h"], rows=[["«цахим үнэмлэх» чиглэлийн"]])
    assert "| «Цахим үнэмлэх» чиглэлийн |" in table.markdown("mn")


def test_pillar_wide_action_texts_start_with_a_capital_letter():
    from egovreport.governance.actions import fill_element

    assert fill_element("«{element}» чиглэлийн дүрмийг батлах.", "security", "mn").startswith("«Өгөгдлийн")
    assert fill_element("Adopt rules on {element}.", "security", "en") == "Adopt rules on data security."

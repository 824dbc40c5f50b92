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
    assert "| source |" in bookpages.markdown_table(["x"], [["source"]])  # the data dictionary's column names
    table = Table(caption="c", header=["h"], rows=[["«цахим үнэмлэх» чиглэлийн"]])
    assert "| «Цахим үнэмлэх» чиглэлийн |" in table.markdown("mn")


def test_pillar_wide_action_texts_start_with_a_capital_letter():
    from egovreport.governance.actions import fill_element

    assert fill_element("«{element}» чиглэлийн дүрмийг батлах.", "security", "mn").startswith("«Өгөгдлийн")
    assert fill_element("Adopt rules on {element}.", "security", "en") == "Adopt rules on data security."


# --------------------------------------------------------------------------- links to English pages

def _english_only_pages() -> list[str]:
    from pathlib import Path

    from egovreport.pipeline.book import toc_pages

    toc = (Path(__file__).resolve().parents[1] / "book" / "_toc.yml").read_text(encoding="utf-8")
    pages = [p.split("/")[-1] for p in toc_pages(toc)]
    return [p for p in pages if not p.endswith("_en") or p == "methods_en"]


@pytest.mark.parametrize("page", _english_only_pages())
def test_every_english_only_page_has_a_mongolian_link_label(page):
    from egovreport.i18n import catalogue

    label = catalogue("mn").get(f"report.english_page.{page}")
    assert label and re.search("[а-яөү]", label), page
    assert "англи" not in label  # the book adds "(англи хэлээр)" once


def test_link_label_of_an_english_page_is_in_the_books_language():
    from egovreport.book_chrome import other_book_label

    own = {"generated/annex_methodology_mn": "Арга зүй"}
    assert other_book_label("generated/annex_methodology_en", "mn", own, "Methodology") == "Арга зүй"
    assert other_book_label("generated/workshop_evaluation", "mn", own, "Workshop evaluation") == \
        "Семинарын үнэлгээний статистик шинжилгээ"
    assert other_book_label("generated/unknown_page", "mn", own, "Unknown") == "Unknown"


def test_mongolian_link_sentences_do_not_say_english_twice():
    from egovreport.i18n import catalogue

    for key in ("report.annex.sources_details", "report.annex.data_notes_details", "report.annex.rating_note_details"):
        text = catalogue("mn")[key]
        assert "англи" not in text, key  # the link itself says "(англи хэлээр)"


# --------------------------------------------------------------------------- draft notice

def test_draft_notice_goes_after_the_title_of_any_page_once():
    from docutils.core import publish_doctree
    from docutils import nodes

    from egovreport.book_chrome import add_draft_notice
    from egovreport.i18n import translation_status

    assert translation_status("mn") == "draft"  # the catalogues are drafts today
    doctree = publish_doctree("Гарчиг\n======\n\nТекст.\n", settings_overrides={"report_level": 5})
    assert add_draft_notice(doctree, "mn")
    title = next(iter(doctree.findall(nodes.title)))
    box = title.parent.children[title.parent.index(title) + 1]
    assert "egov-draft-translation" in box["classes"] and "Ноорог орчуулга" in box.astext()
    assert not add_draft_notice(doctree, "mn")  # once
    english = publish_doctree("Title\n=====\n\nText.\n", settings_overrides={"report_level": 5})
    assert not add_draft_notice(english, "en")


def test_no_reader_notebook_writes_the_notice_itself():
    """One place shows it (the book extension): a notebook that also wrote it would show it twice."""
    from pathlib import Path

    for nb in (Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"):
        assert "draft_notice(" not in nb.read_text(encoding="utf-8"), nb.name


# --------------------------------------------------------------------------- terms, quotes, numbers

def _mongolian_texts() -> list[tuple[str, str]]:
    """``(where, text)`` of every Mongolian text the report prints: the catalogue and the
    Mongolian fields of the instruments and the country files (not participants' answers)."""
    import csv

    import yaml

    from egovreport import paths
    from egovreport.i18n import catalogue

    out = [(f"catalogue {k}", str(v)) for k, v in catalogue("mn").items()]

    def walk(where, node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("mn", "name_mn") or str(k).endswith("_mn"):
                    if isinstance(v, str):
                        out.append((f"{where}:{k}", v))
                    elif isinstance(v, list):
                        out.extend((f"{where}:{k}", str(x)) for x in v)
                walk(where, v)
        elif isinstance(node, list):
            for v in node:
                walk(where, v)

    folders = [paths.instruments_dir(), paths.country_dir("MNG")]
    for folder in folders:
        for f in sorted(folder.glob("*.yml")):
            walk(f.name, yaml.safe_load(f.read_text(encoding="utf-8")))
        for f in sorted(folder.glob("*.csv")):
            if "_ILLUSTRATIVE" in f.name:
                continue
            with f.open(encoding="utf-8-sig", newline="") as fh:
                for i, row in enumerate(csv.DictReader(fh), start=2):
                    out += [(f"{f.name}:{i}:{k}", v) for k, v in row.items() if k and k.endswith("_mn") and v]
    return out


@pytest.mark.parametrize("wrong, right", [
    ("ЭЗНХГ", "ЭЗНАГ"), ("ЭНХЯ", "ЭЗНАГ"), ("ЭЗНАГ-ийн", "ЭЗНАГ-ын"),
    ("засаглалын судалгаа", "Цахим засгийн судалгаа"),
    ("цахим үйлчилгээний индекс", "Онлайн үйлчилгээний индекс"),
    ("эш тат", "Иш татах"), ("И-Монголиа", "E-Mongolia академи"), ("e-Mongolia академи", "E-Mongolia академи"),
])
def test_mongolian_terms_are_consistent(wrong, right):
    case = str if wrong != wrong.lower() else str.lower  # a name with capitals ("e-Mongolia"): as written
    bad = [where for where, text in _mongolian_texts() if case(wrong) in case(text)]
    assert not bad, f"{wrong!r} (write {right!r}) in {bad}"


def test_mongolian_text_quotes_with_guillemets_only():
    # English-style quotation marks in Mongolian prose; «» is the Mongolian style
    pattern = re.compile(r"[“”„‟]|(?<![\w=])\"[А-ЯӨҮа-яөү][^\"]*\"")
    bad = [(where, text[:60]) for where, text in _mongolian_texts() if pattern.search(text)]
    assert not bad, bad


def test_mongolian_numbers_have_no_english_thousands_separator():
    from egovreport.egdi_report import fmt_int as egdi_fmt_int
    from egovreport.i18n import fmt_int

    assert fmt_int(1263, "mn") == "1\u00a0263" and fmt_int(1263, "en") == "1,263"
    assert fmt_int(193, "mn") == "193" and fmt_int(None, "mn") == "–" and fmt_int(-3) == "-3"
    assert egdi_fmt_int(1263, "mn") == "1\u00a0263"
    bad = [(where, text[:60]) for where, text in _mongolian_texts() if re.search(r"\d,\d{3}(?!\d)", text)]
    assert not bad, bad


# --------------------------------------------------------------------------- run parameters

@pytest.mark.parametrize("lang, none", [("en", "None"), ("mn", "Байхгүй")])
def test_run_parameters_box_shows_lists_and_empty_values_in_words(monkeypatch, lang, none):
    from egovreport import display

    shown = []
    monkeypatch.setattr(display, "md", shown.append)
    display.run_parameters_box({"country": "MNG", "peers": [], "more": ["KAZ", "KGZ"], "survey_file": ""}, lang)
    box = shown[0]
    assert "[]" not in box and "''" not in box and "['" not in box
    assert f"| `peers` | {none} |" in box
    assert "| `more` | `KAZ, KGZ` |" in box
    assert f"| `survey_file` | {none} |" in box
    assert "| `country` | `MNG` |" in box


# --------------------------------------------------------------------------- the built Mongolian book

_LATIN_TO_CYRILLIC = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")


def _main_html(path) -> str:
    """The article of a built page (no script, style, navigation or page chrome)."""
    page = path.read_text(encoding="utf-8")
    m = re.search(r'<article[^>]*>(.*)</article>', page, re.S) or re.search(r'<main[^>]*>(.*)</main>', page, re.S)
    body = m.group(1) if m else page
    return re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def mongolian_pages(html_dir):
    """Every page of the Mongolian book (reader pages, brief, explorer, annexes, methods)."""
    folder = html_dir / "mn"
    return sorted(folder.glob("generated/*_mn.html")) + sorted(folder.glob("pages/*_mn.html"))


def book_problems(html_dir) -> list[str]:
    """The reviewer's findings, looked for in the built book; [] when none is left."""
    from egovreport.i18n import capitalise

    problems = []
    pages = mongolian_pages(html_dir)
    names = {p.stem for p in pages}
    expected = {f"{p}_mn" for p in ("key_findings", "background", "day1", "day2", "outcomes", "action_plan",
                                    "evaluation", "policy_brief", "explore_data", "annex_methodology",
                                    "annex_data_sources", "annex_stakeholders", "methods")}
    problems += [f"missing page {p}" for p in sorted(expected - names)]
    for path in pages:
        body = _main_html(path)
        text = _text(body)
        name = path.stem
        # 4: the draft notice, once, before the first section heading
        n = body.count("egov-draft-translation")
        if n != 1:
            problems.append(f"{name}: draft notice {n} times")
        elif "<h2" in body and body.index("egov-draft-translation") > body.index("<h2"):
            problems.append(f"{name}: draft notice below the first section")
        # 1: garbled word, acronym doubled in two scripts
        if "хэээ" in text:
            problems.append(f"{name}: 'хэээ'")
        for m in re.finditer(r"\b([A-ZА-ЯӨҮ]{2,}) \(([A-ZА-ЯӨҮ]{2,})\)", text):
            if m.group(1).translate(_LATIN_TO_CYRILLIC) == m.group(2).translate(_LATIN_TO_CYRILLIC):
                problems.append(f"{name}: doubled acronym {m.group(0)!r}")
        # 2: a table cell starts with a capital letter (code and numbers stay as written)
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S):
            if re.match(r"\s*(<p>\s*)?<code", cell):
                continue
            words = _text(cell)
            if words and capitalise(words) != words:
                problems.append(f"{name}: cell starts lower-case: {words[:60]!r}")
        # 3: links to English pages: a Mongolian label and "(англи хэлээр)" once
        for label in re.findall(r'class="[^"]*egov-other-language[^"]*"[^>]*>(.*?)</a>', body, re.S):
            label = _text(label)
            if not re.search("[а-яөү]", label):
                problems.append(f"{name}: English link label {label!r}")
        if re.search(r"англи хэлээр\)?: [^.()]{0,80}\(англи хэлээр\)", text):
            problems.append(f"{name}: 'англи хэлээр' twice for one link")
        if "(English)" in text:
            problems.append(f"{name}: '(English)'")
        # 5: terms
        for wrong in ("ЭЗНХГ", "ЭНХЯ", "Цахим засаглалын судалгаа", "Эш татах", "И-Монголиа"):
            if wrong in text:
                problems.append(f"{name}: {wrong!r}")
        # 6: the run-parameters box shows no Python list
        for box in re.findall(r'<div class="admonition note[^"]*">(.*?)</div>', body, re.S):
            if "Ажиллуулсан параметрүүд" in box and re.search(r"\[\]|\['", _text(box)):
                problems.append(f"{name}: Python list in the run parameters")
    return problems


@pytest.mark.slow
def test_built_mongolian_book_has_none_of_the_reviewers_findings(real_report):
    assert not book_problems(real_report.html), "\n".join(book_problems(real_report.html))


@pytest.mark.slow
def test_built_english_parameter_boxes_show_no_python_lists(real_report):
    for path in sorted((real_report.html / "generated").glob("*.html")):
        body = _main_html(path)
        for box in re.findall(r'<div class="admonition note[^"]*">(.*?)</div>', body, re.S):
            if "Run parameters" in box:
                assert not re.search(r"\[\]|\['", _text(box)), path.name


def test_generated_quotes_use_the_languages_quotation_marks():
    from pathlib import Path

    from egovreport.i18n import quoted

    assert quoted("эх", "mn") == "«эх»" and quoted("text", "en") == "“text”"
    src = Path(__file__).resolve().parents[1] / "src" / "egovreport"
    for path in [*src.glob("*.py"), *src.glob("governance/*.py"), *src.glob("templates/*.j2")]:
        if path.name == "i18n.py":
            continue
        code = re.sub(r'""".*?"""', "", path.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"[“”„]", code), f"{path.name}: write quotes with i18n.quoted"

"""The summary report as built for Mongolia (the session's real build): the spine of reader pages
in both books, the Mongolian edition in Mongolian, the workshop record on its pages with the
illustrative labels, no tutorial scaffolding, code or developer words on reader pages, and the
invited institutions listed once."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SPINE = ["key_findings", "background", "day1", "day2", "outcomes", "action_plan", "evaluation", "policy_brief",
         "annex_methodology", "annex_data_sources", "annex_stakeholders"]
OWN_PAGES = [p for p in SPINE if p != "policy_brief"]  # the policy brief's text is the brief team's


class _Article(HTMLParser):
    """Visible text of a page's article, without code and without figure captions' file names."""

    def __init__(self, skip_tables: bool = False):
        super().__init__(convert_charrefs=True)
        self.skip_tables = skip_tables
        self.depth = 0
        self.skip = 0
        self.text: list[str] = []
        self.code_blocks = 0

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "article":
            self.depth += 1
        if self.depth and (tag in ("script", "style", "code", "pre") or "cell_input" in cls
                           or (self.skip_tables and tag == "table")):
            self.skip += 1
            if "cell_input" in cls or tag == "pre":
                self.code_blocks += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if self.depth and (tag in ("script", "style", "code", "pre") or (self.skip_tables and tag == "table")) \
                and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.text.append(data)


def _article(path: Path, skip_tables: bool = False) -> _Article:
    parser = _Article(skip_tables)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.text = [re.sub(r"\s+", " ", " ".join(parser.text)).strip()]
    return parser


def _page(html: Path, name: str, lang: str) -> Path:
    return html / ("mn/" if lang == "mn" else "") / "generated" / f"{name}_{lang}.html"


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_both_books_have_every_reader_page(real_report, lang):
    for name in SPINE:
        assert _page(real_report.html, name, lang).is_file(), (name, lang)


def test_mongolian_pages_are_in_mongolian(real_report):
    """Words of the Mongolian reader pages: Cyrillic, apart from acronyms (EGDI, OSI...), names
    of sources and file names; and the page chrome around them is Mongolian."""
    latin_word = re.compile(r"\b[A-Za-z][a-z]{3,}\b")
    cyrillic_word = re.compile(r"\b[А-Яа-яЁёӨөҮү]{3,}\b")
    problems = []
    for name in OWN_PAGES:
        path = _page(real_report.html, name, "mn")
        # the list of data sources keeps their own (English) titles, publishers and licences
        text = " ".join(_article(path, skip_tables=name == "annex_data_sources").text)
        latin, cyrillic = latin_word.findall(text), cyrillic_word.findall(text)
        share = len(latin) / max(1, len(latin) + len(cyrillic))
        if share > 0.08:
            problems.append(f"{name}: {share:.0%} Latin words, e.g. {sorted(set(latin))[:12]}")
        page = path.read_text(encoding="utf-8")
        for english in ("Skip to main content", ">Contents<", "Search this report", "Back to top",
                        "Source:</em>", "Made by:", "Fig. "):
            if english in page:
                problems.append(f"{name}: English chrome {english!r}")
    assert not problems, "\n".join(problems)


def test_the_first_mongolian_page_says_the_translation_is_a_draft(real_report):
    front = _article(_page(real_report.html, "key_findings", "mn"))
    text = " ".join(front.text)
    assert "Ноорог орчуулга" in text
    # near the top, before the findings
    assert text.index("Ноорог орчуулга") < text.index("Товч үзүүлэлтүүд")


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_reader_pages_show_no_code_scaffolding_or_developer_words(real_report, lang):
    scaffolding = re.compile(r"\b(Prerequisites|Time to learn|Imports|What's next|Show code cell)\b")
    developer = ("tests/", "TRANSLATING.md", "corpus", "read-file", "save the official", "remove-input",
                 "load_results", "save_figure", ".py`")
    problems = []
    for name in OWN_PAGES:
        page = _article(_page(real_report.html, name, lang))
        text = " ".join(page.text)
        if page.code_blocks:
            problems.append(f"{name}: {page.code_blocks} code block(s)")
        if scaffolding.search(text):
            problems.append(f"{name}: {scaffolding.search(text).group(0)}")
        problems += [f"{name}: {w!r}" for w in developer if w in text]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_the_workshop_record_is_on_its_pages_and_labelled_illustrative(real_report, lang):
    from egovreport.i18n import t

    label = t("common.illustrative_label", lang)
    day2 = " ".join(_article(_page(real_report.html, "day2", lang)).text)
    # the illustrative notes of Day 2, each labelled
    note = {"en": "Prepare a common procedure for data exchange agreements between agencies.",
            "mn": "Байгууллага хоорондын өгөгдөл солилцох гэрээний нийтлэг журам боловсруулах."}[lang]
    assert f"[{label}] {note}" in day2
    outcomes = " ".join(_article(_page(real_report.html, "outcomes", lang)).text)
    assert f"[{label}]" in outcomes and t("report.corrections_caption", lang) in outcomes
    background = _article(_page(real_report.html, "background", lang))
    text = " ".join(background.text)
    assert f"[{label}] {t('report.attendance_caption', lang)}" in text  # the attendance table
    # the concept note is quoted with its section
    assert t("report.concept_note_section", lang, section="2") in text
    if lang == "en":
        assert "Identify the next course of action in strategic planning and implementation" in text


def test_the_invited_institutions_are_listed_once_in_each_book(real_report):
    for lang, institution in (("en", "Empowering Data Value NGO"), ("mn", "Өгөгдлийн үнэ цэнийг нэмэгдүүлэх ТББ")):
        pages = [name for name in SPINE
                 if institution in " ".join(_article(_page(real_report.html, name, lang)).text)]
        assert pages == ["annex_stakeholders"], (lang, pages)

"""The report as `make report` builds it for Mongolia: the policy brief PDFs (EN, MN) and
the numbers the brief and the summary state, compared with the processed data.

They read the session's one real build (conftest ``real_report``: data step, every notebook,
the PDF step and the book, in a temporary copy of the project).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
COUNTRY, EDITION = "MNG", 2024


@pytest.fixture(scope="session")
def report(real_report) -> Path:
    """The project after `python -m egovreport build` (defaults: MNG, 2024, en+mn): the session's
    one real build (conftest ``real_report``), shared with the browser and determinism tests."""
    assert {"key_findings_en", "key_findings_mn", "policy_brief_en", "policy_brief_mn"} <= set(
        real_report.result.executed)
    return real_report.root


@pytest.fixture(scope="session")
def truth(report) -> dict:
    """The key numbers straight from the processed data (egovreport.datasets)."""
    import pandas as pd

    from egovreport import datasets
    from egovreport.i18n import fmt_index

    mp = pytest.MonkeyPatch()
    mp.setenv("EGOVREPORT_ROOT", str(report))
    try:
        datasets.clear_cache()
        wide = datasets.load_egdi_wide()
    finally:
        mp.undo()
        datasets.clear_cache()
    mine = wide[wide["iso3"] == COUNTRY].set_index("edition").sort_index()
    editions = list(mine.index)
    previous = editions[editions.index(EDITION) - 1]
    first = mine["egdi"].dropna().index[0]
    now = mine.loc[EDITION]
    n_ranked = int(wide.loc[wide["edition"] == EDITION, "egdi_rank"].notna().sum())
    return {
        "egdi": fmt_index(now["egdi"]), "osi": fmt_index(now["osi"]), "tii": fmt_index(now["tii"]),
        "hci": fmt_index(now["hci"]), "rank": int(now["egdi_rank"]), "n_ranked": n_ranked,
        "previous_edition": int(previous), "previous_rank": int(mine.loc[previous, "egdi_rank"]),
        "first_edition": int(first), "egdi_first": fmt_index(mine.loc[first, "egdi"]),
        "rank_change": int(mine.loc[previous, "egdi_rank"]) - int(now["egdi_rank"]),
        "not_na": bool(pd.notna(now["egdi"])),
    }


def _plain(text: str) -> str:
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"</?(strong|em|span|code|a)\b[^>]*>", "", text)  # inline marks: no space
    text = re.sub(r"<[^>]+>", " ", text).replace("**", "")
    return " ".join(text.split())


def _notebook_text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert not nb["metadata"].get("papermill", {}).get("exception"), path.name
    parts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append("".join(data.get("text/markdown", "")))
    return _plain("\n".join(parts))


def test_concept_note_facts_hold_in_the_processed_data(truth):
    # concept note: EGDI 0.8457 in 2024, "very high"; the rank 46 (up 28) is in the Survey itself
    assert truth["egdi"] == "0.8457" and truth["rank"] == 46 and truth["rank_change"] == 28


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_brief_pdf_exists_has_a_few_pages_and_the_key_numbers(report, truth, lang):
    pypdf = pytest.importorskip("pypdf")
    pdf = report / "book" / "generated" / "downloads" / f"policy_brief_{lang}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    reader = pypdf.PdfReader(pdf)
    assert 2 <= len(reader.pages) <= 4
    from _brief_helpers import page_fill

    fills = page_fill(pdf)  # no big blank area: every page but the last filled to the footer, the last well used
    assert all(f >= 0.85 for f in fills[:-1]) and fills[-1] >= 0.4, fills
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert truth["egdi"] in text and truth["osi"] in text and truth["tii"] in text and truth["hci"] in text
    assert re.search(rf"(?<!\d){truth['rank']}(?!\d)", text)
    assert truth["egdi_first"] in text
    if lang == "mn":
        assert len(CYRILLIC.findall(text)) > 500
        first = " ".join(reader.pages[0].extract_text().split())
        assert "хянагдаагүй ноорог орчуулга" in first  # the translation notice is on page 1
    else:
        assert "Policy brief" in text or "POLICY BRIEF" in text
        assert "pre-workshop discussion draft" in text and "date of issue" in text.lower()
        for name, ids in (("Law on Protection of Personal Data", "[MN-POL-01]"), ("Law on Cyber Security", "[MN-SEC-01]"),
                          ("KHUR (XYP) data-exchange system", "[MN-INT-01; MN-OGD-05]"),
                          ("e-Mongolia platform", "[MN-INF-01]")):  # the landscape table puts the year between
            assert re.search(re.escape(name) + r"(?: \(\d{4}\))? " + re.escape(ids), text), name


def test_english_brief_and_summary_state_the_processed_data(report, truth):
    t = truth
    headline = (f"EGDI) of {t['egdi']} and ranks {t['rank']} of {t['n_ranked']} Member States")
    rank = f"{t['rank_change']} places higher than in {t['previous_edition']} (rank {t['previous_rank']})"
    long_run = f"from {t['egdi_first']} in {t['first_edition']} to {t['egdi']} in {EDITION}"
    components = f"(OSI) {t['osi']}, telecommunication infrastructure (TII) {t['tii']} and human capital (HCI) {t['hci']}"
    html = _plain((report / "book" / "generated" / "brief" / "policy_brief_en.html").read_text(encoding="utf-8"))
    summary = _notebook_text(report / "book" / "generated" / "key_findings_en.ipynb")
    brief_page = _notebook_text(report / "book" / "generated" / "policy_brief_en.ipynb")
    for text in (html, summary, brief_page):
        for claim in (headline, rank, long_run, components):
            assert claim in text, claim


def test_mongolian_brief_and_summary_state_the_same_numbers(report, truth):
    t = truth
    html = _plain((report / "book" / "generated" / "brief" / "policy_brief_mn.html").read_text(encoding="utf-8"))
    summary = _notebook_text(report / "book" / "generated" / "key_findings_mn.ipynb")
    for text in (html, summary):
        assert f"(EGDI) {t['egdi']} оноотой, {t['n_ranked']} гишүүн орноос {t['rank']}-р байрт" in text
        assert f"({t['previous_rank']}-р байр) {t['rank_change']} байраар дээш" in text
        assert f"(OSI) {t['osi']}" in text and f"(HCI) {t['hci']}" in text
        assert CYRILLIC.search(text)


def test_illustrative_banner_wherever_illustrative_numbers_are_shown(report):
    """The front page shows illustrative findings (labelled, under a banner); the brief shows none
    and says why (its data-governance numbers come from the desk review while the survey is illustrative)."""
    results = report / "book" / "generated" / "results"
    used = [json.loads((results / f"{n}.json").read_text(encoding="utf-8"))
            for n in ("governance_gaps", "governance_action_plan", "workshop_evaluation")
            if (results / f"{n}.json").exists()]
    illustrative = any(r.get("illustrative") for r in used)
    survey_illustrative = json.loads((results / "governance_gaps.json").read_text(encoding="utf-8"))["illustrative"]
    for lang in ("en", "mn"):
        html = (report / "book" / "generated" / "brief" / f"policy_brief_{lang}.html").read_text(encoding="utf-8")
        summary = (report / "book" / "generated" / f"key_findings_{lang}.ipynb").read_text(encoding="utf-8")
        assert "banner illustrative" not in html and "illu-tag\"" not in html.split("</style>", 1)[1]
        assert ('class="banner survey"' in html) == survey_illustrative
        assert ("illustrative-data" in summary) == illustrative

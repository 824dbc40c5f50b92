"""The key findings and the policy brief state exactly the numbers of the results they
read, in both languages, and render to a standalone print HTML that prints to a
few A4 pages (made-up results from tests/_brief_helpers.py)."""

from __future__ import annotations

import copy
import re

import pytest

from _brief_helpers import ACTIONS, ALL, EVALUATION, GAPS, PROFILE, make_root

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
INDEX_NUMBER = re.compile(r"(?<![\d.])\d\.\d{4}(?!\d)")


@pytest.fixture
def root(tmp_path, monkeypatch):
    r = make_root(tmp_path / "project")
    monkeypatch.setenv("EGOVREPORT_ROOT", str(r))
    monkeypatch.delenv("EGOVREPORT_OUTPUT_DIR", raising=False)
    monkeypatch.setenv("EGOVREPORT_BUILD_DATE", "2024-12-05")
    return r


def _text(findings) -> str:
    return " ".join(f.text for f in findings)


def test_findings_state_the_numbers_of_the_results(root):
    from egovreport import brief

    b = brief.compose_brief("MNG", 2024, "en", figures=())
    by_key = {f.key: f.text for f in b.findings}
    assert "EGDI) of **0.6123** and ranks **77** of 193 Member States" in by_key["egdi_headline"]
    assert "**High** EGDI group (rating class H2)" in by_key["egdi_headline"]
    assert "**11 places higher** than in 2022 (rank 88)" in by_key["egdi_headline"]
    assert "risen from 0.3111 in 2003 to 0.6123 in 2024" in by_key["egdi_long_run"]
    assert "(OSI) 0.5555" in by_key["egdi_components"] and "(TII) 0.6666" in by_key["egdi_components"]
    assert "Online Service Index (OSI), holds the EGDI back" in by_key["egdi_components"]
    assert "change of +0.0235 between 2022 and 2024" in by_key["egdi_decomposition"]
    assert "human capital −0.0061" in by_key["egdi_decomposition"]
    assert "world average (0.6382)" in by_key["egdi_benchmarks"] and "below" in by_key["egdi_benchmarks"]
    assert "Among the 32 landlocked developing countries, Mongolia holds EGDI rank 5." in by_key["egdi_group_lldc"]
    assert "largest rank gain" in by_key["egdi_group_lldc"]
    assert "0.1377 EGDI points short of the Very High group" in by_key["egdi_next_level"]
    assert "23 evidence items (13 documentary or legal, 9 official statements or news, 1 workshop" \
        in " ".join(by_key["gov_evidence"].split())
    assert "21 of the 24 cells" in by_key["gov_assessed"]
    assert "**2 interventions**: 1 in the short term, 1 in the medium term and 0 in the long term" \
        in " ".join(by_key["gov_actions"].split())
    assert "29 participants" in by_key["evaluation"]
    assert "higher after the workshop on 2 of the 3 topics tested" in " ".join(by_key["evaluation"].split())
    assert "largest difference was for" in by_key["evaluation"] and "(median change +2)" in by_key["evaluation"]


def test_mongolian_states_the_same_numbers(root):
    from egovreport import brief

    en = brief.compose_brief("MNG", 2024, "en", figures=())
    mn = brief.compose_brief("MNG", 2024, "mn", figures=())
    assert [f.key for f in en.findings] == [f.key for f in mn.findings]
    for f_en, f_mn in zip(en.findings, mn.findings):
        assert sorted(INDEX_NUMBER.findall(f_en.text)) == sorted(INDEX_NUMBER.findall(f_mn.text)), f_en.key
        assert sorted(re.findall(r"\d+", f_en.text)) == sorted(re.findall(r"\d+", f_mn.text)), f_en.key
        assert CYRILLIC.search(f_mn.text), f_mn.key
    assert "{" not in _text(mn.findings) and "}" not in _text(mn.findings)


def test_illustrative_findings_are_labelled_and_real_ones_are_not(root, tmp_path, monkeypatch):
    from egovreport import brief

    b = brief.compose_brief("MNG", 2024, "en", figures=())
    flagged = {f.key for f in b.findings if f.illustrative}
    assert {"gov_assessed", "gov_actions", "evaluation"} <= flagged
    assert not any(k.startswith("egdi") for k in flagged)
    assert b.inputs.illustrative
    html = brief.render_brief_html(b)
    assert 'class="banner illustrative"' in html and "ILLUSTRATIVE DATA" in html

    real = copy.deepcopy(ALL)
    for name in ("governance_gaps", "governance_action_plan", "workshop_evaluation"):
        real[name]["illustrative"] = False
    r2 = make_root(tmp_path / "real", real)
    monkeypatch.setenv("EGOVREPORT_ROOT", str(r2))
    b2 = brief.compose_brief("MNG", 2024, "en", figures=())
    assert not b2.inputs.illustrative and not any(f.illustrative for f in b2.findings)
    html2 = brief.render_brief_html(b2)
    assert "banner illustrative" not in html2 and "ILLUSTRATIVE DATA" not in html2


def test_missing_optional_results_are_named_not_invented(tmp_path, monkeypatch):
    from egovreport import brief

    r = make_root(tmp_path / "p", {"egdi_country_profile": PROFILE})
    monkeypatch.setenv("EGOVREPORT_ROOT", str(r))
    b = brief.compose_brief("MNG", 2024, "en", figures=())
    assert sorted(b.inputs.missing) == ["actions", "diagnosis", "evaluation", "evidence", "gaps", "peers"]
    notes = " ".join(b.missing_notes())
    assert "12_governance_gaps" in notes and "20_workshop_evaluation" in notes
    assert b.tables["gaps"] is None and b.tables["actions"] is None
    assert "not in this build" in brief.findings_markdown(b, "governance")
    html = brief.render_brief_html(b)
    assert "0.6123" in html and "Recommendations" not in html


def test_results_of_another_run_are_rejected(root):
    from egovreport import brief
    from egovreport.errors import ParameterError

    with pytest.raises(ParameterError, match="built for country 'MNG', edition 2024"):
        brief.compose_brief("KAZ", 2024, "en", figures=())
    with pytest.raises(ParameterError, match="unknown language"):
        brief.compose_brief("MNG", 2024, "fr", figures=())


def test_no_results_at_all_says_which_notebook_to_run(tmp_path, monkeypatch):
    from egovreport import brief

    monkeypatch.setenv("EGOVREPORT_ROOT", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="egdi_country_profile"):
        brief.compose_brief("MNG", 2024, "en")


def test_tables_fit_the_brief_and_name_lead_institutions(root):
    from egovreport import brief

    b = brief.compose_brief("MNG", 2024, "mn", figures=())
    actions = b.tables["actions"]
    assert actions.rows[0][1] == "Үндэсний статистикийн хороо"
    assert actions.rows[0][0].startswith("Өгөгдөл хариуцагчдыг")
    assert actions.rows[1][2] == "1–3 жил"
    gaps = b.tables["gaps"]
    assert [r[0] for r in gaps.rows] == ["1", "2"] and gaps.rows[0][2:5] == ["1", "3", "2"]
    assert gaps.illustrative and actions.illustrative
    comp = b.tables["components"]
    assert comp.rows[0][1:] == ["0.5889", "0.6123", "+0.0235"]
    assert comp.rows[-1][1:] == ["88", "77", "+11"]


def test_standalone_html_is_offline_and_embeds_fonts_and_figures(root):
    from egovreport import brief
    from egovreport.pipeline.book import is_remote, loaded_urls

    for lang in ("en", "mn"):
        b = brief.compose_brief("MNG", 2024, lang)
        path = brief.write_brief_html(b)
        assert path == root / "book" / "generated" / "brief" / f"policy_brief_{lang}.html"
        urls = loaded_urls(path)
        assert urls and not [u for u in urls if is_remote(u)]
        assert all(u.startswith("data:") for u in urls), [u[:40] for u in urls if not u.startswith("data:")]
        html = path.read_text(encoding="utf-8")
        assert html.count("@font-face") == 4 and "<link" not in html and "<script" not in html
        assert html.count("<img ") == 2 and html.count('alt="') >= 2
        assert f'<html lang="{lang}">' in html
        body = html.split("</style>", 1)[1]
        assert "{" not in re.sub(r"<[^>]+>", "", body)
        if lang == "mn":
            assert CYRILLIC.search(body)
        figure_file = root / "book" / "generated" / "figures" / f"brief_egdi_trend_{lang}.svg"
        assert figure_file.exists()


def test_markdown_page_uses_saved_figures_and_links_downloads(root, monkeypatch):
    from egovreport import brief

    monkeypatch.setenv("EGOVREPORT_NOTEBOOK_ID", "policy_brief_en")
    b = brief.compose_brief("MNG", 2024, "en")
    text = brief.brief_markdown(b)
    assert ":::{figure} figures/brief_egdi_trend_en.png" in text
    assert ":::{figure} figures/brief_egdi_peers_en.png" in text
    assert "Source:* UN DESA" in text
    downloads = brief.downloads_markdown(b, html=True)
    assert "<downloads/policy_brief_en.pdf>" in downloads and "<brief/policy_brief_en.html>" in downloads
    assert "<policy_brief_en.ipynb>" in downloads


def test_dates_are_written_in_each_language():
    import datetime as dt

    from egovreport.brief import format_date_range

    start, end = dt.date(2024, 12, 3), dt.date(2024, 12, 4)
    assert format_date_range(start, end, "en") == "3–4 December 2024"
    assert format_date_range(start, end, "mn") == "2024 оны 12-р сарын 3–4"


def test_brief_prints_to_a_few_a4_pages(root):
    """Chromium prints the standalone HTML (the pipeline's PDF step) to 3–6 A4 pages."""
    pypdf = pytest.importorskip("pypdf")
    from egovreport import brief
    from egovreport.pdf import print_to_pdf

    for lang in ("en", "mn"):
        html = brief.write_brief_html(brief.compose_brief("MNG", 2024, lang))
        pdf = print_to_pdf(html, root / f"brief_{lang}.pdf")
        reader = pypdf.PdfReader(pdf)
        assert 2 <= len(reader.pages) <= 6
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4 in points
        text = " ".join(p.extract_text() for p in reader.pages)
        assert "0.6123" in text and "77" in text
        if lang == "mn":
            assert CYRILLIC.search(text)


def test_peer_names_are_written_in_the_language_of_the_brief(root, monkeypatch):
    from egovreport import brief

    from egovreport import i18n

    # the test project has no processed data: the ISO2 codes of its country groupings stand in
    monkeypatch.setattr(i18n, "_iso2_codes", lambda: {"KAZ": "KZ", "KGZ": "KG", "MNG": "MN"})
    mn = brief.compose_brief("MNG", 2024, "mn", figures=())
    names = [row[0] for row in mn.tables["peers"].rows]
    assert names == ["Казахстан", "**Монгол Улс**", "Киргиз"]
    en = brief.compose_brief("MNG", 2024, "en", figures=())
    assert [row[0] for row in en.tables["peers"].rows] == ["Kazakhstan", "**Mongolia**", "Kyrgyzstan"]

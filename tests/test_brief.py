"""The key findings and the policy brief state exactly the numbers of the results they
read, in both languages, and render to a standalone print HTML that prints to a
few A4 pages (made-up results from tests/_brief_helpers.py, Mongolia's real brief inputs)."""

from __future__ import annotations

import copy
import re

import pytest

from _brief_helpers import ACTIONS, ALL, GAPS, PROFILE, make_root

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
INDEX_NUMBER = re.compile(r"(?<![\d.])\d\.\d{4}(?!\d)")


@pytest.fixture
def root(tmp_path, monkeypatch):
    r = make_root(tmp_path / "project")
    monkeypatch.setenv("EGOVREPORT_ROOT", str(r))
    monkeypatch.delenv("EGOVREPORT_OUTPUT_DIR", raising=False)
    monkeypatch.setenv("EGOVREPORT_BUILD_DATE", "2024-12-05")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733097600")  # 2 December 2024, 00:00 UTC
    return r


def _text(findings) -> str:
    return " ".join(f.text for f in findings)


def test_findings_state_the_numbers_of_the_results(root):
    from egovreport import brief

    b = brief.compose_brief("MNG", 2024, "en", figures=())
    by_key = {f.key: f.text for f in b.findings}
    assert "EGDI) of **0.6123** and ranks **77** of 193 Member States" in by_key["egdi_headline"]
    assert "**High** EGDI group." in by_key["egdi_headline"]
    assert "rating class" not in _text(b.findings)  # the rule behind the class is inferred: not stated flatly
    assert "**11 places higher** than in 2022 (rank 88)" in by_key["egdi_headline"]
    assert "risen from 0.3111 in 2003 to 0.6123 in 2024" in by_key["egdi_long_run"]
    assert "(OSI) 0.5555" in by_key["egdi_components"] and "(TII) 0.6666" in by_key["egdi_components"]
    assert "the Online Service Index (OSI), holds the EGDI back" in by_key["egdi_components"]
    assert "change of +0.0235 between 2022 and 2024" in by_key["egdi_decomposition"]
    assert "human capital −0.0061" in by_key["egdi_decomposition"]
    assert "below the world average (0.6382) and the average of Asia (0.6766)" in by_key["egdi_benchmarks"]
    assert "Among the 32 landlocked developing countries, Mongolia holds EGDI rank 5." in by_key["egdi_group_lldc"]
    assert "is the largest among the landlocked developing countries in the High EGDI group" \
        in by_key["egdi_group_lldc"]
    assert "0.1377 EGDI points short of the Very High group" in by_key["egdi_next_level"]
    evidence = " ".join(by_key["gov_evidence"].split())
    assert "holds 23 dated items (13 documentary or legal texts, 9 official statements or news, 1 workshop" in evidence
    assert "the desk-review levels cite 17 of them" in evidence
    assert "**2 interventions**: 1 in the short term, 1 in the medium term and 0 in the long term" \
        in " ".join(by_key["gov_actions"].split())
    assert "29 participants" in by_key["evaluation"]
    assert "higher after the workshop on 2 of the 3 topics tested" in " ".join(by_key["evaluation"].split())
    assert "largest difference was for" in by_key["evaluation"] and "(median change +2)" in by_key["evaluation"]


def test_governance_headlines_come_from_the_desk_review_while_the_survey_is_illustrative(root):
    """The combined assessment's numbers (21 cells, a survey-only strength) never reach the
    brief; the desk review's do (17 cells, its strength, its largest gaps)."""
    from egovreport import brief

    b = brief.compose_brief("MNG", 2024, "en", figures=())
    by_key = {f.key: f for f in b.findings}
    assert "17 of the 24 cells" in by_key["gov_assessed"].text and "desk review" in by_key["gov_assessed"].text
    assert "Institutions × Digital identity (level 3)" in by_key["gov_strengths"].text
    # the strength says its basis: the gap-assessment page also lists the survey's strengths
    assert by_key["gov_strengths"].text.startswith("Strength (level 3 or more, desk review): ")
    assert "Processes × Privacy" not in _text(b.findings)
    assert "Largest gap to the 3–5-year target (3 levels): People × Privacy & ethics (level 1 → 4)" \
        in by_key["gov_priorities"].text
    assert "project defaults, the same for every cell, to be agreed" in by_key["gov_priorities"].text
    assert not any(by_key[k].illustrative for k in ("gov_assessed", "gov_strengths", "gov_priorities"))
    assert "gov_disagreements" not in by_key  # survey disagreements only with real answers
    assert b.inputs.status == "pre_workshop_draft" and b.status_label == "pre-workshop discussion draft"
    assert [r[0] for r in b.tables["gaps"].rows] == ["3", "2"]  # grouped by gap, largest first
    assert b.tables["gaps"].rows[1][-1] == "**Policy**: Sharing & interoperability; **Institutions**: " \
                                           "Sharing & interoperability"


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


def test_illustrative_findings_are_labelled_and_the_brief_shows_none(root, tmp_path, monkeypatch):
    from egovreport import brief

    b = brief.compose_brief("MNG", 2024, "en", figures=())
    flagged = {f.key for f in b.findings if f.illustrative}
    assert {"gov_actions", "evaluation"} <= flagged
    assert not any(k.startswith("egdi") for k in flagged)
    assert b.inputs.illustrative
    assert "[ILLUSTRATIVE DATA]" in brief.findings_markdown(b, "governance")  # the front page labels them
    html = brief.render_brief_html(b)
    # the brief uses no illustrative answer, and says so instead of showing a banner
    assert "illu-tag" not in html.split("</style>", 1)[1] and "banner illustrative" not in html
    assert "illustrative (made by a script, not given by anyone)" in html
    assert not any(f.illustrative for f in b.messages)

    real = copy.deepcopy(ALL)
    for name in ("governance_gaps", "governance_action_plan", "workshop_evaluation"):
        real[name]["illustrative"] = False
    real["governance_gaps"]["survey_file"] = "governance_survey.csv"
    r2 = make_root(tmp_path / "real", real)
    monkeypatch.setenv("EGOVREPORT_ROOT", str(r2))
    b2 = brief.compose_brief("MNG", 2024, "en", figures=())
    assert not b2.inputs.illustrative and not any(f.illustrative for f in b2.findings)
    assert b2.inputs.status == "consultation_draft"
    html2 = brief.render_brief_html(b2)
    assert "ILLUSTRATIVE DATA" not in html2 and "made by a script" not in html2


def test_missing_optional_results_are_named_not_invented(tmp_path, monkeypatch):
    from egovreport import brief

    r = make_root(tmp_path / "p", {"egdi_country_profile": PROFILE})
    monkeypatch.setenv("EGOVREPORT_ROOT", str(r))
    b = brief.compose_brief("MNG", 2024, "en", figures=())
    assert sorted(b.inputs.missing) == ["actions", "diagnosis", "evaluation", "evidence", "gaps", "peers"]
    notes = " ".join(b.missing_notes())
    assert "03_egdi_component_diagnosis" in notes and "04_egdi_peer_benchmarking" in notes
    assert b.tables["gaps"] is None and b.tables["day2"] is None
    text = brief.findings_markdown(b, "governance")
    assert "No assessment of Mongolia's data governance exists yet" in text
    assert "`data/country/MNG/`" in text and "`data/country/MNG/README.md`" in text
    html = brief.render_brief_html(b)
    assert "0.6123" in html and "This brief covers e-government development (the EGDI) only" in html
    assert "Day 2: national data governance" not in html and "Day-1 recommendations" in html


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


def test_recommendations_name_instrument_lead_partners_horizon_and_indicator(root):
    from egovreport import brief

    b = brief.compose_brief("MNG", 2024, "mn", figures=())
    day2 = b.recommendations[2]
    assert [r.cells for r in day2] == [["people.privacy"], ["policy.sharing"], ["institutions.sharing"]]
    first = day2[0]
    assert first.rec_id == "GI-PRV-12" and "«Хүний хувийн мэдээлэл хамгаалах тухай хууль»-иар [MN-POL-01]" \
        in first.action
    assert first.lead == "Цахим хөгжил, инноваци, харилцаа холбооны яам" and first.horizon == "short"
    assert first.instrument and first.indicator and CYRILLIC.search(first.indicator)
    assert "ХУР мэдээлэл солилцооны систем" in day2[1].action
    day1 = b.recommendations[1]
    assert [r.component for r in day1] == ["osi", "epi"]  # OSI holds the made-up EGDI back; EPI < OSI
    assert "E-Mongolia платформ" in day1[0].action and "[MN-INF-01]" in day1[0].action
    comp = b.tables["components"]
    assert comp.rows[0][1:] == ["0.5889", "0.6123", "+0.0235"]  # from the stored values, as the decomposition
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
        assert html.count("<img ") == 1 and html.count('alt="') >= 1  # the peers table stands for the bar chart
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
    for heading in ("## The problem", "## Decisions requested", "Day-2 recommendations", "Day-1 recommendations"):
        assert heading in text
    downloads = brief.downloads_markdown(b, html=True)
    assert "<downloads/policy_brief_en.pdf>" in downloads and "<brief/policy_brief_en.html>" in downloads
    assert "<policy_brief_en.ipynb>" in downloads


def test_dates_are_written_in_each_language():
    import datetime as dt

    from egovreport.brief import format_date_range

    start, end = dt.date(2024, 12, 3), dt.date(2024, 12, 4)
    assert format_date_range(start, end, "en") == "3–4 December 2024"
    assert format_date_range(start, end, "mn") == "2024 оны 12-р сарын 3–4"


def test_date_of_issue_comes_from_the_record_or_the_source_date_never_the_clock(root, monkeypatch):
    import datetime as dt

    from egovreport import brief

    b = brief.compose_brief("MNG", 2024, "en", figures=())
    assert b.issued == dt.date(2024, 12, 2)  # SOURCE_DATE_EPOCH
    assert ("Date of issue", "2 December 2024") in b.meta
    record = root / "data" / "country" / "MNG" / "policy_brief.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("# issue_date: 2024-12-02", "issue_date: 2024-11-28"),
                      encoding="utf-8")
    assert brief.compose_brief("MNG", 2024, "en", figures=()).issued == dt.date(2024, 11, 28)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    record.write_text(record.read_text(encoding="utf-8").replace("issue_date: 2024-11-28", ""), encoding="utf-8")
    monkeypatch.setattr(brief, "_commit_date", lambda: dt.date(2024, 11, 30))
    assert brief.compose_brief("MNG", 2024, "en", figures=()).issued == dt.date(2024, 11, 30)


def test_status_authorship_and_citation_are_said_honestly(root):
    from egovreport import brief

    for lang in ("en", "mn"):
        b = brief.compose_brief("MNG", 2024, lang, figures=())
        html = brief.render_brief_html(b)
        assert "© 2024 UN DESA" not in html and "Drafted by UN DESA" not in html
        assert b.citation in html and b.status_label in html
    en = brief.compose_brief("MNG", 2024, "en", figures=())
    assert "It is not an official United Nations publication and has not been issued or endorsed by UN DESA." \
        in " ".join(en.prepared.split())
    assert en.kicker == "Policy brief · pre-workshop discussion draft"
    assert en.citation.startswith("egovreport project (2024). Digital government and national data governance in "
                                  "Mongolia. Policy brief, pre-workshop discussion draft, issued 2 December 2024.")


def test_decisions_requested_follow_the_state_of_the_inputs(root):
    from egovreport import brief

    b = brief.compose_brief("MNG", 2024, "en", figures=())
    decisions = " ".join(b.decisions())
    assert "Agree the target level of each of the 24 cells" in decisions and "levels 2, 3 and 4" in decisions
    assert "lead institution of each of the 3 Day-2 recommendations" in decisions
    assert "the 7 cells the desk review could not assess: **Policy**: Standards & classification; **People**" \
        in decisions
    assert "Circulate the pre-workshop questionnaire" in decisions
    assert all(d[0].isupper() for d in b.decisions())


def test_brief_prints_to_two_to_four_filled_a4_pages(root):
    """Chromium prints the standalone HTML (the pipeline's PDF step) to 2–4 A4 pages, none of
    them mostly blank, and the translation notice is on page 1 of the Mongolian brief."""
    pypdf = pytest.importorskip("pypdf")
    from _brief_helpers import page_fill
    from egovreport import brief
    from egovreport.pdf import print_to_pdf

    for lang in ("en", "mn"):
        html = brief.write_brief_html(brief.compose_brief("MNG", 2024, lang))
        pdf = print_to_pdf(html, root / f"brief_{lang}.pdf")
        reader = pypdf.PdfReader(pdf)
        assert 2 <= len(reader.pages) <= 4, (lang, len(reader.pages))
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4 in points
        text = " ".join(p.extract_text() for p in reader.pages)
        assert "0.6123" in text and "77" in text
        fills = page_fill(pdf)
        assert all(f >= 0.75 for f in fills[:-1]) and fills[-1] >= 0.3, (lang, fills)
        if lang == "mn":
            assert CYRILLIC.search(text)
            assert "хянагдаагүй ноорог орчуулга" in " ".join(reader.pages[0].extract_text().split())


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


def test_every_index_value_goes_through_the_one_formatting_function(root, monkeypatch):
    from egovreport import brief, i18n

    monkeypatch.setattr(i18n, "fmt_index", lambda value, digits=4: "⟨x⟩" if value is not None else "–")
    b = brief.compose_brief("MNG", 2024, "en", figures=())
    by_key = {f.key: f.text for f in b.findings}
    assert "EGDI) of **⟨x⟩**" in by_key["egdi_headline"]
    assert not INDEX_NUMBER.search(_text(f for f in b.findings if f.section == "egdi"))
    assert all(c == "⟨x⟩" for c in b.tables["components"].rows[0][1:3])


def test_the_brief_states_the_peer_rule_with_its_real_numbers():
    """The short rule sentence names how many states each step takes (select_peers' n_per_step)."""
    import inspect

    from egovreport import egdi_analysis
    from egovreport.i18n import t

    n = inspect.signature(egdi_analysis.select_peers).parameters["n_per_step"].default
    words = {2: ("two", "хоёр")}[n]
    for lang, word in zip(("en", "mn"), words):
        assert t("brief.peer_rule_by_id.documented", lang).count(word) == 3, lang

"""Standalone HTML → PDF with headless Chromium, and the pipeline's PDF step."""

from __future__ import annotations


import pytest
import yaml
from pypdf import PdfReader

from egovreport.pdf import PdfError, find_chromium, print_to_pdf


def _chromium_available() -> bool:
    try:
        find_chromium()
        return True
    except PdfError:
        return False


needs_chromium = pytest.mark.skipif(not _chromium_available(), reason="Chromium is not installed")

PAGE = """<!doctype html><html lang="mn"><head><meta charset="utf-8">
<style>@page { size: A4; margin: 2cm } body { font-family: "DejaVu Sans", sans-serif }</style></head>
<body><h1>Policy brief</h1><p>Цахим засаглал: {country}</p></body></html>"""


@needs_chromium
def test_print_to_pdf_writes_a_pdf_with_the_text(tmp_path):
    html = tmp_path / "brief.html"
    html.write_text(PAGE.replace("{country}", "Монгол Улс"), encoding="utf-8")
    pdf = print_to_pdf(html, tmp_path / "out" / "brief.pdf")
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Policy brief" in text and "Монгол Улс" in text
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_missing_html_is_a_clear_error(tmp_path):
    with pytest.raises(PdfError, match="HTML file not found"):
        print_to_pdf(tmp_path / "nope.html", tmp_path / "x.pdf")


def test_missing_chromium_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("EGOVREPORT_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr("egovreport.pdf.CHROMIUM_CANDIDATES", ())
    html = tmp_path / "a.html"
    html.write_text("<p>x</p>")
    with pytest.raises(PdfError, match="Chromium not found"):
        print_to_pdf(html, tmp_path / "a.pdf")


@needs_chromium
def test_chromium_failure_leaves_no_pdf(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'fake failure' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("EGOVREPORT_CHROMIUM", str(fake))
    html = tmp_path / "a.html"
    html.write_text("<p>x</p>")
    with pytest.raises(PdfError, match=r"exit 3\): fake failure"):
        print_to_pdf(html, tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()


def _add_pdf_entry(root):
    data = yaml.safe_load((root / "pipeline.yml").read_text())
    data["pdf"] = [{"html": "book/generated/brief/brief_{language}.html",
                    "pdf": "book/generated/downloads/brief_{country}_{language}.pdf", "per_language": True}]
    (root / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.slow
def test_pdf_step_skips_with_a_warning_when_no_html_exists(built_project):
    from egovreport.pipeline import build

    _add_pdf_entry(built_project)
    lines = []
    result = build(book=False, log=lines.append)
    assert result.pdf == {}
    assert any(ln.startswith("warning: pdf step skipped") for ln in lines)


@needs_chromium
@pytest.mark.slow
def test_pdf_step_prints_each_language_and_caches(built_project):
    from egovreport.pipeline import build

    _add_pdf_entry(built_project)
    brief = built_project / "book" / "generated" / "brief"
    brief.mkdir(parents=True)
    for lang in ("en", "mn"):
        (brief / f"brief_{lang}.html").write_text(PAGE.replace("{country}", lang), encoding="utf-8")
    result = build(book=False, log=lambda *a: None)
    assert result.pdf == {"book/generated/downloads/brief_MNG_en.pdf": "executed",
                          "book/generated/downloads/brief_MNG_mn.pdf": "executed"}
    assert build(book=False, log=lambda *a: None).pdf == {
        "book/generated/downloads/brief_MNG_en.pdf": "cached", "book/generated/downloads/brief_MNG_mn.pdf": "cached"}
    (brief / "brief_mn.html").write_text(PAGE.replace("{country}", "шинэ"), encoding="utf-8")
    result = build(book=False, log=lambda *a: None)
    assert result.pdf["book/generated/downloads/brief_MNG_mn.pdf"] == "executed"
    assert result.pdf["book/generated/downloads/brief_MNG_en.pdf"] == "cached"
    # the PDFs are outputs in the manifest, so verify covers them
    import json
    manifest = json.loads((built_project / "book" / "generated" / "manifest.json").read_text())
    assert {o["path"] for o in manifest["outputs"] if o["kind"] == "pdf"} == set(result.pdf)


@needs_chromium
@pytest.mark.slow
def test_standalone_html_loading_from_the_internet_is_refused(built_project):
    from egovreport.pipeline import PipelineError, build

    _add_pdf_entry(built_project)
    brief = built_project / "book" / "generated" / "brief"
    brief.mkdir(parents=True)
    (brief / "brief_en.html").write_text('<link rel="stylesheet" href="https://fonts.googleapis.com/x.css">')
    with pytest.raises(PipelineError, match="brief_en.html loads https://fonts.googleapis.com/x.css"):
        build(book=False, log=lambda *a: None)

"""The real report (this repository's pipeline.yml, notebooks, data and book) builds end to end."""

from __future__ import annotations

import json

import pytest

from egovreport.pipeline import build, verify_manifest
from egovreport.pipeline.book import find_remote_resources

pytestmark = pytest.mark.slow


def test_report_builds_from_raw_data_into_a_non_empty_offline_book(real_report, real_report_copy):
    result = real_report.result
    assert result.data_step == "executed"
    assert result.notebooks and set(result.notebooks.values()) == {"executed"}
    assert result.book == "built"
    html = real_report.html
    for book in (html, html / "mn"):  # the English book and the Mongolian one (in mn/)
        assert "url=generated/key_findings_" in (book / "index.html").read_text(encoding="utf-8")
    for nid in result.notebooks:
        page = html / ("mn" if nid.endswith("_mn") else "") / "generated" / f"{nid}.html"
        assert page.is_file() and page.stat().st_size > 5000, nid
    assert find_remote_resources(html) == []
    manifest = json.loads((real_report.root / "book" / "generated" / "manifest.json").read_text())
    assert manifest["parameters"]["country"] == "MNG"
    # on a private copy (real_report_copy; the package points at it): the shared build stays
    # as it is for the other tests
    assert verify_manifest()[1] == []
    # nothing changed: nothing runs
    again = build(log=lambda *a: None)
    assert again.executed == [] and again.data_step == "cached" and again.book == "cached"

"""A citable release: CITATION.cff is valid (cffconvert), one version number everywhere, a release
tag names it; the built book's footer gives the citation, the version and the code on every page
(English and Mongolian), the source archive holds the code and the raw snapshots with their
checksums; every figure has the CSV of exactly the numbers it draws."""

from __future__ import annotations

import io
import json
import re
import subprocess
import tarfile
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import yaml

import egovreport
from egovreport.book_release import archive_name, write_source_archive

REPO = Path(__file__).resolve().parents[1]
CFFCONVERT = REPO / ".venv-cffconvert" / "bin" / "cffconvert"


def test_citation_cff_is_valid():
    if not CFFCONVERT.is_file():
        pytest.fail(f"{CFFCONVERT.relative_to(REPO)} is missing: `make test` creates it (requirements-cffconvert.txt)")
    proc = subprocess.run([str(CFFCONVERT), "--validate", "-i", str(REPO / "CITATION.cff")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "valid" in proc.stdout


def test_one_version_number():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "egovreport.__version__"}
    assert str(cff["version"]) == egovreport.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", egovreport.__version__)
    from importlib.metadata import version

    assert version("egovreport") == egovreport.__version__  # the installed package (make setup)


def test_a_release_tag_on_this_commit_names_the_version():
    tags = subprocess.run(["git", "tag", "--points-at", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.split()
    releases = [t for t in tags if re.fullmatch(r"v\d+\.\d+\.\d+", t)]
    assert all(t == f"v{egovreport.__version__}" for t in releases), (releases, egovreport.__version__)
    if releases:  # a released version says when (RELEASING.md)
        assert yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8")).get("date-released")


def test_citation_states_authorship_and_licence_honestly():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert "not an official United Nations publication" in " ".join(cff["message"].split())
    assert all("United Nations" not in a.get("name", "") and "DESA" not in a.get("name", "") for a in cff["authors"])
    assert cff["license"] == "MIT"
    assert "repository-code" not in cff or cff["repository-code"].startswith("https://")
    config = yaml.safe_load((REPO / "book" / "_config.yml").read_text(encoding="utf-8"))
    assert "egovreport.book_release" in config["sphinx"]["extra_extensions"]
    assert "DESA" not in config["author"] and "United Nations" not in config["copyright"]


def test_source_archive_is_deterministic_and_holds_code_and_raw_data(tmp_path):
    a = write_source_archive(tmp_path / "a.tar.gz", REPO)
    b = write_source_archive(tmp_path / "b.tar.gz", REPO)
    assert a.read_bytes() == b.read_bytes()
    with tarfile.open(a) as tar:
        names = set(tar.getnames())
        prefix = f"egovreport-{egovreport.__version__}/"
        for rel in ("CITATION.cff", "src/egovreport/__init__.py", "pipeline.yml", "data/raw/SHA256SUMS",
                    "data/raw/un_datacenter_sevenChrisK/SOURCE.md", "workflow/Snakefile"):
            assert prefix + rel in names, rel
        sums = tar.extractfile(prefix + "data/raw/SHA256SUMS").read().decode()
        for line in sums.splitlines():
            digest, rel = line.split("  ")
            import hashlib

            assert hashlib.sha256(tar.extractfile(prefix + "data/raw/" + rel).read()).hexdigest() == digest, rel
        assert not any("/build/" in n or "/.venv" in n or "/_build/" in n for n in names)


# --- the built report (session build shared with the other report tests) ----------------------

@pytest.mark.slow
def test_every_page_has_the_citation_footer_and_reaches_the_code(real_report):
    html = real_report.html
    downloads = html / "downloads"
    assert (downloads / archive_name()).is_file() and (downloads / "CITATION.cff").is_file()
    assert (downloads / "SHA256SUMS").read_bytes() == (real_report.root / "data" / "raw" / "SHA256SUMS").read_bytes()
    # Sphinx's pages (not the downloads, e.g. the standalone brief HTML, nor theme templates)
    pages = sorted(p for p in html.rglob("*.html")
                   if not any(part.startswith("_") or part == "downloads" for part in p.relative_to(html).parts)
                   and p.name != "index.html" and not p.name.startswith(("genindex", "search")))
    assert len(pages) >= 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        footer = re.search(r'<div class="egov-citation" lang="(\w+)">(.*?)</div>', text, re.S)
        assert footer, page.name
        lang, body = footer.groups()
        assert egovreport.__version__ in body, page.name
        links = re.findall(r'href="([^"]+)"', body)
        targets = [(page.parent / link).resolve() for link in links if not link.startswith(("http", "#"))]
        # each language's book (English at the root, Mongolian in mn/) carries its own downloads
        book_root = html / "mn" if page.relative_to(html).parts[0] == "mn" else html
        assert (book_root / "downloads" / archive_name()).resolve() in targets, page.name
        assert all(t.is_file() for t in targets), (page.name, links)
        assert 'name="citation_title"' in text
        if page.stem.endswith("_mn"):
            assert lang == "mn" and "Иш татах" in body, page.name
            # the theme's "made by" line (Sphinx author) too: no English sentence in the chrome
            assert "not an official UN publication" not in text and "НҮБ-ын албан ёсны хэвлэл биш" in text, page.name
        else:
            assert lang == "en" and "Cite as" in body and "not an official UN publication" in body, page.name


@pytest.mark.slow
def test_every_figure_has_the_csv_of_what_it_draws(real_report):
    figures = real_report.root / "book" / "generated" / "figures"
    pngs = sorted(figures.glob("*.png"))
    assert len(pngs) >= 20
    for png in pngs:
        if png.stem.endswith("_narrow"):  # the phone variant draws the same data as its figure
            assert png.with_name(png.name.replace("_narrow.png", ".csv")).is_file(), png.name
            continue
        csv = png.with_suffix(".csv")
        assert csv.is_file(), png.name
        df = pd.read_csv(csv, keep_default_na=False)
        assert len(df) >= 1, png.name  # (a diagram draws only texts, e.g. egdi_framework)
        sidecar = json.loads(png.with_suffix(".json").read_text(encoding="utf-8"))
        assert sidecar["files"]["csv"] == csv.name and sidecar["citation"], png.name
    # against the data the figures were drawn from
    panel = pd.read_parquet(real_report.root / "data" / "processed" / "egdi_long.parquet")
    egdi_2024 = panel[(panel["iso3"] == "MNG") & (panel["indicator"] == "egdi") & (panel["edition"] == 2024)]
    diagram = pd.read_csv(figures / "egdi_framework_mng_en.csv", keep_default_na=False)
    assert any(f"{egdi_2024['value'].iloc[0]:.4f}" in text for text in diagram["text"])
    ranks = panel[(panel["iso3"] == "MNG") & (panel["indicator"] == "egdi")].dropna(subset=["rank"])
    traj = pd.read_csv(figures / "egdi_rank_trajectory_mng_en.csv")
    line = traj[traj["kind"] == "line"]
    assert dict(zip(line["x"].astype(int), line["y"].astype(float))) == \
        {int(e): float(r) for e, r in zip(ranks["edition"], ranks["rank"])}
    coverage = pd.read_csv(figures / "data_overview_coverage.csv", dtype={"x": str})
    bars = coverage[coverage["kind"] == "bar"]
    wide = panel[panel["indicator"] == "egdi"].dropna(subset=["value"])
    expected = wide.groupby("edition")["iso3"].nunique()
    assert {int(k): float(v) for k, v in zip(bars["x"], bars["value"])} == {int(k): float(v) for k, v in expected.items()}
    # a page shows the link and the citation under its figures
    page = (real_report.html / "generated" / "egdi_country_profile.html").read_text(encoding="utf-8")
    assert "egdi_rank_trajectory_mng_en.csv" in page and "Suggested citation" in page

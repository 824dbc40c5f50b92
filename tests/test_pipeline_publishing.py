"""Publishing is all or nothing, and `verify` covers every published byte (issue 13).

The fixture project with its book built (conftest ``book_project``): a run that fails half-way
publishes nothing, a publish interrupted between its swaps is completed by the next command,
and `verify` checks the whole HTML book, the code and the configuration, naming every file that
changed, is missing or was added; `build` restores an altered page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from _bad_input_helpers import checksums
from egovreport.cli import main
from egovreport.pipeline import PipelineError, build, verify_manifest

pytestmark = pytest.mark.slow
QUIET = {"log": lambda *a: None, "jobs": 2}
PUBLISHED = ("book/generated", "data/processed", "book/_build/html")


def _published(root: Path) -> dict:
    sums = {folder: checksums(root / folder) for folder in PUBLISHED}
    record = root / "book/_build/published.json"
    sums["book/_build/published.json"] = record.read_bytes() if record.exists() else None
    return sums


def _add_notebook(root: Path, **entry) -> None:
    data = yaml.safe_load((root / "pipeline.yml").read_text())
    data["notebooks"].append(entry)
    (root / "pipeline.yml").write_text(yaml.safe_dump(data, sort_keys=False))


def test_failed_run_publishes_nothing_and_the_next_run_resumes(book_project):
    """Issue 13, problem 2: a run that fails after some notebooks succeeded left them published
    (book/generated half new, manifest, PDFs and book old; `verify` then failed). Now the
    published set stays exactly as it was (`verify` clean), and the next run reuses the work
    the failed run finished (nothing is executed twice)."""
    root = book_project
    _add_notebook(root, id="fx_fail", path="notebooks/fx_fail.ipynb", parameters=["country"],
                  after=["fx_profile"])
    before = _published(root)
    with pytest.raises(PipelineError) as err:
        build({"country": "KAZ"}, **QUIET)  # fx_profile and fx_summary_* run with KAZ, then fx_fail fails
    assert _published(root) == before
    assert "notebook 'fx_fail'" in str(err.value) and "nothing was published" in str(err.value)
    assert verify_manifest()[1] == ["changed: pipeline.yml"]  # only what the user edited
    profile = json.loads((root / "book/generated/results/fx_profile.json").read_text())
    assert profile["country"] == "MNG"  # the KAZ results stayed in the run's stage

    # the failing notebook is fixed: only it runs; the KAZ results of the failed run are reused
    nb = json.loads((root / "notebooks/fx_fail.ipynb").read_text())
    nb["cells"][3]["source"] = ["value = 41 + 1\n"]
    (root / "notebooks/fx_fail.ipynb").write_text(json.dumps(nb))
    result = build({"country": "KAZ"}, **QUIET)
    assert result.executed == ["fx_fail"]
    assert json.loads((root / "book/generated/results/fx_profile.json").read_text())["country"] == "KAZ"
    assert "<strong>KAZ</strong>" in (root / "book/_build/html/generated/fx_profile.html").read_text()
    assert verify_manifest()[1] == []
    assert not (root / "build" / "next").exists()


def test_publish_interrupted_between_two_swaps_is_completed(book_project, monkeypatch):
    """Issue 13, problem 2 (crash consistency): the process dies after the first folder was
    swapped in. The journal makes the next command finish the publish: the published set is
    then the new one, whole, and `verify` is clean."""
    from egovreport.pipeline import stage as stagemod

    root = book_project
    calls = []
    real_exchange = stagemod._exchange

    def exchange_then_die(a, b):
        real_exchange(a, b)
        calls.append(b)
        raise KeyboardInterrupt("power cut")  # as if the process were killed right here

    monkeypatch.setattr(stagemod, "_exchange", exchange_then_die)
    with pytest.raises(KeyboardInterrupt):
        build({"country": "KGZ"}, **QUIET)
    monkeypatch.setattr(stagemod, "_exchange", real_exchange)
    assert len(calls) == 1 and stagemod.journal_path().exists()
    assert "MNG" in (root / "book/_build/html/generated/fx_profile.html").read_text()  # book not swapped yet

    checked, problems = verify_manifest()  # completes the journal first
    assert problems == [] and checked > 50
    assert not stagemod.journal_path().exists()
    assert "<strong>KGZ</strong>" in (root / "book/_build/html/generated/fx_profile.html").read_text()
    assert json.loads((root / "book/generated/results/fx_profile.json").read_text())["country"] == "KGZ"
    assert build({"country": "KGZ"}, **QUIET).executed == []


def test_verify_covers_the_html_book_code_and_configuration(book_project, capsys):
    """Issue 13, problem 4: a published page edited to show another number passed `verify` and
    survived the next build. Now `verify` names it (and any added or removed published file,
    the book sources and pipeline.yml), and `build` rebuilds the page."""
    root = book_project
    page = root / "book/_build/html/generated/fx_profile.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"is 0.6.", b"is 0.9."))
    (root / "book/_build/html/extra.js").write_text("alert(1)")
    (root / "book/generated/figures/fx_edition_bars.svg").unlink()
    (root / "book/intro.md").write_text((root / "book/intro.md").read_text() + "\nEdited.\n")
    (root / "pipeline.yml").write_text((root / "pipeline.yml").read_text() + "\n# edited\n")

    assert main(["verify"]) == 1
    out = capsys.readouterr().out.splitlines()
    for line in ("changed: book/_build/html/generated/fx_profile.html", "unexpected: book/_build/html/extra.js",
                 "missing: book/generated/figures/fx_edition_bars.svg", "changed: book/intro.md",
                 "changed: pipeline.yml"):
        assert line in out, (line, out)

    manifest = json.loads((root / "book/generated/manifest.json").read_text())
    kinds = {f["kind"] for f in manifest["code"]}
    assert kinds == {"package", "notebook", "pipeline", "book"}
    assert any(f["path"].endswith("egovreport/pipeline/run.py") for f in manifest["code"])

    (root / "book/intro.md").write_text((root / "book/intro.md").read_text().replace("\nEdited.\n", ""))
    result = build(**QUIET)
    # the figure is made again (byte for byte the same), so the book's sources are unchanged:
    # the book is rebuilt because a published page differs from its recorded checksum
    assert result.executed == ["fx_edition"] and result.book == "built"
    assert page.read_bytes() == original
    assert not (root / "book/_build/html/extra.js").exists()
    assert verify_manifest()[1] == []


def test_published_manifest_and_pages_hold_no_time_or_machine_path(book_project):
    """Issue 13, problem 9 (fixture level): the manifest, the provenance page and the executed
    notebooks carry no clock time and no absolute path; the run record keeps the times."""
    root = book_project
    manifest_text = (root / "book/generated/manifest.json").read_text()
    for name in ("manifest.json", "provenance.md", "fx_profile.ipynb"):
        text = (root / "book/generated" / name).read_text()
        assert str(root) not in text and str(root.parent) not in text, name
        for key in ('"start_time"', '"end_time"', '"started"', '"finished"', '"executable"'):
            assert key not in text, (name, key)
    manifest = json.loads(manifest_text)
    assert manifest["run"]["source_date"] and "id" not in manifest["run"]
    record = json.loads(sorted((root / "build/runs").glob("*.json"))[-1].read_text())
    assert record["run"]["started"] and record["run"]["status"] == "success"
    assert record["published"]["folders"]["book/_build/html"]

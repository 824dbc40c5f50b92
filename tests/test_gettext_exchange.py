"""Translations exchanged as gettext .po files (egovreport.gettext_exchange,
scripts/translations_po.py): export then import changes nothing; a translator's edit comes back
into the YAML catalogue at its place; broken placeholders and unknown keys are refused."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[1]
LOCALES = REPO / "src" / "egovreport" / "locales"


@pytest.fixture
def locales(tmp_path):
    shutil.copytree(LOCALES, tmp_path / "locales")
    return tmp_path / "locales"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.yml"))}


def test_export_then_import_is_a_round_trip(tmp_path, locales):
    from egovreport.gettext_exchange import domains, export_po, import_po

    files = export_po("mn", tmp_path / "po")
    assert sorted(p.stem for p in files) == domains()
    before = _files(locales)
    report = import_po("mn", files, locales=locales)
    assert report.changed == {} and _files(locales) == before  # byte for byte


def test_po_entries_carry_key_english_and_translation(tmp_path):
    from egovreport.gettext_exchange import export_po
    from egovreport.i18n import catalogue

    export_po("mn", tmp_path)
    with open(tmp_path / "common.po", "rb") as fh:
        po = read_po(fh)
    entry = next(m for m in po if m.context == "source")
    assert (entry.id, entry.string) == ("Source", catalogue("mn")["common.source"])
    assert entry.fuzzy  # the Mongolian catalogue is a draft: every entry needs review
    assert len([m for m in po if m.id]) == len([k for k in catalogue("en") if k.startswith("common.")])


def test_a_translators_edit_comes_back_in_place(tmp_path, locales):
    from egovreport.gettext_exchange import export_po, import_po

    export_po("mn", tmp_path)
    po_file = tmp_path / "report.po"
    text = po_file.read_text(encoding="utf-8")
    po_file.write_text(text.replace('msgstr "Нийт"', 'msgstr "Бүгд нийлээд"'), encoding="utf-8")
    yml = locales / "mn" / "report.yml"
    before = yml.read_text(encoding="utf-8").splitlines()
    report = import_po("mn", [po_file], locales=locales)
    assert report.changed == {"report": ["total"]}
    after = yml.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert changed == [("total: Нийт", 'total: "Бүгд нийлээд"')] and len(before) == len(after)


def test_block_text_is_replaced_without_touching_the_rest(tmp_path, locales):
    import yaml

    from egovreport.gettext_exchange import export_po, import_po

    export_po("mn", tmp_path)
    po_file = tmp_path / "report.po"
    text = po_file.read_text(encoding="utf-8")
    start = text.index('msgctxt "draft_notice"')
    begin = text.index("msgstr", start)
    end = text.index("\n\n", begin)
    po_file.write_text(text[:begin] + 'msgstr "Шинэ: {language}"' + text[end:], encoding="utf-8")
    import_po("mn", [po_file], locales=locales)
    data = yaml.safe_load((locales / "mn" / "report.yml").read_text(encoding="utf-8"))
    original = yaml.safe_load((LOCALES / "mn" / "report.yml").read_text(encoding="utf-8"))
    assert data["draft_notice"] == "Шинэ: {language}"
    original["draft_notice"] = data["draft_notice"]
    assert data == original


def test_broken_placeholders_and_unknown_keys_are_refused_with_the_line(tmp_path, locales):
    from egovreport.errors import InputError
    from egovreport.gettext_exchange import export_po, import_po

    export_po("mn", tmp_path)
    po_file = tmp_path / "report.po"
    good = po_file.read_text(encoding="utf-8")
    po_file.write_text(good.replace('msgstr "{day}-р өдөр"', 'msgstr "{өдөр}-р өдөр"'), encoding="utf-8")
    before = _files(locales)
    with pytest.raises(InputError) as err:
        import_po("mn", [po_file], locales=locales)
    assert err.value.column == "msgstr" and "placeholders" in str(err.value)
    assert po_file.read_text(encoding="utf-8").splitlines()[err.value.row - 1] == 'msgctxt "day_n"'
    po_file.write_text(good.replace('msgctxt "total"', 'msgctxt "totals"'), encoding="utf-8")
    with pytest.raises(InputError, match="'totals' is not a key"):
        import_po("mn", [po_file], locales=locales)
    assert _files(locales) == before  # nothing written


def test_a_fully_reviewed_file_is_marked_reviewed(tmp_path, locales):
    from egovreport.gettext_exchange import export_po, import_po

    export_po("mn", tmp_path)
    po_file = tmp_path / "common.po"
    po_file.write_text(po_file.read_text(encoding="utf-8").replace("#, fuzzy\nmsgctxt", "msgctxt")
                       .replace("#, fuzzy, python-brace-format", "#, python-brace-format"), encoding="utf-8")
    report = import_po("mn", [po_file], locales=locales)
    assert report.reviewed == ["common"]
    assert "status: reviewed" in (locales / "mn" / "common.yml").read_text(encoding="utf-8")


def test_the_script_exports_and_imports(tmp_path):
    script = REPO / "scripts" / "translations_po.py"
    out = subprocess.run([sys.executable, str(script), "export", "mn", "--out", str(tmp_path)],
                         capture_output=True, text=True, check=True)
    assert "8 .po files" in out.stdout or ".po files" in out.stdout
    out = subprocess.run([sys.executable, str(script), "import", "mn", *map(str, sorted(tmp_path.glob("*.po")))],
                         capture_output=True, text=True, check=True)
    assert "nothing changed" in out.stdout

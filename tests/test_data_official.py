"""Optional official UN files: absent → 'not available', fixtures (synthetic, marked FIXTURE) → loaded."""

from __future__ import annotations

import shutil

import pytest

from _data_helpers import FIXTURES
from egovreport import official
from egovreport.errors import InputError

LOADERS = [official.load_osi_subindices, official.load_ogdi, official.load_losi]


@pytest.mark.parametrize("loader", LOADERS)
def test_absent_file_is_reported_not_invented(loader, tmp_path):
    ds = loader(2024, raw_dir=tmp_path)
    assert ds.available is False and ds.data is None
    assert "not available in this build" in ds.message
    assert ds.path.name in ds.how_to_add and "SHA256SUMS" in ds.how_to_add


def test_real_build_has_no_official_files_yet():
    # the project does not hold these files; the loaders must say so rather than fail
    absent = [loader(2024) for loader in LOADERS]
    assert all(not ds.available for ds in absent)
    # messages name the file relative to the project: no build machine's path in a page
    assert all("(expected data/raw/un_official/" in ds.message for ds in absent)


def test_osi_subindices_fixture():
    ds = official.load_osi_subindices(2024, raw_dir=FIXTURES)
    assert ds.available
    d = ds.data.set_index("iso3")
    assert list(ds.data.columns) == ["iso3", "country", "edition", "osi", "if", "cp", "sp", "epi", "tec"]
    assert d.loc["XAA", "osi"] == 0.9 and d.loc["XAC", "epi"] == 0.0
    assert d["country"].str.startswith("FIXTURE").all()


def test_ogdi_fixture():
    d = official.load_ogdi(2024, raw_dir=FIXTURES).data.set_index("iso3")
    assert d.loc["XAB", "ogdi"] == 0.6 and d.loc["XAA", "ogdi_rank"] == 1 and d.loc["XAC", "ogdi_group"] == "Low"


def test_losi_fixture_in_table_12_layout():
    d = official.load_losi(2024, raw_dir=FIXTURES).data
    assert d["city"].tolist() == ["FIXTURE City One", "FIXTURE City Two", "FIXTURE City Three"]
    assert d.columns.tolist()[:7] == ["city", "country", "iso3", "region", "losi_group", "rank", "losi"]
    assert d.loc[0, "tec"] == 0.93 and d.loc[1, "osi_group"] == "High"


def _fixture_copy(tmp_path, name):
    dest = tmp_path / "un_official"
    dest.mkdir()
    shutil.copyfile(FIXTURES / "un_official" / name, dest / name)
    return dest / name


def test_malformed_official_file_names_file_row_column(tmp_path):
    f = _fixture_copy(tmp_path, "losi_2024.csv")
    f.write_text(f.read_text().replace(",0.4500,0.5000,0.4000,", ",0.4500,1.5000,0.4000,"))
    with pytest.raises(InputError) as exc:
        official.load_losi(2024, raw_dir=tmp_path)
    assert (exc.value.row, exc.value.column) == (3, "IF") and exc.value.file.endswith("losi_2024.csv")

    (tmp_path / "b").mkdir()
    f = _fixture_copy(tmp_path / "b", "ogdi_2024.csv")
    f.write_text(f.read_text().replace("OGDI,", "OGD Index,", 1))
    with pytest.raises(InputError) as exc:
        official.load_ogdi(2024, raw_dir=tmp_path / "b")
    assert (exc.value.row, exc.value.column) == (1, "OGDI")


def test_unknown_country_without_iso3(tmp_path):
    f = _fixture_copy(tmp_path, "osi_subindices_2024.csv")
    lines = [",".join(c for i, c in enumerate(l.split(",")) if i != 1) for l in f.read_text().splitlines()]
    f.write_text("\n".join(lines) + "\n")  # no ISO3 column: names must be UN names
    with pytest.raises(InputError) as exc:
        official.load_osi_subindices(2024, raw_dir=tmp_path)
    assert (exc.value.row, exc.value.column) == (2, "Country")
    assert "unknown country name 'FIXTURE Country A'" in str(exc.value)


@pytest.mark.parametrize("lang", ["en", "mn"])
def test_not_available_box_is_translated(lang, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("egovreport.display.not_available", lambda what, how, lang="en": shown.append((what, how)))
    official.load_losi(2024, raw_dir=tmp_path).show_not_available(lang)
    from egovreport.i18n import t
    assert shown == [(t("data.official.losi", lang), t("data.official.how_to_add", lang, file="losi_2024.csv"))]

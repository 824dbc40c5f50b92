"""egovreport.workshop: the workshop record as data (facts and agenda, session outputs,
attendance), validated with file, line and field in every error; real files before
illustrative ones; a country without a record gets 'not available' pages."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MNG = REPO / "data" / "country" / "MNG"
RECORD_FILES = ("workshop.yml", "concept_note.txt", "workshop_record_ILLUSTRATIVE.yml",
                "workshop_attendance_ILLUSTRATIVE.csv", "desk_review_scores.csv", "evidence_register.csv")


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A project with Mongolia's workshop record, desk review and the instruments."""
    folder = tmp_path / "data" / "country" / "MNG"
    folder.mkdir(parents=True)
    for name in RECORD_FILES:
        shutil.copyfile(MNG / name, folder / name)
    shutil.copytree(REPO / "data" / "instruments", tmp_path / "data" / "instruments")
    monkeypatch.setenv("EGOVREPORT_ROOT", str(tmp_path))
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_mongolia_record_loads_with_its_agenda_quotes_outputs_and_attendance(root):
    from egovreport import workshop

    rec = workshop.load_record("MNG")
    assert rec.missing == []
    f = rec.facts
    assert (f.start_date, f.end_date) == (dt.date(2024, 12, 3), dt.date(2024, 12, 4))
    assert [s.day for s in f.sessions] == [1, 1, 1, 1, 2, 2]
    assert len(rec.quotes("objectives")) == 4 and len(rec.quotes("expected_outcomes")) == 5
    assert len(rec.quotes("participants")) == 6
    # the illustrative set is recognised by its file names
    assert rec.outputs_illustrative and rec.attendance_illustrative
    assert workshop.attendance_totals(rec.attendance) == {1: 78, 2: 70}
    assert {c.cell for _, c in rec.corrections()} == {"people.privacy", "people.sharing", "processes.sharing"}
    assert rec.conclusions()[-1][0] is None  # the workshop's own conclusions come last


def test_brief_load_workshop_is_a_thin_wrapper(root):
    from egovreport.brief import load_workshop

    ws = load_workshop("MNG")
    assert ws["start_date"] == dt.date(2024, 12, 3) and ws["city"]["mn"] == "Улаанбаатар"
    assert load_workshop("KAZ") == {}


def test_every_quote_must_be_in_the_concept_note_word_for_word(root):
    from egovreport.errors import InputError
    from egovreport.workshop import load_facts

    facts = root / "data" / "country" / "MNG" / "workshop.yml"
    _edit(facts, '"Experts from other countries"', '"Experts from every country"')
    with pytest.raises(InputError) as err:
        load_facts("MNG")
    assert err.value.file == "data/country/MNG/workshop.yml"
    assert err.value.row == _line_of(facts, "Experts from every country")
    assert err.value.column == "concept_note.quotes.participants.items.2.en"
    assert "not found word for word in concept_note.txt" in str(err.value)


@pytest.mark.parametrize("old, new, field, reason", [
    ("start_date: 2024-12-03", "start_date: 2024-12-05", "end_date", "'end_date' is before 'start_date'"),
    ("    date: 2024-12-04", "    date: 2024-12-09", "days.1.date", "outside"),
    ("    title: {en: \"The EGDI framework\", mn: \"EGDI-ийн хүрээ\"}",
     "    title: {en: \"The EGDI framework\", mn: \"EGDI-ийн хүрээ\"}\n    presenters:\n      - name: A Person\n"
     "        role: {en: Expert}\n        organisation: {en: UN DESA}",
     "sessions.0.presenters.0.name", "personal names are never published"),
    ("  - id: d2_pillars\n    day: 2", "  - id: d2_pillars\n    day: 3", "sessions.4.day", "not one of the days"),
    ("  - id: d2_elements", "  - id: d2_pillars", "sessions.5.id", "used twice"),
    ("venue:\n  en: Blue Sky", "venue:\n  mn: only\n  xx: Blue Sky", "venue", "unknown language code"),
])
def test_bad_workshop_facts_name_the_line_and_field(root, old, new, field, reason):
    from egovreport.errors import InputError
    from egovreport.workshop import load_facts

    facts = root / "data" / "country" / "MNG" / "workshop.yml"
    _edit(facts, old, new)
    with pytest.raises(InputError) as err:
        load_facts("MNG")
    assert reason in str(err.value)
    assert err.value.column == field and err.value.row is not None


def test_session_outputs_are_checked_against_the_agenda_and_the_desk_review(root):
    from egovreport.errors import InputError
    from egovreport.workshop import load_record

    record = root / "data" / "country" / "MNG" / "workshop_record_ILLUSTRATIVE.yml"
    text = record.read_text(encoding="utf-8")
    _edit(record, "      - cell: people.privacy\n        desk_level: 1", "      - cell: people.privacy\n        desk_level: 3")
    with pytest.raises(InputError) as err:
        load_record("MNG")
    assert "the desk review gives people.privacy level 1" in str(err.value)
    assert err.value.row == _line_of(record, "desk_level: 3")
    assert err.value.column == "sessions.d2_pillars.desk_review_corrections.0.desk_level"

    record.write_text(text.replace("  d1_osi_categories:", "  d1_no_such_session:"), encoding="utf-8")
    with pytest.raises(InputError, match="session 'd1_no_such_session' is not in the agenda"):
        load_record("MNG")

    record.write_text(text.replace("cell: processes.sharing", "cell: processes.nothing"), encoding="utf-8")
    with pytest.raises(InputError, match="unknown cell 'processes.nothing'"):
        load_record("MNG")


@pytest.mark.parametrize("text, kind", [("Ask the facilitator at +976 9911 2233.", "phone number"),
                                        ("Write to someone@example.org for the slides.", "e-mail address")])
def test_personal_data_in_the_notes_is_refused_with_its_line(root, text, kind):
    from egovreport.errors import InputError
    from egovreport.workshop import load_record

    record = root / "data" / "country" / "MNG" / "workshop_record_ILLUSTRATIVE.yml"
    _edit(record, '"Which city does the Local Online Service Index assess for Mongolia?"', f'"{text}"')
    with pytest.raises(InputError) as err:
        load_record("MNG")
    assert kind in str(err.value) and err.value.row == _line_of(record, text)
    assert err.value.column == "sessions.d1_complementary_indices.questions.0.en"


@pytest.mark.parametrize("old, new, row, column, reason", [
    ("1,ministry,21,11", "1,ministries,21,11", 2, "organisation_type", "must be one of"),
    ("1,agency,20,9", "1,agency,20,29", 3, "women", "more than 'participants'"),
    ("2,agency,19,8", "2,agency,nineteen,8", 12, "participants", "whole number"),
    ("2,regulator,3,1", "3,regulator,3,1", 17, "day", "must be a day of the agenda"),
    ("2,regulator,3,1", "2,ministry,3,1", 17, "organisation_type", "appears twice"),
])
def test_bad_attendance_names_row_and_column(root, old, new, row, column, reason):
    from egovreport.errors import InputError
    from egovreport.workshop import load_record

    attendance = root / "data" / "country" / "MNG" / "workshop_attendance_ILLUSTRATIVE.csv"
    _edit(attendance, old, new)
    with pytest.raises(InputError) as err:
        load_record("MNG")
    assert (err.value.row, err.value.column) == (row, column)
    assert reason in str(err.value)
    assert err.value.file == "data/country/MNG/workshop_attendance_ILLUSTRATIVE.csv"


def test_real_files_take_precedence_over_illustrative_ones(root):
    from egovreport.workshop import load_record

    folder = root / "data" / "country" / "MNG"
    (folder / "workshop_attendance.csv").write_text("day,organisation_type,participants\n1,ministry,12\n",
                                                   encoding="utf-8")
    (folder / "workshop_record.yml").write_text(
        "sessions:\n  d1_egdi_framework:\n    main_points:\n      - en: A real note.\n", encoding="utf-8")
    rec = load_record("MNG")
    assert not rec.illustrative
    assert rec.attendance["participants"].tolist() == [12] and "women" not in rec.attendance
    assert rec.session_outputs("d1_egdi_framework").main_points == [{"en": "A real note."}]
    assert rec.corrections() == []


def test_a_country_without_a_record_says_what_is_missing_and_where_it_goes(root):
    from egovreport import reader, workshop

    rec = workshop.load_record("KAZ")
    assert rec.facts is None and rec.missing == ["workshop.yml", "workshop_record", "workshop_attendance"]
    for lang in ("en", "mn"):
        page = reader.sessions_markdown(rec, 1, lang) + reader.agenda_table(rec, lang) + \
            reader.attendance_table(rec, lang) + reader.conclusions_markdown(rec, lang)
        assert "`data/country/KAZ/workshop.yml`" in page
        assert "`data/country/KAZ/workshop_attendance.csv`" in page
        assert "`data/country/KAZ/workshop_record.yml`" in page
        assert "not-available" in page


def test_the_mongolia_files_hold_no_personal_data():
    from egovreport.privacy import find_personal_data

    for name in RECORD_FILES[:4]:
        assert find_personal_data((MNG / name).read_text(encoding="utf-8")) == [], name

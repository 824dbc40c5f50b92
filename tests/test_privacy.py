"""egovreport.privacy.find_personal_data: e-mails, phone numbers (incl. Mongolian formats), ID numbers."""

import pytest

from egovreport.privacy import describe_personal_data, find_personal_data


@pytest.mark.parametrize("text, found", [
    ("write to bat.erdene@example.gov.mn please", "bat.erdene@example.gov.mn"),
    ("mailto:info@nso.example", "info@nso.example"),
    ("Имэйл: дорж@жишээ.мн", "дорж@жишээ.мн"),
])
def test_emails_are_found(text, found):
    hits = find_personal_data(text)
    assert [(h.kind, h.text) for h in hits] == [("email", found)]


@pytest.mark.parametrize("text", [
    "call +976 9911 2233", "tel +976-11-312345", "+97699112233", "(976) 7011-2345", "976 99112233",
    "00976 99112233", "+1 202 555 0143",
    "99112233", "9911 2233", "9911-2233", "99-11-22-33", "11-312345", "утас: 8811 4455.",
])
def test_phone_numbers_are_found(text):
    hits = find_personal_data(text)
    assert [h.kind for h in hits] == ["phone"], text


def test_national_register_number_is_found():
    assert [h.kind for h in find_personal_data("РД: УБ99112233")] == ["national_id"]


@pytest.mark.parametrize("text", [
    "In 2024 the law was revised", "level 3", "levels 0 1 2 3 4 0 1 2", "2021-2023", "2021–2023",
    "2024-12-03", "03.12.2024", "20241203", "EGDI 0.8457 (rank 46/193)", "1,263 services",
    "12 500 000 төгрөг", "329 of 462 organisations", "Law of 17 Dec 2021, in force 1 May 2022",
    "https://legalinfo.mn/en/edtl/16531350476261", "legalinfo.mn/mn/detail?lawId=16390263044601",
    "ISO 27001:2013", "", None, float("nan"),
])
def test_no_false_alarm_on_ordinary_numbers(text):
    assert find_personal_data(text) == []


def test_several_items_in_order_and_reason_does_not_repeat_them():
    text = "Ask a@b.mn or 9911 2233"
    hits = find_personal_data(text)
    assert [h.kind for h in hits] == ["email", "phone"]
    assert text[hits[1].start:hits[1].end].strip() == "9911 2233"
    reason = describe_personal_data(hits)
    assert "e-mail address" in reason and "phone number" in reason and "a@b.mn" not in reason and "9911" not in reason


# The scan flags every bare 8-digit number that is not a date: Mongolian subscriber numbers
# are 8 digits, including Ulaanbaatar fixed lines starting with 1 (11-xxxxxx), so "12345678" and "20242025" may be phone numbers. A false alarm costs a
# respondent's answer a manual check; a published phone number cannot be taken back.
@pytest.mark.parametrize("text", ["12345678", "20242025"])
def test_find_personal_data_flags_bare_8_digit_numbers_as_possible_phones(text):
    assert [m.kind for m in find_personal_data(text)] == ["phone"]


# --- issue 13, problem 7: forms the scan missed --------------------------------------------

@pytest.mark.parametrize("text, kind, found", [
    ("tel 9911.2233", "phone", "9911.2233"),
    ("Tel.: 11 31 23 45 (office)", "phone", "11 31 23 45"),
    ("утас 8811.4455", "phone", "8811.4455"),
    ("write to name[at]gov.mn", "email", "name[at]gov.mn"),
    ("b.erdene (at) nso (dot) mn", "email", "b.erdene (at) nso (dot) mn"),
    ("dorj{at}example.org", "email", "dorj{at}example.org"),
    ("dorj @ example.org", "email", "dorj @ example.org"),
    ("bat at gov dot mn", "email", "bat at gov dot mn"),
])
def test_disguised_phone_numbers_and_addresses_are_found(text, kind, found):
    """Issue 13, problem 7: `tel 9911.2233` and `name[at]gov.mn` passed the scan."""
    assert [(h.kind, h.text) for h in find_personal_data(text)] == [(kind, found)]


@pytest.mark.parametrize("code", ["Oyunbileg Batbayar", "Bat-Erdene Dorj", "B. Dorj", "Dorj B.", "Б.Батбаяр",
                                  "Батбаярын Оюунбилэг"])
def test_a_personal_name_used_as_a_respondent_code_is_found(code):
    """Issue 13, problem 7: a full personal name used as a respondent code was not caught."""
    assert [h.kind for h in find_personal_data(code, code=True)] == ["person_name"]
    assert find_personal_data(code) == []  # free text is not scanned for names


@pytest.mark.parametrize("code", ["R001", "DU0705", "MN-EGDI-01", "national_security_council", "resp 12", "ABC"])
def test_pseudonymous_codes_are_not_names(code):
    assert find_personal_data(code, code=True) == []


@pytest.mark.parametrize("text", ["available at legalinfo.mn", "look at data.gov.mn", "Phone survey 2021-2023",
                                  "tel. 2024", "EGDI 0.8457, OSI 0.8219", "the law (at) article 5"])
def test_no_false_alarm_on_prose_near_the_new_forms(text):
    assert find_personal_data(text) == []


def test_survey_respondent_named_by_a_person_is_rejected_with_row_and_column(tmp_path):
    from conftest import REPO
    from egovreport.governance.survey import SurveyValidationError, load_survey_responses

    lines = (REPO / "data/country/MNG/governance_survey_ILLUSTRATIVE.csv").read_text().split("\n")
    lines[3] = "Oyunbileg Batbayar" + lines[3][lines[3].index(","):]
    path = tmp_path / "governance_survey.csv"
    path.write_text("\n".join(lines))
    with pytest.raises(SurveyValidationError) as err:
        load_survey_responses(path)
    assert err.value.row == 4 and err.value.column == "respondent_id"
    assert "a person's name" in err.value.reason and "Oyunbileg" not in str(err.value)


def test_no_false_alarm_on_any_input_file_in_data():
    """Every CSV under data/ (raw snapshots, instruments, country inputs), every cell, with the
    identifier columns scanned for names too: nothing is flagged."""
    from conftest import REPO
    from egovreport.privacy import scan_text_table

    files = [p for p in sorted((REPO / "data").rglob("*.csv")) if "processed" not in p.parts]
    assert len(files) > 25
    for path in files:
        scan_text_table(path, label=str(path.relative_to(REPO)))

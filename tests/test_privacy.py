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

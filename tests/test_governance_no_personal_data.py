"""The governance data files published by the evidence team hold no personal data."""

import re

import pytest

from egovreport.governance.inputs import country_dir, instruments_dir

FILES = [country_dir("MNG") / f for f in ("evidence_register.csv", "desk_review_scores.csv",
                                          "stakeholders.csv", "stakeholder_roles.csv")] + \
        [instruments_dir() / f for f in ("governance_framework.yml", "governance_maturity_rubric.csv",
                                         "governance_questionnaire.yml")]

URL = re.compile(r"https?://\S+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?:\+\d{1,3}[\s-]?)?\(?\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}")
# "B.Bolor-Erdene", "Mr. Smith", "H.E." : initial + surname (Mongolian style) or honorifics
PERSON = re.compile(r"\b[A-ZА-ЯЁӨҮ]\.\s?[A-ZА-ЯЁӨҮ][a-zа-яёөү]{2,}|\b(?:Mr|Mrs|Ms|Dr|Prof)\.\s|\bH\.E\.")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_emails_phones_or_person_names(path):
    text = URL.sub(" ", path.read_text(encoding="utf-8"))
    assert not EMAIL.findall(text)
    assert not PHONE.findall(text), PHONE.findall(text)[:3]
    assert not PERSON.findall(text), PERSON.findall(text)[:3]


def test_the_scan_detects_what_it_should():
    sample = "Call +976 7000 9089 or mail someone@example.mn; signed by State Secretary B.Bolor-Erdene"
    assert EMAIL.findall(sample) and PHONE.findall(sample) and PERSON.findall(sample)

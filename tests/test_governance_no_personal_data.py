"""The shipped instruments, country inputs and locale strings hold no personal data.

Every file under ``data/instruments/``, ``data/country/`` and
``src/egovreport/locales/`` is scanned with the project's one personal-data scan
(:func:`egovreport.privacy.find_personal_data`: e-mails, phone numbers, civil
register numbers) and a pattern for names of people written with an initial or
an honorific.
"""

import re

import pytest

from egovreport import paths
from egovreport.privacy import find_personal_data

SCANNED_FOLDERS = [paths.instruments_dir(), paths.project_root() / "data" / "country",
                   paths.project_root() / "src" / "egovreport" / "locales"]
FILES = sorted(p for folder in SCANNED_FOLDERS for p in folder.rglob("*") if p.is_file())

URL = re.compile(r"https?://\S+")
# "B.Bolor-Erdene", "Mr. Smith", "H.E." : initial + surname (Mongolian style) or honorifics
# (not an outline label such as "A. The primary thematic areas" of the concept note)
PERSON = re.compile(r"\b[A-ZА-ЯЁӨҮ]\.\s?(?!(?:The|An?)\b)[A-ZА-ЯЁӨҮ][a-zа-яёөү]{2,}|\b(?:Mr|Mrs|Ms|Dr|Prof)\.\s|\bH\.E\.")


def test_the_scanned_folders_hold_the_shipped_files():
    names = {p.name for p in FILES}
    assert {"evidence_register.csv", "governance_survey_ILLUSTRATIVE.csv", "workshop_pre_survey_ILLUSTRATIVE.csv",
            "governance_maturity_rubric.csv", "workshop_evaluation_common.yml", "governance.yml"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(paths.project_root())))
def test_no_emails_phones_id_numbers_or_person_names(path):
    text = path.read_text(encoding="utf-8")
    found = find_personal_data(text)
    assert not found, [(m.kind, m.text) for m in found[:3]]
    without_urls = URL.sub(" ", text)
    assert not PERSON.findall(without_urls), PERSON.findall(without_urls)[:3]


def test_the_scan_detects_what_it_should():
    sample = "Call +976 7000 9089 or mail someone@example.mn; signed by State Secretary B.Bolor-Erdene"
    assert {m.kind for m in find_personal_data(sample)} == {"phone", "email"}
    assert PERSON.findall(sample)

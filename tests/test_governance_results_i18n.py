"""The governance_results domain: same keys and placeholders in English and Mongolian."""

import string

from egovreport.i18n import catalogue, catalogue_meta


def _domain(lang):
    return {k: v for k, v in catalogue(lang).items() if k.startswith("governance_results.")}


def _fields(text):
    return {f for _, f, _, _ in string.Formatter().parse(str(text)) if f}


def test_same_keys_and_placeholders_in_both_languages():
    en, mn = _domain("en"), _domain("mn")
    assert set(en) == set(mn)
    for key in en:
        assert _fields(en[key]) == _fields(mn[key]), key


def test_mongolian_is_marked_draft():
    assert catalogue_meta("mn")["governance_results"]["status"] == "draft"

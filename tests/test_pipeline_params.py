"""Run parameters are checked before anything runs; bad values are named in the error."""

from __future__ import annotations

import pytest

from conftest import FIXTURE_EDITIONS, FIXTURE_MEMBER_STATES
from egovreport.errors import ParameterError
from egovreport.pipeline.config import ParameterSpec
from egovreport.pipeline.parameters import MAX_PEERS, resolve_parameters

SPECS = {
    "country": ParameterSpec("country", "iso3", "MNG"),
    "edition": ParameterSpec("edition", "edition", 2024),
    "peers": ParameterSpec("peers", "iso3_list", []),
    "languages": ParameterSpec("languages", "languages", ["en", "mn"]),
}


def resolve(**overrides):
    return resolve_parameters(SPECS, overrides, member_states_fn=lambda: FIXTURE_MEMBER_STATES,
                              editions_fn=lambda: FIXTURE_EDITIONS)


def test_defaults_resolve_to_typed_values():
    assert resolve() == {"country": "MNG", "edition": 2024, "peers": [], "languages": ["en", "mn"]}


def test_command_line_strings_are_normalised():
    got = resolve(country=" kaz ", edition="2022", peers="kgz, CHN,KGZ", languages="EN")
    assert got == {"country": "KAZ", "edition": 2022, "peers": ["KGZ", "CHN"], "languages": ["en"]}


def test_empty_peer_string_means_no_peers():
    assert resolve(peers="")["peers"] == []


@pytest.mark.parametrize("bad", ["XYZ", "MN", "MNGL", "M1G", "MNG; rm -rf /", "$(id)", "`id`", "", 496, None])
def test_bad_country_is_rejected_naming_parameter_and_value(bad):
    with pytest.raises(ParameterError) as err:
        resolve(country=bad)
    msg = str(err.value)
    assert "'country'" in msg
    assert "\n" not in msg
    if isinstance(bad, str) and bad:
        assert bad.strip().upper()[:20] in msg.upper()


def test_unknown_but_well_formed_code_says_it_is_not_a_member_state():
    with pytest.raises(ParameterError, match=r"'XYZ' is not one of the 7 UN Member States"):
        resolve(country="xyz")


@pytest.mark.parametrize("bad", ["2023", "1999", "20245", "2024; ls", "twenty", 2023.5, True])
def test_bad_edition_is_rejected(bad):
    with pytest.raises(ParameterError, match="'edition'"):
        resolve(edition=bad)


def test_missing_edition_lists_the_available_ones():
    with pytest.raises(ParameterError, match="no 2023 edition.*available: 2022, 2024"):
        resolve(edition="2023")


def test_peer_list_with_unknown_code_names_it():
    with pytest.raises(ParameterError, match="'peers'.*'QQQ'"):
        resolve(peers="KAZ,QQQ")


def test_absurdly_long_peer_list_is_rejected():
    with pytest.raises(ParameterError, match=f"at most {MAX_PEERS}"):
        resolve(peers=",".join(["KAZ"] * (MAX_PEERS + 1)))


def test_country_cannot_be_its_own_peer():
    with pytest.raises(ParameterError, match="'peers': MNG is the country of the run itself"):
        resolve(peers="KAZ,mng")


@pytest.mark.parametrize("bad", ["fr", "en,xx", ""])
def test_unknown_or_missing_language_is_rejected(bad):
    with pytest.raises(ParameterError, match="'languages'"):
        resolve(languages=bad)


def test_unknown_parameter_name_is_rejected():
    with pytest.raises(ParameterError, match="unknown parameter.*'contry'"):
        resolve(contry="MNG")


def test_form_only_check_does_not_need_the_data():
    def unavailable():
        raise AssertionError("data lists must not be loaded")
    got = resolve_parameters(SPECS, {"country": "QQQ"}, check_data=False,
                             member_states_fn=unavailable, editions_fn=unavailable)
    assert got["country"] == "QQQ"
    with pytest.raises(ParameterError, match="'country'"):
        resolve_parameters(SPECS, {"country": "$(id)"}, check_data=False,
                           member_states_fn=unavailable, editions_fn=unavailable)


def test_missing_reference_data_gives_a_clear_error():
    def broken():
        raise FileNotFoundError("data/processed/egdi.parquet")
    with pytest.raises(ParameterError, match="run `python -m egovreport data` first"):
        resolve_parameters(SPECS, {}, member_states_fn=broken, editions_fn=broken)

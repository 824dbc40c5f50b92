"""Validation of run parameters, before anything runs.

Values come from pipeline.yml defaults or the command line (strings). Each type
normalises and checks them; a bad value raises :class:`ParameterError` naming
the parameter and the value. ISO3 codes and editions are checked against the
data (``egovreport.datasets``), so a typo never reaches a notebook.
"""

from __future__ import annotations

import re

from ..errors import ParameterError
from ..i18n import LANGUAGES

MAX_PEERS = 30
_ISO3 = re.compile(r"^[A-Z]{3}$")
_YEAR = re.compile(r"^\d{4}$")


def _show(value) -> str:
    """The bad value, quoted and cut short, safe to print on one line."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def member_states() -> list[str]:
    """ISO3 codes of the 193 UN Member States (from the data step's datasets)."""
    from .. import datasets  # lazy: the data module is heavy and built by the data team

    return datasets.member_states()


def editions() -> list[int]:
    """E-Government Survey editions available in the processed data."""
    from .. import datasets

    return datasets.editions()


def _split(value) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _iso3_syntax(name: str, value) -> str:
    if not isinstance(value, str) or not _ISO3.match(value.strip().upper()):
        raise ParameterError(f"parameter '{name}': {_show(value)} is not an ISO 3166-1 alpha-3 "
                             f"country code (three letters, e.g. MNG)")
    return value.strip().upper()


def _iso3_member(name: str, code: str, known: set[str] | None) -> None:
    if known is not None and code not in known:
        raise ParameterError(f"parameter '{name}': {code!r} is not one of the {len(known)} UN "
                             f"Member States")


def check_iso3(name: str, value, ctx: "_Data") -> str:
    code = _iso3_syntax(name, value)
    _iso3_member(name, code, ctx.member_states)
    return code


def check_iso3_list(name: str, value, ctx: "_Data") -> list[str]:
    items = _split(value)
    if len(items) > MAX_PEERS:
        raise ParameterError(f"parameter '{name}': {len(items)} codes given; at most {MAX_PEERS} "
                             f"are allowed")
    codes: list[str] = []
    for item in items:
        code = _iso3_syntax(name, item)
        _iso3_member(name, code, ctx.member_states)
        if code not in codes:
            codes.append(code)
    return codes


def check_edition(name: str, value, ctx: "_Data") -> int:
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not _YEAR.match(text):
        raise ParameterError(f"parameter '{name}': {_show(value)} is not a survey edition year "
                             f"(e.g. 2024)")
    year = int(text)
    if ctx.editions is not None and year not in ctx.editions:
        raise ParameterError(f"parameter '{name}': there is no {year} edition of the UN E-Government "
                             f"Survey in the data; available: {', '.join(map(str, sorted(ctx.editions)))}")
    return year


def check_languages(name: str, value, ctx: "_Data") -> list[str]:
    langs: list[str] = []
    for item in _split(value):
        lang = item.strip().lower() if isinstance(item, str) else item
        if lang not in LANGUAGES:
            raise ParameterError(f"parameter '{name}': unknown language {_show(item)}; "
                                 f"available: {', '.join(LANGUAGES)}")
        if lang not in langs:
            langs.append(lang)
    if not langs:
        raise ParameterError(f"parameter '{name}': at least one language is needed "
                             f"(available: {', '.join(LANGUAGES)})")
    return langs


PARAMETER_TYPES = {
    "iso3": check_iso3,
    "iso3_list": check_iso3_list,
    "edition": check_edition,
    "languages": check_languages,
}


class _Data:
    """Reference lists, loaded once and only if a parameter needs them."""

    def __init__(self, member_states_fn, editions_fn, check_data: bool = True):
        self._ms, self._ed = member_states_fn, editions_fn
        self._check = check_data
        self._cache: dict = {}

    def _load(self, key, fn, what):
        if key not in self._cache:
            try:
                self._cache[key] = fn()
            except ParameterError:
                raise
            except Exception as exc:  # data missing or broken: say so instead of a traceback
                raise ParameterError(f"cannot check parameters: the list of {what} is not "
                                     f"available ({type(exc).__name__}: {exc}); "
                                     f"run `python -m egovreport data` first") from None
        return self._cache[key]

    @property
    def member_states(self) -> set[str] | None:
        return set(self._load("ms", self._ms, "UN Member States")) if self._check else None

    @property
    def editions(self) -> set[int] | None:
        return {int(e) for e in self._load("ed", self._ed, "survey editions")} if self._check else None


def resolve_parameters(specs: dict, overrides: dict | None = None, *, check_data: bool = True,
                       member_states_fn=None, editions_fn=None) -> dict:
    """Defaults from ``specs`` updated with ``overrides``, every value checked and normalised.

    Overrides may be strings as typed on the command line (``"KAZ,KGZ"``).
    ``check_data=False`` checks only the form of the values (three letters, a
    year...), not that the data know them. Raises :class:`ParameterError`
    naming the parameter and the bad value.
    """
    overrides = dict(overrides or {})
    unknown = [k for k in overrides if k not in specs]
    if unknown:
        raise ParameterError(f"unknown parameter(s) {', '.join(map(repr, unknown))}; pipeline.yml "
                             f"defines: {', '.join(specs)}")
    ctx = _Data(member_states_fn or member_states, editions_fn or editions, check_data)
    resolved = {}
    for name, spec in specs.items():
        value = overrides.get(name, spec.default)
        resolved[name] = PARAMETER_TYPES[spec.type](name, value, ctx)
    # a country compared with itself adds nothing and breaks peer charts
    countries = {v for n, v in resolved.items() if specs[n].type == "iso3"}
    for name, value in resolved.items():
        if specs[name].type == "iso3_list":
            clash = [c for c in value if c in countries]
            if clash:
                raise ParameterError(f"parameter '{name}': {', '.join(clash)} is the country of the "
                                     f"run itself; list only other countries")
    return resolved

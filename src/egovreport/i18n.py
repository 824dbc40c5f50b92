"""Translation catalogue: every label, title and sentence template of the report.

Strings live in ``locales/<lang>/<domain>.yml`` (plain YAML a translator can edit);
keys are ``<domain>.<key>``, e.g. ``t("common.source", "mn")``. English is the
reference: a key missing in another language falls back to English, and
``tests/test_i18n.py`` fails when any key is missing, so a fallback never ships.
Mongolian strings are drafts for review by a human translator until a file's
``_meta.status`` says ``reviewed``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources

import yaml

LANGUAGES = ("en", "mn")
LANGUAGE_NAMES = {"en": "English", "mn": "Монгол"}


def _flatten(prefix: str, node, out: dict) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "_meta":
                continue
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    else:
        out[prefix] = node


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, flattened to dotted keys."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    out: dict[str, str] = {}
    folder = resources.files("egovreport") / "locales" / lang
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yml"):
            domain = entry.name[:-4]
            data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            _flatten(domain, data, out)
    return out


def catalogue_meta(lang: str) -> dict[str, dict]:
    """``_meta`` block of each domain file (translation status, reviewer)."""
    meta = {}
    folder = resources.files("egovreport") / "locales" / lang
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            meta[entry.name[:-4]] = data.get("_meta", {})
    return meta


def translation_status(lang: str) -> str:
    """'draft' unless every catalogue of ``lang`` says it was reviewed ('reference' for English)."""
    if lang == "en":
        return "reference"
    statuses = {str((meta or {}).get("status", "draft")).split()[0] for meta in catalogue_meta(lang).values()}
    return "reviewed" if statuses == {"reviewed"} else "draft"


def draft_notice_text(lang: str) -> tuple[str, str] | None:
    """``(title, body)`` of the notice that a translation is an unreviewed draft, or None (English,
    or every catalogue reviewed). The one text of the notice: every page of a translated book
    shows it (:mod:`egovreport.book_chrome`)."""
    if translation_status(lang) != "draft":
        return None
    return (t("report.draft_notice_title", lang),
            t("report.draft_notice", lang, language=LANGUAGE_NAMES.get(lang, lang).lower()))


def t(key: str, lang: str = "en", **values) -> str:
    """Look up ``key`` in ``lang`` and fill ``{placeholders}`` from ``values``.

    In Mongolian a case ending written after a name placeholder (``{country}-ын``,
    ``{country}-аас``, ``{country}-ыг``, ``{country}-д``) is the case the sentence needs: the
    name is inflected by :func:`mn_case` ("Монгол Улсын", "Казахстанаас", "Кирибатид")."""
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue("en").get(key)
    if text is None:
        raise KeyError(f"translation key {key!r} not in the catalogue")
    text = str(text)
    if lang == "mn" and values:
        text, values = _inflect_names(text, values)
    return text.format(**values) if values else text


# --------------------------------------------------------------------------- Mongolian cases

_MN_LOWER = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяөү")
_MN_BACK = set("аоуыяёю")
_MN_VOWELS = set("аоуыяёюэөүеи")
_MN_SUFFIX_CASE = {"ын": "gen", "ийн": "gen", "ы": "gen", "ий": "gen", "н": "gen",
                   "аас": "abl", "ээс": "abl", "оос": "abl", "өөс": "abl",
                   "ыг": "acc", "ийг": "acc", "г": "acc",
                   "д": "dat", "т": "dat", "ад": "dat", "эд": "dat", "од": "dat", "өд": "dat"}
_MN_CASE_MARK = re.compile(r"\{(\w+)\}(\*{0,2})-(" + "|".join(sorted(_MN_SUFFIX_CASE, key=len, reverse=True)) + r")(?![а-яөүё])")


def _inflect_names(text: str, values: dict) -> tuple[str, dict]:
    values = dict(values)

    def swap(m):  # "{country}-ын" → "{country__gen}"; "**{country}**-ын" → "**{country__gen}**"
        name, emphasis, case = m.group(1), m.group(2), _MN_SUFFIX_CASE[m.group(3)]
        value = values.get(name)
        if not (isinstance(value, str) and value and value[-1] in _MN_LOWER):
            return m.group(0)  # a number, code or acronym ("ДГХБО-ын"): the ending as written
        slot = f"{name}__{case}"
        values[slot] = mn_case(values[name], case)
        return "{" + slot + "}" + emphasis
    return _MN_CASE_MARK.sub(swap, text), values


def mn_case(name: str, case: str) -> str:
    """A (country) name in a Mongolian case: ``gen`` (-ын), ``abl`` (-аас), ``acc`` (-ыг) or
    ``dat`` (-д), by vowel harmony and the name's last letter — "Монгол Улсын/Улсаас/Улсыг/
    Улсад", "Казахстаны/Казахстанаас/Казахстаныг/Казахстанд", "Кирибатийн/Кирибатиас/
    Кирибатийг/Кирибатид". A draft rule for names no reviewer has inflected; a name not written
    in Cyrillic (a code) keeps a hyphenated ending."""
    if case not in ("gen", "abl", "acc", "dat"):
        raise ValueError(f"unknown case {case!r}")
    if not name:
        return name
    word = name.split()[-1].lower()
    vowels = [c for c in word if c in _MN_VOWELS]
    harmony = [c for c in vowels if c != "и"]
    back = bool(harmony) and harmony[-1] in _MN_BACK
    first = harmony[0] if harmony else ""
    long_vowel = {"о": "оо", "ё": "оо", "ө": "өө"}.get(first, "аа" if back else "ээ")
    short_vowel = long_vowel[0]
    last = word[-1]
    if last not in _MN_LOWER:  # not written in Cyrillic
        return name + {"gen": "-ын" if back else "-ийн", "abl": f"-{long_vowel}с",
                       "acc": "-ыг" if back else "-ийг", "dat": "-д"}[case]
    ends_long = len(word) >= 2 and (word[-2:] in ("аа", "оо", "уу", "ээ", "өө", "үү") or last == "й")
    if case == "gen":
        if last == "н":
            return name + ("ы" if back else "ий")
        if ends_long:
            return name + "н"
        if last == "и":
            return name + "йн"
        if last in "аэяе":
            stem = name[:-1]
            stem_vowels = [c for c in stem.split()[-1].lower() if c in _MN_VOWELS and c != "и"]
            return stem + ("ын" if stem_vowels and stem_vowels[-1] in _MN_BACK else "ийн")
        if last in _MN_VOWELS:
            return name + "гийн"
        if last in "гжчшщкь":
            return name.removesuffix("ь") + "ийн"
        return name + ("ын" if back else "ийн")
    if case == "abl":
        if ends_long or last in "оуөү":
            return name + "г" + long_vowel + "с"
        if last == "и":
            return name + ("ас" if back else "эс")
        if last in "аэ":
            return name[:-1] + long_vowel + "с"
        return name.removesuffix("ь") + long_vowel + "с"
    if case == "acc":
        if ends_long or last in "оуөү":
            return name + "г"
        if last == "и":
            return name + "йг"
        if last in "аэяе":
            return name[:-1] + ("ыг" if back else "ийг")
        if last in "гжчшщкь":
            return name.removesuffix("ь") + "ийг"
        return name + ("ыг" if back else "ийг")
    # dative-locative
    if last in _MN_VOWELS or last in "нлмйь":
        return name + "д"
    if last in "гврс" and len(word) >= 2 and word[-2] in _MN_VOWELS:
        return name + "т"
    return name + short_vowel + "д"


def tn(key: str, n, lang: str = "en", **values) -> str:
    """Plural-aware :func:`t`: ``key.one`` when ``n`` is 1, else ``key.other`` ("1 place" /
    "3 places"); ``n`` is passed to the template as ``n`` unless given. A language whose
    catalogue has no ``.one`` form (Mongolian nouns do not change after a numeral) uses ``.other``."""
    names = catalogue(lang) if f"{key}.other" in catalogue(lang) else catalogue("en")
    form = "one" if n is not None and n == 1 and f"{key}.one" in names else "other"
    values.setdefault("n", n)
    return t(f"{key}.{form}", lang, **values)


#: Quotation marks of each language: English “…”, Mongolian «…».
QUOTES = {"en": ("“", "”"), "mn": ("«", "»")}


def quoted(text: str, lang: str = "en") -> str:
    """``text`` in the quotation marks of ``lang`` (the one place they are chosen)."""
    left, right = QUOTES.get(lang, QUOTES["en"])
    return f"{left}{text}{right}"


#: What may stand before a sentence's first letter: Markdown emphasis, brackets, quotation marks.
LEADING_MARKS = "*_[(«‹\"“„'‘ \u00a0"
# a first word that is a path, file, address, identifier or number: left as written
_NOT_A_WORD = re.compile(r"[/_@`\\]|\.\w|\d")


def capitalise(text: str) -> str:
    """``text`` with its first letter upper-case: the one helper for a sentence or table cell
    that may start with a generated name or label ("the Africa average …", "«өгөгдлийн аюулгүй
    байдал» чиглэлийн …"; Cyrillic too). Leading Markdown emphasis, brackets and quotation marks
    are skipped; anything else before the first letter (code, a number, a link role) and a first
    word that is a path, file name, address or identifier (``data/raw/…``, ``opendata.gov.mn``,
    ``survey_file``) leave the text as written."""
    text = str(text)
    i = 0
    while i < len(text) and text[i] in LEADING_MARKS:
        i += 1
    if i >= len(text) or not (text[i].isalpha() and text[i].islower()):
        return text
    word = text[i:].split(maxsplit=1)[0]
    if _NOT_A_WORD.search(word):
        return text
    return text[:i] + text[i].upper() + text[i + 1:]


def _decimal(value) -> Decimal:
    """``value`` as a decimal number: the shortest text that reads back as the stored float,
    after rounding away float arithmetic noise (12 significant digits), so 0.91945 is 0.91945 and
    not the binary 0.919449999…, and a difference 0.01945 computed in floats stays 0.01945."""
    return Decimal(repr(float(f"{float(value):.12g}")))


def fmt_index(value: float | None, digits: int = 4, *, sign: bool = False) -> str:
    """An index value (or a difference of index values) at the UN's precision, 4 decimals.

    The one formatting function for values shown to 4 decimals: it rounds **half up** from the
    stored value as the UN publishes it (5 decimals), so the United States' 2024 EGDI 0.91945
    reads 0.9195 as in the Survey, not 0.9194 (Python's ``f"{0.91945:.4f}"`` rounds the binary
    float 0.9194499… down). ``sign=True`` writes '+0.1248' / '−0.0123' (true minus sign).
    '–' when missing.
    """
    if value is None or value != value:  # NaN
        return "–"
    q = _decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)  # no "−0.0000"
    text = f"{abs(q):.{digits}f}"
    if q < 0:
        return "−" + text
    return ("+" if sign else "") + text


def round_index(value: float | None, digits: int = 4) -> float | None:
    """The number :func:`fmt_index` shows (half up), as a float; None when missing."""
    if value is None or value != value:
        return None
    return float(_decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


#: Thousands separator of a whole number in each language: English "1,263"; Mongolian groups
#: digits with a (no-break) space, "1 263", never the English comma.
THOUSANDS_SEPARATOR = {"en": ",", "mn": "\u00a0"}


def fmt_int(value, lang: str = "en") -> str:
    """A whole number as text in ``lang`` — the one formatting of counts and ranks: thousands
    grouped by :data:`THOUSANDS_SEPARATOR` ("1,263" / "1 263"), '–' when missing."""
    if value is None or value != value:
        return "–"
    return f"{int(value):,d}".replace(",", THOUSANDS_SEPARATOR.get(lang, ","))


# --------------------------------------------------------------------------- country names

#: Catalogue keys that may hold a reviewed country name (looked up in this order).
COUNTRY_KEYS = ("brief.country.{iso3}", "egdi.state.{iso3}", "governance.country.{iso3}")


def country_name(iso3: str, lang: str = "en", english: str | None = None) -> str:
    """Name of the country ``iso3`` in ``lang``: the one place that decides it.

    1. the catalogue of ``lang`` (``brief.country.<ISO3>``, ``egdi.state.<ISO3>``,
       ``governance.country.<ISO3>``), e.g. "Монгол Улс";
    2. in a language other than English, the Unicode CLDR name (Babel), found through the
       ISO2 code of the processed country groupings (e.g. "Казахстан");
    3. ``english`` (the caller's UN English name), else the UN short name of the processed data;
    4. the ISO3 code.
    """
    names = catalogue(lang)
    for key in COUNTRY_KEYS:
        name = names.get(key.format(iso3=iso3))
        if name:
            return str(name)
    if lang != "en":
        local = cldr_country_name(iso3, lang)
        if local:
            return local
    if english:
        return english
    try:
        from . import datasets
        return datasets.country_name(iso3)
    except Exception:  # noqa: BLE001 - no processed data or not a Member State: the code is a correct label
        return iso3


def _iso2_codes() -> dict[str, str]:
    """ISO3 → ISO2 of the Member States, from the processed country groupings ({} without them);
    read once per project root (the 193-state pages ask for it for every name)."""
    from . import paths

    source = paths.processed_dir() / "country_groupings.parquet"
    stamp = source.stat().st_mtime_ns if source.exists() else 0
    return _iso2_codes_of(str(source), stamp)


@lru_cache(maxsize=8)
def _iso2_codes_of(source: str, stamp: int) -> dict[str, str]:
    try:
        from . import datasets
        groupings = datasets.load_groupings()
    except Exception:  # noqa: BLE001 - no processed data: names stay in English
        return {}
    if "iso2" not in groupings:
        return {}
    return dict(zip(groupings["iso3"], groupings["iso2"]))


def cldr_country_name(iso3: str, lang: str) -> str | None:
    """Country name in ``lang`` from the Unicode CLDR (Babel), or None when it has none."""
    iso2 = _iso2_codes().get(iso3)
    if not iso2:
        return None
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:  # pragma: no cover - Babel is a declared dependency
        return None
    try:
        return Locale.parse(lang).territories.get(iso2)
    except (UnknownLocaleError, ValueError):
        return None

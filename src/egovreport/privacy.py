"""Scan free text for personal data before anything is published.

The report publishes no e-mail addresses, phone numbers or personal identity
numbers of people (developers' guide). :func:`find_personal_data` is the one
scan every team runs over free text (survey answers, workshop notes) before it
can reach a table, a figure or the book. It is deliberately a little
over-cautious: a false alarm costs an analyst a minute, a leak cannot be undone.

What it detects (each rule is a regular expression plus a digit count):

``email``
    ``local@domain.tld`` (Unicode letters allowed), also inside ``mailto:`` links, and the
    forms people write to dodge address harvesters: ``name[at]gov.mn``, ``name (at) gov
    (dot) mn``, ``name {at} gov.mn``, ``name @ gov.mn``, ``name at gov dot mn``.
``phone``
    * international numbers written with ``+`` (or ``00``) and 8–15 digits,
      e.g. ``+976 9911 2233``, ``+976-11-312345``, ``00976 99112233``;
    * Mongolian numbers written with the country code but no ``+``:
      ``976`` or ``(976)`` followed by 8 digits;
    * Mongolian national numbers: exactly 8 digits, written together or in
      groups (``99112233``, ``9911 2233``, ``9911-2233``, ``99-11-22-33``,
      ``11-312345``, ``7011-2345``), every group at least two digits long.
      Mongolia's numbering plan uses 8-digit subscriber numbers for mobile and
      fixed lines;
    * any number of 6 to 15 digits right after a word that announces a phone number
      (``tel``, ``phone``, ``mobile``, ``fax``, ``утас``, ``факс``...), whatever separates its
      groups: ``tel 9911.2233``, ``утас: 11 31 23 45`` (a dotted ``9911.2233`` alone is not
      flagged: it is also how decimals look in data tables).
``national_id``
    Mongolian civil register numbers: two Cyrillic letters followed by 8 digits
    (e.g. ``УБ99112233``).

``person_name`` (only with ``code=True``, for identifier fields such as a respondent code)
    A value shaped like a person's name instead of a pseudonymous code: two or more
    capitalised words (``Oyunbileg Batbayar``, ``Bat-Erdene Dorj``, ``Батбаярын Оюунбилэг``),
    or an initial and a name (``B. Dorj``, ``Dorj B.``, ``Б.Батбаяр``). Free text is not
    scanned for names: prose is full of capitalised words (institutions, places, laws).

What it does not flag (so the scan can be run on ordinary prose): years
(``2024``), year ranges (``2021-2023``, ``2021–2023``), dates (``2024-12-03``,
``03.12.2024``, ``20241203``), maturity levels and small numbers, decimals
(``0.8457``), thousands written with commas or spaced groups of three
(``1,263``, ``12 500 000``), and digits inside web addresses (law identifiers
such as ``legalinfo.mn/en/edtl/16531350476261``).

Known limits: any other bare 8-digit number (``12345678``, an amount such as
``50000000``) is flagged as a phone number, which errs on the side of privacy;
6-digit legacy landlines written without an area code (and without a word such as
``tel``) are not detected; names of people in free text cannot be found reliably by
pattern, so the questionnaires ask respondents not to write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}", re.UNICODE)
# "name[at]gov.mn", "name (at) gov (dot) mn", "name @ gov.mn", "name at gov dot mn"
_OPEN, _CLOSE = r"[\[\(\{<]", r"[\]\)\}>]"
_DOT = rf"(?:\s*\.\s*|\s*{_OPEN}\s*dot\s*{_CLOSE}\s*|\s+dot\s+)"
_OBFUSCATED_EMAIL = re.compile(
    rf"[\w.+-]+(?:\s*{_OPEN}\s*(?:at|@)\s*{_CLOSE}\s*|\s+@\s*|\s*@\s+)[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[^\W\d_]{{2,}}\b"
    rf"|\b[\w.+-]+\s+at\s+[\w-]+(?:\s+dot\s+[\w-]+)*\s+dot\s+[^\W\d_]{{2,}}\b",
    re.IGNORECASE | re.UNICODE)
# a word announcing a phone number, then the number (any separators between digit groups)
_PHONE_WORD = re.compile(
    r"(?<!\w)(?:tel(?:ephone)?|phone|ph|mob(?:ile)?|cell|fax|whatsapp|viber|утас(?:ны)?|гар утас|факс|тел)"
    r"\.?(?:\s*(?:no|number|дугаар)\.?)?\s*[:\-–]?\s*"
    r"(?P<number>\+?\(?\d[\d\s./()\-–]{4,}\d)", re.IGNORECASE | re.UNICODE)
_UPPER = "A-ZА-ЯЁӨҮ"
_LOWER = "a-zа-яёөүß"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)*"
_PERSON_NAME = re.compile(
    rf"^\s*(?:{_NAME_WORD}(?:\s+{_NAME_WORD})+"  # Oyunbileg Batbayar, Bat-Erdene Dorj
    rf"|[{_UPPER}]\.\s*{_NAME_WORD}"  # B. Dorj, Б.Батбаяр
    rf"|{_NAME_WORD}\s*,?\s+[{_UPPER}]\.?)\s*$",  # Dorj B.
    re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:mn|com|org|net|int|gov|edu)/\S*",
                  re.IGNORECASE)
_NATIONAL_ID = re.compile(r"(?<![\w])[А-ЯЁӨҮа-яёөү]{2}[ ]?\d{8}(?!\d)")
# A run of digit groups joined by at most one separator (space, hyphen, dot, slash,
# en dash) with an optional leading "+" / "(" ... ")". Not preceded or followed by
# a letter, digit or "@" so that parts of words, codes and e-mails are skipped.
_NUMBER_RUN = re.compile(
    r"(?<![\w@.+/-])"
    r"(?:\+[ ]?|00)?\(?\d+\)?(?:[ ./\-\u2013]?\(?\d+\)?)*"
    r"(?![\w@]|[./\-]\d)"
)
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class PersonalDataMatch:
    """One suspected piece of personal data: its kind, the text found and where."""

    kind: str  # "email" | "phone" | "national_id" | "person_name"
    text: str
    start: int
    end: int


def _is_date(groups: list[str], digits: str) -> bool:
    if len(groups) == 3:
        a, b, c = groups
        if len(a) == 4 and _YEAR.match(a) and len(b) <= 2 and len(c) <= 2:
            return 1 <= int(b) <= 12 and 1 <= int(c) <= 31
        if len(c) == 4 and _YEAR.match(c) and len(a) <= 2 and len(b) <= 2:
            return (1 <= int(b) <= 12 and 1 <= int(a) <= 31) or (1 <= int(a) <= 12 and 1 <= int(b) <= 31)
    if len(groups) == 1 and len(digits) == 8 and _YEAR.match(digits[:4]):
        return 1 <= int(digits[4:6]) <= 12 and 1 <= int(digits[6:]) <= 31
    return False


def _is_year_range(groups: list[str]) -> bool:
    return len(groups) >= 2 and all(len(g) == 4 and _YEAR.match(g) for g in groups)


def _is_thousands(groups: list[str]) -> bool:
    return len(groups) >= 2 and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _looks_like_phone(candidate: str) -> bool:
    stripped = candidate.strip()
    groups = re.findall(r"\d+", stripped)
    digits = "".join(groups)
    if stripped.startswith("+") or stripped.startswith("00"):
        international = digits[2:] if stripped.startswith("00") else digits
        return 8 <= len(international) <= 15
    if digits.startswith("976") and len(digits) == 11 and (len(groups) > 1 or stripped.startswith("(")):
        return True
    if digits.startswith("976") and len(digits) == 11 and len(groups) == 1:
        return True
    if len(digits) != 8:
        return False
    if "." in stripped and len(groups) == 2:  # a decimal such as 1234.5678
        return False
    if any(len(g) < 2 for g in groups):  # "0 1 2 3 4 0 1 2" is a list of levels
        return False
    return not (_is_date(groups, digits) or _is_year_range(groups) or _is_thousands(groups))


def find_personal_data(text, *, code: bool = False) -> list[PersonalDataMatch]:
    """Return the e-mail addresses, phone numbers and ID numbers found in ``text``.

    ``code=True`` is for an identifier field (a respondent code): a value shaped like a
    person's name is flagged too. An empty list means nothing was found. ``None`` and NaN
    count as empty text. See the module docstring for exactly what is and is not detected.
    """
    if text is None or (isinstance(text, float) and text != text):
        return []
    text = str(text)
    found: list[PersonalDataMatch] = []
    if code and _PERSON_NAME.match(text):
        found.append(PersonalDataMatch("person_name", text.strip(), 0, len(text)))
    for rx in (_EMAIL, _OBFUSCATED_EMAIL):
        for m in rx.finditer(text):
            if not any(f.start <= m.start() < f.end for f in found if f.kind == "email"):
                found.append(PersonalDataMatch("email", m.group(), m.start(), m.end()))
    # Blank out e-mails and web addresses (same length, so offsets stay valid)
    # before looking for numbers: digits in a URL are identifiers, not phones.
    masked = text
    for rx in (_EMAIL, _OBFUSCATED_EMAIL, _URL):
        masked = rx.sub(lambda m: " " * len(m.group()), masked)
    for m in _PHONE_WORD.finditer(masked):
        start, end = m.start("number"), m.end("number")
        groups = re.findall(r"\d+", m.group("number"))
        digits = "".join(groups)
        if not 6 <= len(digits) <= 15 or _is_year_range(groups) or _is_date(groups, digits):
            continue
        found.append(PersonalDataMatch("phone", m.group("number").strip(), start, end))
        masked = masked[:start] + " " * (end - start) + masked[end:]
    for m in _NATIONAL_ID.finditer(masked):
        found.append(PersonalDataMatch("national_id", m.group(), m.start(), m.end()))
    masked = _NATIONAL_ID.sub(lambda m: " " * len(m.group()), masked)
    for m in _NUMBER_RUN.finditer(masked):
        candidate = m.group()
        if _looks_like_phone(candidate):
            found.append(PersonalDataMatch("phone", candidate.strip(), m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


_KIND_WORDS = {"email": "an e-mail address", "phone": "a phone number",
               "national_id": "a personal identity number", "person_name": "a person's name"}


def describe_personal_data(matches: list[PersonalDataMatch]) -> str:
    """Reason for an error message, naming the kinds found ("contains what looks like personal
    data (an e-mail address and a phone number)") without repeating the personal data itself."""
    kinds = " and ".join(_KIND_WORDS[k] for k in sorted({m.kind for m in matches}))
    return f"contains what looks like personal data ({kinds})"


# column names whose values are identifiers (scanned with ``code=True``): a respondent code
# is pseudonymous, so a name there is personal data
_CODE_COLUMN = re.compile(r"(^|_)(id|code|respondent)$|^respondent", re.IGNORECASE)


def scan_text_table(path, *, label: str | None = None) -> None:
    """Scan every cell of a CSV input (read with :func:`egovreport.tabular.read_text_table`)
    for personal data; identifier columns (``respondent_id``, ``code``, ``*_id``) also for
    names. Raises :class:`~egovreport.errors.InputError` naming the file, the line and the
    column of the first hit, without repeating the personal data."""
    from .errors import InputError
    from .tabular import read_text_table, record_lines

    frame = read_text_table(path, label=label)
    lines = record_lines(frame)
    for column in frame.columns:
        is_code = bool(_CODE_COLUMN.search(str(column)))
        for line, value in zip(lines, frame[column]):
            hits = find_personal_data(value, code=is_code)
            if hits:
                raise InputError(label or path, f"{describe_personal_data(hits)}; personal data must not "
                                                f"be stored: remove it from the file", row=line, column=column)

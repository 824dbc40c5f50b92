"""Hand-edited text tables (CSV): one reader, and pandera failures turned into InputError.

Country inputs and project instruments (evidence register, desk review,
stakeholders, rubric, survey and workshop response files) are edited by people
in spreadsheets and text editors, so an error must point at the line they see.
:func:`read_text_table` reads such a file as text and keeps the 1-based line
on which each record starts (header = line 1). The csv module counts lines
itself, so a quoted cell spanning several lines, or a blank line, does not
shift the line numbers of later records (``index + 2`` would).
:func:`schema_input_error` turns a lazy pandera ``SchemaErrors`` into one
:class:`~egovreport.errors.InputError` naming the file, that line and the column.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd
from pandera.errors import SchemaErrors

from .errors import InputError
from .provenance import track_read

LINES_ATTR = "lines"
DELIMITER_ATTR = "delimiter"
DECIMAL_COMMA_ATTR = "decimal_comma"
HEADER_LINE = 1
# separators a spreadsheet may have saved a "CSV" with (Excel uses ";" where "," is the
# decimal mark, and tabs for "Unicode text"); the header line decides which one a file uses
DELIMITERS = (",", ";", "\t", "|")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
# first bytes of spreadsheet files that people save with a .csv name
_SPREADSHEET_MAGIC = (
    (b"PK\x03\x04", "a spreadsheet workbook (Excel .xlsx or OpenDocument .ods: a zip archive)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# pandera checks about the columns themselves: reported on the header line, column = the failure case
_COLUMN_CHECKS = ("column_in_schema", "column_in_dataframe")


def _sniff_delimiter(text: str, required_columns: Sequence[str] | None) -> str:
    """The separator of the header line: the one that gives the required columns, else the one
    that splits it into the most cells (a comma on a tie)."""
    first = next((ln for ln in text.split("\n") if ln.strip()), "")
    best, best_n = ",", 0
    for delim in DELIMITERS:
        try:
            cells = [c.strip() for c in next(csv.reader([first], delimiter=delim))]
        except (csv.Error, StopIteration):
            continue
        if required_columns and all(c in cells for c in required_columns):
            return delim
        if len(cells) > best_n:
            best, best_n = delim, len(cells)
    return best


def read_text_table(path: str | Path, *, required_columns: Sequence[str] | None = None,
                    encoding: str = "UTF-8", label: str | None = None, pad_short_rows: bool = True,
                    advice: str | None = None, min_rows: int = 0) -> pd.DataFrame:
    """Read a CSV as text; ``df.attrs["lines"]`` holds the line each record starts on.

    Every cell is a string (an empty cell is ``""``), with surrounding whitespace
    stripped, a common spreadsheet artefact; the file itself is never modified.

    What spreadsheets write is accepted where the content is valid: a byte-order mark
    (UTF-8, or UTF-16 as Excel's "Unicode text"), and a ``;``, tab or ``|`` separator
    instead of the comma (sniffed from the header line; ``df.attrs["delimiter"]``); in such
    a file a number written with a decimal comma (``2,5``) is read as ``2.5``
    (``df.attrs["decimal_comma"]``). A workbook saved with a .csv name (.xlsx, .ods, .xls)
    is an error that says so and how to export CSV, and so is a file with a header but
    fewer than ``min_rows`` records. Records whose cells are all blank are skipped; a record with
    fewer fields than the header is padded with empty cells (some tools drop
    trailing empty cells) unless ``pad_short_rows`` is false (then it is an
    error, as for a record with more fields). Raises :class:`InputError` for a
    missing file, text that is not in ``encoding`` (UTF-8 by default), an empty
    file, malformed CSV (e.g. an unclosed double quote), an empty or repeated
    header cell, a record with more fields than the header, and a missing
    ``required_columns`` entry (on line 1). Extra columns are kept: checking
    them is the schema's job.

    Errors name ``label`` (default: ``path``) as the file. ``advice`` replaces
    the hints for a person editing the file (save as CSV UTF-8, check the
    double quotes) in errors about the text itself: encoding, CSV syntax and
    the number of fields (e.g. "restore the raw snapshot" for a downloaded file).
    """
    path = Path(path)
    where = path if label is None else label
    if not path.exists():
        raise InputError(where, "file not found")
    raw = track_read(path).read_bytes()
    for magic, what in _SPREADSHEET_MAGIC:
        if raw.startswith(magic):
            raise InputError(where, f"this is {what}, not CSV text; open it in the spreadsheet program "
                                    f"and save it as 'CSV UTF-8 (comma delimited)'", row=HEADER_LINE)
    codec = encoding
    if codecs.lookup(encoding).name == "utf-8":
        # a byte-order mark is not part of the header; it also says which Unicode encoding it is
        codec = next((name for bom, name in _BOMS if raw.startswith(bom)), "utf-8")
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not {encoding} text ({exc.reason} at byte {exc.start}); "
                                f"{advice or 'save the file as CSV UTF-8'}",
                         row=raw[:exc.start].count(b"\n") + 1) from None
    if "\x00" in text:
        raise InputError(where, f"contains NUL bytes: not a text file; {advice or 'save the file as CSV UTF-8'}",
                         row=text[:text.index(chr(0))].count("\n") + 1)
    # universal newlines, as a text-mode read: a cell spanning lines holds "\n" whatever the editor wrote
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    delimiter = _sniff_delimiter(text, required_columns)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    records: list[list[str]] = []
    lines: list[int] = []
    start = HEADER_LINE
    try:
        for record in reader:
            records.append([cell.strip() for cell in record])
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(where, f"malformed CSV in the record starting on this line ({exc}); "
                                f"{advice or 'check its double quotes'}", row=start) from None
    if not any(any(record) for record in records):
        expected = f" with column '{required_columns[0]}'" if required_columns else ""
        raise InputError(where, f"the file is empty; expected a header row{expected}", row=HEADER_LINE,
                         column=required_columns[0] if required_columns else None)
    header, records, lines = records[0], records[1:], lines[1:]
    if not any(header):
        raise InputError(where, "the first line is blank; it must be the header row", row=HEADER_LINE)
    for i, name in enumerate(header):
        if not name:
            raise InputError(where, f"header cell {i + 1} is empty", row=HEADER_LINE)
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise InputError(where, "column appears more than once in the header", row=HEADER_LINE,
                         column=repeated[0])
    if required_columns is not None:
        missing = [c for c in required_columns if c not in header]
        if missing:
            near = [h for h in header if normalise_name(h) == normalise_name(missing[0])]
            hint = f"; the header has {near[0]!r}: {name_difference(near[0], missing[0])}" if near else ""
            raise InputError(where, f"required column missing (expected columns: {', '.join(required_columns)})"
                                    f"{hint}", row=HEADER_LINE, column=missing[0])
    kept_records, kept_lines = [], []
    for record, line in zip(records, lines):
        if not any(record):
            continue  # a blank line or a row of empty cells carries nothing
        if len(record) > len(header) or (len(record) < len(header) and not pad_short_rows):
            decimal = delimiter == "," and any(a[-1:].isdigit() and b[:1].isdigit() and b.isdigit()
                                               for a, b in zip(record, record[1:]))
            hint = (f"; {advice}" if advice else
                    " (a decimal comma such as 2,5 splits a cell in two: write 2.5, or save the file with "
                    "';' as separator)" if decimal and len(record) > len(header) else
                    " (a comma inside a cell needs double quotes around the cell)"
                    if len(record) > len(header) else "")
            raise InputError(where, f"row has {len(record)} fields but the header has {len(header)}{hint}",
                             row=line)
        kept_records.append(record + [""] * (len(header) - len(record)))
        kept_lines.append(line)
    if len(kept_records) < min_rows:
        raise InputError(where, f"the file has a header but no data rows (at least {min_rows} expected)",
                         row=HEADER_LINE + 1)
    decimal_comma = False
    if delimiter != ",":
        for record in kept_records:
            for i, cell in enumerate(record):
                if _DECIMAL_COMMA.match(cell):
                    record[i] = cell.replace(",", ".")
                    decimal_comma = True
    df = pd.DataFrame(kept_records, columns=header, dtype=object).astype(str)
    df.attrs[LINES_ATTR] = kept_lines
    df.attrs[DELIMITER_ATTR] = delimiter
    df.attrs[DECIMAL_COMMA_ATTR] = decimal_comma
    return df


# --- names written with different Unicode characters ---------------------------------------

# characters that look alike and mean the same in a name (apostrophes, quotes, dashes, spaces)
_LOOKALIKES = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": "",  "\ufeff": "",
})


def normalise_name(name: str) -> str:
    """A name in one canonical Unicode form (NFC: "e" + combining acute = "é"), with look-alike
    apostrophes, quotes, dashes and spaces made plain and runs of spaces collapsed: two
    spellings of the same name that differ only in invisible ways get the same key."""
    text = unicodedata.normalize("NFC", str(name)).translate(_LOOKALIKES)
    return " ".join(text.split())


def _char(c: str) -> str:
    return f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})"


def name_difference(found: str, expected: str) -> str:
    """Says how ``found`` differs from ``expected`` character by character (for error messages
    and reports), e.g. "’ (U+2019 RIGHT SINGLE QUOTATION MARK) where the key has ' (U+0027
    APOSTROPHE), at character 6"."""
    if found == expected:
        return "identical"
    if unicodedata.normalize("NFC", found) == unicodedata.normalize("NFC", expected):
        decomposed = next((c for c in found if unicodedata.combining(c)), None) or next(
            (c for c in expected if unicodedata.combining(c)), "")
        return (f"the same letters in another Unicode form: a letter followed by {_char(decomposed)} "
                f"(a decomposed accent) where the other has one precomposed letter")
    for i, (a, b) in enumerate(zip(found, expected)):
        if a != b:
            return f"{_char(a)} where it should be {_char(b)}, at character {i + 1}"
    longer, shorter = (found, expected) if len(found) > len(expected) else (expected, found)
    extra = longer[len(shorter)]
    where = "has an extra" if longer is found else "lacks the"
    return f"it {where} {_char(extra)} at character {len(shorter) + 1}"


def record_lines(df: pd.DataFrame) -> list[int]:
    """Line in the file of each row of ``df`` (as read by :func:`read_text_table`).

    A frame built in memory, or one that lost its ``attrs``, is numbered as if
    written with one header line and one line per row (2, 3, ...).
    """
    lines = df.attrs.get(LINES_ATTR)
    if lines is not None and len(lines) == len(df):
        return list(lines)
    return list(range(HEADER_LINE + 1, HEADER_LINE + 1 + len(df)))


@dataclass(frozen=True)
class FailureCase:
    """One pandera failure case, located in the file."""

    check: str  # the check's name or error text
    column: str | None  # column as written in the file (for a missing/unknown column: that column)
    value: object  # the offending value
    index: int | None  # position of the record in the validated frame; None for file-level problems
    row: int | None  # line in the file (header = 1); None when no single line is to blame


def failure_cases(exc: SchemaErrors, lines: Sequence[int]) -> list[FailureCase]:
    """pandera's failure cases with the file line of each (``lines`` from :func:`record_lines`)."""
    out = []
    for case in exc.failure_cases.to_dict("records"):
        check, column, value, index = str(case["check"]), case["column"], case["failure_case"], case["index"]
        column = column if isinstance(column, str) else None
        if check in _COLUMN_CHECKS:
            out.append(FailureCase(check, str(value), value, None, HEADER_LINE))
        elif index is None or pd.isna(index):
            out.append(FailureCase(check, column, value, None, None))
        else:
            out.append(FailureCase(check, column, value, int(index), lines[int(index)]))
    return out


def _default_reason(case: FailureCase) -> str:
    return f"{case.check}: got {case.value!r}"


def schema_input_error(exc: SchemaErrors, path: str | Path, frame: pd.DataFrame, *,
                       reason: Callable[[FailureCase], str | None] = _default_reason,
                       error_class: type[InputError] = InputError) -> InputError:
    """One error for a failed lazy validation of ``frame`` (read from ``path``).

    ``reason(case)`` words each failure (return None to leave a case out, e.g.
    the second column of a row-level check). The error names the first problem
    (the earliest line, then the leftmost column; file-level problems first)
    and says how many more there are; ``error.problems`` lists every problem
    as ``(row, column, reason)`` in that order. Return value: raise it.
    """
    lines = record_lines(frame)
    order = {c: i for i, c in enumerate(frame.columns)}
    problems = []
    for case in failure_cases(exc, lines):
        text = reason(case)
        if text is not None:
            problems.append((case.row, case.column, text))
    problems = list(dict.fromkeys(problems))  # a repeated case says nothing new
    if not problems:  # every case was left out: still report the first one
        case = failure_cases(exc, lines)[0]
        problems = [(case.row, case.column, _default_reason(case))]
    problems.sort(key=lambda p: (HEADER_LINE - 1 if p[0] is None else p[0], order.get(p[1], len(order))))
    row, column, text = problems[0]
    more = len(problems) - 1
    if more:
        text += f" (and {more} more problem{'s' if more > 1 else ''} in this file)"
    error = error_class(path, text, row=row, column=column)
    error.problems = problems
    return error

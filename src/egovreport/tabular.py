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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd
from pandera.errors import SchemaErrors

from .errors import InputError
from .provenance import track_read

LINES_ATTR = "lines"
HEADER_LINE = 1
# pandera checks about the columns themselves: reported on the header line, column = the failure case
_COLUMN_CHECKS = ("column_in_schema", "column_in_dataframe")


def read_text_table(path: str | Path, *, required_columns: Sequence[str] | None = None,
                    encoding: str = "UTF-8", label: str | None = None, pad_short_rows: bool = True,
                    advice: str | None = None) -> pd.DataFrame:
    """Read a CSV as text; ``df.attrs["lines"]`` holds the line each record starts on.

    Every cell is a string (an empty cell is ``""``; nothing is guessed or
    converted), with surrounding whitespace stripped, a common spreadsheet
    artefact; the file itself is never modified. A byte-order mark is
    tolerated. Records whose cells are all blank are skipped; a record with
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
    try:
        # a byte-order mark is not part of the header: utf-8-sig drops it, other encodings below
        text = raw.decode("utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not {encoding} text ({exc.reason} at byte {exc.start}); "
                                f"{advice or 'save the file as CSV UTF-8'}",
                         row=raw[:exc.start].count(b"\n") + 1) from None
    # universal newlines, as a text-mode read: a cell spanning lines holds "\n" whatever the editor wrote
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
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
            raise InputError(where, f"required column missing (expected columns: {', '.join(required_columns)})",
                             row=HEADER_LINE, column=missing[0])
    kept_records, kept_lines = [], []
    for record, line in zip(records, lines):
        if not any(record):
            continue  # a blank line or a row of empty cells carries nothing
        if len(record) > len(header) or (len(record) < len(header) and not pad_short_rows):
            hint = (f"; {advice}" if advice else " (a comma inside a cell needs double quotes around the cell)"
                    if len(record) > len(header) else "")
            raise InputError(where, f"row has {len(record)} fields but the header has {len(header)}{hint}",
                             row=line)
        kept_records.append(record + [""] * (len(header) - len(record)))
        kept_lines.append(line)
    df = pd.DataFrame(kept_records, columns=header, dtype=object).astype(str)
    df.attrs[LINES_ATTR] = kept_lines
    return df


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

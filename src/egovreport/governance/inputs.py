"""Locating and reading the governance input files, with errors that name file, row and column.

Shared by every governance loader (evidence register, desk review, stakeholders,
survey responses): country inputs live in ``data/country/<ISO3>/``, project
instruments in ``data/instruments/``. CSV files are read as text (nothing is
guessed or converted silently) and validated with pandera; the first failure is
turned into an :class:`egovreport.errors.InputError`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from .. import paths
from ..errors import InputError, ParameterError
from ..provenance import relative_to_root, track_read

_ISO3 = re.compile(r"^[A-Z]{3}$")
LIST_SEPARATOR = ";"


class MissingInputError(FileNotFoundError):
    """A country input file is absent (the notebook says "not available" instead of failing).

    ``what`` names the input in words, ``path`` is where it was looked for and
    ``how_to_add`` tells a user what to supply.
    """

    def __init__(self, what: str, path: Path, how_to_add: str):
        self.what = what
        self.path = Path(path)
        self.how_to_add = how_to_add
        super().__init__(f"{relative_to_root(path)}: {what} not found. {how_to_add}")


def check_country(country: str) -> str:
    """Return ``country`` as an upper-case ISO 3166-1 alpha-3 code or raise ParameterError."""
    code = str(country).strip().upper()
    if not _ISO3.match(code):
        raise ParameterError(f"country must be an ISO 3166-1 alpha-3 code such as 'MNG', got {country!r}")
    return code


def instruments_dir() -> Path:
    """Project-authored instruments (rubric, questionnaire, framework)."""
    return paths.project_root() / "data" / "instruments"


def country_dir(country: str) -> Path:
    """Inputs of one country: ``data/country/<ISO3>/``."""
    return paths.project_root() / "data" / "country" / check_country(country)


def country_file(country: str, filename: str, what: str) -> Path:
    """Path of a country input; raises :class:`MissingInputError` when it does not exist."""
    path = country_dir(country) / filename
    if not path.exists():
        raise MissingInputError(
            what, path,
            f"Add `data/country/{check_country(country)}/{filename}` in the same format as the "
            f"Mongolia file (`data/country/MNG/{filename}`) to include it.")
    return path


def read_csv_text(path: str | Path, columns: list[str]) -> pd.DataFrame:
    """Read a UTF-8 CSV as text (empty cells stay ``""``) and check its header.

    Extra columns are kept; a missing required column is an InputError on row 1.
    Surrounding whitespace in cells is stripped (a common spreadsheet artefact);
    the file itself is never modified.
    """
    path = Path(path)
    track_read(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text ({exc.reason})") from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError(path, "the file is empty (a header row is required)", row=1) from exc
    except pd.errors.ParserError as exc:
        raise InputError(path, f"cannot parse as CSV: {exc}") from exc
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(path, f"required column missing (expected columns: {', '.join(columns)})",
                         row=1, column=missing[0])
    df = df.apply(lambda col: col.str.strip())
    return df.reset_index(drop=True)


def row_number(index: int) -> int:
    """1-based line number of data row ``index`` (0-based) in a CSV with one header line."""
    return int(index) + 2


def validate_frame(df: pd.DataFrame, schema: pa.DataFrameSchema, path: str | Path) -> pd.DataFrame:
    """Validate ``df`` with ``schema``; the first failure becomes an InputError with row and column."""
    try:
        return schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases.copy()
        cases["_row"] = pd.to_numeric(cases["index"], errors="coerce")
        cases = cases.sort_values(["_row", "column"], na_position="first", kind="stable")
        first = cases.iloc[0]
        n_more = len(cases) - 1
        more = f" ({n_more} more problem(s) in this file)" if n_more else ""
        row = None if pd.isna(first["_row"]) else row_number(first["_row"])
        column = first["column"] if isinstance(first["column"], str) else None
        value = first["failure_case"]
        raise InputError(path, f"{first['check']}: got {value!r}{more}", row=row, column=column) from exc
    except SchemaError as exc:  # non-lazy failures (should not happen with lazy=True)
        raise InputError(path, str(exc)) from exc


def text_column(*, allowed=None, pattern: str | None = None, required: bool = True,
                unique: bool = False, error: str | None = None) -> pa.Column:
    """A text column for :func:`validate_frame`: allowed values or a regex, optionally required/unique."""
    checks = []
    if required:
        checks.append(pa.Check(lambda s: s != "", element_wise=False, error="value is required"))
    if allowed is not None:
        allowed = list(allowed)
        ok = allowed + ([] if required else [""])
        checks.append(pa.Check.isin(ok, error=error or f"must be one of {', '.join(map(str, allowed))}"))
    if pattern is not None:
        # anchored at both ends; an optional column may also be empty
        full = f"(?:{pattern})$" if required else f"(?:{pattern})?$"
        checks.append(pa.Check.str_matches(full, error=error or f"must match {pattern}"))
    if unique:
        checks.append(pa.Check(lambda s: ~(s.duplicated(keep="first") & (s != "")), element_wise=False,
                               error="duplicate value (must be unique)"))
    return pa.Column(str, checks=checks, nullable=False)


def split_list(value: str) -> list[str]:
    """Split a ';'-separated cell into its non-empty, stripped items."""
    return [v.strip() for v in str(value).split(LIST_SEPARATOR) if v.strip()]

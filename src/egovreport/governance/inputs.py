"""Locating and validating the governance input files, with errors that name file, row and column.

Shared by every governance loader (evidence register, desk review, stakeholders,
rubric, intervention catalogue): country inputs live in
``paths.country_dir(<ISO3>)``, project instruments in ``paths.instruments_dir()``.
CSV files are read as text by :func:`egovreport.tabular.read_text_table`
(nothing is guessed or converted silently) and validated with pandera; the
first failure is turned into an :class:`egovreport.errors.InputError`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .. import paths
from ..errors import ParameterError
from ..provenance import relative_to_root
from ..tabular import schema_input_error

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


def country_file(country: str, filename: str, what: str) -> Path:
    """Path of a country input; raises :class:`MissingInputError` when it does not exist."""
    path = paths.country_dir(check_country(country)) / filename
    if not path.exists():
        raise MissingInputError(
            what, path,
            f"Add `data/country/{check_country(country)}/{filename}` in the same format as the "
            f"Mongolia file (`data/country/MNG/{filename}`) to include it.")
    return path


def validate_frame(df: pd.DataFrame, schema: pa.DataFrameSchema, path: str | Path) -> pd.DataFrame:
    """Validate ``df`` (from :func:`egovreport.tabular.read_text_table`) with ``schema``.

    The first failure becomes an InputError naming the file, the line of the
    record (right even after a multi-line quoted cell) and the column.
    """
    try:
        return schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        raise schema_input_error(exc, path, df) from exc


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

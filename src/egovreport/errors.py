"""Errors for bad input: every message names the file, the row and the column."""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """Bad input data or parameters.

    ``row`` is the 1-based line number in the file as a spreadsheet or text
    editor shows it (the header is line 1, the first data row line 2).
    ``column`` is the column name as written in the file.
    """

    def __init__(self, file: str | Path | None, reason: str, row: int | None = None,
                 column: str | None = None):
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.reason = reason
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.reason}" if prefix else self.reason


class ParameterError(ValueError):
    """A run parameter is invalid (unknown ISO3 code, edition, peer, language...)."""

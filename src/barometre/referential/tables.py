"""Strict CSV reading: every problem is reported with its file, line and column.

A file is read and checked whole before anything is written, so an import never stops
half-way: it either loads every row or none.

Numbers (`Numbers`): thousands are separated by spaces only (normal, no-break or narrow
no-break: "1 234 567,5"); the decimal separator is ',' or '.', one per column. A value such as
"1,234" or "1.234" (one separator, 1 to 3 digits before it, exactly 3 after) reads 1.234 in French
and 1234 in English: it is read as a decimal only when another value of the same column shows that
separator with another number of decimals ("738,5"), and refused otherwise. "1,234.5",
"1.234.567" and a column mixing ',' and '.' are refused.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

NUMBER_RE = re.compile(r"^[+-]?(?P<int>\d+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?:(?P<sep>[.,])(?P<frac>\d+))?$")
AMBIGUOUS_INT_RE = re.compile(r"^[1-9]\d{0,2}$")
OTHER_SEPARATORS_RE = re.compile(r"^[+-]?\d{1,3}([.,]\d{3})+([.,]\d+)?$")
NOT_FINITE = {"nan", "inf", "infinity"}


class TableError(ValueError):
    """A bad input file; the message names the file, the line and the column."""

    def __init__(self, path: str, line: int | None, column: str | None, message: str):
        self.path, self.line, self.column = path, line, column
        where = path
        if line is not None:
            where += f", line {line}"
        if column:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


def read_table(
    path: Path | str,
    required: list[str],
    optional: tuple[str, ...] = (),
    exact_order: bool = False,
) -> tuple[list[str], list[Row]]:
    """Read a UTF-8 CSV (comma or semicolon, BOM tolerated) whose header has `required` columns
    and at least one data line."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise TableError(name, None, None, "file not found")
    if path.is_dir():
        raise TableError(name, None, None, "this is a directory, expected a CSV file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TableError(name, None, None, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TableError(name, line, None, "not valid UTF-8 (save the file as UTF-8)") from None
    if "\x00" in text:
        raise TableError(name, None, None, "binary content, expected a CSV text file")
    if not text.strip():
        raise TableError(name, 1, None, "empty file, expected a header line")
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise TableError(name, 1, None, f"malformed header: {exc}") from None
    _check_header(name, header, required, optional, exact_order)
    rows = list(_rows(name, reader, header))
    if not rows:
        raise TableError(name, 2, None, "no data line: the file has a header only")
    return header, rows


def _check_header(name, header, required, optional, exact_order) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise TableError(
            name, 1, missing[0],
            f"missing column(s) {', '.join(missing)}; the header must contain {', '.join(required)}",
        )
    if exact_order:
        allowed = list(required) + list(optional)
        if header[: len(required)] != list(required) or any(h not in allowed for h in header):
            raise TableError(
                name, 1, None,
                f"header is {','.join(header)}; expected {','.join(required)}"
                + "".join(f"[,{column}]" for column in optional),
            )
    duplicates = {h for h in header if header.count(h) > 1}
    if duplicates:
        raise TableError(name, 1, sorted(duplicates)[0], "column appears twice in the header")


def _rows(name: str, reader, header: list[str]) -> Iterator[Row]:
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise TableError(name, reader.line_num, None, f"malformed CSV: {exc}") from None
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise TableError(
                name, reader.line_num, None,
                f"{len(values)} fields but the header has {len(header)} (a separator inside an unquoted value?)",
            )
        yield Row(reader.line_num, dict(zip(header, values, strict=False)))


def _ambiguous(match: re.Match) -> bool:
    return bool(match["sep"]) and len(match["frac"]) == 3 and bool(AMBIGUOUS_INT_RE.match(match["int"]))


class Numbers:
    """The numbers of one table, each column with its own decimal separator (rules above)."""

    def __init__(self, name: str, rows: list[Row]):
        self.name, self.rows = name, rows
        self._decimal: dict[str, tuple[str, int] | None] = {}

    def decimal_separator(self, column: str) -> tuple[str, int] | None:
        """The column's decimal separator and the first line that shows it, or None."""
        if column not in self._decimal:
            shown: tuple[str, int] | None = None
            for row in self.rows:
                match = NUMBER_RE.match(row.get(column))
                if not match or not match["sep"] or _ambiguous(match):
                    continue
                if shown is None:
                    shown = (match["sep"], row.line)
                elif match["sep"] != shown[0]:
                    raise TableError(self.name, row.line, column,
                                     f"'{row.get(column)}' uses '{match['sep']}' as its decimal separator but line "
                                     f"{shown[1]} uses '{shown[0]}': one decimal separator per column")
            self._decimal[column] = shown
        return self._decimal[column]

    def read(self, row: Row, column: str, *, required: bool = True,
             check: Callable[[float], bool] | None = None, expected: str = "") -> float | None:
        text = row.get(column)
        if not text:
            if required:
                raise TableError(self.name, row.line, column, "empty value, expected a number")
            return None
        value = self._value(row, column, text)
        if check is not None and not check(value):
            raise TableError(self.name, row.line, column, f"{text} is out of range ({expected})")
        return value

    def _value(self, row: Row, column: str, text: str) -> float:
        match = NUMBER_RE.match(text)
        if not match:
            if text.lstrip("+-").lower() in NOT_FINITE:
                raise TableError(self.name, row.line, column, f"'{text}' is not a finite number")
            if OTHER_SEPARATORS_RE.match(text) or ("," in text and "." in text):
                raise TableError(self.name, row.line, column,
                                 f"'{text}' is not a number here: only spaces separate thousands (1 234 567,5)")
            raise TableError(self.name, row.line, column, f"'{text}' is not a number")
        sep = match["sep"]
        shown = self.decimal_separator(column)
        if sep and shown and sep != shown[0]:
            raise TableError(self.name, row.line, column,
                             f"'{text}': line {shown[1]} uses '{shown[0]}' as the decimal separator of this column, "
                             f"so '{sep}' here would separate thousands; only spaces separate thousands")
        if sep and not shown and _ambiguous(match):
            digits = match["int"] + match["frac"]
            raise TableError(self.name, row.line, column,
                             f"'{text}' is ambiguous ({match['int']}.{match['frac']} or {int(digits)}?): only spaces "
                             "separate thousands, and no other value of this column shows "
                             f"'{sep}' as its decimal separator")
        cleaned = re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
        value = float(cleaned)
        if not math.isfinite(value):
            raise TableError(self.name, row.line, column, f"'{text}' is not a finite number")
        return value

"""Strict CSV reading: every problem is reported with its file, line and column.

A file is read and checked whole before anything is written, so an import never stops
half-way: it either loads every row or none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


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
    """Read a UTF-8 CSV (comma or semicolon, BOM tolerated) whose header has `required` columns."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise TableError(name, None, None, "file not found")
    raw = path.read_bytes()
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


def parse_number(name: str, row: Row, column: str, *, required: bool = True,
                 check: Callable[[float], bool] | None = None, expected: str = "") -> float | None:
    """A French or English formatted number ("1 234,5" or "1234.5")."""
    text = row.get(column)
    if not text:
        if required:
            raise TableError(name, row.line, column, "empty value, expected a number")
        return None
    cleaned = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise TableError(name, row.line, column, f"'{text}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise TableError(name, row.line, column, f"'{text}' is not a finite number")
    if check is not None and not check(value):
        raise TableError(name, row.line, column, f"{text} is out of range ({expected})")
    return value

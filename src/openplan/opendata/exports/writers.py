"""Writers of the bulk downloads, fed one table at a time and one row at a time.

All three are written in a single pass over the tables (``build.py``), each straight to its
file: a ZIP of CSV files (one per table, deflated as it is written), JSON Lines (one object a
line, its ``type`` naming the table) and an XLSX workbook (one sheet per table) in
XlsxWriter's ``constant_memory`` mode, which writes each row out before the next one starts.
None of them keeps rows in memory.
"""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any, Protocol

import xlsxwriter

from openplan.opendata.exports.tables import Row, Table

XLSX_MAX_ROWS = 1_048_576  # a sheet's limit, the header included
XLSX_MAX_CHARS = 32_767  # a cell's limit


class Writer(Protocol):
    def begin(self, table: Table) -> None: ...
    def row(self, values: Row) -> None: ...
    def end(self) -> None: ...
    def close(self) -> None: ...


def _text(value: Any) -> Any:
    """Lists and objects (labels in several languages) as JSON text in CSV and XLSX."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


class CsvZipWriter:
    """``<table>.csv`` files in one ZIP: UTF-8, a header row, RFC 4180 quoting."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self.stream: io.TextIOWrapper | None = None

    def begin(self, table: Table) -> None:
        info = zipfile.ZipInfo(f"{table.name}.csv", date_time=time.gmtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        raw = self.zip.open(info, "w", force_zip64=True)
        self.stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        self.csv = csv.writer(self.stream)
        self.csv.writerow(table.columns)

    def row(self, values: Row) -> None:
        self.csv.writerow(["" if v is None else _text(v) for v in values])

    def end(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None

    def close(self) -> None:
        self.end()
        self.zip.close()


class JsonLinesWriter:
    """One JSON object a line: ``{"type": "<table>", "<column>": value, ...}``."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("w", encoding="utf-8", newline="\n")

    def begin(self, table: Table) -> None:
        self.type = table.name
        self.columns = table.columns

    def row(self, values: Row) -> None:
        record = {"type": self.type, **dict(zip(self.columns, values, strict=True))}
        self.file.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")

    def end(self) -> None:
        pass

    def close(self) -> None:
        self.file.close()


class XlsxWriter:
    """One sheet per table (continued on ``<table> 2``… past a sheet's row limit). Text stays
    text: nothing is turned into a formula, a number or a link."""

    def __init__(self, path: Path) -> None:
        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.bold = self.book.add_format({"bold": True})

    def begin(self, table: Table, part: int = 1) -> None:
        self.table = table
        self.part = part
        name = table.name if part == 1 else f"{table.name} {part}"
        self.sheet = self.book.add_worksheet(name[:31])
        self.sheet.write_row(0, 0, table.columns, self.bold)
        self.sheet.freeze_panes(1, 0)
        self.next_row = 1

    def row(self, values: Row) -> None:
        if self.next_row >= XLSX_MAX_ROWS:
            self.begin(self.table, self.part + 1)
        for column, value in enumerate(values):
            self._cell(column, _text(value))
        self.next_row += 1

    def _cell(self, column: int, value: Any) -> None:
        if value is None or value == "":
            return
        if isinstance(value, bool):
            self.sheet.write_boolean(self.next_row, column, value)
        elif isinstance(value, int):
            self.sheet.write_number(self.next_row, column, value)
        else:
            self.sheet.write_string(self.next_row, column, str(value)[:XLSX_MAX_CHARS])

    def end(self) -> None:
        pass

    def close(self) -> None:
        self.book.close()

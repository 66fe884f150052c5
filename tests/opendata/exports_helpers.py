"""Reading the bulk downloads back in tests: every table of each file, as text or rows."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from openplan.opendata.exports.files import FILES


def path_of(directory: Path, key: str) -> Path:
    return directory / FILES[key].name


def csv_tables(directory: Path) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(path_of(directory, "csv")) as archive:
        return {
            name.removesuffix(".csv"): list(
                csv.DictReader(io.TextIOWrapper(archive.open(name), encoding="utf-8"))
            )
            for name in archive.namelist()
        }


def jsonl_records(directory: Path) -> list[dict[str, object]]:
    with path_of(directory, "jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def xlsx_sheets(directory: Path) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(path_of(directory, "xlsx"), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def all_text(directory: Path) -> str:
    """Every file's content as one text: the CSV files, the JSON Lines, every XLSX cell."""
    parts = [json.dumps(csv_tables(directory), ensure_ascii=False)]
    parts.append(path_of(directory, "jsonl").read_text(encoding="utf-8"))
    for rows in xlsx_sheets(directory).values():
        parts.extend(" ".join("" if v is None else str(v) for v in row) for row in rows)
    return "\n".join(parts)

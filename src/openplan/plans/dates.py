"""Dates as OGP's export writes them: mostly M/D/YYYY, but also D/M/YYYY, M/D/YY, "June 2014",
"2013", "Quarter 1 2014", "I quarter of 2021", Excel serial numbers, and free text such as
"Ongoing". Free text is kept as text with no date; a value shaped like a date that is not a
real date ("2/30/2021", "13/13/2020") is an error."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
EXCEL_EPOCH = dt.date(1899, 12, 30)

SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_YEAR = re.compile(r"^([a-z]+)\.?,? (\d{4})$")
YEAR = re.compile(r"^(19|20)\d{2}$")
QUARTER = re.compile(r"^(?:quarter|q) ?([1-4]),? (\d{4})$|^([iv]+) quarter(?: of)? (\d{4})$")
SERIAL = re.compile(r"^[2-5]\d{4}$")
DATE_LIKE = re.compile(r"^[\d/.\-]+$")


class InvalidDateError(ValueError):
    pass


def parse_ogp_date(value: str) -> dt.date | None:
    """The date a cell means (the first day of a month, quarter or year when that is all it
    says), or None for free text. Raises InvalidDateError for an impossible date."""
    text = value.strip().lower()
    for parser in (_slashed, _iso, _month_year, _quarter, _year, _serial):
        result = parser(text)
        if result is not None:
            return result
    if DATE_LIKE.match(text):
        raise InvalidDateError(f"“{value}” is not a valid date")
    return None


def _make(year: int, month: int, day: int, original: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise InvalidDateError(f"“{original}” is not a valid date") from exc


def _slashed(text: str) -> dt.date | None:
    match = SLASHED.match(text)
    if not match:
        return None
    first, second, year = (int(part) for part in match.groups())
    year += 2000 if year < 100 else 0
    month, day = (
        (second, first) if first > 12 else (first, second)
    )  # OGP writes M/D; D/M when it must be
    return _make(year, month, day, text)


def _iso(text: str) -> dt.date | None:
    if not ISO.match(text):
        return None
    year, month, day = (int(part) for part in text.split("-"))
    return _make(year, month, day, text)


def _month_year(text: str) -> dt.date | None:
    match = MONTH_YEAR.match(text)
    if not match or match.group(1) not in MONTHS:
        return None
    return dt.date(int(match.group(2)), MONTHS[match.group(1)], 1)


def _quarter(text: str) -> dt.date | None:
    match = QUARTER.match(text)
    if not match:
        return None
    if match.group(1):
        quarter, year = int(match.group(1)), int(match.group(2))
    else:
        if match.group(3) not in ROMAN:
            return None
        quarter, year = ROMAN[match.group(3)], int(match.group(4))
    return dt.date(year, 3 * quarter - 2, 1)


def _year(text: str) -> dt.date | None:
    return dt.date(int(text), 1, 1) if YEAR.match(text) else None


def _serial(text: str) -> dt.date | None:
    return EXCEL_EPOCH + dt.timedelta(days=int(text)) if SERIAL.match(text) else None

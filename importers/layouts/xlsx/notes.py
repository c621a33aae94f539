"""The 说明 sheet (place, month, stated figures, profile) and the hidden sheet naming the format."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from openpyxl.workbook.workbook import Workbook

from importers.layouts.xlsx.cells import parse_names
from importers.layouts.xlsx.format import (
    FORMAT_NAME, FORMAT_VERSION, META_ROWS, META_SHEET, NOTES_COLUMNS, NOTES_SHEET, PLACE_ROWS,
    PROFILE_DECIMALS, PROFILE_INTEGERS, PROFILE_ROWS, PROFILE_TEXTS, STATED_ROWS,
)
from importers.layouts.xlsx.messages import BAD_MONTH_CELL, BAD_NUMBER, UNKNOWN_FORMAT
from importers.layouts.xlsx.workbook import SheetRow, fail, read_table
from importers.records import PARTS, Place, Preamble, Profile, StatedFigures

_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})(?:月|[-/.]\d{1,2})?$")


def _labelled(workbook: Workbook, sheet: str, *, source: str) -> dict[str, SheetRow]:
    """The sheet's rows by the label in their first column."""
    rows = read_table(workbook, sheet, NOTES_COLUMNS, required=("label", "value"), source=source)
    return {row.values["label"].strip(): row for row in rows}


def check_format(workbook: Workbook, *, source: str) -> None:
    """Refuse a workbook whose hidden sheet names another format or version."""
    rows = _labelled(workbook, META_SHEET, source=source)
    found = {key: rows[label].values["value"].strip() if label in rows else ""
             for key, label in META_ROWS.items()}
    if found["format"] != FORMAT_NAME or found["version"] != str(FORMAT_VERSION):
        message = UNKNOWN_FORMAT.format(sheet=META_SHEET, found=f"{found['format']} {found['version']}".strip(),
                                        expected=FORMAT_NAME, version=FORMAT_VERSION)
        raise fail(source, None, message)


# A township's figures (area, population, income, counts) have at most a dozen digits.
MAX_NUMBER_CHARS = 32
MAX_MAGNITUDE = 15  # 10**15: far above any real figure, far below a slow conversion


class _Notes:
    """The 说明 rows with typed access; a malformed value is an error naming its cell."""

    def __init__(self, rows: dict[str, SheetRow], *, source: str):
        self.rows, self.source = rows, source

    def text(self, label: str) -> str | None:
        """The value as written (None when blank)."""
        row = self.rows.get(label)
        value = row.values["value"] if row else ""
        return value if value.strip() else None

    def name(self, label: str) -> str | None:
        """A place name: spaces around it are an editor's slip, not part of it."""
        text = self.text(label)
        return text.strip() if text else None

    def number(self, label: str, kind: type) -> int | Decimal | None:
        text = self.name(label)
        if text is None:
            return None
        try:
            value = Decimal(text.replace(",", "")) if len(text) <= MAX_NUMBER_CHARS else None
        except InvalidOperation:
            value = None
        # Checked by magnitude before any integer conversion: "1e999999999" is a valid Decimal
        # whose conversion to int would run for minutes.
        if (value is None or not value.is_finite() or value.adjusted() > MAX_MAGNITUDE
                or (kind is int and value != value.to_integral_value())):
            row = self.rows[label]
            message = BAD_NUMBER.format(sheet=NOTES_SHEET, cell=row.cell("value"), label=label, value=text)
            raise fail(self.source, row.number, message)
        return int(value) if kind is int else value

    def month(self, label: str) -> str | None:
        """The month as YYYY-MM, whether the cell holds that text or a date Excel made of it."""
        text = self.name(label)
        match = _MONTH.match(text or "")
        if text and not match:
            row = self.rows[label]
            message = BAD_MONTH_CELL.format(sheet=NOTES_SHEET, cell=row.cell("value"), value=text)
            raise fail(self.source, row.number, message)
        return f"{match.group(1)}-{int(match.group(2)):02d}" if match else None


def _stated(notes: _Notes) -> StatedFigures:
    counts = {part: notes.number(STATED_ROWS[f"count_{part}"], int) for part in PARTS}
    departments = {part: notes.number(STATED_ROWS[f"departments_{part}"], int)
                   for part in ("coordinating", "reclaimed")}
    categories = {part: parse_names(notes.text(STATED_ROWS[f"categories_{part}"]) or "") for part in PARTS}
    return StatedFigures(
        counts={part: count for part, count in counts.items() if count is not None},
        departments={part: count for part, count in departments.items() if count is not None},
        categories={part: names for part, names in categories.items() if names},
        total=notes.number(STATED_ROWS["total"], int),
    )


def _profile(notes: _Notes) -> Profile | None:
    values = {key: notes.text(PROFILE_ROWS[key]) for key in PROFILE_TEXTS}
    values |= {key: notes.number(PROFILE_ROWS[key], int) for key in PROFILE_INTEGERS}
    values |= {key: notes.number(PROFILE_ROWS[key], Decimal) for key in PROFILE_DECIMALS}
    if all(value is None for value in values.values()):
        return None
    return Profile(**values)


def read_preamble(workbook: Workbook, *, source: str) -> Preamble:
    """Place, month, stated figures and profile as the 说明 sheet states them."""
    notes = _Notes(_labelled(workbook, NOTES_SHEET, source=source), source=source)
    place = Place(**{key: notes.name(PLACE_ROWS[key]) for key in ("region", "prefecture", "county", "township")})
    return Preamble(place=place, published=notes.month(PLACE_ROWS["published"]),
                    profile=_profile(notes), stated=_stated(notes))

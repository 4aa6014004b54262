"""Write a :class:`~matcher.problem.Problem` as an input workbook (SPEC.md "Input sheets").

Used by ``matcher sample`` and by the round-trip tests. Streams rows through openpyxl's
write-only mode so 20,000 participants take seconds, and writes atomically: the workbook
appears whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from matcher.files import atomic_path
from matcher.i18n import column_name, messages, sheet_name, value_name
from matcher.inputbook.layout import (
    DAY_COLUMNS,
    ENUM_COLUMNS,
    SHEETS,
    CellValue,
    Row,
    sheet_rows,
    width,
)
from matcher.problem import Problem

DATE_FORMAT = "yyyy-mm-dd"

#: A fixed creation time keeps the same round byte-for-byte the same workbook content.
FIXED_TIME = dt.datetime(2000, 1, 1)


def write_problem(problem: Problem, path: Path, language: str = "en") -> None:
    """Write ``problem`` to ``path`` as an input workbook the reader reads back unchanged;
    ``language`` ``nb`` names every sheet, column and value in bokmål."""
    with atomic_path(Path(path)) as tmp:
        workbook = Workbook(write_only=True)
        workbook.properties.creator = "matcher"
        workbook.properties.created = FIXED_TIME
        for name, rows in sheet_rows(problem).items():
            sheet = workbook.create_sheet(sheet_name(name, language))
            _write_sheet(sheet, name, rows, language)
        workbook.save(tmp)


def _write_sheet(sheet: WriteOnlyWorksheet, name: str, rows: Iterable[Row],
                 language: str) -> None:
    headers = SHEETS[name]
    sheet.freeze_panes = "A2"
    written = [column_name(h, language, name) for h in headers]
    for col, header in enumerate(written, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width(header)
    sheet.append(written)
    for row in rows:
        sheet.append([_cell(sheet, localise(h, v, language))
                      for h, v in zip(headers, row, strict=False)])


def localise(header: str, value: CellValue, language: str) -> CellValue:
    """An input cell's value as a coordinator writes it in ``language``: ``ja``, ``høy``,
    ``man-fre`` (ids, names and codes are left as they are)."""
    if language == "en" or not isinstance(value, str):
        return value
    if header in ENUM_COLUMNS:
        return value_name(value, language)
    if header in DAY_COLUMNS:
        return messages(language).weekday_text(value)
    return value


def _cell(sheet: WriteOnlyWorksheet, value: CellValue) -> CellValue | WriteOnlyCell:
    """Text stays text: a value starting with ``=`` would otherwise become a formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


__all__ = ["Row", "write_problem"]

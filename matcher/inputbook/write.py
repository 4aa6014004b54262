"""Write a :class:`~matcher.problem.Problem` as an input workbook (SPEC.md "Input sheets").

Used by ``matcher sample`` and by the round-trip tests. Streams rows through openpyxl's
write-only mode so 20,000 participants take seconds, and writes atomically: the workbook
appears whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from matcher.files import atomic_path
from matcher.inputbook.layout import SHEETS, CellValue, Row, sheet_rows, width
from matcher.problem import Problem

DATE_FORMAT = "yyyy-mm-dd"

#: A fixed creation time keeps the same round byte-for-byte the same workbook content.
FIXED_TIME = dt.datetime(2000, 1, 1)


def write_problem(problem: Problem, path: Path) -> None:
    """Write ``problem`` to ``path`` as an input workbook the reader reads back unchanged."""
    with atomic_path(Path(path)) as tmp:
        workbook = Workbook(write_only=True)
        workbook.properties.creator = "matcher"
        workbook.properties.created = FIXED_TIME
        for name, rows in sheet_rows(problem).items():
            sheet = workbook.create_sheet(name)
            _write_sheet(sheet, SHEETS[name], rows)
        workbook.save(tmp)


def _write_sheet(sheet: WriteOnlyWorksheet, headers: tuple[str, ...], rows: object) -> None:
    sheet.freeze_panes = "A2"
    for col, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width(header)
    sheet.append(list(headers))
    for row in rows:  # type: ignore[attr-defined]
        sheet.append([_cell(sheet, v) for v in row])


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

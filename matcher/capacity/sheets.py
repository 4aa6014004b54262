"""Small tables for people in a normal (not write-only) openpyxl workbook: bold filled header,
frozen below it, an auto-filter, sized columns, and input text always stored as text.

Used by the capacity and compare workbooks, which are small enough to build in memory (they have
one row per trade, company or scenario, not per day), and which need charts.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matcher.report.cells import HEADER_FILL, MAX_WIDTH, MIN_WIDTH
from matcher.report.text import clean_text

Value = str | int | float | None


def write_table(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Value]],
                *, number_formats: dict[str, str] | None = None) -> None:
    """Write a header row and the rows; text is never read as a formula."""
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    formats = number_formats or {}
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=clean_text(header))
        cell.data_type = "s"
        cell.font, cell.fill = bold, fill
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = clean_text(value)
                cell.data_type = "s"  # "=…" typed by a user stays text
            else:
                cell.value = value
                if headers[c - 1] in formats:
                    cell.number_format = formats[headers[c - 1]]
    ws.freeze_panes = "A2"
    if headers:
        last = get_column_letter(len(headers))
        ws.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
    for c, header in enumerate(headers, start=1):
        longest = max([len(str(header))] + [len(str(row[c - 1])) for row in rows[:500]
                                            if row[c - 1] is not None])
        ws.column_dimensions[get_column_letter(c)].width = min(MAX_WIDTH,
                                                               max(MIN_WIDTH, longest + 2))

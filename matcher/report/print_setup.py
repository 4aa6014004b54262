"""Print setup for every output sheet: a coordinator prints these lists and timetables.

Landscape, fit to one page wide (as many pages tall as needed), the header rows repeated on
every page and the name columns repeated on every page across.
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter


def printable(ws: Any, *, header_rows: int = 1, name_columns: int = 0,
              first_header_row: int = 1) -> None:
    """Set ``ws`` (a normal or write-only worksheet, before its rows are written) up for
    printing: landscape A4, fit to width, the header rows ``first_header_row`` …
    ``header_rows`` and the first ``name_columns`` columns repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_rows:
        ws.print_title_rows = f"{first_header_row}:{header_rows}"
    if name_columns:
        ws.print_title_cols = f"A:{get_column_letter(name_columns)}"

"""Cells and tables in a write-only workbook: shared styles, safe text, readable layout.

Every sheet is a table made for people: a bold header row with a fill, frozen below the header,
an auto-filter over the table, columns sized to their content, dates as real dates, yes/no as
``yes`` / ``no``. Style objects are created once per workbook and shared by every cell, which
keeps the styles part small and writing fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from matcher.i18n import Messages, messages
from matcher.report.print_setup import printable
from matcher.report.text import clean_text, looks_like_formula

DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0%"
HEADER_FILL = "DDEBF7"
SCHOOL_FILL = "BDD7EE"
SUPERVISOR_FILL = "C6EFCE"
ALONE_FILL = "FFEB9C"
#: How many rows of a table are looked at to size its columns.
WIDTH_SAMPLE = 500
MIN_WIDTH, MAX_WIDTH = 8, 60


def yes_no(flag: bool) -> str:
    """The yes/no words SPEC.md asks for."""
    return "yes" if flag else "no"


@dataclass(frozen=True)
class Column:
    """One table column: its header, an optional number format and a fixed width if wanted."""

    header: str
    number_format: str | None = None
    width: float | None = None


class Styles:
    """The workbook's shared style objects, and the style ids the raw sheet bodies use."""

    def __init__(self, workbook: Workbook, anchor: WriteOnlyWorksheet) -> None:
        self.workbook = workbook
        self.anchor = anchor
        self.header_font = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.header_alignment = Alignment(vertical="top", wrap_text=False)
        self.rotated = Alignment(text_rotation=90, horizontal="center", vertical="bottom")
        self.school_fill = PatternFill("solid", fgColor=SCHOOL_FILL)
        self.supervisor_fill = PatternFill("solid", fgColor=SUPERVISOR_FILL)
        self.alone_fill = PatternFill("solid", fgColor=ALONE_FILL)
        self.centre = Alignment(horizontal="center")

    def style_id(self, *, number_format: str | None = None, fill: PatternFill | None = None,
                 alignment: Alignment | None = None, font: Font | None = None) -> int:
        """Register a cell style in the workbook and return its id, for raw body cells."""
        cell = WriteOnlyCell(self.anchor)
        if font is not None:
            cell.font = font
        if number_format is not None:
            cell.number_format = number_format
        if fill is not None:
            cell.fill = fill
        if alignment is not None:
            cell.alignment = alignment
        return cell.style_id


def text_cell(ws: WriteOnlyWorksheet, text: str) -> WriteOnlyCell | str:
    """A cell holding ``text`` as a string, never as a formula, whatever it starts with."""
    text = clean_text(text)
    if not (looks_like_formula(text) or text.startswith("#")):
        return text  # openpyxl stores this as a string cell as it is
    # openpyxl would store "=…" as a formula and "#N/A" and the like as an error value;
    # the string type is forced for every formula-like start, so the intent is explicit
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    return cell


def value_cell(ws: WriteOnlyWorksheet, value: object, number_format: str | None = None) -> object:
    """Turn one table value into what ``ws.append`` takes: text is made safe, dates get the
    date format, booleans become ``yes`` / ``no``, ``None`` stays blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, str):
        return text_cell(ws, value)
    if isinstance(value, dt.date | int | float):
        if number_format is None and not isinstance(value, dt.date):
            return value
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = number_format or DATE_FORMAT
        return cell
    return text_cell(ws, str(value))


def header_cells(ws: WriteOnlyWorksheet, styles: Styles, headers: Sequence[str]) -> list[object]:
    """The styled header row (bold, filled)."""
    cells: list[object] = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=clean_text(header))
        cell.data_type = "s"
        cell.font = styles.header_font
        cell.fill = styles.header_fill
        cells.append(cell)
    return cells


def column_widths(columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> list[float]:
    """Widths that fit the header and the first rows' values, within sensible bounds."""
    widths: list[float] = []
    for i, column in enumerate(columns):
        if column.width is not None:
            widths.append(column.width)
            continue
        longest = len(column.header)
        for row in rows[:WIDTH_SAMPLE]:
            value = row[i] if i < len(row) else None
            longest = max(longest, _display_len(value))
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))))
    return widths


def _display_len(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.3f}")
    return len(str(value))


def set_layout(ws: WriteOnlyWorksheet, widths: Iterable[float], *, header_row: int,
               last_row: int, last_column: int, freeze_column: int = 1) -> None:
    """Widths, frozen panes under the header and an auto-filter over the table.

    Must be called before the first row is appended (write-only sheets write their frame
    first)."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"{get_column_letter(freeze_column)}{header_row + 1}"
    last = get_column_letter(last_column)
    ws.auto_filter.ref = f"A{header_row}:{last}{max(last_row, header_row)}"


#: Output columns whose text values are enumerated words, written in the output language.
VALUE_COLUMNS = frozenset({"kept_current", "trial_outcome", "travel_minutes", "activity",
                           "with_supervisor", "at_school", "apprenticeship", "change",
                           "follow_up_need", "minority_experience", "has_rights"})


def localise(header: str, value: object, t: Messages) -> object:
    """A table value in ``t``'s language: yes/no and the enumerated words of
    :data:`VALUE_COLUMNS`; reason codes; anything else (ids, names, numbers) as it is."""
    if isinstance(value, bool):
        return t.value(yes_no(value))
    if not isinstance(value, str) or t.language == "en":
        return value
    if header in VALUE_COLUMNS or value in ("yes", "no"):
        return t.value(value, header)
    if header == "reason":
        return t.value(value, "reason")
    if header == "school_days":
        return t.weekday_text(value)
    return value


def write_table(ws: WriteOnlyWorksheet, styles: Styles, columns: Sequence[Column],
                rows: Sequence[Sequence[object]], t: Messages | None = None,
                sheet: str | None = None) -> None:
    """A whole small table: layout, header, then the rows (values made safe), in ``t``'s
    language (English by default); ``sheet`` is the English sheet name, for column names that
    differ per sheet."""
    t = t or messages("en")
    english_names = [c.header for c in columns]
    if t.language != "en":
        english = english_names
        rows = [[localise(h, v, t) for h, v in zip(english, row, strict=False)] for row in rows]
        columns = [Column(t.column(c.header, sheet), c.number_format, c.width) for c in columns]
    headers = [c.header for c in columns]
    set_layout(ws, column_widths(columns, rows), header_row=1, last_row=len(rows) + 1,
               last_column=len(columns))
    printable(ws, name_columns=2 if english_names[1:2] == ["name"] else 1)
    ws.append(header_cells(ws, styles, headers))
    formats: Mapping[int, str | None] = {i: c.number_format for i, c in enumerate(columns)}
    for row in rows:
        ws.append([value_cell(ws, v, formats.get(i)) for i, v in enumerate(row)])

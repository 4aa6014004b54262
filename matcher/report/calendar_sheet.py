"""The Calendar sheet: a colour-coded grid a coordinator can read at a glance.

One row per placed participant, one narrow column per date from the earliest to the latest
planned date among the placed participants. A cell says ``S`` (school), the supervisor's shift
code (``D``, ``E``, ``N`` …) for a company day with the supervisor, ``C`` for a company day
without, and is blank on a day off; each kind has its own fill. A legend sits above the grid,
and the ids stay visible while scrolling (frozen panes).

Big rounds: the grid is capped at :data:`MAX_PARTICIPANTS` rows and :data:`MAX_DATES` columns
(a note row says so when the cap cuts); the Timetable sheets always hold every row. The body is
written as raw XML with shared styles, like the Timetable, so even a full-size grid of about
3.7 million cells takes seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from matcher.i18n import Messages, messages
from matcher.problem import Problem
from matcher.report.cells import Styles, header_cells, set_layout
from matcher.report.print_setup import printable
from matcher.report.rawsheet import InlineStrings, RawBody, excel_serial
from matcher.result import Activity, Result

#: Most participants (rows) the Calendar shows: the Timetable has everyone.
MAX_PARTICIPANTS = 5_000
#: Most dates (columns) the Calendar shows: two years.
MAX_DATES = 731
#: Columns before the dates.
ID_HEADERS = ("participant_id", "name", "programme_id", "company_id", "supervisor_name")
DATE_HEADER_FORMAT = "ddd dd.mm"
DATE_WIDTH = 3.6
HEADER_ROW = 6
SCHOOL, WITH_SUPERVISOR, ALONE = 0, 1, 2
_FLUSH_ROWS = 200


@dataclass
class CalendarGrid:
    """The cells of the Calendar, filled while the timetable is streamed.

    ``cells[participant_id][i]`` is ``(kind, code)`` on date ``first + i`` or ``None`` (off).
    """

    participants: tuple[str, ...]
    first: dt.date
    days: int
    total_participants: int
    total_days: int
    cells: dict[str, list[tuple[int, str] | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cells = {pid: [None] * self.days for pid in self.participants}
        self._first_serial = excel_serial(self.first)

    def mark(self, activity: Activity, serial: int) -> None:
        """Record one activity (``serial`` = its date's Excel serial) if it is in the grid."""
        row = self.cells.get(activity.participant_id)
        if row is None:
            return
        offset = serial - self._first_serial
        if 0 <= offset < self.days:
            row[offset] = _code(activity)

    @property
    def capped(self) -> bool:
        return self.days < self.total_days or len(self.participants) < self.total_participants


_CODES: dict[tuple[int, str], tuple[int, str]] = {}


def _code(activity: Activity) -> tuple[int, str]:
    if activity.activity == "school":
        key = (SCHOOL, "S")
    elif activity.with_supervisor and activity.shift:
        key = (WITH_SUPERVISOR, activity.shift)
    else:
        key = (ALONE, "C")
    return _CODES.setdefault(key, key)


def plan_grid(problem: Problem, result: Result, *, max_participants: int = MAX_PARTICIPANTS,
              max_dates: int = MAX_DATES) -> CalendarGrid:
    """The rows and date range of the Calendar: placed participants in input order, and the
    dates from the earliest to the latest planned date of their programmes (capped)."""
    placed = result.solution.by_participant
    order = [p.participant_id for p in problem.participants if p.participant_id in placed]
    programmes = {placed[pid].programme_id for pid in order}
    weeks = [pw for pid in programmes for pw in problem.planned_weeks(pid)]
    if not weeks:
        return CalendarGrid((), dt.date(2000, 1, 3), 0, len(order), 0)
    first = min(pw.monday for pw in weeks)
    last = max(pw.monday for pw in weeks) + dt.timedelta(days=6)
    total_days = (last - first).days + 1
    return CalendarGrid(tuple(order[:max_participants]), first, min(total_days, max_dates),
                        len(order), total_days)


def write_calendar(ws: WriteOnlyWorksheet, styles: Styles, strings: InlineStrings,
                   grid: CalendarGrid, problem: Problem, result: Result, folder: Path,
                   pseudonymise: bool, t: Messages | None = None) -> RawBody:
    """Write the legend and header through openpyxl and the grid as a raw body, in ``t``'s
    language (English by default)."""
    t = t or messages("en")
    dates = [grid.first + dt.timedelta(days=i) for i in range(grid.days)]
    last_column = len(ID_HEADERS) + len(dates)
    widths = ([16.0, 4.0 if pseudonymise else 24.0, 14.0, 14.0, 4.0 if pseudonymise else 20.0]
              + [DATE_WIDTH] * len(dates))
    set_layout(ws, widths, header_row=HEADER_ROW, last_row=HEADER_ROW + len(grid.participants),
               last_column=last_column, freeze_column=len(ID_HEADERS) + 1)
    ws.row_dimensions[HEADER_ROW].height = 62
    printable(ws, header_rows=HEADER_ROW, first_header_row=HEADER_ROW, name_columns=2)
    _write_legend(ws, styles, grid, t)
    ws.append(header_cells(ws, styles, [t.column(h) for h in ID_HEADERS])
              + [_date_header(ws, styles, d) for d in dates])
    body = RawBody(folder / "calendar.xml", first_row=HEADER_ROW + 1)
    _write_grid(body, styles, strings, grid, problem, result, pseudonymise)
    body.close()
    return body


def _write_legend(ws: WriteOnlyWorksheet, styles: Styles, grid: CalendarGrid,
                  t: Messages) -> None:
    samples = (
        ("S", styles.school_fill, t("school day")),
        ("D E N …", styles.supervisor_fill,
         t("company day with the supervisor: the supervisor's shift code")),
        ("C", styles.alone_fill, t("company day without the supervisor")),
        ("", None, t("blank: off (no school, no company)")),
    )
    for code, fill, meaning in samples:
        cell = WriteOnlyCell(ws, value=code or None)
        if fill is not None:
            cell.fill = fill
        cell.alignment = styles.centre
        ws.append([cell, meaning])
    ws.append([t("note"), calendar_note(grid, t)])


def calendar_note(grid: CalendarGrid, t: Messages | None = None) -> str:
    """The note row: how many participants and dates, and whether the cap cut the grid."""
    t = t or messages("en")
    if grid.total_days == 0:
        return t("No placed participants: nothing to show.")
    text = t("{placed} placed participants, {dates} dates from {first}.",
             placed=grid.total_participants, dates=grid.total_days,
             first=grid.first.isoformat())
    if grid.capped:
        text += " " + t("Shown: the first {participants} participants and the first {dates} "
                        "dates (the Calendar is capped to stay usable); the Timetable sheets "
                        "list every day.", participants=len(grid.participants), dates=grid.days)
    return text


def _date_header(ws: WriteOnlyWorksheet, styles: Styles, day: dt.date) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=day)
    cell.number_format = DATE_HEADER_FORMAT
    cell.alignment = styles.rotated
    cell.font = styles.header_font
    cell.fill = styles.header_fill
    return cell


def _write_grid(body: RawBody, styles: Styles, strings: InlineStrings, grid: CalendarGrid,
                problem: Problem, result: Result, pseudonymise: bool) -> None:
    fills = (styles.school_fill, styles.supervisor_fill, styles.alone_fill)
    style_ids = [styles.style_id(fill=f, alignment=styles.centre) for f in fills]
    letters = [get_column_letter(len(ID_HEADERS) + 1 + i) for i in range(grid.days)]
    placed = result.solution.by_participant
    people = problem.participants_by_id
    supervisors = problem.supervisors_by_id
    buf: list[str] = []
    n = body.first_row
    for pid in grid.participants:
        placement = placed[pid]
        name = "" if pseudonymise else people[pid].name
        supervisor = "" if pseudonymise else supervisors[placement.supervisor_id].name
        parts = [f'<row r="{n}">']
        for letter, text in zip("ABCDE", (pid, name, placement.programme_id,
                                          placement.company_id, supervisor), strict=True):
            if text:
                parts.append(f'<c r="{letter}{n}" t="inlineStr">{strings(text)}</c>')
        for letter, cell in zip(letters, grid.cells[pid], strict=True):
            if cell is not None:
                parts.append(f'<c r="{letter}{n}" s="{style_ids[cell[0]]}" t="inlineStr">'
                             f'{strings(cell[1])}</c>')
        parts.append("</row>")
        buf.append("".join(parts))
        n += 1
        if len(buf) >= _FLUSH_ROWS:
            body.write("".join(buf), len(buf))
            buf.clear()
    body.write("".join(buf), len(buf))



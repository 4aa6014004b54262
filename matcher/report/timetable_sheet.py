"""The Timetable sheets: one row per participant and date with an activity, streamed.

A big round has millions of rows, so the rows are formatted straight to XML
(:mod:`matcher.report.rawsheet`) in one pass over the activities. The same pass counts each
participant's company days (for Placements' ``days_with_supervisor_share``) and fills the
Calendar grid, so the activities are expanded only once. When a sheet would pass Excel's row
limit the rows continue on ``Timetable (2)``, ``Timetable (3)``, …, each with the header row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from matcher.i18n import Messages, messages
from matcher.problem import WEEKDAYS
from matcher.report.calendar_sheet import CalendarGrid, calendar_code
from matcher.report.cells import DATE_FORMAT, Column
from matcher.report.rawsheet import RawBody, SharedStrings, excel_serial
from matcher.result import Activity

#: Excel's row limit; the Timetable continues on a new sheet before passing it.
EXCEL_MAX_ROWS = 1_048_576
TIMETABLE_TITLE = "Timetable"
COLUMNS: tuple[Column, ...] = (
    Column("participant_id", width=16),
    Column("date", DATE_FORMAT, width=12),
    Column("week", width=8),
    Column("weekday", width=10),
    Column("activity", width=10),
    Column("shift", width=8),
    Column("with_supervisor", width=16),
    Column("company_id", width=14),
    Column("supervisor_id", width=15),
    Column("phase", width=16),
    Column("shift_time", width=12),
)
_FLUSH_ROWS = 20_000


def sheet_title(index: int) -> str:
    """``Timetable``, then ``Timetable (2)``, ``Timetable (3)``, …"""
    return TIMETABLE_TITLE if index == 0 else f"{TIMETABLE_TITLE} ({index + 1})"


@dataclass
class TimetableOutcome:
    """What the pass produced: one body per Timetable sheet and per-participant day counts."""

    bodies: list[RawBody] = field(default_factory=list)
    company_days: dict[str, int] = field(default_factory=dict)
    supervisor_days: dict[str, int] = field(default_factory=dict)


#: Stands for the row number in the cell templates (never in cell text: it is cleaned).
_ROW = "\x00"


def _fragments(template: str) -> list[str]:
    """A template that starts at a row number, cut at each row number: joining ``[prefix,
    *fragments]`` with the row number fills every place (the leading empty piece dropped)."""
    pieces = template.split(_ROW)
    assert pieces[0] == "", "a template starts where the row number goes"
    return pieces[1:]


class _Cells:
    """A row's XML as templates cut at the row number, cached: a big round has millions of
    rows but few distinct dates and few distinct (activity, shift, company, supervisor, phase)
    tails, so each template is formatted once and a row is one ``str.join`` of its
    participant's, its date's and its tail's fragments with the row number.

    Each piece ends with the opening of the next piece's first cell (``<c r="B``, ``<c r="E``),
    so the row number is the first thing every piece after the first needs."""

    def __init__(self, strings: SharedStrings, t: Messages, date_style: int,
                 times: Mapping[str, str]) -> None:
        self._strings = strings
        self._weekdays = [strings(t.weekday(day)) for day in range(len(WEEKDAYS))]
        self._yes, self._no = strings(t.value("yes")), strings(t.value("no"))
        self._kinds = {kind: strings(t.value(kind)) for kind in ("school", "company", "trial")}
        self._date_style = date_style
        self._times = times
        #: (date, week) → the date's Excel serial and its fragments (cells B to D)
        self.dates: dict[tuple[dt.date, int], tuple[int, list[str]]] = {}
        #: activity[3:] → its fragments (cells E to K) and its Calendar cell
        self.tails: dict[tuple[object, ...], tuple[list[str], tuple[int, str]]] = {}

    def start(self, participant_id: str) -> list[str]:
        """The first pieces of a participant's row: the row element and cell A, up to the
        date cell's reference."""
        return ['<row r="', '"><c r="A',
                f'"{self._strings(participant_id)}</c><c r="B']

    def date(self, day: dt.date, week: int) -> tuple[int, list[str]]:
        """The date's Excel serial and the fragments of the date, week and weekday cells."""
        found = self.dates.get((day, week))
        if found is None:
            serial = excel_serial(day)
            found = self.dates[(day, week)] = (serial, _fragments(
                f'{_ROW}" s="{self._date_style}"><v>{serial}</v></c>'
                f'<c r="C{_ROW}"><v>{week}</v></c>'
                f'<c r="D{_ROW}"{self._weekdays[day.weekday()]}</c><c r="E'))
        return found

    def tail(self, a: Activity) -> tuple[list[str], tuple[int, str]]:
        """The fragments of the cells from the activity on (E to K), and the activity's
        Calendar cell (:func:`calendar_code`)."""
        key = a[3:]
        found = self.tails.get(key)
        if found is None:
            found = self.tails[key] = (_fragments(self._format_tail(a)), calendar_code(a))
        return found

    def _format_tail(self, a: Activity) -> str:
        strings = self._strings
        kind = self._kinds.get(a.activity) or strings(a.activity)
        row = f'{_ROW}"{kind}</c>'
        if a.shift:
            row += f'<c r="F{_ROW}"{strings(a.shift)}</c>'
        row += f'<c r="G{_ROW}"{self._yes if a.with_supervisor else self._no}</c>'
        if a.company_id:
            row += f'<c r="H{_ROW}"{strings(a.company_id)}</c>'
        if a.supervisor_id:
            row += f'<c r="I{_ROW}"{strings(a.supervisor_id)}</c>'
        if a.phase:
            row += f'<c r="J{_ROW}"{strings(a.phase)}</c>'
        if a.shift and a.shift in self._times:
            row += f'<c r="K{_ROW}"{self._times[a.shift]}</c>'
        else:  # an empty last cell: readers that do not pad rows still see every column
            row += f'<c r="K{_ROW}"/>'
        return row + "</row>"


def stream_timetable(activities: Iterable[Activity], *, strings: SharedStrings, date_style: int,
                     folder: Path, row_limit: int = EXCEL_MAX_ROWS,
                     grid: CalendarGrid | None = None, t: Messages | None = None,
                     shift_times: Mapping[str, str] | None = None) -> TimetableOutcome:
    """Write every activity as a Timetable row; count days; fill the calendar grid. Weekdays,
    activities and yes/no are in ``t``'s language (English by default).

    ``row_limit`` counts the header row, as Excel's limit does. ``shift_times`` gives a
    shift code's hours (``07:00–15:00``) from the Shifts sheet.

    The loop runs once per row of a whole-course timetable, so it looks the cached pieces up
    itself and redoes the per-participant lookups only when the participant changes.
    """
    times = {code: strings(text) for code, text in (shift_times or {}).items()}
    if row_limit < 2:
        raise ValueError("row_limit must leave room for the header and one row")
    out = TimetableOutcome()
    cells = _Cells(strings, t or messages("en"), date_style, times)
    dates, tails = cells.dates, cells.tails
    company, supervisor = out.company_days, out.supervisor_days
    body = _new_body(out, folder)
    buf: list[str] = []
    n = body.first_row
    last_pid: str | None = None
    start: list[str] = []
    grid_row: list[tuple[int, str] | None] | None = None
    grid_first = grid.first_serial if grid is not None else 0
    grid_days = grid.days if grid is not None else 0
    for a in activities:
        if n > row_limit:
            body.write("".join(buf), len(buf))
            buf.clear()
            body.close()
            body = _new_body(out, folder)
            n = body.first_row
        pid = a[0]
        if pid != last_pid:
            last_pid, start = pid, cells.start(pid)
            grid_row = grid.cells.get(pid) if grid is not None else None
        dated = dates.get(a[1:3]) or cells.date(a.date, a.week)
        tail, code = tails.get(a[3:]) or cells.tail(a)
        buf.append(str(n).join(start + dated[1] + tail))
        n += 1
        if a.activity == "company":
            company[pid] = company.get(pid, 0) + 1
            if a.with_supervisor:
                supervisor[pid] = supervisor.get(pid, 0) + 1
        if grid_row is not None:
            offset = dated[0] - grid_first
            if 0 <= offset < grid_days:
                grid_row[offset] = code
        if len(buf) >= _FLUSH_ROWS:
            body.write("".join(buf), len(buf))
            buf.clear()
    body.write("".join(buf), len(buf))
    body.close()
    return out


def _new_body(out: TimetableOutcome, folder: Path) -> RawBody:
    body = RawBody(folder / f"timetable-{len(out.bodies) + 1}.xml", first_row=2)
    out.bodies.append(body)
    return body

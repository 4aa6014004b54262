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
from matcher.report.rawsheet import InlineStrings, RawBody, excel_serial
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


#: Stands for the row number in the cached cell templates (never in cell text: it is cleaned).
_ROW = "\x00"


class _Cells:
    """The XML of a row's cells after the participant id, as templates with :data:`_ROW` for
    the row number, cached: a big round has millions of rows but few distinct dates and few
    distinct (activity, shift, company, supervisor, phase) tails, so each template is formatted
    once and a row only puts its number in."""

    def __init__(self, strings: InlineStrings, t: Messages, date_style: int,
                 times: Mapping[str, str]) -> None:
        self._strings = strings
        self._weekdays = [strings(t.weekday(day)) for day in range(len(WEEKDAYS))]
        self._yes, self._no = strings(t.value("yes")), strings(t.value("no"))
        self._kinds = {kind: strings(t.value(kind)) for kind in ("school", "company", "trial")}
        self._date_style = date_style
        self._times = times
        self._dates: dict[tuple[dt.date, int], tuple[int, str]] = {}
        self._tails: dict[tuple[str, str | None, bool, str | None, str | None, str],
                          tuple[str, tuple[int, str]]] = {}

    def date(self, day: dt.date, week: int) -> tuple[int, str]:
        """The date's Excel serial and the template of the date, week and weekday cells."""
        found = self._dates.get((day, week))
        if found is None:
            serial = excel_serial(day)
            found = self._dates[(day, week)] = (serial, (
                f'<c r="B{_ROW}" s="{self._date_style}"><v>{serial}</v></c>'
                f'<c r="C{_ROW}"><v>{week}</v></c>'
                f'<c r="D{_ROW}" t="inlineStr">{self._weekdays[day.weekday()]}</c>'))
        return found

    def tail(self, a: Activity) -> tuple[str, tuple[int, str]]:
        """The template of the cells from the activity on (E to K), and the activity's
        Calendar cell (:func:`calendar_code`)."""
        key = (a.activity, a.shift, a.with_supervisor, a.company_id, a.supervisor_id, a.phase)
        found = self._tails.get(key)
        if found is None:
            found = self._tails[key] = (self._format_tail(a), calendar_code(a))
        return found

    def _format_tail(self, a: Activity) -> str:
        strings = self._strings
        kind = self._kinds.get(a.activity) or strings(a.activity)
        row = f'<c r="E{_ROW}" t="inlineStr">{kind}</c>'
        if a.shift:
            row += f'<c r="F{_ROW}" t="inlineStr">{strings(a.shift)}</c>'
        row += f'<c r="G{_ROW}" t="inlineStr">{self._yes if a.with_supervisor else self._no}</c>'
        if a.company_id:
            row += f'<c r="H{_ROW}" t="inlineStr">{strings(a.company_id)}</c>'
        if a.supervisor_id:
            row += f'<c r="I{_ROW}" t="inlineStr">{strings(a.supervisor_id)}</c>'
        if a.phase:
            row += f'<c r="J{_ROW}" t="inlineStr">{strings(a.phase)}</c>'
        if a.shift and a.shift in self._times:
            row += f'<c r="K{_ROW}" t="inlineStr">{self._times[a.shift]}</c>'
        else:  # an empty last cell: readers that do not pad rows still see every column
            row += f'<c r="K{_ROW}"/>'
        return row + "</row>"


def stream_timetable(activities: Iterable[Activity], *, strings: InlineStrings, date_style: int,
                     folder: Path, row_limit: int = EXCEL_MAX_ROWS,
                     grid: CalendarGrid | None = None, t: Messages | None = None,
                     shift_times: Mapping[str, str] | None = None) -> TimetableOutcome:
    """Write every activity as a Timetable row; count days; fill the calendar grid. Weekdays,
    activities and yes/no are in ``t``'s language (English by default).

    ``row_limit`` counts the header row, as Excel's limit does. ``shift_times`` gives a
    shift code's hours (``07:00–15:00``) from the Shifts sheet.
    """
    times = {code: strings(text) for code, text in (shift_times or {}).items()}
    if row_limit < 2:
        raise ValueError("row_limit must leave room for the header and one row")
    out = TimetableOutcome()
    cells = _Cells(strings, t or messages("en"), date_style, times)
    company, supervisor = out.company_days, out.supervisor_days
    body = _new_body(out, folder)
    buf: list[str] = []
    n = body.first_row
    for a in activities:
        if n > row_limit:
            body.write("".join(buf), len(buf))
            buf.clear()
            body.close()
            body = _new_body(out, folder)
            n = body.first_row
        serial, dated = cells.date(a.date, a.week)
        tail, code = cells.tail(a)
        pid = a.participant_id
        buf.append(f'<row r="{n}"><c r="A{n}" t="inlineStr">{strings(pid)}</c>'
                   + (dated + tail).replace(_ROW, str(n)))
        n += 1
        if a.activity == "company":
            company[pid] = company.get(pid, 0) + 1
            if a.with_supervisor:
                supervisor[pid] = supervisor.get(pid, 0) + 1
        if grid is not None:
            grid.put(pid, serial, code)
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
